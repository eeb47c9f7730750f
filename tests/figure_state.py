"""What a figure shows, for tests that compare a figure updated in place with a freshly drawn one.

``assert_same_picture(updated, fresh)`` describes both figures after a draw and names every
element that differs (``axes[0].title``, ``axes[1].ylim``, ``axes[0].legend.entries[2]``,
``axes[0].artists[4] <Line2D 'fitted'>.xy`` ...), then compares the PNG bytes a view shows.

Described per figure: its size, its texts (suptitle included) and legends. Per axes: visibility
and position, limits and scales, the titles (left, centre, right), the axis labels, the tick
labels and offset texts as drawn, the legend (title and entries), and every visible artist in
draw order with its data and style: lines (x, y, colour, style, marker, label), collections
(paths, offsets, colours, mapped array and colour limits), patches (a StepPatch's values and
edges, a Rectangle's corner and size, any other patch's vertices), images (array, colour
limits, extent, colour map) and texts or annotations (text, position, colour, size).
Geometry is compared in data coordinates, so the two figures' dpi need not agree.
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np

from audiolevels.widgets import figure_png

# Two floats are the same if they agree to about nine digits (far below a pixel): an update
# may reach a value along another route of arithmetic than a fresh draw
_RTOL, _ATOL = 1e-9, 1e-12
_MAX_LISTED = 25


def assert_same_picture(updated, fresh) -> None:
    """``updated`` shows what ``fresh`` shows: same data, limits, scales and texts, same PNG.

    The failure message lists every element that differs, as a path into the figure.
    """
    found = _differences(_describe(updated), _describe(fresh))
    if found:
        listed = "\n  ".join(found[:_MAX_LISTED])
        more = f"\n  ... and {len(found) - _MAX_LISTED} more" if len(found) > _MAX_LISTED else ""
        raise AssertionError(
            f"the updated figure differs from a fresh draw in {len(found)} place(s) "
            f"(updated != fresh):\n  {listed}{more}"
        )
    got, want = figure_png(updated), figure_png(fresh)
    if got != want:
        raise AssertionError(
            "every described element agrees, but the PNG pictures differ: " + _pixels(got, want)
        )


# ---- the description


def _describe(fig) -> dict:
    """Every datum, limit, scale and text the figure shows (drawn first, for the tick labels)."""
    fig.canvas.draw()
    return {
        "size_in": _array(fig.get_size_inches()),
        "texts": [_text(t) for t in fig.texts if _shown(t)],
        "legends": [_legend(leg) for leg in fig.legends if leg.get_visible()],
        "axes": [_axes(ax) for ax in fig.axes],
    }


def _axes(ax) -> dict:
    named = {id(ax.title), id(ax._left_title), id(ax._right_title), id(ax.get_legend())}
    named |= {id(axis) for axis in (ax.xaxis, ax.yaxis)}
    children = [a for a in _in_draw_order(ax) if id(a) not in named and a.get_visible()]
    return {
        "visible": (ax.get_visible(), ax.axison),
        "position": _array(ax.get_position().bounds),
        "xlim": _array(ax.get_xlim()),
        "ylim": _array(ax.get_ylim()),
        "scales": (ax.get_xscale(), ax.get_yscale()),
        "title": {
            "left": _shown(ax._left_title),
            "center": _shown(ax.title),
            "right": _shown(ax._right_title),
        },
        "xlabel": _shown(ax.xaxis.label),
        "ylabel": _shown(ax.yaxis.label),
        "xticks": _ticks(ax.xaxis),
        "yticks": _ticks(ax.yaxis),
        "legend": _legend(ax.get_legend()),
        "artists": [_artist(a) for a in children],
    }


def _ticks(axis) -> dict:
    """The tick labels a draw shows (major and minor), where they stand, and the offset text."""
    labels = [t for t in axis.get_ticklabels(which="both") if _shown(t)]
    return {
        "labels": [t.get_text() for t in labels],
        "at": _array([t.get_position() for t in labels]).reshape(-1, 2),
        "offset": _shown(axis.get_offset_text()),
    }


def _legend(legend) -> dict | None:
    if legend is None or not legend.get_visible():
        return None
    return {
        "title": _shown(legend.get_title()),
        "entries": [t.get_text() for t in legend.get_texts() if t.get_visible()],
    }


def _artist(a) -> dict:
    """One artist's data and style, with a name for the failure message."""
    from matplotlib.axes import Axes
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Annotation, Text

    label = a.get_label() if isinstance(a.get_label(), str) else ""
    name = type(a).__name__
    if label and not label.startswith("_"):
        name += f" {label!r}"
    elif a.get_gid():
        name += f" gid={a.get_gid()!r}"
    out: dict[str, Any] = {"_name": name}
    if isinstance(a, Axes):
        out.update(_axes(a))
    elif isinstance(a, Line2D):
        out.update(
            xy=_array(a.get_xydata()),
            color=_rgba(a.get_color()),
            style=(a.get_linestyle(), float(a.get_linewidth()), a.get_drawstyle()),
            marker=(str(a.get_marker()), float(a.get_markersize())),
            marker_colors=(_rgba(a.get_markerfacecolor()), _rgba(a.get_markeredgecolor())),
            alpha=a.get_alpha(),
        )
    elif isinstance(a, Collection):
        out.update(
            paths=[_array(p.vertices) for p in a.get_paths()],
            offsets=_array(a.get_offsets()),
            facecolors=_array(a.get_facecolor()),
            edgecolors=_array(a.get_edgecolor()),
            linewidths=_array(a.get_linewidth()),
            alpha=a.get_alpha(),
        )
        if a.get_array() is not None:
            out.update(array=_array(a.get_array()), clim=_array(a.get_clim()))
    elif isinstance(a, Patch):
        out.update(_patch(a))
    elif isinstance(a, AxesImage):
        out.update(
            array=_array(a.get_array()),
            clim=_array(a.get_clim()),
            extent=_array(a.get_extent()),
            cmap=a.get_cmap().name,
            alpha=a.get_alpha(),
        )
    elif isinstance(a, Text):
        out.update(_text(a))
        if isinstance(a, Annotation):
            out.update(xy=_array(a.xy))
    return out


def _patch(p) -> dict:
    from matplotlib.patches import Rectangle, StepPatch

    if isinstance(p, StepPatch):
        data = p.get_data()
        geometry = {
            "values": _array(data.values),
            "edges": _array(data.edges),
            "baseline": _array(0.0 if data.baseline is None else data.baseline),
        }
    elif isinstance(p, Rectangle):
        geometry = {
            "xy": _array(p.get_xy()),
            "size": _array([p.get_width(), p.get_height()]),
            "angle": float(p.get_angle()),
        }
    else:
        geometry = {"vertices": _array(p.get_patch_transform().transform(p.get_path().vertices))}
    return {
        **geometry,
        "facecolor": _array(p.get_facecolor()),
        "edgecolor": _array(p.get_edgecolor()),
        "linewidth": float(p.get_linewidth()),
        "hatch": p.get_hatch(),
    }


def _text(t) -> dict:
    return {
        "text": t.get_text(),
        "position": _array(t.get_position()),
        "color": _rgba(t.get_color()),
        "fontsize": float(t.get_fontsize()),
        "rotation": float(t.get_rotation()),
    }


def _shown(t) -> str:
    """A text as shown: empty if it is hidden or fully transparent."""
    return t.get_text() if t.get_visible() and t.get_alpha() != 0 else ""


def _in_draw_order(ax) -> list:
    """The axes' children as drawn: by zorder, then in the order they were added."""
    return sorted(ax.get_children(), key=lambda a: a.get_zorder())


def _array(values) -> np.ndarray:
    return np.ma.filled(np.ma.asarray(values, dtype=float), np.nan)


def _rgba(color) -> np.ndarray:
    from matplotlib.colors import to_rgba

    return _array(to_rgba(color))


# ---- comparing two descriptions


def _differences(got, want, path: str = "") -> list[str]:
    """Where two descriptions differ, as readable paths (empty if they agree)."""
    if isinstance(got, dict) and isinstance(want, dict):
        keys = [k for k in {**want, **got} if k != "_name"]
        return [d for k in keys for d in _differences(got.get(k), want.get(k), f"{path}.{k}")]
    if isinstance(got, list) and isinstance(want, list):
        if len(got) != len(want):
            return [f"{path}: {len(got)} items != {len(want)}: {_names(got)} != {_names(want)}"]
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in _differences(g, w, f"{path}[{i}]{_name(w)}")
        ]
    if isinstance(got, np.ndarray) and isinstance(want, np.ndarray):
        same = got.shape == want.shape and np.allclose(
            got, want, rtol=_RTOL, atol=_ATOL, equal_nan=True
        )
        return [] if same else [f"{path}: {_short(got)} != {_short(want)}"]
    if isinstance(got, tuple) and isinstance(want, tuple) and len(got) == len(want):
        return [
            d
            for i, (g, w) in enumerate(zip(got, want, strict=True))
            for d in _differences(g, w, f"{path}[{i}]")
        ]
    return [] if _equal(got, want) else [f"{path}: {_short(got)} != {_short(want)}"]


def _equal(a, b) -> bool:
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def _name(item) -> str:
    return f" <{item['_name']}>" if isinstance(item, dict) and "_name" in item else ""


def _names(items) -> str:
    return _short([item.get("_name", "?") if isinstance(item, dict) else item for item in items])


def _short(value, limit: int = 100) -> str:
    if isinstance(value, np.ndarray):
        text = f"array{value.shape} " + np.array2string(value.ravel(), threshold=6, precision=6)
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _pixels(got: bytes, want: bytes) -> str:
    """How many pixels differ, and the box that holds them."""
    from matplotlib.image import imread

    a, b = imread(io.BytesIO(got)), imread(io.BytesIO(want))
    if a.shape != b.shape:
        return f"{a.shape[1]}x{a.shape[0]} pixels != {b.shape[1]}x{b.shape[0]}"
    rows, cols = np.nonzero(np.any(a != b, axis=-1))
    if rows.size == 0:
        return "the PNG bytes differ, no pixel does"
    return (
        f"{rows.size} pixels differ, in x {cols.min()}..{cols.max()}, "
        f"y {rows.min()}..{rows.max()} (from the top left)"
    )
