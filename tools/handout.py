"""``make handout``: learner copies of the notebooks, with every solution cell removed.

Usage: ``python tools/handout.py NOTEBOOK_DIR HANDOUT_DIR``. A solution is a cell tagged
``solution``; the learner cell before it (tagged ``exercise``, with ``answer = None``) stays,
so that each check reports "no answer yet" until the participant answers. The notebooks in
NOTEBOOK_DIR are read, never written. The copies go to HANDOUT_DIR (git-ignored), which must
not be NOTEBOOK_DIR.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from nbtidy import SOLUTION_TAG, canonical_text, tags


def strip_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` without its solution cells."""
    out = nbformat.from_dict(nb)
    out.cells = [c for c in out.cells if SOLUTION_TAG not in tags(c)]
    return out


def write_handout(notebook_dir: Path, handout_dir: Path) -> list[Path]:
    """Write ``handout_dir/<name>.ipynb`` for every notebook; return the paths written."""
    notebook_dir, handout_dir = Path(notebook_dir).resolve(), Path(handout_dir).resolve()
    if handout_dir == notebook_dir:
        raise ValueError("the handout folder must not be the notebooks folder")
    notebooks = sorted(notebook_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebook_dir}")
    handout_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in notebooks:
        nb = strip_solutions(nbformat.read(path, as_version=4))
        target = handout_dir / path.name
        target.write_text(canonical_text(nb), encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/handout.py NOTEBOOK_DIR HANDOUT_DIR")
    for p in write_handout(Path(sys.argv[1]), Path(sys.argv[2])):
        print(p)
