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


# make test runs pytest on every core (pytest-xdist, --dist loadgroup). A module whose fixtures
# start a server or build something big runs whole on one worker, so that this happens once;
# the two site modules share one worker and one build of the site.
_SITE_MODULES = {"test_site.py", "test_site_in_browser.py"}
_WHOLE_MODULES = {
    "test_lab.py",
    "test_notebooks_in_lab.py",
    "test_figures.py",
    "test_audit.py",
    "test_storage.py",
    "test_decoding.py",
    "test_loudness.py",
}


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        name = item.path.name
        if name in _SITE_MODULES:
            item.add_marker(pytest.mark.xdist_group("site"))
        elif name in _WHOLE_MODULES:
            item.add_marker(pytest.mark.xdist_group(name))


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """``make html`` once per test session, into a temporary folder.

    Returns (site folder, folder of the original WAVs the players replaced, pages written).
    """
    import build_site

    root = tmp_path_factory.mktemp("site")
    site_dir, originals = root / "site", root / "originals"
    pages = build_site.build_site(ROOT / "notebooks", site_dir, originals_dir=originals, jobs=2)
    return site_dir, originals, pages


def assert_wrong_kind(result, capsys, fragment: str = "") -> None:
    """An exercise check given an answer of the wrong kind: one ✗ line, no traceback, False."""
    out = capsys.readouterr().out
    assert result.passed is False
    assert out.startswith("✗") and out.count("\n") == 1, out
    assert fragment in out
