"""Small plotting helpers shared by the notebooks (matplotlib).

Taught in notebooks/01_equal_loudness.ipynb and used by the notebooks that plot against
frequency.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "FREQ_TICKS_HZ",
    "format_hz",
    "log_freq_axis",
    "plot_g711_segments",
    "plot_quantizers",
    "plot_requantization",
    "plot_snr_vs_level",
]

#: Tick positions of a 20 Hz – 20 kHz log-frequency axis (1-2-5 steps).
FREQ_TICKS_HZ = (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000)


def format_hz(freq_hz: float) -> str:
    """A compact frequency label: 20 → "20", 31.5 → "31.5", 1000 → "1k", 12500 → "12.5k".

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
    f = float(freq_hz)
    if not np.isfinite(f) or f < 0:
        raise ValueError(f"freq_hz must be a finite frequency ≥ 0, got {freq_hz!r}")
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
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullFormatter

    if which not in ("x", "y"):
        raise ValueError(f"which must be 'x' or 'y', got {which!r}")
    if not (0 < fmin_hz < fmax_hz) or not np.isfinite(fmax_hz):
        raise ValueError(f"need 0 < fmin_hz < fmax_hz, got {fmin_hz!r}, {fmax_hz!r}")
    ticks = {float(t) for t in ticks_hz if fmin_hz <= t <= fmax_hz}
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


# ---- notebooks/05_mu_law.ipynb


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


def plot_quantizers(tone, sr, quantizers, *, bits: int, level_dbfs: float, curve_levels_dbfs):
    """Two quantizers side by side: code curves, the error on a sine, SNR against level.

    Taught in notebooks/05_mu_law.ipynb.

    Parameters
    ----------
    tone : array, shape (samples,)
        A full-scale test signal (a sine), scaled to each level.
    sr : float
        Its sample rate in Hz (for the time axis of the error panel).
    quantizers : mapping label → (encode, decode)
        ``encode(x)`` gives codes 0 … 2**bits − 1, ``decode(codes)`` gives values back.
    bits : int
        Bits per code (the codes are scaled to ±1 for the first panel).
    level_dbfs : float
        The peak level of the sine shown: shaded in the first panel, marked in the third; the
        legend (below the panels) gives the codes it reaches and the SNR.
    curve_levels_dbfs : array
        Levels at which the third panel measures the SNR.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    from audiolevels.mulaw import snr_db
    from audiolevels.signals import db_to_amplitude

    a = float(db_to_amplitude(level_dbfs))
    n_codes = 2**bits - 1
    colors = ("C0", "C3", "C2", "C1")
    sine = np.asarray(tone, dtype=float)
    x = a * sine
    gains = db_to_amplitude(np.asarray(curve_levels_dbfs, dtype=float))
    n = min(80, x.size)
    t_ms = np.arange(n) / sr * 1000
    xs = np.linspace(-1, 1, 2001)
    edge = np.array([-a, a])
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(11, 3.9))
    for (label, (encode, decode)), color in zip(quantizers.items(), colors, strict=False):
        lo, hi = (int(c) for c in encode(edge))  # both quantizers are monotonic
        y = decode(encode(x))
        now = snr_db(x, y)
        k = hi - lo + 1
        text = f"{label}: {k} code{'s' * (k != 1)}, SNR {now:.1f} dB"
        ax1.plot(xs, encode(xs) / n_codes * 2 - 1, color=color, lw=1, label=text)
        ax2.plot(t_ms, (y - x)[:n], color=color, lw=1)
        snr = [snr_db(g * sine, decode(encode(g * sine))) for g in gains]
        ax3.plot(curve_levels_dbfs, snr, color=color)
        ax3.plot([level_dbfs], [now], "o", color=color, mec="k", ms=5)
    ax1.axvspan(-a, a, color="0.5", alpha=0.2, label=f"signal ±{a:.3g}")
    ax1.set(xlabel="input x", ylabel="code (scaled to ±1)")
    ax1.set_title(f"codes (of {2**bits}) and SNR at this level", fontsize=10)
    _legend_below(fig, *ax1.get_legend_handles_labels(), ncol=3)
    ax2.set(xlabel="time (ms)", ylabel="error")
    ax2.ticklabel_format(axis="y", style="sci", scilimits=(-2, 2))
    ax2.set_title("quantization error", fontsize=10)
    ax3.set(xlabel="peak level (dBFS)", ylabel="SNR (dB)")
    ax3.set_title("SNR against level (dots: this level)", fontsize=10)
    for ax in (ax1, ax2, ax3):
        ax.grid(alpha=0.3)
    fig.subplots_adjust(left=0.07, right=0.99, bottom=0.27, top=0.92, wspace=0.35)
    return fig
