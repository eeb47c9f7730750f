"""What a matplotlib figure shows, as plain data, to compare a figure updated in place with a
freshly drawn one (used by tests/test_plotting_04.py, _05.py and _06.py).

The description holds every artist's data, every axis limit and scale, and every text (titles,
axis labels, tick labels after a draw, legend entries), so that a stale limit, title or legend
entry makes two descriptions differ.
"""

from __future__ import annotations

import numpy as np
from matplotlib.patches import Rectangle, StepPatch


def _array(a):
    return np.asarray(a, dtype=float).round(12).tolist()


def _patch(p):
    if isinstance(p, StepPatch):
        data = p.get_data()
        geometry = ("stairs", _array(data.values), _array(data.edges))
    elif isinstance(p, Rectangle):
        geometry = ("rect", _array([p.get_x(), p.get_y(), p.get_width(), p.get_height()]))
    else:
        geometry = (type(p).__name__, _array(p.get_path().vertices))
    return (*geometry, _array(p.get_facecolor()), p.get_visible())


def _legend(legend):
    if legend is None:
        return None
    return [t.get_text() for t in legend.get_texts()]


def describe(fig) -> dict:
    """Every datum, limit and text the figure shows (drawing it first, for the tick labels)."""
    fig.canvas.draw()
    out = {
        "suptitle": fig._suptitle.get_text() if fig._suptitle is not None else None,
        "legends": [_legend(g) for g in fig.legends],
        "size": _array(fig.get_size_inches()),
        "axes": [],
    }
    for ax in fig.axes:
        out["axes"].append(
            {
                "title": ax.get_title(),
                "labels": (ax.get_xlabel(), ax.get_ylabel()),
                "limits": (_array(ax.get_xlim()), _array(ax.get_ylim())),
                "scales": (ax.get_xscale(), ax.get_yscale()),
                "ticks": (
                    [t.get_text() for t in ax.get_xticklabels()],
                    [t.get_text() for t in ax.get_yticklabels()],
                    ax.yaxis.get_offset_text().get_text(),
                ),
                "lines": [
                    (
                        _array(ln.get_xdata()),
                        _array(ln.get_ydata()),
                        ln.get_label(),
                        ln.get_color(),
                        ln.get_marker(),
                        ln.get_visible(),
                    )
                    for ln in ax.get_lines()
                ],
                "images": [
                    (_array(im.get_array()), _array(im.get_clim()), _array(im.get_extent()))
                    for im in ax.images
                ],
                "patches": [_patch(p) for p in ax.patches],
                "texts": [t.get_text() for t in ax.texts],
                "legend": _legend(ax.get_legend()),
            }
        )
    return out


def differences(a: dict, b: dict, path: str = "") -> list[str]:
    """Where two descriptions differ, as readable paths (empty if they are equal)."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = sorted(set(a) | set(b))
        return [d for k in keys for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list | tuple) and isinstance(b, list | tuple) and len(a) == len(b):
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [f"{path}: {a!r:.80} != {b!r:.80}"]
