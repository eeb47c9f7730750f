"""Checks for notebooks/02_a_weighting.ipynb."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check

__all__ = ["check_a_weighting_formula", "check_equal_energy_gap"]

# The exact base-ten frequencies of IEC 61672-1 Table 3 (10 Hz … 20 kHz).
_TABLE_FREQS_HZ = 1000.0 * 10 ** (np.arange(-20, 14) / 10)


@exercise_check
def check_a_weighting_formula(
    fn: Callable[[np.ndarray], np.ndarray], *, tol_db: float = 0.1
) -> CheckResult:
    """Exercise: write the A-weighting formula of IEC 61672-1 yourself.

    ``fn(freqs_hz)`` must return the A weighting in dB for an array of frequencies; it is
    compared with :func:`audiolevels.weighting.weighting_db` (tested against the standard's
    Table 3) at the 34 table frequencies from 10 Hz to 20 kHz.

    Parameters
    ----------
    fn : callable
        The learner's function, array of Hz → array of dB.
    tol_db : float
        Accepted error in dB (the rounded pole frequencies 20.6, 107.7, 737.9 and 12194 Hz
        are good to ~0.01 dB).

    Returns
    -------
    CheckResult
        True (and prints ✓) if every value is within ``tol_db``.
    """
    from audiolevels.weighting import weighting_db

    if not callable(fn):
        raise WrongKind(f"pass your function itself (callable), got {type(fn).__name__}")
    f = _TABLE_FREQS_HZ.copy()
    try:
        got = fn(f.copy())
    except Exception as exc:  # the learner's code: report, don't crash the notebook
        print(f"✗ Your function raised {type(exc).__name__}: {exc}")
        return False
    if got is None:
        print(
            "✗ No answer yet: your function returns None. Write the formula of the Theory "
            "section with the four pole frequencies, and return its value in dB."
        )
        return False
    try:
        got = np.asarray(got, dtype=np.float64)
    except (TypeError, ValueError):
        print(f"✗ Your function returned {type(got).__name__}, not an array of numbers.")
        return False
    if got.shape != f.shape:
        print(f"✗ Expected one value per frequency, shape {f.shape}; got shape {got.shape}.")
        return False
    want = weighting_db(f, "A")
    err = got - want
    if not np.all(np.isfinite(err)):
        print("✗ Some values are NaN or infinite: use f² (not f) inside the square roots.")
        return False
    worst = int(np.argmax(np.abs(err)))
    if np.max(np.abs(err)) <= tol_db:
        print(
            f"✓ Within {np.max(np.abs(err)):.3f} dB of IEC 61672-1 at all 34 table "
            f"frequencies (e.g. {got[10]:.1f} dB at 100 Hz, {got[-1]:.1f} dB at 20 kHz)."
        )
        return True
    if np.ptp(err) <= tol_db:
        print(
            f"✗ Right shape, but every value is off by {np.mean(err):+.2f} dB: normalise so "
            "that the curve reads exactly 0 dB at 1 kHz (subtract the formula's value there)."
        )
        return False
    print(
        f"✗ Off by {err[worst]:+.2f} dB at {f[worst]:.0f} Hz (expected {want[worst]:.2f} dB). "
        "Hint: f⁴ in the numerator, two square-root factors for f2 and f3, and squares of the "
        "pole frequencies."
    )
    return False


@exercise_check
def check_equal_energy_gap(answer: float | None, *, tol_db: float = 0.1) -> CheckResult:
    """Exercise: how many dB(A) louder does a 3 kHz tone read than a 100 Hz tone of equal RMS?

    Parameters
    ----------
    answer : float or None
        The learner's difference in dB, dB(A) of the 3 kHz tone minus dB(A) of the 100 Hz tone.
    tol_db : float
        Accepted error in dB.

    Returns
    -------
    CheckResult
        True (and prints ✓) if within ``tol_db`` of the difference the A weighting makes.
    """
    from audiolevels.weighting import weighting_db

    expected = float(weighting_db(3000.0) - weighting_db(100.0))
    if answer is None:
        print(
            "✗ No answer yet: set `answer` to a number of dB. Hint: what do the two tones "
            "have in common before weighting, and what does the weighting add to each?"
        )
        return False
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        raise WrongKind(f"answer must be a number in dB, got {type(answer).__name__}")
    answer = float(answer)
    if not math.isfinite(answer):
        print(f"✗ {answer} is not a level difference: give a finite number of dB.")
        return False
    if abs(answer - expected) <= tol_db:
        print(f"✓ {answer:.2f} dB: the 3 kHz tone reads {expected:.2f} dB(A) higher at equal RMS.")
        return True
    if abs(answer + expected) <= tol_db:
        print("✗ Right size, wrong sign: the 3 kHz tone reads *higher* in dB(A).")
    else:
        print(
            f"✗ {answer:.2f} dB is not it. Hint: at equal RMS only the weighting differs "
            "between the two readings; look up what it does at each frequency, or measure both "
            "tones with weighted_level_db."
        )
    return False
