"""Every notebook: committed without outputs, runs top to bottom in a fresh kernel, and every
interactive view it builds reacts to each of its controls without raising."""

from __future__ import annotations

import json

import nbformat
import pytest

from audiolevels._notebooks import has_outputs, run_notebook
from conftest import NOTEBOOKS


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks/*.ipynb found"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert not has_outputs(nb), f"{path.name} has outputs: strip them before committing"


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


def test_driver_report_is_json_serialisable():
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

    from audiolevels._notebooks import _poll_in_short_steps

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
