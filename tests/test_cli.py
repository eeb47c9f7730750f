"""The audiolevels command line: exit status (0 / 1 / 2), help, summary, CSV, normalize."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from audiolevels.audit import COLUMNS, MANIFEST_NAME
from audiolevels.cli import main
from audiolevels.data import data_dir

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "lib"), str(ROOT / "tools")])}
DEMO = str(data_dir() / "audit_demo")


@pytest.fixture
def clean(tmp_path):
    """A folder of three clips with nothing to flag (same rate and channels)."""
    src = tmp_path / "clean"
    src.mkdir()
    for name in ("speech_en.wav", "sine_1khz.wav", "noise_white.flac"):
        shutil.copy(data_dir() / name, src / name)
    return src


@pytest.mark.parametrize("argv", [["--help"], ["audit", "--help"], ["normalize", "--help"]])
def test_help_exits_0_and_describes_the_command(argv, capsys):
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: audiolevels")
    if argv[0] == "audit":
        assert "--csv" in out and "--scheduler" in out and "--strict" in out
    if argv[0] == "normalize":
        assert "--method" in out and "--true-peak" in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["audit"],
        ["frobnicate", DEMO],
        ["audit", DEMO, "--workers", "0"],
        ["normalize", DEMO],
        ["normalize", DEMO, "/tmp/x", "--method", "lufs"],
        ["normalize", DEMO, "/tmp/x", "--target", "nan"],
        ["audit", "/no/such/folder"],
    ],
)
def test_bad_usage_exits_2_with_a_message(argv, capsys):
    assert main(argv) == 2
    assert "error" in capsys.readouterr().err


def test_flagged_files_exit_1_with_strict_and_0_without_and_the_summary_is_printed(capsys):
    assert main(["audit", DEMO, "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "audited 9 files" in out and "flagged files:" in out
    for name in ("clipped.wav", "dc_offset.wav", "truncated.wav", "zero_length.wav"):
        assert name in out
    assert "15020 sample values at digital full scale" in out
    assert main(["audit", DEMO, "--no-progress", "--strict"]) == 1


def test_a_clean_folder_exits_0_even_with_strict(clean, capsys):
    assert main(["audit", str(clean), "--strict", "--no-progress"]) == 0
    assert "0 flagged" in capsys.readouterr().out


def test_csv_is_written_and_never_overwritten_silently(tmp_path, capsys):
    csv = tmp_path / "table.csv"
    assert main(["audit", DEMO, "--csv", str(csv), "--no-progress"]) == 0
    df = pd.read_csv(csv)
    assert tuple(df.columns) == COLUMNS and len(df) == 9
    csv.write_text("mine")
    assert main(["audit", DEMO, "--csv", str(csv), "--no-progress"]) == 2
    assert "--overwrite" in capsys.readouterr().err and csv.read_text() == "mine"
    assert main(["audit", DEMO, "--csv", str(csv), "--overwrite", "--no-progress"]) == 0
    assert len(pd.read_csv(csv)) == 9


def test_normalize_writes_the_copy_and_exits_0_then_refuses_to_overwrite(clean, tmp_path, capsys):
    dst = tmp_path / "out"
    argv = [
        "normalize",
        str(clean),
        str(dst),
        "--method",
        "loudness",
        "--target",
        "-23",
        "--true-peak",
        "-1",
        "--no-progress",
    ]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "3 written, 0 skipped, 0 failed" in out and MANIFEST_NAME in out
    assert sorted(p.name for p in dst.iterdir()) == sorted(
        [MANIFEST_NAME, "speech_en.wav", "sine_1khz.wav", "noise_white.flac"]
    )
    assert main(argv) == 2  # the files exist now
    assert "overwrite" in capsys.readouterr().err
    assert main([*argv, "--overwrite"]) == 0


def test_normalize_exits_1_with_strict_when_files_are_skipped(tmp_path, capsys):
    assert main(["normalize", DEMO, str(tmp_path / "a"), "--no-progress"]) == 0
    assert main(["normalize", DEMO, str(tmp_path / "b"), "--no-progress", "--strict"]) == 1
    assert "not written:" in capsys.readouterr().out


def test_python_dash_m_audiolevels_runs_the_same_command(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "audiolevels", "audit", DEMO, "--strict"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 1
    assert "flagged files:" in r.stdout
    assert "audit: 100%" in r.stderr  # the progress bar goes to stderr
    r = subprocess.run(
        [sys.executable, "-m", "audiolevels", "audit"],
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 2 and "usage:" in r.stderr
