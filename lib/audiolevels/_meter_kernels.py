"""Compiled inner loops of the streaming :class:`audiolevels.loudness.LoudnessMeter` (numba).

Loops over the samples, tested against the library functions they replace (tests/test_meter.py):
:func:`k_block` runs the K-weighting biquads in the arithmetic order of ``scipy.signal.sosfilt``
(same recursion, same rounding) and sums the squares per 100 ms hop; :func:`float_pass` and
:func:`int_pass` take the peak, the clipped count and the sums for RMS and DC; :func:`tp_max`
evaluates the polyphase branches of ``scipy.signal.resample_poly``'s
interpolation filter, skipping stretches that provably cannot hold the maximum.

numba is installed with librosa; it compiles these on first use and caches the result.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, nogil=True)
def k_block(x, scale, sos, zi, weights, hop, acc, pos, hops, n_hops):
    """K-filter one block (samples, channels) of any real dtype, times ``scale``.

    Updates in place ``zi`` (channels, 2, 2), the states of the two biquads, ``acc``
    (channels,), the partial hop's sums of squares, and ``hops``, the weighted hop energies
    from ``n_hops`` on. Returns (position in the partial hop, n_hops).
    """
    n, ch = x.shape
    b00, b01, b02, a01, a02 = sos[0, 0], sos[0, 1], sos[0, 2], sos[0, 4], sos[0, 5]
    b10, b11, b12, a11, a12 = sos[1, 0], sos[1, 1], sos[1, 2], sos[1, 4], sos[1, 5]
    first = hop - pos  # samples that complete the partial hop
    n_new = 0 if n < first else 1 + (n - first) // hop
    per_ch = np.zeros((n_new, ch))
    for c in range(ch):
        z00, z01, z10, z11 = zi[c, 0, 0], zi[c, 0, 1], zi[c, 1, 0], zi[c, 1, 1]
        e = acc[c]
        k = 0
        left = first
        for i in range(n):
            v = x[i, c] * scale
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
    for k in range(n_new):
        e = 0.0
        for c in range(ch):
            e += weights[c] * per_ch[k, c]
        hops[n_hops + k] = e
    return (pos + n) % hop, n_hops + n_new


@numba.njit(cache=True, nogil=True)
def float_pass(x, tp, tp_fill, clip_level, sums):
    """Peak, clipped count and Neumaier-compensated Σx, Σx² of a float64 block.

    Writes ``tp[c, tp_fill + i]`` = x[i, c] (if ``tp`` has columns); ``sums`` (channels, 4)
    holds the running Σx, its compensation, Σx², its compensation: correct to about one
    rounding whatever the length. Returns (largest |x|, count of |x| ≥ clip_level).
    """
    n, ch = x.shape
    peak = 0.0
    clipped = 0
    write_tp = tp.shape[1] > 0
    for c in range(ch):
        s1, c1, s2, c2 = sums[c, 0], sums[c, 1], sums[c, 2], sums[c, 3]
        for i in range(n):
            v = x[i, c]
            a = abs(v)
            peak = max(peak, a)
            clipped += a >= clip_level
            if write_tp:
                tp[c, tp_fill + i] = v
            t = s1 + v
            if abs(s1) >= a:
                c1 += (s1 - t) + v
            else:
                c1 += (v - t) + s1
            s1 = t
            q = v * v
            t = s2 + q
            if s2 >= q:
                c2 += (s2 - t) + q
            else:
                c2 += (q - t) + s2
            s2 = t
        sums[c, 0], sums[c, 1], sums[c, 2], sums[c, 3] = s1, c1, s2, c2
    return peak, clipped


@numba.njit(cache=True, nogil=True)
def int_pass(x, shift, scale, tp, tp_fill, clip_level, out32, isums):
    """Peak, clipped count and exact integer Σq, Σq² (q = x >> shift) of an integer block.

    Writes the samples x·scale to ``tp[c, tp_fill + i]`` (float64, if ``tp`` has columns)
    and ``out32[i, c]`` (float32, exact for 16- and 24-bit PCM). ``isums`` (channels, 2)
    int64 receives this block's Σq and Σq² (|q| < 2**23: no overflow for 2**16 frames).
    Returns (largest |x·scale|, count of |x·scale| ≥ clip_level, OR of the bits shifted out).
    """
    n, ch = x.shape
    peak = 0.0
    clipped = 0
    lost = 0
    mask = (1 << shift) - 1
    write_tp = tp.shape[1] > 0
    for c in range(ch):
        s1 = 0
        s2 = 0
        for i in range(n):
            xi = np.int64(x[i, c])
            q = xi >> shift
            lost |= xi & mask
            s1 += q
            s2 += q * q
            v = xi * scale
            a = abs(v)
            peak = max(peak, a)
            clipped += a >= clip_level
            out32[i, c] = v
            if write_tp:
                tp[c, tp_fill + i] = v
        isums[c, 0] = s1
        isums[c, 1] = s2
    return peak, clipped, lost


#: |float32 polyphase output − exact output| ≤ this × Σ|h|·|x| (22 taps: the dot product's
#: rounding, γ_22 ≤ 22.1·2⁻²⁴, plus the rounding of the taps and of the samples to float32,
#: 2·2⁻²⁴; doubled for margin).
TP32_ERROR = 50.0 * 2.0**-24


@numba.njit(cache=True, nogil=True, fastmath={"contract"})
def tp_max(ext, lo, hi, phases, back, bar, gain, sub):
    """max(bar, largest |interpolated value|) over the outputs of input positions [lo, hi).

    ``ext`` (channels, samples) float64; output (j, r) = Σ_t phases[r, t]·ext[c, j − back + t].
    Stretches of ``sub`` positions whose bound gain·max|ext| over their support (×(1 + 1e-9),
    above any rounding) is ≤ the best value so far are skipped: no output there can exceed
    it. The others are screened in float32 (8 values per AVX2 instruction); a branch whose
    float32 maximum plus the rounding bound ``TP32_ERROR``·gain·max|ext| is ≤ the best value
    cannot exceed it either; the rest are computed in float64. So the result is the one of
    the full float64 computation.
    """
    ch = ext.shape[0]
    f, taps = phases.shape
    ph32 = phases.astype(np.float32)
    n_sub = (hi - lo + sub - 1) // sub
    bounds = np.empty(n_sub)
    for s in range(n_sub):
        a = lo + s * sub
        b = min(hi, a + sub)
        mx = 0.0
        for c in range(ch):
            for j in range(a - back, b - back + taps - 1):
                mx = max(mx, abs(ext[c, j]))
        bounds[s] = mx * gain * (1.0 + 1e-9)
    order = np.argsort(-bounds, kind="mergesort")
    best = bar
    acc = np.empty(sub)
    acc32 = np.empty(sub, dtype=np.float32)
    seg32 = np.empty(sub + taps, dtype=np.float32)
    for k in range(n_sub):
        s = order[k]
        if bounds[s] <= best:
            break
        a = lo + s * sub
        m = min(hi, a + sub) - a
        for c in range(ch):
            row = ext[c, a - back : a - back + m + taps - 1]
            mloc = 0.0
            for j in range(m + taps - 1):
                seg32[j] = row[j]
                mloc = max(mloc, abs(row[j]))
            if mloc * gain * (1.0 + 1e-9) <= best:
                continue
            slack = TP32_ERROR * gain * mloc
            for r in range(f):
                acc32[:m] = 0.0
                for t in range(taps):
                    h32 = ph32[r, t]
                    for i in range(m):
                        acc32[i] += h32 * seg32[t + i]
                m32 = 0.0
                for i in range(m):
                    m32 = max(m32, abs(np.float64(acc32[i])))
                if m32 + slack <= best:
                    continue  # no output of this branch can exceed best
                acc[:m] = 0.0
                for t in range(taps):
                    h = phases[r, t]
                    seg = row[t : t + m]  # a slice: the loop vectorizes
                    for i in range(m):
                        acc[i] += h * seg[i]
                for i in range(m):
                    best = max(best, abs(acc[i]))
    return best
