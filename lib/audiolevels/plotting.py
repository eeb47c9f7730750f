"""Small plotting helpers shared by the notebooks (matplotlib).

Taught in notebooks/01_equal_loudness.ipynb and used by the notebooks that plot against
frequency.
"""

from __future__ import annotations

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


# ---- notebooks/03_normalization.ipynb

import numpy as np  # noqa: E402 - each notebook's section brings its own imports

__all__ += [
    "plot_clipping_fixes",
    "plot_gain_envelope",
    "plot_gated_blocks",
    "plot_normalized_levels",
    "plot_padding_levels",
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
    """
    import matplotlib.pyplot as plt

    t_s, lo, hi = (_checks.real_array(v, n) for v, n in ((t_s, "t_s"), (lo, "lo"), (hi, "hi")))
    if not (t_s.ndim == 1 and t_s.shape == lo.shape == hi.shape):
        raise ValueError("t_s, lo and hi must be 1-D arrays of the same length")
    k = 10 ** (_checks.real_number(gain_db, "gain_db") / 20)
    lo, hi = lo * k, hi * k
    fig, ax = plt.subplots(figsize=(8, 2.8))
    ax.fill_between(t_s, lo, hi, color="tab:blue", lw=0)
    bad = (hi > 1) | (lo < -1)
    ax.fill_between(
        t_s, np.where(bad, lo, np.nan), np.where(bad, hi, np.nan), color="tab:red", lw=0
    )
    for s in (1, -1):
        ax.axhline(s, color="k", lw=0.7, ls="--")
    top = max(1.2, 1.05 * float(np.max(np.abs([lo, hi]))))
    ax.set_ylim(-top, top)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("amplitude")
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    return fig


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
    """
    import matplotlib.pyplot as plt

    pads_s, rms_dbfs, lufs = (
        _checks.real_array(v, n)
        for v, n in ((pads_s, "pads_s"), (rms_dbfs, "rms_dbfs"), (lufs, "lufs"))
    )
    if not (pads_s.ndim == 1 and pads_s.shape == rms_dbfs.shape == lufs.shape):
        raise ValueError("pads_s, rms_dbfs and lufs must be 1-D arrays of the same length")
    i = int(np.argmin(np.abs(pads_s - _checks.real_number(pad_s, "pad_s"))))
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.plot(pads_s, rms_dbfs, color="tab:blue", label="RMS (dBFS)")
    ax.plot(pads_s, lufs, color="tab:red", label="loudness (LUFS)")
    ax.plot([pads_s[i]] * 2, [rms_dbfs[i], lufs[i]], "ko", ms=5)
    low, high = min(rms_dbfs.min(), lufs.min()), max(rms_dbfs.max(), lufs.max())
    ax.set_ylim(low - 0.6 * (high - low) - 1, high + 1)  # room for the legend below the curves
    ax.set_xlabel(f"silence appended to {speech_s:.1f} s of speech (s)")
    ax.set_ylabel("level (dB)")
    ax.legend(fontsize=8, loc="lower left")
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    return fig
