"""Exercise checks for notebooks/05_mu_law.ipynb."""

from __future__ import annotations

import numbers
from collections.abc import Callable

import numpy as np

from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check
from audiolevels.mulaw import (
    linear_dequantize,
    linear_quantize,
    mu_dequantize,
    mu_quantize,
    snr_db,
)
from audiolevels.signals import db_to_amplitude, sine

__all__ = ["check_crossover_level", "check_mu_law_codes"]

#: The crossover exercise's test tone: 997 Hz, 1 s at 16 kHz; levels are sine peaks in dBFS.
TONE_HZ, TONE_SR = 997.0, 16_000
CROSSOVER_TOLERANCE_DB = 1.5


def _test_inputs() -> np.ndarray:
    rng = np.random.default_rng(2016)
    return np.concatenate(
        [
            [-1.0, -0.5, 0.0, 0.5, 1.0],
            np.linspace(-1, 1, 2001),
            rng.normal(0, 0.02, 2000).clip(-1, 1),
        ]
    )


@exercise_check
def check_mu_law_codes(encode: Callable[[np.ndarray], np.ndarray]) -> CheckResult:
    """Check a hand-written 8-bit μ-law encoder (μ = 255) against the WaveNet convention.

    Parameters
    ----------
    encode : callable
        ``encode(x)`` takes a float array in [−1, 1] and returns integer codes 0 … 255:
        ``floor((F(x) + 1)/2 · 255 + 0.5)`` with F(x) = sign(x)·ln(1 + 255|x|)/ln(256).

    Returns
    -------
    CheckResult
        True if every code equals :func:`audiolevels.mulaw.mu_quantize`'s. Prints ✓ or ✗
        with a hint.
    """
    if encode is None:
        print("✗ No answer yet: define a function encode(x) and pass it (not its result).")
        return False
    if not callable(encode):
        raise WrongKind(
            f"pass your encoder function itself (e.g. check_mu_law_codes(my_encode)), "
            f"got {type(encode).__name__}"
        )
    x = _test_inputs()
    want = mu_quantize(x)
    try:
        got = np.asarray(encode(x.copy()))
    except Exception as exc:  # the learner's code: report, don't crash the notebook
        print(f"✗ Your encoder raised {type(exc).__name__}: {exc}")
        return False
    if got.shape != want.shape:
        print(f"✗ Expected one code per input sample, shape {want.shape}; got shape {got.shape}.")
        return False
    if not np.all(np.isfinite(got.astype(float))):
        print("✗ Some codes are NaN or Inf.")
        return False
    diff = np.round(got.astype(float)).astype(np.int64) - want
    if not np.allclose(got.astype(float), np.round(got.astype(float))):
        print("✗ Codes must be whole numbers (class indices 0 … 255): round and cast to int.")
        return False
    if np.all(diff == 0):
        print(
            f"✓ All {x.size} codes match the WaveNet/torchaudio convention "
            f"(x = 0 → code {want[2]}, x = 0.5 → code {want[3]})."
        )
        return True
    wrong = int(np.count_nonzero(diff))
    if np.all(diff == -128):
        hint = "Your codes run −128 … 127: WaveNet's classes are 0 … 255 (add 128)."
    elif np.all(np.isin(diff, [-128, -127])):
        hint = (
            "Your codes run −128 … 127 (librosa's convention): WaveNet's classes are 0 … 255 "
            "(add 128), and it rounds to nearest where librosa rounds up."
        )
    elif set(np.unique(diff).tolist()) <= {0, 1}:
        hint = (
            "One code too high on about half the inputs: that is rounding up (librosa's "
            "digitize(right=True)); WaveNet rounds to nearest: floor(v + 0.5)."
        )
    elif set(np.unique(diff).tolist()) <= {-1, 0}:
        hint = "One code too low on some inputs: int() truncates; add 0.5 before it."
    elif got.min() >= 0 and got.max() <= 1:
        hint = "Those look like compressed values, not codes: scale (F + 1)/2 to 0 … 255."
    else:
        hint = "Compress first with F(x), then map −1 … 1 onto 0 … 255 and round."
    print(f"✗ {wrong} of {x.size} codes differ. {hint}")
    return False


def _snr_curves(levels_dbfs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    tone = sine(TONE_HZ, 1.0, TONE_SR)
    lin, mu = [], []
    for level in levels_dbfs:
        x = float(db_to_amplitude(level)) * tone
        lin.append(snr_db(x, linear_dequantize(linear_quantize(x, bits=8), bits=8)))
        mu.append(snr_db(x, mu_dequantize(mu_quantize(x, bits=8))))
    return np.array(lin), np.array(mu)


def expected_crossover_level() -> float:
    """The peak level (dBFS) below which 8-bit μ-law beats 8-bit linear on the test tone.

    Measured on a 0.25 dB grid from 0 to −30 dBFS: the highest level at which μ-law's SNR is
    higher and stays higher at every lower grid level.
    """
    levels = np.arange(0.0, -30.25, -0.25)
    lin, mu = _snr_curves(levels)
    mu_wins = mu > lin
    # index of the first grid level from which μ-law wins all the way down
    losing = np.flatnonzero(~mu_wins)
    first = 0 if losing.size == 0 else int(losing[-1]) + 1
    return float(levels[first])


@exercise_check
def check_crossover_level(level_dbfs: float | None) -> CheckResult:
    """Check the input level below which 8-bit μ-law gives a better SNR than 8-bit linear.

    Test tone: a 997 Hz sine, 1 s at 16 kHz; the level is its peak in dBFS; quantizers
    ``mu_quantize(bits=8)`` (μ = 255) and ``linear_quantize(bits=8)``.

    Parameters
    ----------
    level_dbfs : float
        Your answer in dBFS (negative).

    Returns
    -------
    CheckResult
        True if within 1.5 dB of the measured crossover. Prints ✓ or ✗ with a hint.
    """
    if level_dbfs is None:
        print("✗ No answer yet: set level_dbfs to a number in dBFS (e.g. -25.0).")
        return False
    if isinstance(level_dbfs, bool) or not isinstance(level_dbfs, numbers.Real):
        raise WrongKind(f"answer with one number in dBFS, got {type(level_dbfs).__name__}")
    level = float(level_dbfs)
    if not np.isfinite(level):
        print(f"✗ {level_dbfs!r} is not a level: give a finite number of dBFS.")
        return False
    if level > 0:
        print("✗ A level above 0 dBFS clips: the crossover is a negative number of dBFS.")
        return False
    want = expected_crossover_level()
    if abs(level - want) <= CROSSOVER_TOLERANCE_DB:
        lin, mu = (float(v[0]) for v in _snr_curves(np.array([want])))
        print(
            f"✓ {level:.1f} dBFS — μ-law wins below about {want:.1f} dBFS, where 8-bit linear "
            f"gives {lin:.1f} dB and 8-bit μ-law {mu:.1f} dB: below it linear loses 1 dB of SNR "
            f"per dB of level, μ-law stays near its plateau."
        )
        return True
    if level > want:
        hint = "Too high: at that level 8-bit linear still has the better SNR."
    else:
        hint = "Too low: μ-law already wins at higher levels than that."
    print(f"✗ {level:.1f} dBFS is off by more than {CROSSOVER_TOLERANCE_DB} dB. {hint}")
    return False
