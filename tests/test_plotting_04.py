"""audiolevels.plotting, the figures of notebooks/04_decoding_equality.ipynb: each draws the
data it is given (checked against the arrays, or against scipy's Welch spectrum of a known
signal), legends sit where no data is drawn, and bad input is refused."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from scipy.signal import welch  # noqa: E402

from audiolevels.plotting import (  # noqa: E402
    plot_codec_spectra,
    plot_decode_speed,
    plot_difference_spectrum,
    plot_feature_differences,
    plot_pre_echo,
    update_difference_spectrum,
)

SR = 44100


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _spectra():
    rng = np.random.default_rng(0)
    x = rng.standard_normal(SR)
    freqs, p = welch(x, fs=SR, nperseg=2048)
    original = 10 * np.log10(p)
    decoded = original.copy()
    decoded[freqs > 16000] -= 60  # a low-pass
    return freqs, original, decoded


def _legend_overlaps_data(ax) -> bool:
    ax.figure.canvas.draw()
    box = ax.get_legend().get_window_extent()
    for line in ax.get_lines():
        xy = ax.transData.transform(np.column_stack(line.get_data()))
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if np.size(line.get_xdata()) > 2 and np.any(
            (xy[:, 0] > box.x0) & (xy[:, 0] < box.x1) & (xy[:, 1] > box.y0) & (xy[:, 1] < box.y1)
        ):
            return True
    return False


def test_codec_spectra_draw_the_given_curves_and_legends_cover_none_of_them():
    freqs, original, decoded = _spectra()
    fig = plot_codec_spectra(
        freqs,
        {"original": original, "128 kbps": decoded},
        {"128 kbps": decoded - 30, "decoders": original - 120},
        cutoffs_hz={"128 kbps": 16000.0},
    )
    ax1, ax2 = fig.axes
    keep = (freqs >= 50) & (freqs <= 22050)
    np.testing.assert_array_equal(ax1.get_lines()[0].get_ydata(), original[keep])
    np.testing.assert_array_equal(ax1.get_lines()[1].get_xdata(), freqs[keep])
    assert [t.get_text() for t in ax2.get_legend().get_texts()] == ["128 kbps", "decoders"]
    # a difference shares its encode's colour; one with no spectrum gets a colour of its own
    colors = [line.get_color() for line in ax1.get_lines()[:2]]
    assert ax2.get_lines()[0].get_color() == colors[1]
    assert ax2.get_lines()[1].get_color() not in colors
    cut = [line for line in ax1.get_lines() if line.get_linestyle() == ":"]
    assert len(cut) == 1 and cut[0].get_xdata()[0] == 16000.0
    assert not _legend_overlaps_data(ax1) and not _legend_overlaps_data(ax2)
    assert ax1.get_xscale() == "log" and ax1.get_ylabel().startswith("PSD")


def test_codec_spectra_refuse_curves_of_the_wrong_length():
    freqs, original, _ = _spectra()
    with pytest.raises(ValueError, match="shape"):
        plot_codec_spectra(freqs, {"original": original[:-1]}, {"d": original})
    with pytest.raises(ValueError, match="empty"):
        plot_codec_spectra(freqs, {}, {"d": original})


def test_pre_echo_plots_levels_clipped_at_the_floor_and_shades_before_the_onset():
    t_ms = np.linspace(-40, 20, 61)
    quiet = np.where(t_ms < 0, -200.0, -20.0)
    smeared = np.where(t_ms < -8, -200.0, -20.0)
    fig = plot_pre_echo(t_ms, {"original": quiet, "64 kbps": smeared}, onset_ms=0.0)
    ax = fig.axes[0]
    ys = [line.get_ydata() for line in ax.get_lines() if np.size(line.get_xdata()) == t_ms.size]
    np.testing.assert_array_equal(ys[0], np.maximum(quiet, -100.0))
    np.testing.assert_array_equal(ys[1], np.maximum(smeared, -100.0))
    span = ax.patches[0].get_extents() if ax.patches else None
    assert span is not None  # the shaded "before the onset" region
    assert ax.get_ylim() == (-100.0, 0.0)
    assert not _legend_overlaps_data(ax)


def test_feature_differences_show_each_image_on_one_symmetric_scale():
    a = np.zeros((64, 30))
    b = np.linspace(-20, 20, 64 * 30).reshape(64, 30)
    fig = plot_feature_differences({"decoders": a, "bitrate": b}, sr=SR, hop_length=512, vmax=10)
    images = [ax.get_images()[0] for ax in fig.axes if ax.get_images()]
    assert len(images) == 2
    np.testing.assert_array_equal(images[1].get_array(), b)
    assert all(im.get_clim() == (-10, 10) for im in images)
    assert images[0].get_extent()[1] == pytest.approx(30 * 512 / SR)
    with pytest.raises(ValueError, match="one shape"):
        plot_feature_differences({"a": a, "b": b[:, :10]}, sr=SR, hop_length=512, vmax=10)


def test_decode_speed_bars_carry_the_values_and_leave_gaps_for_missing_decoders():
    speeds = {("wav", "soundfile"): 4000.0, ("wav", "ffmpeg"): 300.0, ("aac", "ffmpeg"): 250.0}
    fig = plot_decode_speed(speeds, formats=["wav", "aac"], backends=["soundfile", "ffmpeg"])
    ax = fig.axes[0]
    heights = sorted(p.get_height() for p in ax.patches)
    assert heights == [250.0, 300.0, 4000.0]  # no bar for aac through soundfile
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["wav", "aac"]
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    for bar in ax.patches:
        assert not box.overlaps(bar.get_window_extent())
    with pytest.raises(ValueError, match="positive"):
        plot_decode_speed({("wav", "soundfile"): 0.0}, formats=["wav"], backends=["soundfile"])


def test_difference_spectrum_draws_three_curves_with_the_legend_above_them():
    freqs, original, decoded = _spectra()
    fig = plot_difference_spectrum(
        freqs, original, decoded - 30, original - 130, labels=("o", "e", "d"), title="t"
    )
    ax = fig.axes[0]
    keep = (freqs >= 50) & (freqs <= 22050)
    for line, want in zip(ax.get_lines(), (original, decoded - 30, original - 130), strict=True):
        np.testing.assert_array_equal(line.get_ydata(), want[keep])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["o", "e", "d"]
    assert ax.get_ylim()[0] < np.min((original - 130)[keep])
    assert not _legend_overlaps_data(ax)


def _difference_args(shift_db, pair):
    freqs, original, decoded = _spectra()
    labels = ("original", "decoded − original", f"{pair[0]} − {pair[1]}")
    title = f"shift {shift_db} dB\n{pair[0]} vs {pair[1]}"
    return (freqs, original, decoded - 30 + shift_db, original - 130 - 2 * shift_db), {
        "labels": labels,
        "title": title,
    }


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ((0, ("a", "b")), (20, ("a", "c"))),
        ((20, ("a", "c")), (-25, ("b", "c"))),
        ((-25, ("b", "c")), (0, ("a", "b"))),
    ],
)
def test_difference_spectrum_updated_in_place_shows_what_a_fresh_one_draws(start, target):
    from figure_state import assert_same_picture

    args, kwargs = _difference_args(*start)
    fig = plot_difference_spectrum(*args, **kwargs)
    args, kwargs = _difference_args(*target)
    update_difference_spectrum(fig, *args, **kwargs)
    fresh = plot_difference_spectrum(*args, **kwargs)
    assert_same_picture(fig, fresh)
    assert not _legend_overlaps_data(fig.axes[0])


def test_a_move_within_the_limits_repaints_only_the_curves_legend_and_title():
    from audiolevels import widgets as W

    args, kwargs = _difference_args(0, ("a", "b"))
    fig = plot_difference_spectrum(*args, **kwargs)
    painter = W._Painter(fig)
    painter.png()
    ylim = fig.axes[0].get_ylim()
    args, kwargs = _difference_args(1, ("a", "c"))  # curves 1 and 2 dB away: same 20 dB grid
    update_difference_spectrum(fig, *args, **kwargs)
    assert fig.axes[0].get_ylim() == ylim
    assert not fig.stale, "moving the curves must not invalidate the cached background"
    assert painter.png() == W.figure_png(fig)
    args, kwargs = _difference_args(-25, ("a", "c"))  # the decoder curve 50 dB lower
    update_difference_spectrum(fig, *args, **kwargs)
    assert fig.stale, "a new y limit changes the ticks: a full redraw is due"
    assert painter.png() == W.figure_png(fig)


def test_a_stale_limit_or_legend_entry_is_told_apart_from_a_fresh_difference_spectrum():
    from figure_state import assert_same_picture

    fig = plot_difference_spectrum(*_difference_args(0, ("a", "b"))[0], labels=("o", "e", "d"))
    fresh = plot_difference_spectrum(*_difference_args(20, ("a", "b"))[0], labels=("o", "e", "x"))
    with pytest.raises(AssertionError) as failed:
        assert_same_picture(fig, fresh)
    assert ".axes[0].ylim: " in str(failed.value)
    assert ".axes[0].legend.entries[2]: 'd' != 'x'" in str(failed.value)


def test_update_difference_spectrum_refuses_another_figure_and_bad_curves():
    args, kwargs = _difference_args(0, ("a", "b"))
    with pytest.raises(TypeError, match="returned by plot_difference_spectrum"):
        update_difference_spectrum(plt.figure(), *args, **kwargs)
    fig = plot_difference_spectrum(*args, **kwargs)
    with pytest.raises(ValueError, match="has shape"):
        update_difference_spectrum(fig, args[0], args[1], args[2][:-1], args[3])
    with pytest.raises(ValueError, match="three different"):
        update_difference_spectrum(fig, *args, labels=("a", "a", "b"))
