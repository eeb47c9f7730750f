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
