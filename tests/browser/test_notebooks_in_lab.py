"""Every notebook works where a learner uses it: JupyterLab in headless Chromium.

One JupyterLab server (on a temporary copy of notebooks/) and one browser serve all notebooks:
each is opened, Run All, checked for errors, and every control of every interactive view is
moved (an arrow key on a slider handle and a drag of it with the mouse, another option of a
dropdown, a click on a checkbox); what the view shows must change after each move.
Screenshots go to outputs/<notebook>.png, the latency of every move (tests/browser/labdriver.py
says what is measured) to outputs/browser_latency.json; `make bench` measures more moves per
control.
"""

from __future__ import annotations

import shutil
import subprocess
import traceback

import labdriver
import pytest

NOTEBOOKS = [p.name for p in labdriver.notebooks()]

pytestmark = pytest.mark.skipif(
    not labdriver.browser_available(), reason=f"skipped: {labdriver.INSTALL_HINT}"
)


@pytest.fixture(scope="module")
def lab_runs() -> dict[str, labdriver.NotebookResult]:
    """Every notebook run once in the browser; a notebook whose run raised carries the error."""
    results: dict[str, labdriver.NotebookResult] = {}
    with labdriver.jupyter_lab() as server, labdriver.chromium() as context:
        for name in NOTEBOOKS:
            try:
                results[name] = labdriver.run_notebook_in_lab(
                    context, server, name, moves_per_slider=1, max_options=1, clicks=1
                )
            except Exception:  # reported by the tests of this notebook, never hidden
                results[name] = labdriver.NotebookResult(
                    name, float("nan"), errors=[traceback.format_exc()]
                )
    labdriver.write_latency(list(results.values()))
    return results


def test_there_are_notebooks_to_open():
    assert len(NOTEBOOKS) >= 7, NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_all_in_jupyterlab_without_an_error_output(lab_runs, name):
    result = lab_runs[name]
    assert not result.errors, "\n".join(result.errors)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_control_of_every_view_changes_what_the_view_shows(lab_runs, name):
    result = lab_runs[name]
    if result.errors:
        pytest.fail("the notebook did not run cleanly, its views were not driven")
    source = (labdriver.NOTEBOOK_DIR / name).read_text(encoding="utf-8")
    if "interactive_view(" in source:
        assert result.moves, "the notebook builds interactive views, none was found in the page"
    unchanged = [f"{m['view']} / {m['control']} ({m['action']})" for m in result.moves]
    unchanged = [u for u, m in zip(unchanged, result.moves, strict=True) if not m["changed"]]
    assert not unchanged, f"moving these controls changed nothing shown: {unchanged}"
    no_paint = [m for m in result.moves if m["latency_ms"] is None]
    assert not no_paint, f"a change without a painted frame: {no_paint}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_moving_the_controls_raises_nothing_in_the_page(lab_runs, name):
    result = lab_runs[name]
    assert not result.move_errors, "\n".join(result.move_errors)


@pytest.mark.skipif(shutil.which("fc-list") is None, reason="fontconfig's fc-list is missing")
def test_a_korean_font_is_installed_so_the_korean_terms_render():
    out = subprocess.run(["fc-list", ":lang=ko"], capture_output=True, text=True).stdout
    assert out.strip(), f"no Korean font: {labdriver.INSTALL_HINT}"
