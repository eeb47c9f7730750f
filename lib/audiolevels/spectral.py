"""Log-magnitude STFTs in dB, scaling them into a model's input range, and GANSynth's
instantaneous frequency.

The blog's fifth method (주파수 도메인 (STFT) 노멀라이즈): many models rescale a log STFT
magnitude into [0, 80], [0, 120], [−120, 0] or [−1, 1]; GANSynth (Engel et al. 2019) scales
magnitude and phase (as instantaneous frequency) into [−1, 1] so its final tanh works in its
linear region. Conventions of this module:

* **STFT**: ``librosa.stft`` with its defaults — periodic Hann window of ``n_fft`` samples
  (``scipy.signal.get_window("hann", n_fft, fftbins=True)``), ``center=True`` with zero
  padding of ``n_fft // 2`` on each side (``pad_mode="constant"``), so frame m is centred on
  sample ``m · hop_length`` and there are ``1 + samples // hop_length`` frames.
* **Scale**: the STFT is divided by ``sum(window) / 2`` (= ``n_fft / 4`` for the Hann window),
  so a full-scale sine whose frequency lies on a bin centre reads **0 dB** in its peak bin
  (in frames away from the edges); librosa's unscaled STFT reads that sine at
  ``20·log10(n_fft / 4)`` dB (54.19 dB for n_fft = 2048). A sine between bins reads lower
  (Hann scalloping, at most 1.42 dB); a DC offset of 1 reads +6.02 dB.
* **Shapes**: audio ``(samples,)`` → ``(freq, frames)``; ``(samples, channels)`` →
  ``(channels, freq, frames)`` (librosa's multichannel layout), freq = ``1 + n_fft // 2``.
* **Reference**: ``ref`` is a fixed positive number unless the caller writes ``ref="max"``;
  ``"max"`` is the largest magnitude of the whole array, *all channels together* (one number
  per call, so the balance between channels is kept), on every librosa version — librosa 1.0's
  ``amplitude_to_db(ref=np.max)`` takes one maximum per channel on 3-D input, 0.11 one for all.
  ``top_db`` is likewise taken from the maximum over all channels.

Taught in notebooks/06_stft_normalization.ipynb.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import librosa
import numpy as np

from audiolevels.signals import as_float_audio, check_sr

__all__ = [
    "DbScaler",
    "ScaleStats",
    "instantaneous_frequency",
    "log_magnitude_db",
    "phase_from_instantaneous_frequency",
]

_MODES = ("fixed", "dataset", "per_utterance", "standardize")


# --------------------------------------------------------------------------- input checks
def _check_int(value: object, name: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer >= {minimum}, got {type(value).__name__}")
    v = int(value)
    if v < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}")
    return v


def _check_number(value: object, name: str, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = "a finite number > 0" if positive else "a finite number"
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__}")
    v = float(value)
    if not np.isfinite(v) or (positive and v <= 0):
        kind = "a finite number > 0" if positive else "a finite number"
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return v


def _as_audio(x: object) -> np.ndarray:
    return as_float_audio(x, name="x")  # refuses (channels, samples) with the x.T hint


def _as_db_array(s: object, name: str) -> np.ndarray:
    """Float64 copy of a dB array; -inf (silence) is allowed, NaN and +inf are not."""
    arr = np.asarray(s)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real array of dB values, got dtype {arr.dtype}")
    arr = np.array(arr, dtype=np.float64, copy=True)
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if np.any(np.isnan(arr)) or np.any(arr == np.inf):
        raise ValueError(f"{name} contains NaN or +Inf (only -inf, silence, is allowed)")
    return arr


# --------------------------------------------------------------------------- log magnitude
def log_magnitude_db(
    x: np.ndarray,
    sr: float,
    *,
    n_fft: int = 2048,
    hop_length: int = 512,
    ref: float | str = 1.0,
    amin: float = 1e-10,
    top_db: float | None = None,
) -> np.ndarray:
    """Log-magnitude STFT in dB, scaled so that a full-scale bin-centred sine reads 0 dB.

    ``20·log10(max(amin, |X|)) − 20·log10(max(amin, ref))`` with
    ``X = librosa.stft(x) / (sum(window) / 2)`` (periodic Hann, ``center=True``, zero
    padding), then, if ``top_db`` is given, raised to at least ``max − top_db``. Equal to
    ``librosa.amplitude_to_db(|X|, ref=ref, amin=amin, top_db=top_db)`` on the same ``X``.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio in [-1, 1]; int16 is scaled by 1/32768.
    sr : float
        Sample rate in Hz (checked; bin k lies at ``k · sr / n_fft`` Hz).
    n_fft : int
        FFT and window length in samples, >= 2.
    hop_length : int
        Hop between frames in samples, 1 … ``n_fft`` (a larger hop would skip samples).
    ref : float or "max"
        Amplitude that reads 0 dB: a fixed number > 0 (1.0 = full-scale sine), or ``"max"``
        for the largest ``|X|`` of the whole array (all channels) — which erases the level.
    amin : float
        Smallest amplitude, > 0: quieter bins (and silence) read ``20·log10(amin / ref)``.
    top_db : float or None
        If given (>= 0), no value lies more than ``top_db`` below the array's maximum.

    Returns
    -------
    numpy.ndarray of float64, shape (freq, frames) or (channels, freq, frames)
        freq = ``1 + n_fft // 2``, frames = ``1 + samples // hop_length``.

    Raises
    ------
    TypeError, ValueError
        For bad audio (NaN/Inf, empty, (channels, samples) layout), sr, n_fft, hop_length,
        ref, amin or top_db.

    Taught in notebooks/06_stft_normalization.ipynb.
    """
    audio = _as_audio(x)
    check_sr(sr)
    n_fft = _check_int(n_fft, "n_fft", minimum=2)
    hop_length = _check_int(hop_length, "hop_length", minimum=1)
    if hop_length > n_fft:
        raise ValueError(
            f"hop_length must be <= n_fft ({n_fft}), got {hop_length}: frames would skip samples"
        )
    if isinstance(ref, str):
        if ref != "max":
            raise ValueError(f'ref must be a number > 0 or the string "max", got {ref!r}')
    elif callable(ref):
        raise TypeError('ref must be a number > 0 or "max", not a function (such as np.max)')
    else:
        ref = _check_number(ref, "ref", positive=True)
    amin = _check_number(amin, "amin", positive=True)
    if top_db is not None:
        top_db = _check_number(top_db, "top_db")
        if top_db < 0:
            raise ValueError(f"top_db must be >= 0 (or None), got {top_db}")

    window = librosa.filters.get_window("hann", n_fft, fftbins=True)
    stft = librosa.stft(audio.T, n_fft=n_fft, hop_length=hop_length, window="hann", center=True)
    magnitude = np.abs(stft) / (np.sum(window) / 2.0)

    ref_value = float(np.max(magnitude)) if ref == "max" else ref
    out = 20.0 * np.log10(np.maximum(amin, magnitude))
    out -= 20.0 * np.log10(max(amin, ref_value))
    if top_db is not None:
        out = np.maximum(out, out.max() - top_db)
    return out


# --------------------------------------------------------------------------- scaler
@dataclass(frozen=True)
class ScaleStats:
    """What the last :meth:`DbScaler.transform` did.

    Attributes
    ----------
    floor_db, ceiling_db : float
        The dB window the values were clipped to (in ``per_utterance`` mode ``ceiling_db`` is
        the utterance's own maximum: pass it to :meth:`DbScaler.inverse_transform`).
    n_values : int
        Number of values transformed.
    n_below_floor, n_above_ceiling : int
        Values strictly below ``floor_db`` / above ``ceiling_db``, set to the floor / ceiling.
    """

    floor_db: float
    ceiling_db: float
    n_values: int
    n_below_floor: int
    n_above_ceiling: int

    @property
    def n_clipped(self) -> int:
        """Values clipped at either end."""
        return self.n_below_floor + self.n_above_ceiling

    @property
    def fraction_clipped(self) -> float:
        """Share of values clipped at either end, 0 … 1."""
        return self.n_clipped / self.n_values


class DbScaler:
    """Scale dB spectrograms into a model's input range, and back.

    Every mode first clips the values to a dB window [floor, ceiling] (counted in
    :attr:`last_stats`), then maps that window linearly onto ``out_range`` — except
    ``"standardize"``, which maps to zero mean and unit variance:

    * ``"fixed"``: the window is ``[floor_db, ceiling_db]`` as given; no fit.
    * ``"dataset"``: :meth:`fit` sets the ceiling to the largest value in the data and the floor
      ``ceiling_db − floor_db`` below it — one window for all clips, so their levels stay
      comparable.
    * ``"per_utterance"``: every call to :meth:`transform` uses the array's own maximum as the
      ceiling (floor ``ceiling_db − floor_db`` below it): every clip peaks at ``out_range[1]``,
      which erases its level. No fit.
    * ``"standardize"``: window ``[floor_db, ceiling_db]`` as given; :meth:`fit` takes the mean
      and standard deviation of the clipped data; the output is ``(v − mean) / std``
      (``out_range`` is not used).

    Parameters
    ----------
    floor_db, ceiling_db : float
        The dB window (``floor_db < ceiling_db``); in ``"dataset"`` and ``"per_utterance"``
        modes only their difference (the dynamic range kept) is used.
    out_range : (float, float)
        Output interval ``(low, high)``, ``low < high``: the floor maps to ``low``, the
        ceiling to ``high``.
    mode : {"fixed", "dataset", "per_utterance", "standardize"}

    Taught in notebooks/06_stft_normalization.ipynb.
    """

    def __init__(
        self,
        floor_db: float = -80.0,
        ceiling_db: float = 0.0,
        out_range: tuple[float, float] = (-1.0, 1.0),
        *,
        mode: str = "fixed",
    ) -> None:
        self.floor_db = _check_number(floor_db, "floor_db")
        self.ceiling_db = _check_number(ceiling_db, "ceiling_db")
        if not self.floor_db < self.ceiling_db:
            raise ValueError(
                f"floor_db must be below ceiling_db, got floor_db={floor_db}, "
                f"ceiling_db={ceiling_db}"
            )
        if isinstance(out_range, str | bytes) or not isinstance(out_range, Sequence):
            raise TypeError(f"out_range must be a pair (low, high), got {out_range!r}")
        if len(out_range) != 2:
            raise ValueError(f"out_range must be a pair (low, high), got {out_range!r}")
        low = _check_number(out_range[0], "out_range[0]")
        high = _check_number(out_range[1], "out_range[1]")
        if not low < high:
            raise ValueError(f"out_range must be (low, high) with low < high, got {out_range!r}")
        self.out_range = (low, high)
        if mode not in _MODES:
            raise ValueError(f"mode must be one of {', '.join(map(repr, _MODES))}; got {mode!r}")
        self.mode = mode
        self.floor_db_: float | None = None
        self.ceiling_db_: float | None = None
        self.mean_db_: float | None = None
        self.std_db_: float | None = None
        self.last_stats: ScaleStats | None = None
        if mode == "fixed" or mode == "standardize":
            self.floor_db_, self.ceiling_db_ = self.floor_db, self.ceiling_db

    def __repr__(self) -> str:
        return (
            f"DbScaler(floor_db={self.floor_db}, ceiling_db={self.ceiling_db}, "
            f"out_range={self.out_range}, mode={self.mode!r})"
        )

    @property
    def range_db(self) -> float:
        """The dynamic range kept, ``ceiling_db − floor_db`` (dB)."""
        return self.ceiling_db - self.floor_db

    def fit(self, spectrograms: np.ndarray | Sequence[np.ndarray]) -> DbScaler:
        """Take dataset-level statistics (modes ``"dataset"`` and ``"standardize"``).

        Parameters
        ----------
        spectrograms : array or sequence of arrays
            dB values (any shapes; clips may differ in length). -inf is allowed.

        Returns
        -------
        DbScaler
            ``self``, with ``floor_db_``/``ceiling_db_`` (dataset) or ``mean_db_``/``std_db_``
            (standardize) set.
        """
        if self.mode in ("fixed", "per_utterance"):
            raise ValueError(
                f"fit() is for mode='dataset' or 'standardize'; mode={self.mode!r} takes "
                "nothing from data (fixed uses floor_db/ceiling_db, per_utterance each "
                "clip's own maximum)"
            )
        if isinstance(spectrograms, np.ndarray):
            parts = [_as_db_array(spectrograms, "spectrograms")]
        else:
            if isinstance(spectrograms, str | bytes) or not isinstance(spectrograms, Sequence):
                raise TypeError("spectrograms must be an array or a sequence of arrays")
            if len(spectrograms) == 0:
                raise ValueError("spectrograms is empty")
            parts = [_as_db_array(s, f"spectrograms[{i}]") for i, s in enumerate(spectrograms)]
        values = np.concatenate([p.ravel() for p in parts])
        if self.mode == "dataset":
            top = float(values.max())
            if not np.isfinite(top):
                raise ValueError("spectrograms are all -inf (silence): no level to fit")
            self.ceiling_db_ = top
            self.floor_db_ = top - self.range_db
        else:
            clipped = np.clip(values, self.floor_db, self.ceiling_db)
            std = float(np.std(clipped))
            if std == 0.0:
                raise ValueError(
                    "spectrograms are constant within [floor_db, ceiling_db]: std is 0, "
                    "cannot standardize"
                )
            self.mean_db_ = float(np.mean(clipped))
            self.std_db_ = std
        return self

    def _window(self, s: np.ndarray) -> tuple[float, float]:
        if self.mode == "per_utterance":
            top = float(s.max())
            if not np.isfinite(top):
                raise ValueError(
                    "spectrogram is all -inf (silence): per_utterance has no maximum to use"
                )
            return top - self.range_db, top
        if self.mode == "dataset" and self.ceiling_db_ is None:
            raise ValueError("mode='dataset' needs fit(spectrograms) before transform")
        if self.mode == "standardize" and self.mean_db_ is None:
            raise ValueError("mode='standardize' needs fit(spectrograms) before transform")
        return self.floor_db_, self.ceiling_db_

    def transform(self, spectrogram: np.ndarray) -> np.ndarray:
        """Clip one dB array to the window and map it to ``out_range`` (or standardize it).

        Parameters
        ----------
        spectrogram : array
            dB values, any shape (one utterance; -inf allowed).

        Returns
        -------
        numpy.ndarray of float64
            Same shape; clipping counts in :attr:`last_stats`.
        """
        s = _as_db_array(spectrogram, "spectrogram")
        lo, hi = self._window(s)
        n_below = int(np.count_nonzero(s < lo))
        n_above = int(np.count_nonzero(s > hi))
        c = np.clip(s, lo, hi)
        self.last_stats = ScaleStats(
            floor_db=lo, ceiling_db=hi, n_values=s.size, n_below_floor=n_below,
            n_above_ceiling=n_above,
        )  # fmt: skip
        if self.mode == "standardize":
            return (c - self.mean_db_) / self.std_db_
        a, b = self.out_range
        return np.clip(a + (c - lo) / (hi - lo) * (b - a), a, b)

    def inverse_transform(self, y: np.ndarray, *, ceiling_db: float | None = None) -> np.ndarray:
        """Map scaled values back to dB (values clipped by :meth:`transform` stay clipped).

        Parameters
        ----------
        y : array
            Output of :meth:`transform`; values outside ``out_range`` are clipped to it first.
        ceiling_db : float, optional
            Only in ``"per_utterance"`` mode, and required there: the utterance's maximum
            (``last_stats.ceiling_db`` of its transform) — the scaled array no longer holds it.

        Returns
        -------
        numpy.ndarray of float64
            dB values, same shape.
        """
        arr = np.asarray(y)
        if arr.dtype == bool or not (
            np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
        ):
            raise TypeError(f"y must be a real array, got dtype {arr.dtype}")
        v = np.array(arr, dtype=np.float64, copy=True)
        if not np.all(np.isfinite(v)):
            raise ValueError("y contains NaN or Inf")
        if self.mode == "per_utterance":
            if ceiling_db is None:
                raise ValueError(
                    "mode='per_utterance' erased the level: pass ceiling_db= (the utterance's "
                    "maximum, last_stats.ceiling_db of its transform)"
                )
            hi = _check_number(ceiling_db, "ceiling_db")
            lo = hi - self.range_db
        else:
            if ceiling_db is not None:
                raise ValueError(f"ceiling_db is only for mode='per_utterance', not {self.mode!r}")
            lo, hi = self._window(v)
        if self.mode == "standardize":
            return np.clip(v * self.std_db_ + self.mean_db_, lo, hi)
        a, b = self.out_range
        return lo + (np.clip(v, a, b) - a) / (b - a) * (hi - lo)


# --------------------------------------------------------------------------- phase
def _check_phase(x: object, name: str, axis: object) -> tuple[np.ndarray, int]:
    arr = np.asarray(x)
    if arr.dtype == bool or not (
        np.issubdtype(arr.dtype, np.floating) or np.issubdtype(arr.dtype, np.integer)
    ):
        raise TypeError(f"{name} must be a real array (radians), got dtype {arr.dtype}")
    arr = np.array(arr, dtype=np.float64, copy=True)
    if arr.ndim == 0 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or Inf")
    if isinstance(axis, bool) or not isinstance(axis, numbers.Integral):
        raise TypeError(f"axis must be an integer, got {type(axis).__name__}")
    if not -arr.ndim <= int(axis) < arr.ndim:
        raise ValueError(f"axis {axis} is out of range for {name} with {arr.ndim} dimensions")
    return arr, int(axis) % arr.ndim


def instantaneous_frequency(phase: np.ndarray, *, axis: int = -1) -> np.ndarray:
    """GANSynth's instantaneous frequency: the unwrapped phase's frame-to-frame step / π.

    ``IF[0] = wrap(phase[0]) / π`` and ``IF[m] = (u[m] − u[m−1]) / π`` for m >= 1, where
    ``u = numpy.unwrap(phase, axis=axis)`` and wrap maps to [−π, π] (identity there): every
    value lies in [−1, 1]. As in GANSynth (Engel et al. 2019, magenta's
    ``phase_operations.instantaneous_frequency``), the first frame carries the phase itself.

    Parameters
    ----------
    phase : array
        Phase in radians (e.g. ``np.angle(stft)``), any shape.
    axis : int
        The time (frame) axis; -1 for librosa's (freq, frames) layout.

    Returns
    -------
    numpy.ndarray of float64
        Same shape, values in [−1, 1].

    Taught in notebooks/06_stft_normalization.ipynb.
    """
    p, axis = _check_phase(phase, "phase", axis)
    unwrapped = np.unwrap(p, axis=axis)
    step = np.diff(unwrapped, axis=axis)
    first = np.take(p, [0], axis=axis)
    outside = np.abs(first) > np.pi
    first[outside] = np.angle(np.exp(1j * first[outside]))
    return np.concatenate([first, step], axis=axis) / np.pi


def phase_from_instantaneous_frequency(
    if_: np.ndarray, *, axis: int = -1, wrap: bool = False
) -> np.ndarray:
    """Phase from instantaneous frequency: ``π · cumsum(if_)`` along the time axis.

    The inverse of :func:`instantaneous_frequency`: it returns the unwrapped phase
    (``numpy.unwrap(phase)`` when ``phase[0]`` lies in [−π, π]), equal to the original phase
    up to multiples of 2π.

    Parameters
    ----------
    if_ : array
        Instantaneous frequency (scaled by 1/π), any shape.
    axis : int
        The time (frame) axis.
    wrap : bool
        Wrap the result into (−π, π] (as ``np.angle`` returns it).

    Returns
    -------
    numpy.ndarray of float64
        Phase in radians, same shape.

    Taught in notebooks/06_stft_normalization.ipynb.
    """
    f, axis = _check_phase(if_, "if_", axis)
    if not isinstance(wrap, bool):
        raise TypeError(f"wrap must be True or False, got {type(wrap).__name__}")
    phase = np.pi * np.cumsum(f, axis=axis)
    return np.angle(np.exp(1j * phase)) if wrap else phase
