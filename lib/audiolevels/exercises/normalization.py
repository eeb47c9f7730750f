"""Checks for notebooks/03_normalization.ipynb."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check

__all__ = ["check_safe_common_target"]


def _safe_common_target(
    clips: Mapping[str, tuple[np.ndarray, float]], ceiling_dbfs: float
) -> tuple[float, dict[str, float]]:
    """Highest loudness target at which every clip's sample peak stays ≤ ceiling_dbfs."""
    from audiolevels.loudness import integrated_loudness
    from audiolevels.normalize import peak_dbfs

    margins = {}  # peak-to-loudness ratio (dB) of each clip
    for name, (x, sr) in clips.items():
        lufs = float(integrated_loudness(x, sr))
        if not math.isfinite(lufs):
            raise ValueError(f"clip {name!r} has no integrated loudness (silent or < 400 ms)")
        margins[name] = peak_dbfs(x) - lufs
    return ceiling_dbfs - max(margins.values()), margins


@exercise_check
def check_safe_common_target(
    answer: float | None,
    clips: Mapping[str, tuple[np.ndarray, float]],
    *,
    ceiling_dbfs: float = -1.0,
    tol_db: float = 0.05,
) -> CheckResult:
    """Exercise: the loudest common target (LUFS) at which no clip peaks above ``ceiling_dbfs``.

    After loudness normalization to T LUFS, a clip's sample peak is
    ``T + (peak_dbfs − integrated LUFS)``; the clip with the largest peak-to-loudness ratio
    decides how high T can go.

    Parameters
    ----------
    answer : float or None
        The learner's target in LUFS.
    clips : mapping
        Clip name → ``(audio, sr)``, audio shaped (samples,) or (samples, channels).
    ceiling_dbfs : float
        The sample-peak ceiling (default −1 dBFS).
    tol_db : float
        Accepted error in dB.

    Returns
    -------
    CheckResult
        True (and prints ✓) if the answer is within ``tol_db`` of the highest safe target.
    """
    if not clips:
        raise ValueError("clips is empty: pass the dict of (audio, sr) used in the notebook")
    best, margins = _safe_common_target(clips, float(ceiling_dbfs))
    worst = max(margins, key=margins.get)
    if answer is None:
        print(
            "✗ No answer yet: set `answer` to a target in LUFS. Hint: after loudness "
            f"normalization to a target, where does each clip's peak land, and which one "
            f"reaches {ceiling_dbfs} dBFS first?"
        )
        return False
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        raise WrongKind(f"answer must be a number in LUFS, got {type(answer).__name__}")
    answer = float(answer)
    if not math.isfinite(answer):
        print(f"✗ {answer} is not a level: give a finite target in LUFS.")
        return False
    err = answer - best
    if abs(err) <= tol_db:
        print(
            f"✓ {answer:.2f} LUFS: every clip peaks at or below {ceiling_dbfs} dBFS, and "
            f"{worst!r} (peak-to-loudness ratio {margins[worst]:.1f} dB) touches the ceiling."
        )
        return True
    if err > 0:
        print(
            f"✗ Too loud: at {answer:.2f} LUFS, {worst!r} would peak at "
            f"{answer + margins[worst]:.2f} dBFS, above {ceiling_dbfs} dBFS. "
            "Hint: the clip with the largest peak − loudness decides."
        )
    else:
        print(
            f"✗ Safe, but {-err:.2f} dB more is possible: no clip touches {ceiling_dbfs} dBFS "
            "yet. Hint: the clip with the largest peak − loudness decides, and it may reach "
            "the ceiling exactly."
        )
    return False
