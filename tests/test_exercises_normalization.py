"""The check of notebooks/03_normalization.ipynb, with an answer computed independently
(pyloudnorm's BS.1770 "DeMan" filter as the loudness oracle, NumPy for the peaks)."""

from __future__ import annotations

import numpy as np
import pyloudnorm
import pytest

from audiolevels.exercises import check_safe_common_target
from conftest import assert_wrong_kind

SR = 48000


@pytest.fixture(scope="module")
def clips():
    rng = np.random.default_rng(3)
    t = np.arange(2 * SR) / SR
    tone = 0.5 * np.sin(2 * np.pi * 1000 * t)  # crest 3 dB
    clicks = 0.01 * rng.standard_normal(2 * SR)
    clicks[:: SR // 4] = 0.9  # crest ~ 30 dB: decides
    stereo = np.stack([0.2 * rng.standard_normal(2 * SR)] * 2, axis=1)
    return {"tone": (tone, SR), "clicks": (clicks, SR), "noise": (stereo, SR)}


def _expected(clips, ceiling):
    ratios = [
        20 * np.log10(np.max(np.abs(x)))
        - pyloudnorm.Meter(sr, filter_class="DeMan").integrated_loudness(x)
        for x, sr in clips.values()
    ]
    return ceiling - max(ratios)


def test_right_answer_passes(clips, capsys):
    best = _expected(clips, -1.0)
    assert check_safe_common_target(best, clips).passed is True
    assert "✓" in capsys.readouterr().out
    assert check_safe_common_target(best + 0.03, clips).passed is True
    assert check_safe_common_target(_expected(clips, -2.0), clips, ceiling_dbfs=-2.0).passed is True


def test_too_loud_and_too_quiet_fail_with_a_hint(clips, capsys):
    best = _expected(clips, -1.0)
    assert check_safe_common_target(best + 1.0, clips).passed is False
    out = capsys.readouterr().out
    assert "✗" in out and "clicks" in out and "Too loud" in out
    assert check_safe_common_target(best - 1.0, clips).passed is False
    assert "more is possible" in capsys.readouterr().out


def test_no_answer_yet_and_wrong_kinds(clips, capsys):
    assert check_safe_common_target(None, clips).passed is False
    assert "✗" in capsys.readouterr().out
    assert check_safe_common_target(float("nan"), clips).passed is False
    assert "✗" in capsys.readouterr().out
    assert_wrong_kind(check_safe_common_target("-20", clips), capsys, "")
    assert_wrong_kind(check_safe_common_target(True, clips), capsys, "")
