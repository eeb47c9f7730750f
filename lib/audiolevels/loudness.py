"""Loudness meter after ITU-R BS.1770-5 and EBU Tech 3341 / 3342 (EBU R 128).

Array convention (the whole package): audio is ``(samples,)`` or ``(samples, channels)`` —
soundfile's and pyloudnorm's layout — float. Channels are L, R, C, Ls, Rs by default (weights
1, 1, 1, 1.41, 1.41); any other layout passes ``channel_weights`` (LFE → 0.0).

The meter, step by step (BS.1770-5, Annex 1):

1. K-weighting: a high-shelf (+4 dB above ~1.7 kHz, the head) and a high-pass (~38 Hz, RLB)
   biquad, derived from their analog prototype for any sample rate
   (:func:`k_weighting_coefficients`).
2. Mean square z_i of each channel over 400 ms blocks that overlap by 75 %; block loudness
   l_j = −0.691 + 10·log10(Σ_i G_i z_ij).
3. Gating (:func:`gated_blocks`): drop blocks at or below −70 LUFS (absolute gate), then
   blocks at or below (loudness of the remaining blocks) − 10 LU (relative gate); the
   integrated loudness is the loudness of the mean energy of the blocks kept.

Timing, exactly: the hop is ``round(sr / 10)`` samples and a block is 4 hops (as in
libebur128): 4410 / 17640 samples at 44.1 kHz, 4800 / 19200 at 48 kHz — exactly 100 / 400 ms
at every rate that is a multiple of 10 Hz. Block j starts at sample j·hop; only complete blocks
count, so a signal shorter than one block reads −inf, as does silence.

Implementation: the K-filter runs as second-order sections (``scipy.signal.sosfilt``) in
float64, channel by channel (channels in parallel threads) and in chunks that carry the
filter state, so memory stays small; sums of squares are formed per hop, and a block's
energy is the sum of its 4 hop sums (no cumulative sum, so no cancellation on long inputs).

Taught in notebooks/03_normalization.ipynb.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.signal import resample_poly, sosfilt

from audiolevels import _checks

__all__ = [
    "ABSOLUTE_GATE_LUFS",
    "DEFAULT_CHANNEL_WEIGHTS",
    "GatingResult",
    "LoudnessMeter",
    "gated_blocks",
    "integrated_loudness",
    "k_weighting_coefficients",
    "k_weighting_sos",
    "loudness_range",
    "momentary_loudness",
    "short_term_loudness",
    "true_peak_dbtp",
]

#: G_i for L, R, C, Ls, Rs (BS.1770-5, Table 3); LFE is excluded (weight 0).
DEFAULT_CHANNEL_WEIGHTS: tuple[float, ...] = (1.0, 1.0, 1.0, 1.41, 1.41)
#: The absolute gate of BS.1770 (blocks must be louder than this), LUFS.
ABSOLUTE_GATE_LUFS = -70.0
#: The relative gate of BS.1770 sits this far below the absolutely-gated loudness, LU.
RELATIVE_GATE_LU = -10.0
#: Loudness of a mean square of 1: L = −0.691 + 10·log10(Σ G_i z_i).
_OFFSET_DB = -0.691

# The analog prototype of the K-weighting (BS.1770-5, Annex 1, Tables 1 and 2 are its
# bilinear transform at 48 kHz). These parameters are libebur128's (also in pyloudnorm's
# "DeMan" filter class): fitted so that the bilinear transform at 48 kHz reproduces the
# standard's table to 1e-15. The shelf's mid-band gain is Vh**_SHELF_VB_EXPONENT.
_SHELF_F0_HZ = 1681.974450955533
_SHELF_GAIN_DB = 3.999843853973347
_SHELF_Q = 0.7071752369554196
_SHELF_VB_EXPONENT = 0.4996667741545416
_HIGHPASS_F0_HZ = 38.13547087602444
_HIGHPASS_Q = 0.5003270373238773

# Work sizes: the K-filter runs over chunks of about this many samples per channel, and
# channels go to threads when the input is at least this long.
_CHUNK_SAMPLES = 1 << 17
_THREAD_MIN_SAMPLES = 1 << 17


# --------------------------------------------------------------------------------------------
# Input checks
# --------------------------------------------------------------------------------------------


def _check_sr(sr: object) -> float:
    v = _checks.sample_rate(sr, "sr")
    if round(v / 10) < 1:
        raise ValueError(f"sr must be at least 5 Hz (a 100 ms hop of ≥ 1 sample), got {sr!r}")
    return v


def _audio_2d(x: object, sr: object) -> tuple[np.ndarray, float]:
    """Validated float64 copy of x as (samples, channels), and sr as float."""
    sr_f = _check_sr(sr)
    arr = _checks.audio(x, "x")
    if arr.ndim == 1:
        arr = arr[:, None]
    return arr, sr_f


def _weights(n_channels: int, channel_weights: Sequence[float] | None) -> np.ndarray:
    if channel_weights is None:
        if n_channels > len(DEFAULT_CHANNEL_WEIGHTS):
            raise ValueError(
                f"x has {n_channels} channels; the default layout covers 1–5 channels "
                "(L, R, C, Ls, Rs). Pass channel_weights (one G_i per channel, e.g. 0.0 "
                "for LFE) for other layouts."
            )
        return np.asarray(DEFAULT_CHANNEL_WEIGHTS[:n_channels], dtype=np.float64)
    try:
        w = _checks.real_array(channel_weights, "channel_weights", allow_inf=True)
    except ValueError as err:
        if "NaN" in str(err):
            raise
        raise TypeError(  # ragged sequences
            f"channel_weights must be a sequence of numbers, got {channel_weights!r}"
        ) from err
    if w.ndim != 1 or w.shape[0] != n_channels:
        raise ValueError(
            f"channel_weights must have one weight per channel ({n_channels}), "
            f"got {w.shape[0] if w.ndim == 1 else w.shape}"
        )
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError(f"channel_weights must be finite and ≥ 0, got {w.tolist()}")
    return w


def _hop_samples(sr: float) -> int:
    """The 100 ms hop of the meter in samples: round(sr / 10), as libebur128."""
    return int(round(sr / 10.0))


# --------------------------------------------------------------------------------------------
# K-weighting
# --------------------------------------------------------------------------------------------


def k_weighting_coefficients(
    sr: float,
) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The two K-weighting biquads of ITU-R BS.1770-5 at any sample rate.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    sr : float
        Sample rate in Hz, > 0.

    Returns
    -------
    ((b_shelf, a_shelf), (b_hp, a_hp))
        Each an array of 3 coefficients with a[0] = 1. The high-pass numerator is
        [1, −2, 1] as in the standard (its pass-band gain is 1 + K/Q + K², ≈ 1.005 at
        48 kHz; the −0.691 dB offset of the loudness formula is calibrated with exactly these
        filters).

    Notes
    -----
    Like libebur128 and pyloudnorm's "DeMan" class, the high-pass numerator stays [1, −2, 1]
    at every rate, and the bilinear transform warps the shelf at low rates, so the reading of
    a full-scale 997 Hz sine drifts by a few hundredths of a LU with the rate
    (tests/test_loudness.py states it at 8–192 kHz).

    Both are the bilinear transform (with prewarping at f0, K = tan(π f0 / sr)) of the
    standard's analog prototype: a high shelf (f0 = 1681.97 Hz, gain 4.00 dB, Q = 0.7072)
    that models the head, and a second-order high-pass (f0 = 38.135 Hz, Q = 0.5003, the
    "RLB" curve). At 48 kHz they reproduce Tables 1 and 2 of BS.1770 to 1e-15.
    """
    sr = _check_sr(sr)
    if sr <= 2 * _SHELF_F0_HZ:
        raise ValueError(
            f"sr must exceed 2 × {_SHELF_F0_HZ:.2f} Hz for the K-weighting shelf, got {sr}"
        )
    k = math.tan(math.pi * _SHELF_F0_HZ / sr)
    vh = 10.0 ** (_SHELF_GAIN_DB / 20.0)
    vb = vh**_SHELF_VB_EXPONENT
    q = _SHELF_Q
    a0 = 1.0 + k / q + k * k
    b_shelf = np.array(
        [(vh + vb * k / q + k * k) / a0, 2.0 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0]
    )
    a_shelf = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])

    k = math.tan(math.pi * _HIGHPASS_F0_HZ / sr)
    q = _HIGHPASS_Q
    a0 = 1.0 + k / q + k * k
    b_hp = np.array([1.0, -2.0, 1.0])
    a_hp = np.array([1.0, 2.0 * (k * k - 1.0) / a0, (1.0 - k / q + k * k) / a0])
    return (b_shelf, a_shelf), (b_hp, a_hp)


def k_weighting_sos(sr: float) -> np.ndarray:
    """The K-weighting filter as second-order sections for ``scipy.signal.sosfilt``.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    sr : float
        Sample rate in Hz.

    Returns
    -------
    numpy.ndarray, shape (2, 6)
        Rows [b0, b1, b2, 1, a1, a2]: the shelf, then the high-pass
        (see :func:`k_weighting_coefficients`). ITU-R BS.1770-5, Annex 1.
    """
    (bs, as_), (bh, ah) = k_weighting_coefficients(sr)
    return np.array([np.concatenate([bs, as_]), np.concatenate([bh, ah])])


def _chunk_energies(x: np.ndarray, sos: np.ndarray, chunk: int) -> np.ndarray:
    """Sum of squares of the K-weighted signal over consecutive ``chunk``-sample pieces.

    Parameters: x (samples, channels) float64; sos from :func:`k_weighting_sos`. Returns
    (n_pieces, channels); samples after the last complete piece are not needed by any
    complete window and are not filtered.
    """
    n, n_ch = x.shape
    n_pieces = n // chunk
    out = np.empty((n_pieces, n_ch))
    if n_pieces == 0:
        return out
    per_call = max(1, _CHUNK_SAMPLES // chunk) * chunk
    stop = n_pieces * chunk

    def one_channel(c: int) -> None:
        col = x[:stop, c]
        zi = np.zeros((2, 2))
        for start in range(0, stop, per_call):
            y, zi = sosfilt(sos, col[start : start + per_call], zi=zi)
            y = y.reshape(-1, chunk)
            first = start // chunk
            out[first : first + y.shape[0], c] = np.einsum("ij,ij->i", y, y)

    workers = min(n_ch, os.cpu_count() or 1)
    if workers > 1 and n >= _THREAD_MIN_SAMPLES:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(one_channel, range(n_ch)))
    else:
        for c in range(n_ch):
            one_channel(c)
    return out


def _window_mean_energy(
    x: np.ndarray, sr: float, weights: np.ndarray, window: int, hop: int
) -> np.ndarray:
    """Σ_i G_i z_i of every complete window of ``window`` samples starting at k·hop."""
    sos = k_weighting_sos(sr)  # checks sr even when x is too short for one window
    n = x.shape[0]
    if n < window:
        return np.empty(0)
    n_windows = (n - window) // hop + 1
    piece = math.gcd(window, hop)
    per_window, stride = window // piece, hop // piece
    e = _chunk_energies(x, sos, piece) @ weights  # (pieces,), weighted over channels
    if per_window * n_windows <= 64 * e.shape[0] + 1_000_000:
        # Direct sums of the pieces in each window: no cancellation.
        view = np.lib.stride_tricks.sliding_window_view(e, per_window)[::stride][:n_windows]
        sums = view.sum(axis=1)
    else:  # a hop with a tiny common divisor: prefix sums (float64) keep the cost linear
        c = np.concatenate([[0.0], np.cumsum(e)])
        starts = np.arange(n_windows) * stride
        sums = np.maximum(c[starts + per_window] - c[starts], 0.0)
    return sums / window


def _lufs(mean_energy: np.ndarray | float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return _OFFSET_DB + 10.0 * np.log10(mean_energy)


# --------------------------------------------------------------------------------------------
# Integrated loudness
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class GatingResult:
    """The steps of the BS.1770 integrated-loudness meter, for teaching and plotting.

    Taught in notebooks/03_normalization.ipynb.

    Attributes
    ----------
    block_times_s : numpy.ndarray
        Start of each complete 400 ms block, seconds (block j starts at j·hop samples).
    block_lufs : numpy.ndarray
        Loudness of each block, −0.691 + 10·log10(Σ G_i z_ij), LUFS (−inf for silence).
    absolute_gate_lufs : float
        −70.0 LUFS.
    relative_gate_lufs : float
        Loudness of the mean energy of the blocks above the absolute gate, − 10 LU;
        −inf when no block passes the absolute gate.
    kept : numpy.ndarray of bool
        Blocks above both gates.
    integrated_lufs : float
        Loudness of the mean energy of the kept blocks; −inf when none is kept.
    """

    block_times_s: np.ndarray
    block_lufs: np.ndarray
    absolute_gate_lufs: float
    relative_gate_lufs: float
    kept: np.ndarray
    integrated_lufs: float


def _gate(block_energy: np.ndarray, block_times_s: np.ndarray) -> GatingResult:
    block_lufs = _lufs(block_energy)
    above_abs = block_lufs > ABSOLUTE_GATE_LUFS
    if np.any(above_abs):
        relative = float(_lufs(block_energy[above_abs].mean())) + RELATIVE_GATE_LU
    else:
        relative = -np.inf
    kept = above_abs & (block_lufs > relative)
    integrated = float(_lufs(block_energy[kept].mean())) if np.any(kept) else -np.inf
    for arr in (block_times_s, block_lufs, kept):
        arr.flags.writeable = False
    return GatingResult(
        block_times_s=block_times_s,
        block_lufs=block_lufs,
        absolute_gate_lufs=ABSOLUTE_GATE_LUFS,
        relative_gate_lufs=relative,
        kept=kept,
        integrated_lufs=integrated,
    )


def gated_blocks(
    x: np.ndarray, sr: float, *, channel_weights: Sequence[float] | None = None
) -> GatingResult:
    """The gated 400 ms blocks behind the integrated loudness (ITU-R BS.1770-5, Annex 1).

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio (int16/int32/uint8 PCM is scaled). Not modified.
    sr : float
        Sample rate in Hz, > 0.
    channel_weights : sequence of float, optional
        G_i per channel. Default for 1–5 channels (L, R, C, Ls, Rs): 1, 1, 1, 1.41, 1.41.
        Required for more than 5 channels (LFE → 0.0).

    Returns
    -------
    GatingResult
        Block start times, block loudness, both gates, the mask of kept blocks and the
        integrated loudness. Blocks: 4·round(sr/10) samples, hop round(sr/10) samples
        (400 ms, 75 % overlap); only complete blocks.

    Raises
    ------
    ValueError
        Empty input, NaN/Inf, more than 2 dimensions, sr ≤ 0 or not finite, more than 5
        channels without ``channel_weights``, or weights of the wrong length.
    """
    arr, sr_f = _audio_2d(x, sr)
    weights = _weights(arr.shape[1], channel_weights)
    hop = _hop_samples(sr_f)
    energy = _window_mean_energy(arr, sr_f, weights, 4 * hop, hop)
    times = np.arange(energy.shape[0]) * hop / sr_f
    return _gate(energy, times)


def integrated_loudness(
    x: np.ndarray, sr: float, *, channel_weights: Sequence[float] | None = None
) -> float:
    """Integrated (gated) loudness in LUFS, ITU-R BS.1770-5 / EBU R 128.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; channels L, R, C, Ls, Rs by default. Not modified.
    sr : float
        Sample rate in Hz, > 0.
    channel_weights : sequence of float, optional
        G_i per channel (see :func:`gated_blocks`).

    Returns
    -------
    float
        LUFS. A full-scale 997 Hz sine on one channel reads −3.01 LUFS (mono counts once).
        Silence, and a signal shorter than one 400 ms block, read −inf (no exception).

    Raises
    ------
    ValueError
        As :func:`gated_blocks`.
    """
    return gated_blocks(x, sr, channel_weights=channel_weights).integrated_lufs


# --------------------------------------------------------------------------------------------
# Momentary, short-term, loudness range
# --------------------------------------------------------------------------------------------


def _sliding_loudness(
    x: np.ndarray,
    sr: float,
    window_hops: int,
    hop_s: float,
    channel_weights: Sequence[float] | None,
) -> np.ndarray:
    arr, sr_f = _audio_2d(x, sr)
    weights = _weights(arr.shape[1], channel_weights)
    h = _checks.real_number(hop_s, "hop_s", positive=True)
    hop = int(round(h * sr_f))
    if hop < 1:
        raise ValueError(f"hop_s = {hop_s} s is shorter than one sample at sr = {sr_f} Hz")
    return _lufs(_window_mean_energy(arr, sr_f, weights, window_hops * _hop_samples(sr_f), hop))


def momentary_loudness(
    x: np.ndarray,
    sr: float,
    *,
    hop_s: float = 0.1,
    channel_weights: Sequence[float] | None = None,
) -> np.ndarray:
    """Momentary loudness: 400 ms sliding window, not gated (EBU Tech 3341, "M").

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; channels L, R, C, Ls, Rs by default. Not modified.
    sr : float
        Sample rate in Hz, > 0.
    hop_s : float
        Step between windows in seconds (default 0.1 s, the 10 Hz of Tech 3341). Rounded to
        whole samples: value i is the window starting at sample i·round(hop_s·sr).
    channel_weights : sequence of float, optional
        G_i per channel (see :func:`gated_blocks`).

    Returns
    -------
    numpy.ndarray of float, shape (windows,)
        LUFS of every complete window (4·round(sr/10) samples); −inf for a silent window
        (no warning); empty if x is shorter than one window.
    """
    return _sliding_loudness(x, sr, 4, hop_s, channel_weights)


def short_term_loudness(
    x: np.ndarray,
    sr: float,
    *,
    hop_s: float = 0.1,
    channel_weights: Sequence[float] | None = None,
) -> np.ndarray:
    """Short-term loudness: 3 s sliding window, not gated (EBU Tech 3341, "S").

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; channels L, R, C, Ls, Rs by default. Not modified.
    sr : float
        Sample rate in Hz, > 0.
    hop_s : float
        Step between windows in seconds (default 0.1 s). Rounded to whole samples: value i
        is the window starting at sample i·round(hop_s·sr).
    channel_weights : sequence of float, optional
        G_i per channel (see :func:`gated_blocks`).

    Returns
    -------
    numpy.ndarray of float, shape (windows,)
        LUFS of every complete window (30·round(sr/10) samples); −inf for a silent window;
        empty if x is shorter than 3 s.
    """
    return _sliding_loudness(x, sr, 30, hop_s, channel_weights)


def loudness_range(
    x: np.ndarray, sr: float, *, channel_weights: Sequence[float] | None = None
) -> float:
    """Loudness range (LRA) in LU, EBU Tech 3342.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; channels L, R, C, Ls, Rs by default. Not modified.
    sr : float
        Sample rate in Hz, > 0.
    channel_weights : sequence of float, optional
        G_i per channel (see :func:`gated_blocks`).

    Returns
    -------
    float
        LU; 0.0 when no short-term value passes the gates (silence, or x shorter than 3 s),
        as libebur128.

    Notes
    -----
    Short-term loudness (3 s windows every 100 ms, complete windows only); keep the values
    ≥ −70 LUFS (absolute gate), then those ≥ (loudness of their mean energy) − 20 LU
    (relative gate); LRA = P95 − P10 of what is left, percentiles by nearest rank on the
    sorted values, index round((n − 1)·p) (Tech 3342's reference listing, libebur128).
    """
    st = short_term_loudness(x, sr, hop_s=0.1, channel_weights=channel_weights)
    return _lra_from_short_term(st)


def _lra_from_short_term(short_term_lufs: np.ndarray) -> float:
    """Tech 3342's gating and percentiles over a series of short-term loudness values."""
    st = np.asarray(short_term_lufs, dtype=np.float64)
    st = st[st >= ABSOLUTE_GATE_LUFS]
    if st.size == 0:
        return 0.0
    relative = float(_lufs(np.mean(10.0 ** ((st - _OFFSET_DB) / 10.0)))) - 20.0
    st = np.sort(st[st >= relative])
    n = st.size
    lo = st[int(math.floor((n - 1) * 0.10 + 0.5))]
    hi = st[int(math.floor((n - 1) * 0.95 + 0.5))]
    return float(hi - lo)


# --------------------------------------------------------------------------------------------
# True peak
# --------------------------------------------------------------------------------------------

#: Internal rate of the true-peak meter is at least this (BS.1770-5, Annex 2: ×4 at 48 kHz).
TRUE_PEAK_MIN_RATE_HZ = 192_000.0
#: Lowest input rate of the true-peak meter (×48 oversampling; lower rates need huge filters).
TRUE_PEAK_MIN_SR_HZ = 4000.0
_TP_PAD = 32  # input samples of context on each side of a chunk (filter half-length is 10)


def true_peak_dbtp(x: np.ndarray, sr: float) -> float:
    """True peak in dBTP: the peak of the signal oversampled to ≥ 192 kHz (BS.1770-5, Annex 2).

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio. Not modified.
    sr : float
        Sample rate in Hz, > 0.

    Returns
    -------
    float
        dBTP, the maximum over channels: 20·log10(max |x̂|). Silence reads −inf.
        EBU Tech 3341 case 19 (sine at sr/4, amplitude 1.41, phase 45°: samples at ±0.997)
        reads ≈ +3.0 dBTP.

    Notes
    -----
    The factor is ceil(192 kHz / sr): ×4 at 48 kHz, ×5 at 44.1 kHz, ×2 at 96 kHz, ×1 from
    192 kHz. Interpolation: ``scipy.signal.resample_poly`` with its default filter, a
    Kaiser-windowed sinc (β = 5.0, 20·factor + 1 taps, cut-off at the input's Nyquist
    frequency), applied in chunks with enough context that the result equals one call on the
    whole signal. The reading is never below the sample peak (as libebur128).
    """
    arr, sr_f = _audio_2d(x, sr)
    _checks.sample_rate(sr_f, "sr", min_hz=TRUE_PEAK_MIN_SR_HZ)
    peak = float(np.max(np.abs(arr)))
    if peak == 0.0:
        return -np.inf
    factor = max(1, math.ceil(TRUE_PEAK_MIN_RATE_HZ / sr_f - 1e-9))
    if factor > 1:
        n = arr.shape[0]
        step = _CHUNK_SAMPLES
        for start in range(0, n, step):
            lo = max(0, start - _TP_PAD)
            hi = min(n, start + step + _TP_PAD)
            up = resample_poly(arr[lo:hi], factor, 1, axis=0)
            keep = up[(start - lo) * factor : (min(n, start + step) - lo) * factor]
            peak = max(peak, float(np.max(np.abs(keep))))
    return float(20.0 * np.log10(peak))


# --------------------------------------------------------------------------------------------
# Streaming meter
# --------------------------------------------------------------------------------------------

_TP_SEGMENT = 1 << 16  # input samples per true-peak step of the streaming meter
_TP_SUBCHUNK = 1024  # samples whose oversampled peak is skipped when it provably cannot win


def _tp_filter(factor: int) -> tuple[np.ndarray, int, float]:
    """resample_poly's interpolation filter for up = factor, down = 1, as it pads it.

    Returns the padded filter, the number of leading output samples resample_poly removes,
    and the largest sum of |taps| over the polyphase branches (|output| ≤ that × the largest
    |input| within ±(half-length / factor + 1) samples).
    """
    from scipy.signal import firwin

    half_len = 10 * factor
    h = firwin(2 * half_len + 1, 1.0 / factor, window=("kaiser", 5.0)) * factor
    gain = max(float(np.sum(np.abs(h[r::factor]))) for r in range(factor))
    return np.concatenate([[0.0], h]), half_len + 1, gain


class LoudnessMeter:
    """Streaming BS.1770 / EBU R 128 meter: feed blocks of any length, read every measure.

    Gives the same numbers as the whole-array functions of this module on the concatenation
    of the blocks, whatever the block sizes (the K-filter state, the partial 100 ms hop and
    the true-peak interpolator's context are carried from block to block). Memory grows with
    the number of 100 ms hops (8 bytes each: 0.6 MB for 2 hours), not with the samples.

    Parameters
    ----------
    sr : float
        Sample rate in Hz (> 2 × 1682 Hz, as for the K-weighting).
    channels : int
        Number of channels, ≥ 1; every block must have this many.
    channel_weights : sequence of float, optional
        G_i per channel (see :func:`gated_blocks`); required for more than 5 channels.

    Raises
    ------
    ValueError, TypeError
        Bad sr, channels or weights.

    Taught in notebooks/08_dataset_audit.ipynb.
    """

    def __init__(
        self, sr: float, channels: int, *, channel_weights: Sequence[float] | None = None
    ) -> None:
        self._sr = _check_sr(sr)
        self._sos = k_weighting_sos(self._sr)
        if isinstance(channels, bool) or not isinstance(channels, int | np.integer):
            raise TypeError(f"channels must be an integer ≥ 1, got {type(channels).__name__}")
        if channels < 1:
            raise ValueError(f"channels must be ≥ 1, got {channels}")
        self._channels = int(channels)
        self._weights = _weights(self._channels, channel_weights)
        self._hop = _hop_samples(self._sr)
        self._zi = np.zeros((self._sos.shape[0], 2, self._channels))
        self._rest = np.empty((0, self._channels))  # K-weighted samples of the partial hop
        self._hops = np.empty(1024)  # Σ_i G_i Σ y² per complete hop
        self._n_hops = 0
        self._frames = 0
        self._peak = 0.0
        self._tp_factor = max(1, math.ceil(TRUE_PEAK_MIN_RATE_HZ / self._sr - 1e-9))
        if self._tp_factor > 1:
            self._tp_h, self._tp_skip, self._tp_gain = _tp_filter(self._tp_factor)
        self._tp_hist = np.empty((0, self._channels))  # last _TP_PAD samples already done
        self._tp_pending: list[np.ndarray] = []
        self._tp_pending_n = 0
        self._tp_peak = 0.0

    # ---- feeding -------------------------------------------------------------------------

    def add(self, block: np.ndarray) -> None:
        """Measure the next block of samples.

        Parameters
        ----------
        block : array, shape (samples,) or (samples, channels)
            Float audio (int16/int32/uint8 PCM is scaled), any number of samples ≥ 0;
            1-D only for a one-channel meter. Not modified.

        Raises
        ------
        ValueError
            Wrong channel count (a (channels, samples) block is named: pass ``block.T``),
            more than 2 dimensions, NaN or Inf.
        TypeError
            Non-numeric data.
        """
        arr = np.asarray(block)
        if arr.ndim == 1 and self._channels == 1:
            arr = arr[:, None]
        if arr.ndim != 2 or arr.shape[1] != self._channels:
            hint = ""
            if arr.ndim == 2 and arr.shape[0] == self._channels:
                hint = " — it looks like (channels, samples): pass block.T"
            raise ValueError(
                f"block must have shape (samples, {self._channels}) for this "
                f"{self._channels}-channel meter, got shape {arr.shape}{hint}"
            )
        x = _checks.audio(arr.reshape(-1), name="block", allow_empty=True).reshape(arr.shape)
        n = x.shape[0]
        if n == 0:
            return
        self._frames += n
        self._peak = max(self._peak, float(np.max(np.abs(x))))
        self._add_energy(x)
        if self._tp_factor > 1:
            self._tp_pending.append(x)
            self._tp_pending_n += n
            if self._tp_pending_n >= _TP_SEGMENT + _TP_PAD:
                self._tp_step()

    def _add_energy(self, x: np.ndarray) -> None:
        hop = self._hop
        # All channels in one sosfilt call along axis 0: the same recursion per sample as the
        # whole-array meter's channel-by-channel calls.
        y, self._zi = sosfilt(self._sos, x, axis=0, zi=self._zi)
        if self._rest.shape[0]:
            y = np.concatenate([self._rest, y])
        n_h = y.shape[0] // hop
        if n_h:
            y3 = y[: n_h * hop].reshape(n_h, hop, self._channels)
            e = np.einsum("ijk,ijk->ik", y3, y3)
            need = self._n_hops + n_h
            if need > self._hops.shape[0]:
                grown = np.empty(max(need, 2 * self._hops.shape[0]))
                grown[: self._n_hops] = self._hops[: self._n_hops]
                self._hops = grown
            self._hops[self._n_hops : need] = e @ self._weights
            self._n_hops = need
        self._rest = y[n_h * hop :].copy()

    def _tp_region_peak(self, seg: np.ndarray, a: int, b: int, bar: float) -> float:
        """Largest |oversampled| value for input positions [a, b) of seg, or ``bar`` if none
        exceeds it. Sub-chunks whose bound (filter gain × nearby sample peak) is ≤ bar are
        skipped: they cannot hold the maximum, so the result equals the full computation."""
        f = self._tp_factor
        v = np.abs(seg[:, 0])
        for c in range(1, seg.shape[1]):  # faster than a max over a short axis 1
            np.maximum(v, np.abs(seg[:, c]), out=v)
        starts = np.arange(a, b, _TP_SUBCHUNK)
        core = np.maximum.reduceat(v[a:b], starts - a)
        ctx = 10 + 1  # inputs within ±ctx of a position feed its outputs
        left = np.concatenate([[np.max(v[max(0, a - ctx) : a], initial=0.0)], core[:-1]])
        right = np.concatenate([core[1:], [np.max(v[b : b + ctx], initial=0.0)]])
        bound = np.maximum(np.maximum(left, right), core) * self._tp_gain * (1.0 + 1e-9)
        best = bar
        for i in np.argsort(-bound, kind="stable"):
            if bound[i] <= best:
                break
            s = int(starts[i])
            e = min(b, s + _TP_SUBCHUNK)
            lo = max(0, s - _TP_PAD)
            hi = min(seg.shape[0], e + _TP_PAD)
            piece = seg[lo:hi]
            up = _upfirdn_keep(self._tp_h, piece, f, self._tp_skip)
            best = max(best, float(np.max(np.abs(up[(s - lo) * f : (e - lo) * f]))))
        return best

    def _tp_step(self) -> None:
        seg = np.concatenate([self._tp_hist, *self._tp_pending])
        a = self._tp_hist.shape[0]
        b = seg.shape[0] - _TP_PAD
        self._tp_peak = self._tp_region_peak(seg, a, b, max(self._tp_peak, self._peak))
        self._tp_hist = seg[b - _TP_PAD : b].copy()
        self._tp_pending = [seg[b:].copy()]
        self._tp_pending_n = seg.shape[0] - b

    # ---- reading ---------------------------------------------------------------------------

    @property
    def sr(self) -> float:
        """Sample rate in Hz."""
        return self._sr

    @property
    def channels(self) -> int:
        """Number of channels."""
        return self._channels

    @property
    def frames(self) -> int:
        """Samples per channel added so far."""
        return self._frames

    def _window_energy(self, hops_per_window: int) -> np.ndarray:
        e = self._hops[: self._n_hops]
        if e.shape[0] < hops_per_window:
            return np.empty(0)
        view = np.lib.stride_tricks.sliding_window_view(e, hops_per_window)
        return view.sum(axis=1) / (hops_per_window * self._hop)

    def gating(self) -> GatingResult:
        """The gated 400 ms blocks so far, as :func:`gated_blocks` returns them."""
        energy = self._window_energy(4)
        return _gate(energy, np.arange(energy.shape[0]) * self._hop / self._sr)

    @property
    def integrated_lufs(self) -> float:
        """Integrated loudness so far, LUFS (−inf below one 400 ms block or for silence)."""
        return self.gating().integrated_lufs

    def _integrated_lufs_scaled(self, gain_db: float) -> float:
        """Integrated loudness of the same audio times 10**(gain_db/20) (the K-filter is
        linear, so every hop energy scales by the squared gain; the gates are re-applied)."""
        energy = self._window_energy(4) * 10.0 ** (gain_db / 10.0)
        return _gate(energy, np.zeros(energy.shape[0])).integrated_lufs

    @property
    def loudness_range_lu(self) -> float:
        """Loudness range so far, LU (EBU Tech 3342; 0.0 below 3 s or for silence)."""
        return _lra_from_short_term(_lufs(self._window_energy(30)))

    @property
    def max_momentary_lufs(self) -> float:
        """Largest momentary loudness (400 ms windows every 100 ms), LUFS; −inf if none."""
        m = self._window_energy(4)
        return float(_lufs(m.max())) if m.size else -np.inf

    @property
    def max_short_term_lufs(self) -> float:
        """Largest short-term loudness (3 s windows every 100 ms), LUFS; −inf if none."""
        s = self._window_energy(30)
        return float(_lufs(s.max())) if s.size else -np.inf

    @property
    def hop_lufs(self) -> np.ndarray:
        """Loudness of each complete 100 ms hop (K-weighted, ungated), LUFS: a new array."""
        return _lufs(self._hops[: self._n_hops] / self._hop)

    @property
    def sample_peak_dbfs(self) -> float:
        """Largest |sample| over all channels so far, dBFS (−inf for silence)."""
        return float(20.0 * np.log10(self._peak)) if self._peak > 0 else -np.inf

    @property
    def true_peak_dbtp(self) -> float:
        """True peak so far, dBTP, as :func:`true_peak_dbtp` reads the whole signal."""
        if self._peak == 0.0:
            return -np.inf
        peak = max(self._peak, self._tp_peak)
        if self._tp_factor > 1 and self._tp_pending_n:
            seg = np.concatenate([self._tp_hist, *self._tp_pending])
            peak = self._tp_region_peak(seg, self._tp_hist.shape[0], seg.shape[0], peak)
        return float(20.0 * np.log10(peak))


def _upfirdn_keep(h: np.ndarray, x: np.ndarray, factor: int, skip: int) -> np.ndarray:
    """``resample_poly(x, factor, 1, axis=0)`` with a precomputed filter (same arithmetic)."""
    from scipy.signal import upfirdn

    y = upfirdn(h, x, factor, 1, axis=0)
    return y[skip : skip + x.shape[0] * factor]
