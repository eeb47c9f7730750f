"""The check of notebooks/04_decoding_equality.ipynb, against answers known from the
construction: a decode that is the original delayed by 1105 samples and scaled by 0.95 (LAME's
scaling) has a level change of exactly 20·log10(0.95) dB, plus noise orthogonal to it."""

from __future__ import annotations

import math

import numpy as np
import pytest

from audiolevels.exercises import check_lame_gain
from conftest import assert_wrong_kind

SCALE = 0.95
TRUE_DB = 20 * math.log10(SCALE)  # −0.4455 dB
DELAY = 1105


@pytest.fixture(scope="module")
def pair():
    rng = np.random.default_rng(4)
    n = 20_000
    t = np.arange(n) / 44100
    original = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.05 * rng.standard_normal(n)
    decoded = np.zeros(n + DELAY + 500)
    decoded[DELAY : DELAY + n] = SCALE * original
    noise = 0.03 * rng.standard_normal(decoded.size)  # coding noise, made orthogonal to
    noise -= (noise @ decoded) / (decoded @ decoded) * decoded  # the signal: the gain stays exact
    decoded += noise
    return original, decoded


def test_the_level_change_in_db_passes(pair, capsys):
    assert check_lame_gain(TRUE_DB, *pair).passed is True
    out = capsys.readouterr().out
    assert out.startswith("✓") and "0.950" in out
    assert check_lame_gain(TRUE_DB + 0.015, *pair).passed is True


def test_an_answer_off_by_a_tenth_of_a_db_fails_with_a_hint(pair, capsys):
    assert check_lame_gain(TRUE_DB - 0.1, *pair).passed is False
    out = capsys.readouterr().out
    assert out.startswith("✗") and "Hint" in out and "align" in out


def test_the_wrong_sign_and_the_amplitude_ratio_get_their_own_hints(pair, capsys):
    assert check_lame_gain(-TRUE_DB, *pair).passed is False
    assert "wrong sign" in capsys.readouterr().out
    assert check_lame_gain(SCALE, *pair).passed is False
    assert "amplitude ratio" in capsys.readouterr().out


def test_an_rms_ratio_is_recognised_as_counting_the_noise(pair, capsys):
    original, decoded = pair
    a = original
    b = decoded[DELAY : DELAY + a.size]
    rms_db = 10 * math.log10(np.sum(b * b) / np.sum(a * a))
    assert abs(rms_db - TRUE_DB) > 0.02  # the noise makes the RMS ratio differ
    assert check_lame_gain(rms_db, original, decoded).passed is False
    assert "RMS" in capsys.readouterr().out


def test_no_answer_yet_and_wrong_kinds(pair, capsys):
    assert check_lame_gain(None, *pair).passed is False
    out = capsys.readouterr().out
    assert out.startswith("✗ No answer yet") and f"{TRUE_DB:.2f}" not in out
    assert check_lame_gain(float("nan"), *pair).passed is False
    assert "✗" in capsys.readouterr().out
    assert_wrong_kind(check_lame_gain("-0.45", *pair), capsys, "number")
    assert_wrong_kind(check_lame_gain(True, *pair), capsys, "number")


def test_a_silent_decode_is_a_value_error_not_a_verdict(pair):
    original, _ = pair
    with pytest.raises(ValueError, match="share no signal"):
        check_lame_gain(-0.4, original, np.zeros_like(original))
