"""The check of notebooks/08_dataset_audit.ipynb. Oracle: normalize_folder itself — at the target
the check accepts it lowers no file, 0.1 dB higher it lowers one — and the usual mistakes
(sample peak instead of true peak, a file with −inf loudness, too high, too low) get their hints."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile as sf

from audiolevels.audit import audit_folder, normalize_folder
from audiolevels.exercises import check_highest_unlimited_target
from conftest import assert_wrong_kind

SR = 16000


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """A sine (low PLR), noise, sparse clicks (high PLR; fs/4 bursts at 45°, so their true peak
    is 3 dB above the sample peak) and a 300 ms word (−inf LUFS)."""
    root = tmp_path_factory.mktemp("src")
    t = np.arange(SR) / SR
    rng = np.random.default_rng(8)
    clicks = 0.01 * rng.standard_normal(SR)
    burst = 0.6 * np.sin(2 * np.pi * (SR / 4) * t[:160] + np.pi / 4)  # 10 ms, samples ±0.42
    for start in range(0, SR, 4000):
        clicks[start : start + 160] += burst
    files = {
        "sine.wav": 0.3 * np.sin(2 * np.pi * 1000 * t),
        "noise.wav": 0.05 * rng.standard_normal(SR),
        "clicks.wav": clicks,
        "word.wav": 0.3 * np.sin(2 * np.pi * 500 * t[: int(0.3 * SR)]),
    }
    for name, x in files.items():
        sf.write(root / name, x, SR, subtype="FLOAT")
    return root


@pytest.fixture(scope="module")
def table(folder):
    return audit_folder(folder, workers=1, progress=False)


def _truth(table, ceiling=-1.0):
    ok = table[np.isfinite(table["integrated_lufs"])]
    return ceiling - float((ok["true_peak_dbtp"] - ok["integrated_lufs"]).max())


def _lowered(folder, out, target):
    m = normalize_folder(folder, out, target=target, workers=1, progress=False)
    return int(m["lowered_for_true_peak"].astype(bool).sum())


def test_the_accepted_target_is_where_normalize_folder_starts_lowering(folder, table, tmp_path):
    target = _truth(table) - 0.01
    assert check_highest_unlimited_target(target, table).passed is True
    assert _lowered(folder, tmp_path / "at", target) == 0
    assert _lowered(folder, tmp_path / "above", target + 0.1) == 1


def test_the_right_answer_prints_a_tick_naming_the_deciding_file(table, capsys):
    assert check_highest_unlimited_target(_truth(table), table).passed is True
    out = capsys.readouterr().out
    assert out.startswith("✓") and "clicks.wav" in out


def test_a_target_from_the_sample_peak_gets_the_true_peak_hint(table, capsys):
    ok = table[np.isfinite(table["integrated_lufs"])]
    from_sample_peak = -1.0 - float((ok["sample_peak_dbfs"] - ok["integrated_lufs"]).max())
    assert abs(from_sample_peak - _truth(table)) > 0.05  # the clicks peak between samples
    assert check_highest_unlimited_target(from_sample_peak, table).passed is False
    assert "true peak" in capsys.readouterr().out


def test_too_high_and_too_low_get_hints_that_do_not_state_the_answer(table, capsys):
    truth = _truth(table)
    assert check_highest_unlimited_target(truth + 3.0, table).passed is False
    out = capsys.readouterr().out
    assert "Too high" in out and "clicks.wav" in out and f"{truth:.2f}" not in out
    assert check_highest_unlimited_target(truth - 3.0, table).passed is False
    out = capsys.readouterr().out
    assert "Too low" in out and f"{truth:.2f}" not in out


def test_minus_infinity_from_the_short_file_is_explained(table, capsys):
    assert check_highest_unlimited_target(-np.inf, table).passed is False
    assert "400 ms" in capsys.readouterr().out


def test_a_different_ceiling_moves_the_answer_by_the_same_db(table):
    assert check_highest_unlimited_target(_truth(table) - 2.0, table, ceiling_dbtp=-3.0).passed


def test_no_answer_and_wrong_kinds_are_one_line_messages(table, capsys):
    assert check_highest_unlimited_target(None, table).passed is False
    assert "No answer yet" in capsys.readouterr().out
    assert_wrong_kind(check_highest_unlimited_target("-20", table), capsys, "a number")
    assert_wrong_kind(check_highest_unlimited_target(-20.0, [1, 2]), capsys, "DataFrame")
    assert_wrong_kind(
        check_highest_unlimited_target(-20.0, table.drop(columns="true_peak_dbtp")),
        capsys,
        "true_peak_dbtp",
    )
    assert check_highest_unlimited_target(np.nan, table).passed is False
    assert "finite" in capsys.readouterr().out
