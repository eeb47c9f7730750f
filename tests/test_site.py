"""The static site (``make html`` → tools/build_site.py): built once into a temporary folder.

An index with every notebook in order (title + description), interactive views in their static
form (no ``VBox(`` repr), math and scripts from the site itself (no CDN), at most 4.7 MB in all,
and every audio player's Opus file at the level of the WAV it replaces.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import soundfile

import build_site as B
from audiolevels import decoding, loudness, normalize
from conftest import NOTEBOOKS

SITE_LIMIT_BYTES = 4.7e6  # a third of the 14 MB the site weighed with WAV data URIs
# Level tolerances of a player's Opus file against its WAV (decoded by FFmpeg, float):
LOUDNESS_TOL_LU = 0.4  # integrated loudness (BS.1770), clips of ≥ 0.4 s
RMS_TOL_DB = 0.3
PEAK_MARGIN_DB = 3.0  # a lossy codec's ringing may lift the sample peak a little
DURATION_TOL_S = 0.001
# What Chromium plays: Ogg Opus, MP3, FLAC, WAV (the browser tests open the built site).
CHROMIUM_AUDIO_TYPES = {"audio/ogg; codecs=opus", "audio/mpeg", "audio/flac", "audio/wav"}


@pytest.fixture(scope="session")
def site(built_site):
    return built_site  # tests/conftest.py: one build, shared with tests/browser/


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_notebook_has_a_title_and_a_one_line_description():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert B.notebook_title(nb, path.name)
        assert len(B.notebook_description(nb, path.name)) < 200


def test_a_notebook_without_a_description_is_refused_by_name():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 99 · x")])
    with pytest.raises(ValueError, match=r"99_x.ipynb: the notebook metadata needs"):
        B.notebook_description(nb, "99_x.ipynb")


def test_index_lists_every_notebook_in_order_with_title_and_description(site):
    site_dir, _, pages = site
    index = _text(site_dir / "index.html")
    assert "<h1>Audio Levels Lab</h1>" in index and "<p class='intro'>" in index
    positions = []
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        link = f'<a href="{path.stem}.html">{B._inline_markdown(B.notebook_title(nb))}</a>'
        assert link in index, link
        assert B._inline_markdown(B.notebook_description(nb)) in index
        positions.append(index.index(link))
    assert positions == sorted(positions)
    assert [p.name for p in pages] == [p.stem + ".html" for p in NOTEBOOKS]


def test_no_page_shows_a_raw_widget_repr(site):
    site_dir, _, _ = site
    for page in site_dir.glob("*.html"):
        text = _text(page)
        assert "VBox(" not in text and "HBox(" not in text, page.name
        assert "application/vnd.jupyter.widget" not in text, page.name


def test_views_say_their_controls_need_a_live_kernel(site):
    site_dir, _, pages = site
    # notebooks 01-06 each have sliders; in the static render each says so once per view
    said = [_text(p).count("Controls need a live kernel") for p in pages]
    assert all(n >= 1 for n in said[:6]), dict(zip([p.name for p in pages], said, strict=True))


def test_no_script_stylesheet_or_math_comes_from_the_network(site):
    site_dir, _, _ = site
    for page in site_dir.glob("*.html"):
        text = _text(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("source", "src")):
            for url in re.findall(rf"<{tag}\b[^>]*\b{attr}=[\"']([^\"']+)", text):
                assert not re.match(r"(https?:)?//", url), (page.name, url)
                if not url.startswith("data:"):
                    assert (site_dir / url.split("?")[0]).is_file(), (page.name, url)
        assert "cdnjs" not in text and "unpkg" not in text and "jsdelivr" not in text


def test_pages_with_formulas_load_the_bundled_mathjax(site):
    site_dir, _, pages = site
    assert (site_dir / "mathjax" / "MathJax.js").is_file()
    assert (site_dir / "mathjax/config/TeX-AMS-MML_HTMLorMML-full.js").is_file()
    woff = site_dir / "mathjax" / B.MATHJAX_WOFF
    assert (woff / "STIXMathJax_Main-Regular.woff").is_file()
    for page in pages:
        text = _text(page)
        if "$" in text:
            assert '<script src="mathjax/MathJax.js?config=' in text, page.name
            assert 'webFont: "STIX-Web"' in text, page.name


def test_the_whole_site_is_at_most_4_7_mb(site):
    site_dir, _, _ = site
    size = B.site_size_bytes(site_dir)
    assert size <= SITE_LIMIT_BYTES, f"{size / 1e6:.2f} MB"


def test_every_player_plays_a_compact_file_chromium_can_play(site):
    site_dir, _, pages = site
    n = 0
    for page in pages:
        text = _text(page)
        assert "data:audio/" not in text, page.name
        for src, kind in re.findall(r'<source src="([^"]+)" type="([^"]+)"', text):
            assert kind in CHROMIUM_AUDIO_TYPES, (page.name, kind)
            path = site_dir / src
            assert path.suffix == ".opus" and path.is_file()
            assert path.read_bytes()[:4] == b"OggS" and b"OpusHead" in path.read_bytes()[:200]
            n += 1
    assert n >= 10


def test_every_opus_file_plays_at_the_level_and_length_of_its_wav(site):
    site_dir, originals, pages = site
    checked = 0
    for page in pages:
        for opus in sorted((site_dir / "media" / page.stem).glob("audio-*.opus")):
            wav = originals / page.stem / (opus.stem + ".wav")
            x, sr = soundfile.read(wav, dtype="float64", always_2d=True)
            y, sr_y = decoding.decode(opus, backend="ffmpeg", dtype="float64")
            where = f"{page.stem}/{opus.name}"
            assert abs(y.shape[0] / sr_y - x.shape[0] / sr) <= DURATION_TOL_S, where
            assert y.shape[1] == x.shape[1], where
            assert normalize.rms_dbfs(y) == pytest.approx(normalize.rms_dbfs(x), abs=RMS_TOL_DB)
            assert normalize.peak_dbfs(y) <= normalize.peak_dbfs(x) + PEAK_MARGIN_DB, where
            if x.shape[0] >= 0.4 * sr and np.any(x):
                got, want = (
                    loudness.integrated_loudness(y, sr_y),
                    loudness.integrated_loudness(x, sr),
                )
                assert got == pytest.approx(want, abs=LOUDNESS_TOL_LU), where
            checked += 1
    assert checked >= 10


def test_figures_are_files_beside_the_page_and_exist(site):
    site_dir, _, pages = site
    for page in pages:
        srcs = re.findall(r'<img\b[^>]*\bsrc="([^"]+)"', _text(page))
        assert srcs, page.name
        for src in srcs:
            assert src.startswith(f"media/{page.stem}/") and (site_dir / src).is_file(), src


def test_shrink_png_keeps_the_picture_size_and_colours_of_a_plot():
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1], color="tab:red", lw=3)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    plt.close(fig)
    original = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    small = Image.open(io.BytesIO(B.shrink_png(buffer.getvalue()))).convert("RGB")
    assert small.size == original.size
    diff = np.abs(np.asarray(small, dtype=int) - np.asarray(original, dtype=int))
    assert np.mean(diff) < 1.0 and np.percentile(diff, 99.9) < 40
