"""audiolevels.plotting, the figures of notebooks/02_a_weighting.ipynb: what they draw is the
data the library computes, legends sit clear of the data, labels read as intended."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from audiolevels import plotting, reference, weighting  # noqa: E402

TABLE = reference.table("iec61672_table3")
EXACT_HZ = 1000 * 10 ** (TABLE["n"] / 10)
CLASS1 = (EXACT_HZ, TABLE["class1_lower_tol_db"], TABLE["class1_upper_tol_db"])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _errors(sr, freqs_hz):
    analog = weighting.weighting_db(freqs_hz)
    return {
        method: (
            freqs_hz,
            weighting.sos_response_db(
                weighting.weighting_filter("A", sr, method=method), freqs_hz, sr
            )
            - analog,
        )
        for method in weighting.METHODS
    }


def _legend_clear_of_axes(fig, legend):
    fig.canvas.draw()
    box = legend.get_window_extent()
    return all(not box.overlaps(ax.get_window_extent()) for ax in fig.axes)


@pytest.mark.parametrize(
    ("freq", "text"),
    [
        (112.2018, "112.2 Hz"),
        (20, "20 Hz"),
        (1000, "1 kHz"),
        (3150, "3.15 kHz"),
        (10000, "10 kHz"),
        (11025, "11.025 kHz"),
        (44100, "44.1 kHz"),
        (20000.000000000004, "20 kHz"),
    ],
)
def test_format_frequency_reads_as_a_frequency_in_a_sentence(freq, text):
    assert plotting.format_frequency(freq) == text


@pytest.mark.parametrize("freq", [-1.0, float("nan"), float("inf")])
def test_format_frequency_rejects_what_is_not_a_frequency(freq):
    with pytest.raises(ValueError, match="freq_hz"):
        plotting.format_frequency(freq)


def test_class1_limits_draw_table_3_with_both_marks_in_the_legend():
    fig, ax = plt.subplots()
    up, low = plotting.plot_class1_limits(ax, *CLASS1)
    np.testing.assert_array_equal(up.get_ydata(), TABLE["class1_upper_tol_db"])
    np.testing.assert_array_equal(low.get_ydata(), TABLE["class1_lower_tol_db"])
    np.testing.assert_array_equal(up.get_xdata(), EXACT_HZ)
    assert (up.get_marker(), low.get_marker()) == ("v", "^")
    labels = [t.get_text() for t in ax.legend().get_texts()]
    assert labels == ["class-1 upper limit", "class-1 lower limit"]


def test_class1_limits_need_arrays_of_one_length():
    fig, ax = plt.subplots()
    with pytest.raises(ValueError, match="one length"):
        plotting.plot_class1_limits(ax, EXACT_HZ, TABLE["class1_lower_tol_db"][:-1], EXACT_HZ)


def test_design_errors_draw_the_library_responses_and_limits_below_nyquist():
    f = np.geomspace(20, 20000, 200)
    errors = {44100: _errors(44100, f), 48000: _errors(48000, f)}
    fig = plotting.plot_design_errors(errors, CLASS1)
    assert len(fig.axes) == 2
    for ax, sr in zip(fig.axes, errors, strict=True):
        lines = {ln.get_label(): ln for ln in ax.get_lines()}
        for method in weighting.METHODS:
            np.testing.assert_allclose(lines[method].get_ydata(), errors[sr][method][1])
        marks = lines["class-1 upper limit"].get_xdata()
        assert marks.max() < sr / 2 and marks.size == np.count_nonzero(EXACT_HZ < sr / 2)
    assert [ax.get_title() for ax in fig.axes] == [
        "A filter − analog curve, 44.1 kHz",
        "A filter − analog curve, 48 kHz",
    ]
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels == [*weighting.METHODS, "class-1 upper limit", "class-1 lower limit"]
    assert _legend_clear_of_axes(fig, legend)


def test_design_errors_need_a_sample_rate():
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_design_errors({}, CLASS1)


@pytest.mark.parametrize("sr", [8000, 11025, 48000, 96000])
def test_digital_vs_analog_draws_responses_and_their_difference(sr):
    f = np.geomspace(20, 24000, 300)
    f = f[f < 0.999 * sr / 2]
    analog = weighting.weighting_db(f)
    responses = {
        m: weighting.sos_response_db(weighting.weighting_filter("A", sr, method=m), f, sr)
        for m in weighting.METHODS
    }
    fig = plotting.plot_digital_vs_analog(f, analog, responses, sr, limits=CLASS1)
    top, bottom = fig.axes
    top_lines = {ln.get_label(): ln for ln in top.get_lines() if ln.get_visible()}
    np.testing.assert_array_equal(top_lines["analog (IEC 61672-1)"].get_ydata(), analog)
    for m in weighting.METHODS:
        np.testing.assert_array_equal(top_lines[m].get_ydata(), responses[m])
    diffs = [ln.get_ydata() for ln in bottom.get_lines() if ln.get_marker() not in "v^"]
    for m, d in zip(weighting.METHODS, diffs, strict=True):
        np.testing.assert_allclose(d, responses[m] - analog)
    assert ("Nyquist (sr / 2)" in top_lines) == (sr / 2 < 24000)
    if sr / 2 < 24000:
        assert top_lines["Nyquist (sr / 2)"].get_xdata()[0] == sr / 2
    assert top.get_title() == f"A filter at {plotting.format_frequency(sr)}"
    fig.canvas.draw()
    ticks = [t.get_text() for t in bottom.get_xticklabels()]
    assert ticks[:3] == ["20", "50", "100"] and not any("." in t and "k" in t for t in ticks[-2:])
    legend = top.get_legend()
    assert "class-1 lower limit" in [t.get_text() for t in legend.get_texts()]
    assert _legend_clear_of_axes(fig, legend)


def test_level_bars_stand_at_the_readings_with_their_values_as_labels():
    readings = {"dBFS RMS": -23.01, "dB(A)": -42.15, "dB(C)": -23.31}
    fig = plotting.plot_level_bars(readings, title="100 Hz sine, peak -20 dBFS")
    (ax,) = fig.axes
    tops = [p.get_y() + p.get_height() for p in ax.patches]
    np.testing.assert_allclose(tops, list(readings.values()))
    assert all(p.get_y() == -120 for p in ax.patches)
    labels = [t.get_text() for t in ax.texts]
    assert labels == ["-23.0", "-42.1", "-23.3"]
    assert [t.get_text() for t in ax.get_xticklabels()] == list(readings)


@pytest.mark.parametrize("bad", [{}, {"dB(A)": float("-inf")}, {"dB(A)": -130.0}])
def test_level_bars_refuse_levels_they_cannot_draw(bad):
    with pytest.raises(ValueError, match="finite levels"):
        plotting.plot_level_bars(bad, title="x")


# ---- the two views of the notebook: drawn once, then updated in place

F_VIEW = np.geomspace(20, 24000, 300)


def _rate_curves(sr, fitted):
    f = F_VIEW[F_VIEW < 0.999 * sr / 2]
    designs = {"plain bilinear": weighting.weighting_filter("A", sr, method="bilinear")}
    if fitted:
        designs["fitted"] = weighting.weighting_filter("A", sr)
    responses = {n: weighting.sos_response_db(sos, f, sr) for n, sos in designs.items()}
    return f, weighting.weighting_db(f), responses, sr


RATE_STATES = [(8000, True), (96000, True), (44100, False), (11025, True), (48000, False)]


def test_the_rate_view_updated_in_place_equals_a_fresh_draw_at_every_rate():
    from figure_state import assert_same_picture

    fig = plotting.plot_digital_vs_analog(*_rate_curves(48000, False), limits=CLASS1)
    for sr, fitted in RATE_STATES:
        curves = _rate_curves(sr, fitted)
        plotting.update_digital_vs_analog(fig, *curves, limits=CLASS1)
        fresh = plotting.plot_digital_vs_analog(*curves, limits=CLASS1)
        assert_same_picture(fig, fresh)
        top, bottom = fig.axes
        shown = {ln.get_label(): ln for ln in top.get_lines() if ln.get_visible()}
        np.testing.assert_array_equal(
            shown["plain bilinear"].get_ydata(), curves[2]["plain bilinear"]
        )
        assert ("fitted" in shown) == fitted
        assert ("Nyquist (sr / 2)" in shown) == (sr / 2 < 24000)
        assert top.get_title() == f"A filter at {plotting.format_frequency(sr)}"
        marks = [ln for ln in bottom.get_lines() if ln.get_marker() == "v"][0].get_xdata()
        assert marks.size == np.count_nonzero(EXACT_HZ < sr / 2)
        (legend,) = [ax.get_legend() for ax in fig.axes if ax.get_legend()]
        assert _legend_clear_of_axes(fig, legend)
        plt.close(fresh)


def test_changing_only_the_rate_view_curves_repaints_over_the_cached_axes():
    from audiolevels import widgets as W

    fig = plotting.plot_digital_vs_analog(*_rate_curves(48000, False), limits=CLASS1)
    painter = W._Painter(fig)
    painter.png()
    plotting.update_digital_vs_analog(fig, *_rate_curves(8000, True), limits=CLASS1)
    assert not fig.stale, "a new rate moves only animated artists: no full redraw is due"
    assert painter.png() == W.figure_png(fig)


def test_the_rate_view_refuses_a_figure_it_did_not_draw_and_mismatched_curves():
    f, analog, responses, sr = _rate_curves(48000, False)
    other = plotting.plot_level_bars({"a": -3.0}, title="t")
    with pytest.raises(ValueError, match="not drawn by the matching plot_"):
        plotting.update_digital_vs_analog(other, f, analog, responses, sr, limits=CLASS1)
    fig = plotting.plot_digital_vs_analog(f, analog, responses, sr, limits=CLASS1)
    with pytest.raises(ValueError, match=r"responses_db\['x'\] must have shape"):
        plotting.update_digital_vs_analog(fig, f, analog, {"x": analog[:-1]}, sr, limits=CLASS1)


SINE_READINGS = [
    ({"dBFS RMS": -23.01, "dB(A)": -42.15, "dB(C)": -23.31}, "100 Hz sine, peak -20 dBFS"),
    ({"dBFS RMS": -3.01, "dB(A)": -1.74, "dB(C)": -3.2}, "2.5 kHz sine, peak 0 dBFS"),
    ({"dBFS RMS": -63.01, "dB(A)": -113.4, "dB(C)": -69.2}, "20 Hz sine, peak -60 dBFS"),
]


def test_the_level_bars_updated_in_place_equal_a_fresh_draw_with_their_values_as_labels():
    from figure_state import assert_same_picture

    fig = plotting.plot_level_bars(*SINE_READINGS[0][:1], title=SINE_READINGS[0][1])
    for readings, title in [*SINE_READINGS[1:], SINE_READINGS[0]]:
        plotting.update_level_bars(fig, readings, title=title)
        assert_same_picture(fig, plotting.plot_level_bars(readings, title=title))
        (ax,) = fig.axes
        tops = [p.get_y() + p.get_height() for p in ax.patches]
        np.testing.assert_allclose(tops, list(readings.values()))
        assert [t.get_text() for t in ax.texts] == [f"{v:.1f}" for v in readings.values()]
        assert ax.get_title() == title


def test_the_level_bars_keep_their_labels():
    fig = plotting.plot_level_bars(SINE_READINGS[0][0], title="t")
    with pytest.raises(ValueError, match="labels"):
        plotting.update_level_bars(fig, {"dB(A)": -3.0, "dB(C)": -3.0, "RMS": -3.0}, title="t")
    with pytest.raises(ValueError, match="finite levels"):
        plotting.update_level_bars(fig, {"dBFS RMS": -3.0, "dB(A)": -200.0, "dB(C)": 0}, title="t")


def test_a_level_bars_update_repaints_only_the_bars_labels_and_title():
    from audiolevels import widgets

    fig = plotting.plot_level_bars(readings={"dBFS RMS": -23.0, "dB(A)": -25.0}, title="a")
    painter = widgets._Painter(fig)
    painter.png()
    after = {"dBFS RMS": -30.0, "dB(A)": -41.5}
    plotting.update_level_bars(fig, readings=after, title="b")
    assert not fig.stale  # the cached background is reused
    assert painter.png() == widgets.figure_png(plotting.plot_level_bars(readings=after, title="b"))
