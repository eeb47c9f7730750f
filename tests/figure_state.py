"""What a figure shows, for tests that compare an updated figure with a freshly drawn one.

``assert_same_picture(updated, fresh)`` checks the visible artists' data, every axis' limits
and every text (titles, labels, tick labels, legends, annotations) of two figures, then the
PNG bytes a view would show: a stale limit, title or line is named in the failure message.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from audiolevels.widgets import figure_png


def _texts(artist) -> list[str]:
    from matplotlib.text import Text

    return [
        t.get_text()
        for t in artist.findobj(Text)
        if t.get_visible() and t.get_text() and t.get_alpha() != 0
    ]


def _data(artist) -> Any:
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    if isinstance(artist, Line2D):
        return ("line", np.asarray(artist.get_xydata(), dtype=float).round(9).tolist())
    if isinstance(artist, Collection):
        paths = [np.asarray(p.vertices, dtype=float).round(9).tolist() for p in artist.get_paths()]
        offsets = np.asarray(artist.get_offsets(), dtype=float).round(9).tolist()
        return ("collection", paths, offsets)
    if isinstance(artist, Patch):
        return ("patch", np.asarray(artist.get_verts(), dtype=float).round(6).tolist())
    if isinstance(artist, Text):
        return ("text", artist.get_text(), tuple(np.round(artist.get_position(), 9)))
    return (type(artist).__name__,)


def figure_state(fig) -> list[dict[str, Any]]:
    """Per axes: limits, scales, visible artists' data, and all visible texts (after a draw,
    which sets the tick labels)."""
    fig.canvas.draw()
    state = []
    for ax in fig.axes:
        state.append(
            {
                "xlim": tuple(np.round(ax.get_xlim(), 9)),
                "ylim": tuple(np.round(ax.get_ylim(), 9)),
                "scales": (ax.get_xscale(), ax.get_yscale()),
                "artists": [_data(a) for a in _in_draw_order(ax) if a.get_visible()],
                "texts": _texts(ax),
            }
        )
    state.append({"figure texts": [t for leg in fig.legends for t in _texts(leg)]})
    return state


def assert_same_picture(updated, fresh) -> None:
    """``updated`` shows what ``fresh`` shows: same data, limits and texts, same PNG bytes."""
    got, want = figure_state(updated), figure_state(fresh)
    assert len(got) == len(want), f"{len(got) - 1} axes, a fresh draw has {len(want) - 1}"
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        for key in w:
            assert g[key] == w[key], f"axes {i}: {key} differs from a fresh draw"
    assert figure_png(updated) == figure_png(fresh), "same artists, but the pictures differ"


def _in_draw_order(ax) -> list:
    """The axes' children as drawn: by zorder, then in the order they were added."""
    return sorted(ax.get_children(), key=lambda a: a.get_zorder())
