"""The figures of notebooks/03_normalization.ipynb: what each draws is the data it was given (or
the library's measurement of it), and no legend covers data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from audiolevels import plotting  # noqa: E402
from audiolevels.loudness import gated_blocks  # noqa: E402
from audiolevels.normalize import lookahead_limiter  # noqa: E402

SR = 48000


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _inside(bbox, points) -> np.ndarray:
    """Which display-coordinate points lie inside a bbox."""
    x, y = points[:, 0], points[:, 1]
    return (x >= bbox.x0) & (x <= bbox.x1) & (y >= bbox.y0) & (y <= bbox.y1)


def _legend_bbox(fig):
    fig.canvas.draw()
    (legend,) = fig.legends or [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return legend.get_window_extent()


LEVELS = {
    "peak": {"a": (-1.0, -18.5, -18.2), "b": (-1.0, -4.0, -0.9), "c": (-1.0, -11.8, -19.4)},
    "RMS": {"a": (-5.5, -23.0, -22.6), "b": (-20.0, -23.0, -19.9), "c": (-12.2, -23.0, -30.6)},
}
TARGETS = {"peak": -1.0, "RMS": -23.0}


def test_level_bars_rise_from_the_floor_to_each_level():
    fig = plotting.plot_normalized_levels(LEVELS, targets=TARGETS, floor_db=-40.0)
    for ax, method in zip(fig.axes, LEVELS, strict=True):
        bars = [p for p in ax.patches if isinstance(p, Rectangle)]
        assert len(bars) == 3 * len(LEVELS[method])
        tops = np.array([b.get_y() + b.get_height() for b in bars]).reshape(3, -1)
        np.testing.assert_allclose([b.get_y() for b in bars], -40.0)
        np.testing.assert_allclose(tops.T, list(LEVELS[method].values()))


def test_every_peak_bar_reaches_the_dashed_target_line_after_peak_normalization():
    fig = plotting.plot_normalized_levels(LEVELS, targets=TARGETS)
    ax = fig.axes[0]
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert [ln.get_ydata()[0] for ln in dashed] == [-1.0]
    peak_bars = [p for p in ax.patches if isinstance(p, Rectangle)][:3]
    assert all(b.get_y() + b.get_height() == pytest.approx(-1.0) for b in peak_bars)
    assert all(b.get_height() >= 30 for b in peak_bars)  # a bar, not a 1 dB sliver


def test_level_titles_state_the_loudness_spread():
    fig = plotting.plot_normalized_levels(LEVELS, targets=TARGETS)
    assert fig.axes[0].get_title().endswith("loudness spread 18.5 LU")  # -0.9 − (−19.4)
    assert fig.axes[1].get_title().endswith("loudness spread 10.7 LU")  # -19.9 − (−30.6)


def test_level_legend_lies_above_every_panel():
    fig = plotting.plot_normalized_levels(LEVELS, targets=TARGETS)
    box = _legend_bbox(fig)
    assert all(box.y0 >= ax.get_window_extent().y1 for ax in fig.axes)


def test_level_bars_refuse_a_floor_above_a_level_and_mismatched_clips():
    with pytest.raises(ValueError, match="floor_db"):
        plotting.plot_normalized_levels(LEVELS, targets=TARGETS, floor_db=-25.0)
    shuffled = {"peak": LEVELS["peak"], "RMS": dict(reversed(LEVELS["RMS"].items()))}
    with pytest.raises(ValueError, match="in that order"):
        plotting.plot_normalized_levels(shuffled, targets=TARGETS)


@pytest.fixture(scope="module")
def over_full_scale():
    rng = np.random.default_rng(0)
    x = 0.3 * rng.standard_normal(SR)
    x[SR // 2 : SR // 2 + 40] *= 6  # a burst beyond ±1
    limited, gain = lookahead_limiter(x, SR, ceiling_dbfs=-1.0, release_ms=0.0)
    return x, np.clip(x, -1, 1), limited, gain


def test_clipping_figure_draws_the_window_around_the_largest_peak(over_full_scale):
    x, clipped, limited, gain = over_full_scale
    fig = plotting.plot_clipping_fixes(x, clipped, limited, gain, SR, window_ms=10.0)
    ax, ax_gain = fig.axes
    i = int(np.argmax(np.abs(x)))
    window = slice(i - 480, i + 480)
    unclipped, hard, lim, dots = ax.get_lines()[:4]
    np.testing.assert_array_equal(unclipped.get_ydata(), x[window])
    np.testing.assert_array_equal(hard.get_ydata(), clipped[window])
    np.testing.assert_array_equal(lim.get_ydata(), limited[window])
    np.testing.assert_array_equal(dots.get_ydata(), x[window][np.abs(x[window]) > 1])
    assert unclipped.get_xdata()[480] == 0.0  # time 0 is the largest peak
    np.testing.assert_allclose(ax_gain.get_lines()[0].get_ydata(), 20 * np.log10(gain))
    share = 100 * np.mean(gain < 1 - 1e-9)
    assert ax_gain.get_title() == f"limiter gain: {share:.1f} % of samples turned down"


def test_clipping_legend_is_below_both_panels(over_full_scale):
    fig = plotting.plot_clipping_fixes(*over_full_scale, SR)
    box = _legend_bbox(fig)
    assert all(box.y1 <= ax.get_tightbbox().y0 + 1 for ax in fig.axes)


def test_clipping_figure_refuses_arrays_of_different_lengths(over_full_scale):
    x, clipped, limited, gain = over_full_scale
    with pytest.raises(ValueError, match="same length"):
        plotting.plot_clipping_fixes(x, clipped[:-1], limited, gain, SR)


@pytest.fixture(scope="module")
def gated():
    t = np.arange(6 * SR) / SR
    x = 0.5 * np.sin(2 * np.pi * 1000 * t)
    x[: 2 * SR] *= 0.01  # 40 dB quieter: below the relative gate
    x[4 * SR :] = 0.0  # silence: below the absolute gate
    return {"tone": gated_blocks(x, SR)}


def test_gated_blocks_figure_plots_kept_and_gated_blocks_where_the_meter_put_them(gated):
    g = gated["tone"]
    fig = plotting.plot_gated_blocks(gated, {"tone": -12.3}, floor_lufs=-80.0)
    (ax,) = fig.axes
    kept, dropped = ax.collections[:2]
    np.testing.assert_allclose(
        kept.get_offsets(), np.column_stack([g.block_times_s, g.block_lufs])[g.kept]
    )
    shown = np.where(np.isfinite(g.block_lufs), g.block_lufs, -80.0)
    np.testing.assert_allclose(dropped.get_offsets()[:, 1], shown[~g.kept])
    assert 0 < g.kept.sum() < g.kept.size  # both kinds occur
    levels = {ln.get_label(): ln.get_ydata()[0] for ln in ax.get_lines()[1:]}
    assert levels["relative gate"] == pytest.approx(g.relative_gate_lufs)
    assert levels["integrated loudness"] == pytest.approx(g.integrated_lufs)
    assert levels["RMS"] == -12.3
    assert f"integrated {g.integrated_lufs:.1f} LUFS" in ax.get_title()


def test_gated_blocks_legend_lies_above_the_panels(gated):
    fig = plotting.plot_gated_blocks({"a": gated["tone"], "b": gated["tone"]}, {"a": -1, "b": -2})
    box = _legend_bbox(fig)
    assert all(box.y0 >= ax.get_window_extent().y1 for ax in fig.axes)


def test_gain_envelope_marks_in_red_only_the_bins_beyond_full_scale():
    t = np.arange(5) / 10
    hi = np.array([0.2, 0.5, 0.9, 0.5, 0.2])
    fig = plotting.plot_gain_envelope(t, -hi, hi, gain_db=20 * np.log10(1.5), title="x")
    (ax,) = fig.axes
    blue, red = ax.collections
    red_x = np.unique(np.round(red.get_paths()[0].vertices[:, 0], 9))
    np.testing.assert_allclose(red_x, [0.2])  # only 0.9 × 1.5 = 1.35 exceeds 1
    assert ax.get_ylim()[1] == pytest.approx(1.05 * 1.35)
    fig = plotting.plot_gain_envelope(t, -hi, hi, gain_db=0.0)
    assert all(len(p.vertices) == 0 for p in fig.axes[0].collections[1].get_paths())


def test_padding_figure_draws_both_curves_and_a_legend_clear_of_them():
    pads = np.arange(0, 31, 2.0)
    rms = -20.9 - 10 * np.log10((8.6 + pads) / 8.6)  # speech energy spread over more time
    lufs = np.full_like(pads, -20.4)
    fig = plotting.plot_padding_levels(pads, rms, lufs, pad_s=9.0, speech_s=8.6, title="t")
    (ax,) = fig.axes
    rms_line, lufs_line, marks = ax.get_lines()
    np.testing.assert_array_equal(rms_line.get_ydata(), rms)
    np.testing.assert_array_equal(lufs_line.get_ydata(), lufs)
    np.testing.assert_array_equal(marks.get_xdata(), [8.0, 8.0])  # nearest entry to 9 s
    np.testing.assert_array_equal(marks.get_ydata(), [rms[4], lufs[4]])
    box = _legend_bbox(fig)
    fine_x = np.linspace(0, 30, 300)
    for line in (rms_line, lufs_line):
        points = np.column_stack([fine_x, np.interp(fine_x, line.get_xdata(), line.get_ydata())])
        assert not _inside(box, ax.transData.transform(points)).any()


# ---- the two views of the notebook: drawn once, then updated in place


def _envelope(seed, seconds=3.0, n_bins=300):
    rng = np.random.default_rng(seed)
    x = 0.3 * rng.standard_normal(int(seconds * SR)) * np.linspace(0.1, 1, int(seconds * SR))
    edges = np.linspace(0, x.size, n_bins + 1).astype(int)[:-1]
    return edges / SR, np.minimum.reduceat(x, edges), np.maximum.reduceat(x, edges)


def test_the_envelope_view_updated_in_place_equals_a_fresh_draw_for_other_clips_and_gains():
    from figure_state import assert_same_picture

    clips = {"a": _envelope(0), "b": _envelope(1, seconds=5.0, n_bins=600)}
    fig = plotting.plot_gain_envelope(*clips["a"], gain_db=0.0, title="a at 0 dB")
    for clip, gain_db in [("a", 6.0), ("b", 6.0), ("b", -20.0), ("a", 18.0), ("a", 0.0)]:
        title = f"{clip} at {gain_db:+.1f} dB"
        plotting.update_gain_envelope(fig, *clips[clip], gain_db=gain_db, title=title)
        assert_same_picture(
            fig, plotting.plot_gain_envelope(*clips[clip], gain_db=gain_db, title=title)
        )
        (ax,) = fig.axes
        t, lo, hi = clips[clip]
        k = 10 ** (gain_db / 20)
        blue = ax.collections[0].get_paths()[0].vertices
        np.testing.assert_allclose(blue[:, 1].max(), k * hi.max())
        assert ax.get_ylim()[1] == pytest.approx(max(1.2, 1.05 * k * np.abs([lo, hi]).max()))
        assert ax.get_xlim() == (t[0], t[-1]) and ax.get_title() == title


def test_a_gain_that_keeps_the_envelope_axes_repaints_only_the_envelope_and_title():
    from audiolevels import widgets as W

    clip = _envelope(0)
    fig = plotting.plot_gain_envelope(*clip, gain_db=-6.0, title="t")
    painter = W._Painter(fig)
    painter.png()
    plotting.update_gain_envelope(fig, *clip, gain_db=-3.0, title="t at -3 dB")
    assert not fig.stale, "within ±1.2 the axes stay: only animated artists change"
    assert painter.png() == W.figure_png(fig)
    plotting.update_gain_envelope(fig, *clip, gain_db=20.0, title="t at +20 dB")
    assert fig.stale, "a gain past full scale widens the y axis: a full redraw is due"
    assert painter.png() == W.figure_png(fig)


PADS = np.arange(0, 31, 2.0)
PAD_RMS = -20.9 - 10 * np.log10((8.6 + PADS) / 8.6)
PAD_LUFS = np.full_like(PADS, -20.4)


def test_the_padding_view_updated_in_place_equals_a_fresh_draw_at_every_padding():
    from audiolevels import widgets as W
    from figure_state import assert_same_picture

    def title(pad):
        return f"pad {pad:g} s: RMS {PAD_RMS[int(pad) // 2]:.1f} dBFS"

    fig = plotting.plot_padding_levels(
        PADS, PAD_RMS, PAD_LUFS, pad_s=0, speech_s=8.6, title=title(0)
    )
    painter = W._Painter(fig)
    painter.png()
    for pad in [30, 10, 4, 0]:
        kw = dict(pad_s=pad, speech_s=8.6, title=title(pad))
        plotting.update_padding_levels(fig, PADS, PAD_RMS, PAD_LUFS, **kw)
        assert not fig.stale, "another padding moves only the marks and the title"
        assert painter.png() == W.figure_png(fig)
        fresh = plotting.plot_padding_levels(PADS, PAD_RMS, PAD_LUFS, **kw)
        assert_same_picture(fig, fresh)
        marks = fig.axes[0].get_lines()[2]
        np.testing.assert_array_equal(marks.get_xdata(), [pad, pad])
        np.testing.assert_array_equal(marks.get_ydata(), [PAD_RMS[pad // 2], PAD_LUFS[pad // 2]])
        painter.png()  # the comparison drew the figure in full; paint again as the view does


def test_the_view_figures_refuse_figures_they_did_not_draw():
    fig = plotting.plot_gain_envelope(*_envelope(0), gain_db=0.0)
    with pytest.raises(ValueError, match="not drawn by the matching plot_"):
        plotting.update_padding_levels(fig, PADS, PAD_RMS, PAD_LUFS, pad_s=0, speech_s=8.6)
    pad_fig = plotting.plot_padding_levels(PADS, PAD_RMS, PAD_LUFS, pad_s=0, speech_s=8.6)
    with pytest.raises(ValueError, match="not drawn by the matching plot_"):
        plotting.update_gain_envelope(pad_fig, *_envelope(0), gain_db=0.0)
    with pytest.raises(TypeError, match="title must be a str"):
        plotting.update_gain_envelope(fig, *_envelope(0), gain_db=0.0, title=None)
