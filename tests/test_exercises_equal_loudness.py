"""The exercise check of notebooks/01_equal_loudness.ipynb, against the ISO 226 oracle of
tests/test_contours.py (the standard's formulas evaluated from the reference table)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from audiolevels.exercises import check_bass_amplitude
from conftest import assert_wrong_kind
from test_contours import FREQS, oracle_spl


def _exercise_answer() -> float:
    # 1 kHz sine, peak 0.01: RMS 0.01/√2 → −43.01 dBFS → 56.99 dB SPL = 56.99 phon (2023 is
    # exact at 1 kHz); the SPL of that level at 100 Hz from the scalar oracle; back to a peak.
    spl_1k = 100 + 20 * math.log10(0.01 / math.sqrt(2))
    spl_100 = oracle_spl(spl_1k, FREQS.index(100.0), 2023)
    return math.sqrt(2) * 10 ** ((spl_100 - 100) / 20)


def test_exercise_accepts_the_answer(capsys):
    answer = _exercise_answer()
    assert answer == pytest.approx(0.0933, abs=5e-4)
    assert check_bass_amplitude(answer).passed is True
    assert check_bass_amplitude(np.float32(answer * 1.02)).passed is True  # 0.17 dB off
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize(
    ("answer", "hint"),
    [
        (0.01, "Equal amplitude"),
        (0.002, "less sensitive at 100 Hz"),
        (0.0842, "RMS"),  # the peak-read-as-RMS slip
        (0.3, "Steps"),
        (0.0, "not a usable amplitude"),
        (float("nan"), "not a usable amplitude"),
        (None, "No answer yet"),
    ],
)
def test_exercise_rejects_wrong_answers(capsys, answer, hint):
    assert check_bass_amplitude(answer).passed is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and hint in out


@pytest.mark.parametrize("answer", ["0.09", [0.09], True, np.array([0.09])])
def test_exercise_wrong_kind_is_one_cross_line(answer, capsys):
    assert_wrong_kind(check_bass_amplitude(answer), capsys, "one number")


@pytest.mark.parametrize(("a", "b"), [(0.3, 0.5), (0.2, 0.25), (0.03, 0.05)])
def test_wrong_answers_of_one_kind_get_the_same_message_so_it_cannot_reveal_the_answer(
    capsys, a, b
):
    # A message that stated the error (e.g. "+10.1 dB from the answer") would give the answer
    # away; two wrong answers with the same slip must read alike apart from the echoed value.
    check_bass_amplitude(a)
    out_a = capsys.readouterr().out.replace(f"✗ {a:.4g} ", "✗ A ", 1)
    check_bass_amplitude(b)
    out_b = capsys.readouterr().out.replace(f"✗ {b:.4g} ", "✗ A ", 1)
    assert out_a.startswith("✗") and out_a == out_b
