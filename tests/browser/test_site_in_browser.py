"""The static site (`make html`) teaches without a kernel, checked in headless Chromium.

The site is built once into a temporary folder by tools/build_site.py; every notebook's page and
the index are opened from file:// with every other request refused (and recorded). Each page
must render its formulas (math renderer output present, no raw ``$…$`` left in the text), show
its figures (every ``<img>`` decoded with a width), show no raw widget repr (``VBox(``), and
load nothing from outside the site.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import labdriver
import nbformat
import pytest

ROOT = labdriver.ROOT
NOTEBOOKS = labdriver.notebooks()
PAGES = ["index", *(p.stem for p in NOTEBOOKS)]

pytestmark = pytest.mark.skipif(
    not labdriver.browser_available(), reason=f"skipped: {labdriver.INSTALL_HINT}"
)

# In the page: the text of markdown/rendered HTML outside math, code and scripts, so that
# a "$" left by an unrendered formula is found and the math renderer's own markup is not.
_FACTS_JS = r"""
async () => {
  const MJ = window.MathJax;
  try {
    if (MJ && MJ.startup && MJ.startup.promise) await MJ.startup.promise;
    if (MJ && MJ.typesetPromise) await MJ.typesetPromise();
  } catch (e) {}
  const MATH = 'mjx-container, .MathJax, .MathJax_Display, .MathJax_SVG, .katex, '
    + '.katex-display, math';
  // code cells' source and printed text may hold a "$"; markdown (inside .jp-InputArea in
  // nbconvert's lab template) may not
  const SKIP = MATH + ', script, style, code, pre, textarea, .jp-CodeCell .jp-InputArea';
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement && !n.parentElement.closest(SKIP)) texts.push(n.textContent);
  }
  const prose = texts.join(' ');
  const raw = prose.match(/\$\$[\s\S]+?\$\$|\$[^$\n]+?\$|\\\([\s\S]+?\\\)/g) || [];
  const imgs = [...document.images].map(i => ({
    src: (i.getAttribute('src') || '').slice(0, 80), complete: i.complete,
    width: i.naturalWidth }));
  return { math: document.querySelectorAll(MATH).length, raw: raw.slice(0, 10),
           imgs, text: document.body.innerText,
           links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')) };
}
"""


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site[0]  # tests/conftest.py: one build, shared with tests/test_site.py


def _page_file(site: Path, stem: str) -> Path | None:
    found = sorted(site.rglob(f"{stem}.html"))
    return found[0] if found else None


@pytest.fixture(scope="module")
def pages(site) -> dict[str, dict[str, Any]]:
    """What each page showed in Chromium, by page name (None: the page was not built)."""
    facts: dict[str, Any] = {}
    with labdriver.chromium() as context:
        outside: list[str] = []

        def refuse_outside(route):
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", refuse_outside)
        page = context.new_page()
        for stem in PAGES:
            path = _page_file(site, stem)
            if path is None:
                facts[stem] = None
                continue
            outside.clear()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
            f = page.evaluate(_FACTS_JS)
            f["outside"] = sorted(set(outside))
            f["path"] = path
            facts[stem] = f
    return facts


def _has_math(stem: str) -> bool:
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    md = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    return re.search(r"\$[^$]+\$", md) is not None


def _facts(pages, stem):
    f = pages[stem]
    if f is None:
        pytest.fail(f"the built site has no page {stem}.html")
    return f


@pytest.mark.parametrize("stem", PAGES)
def test_page_loads_nothing_from_outside_the_site(pages, stem):
    f = _facts(pages, stem)
    assert not f["outside"], f"requests leaving file://: {f['outside']}"


@pytest.mark.parametrize("stem", PAGES[1:])
def test_page_renders_its_formulas(pages, stem):
    f = _facts(pages, stem)
    assert not f["raw"], f"formulas left as raw TeX: {f['raw']}"
    if _has_math(stem):
        assert f["math"] > 0, "the notebook has formulas, the page has no rendered math element"


@pytest.mark.parametrize("stem", PAGES)
def test_page_shows_its_figures(pages, stem):
    f = _facts(pages, stem)
    broken = [i["src"] for i in f["imgs"] if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"images not decoded: {broken}"
    if stem != "index":
        assert f["imgs"], "a notebook page without a single figure"


@pytest.mark.parametrize("stem", PAGES)
def test_page_shows_no_raw_widget_repr(pages, stem):
    f = _facts(pages, stem)
    hits = [m.start() for m in re.finditer(r"VBox\(", f["text"])]
    assert not hits, f"{len(hits)} raw VBox( reprs, e.g. {f['text'][hits[0] : hits[0] + 120]!r}"


def test_index_links_every_notebook_page(pages, site):
    f = _facts(pages, "index")
    index = f["path"]
    targets = {(index.parent / h).resolve() for h in f["links"] if not h.startswith("#")}
    pages_built = {p.stem: _page_file(site, p.stem) for p in NOTEBOOKS}
    missing = [s for s, p in pages_built.items() if p is None or p.resolve() not in targets]
    assert not missing, f"the index does not link: {missing}"
