"""Small plotting helpers shared by the notebooks (matplotlib).

Taught in notebooks/01_equal_loudness.ipynb and used by the notebooks that plot against
frequency.
"""

from __future__ import annotations

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


# ---- notebooks/07_data_pipeline.ipynb

_LOSSY = ("mp3", "ogg", "opus")


def _new_ax(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
        return fig, ax
    return ax.figure, ax


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
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    return fig


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
    """
    _check_positive_map(speeds_x, "speeds_x")
    names = [f for f, w in speeds_x if w == workers]
    if not names:
        raise ValueError(f"no measurements for workers={workers!r}")
    fmt = _checks.choice(fmt, "fmt", names)
    fig, ax = _new_ax(ax, (6.4, 2.8))
    values = [speeds_x[f, workers] for f in names]
    colors = ["C1" if f == fmt else "0.75" for f in names]
    ax.bar(names, values, color=colors)
    ax.set_yscale("log")
    top = max(values)
    ax.set_ylim(min(values) / 2, top * 4)
    ax.annotate(
        f"{speeds_x[fmt, workers]:.0f}x",
        (names.index(fmt), speeds_x[fmt, workers]),
        xytext=(0, 4),
        textcoords="offset points",
        ha="center",
        fontsize=9,
    )
    ax.set(ylabel="x realtime (log)", title=f"{workers} worker(s), shuffled: {fmt}")
    ax.tick_params(axis="x", labelrotation=30, labelsize=8)
    ax.grid(True, axis="y", alpha=0.3)
    fig.subplots_adjust(left=0.11, right=0.98, top=0.89, bottom=0.25)  # fixed: renders fast
    return fig


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
    """
    import numpy as np

    _check_positive_map(fits, "fits")
    stft_x = _checks.real_number(stft_x, "stft_x", positive=True)
    length_s = _checks.real_number(length_s, "length_s", positive=True)
    fig, ax = _new_ax(ax, (6.8, 3.4))
    lengths = np.geomspace(0.05, 60, 200)
    for k, (name, (a, b)) in enumerate(fits.items()):
        speed = lengths / (a + b * lengths)
        ax.plot(lengths, speed, color=f"C{k}", ls="--" if name in _LOSSY else "-", label=name)
        here = length_s / (a + b * length_s)
        ax.plot(length_s, here, "o", color=f"C{k}", ms=5)
    ax.axhline(stft_x, color="k", lw=2, alpha=0.6, label="STFT stage")
    ax.axvline(length_s, color="0.5", lw=0.8)
    ax.set(
        xscale="log",
        yscale="log",
        xlabel="clip length (s)",
        ylabel="x realtime (log)",
        title=f"one worker: load vs STFT at {length_s:.2g} s clips",
    )
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.subplots_adjust(left=0.11, right=0.68, top=0.91, bottom=0.15)  # fixed: renders fast
    return fig
