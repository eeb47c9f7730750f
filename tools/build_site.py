"""``make html``: execute every notebook in a fresh kernel and write a static HTML site.

Usage: ``python tools/build_site.py NOTEBOOK_DIR SITE_DIR``. The notebooks in NOTEBOOK_DIR
are read, never written; the executed copies go to SITE_DIR only.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from nbconvert import HTMLExporter

from nbrunner import run_notebook


def build_site(notebook_dir: Path, site_dir: Path) -> list[Path]:
    """Execute each ``*.ipynb`` in ``notebook_dir`` and write ``<name>.html`` + ``index.html``."""
    notebooks = sorted(notebook_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebook_dir}")
    site_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    pages = []
    for nb_path in notebooks:
        print(f"executing {nb_path.name} …", flush=True)
        run = run_notebook(nb_path, drive=False)
        body, _ = exporter.from_notebook_node(run.notebook)
        page = site_dir / (nb_path.stem + ".html")
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        print(f"  {page} ({run.seconds:.1f} s)")
    items = "\n".join(
        f'<li><a href="{html.escape(p.name)}">{html.escape(p.stem)}</a></li>' for p in pages
    )
    (site_dir / "index.html").write_text(
        "<!doctype html><meta charset='utf-8'><title>Audio Levels Lab</title>"
        f"<h1>Audio Levels Lab</h1><ul>{items}</ul>\n",
        encoding="utf-8",
    )
    return pages


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python tools/build_site.py NOTEBOOK_DIR SITE_DIR")
    build_site(Path(sys.argv[1]), Path(sys.argv[2]))
