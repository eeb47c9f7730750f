"""Compiled inner loops of the streaming :class:`audiolevels.loudness.LoudnessMeter` (numba).

Two loops, each one pass over the samples, tested against the library functions they replace
(tests/test_meter.py): :func:`k_block` runs the K-weighting biquads in the arithmetic order of
``scipy.signal.sosfilt`` (same recursion, same rounding) and sums the squares per 100 ms hop;
:func:`tp_max` evaluates the polyphase branches of ``scipy.signal.resample_poly``'s
interpolation filter, skipping stretches that provably cannot hold the maximum.

numba is installed with librosa; it compiles these on first use and caches the result.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def k_block(
    x, scale, sos, zi, weights, hop, acc, pos, hops, n_hops, tp, tp_fill, clip_level, sums, out32
):
    """One block (samples, channels) of any real dtype, times ``scale``, through the meter.

    Updates in place: ``zi`` (channels, 2, 2) the states of the two biquads, ``acc``
    (channels,) the partial hop's sums of squares, ``hops`` the weighted hop energies from
    ``n_hops`` on, ``sums`` (channels, 4) the running Σx, its compensation, Σx², its
    compensation (Neumaier's summation: correct to about one rounding whatever the length),
    (if ``tp`` has columns) ``tp[c, tp_fill + i]`` = sample i of channel c as float64 and (if
    ``out32`` has rows) ``out32[i, c]`` = the sample as float32. Returns (position in the
    partial hop, n_hops, largest |sample|, count of |sample| ≥ clip_level).
    """
    n, ch = x.shape
    b00, b01, b02, a01, a02 = sos[0, 0], sos[0, 1], sos[0, 2], sos[0, 4], sos[0, 5]
    b10, b11, b12, a11, a12 = sos[1, 0], sos[1, 1], sos[1, 2], sos[1, 4], sos[1, 5]
    write_tp = tp.shape[1] > 0
    write_32 = out32.shape[0] > 0
    first = hop - pos  # samples that complete the partial hop
    n_new = 0 if n < first else 1 + (n - first) // hop
    per_ch = np.zeros((n_new, ch))
    peak = 0.0
    clipped = 0
    for c in range(ch):
        z00, z01, z10, z11 = zi[c, 0, 0], zi[c, 0, 1], zi[c, 1, 0], zi[c, 1, 1]
        e = acc[c]
        s1, c1, s2, c2 = sums[c, 0], sums[c, 1], sums[c, 2], sums[c, 3]
        k = 0
        left = first
        for i in range(n):
            v = x[i, c] * scale
            a = abs(v)
            peak = max(peak, a)
            if a >= clip_level:
                clipped += 1
            if write_tp:
                tp[c, tp_fill + i] = v
            if write_32:
                out32[i, c] = v
            t = s1 + v  # Neumaier: the rounding error of each addition is kept in c1
            if abs(s1) >= a:
                c1 += (s1 - t) + v
            else:
                c1 += (v - t) + s1
            s1 = t
            q = v * v  # Σx² likewise (the square itself is rounded once)
            t = s2 + q
            if s2 >= q:
                c2 += (s2 - t) + q
            else:
                c2 += (q - t) + s2
            s2 = t
            # scipy.signal.sosfilt's direct form II transposed, in its order of operations
            y = b00 * v + z00
            z00 = b01 * v - a01 * y + z01
            z01 = b02 * v - a02 * y
            w = b10 * y + z10
            z10 = b11 * y - a11 * w + z11
            z11 = b12 * y - a12 * w
            e += w * w
            left -= 1
            if left == 0:
                per_ch[k, c] = e
                k += 1
                e = 0.0
                left = hop
        zi[c, 0, 0], zi[c, 0, 1], zi[c, 1, 0], zi[c, 1, 1] = z00, z01, z10, z11
        acc[c] = e
        sums[c, 0], sums[c, 1], sums[c, 2], sums[c, 3] = s1, c1, s2, c2
    for k in range(n_new):
        e = 0.0
        for c in range(ch):
            e += weights[c] * per_ch[k, c]
        hops[n_hops + k] = e
    pos = (pos + n) % hop
    return pos, n_hops + n_new, peak, clipped


@numba.njit(cache=True, nogil=True)
def tp_max(ext, lo, hi, phases, back, bar, gain, sub):
    """max(bar, largest |interpolated value|) over the outputs of input positions [lo, hi).

    ``ext`` (channels, samples) float64; output (j, r) = Σ_t phases[r, t]·ext[c, j − back + t].
    Stretches of ``sub`` positions whose bound gain·max|ext| over their support (×(1 + 1e-9),
    above any rounding) is ≤ the best value so far are skipped: no output there can exceed
    it, so the result is the one of the full computation.
    """
    ch = ext.shape[0]
    f, taps = phases.shape
    n_sub = (hi - lo + sub - 1) // sub
    bounds = np.empty(n_sub)
    for s in range(n_sub):
        a = lo + s * sub
        b = min(hi, a + sub)
        mx = 0.0
        for c in range(ch):
            for j in range(a - back, b - back + taps - 1):
                v = abs(ext[c, j])
                if v > mx:
                    mx = v
        bounds[s] = mx * gain * (1.0 + 1e-9)
    order = np.argsort(-bounds, kind="mergesort")
    best = bar
    acc = np.empty(sub)
    for k in range(n_sub):
        s = order[k]
        if bounds[s] <= best:
            break
        a = lo + s * sub
        m = min(hi, a + sub) - a
        for c in range(ch):
            row = ext[c]
            for r in range(f):
                acc[:m] = 0.0
                for t in range(taps):
                    h = phases[r, t]
                    seg = row[a - back + t : a - back + t + m]  # a slice: the loop vectorizes
                    for i in range(m):
                        acc[i] += h * seg[i]
                for i in range(m):
                    best = max(best, abs(acc[i]))
    return best
