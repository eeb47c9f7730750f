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

import functools
import math
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

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
    from scipy.signal import sosfilt

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
        from scipy.signal import resample_poly

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
_TP_SUBCHUNK = 256  # positions whose oversampled peak is skipped when it provably cannot win
_TP_BACK = 10  # past input samples in each interpolated value (resample_poly's half-length)
_TP_AHEAD = 11  # future input samples in each interpolated value (the last tap may be 0)


def _tp_filter(factor: int) -> tuple[np.ndarray, int, float]:
    """resample_poly's interpolation filter for up = factor, down = 1, as it pads it.

    Returns the padded filter, the number of leading output samples resample_poly removes,
    and the largest sum of |taps| over the polyphase branches (|output| ≤ that × the largest
    |input| within ±(half-length / factor + 1) samples).
    """
    # scipy.signal.firwin(2·half_len + 1, 1/factor, window=("kaiser", 5.0)), written out with
    # numpy so that the meter's process does not import scipy.signal (≈ 70 MB of memory);
    # tests/test_meter.py checks it against firwin to 1e-16.
    half_len = 10 * factor
    m = np.arange(2 * half_len + 1) - half_len
    h = np.sinc(m / factor) / factor * np.kaiser(2 * half_len + 1, 5.0)
    h = h / np.sum(h) * factor
    gain = max(float(np.sum(np.abs(h[r::factor]))) for r in range(factor))
    return np.concatenate([[0.0], h]), half_len + 1, gain


@functools.lru_cache(maxsize=16)
def _tp_phases(factor: int) -> tuple[np.ndarray, float]:
    """The polyphase branches of resample_poly(x, factor, 1)'s filter, and their largest Σ|h|.

    ``phases[r, t]`` weighs input sample ``j − _TP_BACK + t`` in output ``j·factor + r`` of
    resample_poly (the same taps: output m is Σ_n x[n]·h_pad[m + skip − n·factor]).
    """
    h_pad, skip, _ = _tp_filter(factor)
    taps = _TP_BACK + _TP_AHEAD + 1
    phases = np.zeros((factor, taps))
    for r in range(factor):
        for t in range(taps):
            i = (_TP_BACK - t) * factor + r + skip
            if 0 <= i < h_pad.shape[0]:
                phases[r, t] = h_pad[i]
    phases.flags.writeable = False
    return phases, float(np.max(np.sum(np.abs(phases), axis=1)))


@functools.lru_cache(maxsize=16)
def _k_sos_cached(sr: float) -> np.ndarray:
    sos = k_weighting_sos(sr)
    sos.flags.writeable = False
    return sos


# --------------------------------------------------------------------------------------------
# Compiled inner loops of the streaming meter
# --------------------------------------------------------------------------------------------
# Plain Python here (readable, and importing this module does not import numba); _kernels()
# compiles them with numba on first use and caches the result. Each is tested against the
# library function it stands for (tests/test_meter.py): _k_block_loop runs the K-weighting
# biquads in the arithmetic order of scipy.signal.sosfilt (same recursion, same rounding) and
# sums the squares per 100 ms hop; _pcm_block_loop does the same for integer PCM in direct
# form I (sosfilt's numbers to rounding, faster); _float_pass_loop and _pcm_stats_loop take
# the peak, the clipped count and the sums for RMS; _tp_max_loop evaluates the polyphase
# branches of scipy.signal.resample_poly's interpolation filter, skipping what provably
# cannot hold the maximum.


def _k_block_loop(x, scale, sos, zi, weights, hop, acc, pos, hops, n_hops):
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


def _float_pass_loop(x, tp, tp_fill, clip_level, sums):
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


def _pcm_coefficients(sos: np.ndarray, scale: float) -> np.ndarray:
    """The K-weighting biquads as _pcm_block_loop takes them: (b1/b0, b2/b0, a1, a2) of the
    shelf, (a1, a2) of the high-pass (whose numerator is 1, −2, 1) and g² = (b0·scale)², the
    shelf's b0 times ``scale`` (a power of two), squared: the loop filters the integers x,
    and its outputs are the K-weighted x·scale divided by g."""
    b0, b1, b2, _, a1, a2 = sos[0]
    if sos[1, 0] != 1.0 or sos[1, 1] != -2.0 or sos[1, 2] != 1.0:
        raise ValueError("the K-weighting high-pass numerator must be [1, -2, 1]")
    g = b0 * scale
    return np.array([b1 / b0, b2 / b0, a1, a2, sos[1, 4], sos[1, 5], g * g])


@functools.lru_cache(maxsize=32)
def _pcm_coefficients_cached(sr: float, scale: float) -> np.ndarray:
    coef = _pcm_coefficients(_k_sos_cached(sr), scale)
    coef.flags.writeable = False
    return coef


#: Frames per stretch of a channel pair in _pcm_block_loop (its buffers: 4 × 16 KB).
_PCM_STRETCH = 2048

#: Frames per _pcm_block_loop call: each channel's Σq² (q² ≤ 2⁴⁶ for 24 bits) fits int64.
_PCM_MAX_FRAMES = 1 << 16


def _sum_sq_loop(a):
    """Σ a² of a float64 row; compiled with reassociation, so that the sum vectorizes."""
    s = 0.0
    for i in range(a.shape[0]):
        s += a[i] * a[i]
    return s


_sum_sq = _sum_sq_loop  # _kernels() puts the compiled loop here before compiling the others


def _pcm_block_loop(
    x, shift, scale, coef, hist, weights, hop, acc, pos, hops, n_hops, tp, tp_fill, out32, isums
):
    """The K-filter of one block of integer PCM, with its copies and channel sums.

    ``x`` (samples, channels), C-contiguous. The K-filter of x·scale in direct form I: each
    biquad from its last two inputs and outputs, carried in ``hist`` (channels, 6: x₁, x₂,
    y₁, y₂, w₁, w₂), the shelf's b0·scale taken out (``coef``, from _pcm_coefficients) and
    the high-pass numerator 1, −2, 1 computed as (y − y₁) − (y₁ − y₂), so that one
    multiply-add per sample and biquad waits for the previous sample: the same filter as
    scipy.signal.sosfilt, rounded differently (tests/test_meter.py compares them). Channels
    go in pairs, the last one alone if their number is odd: a pair's two recursions run in
    one loop, each filling the other's waits; before it, the pair's samples are copied into
    rows (``tp``'s, if it has columns) and the shelf's numerator, which waits for nothing,
    is computed in a loop that vectorizes, as are the sums of squares of the hops.

    Also exact Σq and Σq² per channel (q = x >> shift) into ``isums`` (channels, 2; the
    sums fit int64 for up to 2¹⁷ frames of 24-bit samples); x into ``tp`` (x's dtype,
    if it has columns) and x·scale into ``out32`` (float32, exact for 16/24-bit PCM; if it
    has rows); ``hops``, ``acc`` as in _k_block_loop. Returns (position in the partial
    hop, n_hops).
    """
    n, ch = x.shape
    b1, b2, a1, a2, c1, c2, gg = coef[0], coef[1], coef[2], coef[3], coef[4], coef[5], coef[6]
    first = hop - pos
    n_new = 0 if n < first else 1 + (n - first) // hop
    per_ch = np.zeros((n_new, ch))
    write_tp = tp.shape[1] > 0
    if out32.shape[0] > 0:
        for i in range(n):
            for c in range(ch):
                out32[i, c] = np.float32(np.float64(x[i, c]) * scale)
    stretch = min(n, _PCM_STRETCH)
    u = np.empty((2, stretch))
    w = np.empty((2, stretch))
    for c in range(0, ch - 1, 2):
        # ---- channels c and c + 1 together -----------------------------------------------
        if write_tp:  # rows of one type (contiguous), so that the loops on them vectorize
            ra = tp[c, tp_fill : tp_fill + n]
            rb = tp[c + 1, tp_fill : tp_fill + n]
        else:
            ra = np.empty(n, x.dtype)
            rb = np.empty(n, x.dtype)
        sa = 0
        sb = 0
        if ch == 2:  # x's flat view with a constant stride: the copy vectorizes
            xf = x.reshape(-1)
            for i in range(n):
                ra[i] = xf[2 * i]
                rb[i] = xf[2 * i + 1]
        else:
            for i in range(n):
                ra[i] = x[i, c]
                rb[i] = x[i, c + 1]
        sqa = 0
        sqb = 0
        for i in range(n):  # |q| ≤ 2²³: 32-bit values, 64-bit products (which vectorize)
            qa = np.int64(np.int32(ra[i] >> shift))
            qb = np.int64(np.int32(rb[i] >> shift))
            sa += qa
            sb += qb
            sqa += qa * qa
            sqb += qb * qb
        isums[c, 0], isums[c, 1] = sa, sqa
        isums[c + 1, 0], isums[c + 1, 1] = sb, sqb
        ya1, ya2, wa1, wa2 = hist[c, 2], hist[c, 3], hist[c, 4], hist[c, 5]
        yb1, yb2, wb1, wb2 = hist[c + 1, 2], hist[c + 1, 3], hist[c + 1, 4], hist[c + 1, 5]
        ea = acc[c]
        eb = acc[c + 1]
        k = 0
        left = first
        for lo in range(0, n, stretch):
            m = min(stretch, n - lo)
            ua = u[0, :m]
            ub = u[1, :m]
            # the shelf's numerator: x + (b1/b0)·x₁ + (b2/b0)·x₂
            for j in range(min(m, 2)):
                t = lo + j
                pa1 = np.float64(ra[t - 1]) if t >= 1 else hist[c, 0]
                pb1 = np.float64(rb[t - 1]) if t >= 1 else hist[c + 1, 0]
                pa2 = np.float64(ra[t - 2]) if t >= 2 else hist[c, 1 - t]
                pb2 = np.float64(rb[t - 2]) if t >= 2 else hist[c + 1, 1 - t]
                ua[j] = (np.float64(ra[t]) + b1 * pa1) + b2 * pa2
                ub[j] = (np.float64(rb[t]) + b1 * pb1) + b2 * pb2
            if m > 2:
                qa0, qa1, qa2 = ra[lo + 2 : lo + m], ra[lo + 1 : lo + m - 1], ra[lo : lo + m - 2]
                qb0, qb1, qb2 = rb[lo + 2 : lo + m], rb[lo + 1 : lo + m - 1], rb[lo : lo + m - 2]
                ua2 = ua[2:]
                ub2 = ub[2:]
                for j in range(m - 2):  # slices: no index checks, the loop vectorizes
                    ua2[j] = (np.float64(qa0[j]) + b1 * np.float64(qa1[j])) + b2 * np.float64(
                        qa2[j]
                    )
                    ub2[j] = (np.float64(qb0[j]) + b1 * np.float64(qb1[j])) + b2 * np.float64(
                        qb2[j]
                    )
            # the recursions: shelf denominator, high-pass numerator and denominator
            wa = w[0, :m]
            wb = w[1, :m]
            for j in range(m):
                ya = (ua[j] - a2 * ya2) - a1 * ya1
                yb = (ub[j] - a2 * yb2) - a1 * yb1
                da = (ya - ya1) - (ya1 - ya2)
                db = (yb - yb1) - (yb1 - yb2)
                va = (da - c2 * wa2) - c1 * wa1
                vb = (db - c2 * wb2) - c1 * wb1
                ya2 = ya1
                ya1 = ya
                yb2 = yb1
                yb1 = yb
                wa2 = wa1
                wa1 = va
                wb2 = wb1
                wb1 = vb
                wa[j] = va
                wb[j] = vb
            j = 0
            while j < m:
                cnt = min(m - j, left)
                ea += gg * _sum_sq(wa[j : j + cnt])
                eb += gg * _sum_sq(wb[j : j + cnt])
                left -= cnt
                j += cnt
                if left == 0:
                    per_ch[k, c] = ea
                    per_ch[k, c + 1] = eb
                    k += 1
                    ea = 0.0
                    eb = 0.0
                    left = hop
        for cc, r in ((c, ra), (c + 1, rb)):
            if n >= 2:
                hist[cc, 0], hist[cc, 1] = np.float64(r[n - 1]), np.float64(r[n - 2])
            else:
                hist[cc, 0], hist[cc, 1] = np.float64(r[0]), hist[cc, 0]
        hist[c, 2], hist[c, 3], hist[c, 4], hist[c, 5] = ya1, ya2, wa1, wa2
        hist[c + 1, 2], hist[c + 1, 3], hist[c + 1, 4], hist[c + 1, 5] = yb1, yb2, wb1, wb2
        acc[c] = ea
        acc[c + 1] = eb
    if ch % 2 == 1:
        # ---- the last channel alone: one loop does it all ---------------------------------
        c = ch - 1
        h = hist[c]
        v1, v2, y1, y2, w1, w2 = h[0], h[1], h[2], h[3], h[4], h[5]
        tprow = tp[c, tp_fill : tp_fill + n] if write_tp else tp[c, :0]  # slices: no index checks
        e0 = acc[c]  # the partial hop's Σ so far; e sums this block's squares, divided by g²
        e = 0.0
        k = 0
        left = first
        for i in range(n):
            xi = np.int64(x[i, c])
            v = np.float64(xi)
            if write_tp:
                tprow[i] = x[i, c]
            y = ((v + b1 * v1) + b2 * v2 - a2 * y2) - a1 * y1
            d = (y - y1) - (y1 - y2)
            wv = (d - c2 * w2) - c1 * w1
            v2 = v1
            v1 = v
            y2 = y1
            y1 = y
            w2 = w1
            w1 = wv
            e += wv * wv
            left -= 1
            if left == 0:
                per_ch[k, c] = e0 + gg * e
                k += 1
                e0 = 0.0
                e = 0.0
                left = hop
        h[0], h[1], h[2], h[3], h[4], h[5] = v1, v2, y1, y2, w1, w2
        acc[c] = e0 + gg * e
        s1 = 0
        s2 = 0
        if write_tp:  # the contiguous copy: the loop vectorizes
            for i in range(n):
                q = np.int64(np.int32(tprow[i] >> shift))
                s1 += q
                s2 += q * q
        else:
            for i in range(n):
                q = np.int64(np.int32(x[i, c] >> shift))
                s1 += q
                s2 += q * q
        isums[c, 0], isums[c, 1] = s1, s2
    for k in range(n_new):
        e = 0.0
        for c in range(ch):
            e += weights[c] * per_ch[k, c]
        hops[n_hops + k] = e
    return (pos + n) % hop, n_hops + n_new


def _pcm_stats_loop(xf, shift, clip_int):
    """Largest |x|, count of |x| ≥ ``clip_int`` and OR of the low ``shift`` bits of a flat
    integer block: a loop that vectorizes."""
    imax = 0
    clipped = 0
    lost = 0
    mask = (1 << shift) - 1
    for i in range(xf.shape[0]):
        xi = np.int64(xf[i])
        a = abs(xi)
        imax = max(imax, a)
        clipped += a >= clip_int
        lost |= xi & mask
    return imax, clipped, lost


def _pcm16_stats_loop(xf, clip_int):
    """_pcm_stats_loop for int16 samples (no low bits to check): the largest and smallest
    value in int16 (a loop that vectorizes, 16 values per AVX2 instruction), then the count
    of |x| ≥ ``clip_int`` only if the largest |x| reaches it."""
    top = xf[0]
    bottom = xf[0]
    for i in range(xf.shape[0]):
        top = max(top, xf[i])
        bottom = min(bottom, xf[i])
    imax = max(np.int64(top), -np.int64(bottom))
    clipped = 0
    if imax >= clip_int:
        for i in range(xf.shape[0]):
            clipped += abs(np.int64(xf[i])) >= clip_int
    return imax, clipped


#: Central taps of each polyphase branch screened first (inputs j − 3 … j + 4 of output j):
#: the other 14 weigh Σ|h| ≤ 0.21, so most outputs are excluded after 8 of 22 taps.
_TP_MAIN = 8

#: |float32 polyphase output − exact output| ≤ this × Σ|h|·|x| (22 taps: the dot product's
#: rounding, γ_22 ≤ 22.1·2⁻²⁴, plus the rounding of the taps and of the samples to float32,
#: 2·2⁻²⁴; doubled for margin).
_TP32_ERROR = 50.0 * 2.0**-24

#: A threshold lv is compared in float32 as float32(lv − |lv|·2⁻²² − 2⁻¹⁴⁰), which is ≤ lv:
#: rounding to float32 moves a value by ≤ 2⁻²⁴ of it, or ≤ 2⁻¹⁵⁰ below float32's normal range
#: (the float64 arithmetic that gave lv errs by far less than the margin).

#: Clears the sign bit of a float64's bits: for finite x ≥ 0 the bits order as the values,
#: so the largest |x| is an integer maximum (which vectorizes; a float one does not here).
_ABS_BITS = 0x7FFF_FFFF_FFFF_FFFF


def _stretch_max_float_loop(ext, lo, hi, back, taps, sub, local, slope):
    """``local[s, c]`` = max |ext[c]| over the inputs of stretch s (positions lo + s·sub …,
    ``taps`` − 1 more), for float64 ``ext``: an integer maximum of the bits; ``slope[s, c]``
    = the largest |difference of two neighbours| among those inputs (as rounded)."""
    cell = np.zeros(1, dtype=np.int64)
    cell_value = cell.view(np.float64)
    for s in range(local.shape[0]):
        a = lo + s * sub
        b = min(hi, a + sub)
        for c in range(ext.shape[0]):
            row = ext[c, a - back : b - back + taps - 1]
            bits = row.view(np.int64)
            mb = 0
            for j in range(bits.shape[0]):
                mb = max(mb, bits[j] & _ABS_BITS)
            cell[0] = mb
            local[s, c] = cell_value[0]
            d = 0.0
            for j in range(row.shape[0] - 1):
                d = max(d, abs(row[j + 1] - row[j]))
            slope[s, c] = d


def _stretch_max_int_loop(ext, lo, hi, back, taps, sub, local, slope):
    """As _stretch_max_float_loop, for integer ``ext`` (int16, int32): the largest and the
    smallest value and difference, in int32 for int16 samples (one loop, 8 lanes per AVX2
    instruction; the casts keep numba from widening to int64), in int64 for int32 samples;
    then the larger magnitudes."""
    for s in range(local.shape[0]):
        a = lo + s * sub
        b = min(hi, a + sub)
        for c in range(ext.shape[0]):
            row = ext[c, a - back : b - back + taps - 1]
            nxt = row[1:]
            if row.itemsize == 2:
                top = np.int32(row[0])
                bottom = top
                up = np.int32(0)
                down = np.int32(0)
                for j in range(nxt.shape[0]):
                    x1 = np.int32(nxt[j])
                    d = np.int32(x1 - np.int32(row[j]))
                    top = max(top, x1)
                    bottom = min(bottom, x1)
                    up = max(up, d)
                    down = min(down, d)
                local[s, c] = max(np.int64(top), -np.int64(bottom))
                slope[s, c] = max(np.int64(up), -np.int64(down))
            else:
                top64 = np.int64(row[0])
                bottom64 = top64
                up64 = np.int64(0)
                down64 = np.int64(0)
                for j in range(nxt.shape[0]):
                    x64 = np.int64(nxt[j])
                    d64 = x64 - np.int64(row[j])
                    top64 = max(top64, x64)
                    bottom64 = min(bottom64, x64)
                    up64 = max(up64, d64)
                    down64 = min(down64, d64)
                local[s, c] = max(top64, -bottom64)
                slope[s, c] = max(up64, -down64)


def _tp_max_loop(ext, local, slope, lo, hi, phases, back, bar, sub):
    """max(bar, largest |interpolated value|) over the outputs of input positions [lo, hi).

    ``ext`` (channels, samples): finite float64, or integer PCM (int16, int32), measured in
    its own units; output (j, r) = Σ_t phases[r, t]·ext[c, j − back + t]; ``local`` and
    ``slope`` (stretches, channels) from _stretch_max_float_loop or _stretch_max_int_loop:
    M = max|ext| and Δ = max|neighbour difference| over a stretch's inputs. Each branch's
    outputs there are bounded by Σ_t |h_t|·M, and by |Σ_t h_t|·M + Σ_t |h_t|·|t − t0|·Δ
    (output = Σ h_t·x_t0 + Σ h_t·(x_t − x_t0), and |x_t − x_t0| ≤ |t − t0|·Δ; t0 = back or
    back + 1, whichever gives less): the smaller, ×(1 + 1e-9) above any rounding. The second
    is the tighter for smooth signals (a 1 kHz tone at 48 kHz, 4× oversampling: Δ = 0.13·M,
    so 1.0006·M + 3.47·0.13·M = 1.45·M, against 2.24·M). Stretches of ``sub`` positions
    whose bound is ≤ the best value so far are skipped: no output there can exceed it, and
    so is each branch whose own bound is. The
    others are screened in float32 (8 values per AVX2 instruction): first the sums over the
    branch's ``_TP_MAIN`` central taps — a branch is done when none exceeds best − (the other
    taps' Σ|h| + the float32 rounding bound ``_TP32_ERROR``·Σ|h|) × max|ext| — then all taps
    (done when none exceeds best − the rounding bound); the rest are computed in float64. So
    the result is the one of the full float64 computation. The screens count the values
    above a threshold: loops that vectorize.
    """
    ch = ext.shape[0]
    f, taps = phases.shape
    ph32 = phases.astype(np.float32)
    gains = np.empty(f)  # Σ|h| of each branch (branch 0 is ≈ the sample itself: ≈ 1.0006)
    tails = np.empty(f)  # Σ|h| of each branch outside its _TP_MAIN central taps
    m0 = back - _TP_MAIN // 2 + 1  # the central taps weigh inputs j − 3 … j + 4
    for r in range(f):
        g = 0.0
        g_tail = 0.0
        for t in range(taps):
            g += abs(phases[r, t])
            if t < m0 or t >= m0 + _TP_MAIN:
                g_tail += abs(phases[r, t])
        gains[r] = g * (1.0 + 1e-9)
        tails[r] = g_tail * (1.0 + 1e-9)
    dc = np.empty(f)  # |Σh| of each branch
    spread = np.empty(f)  # Σ|h_t|·|t − t0| of each branch, the smaller of t0 = back, back + 1
    for r in range(f):
        g = 0.0
        s0 = 0.0
        s1 = 0.0
        for t in range(taps):
            g += phases[r, t]
            s0 += abs(phases[r, t]) * abs(t - back)
            s1 += abs(phases[r, t]) * abs(t - back - 1)
        dc[r] = abs(g) * (1.0 + 1e-9)
        spread[r] = min(s0, s1) * (1.0 + 1e-9)
    n_sub = local.shape[0]
    bounds = np.empty(n_sub)
    for s in range(n_sub):
        mx = 0.0
        for c in range(ch):
            mloc = local[s, c]
            dloc = slope[s, c]
            for r in range(f):
                mx = max(mx, min(gains[r] * mloc, dc[r] * mloc + spread[r] * dloc))
        bounds[s] = mx
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
            mloc = local[s, c]
            dloc = slope[s, c]
            top = 0.0
            for r in range(f):
                top = max(top, min(gains[r] * mloc, dc[r] * mloc + spread[r] * dloc))
            if top <= best:
                continue
            row = ext[c, a - back : a - back + m + taps - 1]
            for j in range(m + taps - 1):
                seg32[j] = row[j]
            out = acc32[:m]
            for r in range(f):
                if min(gains[r] * mloc, dc[r] * mloc + spread[r] * dloc) <= best:
                    continue  # this branch's bound: no output of it can exceed best
                slack = _TP32_ERROR * gains[r] * mloc
                # The central taps first: |output| ≤ |their sum| + tails[r]·mloc.
                h = ph32[r, m0 : m0 + _TP_MAIN]
                h0, h1, h2, h3, h4, h5, h6, h7 = h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]
                q0, q1, q2, q3 = seg32[m0:], seg32[m0 + 1 :], seg32[m0 + 2 :], seg32[m0 + 3 :]
                q4, q5, q6, q7 = seg32[m0 + 4 :], seg32[m0 + 5 :], seg32[m0 + 6 :], seg32[m0 + 7 :]
                for i in range(m):  # slices: no negative-index checks, the loops vectorize
                    out[i] = (h0 * q0[i] + h1 * q1[i] + h2 * q2[i] + h3 * q3[i]) + (
                        h4 * q4[i] + h5 * q5[i] + h6 * q6[i] + h7 * q7[i]
                    )
                lv = best - tails[r] * mloc - slack
                level = np.float32(lv - abs(lv) * 2.0**-22 - 2.0**-140)  # a float32 ≤ lv
                above = 0
                for i in range(m):
                    above += abs(out[i]) > level
                if above == 0:
                    continue  # no output of this branch can exceed best
                out[:] = 0.0  # then all taps in float32
                for t in range(taps):
                    h32 = ph32[r, t]
                    seg = seg32[t : t + m]
                    for i in range(m):
                        out[i] += h32 * seg[i]
                lv = best - slack
                level = np.float32(lv - abs(lv) * 2.0**-22 - 2.0**-140)
                above = 0
                for i in range(m):
                    above += abs(out[i]) > level
                if above == 0:
                    continue  # no output of this branch can exceed best
                acc[:m] = 0.0
                for t in range(taps):
                    h64 = phases[r, t]
                    seg = row[t : t + m]  # a slice: the loop vectorizes
                    for i in range(m):
                        acc[i] += h64 * seg[i]
                for i in range(m):
                    best = max(best, abs(acc[i]))
    return best


def _summary_loop(e, hop, offset_db, absolute_lufs, relative_lu):
    """Integrated loudness, max momentary, max short-term (LUFS) and loudness range (LU)
    from the energies ``e`` (Σ_i G_i Σ y² of each complete hop of ``hop`` samples): the
    gating of _gate and the statistics of _lra_from_short_term on the 400 ms and 3 s
    windows of _window_energy, in one compiled call (the same arithmetic, sums in order)."""
    n = e.shape[0]
    nb = max(0, n - 3)  # 400 ms blocks: 4 hops each, one every hop
    block = np.empty(nb)
    block_lufs = np.empty(nb)
    top = -np.inf
    for j in range(nb):
        block[j] = (((e[j] + e[j + 1]) + e[j + 2]) + e[j + 3]) / (4 * hop)
        block_lufs[j] = offset_db + 10.0 * np.log10(block[j])
        top = max(top, block_lufs[j])
    s = 0.0
    k = 0
    for j in range(nb):
        if block_lufs[j] > absolute_lufs:
            s += block[j]
            k += 1
    integrated = -np.inf
    if k:
        relative = offset_db + 10.0 * np.log10(s / k) + relative_lu
        s = 0.0
        k = 0
        for j in range(nb):
            if block_lufs[j] > absolute_lufs and block_lufs[j] > relative:
                s += block[j]
                k += 1
        if k:
            integrated = offset_db + 10.0 * np.log10(s / k)
    ns = max(0, n - 29)  # 3 s windows: 30 hops each
    st = np.empty(ns)
    top_st = -np.inf
    kept = 0
    s = 0.0
    for j in range(ns):
        w = 0.0
        for i in range(30):
            w += e[j + i]
        st[j] = offset_db + 10.0 * np.log10(w / (30 * hop))
        top_st = max(top_st, st[j])
        if st[j] >= absolute_lufs:
            st[kept] = st[j]  # j ≥ kept: compacts in place
            s += 10.0 ** ((st[j] - offset_db) / 10.0)
            kept += 1
    lra = 0.0
    if kept:
        relative = offset_db + 10.0 * np.log10(s / kept) - 20.0
        gated = np.sort(st[:kept])
        first = np.searchsorted(gated, relative)  # the values ≥ relative
        m = kept - first
        lo = gated[first + int(math.floor((m - 1) * 0.10 + 0.5))]
        hi = gated[first + int(math.floor((m - 1) * 0.95 + 0.5))]
        lra = hi - lo
    return integrated, top, top_st, lra


_KERNELS = None
_NO_OUT32 = np.empty((0, 0), dtype=np.float32)
_TP_FASTMATH = {"contract", "nnan", "ninf", "nsz", "reassoc"}


def _kernels():
    """The inner loops compiled with numba (installed with librosa), cached on disk."""
    global _KERNELS
    if _KERNELS is None:
        import types

        import numba

        jit = numba.njit(cache=True, nogil=True)
        global _sum_sq
        _sum_sq = numba.njit(cache=True, nogil=True, fastmath={"reassoc"})(_sum_sq_loop)
        _KERNELS = types.SimpleNamespace(
            k_block=jit(_k_block_loop),
            float_pass=jit(_float_pass_loop),
            pcm_block=numba.njit(cache=True, nogil=True, fastmath={"contract"})(_pcm_block_loop),
            pcm_stats=jit(_pcm_stats_loop),
            pcm16_stats=jit(_pcm16_stats_loop),
            summary=jit(_summary_loop),
            # reassociation lets the max reductions vectorize (the inputs are finite)
            tp_max=numba.njit(cache=True, nogil=True, fastmath=_TP_FASTMATH)(_tp_max_loop),
            stretch_max_float=jit(_stretch_max_float_loop),
            stretch_max_int=jit(_stretch_max_int_loop),
        )
    return _KERNELS


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

    Notes
    -----
    The inner loops are compiled (numba, on first use): the K-filter repeats
    ``scipy.signal.sosfilt``'s arithmetic (for integer PCM, which the audit feeds, it is the
    same filter in direct form I: its numbers to rounding), and the true peak evaluates
    ``scipy.signal.resample_poly``'s polyphase branches, skipping stretches of 256 samples
    whose bound (largest Σ|taps| of a branch × the largest |sample| feeding them) cannot
    exceed the peak already found, and branches whose float32 values plus their rounding
    bound cannot either; the rest is computed in float64.

    Taught in notebooks/08_dataset_audit.ipynb.
    """

    def __init__(
        self, sr: float, channels: int, *, channel_weights: Sequence[float] | None = None
    ) -> None:
        self._kernels = _kernels()
        self._sr = _check_sr(sr)
        self._sos = _k_sos_cached(self._sr)
        if isinstance(channels, bool) or not isinstance(channels, int | np.integer):
            raise TypeError(f"channels must be an integer ≥ 1, got {type(channels).__name__}")
        if channels < 1:
            raise ValueError(f"channels must be ≥ 1, got {channels}")
        self._channels = int(channels)
        self._weights = _weights(self._channels, channel_weights)
        self._hop = _hop_samples(self._sr)
        self._zi = np.zeros((self._channels, 2, 2))  # per channel, per biquad
        self._hist = np.zeros((self._channels, 6))  # the same, for integer PCM (_pcm_block_loop)
        self._acc = np.zeros(self._channels)  # Σ y² of the partial hop, per channel
        self._pos = 0  # samples in the partial hop
        self._hops = np.empty(1024)  # Σ_i G_i Σ y² per complete hop
        self._n_hops = 0
        self._summary_of = -1  # the _n_hops that _summary_values were computed for
        self._summary_values = (-np.inf, -np.inf, -np.inf, 0.0)
        self._frames = 0
        self._peak = 0.0
        self._clip_level = math.inf  # the audit counts |x| ≥ its clip level here
        self._clipped = 0
        self._sums = np.zeros((self._channels, 4))  # Σx, Σx² per channel (see _float_pass_loop)
        self._int_sums = [0] * self._channels  # Σq per channel, exact, of integer PCM
        self._int_sumsq = 0  # Σq² over all channels
        self._int_q: float | None = None  # full-scale value of one integer step
        self._tp_factor = max(1, math.ceil(TRUE_PEAK_MIN_RATE_HZ / self._sr - 1e-9))
        if self._tp_factor > 1:
            self._tp_phases, _ = _tp_phases(self._tp_factor)
        # Samples from position (done − _TP_BACK) on, where outputs of the positions before
        # ``done`` are measured; zeros before the start, as resample_poly pads. Kept in the
        # blocks' own dtype (float64, or int16/int32 PCM worth _tp_scale each), made by the
        # first block.
        self._tp_buf = np.empty((self._channels, 0))
        self._tp_fill = 0
        self._tp_scale: float | None = None
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
        self._feed(x)

    def _tp_kind(self, dtype: np.dtype, scale: float) -> None:
        """Make the true-peak buffer for blocks of ``dtype`` worth ``scale`` per unit."""
        if self._tp_scale is None:
            self._tp_scale = scale
            if self._tp_factor > 1:
                size = _TP_BACK + 2 * _TP_SEGMENT + _TP_AHEAD
                self._tp_buf = np.empty((self._channels, size), dtype=dtype)
                self._tp_buf[:, :_TP_BACK] = 0
                self._tp_fill = _TP_BACK
            else:
                self._tp_buf = np.empty((self._channels, 0), dtype=dtype)
        elif self._tp_buf.dtype != dtype or self._tp_scale != scale:
            raise ValueError("a meter takes float blocks or integer PCM of one bit depth")

    def _reserve(self, n: int) -> None:
        """Room for the hops and the true-peak samples of n more frames."""
        need = self._n_hops + (self._pos + n) // self._hop
        if need > self._hops.shape[0]:
            grown = np.empty(max(need, 2 * self._hops.shape[0]))
            grown[: self._n_hops] = self._hops[: self._n_hops]
            self._hops = grown
        if self._tp_factor > 1 and self._tp_fill + n + _TP_AHEAD > self._tp_buf.shape[1]:
            grown = np.empty((self._channels, self._tp_fill + n + _TP_AHEAD), self._tp_buf.dtype)
            grown[:, : self._tp_fill] = self._tp_buf[:, : self._tp_fill]
            self._tp_buf = grown

    def _filter(self, x: np.ndarray, scale: float, n: int, peak: float, clipped: int) -> None:
        self._pos, self._n_hops = self._kernels.k_block(
            x, scale, self._sos, self._zi, self._weights, self._hop, self._acc, self._pos,
            self._hops, self._n_hops,
        )  # fmt: skip
        self._count(n, peak, clipped)

    def _count(self, n: int, peak: float, clipped: int) -> None:
        self._frames += n
        self._peak = max(self._peak, peak)
        self._clipped += clipped
        if self._tp_factor > 1:
            self._tp_fill += n
            if self._tp_fill - _TP_BACK - _TP_AHEAD >= _TP_SEGMENT:
                self._tp_step()

    def _feed(self, x: np.ndarray) -> None:
        """Measure a validated float64 block (samples, channels)."""
        n = x.shape[0]
        if n == 0:
            return
        self._tp_kind(np.dtype(np.float64), 1.0)
        self._reserve(n)
        peak, clipped = self._kernels.float_pass(
            x, self._tp_buf, self._tp_fill, self._clip_level, self._sums
        )
        self._filter(x, 1.0, n, peak, clipped)

    def _feed_pcm(self, x: np.ndarray, bits: int, out32: np.ndarray | None = None) -> None:
        """Measure integer PCM samples read by soundfile (int16 for 16 bits, int32 holding
        the sample << 8 for 24 bits) as x · 2**-15 or x · 2**-31; ``out32`` (samples,
        channels) float32, if given, receives those values (exactly soundfile's float32
        samples). Σx and Σx² are summed exactly in integers. Not validated (``add``
        validates)."""
        if out32 is None:
            out32 = _NO_OUT32
        n = x.shape[0]
        if n == 0:
            return
        if n > _PCM_MAX_FRAMES:  # the kernel's int64 sums of squares hold this many
            for i in range(0, n, _PCM_MAX_FRAMES):
                part = out32[i : i + _PCM_MAX_FRAMES] if out32.shape[0] else out32
                self._feed_pcm(x[i : i + _PCM_MAX_FRAMES], bits, part)
            return
        shift = 0 if bits == 16 else 8
        scale = 2.0**-15 if bits == 16 else 2.0**-31
        self._tp_kind(x.dtype, scale)
        self._reserve(n)
        clip_int = math.ceil(self._clip_level / scale) if self._clip_level < math.inf else 1 << 62
        if bits == 16:
            imax, clipped = self._kernels.pcm16_stats(x.reshape(-1), min(clip_int, 1 << 16))
            lost = 0
        else:
            imax, clipped, lost = self._kernels.pcm_stats(x.reshape(-1), shift, clip_int)
        if lost:
            raise ValueError(f"not {bits}-bit samples: the low {shift} bits are not zero")
        q = 2.0**shift * scale  # the value of one step of q = x >> shift
        if self._int_q is None:
            self._int_q = q
        elif self._int_q != q:
            raise ValueError("a meter takes integer PCM of one bit depth")
        coef = _pcm_coefficients_cached(self._sr, scale)
        isums = np.empty((self._channels, 2), dtype=np.int64)
        x = np.ascontiguousarray(x)  # the kernel reads its flat view (soundfile's blocks are)
        self._pos, self._n_hops = self._kernels.pcm_block(
            x, shift, scale, coef, self._hist, self._weights, self._hop, self._acc, self._pos,
            self._hops, self._n_hops, self._tp_buf, self._tp_fill, out32, isums,
        )  # fmt: skip
        for c in range(self._channels):
            self._int_sums[c] += int(isums[c, 0])
            self._int_sumsq += int(isums[c, 1])
        self._count(n, imax * scale, clipped)

    def _tp_max(self, hi: int, bar: float) -> float:
        """max(bar, the largest interpolated |value| of positions _TP_BACK … hi − 1)."""
        buf, scale = self._tp_buf, self._tp_scale  # scale: a power of two, exact
        k = self._kernels
        local = np.empty(((hi - _TP_BACK + _TP_SUBCHUNK - 1) // _TP_SUBCHUNK, self._channels))
        slope = np.empty_like(local)
        stretch_max = k.stretch_max_float if buf.dtype == np.float64 else k.stretch_max_int
        taps = self._tp_phases.shape[1]
        stretch_max(buf, _TP_BACK, hi, _TP_BACK, taps, _TP_SUBCHUNK, local, slope)
        return scale * k.tp_max(
            buf, local, slope, _TP_BACK, hi, self._tp_phases, _TP_BACK, bar / scale,
            _TP_SUBCHUNK,
        )  # fmt: skip

    def _tp_step(self) -> None:
        """Measure the outputs whose inputs are all in the buffer; keep the context."""
        fill = self._tp_fill
        hi = fill - _TP_AHEAD
        self._tp_peak = self._tp_max(hi, max(self._tp_peak, self._peak))
        keep = self._tp_buf[:, hi - _TP_BACK : fill].copy()
        self._tp_buf[:, : keep.shape[1]] = keep
        self._tp_fill = keep.shape[1]

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

    def _summary(self) -> tuple[float, float, float, float]:
        """(integrated, max momentary, max short-term, LRA) of the hops so far, computed once."""
        if self._summary_of != self._n_hops:
            self._summary_values = self._kernels.summary(
                self._hops[: self._n_hops], float(self._hop), _OFFSET_DB, ABSOLUTE_GATE_LUFS,
                RELATIVE_GATE_LU,
            )  # fmt: skip
            self._summary_of = self._n_hops
        return self._summary_values

    @property
    def integrated_lufs(self) -> float:
        """Integrated loudness so far, LUFS (−inf below one 400 ms block or for silence)."""
        return float(self._summary()[0])

    def _integrated_lufs_scaled(self, gain_db: float) -> float:
        """Integrated loudness of the same audio times 10**(gain_db/20) (the K-filter is
        linear, so every hop energy scales by the squared gain; the gates are re-applied)."""
        energy = self._window_energy(4) * 10.0 ** (gain_db / 10.0)
        return _gate(energy, np.zeros(energy.shape[0])).integrated_lufs

    @property
    def loudness_range_lu(self) -> float:
        """Loudness range so far, LU (EBU Tech 3342; 0.0 below 3 s or for silence)."""
        return float(self._summary()[3])

    @property
    def max_momentary_lufs(self) -> float:
        """Largest momentary loudness (400 ms windows every 100 ms), LUFS; −inf if none."""
        return float(self._summary()[1])

    @property
    def max_short_term_lufs(self) -> float:
        """Largest short-term loudness (3 s windows every 100 ms), LUFS; −inf if none."""
        return float(self._summary()[2])

    def _share_of_hops_below(self, lufs: float) -> float:
        """Share of the complete 100 ms hops whose loudness is below ``lufs`` (compared as
        energies: no logarithm per hop); NaN before the first hop."""
        n = self._n_hops
        if n == 0:
            return math.nan
        below = self._hops[:n] < self._hop * 10.0 ** ((lufs - _OFFSET_DB) / 10.0)
        return int(np.count_nonzero(below)) / n

    @property
    def hop_lufs(self) -> np.ndarray:
        """Loudness of each complete 100 ms hop (K-weighted, ungated), LUFS: a new array."""
        return _lufs(self._hops[: self._n_hops] / self._hop)

    def _channel_sums(self) -> tuple[np.ndarray, float]:
        """Σx of each channel and Σx² over all channels so far (compensated float sums plus
        exact integer ones, each rounded once)."""
        if self._int_q is not None:  # integer PCM only (a meter takes one kind): exact sums
            q = self._int_q
            s1 = np.array([float(a) * q for a in self._int_sums])
            return s1, float(self._int_sumsq) * q * q
        s1 = self._sums[:, 0] + self._sums[:, 1]
        return s1, float(np.sum(self._sums[:, 2] + self._sums[:, 3]))

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
        fill = self._tp_fill
        if self._tp_factor > 1 and fill > _TP_BACK:
            ext = self._tp_buf  # it reads up to fill + _TP_AHEAD, room kept by _reserve
            ext[:, fill : fill + _TP_AHEAD] = 0  # zeros after the end (later samples
            peak = self._tp_max(fill, peak)  # overwrite them)
        return float(20.0 * np.log10(peak))
