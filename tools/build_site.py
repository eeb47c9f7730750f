"""``make html``: execute every notebook in a fresh kernel and write a static HTML site.

Usage: ``python tools/build_site.py NOTEBOOK_DIR SITE_DIR [--jobs N]``. The notebooks in
NOTEBOOK_DIR are read, never written; the executed copies go to SITE_DIR only.

What the site holds, and why:

- ``index.html``: the collection's title and paragraph, then every notebook in order with its
  title (the first Markdown cell's ``#`` heading) and its one-line description (the notebook's
  metadata field ``audiolevels.description``; a notebook without one fails the build).
- ``NN_topic.html``: the executed notebook. The kernels run with ``AUDIOLEVELS_STATIC_VIEWS=1``,
  so every interactive view shows its default-state figure and says that the controls need a
  live kernel (``audiolevels.widgets``' static mode); no widget state, no ``VBox(...)`` repr.
- ``mathjax/``: MathJax 2.7 (HTML-CSS output, STIX-Web fonts) from the
  ``jupyter-server-mathjax`` package, only the files the pages load (``MATHJAX_FILES``):
  formulas are typeset from ``file://``, with no network.
- ``media/NN_topic/``: every figure as a 256-colour PNG and every audio player's WAV as Ogg
  Opus, files beside the page instead of base64 data URIs. Opus keeps each band's energy, so a
  player still plays at the clip's true level (``tests/test_site.py`` decodes each file and
  compares its loudness, peak and duration with the original WAV).
- ``notebook.css``: JupyterLab's stylesheet, once for all pages instead of inlined in each.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import html
import io
import math
import re
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from nbrunner import run_notebook

TITLE = "Audio Levels Lab"
PARAGRAPH = (
    "Jupyter notebooks that teach, and let you measure, audio levels for machine learning: "
    "equal-loudness contours, A-weighting, peak vs energy vs loudness normalization, whether "
    "the decoder matters, μ-law quantization, STFT normalization for models and data "
    "pipelines. Every number is computed by the tested helpers of the <code>audiolevels</code> "
    "package and checked against the standards' own tables. This is the static render: "
    "figures show each view's default state, and the sliders need a live kernel "
    "(<code>make lab</code>)."
)
STATIC_ENV = {"AUDIOLEVELS_STATIC_VIEWS": "1"}
DESCRIPTION_KEY = "audiolevels"  # notebook metadata: {"audiolevels": {"description": "..."}}

#: Opus bitrate per channel (kbps) of the site's players.
OPUS_KBPS_PER_CHANNEL = 40
#: A player's decoded RMS or loudness may move by at most this much (dB, LU); otherwise the
#: gain is compensated.
OPUS_LEVEL_TOL_DB = 0.15
OPUS_RATES = (8000, 12000, 16000, 24000, 48000)
AUDIO_TYPE = "audio/ogg; codecs=opus"

#: The files the site copies from jupyter-server-mathjax's MathJax 2.7 tree (paths under
#: static/): exactly those Chromium requests while it typesets every page (the loader, the
#: combined configuration, the STIX-Web glyph tables and web fonts the formulas draw from), plus
#: the licence (the math menu and zoom are part of the combined configuration: opening the menu
#: requests no file). tests/browser/test_site_in_browser.py
#: records each page's requests and fails naming any file missing here or no longer requested;
#: a new formula that needs another glyph table, font or TeX extension adds it to this list.
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"
MATHJAX_ALWAYS = (
    "LICENSE",
    "MathJax.js",
    f"config/{MATHJAX_CONFIG.split(',')[0]}.js",
    "config/Safe.js",
    "extensions/Safe.js",
)
_STIX = "jax/output/HTML-CSS/fonts/STIX-Web"
_WOFF = "fonts/HTML-CSS/STIX-Web/woff/STIXMathJax"
MATHJAX_FOR_FORMULAS = (
    f"{_STIX}/fontdata.js",
    *(
        f"{_STIX}/{table}/Main.js"
        for table in (
            "Alphabets/Regular",
            "Arrows/Regular",
            "Latin/Regular",
            "Main/Italic",
            "Main/Regular",
            "Marks/Regular",
            "Monospace/Regular",
            "Normal/Italic",
            "Operators/Regular",
            "Size1/Regular",
            "Size2/Regular",
            "Size3/Regular",
            "Size5/Regular",
            "Symbols/Regular",
            "Variants/Regular",
        )
    ),
    *(
        f"{_WOFF}_{font}.woff"
        for font in (
            "Main-Regular",
            "Normal-Italic",
            "Operators-Regular",
            "Size1-Regular",
            "Size2-Regular",
            "Size3-Regular",
            "Size5-Regular",
            "Symbols-Regular",
            "Variants-Regular",
        )
    ),
    "jax/element/mml/optable/BasicLatin.js",
    "jax/element/mml/optable/Latin1Supplement.js",
)
MATHJAX_FILES = MATHJAX_ALWAYS + MATHJAX_FOR_FORMULAS
MATHJAX_WOFF = "fonts/HTML-CSS/STIX-Web/woff"

TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
<script type="text/x-mathjax-config">
MathJax.Hub.Config({
  tex2jax: {
    inlineMath: [["$", "$"], ["\\(", "\\)"]],
    displayMath: [["$$", "$$"], ["\\[", "\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  TeX: {equationNumbers: {autoNumber: "AMS", useLabelIds: true}},
  "HTML-CSS": {availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null},
  displayAlign: "center",
  messageStyle: "none"
});
</script>
<script src="{{ resources.mathjax_url }}"></script>
{%- endblock html_head_js_mathjax -%}
{%- block body_header -%}
{{ super() }}
<nav class="site-nav"><a href="index.html">← {{ resources.site_title }}: all notebooks</a></nav>
{%- endblock body_header -%}
"""

INDEX_CSS = """
body { font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #222; }
h1 { margin-bottom: 0.3rem; }
ol.notebooks { padding-left: 1.2rem; }
ol.notebooks li { margin: 1rem 0; }
ol.notebooks a { font-size: 1.15rem; font-weight: 600; }
ol.notebooks p { margin: 0.2rem 0 0; }
"""
NAV_CSS = ".site-nav { font-family: system-ui, sans-serif; padding: 0.5rem 1rem; }\n"


# ---- what the index says about a notebook


def notebook_title(nb: nbformat.NotebookNode, name: str = "notebook") -> str:
    """The first Markdown cell's first ``# `` heading (Markdown emphasis and code marks kept)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
            break
    raise ValueError(f"{name}: its first Markdown cell must start with a '# title' heading")


def notebook_description(nb: nbformat.NotebookNode, name: str = "notebook") -> str:
    """The notebook's one-line description: its metadata ``audiolevels.description``."""
    text = nb.metadata.get(DESCRIPTION_KEY, {}).get("description")
    if not isinstance(text, str) or not text.strip() or "\n" in text.strip():
        raise ValueError(
            f"{name}: the notebook metadata needs a one-line "
            f'"{DESCRIPTION_KEY}": {{"description": "..."}} for the site\'s index'
        )
    return text.strip()


def _inline_markdown(text: str) -> str:
    """Escape ``text`` for HTML, rendering only `code`, **bold** and *italics*."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", out)


def index_html(entries: list[tuple[str, str, str]]) -> str:
    """The index page for ``(page file name, title, description)`` entries, in order."""
    items = "\n".join(
        f'<li><a href="{html.escape(page)}">{_inline_markdown(title)}</a>'
        f"<p>{_inline_markdown(description)}</p></li>"
        for page, title, description in entries
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{TITLE}</title><style>{INDEX_CSS}</style></head>\n<body>\n"
        f"<h1>{TITLE}</h1>\n<p class='intro'>{PARAGRAPH}</p>\n"
        f"<ol class='notebooks'>\n{items}\n</ol>\n</body></html>\n"
    )


# ---- compact media


def shrink_png(png: bytes) -> bytes:
    """``png`` as a 256-colour palette PNG (no dithering), if that is smaller; else as it is."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    image.load()
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        if rgba.getextrema()[3][0] == 255:  # fully opaque: median cut on RGB is sharper
            image = rgba.convert("RGB")
        else:
            image = rgba
    elif image.mode != "RGB":
        image = image.convert("RGB")
    method = Image.Quantize.MEDIANCUT if image.mode == "RGB" else Image.Quantize.FASTOCTREE
    small = image.quantize(colors=256, method=method, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    small.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue() if buffer.tell() < len(png) else png


def wav_to_opus(wav: bytes, path: Path) -> Path:
    """Write the WAV file ``wav`` (bytes) as Ogg Opus at ``path``, resampled to 48 kHz if needed.

    40 kbps per channel, the decoded RMS and loudness kept near the WAV's (OPUS_LEVEL_TOL_DB);
    the decoded file has the WAV's duration (Opus' pre-skip and end trimming).
    """
    import soundfile
    from scipy.signal import resample_poly

    from audiolevels import decoding

    x, sr = soundfile.read(io.BytesIO(wav), dtype="float64", always_2d=True)
    if sr not in OPUS_RATES:
        g = math.gcd(48000, sr)
        x = resample_poly(x, 48000 // g, sr // g, axis=0)
        sr = 48000
    # Opus codes band energies, yet it loses part of a broadband noise's top band: a clip whose
    # decoded RMS or loudness moves by more than OPUS_LEVEL_TOL_DB is encoded once more with the
    # gain that centres the two errors, so that the player plays at the clip's level.
    kbps = OPUS_KBPS_PER_CHANNEL * x.shape[1]
    decoding.encode(x, sr, path, "opus", bitrate_kbps=kbps, encoder="ffmpeg", overwrite=True)
    rms_db, lufs_db = _level_shifts_db(x, sr, path)
    if max(abs(rms_db), abs(lufs_db)) > OPUS_LEVEL_TOL_DB:
        x = x * 10 ** (-(rms_db + lufs_db) / 40)
        decoding.encode(x, sr, path, "opus", bitrate_kbps=kbps, encoder="ffmpeg", overwrite=True)
    return path


def _level_shifts_db(x, sr: int, path: Path) -> tuple[float, float]:
    """Decoded RMS and integrated loudness of the Opus file at ``path`` minus ``x``'s (dB, LU);
    the loudness shift is taken as the RMS one for a clip too short or too quiet to gate."""
    from audiolevels import decoding, loudness, normalize

    y, sr_y = decoding.decode(path, backend="ffmpeg", dtype="float64")
    rms = normalize.rms_dbfs(y) - normalize.rms_dbfs(x)
    lufs = loudness.integrated_loudness(y, sr_y) - loudness.integrated_loudness(x, sr)
    return rms, (lufs if math.isfinite(lufs) else rms)


_DATA_URI = re.compile(r"data:(audio/(?:wav|x-wav)|image/png);base64,([A-Za-z0-9+/=\s]+)")


def externalize_media(
    page_html: str, media_dir: Path, rel: str, originals_dir: Path | None = None
) -> str:
    """Move every base64 PNG and WAV of ``page_html`` into ``media_dir`` (PNG shrunk, WAV as
    Opus) and point the page at the files (``rel`` is media_dir relative to the page).
    ``originals_dir``, if given, receives each original WAV under the Opus file's name."""
    media_dir.mkdir(parents=True, exist_ok=True)
    names: dict[str, str] = {}  # content hash → file name, so a repeated figure is one file

    def replace(match: re.Match) -> str:
        mime, payload = match.group(1), match.group(2)
        raw = base64.b64decode(re.sub(r"\s+", "", payload))
        key = hashlib.sha256(raw).hexdigest()[:16]
        if key not in names:
            n = len(names) + 1
            if mime == "image/png":
                names[key] = f"fig-{n:03d}.png"
                (media_dir / names[key]).write_bytes(shrink_png(raw))
            else:
                names[key] = f"audio-{n:03d}.opus"
                wav_to_opus(raw, media_dir / names[key])
                if originals_dir is not None:
                    originals_dir.mkdir(parents=True, exist_ok=True)
                    (originals_dir / f"audio-{n:03d}.wav").write_bytes(raw)
        return f"{rel}/{names[key]}"

    out = _DATA_URI.sub(replace, page_html)
    return re.sub(r'type="audio/(?:wav|x-wav)"', f'type="{AUDIO_TYPE}"', out)


_STYLE = re.compile(r"<style[^>]*>.*?</style>\s*", re.S)


def share_styles(page_html: str, site_dir: Path) -> str:
    """Move the ``<style>`` blocks of the page's head into one shared stylesheet file."""
    head_end = page_html.index("</head>")
    head, rest = page_html[:head_end], page_html[head_end:]
    blocks = _STYLE.findall(head)
    css = "".join(re.sub(r"^<style[^>]*>|</style>\s*$", "", b.strip()) + "\n" for b in blocks)
    css += NAV_CSS
    name = f"notebook-{hashlib.sha256(css.encode()).hexdigest()[:8]}.css"
    path = site_dir / name
    if not path.exists():
        path.write_text(css, encoding="utf-8")
    head = _STYLE.sub("", head) + f'<link rel="stylesheet" href="{name}">\n'
    return head + rest


def copy_mathjax(site_dir: Path) -> Path:
    """Copy the MathJax files the pages use (MATHJAX_FILES) into ``site_dir/mathjax``."""
    import jupyter_server_mathjax

    static = Path(jupyter_server_mathjax.__file__).parent / "static"
    target = site_dir / "mathjax"
    if target.exists():
        shutil.rmtree(target)
    for name in MATHJAX_FILES:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(static / name, target / name)
    return target


# ---- the build


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"audiolevels_site.html.j2": TEMPLATE})],
        template_file="audiolevels_site.html.j2",
    )
    exporter.mathjax_url = f"mathjax/MathJax.js?config={MATHJAX_CONFIG}"
    return exporter


def _run(nb_path: Path, timeout: int) -> nbformat.NotebookNode:
    run = run_notebook(nb_path, drive=False, timeout=timeout, env=STATIC_ENV)
    print(f"  executed {nb_path.name} ({run.seconds:.1f} s)", flush=True)
    nb = run.notebook
    nb.metadata.pop("widgets", None)  # static mode shows no widget: no widget state to embed
    return nb


def build_site(
    notebook_dir: Path,
    site_dir: Path,
    *,
    jobs: int = 1,
    timeout: int = 300,
    originals_dir: Path | None = None,
) -> list[Path]:
    """Execute each ``*.ipynb`` in ``notebook_dir`` and write the site into ``site_dir``.

    Returns the notebook pages written, in order (``index.html`` is written beside them).
    ``originals_dir`` keeps each player's original WAV as ``NN_topic/audio-NNN.wav`` (the
    tests compare the site's Opus files with them).
    """
    notebook_dir, site_dir = Path(notebook_dir), Path(site_dir)
    notebooks = sorted(notebook_dir.glob("*.ipynb"))
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebook_dir}")
    sources = [nbformat.read(p, as_version=4) for p in notebooks]
    entries = [
        (p.stem + ".html", notebook_title(nb, p.name), notebook_description(nb, p.name))
        for p, nb in zip(notebooks, sources, strict=True)
    ]
    site_dir.mkdir(parents=True, exist_ok=True)
    for old in ("media", "mathjax"):
        if (site_dir / old).exists():
            shutil.rmtree(site_dir / old)
    for old in site_dir.glob("notebook-*.css"):
        old.unlink()
    copy_mathjax(site_dir)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        executed = list(pool.map(lambda p: _run(p, timeout), notebooks))
    return write_pages(site_dir, notebooks, executed, entries, originals_dir)


def write_pages(
    site_dir: Path,
    notebooks: list[Path],
    executed: list,
    entries: list,
    originals_dir: Path | None = None,
) -> list[Path]:
    """Write the executed notebooks as pages (media beside them) and the index."""
    exporter = _exporter()
    pages = []
    for nb_path, nb in zip(notebooks, executed, strict=True):
        body, _ = exporter.from_notebook_node(nb, resources={"site_title": TITLE})
        body = share_styles(body, site_dir)  # first: the stylesheet keeps its own data URIs
        rel = f"media/{nb_path.stem}"
        originals = None if originals_dir is None else Path(originals_dir) / nb_path.stem
        body = externalize_media(body, site_dir / rel, rel, originals)
        page = site_dir / (nb_path.stem + ".html")
        page.write_text(body, encoding="utf-8")
        pages.append(page)
    (site_dir / "index.html").write_text(index_html(entries), encoding="utf-8")
    return pages


def site_size_bytes(site_dir: Path) -> int:
    """Total size of every file under ``site_dir``."""
    return sum(p.stat().st_size for p in Path(site_dir).rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebook_dir", type=Path)
    parser.add_argument("site_dir", type=Path)
    parser.add_argument("--jobs", type=int, default=1, help="notebooks executed at once")
    args = parser.parse_args(argv)
    pages = build_site(args.notebook_dir, args.site_dir, jobs=args.jobs)
    size = site_size_bytes(args.site_dir)
    print(f"{len(pages)} pages + index.html in {args.site_dir}: {size / 1e6:.2f} MB in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
