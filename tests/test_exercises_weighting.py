"""The checks of notebooks/02_a_weighting.ipynb: both outcomes, hints, and wrong kinds."""

from __future__ import annotations

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
        (19.0, "off by"),
        (np.nan, "finite"),
    ]:
        assert check_equal_energy_gap(wrong).passed is False
        out = capsys.readouterr().out
        assert out.startswith("✗") and hint in out


def test_gap_check_wrong_kind(capsys):
    assert_wrong_kind(check_equal_energy_gap("20 dB"), capsys, "")
    assert_wrong_kind(check_equal_energy_gap(True), capsys, "")
