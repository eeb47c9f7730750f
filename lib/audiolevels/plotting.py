"""Small plotting helpers shared by the notebooks (matplotlib).

Taught in notebooks/01_equal_loudness.ipynb and used by the notebooks that plot against
frequency.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from audiolevels import _checks

__all__ = [
    "FREQ_TICKS_HZ",
    "format_hz",
    "log_freq_axis",
    "plot_load_vs_length",
    "plot_size_speed",
    "plot_throughput_bars",
]

#: Tick positions of a 20 Hz – 20 kHz log-frequency axis (1-2-5 steps).
FREQ_TICKS_HZ = (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)


def format_hz(freq_hz: float) -> str:
    """A compact frequency label: 20 → "20", 31.5 → "31.5", 1000 → "1k", 12500 → "12.5k".

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    freq_hz : float
        Frequency in Hz, ≥ 0.

    Returns
    -------
    str
        Hz below 1 kHz, "k" (kHz) from 1 kHz, with at most three significant digits and no
        trailing zeros.
    """
    f = _checks.real_number(freq_hz, "freq_hz", nonnegative=True)
    if f >= 1000:
        return f"{f / 1000:.3g}k"
    return f"{f:.3g}"


def log_freq_axis(
    ax,
    *,
    fmin_hz: float = 20.0,
    fmax_hz: float = 20000.0,
    which: str = "x",
    label: str | None = "frequency (Hz)",
    ticks_hz=FREQ_TICKS_HZ,
    grid: bool = True,
):
    """Make one axis of ``ax`` a log-frequency axis with readable ticks ("20", "100", "1k", "10k").

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to format (modified in place).
    fmin_hz, fmax_hz : float
        Axis limits in Hz, 0 < fmin_hz < fmax_hz.
    which : {"x", "y"}
        Which axis holds frequency.
    label : str or None
        Axis label; None leaves the label alone.
    ticks_hz : sequence of float
        Major tick positions; those outside the limits are dropped. A limit is added as a tick
        when no tick lies within a factor 1.4 of it (so 20–12.5k ends at "10k", 30–8k gets
        "30" and "8k"), which keeps labels from overlapping.
    grid : bool
        Draw major and minor grid lines.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``, for chaining.
    """
    from matplotlib.axes import Axes
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes, got {type(ax).__name__}")
    which = _checks.choice(which, "which", ("x", "y"))
    fmin_hz = _checks.real_number(fmin_hz, "fmin_hz", positive=True)
    fmax_hz = _checks.real_number(fmax_hz, "fmax_hz", positive=True)
    if not fmin_hz < fmax_hz:
        raise ValueError(f"need 0 < fmin_hz < fmax_hz, got {fmin_hz!r}, {fmax_hz!r}")
    if label is not None and not isinstance(label, str):
        raise TypeError(f"label must be a str or None, got {type(label).__name__}")
    grid = _checks.boolean(grid, "grid")
    tick_values = _checks.real_array(ticks_hz, "ticks_hz")
    if tick_values.ndim != 1:
        raise ValueError(f"ticks_hz must be a 1-D sequence of frequencies, got {ticks_hz!r}")
    ticks = {float(t) for t in tick_values if fmin_hz <= t <= fmax_hz}
    for limit in (fmin_hz, fmax_hz):
        if not any(1 / 1.4 < t / limit < 1.4 for t in ticks):
            ticks.add(float(limit))
    ticks = sorted(ticks)
    axis = ax.xaxis if which == "x" else ax.yaxis
    if which == "x":
        ax.set_xscale("log")
        ax.set_xlim(fmin_hz, fmax_hz)
    else:
        ax.set_yscale("log")
        ax.set_ylim(fmin_hz, fmax_hz)
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_hz(v)))
    axis.set_minor_formatter(NullFormatter())
    if label is not None:
        axis.set_label_text(label)
    if grid:
        ax.grid(True, which="major", axis=which, alpha=0.5)
        ax.grid(True, which="minor", axis=which, alpha=0.15)
    return ax


# ---- notebooks/02_a_weighting.ipynb

__all__ += [
    "format_frequency",
    "plot_class1_limits",
    "plot_design_errors",
    "plot_digital_vs_analog",
    "plot_level_bars",
    "update_digital_vs_analog",
    "update_level_bars",
]


def format_frequency(freq_hz: float) -> str:
    """A frequency for a sentence or a title: 112.2 → "112.2 Hz", 3150 → "3.15 kHz".

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    freq_hz : float
        Frequency in Hz, ≥ 0.

    Returns
    -------
    str
        Hz below 1 kHz (four significant digits), kHz from 1 kHz (five: "11.025 kHz"), with
        no trailing zeros.
    """
    f = _checks.real_number(freq_hz, "freq_hz", nonnegative=True)
    if f >= 1000:
        return f"{f / 1000:.5g} kHz"
    return f"{f:.4g} Hz"


def plot_class1_limits(ax, freqs_hz, lower_db, upper_db):
    """Draw the class-1 tolerance limits of IEC 61672-1 Table 3 as ▼ (upper) and ▲ (lower) marks.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose y axis is an error in dB (a design minus the analog weighting).
    freqs_hz : array
        The table frequencies at which the limits apply.
    lower_db, upper_db : array
        The limits in dB at those frequencies (lower ≤ 0 ≤ upper).

    Returns
    -------
    tuple of matplotlib.lines.Line2D
        The upper and the lower marks, labelled for the legend.
    """
    f = np.asarray(freqs_hz, dtype=float)
    lower = np.asarray(lower_db, dtype=float)
    upper = np.asarray(upper_db, dtype=float)
    if not (f.shape == lower.shape == upper.shape) or f.ndim != 1:
        raise ValueError(
            "freqs_hz, lower_db and upper_db must be 1-D arrays of one length, got shapes "
            f"{f.shape}, {lower.shape}, {upper.shape}"
        )
    (up,) = ax.plot(f, upper, "kv", ms=4, label="class-1 upper limit")
    (low,) = ax.plot(f, lower, "k^", ms=4, label="class-1 lower limit")
    return up, low


def _limits_below(limits, sr: float):
    f, lower, upper = (np.asarray(a, dtype=float) for a in limits)
    below = f < sr / 2
    return f[below], lower[below], upper[below]


def plot_design_errors(errors, limits, *, fmin_hz=1000.0, fmax_hz=20000.0, ylim_db=(-10.0, 3.0)):
    """Error of digital filter designs against the analog weighting, one panel per sample rate.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    errors : mapping
        Sample rate in Hz → {design name → (freqs_hz, error_db)}.
    limits : tuple of arrays
        (freqs_hz, lower_db, upper_db): the class-1 limits, drawn below each rate's Nyquist.
    fmin_hz, fmax_hz : float
        Frequency range shown.
    ylim_db : tuple of float
        Error range shown, in dB.

    Returns
    -------
    matplotlib.figure.Figure
        The legend sits below the panels, clear of the data.
    """
    import matplotlib.pyplot as plt

    if not errors:
        raise ValueError("errors needs at least one sample rate")
    fig, axs = plt.subplots(
        1, len(errors), figsize=(5 * len(errors), 4.2), sharey=True, layout="constrained"
    )
    axs = np.atleast_1d(axs)
    for ax, (sr, designs) in zip(axs, errors.items(), strict=True):
        for name, (f, e) in designs.items():
            ax.plot(f, e, label=name)
        plot_class1_limits(ax, *_limits_below(limits, sr))
        log_freq_axis(ax, fmin_hz=fmin_hz, fmax_hz=fmax_hz)
        ax.set_ylim(*ylim_db)
        ax.set_title(f"A filter − analog curve, {format_frequency(sr)}")
    axs[0].set_ylabel("error (dB)")
    handles, labels = axs[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, fontsize=8)
    return fig


def _set_if_changed(line, x, y) -> None:
    """Give a (not animated) line new data only if it differs, so an unchanged line leaves the
    figure un-stale and a view repaints only what moved."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    old_x, old_y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    same = old_x.shape == x.shape and old_y.shape == y.shape
    if not (same and np.array_equal(old_x, x, equal_nan=True) and np.array_equal(old_y, y, True)):
        line.set_data(x, y)


def _set_ylim_if_changed(ax, low: float, high: float) -> None:
    if tuple(ax.get_ylim()) != (low, high):
        ax.set_ylim(low, high)


def _check_limits(limits):
    if not isinstance(limits, tuple | list) or len(limits) != 3:
        raise TypeError("limits must be (freqs_hz, lower_db, upper_db), the class-1 limits")
    return limits


def plot_digital_vs_analog(freqs_hz, analog_db, responses_db, sr, *, limits, fmax_hz=24000.0):
    """A digital weighting filter's response over the analog curve, and their difference.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    freqs_hz : array
        Frequencies (Hz, below sr / 2) at which the curves are given.
    analog_db : array
        The analog weighting at ``freqs_hz``, in dB.
    responses_db : mapping
        Design name → its response in dB at ``freqs_hz``.
    sr : float
        Sample rate of the designs, in Hz (Nyquist drawn as a grey line when in view).
    limits : tuple of arrays
        (freqs_hz, lower_db, upper_db): the class-1 limits, drawn below Nyquist.
    fmax_hz : float
        Upper end of the frequency axis.

    Returns
    -------
    matplotlib.figure.Figure
        Top: the curves; bottom: each design minus the analog curve. The legend sits to the
        right of the panels, clear of the data. Change it with :func:`update_digital_vs_analog`.
    """
    import matplotlib.pyplot as plt

    _checks.real_array(freqs_hz, "freqs_hz")
    _check_limits(limits)
    fmax_hz = _checks.real_number(fmax_hz, "fmax_hz", positive=True)
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(9, 4.4), sharex=True, height_ratios=(2, 1), gridspec_kw={"hspace": 0.08}
    )
    fig.subplots_adjust(left=0.09, right=0.71, top=0.93, bottom=0.11)  # fixed: legend at right
    # Everything a sample rate changes is animated (drawn over a cached background of the
    # axes), at zorders above the spines and grids, in the order of the static figure.
    moving = dict(animated=True)
    top.plot([], [], "k", lw=2, label="analog (IEC 61672-1)", gid="analog", zorder=2.6, **moving)
    nyquist = top.axvline(1.0, color="grey", lw=0.8, label="Nyquist (sr / 2)", zorder=2.8)
    nyquist.set(gid="nyquist", **moving)
    plot_class1_limits(bottom, [], [], [])
    for mark in bottom.get_lines():
        mark.set(gid="class-1", zorder=2.8, **moving)
    top.title.set_animated(True)
    top.set(ylim=(-60, 10), ylabel="A weighting (dB)")
    bottom.set(ylim=(-12, 3), ylabel="digital − analog (dB)")
    log_freq_axis(top, fmax_hz=fmax_hz, label=None)
    log_freq_axis(bottom, fmax_hz=fmax_hz)
    update_digital_vs_analog(fig, freqs_hz, analog_db, responses_db, sr, limits=limits)
    return fig


def update_digital_vs_analog(fig, freqs_hz, analog_db, responses_db, sr, *, limits) -> None:
    """Show other designs or another sample rate in a figure of :func:`plot_digital_vs_analog`.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made by :func:`plot_digital_vs_analog` (its frequency axis stays).
    freqs_hz, analog_db, responses_db, sr, limits
        As for :func:`plot_digital_vs_analog`.
    """
    top = _view_axes(fig, "analog")
    bottom = _view_axes(fig, "class-1")
    f = _checks.real_array(freqs_hz, "freqs_hz")
    analog = _checks.real_array(analog_db, "analog_db")
    sr = _checks.sample_rate(sr)
    _check_limits(limits)
    if f.ndim != 1 or analog.shape != f.shape:
        raise ValueError(
            f"freqs_hz and analog_db must be 1-D arrays of one length, got {f.shape}, "
            f"{analog.shape}"
        )
    if not hasattr(responses_db, "items"):
        raise TypeError(
            f"responses_db must be a mapping name → response, got {type(responses_db).__name__}"
        )
    responses = {}
    for name, response in responses_db.items():
        responses[_text(name, "a name of responses_db")] = r = np.asarray(response, dtype=float)
        if r.shape != f.shape:
            raise ValueError(f"responses_db[{name!r}] must have shape {f.shape}, got {r.shape}")
    (analog_line,) = _by_gid(top, "analog")
    analog_line.set_data(f, analog)
    designs, diffs = _by_gid(top, "design"), _by_gid(bottom, "difference")
    with _moving_only(top), _moving_only(bottom):
        for i in range(len(designs), len(responses)):  # lines for designs not drawn yet
            style = dict(color=f"C{i}", animated=True)
            designs += top.plot([], [], "--", gid="design", zorder=2.7, **style)
            diffs += bottom.plot([], [], gid="difference", zorder=2.7, **style)
    for i, (design, diff) in enumerate(zip(designs, diffs, strict=True)):
        design.set_visible(i < len(responses))
        diff.set_visible(i < len(responses))
    for design, diff, (name, response) in zip(designs, diffs, responses.items(), strict=False):
        design.set_data(f, response)
        design.set_label(name)
        diff.set_data(f, response - analog)
    (nyquist,) = _by_gid(top, "nyquist")
    nyquist.set_xdata([sr / 2, sr / 2])
    nyquist.set_visible(sr / 2 < top.get_xlim()[1])
    up, low = _by_gid(bottom, "class-1")
    lim_f, lim_low, lim_up = _limits_below(limits, sr)
    up.set_data(lim_f, lim_up)
    low.set_data(lim_f, lim_low)
    handles = [analog_line, *designs[: len(responses)], nyquist, up, low]
    handles = [h for h in handles if h.get_visible()]
    with _moving_only(top):
        legend = top.legend(
            handles,
            [h.get_label() for h in handles],
            loc="upper left",
            bbox_to_anchor=(1.015, 1.0),
            fontsize=8,
        )
        legend.set_animated(True)
    _set_moving_title(top, f"A filter at {format_frequency(sr)}")


def plot_level_bars(readings, *, title, floor_db=-120.0):
    """Bars of levels in dB (e.g. dBFS, dB(A), dB(C) of one signal), each labelled with its value.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    readings : mapping
        Label → level in dB (finite, above ``floor_db``).
    title : str
        Axes title.
    floor_db : float
        Where the bars start (the bottom of the axis).

    Returns
    -------
    matplotlib.figure.Figure
        Change it with :func:`update_level_bars`.
    """
    import matplotlib.pyplot as plt

    floor_db = _checks.real_number(floor_db, "floor_db")
    values = _level_values(readings, floor_db)
    fig, ax = plt.subplots(figsize=(5, 3))
    fig.subplots_adjust(left=0.16, right=0.97, top=0.9, bottom=0.1)  # fixed, whatever the title
    colors = [f"C{i}" for i in (2, 0, 1, 3, 4)][: values.size]
    bars = ax.bar(list(readings), np.ones(values.size), bottom=floor_db, color=colors)
    for bar in bars:
        bar.set(gid="level", animated=True, zorder=2.6)  # over the bottom spine, as when drawn
    ax.set(ylim=(floor_db, 8), ylabel="level (dB re full scale)")
    ax.title.set_animated(True)
    update_level_bars(fig, readings, title=title)
    return fig


def _level_values(readings, floor_db: float) -> np.ndarray:
    if not hasattr(readings, "items"):
        raise TypeError(f"readings must be a mapping label → level, got {type(readings).__name__}")
    values = np.array([float(v) for v in readings.values()])
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values <= floor_db):
        raise ValueError(f"readings must be finite levels above {floor_db} dB, got {values}")
    return values


def update_level_bars(fig, readings, *, title) -> None:
    """Show other readings in a figure of :func:`plot_level_bars`, in place.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made by :func:`plot_level_bars`.
    readings : mapping
        The same labels, in the same order, with new levels (finite, above the floor).
    title : str
        Axes title.
    """
    ax = _view_axes(fig, "level")
    bars = _by_gid(ax, "level")
    floor_db = ax.get_ylim()[0]
    values = _level_values(readings, floor_db)
    with _moving_only(ax):  # reading the tick labels re-sets the ticks (unchanged) as stale
        labels = [t.get_text() for t in ax.get_xticklabels()]
    if list(readings) != labels:
        raise ValueError(f"readings must have the labels {labels} of the drawn bars, in order")
    for bar, v in zip(bars, values, strict=True):
        bar.set_height(v - floor_db)
    with _moving_only(ax):
        for old in _by_gid(ax, "level label"):
            old.remove()
        for text in ax.bar_label(ax.containers[0], labels=[f"{v:.1f}" for v in values], padding=2):
            text.set(gid="level label", animated=True, zorder=2.7)
    _set_moving_title(ax, title)


# ---- notebooks/01_equal_loudness.ipynb

__all__ += [
    "plot_contour_backdrop",
    "plot_contour_family",
    "plot_contour_view",
    "plot_edition_comparison",
    "plot_tone_view",
    "update_contour_backdrop",
    "update_contour_view",
    "update_tone_view",
]


def _at_freq(freqs_hz: np.ndarray, values: np.ndarray, freq_hz: float) -> float:
    """``values`` read at ``freq_hz`` by interpolation on a log-frequency axis."""
    return float(np.interp(np.log10(freq_hz), np.log10(freqs_hz), values))


def _contour_arrays(freqs_hz, spl_db, threshold_db=None):
    freqs = np.asarray(freqs_hz, dtype=float)
    if freqs.ndim != 1 or freqs.size < 2 or np.any(freqs <= 0) or np.any(np.diff(freqs) <= 0):
        raise ValueError("freqs_hz must be a 1-D array of at least 2 ascending frequencies > 0")
    spl = np.atleast_2d(np.asarray(spl_db, dtype=float))
    if spl.ndim != 2 or spl.shape[1] != freqs.size:
        raise ValueError(
            f"spl_db must have shape (levels, {freqs.size}) to match freqs_hz, got "
            f"{np.shape(spl_db)}"
        )
    if threshold_db is not None and np.shape(threshold_db) != freqs.shape:
        raise ValueError(
            f"threshold_db must have shape {freqs.shape} to match freqs_hz, got "
            f"{np.shape(threshold_db)}"
        )
    return freqs, spl


def plot_contour_family(
    ax,
    freqs_hz,
    levels_phon,
    spl_db,
    *,
    threshold_db=None,
    valid=None,
    color: str = "C0",
    lw: float = 1.4,
    ls: str = "-",
    label: str | None = None,
    level_labels: bool = True,
):
    """Draw a family of equal-loudness contours (and the threshold) on a log-frequency axis.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    freqs_hz : array, shape (n,)
        Frequencies of the points, ascending, > 0; they set the axis limits.
    levels_phon : array, shape (k,)
        Loudness level of each contour.
    spl_db : array, shape (k, n)
        SPL of each contour at each frequency, e.g. ``contours.spl_from_phon(levels_phon)``.
    threshold_db : array, shape (n,), optional
        Threshold of hearing, drawn dotted (and labelled "threshold $T_f$" with the levels).
    valid : bool array, shape (k, n), optional
        Where the standard's data hold: those parts are drawn in style ``ls``, the rest thin
        and dashed. None draws every contour whole in style ``ls``.
    color, lw, ls : str, float, str
        Colour, line width and line style of the contours.
    label : str, optional
        Legend entry of the family (given to its first contour only).
    level_labels : bool
        Write each contour's phon value above it at 1 kHz (where phon = dB SPL).

    Returns
    -------
    list of matplotlib.lines.Line2D
        One line per contour (its valid part if ``valid`` is given), then the threshold's.
    """
    freqs, spl = _contour_arrays(freqs_hz, spl_db, threshold_db)
    levels = np.atleast_1d(np.asarray(levels_phon, dtype=float))
    if levels.shape != (spl.shape[0],):
        raise ValueError(
            f"levels_phon has {levels.size} levels but spl_db has {spl.shape[0]} contours"
        )
    if valid is not None:
        valid = np.broadcast_to(np.asarray(valid, dtype=bool), spl.shape)
    lines = []
    for k, level in enumerate(levels):
        row = spl[k]
        if valid is not None:
            ax.plot(freqs, row, color=color, lw=0.8, ls="--")
            row = np.where(valid[k], row, np.nan)
        (line,) = ax.plot(freqs, row, color=color, lw=lw, ls=ls, label=label if k == 0 else None)
        lines.append(line)
        if level_labels:
            y = _at_freq(freqs, spl[k], 1000.0) + 1.5
            ax.text(1000, y, f"{level:g}", color=color, fontsize=8, ha="center")
    if threshold_db is not None:
        (line,) = ax.plot(freqs, threshold_db, color=color, lw=lw, ls=":")
        lines.append(line)
        if level_labels:
            y = _at_freq(freqs, np.asarray(threshold_db, dtype=float), 50.0) - 9
            ax.text(50, y, "threshold $T_f$", color=color, fontsize=8)
    log_freq_axis(ax, fmin_hz=freqs[0], fmax_hz=freqs[-1])
    ax.set_ylabel("sound pressure level (dB SPL)")
    return lines


def plot_contour_backdrop(
    ax, freqs_hz, family_db, threshold_freqs_hz, threshold_db, *, ylim_db=(-20.0, 140.0)
):
    """The backdrop of a contour view: a family in light grey, the inaudible area shaded.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    freqs_hz : array, shape (n,)
        Frequencies of the family's points, ascending, > 0; they set the axis limits.
    family_db : array, shape (k, n)
        SPL of each contour of the family.
    threshold_freqs_hz, threshold_db : arrays of one shape (m,)
        The threshold of hearing; the area below it is shaded ("below threshold").
    ylim_db : (float, float)
        Limits of the SPL axis; the shading starts at the lower one.

    Returns
    -------
    matplotlib.collections.PolyCollection
        The shaded area. :func:`update_contour_backdrop` changes the backdrop in place.
    """
    freqs, family = _contour_arrays(freqs_hz, family_db)
    for row in family:
        ax.plot(freqs, row, color="0.8", lw=0.8, gid="backdrop")
    area = _replace_fill(
        ax,
        "below threshold",
        threshold_freqs_hz,
        ylim_db[0],
        threshold_db,
        color="0.9",
        label="below threshold",
    )
    log_freq_axis(ax, fmin_hz=freqs[0], fmax_hz=freqs[-1])
    ax.set_ylim(*ylim_db)
    ax.set_ylabel("dB SPL")
    return area


def plot_edition_comparison(
    freqs_hz, levels_phon, spl_db, threshold_db, *, diff_levels_phon=(20, 40, 60, 80)
):
    """Two editions of ISO 226 side by side: both families on one axes, and their difference.

    The newer edition is drawn solid and wide, the older one dashed and thin on top of it in
    another colour, so that both stay visible where they coincide. Legends sit where they
    cover no curve (the empty corner below the threshold; right of the difference panel).

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    freqs_hz : array, shape (n,)
        Frequencies, ascending, > 0.
    levels_phon : array, shape (k,)
        Loudness levels of the contours.
    spl_db : mapping edition → array, shape (k, n)
        Each edition's contours, e.g. ``{ed: contours.spl_from_phon(levels_phon, ed)}``;
        exactly two editions.
    threshold_db : mapping edition → array, shape (n,)
        Each edition's threshold of hearing.
    diff_levels_phon : sequence of float
        The levels (among ``levels_phon``) whose difference newer − older is drawn.

    Returns
    -------
    matplotlib.figure.Figure
        Axes 0: both families; axes 1: newer − older in dB.
    """
    import matplotlib.pyplot as plt

    editions = sorted(spl_db, reverse=True)
    if len(editions) != 2 or sorted(threshold_db, reverse=True) != editions:
        raise ValueError(
            "spl_db and threshold_db must map the same two editions to arrays, got "
            f"{list(spl_db)} and {list(threshold_db)}"
        )
    new, old = editions
    levels = np.asarray(levels_phon, dtype=float)
    rows = []
    for level in diff_levels_phon:
        hit = np.flatnonzero(np.isclose(levels, level))
        if hit.size == 0:
            raise ValueError(f"diff_levels_phon: {level!r} is not one of levels_phon {levels}")
        rows.append(int(hit[0]))
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {new: dict(color="C0", lw=2.6, ls="-"), old: dict(color="C1", lw=1.1, ls="--")}
    for ed in (new, old):  # the older one last: on top, dashed, so the newer shows around it
        plot_contour_family(
            ax1,
            freqs_hz,
            levels,
            spl_db[ed],
            threshold_db=threshold_db[ed],
            label=f"ISO 226:{ed}" + (" (solid)" if ed == new else " (dashed)"),
            level_labels=False,
            **styles[ed],
        )
    ax1.legend(loc="lower left", fontsize=8)
    ax1.set_title(f"both editions, {levels[0]:g}–{levels[-1]:g} phon and the threshold")

    new_spl, old_spl = np.asarray(spl_db[new]), np.asarray(spl_db[old])
    # Colours other than the editions' (C0, C1): here a colour means a loudness level.
    for n, (level, k) in enumerate(zip(diff_levels_phon, rows, strict=True)):
        color = f"C{2 + n % 8}"
        ax2.plot(freqs_hz, new_spl[k] - old_spl[k], color=color, label=f"{level:g} phon")
    diff_t = np.asarray(threshold_db[new]) - np.asarray(threshold_db[old])
    ax2.plot(freqs_hz, diff_t, "k:", label="threshold")
    log_freq_axis(ax2, fmin_hz=float(freqs_hz[0]), fmax_hz=float(freqs_hz[-1]))
    ax2.axhline(0, color="0.5", lw=0.8)
    ax2.set_ylabel(f"{new} − {old} (dB)")
    ax2.set_title(f"difference {new} − {old}")
    ax2.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
    fig.tight_layout()
    return fig


# zorder of what a view's update moves: above the spines (2.5) and every other artist in the
# axes, so that drawing it last over a cached background gives the picture of a full draw.
_MOVING_Z = 2.6
# The attribute audiolevels.widgets' painter reads: an animated artist redrawn only when stale
_MIDDLE_LAYER = "_audiolevels_middle_layer"
# A figure attribute naming everything its non-animated artists show: a view's painter keeps
# the background drawn for each name and restores it when the figure shows that name again
_BACKGROUND_KEY = "_audiolevels_background_key"


@contextlib.contextmanager
def _moving_only(ax):
    """Change animated artists (a view's legend, title) without marking the figure changed.

    Making a legend or setting a title touches the axes' other parts (the legend's texts report
    to the axes; the side titles get a new transform), which would make a view redraw the whole
    figure; what they change is drawn over the cached rest anyway.
    """
    stale = ax.stale, ax.figure.stale
    yield
    ax.stale, ax.figure.stale = stale


def _set_moving_title(ax, title: str) -> None:
    with _moving_only(ax):
        ax.set_title(_text(title, "title"))


def _by_gid(ax, gid: str):
    """The artists of ``ax`` tagged ``gid`` (how an update finds what a draw made)."""
    return [a for a in ax.get_children() if a.get_gid() == gid]


def _replace_fill(ax, gid: str, x, y1, y2, **style):
    """Remove the fill tagged ``gid`` (if any) and draw it again: exact on every matplotlib."""
    for old in _by_gid(ax, gid):
        old.remove()
    area = ax.fill_between(x, y1, y2, **style)
    area.set_gid(gid)
    return area


def update_contour_backdrop(
    ax, family_db, threshold_freqs_hz, threshold_db, *, ylim_db=(-20.0, 140.0)
) -> None:
    """Set a backdrop drawn by :func:`plot_contour_backdrop` to another family and threshold.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes holding a backdrop.
    family_db, threshold_freqs_hz, threshold_db, ylim_db
        As for :func:`plot_contour_backdrop` (the family keeps its number of contours and
        frequencies).
    """
    lines = _by_gid(ax, "backdrop")
    if not lines:
        raise ValueError("ax holds no contour backdrop: draw it with plot_contour_backdrop")
    family = np.atleast_2d(np.asarray(family_db, dtype=float))
    key = [family, np.asarray(threshold_freqs_hz, float), np.asarray(threshold_db, float)]
    key = (*(a.tobytes() + str(a.shape).encode() for a in key), tuple(ylim_db))
    if getattr(ax, "_audiolevels_backdrop", None) == key:
        return  # unchanged: leave the figure un-stale, so a view repaints only what moved
    ax._audiolevels_backdrop = key
    if family.shape != (len(lines), lines[0].get_xdata().size):
        raise ValueError(
            f"family_db must have shape ({len(lines)}, {lines[0].get_xdata().size}) like the "
            f"drawn backdrop, got {np.shape(family_db)}"
        )
    for line, row in zip(lines, family, strict=True):
        line.set_ydata(row)
    _replace_fill(
        ax,
        "below threshold",
        threshold_freqs_hz,
        ylim_db[0],
        threshold_db,
        color="0.9",
        label="below threshold",
    )
    ax.set_ylim(*ylim_db)


def _view_legend(ax, gids):
    """A legend of the visible artists tagged ``gids``, in that order, right of the axes."""
    handles = [a for gid in gids for a in _by_gid(ax, gid) if a.get_visible()]
    with _moving_only(ax):
        legend = ax.legend(
            handles,
            [h.get_label() for h in handles],
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            fontsize=8,
        )
        legend.set_animated(True)


def _contour_view_axes(freqs_hz, family_db, threshold_freqs_hz, threshold_db):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9.5, 4.2))
    fig.subplots_adjust(left=0.08, right=0.71, bottom=0.12)  # room for the legend, fixed
    plot_contour_backdrop(ax, freqs_hz, family_db, threshold_freqs_hz, threshold_db)
    ax._audiolevels_backdrop = None
    update_contour_backdrop(ax, family_db, threshold_freqs_hz, threshold_db)
    ax.title.set_animated(True)  # what moves is drawn over the rest (widgets.InteractiveView)
    return fig, ax


def plot_contour_view(
    freqs_hz, family_db, threshold_freqs_hz, threshold_db, spl_db, *, label, title, other=None
):
    """One equal-loudness contour (and optionally another) over a grey family.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    freqs_hz, family_db, threshold_freqs_hz, threshold_db
        The backdrop, as for :func:`plot_contour_backdrop`.
    spl_db : array, shape (n,)
        The contour at ``freqs_hz``, drawn red with markers.
    label, title : str
        Its legend entry and the axes title.
    other : (array, str), optional
        Another contour and its label, drawn dashed blue (e.g. the other edition).

    Returns
    -------
    matplotlib.figure.Figure
        Change it with :func:`update_contour_view`; the legend sits right of the axes.
    """
    fig, ax = _contour_view_axes(freqs_hz, family_db, threshold_freqs_hz, threshold_db)
    freqs = np.asarray(freqs_hz, dtype=float)
    style = dict(zorder=_MOVING_Z, animated=True)
    ax.plot(freqs, np.zeros_like(freqs), "o-", color="C3", ms=3, gid="contour", **style)
    ax.plot(freqs, np.zeros_like(freqs), "--", color="C0", gid="other", **style)
    update_contour_view(
        fig,
        family_db,
        threshold_freqs_hz,
        threshold_db,
        spl_db,
        label=label,
        title=title,
        other=other,
    )
    return fig


def update_contour_view(
    fig, family_db, threshold_freqs_hz, threshold_db, spl_db, *, label, title, other=None
) -> None:
    """Show other values in a figure drawn by :func:`plot_contour_view`, in place.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made by :func:`plot_contour_view`.
    family_db, threshold_freqs_hz, threshold_db, spl_db, label, title, other
        As for :func:`plot_contour_view`.
    """
    ax = _view_axes(fig, "contour")
    update_contour_backdrop(ax, family_db, threshold_freqs_hz, threshold_db)
    # the backdrop is all that is not animated: an edition seen before repaints from its cache
    setattr(fig, _BACKGROUND_KEY, ax._audiolevels_backdrop)
    (line,) = _by_gid(ax, "contour")
    line.set_ydata(_series(spl_db, "spl_db", line))
    line.set_label(_text(label, "label"))
    (dashed,) = _by_gid(ax, "other")
    dashed.set_visible(other is not None)
    if other is not None:
        other_db, other_label = other
        dashed.set_ydata(_series(other_db, "other", dashed))
        dashed.set_label(_text(other_label, "other's label"))
    _view_legend(ax, ["below threshold", "contour", "other"])
    _set_moving_title(ax, title)


def plot_tone_view(
    freqs_hz,
    family_db,
    threshold_freqs_hz,
    threshold_db,
    *,
    freq_hz,
    spl_db,
    title,
    contour=None,
):
    """A tone (frequency, SPL) as a dot over a grey contour family, and its own contour.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    freqs_hz, family_db, threshold_freqs_hz, threshold_db
        The backdrop, as for :func:`plot_contour_backdrop`.
    freq_hz, spl_db : float
        The tone, drawn as a red dot labelled "your tone".
    title : str
        Axes title.
    contour : (array, str), optional
        The tone's contour at ``threshold_freqs_hz`` and its label (none below threshold).

    Returns
    -------
    matplotlib.figure.Figure
        Change it with :func:`update_tone_view`; the legend sits right of the axes.
    """
    fig, ax = _contour_view_axes(freqs_hz, family_db, threshold_freqs_hz, threshold_db)
    style = dict(zorder=_MOVING_Z, animated=True)
    ax.plot([1000.0], [0.0], "o", color="C3", ms=9, label="your tone", gid="tone", **style)
    fine = np.asarray(threshold_freqs_hz, dtype=float)
    ax.plot(fine, np.zeros_like(fine), color="C3", lw=1.5, gid="contour", **style)
    update_tone_view(
        fig,
        family_db,
        threshold_freqs_hz,
        threshold_db,
        freq_hz=freq_hz,
        spl_db=spl_db,
        title=title,
        contour=contour,
    )
    return fig


def update_tone_view(
    fig,
    family_db,
    threshold_freqs_hz,
    threshold_db,
    *,
    freq_hz,
    spl_db,
    title,
    contour=None,
) -> None:
    """Show another tone in a figure drawn by :func:`plot_tone_view`, in place.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made by :func:`plot_tone_view`.
    family_db, threshold_freqs_hz, threshold_db, freq_hz, spl_db, title, contour
        As for :func:`plot_tone_view`.
    """
    ax = _view_axes(fig, "tone")
    update_contour_backdrop(ax, family_db, threshold_freqs_hz, threshold_db)
    # the backdrop is all that is not animated: an edition seen before repaints from its cache
    setattr(fig, _BACKGROUND_KEY, ax._audiolevels_backdrop)
    (dot,) = _by_gid(ax, "tone")
    f = _checks.real_number(freq_hz, "freq_hz", positive=True)
    dot.set_data([f], [_checks.real_number(spl_db, "spl_db")])
    (line,) = _by_gid(ax, "contour")
    line.set_visible(contour is not None)
    if contour is not None:
        contour_db, contour_label = contour
        line.set_ydata(_series(contour_db, "contour", line))
        line.set_label(_text(contour_label, "contour's label"))
    _view_legend(ax, ["below threshold", "tone", "contour"])
    _set_moving_title(ax, title)


def _view_axes(fig, gid: str):
    """The axes of ``fig`` holding an artist tagged ``gid`` (a figure made by plot_…_view)."""
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    for ax in fig.axes:
        if _by_gid(ax, gid):
            return ax
    raise ValueError(f"fig was not drawn by the matching plot_… function (no {gid!r} artist)")


def _text(v: object, name: str) -> str:
    if not isinstance(v, str):
        raise TypeError(f"{name} must be a str, got {type(v).__name__}")
    return v


def _series(y: object, name: str, line) -> np.ndarray:
    """``y`` as floats with one value per point of ``line`` (NaN leaves a gap)."""
    arr = np.asarray(y, dtype=float)
    n = line.get_xdata().size
    if arr.shape != (n,):
        raise ValueError(f"{name} must have shape ({n},) like the drawn line, got {arr.shape}")
    return arr


# ---- notebooks/06_stft_normalization.ipynb
__all__ += [
    "TANH_LINEAR_X",
    "TANH_SATURATED_X",
    "plot_activations",
    "plot_normalized_spectrograms",
    "plot_saturation_shares",
    "plot_scaled_spectrogram",
    "plot_spectrogram_grid",
    "update_scaled_spectrogram",
]

#: |x| above which |tanh'(x)| = 1 − tanh²(x) < 0.1 (a tenth of its slope at 0): artanh(√0.9).
TANH_SATURATED_X = math.atanh(math.sqrt(0.9))
#: |x| below which tanh'(x) ≥ 0.5 (at least half its slope at 0): artanh(√0.5).
TANH_LINEAR_X = math.atanh(math.sqrt(0.5))

_SATURATED_COLOR = "tab:red"
_LINEAR_COLOR = "tab:green"


def _axis_values(v, name):
    arr = _checks.real_array(v, name)
    if arr.ndim != 1 or arr.size < 2 or not np.all(np.diff(arr) > 0):
        raise ValueError(f"{name} must be an increasing 1-D array of at least 2 values")
    return arr


def _spectrogram(values, name, times_s, freqs_hz):
    arr = _checks.real_array(values, name)
    want = (len(freqs_hz), len(times_s))
    if arr.shape != want:
        raise ValueError(
            f"{name} has shape {arr.shape}, but freqs_hz and times_s give {want} (freq, frames)"
            + ("; pass its .T" if arr.shape == want[::-1] else "")
        )
    return arr


def _mapping(m, name):
    if not isinstance(m, dict) or not m:
        raise TypeError(f"{name} must be a non-empty dict (label → values), got {type(m).__name__}")
    return m


def _value_range(r, name):
    if isinstance(r, str | bytes) or not hasattr(r, "__len__") or len(r) != 2:
        raise TypeError(f"{name} must be a pair (low, high), got {r!r}")
    lo, hi = (_checks.real_number(v, f"{name}[{i}]") for i, v in enumerate(r))
    if not lo < hi:
        raise ValueError(f"{name} must be (low, high) with low < high, got {r!r}")
    return lo, hi


def _image(ax, values, *, times_s, freqs_hz, vmin=None, vmax=None, cmap="magma"):
    extent = (times_s[0], times_s[-1], freqs_hz[0] / 1000, freqs_hz[-1] / 1000)
    im = ax.imshow(
        values,
        origin="lower",
        aspect="auto",
        extent=extent,
        vmin=vmin,
        vmax=vmax,
        cmap=cmap,
        interpolation="nearest",
    )
    ax.set_xlabel("time (s)")
    ax.set_ylabel("frequency (kHz)")
    return im


def _shade_tanh_regions(ax, lo, hi, *, scale=1.0):
    """Shade where tanh (of x / scale) saturates and where it is near-linear, within [lo, hi]."""
    sat, lin = scale * TANH_SATURATED_X, scale * TANH_LINEAR_X
    for a, b in [(lo, -sat), (sat, hi)]:
        if a < b:
            ax.axvspan(a, b, color=_SATURATED_COLOR, alpha=0.15, lw=0, zorder=0)
    a, b = max(lo, -lin), min(hi, lin)
    if a < b:
        ax.axvspan(a, b, color=_LINEAR_COLOR, alpha=0.25, lw=0, zorder=0)


def _log_share_axis(ax):
    """A log axis of shares in % with five labelled decades and no minor ticks (fast to draw)."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator

    ax.set_yscale("log")
    ax.set_ylim(0.01, 200)
    ax.yaxis.set_major_locator(FixedLocator([0.01, 0.1, 1, 10, 100]))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:g}"))
    ax.yaxis.set_minor_locator(NullLocator())


def _histogram(ax, values, *, bins=60, value_range=None):
    v = np.asarray(values, dtype=float).ravel()
    lo, hi = value_range if value_range is not None else (v.min(), v.max())
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    counts, edges = np.histogram(v, bins=bins, range=(lo, hi))
    share = 100.0 * counts / v.size
    ax.stairs(share, edges, fill=True, color="0.25", zorder=2)
    _log_share_axis(ax)
    pad = 0.04 * (hi - lo)
    ax.set_xlim(lo - pad, hi + pad)
    _shade_tanh_regions(ax, lo - pad, hi + pad)
    ax.set_xlabel("value fed to the model")
    ax.set_ylabel("share of values (%)")
    return counts, edges


def _region_legend(fig, *, loc="lower center", ncol=2, bbox_to_anchor=None):
    from matplotlib.patches import Patch

    handles = [
        Patch(
            color=_LINEAR_COLOR, alpha=0.25, label=f"tanh near-linear: |x| < {TANH_LINEAR_X:.2f}"
        ),
        Patch(
            color=_SATURATED_COLOR,
            alpha=0.15,
            label=f"tanh saturated: |tanh′| < 0.1, |x| > {TANH_SATURATED_X:.2f}",
        ),
    ]
    return fig.legend(
        handles=handles,
        loc=loc,
        ncol=ncol,
        fontsize=8,
        frameon=False,
        bbox_to_anchor=bbox_to_anchor,
    )


def plot_normalized_spectrograms(panels, *, times_s, freqs_hz, bins=60):
    """The same spectrogram under several normalizations: image above, value histogram below.

    Taught in notebooks/06_stft_normalization.ipynb.

    Parameters
    ----------
    panels : dict
        Label → array (freq, frames) of normalized values, one column each.
    times_s, freqs_hz : array
        Frame times (s) and bin frequencies (Hz) of the arrays.
    bins : int
        Histogram bins over each panel's own value range.

    Returns
    -------
    matplotlib.figure.Figure
        Top row: images, each from its lowest value (black) to its highest (yellow); bottom
        row: the share of values per bin (log scale), with tanh's near-linear and saturated
        regions shaded.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    times_s, freqs_hz = _axis_values(times_s, "times_s"), _axis_values(freqs_hz, "freqs_hz")
    panels = {
        str(k): _spectrogram(v, f"panels[{k!r}]", times_s, freqs_hz)
        for k, v in _mapping(panels, "panels").items()
    }
    bins = _checks.integer(bins, "bins", min=1)
    n = len(panels)
    fig, axes = plt.subplots(2, n, figsize=(2.6 * n, 5.6), squeeze=False)
    for j, (label, values) in enumerate(panels.items()):
        _image(axes[0, j], values, times_s=times_s, freqs_hz=freqs_hz)
        axes[0, j].set_title(label, fontsize=10)
        axes[0, j].xaxis.set_major_locator(MaxNLocator(nbins=3))
        _histogram(axes[1, j], values, bins=bins)
        axes[1, j].xaxis.set_major_locator(MaxNLocator(nbins=4))
        if j:  # labels and tick labels of the y axes only in the first column
            for ax in axes[:, j]:
                ax.set_ylabel("")
                ax.tick_params(labelleft=False)
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.16, top=0.94, wspace=0.12, hspace=0.4)
    _region_legend(fig)
    return fig


def plot_activations(*, x_max=5.0):
    """tanh, the logistic sigmoid and a linear output, with their slopes and regions marked.

    Taught in notebooks/06_stft_normalization.ipynb.

    Parameters
    ----------
    x_max : float
        The x axis spans [−x_max, x_max].

    Returns
    -------
    matplotlib.figure.Figure
        Three panels: the function (solid) and its slope (dashed); green where the slope is at
        least half its maximum, red where it is below a tenth of it (tanh: |x| > 1.82, sigmoid:
        |x| > 3.64; sigmoid(x) = (1 + tanh(x/2)) / 2, so its thresholds are twice tanh's).
    """
    import matplotlib.pyplot as plt

    x_max = _checks.real_number(x_max, "x_max", positive=True)
    x = np.linspace(-x_max, x_max, 801)
    sig = 1 / (1 + np.exp(-x))
    curves = [
        ("tanh", np.tanh(x), 1 - np.tanh(x) ** 2, 1.0),
        ("sigmoid", sig, sig * (1 - sig), 2.0),
        ("linear", x, np.ones_like(x), None),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(11, 3.4), sharex=True)
    for ax, (name, f, slope, scale) in zip(axes, curves, strict=True):
        if scale is not None:
            _shade_tanh_regions(ax, -x_max, x_max, scale=scale)
        ax.plot(x, f, color="k", lw=1.5, label=name)
        ax.plot(x, slope, "--", color="tab:blue", lw=1.2, label=f"{name}′ (slope)")
        ax.set_xlim(-x_max, x_max)
        ax.set_ylim(-1.15, 1.15) if name != "linear" else ax.set_ylim(-x_max, x_max)
        ax.axhline(0, color="0.6", lw=0.6)
        ax.set_xlabel("input x")
        ax.set_title(name, fontsize=10)
        ax.legend(fontsize=8, loc="upper left")
    axes[2].text(
        0.97,
        0.05,
        "slope 1 everywhere:\nno saturation,\nno bound either",
        transform=axes[2].transAxes,
        ha="right",
        va="bottom",
        fontsize=8,
    )
    fig.subplots_adjust(left=0.05, right=0.99, bottom=0.25, top=0.9, wspace=0.2)
    from matplotlib.patches import Patch

    fig.legend(
        handles=[
            Patch(color=_LINEAR_COLOR, alpha=0.25, label="near-linear: slope ≥ ½ of its maximum"),
            Patch(color=_SATURATED_COLOR, alpha=0.15, label="saturated: slope < 0.1 × its maximum"),
        ],
        loc="lower center",
        ncol=2,
        fontsize=8,
        frameon=False,
    )
    return fig


def plot_saturation_shares(shares, *, colors=("tab:red", "tab:purple")):
    """Grouped bars: the share of a batch's values in each activation's saturated region.

    Taught in notebooks/06_stft_normalization.ipynb.

    Parameters
    ----------
    shares : dict
        Normalization label → {activation name → share in 0 … 1}; every inner dict has the
        same activations.
    colors : sequence of str
        One colour per activation.

    Returns
    -------
    matplotlib.figure.Figure
        Bars in %, each labelled with its value; the legend sits above the axes.
    """
    import matplotlib.pyplot as plt

    labels = list(_mapping(shares, "shares"))
    acts = list(_mapping(next(iter(shares.values())), f"shares[{labels[0]!r}]"))
    for lab in labels:
        inner = _mapping(shares[lab], f"shares[{lab!r}]")
        if list(inner) != acts:
            raise ValueError(f"shares[{lab!r}] has activations {list(inner)}, expected {acts}")
        for act, v in inner.items():
            _checks.real_number(v, f"shares[{lab!r}][{act!r}]", min=0.0, max=1.0)
    if len(colors) < len(acts):
        raise ValueError(f"colors needs one colour per activation ({len(acts)}), got {len(colors)}")
    pos = np.arange(len(labels))
    width = 0.8 / len(acts)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for k, act in enumerate(acts):
        vals = 100.0 * np.array([shares[lab][act] for lab in labels])
        bars = ax.bar(
            pos + (k - (len(acts) - 1) / 2) * width, vals, width, color=colors[k], label=act
        )
        ax.bar_label(bars, labels=[f"{v:.1f}" for v in vals], fontsize=7, padding=1)
    ax.set_xticks(pos, labels)
    ax.set_ylim(0, 112)
    ax.set_ylabel("values in the saturated region (%)")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, ncol=len(acts), loc="lower left", bbox_to_anchor=(0, 1.0), frameon=False)
    fig.tight_layout()
    return fig


def plot_spectrogram_grid(rows, *, col_labels, times_s, freqs_hz, vmin, vmax, unit="dB"):
    """A grid of spectrograms on one shared colour scale (one colour bar for all).

    Taught in notebooks/06_stft_normalization.ipynb.

    Parameters
    ----------
    rows : dict
        Row label → list of arrays (freq, frames), one per column.
    col_labels : sequence of str
        Column titles.
    times_s, freqs_hz : array
        Frame times (s) and bin frequencies (Hz), shared by all arrays.
    vmin, vmax : float
        The colour scale of every image.
    unit : str
        Colour-bar label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    times_s, freqs_hz = _axis_values(times_s, "times_s"), _axis_values(freqs_hz, "freqs_hz")
    vmin, vmax = _value_range((vmin, vmax), "(vmin, vmax)")
    rows = _mapping(rows, "rows")
    if isinstance(col_labels, str) or not col_labels:
        raise TypeError(f"col_labels must be a non-empty sequence of titles, got {col_labels!r}")
    n_rows, n_cols = len(rows), len(col_labels)
    fig, axes = plt.subplots(
        n_rows,
        n_cols,
        figsize=(2.5 * n_cols + 1, 2.3 * n_rows + 0.4),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
    for i, (row_label, arrays) in enumerate(rows.items()):
        if len(arrays) != n_cols:
            raise ValueError(f"row {row_label!r} has {len(arrays)} arrays for {n_cols} columns")
        for j, values in enumerate(arrays):
            values = _spectrogram(values, f"rows[{row_label!r}][{j}]", times_s, freqs_hz)
            im = _image(
                axes[i, j], values, times_s=times_s, freqs_hz=freqs_hz, vmin=vmin, vmax=vmax
            )
            axes[i, j].set_title(col_labels[j] if i == 0 else "", fontsize=9)
            axes[i, j].xaxis.set_major_locator(MaxNLocator(nbins=4, prune="upper"))
            if j:
                axes[i, j].set_ylabel("")
                axes[i, j].tick_params(labelleft=False)
            if i < n_rows - 1:
                axes[i, j].set_xlabel("")
                axes[i, j].tick_params(labelbottom=False)
        axes[i, 0].set_ylabel(f"{row_label}\nfrequency (kHz)", fontsize=9)
    fig.subplots_adjust(left=0.09, right=0.89, bottom=0.12, top=0.9, wspace=0.08, hspace=0.12)
    cax = fig.add_axes((0.905, 0.15, 0.015, 0.7))
    fig.colorbar(im, cax=cax, label=unit)
    return fig


def plot_scaled_spectrogram(values, *, times_s, freqs_hz, out_range, title="", bins=60):
    """One scaled spectrogram: the image on the output range's colour scale, and its histogram.

    Taught in notebooks/06_stft_normalization.ipynb.

    Parameters
    ----------
    values : array (freq, frames)
        Scaled values.
    times_s, freqs_hz : array
        Frame times (s) and bin frequencies (Hz).
    out_range : (float, float)
        The output range: the colour scale and the histogram's x range.
    title : str
        Figure title.
    bins : int
        Histogram bins.

    Returns
    -------
    matplotlib.figure.Figure
        Left: the image, black at ``out_range[0]`` and yellow at ``out_range[1]``; right: the
        share of values per bin over ``out_range`` (log scale), tanh's regions shaded (green
        near-linear, red saturated; no legend, to keep a slider's render short).
    """
    import matplotlib.pyplot as plt

    times_s, freqs_hz = _axis_values(times_s, "times_s"), _axis_values(freqs_hz, "freqs_hz")
    values = _spectrogram(values, "values", times_s, freqs_hz)
    lo, hi = _value_range(out_range, "out_range")
    bins = _checks.integer(bins, "bins", min=1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 3.0), gridspec_kw={"width_ratios": [1.4, 1]})
    im = _image(ax1, values, times_s=times_s, freqs_hz=freqs_hz, vmin=lo, vmax=hi)
    _histogram(ax2, values, bins=bins, value_range=(lo, hi))
    # What a slider moves (image, histogram, title) is animated, drawn over the cached rest
    # (widgets.InteractiveView); the title is a text where suptitle would put it
    stairs = next(p for p in ax2.patches if type(p).__name__ == "StepPatch")
    for artist in (im, stairs):
        artist.set(zorder=_MOVING_Z, animated=True)
    # (an axes' text: matplotlib leaves a figure's animated artists out of a saved PNG)
    ax1.text(
        0.5,
        0.98,
        _check_title_06(title),
        transform=fig.transFigure,
        ha="center",
        va="top",
        fontsize=9,
        clip_on=False,
        gid="title",
        animated=True,
    )
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.16, top=0.88, wspace=0.22)
    fig._audiolevels_plot = "plot_scaled_spectrogram"
    fig._audiolevels_range = (lo, hi)
    return fig


def _check_title_06(title):
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    return title


def _drawn_by_06(fig, plot_name):
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure) or getattr(fig, "_audiolevels_plot", None) != plot_name:
        raise TypeError(f"fig must be a Figure returned by {plot_name}, got {type(fig).__name__}")
    return fig


def update_scaled_spectrogram(fig, values, *, out_range, title=""):
    """Redraw a :func:`plot_scaled_spectrogram` figure in place for new values (a slider move).

    Taught in notebooks/06_stft_normalization.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by :func:`plot_scaled_spectrogram`; its times, frequencies and
        number of bins stay.
    values : array (freq, frames)
        Scaled values, the shape of the drawn image.
    out_range : (float, float)
        The output range: the colour scale and the histogram's x range.
    title : str
        Figure title.

    Returns
    -------
    None
        The figure then shows what ``plot_scaled_spectrogram`` would draw for these arguments.
    """
    from matplotlib.patches import Rectangle

    fig = _drawn_by_06(fig, "plot_scaled_spectrogram")
    ax1, ax2 = fig.axes[:2]
    im = ax1.images[0]
    values = _checks.real_array(values, "values")
    shown = im.get_array().shape
    if values.shape != shown:
        raise ValueError(
            f"values has shape {values.shape}, the figure shows {shown} (freq, frames)"
            + ("; pass its .T" if values.shape == shown[::-1] else "")
        )
    lo, hi = _value_range(out_range, "out_range")
    title = _check_title_06(title)
    im.set_data(values)
    im.set_clim(lo, hi)
    stairs = next(p for p in ax2.patches if not isinstance(p, Rectangle))
    bins = len(stairs.get_data().values)
    counts, edges = np.histogram(np.asarray(values, dtype=float).ravel(), bins=bins, range=(lo, hi))
    stairs.set_data(100.0 * counts / values.size, edges)
    if fig._audiolevels_range != (lo, hi):  # new limits and shading: a full redraw is due
        fig._audiolevels_range = (lo, hi)
        for p in [p for p in ax2.patches if isinstance(p, Rectangle)]:
            p.remove()
        pad = 0.04 * (hi - lo)
        ax2.set_xlim(lo - pad, hi + pad)
        _shade_tanh_regions(ax2, lo - pad, hi + pad)
    next(t for t in ax1.texts if t.get_gid() == "title").set_text(title)


# ---- notebooks/03_normalization.ipynb


__all__ += [
    "plot_clipping_fixes",
    "plot_gain_envelope",
    "plot_gated_blocks",
    "plot_normalized_levels",
    "plot_padding_levels",
    "update_gain_envelope",
    "update_padding_levels",
]

#: The three meters of notebook 03 and their colours: sample peak, RMS, loudness.
LEVEL_SERIES = (
    ("sample peak (dBFS)", "0.6"),
    ("RMS (dBFS)", "tab:blue"),
    ("loudness (LUFS)", "tab:red"),
)


def plot_normalized_levels(levels, *, targets, floor_db: float = -40.0):
    """Sample peak, RMS and loudness of every clip after each normalization, as bars.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    levels : mapping
        Method name → mapping clip name → (sample peak dBFS, RMS dBFS, loudness LUFS); every
        method lists the same clips in the same order.
    targets : mapping
        Method name → its target level, drawn as a dashed line in that method's panel.
    floor_db : float
        Level the bars rise from, below every level (so a bar at −1 dBFS reaches the −1 line).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per method; the title gives the loudness spread (max − min, LU).
    """
    import matplotlib.pyplot as plt

    floor_db = _checks.real_number(floor_db, "floor_db")
    methods = list(levels)
    if not methods:
        raise ValueError("levels is empty: pass method → {clip: (peak, rms, lufs)}")
    names = list(levels[methods[0]])
    height = 2.3 * len(methods) + 0.7
    fig, axes = plt.subplots(len(methods), 1, figsize=(9, height), sharex=True, squeeze=False)
    pos = np.arange(len(names))
    for ax, method in zip(axes[:, 0], methods, strict=True):
        if list(levels[method]) != names:
            raise ValueError(f"levels[{method!r}] must list the clips {names} in that order")
        vals = np.array([levels[method][n] for n in names], dtype=float)
        if vals.shape != (len(names), 3) or not np.all(np.isfinite(vals)):
            raise ValueError(f"levels[{method!r}] must map each clip to 3 finite levels")
        if vals.min() <= floor_db:
            raise ValueError(f"floor_db={floor_db:g} must lie below every level ({vals.min():g})")
        for j, (label, color) in enumerate(LEVEL_SERIES):
            x = pos + (j - 1) * 0.27
            ax.bar(x, vals[:, j] - floor_db, 0.27, bottom=floor_db, color=color, label=label)
        ax.axhline(targets[method], color="k", ls="--", lw=0.9, label="target of the method")
        ax.axhline(0, color="k", lw=0.6)
        spread = np.ptp(vals[:, 2])
        title = f"{method}-normalized to {targets[method]:g}: loudness spread {spread:.1f} LU"
        ax.set_title(title, fontsize=10)
        ax.set_ylim(floor_db, 1.0)
        ax.set_ylabel("level (dB)")
        ax.grid(axis="y", alpha=0.3)
    axes[-1, 0].set_xticks(pos, names, rotation=30, ha="right")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=4, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight()))
    return fig


def plot_clipping_fixes(x, clipped, limited, gain, sr: float, *, window_ms: float = 12.0):
    """The largest peak of ``x`` hard-clipped and limited, and the limiter's gain over time.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,)
        Mono audio that exceeds full scale.
    clipped, limited : array, shape (samples,)
        ``x`` after ``np.clip`` and after a limiter.
    gain : array, shape (samples,)
        The limiter's gain per sample, in (0, 1].
    sr : float
        Sample rate in Hz.
    window_ms : float
        Half-width of the window shown around the largest peak.

    Returns
    -------
    matplotlib.figure.Figure
        Left: the window around the largest peak (samples beyond ±1 marked); right: the gain in
        dB against time. One legend below both panels.
    """
    import matplotlib.pyplot as plt

    x = _checks.real_array(x, "x")
    sr = _checks.real_number(sr, "sr", positive=True)
    curves = {"clipped": clipped, "limited": limited, "gain": gain}
    curves = {k: _checks.real_array(v, k) for k, v in curves.items()}
    if x.ndim != 1 or any(v.shape != x.shape for v in curves.values()):
        raise ValueError("x, clipped, limited and gain must be 1-D arrays of the same length")
    i_max = int(np.argmax(np.abs(x)))
    half = int(round(_checks.real_number(window_ms, "window_ms", positive=True) * 1e-3 * sr))
    sl = slice(max(0, i_max - half), min(x.size, i_max + half))
    t_ms = (np.arange(sl.start, sl.stop) - i_max) / sr * 1000
    fig, (ax, ax_gain) = plt.subplots(1, 2, figsize=(10, 3.6))
    ax.plot(t_ms, x[sl], color="0.6", lw=1, label="normalized (unclipped)")
    ax.plot(t_ms, curves["clipped"][sl], color="tab:red", lw=1, label="np.clip")
    ax.plot(t_ms, curves["limited"][sl], color="tab:blue", lw=1, label="limiter")
    over = np.abs(x[sl]) > 1
    ax.plot(t_ms[over], x[sl][over], "r.", ms=3, label="samples beyond ±1")
    for s in (1, -1):
        ax.axhline(s, color="k", lw=0.6, ls="--")
    ax.set_xlabel("time around the largest peak (ms)")
    ax.set_ylabel("amplitude")
    ax.set_title("the largest peak, three ways", fontsize=10)
    with np.errstate(divide="ignore"):
        ax_gain.plot(
            np.arange(x.size) / sr, 20 * np.log10(curves["gain"]), color="tab:blue", lw=0.8
        )
    ax_gain.set_xlabel("time (s)")
    ax_gain.set_ylabel("limiter gain (dB)")
    share = np.mean(curves["gain"] < 1 - 1e-9) * 100
    ax_gain.set_title(f"limiter gain: {share:.1f} % of samples turned down", fontsize=10)
    fig.legend(loc="lower center", ncol=4, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def plot_gated_blocks(gated, rms_dbfs, *, floor_lufs: float = -80.0):
    """Block loudness of BS.1770's 400 ms blocks, kept and gated out, with both gates.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    gated : mapping
        Clip name → the result of :func:`audiolevels.loudness.gated_blocks`.
    rms_dbfs : mapping
        Clip name → its RMS level (dBFS), drawn for comparison.
    floor_lufs : float
        Bottom of the axes; silent blocks (−inf) are drawn there.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per clip, its title giving the integrated loudness, the relative gate and the
        RMS; one legend above the panels.
    """
    import matplotlib.pyplot as plt

    floor_lufs = _checks.real_number(floor_lufs, "floor_lufs")
    if not gated:
        raise ValueError("gated is empty: pass clip name → gated_blocks(x, sr)")
    fig, axes = plt.subplots(len(gated), 1, figsize=(9, 2.6 * len(gated) + 0.6), squeeze=False)
    for ax, (name, g) in zip(axes[:, 0], gated.items(), strict=True):
        lufs = np.where(np.isfinite(g.block_lufs), g.block_lufs, floor_lufs)
        t, kept = g.block_times_s, g.kept
        ax.plot(t, lufs, color="0.75", lw=0.8)
        ax.scatter(t[kept], lufs[kept], s=6, color="tab:red", label="kept blocks")
        ax.scatter(t[~kept], lufs[~kept], s=6, color="0.45", label="gated out")
        ax.axhline(g.absolute_gate_lufs, color="k", ls=":", lw=0.8, label="absolute gate")
        ax.axhline(g.relative_gate_lufs, color="tab:orange", ls="--", lw=0.8, label="relative gate")
        ax.axhline(g.integrated_lufs, color="tab:red", lw=1.2, label="integrated loudness")
        ax.axhline(rms_dbfs[name], color="tab:blue", lw=1.0, ls="-.", label="RMS")
        ax.set_title(
            f"{name}: integrated {g.integrated_lufs:.1f} LUFS, relative gate "
            f"{g.relative_gate_lufs:.1f} LUFS, RMS {rms_dbfs[name]:.1f} dBFS",
            fontsize=10,
        )
        ax.set_ylabel("block loudness (LUFS)")
        ax.set_ylim(floor_lufs, 0)
        ax.grid(alpha=0.3)
    axes[-1, 0].set_xlabel("block start (s): 400 ms blocks every 100 ms")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper center", ncol=6, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight()))
    return fig


def _moving_title(ax, title: str, *, fontsize: float) -> None:
    """Set an animated title without marking the figure changed (see :func:`_moving_only`)."""
    with _moving_only(ax):
        ax.set_title(title, fontsize=fontsize)


def _envelope_arrays(t_s, lo, hi):
    t_s, lo, hi = (_checks.real_array(v, n) for v, n in ((t_s, "t_s"), (lo, "lo"), (hi, "hi")))
    if not (t_s.ndim == 1 and t_s.shape == lo.shape == hi.shape):
        raise ValueError("t_s, lo and hi must be 1-D arrays of the same length")
    if t_s.size < 2:
        raise ValueError(f"t_s must hold at least 2 bins, got {t_s.size}")
    return t_s, lo, hi


def plot_gain_envelope(t_s, lo, hi, *, gain_db: float, title: str = ""):
    """The min/max envelope of a clip after a gain, with the stretches beyond ±1 in red.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    t_s : array, shape (bins,)
        Start time of each bin in seconds.
    lo, hi : array, shape (bins,)
        Smallest and largest sample of each bin *before* the gain.
    gain_db : float
        The gain applied, dB.
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        Change it with :func:`update_gain_envelope`.
    """
    import matplotlib.pyplot as plt

    _envelope_arrays(t_s, lo, hi)
    fig, ax = plt.subplots(figsize=(8, 2.8))
    fig.subplots_adjust(left=0.09, right=0.98, top=0.9, bottom=0.17)  # fixed, whatever the data
    for s in (1, -1):  # over the envelope, as the rest of what the gain changes
        ax.axhline(s, color="k", lw=0.7, ls="--", gid="full scale", zorder=2.8, animated=True)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("amplitude")
    ax.title.set_animated(True)
    update_gain_envelope(fig, t_s, lo, hi, gain_db=gain_db, title=title)
    return fig


def update_gain_envelope(fig, t_s, lo, hi, *, gain_db: float, title: str = "") -> None:
    """Show another clip or gain in a figure of :func:`plot_gain_envelope`, in place.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made by :func:`plot_gain_envelope`.
    t_s, lo, hi, gain_db, title
        As for :func:`plot_gain_envelope`.
    """
    ax = _view_axes(fig, "full scale")
    t_s, lo, hi = _envelope_arrays(t_s, lo, hi)
    k = 10 ** (_checks.real_number(gain_db, "gain_db") / 20)
    title = _text(title, "title")
    lo, hi = lo * k, hi * k
    bad = (hi > 1) | (lo < -1)
    with _moving_only(ax):
        for old in _by_gid(ax, "envelope"):
            old.remove()
        style = dict(lw=0, gid="envelope", animated=True)
        ax.fill_between(t_s, lo, hi, color="tab:blue", zorder=2.6, **style)
        red_lo, red_hi = np.where(bad, lo, np.nan), np.where(bad, hi, np.nan)
        ax.fill_between(t_s, red_lo, red_hi, color="tab:red", zorder=2.7, **style)
    top = max(1.2, 1.05 * float(np.max(np.abs([lo, hi]))))
    if tuple(ax.get_xlim()) != (t_s[0], t_s[-1]):
        ax.set_xlim(t_s[0], t_s[-1])
    if tuple(ax.get_ylim()) != (-top, top):
        ax.set_ylim(-top, top)
    _moving_title(ax, title, fontsize=10)


def _padding_arrays(pads_s, rms_dbfs, lufs):
    pads_s, rms_dbfs, lufs = (
        _checks.real_array(v, n)
        for v, n in ((pads_s, "pads_s"), (rms_dbfs, "rms_dbfs"), (lufs, "lufs"))
    )
    if not (pads_s.ndim == 1 and pads_s.shape == rms_dbfs.shape == lufs.shape):
        raise ValueError("pads_s, rms_dbfs and lufs must be 1-D arrays of the same length")
    return pads_s, rms_dbfs, lufs


def plot_padding_levels(pads_s, rms_dbfs, lufs, *, pad_s: float, speech_s: float, title: str = ""):
    """RMS and integrated loudness of a clip against the silence appended to it.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    pads_s : array, shape (n,)
        Seconds of silence appended.
    rms_dbfs, lufs : array, shape (n,)
        RMS (dBFS) and integrated loudness (LUFS) at each padding.
    pad_s : float
        The padding to mark (the nearest entry of ``pads_s``).
    speech_s : float
        Length of the clip itself, seconds (for the axis label).
    title : str
        Axes title.

    Returns
    -------
    matplotlib.figure.Figure
        Change it with :func:`update_padding_levels`.
    """
    import matplotlib.pyplot as plt

    _padding_arrays(pads_s, rms_dbfs, lufs)
    fig, ax = plt.subplots(figsize=(7, 3))
    fig.subplots_adjust(left=0.1, right=0.97, top=0.9, bottom=0.16)  # fixed, whatever the title
    ax.plot([], [], color="tab:blue", label="RMS (dBFS)", gid="RMS")
    ax.plot([], [], color="tab:red", label="loudness (LUFS)", gid="loudness")
    ax.plot([], [], "ko", ms=5, gid="padding", zorder=2.6, animated=True)
    ax.set_ylabel("level (dB)")
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)
    ax.title.set_animated(True)
    update_padding_levels(fig, pads_s, rms_dbfs, lufs, pad_s=pad_s, speech_s=speech_s, title=title)
    return fig


def update_padding_levels(
    fig, pads_s, rms_dbfs, lufs, *, pad_s: float, speech_s: float, title: str = ""
) -> None:
    """Mark another padding (or show other curves) in a figure of :func:`plot_padding_levels`.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        Made by :func:`plot_padding_levels`.
    pads_s, rms_dbfs, lufs, pad_s, speech_s, title
        As for :func:`plot_padding_levels`.
    """
    ax = _view_axes(fig, "padding")
    pads_s, rms_dbfs, lufs = _padding_arrays(pads_s, rms_dbfs, lufs)
    i = int(np.argmin(np.abs(pads_s - _checks.real_number(pad_s, "pad_s"))))
    speech_s = _checks.real_number(speech_s, "speech_s", positive=True)
    title = _text(title, "title")
    # The curves, limits and label change only with other data: set them only then, so that
    # moving the mark repaints just the mark and the title.
    _set_if_changed(_by_gid(ax, "RMS")[0], pads_s, rms_dbfs)
    _set_if_changed(_by_gid(ax, "loudness")[0], pads_s, lufs)
    (marks,) = _by_gid(ax, "padding")
    marks.set_data([pads_s[i]] * 2, [rms_dbfs[i], lufs[i]])
    low, high = min(rms_dbfs.min(), lufs.min()), max(rms_dbfs.max(), lufs.max())
    pad = 0.05 * (pads_s.max() - pads_s.min()) or 0.5
    if tuple(ax.get_xlim()) != (pads_s.min() - pad, pads_s.max() + pad):
        ax.set_xlim(pads_s.min() - pad, pads_s.max() + pad)
    _set_ylim_if_changed(ax, low - 0.6 * (high - low) - 1, high + 1)  # room for the legend
    xlabel = f"silence appended to {speech_s:.1f} s of speech (s)"
    if ax.get_xlabel() != xlabel:
        ax.set_xlabel(xlabel)
    _moving_title(ax, title, fontsize=9)


# ---- notebooks/05_mu_law.ipynb

__all__ += [
    "plot_g711_segments",
    "plot_quantizers",
    "plot_requantization",
    "plot_snr_vs_level",
    "update_quantizers",
]


def _legend_below(fig, handles, labels, *, ncol: int):
    """A figure legend in a strip under the axes, so that it covers no data."""
    return fig.legend(
        handles, labels, loc="lower center", ncol=ncol, fontsize=8, frameon=False, borderaxespad=0.3
    )


def plot_snr_vs_level(
    levels_dbfs,
    snr_by_codec,
    *,
    styles=None,
    models=None,
    band_dbfs=None,
    ylim_db=None,
    title: str | None = None,
):
    """SNR against input level, one panel per test signal, for several quantizers.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    levels_dbfs : array, shape (levels,)
        Input (peak) levels in dBFS, the x axis.
    snr_by_codec : mapping name → mapping signal → array of shape (levels,)
        The measured SNR in dB, e.g. ``{"8-bit μ-law": {"sine": …, "speech": …}}``; every codec
        has the same signals, which become the panels (in order).
    styles : mapping name → dict, optional
        Matplotlib line keywords per codec (``color``, ``ls``, ``lw`` …); default solid lines.
    models : mapping label → (signal, array, dict), optional
        Theoretical curves drawn thin and black (dashed unless the dict says otherwise), over
        the measured ones, in the panel of ``signal``.
    band_dbfs : (float, float), optional
        A range of levels to shade in every panel.
    ylim_db : (float, float), optional
        Limits of the SNR axis.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Its legend sits below the panels.
    """
    import matplotlib.pyplot as plt

    levels = np.asarray(levels_dbfs, dtype=float)
    if levels.ndim != 1 or levels.size < 2:
        raise ValueError(f"levels_dbfs must be a 1-D array of ≥ 2 levels, got {levels.shape}")
    if not snr_by_codec:
        raise ValueError("snr_by_codec is empty: give at least one codec's SNR curves")
    signals = list(next(iter(snr_by_codec.values())))
    styles = dict(styles or {})
    fig, axes = plt.subplots(1, len(signals), figsize=(10, 4.3), sharey=True, squeeze=False)
    axes = axes[0]
    for ax, kind in zip(axes, signals, strict=True):
        for name, curves in snr_by_codec.items():
            style = {"lw": 2, **styles.get(name, {})}
            ax.plot(levels, np.asarray(curves[kind], dtype=float), label=name, **style)
        for label, (signal, values, style) in (models or {}).items():
            if signal == kind:
                style = {"color": "k", "ls": "--", "lw": 1.0, "zorder": 3, **style}
                ax.plot(levels, values, label=label, **style)
        if band_dbfs is not None:
            lo, hi = band_dbfs
            span = f"{lo:g} … {hi:g} dBFS".replace("-", "−")
            ax.axvspan(lo, hi, color="0.5", alpha=0.08, label=span)
        ax.set(title=kind, xlabel="peak input level (dBFS)", xlim=(levels.min(), levels.max()))
        if ylim_db is not None:
            ax.set_ylim(*ylim_db)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("SNR (dB)")
    handles, labels = {}, {}
    for ax in axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(lab, h)
    labels = list(handles)
    if title:
        fig.suptitle(title)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    _legend_below(fig, [handles[lab] for lab in labels], labels, ncol=4)
    return fig


def plot_g711_segments(
    levels_x,
    deviation_steps,
    *,
    curve_x,
    curve_y,
    chord_model=None,
    steps_per_segment: int = 16,
):
    """G.711's segments against the continuous μ-law curve, and where its chords leave it.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    levels_x : array, shape (codes,)
        The decoded level of each positive code u = 0 … codes − 1, as a fraction of full
        scale (increasing).
    deviation_steps : array, shape (codes,)
        G.711's position minus the continuous curve's at each level, in code steps.
    curve_x, curve_y : array
        The continuous compression curve (x ≥ 0, increasing) and its values in [0, 1].
    chord_model : (array, array), optional
        A theoretical deviation ``(u, steps)`` drawn as a thin line over the bars.
    steps_per_segment : int
        Codes per segment (16 in G.711): segments alternate in shade and are numbered.

    Returns
    -------
    matplotlib.figure.Figure
        Left: code position u/codes against x on a log axis, segments shaded. Right: the
        deviation per code, segment starts marked.
    """
    import matplotlib.pyplot as plt

    x = np.asarray(levels_x, dtype=float)
    dev = np.asarray(deviation_steps, dtype=float)
    if x.ndim != 1 or dev.shape != x.shape:
        raise ValueError(f"levels_x and deviation_steps need one shape, got {x.shape}, {dev.shape}")
    n = x.size
    if n % steps_per_segment:
        raise ValueError(f"{n} codes are not whole segments of {steps_per_segment}")
    u = np.arange(n)
    starts = u[::steps_per_segment]
    positive = x[x > 0]
    x_min = positive.min() / 2
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.5, 4.2))
    edges = [x_min, *x[starts[1:]], 1.0]
    for s, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        ax1.axvspan(lo, hi, color="C1" if s % 2 else "C0", alpha=0.13, lw=0)
        ax1.text(np.sqrt(lo * hi), 1.02, str(s), ha="center", va="bottom", fontsize=8)
    for edge in edges[1:-1]:
        ax1.axvline(edge, color="0.35", lw=0.9, ls=":")
    keep = np.asarray(curve_x) > 0
    ax1.plot(
        np.asarray(curve_x)[keep], np.asarray(curve_y)[keep], "k--", lw=1, label="continuous F"
    )
    ax1.plot(x[1:], u[1:] / n, ".", color="C3", ms=3.5, label="G.711 levels (u/128)")
    ax1.plot(x[starts[1:]], starts[1:] / n, "o", mfc="none", mec="k", ms=6, label="segment starts")
    ax1.set_xscale("log")
    ax1.set(
        xlim=(x_min, 1),
        ylim=(0, 1.1),
        xlabel="input x (fraction of full scale, log axis)",
        ylabel="code position u / 128",
    )
    ax1.set_title("8 segments (numbered), each twice as wide as the last", pad=16)
    ax1.legend(fontsize=8, loc="upper left", bbox_to_anchor=(0.0, 0.9))
    ax1.grid(alpha=0.3, which="both", axis="y")

    in_segment = u % steps_per_segment != 0
    ax2.bar(u[in_segment], dev[in_segment], width=1.0, color="C1", label="inside a segment")
    ax2.plot(starts, dev[starts], "o", mfc="none", mec="k", ms=6, label="segment starts")
    if chord_model is not None:
        cu, cdev = chord_model
        ax2.plot(cu, cdev, color="k", lw=0.7, label="chord model")
    ax2.set(
        xlabel="positive code u = 16·segment + step",
        ylabel="G.711 − continuous (steps)",
        title="where the chords leave the curve",
        xlim=(-2, n + 1),
        ylim=(-0.3, 1.6),
    )
    ax2.legend(fontsize=8, loc="upper center", ncol=3, frameon=False)
    ax2.grid(alpha=0.3)
    fig.tight_layout()
    return fig


def plot_requantization(t_ms, original, versions, *, title: str | None = None):
    """A waveform excerpt and its quantized versions, one panel each, original underneath.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    t_ms : array, shape (samples,)
        Time in milliseconds.
    original : array, shape (samples,)
        The reference waveform, drawn as a wide grey band in every panel.
    versions : mapping label → (array, color)
        Each quantized version, drawn as a thin step line over the band in its own panel.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Legends sit to the right of the panels.
    """
    import matplotlib.pyplot as plt

    t = np.asarray(t_ms, dtype=float)
    ref = np.asarray(original, dtype=float)
    if t.ndim != 1 or ref.shape != t.shape:
        raise ValueError(f"t_ms and original need one 1-D shape, got {t.shape}, {ref.shape}")
    if not versions:
        raise ValueError("versions is empty: give at least one quantized version")
    fig, axes = plt.subplots(
        len(versions), 1, figsize=(10, 1.1 + 1.9 * len(versions)), sharex=True, sharey=True
    )
    axes = np.atleast_1d(axes)
    for ax, (label, (y, color)) in zip(axes, versions.items(), strict=True):
        ax.plot(t, ref, color="0.72", lw=4.5, solid_capstyle="round", label="16-bit original")
        ax.step(t, np.asarray(y, dtype=float), where="mid", color=color, lw=1.1, label=label)
        ax.set_ylabel("amplitude")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0)
    axes[-1].set_xlabel("time (ms)")
    axes[-1].set_xlim(t.min(), t.max())
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


_QUANTIZER_COLORS = ("C0", "C3", "C2", "C1")
_QUANTIZER_XS = np.linspace(-1, 1, 2001)


def _quantizer_data(tone, sr, quantizers, bits, level_dbfs, curve_levels_dbfs, cache):
    """What the quantizer figure shows, per quantizer; SNR curves reused from ``cache``."""
    from audiolevels.mulaw import snr_db
    from audiolevels.signals import db_to_amplitude

    sr = _checks.sample_rate(sr)
    bits = _checks.integer(bits, "bits", min=1, max=16)
    if not quantizers:
        raise ValueError("quantizers is empty: give name → quantize function")
    if len(quantizers) > len(_QUANTIZER_COLORS):
        raise ValueError(f"quantizers: at most {len(_QUANTIZER_COLORS)}, got {len(quantizers)}")
    if cache is not None and not isinstance(cache, dict):
        raise TypeError(f"cache must be a dict or None, got {type(cache).__name__}")
    level_dbfs = _checks.real_number(level_dbfs, "level_dbfs")
    a = float(db_to_amplitude(level_dbfs))
    n_codes = 2**bits - 1
    sine = np.asarray(tone, dtype=float)
    x = a * sine
    levels = np.asarray(curve_levels_dbfs, dtype=float)
    gains = db_to_amplitude(levels)
    n = min(80, x.size)
    edge = np.array([-a, a])
    rows = []
    for label, (encode, decode) in quantizers.items():
        lo, hi = (int(c) for c in encode(edge))  # both quantizers are monotonic
        y = decode(encode(x))
        now = snr_db(x, y)
        k = hi - lo + 1
        key = (label, bits, levels.tobytes())
        snr = None if cache is None else cache.get(key)
        if snr is None:
            snr = np.array([snr_db(g * sine, decode(encode(g * sine))) for g in gains])
            if cache is not None:
                cache[key] = snr
        rows.append(
            {
                "text": f"{label}: {k} code{'s' * (k != 1)}, SNR {now:.1f} dB",
                "codes": encode(_QUANTIZER_XS) / n_codes * 2 - 1,
                "error": (y - x)[:n],
                "snr": snr,
                "now": now,
            }
        )
    t_ms = np.arange(n) / sr * 1000
    # Limits that hold every level up to full scale, so that a level move keeps the axes (and
    # their ticks) and a view repaints only the curves: the error is largest at full scale.
    full = sine[:n]
    worst = [np.max(np.abs(dec(enc(full)) - full)) for enc, dec in quantizers.values()]
    worst = max([*worst, *(np.max(np.abs(r["error"])) for r in rows)])
    snr_all = np.concatenate([r["snr"] for r in rows] + [[r["now"] for r in rows]])
    snr_all = snr_all[np.isfinite(snr_all)]
    lo_db, hi_db = (float(snr_all.min()), float(snr_all.max())) if snr_all.size else (0.0, 1.0)
    x_lo, x_hi = min(levels.min(), level_dbfs), max(levels.max(), level_dbfs)
    limits = [
        ((-1.1, 1.1), (-1.1, 1.1)),
        (_margins(t_ms[0], t_ms[-1]), (-_nice_ceil(1.05 * worst), _nice_ceil(1.05 * worst))),
        (
            _margins(x_lo, x_hi),
            (10.0 * math.floor((lo_db - 2) / 10), 10.0 * math.ceil((hi_db + 2) / 10)),
        ),
    ]
    return {
        "rows": rows,
        "limits": limits,
        "t_ms": t_ms,
        "a": a,
        "levels": levels,
        "level_dbfs": level_dbfs,
        "title": f"codes (of {2**bits}) and SNR at this level",
        "span": f"signal ±{a:.3g}",
    }


def _nice_ceil(v: float) -> float:
    """The smallest of 1, 2, 5 × 10^k at or above ``v`` (1 for v ≤ 0)."""
    if not v > 0:
        return 1.0
    k = 10.0 ** math.floor(math.log10(v))
    return next(m * k for m in (1, 2, 5, 10) if m * k >= v * (1 - 1e-12))


def _margins(lo: float, hi: float) -> tuple[float, float]:
    pad = 0.05 * (hi - lo) if hi > lo else 0.5
    return float(lo - pad), float(hi + pad)


def _set_limits(axes, limits) -> None:
    """Set each axes' limits, leaving those already there alone (a view then redraws only
    the animated artists)."""
    for ax, (xlim, ylim) in zip(axes, limits, strict=True):
        if ax.get_xlim() != xlim:
            ax.set_xlim(*xlim)
        if ax.get_ylim() != ylim:
            ax.set_ylim(*ylim)


def plot_quantizers(
    tone, sr, quantizers, *, bits: int, level_dbfs: float, curve_levels_dbfs, cache=None
):
    """Two quantizers side by side: code curves, the error on a sine, SNR against level.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    tone : array, shape (samples,)
        A full-scale test signal (a sine), scaled to each level.
    sr : float
        Its sample rate in Hz (for the time axis of the error panel).
    quantizers : mapping label → (encode, decode)
        ``encode(x)`` gives codes 0 … 2**bits − 1, ``decode(codes)`` gives values back; at
        most four.
    bits : int
        Bits per code (the codes are scaled to ±1 for the first panel).
    level_dbfs : float
        The peak level of the sine shown: shaded in the first panel, marked in the third; the
        legend (below the panels) gives the codes it reaches and the SNR.
    curve_levels_dbfs : array
        Levels at which the third panel measures the SNR.
    cache : dict, optional
        Kept between calls (a view's ``fixed=`` state): each SNR curve is stored under
        (label, bits, levels) and reused, so a label must name one quantizer (e.g. with its μ).

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    d = _quantizer_data(tone, sr, quantizers, bits, level_dbfs, curve_levels_dbfs, cache)
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(11, 3.9))
    # What a slider moves is animated, drawn over the cached rest (widgets.InteractiveView),
    # above the spines and the grid; the limits are fixed (see _quantizer_data).
    style = dict(zorder=_MOVING_Z + 0.1, animated=True)
    for row, color in zip(d["rows"], _QUANTIZER_COLORS, strict=False):
        ax1.plot(_QUANTIZER_XS, row["codes"], color=color, lw=1, label=row["text"], **style)
        ax2.plot(d["t_ms"], row["error"], color=color, lw=1, **style)
        ax3.plot(d["levels"], row["snr"], color=color, **style)
        dot = dict(style, zorder=_MOVING_Z + 0.2)
        ax3.plot([d["level_dbfs"]], [row["now"]], "o", color=color, mec="k", ms=5, **dot)
    span = ax1.axvspan(-d["a"], d["a"], color="0.5", alpha=0.2, label=d["span"])
    span.set(zorder=_MOVING_Z, animated=True)
    ax1.set(xlabel="input x", ylabel="code (scaled to ±1)")
    ax1.set_title(d["title"], fontsize=10)
    ax1.title.set_animated(True)
    # the legend below the panels belongs to ax1: matplotlib leaves a figure's animated
    # artists out of a saved PNG
    legend = ax1.legend(
        *ax1.get_legend_handles_labels(),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=fig.transFigure,
        ncol=3,
        fontsize=8,
        frameon=False,
        borderaxespad=0.3,
    )
    legend.set_animated(True)
    ax2.set(xlabel="time (ms)", ylabel="error")
    ax2.ticklabel_format(axis="y", style="sci", scilimits=(-2, 2))
    ax2.set_title("quantization error", fontsize=10)
    ax3.set(xlabel="peak level (dBFS)", ylabel="SNR (dB)")
    ax3.set_title("SNR against level (dots: this level)", fontsize=10)
    for ax in (ax1, ax2, ax3):
        ax.grid(alpha=0.3)
    # μ and bits move the error and SNR limits: those y axes (ticks, labels, grid) and the
    # spines drawn over them are a cached middle layer, repainted over the rest only when a
    # limit changed, instead of a redraw of every tick label (zorders 1.5 and 2.5 keep a full
    # draw's order)
    for ax in (ax2, ax3):
        for artist in (ax.yaxis, *ax.spines.values()):
            artist.set_animated(True)
            setattr(artist, _MIDDLE_LAYER, True)
    _set_limits((ax1, ax2, ax3), d["limits"])
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.27, top=0.92, wspace=0.35)
    fig._audiolevels_plot = "plot_quantizers"
    return fig


def update_quantizers(
    fig, tone, sr, quantizers, *, bits: int, level_dbfs: float, curve_levels_dbfs, cache=None
):
    """Redraw a :func:`plot_quantizers` figure in place for new settings (a slider move).

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by :func:`plot_quantizers` for as many quantizers, the same
        ``tone``, ``sr`` and ``curve_levels_dbfs``.
    tone, sr, quantizers, bits, level_dbfs, curve_levels_dbfs, cache
        As for :func:`plot_quantizers`.

    Returns
    -------
    None
        The figure then shows what ``plot_quantizers`` would draw for these arguments: the
        curves, the shaded signal range, the axis limits, the legend and the titles.
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure) or getattr(fig, "_audiolevels_plot", None) != "plot_quantizers":
        raise TypeError(
            f"fig must be a Figure returned by plot_quantizers, got {type(fig).__name__}"
        )
    d = _quantizer_data(tone, sr, quantizers, bits, level_dbfs, curve_levels_dbfs, cache)
    ax1, ax2, ax3 = fig.axes[:3]
    code_lines, error_lines = ax1.get_lines(), ax2.get_lines()
    snr_lines, dots = ax3.get_lines()[0::2], ax3.get_lines()[1::2]
    if len(code_lines) != len(d["rows"]) or len(error_lines[0].get_xdata()) != len(d["t_ms"]):
        raise ValueError(
            f"fig shows {len(code_lines)} quantizers of a {len(error_lines[0].get_xdata())}-"
            f"sample tone excerpt; got {len(d['rows'])} quantizers and {len(d['t_ms'])} samples"
        )
    for i, row in enumerate(d["rows"]):
        code_lines[i].set_ydata(row["codes"])
        code_lines[i].set_label(row["text"])
        error_lines[i].set_ydata(row["error"])
        snr_lines[i].set_data(d["levels"], row["snr"])
        dots[i].set_data([d["level_dbfs"]], [row["now"]])
    span = ax1.patches[0]
    span.set_x(-d["a"])
    span.set_width(2 * d["a"])
    span.set_label(d["span"])
    labels = [r["text"] for r in d["rows"]] + [d["span"]]
    with _moving_only(ax1):  # the legend's texts report to ax1; the legend is animated
        for text, label in zip(ax1.get_legend().get_texts(), labels, strict=True):
            text.set_text(label)
    ax1.title.set_text(d["title"])  # animated, as are the legend and the curves
    for ax, (_xlim, ylim) in zip((ax2, ax3), d["limits"][1:], strict=True):
        with _moving_only(ax):  # only animated artists and the animated y axis show it
            if ax.get_ylim() != ylim:
                ax.set_ylim(*ylim)
    _set_limits((ax1, ax2, ax3), d["limits"])


# ---- notebooks/04_decoding_equality.ipynb

__all__ += [
    "plot_codec_spectra",
    "plot_decode_speed",
    "plot_difference_spectrum",
    "plot_feature_differences",
    "plot_pre_echo",
    "update_difference_spectrum",
]


def _check_curves(freqs_hz, curves: dict, name: str) -> np.ndarray:
    f = np.asarray(freqs_hz, dtype=float)
    if f.ndim != 1 or f.size < 2:
        raise ValueError(f"freqs_hz must be a 1-D array of at least 2 frequencies, got {f.shape}")
    if not curves:
        raise ValueError(f"{name} is empty: pass label → values")
    for label, values in curves.items():
        if np.shape(values) != f.shape:
            raise ValueError(
                f"{name}[{label!r}] has shape {np.shape(values)}, freqs_hz has {f.shape}"
            )
    return f


def plot_codec_spectra(
    freqs_hz,
    spectra_db: dict,
    difference_db: dict,
    *,
    cutoffs_hz: dict | None = None,
    fmin_hz: float = 50.0,
    fmax_hz: float = 22050.0,
):
    """Spectra of an original and its encodes (left), spectra of their differences (right).

    Taught in notebooks/04_decoding_equality.ipynb.

    Parameters
    ----------
    freqs_hz : array, shape (bins,)
    spectra_db : dict
        Label → spectrum in dB (e.g. Welch PSD), drawn on the left; the first is the original.
    difference_db : dict
        Label → spectrum of a difference signal in dB, drawn on the right.
    cutoffs_hz : dict, optional
        Label → low-pass edge in Hz, marked on the left with a dotted line of the label's colour.
    fmin_hz, fmax_hz : float
        Frequency range.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    f = _check_curves(freqs_hz, spectra_db, "spectra_db")
    _check_curves(f, difference_db, "difference_db")
    keep = (f >= fmin_hz) & (f <= fmax_hz)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
    colors = {}
    for i, (label, db) in enumerate(spectra_db.items()):
        style = {"color": "k", "lw": 1.6} if i == 0 else {"lw": 1.0}
        (line,) = ax1.plot(f[keep], np.asarray(db)[keep], label=label, **style)
        colors[label] = line.get_color()
    for label, edge in (cutoffs_hz or {}).items():
        ax1.axvline(edge, color=colors.get(label, "0.5"), ls=":", lw=1.2)
    others = iter(["C4", "C5", "C6", "C7", "C8", "C9"])  # differences with no spectrum of theirs
    for label, db in difference_db.items():
        color = colors[label] if label in colors else next(others, "0.3")
        ax2.plot(f[keep], np.asarray(db)[keep], lw=1.0, label=label, color=color)
    values = np.concatenate(
        [np.asarray(db)[keep] for db in [*spectra_db.values(), *difference_db.values()]]
    )
    values = values[np.isfinite(values)]
    top = float(values.max())
    # Room above the data for the legends (two columns), so that they cover no curve.
    ax1.set_ylim(float(values.min()) - 5, top + 0.55 * (top - float(values.min())))
    for ax, title in ((ax1, "spectra"), (ax2, "spectra of the differences (decoded − original)")):
        log_freq_axis(ax, fmin_hz=fmin_hz, fmax_hz=fmax_hz)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=8, loc="upper right", ncols=2)
    ax1.set_ylabel("PSD (dB re full scale²/Hz)")
    fig.tight_layout()
    return fig


def plot_pre_echo(t_ms, envelopes_db: dict, *, onset_ms: float = 0.0, floor_db: float = -100.0):
    """Short-time level around a transient: energy an encoder smears before the onset.

    Taught in notebooks/04_decoding_equality.ipynb.

    Parameters
    ----------
    t_ms : array, shape (frames,)
        Time of each envelope value in ms.
    envelopes_db : dict
        Label → level in dBFS at ``t_ms``; the first is the original.
    onset_ms : float
        Where the transient starts (a vertical line; the region before it is shaded).
    floor_db : float
        Bottom of the level axis.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    t = _check_curves(t_ms, envelopes_db, "envelopes_db")
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.axvspan(t[0], onset_ms, color="0.92", zorder=0)
    for i, (label, db) in enumerate(envelopes_db.items()):
        style = {"color": "k", "lw": 2.0} if i == 0 else {"lw": 1.2}
        ax.plot(t, np.maximum(np.asarray(db), floor_db), label=label, **style)
    ax.axvline(onset_ms, color="0.4", lw=0.8)
    ax.set(xlabel="time from the onset (ms)", ylabel="short-time level (dBFS)")
    ax.set_xlim(t[0], t[-1])
    ax.set_ylim(floor_db, 0)
    ax.grid(alpha=0.3)
    ax.text(onset_ms, floor_db + 3, " onset", fontsize=8, color="0.3")
    ax.text(t[0], -4, "  before the onset: silence in the original", va="top", fontsize=8)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def plot_feature_differences(
    images: dict, *, sr: int, hop_length: int, vmax: float, units: str = "dB"
):
    """Feature matrices side by side (e.g. log-mel differences), one shared colour scale.

    Taught in notebooks/04_decoding_equality.ipynb.

    Parameters
    ----------
    images : dict
        Title → array, shape (bins, frames); all the same shape.
    sr : int
        Sample rate of the audio the features came from (for the time axis).
    hop_length : int
        Hop in samples between frames.
    vmax : float
        The colour scale spans −vmax … +vmax.
    units : str
        Colour bar label.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    if not images:
        raise ValueError("images is empty: pass title → (bins, frames) array")
    shapes = {np.shape(a) for a in images.values()}
    if len(shapes) != 1 or len(next(iter(shapes))) != 2:
        raise ValueError(f"images must be 2-D arrays of one shape, got shapes {sorted(shapes)}")
    bins, frames = next(iter(shapes))
    extent = (0, frames * hop_length / sr, 0, bins)
    fig, axes = plt.subplots(1, len(images), figsize=(3.6 * len(images) + 1, 3.2), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (title, image) in zip(axes, images.items(), strict=True):
        im = ax.imshow(
            image,
            origin="lower",
            aspect="auto",
            cmap="RdBu_r",
            vmin=-vmax,
            vmax=vmax,
            extent=extent,
            interpolation="nearest",
        )
        ax.set_title(title, fontsize=9)
        ax.set_xlabel("time (s)")
    axes[0].set_ylabel("mel band")
    fig.colorbar(im, ax=list(axes), label=units, shrink=0.9)
    return fig


def plot_decode_speed(speeds: dict, *, formats, backends):
    """Grouped bars of decode speed (x realtime, log scale) per format and backend.

    Taught in notebooks/04_decoding_equality.ipynb.

    Parameters
    ----------
    speeds : dict
        ``(format, backend)`` → x realtime; a missing pair (no decoder) leaves a gap.
    formats, backends : sequence of str
        Order of the groups and of the bars in a group.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    formats, backends = list(formats), list(backends)
    values = [v for v in speeds.values()]
    if not values or min(values) <= 0:
        raise ValueError("speeds must map (format, backend) to positive x-realtime values")
    fig, ax = plt.subplots(figsize=(9, 3.6))
    width = 0.8 / len(backends)
    for j, backend in enumerate(backends):
        xs = [i for i, f in enumerate(formats) if (f, backend) in speeds]
        ys = [speeds[formats[i], backend] for i in xs]
        ax.bar(np.array(xs) + (j - (len(backends) - 1) / 2) * width, ys, width, label=backend)
    ax.set_yscale("log")
    ax.set_xticks(range(len(formats)), formats)
    ax.set_ylim(min(values) / 2, max(values) * 6)
    ax.set(ylabel="decode speed (x realtime)")
    ax.grid(axis="y", which="both", alpha=0.3)
    ax.legend(fontsize=8, ncols=len(backends), loc="upper right")
    fig.tight_layout()
    return fig


def _difference_curves(freqs_hz, original_db, error_db, decoder_db, labels):
    labels = tuple(labels)
    if len(labels) != 3 or len(set(labels)) != 3 or not all(isinstance(t, str) for t in labels):
        raise ValueError(f"labels must be three different legend entries (str), got {labels!r}")
    curves = dict(zip(labels, (original_db, error_db, decoder_db), strict=True))
    f = _check_curves(freqs_hz, curves, "spectra")
    keep = (f >= 50) & (f <= 22050)
    return f[keep], {label: np.asarray(db, dtype=float)[keep] for label, db in curves.items()}


def _difference_ylim(curves: dict) -> tuple[float, float]:
    values = np.concatenate(list(curves.values()))
    values = values[np.isfinite(values)]
    if not values.size:
        raise ValueError("spectra have no finite value between 50 Hz and 22.05 kHz")
    low, high = float(values.min()), float(values.max())
    # the legend's row above the data; snapped to 20 dB so that most slider moves keep the
    # limits (and the ticks), and a view repaints only the curves
    low = 20.0 * math.floor((low - 5) / 20.0)
    return low, 20.0 * math.ceil((high + 0.3 * (high - low)) / 20.0)


def plot_difference_spectrum(
    freqs_hz,
    original_db,
    error_db,
    decoder_db,
    *,
    labels=("original", "encode error", "decoder difference"),
    title: str = "",
):
    """One encode's error spectrum against the original, and one decoder pair's difference.

    Taught in notebooks/04_decoding_equality.ipynb (the slider view).

    Parameters
    ----------
    freqs_hz : array, shape (bins,)
    original_db, error_db, decoder_db : array, shape (bins,)
        Spectra in dB of the original, of decoded − original, and of decoder A − decoder B.
    labels : tuple of 3 str
        Legend entries of the three curves.
    title : str

    Returns
    -------
    matplotlib.figure.Figure
        Fixed margins (room for a two-line title), so that :func:`update_difference_spectrum`
        redraws it in place without a new layout.
    """
    import matplotlib.pyplot as plt

    f, curves = _difference_curves(freqs_hz, original_db, error_db, decoder_db, labels)
    title = _check_title_04(title)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for (label, db), color in zip(curves.items(), ("k", "C3", "C0"), strict=True):
        # what a slider moves is animated, drawn over the cached rest (widgets.InteractiveView)
        ax.plot(f, db, color=color, lw=1.0, label=label, zorder=_MOVING_Z, animated=True)
    log_freq_axis(ax, fmin_hz=50, fmax_hz=22050)
    ax.set_ylim(*_difference_ylim(curves))
    ax.set(ylabel="PSD (dB re full scale²/Hz)")
    ax.set_title(title, fontsize=9)
    ax.title.set_animated(True)
    ax.legend(fontsize=8, loc="upper right", ncols=3).set_animated(True)
    fig.subplots_adjust(left=0.1, right=0.98, bottom=0.15, top=0.85)
    fig._audiolevels_plot = "plot_difference_spectrum"
    return fig


def _check_title_04(title):
    if not isinstance(title, str):
        raise TypeError(f"title must be a str, got {type(title).__name__}")
    return title


def update_difference_spectrum(
    fig,
    freqs_hz,
    original_db,
    error_db,
    decoder_db,
    *,
    labels=("original", "encode error", "decoder difference"),
    title: str = "",
):
    """Redraw a :func:`plot_difference_spectrum` figure in place (a slider move).

    Taught in notebooks/04_decoding_equality.ipynb (the slider view).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by :func:`plot_difference_spectrum`.
    freqs_hz, original_db, error_db, decoder_db, labels, title
        As for :func:`plot_difference_spectrum`.

    Returns
    -------
    None
        The figure then shows what ``plot_difference_spectrum`` would draw for these
        arguments: the curves, the y limits, the legend entries and the title.
    """
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure) or getattr(fig, "_audiolevels_plot", None) != (
        "plot_difference_spectrum"
    ):
        raise TypeError(
            f"fig must be a Figure returned by plot_difference_spectrum, got {type(fig).__name__}"
        )
    f, curves = _difference_curves(freqs_hz, original_db, error_db, decoder_db, labels)
    title = _check_title_04(title)
    ax = fig.axes[0]
    legend = ax.get_legend()
    for line, text, (label, db) in zip(
        ax.get_lines(), legend.get_texts(), curves.items(), strict=True
    ):
        line.set_data(f, db)
        line.set_label(label)
        with _moving_only(ax):  # the legend's texts report to ax; the legend is animated
            text.set_text(label)
    ylim = _difference_ylim(curves)
    if ax.get_ylim() != ylim:  # a new limit (and ticks): the view redraws the whole figure
        ax.set_ylim(*ylim)
    ax.title.set_text(title)


# ---- notebooks/07_data_pipeline.ipynb

__all__ += ["update_load_vs_length", "update_throughput_bars"]

_LOSSY = ("mp3", "ogg", "opus")


def _new_ax(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


def _plain_log_ticks(*axes, subs: tuple[float, ...] = (1.0, 2.0, 5.0)) -> None:
    """Log axes labelled 1, 2, 5, 10, 20 … in plain numbers (no minor ticks: cheap to draw)."""
    from matplotlib import ticker

    def label(v, _pos):
        return f"{v:,.0f}" if v >= 1 else f"{v:g}"

    for axis in axes:
        axis.set_major_locator(ticker.LogLocator(base=10, subs=subs))
        axis.set_minor_locator(ticker.NullLocator())
        axis.set_major_formatter(ticker.FuncFormatter(label))


def _check_positive_map(values: object, name: str) -> dict:
    if not isinstance(values, dict) or not values:
        raise TypeError(f"{name} must be a non-empty dict, got {type(values).__name__}")
    return values


def plot_size_speed(sizes_mb_per_hour: dict, speeds_x: dict, *, ax=None):
    """Scatter of disk size (MB per hour of audio) against load speed (x realtime) per format.

    Taught in notebooks/07_data_pipeline.ipynb.

    Parameters
    ----------
    sizes_mb_per_hour, speeds_x : dict
        Format name → MB per hour of audio, and → seconds of audio loaded per wall second.
        Lossy formats (mp3, ogg, opus) are drawn as open circles, the others filled.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Figure
    """
    _check_positive_map(sizes_mb_per_hour, "sizes_mb_per_hour")
    _check_positive_map(speeds_x, "speeds_x")
    if set(sizes_mb_per_hour) != set(speeds_x):
        raise ValueError("sizes_mb_per_hour and speeds_x must have the same formats")
    fig, ax = _new_ax(ax, (7.5, 4.2))
    placed: list[tuple[float, float]] = []
    # fastest first, so that of two close points the slower one takes the label below
    for name in sorted(sizes_mb_per_hour, key=lambda f: -float(speeds_x[f])):
        size = _checks.real_number(sizes_mb_per_hour[name], f"size of {name}", positive=True)
        speed = _checks.real_number(speeds_x[name], f"speed of {name}", positive=True)
        lossy = name in _LOSSY
        # a point within 20 % of one already labelled gets its label below, not on top
        near = any(0.8 < size / s < 1.25 and 0.8 < speed / v < 1.25 for s, v in placed)
        placed.append((size, speed))
        ax.scatter(
            size,
            speed,
            s=60,
            facecolors="none" if lossy else "C0",
            edgecolors="C3" if lossy else "C0",
            label=None,
        )
        ax.annotate(
            name,
            (size, speed),
            xytext=(6, -11 if near else 3),
            textcoords="offset points",
            fontsize=8,
        )
    ax.scatter([], [], s=60, color="C0", label="lossless (int16 / float32)")
    ax.scatter([], [], s=60, facecolors="none", edgecolors="C3", label="lossy codec")
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="disk size (MB per hour of audio)",
        ylabel="load speed (x realtime)",
        title="size against loading speed, one worker, shuffled",
    )
    _plain_log_ticks(ax.xaxis, ax.yaxis)
    ax.margins(x=0.12, y=0.08)  # room for the labels of the right-most points
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.subplots_adjust(left=0.11, right=0.97, top=0.92, bottom=0.13)  # fixed: renders fast
    return fig


def _drawn_by(fig: object, plot: str):
    """The Axes of ``fig`` if ``plot`` drew it (its gid), else TypeError."""
    from matplotlib.figure import Figure

    axes = fig.axes if isinstance(fig, Figure) else []
    if not axes or axes[0].get_gid() != plot:
        raise TypeError(f"fig must be a Figure drawn by {plot}, got {type(fig).__name__}")
    return axes[0]


def _bar_names(speeds_x: object, fmt: object, workers: object) -> tuple[list[str], str]:
    _check_positive_map(speeds_x, "speeds_x")
    names = [f for f, w in speeds_x if w == workers]
    if not names:
        raise ValueError(f"no measurements for workers={workers!r}")
    return names, _checks.choice(fmt, "fmt", names)


def plot_throughput_bars(speeds_x: dict, *, fmt: str, workers: int, ax=None):
    """Bars of load speed per format for one number of workers, ``fmt`` highlighted.

    Taught in notebooks/07_data_pipeline.ipynb.

    Parameters
    ----------
    speeds_x : dict
        ``(format, workers)`` → x realtime.
    fmt : str
        The format to highlight (and label with its speed).
    workers : int
        Which measurements to draw.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Figure
        Redraw it for other ``fmt``/``workers`` with :func:`update_throughput_bars`.
    """
    names, fmt = _bar_names(speeds_x, fmt, workers)
    fig, ax = _new_ax(ax, (6.4, 2.8))
    ax.set_gid("plot_throughput_bars")
    for bar, name in zip(ax.bar(names, np.ones(len(names))), names, strict=True):
        bar.set_gid(name)
    ax.annotate("", (0, 1.0), xytext=(0, 4), textcoords="offset points", ha="center", fontsize=9)
    ax.set_yscale("log")
    _plain_log_ticks(ax.yaxis, subs=(1.0,))
    ax.set_ylabel("x realtime (log)")
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    fig.subplots_adjust(left=0.14, right=0.98, top=0.89, bottom=0.25)  # fixed: renders fast
    update_throughput_bars(fig, speeds_x, fmt=fmt, workers=workers)
    return fig


def update_throughput_bars(fig, speeds_x: dict, *, fmt: str, workers: int) -> None:
    """Redraw a :func:`plot_throughput_bars` figure in place for other ``fmt``/``workers``.

    Taught in notebooks/07_data_pipeline.ipynb.

    Parameters
    ----------
    fig : matplotlib Figure
        Drawn by :func:`plot_throughput_bars`, with the same formats.
    speeds_x, fmt, workers
        As for :func:`plot_throughput_bars`.
    """
    ax = _drawn_by(fig, "plot_throughput_bars")
    names, fmt = _bar_names(speeds_x, fmt, workers)
    bars = list(ax.patches)
    if [b.get_gid() for b in bars] != names:
        raise ValueError(
            f"speeds_x for workers={workers!r} has formats {names}, the figure shows "
            f"{[b.get_gid() for b in bars]}: draw a new figure with plot_throughput_bars"
        )
    values = [
        _checks.real_number(speeds_x[f, workers], f"speed of {f}", positive=True) for f in names
    ]
    for bar, name, value in zip(bars, names, values, strict=True):
        bar.set_height(value)
        bar.set_facecolor("C1" if name == fmt else "0.75")
    label = ax.texts[0]
    label.xy = (names.index(fmt), speeds_x[fmt, workers])
    label.set_text(f"{speeds_x[fmt, workers]:.0f}x")
    ax.set_ylim(min(values) / 2, max(values) * 4)
    ax.set_title(f"{workers} worker(s), shuffled: {fmt}")


def _length_args(fits: object, stft_x: object, length_s: object) -> tuple[dict, float, float]:
    _check_positive_map(fits, "fits")
    stft_x = _checks.real_number(stft_x, "stft_x", positive=True)
    length_s = _checks.real_number(length_s, "length_s", positive=True)
    return fits, stft_x, length_s


def plot_load_vs_length(fits: dict, stft_x: float, *, length_s: float, ax=None):
    """Load speed against clip length from a per-item cost model, beside the STFT's speed.

    Each format's cost of one item is ``overhead_s + s_per_audio_s · length``, so its speed
    is ``length / (overhead_s + s_per_audio_s · length)`` x realtime; where a curve lies
    below the STFT's line, loading is the slower stage (the bottleneck).

    Taught in notebooks/07_data_pipeline.ipynb.

    Parameters
    ----------
    fits : dict
        Format → ``(overhead_s, s_per_audio_s)``.
    stft_x : float
        Speed of the STFT stage, x realtime.
    length_s : float
        The clip length to mark.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Figure
        Redraw it for another ``length_s`` with :func:`update_load_vs_length`.
    """
    fits, stft_x, length_s = _length_args(fits, stft_x, length_s)
    fig, ax = _new_ax(ax, (6.8, 3.4))
    ax.set_gid("plot_load_vs_length")
    for k, name in enumerate(fits):
        ls = "--" if name in _LOSSY else "-"
        ax.plot([], [], color=f"C{k}", ls=ls, label=name, gid=f"curve:{name}")
        # what a length move changes is animated: drawn over the cached rest
        ax.plot([], [], "o", color=f"C{k}", ms=5, gid=f"here:{name}", zorder=2.7, animated=True)
    ax.axhline(stft_x, color="k", lw=2, alpha=0.6, label="STFT stage", gid="stft")
    ax.axvline(length_s, color="0.5", lw=0.8, gid="length", zorder=_MOVING_Z, animated=True)
    ax.title.set_animated(True)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="clip length (s)",
        ylabel="x realtime (log)",
    )
    _plain_log_ticks(ax.xaxis, ax.yaxis, subs=(1.0,))  # decades: fewer labels to draw
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.subplots_adjust(left=0.13, right=0.68, top=0.91, bottom=0.15)  # fixed: renders fast
    update_load_vs_length(fig, fits, stft_x, length_s=length_s)
    return fig


def update_load_vs_length(fig, fits: dict, stft_x: float, *, length_s: float) -> None:
    """Redraw a :func:`plot_load_vs_length` figure in place for another ``length_s``.

    Taught in notebooks/07_data_pipeline.ipynb.

    Parameters
    ----------
    fig : matplotlib Figure
        Drawn by :func:`plot_load_vs_length`, with the same formats.
    fits, stft_x, length_s
        As for :func:`plot_load_vs_length`.
    """
    ax = _drawn_by(fig, "plot_load_vs_length")
    fits, stft_x, length_s = _length_args(fits, stft_x, length_s)
    lines = {ln.get_gid(): ln for ln in ax.get_lines()}
    drawn = [g.split(":", 1)[1] for g in lines if g.startswith("curve:")]
    if drawn != list(fits):
        raise ValueError(
            f"fits has formats {list(fits)}, the figure shows {drawn}: "
            "draw a new figure with plot_load_vs_length"
        )
    lengths = np.geomspace(0.05, 60, 200)
    speeds = [np.array([stft_x])]

    def put(line, x, y):  # only what changed: a new curve would redraw the whole figure
        if not (np.array_equal(line.get_xdata(), x) and np.array_equal(line.get_ydata(), y)):
            line.set_data(x, y)

    for name, (a, b) in fits.items():
        speed = lengths / (a + b * lengths)
        speeds.append(speed)
        put(lines[f"curve:{name}"], lengths, speed)
        lines[f"here:{name}"].set_data([length_s], [length_s / (a + b * length_s)])
    put(lines["stft"], lines["stft"].get_xdata(), [stft_x, stft_x])
    lines["length"].set_xdata([length_s, length_s])
    every = np.concatenate(speeds)
    # limits from the data alone (not from the previous state): 0.1 decade of margin; a
    # length a rounding away from the curves' ends (a log slider's ends) keeps the limits
    lo = 0.05 if length_s >= 0.05 * (1 - 1e-6) else length_s
    hi = 60.0 if length_s <= 60.0 * (1 + 1e-6) else length_s
    _set_limits(
        [ax],
        [(
            (lo / 1.26, hi * 1.26),
            (every.min() / 1.26, every.max() * 1.26),
        )],
    )  # fmt: skip
    with _moving_only(ax):
        ax.set_title(f"one worker: load vs STFT at {length_s:.2g} s clips")


# ---- notebooks/08_dataset_audit.ipynb

__all__ += [
    "plot_gain_plan",
    "plot_level_histograms",
    "plot_loudness_vs_peak",
    "plot_normalized_loudness",
    "update_gain_plan",
]

_HIST_COLUMNS = (
    ("sample_peak_dbfs", "sample peak (dBFS)"),
    ("rms_dbfs", "RMS (dBFS)"),
    ("integrated_lufs", "integrated loudness (LUFS)"),
)
_PLAN_COLUMNS = ("path", "sample_peak_dbfs", "true_peak_dbtp", "integrated_lufs")
_PLAN_COLORS = {"fits": "C0", "lowered": "C1", "clips": "C3"}


def _audit_table(table: object, columns, name: str = "table"):
    import pandas as pd

    if not isinstance(table, pd.DataFrame):
        raise TypeError(
            f"{name} must be a pandas DataFrame from audit.audit_folder, got {type(table).__name__}"
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{name} lacks the audit columns {missing} (use audit.audit_folder)")
    return table


def _finite(values) -> np.ndarray:
    v = np.asarray(values, dtype=float)
    return v[np.isfinite(v)]


def _short_name(path: str) -> str:
    name = str(path).rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _level_edges(values: np.ndarray, bin_db: float) -> np.ndarray:
    if values.size == 0:
        return np.arange(-60.0, 0.0 + bin_db, bin_db)
    lo = math.floor(values.min() / bin_db) * bin_db
    hi = math.ceil(values.max() / bin_db) * bin_db
    if hi <= lo:
        hi = lo + bin_db
    return np.arange(lo, hi + bin_db / 2, bin_db)


def plot_level_histograms(table, *, bin_db: float = 3.0):
    """Histograms of the sample peak, RMS and integrated loudness of every file audited.

    Taught in notebooks/08_dataset_audit.ipynb.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`audiolevels.audit.audit_folder`. Files without a finite value
        (unreadable; −inf loudness) are counted in the panel's title, not drawn.
    bin_db : float
        Bin width in dB, > 0; bins start at multiples of it.

    Returns
    -------
    matplotlib.figure.Figure
        Three panels; each bar's height is the number of files in its bin.
    """
    import matplotlib.pyplot as plt

    _audit_table(table, [c for c, _ in _HIST_COLUMNS])
    bin_db = _checks.real_number(bin_db, "bin_db", positive=True)
    fig, axes = plt.subplots(1, 3, figsize=(10, 3.0), sharey=True)
    top = 1
    for ax, (col, label) in zip(axes, _HIST_COLUMNS, strict=True):
        values = np.asarray(table[col], dtype=float)
        shown = _finite(values)
        edges = _level_edges(shown, bin_db)
        counts, _ = np.histogram(shown, edges)
        top = max(top, int(counts.max()) if counts.size else 0)
        ax.bar(edges[:-1], counts, width=bin_db, align="edge", color="C0", edgecolor="white")
        left_out = int(values.size - shown.size)
        note = f", {left_out} not drawn" if left_out else ""
        ax.set_title(f"{shown.size} files{note}", fontsize=9)
        ax.set_xlabel(label)
        ax.grid(True, axis="y", alpha=0.3)
    axes[0].set_ylabel("files")
    axes[0].set_ylim(0, top + 0.5)
    axes[0].yaxis.get_major_locator().set_params(integer=True)
    fig.subplots_adjust(left=0.07, right=0.99, top=0.88, bottom=0.2, wspace=0.08)
    return fig


def _label_column(values: np.ndarray, lo: float, hi: float, gap: float) -> np.ndarray:
    """Label heights near ``values`` (axes fraction), sorted, at least ``gap`` apart, in [0, 1]."""
    want = (values - lo) / (hi - lo)
    order = np.argsort(want, kind="stable")
    pos = np.empty_like(want)
    last = -np.inf
    for k in order:
        last = max(want[k], last + gap)
        pos[k] = last
    over = pos.max() - 1.0 if pos.size else 0.0
    if over > 0:  # pushed past the top: shift the whole column down, keeping the gaps
        pos -= over
        last = np.inf
        for k in order[::-1]:
            last = min(pos[k], last - gap)
            pos[k] = last
    return pos


def plot_loudness_vs_peak(
    table, *, target_lufs: float | None = None, ceiling_dbtp: float | None = None
):
    """True peak against integrated loudness per file, with lines of equal peak-to-loudness ratio.

    The vertical distance from the line "PLR 0 dB" is the peak-to-loudness ratio (PLR, a crest
    factor measured against loudness): after a gain to ``target_lufs`` a file's true peak is
    ``target_lufs + PLR``. Flagged files are drawn as red triangles. With a target and a
    ceiling, a dashed line marks PLR = ceiling − target: files above it would exceed the
    ceiling at that target. Up to 40 files are named in a column right of the axes.

    Taught in notebooks/08_dataset_audit.ipynb.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`audiolevels.audit.audit_folder`; rows without a finite loudness
        and true peak are not drawn.
    target_lufs, ceiling_dbtp : float, optional
        Both or neither.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    _audit_table(table, ("path", "true_peak_dbtp", "integrated_lufs", "flags"))
    if (target_lufs is None) != (ceiling_dbtp is None):
        raise ValueError("give both target_lufs and ceiling_dbtp, or neither")
    lufs = np.asarray(table["integrated_lufs"], dtype=float)
    tp = np.asarray(table["true_peak_dbtp"], dtype=float)
    keep = np.isfinite(lufs) & np.isfinite(tp)
    if not keep.any():
        raise ValueError("table has no file with a finite loudness and true peak to draw")
    flagged = np.array([bool(f) for f in table["flags"]]) & keep
    fig, ax = plt.subplots(figsize=(8.6, 4.8))
    xlo = math.floor(lufs[keep].min() / 10) * 10 - 5
    xhi = math.ceil(lufs[keep].max() / 10) * 10 + 5
    ylo = math.floor(tp[keep].min() / 10) * 10 - 5
    yhi = max(5.0, math.ceil(tp[keep].max() / 10) * 10 + 5)
    xs = np.array([xlo, xhi])
    for plr in (0, 10, 20):
        ax.plot(xs, xs + plr, color="0.6", lw=0.8, ls=":")
        x_text = min(xhi, yhi - plr) - 1
        ax.annotate(f"PLR {plr} dB", (x_text, x_text + plr), ha="right", va="bottom", fontsize=7)
    if target_lufs is not None:
        target = _checks.real_number(target_lufs, "target_lufs")
        ceiling = _checks.real_number(ceiling_dbtp, "ceiling_dbtp")
        label = f"above it: over {ceiling:g} dBTP at {target:g} LUFS"
        ax.plot(xs, xs + ceiling - target, color="C1", ls="--", lw=1.2, label=label)
    ax.scatter(lufs[keep & ~flagged], tp[keep & ~flagged], s=30, color="C0", label="no flag")
    ax.scatter(lufs[flagged], tp[flagged], s=40, marker="^", color="C3", label="flagged")
    ax.set(xlim=(xlo, xhi), ylim=(ylo, yhi), xlabel="integrated loudness (LUFS)")
    ax.set_ylabel("true peak (dBTP)")
    ax.grid(True, alpha=0.3)
    names = np.asarray(table["path"], dtype=object)[keep]
    if len(names) <= 40:
        heights = _label_column(tp[keep], ylo, yhi, gap=1.0 / 24)
        for name, x, y, h, bad in zip(
            names, lufs[keep], tp[keep], heights, flagged[keep], strict=True
        ):
            ax.annotate(
                _short_name(name),
                (x, y),
                xytext=(1.02, h),
                textcoords="axes fraction",
                va="center",
                fontsize=7,
                color="C3" if bad else "k",
                arrowprops={"arrowstyle": "-", "color": "0.75", "lw": 0.5},
                annotation_clip=False,
            )
    fig.legend(loc="lower center", ncols=3, fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.08, right=0.76, top=0.97, bottom=0.19)
    return fig


def _gain_plan(table, target_lufs, ceiling_dbtp):
    """Per normalizable file (finite loudness), sorted by PLR: the arrays the view draws."""
    _audit_table(table, _PLAN_COLUMNS)
    target = _checks.real_number(target_lufs, "target_lufs")
    ceiling = _checks.real_number(ceiling_dbtp, "ceiling_dbtp")
    lufs = np.asarray(table["integrated_lufs"], dtype=float)
    tp = np.asarray(table["true_peak_dbtp"], dtype=float)
    sp = np.asarray(table["sample_peak_dbfs"], dtype=float)
    keep = np.isfinite(lufs) & np.isfinite(tp) & np.isfinite(sp)
    if not keep.any():
        raise ValueError("table has no file with a finite loudness: nothing to normalize")
    order = np.argsort(tp[keep] - lufs[keep], kind="stable")
    names = [_short_name(n) for n in np.asarray(table["path"], dtype=object)[keep][order]]
    gain = target - lufs[keep][order]
    tp_after = tp[keep][order] + gain
    sp_after = sp[keep][order] + gain
    lowered = tp_after > ceiling
    clips = sp_after > 0.0
    state = np.where(clips, "clips", np.where(lowered, "lowered", "fits"))
    return {
        "names": names,
        "gain_db": gain,
        "true_peak_after_dbtp": tp_after,
        "lowered": lowered,
        "clips": clips,
        "state": state,
        "target": target,
        "ceiling": ceiling,
    }


def _plan_ranges(target_range_lufs, ceiling_range_dbtp):
    """Both ranges (low, high), or None when neither is given."""
    if target_range_lufs is None and ceiling_range_dbtp is None:
        return None
    out = []
    named = ((target_range_lufs, "target_range_lufs"), (ceiling_range_dbtp, "ceiling_range_dbtp"))
    for rng, name in named:
        if rng is None or isinstance(rng, str) or len(rng) != 2:
            raise ValueError(f"{name} must be (low, high) when the other range is given")
        lo, hi = (_checks.real_number(v, name) for v in rng)
        if not lo <= hi:
            raise ValueError(f"{name} must be (low, high) with low ≤ high, got {rng}")
        out.append((lo, hi))
    return tuple(out)


def _plan_fixed_limits(plan, edges, ranges):
    """Limits that hold every plan with a target and a ceiling in ``ranges``: the left axis
    up to the fullest bin any such target gives, the right one over every true peak after
    the gain, every ceiling and 0 dBFS."""
    (t0, t1), (c0, c1) = ranges
    g0 = plan["gain_db"] - plan["target"]  # the gains at a 0 LUFS target: −loudness
    # A bin's count changes only where a gain crosses an edge: try those targets and the
    # targets between them.
    crit = np.unique(np.clip((edges[:, None] - g0[None, :]).ravel(), t0, t1))
    crit = np.unique(np.concatenate([crit, (crit[:-1] + crit[1:]) / 2, [t0, t1]]))
    g = np.clip(crit[:, None] + g0[None, :], edges[0], edges[-1] - 1e-9)
    idx = np.searchsorted(edges, g, side="right") - 1
    fullest = max(int(np.bincount(row, minlength=len(edges)).max()) for row in idx)
    plr = plan["true_peak_after_dbtp"] - plan["target"]  # tp + (target − L) − target
    xlim = (
        math.floor(min(t0 + plr.min(), c0) / 5) * 5 - 5,
        math.ceil(max(t1 + plr.max(), 0.0) / 5) * 5 + 5,
    )
    return xlim, (0, max(1, fullest) + 0.5)


def _plan_layout(plan, gain_range_db, bin_db, ranges=None):
    edges = np.arange(gain_range_db[0], gain_range_db[1] + bin_db / 2, bin_db)
    g = np.clip(plan["gain_db"], edges[0], edges[-1] - 1e-9)
    fits, _ = np.histogram(g[~plan["lowered"]], edges)
    lowered, _ = np.histogram(g[plan["lowered"]], edges)
    tp = plan["true_peak_after_dbtp"]
    if ranges is not None:
        xlim, ylim = _plan_fixed_limits(plan, edges, ranges)
    else:
        xlim = (
            math.floor(min(tp.min(), plan["ceiling"]) / 5) * 5 - 5,
            math.ceil(max(tp.max(), 0.0) / 5) * 5 + 5,
        )
        ylim = (0, max(1, int((fits + lowered).max())) + 0.5)
    n_low, n_clip = int(plan["lowered"].sum()), int(plan["clips"].sum())
    titles = (
        f"gain to {plan['target']:g} LUFS: {n_low} of {len(g)} files lowered",
        f"true peak after the gain: {n_clip} would clip without a ceiling",
    )
    return edges, fits, lowered, xlim, ylim, titles


def plot_gain_plan(
    table,
    *,
    target_lufs: float,
    ceiling_dbtp: float,
    gain_range_db: tuple[float, float] = (-30.0, 60.0),
    bin_db: float = 3.0,
    target_range_lufs: tuple[float, float] | None = None,
    ceiling_range_dbtp: tuple[float, float] | None = None,
):
    """What loudness-normalizing every file to one target would do, before writing anything.

    Left: the distribution of the gains ``target − loudness`` (files whose true peak would pass
    the ceiling, and whose gain :func:`audiolevels.audit.normalize_folder` lowers, stacked in
    orange). Right: each file's true peak after the full gain, sorted by peak-to-loudness ratio,
    against the ceiling (orange) and 0 dBFS (red); a red point's samples would pass full scale
    (clip) without a ceiling. :func:`update_gain_plan` redraws it for another target/ceiling.

    Taught in notebooks/08_dataset_audit.ipynb.

    Parameters
    ----------
    table : pandas.DataFrame
        The table of :func:`audiolevels.audit.audit_folder`; files with −inf or missing
        loudness cannot be normalized and are left out.
    target_lufs, ceiling_dbtp : float
        Target integrated loudness (LUFS) and true-peak ceiling (dBTP).
    gain_range_db : (float, float)
        Range of the gain histogram; gains outside it fall in its first or last bin.
    bin_db : float
        Width of a gain bin, dB.
    target_range_lufs, ceiling_range_dbtp : (float, float), optional
        The ranges a slider gives the target and the ceiling (both or neither): the axes'
        limits then hold every such plan, so that :func:`update_gain_plan` moves only the
        bars, points, ceiling and titles (drawn over the rest). Without them the limits
        follow this plan.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    plan = _gain_plan(table, target_lufs, ceiling_dbtp)
    ranges = _plan_ranges(target_range_lufs, ceiling_range_dbtp)
    bin_db = _checks.real_number(bin_db, "bin_db", positive=True)
    lo, hi = (_checks.real_number(v, "gain_range_db") for v in gain_range_db)
    if not lo < hi:
        raise ValueError(f"gain_range_db must be (low, high) with low < high, got {gain_range_db}")
    edges, fits, lowered, xlim, ylim, titles = _plan_layout(plan, (lo, hi), bin_db, ranges)
    n = len(plan["names"])
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(10, max(3.4, 1.2 + 0.2 * n)), gridspec_kw={"width_ratios": [1, 1.1]}
    )
    # What update_gain_plan moves is animated (drawn over the cached rest), above the
    # spines and grids.
    moving = dict(zorder=_MOVING_Z, animated=True)
    style = dict(align="edge", edgecolor="white")
    for bars in (
        left.bar(edges[:-1], fits, bin_db, color="C0", gid="fits", **style),
        left.bar(edges[:-1], lowered, bin_db, bottom=fits, color="C1", gid="lowered", **style),
    ):
        for bar in bars:
            bar.set(**moving)
    left.set(xlim=(lo, hi), ylim=ylim)
    left.set(xlabel="gain (dB)", ylabel="files")
    left.yaxis.get_major_locator().set_params(integer=True)
    left.set_title(titles[0], fontsize=9)
    left.title.set_animated(True)
    left.grid(True, axis="y", alpha=0.3)
    y = np.arange(n)
    right.scatter(
        plan["true_peak_after_dbtp"],
        y,
        s=24,
        c=[_PLAN_COLORS[s] for s in plan["state"]],
        gid="points",
        **{**moving, "zorder": 3},
    )
    right.axvline(plan["ceiling"], color="C1", ls="--", lw=1.2, gid="ceiling", **moving)
    right.axvline(0.0, color="C3", lw=1.0)
    right.set_yticks(y, plan["names"] if n <= 30 else [""] * n, fontsize=7)
    right.set(xlim=xlim, ylim=(-0.7, n - 0.3), xlabel="true peak after the gain (dBTP)")
    right.set_title(titles[1], fontsize=9)
    right.title.set_animated(True)
    right.grid(True, axis="x", alpha=0.3)
    handles = [
        Patch(color="C0", label="reaches the target"),
        Patch(color="C1", label="gain lowered for the ceiling"),
        Line2D([], [], color="C3", marker="o", ls="", label="samples past 0 dBFS without it"),
        Line2D([], [], color="C1", ls="--", label="true-peak ceiling"),
    ]
    fig.legend(handles=handles, loc="lower center", ncols=4, fontsize=8, frameon=False)
    fig.subplots_adjust(left=0.06, right=0.98, top=0.92, bottom=0.2 + 0.3 / max(n, 4), wspace=0.4)
    return fig


def update_gain_plan(
    fig,
    table,
    *,
    target_lufs: float,
    ceiling_dbtp: float,
    target_range_lufs: tuple[float, float] | None = None,
    ceiling_range_dbtp: tuple[float, float] | None = None,
) -> None:
    """Redraw a :func:`plot_gain_plan` figure in place for another target and ceiling.

    Taught in notebooks/08_dataset_audit.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure returned by :func:`plot_gain_plan` (for the same ``table``).
    table : pandas.DataFrame
        The table the figure was drawn from.
    target_lufs, ceiling_dbtp : float
        The new target (LUFS) and ceiling (dBTP).
    target_range_lufs, ceiling_range_dbtp : (float, float), optional
        The ranges the figure was drawn with (:func:`plot_gain_plan`).
    """
    axes = getattr(fig, "axes", None)
    if not axes or len(axes) != 2 or not axes[0].containers:
        raise TypeError("fig must be a figure returned by plotting.plot_gain_plan")
    left, right = axes
    bars = {c.patches[0].get_gid(): c for c in left.containers if c.patches}
    points = next((c for c in right.collections if c.get_gid() == "points"), None)
    ceiling_line = next((ln for ln in right.lines if ln.get_gid() == "ceiling"), None)
    if set(bars) != {"fits", "lowered"} or points is None or ceiling_line is None:
        raise TypeError("fig must be a figure returned by plotting.plot_gain_plan")
    plan = _gain_plan(table, target_lufs, ceiling_dbtp)
    ranges = _plan_ranges(target_range_lufs, ceiling_range_dbtp)
    if len(plan["names"]) != len(points.get_offsets()):
        raise ValueError("table is not the table this figure was drawn from")
    first = bars["fits"].patches
    lo, bin_db = first[0].get_x(), first[0].get_width()
    hi = lo + bin_db * len(first)
    edges, fits, lowered, xlim, ylim, titles = _plan_layout(plan, (lo, hi), bin_db, ranges)
    for bar, h in zip(bars["fits"].patches, fits, strict=True):
        bar.set_height(h)
    for bar, h, b in zip(bars["lowered"].patches, lowered, fits, strict=True):
        bar.set_height(h)
        bar.set_y(b)
    if left.get_ylim() != ylim:  # fixed limits (ranges given) leave the background cached
        left.set_ylim(ylim)
    from matplotlib.colors import to_rgba_array

    y = np.arange(len(plan["names"]))
    points.set_offsets(np.column_stack([plan["true_peak_after_dbtp"], y]))
    points.set_facecolor(to_rgba_array([_PLAN_COLORS[s] for s in plan["state"]]))
    ceiling_line.set_xdata([plan["ceiling"], plan["ceiling"]])
    if right.get_xlim() != tuple(float(v) for v in xlim):
        right.set_xlim(xlim)
    for ax, title in zip((left, right), titles, strict=True):
        with _moving_only(ax):
            ax.set_title(title, fontsize=9)


def plot_normalized_loudness(before, after, *, target_lufs: float):
    """Each file's loudness before and after normalization, joined by a line, beside the target.

    Taught in notebooks/08_dataset_audit.ipynb.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Tables of :func:`audiolevels.audit.audit_folder` for the source and the normalized
        copy; files are matched by ``path`` and only those with a finite loudness in both are
        drawn (in the order of ``before``).
    target_lufs : float
        The target of the normalization, drawn as a vertical line.

    Returns
    -------
    matplotlib.figure.Figure
        The title gives the loudness spread (max − min) of the drawn files before and after.
    """
    import matplotlib.pyplot as plt

    for t, name in ((before, "before"), (after, "after")):
        _audit_table(t, ("path", "integrated_lufs"), name)
    target = _checks.real_number(target_lufs, "target_lufs")
    a = dict(zip(after["path"], np.asarray(after["integrated_lufs"], dtype=float), strict=True))
    rows = [
        (p, float(v), a[p])
        for p, v in zip(before["path"], before["integrated_lufs"], strict=True)
        if p in a and np.isfinite(v) and np.isfinite(a[p])
    ]
    if not rows:
        raise ValueError("before and after share no file with a finite loudness")
    names = [_short_name(p) for p, _, _ in rows]
    b_lufs = np.array([r[1] for r in rows])
    a_lufs = np.array([r[2] for r in rows])
    n = len(rows)
    y = np.arange(n)
    fig, ax = plt.subplots(figsize=(8, max(3.0, 1.0 + 0.22 * n)))
    for i in range(n):
        ax.plot([b_lufs[i], a_lufs[i]], [i, i], color="0.8", lw=1, zorder=1)
    ax.scatter(b_lufs, y, s=26, color="0.45", label="before", zorder=2)
    ax.scatter(a_lufs, y, s=26, color="C0", label="after", zorder=3)
    ax.axvline(target, color="C0", ls="--", lw=1)
    ax.set_yticks(y, names if n <= 40 else [""] * n, fontsize=7)
    ax.set_ylim(-0.7, n - 0.3 + 1.6)  # a free row on top for the legend
    lo = math.floor(min(b_lufs.min(), target) / 10) * 10
    hi = math.ceil(max(b_lufs.max(), target) / 10) * 10
    ax.set_xlim(lo, hi)
    ax.set_xlabel("integrated loudness (LUFS)")
    ax.set_title(
        f"loudness spread {np.ptp(b_lufs):.1f} LU before, {np.ptp(a_lufs):.2f} LU after "
        f"({n} files)",
        fontsize=9,
    )
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(fontsize=8, loc="upper left", ncols=2)
    fig.subplots_adjust(left=0.2, right=0.98, top=0.92, bottom=0.5 / max(3.0, 1.0 + 0.22 * n))
    return fig


# ---- figures

__all__ += ["plot_table", "plot_weighting_vs_contour"]


def plot_weighting_vs_contour(freqs_hz, inverted_contour_db, weighting_db, *, phon: float = 40.0):
    """A frequency weighting beside an inverted equal-loudness contour, on one gain axis.

    Taught in notebooks/01_equal_loudness.ipynb (``make figures`` draws it for the README).

    Parameters
    ----------
    freqs_hz : array, shape (n,)
        Frequencies, ascending, > 0.
    inverted_contour_db : array, shape (n,)
        ``phon − contour(f)``: the contour turned upside down, 0 dB at 1 kHz.
    weighting_db : array, shape (n,)
        The weighting's gain at ``freqs_hz``, e.g. ``weighting.weighting_db(freqs_hz, "A")``.
    phon : float
        The contour's loudness level, for the legend.

    Returns
    -------
    matplotlib.figure.Figure
        Its axes hold the contour's line first, then the weighting's.
    """
    import matplotlib.pyplot as plt

    freqs, _ = _contour_arrays(freqs_hz, np.zeros(np.shape(freqs_hz)))
    for name, values in (
        ("inverted_contour_db", inverted_contour_db),
        ("weighting_db", weighting_db),
    ):
        if np.shape(values) != freqs.shape:
            raise ValueError(
                f"{name} must have shape {freqs.shape} to match freqs_hz, got {np.shape(values)}"
            )
    curves = np.array([inverted_contour_db, weighting_db], dtype=float)
    if not np.all(np.isfinite(curves)):
        raise ValueError("inverted_contour_db and weighting_db must be finite")
    phon = _checks.real_number(phon, "phon")
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.plot(freqs, curves[0], "o-", ms=3, label=f"−({phon:g}-phon contour − {phon:g} dB), ISO 226")
    ax.plot(freqs, curves[1], label="A-weighting, IEC 61672-1")
    log_freq_axis(ax, fmin_hz=freqs[0], fmax_hz=freqs[-1])
    ax.set_ylabel("gain (dB)")
    ax.set_ylim(min(-60.0, float(curves.min()) - 5), 10)
    ax.legend(loc="lower center")
    ax.set_title(f"A-weighting and the inverted {phon:g}-phon contour")
    fig.tight_layout()
    return fig


def plot_table(header, rows, *, title: str | None = None, fmt: str = "{:.1f}", width_in=None):
    """A table drawn as a figure (for a README image): numbers formatted with ``fmt``.

    Taught in notebooks/04_decoding_equality.ipynb (``make figures`` draws its decoder table).

    Parameters
    ----------
    header : sequence of str
        Column titles.
    rows : sequence of sequences
        One row per line, as long as ``header``; numbers are formatted with ``fmt``, strings
        shown as they are.
    title : str, optional
        Drawn above the table.
    fmt : str
        Format of the numeric cells.
    width_in : float, optional
        Figure width in inches (default: from the longest text of each column).

    Returns
    -------
    matplotlib.figure.Figure
        Its one axes holds the table (``ax.tables[0]``), cell texts as shown.
    """
    import matplotlib.pyplot as plt

    header = [str(h) for h in header]
    if not header:
        raise ValueError("header is empty: give the column titles")
    rows = [list(r) for r in rows]
    if not rows or any(len(r) != len(header) for r in rows):
        raise ValueError(f"rows must be a non-empty list of rows of {len(header)} cells each")

    def cell(v):
        if isinstance(v, str):
            return v
        if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating):
            raise TypeError(f"a cell must be a str or a number, got {type(v).__name__}")
        return fmt.format(v)

    text = [[cell(v) for v in r] for r in rows]
    chars = [max(len(h), *(len(r[j]) for r in text)) for j, h in enumerate(header)]
    width = sum(chars) * 0.085 + 0.4 if width_in is None else float(width_in)
    height = 0.32 * (len(rows) + 1) + (0.45 if title else 0.1)
    fig, ax = plt.subplots(figsize=(width, height))
    ax.axis("off")
    table = ax.table(
        cellText=text,
        colLabels=header,
        colWidths=[c / sum(chars) for c in chars],
        loc="center",
        cellLoc="center",
    )
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1, 1.35)
    for (r, _c), c in table.get_celld().items():
        if r == 0:
            c.set_facecolor("0.9")
            c.set_text_props(weight="bold")
    if title:
        ax.set_title(title, fontsize=10)
    fig.tight_layout(pad=0.2)
    return fig
