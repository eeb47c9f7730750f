"""Test signals, dB conversions, the playback-level assumption, and input checking shared by
every module.

Array convention (the whole package): audio is ``(samples,)`` or ``(samples, channels)`` —
soundfile's and pyloudnorm's layout — float in [-1, 1] (int16 is scaled by 1/32768, int32
by 1/2**31). librosa uses ``(channels, samples)``: transpose explicitly.

Taught in notebooks/01_equal_loudness.ipynb (the playback assumption) and used by all.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "FULL_SCALE_SPL_DB",
    "amplitude_to_db",
    "as_float_audio",
    "as_real_array",
    "check_sr",
    "db_to_amplitude",
    "dbfs_to_spl",
    "sine",
    "spl_to_dbfs",
]

#: The blog's assumption for putting a digital signal on the SPL axis: 0 dBFS = 100 dB SPL.
FULL_SCALE_SPL_DB = 100.0


def as_float_audio(x: object, *, name: str = "x", allow_empty: bool = False) -> np.ndarray:
    """Check an audio array and return it as float64 (always a new array, never a view).

    Parameters
    ----------
    x : array_like, shape (samples,) or (samples, channels)
        Float audio, or integer PCM: int16 is scaled by 1/32768, int32 by 1/2**31,
        uint8 (8-bit WAV, offset binary) by (x - 128)/128.
    name : str
        The argument's name, used in error messages.
    allow_empty : bool
        Accept zero samples.

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``x``; a copy, so the caller's array is never modified.

    Raises
    ------
    TypeError
        If ``x`` is not numeric (bool, complex, object, strings).
    ValueError
        If ``x`` is 0-D or has more than 2 dimensions, has no samples (unless allowed),
        or contains NaN or Inf.
    """
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real float or integer array, got dtype {arr.dtype}")
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"{name} must have shape (samples,) or (samples, channels), got shape {arr.shape}"
        )
    if arr.shape[0] == 0 and not allow_empty:
        raise ValueError(f"{name} is empty (0 samples)")
    if arr.ndim == 2 and arr.shape[1] == 0:
        raise ValueError(f"{name} has 0 channels (shape {arr.shape})")
    if arr.dtype == np.int16:
        out = arr.astype(np.float64) / 32768.0
    elif arr.dtype == np.int32:
        out = arr.astype(np.float64) / 2.0**31
    elif arr.dtype == np.uint8:
        out = (arr.astype(np.float64) - 128.0) / 128.0
    elif np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name}: integer PCM must be int16, int32 or uint8, got {arr.dtype}")
    else:
        out = np.array(arr, dtype=np.float64, copy=True)
        if not np.all(np.isfinite(out)):
            raise ValueError(f"{name} contains NaN or Inf")
    return out


def check_sr(sr: object) -> float:
    """Check a sample rate: a real number, finite and > 0 (Hz); return it as a float.

    Raises
    ------
    TypeError
        If ``sr`` is not a number (bool, str, None …).
    ValueError
        If ``sr`` is NaN, infinite, zero or negative.
    """
    if isinstance(sr, bool) or not isinstance(sr, int | float | np.integer | np.floating):
        raise TypeError(f"sr must be a number (Hz), got {type(sr).__name__}")
    v = float(sr)
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"sr must be a finite sample rate > 0 Hz, got {sr!r}")
    return v


def as_real_array(x: object, name: str) -> np.ndarray:
    """A real, finite number or array (frequencies, levels …) as a float64 array (a copy).

    Raises
    ------
    TypeError
        If ``x`` is not real numbers (bool, complex, strings, objects).
    ValueError
        If ``x`` contains NaN or Inf.
    """
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real number or array of them, got dtype {arr.dtype}")
    arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or Inf: {x!r}")
    return arr


def _check_positive(value: float, name: str) -> float:
    v = float(value)
    if not np.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return v


def sine(
    freq_hz: float,
    duration_s: float,
    sr: int,
    *,
    amplitude: float = 1.0,
    phase_deg: float = 0.0,
) -> np.ndarray:
    """A sine tone ``amplitude * sin(2π f t + phase)``, t = n / sr.

    Parameters
    ----------
    freq_hz : float
        Frequency in Hz, 0 < f < sr / 2.
    duration_s : float
        Duration in seconds (rounded to whole samples).
    sr : int
        Sample rate in Hz, > 0.
    amplitude : float
        Peak amplitude (1.0 = full scale; its RMS is amplitude / √2, −3.01 dBFS at 1.0).
    phase_deg : float
        Starting phase in degrees.

    Returns
    -------
    numpy.ndarray of float64, shape (samples,)
    """
    sr = check_sr(sr)
    duration_s = _check_positive(duration_s, "duration_s")
    freq_hz = _check_positive(freq_hz, "freq_hz")
    if freq_hz >= sr / 2:
        raise ValueError(f"freq_hz must be below Nyquist (sr/2 = {sr / 2} Hz), got {freq_hz}")
    n = np.arange(round(duration_s * sr))
    return amplitude * np.sin(2 * np.pi * freq_hz * n / sr + np.deg2rad(phase_deg))


def db_to_amplitude(db: float | np.ndarray) -> float | np.ndarray:
    """Amplitude ratio from decibels: 10**(dB/20)."""
    return 10.0 ** (np.asarray(db, dtype=np.float64) / 20.0)


def amplitude_to_db(amplitude: float | np.ndarray) -> float | np.ndarray:
    """Decibels from an amplitude ratio: 20·log10(|a|); 0 → -inf (no warning)."""
    a = np.abs(np.asarray(amplitude, dtype=np.float64))
    with np.errstate(divide="ignore"):
        return 20.0 * np.log10(a)


def dbfs_to_spl(dbfs: float | np.ndarray, *, full_scale_spl_db: float = FULL_SCALE_SPL_DB):
    """Sound pressure level a digital level plays back at, under an assumed calibration.

    A digital signal has no loudness until you choose a playback level. With the blog's
    assumption, a sine whose RMS is ``dbfs`` dBFS plays at ``full_scale_spl_db + dbfs`` dB SPL.

    Parameters
    ----------
    dbfs : float or array
        Level in dB relative to full scale.
    full_scale_spl_db : float
        SPL at 0 dBFS (default 100 dB, the blog's example).

    Returns
    -------
    float or numpy.ndarray
        dB SPL.

    Taught in notebooks/01_equal_loudness.ipynb.
    """
    return np.asarray(dbfs, dtype=np.float64) + float(full_scale_spl_db)


def spl_to_dbfs(spl_db: float | np.ndarray, *, full_scale_spl_db: float = FULL_SCALE_SPL_DB):
    """Digital level (dBFS) that plays back at ``spl_db`` dB SPL; inverse of :func:`dbfs_to_spl`."""
    return np.asarray(spl_db, dtype=np.float64) - float(full_scale_spl_db)
