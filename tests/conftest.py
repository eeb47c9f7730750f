"""Shared test fixtures: where the repository, the notebooks and the reference data are."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# ../shared/reference beside the checkout (CI clones the repo with shared/ beside it);
# tests/reference is a committed copy so that a lone clone still tests against the standards.
REFERENCE = ROOT / "tests" / "reference"


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE
