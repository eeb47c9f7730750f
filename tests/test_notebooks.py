"""Every notebook: committed without outputs in canonical form, runs top to bottom in a fresh
kernel, every interactive view it builds reacts to each of its controls without raising (and,
where it updates its figure in place, shows what a fresh render shows), every
exercise's hidden solution passes its check — and the handout copy (solutions removed) runs too,
each check reporting "no answer yet"."""

from __future__ import annotations

import ast
import json

import nbformat
import pytest

from conftest import NOTEBOOKS
from handout import strip_solutions
from nbrunner import has_outputs, run_notebook
from nbtidy import EXERCISE_TAG, SOLUTION_TAG, canonical_text, tags


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/*.ipynb found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert not has_outputs(nb), f"{path.name} has outputs: strip them before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_in_canonical_form_with_stable_unique_ids(path):
    text = path.read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    ids = [c["id"] for c in nb.cells]
    assert len(set(ids)) == len(ids), f"{path.name}: duplicate cell ids"
    assert text == canonical_text(nbformat.reads(text, as_version=4)), (
        f"{path.name} is not in canonical form: run python tools/nbtidy.py {path}"
    )


def _assigned_names(source: str) -> set[str]:
    """Names a cell binds in the notebook's namespace (not inside functions or comprehensions)."""
    names: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            return
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp):
            return
        if isinstance(node, ast.GeneratorExp):
            return
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(source))
    return names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_collapsed_solution_with_its_own_names(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    exercises = [c for c in code if EXERCISE_TAG in tags(c)]
    solutions = [c for c in code if SOLUTION_TAG in tags(c)]
    assert exercises, f"{path.name} has no cell tagged {EXERCISE_TAG!r}"
    assert len(solutions) == len(exercises), f"{path.name}: one solution per exercise"
    learner_names = set().union(*(_assigned_names(c.source) for c in exercises))
    for cell in solutions:
        hidden = cell.metadata.get("jupyter", {})
        assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), cell.source
        assert "check_" in cell.source, f"a solution runs its check:\n{cell.source}"
        reused = _assigned_names(cell.source) & learner_names
        assert not reused, f"{path.name}: a solution overwrites the learner's {sorted(reused)}"
    for cell in exercises:
        assert "check_" in cell.source, f"an exercise cell runs its check:\n{cell.source}"


def _text(cell) -> str:
    out = []
    for o in cell.get("outputs", []):
        out.append(o.get("text", ""))
        out.append(str(o.get("data", {}).get("text/plain", "")))
        out.extend(o.get("traceback", []))
    return "".join(out)


def _echoes(cell) -> list[str]:
    return [
        o["data"].get("text/plain", "") for o in cell.outputs if o.output_type == "execute_result"
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_sliders_respond(path):
    run = run_notebook(path)
    assert run.views, f"{path.name} builds no interactive view (audiolevels.widgets)"
    for entry in run.views:
        where = f"{path.name} view {entry['view']} control {entry['control']}"
        errors = [e for e in entry["errors"] if e]
        assert not errors, f"{where} raised at {entry['values']}:\n{errors[0]}"
        assert entry["changed"], (
            f"{where}: output identical at {entry['values']} — the control changes nothing"
        )
        probes = zip(entry["values"], entry["matches_render"], strict=True)
        stale = [v for v, same in probes if not same]
        assert not stale, (
            f"{where}: after update the picture differs from a fresh render at {stale} "
            "(a stale artist, axis limit or text)"
        )
    # Each hidden solution passes its check (✓, no ✗), and no check echoes Out: True/False.
    for cell in run.notebook.cells:
        if SOLUTION_TAG in tags(cell):
            out = _text(cell)
            assert "✓" in out and "✗" not in out, f"{path.name}: solution fails:\n{out}"
        if cell.cell_type == "code" and {SOLUTION_TAG, EXERCISE_TAG} & set(tags(cell)):
            assert not _echoes(cell), f"{path.name}: a check echoes {_echoes(cell)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_handout_copy_runs_and_every_check_says_no_answer_yet(path):
    handout = strip_solutions(nbformat.read(path, as_version=4))
    assert not any(SOLUTION_TAG in tags(c) for c in handout.cells)
    run = run_notebook(path, drive=False, notebook=handout)
    exercises = [c for c in run.notebook.cells if EXERCISE_TAG in tags(c)]
    assert exercises
    for cell in exercises:
        out = _text(cell)
        assert "✗ No answer yet" in out and "✓" not in out, f"{path.name}:\n{out}"
        assert not _echoes(cell), f"{path.name}: a check echoes {_echoes(cell)}"


def test_driver_report_is_json_serialisable(monkeypatch):
    # The harness itself: a view whose control does nothing must be caught.
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from audiolevels import widgets as W

    def constant(level):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        return fig

    def responsive(level):
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, level])
        return fig

    def broken(level):
        if level > 0.5:
            raise RuntimeError("boom")
        return f"level {level}"

    monkeypatch.setattr(W, "_VIEWS", [])  # drive only the views made here
    n0 = len(W.registered_views())
    W.interactive_view(constant, level=W.slider(0.5, 0, 1))
    W.interactive_view(responsive, level=W.slider(0.5, 0, 1))
    W.interactive_view(broken, level=W.slider(0.5, 0, 1))
    report = W.drive_all_views()[n0:]
    json.dumps(report)
    by_view = {r["view"].split(":", 1)[1]: r for r in report}
    assert by_view["constant"]["changed"] is False
    assert by_view["responsive"]["changed"] is True
    assert any(by_view["broken"]["errors"]), "an exception in a render must be reported"
    assert by_view["broken"]["values"] == ["0.0", "0.5", "1.0"]


def test_short_polls_find_a_message_and_still_time_out():
    import asyncio
    from queue import Empty

    from nbrunner import _poll_in_short_steps

    class Channel:
        """get_msg that, like a missed wake-up, only sees the message once a poll has ended:
        the first ``misses`` polls time out although the message is there."""

        def __init__(self, misses: float):
            self.misses = misses
            self.timeouts: list[float] = []

        async def get_msg(self, timeout=None):
            self.timeouts.append(timeout)
            await asyncio.sleep(min(timeout, 0.01))
            if len(self.timeouts) > self.misses:
                return {"ok": True}
            raise Empty

    ch = Channel(misses=3)
    _poll_in_short_steps(ch, step_s=0.05)
    assert asyncio.run(ch.get_msg(timeout=30)) == {"ok": True}
    # four polls of at most 0.05 s each, not one poll of 30 s
    assert len(ch.timeouts) == 4 and max(ch.timeouts) <= 0.05

    never = Channel(misses=float("inf"))
    _poll_in_short_steps(never, step_s=0.05)
    with pytest.raises(Empty):
        asyncio.run(never.get_msg(timeout=0.2))
