"""Execute a notebook in a fresh kernel and drive its interactive views.

Tooling, not part of the package learners import: ``tests/test_notebooks.py``, ``benchmarks/``,
``make html`` and ``make handout`` share it so that all of them run a notebook the same way.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Any

import nbformat
from nbclient import NotebookClient

MARKER = "@@AUDIOLEVELS_VIEWS@@"
DRIVER_SOURCE = (
    "import json as _json\n"
    "from audiolevels.widgets import drive_all_views as _drive\n"
    f"print({MARKER!r} + _json.dumps(_drive()))\n"
)


@dataclass
class NotebookRun:
    """What running one notebook produced."""

    path: Path
    notebook: nbformat.NotebookNode  # executed, with outputs (driver cell removed)
    seconds: float  # executing the notebook's own cells (kernel start included)
    views: list[dict[str, Any]]  # drive_all_views() report; empty if not driven


def has_outputs(nb: nbformat.NotebookNode) -> bool:
    """True if any code cell carries outputs or an execution count."""
    return any(
        c.get("outputs") or c.get("execution_count")
        for c in nb.cells
        if c.get("cell_type") == "code"
    )


def _poll_in_short_steps(channel: Any, step_s: float = 0.25) -> None:
    """Make ``channel.get_msg(timeout)`` wait in short polls instead of one long one.

    With one long poll, the asyncio zmq socket sometimes misses the wake-up for a message that
    has already arrived and only notices it when the poll times out: a notebook run then
    stalls for the whole cell timeout (seen here about one run in ten, with ipykernel 6 and 7
    alike) and carries on as if nothing happened. Short polls bound such a stall to ``step_s``.
    """
    get_msg = channel.get_msg

    async def patient_get_msg(timeout: float | None = None, **kwargs: Any) -> dict[str, Any]:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = step_s if deadline is None else min(step_s, deadline - time.monotonic())
            try:
                return await get_msg(timeout=max(step, 0.0), **kwargs)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = patient_get_msg


def run_notebook(
    path: str | Path,
    *,
    drive: bool = True,
    timeout: int = 300,
    notebook: nbformat.NotebookNode | None = None,
    env: dict[str, str] | None = None,
) -> NotebookRun:
    """Execute ``path`` top to bottom in a fresh python3 kernel, with cwd = its folder.

    Raises ``nbclient.exceptions.CellExecutionError`` on the first failing cell. With
    ``drive=True`` a last cell drives every interactive view (``drive_all_views``) and its
    report is returned in ``views``. ``notebook`` runs that notebook object instead of the
    file's contents (e.g. a handout copy), still in the file's folder; it is not modified.
    ``env`` adds variables to the kernel's environment (e.g. ``AUDIOLEVELS_STATIC_VIEWS=1``
    for the static site); the kernel otherwise inherits this process's environment.
    """
    path = Path(path)
    if notebook is None:
        nb = nbformat.read(path, as_version=4)
    else:
        nb = nbformat.from_dict(notebook)
    n_own = len(nb.cells)
    if drive:
        nb.cells.append(nbformat.v4.new_code_cell(DRIVER_SOURCE))
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    views: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    kernel_env = None if env is None else {**os.environ, **env}
    with client.setup_kernel(**({} if kernel_env is None else {"env": kernel_env})):
        _poll_in_short_steps(client.kc.shell_channel)
        _poll_in_short_steps(client.kc.iopub_channel)
        for i, cell in enumerate(nb.cells[:n_own]):
            client.execute_cell(cell, i)
        seconds = time.perf_counter() - t0
        if drive:
            cell = client.execute_cell(nb.cells[n_own], n_own)
            text = "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
            line = next((ln for ln in text.splitlines() if ln.startswith(MARKER)), None)
            if line is None:
                raise RuntimeError(f"{path.name}: the view driver printed no report:\n{text}")
            views = json.loads(line[len(MARKER) :])
    if drive:
        nb.cells.pop()
    return NotebookRun(path=path, notebook=nb, seconds=seconds, views=views)
