"""Exercise checks for notebooks/06_stft_normalization.ipynb."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check
from audiolevels.spectral import DbScaler

__all__ = ["check_unit_range_scaling"]

#: The dB windows (floor_db, ceiling_db) the check tries.
WINDOWS_DB = ((-80.0, 0.0), (-120.0, 0.0), (-60.0, -10.0))


def _test_values() -> np.ndarray:
    """dB values in a (freq, frames) layout: silence (−inf), far below, inside, above."""
    rng = np.random.default_rng(2019)
    v = rng.uniform(-150.0, 10.0, size=(33, 20))
    v[0, :5] = -np.inf
    v[1, :6] = [-80.0, 0.0, -120.0, -60.0, -10.0, -200.0]
    return v


def _hint(got: np.ndarray, want: np.ndarray, s: np.ndarray, floor: float, ceiling: float) -> str:
    u = (np.clip(s, floor, ceiling) - floor) / (ceiling - floor)
    finite = np.isfinite(s)
    raw = -1.0 + 2.0 * (s[finite] - floor) / (ceiling - floor)
    if np.any(np.isnan(got)):
        return (
            "Some values came back NaN: silence reads −inf dB; clip to [floor_db, ceiling_db] "
            "before scaling so that it lands on the floor."
        )
    if np.allclose(got, u, atol=1e-9):
        return "Your values run 0 … 1: the model's range here is −1 … 1 (stretch u to 2u − 1)."
    if np.allclose(got, -want, atol=1e-9):
        return "Upside down: floor_db must map to −1 and ceiling_db to +1."
    if np.allclose(got[finite], raw, atol=1e-9):
        return (
            "Right inside the window, but values beyond it land outside [−1, 1]: clip to "
            "[floor_db, ceiling_db] first."
        )
    return "Map floor_db → −1 and ceiling_db → +1 with one straight line, after clipping."


@exercise_check
def check_unit_range_scaling(
    to_unit_range: Callable[[np.ndarray, float, float], np.ndarray],
) -> CheckResult:
    """Check a hand-written dB → [−1, 1] scaling against :class:`audiolevels.spectral.DbScaler`.

    Parameters
    ----------
    to_unit_range : callable
        ``to_unit_range(s_db, floor_db, ceiling_db)`` takes a dB array (−inf allowed) and two
        numbers and returns an array of the same shape: the values clipped to
        [floor_db, ceiling_db] and mapped linearly so that the floor reads −1 and the ceiling
        +1. It must not modify ``s_db``.

    Returns
    -------
    CheckResult
        True if every value matches ``DbScaler(floor_db, ceiling_db, (-1, 1)).transform`` to
        1e-9 for three dB windows. Prints ✓ or ✗ with a hint.
    """
    if to_unit_range is None:
        print(
            "✗ No answer yet: define a function to_unit_range(s_db, floor_db, ceiling_db) and "
            "pass the function itself (not its result)."
        )
        return False
    if not callable(to_unit_range):
        raise WrongKind(
            "pass your function itself, e.g. check_unit_range_scaling(my_scaling), got "
            f"{type(to_unit_range).__name__}"
        )
    s = _test_values()
    for floor, ceiling in WINDOWS_DB:
        want = DbScaler(floor, ceiling, (-1.0, 1.0)).transform(s)
        given = s.copy()
        try:
            got = np.asarray(to_unit_range(given, floor, ceiling), dtype=float)
        except Exception as exc:  # the learner's code: report, don't crash the notebook
            print(f"✗ Your function raised {type(exc).__name__}: {exc}")
            return False
        if not np.array_equal(given, s):
            print(
                "✗ Your function changed its input array in place: work on a copy "
                "(np.clip returns a new array)."
            )
            return False
        if got.shape != want.shape:
            print(
                f"✗ Expected an array of shape {want.shape} (one value per bin), got {got.shape}."
            )
            return False
        if not np.allclose(got, want, atol=1e-9, equal_nan=False):
            wrong = int(np.count_nonzero(~np.isclose(got, want, atol=1e-9)))
            print(
                f"✗ Window [{floor:g}, {ceiling:g}] dB: {wrong} of {s.size} values differ. "
                + _hint(got, want, s, floor, ceiling)
            )
            return False
    print(
        f"✓ All {s.size} values match DbScaler(floor_db, ceiling_db, (-1, 1)) in "
        f"{len(WINDOWS_DB)} dB windows, silence (−inf) and values beyond the window included."
    )
    return True
