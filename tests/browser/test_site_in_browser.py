"""The static site (`make html`) teaches without a kernel, checked in headless Chromium.

The site is built once into a temporary folder by tools/build_site.py; every notebook's page and
the index are opened from file:// with every other request refused (and recorded). Each page
must typeset every formula of its notebook (MathJax waited for: each ``math/tex`` script has
its rendered frame and no TeX error, no raw ``$…$`` left in the text), find every file it
requests (the site bundles exactly the MathJax files the pages load), show
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
  // MathJax 2 typesets after the load event: its Hub queue holds the start-up (configuration,
  // the initial typeset, "End"), so a callback queued now runs once every formula is done.
  const MJ = window.MathJax;
  let typesetDone = null;
  if (MJ && MJ.Hub && MJ.Hub.Queue) {
    typesetDone = await Promise.race([
      new Promise(r => MJ.Hub.Queue(() => r(true))),
      new Promise(r => setTimeout(() => r(false), 60000)),
    ]);
  }
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
  // every formula MathJax found is a <script type="math/tex">; typeset, it has a rendered
  // frame (id = the script's id + "-Frame") holding no error: the TeX/noErrors extension shows
  // bad TeX as its source text (.noError), HTML-CSS shows .merror / "[Math Processing Error]"
  const scripts = [...document.querySelectorAll('script[type^="math/tex"]')];
  const untypeset = [], errors = [];
  for (const s of scripts) {
    const frame = s.id && document.getElementById(s.id + '-Frame');
    if (!frame) { untypeset.push(s.textContent.slice(0, 80)); continue; }
    if (frame.querySelector('.noError, .merror, .MathJax_Error')
        || frame.textContent.includes('Math Processing Error')) {
      errors.push(s.textContent.slice(0, 80));
    }
  }
  const imgs = [...document.images].map(i => ({
    src: (i.getAttribute('src') || '').slice(0, 80), complete: i.complete,
    width: i.naturalWidth }));
  return { math: document.querySelectorAll(MATH).length, raw: raw.slice(0, 10),
           typesetDone, tex: scripts.length, untypeset: untypeset.slice(0, 10),
           texErrors: errors.slice(0, 10), imgs, text: document.body.innerText,
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
        mathjax: list[str] = []  # files under mathjax/ the page requested
        failed: list[str] = []

        def refuse_outside(route):
            url = route.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()

        context.route("**/*", refuse_outside)
        page = context.new_page()
        page.on("request", lambda r: mathjax.append(_under_mathjax(site, r.url)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        for stem in PAGES:
            path = _page_file(site, stem)
            if path is None:
                facts[stem] = None
                continue
            outside.clear(), mathjax.clear(), failed.clear()
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("() => [...document.images].every(i => i.complete)")
            f = page.evaluate(_FACTS_JS)
            f["outside"] = sorted(set(outside))
            f["mathjax"] = sorted(set(mathjax) - {None})
            # MathJax's font test points an @font-face at about:blank on purpose
            f["failed"] = sorted(set(failed) - {"about:blank"})
            f["path"] = path
            facts[stem] = f
    return facts


def _under_mathjax(site: Path, url: str) -> str | None:
    """The path of a request under the site's mathjax/ folder (query dropped), else None."""
    prefix = (site / "mathjax").as_uri() + "/"
    return url.split("?")[0].removeprefix(prefix) if url.startswith(prefix) else None


def _formulas_in_markdown(stem: str) -> int:
    """How many $…$ and $$…$$ formulas the notebook's Markdown cells hold (code spans aside).

    Markdown printed by code cells may add more on the page, never fewer."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    md = re.sub(r"`[^`\n]*`", "", md)
    display = re.findall(r"\$\$.+?\$\$", md, flags=re.S)
    inline = re.findall(r"\$[^$]+?\$", re.sub(r"\$\$.+?\$\$", "", md, flags=re.S))
    return len(display) + len(inline)


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
def test_page_typesets_every_formula_of_its_notebook(pages, stem):
    f = _facts(pages, stem)
    want = _formulas_in_markdown(stem)
    if want:
        assert f["typesetDone"] is True, "MathJax did not finish typesetting within 60 s"
        assert f["tex"] >= want, f"{f['tex']} formulas found on the page, {want} in the notebook"
    assert not f["untypeset"], f"formulas MathJax found and did not typeset: {f['untypeset']}"
    assert not f["texErrors"], f"formulas typeset as errors: {f['texErrors']}"
    assert f["math"] >= f["tex"], "fewer rendered math elements than formulas"
    assert not f["raw"], f"formulas left as raw TeX: {f['raw']}"


@pytest.mark.parametrize("stem", PAGES)
def test_page_finds_every_file_it_requests(pages, stem):
    f = _facts(pages, stem)
    assert not f["failed"], f"requests that failed: {f['failed']}"


def test_the_site_bundles_exactly_the_mathjax_files_its_pages_load(pages, site):
    import build_site

    requested = {name for stem in PAGES for name in _facts(pages, stem)["mathjax"]}
    bundled = {
        p.relative_to(site / "mathjax").as_posix()
        for p in (site / "mathjax").rglob("*")
        if p.is_file()
    }
    missing = sorted(requested - bundled)
    assert not missing, f"pages request these, add them to build_site.MATHJAX_FILES: {missing}"
    unused = sorted(bundled - requested - {"LICENSE"})
    assert not unused, f"no page loads these, drop them from build_site.MATHJAX_FILES: {unused}"
    assert bundled == set(build_site.MATHJAX_FILES), "the site's mathjax/ is not MATHJAX_FILES"


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
