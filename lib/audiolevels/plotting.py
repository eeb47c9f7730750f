"""Small plotting helpers shared by the notebooks (matplotlib).

Taught in notebooks/01_equal_loudness.ipynb and used by the notebooks that plot against
frequency.
"""

from __future__ import annotations

import numpy as np

from audiolevels import _checks

__all__ = ["FREQ_TICKS_HZ", "format_hz", "log_freq_axis"]

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
        right of the panels, clear of the data.
    """
    import matplotlib.pyplot as plt

    f = _checks.real_array(freqs_hz, "freqs_hz")
    analog = _checks.real_array(analog_db, "analog_db")
    sr = _checks.sample_rate(sr)
    if not isinstance(limits, tuple | list) or len(limits) != 3:
        raise TypeError("limits must be (freqs_hz, lower_db, upper_db), the class-1 limits")
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(8, 4.4), sharex=True, height_ratios=(2, 1), layout="constrained"
    )
    top.plot(f, analog, "k", lw=2, label="analog (IEC 61672-1)")
    for i, (name, response) in enumerate(responses_db.items()):
        response = np.asarray(response, dtype=float)
        top.plot(f, response, "--", color=f"C{i}", label=name)
        bottom.plot(f, response - analog, color=f"C{i}")
    if sr / 2 < fmax_hz:
        top.axvline(sr / 2, color="grey", lw=0.8, label="Nyquist (sr / 2)")
    plot_class1_limits(bottom, *_limits_below(limits, sr))
    top.set(ylim=(-60, 10), ylabel="A weighting (dB)", title=f"A filter at {format_frequency(sr)}")
    bottom.set(ylim=(-12, 3), ylabel="digital − analog (dB)")
    log_freq_axis(top, fmax_hz=fmax_hz, label=None)
    log_freq_axis(bottom, fmax_hz=fmax_hz)
    handles, labels = top.get_legend_handles_labels()
    more_handles, more_labels = bottom.get_legend_handles_labels()
    fig.legend(handles + more_handles, labels + more_labels, loc="outside right upper", fontsize=8)
    return fig


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
    """
    import matplotlib.pyplot as plt

    values = np.array([float(v) for v in readings.values()])
    if values.size == 0 or not np.all(np.isfinite(values)) or np.any(values <= floor_db):
        raise ValueError(f"readings must be finite levels above {floor_db} dB, got {values}")
    fig, ax = plt.subplots(figsize=(5, 3), layout="constrained")
    colors = [f"C{i}" for i in (2, 0, 1, 3, 4)][: values.size]
    bars = ax.bar(list(readings), values - floor_db, bottom=floor_db, color=colors)
    ax.bar_label(bars, labels=[f"{v:.1f}" for v in values], padding=2)
    ax.set(ylim=(floor_db, 8), ylabel="level (dB re full scale)", title=title)
    return fig


# ---- notebooks/01_equal_loudness.ipynb

__all__ += ["plot_contour_backdrop", "plot_contour_family", "plot_edition_comparison"]


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
        The shaded area.
    """
    freqs, family = _contour_arrays(freqs_hz, family_db)
    for row in family:
        ax.plot(freqs, row, color="0.8", lw=0.8)
    area = ax.fill_between(
        threshold_freqs_hz, ylim_db[0], threshold_db, color="0.9", label="below threshold"
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
