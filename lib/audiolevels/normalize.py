"""Level meters (peak, RMS, crest factor) and the three normalizations: peak, RMS, loudness.

Normalizing is multiplying by one constant gain, ``y = K·x`` (the blog's
:math:`x_{normalized} = K \\times x`); the three methods differ only in *what* they measure
to choose K:

- peak normalization sets the largest sample to ``target_dbfs`` — playback is safe (no
  clipping), but clips with different crest factors end up at very different loudness;
- RMS (energy) normalization sets the mean-square level — closer to equal volume, but
  blind to frequency (100 Hz and 3 kHz at the same RMS do not sound equally loud);
- loudness normalization sets the ITU-R BS.1770 integrated loudness (K-weighted, gated) —
  what EBU R 128 (−23 LUFS) and streaming services use.

Array convention (the whole package): audio is ``(samples,)`` or ``(samples, channels)``,
soundfile's and pyloudnorm's layout, float in [-1, 1] (int16 is scaled by 1/32768, so it
never overflows); librosa's ``(channels, samples)`` must be transposed explicitly. Every
function returns a new float64 array and leaves the caller's untouched.

The normalizers do **not** clip: a result may hold samples beyond ±1 so that you can see
them (:attr:`NormalizeResult.clipped`, :attr:`NormalizeResult.n_clipped`). Clip, limit or
lower the target before playing or writing it to a fixed-point file.

Taught in notebooks/03_normalization.ipynb.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d

from audiolevels import _checks
from audiolevels.signals import as_float_audio, check_sr

__all__ = [
    "NormalizeResult",
    "crest_factor_db",
    "lookahead_limiter",
    "loudness_normalize",
    "peak_dbfs",
    "peak_normalize",
    "rms_dbfs",
    "rms_normalize",
]


@dataclass(frozen=True, eq=False)
class NormalizeResult:
    """What a normalizer returns (the same for :func:`peak_normalize`, :func:`rms_normalize`
    and :func:`loudness_normalize`).

    Attributes
    ----------
    audio : numpy.ndarray of float64, shape (samples,) or (samples, channels)
        The normalized signal, same shape as the input; **not clipped** — values beyond ±1
        are kept so that they can be seen and counted.
    gain_db : float
        The gain applied, in dB (``audio = input · 10**(gain_db/20)``).
    clipped : bool
        True if the sample peak of ``audio`` exceeds 0 dBFS (some ``|audio| > 1.0``), i.e. it
        would clip when played or written as fixed-point PCM.
    n_clipped : int
        How many sample values have ``|audio| > 1.0``, counted over every sample *and*
        channel (a stereo frame with both channels over counts twice).
    peak_dbfs : float
        Sample peak of ``audio`` in dBFS (``20·log10 max|audio|``).
    """

    audio: np.ndarray
    gain_db: float
    clipped: bool
    n_clipped: int
    peak_dbfs: float

    def __repr__(self) -> str:
        return (
            f"NormalizeResult(audio=<{self.audio.dtype} {self.audio.shape}>, "
            f"gain_db={self.gain_db:+.2f}, clipped={self.clipped}, "
            f"n_clipped={self.n_clipped}, peak_dbfs={self.peak_dbfs:.2f})"
        )


# Below this (signal or target), loudness_normalize re-measures after the gain: blocks can
# cross BS.1770's fixed -70 LUFS absolute gate.
_NEAR_ABSOLUTE_GATE_LUFS = -50.0


def _check_target(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{name} must be a real number in dB, got {type(value).__name__}")
    v = float(value)
    if not math.isfinite(v):
        raise ValueError(f"{name} must be a finite level in dB, got {value!r}")
    return v


def _peak_db(x: np.ndarray) -> float:
    peak = float(np.max(np.abs(x)))
    return -math.inf if peak == 0.0 else 20.0 * math.log10(peak)


def _rms_db(x: np.ndarray) -> float:
    ms = float(np.mean(np.square(x)))
    return -math.inf if ms == 0.0 else 10.0 * math.log10(ms)


def peak_dbfs(x: np.ndarray) -> float:
    """Sample peak level of a signal in dB relative to full scale.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio in [-1, 1]; int16 is scaled by 1/32768.

    Returns
    -------
    float
        ``20·log10 max|x|`` over all samples and channels: a full-scale sine reads 0 dBFS,
        silence reads -inf. This is the *sample* peak; the peak between samples (the true
        peak, ITU-R BS.1770-5 Annex 2) can be higher — see
        ``audiolevels.loudness.true_peak_dbtp``.

    Taught in notebooks/03_normalization.ipynb.
    """
    return _peak_db(as_float_audio(x))


def rms_dbfs(x: np.ndarray) -> float:
    """RMS level of a signal in dB relative to full scale.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio in [-1, 1]; int16 is scaled by 1/32768.

    Returns
    -------
    float
        ``10·log10(mean(x²))`` = 20·log10(RMS), the mean taken over all samples and channels
        together: a full-scale sine reads −3.01 dBFS (the convention of sound-level meters and
        of the blog's "energy"; AES17 would add 3.01 dB to call it 0 dBFS), silence reads -inf.

    Taught in notebooks/03_normalization.ipynb.
    """
    return _rms_db(as_float_audio(x))


def crest_factor_db(x: np.ndarray) -> float:
    """Crest factor: how far the sample peak stands above the RMS level, in dB.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; int16 is scaled by 1/32768.

    Returns
    -------
    float
        ``peak_dbfs(x) − rms_dbfs(x)`` (≥ 0): 3.01 dB for a sine, 0 dB for a square wave,
        ~12–20 dB for speech and unmastered music, less for heavily limited masters.

    Raises
    ------
    ValueError
        For silence (all samples zero), whose crest factor is undefined (−inf − −inf).

    Taught in notebooks/03_normalization.ipynb.
    """
    arr = as_float_audio(x)
    peak = _peak_db(arr)
    if peak == -math.inf:
        raise ValueError("crest factor of silence is undefined (peak and RMS are both -inf)")
    return peak - _rms_db(arr)


def _apply_gain(x: np.ndarray, gain_db: float) -> NormalizeResult:
    y = x * (10.0 ** (gain_db / 20.0))
    over = np.abs(y) > 1.0
    n_clipped = int(np.count_nonzero(over))
    return NormalizeResult(
        audio=y,
        gain_db=float(gain_db),
        clipped=n_clipped > 0,
        n_clipped=n_clipped,
        peak_dbfs=_peak_db(y),
    )


def _silence_error(what: str) -> ValueError:
    return ValueError(
        f"x is silence (every sample is 0): silence cannot be normalized — its {what} is "
        "-inf and no gain reaches the target"
    )


def peak_normalize(x: np.ndarray, *, target_dbfs: float = -1.0) -> NormalizeResult:
    """Scale a signal so that its sample peak is ``target_dbfs`` (amplitude normalization).

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; int16 is scaled by 1/32768 first (no overflow). Not modified.
    target_dbfs : float
        Sample peak after normalization, dBFS (default −1, a common safety margin).
        One gain for all channels, so their balance is kept.

    Returns
    -------
    NormalizeResult
        ``audio`` (new float64 array), ``gain_db``, ``clipped``/``n_clipped`` (only if
        ``target_dbfs > 0``) and ``peak_dbfs`` (= ``target_dbfs``).

    Raises
    ------
    ValueError
        Silence, NaN/Inf, empty or >2-D input, non-finite target.

    Safe for playback (the sample peak is known) but not for equal loudness. The true peak
    between samples can still exceed 0 dBFS (ITU-R BS.1770-5 Annex 2).

    Taught in notebooks/03_normalization.ipynb.
    """
    target = _check_target(target_dbfs, "target_dbfs")
    arr = as_float_audio(x)
    level = _peak_db(arr)
    if level == -math.inf:
        raise _silence_error("sample peak")
    return _apply_gain(arr, target - level)


def rms_normalize(x: np.ndarray, *, target_dbfs: float = -20.0) -> NormalizeResult:
    """Scale a signal so that its RMS level is ``target_dbfs`` (energy normalization).

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; int16 is scaled by 1/32768 first (no overflow). Not modified.
    target_dbfs : float
        RMS level after normalization, dBFS, as :func:`rms_dbfs` measures it (mean square
        over all samples and channels; a full-scale sine is −3.01 dBFS). Default −20.

    Returns
    -------
    NormalizeResult
        ``audio`` (new float64 array, **not clipped**), ``gain_db``, ``clipped``,
        ``n_clipped`` and ``peak_dbfs`` after the gain. A clip whose crest factor exceeds
        ``−target_dbfs`` dB clips.

    Raises
    ------
    ValueError
        Silence, NaN/Inf, empty or >2-D input, non-finite target.

    Taught in notebooks/03_normalization.ipynb.
    """
    target = _check_target(target_dbfs, "target_dbfs")
    arr = as_float_audio(x)
    level = _rms_db(arr)
    if level == -math.inf:
        raise _silence_error("RMS level")
    return _apply_gain(arr, target - level)


def loudness_normalize(
    x: np.ndarray,
    sr: float,
    *,
    target_lufs: float = -23.0,
    channel_weights: np.ndarray | None = None,
) -> NormalizeResult:
    """Scale a signal so that its integrated loudness is ``target_lufs`` (ITU-R BS.1770-5).

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio; int16 is scaled by 1/32768 first (no overflow). Not modified.
    sr : float
        Sample rate in Hz, > 0.
    target_lufs : float
        Integrated loudness after normalization, LUFS (default −23, EBU R 128).
    channel_weights : array, optional
        Per-channel weights G_i passed to ``audiolevels.loudness.integrated_loudness``
        (default there: 1.0 for every channel; 1.41 for surround channels per BS.1770).

    Returns
    -------
    NormalizeResult
        ``audio`` (new float64 array, **not clipped**), ``gain_db``, ``clipped``,
        ``n_clipped`` and sample ``peak_dbfs`` after the gain. Quiet, peaky clips (speech)
        often clip at −14 LUFS and louder targets.

    Raises
    ------
    ValueError
        Silence; a signal shorter than one 400 ms gating block, or one whose every block is
        below the −70 LUFS absolute gate (its loudness is -inf, no gain can reach the
        target); NaN/Inf, empty or >2-D input; sr ≤ 0; non-finite target.

    Integrated loudness scales exactly with the gain (every block and both gates move
    together), so one measurement and one multiplication hit the target — except for
    material near the −70 LUFS absolute gate (signal or target below −50 LUFS), where a gain
    can move blocks across that fixed gate; the gain is then refined by re-measuring.

    Taught in notebooks/03_normalization.ipynb.
    """
    from audiolevels.loudness import integrated_loudness

    target = _check_target(target_lufs, "target_lufs")
    sr = check_sr(sr)
    arr = as_float_audio(x)
    if not np.any(arr):
        raise _silence_error("loudness")
    kw = {} if channel_weights is None else {"channel_weights": channel_weights}
    level = float(integrated_loudness(arr, sr, **kw))
    if level == -math.inf:
        dur_s = arr.shape[0] / sr
        raise ValueError(
            f"the integrated loudness of x is -inf, so it cannot be loudness-normalized: "
            f"x lasts {dur_s * 1000:.0f} ms and BS.1770 needs at least one complete 400 ms "
            "block above the -70 LUFS absolute gate (pad or use a longer excerpt, or use "
            "rms_normalize for very short sounds)"
        )
    gain_db = target - level
    # The absolute gate is fixed at -70 LUFS: when the signal or the target is near it,
    # blocks may cross the gate as the gain changes, so re-measure (at most 3 times).
    if min(level, target) < _NEAR_ABSOLUTE_GATE_LUFS:
        for _ in range(3):
            after = float(integrated_loudness(arr * 10.0 ** (gain_db / 20.0), sr, **kw))
            if not math.isfinite(after) or abs(after - target) < 1e-6:
                break
            gain_db += target - after
    return _apply_gain(arr, gain_db)


def lookahead_limiter(
    x: np.ndarray,
    sr: float,
    *,
    ceiling_dbfs: float = -1.0,
    lookahead_ms: float = 5.0,
    release_ms: float = 80.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Offline look-ahead peak limiter: no sample leaves above the ceiling.

    Taught in notebooks/03_normalization.ipynb.

    r[n] = min(1, ceiling / |x[n]|) is the gain each sample needs (the largest channel
    decides, so stereo balance is kept). A minimum filter of width 2L + 1 (L = look-ahead in
    samples) and a moving average of the same width give a smooth gain that starts falling 2L
    samples before a peak, reaches r at the peak and is ≤ r[n] at every n (each value
    averaged at n is a minimum over a window that contains n). A one-pole release,
    g[n] = min(s[n], a·g[n−1] + (1 − a)·s[n]) with a = exp(−1 / (release·sr)), lets the gain
    recover slowly without ever rising above that bound. ``scripts/make_data.py`` made
    ``data/music_mastered.flac`` with it (the defaults).

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio (int16 is scaled by 1/32768). Not modified; may exceed ±1.
    sr : float
        Sample rate in Hz.
    ceiling_dbfs : float
        Largest sample magnitude of the result, dBFS, finite.
    lookahead_ms : float
        Look-ahead L in milliseconds, ≥ 0 (rounded to whole samples).
    release_ms : float
        Release time constant in milliseconds, ≥ 0; 0 leaves out the release stage (the gain
        is the smoothed minimum alone).

    Returns
    -------
    audio : numpy.ndarray of float64
        The limited signal, same shape as ``x``, every ``|sample| ≤ 10**(ceiling_dbfs/20)``.
    gain : numpy.ndarray of float64, shape (samples,)
        The gain applied to each sample frame, in (0, 1].
    """
    audio = as_float_audio(x)
    sr = check_sr(sr)
    ceiling_db = _checks.real_number(ceiling_dbfs, "ceiling_dbfs")
    lookahead_s = _checks.real_number(lookahead_ms, "lookahead_ms", nonnegative=True) / 1000
    release_s = _checks.real_number(release_ms, "release_ms", nonnegative=True) / 1000
    ceiling = 10 ** (ceiling_db / 20)
    peak = np.max(np.abs(audio), axis=1) if audio.ndim == 2 else np.abs(audio)
    need = np.minimum(1.0, ceiling / np.maximum(peak, 1e-12))
    width = 2 * int(round(lookahead_s * sr)) + 1
    _checks.n_samples(width, "lookahead_ms * sr")
    g = uniform_filter1d(minimum_filter1d(need, width, mode="nearest"), width, mode="nearest")
    if release_s * sr > 0:
        a = float(np.exp(-1 / (release_s * sr)))
        gain = np.empty_like(g)
        prev = 1.0
        for i, gi in enumerate(g.tolist()):
            prev = min(gi, a * prev + (1 - a) * gi)
            gain[i] = prev
    else:
        gain = g
    y = audio * (gain[:, None] if audio.ndim == 2 else gain)
    return np.clip(y, -ceiling, ceiling), gain  # the clip guards only against rounding
