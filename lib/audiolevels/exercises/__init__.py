"""Checks for the notebooks' exercises: ``from audiolevels.exercises import check_...``.

One module per notebook topic. A check prints one ✓ or ✗ line for the learner — with a hint
that points the way without stating the result — and returns a :class:`CheckResult`, true when
the answer is right and silent in a notebook. ``None`` (the learner cell's ``answer = None``)
prints "✗ No answer yet"; an answer of the wrong kind prints a ✗ line too, never a traceback.
"""

from __future__ import annotations

from audiolevels.exercises._feedback import CheckResult
from audiolevels.exercises.data_pipeline import check_packed_item
from audiolevels.exercises.dataset_audit import check_highest_unlimited_target
from audiolevels.exercises.decoding import check_lame_gain
from audiolevels.exercises.equal_loudness import check_bass_amplitude
from audiolevels.exercises.mu_law import check_crossover_level, check_mu_law_codes
from audiolevels.exercises.normalization import check_safe_common_target
from audiolevels.exercises.stft_normalization import check_unit_range_scaling
from audiolevels.exercises.weighting import check_a_weighting_formula, check_equal_energy_gap

__all__ = [
    "CheckResult",
    "check_a_weighting_formula",
    "check_bass_amplitude",
    "check_crossover_level",
    "check_equal_energy_gap",
    "check_highest_unlimited_target",
    "check_lame_gain",
    "check_mu_law_codes",
    "check_packed_item",
    "check_safe_common_target",
    "check_unit_range_scaling",
]
