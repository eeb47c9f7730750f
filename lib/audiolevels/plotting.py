"""Small plotting helpers shared by the notebooks (matplotlib).

Taught in notebooks/01_equal_loudness.ipynb and used by the notebooks that plot against
frequency.
"""

from __future__ import annotations

import math

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


# ---- notebooks/06_stft_normalization.ipynb
__all__ += [
    "TANH_LINEAR_X",
    "TANH_SATURATED_X",
    "plot_activations",
    "plot_normalized_spectrograms",
    "plot_saturation_shares",
    "plot_scaled_spectrogram",
    "plot_spectrogram_grid",
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
    _image(ax1, values, times_s=times_s, freqs_hz=freqs_hz, vmin=lo, vmax=hi)
    _histogram(ax2, values, bins=bins, value_range=(lo, hi))
    fig.suptitle(title, fontsize=9)
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.16, top=0.88, wspace=0.22)
    return fig
