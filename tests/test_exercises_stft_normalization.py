"""The check of notebooks/06_stft_normalization.ipynb, against scalings written here from the
formula y = −1 + 2·(clip(s, F, C) − F) / (C − F) (not from the code under test), and the usual
slips: a [0, 1] range, no clipping, the range upside down, NaN from −inf, an in-place edit."""

from __future__ import annotations

import numpy as np

from audiolevels.exercises import check_unit_range_scaling
from conftest import assert_wrong_kind


def by_formula(s_db, floor_db, ceiling_db):
    c = np.minimum(np.maximum(s_db, floor_db), ceiling_db)
    return -1.0 + 2.0 * (c - floor_db) / (ceiling_db - floor_db)


def test_the_formula_passes_and_its_values_are_those_of_the_definition(capsys):
    s = np.array([-np.inf, -200.0, -80.0, -40.0, 0.0, 12.0])
    np.testing.assert_allclose(by_formula(s, -80.0, 0.0), [-1, -1, -1, 0, 1, 1])
    assert check_unit_range_scaling(by_formula).passed is True
    out = capsys.readouterr().out
    assert out.startswith("✓") and "−inf" in out


def test_a_zero_to_one_range_fails_with_its_hint(capsys):
    def zero_one(s, f, c):
        return (np.clip(s, f, c) - f) / (c - f)

    assert check_unit_range_scaling(zero_one).passed is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and "0 … 1" in out


def test_no_clipping_fails_with_its_hint(capsys):
    def unclipped(s, f, c):
        return -1.0 + 2.0 * (np.where(np.isinf(s), f, s) - f) / (c - f)

    assert check_unit_range_scaling(unclipped).passed is False
    assert "clip to" in capsys.readouterr().out


def test_upside_down_fails_with_its_hint(capsys):
    assert check_unit_range_scaling(lambda s, f, c: -by_formula(s, f, c)).passed is False
    assert "Upside down" in capsys.readouterr().out


def test_nan_from_silence_fails_with_its_hint(capsys):
    def scaled_then_clipped(s, f, c):
        with np.errstate(invalid="ignore"):
            y = -1.0 + 2.0 * (s - f) / (c - f)
        return np.where(np.isneginf(s), np.nan, np.clip(y, -1, 1))

    assert check_unit_range_scaling(scaled_then_clipped).passed is False
    assert "NaN" in capsys.readouterr().out


def test_an_in_place_edit_of_the_input_fails(capsys):
    def in_place(s, f, c):
        np.clip(s, f, c, out=s)
        return -1.0 + 2.0 * (s - f) / (c - f)

    assert check_unit_range_scaling(in_place).passed is False
    assert "in place" in capsys.readouterr().out


def test_wrong_shape_and_a_raising_function_fail(capsys):
    assert check_unit_range_scaling(lambda s, f, c: by_formula(s, f, c).ravel()).passed is False
    assert "shape" in capsys.readouterr().out

    def broken(s, f, c):
        raise RuntimeError("oops")

    assert check_unit_range_scaling(broken).passed is False
    assert "RuntimeError" in capsys.readouterr().out


def test_no_answer_and_wrong_kinds(capsys):
    assert check_unit_range_scaling(None).passed is False
    out = capsys.readouterr().out
    assert out.startswith("✗ No answer yet")
    assert_wrong_kind(check_unit_range_scaling(np.zeros(3)), capsys, "function itself")
    assert_wrong_kind(check_unit_range_scaling("-1 to 1"), capsys, "str")
