"""audiolevels.plotting, the figures of notebooks/06_stft_normalization.ipynb: each figure draws
the data it is given (image arrays, histogram counts from numpy.histogram, bar heights), shades
tanh's regions where the slope formulas put them, and keeps legends and tick labels off the
data and off each other."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from audiolevels import plotting  # noqa: E402

T = np.arange(40) * 0.016
F = np.arange(65) * 125.0


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _spans(ax, color):
    """x extents of the axvspan rectangles of one colour (the shaded regions)."""
    rgba = matplotlib.colors.to_rgba(color)
    out = []
    for p in ax.patches:
        if isinstance(p, Rectangle) and np.allclose(p.get_facecolor()[:3], rgba[:3]):
            x0 = p.get_x()
            out.append((x0, x0 + p.get_width()))
    return sorted(out)


def _overlaps(a, b):
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_thresholds_are_where_tanh_slope_is_a_tenth_and_a_half():
    # tanh'(x) = 1 − tanh²(x): 0.1 at artanh(√0.9), 0.5 at artanh(√0.5)
    assert 1 - np.tanh(plotting.TANH_SATURATED_X) ** 2 == pytest.approx(0.1, abs=1e-12)
    assert 1 - np.tanh(plotting.TANH_LINEAR_X) ** 2 == pytest.approx(0.5, abs=1e-12)
    assert plotting.TANH_SATURATED_X == pytest.approx(0.5 * np.log((1 + 0.9**0.5) / (1 - 0.9**0.5)))


def test_normalized_spectrograms_show_each_array_and_its_histogram():
    rng = np.random.default_rng(0)
    panels = {"[−1, 1]": rng.uniform(-1, 1, (65, 40)), "[0, 80]": rng.uniform(0, 80, (65, 40))}
    fig = plotting.plot_normalized_spectrograms(panels, times_s=T, freqs_hz=F, bins=20)
    axes = np.array(fig.axes).reshape(2, 2)
    for j, values in enumerate(panels.values()):
        np.testing.assert_array_equal(axes[0, j].images[0].get_array(), values)
        counts, edges = np.histogram(values, bins=20)
        stairs = [p for p in axes[1, j].patches if type(p).__name__ == "StepPatch"]
        heights, drawn_edges, _ = stairs[0].get_data()
        np.testing.assert_allclose(heights, 100 * counts / values.size)
        np.testing.assert_allclose(drawn_edges, edges)
    # [−1, 1]: green from −0.88 to +0.88, no red (|x| <= 1 < 1.82)
    green = _spans(axes[1, 0], "tab:green")
    assert green == [pytest.approx((-plotting.TANH_LINEAR_X, plotting.TANH_LINEAR_X))]
    assert _spans(axes[1, 0], "tab:red") == []
    # [0, 80]: red from 1.82 to beyond 80 (and below −1.82 in the axis margin)
    left, right = _spans(axes[1, 1], "tab:red")
    assert right[0] == pytest.approx(plotting.TANH_SATURATED_X) and right[1] > 80
    assert (
        left[1] == pytest.approx(-plotting.TANH_SATURATED_X) and left[0] == axes[1, 1].get_xlim()[0]
    )
    assert [t.get_text() for t in axes[1, 0].get_yticklabels()] == ["0.01", "0.1", "1", "10", "100"]


def test_region_legend_covers_no_axes():
    rng = np.random.default_rng(1)
    panels = {f"p{i}": rng.normal(size=(65, 40)) for i in range(5)}
    fig = plotting.plot_normalized_spectrograms(panels, times_s=T, freqs_hz=F)
    fig.canvas.draw()
    legend = fig.legends[0].get_window_extent()
    assert all(not _overlaps(legend, ax.get_window_extent()) for ax in fig.axes)


def test_activations_draw_tanh_sigmoid_and_slopes_with_the_regions_of_the_formulas():
    fig = plotting.plot_activations(x_max=5.0)
    tanh_ax, sig_ax, lin_ax = fig.axes[:3]
    (x, y), (_, dy) = (ln.get_data() for ln in tanh_ax.get_lines()[:2])
    np.testing.assert_allclose(y, np.tanh(x))
    np.testing.assert_allclose(dy, 1 - np.tanh(x) ** 2)
    (x, y), (_, dy) = (ln.get_data() for ln in sig_ax.get_lines()[:2])
    s = 1 / (1 + np.exp(-x))
    np.testing.assert_allclose(y, s)
    np.testing.assert_allclose(dy, s * (1 - s))
    t = plotting.TANH_SATURATED_X
    assert _spans(tanh_ax, "tab:red") == [pytest.approx((-5, -t)), pytest.approx((t, 5))]
    # sigmoid(x) = (1 + tanh(x/2))/2: its slope is a tenth of σ'(0) = 1/4 at twice tanh's x
    assert _spans(sig_ax, "tab:red") == [pytest.approx((-5, -2 * t)), pytest.approx((2 * t, 5))]
    s_t = 1 / (1 + np.exp(-2 * t))
    assert s_t * (1 - s_t) == pytest.approx(0.1 * 0.25)
    assert _spans(lin_ax, "tab:red") == [] and _spans(lin_ax, "tab:green") == []


def test_saturation_bars_carry_the_shares_and_the_legend_covers_no_bar():
    shares = {
        "[0, 80]": {"tanh": 0.707, "sigmoid": 0.69},
        "[−1, 1]": {"tanh": 0.0, "sigmoid": 0.0},
        "std": {"tanh": 0.091, "sigmoid": 1.0},
    }
    fig = plotting.plot_saturation_shares(shares)
    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    heights = sorted(round(b.get_height(), 6) for b in bars)
    assert heights == sorted(round(100 * v, 6) for d in shares.values() for v in d.values())
    labels = {t.get_text() for t in ax.texts}
    assert {"70.7", "69.0", "0.0", "9.1", "100.0"} <= labels
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert all(not _overlaps(legend, b.get_window_extent()) for b in bars if b.get_height() > 0)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(shares)


def test_spectrogram_grid_shares_one_colour_scale_and_tick_labels_do_not_collide():
    rng = np.random.default_rng(2)
    rows = {
        "a": [rng.normal(size=(65, 40)) for _ in range(3)],
        "b": [rng.normal(size=(65, 40))] * 3,
    }
    fig = plotting.plot_spectrogram_grid(
        rows, col_labels=["1", "2", "3"], times_s=T, freqs_hz=F, vmin=-2, vmax=2
    )
    images = [im for ax in fig.axes for im in ax.images]
    assert len(images) == 6
    assert all(im.get_clim() == (-2, 2) for im in images)
    np.testing.assert_array_equal(images[0].get_array(), rows["a"][0])
    fig.canvas.draw()
    bottom = [ax for ax in fig.axes[:6] if ax.get_subplotspec().is_last_row()]
    boxes = [
        [t.get_window_extent() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        for ax in bottom
    ]
    for left, right in zip(boxes, boxes[1:], strict=False):
        assert left[-1].x1 < right[0].x0, "tick labels of neighbouring panels collide"


def test_spectrogram_grid_rejects_a_row_with_the_wrong_number_of_arrays():
    with pytest.raises(ValueError, match="row 'a' has 2 arrays for 3 columns"):
        plotting.plot_spectrogram_grid(
            {"a": [np.zeros((65, 40))] * 2},
            col_labels=["1", "2", "3"],
            times_s=T,
            freqs_hz=F,
            vmin=0,
            vmax=1,
        )


def test_scaled_spectrogram_is_coloured_and_binned_over_the_output_range():
    values = np.linspace(0, 80, 65 * 40).reshape(65, 40)
    fig = plotting.plot_scaled_spectrogram(
        values, times_s=T, freqs_hz=F, out_range=(0.0, 80.0), title="t", bins=16
    )
    image_ax, hist_ax = fig.axes[:2]
    assert image_ax.images[0].get_clim() == (0.0, 80.0)
    stairs = [p for p in hist_ax.patches if type(p).__name__ == "StepPatch"][0]
    heights, edges, _ = stairs.get_data()
    np.testing.assert_allclose(edges, np.linspace(0, 80, 17))
    np.testing.assert_allclose(heights, 100 * np.histogram(values, 16, (0, 80))[0] / values.size)
    lo, hi = hist_ax.get_xlim()
    assert lo < 0 and hi > 80
    assert [t.get_text() for t in image_ax.texts] == ["t"]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda: plotting.plot_normalized_spectrograms({}, times_s=T, freqs_hz=F),
            TypeError,
            "panels must be a non-empty dict",
        ),
        (
            lambda: plotting.plot_normalized_spectrograms(
                {"a": np.zeros((40, 65))}, times_s=T, freqs_hz=F
            ),
            ValueError,
            r"pass its \.T",
        ),
        (
            lambda: plotting.plot_normalized_spectrograms(
                {"a": np.zeros((65, 40))}, times_s=T[::-1], freqs_hz=F
            ),
            ValueError,
            "increasing",
        ),
        (lambda: plotting.plot_activations(x_max=0), ValueError, "x_max must be > 0"),
        (lambda: plotting.plot_saturation_shares({"a": {"tanh": 1.5}}), ValueError, "≤ 1"),
        (
            lambda: plotting.plot_saturation_shares({"a": {"tanh": 0.1}, "b": {"sig": 0.1}}),
            ValueError,
            "expected",
        ),
        (
            lambda: plotting.plot_scaled_spectrogram(
                np.zeros((65, 40)), times_s=T, freqs_hz=F, out_range=(1, -1)
            ),
            ValueError,
            "low < high",
        ),
        (
            lambda: plotting.plot_scaled_spectrogram(
                np.full((65, 40), np.nan), times_s=T, freqs_hz=F, out_range=(0, 1)
            ),
            ValueError,
            "NaN",
        ),
        (
            lambda: plotting.plot_spectrogram_grid(
                {"a": [np.zeros((65, 40))]}, col_labels=["1"], times_s=T, freqs_hz=F, vmin=1, vmax=0
            ),
            ValueError,
            "low < high",
        ),
    ],
)
def test_bad_input_is_a_clear_error_naming_the_argument(call, error, match):
    with pytest.raises(error, match=match):
        call()


# ------------------------------------------------------------ update_scaled_spectrogram (slider)


def _scaled(out_range, shift):
    """Values spread over and beyond the range (some below, some above), moved by ``shift``."""
    lo, hi = out_range
    return np.linspace(lo - 0.2 * (hi - lo), hi + 0.1 * (hi - lo), 65 * 40).reshape(65, 40) + shift


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (((-1.0, 1.0), 0.0), ((0.0, 80.0), 3.0)),
        (((0.0, 80.0), 0.0), ((-120.0, 0.0), -5.0)),
        (((-120.0, 0.0), 0.0), ((0.0, 1.0), 0.1)),
        (((0.0, 1.0), 0.0), ((-1.0, 1.0), 0.0)),
    ],
)
def test_scaled_spectrogram_updated_in_place_shows_what_a_fresh_one_draws(start, target):
    from figure_state import assert_same_picture

    (r0, s0), (r1, s1) = start, target
    fig = plotting.plot_scaled_spectrogram(
        _scaled(r0, s0), times_s=T, freqs_hz=F, out_range=r0, title="before", bins=16
    )
    plotting.update_scaled_spectrogram(fig, _scaled(r1, s1), out_range=r1, title="after")
    fresh = plotting.plot_scaled_spectrogram(
        _scaled(r1, s1), times_s=T, freqs_hz=F, out_range=r1, title="after", bins=16
    )
    assert_same_picture(fig, fresh)


def test_a_move_of_the_window_repaints_only_the_image_histogram_and_title():
    from audiolevels import widgets as W

    fig = plotting.plot_scaled_spectrogram(
        _scaled((-1.0, 1.0), 0.0), times_s=T, freqs_hz=F, out_range=(-1.0, 1.0), title="a"
    )
    painter = W._Painter(fig)
    painter.png()
    plotting.update_scaled_spectrogram(fig, _scaled((-1.0, 1.0), 0.3), out_range=(-1, 1), title="b")
    assert not fig.stale, "a new floor or ceiling must not invalidate the cached background"
    assert painter.png() == W.figure_png(fig)
    plotting.update_scaled_spectrogram(fig, _scaled((0.0, 80.0), 0.0), out_range=(0, 80), title="c")
    assert fig.stale, "another output range changes the histogram's axis: a full redraw is due"
    assert painter.png() == W.figure_png(fig)


def test_a_stale_colour_scale_or_title_is_told_apart_from_a_fresh_figure():
    from figure_state import assert_same_picture

    fig = plotting.plot_scaled_spectrogram(
        _scaled((-1.0, 1.0), 0), times_s=T, freqs_hz=F, out_range=(-1.0, 1.0), title="a"
    )
    fresh = plotting.plot_scaled_spectrogram(
        _scaled((-1.0, 1.0), 0), times_s=T, freqs_hz=F, out_range=(0.0, 1.0), title="b"
    )
    with pytest.raises(AssertionError) as failed:
        assert_same_picture(fig, fresh)
    assert "<Text gid='title'>.text: 'a' != 'b'" in str(failed.value)
    assert "<AxesImage>.clim: " in str(failed.value) and ".xlim: " in str(failed.value)


def test_update_scaled_spectrogram_refuses_another_figure_or_shape():
    with pytest.raises(TypeError, match="returned by plot_scaled_spectrogram"):
        plotting.update_scaled_spectrogram(plt.figure(), np.zeros((65, 40)), out_range=(0, 1))
    fig = plotting.plot_scaled_spectrogram(
        np.zeros((65, 40)), times_s=T, freqs_hz=F, out_range=(0, 1)
    )
    with pytest.raises(ValueError, match=r"pass its \.T"):
        plotting.update_scaled_spectrogram(fig, np.zeros((40, 65)), out_range=(0, 1))
    with pytest.raises(ValueError, match="low < high"):
        plotting.update_scaled_spectrogram(fig, np.zeros((65, 40)), out_range=(1, 0))
