"""The figures of notebooks/08_dataset_audit.ipynb draw the audit's numbers: histogram counts of
the table's levels, each file at its loudness and true peak, the gains target − loudness and the
true peaks after them (the files drawn as lowered are those normalize_folder lowers), the
loudness before and after — with legends clear of the data, and an updated view equal to a
fresh one."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from audiolevels import plotting  # noqa: E402
from audiolevels.audit import audit_folder, normalize_folder  # noqa: E402
from audiolevels.data import data_dir  # noqa: E402

DEMO = data_dir() / "audit_demo"
COLS = ["integrated_lufs", "true_peak_dbtp"]


@pytest.fixture(scope="module")
def table():
    return audit_folder(DEMO, workers=1, progress=False)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _finite_rows(table):
    ok = np.isfinite(table["integrated_lufs"].astype(float)) & np.isfinite(
        table["true_peak_dbtp"].astype(float)
    )
    return table[ok]


def _points_px(ax, xy):
    return ax.transData.transform(np.asarray(xy, dtype=float))


def test_each_histogram_counts_the_tables_finite_values_per_bin(table):
    fig = plotting.plot_level_histograms(table, bin_db=3.0)
    for ax, col in zip(fig.axes, ("sample_peak_dbfs", "rms_dbfs", "integrated_lufs"), strict=True):
        values = table[col].astype(float)
        values = values[np.isfinite(values)].to_numpy()
        bars = ax.patches
        edges = np.array([b.get_x() for b in bars] + [bars[-1].get_x() + bars[-1].get_width()])
        assert np.allclose(np.diff(edges), 3.0) and edges[0] % 3.0 == 0  # bins at 3 dB steps
        want, _ = np.histogram(values, edges)
        assert [b.get_height() for b in bars] == list(want)
        assert sum(b.get_height() for b in bars) == len(values)
        assert ax.get_title() == f"{len(values)} files, {len(table) - len(values)} not drawn"


def test_the_scatter_puts_each_file_at_its_loudness_and_true_peak_and_names_it(table):
    fig = plotting.plot_loudness_vs_peak(table, target_lufs=-23.0, ceiling_dbtp=-1.0)
    ax = fig.axes[0]
    rows = _finite_rows(table)
    drawn = np.vstack([c.get_offsets() for c in ax.collections if len(c.get_offsets())])
    want = rows[COLS].to_numpy(dtype=float)
    assert sorted(map(tuple, drawn)) == sorted(map(tuple, want))
    flagged = ax.collections[1].get_offsets()
    want_flagged = rows.loc[rows["flags"] != "", COLS]
    assert sorted(map(tuple, flagged)) == sorted(map(tuple, want_flagged.to_numpy(dtype=float)))
    names = {t.get_text(): t.xy for t in ax.texts if not t.get_text().startswith("PLR")}
    assert names["clipped"] == tuple(rows.loc[rows["path"] == "clipped.wav", COLS].iloc[0])
    dashed = next(ln for ln in ax.lines if ln.get_linestyle() == "--")
    x, y = dashed.get_data()
    assert np.allclose(np.asarray(y) - np.asarray(x), -1.0 - -23.0)  # PLR = ceiling − target
    fig.canvas.draw()
    box = fig.legends[0].get_window_extent()
    assert not any(box.contains(*p) for p in _points_px(ax, want))
    assert box.y1 <= ax.get_window_extent().y0  # below the axes


def test_the_plan_draws_target_minus_loudness_and_the_true_peak_after_it(table):
    fig = plotting.plot_gain_plan(table, target_lufs=-10.0, ceiling_dbtp=-1.0)
    left, right = fig.axes
    rows = _finite_rows(table)
    plr = (rows["true_peak_dbtp"] - rows["integrated_lufs"]).to_numpy(dtype=float)
    order = np.argsort(plr, kind="stable")
    tp_after = rows["true_peak_dbtp"].to_numpy(dtype=float)[order] + -10.0
    tp_after -= rows["integrated_lufs"].to_numpy(dtype=float)[order]
    points = right.collections[0].get_offsets()
    assert np.allclose(points[:, 0], tp_after)
    lowered = tp_after > -1.0
    fits, low = left.containers
    assert sum(b.get_height() for b in low.patches) == lowered.sum() > 0
    assert sum(b.get_height() for b in fits.patches) == (~lowered).sum() > 0
    gains = -10.0 - rows["integrated_lufs"].to_numpy(dtype=float)
    edges = np.array([b.get_x() for b in fits.patches] + [fits.patches[-1].get_x() + 3.0])
    want, _ = np.histogram(np.clip(gains, edges[0], edges[-1] - 1e-9), edges)
    heights = [a.get_height() + b.get_height() for a, b in zip(fits, low, strict=True)]
    assert heights == list(want)
    assert f"{lowered.sum()} of {len(rows)} files lowered" in left.get_title()
    fig.canvas.draw()
    box = fig.legends[0].get_window_extent()
    for ax in (left, right):
        assert box.y1 <= ax.get_window_extent().y0  # the legend sits below both panels


def test_the_files_drawn_as_lowered_are_those_normalize_folder_lowers(table, tmp_path):
    target, ceiling = -8.0, -2.0
    out = tmp_path / "out"
    kw = {"target": target, "true_peak_max_dbtp": ceiling, "workers": 1, "progress": False}
    manifest = normalize_folder(DEMO, out, **kw)
    fig = plotting.plot_gain_plan(table, target_lufs=target, ceiling_dbtp=ceiling)
    right = fig.axes[1]
    colors = right.collections[0].get_facecolors()
    names = [t.get_text() for t in right.get_yticklabels()]
    blue = matplotlib.colors.to_rgba("C0")
    drawn_lowered = {n for n, c in zip(names, colors, strict=True) if not np.allclose(c, blue)}
    lowered = manifest.loc[manifest["lowered_for_true_peak"].astype(bool), "file"]
    assert drawn_lowered == {f.rsplit(".", 1)[0] for f in lowered}
    assert drawn_lowered  # the case is not empty


@pytest.mark.parametrize(("target", "ceiling"), [(-40.0, -6.0), (-6.0, 0.0), (-14.0, -1.0)])
def test_an_updated_plan_equals_a_fresh_one(table, target, ceiling):
    fig = plotting.plot_gain_plan(table, target_lufs=-23.0, ceiling_dbtp=-1.0)
    plotting.update_gain_plan(fig, table, target_lufs=target, ceiling_dbtp=ceiling)
    fresh = plotting.plot_gain_plan(table, target_lufs=target, ceiling_dbtp=ceiling)
    for a, b in zip(fig.axes, fresh.axes, strict=True):
        assert a.get_xlim() == b.get_xlim() and a.get_ylim() == b.get_ylim()
        assert a.get_title() == b.get_title()
        for pa, pb in zip(a.patches, b.patches, strict=True):
            assert (pa.get_x(), pa.get_y(), pa.get_height()) == (
                pb.get_x(),
                pb.get_y(),
                pb.get_height(),
            )
        for ca, cb in zip(a.collections, b.collections, strict=True):
            assert np.allclose(ca.get_offsets(), cb.get_offsets())
            assert np.allclose(ca.get_facecolors(), cb.get_facecolors())
        for la, lb in zip(a.lines, b.lines, strict=True):
            assert np.allclose(la.get_xydata(), lb.get_xydata())


RANGES = {"target_range_lufs": (-40.0, -6.0), "ceiling_range_dbtp": (-6.0, 0.0)}


def test_with_the_sliders_ranges_the_limits_hold_every_plan_and_do_not_move(table):
    first = plotting.plot_gain_plan(table, target_lufs=-23.0, ceiling_dbtp=-1.0, **RANGES)
    limits = [(ax.get_xlim(), ax.get_ylim()) for ax in first.axes]
    for target, ceiling in [(-40.0, -6.0), (-6.0, 0.0), (-17.5, -3.0)]:
        fig = plotting.plot_gain_plan(table, target_lufs=target, ceiling_dbtp=ceiling, **RANGES)
        assert [(ax.get_xlim(), ax.get_ylim()) for ax in fig.axes] == limits
    # What any target of the range draws, computed here: the 3 dB bins of target − loudness
    # (a bin's count changes only where a gain meets an edge: a 0.05 dB step finds them all
    # for these loudness values) and the true peaks target + PLR.
    rows = _finite_rows(table)
    lufs = rows["integrated_lufs"].to_numpy(dtype=float)
    plr = rows["true_peak_dbtp"].to_numpy(dtype=float) - lufs
    edges = np.arange(-30.0, 60.0 + 1.5, 3.0)
    targets = np.arange(-40.0, -6.0 + 1e-9, 0.05)
    tallest = max(
        np.histogram(np.clip(t - lufs, edges[0], edges[-1] - 1e-9), edges)[0].max() for t in targets
    )
    (_, left_y), (right_x, _) = limits
    assert tallest <= left_y[1] < tallest + 1  # as tall as the fullest bin needs, no more
    lo, hi = min(-40.0 + plr.min(), -6.0), max(-6.0 + plr.max(), 0.0)
    assert lo - 10 <= right_x[0] < lo and hi < right_x[1] <= hi + 10


@pytest.mark.parametrize(("target", "ceiling"), [(-40.0, -6.0), (-6.0, 0.0), (-31.0, -2.5)])
def test_with_fixed_limits_an_update_redraws_only_what_moves_and_equals_a_fresh_plan(
    table, target, ceiling
):
    from audiolevels import widgets

    fig = plotting.plot_gain_plan(table, target_lufs=-23.0, ceiling_dbtp=-1.0, **RANGES)
    painter = widgets._Painter(fig)
    painter.png()
    plotting.update_gain_plan(fig, table, target_lufs=target, ceiling_dbtp=ceiling, **RANGES)
    assert not fig.stale  # the cached background is reused: only animated artists change
    fresh = plotting.plot_gain_plan(table, target_lufs=target, ceiling_dbtp=ceiling, **RANGES)
    assert painter.png() == widgets.figure_png(fresh)


def test_a_range_without_the_other_is_refused(table):
    with pytest.raises(ValueError, match="ceiling_range_dbtp"):
        plotting.plot_gain_plan(
            table, target_lufs=-23.0, ceiling_dbtp=-1.0, target_range_lufs=(-40.0, -6.0)
        )


def test_the_loudness_before_and_after_are_drawn_per_file_with_the_spreads(table, tmp_path):
    normalize_folder(DEMO, tmp_path / "out", workers=1, progress=False)
    after = audit_folder(tmp_path / "out", workers=1, progress=False)
    fig = plotting.plot_normalized_loudness(table, after, target_lufs=-23.0)
    ax = fig.axes[0]
    rows = table.merge(after, on="path", suffixes=("_b", "_a"))
    rows = rows[np.isfinite(rows["integrated_lufs_b"].astype(float))]
    before_pts, after_pts = (c.get_offsets() for c in ax.collections)
    assert np.allclose(before_pts[:, 0], rows["integrated_lufs_b"].astype(float))
    assert np.allclose(after_pts[:, 0], rows["integrated_lufs_a"].astype(float))
    assert np.allclose(after_pts[:, 0], -23.0, atol=0.01)
    spread = np.ptp(rows["integrated_lufs_b"].astype(float))
    assert ax.get_title().startswith(f"loudness spread {spread:.1f} LU before, 0.00 LU after")
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    pts = np.vstack([before_pts, after_pts])
    assert not any(box.contains(*p) for p in _points_px(ax, pts))
