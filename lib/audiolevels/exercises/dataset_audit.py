"""Exercise checks for notebooks/08_dataset_audit.ipynb."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check

__all__ = ["check_highest_unlimited_target"]

_TOLERANCE_DB = 0.05


def _levels(table: object) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if not isinstance(table, pd.DataFrame):
        raise WrongKind(
            f"pass the audit table (a DataFrame from audit_folder), got {type(table).__name__}"
        )
    cols = ("path", "integrated_lufs", "true_peak_dbtp", "sample_peak_dbfs")
    missing = [c for c in cols if c not in table.columns]
    if missing:
        raise WrongKind(f"the table lacks the audit columns {missing}: pass audit_folder's table")
    lufs = np.asarray(table["integrated_lufs"], dtype=float)
    tp = np.asarray(table["true_peak_dbtp"], dtype=float)
    sp = np.asarray(table["sample_peak_dbfs"], dtype=float)
    keep = np.isfinite(lufs) & np.isfinite(tp)
    return np.asarray(table["path"], dtype=object)[keep], lufs[keep], tp[keep], sp[keep]


@exercise_check
def check_highest_unlimited_target(
    answer: float | None, table: pd.DataFrame, *, ceiling_dbtp: float = -1.0
) -> CheckResult:
    """Check the highest common loudness target at which no file is lowered for the ceiling.

    Parameters
    ----------
    answer : float or None
        The learner's target, LUFS.
    table : pandas.DataFrame
        The table of :func:`audiolevels.audit.audit_folder`; files whose loudness is −inf
        or missing cannot be normalized and do not count.
    ceiling_dbtp : float
        The true-peak ceiling, dBTP.

    Returns
    -------
    CheckResult
        True within 0.05 dB. Prints ✓ or ✗ with a hint.
    """
    if answer is None:
        print("✗ No answer yet: replace None with a target in LUFS (or code that computes it).")
        return False
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        raise WrongKind(f"the answer is one target in LUFS (a number), got {type(answer).__name__}")
    names, lufs, tp, sp = _levels(table)
    if names.size == 0:
        raise WrongKind("the table has no file with a finite loudness to normalize")
    value = float(answer)
    if math.isinf(value) and value < 0:
        print(
            "✗ −inf: a file whose loudness is −inf (silent, or shorter than 400 ms) cannot be "
            "normalized at all; leave such rows out."
        )
        return False
    if not math.isfinite(value):
        print(f"✗ The answer must be a finite level in LUFS, got {answer!r}.")
        return False
    plr = tp - lufs
    truth = ceiling_dbtp - float(plr.max())
    if abs(value - truth) <= _TOLERANCE_DB:
        decider = names[int(np.argmax(plr))]
        print(
            f"✓ {value:.2f} LUFS: every one of the {names.size} files reaches it with its true "
            f"peak at or below {ceiling_dbtp:g} dBTP; {decider} (the largest peak-to-loudness "
            f"ratio, {plr.max():.2f} dB) decides: at any higher target normalize_folder lowers "
            "its gain."
        )
        return True
    with_sample_peak = ceiling_dbtp - float(np.nanmax(sp - lufs))
    if abs(value - with_sample_peak) <= _TOLERANCE_DB:
        print(
            "✗ That uses the sample peak: the ceiling is on the true peak (true_peak_dbtp), "
            "which lies above the sample peak between samples."
        )
        return False
    if value > truth:
        over = names[(plr + value) > ceiling_dbtp]
        print(
            f"✗ Too high: at {value:.2f} LUFS, {over.size} file(s) would pass {ceiling_dbtp:g} "
            f"dBTP and be lowered (e.g. {over[0]}). The file with the least headroom decides."
        )
        return False
    print(
        f"✗ Too low: at {value:.2f} LUFS every file keeps more than {_TOLERANCE_DB} dB below the "
        "ceiling; a higher target works. After a gain to T, a file's true peak is T + (true "
        "peak − loudness)."
    )
    return False
