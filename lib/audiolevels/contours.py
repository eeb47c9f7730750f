"""Equal-loudness contours (등청감곡선) of ISO 226:2003 and ISO 226:2023.

A *contour* of loudness level L_N (in phon) is the sound pressure level a pure tone needs, at
each frequency, to sound as loud as a 1 kHz tone at L_N dB SPL. The standard gives it by a
formula with three parameters per frequency (alpha_f, L_U, T_f), tabulated at the 29
one-third-octave frequencies 20 Hz … 12.5 kHz (:data:`STANDARD_FREQS_HZ`).

Shapes (the same rule in every function of this module):

- :func:`spl_from_phon` evaluates every requested level at every requested frequency: the
  result has shape ``np.shape(phon) + np.shape(freqs_hz)`` — a scalar level gives one contour
  of shape ``(29,)``, levels of shape ``(k,)`` give ``(k, 29)``, one contour per row.
- :func:`phon_from_spl` pairs each SPL with its frequency: ``spl_db`` and ``freqs_hz``
  broadcast together under NumPy's rules, so ``phon_from_spl(spl_from_phon(p), freqs)``
  gives back ``p`` in every row.
- A 0-d result is returned as a NumPy float (``np.float64``), anything else as an array.

Validity: the standard's contours hold for 20–90 phon from 20 Hz to 4 kHz and for 20–80 phon
from 5 kHz to 12.5 kHz. Outside that range the formulas still return a number, and a
:class:`UserWarning` names the range. The hearing threshold is the parameter T_f itself
(:func:`hearing_threshold`); the 2023 formula reaches T_f exactly at 2.4 phon, while the 2003
formula at 0 phon lands 2–6.6 dB below T_f, so do not draw the threshold with it.

Taught in notebooks/01_equal_loudness.ipynb.
"""

from __future__ import annotations

import functools
import warnings
from typing import Literal

import numpy as np

from audiolevels.signals import as_real_array

__all__ = [
    "EDITIONS",
    "STANDARD_FREQS_HZ",
    "VALID_PHON_HIGH_FREQ",
    "VALID_PHON_LOW_FREQ",
    "hearing_threshold",
    "iso226_parameters",
    "phon_from_spl",
    "spl_from_phon",
    "standard_freq_index",
]

#: The editions of ISO 226 this module implements.
EDITIONS = (2003, 2023)

#: Range of validity (phon) from 20 Hz to 4 kHz, ISO 226 clause 1.
VALID_PHON_LOW_FREQ = (20.0, 90.0)
#: Range of validity (phon) from 5 kHz to 12.5 kHz (also used between 4 and 5 kHz when
#: interpolating, the stricter of the two).
VALID_PHON_HIGH_FREQ = (20.0, 80.0)
_VALIDITY_TEXT = "20–90 phon from 20 Hz to 4 kHz and 20–80 phon from 5 kHz to 12.5 kHz"

# ISO 226:2003 Table 1 and ISO 226:2023 Table 1, typed from the standards:
# f (Hz), alpha_f, L_U (dB), T_f (dB) for 2003, then alpha_f, L_U, T_f for 2023.
_TABLE = (
    (20.0, 0.532, -31.6, 78.5, 0.635, -31.5, 78.1),
    (25.0, 0.506, -27.2, 68.7, 0.602, -27.2, 68.7),
    (31.5, 0.480, -23.0, 59.5, 0.569, -23.1, 59.5),
    (40.0, 0.455, -19.1, 51.1, 0.537, -19.3, 51.1),
    (50.0, 0.432, -15.9, 44.0, 0.509, -16.1, 44.0),
    (63.0, 0.409, -13.0, 37.5, 0.482, -13.1, 37.5),
    (80.0, 0.387, -10.3, 31.5, 0.456, -10.4, 31.5),
    (100.0, 0.367, -8.1, 26.5, 0.433, -8.2, 26.5),
    (125.0, 0.349, -6.2, 22.1, 0.412, -6.3, 22.1),
    (160.0, 0.330, -4.5, 17.9, 0.391, -4.6, 17.9),
    (200.0, 0.315, -3.1, 14.4, 0.373, -3.2, 14.4),
    (250.0, 0.301, -2.0, 11.4, 0.357, -2.1, 11.4),
    (315.0, 0.288, -1.1, 8.6, 0.343, -1.2, 8.6),
    (400.0, 0.276, -0.4, 6.2, 0.330, -0.5, 6.2),
    (500.0, 0.267, 0.0, 4.4, 0.320, 0.0, 4.4),
    (630.0, 0.259, 0.3, 3.0, 0.311, 0.4, 3.0),
    (800.0, 0.253, 0.5, 2.2, 0.303, 0.5, 2.2),
    (1000.0, 0.250, 0.0, 2.4, 0.300, 0.0, 2.4),
    (1250.0, 0.246, -2.7, 3.5, 0.295, -2.7, 3.5),
    (1600.0, 0.244, -4.1, 1.7, 0.292, -4.2, 1.7),
    (2000.0, 0.243, -1.0, -1.3, 0.290, -1.2, -1.3),
    (2500.0, 0.243, 1.7, -4.2, 0.290, 1.4, -4.2),
    (3150.0, 0.243, 2.5, -6.0, 0.289, 2.3, -6.0),
    (4000.0, 0.242, 1.2, -5.4, 0.289, 1.0, -5.4),
    (5000.0, 0.242, -2.1, -1.5, 0.289, -2.3, -1.5),
    (6300.0, 0.245, -7.1, 6.0, 0.293, -7.2, 6.0),
    (8000.0, 0.254, -11.2, 12.6, 0.303, -11.2, 12.6),
    (10000.0, 0.271, -10.7, 13.9, 0.323, -10.9, 13.9),
    (12500.0, 0.301, -3.1, 12.3, 0.354, -3.5, 12.3),
)
_ARRAY = np.array(_TABLE, dtype=np.float64)
_ARRAY.setflags(write=False)
_COLUMNS = {2003: (1, 2, 3), 2023: (4, 5, 6)}

#: The 29 preferred frequencies of ISO 226 (one-third octaves, 20 Hz … 12.5 kHz), read-only.
STANDARD_FREQS_HZ = _ARRAY[:, 0]

# Largest forward→inverse error of the 2003 formulas over the validity range (0.0546 phon at
# 20 Hz, 90 phon), rounded up: results this close to the range do not warn.
_ROUND_TRIP_2003_PHON = 0.06


def _check_edition(edition: object) -> int:
    if isinstance(edition, bool) or not isinstance(edition, int | np.integer):
        raise TypeError(
            f"edition must be an int, one of {EDITIONS}, got {type(edition).__name__} {edition!r}"
        )
    if int(edition) not in EDITIONS:
        raise ValueError(f"unknown ISO 226 edition {edition!r}: choose one of {EDITIONS}")
    return int(edition)


def iso226_parameters(edition: int = 2023) -> dict[str, np.ndarray]:
    """The parameter table of one edition of ISO 226.

    Parameters
    ----------
    edition : int
        2003 or 2023.

    Returns
    -------
    dict of numpy.ndarray, each of shape (29,)
        ``"freqs_hz"``, ``"alpha_f"`` (exponent for loudness perception), ``"L_U"``
        (magnitude of the linear transfer function normalised at 1 kHz, dB) and ``"T_f"``
        (threshold of hearing, dB SPL) — copies, free to modify.

    ISO 226:2003 / ISO 226:2023, Table 1. Taught in notebooks/01_equal_loudness.ipynb.
    """
    ia, il, it = _COLUMNS[_check_edition(edition)]
    return {
        "freqs_hz": _ARRAY[:, 0].copy(),
        "alpha_f": _ARRAY[:, ia].copy(),
        "L_U": _ARRAY[:, il].copy(),
        "T_f": _ARRAY[:, it].copy(),
    }


@functools.cache
def _interpolators(edition: int):
    from scipy.interpolate import PchipInterpolator

    logf = np.log10(STANDARD_FREQS_HZ)
    return tuple(PchipInterpolator(logf, _ARRAY[:, c]) for c in _COLUMNS[edition])


def _params(freqs_hz: object, edition: int, interpolate: bool):
    """alpha_f, L_U, T_f at the requested frequencies (arrays of freqs_hz's shape)."""
    if freqs_hz is None:
        f = STANDARD_FREQS_HZ.copy()
    else:
        f = as_real_array(freqs_hz, "freqs_hz")
    ia, il, it = _COLUMNS[edition]
    # Index of each requested frequency in the table (within 1 ppm), or -1.
    rel = np.abs(f[..., None] / STANDARD_FREQS_HZ - 1.0)
    idx = np.where(rel.min(axis=-1) < 1e-6, rel.argmin(axis=-1), -1)
    if np.all(idx >= 0):
        return f, _ARRAY[idx, ia], _ARRAY[idx, il], _ARRAY[idx, it]
    if not interpolate:
        bad = np.unique(f[idx < 0])
        raise ValueError(
            f"ISO 226 gives parameters only at the standard frequencies; "
            f"{bad.tolist()} Hz is not one of them. Standard frequencies (Hz): "
            f"{[float(v) if v % 1 else int(v) for v in STANDARD_FREQS_HZ]}. "
            f"Pass interpolate=True to interpolate between them (20 Hz to 12.5 kHz)."
        )
    lo, hi = STANDARD_FREQS_HZ[0], STANDARD_FREQS_HZ[-1]
    outside = (f < lo * (1 - 1e-6)) | (f > hi * (1 + 1e-6))
    if np.any(outside):
        raise ValueError(
            f"interpolate=True covers {lo:g} Hz to {hi:g} Hz only (no extrapolation), "
            f"got {np.unique(f[outside]).tolist()} Hz"
        )
    logf = np.log10(np.clip(f, lo, hi))
    a_i, l_i, t_i = _interpolators(edition)
    alpha, lu, tf = a_i(logf), l_i(logf), t_i(logf)
    # Exact table values where a frequency is a standard one.
    hit = idx >= 0
    alpha[hit], lu[hit], tf[hit] = _ARRAY[idx[hit], ia], _ARRAY[idx[hit], il], _ARRAY[idx[hit], it]
    return f, alpha, lu, tf


def _table_text() -> str:
    return ", ".join(f"{float(v):g}" for v in STANDARD_FREQS_HZ)


def standard_freq_index(freq_hz: float | np.ndarray) -> int | np.ndarray:
    """Index of a standard frequency in :data:`STANDARD_FREQS_HZ` (the rows of every contour).

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    freq_hz : float or array
        One of the 29 frequencies of ISO 226's table (matched within 1 ppm), or an array of
        them.

    Returns
    -------
    int, or numpy.ndarray of int for an array
        ``STANDARD_FREQS_HZ[standard_freq_index(f)] == f``; an array gives the same shape.

    Raises
    ------
    ValueError
        A frequency that is not in the table; the message lists the table.
    """
    f = as_real_array(freq_hz, "freq_hz")
    rel = np.abs(f[..., None] / STANDARD_FREQS_HZ - 1.0)
    idx = rel.argmin(axis=-1)
    bad = rel.min(axis=-1) >= 1e-6
    if np.any(bad):
        raise ValueError(
            f"freq_hz {np.unique(f[bad]).tolist()} Hz is not a standard frequency of ISO 226; "
            f"the table has (Hz): {_table_text()}"
        )
    return int(idx) if idx.ndim == 0 else idx.astype(int)


def _warn_outside_validity(
    phon: np.ndarray, f: np.ndarray, *, what: str, stacklevel: int, tol: float = 1e-9
):
    """UserWarning if any (finite) loudness level lies outside ISO 226's range of validity
    by more than ``tol`` phon (2023 round trips land within ~1e-13 phon of 20 or 90)."""
    p, fb = np.broadcast_arrays(phon, f)
    high = np.where(fb <= 4000.0 * (1 + 1e-9), VALID_PHON_LOW_FREQ[1], VALID_PHON_HIGH_FREQ[1])
    with np.errstate(invalid="ignore"):
        bad = (p < VALID_PHON_LOW_FREQ[0] - tol) | (p > high + tol)  # NaN is never flagged
    if np.any(bad):
        i = np.flatnonzero(bad)[0]
        level, freq = p.ravel()[i], fb.ravel()[i]
        hint = ""
        if what == "spl_from_phon" and level < VALID_PHON_LOW_FREQ[0]:
            hint = " For the hearing threshold itself use hearing_threshold()."
        warnings.warn(
            f"{what}: {np.count_nonzero(bad)} value(s) outside the validity range of ISO 226 "
            f"({_VALIDITY_TEXT}), e.g. {level:.3g} phon at {freq:g} Hz; the result is an "
            f"extrapolation of the formula.{hint}",
            UserWarning,
            stacklevel=stacklevel,
        )


def _scalar_or_array(x: np.ndarray):
    return x[()] if x.ndim == 0 else x


def spl_from_phon(
    phon: float | np.ndarray,
    edition: int = 2023,
    freqs_hz: float | np.ndarray | None = None,
    *,
    interpolate: bool = False,
) -> np.ndarray:
    """Sound pressure level of pure tones of a given loudness level (an equal-loudness contour).

    Parameters
    ----------
    phon : float or array
        Loudness level L_N in phon, ≥ 0. Valid range 20–90 phon up to 4 kHz, 20–80 phon from
        5 kHz; outside it the formula's value is returned with a UserWarning.
    edition : int
        2023 (default; ISO 226:2023 formula 1) or 2003 (ISO 226:2003 formula 1).
    freqs_hz : float or array, optional
        Frequencies in Hz; default :data:`STANDARD_FREQS_HZ`. Each must be one of the 29
        standard frequencies unless ``interpolate=True``.
    interpolate : bool
        Allow any frequency from 20 Hz to 12.5 kHz: the three parameters alpha_f, L_U and T_f
        are interpolated with a monotone cubic (PCHIP, ``scipy.interpolate.PchipInterpolator``)
        on a log-frequency axis and the standard's formula is evaluated with them. This is our
        choice, not part of the standard; at the standard frequencies it equals the table.
        Frequencies outside 20 Hz–12.5 kHz raise ValueError (no extrapolation).

    Returns
    -------
    numpy.ndarray
        SPL in dB (re 20 µPa), shape ``np.shape(phon) + np.shape(freqs_hz)``: every level at
        every frequency (one contour per level). A 0-d result is a ``np.float64``.
        With the 2023 edition, L = L_N exactly at 1 kHz and L = T_f at 2.4 phon; the 2003
        formula gives L ≈ L_N + 0.01 dB at 1 kHz.

    Raises
    ------
    ValueError
        Unknown edition, negative/NaN/Inf phon, a frequency not in the table (without
        ``interpolate``) or outside 20 Hz–12.5 kHz.
    TypeError
        An edition that is not an int, or a non-numeric phon.

    Standard: ISO 226:2023 formula (1); ISO 226:2003 formulas (1)–(2).
    Taught in notebooks/01_equal_loudness.ipynb.
    """
    edition = _check_edition(edition)
    ln = as_real_array(phon, "phon")
    if np.any(ln < 0):
        raise ValueError(
            f"phon must be ≥ 0 (loudness levels below 0 phon are not defined), got {phon!r}"
        )
    f, alpha, lu, tf = _params(freqs_hz, edition, interpolate)
    ln_b = ln.reshape(ln.shape + (1,) * f.ndim)
    _warn_outside_validity(ln_b, f, what="spl_from_phon", stacklevel=3)
    if edition == 2023:
        arg = (4e-10) ** (0.3 - alpha) * (10 ** (0.03 * ln_b) - 10**0.072) + 10 ** (
            alpha * (tf + lu) / 10
        )
        out = (10 / alpha) * np.log10(arg) - lu
    else:
        a_f = 4.47e-3 * (10 ** (0.025 * ln_b) - 1.15) + (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** alpha
        out = (10 / alpha) * np.log10(a_f) - lu + 94
    return _scalar_or_array(np.asarray(out, dtype=np.float64))


def phon_from_spl(
    spl_db: float | np.ndarray,
    freqs_hz: float | np.ndarray,
    edition: int = 2023,
    *,
    interpolate: bool = False,
    below_threshold: Literal["raise", "nan"] = "raise",
) -> np.ndarray:
    """Loudness level (phon) of pure tones of given SPL and frequency — the inverse contour.

    Parameters
    ----------
    spl_db : float or array
        Sound pressure level in dB re 20 µPa.
    freqs_hz : float or array
        Frequency of each tone in Hz, broadcast against ``spl_db`` (NumPy rules). Each must be
        a standard frequency unless ``interpolate=True`` (see :func:`spl_from_phon`).
    edition : int
        2023 (ISO 226:2023 formula 2, the exact inverse of formula 1) or 2003 (ISO 226:2003
        formula 3, which inverts formula 1 only to about 0.05 phon).
    interpolate : bool
        Allow any frequency from 20 Hz to 12.5 kHz (PCHIP of the parameters on log frequency).
    below_threshold : {"raise", "nan"}
        A tone below the hearing threshold T_f is inaudible and has no loudness level:
        ``"raise"`` (default) raises ValueError naming the threshold; ``"nan"`` returns NaN
        for those tones (handy for whole spectra).

    Returns
    -------
    numpy.ndarray
        Loudness level in phon, shape of ``spl_db`` and ``freqs_hz`` broadcast together (a
        0-d result is a ``np.float64``). A tone exactly at T_f reads 2.4 phon (2023) or
        2.2 phon (2003). Results outside the validity range come with a UserWarning (for
        2003, only beyond its 0.06-phon round-trip error, so that
        ``phon_from_spl(spl_from_phon(20, 2003), …)`` ≈ 19.95 phon does not warn).

    Raises
    ------
    ValueError
        Unknown edition, NaN/Inf SPL, a bad frequency, an SPL below the hearing threshold
        (with ``below_threshold="raise"``), or an unknown ``below_threshold``.

    Standard: ISO 226:2023 formula (2); ISO 226:2003 formula (3).
    Taught in notebooks/01_equal_loudness.ipynb.
    """
    edition = _check_edition(edition)
    if below_threshold not in ("raise", "nan"):
        raise ValueError(f"below_threshold must be 'raise' or 'nan', got {below_threshold!r}")
    lf = as_real_array(spl_db, "spl_db")
    f, alpha, lu, tf = _params(freqs_hz, edition, interpolate)
    lf, f, alpha, lu, tf = np.broadcast_arrays(lf, f, alpha, lu, tf)
    below = lf < tf - 1e-9
    if below_threshold == "raise" and np.any(below):
        i = np.flatnonzero(below)[0]
        raise ValueError(
            f"{lf.ravel()[i]:g} dB SPL at {f.ravel()[i]:g} Hz is below the hearing threshold "
            f"T_f = {tf.ravel()[i]:g} dB SPL (ISO 226:{edition}): the tone is inaudible and has "
            f"no loudness level. Pass below_threshold='nan' to get NaN for such tones."
        )
    lfc = np.maximum(lf, tf)  # the formulas on clipped values; below-threshold → NaN after
    if edition == 2023:
        b = (10 ** (alpha * (lfc + lu) / 10) - 10 ** (alpha * (tf + lu) / 10)) / (4e-10) ** (
            0.3 - alpha
        ) + 10**0.072
        out = (100 / 3) * np.log10(b)
    else:
        b = (
            (0.4 * 10 ** ((lfc + lu) / 10 - 9)) ** alpha
            - (0.4 * 10 ** ((tf + lu) / 10 - 9)) ** alpha
            + 0.005076
        )
        out = 40 * np.log10(b) + 94
    out = np.where(below, np.nan, out)
    # The 2003 inverse misses formula 1 by up to 0.055 phon: no warning for 19.95 phon.
    tol = _ROUND_TRIP_2003_PHON if edition == 2003 else 1e-9
    _warn_outside_validity(out, f, what="phon_from_spl", stacklevel=3, tol=tol)
    return _scalar_or_array(np.asarray(out, dtype=np.float64))


def hearing_threshold(
    edition: int = 2023,
    freqs_hz: float | np.ndarray | None = None,
    *,
    interpolate: bool = False,
) -> np.ndarray:
    """Threshold of hearing T_f (dB SPL) of ISO 226 at each frequency.

    Parameters
    ----------
    edition : int
        2023 or 2003 (they differ only at 20 Hz: 78.1 vs 78.5 dB).
    freqs_hz : float or array, optional
        Frequencies in Hz; default :data:`STANDARD_FREQS_HZ`.
    interpolate : bool
        Allow any frequency from 20 Hz to 12.5 kHz (PCHIP on log frequency).

    Returns
    -------
    numpy.ndarray
        T_f in dB SPL, shape of ``freqs_hz``. For 2023 this equals
        ``spl_from_phon(2.4)``; the 2003 formula does not reach it at any single level.

    ISO 226:2003 / ISO 226:2023, Table 1 (binaural free-field threshold, ISO 389-7).
    Taught in notebooks/01_equal_loudness.ipynb.
    """
    edition = _check_edition(edition)
    _, _, _, tf = _params(freqs_hz, edition, interpolate)
    return _scalar_or_array(np.array(tf, dtype=np.float64))
