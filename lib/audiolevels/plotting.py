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
    "plot_codec_spectra",
    "plot_decode_speed",
    "plot_difference_spectrum",
    "plot_feature_differences",
    "plot_pre_echo",
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


# ---- notebooks/04_decoding_equality.ipynb


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


def plot_difference_spectrum(
    freqs_hz, original_db, error_db, decoder_db, *, labels=("", "", ""), title: str = ""
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
    """
    import matplotlib.pyplot as plt

    curves = dict(zip(labels, (original_db, error_db, decoder_db), strict=True))
    f = _check_curves(freqs_hz, curves, "spectra")
    keep = (f >= 50) & (f <= 22050)
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for (label, db), color in zip(curves.items(), ("k", "C3", "C0"), strict=True):
        ax.plot(f[keep], np.asarray(db)[keep], color=color, lw=1.0, label=label)
    log_freq_axis(ax, fmin_hz=50, fmax_hz=22050)
    values = np.concatenate([np.asarray(db)[keep] for db in curves.values()])
    values = values[np.isfinite(values)]
    low, high = float(values.min()), float(values.max())
    ax.set_ylim(low - 5, high + 0.3 * (high - low))  # the legend's row above the data
    ax.set(ylabel="PSD (dB re full scale²/Hz)")
    ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8, loc="upper right", ncols=3)
    fig.tight_layout()
    return fig
