"""audiolevels.plotting, the figures of notebooks/01_equal_loudness.ipynb: the lines drawn carry
the numbers of audiolevels.contours, both editions stay visible, legends cover no curve."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from audiolevels import contours  # noqa: E402
from audiolevels.plotting import (  # noqa: E402
    plot_contour_backdrop,
    plot_contour_family,
    plot_edition_comparison,
)

FREQS = contours.STANDARD_FREQS_HZ
LEVELS = np.arange(20, 81, 10)
SPL = {ed: contours.spl_from_phon(LEVELS, ed) for ed in contours.EDITIONS}
THRESHOLD = {ed: contours.hearing_threshold(ed) for ed in contours.EDITIONS}


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


@pytest.fixture
def comparison():
    fig = plot_edition_comparison(FREQS, LEVELS, SPL, THRESHOLD)
    fig.canvas.draw()
    yield fig
    plt.close(fig)


def _display_path(ax, line, steps=40):
    """The drawn polyline of ``line`` in display pixels, densely sampled along each segment."""
    xy = ax.transData.transform(np.column_stack([line.get_xdata(), line.get_ydata()]))
    xy = xy[np.all(np.isfinite(xy), axis=1)]
    t = np.linspace(0.0, 1.0, steps)[:, None, None]
    return (xy[:-1] + t * (xy[1:] - xy[:-1])).reshape(-1, 2)


def _curves_under_legend(ax):
    box = ax.get_legend().get_window_extent()
    hits = []
    for line in ax.get_lines():
        pts = _display_path(ax, line)
        inside = (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1)
        inside &= (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)
        if inside.any():
            hits.append(line.get_label())
    return hits


def test_family_lines_carry_the_contours_and_the_threshold_of_iso226(ax):
    lines = plot_contour_family(ax, FREQS, LEVELS, SPL[2023], threshold_db=THRESHOLD[2023])
    assert len(lines) == len(LEVELS) + 1
    for line, row in zip(lines, SPL[2023], strict=False):
        np.testing.assert_array_equal(line.get_xdata(), FREQS)
        np.testing.assert_array_equal(line.get_ydata(), row)
    np.testing.assert_array_equal(lines[-1].get_ydata(), contours.hearing_threshold(2023))
    assert lines[-1].get_linestyle() == ":"
    assert ax.get_xscale() == "log" and ax.get_xlim() == pytest.approx((20, 12500))


def test_family_labels_each_contour_with_its_phon_at_1_khz(ax):
    plot_contour_family(ax, FREQS, LEVELS, SPL[2023])
    texts = {t.get_text(): t.get_position() for t in ax.texts}
    i_1k = contours.standard_freq_index(1000)
    assert sorted(texts) == sorted(f"{level}" for level in LEVELS)
    for k, level in enumerate(LEVELS):
        x, y = texts[f"{level}"]
        assert x == 1000
        # ISO 226: at 1 kHz the contour of L phon lies at L dB SPL; the label sits 1.5 dB above.
        assert y == pytest.approx(SPL[2023][k, i_1k] + 1.5) and y == pytest.approx(level + 1.5)


def test_family_draws_only_the_valid_part_solid_and_the_rest_dashed(ax):
    levels = np.array([10, 50, 90])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # 10 and 90 phon reach outside validity
        spl = contours.spl_from_phon(levels)
    valid = (levels[:, None] >= 20) & ((FREQS <= 4000) | (levels[:, None] <= 80))
    lines = plot_contour_family(ax, FREQS, levels, spl, valid=valid, level_labels=False)
    assert np.all(np.isnan(lines[0].get_ydata()))  # 10 phon: nowhere valid
    np.testing.assert_array_equal(lines[1].get_ydata(), spl[1])  # 50 phon: valid everywhere
    y90 = lines[2].get_ydata()
    assert np.all(np.isnan(y90[FREQS > 4000])) and np.all(y90[FREQS <= 4000] == spl[2, :24])
    dashed = [ln for ln in ax.get_lines() if ln.get_linestyle() == "--"]
    assert len(dashed) == 3 and all(np.isfinite(ln.get_ydata()).all() for ln in dashed)


def test_both_editions_stay_visible_the_older_dashed_and_thin_on_top(comparison):
    ax = comparison.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["ISO 226:2023 (solid)", "ISO 226:2003 (dashed)"]
    lines = ax.get_lines()
    new = [ln for ln in lines if ln.get_color() == "C0" and ln.get_linestyle() == "-"]
    old = [ln for ln in lines if ln.get_color() == "C1" and ln.get_linestyle() == "--"]
    assert len(new) == len(old) == len(LEVELS)
    assert to_rgba("C0") != to_rgba("C1")
    # The older edition is drawn later (on top) and thinner, so the newer shows around it.
    assert min(lines.index(ln) for ln in old) > max(lines.index(ln) for ln in new)
    assert all(o.get_linewidth() < n.get_linewidth() / 2 for o, n in zip(old, new, strict=True))
    for ed, group in ((2023, new), (2003, old)):
        for line, row in zip(group, SPL[ed], strict=True):
            np.testing.assert_array_equal(line.get_ydata(), row)


def test_the_difference_panel_draws_2023_minus_2003_in_colours_not_the_editions(comparison):
    ax = comparison.axes[1]
    lines = {ln.get_label(): ln for ln in ax.get_lines() if not ln.get_label().startswith("_")}
    assert sorted(lines) == ["20 phon", "40 phon", "60 phon", "80 phon", "threshold"]
    for level in (20, 40, 60, 80):
        want = contours.spl_from_phon(level, 2023) - contours.spl_from_phon(level, 2003)
        np.testing.assert_allclose(lines[f"{level} phon"].get_ydata(), want, atol=1e-12)
        assert to_rgba(lines[f"{level} phon"].get_color()) not in (to_rgba("C0"), to_rgba("C1"))
    np.testing.assert_allclose(
        lines["threshold"].get_ydata(), THRESHOLD[2023] - THRESHOLD[2003], atol=1e-12
    )
    assert ax.get_ylabel() == "2023 − 2003 (dB)"


def test_no_legend_of_the_comparison_covers_a_curve(comparison):
    ax_family, ax_diff = comparison.axes
    assert _curves_under_legend(ax_family) == []
    # The difference panel's legend sits right of its axes, clear of the plotting area.
    legend_box = ax_diff.get_legend().get_window_extent()
    assert legend_box.x0 >= ax_diff.get_window_extent().x1
    assert legend_box.x1 <= comparison.bbox.x1  # and inside the figure


def test_the_legend_check_would_see_a_legend_over_a_curve(ax):
    # The helper above must be able to fail: a legend placed over the contours is caught.
    plot_contour_family(ax, FREQS, LEVELS, SPL[2023], label="2023", level_labels=False)
    ax.legend(loc="center")
    ax.figure.canvas.draw()
    assert _curves_under_legend(ax) != []


def test_backdrop_shades_exactly_the_area_below_the_threshold(ax):
    area = plot_contour_backdrop(ax, FREQS, SPL[2023], FREQS, THRESHOLD[2023], ylim_db=(-20, 140))
    assert ax.get_ylim() == (-20, 140)
    vertices = area.get_paths()[0].vertices
    top = vertices[(vertices[:, 1] > -20) & np.isin(vertices[:, 0], FREQS)]
    for f, y in top:
        assert y == pytest.approx(THRESHOLD[2023][contours.standard_freq_index(f)])
    assert vertices[:, 1].min() == -20
    greys = [ln for ln in ax.get_lines() if ln.get_color() == "0.8"]
    assert len(greys) == len(LEVELS)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda ax: plot_contour_family(ax, FREQS[:-1], LEVELS, SPL[2023]), "spl_db must have"),
        (lambda ax: plot_contour_family(ax, FREQS[::-1], LEVELS, SPL[2023]), "ascending"),
        (lambda ax: plot_contour_family(ax, FREQS, LEVELS[:-1], SPL[2023]), "levels_phon has"),
        (
            lambda ax: plot_contour_family(ax, FREQS, LEVELS, SPL[2023], threshold_db=[1, 2]),
            "threshold_db must have",
        ),
        (
            lambda ax: plot_contour_backdrop(ax, FREQS, SPL[2023].T, FREQS, THRESHOLD[2023]),
            "spl_db must have",
        ),
    ],
)
def test_mismatched_shapes_are_named(ax, call, message):
    with pytest.raises(ValueError, match=message):
        call(ax)


def test_comparison_needs_two_editions_and_levels_it_has():
    with pytest.raises(ValueError, match="the same two editions"):
        plot_edition_comparison(FREQS, LEVELS, {2023: SPL[2023]}, THRESHOLD)
    with pytest.raises(ValueError, match="diff_levels_phon: 25"):
        plot_edition_comparison(FREQS, LEVELS, SPL, THRESHOLD, diff_levels_phon=(20, 25))
    plt.close("all")


# ---- the two views of the notebook: drawn once, then updated in place

FINE_HZ = np.geomspace(20, 12500, 120)


def _contour_figure(draw_or_update, phon, edition, compare, fig=None):
    other_ed = 2003 if edition == 2023 else 2023
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # 0 and 100 phon lie outside ISO 226
        spl = contours.spl_from_phon(phon, edition)
        other = (contours.spl_from_phon(phon, other_ed), f"{other_ed}") if compare else None
    args = (SPL[edition], FREQS, THRESHOLD[edition], spl)
    kw = dict(label=f"{phon} phon, {edition}", title=f"{phon} phon", other=other)
    if fig is None:
        return draw_or_update(FREQS, *args, **kw)
    return draw_or_update(fig, *args, **kw)


CONTOUR_STATES = [(0, 2023, False), (60, 2003, True), (100, 2023, True), (40, 2023, False)]


def test_the_contour_view_updated_in_place_equals_a_fresh_draw_at_every_state():
    from audiolevels.plotting import plot_contour_view, update_contour_view
    from figure_state import assert_same_picture

    fig = _contour_figure(plot_contour_view, 60, 2023, False)
    for phon, edition, compare in CONTOUR_STATES:
        _contour_figure(update_contour_view, phon, edition, compare, fig=fig)
        fresh = _contour_figure(plot_contour_view, phon, edition, compare)
        assert_same_picture(fig, fresh)
        line = next(a for a in fig.axes[0].lines if a.get_gid() == "contour")
        np.testing.assert_array_equal(line.get_ydata(), contours.spl_from_phon(phon, edition))
        assert fig.axes[0].get_title() == f"{phon} phon"
        labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
        other = "2003" if edition == 2023 else "2023"
        assert labels == ["below threshold", f"{phon} phon, {edition}"] + [other] * compare
        plt.close(fresh)
    plt.close(fig)


def test_the_tone_view_updated_in_place_equals_a_fresh_draw_below_and_above_threshold():
    from audiolevels.plotting import plot_tone_view, update_tone_view
    from figure_state import assert_same_picture

    fine = {ed: contours.hearing_threshold(ed, FINE_HZ, interpolate=True) for ed in SPL}

    def args(freq_hz, spl_db, edition):
        contour = None
        if spl_db >= contours.hearing_threshold(edition, freq_hz, interpolate=True):
            phon = contours.phon_from_spl(spl_db, freq_hz, edition, interpolate=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                curve = contours.spl_from_phon(phon, edition, FINE_HZ, interpolate=True)
            contour = (curve, f"{phon:.1f} phon contour")
        back = (SPL[edition], FINE_HZ, fine[edition])
        return back, dict(
            freq_hz=freq_hz, spl_db=spl_db, title=f"{spl_db} at {freq_hz}", contour=contour
        )

    back, kw = args(100, 60, 2023)
    fig = plot_tone_view(FREQS, *back, **kw)
    for state in [(20, -10, 2023), (1000, 60, 2003), (12500, 80, 2023), (50, 10, 2003)]:
        back, kw = args(*state)
        update_tone_view(fig, *back, **kw)
        fresh = plot_tone_view(FREQS, *back, **kw)
        assert_same_picture(fig, fresh)
        dot = next(a for a in fig.axes[0].lines if a.get_gid() == "tone")
        assert (dot.get_xdata()[0], dot.get_ydata()[0]) == state[:2]
        plt.close(fresh)
    # 20 Hz at −10 dB SPL is inaudible: no contour, the legend has no entry for one
    update_tone_view(fig, *args(20, -10, 2023)[0], **args(20, -10, 2023)[1])
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["below threshold", "your tone"]
    plt.close(fig)


def test_a_view_update_of_the_moving_parts_repaints_only_them_and_matches_a_full_draw():
    from audiolevels import widgets as W
    from audiolevels.plotting import plot_contour_view, update_contour_view

    fig = _contour_figure(plot_contour_view, 60, 2023, False)
    painter = W._Painter(fig)
    painter.png()
    _contour_figure(update_contour_view, 50, 2023, False, fig=fig)
    assert not fig.stale, "moving the contour must not invalidate the cached background"
    assert painter.png() == W.figure_png(fig)
    _contour_figure(update_contour_view, 50, 2003, False, fig=fig)
    assert fig.stale, "another edition changes the backdrop: a full redraw is due"
    assert painter.png() == W.figure_png(fig)
    plt.close(fig)


def test_an_edition_painted_before_repaints_from_its_cached_backdrop_and_matches_a_fresh_draw(
    monkeypatch,
):
    from audiolevels import widgets as W
    from audiolevels.plotting import plot_contour_view, update_contour_view

    fig = _contour_figure(plot_contour_view, 60, 2023, False)
    painter = W._Painter(fig)
    full_draws = []
    draw = fig.canvas.draw
    monkeypatch.setattr(fig.canvas, "draw", lambda: (full_draws.append(1), draw())[1])
    painter.png()
    states = [(50, 2003, True), (40, 2023, False), (70, 2003, False), (70, 2023, True)]
    for phon, edition, compare in states:
        _contour_figure(update_contour_view, phon, edition, compare, fig=fig)
        assert fig.stale
        got = painter.png()
        fresh = _contour_figure(plot_contour_view, phon, edition, compare)
        assert got == W.figure_png(fresh), (phon, edition, compare)
        plt.close(fresh)
    # the first paint and the first 2003 move draw a backdrop; the later switches restore one
    assert len(full_draws) == 2
    plt.close(fig)
