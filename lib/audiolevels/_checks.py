"""The one place where arguments are checked, so that every function fails the same clear way.

Every public function of the package validates its arguments through these helpers; a new
module does the same. Each helper takes the value and the argument's ``name`` (used in the
message), and returns the value converted (a float, an int, a float64 copy of an array …) or
raises ``TypeError`` (wrong kind of value: a string, ``None``, a bool, a complex number) or
``ValueError`` (right kind, wrong value: NaN, ±inf, out of range, wrong shape). Messages name
the argument, show what was passed and say what is allowed.

API
---
``audio(x, name="x", *, allow_empty=False, max_channels=MAX_CHANNELS)``
    Audio as a new float64 array of shape ``(samples,)`` or ``(samples, channels)``: int16 is
    scaled by 1/32768, int32 by 1/2**31, uint8 (8-bit WAV) by (x − 128)/128; NaN/±inf,
    complex, bool, object and string arrays are rejected. A 2-D array with more channels than
    samples, or more than ``max_channels`` channels, is rejected as transposed: librosa's
    ``(channels, samples)`` layout must be passed as ``x.T`` (:func:`layout`).
``layout(arr, name="x", *, max_channels=MAX_CHANNELS)``
    Only the transposed-layout check, for arrays of another kind (int16 PCM, codes).
``sample_rate(sr, name="sr", *, min_hz=None, max_hz=None)``
    A finite sample rate > 0 Hz as a float.
``real_number(v, name, *, finite=True, positive=False, nonnegative=False, min=None, max=None)``
    One real number as a float (NumPy scalars and 0-d arrays accepted; NaN always rejected).
``integer(v, name, *, min=None, max=None)``
    One integer (not a bool, not a float) as an int.
``boolean(v, name)``
    ``True`` or ``False`` (NumPy bools accepted); anything else, ``"no"`` and ``0`` included,
    is a TypeError.
``choice(v, name, options, *, casefold=False)``
    One of ``options`` (strings compared case-insensitively with ``casefold=True``).
``real_array(x, name, *, allow_inf=False)``
    Real numbers (a scalar or any array) as a new float64 array; NaN rejected.
``n_samples(n, name)``
    The size of an array about to be allocated, checked against :data:`MAX_SAMPLES` so that an
    absurd request (``sr=1e12``) is a ValueError instead of a ``MemoryError``.

Limits: :data:`MAX_CHANNELS` = 32 channels (more is taken for a transposed array; 22.2
surround has 24), :data:`MAX_SAMPLES` = 2**28 values (268 435 456, 2 GiB of float64, 93 min
of mono audio at 48 kHz) for arrays a function creates from its parameters.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np

__all__ = [
    "MAX_CHANNELS",
    "MAX_SAMPLES",
    "audio",
    "boolean",
    "choice",
    "integer",
    "layout",
    "n_samples",
    "real_array",
    "real_number",
    "sample_rate",
]

#: Most channels an audio array may have; a wider 2-D array is taken for (channels, samples).
MAX_CHANNELS = 32
#: Most values a function allocates from its parameters (2**28: 2 GiB of float64).
MAX_SAMPLES = 2**28


def _kind(v: object) -> str:
    return f"{type(v).__name__} {v!r}" if not isinstance(v, np.ndarray) else f"array {v.dtype}"


def layout(arr: np.ndarray, name: str = "x", *, max_channels: int = MAX_CHANNELS) -> None:
    """Raise ValueError if a 2-D array looks like (channels, samples), not (samples, channels)."""
    if arr.ndim != 2:
        return
    n, ch = arr.shape
    if ch > n or ch > max_channels:
        why = (
            f"more channels ({ch}) than samples ({n})"
            if ch > n
            else f"{ch} channels, more than the {max_channels} this package accepts"
        )
        raise ValueError(
            f"{name} has shape {arr.shape} ({why}): that looks like (channels, samples) — "
            f"librosa's layout; this package takes (samples, channels): pass {name}.T"
        )


def audio(
    x: object,
    name: str = "x",
    *,
    allow_empty: bool = False,
    max_channels: int = MAX_CHANNELS,
) -> np.ndarray:
    """Audio as a new float64 array, shape (samples,) or (samples, channels); see the module."""
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be an audio array (samples[, channels]), got {_kind(x)}")
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
    if arr.shape[0] > 0:
        layout(arr, name, max_channels=max_channels)
    if arr.dtype == np.int16:
        return arr.astype(np.float64) / 32768.0
    if arr.dtype == np.int32:
        return arr.astype(np.float64) / 2.0**31
    if arr.dtype == np.uint8:
        return (arr.astype(np.float64) - 128.0) / 128.0
    if np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"{name}: integer PCM must be int16, int32 or uint8, got {arr.dtype}")
    out = np.array(arr, dtype=np.float64, copy=True)
    if not np.all(np.isfinite(out)):
        raise ValueError(f"{name} contains NaN or Inf")
    return out


def real_number(
    v: object,
    name: str,
    *,
    finite: bool = True,
    positive: bool = False,
    nonnegative: bool = False,
    min: float | None = None,  # noqa: A002 - reads as the bound it is
    max: float | None = None,  # noqa: A002
) -> float:
    """One real number as a float; NaN is always rejected, ±inf unless ``finite=False``."""
    if isinstance(v, np.ndarray) and v.ndim == 0:
        v = v[()]
    if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_kind(v)}")
    f = float(v)
    if math.isnan(f):
        raise ValueError(f"{name} must be a number, got NaN")
    if finite and math.isinf(f):
        raise ValueError(f"{name} must be finite, got {v!r}")
    if positive and not f > 0:
        raise ValueError(f"{name} must be > 0, got {v!r}")
    if nonnegative and not f >= 0:
        raise ValueError(f"{name} must be ≥ 0, got {v!r}")
    if min is not None and f < min:
        raise ValueError(f"{name} must be ≥ {min:g}, got {v!r}")
    if max is not None and f > max:
        raise ValueError(f"{name} must be ≤ {max:g}, got {v!r}")
    return f


def sample_rate(
    sr: object, name: str = "sr", *, min_hz: float | None = None, max_hz: float | None = None
) -> float:
    """A finite sample rate > 0 Hz (and within [min_hz, max_hz] if given) as a float."""
    if isinstance(sr, np.ndarray) and sr.ndim == 0:
        sr = sr[()]
    if isinstance(sr, bool | np.bool_) or not isinstance(sr, numbers.Real):
        raise TypeError(f"{name} must be a number (Hz), got {_kind(sr)}")
    v = float(sr)
    if not math.isfinite(v) or v <= 0:
        raise ValueError(f"{name} must be a finite sample rate > 0 Hz, got {sr!r}")
    if min_hz is not None and v < min_hz:
        raise ValueError(f"{name} must be ≥ {min_hz:g} Hz here, got {sr!r}")
    if max_hz is not None and v > max_hz:
        raise ValueError(f"{name} must be ≤ {max_hz:g} Hz here, got {sr!r}")
    return v


def integer(
    v: object,
    name: str,
    *,
    min: int | None = None,  # noqa: A002
    max: int | None = None,  # noqa: A002
) -> int:
    """One integer (Python or NumPy; not a bool, not a float) as an int, within [min, max]."""
    if isinstance(v, np.ndarray) and v.ndim == 0:
        v = v[()]
    if isinstance(v, bool | np.bool_) or not isinstance(v, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_kind(v)}")
    i = int(v)
    if min is not None and i < min:
        raise ValueError(f"{name} must be ≥ {min}, got {v!r}")
    if max is not None and i > max:
        raise ValueError(f"{name} must be ≤ {max}, got {v!r}")
    return i


def boolean(v: object, name: str) -> bool:
    """``True`` or ``False``; a string such as ``"no"``, a number or ``None`` is a TypeError."""
    if not isinstance(v, bool | np.bool_):
        raise TypeError(f"{name} must be True or False, got {_kind(v)}")
    return bool(v)


def choice(v: object, name: str, options: Sequence[object], *, casefold: bool = False) -> object:
    """One of ``options``; with ``casefold``, a string in any case (returned as listed)."""
    allowed = ", ".join(repr(o) for o in options)
    try:
        if casefold and isinstance(v, str):
            for o in options:
                if isinstance(o, str) and o.casefold() == v.casefold():
                    return o
        elif not isinstance(v, bool | np.bool_) and v in options:
            return v
    except (TypeError, ValueError):  # unhashable or array-valued: not an option either
        pass
    case = " (any case)" if casefold else ""
    raise ValueError(f"{name} must be one of {allowed}{case}, got {v!r}")


def real_array(x: object, name: str, *, allow_inf: bool = False) -> np.ndarray:
    """Real numbers (scalar or array) as a new float64 array; NaN (and ±inf) rejected."""
    if isinstance(x, str | bytes) or x is None:
        raise TypeError(f"{name} must be a real number or an array of them, got {_kind(x)}")
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real number or array of them, got dtype {arr.dtype}")
    out = arr.astype(np.float64)
    if np.any(np.isnan(out)) or (not allow_inf and not np.all(np.isfinite(out))):
        raise ValueError(f"{name} contains NaN{'' if allow_inf else ' or Inf'}: {x!r}")
    return out


def n_samples(n: float, name: str) -> int:
    """Check the size of an array to allocate against :data:`MAX_SAMPLES`; return it as an int."""
    if not n <= MAX_SAMPLES:
        raise ValueError(
            f"{name} asks for {n:.4g} samples, more than the {MAX_SAMPLES} (2**28, 2 GiB of "
            "float64) this package creates at once: use a shorter duration or a lower sr"
        )
    return int(n)
