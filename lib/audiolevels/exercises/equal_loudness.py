"""Exercise checks for notebooks/01_equal_loudness.ipynb."""

from __future__ import annotations

import numbers

import numpy as np

from audiolevels.contours import phon_from_spl, spl_from_phon
from audiolevels.exercises._feedback import CheckResult, WrongKind, exercise_check
from audiolevels.signals import FULL_SCALE_SPL_DB, amplitude_to_db, db_to_amplitude

__all__ = ["check_bass_amplitude"]

#: The exercise's reference tone: a 1 kHz sine of this peak amplitude.
REFERENCE_PEAK = 0.01
TOLERANCE_DB = 0.3


def _sine_peak_for_spl(spl_db: float) -> float:
    """Peak amplitude of a sine whose RMS plays at ``spl_db`` (0 dBFS RMS = 100 dB SPL)."""
    return float(np.sqrt(2) * db_to_amplitude(spl_db - FULL_SCALE_SPL_DB))


def expected_bass_amplitude() -> float:
    """The solution: peak amplitude of a 100 Hz sine as loud as a 1 kHz sine of peak 0.01.

    The 1 kHz sine's RMS is 0.01/√2 → −43.0 dBFS → 57.0 dB SPL under 0 dBFS = 100 dB SPL,
    i.e. 57.0 phon; ISO 226:2023 puts 57.0 phon at 100 Hz at 76.4 dB SPL → peak ≈ 0.0933.
    """
    spl_1k = FULL_SCALE_SPL_DB + float(amplitude_to_db(REFERENCE_PEAK / np.sqrt(2)))
    level_phon = phon_from_spl(spl_1k, 1000)
    return _sine_peak_for_spl(float(spl_from_phon(level_phon, 2023, 100)))


@exercise_check
def check_bass_amplitude(amplitude: float) -> CheckResult:
    """Check the peak amplitude of a 100 Hz sine as loud as a 1 kHz sine of peak 0.01.

    Playback assumption (as :func:`audiolevels.signals.dbfs_to_spl`): a sine whose RMS is
    X dBFS plays at 100 + X dB SPL (so a full-scale sine, RMS −3.01 dBFS, plays at 96.99 dB
    SPL). Contours: ISO 226:2023.

    Parameters
    ----------
    amplitude : float or None
        Your peak amplitude (full scale = 1.0); None (no answer yet) prints ✗.

    Returns
    -------
    CheckResult
        True if within 0.3 dB of the answer. Prints ✓ or ✗ with a hint.
    """
    if amplitude is None:
        print("✗ No answer yet: set `answer` to a peak amplitude (a number such as 0.05).")
        return False
    if isinstance(amplitude, bool) or not isinstance(amplitude, numbers.Real):
        raise WrongKind(
            f"answer with one number (a peak amplitude such as 0.05), "
            f"got {type(amplitude).__name__}"
        )
    a = float(amplitude)
    if not np.isfinite(a) or a <= 0:
        print(f"✗ {amplitude!r} is not a usable amplitude: give a peak amplitude > 0.")
        return False
    want = expected_bass_amplitude()
    err_db = float(amplitude_to_db(a / want))
    if abs(err_db) <= TOLERANCE_DB:
        print(
            f"✓ {a:.4f} — the 100 Hz sine needs peak ≈ {want:.4f}, about "
            f"{float(amplitude_to_db(want / REFERENCE_PEAK)):.1f} dB more than the 1 kHz sine."
        )
        return True
    # The usual slip: reading the peak level (−40 dBFS → 60 dB SPL) as if it were the RMS.
    spl_slip = FULL_SCALE_SPL_DB + float(amplitude_to_db(REFERENCE_PEAK))
    peak_as_rms = float(db_to_amplitude(spl_from_phon(spl_slip, 2023, 100) - FULL_SCALE_SPL_DB))
    if abs(a - REFERENCE_PEAK) / REFERENCE_PEAK < 0.05:
        hint = "Equal amplitude is not equal loudness: how loud is 100 Hz at this level?"
    elif a < REFERENCE_PEAK:
        hint = "Lower than the 1 kHz tone? Our hearing is less sensitive at 100 Hz, not more."
    elif abs(float(amplitude_to_db(a / peak_as_rms))) <= TOLERANCE_DB:
        hint = (
            "Close: the playback assumption maps a sine's RMS level in dBFS to SPL; a sine of "
            "peak A has RMS A/√2 (−3.01 dB). The contours are not parallel, so this matters."
        )
    else:
        hint = (
            "Steps: amplitude → RMS dBFS → dB SPL (+100) → phon at 1 kHz → SPL at 100 Hz "
            "(spl_from_phon) → dBFS → peak amplitude."
        )
    # The direction only: the size of the error in dB would let one compute the answer.
    direction = "too large" if err_db > 0 else "too small"
    print(f"✗ {a:.4g} is {direction} (more than {TOLERANCE_DB:g} dB off). {hint}")
    return False
