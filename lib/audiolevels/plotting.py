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
