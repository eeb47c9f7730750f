"""Frequency weightings A, C and Z of IEC 61672-1:2013: the analog curves, digital filters for
them, and weighted levels of signals (A-weighted = "dB(A)").

The analog responses are the standard's formulas (Annex E) with the pole frequencies derived
*exactly* from the constants the standard gives — f_r = 1 kHz, f_L = 10**1.5 Hz,
f_H = 10**3.9 Hz, D² = 1/2 and f_A = 10**2.45 Hz (equations E.1–E.6):

    c  = f_L² f_H²,   b = (f_r² + f_L² f_H² / f_r² − D (f_L² + f_H²)) / (1 − D)
    f1 = sqrt((−b − sqrt(b² − 4c)) / 2) ≈ 20.598997 Hz   (computed as f_L f_H / f4: same value)
    f4 = sqrt((−b + sqrt(b² − 4c)) / 2) ≈ 12194.217 Hz
    f2 = (3 − √5)/2 · f_A ≈ 107.65265 Hz,   f3 = (3 + √5)/2 · f_A ≈ 737.86223 Hz

    C(f) = 20 log10( f4² f² / ((f² + f1²)(f² + f4²)) ) − C1000
    A(f) = 20 log10( f4² f⁴ / ((f² + f1²) √(f² + f2²) √(f² + f3²) (f² + f4²)) ) − A1000

where C1000 and A1000 are the same expressions at 1 kHz, so that both read exactly 0 dB there
(the standard's rounded constants −0.062 and −2.000 dB are not used). Z ("zero") weighting is
flat: 0 dB at every frequency, 0 Hz included.

Digital filters: the analog zeros and poles go through the bilinear transform
(``scipy.signal.bilinear_zpk``). The plain bilinear design sags near Nyquist (the two poles at
f4 become a double zero at z = −1): at 48 kHz the A filter reads 1.2 / 2.7 / 6.2 dB under the
curve at 10 / 12.5 / 16 kHz, at 44.1 kHz 1.5 / 3.5 / 8.2 dB. The default design ("fitted")
keeps the bilinear sections for the low-frequency poles (f1, f2, f3, where the bilinear
transform is accurate) and replaces the f4 pole pair by one biquad whose two real poles and
two real zeros are fitted by least squares (in dB) so that the whole filter follows the analog
curve from 500 Hz to 0.98 × Nyquist; the result is normalised to 0 dB at 1 kHz. It follows the
analog curve to within 0.1 dB at every Table 3 frequency below Nyquist at 44.1, 48 and 96 kHz,
and within 0.15 dB at 8–32 kHz (tests/test_weighting.py measures it). Above 0.98 × Nyquist,
outside the fit, the response is free (it may dip to a zero at Nyquist).

Taught in notebooks/02_a_weighting.ipynb.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import scipy.signal as sig
from scipy.optimize import least_squares

from audiolevels import _checks
from audiolevels.signals import as_float_audio, as_real_array, check_sr

__all__ = [
    "KINDS",
    "METHODS",
    "POLE_FREQS_HZ",
    "sos_response_db",
    "weighted_level_db",
    "weighting_db",
    "weighting_filter",
]

#: Weightings implemented (IEC 61672-1:2013 clause 5.5 and Annex E).
KINDS = ("A", "C", "Z")
#: Digital designs :func:`weighting_filter` offers.
METHODS = ("fitted", "bilinear")
#: Lowest sample rate (Hz) for a digital A or C filter.
MIN_FILTER_SR = 8000.0


def _pole_freqs() -> tuple[float, float, float, float]:
    """f1, f2, f3, f4 from IEC 61672-1:2013 Annex E, equations (E.1)–(E.6)."""
    f_r = 1000.0  # reference frequency
    f_l = 10**1.5  # E.3: low-frequency -3 dB point of the C weighting, ≈ 31.6 Hz
    f_h = 10**3.9  # E.4: high-frequency -3 dB point, ≈ 7943 Hz
    d = math.sqrt(0.5)  # D² = 1/2
    f_a = 10**2.45  # E.6, ≈ 281.8 Hz
    c = f_l**2 * f_h**2
    b = (f_r**2 + f_l**2 * f_h**2 / f_r**2 - d * (f_l**2 + f_h**2)) / (1 - d)
    root = math.sqrt(b * b - 4 * c)
    f4 = math.sqrt((-b + root) / 2)  # E.2
    # E.1 reads f1 = sqrt((-b - root) / 2); that subtraction cancels ~4 digits, so use the
    # product of the two roots instead (Vieta: f1² f4² = c), which is the same number.
    f1 = math.sqrt(c) / f4
    f2 = (3 - math.sqrt(5)) / 2 * f_a
    f3 = (3 + math.sqrt(5)) / 2 * f_a
    return f1, f2, f3, f4


#: (f1, f2, f3, f4) in Hz, derived exactly from Annex E: ≈ (20.599, 107.65, 737.86, 12194.2).
POLE_FREQS_HZ = _pole_freqs()


def _check_kind(kind: object) -> str:
    if not isinstance(kind, str) or kind.upper() not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)} (any case), got {kind!r}")
    return kind.upper()


def _check_freqs(freqs_hz: object) -> np.ndarray:
    f = as_real_array(freqs_hz, "freqs_hz")
    if np.any(f < 0):
        raise ValueError(f"freqs_hz must be ≥ 0 Hz, got a minimum of {f.min()} Hz")
    return f


def _analog_db(f: np.ndarray, kind: str) -> np.ndarray:
    """Unnormalised analog response in dB (the bracket of the formulas), f ≥ 0."""
    f1, f2, f3, f4 = POLE_FREQS_HZ
    fsq = f * f
    with np.errstate(divide="ignore"):
        if kind == "C":
            return 20.0 * (
                np.log10(f4**2) + np.log10(fsq) - np.log10(fsq + f1**2) - np.log10(fsq + f4**2)
            )
        return 20.0 * (
            np.log10(f4**2)
            + 2.0 * np.log10(fsq)
            - np.log10(fsq + f1**2)
            - 0.5 * np.log10(fsq + f2**2)
            - 0.5 * np.log10(fsq + f3**2)
            - np.log10(fsq + f4**2)
        )


_OFFSET_1K_DB = {k: float(_analog_db(np.array([1000.0]), k)[0]) for k in ("A", "C")}


def weighting_db(freqs_hz: float | np.ndarray, kind: str = "A") -> np.ndarray:
    """The analog A, C or Z frequency weighting of IEC 61672-1:2013, in dB.

    Parameters
    ----------
    freqs_hz : float or array
        Frequencies in Hz, ≥ 0 and finite.
    kind : str
        "A", "C" or "Z" (any case).

    Returns
    -------
    numpy.ndarray
        Weighting in dB, same shape as ``freqs_hz`` (a 0-d input gives a ``np.float64``):
        exactly 0 dB at 1 kHz for every kind; no floor (A is −70.4 dB at 10 Hz and keeps
        falling); −inf at 0 Hz for A and C, without a warning; Z is 0 dB everywhere, 0 Hz
        included (a flat response).

    Raises
    ------
    ValueError
        Unknown kind; a negative, NaN or infinite frequency.
    TypeError
        Non-numeric frequencies.

    Standard: IEC 61672-1:2013, equations (E.1)–(E.6) and Table 3 (whose A and C columns are
    these formulas at the exact base-ten frequencies 1000·10**(n/10), rounded to 0.1 dB).
    Taught in notebooks/02_a_weighting.ipynb.
    """
    kind = _check_kind(kind)
    f = _check_freqs(freqs_hz)
    if kind == "Z":
        out = np.zeros_like(f)
    else:
        out = _analog_db(f, kind) - _OFFSET_1K_DB[kind]
    return out[()] if out.ndim == 0 else out


# ----------------------------------------------------------------------------- digital filters


def _response_db(sos: np.ndarray, freqs_hz: np.ndarray, sr: float) -> np.ndarray:
    """sos_response_db without the argument checks (for the designs below)."""
    zinv = np.exp(-2j * np.pi * np.asarray(freqs_hz, dtype=np.float64) / sr)
    h = np.ones_like(zinv)
    for b0, b1, b2, a0, a1, a2 in sos:
        h *= (b0 + b1 * zinv + b2 * zinv**2) / (a0 + a1 * zinv + a2 * zinv**2)
    with np.errstate(divide="ignore"):
        return 20.0 * np.log10(np.abs(h))


def sos_response_db(sos: np.ndarray, freqs_hz: float | np.ndarray, sr: float) -> np.ndarray:
    """Magnitude response in dB of a digital filter (second-order sections) at given frequencies.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    sos : array, shape (n_sections, 6)
        Rows [b0, b1, b2, a0, a1, a2], as ``scipy.signal`` uses them; real and finite.
    freqs_hz : float or array
        Frequencies in Hz, ≥ 0 (above sr / 2 the response repeats, as for any digital filter).
    sr : float
        Sample rate in Hz.

    Returns
    -------
    numpy.ndarray of float64
        20·log10|H(e^{j2πf/sr})|, same shape as ``freqs_hz``; −inf at a zero of the filter
        (no warning). Equals ``scipy.signal.sosfreqz(sos, worN=freqs_hz, fs=sr)`` in dB.
    """
    arr = _checks.real_array(sos, "sos")
    if arr.ndim != 2 or arr.shape[1] != 6 or arr.shape[0] == 0:
        raise ValueError(
            f"sos must have shape (n_sections, 6), rows [b0, b1, b2, a0, a1, a2], "
            f"got shape {arr.shape}"
        )
    if np.any(arr[:, 3] == 0):
        raise ValueError("sos has a section with a0 = 0 (not a valid filter)")
    f = _check_freqs(freqs_hz)
    return _response_db(arr, f, check_sr(sr))


_sos_db = sos_response_db  # the earlier private name


def _normalise_1k(sos: np.ndarray, sr: float) -> np.ndarray:
    sos = sos.copy()
    sos[0, :3] *= 10 ** (-sos_response_db(sos, np.array([1000.0]), sr)[0] / 20)
    return sos


def _bilinear_sos(kind: str, sr: float, *, with_f4: bool) -> np.ndarray:
    f1, f2, f3, f4 = POLE_FREQS_HZ
    if kind == "A":
        n_zeros, poles_hz = 4, [f1, f1, f2, f3]
    else:
        n_zeros, poles_hz = 2, [f1, f1]
    if with_f4:
        poles_hz += [f4, f4]
    z, p, k = sig.bilinear_zpk(
        np.zeros(n_zeros), -2 * np.pi * np.asarray(poles_hz), 1.0, sr
    )  # analog H(s) = s^n / Π(s + ω_i); the gain is set at 1 kHz below
    return sig.zpk2sos(z, p, k)


def _fitted_f4_section(kind: str, sr: float, low: np.ndarray) -> np.ndarray:
    """One biquad (two real poles, two real zeros) fitted so that low · biquad ≈ analog (dB)."""
    f4 = POLE_FREQS_HZ[3]
    grid = np.geomspace(500.0, 0.98 * sr / 2, 160)
    target = _analog_db(grid, kind) - sos_response_db(low, grid, sr)
    zinv = np.exp(-2j * np.pi * grid / sr)

    def section_db(p: np.ndarray) -> np.ndarray:
        gain_db, u1, u2, c1, c2 = p
        p1, p2 = np.tanh(u1), np.tanh(u2)  # real poles kept inside the unit circle
        h = (1 - c1 * zinv) * (1 - c2 * zinv) / ((1 - p1 * zinv) * (1 - p2 * zinv))
        return gain_db + 20.0 * np.log10(np.abs(h))

    pole0 = math.exp(-2 * math.pi * f4 / sr)  # matched-z position of the analog poles
    x0 = np.array([0.0, math.atanh(pole0), math.atanh(pole0), -0.5, -0.5])
    # Poles within |p| ≤ tanh(2.5) ≈ 0.987, zeros on or inside the unit circle.
    bounds = ([-80.0, -2.5, -2.5, -1.0, -1.0], [80.0, 2.5, 2.5, 1.0, 1.0])
    fit = least_squares(lambda p: section_db(p) - target, x0, bounds=bounds)
    err = np.max(np.abs(section_db(fit.x) - target - np.mean(section_db(fit.x) - target)))
    if not fit.success or err > 1.0:  # pragma: no cover - never seen at 8–192 kHz
        raise RuntimeError(
            f"fitting the high-frequency section at sr={sr} Hz failed (error {err:.2f} dB); "
            "use method='bilinear'"
        )
    _, u1, u2, c1, c2 = fit.x
    p1, p2 = math.tanh(u1), math.tanh(u2)
    return np.array([1.0, -(c1 + c2), c1 * c2, 1.0, -(p1 + p2), p1 * p2])


@functools.lru_cache(maxsize=64)
def _design(kind: str, sr: float, method: str) -> np.ndarray:
    if kind == "Z":
        return np.array([[1.0, 0.0, 0.0, 1.0, 0.0, 0.0]])
    if method == "bilinear":
        return _normalise_1k(_bilinear_sos(kind, sr, with_f4=True), sr)
    low = _bilinear_sos(kind, sr, with_f4=False)
    return _normalise_1k(np.vstack([low, _fitted_f4_section(kind, sr, low)]), sr)


def weighting_filter(kind: str, sr: float, *, method: str = "fitted") -> np.ndarray:
    """A digital A, C or Z weighting filter as second-order sections.

    Parameters
    ----------
    kind : str
        "A", "C" or "Z" (any case).
    sr : float
        Sample rate in Hz; ≥ 8000 for A and C (> 0 for Z).
    method : str
        "fitted" (default): bilinear transform of the zeros at 0 Hz and the poles at f1, f2,
        f3, and a least-squares-fitted biquad in place of the pole pair at f4 — within 0.1 dB
        of the analog curve at every IEC table frequency below Nyquist at 44.1, 48 and
        96 kHz (0.15 dB at 8–32 kHz). The fit takes ~10 ms; designs are cached per
        (kind, sr, method). "bilinear": the plain bilinear transform of every zero and pole
        (``scipy.signal.bilinear_zpk``), which sags near Nyquist (−1.2 dB at 10 kHz at
        48 kHz, −1.5 dB at 44.1 kHz). Both are inside the class-1 limits of IEC 61672-1
        Table 3 at every table frequency below Nyquist at 44.1, 48 and 96 kHz.

    Returns
    -------
    numpy.ndarray, shape (n_sections, 6)
        Second-order sections for ``scipy.signal.sosfilt``, gain set so that the digital
        response is exactly 0 dB at 1 kHz. Z gives one pass-through section.

    Raises
    ------
    ValueError
        Unknown kind or method; sr ≤ 0, not finite, or below 8000 Hz for A and C.

    Standard: IEC 61672-1:2013 Annex E (analog prototype) and Table 3 (class-1 limits).
    Taught in notebooks/02_a_weighting.ipynb.
    """
    kind = _check_kind(kind)
    sr = check_sr(sr)
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if kind != "Z" and sr < MIN_FILTER_SR:
        raise ValueError(
            f"sr must be ≥ {MIN_FILTER_SR:.0f} Hz for an {kind}-weighting filter, got {sr:g}"
        )
    return _design(kind, sr, method).copy()


def weighted_level_db(
    x: np.ndarray, sr: float, kind: str = "A", *, method: str = "fitted", skip_s: float = 0.0
) -> float:
    """Frequency-weighted RMS level of a signal, in dB relative to full scale.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio in [-1, 1] (int16/int32/uint8 PCM is scaled, see
        :func:`audiolevels.signals.as_float_audio`); not modified.
    sr : float
        Sample rate in Hz (≥ 8000 for A and C).
    kind : str
        "A" (default), "C" or "Z" (any case). Z gives the plain RMS level.
    method : str
        Digital design, see :func:`weighting_filter`.
    skip_s : float
        Seconds of the *weighted* signal left out of the RMS at the start (default 0: the
        whole signal counts), to leave out the filter's start-up transient; 0 ≤ skip_s and
        at least one sample must remain.

    Returns
    -------
    float
        ``20·log10(RMS of the weighted signal)`` over all samples and channels (the mean
        square of every channel together, as for an unweighted RMS in dBFS). Convention: a
        full-scale 1 kHz sine reads −3.01 dB (weighting is 0 dB at 1 kHz; a sine's RMS is
        1/√2), for every kind; a sine at f reads −3.01 + W(f). Silence reads −inf.
        The filter starts at rest and, by default, nothing is discarded. Its start-up
        transient (the slowest poles are at 20.6 Hz, time constant 7.7 ms) then counts: a
        1 s tone at 100 Hz or above reads within 0.01 dB of its steady state, but a 1 s tone
        at 31.5 Hz (A ≈ −39 dB) reads ~0.1 dB high and at 20 Hz ~0.5 dB high, because the
        onset is weighted less than the tone. ``skip_s=0.5`` removes it (< 0.01 dB).

    Raises
    ------
    ValueError
        Empty signal, NaN/Inf samples, bad shape, unknown kind or method, bad sr, a negative
        ``skip_s`` or one that leaves no samples.
    TypeError
        Non-numeric audio.

    Standard: IEC 61672-1:2013 (frequency weightings); a level "in dB(A)" re full scale.
    Taught in notebooks/02_a_weighting.ipynb.
    """
    audio = as_float_audio(x, name="x")
    sos = weighting_filter(kind, sr, method=method)
    skip = float(skip_s)
    if not math.isfinite(skip) or skip < 0:
        raise ValueError(f"skip_s must be ≥ 0 seconds, got {skip_s!r}")
    start = round(skip * float(sr))
    if start >= audio.shape[0]:
        raise ValueError(
            f"skip_s={skip_s} s leaves no samples of a {audio.shape[0] / float(sr):.3g} s signal"
        )
    y = sig.sosfilt(sos, audio, axis=0)[start:]
    ms = float(np.mean(y * y))
    with np.errstate(divide="ignore"):
        return float(10.0 * np.log10(ms))
