"""The figures of notebooks/07_data_pipeline.ipynb draw the numbers they are given: scatter
positions, bar heights and the load-speed model L / (a + bL), with legends clear of the data."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from audiolevels import plotting  # noqa: E402

SIZES = {"wav_int16": 115.2, "flac": 61.0, "mp3": 67.0, "opus": 49.0, "packed": 115.4}
SPEEDS = {"wav_int16": 2600.0, "flac": 1100.0, "mp3": 1000.0, "opus": 140.0, "packed": 18000.0}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _points_px(ax, xy):
    return ax.transData.transform(np.asarray(xy, dtype=float))


def test_the_scatter_puts_each_format_at_its_size_and_speed_and_the_legend_covers_none():
    fig = plotting.plot_size_speed(SIZES, SPEEDS)
    ax = fig.axes[0]
    drawn = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    want = np.array([[SIZES[f], SPEEDS[f]] for f in SIZES])
    assert sorted(map(tuple, drawn)) == sorted(map(tuple, want))
    labels = {t.get_text(): t.xy for t in ax.texts}
    assert labels == {f: (SIZES[f], SPEEDS[f]) for f in SIZES}
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    assert not any(box.contains(*p) for p in _points_px(ax, want))


def test_the_bars_have_the_measured_heights_and_only_the_chosen_format_is_highlighted():
    speeds = {(f, w): v * w for f, v in SPEEDS.items() for w in (1, 2)}
    fig = plotting.plot_throughput_bars(speeds, fmt="opus", workers=2)
    bars = fig.axes[0].patches
    assert [b.get_height() for b in bars] == [SPEEDS[f] * 2 for f in SPEEDS]
    colors = [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars]
    assert colors.count(colors[3]) == 1 and len(set(colors)) == 2
    assert fig.axes[0].texts[0].get_text() == "280x"


def test_the_length_curves_follow_the_cost_model_and_the_legend_sits_outside_the_axes():
    fits = {"flac": (4e-4, 3e-4), "opus": (8e-4, 6e-3)}
    fig = plotting.plot_load_vs_length(fits, 100.0, length_s=0.5)
    ax = fig.axes[0]
    lines = {ln.get_label(): ln for ln in ax.get_lines()}
    for name, (a, b) in fits.items():
        x, y = lines[name].get_data()
        np.testing.assert_allclose(y, x / (a + b * x), rtol=1e-12)
    assert lines["STFT stage"].get_ydata()[0] == 100.0
    fig.canvas.draw()
    assert ax.get_legend().get_window_extent().x0 >= ax.get_window_extent().x1


def _picture(fig) -> list:
    """What a figure shows: every artist's data, colours and texts, axis limits and titles."""
    out = []
    for ax in fig.axes:
        out.append(("limits", ax.get_xlim(), ax.get_ylim(), ax.get_title(), ax.get_xscale()))
        for ln in ax.get_lines():
            x, y = ln.get_data()
            out.append(
                ("line", ln.get_gid(), np.asarray(x, float).tolist(), np.asarray(y, float).tolist())
            )
        for p in ax.patches:
            out.append(("patch", p.get_gid(), p.get_xy(), p.get_height(), p.get_facecolor()))
        for t in ax.texts:
            out.append(("text", t.get_text(), tuple(t.xy)))
        legend = ax.get_legend()
        if legend is not None:
            out.append(("legend", [t.get_text() for t in legend.get_texts()]))
    return out


def test_updated_bars_show_exactly_what_a_fresh_figure_shows():
    speeds = {(f, w): v * w for f, v in SPEEDS.items() for w in (1, 2)}
    fig = plotting.plot_throughput_bars(speeds, fmt="flac", workers=1)
    before = _picture(fig)
    for fmt, workers in [("opus", 2), ("packed", 1), ("wav_int16", 2), ("flac", 1)]:
        plotting.update_throughput_bars(fig, speeds, fmt=fmt, workers=workers)
        fresh = plotting.plot_throughput_bars(speeds, fmt=fmt, workers=workers)
        assert _picture(fig) == _picture(fresh)
        plt.close(fresh)
    assert _picture(fig) == before  # and back to the first state
    assert fig.axes[0].get_ylim() == (min(SPEEDS.values()) / 2, max(SPEEDS.values()) * 4)


def test_updated_length_curves_show_exactly_what_a_fresh_figure_shows():
    fits = {"flac": (4e-4, 3e-4), "opus": (8e-4, 6e-3), "mp3": (6e-4, 1e-3)}
    fig = plotting.plot_load_vs_length(fits, 100.0, length_s=1.0)
    for length_s in (0.05, 60.0, 0.3, 1.0):
        plotting.update_load_vs_length(fig, fits, 100.0, length_s=length_s)
        fresh = plotting.plot_load_vs_length(fits, 100.0, length_s=length_s)
        assert _picture(fig) == _picture(fresh)
        plt.close(fresh)
    ax = fig.axes[0]
    here = {
        ln.get_gid(): ln.get_ydata()[0] for ln in ax.get_lines() if ln.get_gid().startswith("here")
    }
    assert here == pytest.approx({f"here:{f}": 1.0 / (a + b) for f, (a, b) in fits.items()})
    assert ax.get_title() == "one worker: load vs STFT at 1 s clips"


def test_a_length_move_within_the_curves_repaints_only_the_markers_line_and_title():
    from audiolevels import widgets

    fits = {"flac": (4e-4, 3e-4), "opus": (8e-4, 6e-3)}
    fig = plotting.plot_load_vs_length(fits, 100.0, length_s=1.0)
    painter = widgets._Painter(fig)
    painter.png()
    # a log slider's ends land a rounding away from 0.05 and 60 s
    for length_s in (0.05 * (1 - 1e-12), 60.0 * (1 + 1e-12), 0.3):
        plotting.update_load_vs_length(fig, fits, 100.0, length_s=length_s)
        assert not fig.stale  # the cached background is reused
        fresh = plotting.plot_load_vs_length(fits, 100.0, length_s=length_s)
        assert painter.png() == widgets.figure_png(fresh)
        plt.close(fresh)
    plotting.update_load_vs_length(fig, fits, 100.0, length_s=120.0)  # beyond the curves
    assert fig.stale and fig.axes[0].get_xlim()[1] == pytest.approx(120.0 * 1.26)


def test_an_update_refuses_a_figure_with_other_formats():
    speeds = {(f, 1): v for f, v in SPEEDS.items()}
    fig = plotting.plot_throughput_bars(speeds, fmt="flac", workers=1)
    with pytest.raises(ValueError, match="draw a new figure"):
        plotting.update_throughput_bars(fig, {("flac", 1): 1.0}, fmt="flac", workers=1)
    other = plotting.plot_load_vs_length({"flac": (1e-3, 1e-3)}, 10.0, length_s=1.0)
    with pytest.raises(TypeError, match="drawn by plot_throughput_bars"):
        plotting.update_throughput_bars(other, speeds, fmt="flac", workers=1)
