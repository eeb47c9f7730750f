"""The README's figures (``make figures`` → tools/figures.py → figures/): drawn by the library's
plotting functions, carrying the standards' numbers, and committed exactly as the code draws them.
"""

from __future__ import annotations

import os
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

import figures as F  # noqa: E402
from conftest import ROOT  # noqa: E402

COMMITTED = ROOT / "figures"


@pytest.fixture(scope="module")
def drawn(tmp_path_factory):
    """Run the command ``make figures`` runs, into a temporary folder."""
    out = tmp_path_factory.mktemp("figures")
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "figures.py"), str(out)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": f"{ROOT / 'lib'}:{ROOT / 'tools'}"},
    )
    return out


def test_make_figures_writes_a_png_and_an_svg_of_every_figure(drawn):
    for name in F.FIGURES:
        png = Image.open(drawn / f"{name}.png")
        assert png.width >= 500 and png.height >= 200, (name, png.size)
        svg = (drawn / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.startswith("<?xml") and "<svg" in svg


def test_the_committed_figures_are_what_the_code_draws_now(drawn):
    for name in F.FIGURES:
        fresh = (drawn / f"{name}.svg").read_text(encoding="utf-8")
        committed = (COMMITTED / f"{name}.svg").read_text(encoding="utf-8")
        assert committed == fresh, f"figures/{name}.svg is stale: run make figures"
        assert (COMMITTED / f"{name}.png").exists()


def test_svgs_carry_no_date_so_they_are_reproducible(drawn):
    for name in F.FIGURES:
        svg = (drawn / f"{name}.svg").read_text(encoding="utf-8")
        assert "<dc:date>" not in svg


def test_the_contour_family_passes_through_its_phon_value_at_1_khz():
    # By definition a loudness level of N phon is N dB SPL at 1 kHz (ISO 226).
    fig = F.figure_contour_family()
    ax = fig.axes[0]
    i1k = int(np.flatnonzero(F.FREQS == 1000)[0])
    solid = [ln for ln in ax.lines if ln.get_linestyle() == "-"]
    values = sorted(v for ln in solid if np.isfinite(v := float(ln.get_ydata()[i1k])))
    np.testing.assert_allclose(values, np.arange(20, 91, 10), atol=0.05)
    plt.close(fig)


def test_a_weighting_reads_0_db_at_1_khz_and_minus_19_1_db_at_100_hz():
    # IEC 61672-1 Table 3: A-weighting −19.1 dB at 100 Hz, 0 dB at 1 kHz; the inverted
    # contour is 0 dB at 1 kHz by construction (40 − 40 dB SPL).
    fig = F.figure_a_weighting_vs_40_phon()
    contour, a_curve = fig.axes[0].lines[:2]
    f = np.asarray(a_curve.get_xdata())
    assert a_curve.get_ydata()[f == 1000][0] == pytest.approx(0.0, abs=0.05)
    assert a_curve.get_ydata()[f == 100][0] == pytest.approx(-19.1, abs=0.05)
    assert contour.get_ydata()[f == 1000][0] == pytest.approx(0.0, abs=0.05)
    plt.close(fig)


def test_each_normalization_panel_puts_its_own_meter_on_the_target():
    fig = F.figure_normalization()
    series = {"peak": 0, "RMS": 1, "loudness": 2}  # bar series per clip: peak, RMS, LUFS
    n = len(F.NORMALIZATION_CLIPS)
    for ax, (method, target) in zip(fig.axes, F.NORMALIZATION_TARGETS.items(), strict=True):
        bars = ax.patches
        j = series[method]
        tops = [b.get_y() + b.get_height() for b in bars[j * n : (j + 1) * n]]
        np.testing.assert_allclose(tops, target, atol=0.1, err_msg=method)
    plt.close(fig)


def test_mu_law_snr_curves_match_the_quantization_formulas():
    fig = F.figure_mu_law_snr()
    lines = {ln.get_label(): ln for ln in fig.axes[0].lines}  # the sine panel
    # 16-bit linear, full-scale sine: 6.02·16 + 1.76 = 98.1 dB
    assert lines["16-bit linear"].get_ydata()[-1] == pytest.approx(98.09, abs=0.3)
    # 8-bit μ-law plateau for μA ≫ 1: 10·log10(12 / (Δy² ln²(1 + μ))) = 38.0 dB, Δy = 2/255
    plateau = 10 * np.log10(12 / ((2 / 255) ** 2 * np.log1p(255.0) ** 2))
    levels = np.asarray(lines["8-bit μ-law"].get_xdata())
    mu = np.asarray(lines["8-bit μ-law"].get_ydata())[(levels >= -20) & (levels <= 0)]
    assert np.all(np.abs(mu - plateau) < 1.5), mu
    plt.close(fig)


def test_decoders_disagree_far_less_than_the_encode_changes_the_signal():
    # The blog's claim, read off the table's cells: every decoder pair agrees at least 50 dB
    # below the difference between the decoded file and the original.
    fig = F.figure_decoder_table()
    table = fig.axes[0].tables[0]
    cells = table.get_celld()
    n_rows = max(r for r, _ in cells)
    n_cols = max(c for _, c in cells) + 1
    for r in range(1, n_rows + 1):
        encode = float(cells[r, n_cols - 1].get_text().get_text())
        pairs = [cells[r, c].get_text().get_text() for c in range(1, n_cols - 1)]
        numbers = [float(p) for p in pairs if p != "no decoder"]
        assert numbers and all(v < encode - 50 for v in numbers), (r, encode, pairs)
    plt.close(fig)
