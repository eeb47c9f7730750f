"""Exercise checks for notebooks/04_decoding_equality.ipynb."""

from __future__ import annotations

import math

import numpy as np

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check

__all__ = ["check_lame_gain"]


def _rms_ratio_db(original: np.ndarray, decoded: np.ndarray) -> float:
    """Level difference by RMS over the aligned overlap (what a meter would say)."""
    from audiolevels.decoding import align

    _, a, b = align(original, decoded)
    return 10.0 * math.log10(float(np.sum(b * b)) / float(np.sum(a * a)))


@exercise_check
def check_lame_gain(
    answer: float | None,
    original: np.ndarray,
    decoded: np.ndarray,
    *,
    tol_db: float = 0.02,
) -> CheckResult:
    """Exercise: the level change (dB) an encoder applied, from the original and its decode.

    The expected answer is the least-squares gain of the decoded signal against the original
    after aligning them (:func:`audiolevels.decoding.compare`, ``gain_db``): negative when the
    decode is quieter.

    Parameters
    ----------
    answer : float or None
        The learner's level change in dB.
    original, decoded : array, shape (samples,) or (samples, channels)
        The audio before encoding and the decoded file (any delay is aligned here).
    tol_db : float
        Accepted error in dB.

    Returns
    -------
    CheckResult
        True (and prints ✓) if the answer is within ``tol_db`` of the measured gain.
    """
    from audiolevels.decoding import compare

    truth = compare(original, decoded).gain_db
    if not math.isfinite(truth):
        raise ValueError("original and decoded share no signal: pass the audio and its decode")
    if answer is None:
        print(
            "✗ No answer yet: set `answer` to the level change in dB (negative if the decode "
            "is quieter). Hint: line the decode up with the original first, then fit one gain "
            "sample by sample; decoding.compare reports it."
        )
        return False
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating):
        raise WrongKind(f"answer must be a number in dB, got {type(answer).__name__}")
    answer = float(answer)
    if not math.isfinite(answer):
        print(f"✗ {answer} is not a level change: give a finite number of dB.")
        return False
    err = answer - truth
    if abs(err) <= tol_db:
        print(
            f"✓ {answer:+.3f} dB (measured {truth:+.3f} dB): the decode is the original "
            f"multiplied by {10 ** (truth / 20):.3f}, plus the coding noise."
        )
        return True
    if 0 < answer < 2 and abs(20 * math.log10(answer) - truth) <= tol_db:
        print(f"✗ {answer:.3f} looks like an amplitude ratio: give the change in dB.")
    elif abs(answer + truth) <= tol_db and abs(truth) > tol_db:
        print("✗ Right size, wrong sign: is the decoded file louder or quieter than the original?")
    elif abs(answer - _rms_ratio_db(original, decoded)) <= tol_db / 2:
        print(
            f"✗ {answer:+.3f} dB is a ratio of RMS levels: it also counts the coding noise the "
            "encoder added and the band it removed. Hint: fit the gain sample by sample."
        )
    else:
        print(
            f"✗ {answer:+.3f} dB is {abs(err):.2f} dB off. Hint: align the decode with the "
            "original (encoder delay) and fit one gain sample by sample, not peak levels."
        )
    return False
