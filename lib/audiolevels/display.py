"""What notebooks show besides figures: Markdown tables of readings, and audio at its true level.

Imports IPython only (no matplotlib, no ipywidgets), so it is cheap to import.

Taught in every notebook under notebooks/.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

import numpy as np
from IPython.display import Audio, Markdown

from audiolevels import _checks

__all__ = ["listen", "markdown_table"]


def _cell(value: object, fmt: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | np.bool_):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        v = float(value)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "∞" if v > 0 else "−∞"
        text = fmt.format(v)
        # "-0.00": a tiny negative number rounded to zero reads as zero.
        if text.startswith("-") and not any(c in "123456789" for c in text):
            text = text[1:]
        return text
    return str(value)


def markdown_table(
    header: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "{:.2f}"
) -> Markdown:
    """A Markdown table of readings, for a notebook cell to display.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    header : sequence of str
        Column titles.
    rows : sequence of sequences
        One sequence per row, as long as ``header``. Strings pass through unformatted, integers
        print as integers, floats through ``fmt`` (a rounded ``-0.00`` prints as ``0.00``),
        ±inf as "∞" / "−∞", NaN as "NaN"; anything else through ``str``.
    fmt : str
        Format of floats, e.g. ``"{:.1f}"``.

    Returns
    -------
    IPython.display.Markdown
    """
    if isinstance(header, str) or not isinstance(header, Sequence) or not header:
        raise TypeError(f"header must be a non-empty sequence of column titles, got {header!r}")
    titles = [str(h) for h in header]
    if not isinstance(fmt, str):
        raise TypeError(f"fmt must be a format string such as '{{:.2f}}', got {fmt!r}")
    try:
        fmt.format(1.0)
    except (ValueError, IndexError, KeyError) as err:
        raise ValueError(f"fmt must format one float, such as '{{:.2f}}', got {fmt!r}") from err
    if isinstance(rows, str) or not isinstance(rows, Sequence):
        raise TypeError(f"rows must be a sequence of rows, got {type(rows).__name__}")
    lines = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    for i, row in enumerate(rows):
        if isinstance(row, str) or not isinstance(row, Sequence):
            raise TypeError(f"rows[{i}] must be a sequence of cells, got {type(row).__name__}")
        if len(row) != len(titles):
            raise ValueError(
                f"rows[{i}] has {len(row)} cells but the header has {len(titles)} columns"
            )
        lines.append("| " + " | ".join(_cell(v, fmt) for v in row) + " |")
    return Markdown("\n".join(lines))


def listen(x: np.ndarray, sr: float) -> Audio:
    """An audio player that plays ``x`` at its true level (no rescaling to full scale).

    ``IPython.display.Audio`` rescales every clip to full scale by default, which hides exactly
    the level differences a lesson is about; this is ``Audio(x.T, rate=sr, normalize=False)``.

    Taught in notebooks/03_normalization.ipynb.

    Parameters
    ----------
    x : array, shape (samples,) or (samples, channels)
        Float audio in [-1, 1] (int16 is scaled by 1/32768). Not modified.
    sr : float
        Sample rate in Hz, a whole number.

    Returns
    -------
    IPython.display.Audio

    Raises
    ------
    ValueError
        A sample beyond ±1 (it would clip: scale, limit or clip it first), a sample rate that
        is not a whole number of Hz, or any bad audio array.
    """
    audio = _checks.audio(x, "x")
    rate = _checks.sample_rate(sr, "sr")
    if rate != int(rate):
        raise ValueError(f"sr must be a whole number of Hz to play audio, got {sr!r}")
    peak = float(np.max(np.abs(audio)))
    if peak > 1.0:
        raise ValueError(
            f"x reaches {peak:.4g} (beyond ±1, {20 * math.log10(peak):+.2f} dBFS): it would "
            "clip when played at its true level; scale it, limit it or np.clip it first"
        )
    return Audio(audio.T, rate=int(rate), normalize=False)
