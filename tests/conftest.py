"""Shared test fixtures: where the repository, the notebooks and the reference data are."""

from __future__ import annotations

from pathlib import Path

import pytest

from audiolevels import reference

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# The standards' numbers ship with the package (audiolevels/reference_data/), a verbatim copy of
# ../shared/reference: tests/test_reference_copy.py checks every file when that folder is beside
# the checkout (as in CI).
REFERENCE = reference.path("README.md").parent


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE


def assert_wrong_kind(result, capsys, fragment: str = "") -> None:
    """An exercise check given an answer of the wrong kind: one ✗ line, no traceback, False."""
    out = capsys.readouterr().out
    assert result.passed is False
    assert out.startswith("✗") and out.count("\n") == 1, out
    assert fragment in out
