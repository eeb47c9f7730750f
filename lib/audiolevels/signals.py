"""Test signals, dB conversions, the playback-level assumption, and input checking shared by
every module.

Array convention (the whole package): audio is ``(samples,)`` or ``(samples, channels)`` —
soundfile's and pyloudnorm's layout — float in [-1, 1] (int16 is scaled by 1/32768, int32
by 1/2**31). librosa uses ``(channels, samples)``: transpose explicitly.

Taught in notebooks/01_equal_loudness.ipynb (the playback assumption) and used by all.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator, Mapping, Sequence

import numpy as np

from audiolevels import _checks

__all__ = [
    "FADE_SHAPES",
    "FULL_SCALE_SPL_DB",
    "amplitude_to_db",
    "as_float_audio",
    "as_real_array",
    "caught_warnings",
    "check_sr",
    "concatenate",
    "db_to_amplitude",
    "dbfs_to_spl",
    "fade",
    "silenced",
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
        contains NaN or Inf, or looks like (channels, samples): more channels than samples,
        or more than ``audiolevels._checks.MAX_CHANNELS`` (32) — pass ``x.T``.
    """
    return _checks.audio(x, name, allow_empty=_checks.boolean(allow_empty, "allow_empty"))


def check_sr(sr: object) -> float:
    """Check a sample rate: a real number, finite and > 0 (Hz); return it as a float.

    Raises
    ------
    TypeError
        If ``sr`` is not a number (bool, str, None …).
    ValueError
        If ``sr`` is NaN, infinite, zero or negative.
    """
    return _checks.sample_rate(sr, "sr")


def as_real_array(x: object, name: str) -> np.ndarray:
    """A real, finite number or array (frequencies, levels …) as a float64 array (a copy).

    Raises
    ------
    TypeError
        If ``x`` is not real numbers (bool, complex, strings, objects).
    ValueError
        If ``x`` contains NaN or Inf.
    """
    return _checks.real_array(x, name)


def sine(
    freq_hz: float,
    duration_s: float,
    sr: int,
    *,
    amplitude: float = 1.0,
    phase_deg: float = 0.0,
) -> np.ndarray:
    """A sine tone ``amplitude * sin(2π f t + phase)``, t = n / sr.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    freq_hz : float
        Frequency in Hz, 0 < f < sr / 2.
    duration_s : float
        Duration in seconds (rounded to whole samples; at most 2**28 samples).
    sr : int
        Sample rate in Hz, > 0.
    amplitude : float
        Peak amplitude, finite (1.0 = full scale; its RMS is amplitude / √2).
    phase_deg : float
        Starting phase in degrees, finite.

    Returns
    -------
    numpy.ndarray of float64, shape (samples,)
    """
    sr = check_sr(sr)
    duration_s = _checks.real_number(duration_s, "duration_s", positive=True)
    freq_hz = _checks.real_number(freq_hz, "freq_hz", positive=True)
    amplitude = _checks.real_number(amplitude, "amplitude")
    phase_deg = _checks.real_number(phase_deg, "phase_deg")
    if freq_hz >= sr / 2:
        raise ValueError(f"freq_hz must be below Nyquist (sr/2 = {sr / 2} Hz), got {freq_hz}")
    n = np.arange(_checks.n_samples(round(duration_s * sr), "sine(duration_s * sr)"))
    return amplitude * np.sin(2 * np.pi * freq_hz * n / sr + np.deg2rad(phase_deg))


def db_to_amplitude(db: float | np.ndarray) -> float | np.ndarray:
    """Amplitude ratio from decibels: 10**(dB/20); −inf dB → 0.

    Parameters
    ----------
    db : float or array
        Levels in dB (±inf allowed, NaN and ``None`` are not).

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``db`` (0-d for a scalar).
    """
    return 10.0 ** (_checks.real_array(db, "db", allow_inf=True) / 20.0)


def amplitude_to_db(amplitude: float | np.ndarray) -> float | np.ndarray:
    """Decibels from an amplitude ratio: 20·log10(|a|); 0 → −inf (no warning).

    Parameters
    ----------
    amplitude : float or array
        Amplitude ratios (±inf allowed, NaN and ``None`` are not).

    Returns
    -------
    numpy.ndarray of float64
        Same shape as ``amplitude`` (0-d for a scalar).
    """
    a = np.abs(_checks.real_array(amplitude, "amplitude", allow_inf=True))
    with np.errstate(divide="ignore"):
        return 20.0 * np.log10(a)


def dbfs_to_spl(dbfs: float | np.ndarray, *, full_scale_spl_db: float = FULL_SCALE_SPL_DB):
    """Sound pressure level a digital level plays back at, under an assumed calibration.

    Taught in notebooks/01_equal_loudness.ipynb.

    A digital signal has no loudness until you choose a playback level. With the blog's
    assumption, a sine whose RMS is ``dbfs`` dBFS plays at ``full_scale_spl_db + dbfs`` dB SPL.

    Parameters
    ----------
    dbfs : float or array
        Level in dB relative to full scale (−inf allowed).
    full_scale_spl_db : float
        SPL at 0 dBFS (default 100 dB, the blog's example), finite.

    Returns
    -------
    float or numpy.ndarray
        dB SPL.
    """
    offset = _checks.real_number(full_scale_spl_db, "full_scale_spl_db")
    return _checks.real_array(dbfs, "dbfs", allow_inf=True) + offset


def spl_to_dbfs(spl_db: float | np.ndarray, *, full_scale_spl_db: float = FULL_SCALE_SPL_DB):
    """Digital level (dBFS) that plays back at ``spl_db`` dB SPL; inverse of :func:`dbfs_to_spl`.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    spl_db : float or array
        Sound pressure level in dB (−inf allowed).
    full_scale_spl_db : float
        SPL at 0 dBFS, finite.

    Returns
    -------
    float or numpy.ndarray
        dBFS.
    """
    offset = _checks.real_number(full_scale_spl_db, "full_scale_spl_db")
    return _checks.real_array(spl_db, "spl_db", allow_inf=True) - offset


# ----------------------------------------------------------------------------- listening sets

FADE_SHAPES = ("linear", "cosine")


def fade(x: np.ndarray, sr: float, *, fade_s: float = 0.01, shape: str = "linear") -> np.ndarray:
    """Fade a clip in and out (against clicks when it starts and stops).

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Audio; int16 is scaled by 1/32768. Not modified.
    sr : float
        Sample rate in Hz.
    fade_s : float
        Length of each fade in seconds, ≥ 0, rounded to n = round(fade_s·sr) samples; the two
        fades must fit in the clip (2n ≤ samples). 0 gives an unchanged copy.
    shape : {"linear", "cosine"}
        ``"linear"``: the gain rises ``np.linspace(0, 1, n)`` over the first n samples and
        falls the same way over the last n. ``"cosine"``: a raised cosine,
        0.5 − 0.5·cos(π k / n) for k = 0 … n − 1.

    Returns
    -------
    numpy.ndarray of float64
        A faded copy, same shape as ``x``.
    """
    audio = as_float_audio(x)
    sr = check_sr(sr)
    fade_s = _checks.real_number(fade_s, "fade_s", nonnegative=True)
    shape = _checks.choice(shape, "shape", FADE_SHAPES)
    n = int(round(fade_s * sr))
    if 2 * n > audio.shape[0]:
        raise ValueError(
            f"fade_s={fade_s:g} s is {n} samples at sr={sr:g} Hz: two such fades do not fit in "
            f"a clip of {audio.shape[0]} samples; use a shorter fade_s"
        )
    if n == 0:
        return audio
    if shape == "linear":
        ramp = np.linspace(0.0, 1.0, n)
    else:
        ramp = 0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n)
    env = np.ones(audio.shape[0])
    env[:n] = ramp
    env[-n:] = ramp[::-1]
    return audio * (env[:, None] if audio.ndim == 2 else env)


def concatenate(
    clips: Sequence[np.ndarray] | Mapping[str, np.ndarray],
    sr: float,
    *,
    gap_s: float = 0.25,
    fade_s: float = 0.01,
) -> np.ndarray:
    """A listening set: clips faded in and out, one after the other, each followed by silence.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    clips : sequence of arrays, or a mapping name → array (its values, in order)
        Each of shape (samples,) or (samples, channels); all mono or all with the same
        number of channels. Not modified.
    sr : float
        Sample rate in Hz (the same for every clip).
    gap_s : float
        Seconds of silence after each clip (the last one included), ≥ 0.
    fade_s : float
        Linear fade in and out of each clip, seconds (see :func:`fade`).

    Returns
    -------
    numpy.ndarray of float64
        Shape (samples,) for mono clips, (samples, channels) otherwise. The levels of the clips
        are kept: no clip is rescaled.
    """
    if isinstance(clips, Mapping):
        clips = list(clips.values())
    if isinstance(clips, str | bytes | np.ndarray) or not isinstance(clips, Sequence):
        raise TypeError(
            f"clips must be a list (or dict) of audio arrays, got {type(clips).__name__}"
        )
    if not clips:
        raise ValueError("clips is empty: a listening set needs at least one clip")
    sr = check_sr(sr)
    gap_s = _checks.real_number(gap_s, "gap_s", nonnegative=True)
    faded = [fade(c, sr, fade_s=fade_s) for c in clips]
    shapes = {c.shape[1:] for c in faded}
    if len(shapes) > 1:
        raise ValueError(
            "clips must all be mono or all have the same number of channels, got shapes "
            f"{[c.shape for c in faded]}"
        )
    n_gap = int(round(gap_s * sr))
    total = sum(c.shape[0] + n_gap for c in faded)
    _checks.n_samples(total * (faded[0].shape[1] if faded[0].ndim == 2 else 1), "concatenate")
    gap = np.zeros((n_gap, *faded[0].shape[1:]))
    parts = []
    for c in faded:
        parts += [c, gap]
    return np.concatenate(parts, axis=0)


# ----------------------------------------------------------------------------- warnings


def _check_warning_category(category: object) -> type[Warning]:
    if not (isinstance(category, type) and issubclass(category, Warning)):
        raise TypeError(f"category must be a Warning class such as UserWarning, got {category!r}")
    return category


@contextlib.contextmanager
def silenced(category: type[Warning], reason: str) -> Iterator[None]:
    """Silence warnings of one category on purpose, and say so.

    Inside the block, warnings of ``category`` (and its subclasses) are not shown; other
    warnings are. If any were silenced, one line ``(silenced N <Category>: <reason>)`` is
    printed when the block ends, so the reader knows what was hidden and why.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    category : Warning class
        E.g. ``UserWarning``.
    reason : str
        Why silencing is right here; required, not empty.

    Examples
    --------
    >>> with silenced(UserWarning, "10 phon lies outside ISO 226's range; drawn dashed"):
    ...     family = spl_from_phon(levels)  # doctest: +SKIP
    """
    category = _check_warning_category(category)
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(f"reason must say why the warnings are silenced, got {reason!r}")
    with caught_warnings(category) as caught:
        yield
    if caught:
        print(f"(silenced {len(caught)} {category.__name__}: {reason.strip()})")


@contextlib.contextmanager
def caught_warnings(category: type[Warning] = Warning) -> Iterator[list[str]]:
    """Record the warnings of one category raised inside the block, instead of showing them.

    Every occurrence is recorded (as with ``warnings.simplefilter("always")``), as the text of
    its message, in the list the block receives; warnings of other categories are shown as
    usual.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    category : Warning class
        E.g. ``UserWarning``; default ``Warning`` (every warning).

    Yields
    ------
    list of str
        The messages, filled in as the warnings occur.
    """
    category = _check_warning_category(category)
    messages: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("always", category)
        shown = warnings.showwarning

        def record(message, cat, filename, lineno, file=None, line=None):
            if issubclass(cat, category):
                messages.append(str(message))
            else:
                shown(message, cat, filename, lineno, file, line)

        warnings.showwarning = record
        yield messages
