"""The figures of notebooks/05_mu_law.ipynb: they draw the numbers they are given, and their
legends cover no data.

Expected values come from the quantization-noise formulas (6.02·b + 1.76 + L for linear PCM)
and from G.711's segment arithmetic ((8q + 132)·2^s − 132), not from the plotting code.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from audiolevels import plotting  # noqa: E402
from audiolevels.mulaw import (  # noqa: E402
    g711_decode,
    linear_dequantize,
    linear_quantize,
    mu_compress,
    mu_dequantize,
    mu_quantize,
    snr_db,
)
from audiolevels.signals import db_to_amplitude, sine  # noqa: E402

SR = 16_000
TONE = sine(997, 0.25, SR)
LEVELS = np.arange(-60, 1, 6.0)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _lin8(x):
    return linear_dequantize(linear_quantize(x, bits=8), bits=8)


def _mu8(x):
    return mu_dequantize(mu_quantize(x, bits=8))


def _snr_curve(codec):
    return np.array([snr_db(g * TONE, codec(g * TONE)) for g in db_to_amplitude(LEVELS)])


def _data_boxes(fig):
    """Display-space points of every line and bar drawn in the figure's axes."""
    fig.canvas.draw()
    points = []
    for ax in fig.axes:
        for line in ax.get_lines():
            xy = np.column_stack(line.get_data()).astype(float)
            xy = xy[np.all(np.isfinite(xy), axis=1)]
            if len(xy):
                points.append(ax.transData.transform(xy))
        for patch in ax.patches:
            bb = patch.get_window_extent()
            if bb.height > 0.5:
                points.append(np.array([[bb.x0, bb.y0], [bb.x1, bb.y1]]))
    return np.concatenate(points)


def _legends(fig):
    return [*fig.legends, *(ax.get_legend() for ax in fig.axes if ax.get_legend())]


def _assert_legends_cover_no_data(fig):
    pts = _data_boxes(fig)
    legends = _legends(fig)
    assert legends, "the figure has no legend"
    for legend in legends:
        bb = legend.get_window_extent()
        inside = (
            (pts[:, 0] > bb.x0) & (pts[:, 0] < bb.x1) & (pts[:, 1] > bb.y0) & (pts[:, 1] < bb.y1)
        )
        assert not inside.any(), f"{inside.sum()} data points under the legend"


def _line(ax, label):
    (line,) = [ln for ln in ax.get_lines() if ln.get_label() == label]
    return line


def _legend_texts(fig):
    return [t.get_text() for legend in _legends(fig) for t in legend.get_texts()]


# ------------------------------------------------------------------------ plot_snr_vs_level


def _snr_figure():
    lin, mu = _snr_curve(_lin8), _snr_curve(_mu8)
    snr = {
        "8-bit linear": {"sine": lin, "noise": lin - 3},
        "8-bit μ-law": {"sine": mu, "noise": mu},
    }
    model = 20 * np.log10(256) + 10 * np.log10(1.5) + LEVELS
    fig = plotting.plot_snr_vs_level(
        LEVELS,
        snr,
        models={"6.02·8 + 1.76 + L": ("sine", model, {})},
        band_dbfs=(-40, -6),
        ylim_db=(-5, 105),
    )
    return fig, lin, mu, model


def test_snr_figure_draws_the_measured_curves_and_the_model_in_their_panels():
    fig, lin, mu, model = _snr_figure()
    sine_ax, noise_ax = fig.axes
    assert [sine_ax.get_title(), noise_ax.get_title()] == ["sine", "noise"]
    np.testing.assert_array_equal(_line(sine_ax, "8-bit linear").get_ydata(), lin)
    np.testing.assert_array_equal(_line(sine_ax, "8-bit μ-law").get_ydata(), mu)
    np.testing.assert_array_equal(_line(noise_ax, "8-bit linear").get_ydata(), lin - 3)
    # the measured linear curve follows 6.02·b + 1.76 + L where the sine spans many steps
    top = LEVELS >= -30
    assert np.max(np.abs(lin[top] - model[top])) < 1.5
    model_line = _line(sine_ax, "6.02·8 + 1.76 + L")
    assert model_line.get_zorder() > _line(sine_ax, "8-bit linear").get_zorder()
    assert not [ln for ln in noise_ax.get_lines() if ln.get_label().startswith("6.02")]
    assert sine_ax.get_ylim() == (-5, 105)


def test_snr_figure_legend_lists_each_curve_once_and_covers_no_data():
    fig, *_ = _snr_figure()
    assert len(fig.legends) == 1 and not any(ax.get_legend() for ax in fig.axes)
    texts = _legend_texts(fig)
    assert texts == ["8-bit linear", "8-bit μ-law", "6.02·8 + 1.76 + L", "−40 … −6 dBFS"]
    _assert_legends_cover_no_data(fig)


def test_snr_figure_rejects_empty_input():
    with pytest.raises(ValueError, match="snr_by_codec"):
        plotting.plot_snr_vs_level(LEVELS, {})
    with pytest.raises(ValueError, match="levels_dbfs"):
        plotting.plot_snr_vs_level([0.0], {"a": {"sine": [1.0]}})


# ------------------------------------------------------------------------ plot_g711_segments


def _g711_figure():
    u = np.arange(128)
    levels = g711_decode((~u & 0xFF).astype(np.uint8)).astype(float) / 33660
    deviation = mu_compress(levels) * 128 - u
    curve = np.geomspace(1e-5, 1, 300)
    fig = plotting.plot_g711_segments(levels, deviation, curve_x=curve, curve_y=mu_compress(curve))
    return fig, levels, deviation


def test_g711_figure_shades_and_numbers_eight_segments_starting_where_g711_says():
    fig, levels, _ = _g711_figure()
    left, _right = fig.axes
    labels = [t.get_text() for t in left.texts]
    assert labels == [str(s) for s in range(8)]
    # G.711 segment s ≥ 1 starts at the decoded level of step 0: 132·(2^s − 1), 16-bit units
    starts = [132 * (2**s - 1) / 33660 for s in range(1, 8)]
    boundaries = sorted(ln.get_xdata()[0] for ln in left.get_lines() if ln.get_linestyle() == ":")
    np.testing.assert_allclose(boundaries, starts)
    assert left.get_xscale() == "log"
    # alternating shades, one per segment
    assert len(left.patches) == 8
    colors = [tuple(p.get_facecolor()[:3]) for p in left.patches]
    assert colors[0::2] == [colors[0]] * 4 and colors[1::2] == [colors[1]] * 4
    assert colors[0] != colors[1]


def test_g711_figure_draws_the_deviation_with_segment_starts_on_the_curve():
    fig, _levels, deviation = _g711_figure()
    _left, right = fig.axes
    starts = _line(right, "segment starts")
    np.testing.assert_array_equal(starts.get_xdata(), np.arange(0, 128, 16))
    np.testing.assert_allclose(starts.get_ydata(), 0, atol=1e-9)  # exactly on the μ = 255 curve
    heights = [p.get_height() for p in right.patches]
    inside = np.arange(128) % 16 != 0
    np.testing.assert_allclose(heights, deviation[inside])
    assert max(heights) == pytest.approx(1.163, abs=0.01)  # chord model: 1.17 at q ≈ 6.6


def test_g711_figure_legends_cover_no_data():
    fig, *_ = _g711_figure()
    _assert_legends_cover_no_data(fig)


def test_g711_figure_rejects_mismatched_input():
    with pytest.raises(ValueError, match="one shape"):
        plotting.plot_g711_segments(np.ones(16), np.ones(15), curve_x=[1], curve_y=[1])
    with pytest.raises(ValueError, match="whole segments"):
        plotting.plot_g711_segments(np.ones(20), np.ones(20), curve_x=[1], curve_y=[1])


# ------------------------------------------------------------------------ plot_requantization


def _requant_figure():
    t = np.arange(400) / SR * 1000
    x = 0.005 * np.sin(2 * np.pi * 440 * t / 1000)
    versions = {"8-bit linear": (_lin8(x), "C0"), "8-bit μ-law": (_mu8(x), "C3")}
    return plotting.plot_requantization(t, x, versions), x, versions


def test_requantization_figure_shows_the_original_under_each_version_and_wider():
    fig, x, versions = _requant_figure()
    assert len(fig.axes) == 2
    for ax, (label, (y, _color)) in zip(fig.axes, versions.items(), strict=True):
        original = _line(ax, "16-bit original")
        version = _line(ax, label)
        np.testing.assert_array_equal(original.get_ydata(), x)
        np.testing.assert_array_equal(version.get_ydata(), y)
        # drawn first (underneath) and wider, so it shows as a band around the thin line
        assert ax.get_lines().index(original) < ax.get_lines().index(version)
        assert original.get_linewidth() >= 3 * version.get_linewidth()


def test_requantization_figure_legends_sit_outside_the_panels():
    fig, *_ = _requant_figure()
    fig.canvas.draw()
    for ax in fig.axes:
        legend_box, ax_box = ax.get_legend().get_window_extent(), ax.get_window_extent()
        assert legend_box.x0 >= ax_box.x1
    _assert_legends_cover_no_data(fig)


def test_requantization_figure_rejects_bad_input():
    with pytest.raises(ValueError, match="versions"):
        plotting.plot_requantization(np.arange(3), np.zeros(3), {})
    with pytest.raises(ValueError, match="one 1-D shape"):
        plotting.plot_requantization(np.arange(3), np.zeros(4), {"a": (np.zeros(3), "C0")})


# ------------------------------------------------------------------------ plot_quantizers


def _quantizer_figure(level_dbfs=-20.0):
    quantizers = {
        "8-bit linear": (lambda x: linear_quantize(x, bits=8), lambda c: linear_dequantize(c, 8)),
        "8-bit μ-law": (lambda x: mu_quantize(x, bits=8), lambda c: mu_dequantize(c, bits=8)),
    }
    return plotting.plot_quantizers(
        TONE, SR, quantizers, bits=8, level_dbfs=level_dbfs, curve_levels_dbfs=LEVELS
    )


def test_quantizer_view_legend_counts_the_codes_in_reach_and_states_the_snr():
    fig = _quantizer_figure(-20.0)
    texts = _legend_texts(fig)
    linear, mu_law = texts[0], texts[1]
    # ±0.1 reaches linear codes round(±12.8) + 128 = 115 … 141: 27 codes
    assert linear.startswith("8-bit linear: 27 codes, SNR ")
    snr_text = float(linear.split("SNR ")[1].split(" dB")[0])
    assert abs(snr_text - (20 * np.log10(256) + 10 * np.log10(1.5) - 20)) < 1.0
    # μ-law: F(0.1) = ln(26.5)/ln(256) = 0.5915, codes floor((±0.5915 + 1)/2·255 + 0.5)
    lo = np.floor((1 - np.log1p(25.5) / np.log(256)) / 2 * 255 + 0.5)
    hi = np.floor((1 + np.log1p(25.5) / np.log(256)) / 2 * 255 + 0.5)
    assert mu_law.startswith(f"8-bit μ-law: {int(hi - lo + 1)} codes, SNR ")
    assert texts[2] == "signal ±0.1"


def test_quantizer_view_marks_this_level_on_each_snr_curve():
    fig = _quantizer_figure(-30.0)
    snr_ax = fig.axes[2]
    dots = [ln for ln in snr_ax.get_lines() if ln.get_marker() == "o"]
    assert [d.get_xdata()[0] for d in dots] == [-30.0, -30.0]
    x = db_to_amplitude(-30.0) * TONE
    np.testing.assert_allclose(
        [d.get_ydata()[0] for d in dots], [snr_db(x, _lin8(x)), snr_db(x, _mu8(x))]
    )


@pytest.mark.parametrize("level_dbfs", [-60.0, -20.0, 0.0])
def test_quantizer_view_legend_covers_no_data(level_dbfs):
    fig = _quantizer_figure(level_dbfs)
    assert len(_legends(fig)) == 1  # one legend, in the strip under the panels
    _assert_legends_cover_no_data(fig)


# ------------------------------------------------------------------------ update_quantizers


def _view_quantizers(mu, bits):
    return {
        f"{bits}-bit linear": (
            lambda x: linear_quantize(x, bits=bits),
            lambda c: linear_dequantize(c, bits=bits),
        ),
        f"{bits}-bit μ-law, μ = {mu}": (
            lambda x: mu_quantize(x, bits=bits, mu=mu),
            lambda c: mu_dequantize(c, bits=bits, mu=mu),
        ),
    }


def _view_figure(mu, bits, level_dbfs, fig=None, cache=None):
    kwargs = {"bits": bits, "level_dbfs": level_dbfs, "curve_levels_dbfs": LEVELS, "cache": cache}
    if fig is None:
        return plotting.plot_quantizers(TONE, SR, _view_quantizers(mu, bits), **kwargs)
    plotting.update_quantizers(fig, TONE, SR, _view_quantizers(mu, bits), **kwargs)
    return fig


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ((255, 8, -20.0), (255, 8, -60.0)),
        ((255, 8, -60.0), (1, 2, 0.0)),
        ((1, 2, 0.0), (1000, 16, -33.0)),
        ((1000, 16, -33.0), (255, 8, -20.0)),
    ],
)
def test_quantizer_view_updated_in_place_shows_what_a_fresh_one_draws(start, target):
    from figure_state import assert_same_picture

    cache = {}
    fig = _view_figure(*start, cache=cache)
    _view_figure(*target, fig=fig, cache=cache)
    fresh = _view_figure(*target)  # without the cache: the SNR curves computed anew
    assert_same_picture(fig, fresh)
    _assert_legends_cover_no_data(fig)


def test_a_move_repaints_only_the_curves_span_legend_title_and_the_y_axes_it_rescales():
    from audiolevels import widgets as W

    cache = {}
    fig = _view_figure(255, 8, -20.0, cache=cache)
    painter = W._Painter(fig)
    painter.png()
    for level in (-60.0, 0.0, -33.0):
        _view_figure(255, 8, level, fig=fig, cache=cache)
        assert not fig.stale, f"moving to {level} dBFS must not invalidate the cached background"
        # (a fresh figure's PNG: figure_png(fig) would change fig's dpi and so make it stale)
        assert painter.png() == W.figure_png(_view_figure(255, 8, level))
    for mu, bits in ((255, 4), (1, 2), (1000, 16), (255, 8)):
        before = [ax.get_ylim() for ax in fig.axes[1:3]]
        _view_figure(mu, bits, -33.0, fig=fig, cache=cache)
        assert [ax.get_ylim() for ax in fig.axes[1:3]] != before, (mu, bits)
        assert not fig.stale, (
            f"μ = {mu}, {bits} bits change the error and SNR limits, which only the y axes "
            "repainted over the cached rest show"
        )
        assert painter.png() == W.figure_png(_view_figure(mu, bits, -33.0))


def test_the_quantizer_axes_hold_the_error_and_snr_of_every_level_up_to_full_scale():
    for mu, bits in ((255, 8), (1, 2), (1000, 16)):
        fig = _view_figure(mu, bits, -20.0)
        _ax1, ax2, ax3 = fig.axes[:3]
        for level in LEVELS:
            x = db_to_amplitude(level) * TONE[:80]
            for name, (enc, dec) in _view_quantizers(mu, bits).items():
                err = np.max(np.abs(dec(enc(x)) - x))
                assert err <= ax2.get_ylim()[1] and -err >= ax2.get_ylim()[0], (name, level)
                s = snr_db(x, dec(enc(x)))
                assert ax3.get_ylim()[0] < s < ax3.get_ylim()[1], (name, level)
        plt.close(fig)


def test_a_stale_title_limit_or_legend_is_told_apart_from_a_fresh_quantizer_view():
    from figure_state import assert_same_picture

    with pytest.raises(AssertionError) as failed:
        assert_same_picture(_view_figure(255, 8, -20.0), _view_figure(255, 4, 0.0))
    for stale in (".axes[0].title.center: ", ".ylim: ", ".axes[0].legend.entries["):
        assert stale in str(failed.value), stale


def test_the_quantizer_cache_keeps_one_snr_curve_per_quantizer_and_bit_depth():
    cache = {}
    fig = _view_figure(255, 8, -20.0, cache=cache)
    for level in (-60.0, -30.0, 0.0):
        _view_figure(255, 8, level, fig=fig, cache=cache)
    assert len(cache) == 2
    _view_figure(255, 6, 0.0, fig=fig, cache=cache)
    assert len(cache) == 4
    x = db_to_amplitude(LEVELS[0]) * TONE
    np.testing.assert_allclose(cache["8-bit linear", 8, LEVELS.tobytes()][0], snr_db(x, _lin8(x)))


def test_update_quantizers_refuses_another_figure_or_another_number_of_quantizers():
    with pytest.raises(TypeError, match="returned by plot_quantizers"):
        _view_figure(255, 8, -20.0, fig=plt.figure())
    fig = _view_figure(255, 8, -20.0)
    with pytest.raises(ValueError, match="shows 2 quantizers"):
        plotting.update_quantizers(
            fig,
            TONE,
            SR,
            {"a": _view_quantizers(1, 8)["8-bit linear"]},
            bits=8,
            level_dbfs=0,
            curve_levels_dbfs=LEVELS,
        )
    with pytest.raises(TypeError, match="cache must be a dict"):
        _view_figure(255, 8, -20.0, fig=fig, cache=[])
