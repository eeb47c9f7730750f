"""Shared test fixtures: where the repository, the notebooks and the reference data are."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from audiolevels import reference

try:
    import fcntl
except ImportError:  # Windows: each xdist worker builds its own site
    fcntl = None

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


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    """Mark the grouped modules' tests before xdist's hook reads the marks, and check after it.

    xdist's loadgroup scheduler groups tests by an ``@group`` suffix of their node ids, which
    its worker writes into ``item._nodeid``. pytest 9.2 keeps the id in ``item._id`` (a
    structured NodeId) instead, so that write is lost and every grouped test is scheduled on
    its own (pytest-xdist issue #1386): each worker built the site. Where the suffix is
    missing on a worker, it is set here as xdist means it to be.
    """
    for item in items:
        name = item.path.name
        if name in _SITE_MODULES:
            item.add_marker(pytest.mark.xdist_group("site"))
        elif name in _WHOLE_MODULES:
            item.add_marker(pytest.mark.xdist_group(name))
    result = yield
    if getattr(config.option, "loadgroup", False):  # set by xdist on its workers (loadgroup)
        for item in items:
            marks = item.iter_markers("xdist_group")
            names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in marks}
            suffix = "@" + "_".join(sorted(names))
            if names and not item.nodeid.endswith(suffix):
                from _pytest.nodeid import NodeId  # pytest >= 9.2, where xdist's write is lost

                item._id = NodeId.parse(item.nodeid + suffix)
    return result


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """``make html`` once per test run, into a temporary folder.

    Returns (site folder, folder of the original WAVs the players replaced, pages written).
    Under pytest-xdist the build goes into the run's folder shared by all workers, under a
    file lock: the first worker to need the site builds it, any other one waits and reuses it
    (the site modules are grouped onto one worker, this keeps it to one build even if not).
    """
    import build_site

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker is None or fcntl is None:
        return _build_site_into(build_site, tmp_path_factory.mktemp("site"))
    root = tmp_path_factory.getbasetemp().parent / "site"  # the run's folder, not the worker's
    with open(root.parent / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done, failed = root / "pages.json", root / "failed.txt"
        if failed.exists():
            pytest.fail(f"the site build failed on another worker: {failed.read_text()}")
        if not done.exists():
            if root.exists():
                shutil.rmtree(root)
            root.mkdir()
            try:
                _, _, pages = _build_site_into(build_site, root)
            except BaseException as exc:
                failed.write_text(f"{type(exc).__name__}: {exc}"[:2000], encoding="utf-8")
                raise
            done.write_text(json.dumps([str(p) for p in pages]), encoding="utf-8")
        pages = [Path(p) for p in json.loads(done.read_text(encoding="utf-8"))]
    return root / "site", root / "originals", pages


def _build_site_into(build_site, root: Path):
    site_dir, originals = root / "site", root / "originals"
    pages = build_site.build_site(ROOT / "notebooks", site_dir, originals_dir=originals, jobs=2)
    print(f"built the site in {root}", file=sys.stderr)
    return site_dir, originals, pages


def assert_wrong_kind(result, capsys, fragment: str = "") -> None:
    """An exercise check given an answer of the wrong kind: one ✗ line, no traceback, False."""
    out = capsys.readouterr().out
    assert result.passed is False
    assert out.startswith("✗") and out.count("\n") == 1, out
    assert fragment in out
