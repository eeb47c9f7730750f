"""The checks of notebooks/02_a_weighting.ipynb: both outcomes, hints, and wrong kinds."""

from __future__ import annotations

import re

import numpy as np
import pytest

from audiolevels.exercises import check_a_weighting_formula, check_equal_energy_gap
from conftest import assert_wrong_kind


def _a_weighting_rounded_poles(f):
    # IEC 61672-1's printed (rounded) pole frequencies; good to ~0.01 dB.
    f1, f2, f3, f4 = 20.6, 107.7, 737.9, 12194.0

    def a(f):
        s = np.asarray(f, dtype=float) ** 2
        return 20 * np.log10(
            f4**2 * s**2 / ((s + f1**2) * np.sqrt(s + f2**2) * np.sqrt(s + f3**2) * (s + f4**2))
        )

    return a(f) - a(1000.0)


def test_formula_check_accepts_the_formula(capsys):
    assert check_a_weighting_formula(_a_weighting_rounded_poles).passed is True
    assert capsys.readouterr().out.startswith("✓")


@pytest.mark.parametrize(
    "fn, hint",
    [
        (lambda f: None, "returns None"),
        (lambda f: _a_weighting_rounded_poles(f) + 2.0, "normalise"),
        (lambda f: _a_weighting_rounded_poles(np.sqrt(f) * 10), "Off by"),
        (lambda f: 1 / 0, "raised ZeroDivisionError"),
        (lambda f: _a_weighting_rounded_poles(f)[:5], "shape"),
    ],
)
def test_formula_check_rejects_wrong_answers(fn, hint, capsys):
    assert check_a_weighting_formula(fn).passed is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and hint in out


def test_formula_check_needs_a_function(capsys):
    assert_wrong_kind(check_a_weighting_formula([1.0, 2.0]), capsys, "callable")


def test_gap_check_both_outcomes(capsys):
    assert check_equal_energy_gap(20.37).passed is True
    assert capsys.readouterr().out.startswith("✓")
    for wrong, hint in [
        (None, "No answer"),
        (-20.37, "wrong sign"),
        (19.0, "only the weighting differs"),
        (np.nan, "finite"),
    ]:
        assert check_equal_energy_gap(wrong).passed is False
        out = capsys.readouterr().out
        assert out.startswith("✗") and hint in out


def test_gap_check_wrong_kind(capsys):
    assert_wrong_kind(check_equal_energy_gap("20 dB"), capsys, "")
    assert_wrong_kind(check_equal_energy_gap(True), capsys, "")


def test_no_answer_messages_state_no_number_and_no_formula(capsys):
    # The answers are numbers (dB) and a formula of pole frequencies: a "no answer yet" message
    # that holds no digit can give away neither.
    check_a_weighting_formula(lambda f: None)
    check_equal_energy_gap(None)
    out = capsys.readouterr().out
    assert out.count("No answer yet") == 2
    assert not re.search(r"\d", out), out


def test_a_wrong_gap_gets_a_hint_without_the_answer_or_its_distance(capsys):
    # Printing the answer, or how far off the learner is, would hand over the result.
    for wrong in (19.0, 25.5, 0.0):
        assert check_equal_energy_gap(wrong).passed is False
        out = capsys.readouterr().out
        assert re.findall(r"\d+(?:\.\d+)?", out) == [f"{wrong:.2f}"], out
        assert "3000" not in out and "weighting_db(" not in out


def test_the_gap_check_docstring_does_not_state_the_answer():
    assert not re.search(r"20\.\d", check_equal_energy_gap.__doc__)
