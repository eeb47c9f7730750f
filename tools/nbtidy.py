"""Keep notebooks in one canonical form, so that a changed line shows up as one changed line.

Usage: ``python tools/nbtidy.py notebooks/*.ipynb`` rewrites each notebook in place in the
canonical form; ``--check`` only reports those that are not (``tests/test_notebooks.py`` runs
the check). The canonical form is nbformat's own JSON (indent 1, sorted keys, one source line
per JSON string) with:

- no outputs and no execution counts;
- every cell's ``id`` kept as it is (a new cell without one gets a fresh one), so editing one
  cell never touches the others — JupyterLab keeps ids too;
- every cell tagged ``solution`` stored collapsed (``jupyter.source_hidden`` and
  ``jupyter.outputs_hidden``), so that a learner must click to see it.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path

import nbformat

SOLUTION_TAG = "solution"
EXERCISE_TAG = "exercise"


def tags(cell: nbformat.NotebookNode) -> list[str]:
    """The cell's tags (an empty list when it has none)."""
    return list(cell.get("metadata", {}).get("tags", []))


def tidy(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return ``nb`` in the canonical form (the notebook object is modified and returned)."""
    seen: set[str] = set()
    for cell in nb.cells:
        if not cell.get("id") or cell["id"] in seen:
            cell["id"] = uuid.uuid4().hex[:8]
        seen.add(cell["id"])
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        meta = cell.setdefault("metadata", {})
        meta.pop("execution", None)
        meta.pop("collapsed", None)
        if SOLUTION_TAG in tags(cell):
            meta["jupyter"] = {"outputs_hidden": True, "source_hidden": True}
        elif "jupyter" in meta:
            meta["jupyter"].pop("outputs_hidden", None)
            if not meta["jupyter"]:
                meta.pop("jupyter")
    return nb


def canonical_text(nb: nbformat.NotebookNode) -> str:
    """The notebook as it is stored: nbformat's JSON of the tidied notebook, newline-ended."""
    return nbformat.writes(tidy(nb)) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="report, don't rewrite")
    args = parser.parse_args(argv)
    untidy = []
    for path in args.notebooks:
        text = path.read_text(encoding="utf-8")
        want = canonical_text(nbformat.reads(text, as_version=4))
        if text != want:
            untidy.append(path)
            if not args.check:
                path.write_text(want, encoding="utf-8")
    if args.check and untidy:
        print("not in canonical form (run python tools/nbtidy.py):", *untidy, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
