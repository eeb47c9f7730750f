"""The one way the notebooks build interactive views (sliders), and the hook the tests use.

A notebook describes a view as a *render function* that draws the figure once, an *update
function* that changes its artists in place, and the *controls*::

    from audiolevels import widgets as W

    def show_contour(phon):
        fig, ax = plt.subplots()
        ax.plot(FREQS, spl_from_phon(phon))
        ax.set_title(f"{phon} phon")
        return fig                       # or a list of figures / displayable objects

    def update_contour(shown, phon):
        fig = shown[0]
        fig.axes[0].lines[0].set_ydata(spl_from_phon(phon))
        fig.axes[0].set_title(f"{phon} phon")
        return shown

    W.interactive_view(
        show_contour,
        update=update_contour,
        phon=W.slider(40, 0, 90, step=10, description="phon"),
    )

Both functions receive the control values as keyword arguments (plus anything in ``fixed=``)
and read no globals they do not need. Each figure is shown as a PNG (at :data:`VIEW_DPI`) in
an ``ipywidgets.Image`` whose bytes are replaced in place when a control moves; other objects
(Markdown, Audio) go to an ``ipywidgets.Output``. Without ``update`` the view re-renders from
scratch on every change. The view records how long each change took (control change → new
PNG bytes ready) and keeps any exception so that it is shown and found by the tests.

With ``AUDIOLEVELS_STATIC_VIEWS=1`` in the kernel (``make html``) a view shows its default
state as plain PNG images and one line saying the controls need a live kernel.

Every view created in a kernel is registered; :func:`drive_all_views` (used by
``tests/test_notebooks.py`` and ``benchmarks/``) sets each control to its minimum, default and
maximum, and reports whether the output changed, whether anything raised, and whether each
updated picture equals a fresh render.

Taught in every notebook under notebooks/.
"""

from __future__ import annotations

import hashlib
import io
import os
import struct
import time
import traceback
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as ipw
import numpy as np
from IPython.display import Image, display

from audiolevels import _checks

__all__ = [
    "STATIC_DPI",
    "STATIC_ENV",
    "STATIC_NOTE",
    "VIEW_DPI",
    "InteractiveView",
    "checkbox",
    "drive_all_views",
    "dropdown",
    "figure_png",
    "interactive_view",
    "log_slider",
    "registered_views",
    "slider",
    "static_mode",
]

#: Pixels per inch of a live view's figures: a 9.5 x 4.2 in figure is 760 x 336 px and 8-pt
#: legend text 9 px tall (legible; at 72 dpi it is 8 px and hard to read). Encoding costs about
#: 60 % of the 100-dpi PNG's; drawing the artists, which hardly depends on dpi, costs the most.
VIEW_DPI = 80
#: Pixels per inch of the default-state figures in a static page: the live views' size, which
#: keeps the site small.
STATIC_DPI = 80
#: The environment variable that makes views static.
STATIC_ENV = "AUDIOLEVELS_STATIC_VIEWS"
#: The line a static view shows below its figures.
STATIC_NOTE = "Controls need a live kernel: run `make lab`."
# zlib level of the PNGs: 1 encodes several times faster than the default 6, the files are
# a little larger (they travel over localhost).
_PNG_COMPRESS_LEVEL = 1

_LAYOUT = {"width": "420px"}
_STYLE = {"description_width": "150px"}

# Views created in this kernel, in creation order (read by drive_all_views).
_VIEWS: list[InteractiveView] = []


def _check_range(value: float, vmin: float, vmax: float, step: float) -> None:
    if not vmin < vmax:
        raise ValueError(f"slider needs min < max, got min={vmin}, max={vmax}")
    if not vmin <= value <= vmax:
        raise ValueError(f"slider value {value} is outside [{vmin}, {vmax}]")
    if step <= 0:
        raise ValueError(f"slider step must be > 0, got {step}")


def _check_text(text: object, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__} {text!r}")
    return text


def slider(
    value: float,
    min: float,  # noqa: A002 - the ipywidgets name
    max: float,  # noqa: A002
    *,
    step: float | None = None,
    description: str = "",
    integer: bool = False,
    readout_format: str | None = None,
    continuous_update: bool = False,
) -> ipw.ValueWidget:
    """A linear slider.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    value, min, max : float
        Default, minimum and maximum, finite, ``min <= value <= max`` and ``min < max``
        (integers for an integer slider).
    step : float, optional
        Step, finite and > 0; default (max - min) / 100, or 1 for integer sliders.
    description : str
        Label, with units (e.g. ``"level (dBFS)"``).
    integer : bool
        Build an ``IntSlider`` instead of a ``FloatSlider``.
    readout_format : str, optional
        Format of the readout, e.g. ``".1f"``.
    continuous_update : bool
        Update while the handle is dragged (only for views whose update is cheap, ≤ 50 ms);
        by default the view updates when the handle is released or an arrow key is pressed.

    Returns
    -------
    ipywidgets.FloatSlider or ipywidgets.IntSlider
    """
    integer = _checks.boolean(integer, "integer")
    number = _checks.integer if integer else _checks.real_number
    value, min, max = (number(v, n) for v, n in ((value, "value"), (min, "min"), (max, "max")))  # noqa: A001
    if step is None:
        step = 1 if integer else (max - min) / 100
    step = number(step, "step")
    _check_range(value, min, max, step)
    _check_text(description, "description")
    kw: dict[str, Any] = dict(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=_checks.boolean(continuous_update, "continuous_update"),
        layout=_LAYOUT,
        style=_STYLE,
    )
    if readout_format is not None:
        kw["readout_format"] = _check_text(readout_format, "readout_format")
    return ipw.IntSlider(**kw) if integer else ipw.FloatSlider(**kw)


def log_slider(
    value: float,
    min: float,  # noqa: A002
    max: float,  # noqa: A002
    *,
    description: str = "",
    steps_per_decade: int = 20,
    readout_format: str = ".4g",
    continuous_update: bool = False,
) -> ipw.FloatLogSlider:
    """A logarithmic slider for frequencies and the like.

    Taught in notebooks/02_a_weighting.ipynb.

    Parameters
    ----------
    value, min, max : float
        Default, minimum and maximum in linear units (e.g. Hz), finite and > 0,
        ``min <= value <= max`` and ``min < max``.
    description : str
        Label, with units.
    steps_per_decade : int
        Resolution of the slider, an integer ≥ 1.
    readout_format : str
        Format of the readout.
    continuous_update : bool
        Update while the handle is dragged (only for cheap updates), as in :func:`slider`.

    Returns
    -------
    ipywidgets.FloatLogSlider
    """
    import math

    value, min, max = (  # noqa: A001
        _checks.real_number(v, n, positive=True)
        for v, n in ((value, "value"), (min, "min"), (max, "max"))
    )
    steps = _checks.integer(steps_per_decade, "steps_per_decade", min=1)
    _check_range(value, min, max, 1.0)
    return ipw.FloatLogSlider(
        value=value,
        base=10,
        min=math.log10(min),
        max=math.log10(max),
        step=1.0 / steps,
        description=_check_text(description, "description"),
        continuous_update=_checks.boolean(continuous_update, "continuous_update"),
        readout_format=_check_text(readout_format, "readout_format"),
        layout=_LAYOUT,
        style=_STYLE,
    )


def dropdown(options: Sequence[Any], *, value: Any = None, description: str = "") -> ipw.Dropdown:
    """A choice among a few options (labels or ``(label, value)`` pairs).

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    options : sequence
        The choices.
    value : optional
        The default; the first option if omitted.
    description : str
        Label.

    Returns
    -------
    ipywidgets.Dropdown
    """
    if isinstance(options, str | bytes) or not isinstance(options, Sequence):
        raise TypeError(
            f"options must be a list of choices or (label, value) pairs, got {options!r}"
        )
    options = list(options)
    for o in options:
        if isinstance(o, tuple) and len(o) != 2:
            raise ValueError(f"each (label, value) option must be a pair, got {o!r}")
    if not options:
        raise ValueError("dropdown needs at least one option")
    values = [o[1] if isinstance(o, tuple) else o for o in options]
    if value is None:
        value = values[0]
    if value not in values:
        raise ValueError(f"dropdown value {value!r} is not one of {values!r}")
    return ipw.Dropdown(
        options=options,
        value=value,
        description=_check_text(description, "description"),
        layout=_LAYOUT,
        style=_STYLE,
    )


def checkbox(value: bool = False, *, description: str = "") -> ipw.Checkbox:
    """An on/off switch.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    value : bool
        Default.
    description : str
        Label.

    Returns
    -------
    ipywidgets.Checkbox
    """
    return ipw.Checkbox(
        value=_checks.boolean(value, "value"),
        description=_check_text(description, "description"),
        indent=False,
    )


def _is_figure(obj: Any) -> bool:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is a requirement
        return False
    return isinstance(obj, Figure)


def static_mode() -> bool:
    """True when the kernel runs with ``AUDIOLEVELS_STATIC_VIEWS=1`` (``make html``).

    Taught in notebooks/01_equal_loudness.ipynb.
    """
    return os.environ.get(STATIC_ENV, "").strip() not in ("", "0")


def figure_png(fig: Any, *, dpi: float = VIEW_DPI) -> bytes:
    """The PNG bytes a view shows for a matplotlib figure.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure, drawn at its own size in inches.
    dpi : float
        Pixels per inch, finite and > 0; default :data:`VIEW_DPI`.

    Returns
    -------
    bytes
        The PNG file (whole figure, no tight cropping, so that its size stays the same while
        a slider moves). Two figures that look the same give the same bytes.
    """
    if not _is_figure(fig):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    dpi = _checks.real_number(dpi, "dpi", positive=True)
    canvas = _agg_canvas(fig)
    old_dpi = fig.dpi
    try:
        fig.set_dpi(dpi)
        width, height = canvas.get_width_height()
        buf = io.BytesIO()
        fig.savefig(buf, format="raw", dpi=dpi)  # every artist, animated ones too
    finally:
        fig.set_dpi(old_dpi)
    rgba = np.frombuffer(buf.getvalue(), dtype=np.uint8).reshape(height, width, 4)
    return _encode_png(rgba)


def _agg_canvas(fig: Any) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)  # a Figure() made without pyplot
    return fig.canvas


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _encode_png(rgba: np.ndarray) -> bytes:
    """An 8-bit RGBA PNG, every row filtered with "Up" (its difference to the row above) and
    deflated at :data:`_PNG_COMPRESS_LEVEL`: half the time of Pillow's adaptive filtering at
    the same level, and about as small for a plot (flat areas become runs of zeros)."""
    height, width, _ = rgba.shape
    rows = np.ascontiguousarray(rgba, dtype=np.uint8).reshape(height, width * 4)
    raw = np.empty((height, width * 4 + 1), dtype=np.uint8)
    raw[:, 0] = 2  # filter type Up
    raw[0, 1:] = rows[0]
    np.subtract(rows[1:], rows[:-1], out=raw[1:, 1:])  # modulo 256, as PNG defines it
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8 bits, RGBA
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _png_chunk(b"IHDR", header),
            _png_chunk(b"IDAT", zlib.compress(raw.tobytes(), _PNG_COMPRESS_LEVEL)),
            _png_chunk(b"IEND", b""),
        )
    )


def _animated(fig: Any) -> list[Any]:
    """The artists marked animated, in the order a full draw paints them."""
    out = []
    for ax in fig.axes:
        out += sorted(
            (a for a in ax.get_children() if a.get_animated()), key=lambda a: a.get_zorder()
        )
    out += [a for a in [*fig.legends, *fig.texts] if a.get_animated()]
    return out


# Attribute that puts an animated artist in the cached middle layer (see _Painter); plotting
# sets it (its _MIDDLE_LAYER).
_LAYER_ATTR = "_audiolevels_middle_layer"
# Figure attribute (plotting's _BACKGROUND_KEY): a hashable naming everything the figure's
# non-animated artists show, so that a background drawn for it can be reused.
_BACKGROUND_KEY_ATTR = "_audiolevels_background_key"
_MAX_BACKGROUNDS = 8


class _Painter:
    """Paints a view's figure at VIEW_DPI into RGBA, redrawing only what an update changed.

    Artists marked ``set_animated(True)`` are drawn over a cached background of all the
    others; the background is redrawn whenever anything else changed (the figure is stale:
    a limit, a tick, a non-animated line or text). Give animated artists a zorder above
    everything they overlap (e.g. 2.6, above the spines) so that the picture equals a full
    draw; ``drive_all_views`` checks that it does.

    Animated artists that also carry the attribute ``_LAYER_ATTR`` (an axis whose limits
    some moves change, and the spines over it) form a middle layer: drawn over the background
    and cached with it, redrawn only when one of them is stale, under the other animated ones.

    A figure whose attribute ``_BACKGROUND_KEY_ATTR`` names everything its non-animated
    artists show (e.g. which edition's contour family) gets one background per name: when the
    figure is stale because that name changed to one painted before, the background drawn
    then is restored instead of a full draw.
    """

    def __init__(self, fig: Any) -> None:
        self.fig = fig
        self.background: Any = None
        self.middle: Any = None  # background + middle layer
        self.key: Any = None  # the background key of the last paint
        self.backgrounds: dict[Any, Any] = {}  # background key -> background drawn for it

    def png(self) -> bytes:
        fig = self.fig
        canvas = _agg_canvas(fig)
        if fig.dpi != VIEW_DPI:
            fig.set_dpi(VIEW_DPI)
        animated = _animated(fig)
        middle = [a for a in animated if getattr(a, _LAYER_ATTR, False)]
        animated = [a for a in animated if not getattr(a, _LAYER_ATTR, False)]
        if not animated and not middle:
            canvas.draw()
        else:
            key = getattr(fig, _BACKGROUND_KEY_ATTR, None)
            fresh = fig.stale or self.background is None
            drawn = False
            if fresh:
                # stale because the key changed to one painted before: nothing else did
                cached = self.backgrounds.get(key) if key != self.key else None
                if cached is not None:
                    self.background = cached
                    canvas.restore_region(cached)
                else:
                    canvas.draw()  # everything but the animated artists
                    self.background = canvas.copy_from_bbox(fig.bbox)
                    drawn = True
                    if key is not None:
                        if len(self.backgrounds) >= _MAX_BACKGROUNDS:
                            self.backgrounds.pop(next(iter(self.backgrounds)))
                        self.backgrounds[key] = self.background
            self.key = key
            if middle and (fresh or self.middle is None or any(a.stale for a in middle)):
                if not drawn:
                    canvas.restore_region(self.background)
                for artist in middle:
                    fig.draw_artist(artist)
                self.middle = canvas.copy_from_bbox(fig.bbox)
            elif not fresh:
                canvas.restore_region(self.middle if middle else self.background)
            for artist in animated:
                fig.draw_artist(artist)
            # Drawing a legend marks its axes stale (its parts report to the axes); what
            # changed before this paint is drawn now, so start the next update clean.
            for ax in fig.axes:
                ax.stale = False
            fig.stale = False
        return _encode_png(np.asarray(canvas.buffer_rgba()))


def _digest(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def _fingerprint_one(obj: Any) -> str:
    for meth in ("_repr_html_", "_repr_markdown_", "_repr_latex_"):
        fn = getattr(obj, meth, None)
        if fn is not None:
            text = fn()
            if text is not None:
                return meth + ":" + _digest(str(text))
    return "repr:" + _digest(repr(obj))


def _as_list(result: Any) -> list[Any]:
    if result is None:
        return []
    if isinstance(result, list | tuple):
        return list(result)
    return [result]


def _groups(results: Sequence[Any]) -> list[tuple[str, list[Any]]]:
    """Figures one by one (``"figure"``), each run of other objects together (``"other"``)."""
    groups: list[tuple[str, list[Any]]] = []
    for obj in results:
        if _is_figure(obj):
            groups.append(("figure", [obj]))
        elif groups and groups[-1][0] == "other":
            groups[-1][1].append(obj)
        else:
            groups.append(("other", [obj]))
    return groups


def _detach(fig: Any) -> None:
    """Take a figure out of pyplot's list (so the inline backend does not show it again at the
    end of the cell) while keeping the object drawable."""
    import matplotlib.pyplot as plt

    plt.close(fig)


class InteractiveView:
    """Controls, figures drawn once into image widgets, and other outputs.

    Taught in notebooks/01_equal_loudness.ipynb.

    Attributes
    ----------
    controls : dict
        Name → ipywidgets control.
    render, update : callable, callable or None
        The functions given to :func:`interactive_view`.
    images : list of ipywidgets.Image
        One per figure shown, its ``value`` the PNG (at :data:`VIEW_DPI`), replaced in place.
    last_results : list
        What is shown now (figures and other displayable objects).
    last_error : str or None
        Traceback of the last refresh, if it raised.
    timings_s : list of float
        Wall-clock seconds of every refresh so far: from the control change to the new PNG
        bytes being in the image widgets (and the other outputs displayed).

    Notes
    -----
    Build it with :func:`interactive_view`; display it by leaving it as the last expression of
    a cell (or ``display(view)``).
    """

    def __init__(
        self,
        render: Callable[..., Any],
        controls: Mapping[str, ipw.ValueWidget],
        *,
        fixed: Mapping[str, Any] | None = None,
        title: str | None = None,
        update: Callable[..., Any] | None = None,
    ) -> None:
        if not callable(render):
            raise TypeError(f"render must be callable, got {type(render).__name__}")
        if update is not None and not callable(update):
            raise TypeError(
                f"update must be callable (or None to re-render), got {type(update).__name__}"
            )
        if not isinstance(controls, Mapping):
            raise TypeError(
                f"controls must be a mapping name → control, got {type(controls).__name__}"
            )
        if not controls:
            raise ValueError("an interactive view needs at least one control")
        if fixed is not None and not isinstance(fixed, Mapping):
            raise TypeError(f"fixed must be a mapping name → value, got {type(fixed).__name__}")
        if title is not None:
            _check_text(title, "title")
        for name in [*controls, *(fixed or {})]:
            if not isinstance(name, str) or not name.isidentifier():
                raise TypeError(f"control and fixed names must be identifiers, got {name!r}")
        both = sorted(set(controls) & set(fixed or {}))
        if both:
            raise ValueError(f"{', '.join(both)} is both a control and a fixed argument")
        for name, ctrl in controls.items():
            if not isinstance(ctrl, ipw.ValueWidget):
                raise TypeError(
                    f"control {name!r} must be an ipywidgets value widget "
                    f"(use audiolevels.widgets.slider/log_slider/dropdown/checkbox), "
                    f"got {type(ctrl).__name__}"
                )
        self.render = render
        self.update = update
        self.controls = dict(controls)
        self.fixed = dict(fixed or {})
        self.title = title or getattr(render, "__name__", "view")
        self.static = static_mode()
        self.last_error: str | None = None
        self.last_results: list[Any] = []
        self.timings_s: list[float] = []
        self.images: list[ipw.Image] = []
        self._figures: list[Any] = []  # drawn by the first render (update mode)
        self._pngs: list[bytes] = []  # what each figure of last_results shows
        self._painters: dict[int, _Painter] = {}
        self._slots: list[ipw.DOMWidget] = []
        self._slot_kinds: tuple[str, ...] = ()
        self._slot_prints: list[str] = []
        self.widget: ipw.VBox | None = None
        if not self.static:
            header = [ipw.HTML(f"<b>{title}</b>")] if title else []
            self._body = ipw.VBox([])
            self._errors = ipw.Output()
            self.widget = ipw.VBox([*header, *self.controls.values(), self._body, self._errors])
        for ctrl in self.controls.values():
            ctrl.observe(self._on_change, names="value")
        self.refresh()
        _VIEWS.append(self)

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {name: ctrl.value for name, ctrl in self.controls.items()}

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.refresh()

    def _compute(self) -> list[Any]:
        """The objects to show for the current values (drawing or updating the figures)."""
        kwargs = {**self.fixed, **self.values()}
        if self.update is None or not self._figures:
            results = _as_list(self.render(**kwargs))
            figures = [obj for obj in results if _is_figure(obj)]
            for fig in figures:
                _detach(fig)
            if self.update is not None:
                if not figures:
                    raise TypeError(
                        f"{self.title}: render returned no matplotlib Figure, so there is "
                        "nothing for update to change: leave update=None"
                    )
                self._figures = figures
            return results
        returned = self.update(list(self.last_results), **kwargs)
        results = list(self.last_results) if returned is None else _as_list(returned)
        drawn = {id(f) for f in self._figures}
        new = [obj for obj in results if _is_figure(obj) and id(obj) not in drawn]
        if new:
            for fig in new:
                _detach(fig)
            raise TypeError(
                f"{self.title}: update returned a new Figure; it must change the figures the "
                "first render drew (set_data, set_text, set_ylim …) and return those"
            )
        return results

    def refresh(self) -> list[Any]:
        """Show the current values: update (or re-render) and repaint; return what is shown."""
        t0 = time.perf_counter()
        self.last_error = None
        try:
            results = self._compute()
            figures = [obj for obj in results if _is_figure(obj)]
            pngs = [self._painter(fig).png() for fig in figures]
            self._painters = {id(fig): self._painters[id(fig)] for fig in figures}
            self.last_results, self._pngs = results, pngs
            if not self.static:
                self._show(results, pngs)
                if self._errors.outputs:
                    self._errors.clear_output()
        except Exception:  # shown to the learner and reported to the tests
            self.last_error = traceback.format_exc()
            if self.static:
                print(self.last_error)
            else:
                self._errors.clear_output(wait=True)
                with self._errors:
                    print(self.last_error)
        self.timings_s.append(time.perf_counter() - t0)
        return self.last_results

    def _painter(self, fig: Any) -> _Painter:
        painter = self._painters.get(id(fig))
        if painter is None or painter.fig is not fig:
            painter = self._painters[id(fig)] = _Painter(fig)
        return painter

    def _show(self, results: list[Any], pngs: list[bytes]) -> None:
        groups = _groups(results)
        kinds = tuple(kind for kind, _ in groups)
        if kinds != self._slot_kinds:  # first show, or the kind of outputs changed
            self._slots = [
                ipw.Image(format="png") if kind == "figure" else ipw.Output() for kind in kinds
            ]
            self._slot_kinds = kinds
            self._slot_prints = [""] * len(kinds)
            self.images = [s for s in self._slots if isinstance(s, ipw.Image)]
            self._body.children = tuple(self._slots)
        png = iter(pngs)
        for i, ((kind, objs), slot) in enumerate(zip(groups, self._slots, strict=True)):
            if kind == "figure":
                slot.value = next(png)  # sent to the browser only when the bytes differ
                continue
            prints = "|".join(_fingerprint_one(o) for o in objs)
            if prints == self._slot_prints[i]:
                continue  # same text and audio: leave the players alone
            self._slot_prints[i] = prints
            # One state message that the page renders as a cell's outputs, instead of a
            # clear_output, a display_data per object and the page sending the outputs back
            # (the WAV of a player included) for the kernel to echo again
            if not any(hasattr(obj, "_ipython_display_") for obj in objs):
                slot.outputs = tuple(_display_data(obj) for obj in objs)
                continue
            slot.clear_output(wait=True)  # an object that displays itself, no data to send
            with slot:
                for obj in objs:
                    display(obj)

    def fingerprint(self) -> str:
        """A hash of what is shown now (each figure's PNG bytes, other objects by repr)."""
        return _fingerprint(self.last_results, self._pngs)

    def fresh_fingerprint(self) -> str:
        """The fingerprint a fresh ``render`` with the current values shows (figures closed)."""
        results = _as_list(self.render(**self.fixed, **self.values()))
        figures = [obj for obj in results if _is_figure(obj)]
        try:
            return _fingerprint(results, [figure_png(f) for f in figures])
        finally:
            for fig in figures:
                _detach(fig)

    def _ipython_display_(self) -> None:
        if not self.static:
            display(self.widget)
            return
        for kind, objs in _groups(self.last_results):
            if kind == "figure":
                display(Image(data=figure_png(objs[0], dpi=STATIC_DPI), format="png"))
            else:
                for obj in objs:
                    display(obj)
        if self.last_error:
            print(self.last_error)
        display({"text/plain": STATIC_NOTE, "text/markdown": STATIC_NOTE}, raw=True)


def _display_data(obj: Any) -> dict[str, Any]:
    """The display_data output message of ``obj`` (what ``display(obj)`` would send)."""
    from IPython.core.interactiveshell import InteractiveShell

    data, metadata = InteractiveShell.instance().display_formatter.format(obj)
    return {"output_type": "display_data", "data": data, "metadata": metadata}


def _fingerprint(results: Sequence[Any], pngs: Sequence[bytes]) -> str:
    png = iter(pngs)
    return "|".join(
        "fig:" + _digest(next(png)) if _is_figure(obj) else _fingerprint_one(obj) for obj in results
    )


def interactive_view(
    render: Callable[..., Any],
    /,
    *,
    fixed: Mapping[str, Any] | None = None,
    title: str | None = None,
    update: Callable[..., Any] | None = None,
    **controls: ipw.ValueWidget,
) -> InteractiveView:
    """Build (and register) an interactive view: draw once with ``render``, then ``update``.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    render : callable
        ``render(**fixed, **control_values)`` returns what to show: a matplotlib Figure, any
        displayable object (``IPython.display.Audio``, Markdown …) or a list of them. With
        ``update`` it is called once, for the first draw.
    fixed : mapping, optional
        Extra keyword arguments passed unchanged to every call (the state the view needs,
        instead of reading globals).
    title : str, optional
        A bold heading above the controls.
    update : callable, optional
        ``update(shown, **fixed, **control_values)``: ``shown`` is the list now shown (the
        first render's figures, same objects). It changes those figures' artists in place
        (``set_ydata``, ``set_text``, ``set_ylim`` …), never builds a new figure, and returns
        the list to show now (the same figures; other items may be new), or None to keep
        ``shown``. The picture must equal a fresh ``render`` with the same values. Without
        it every change re-renders from scratch (fine for views without figures).
    **controls
        Name → control made with :func:`slider`, :func:`log_slider`, :func:`dropdown` or
        :func:`checkbox`; the name is the keyword ``render`` receives.

    Returns
    -------
    InteractiveView
        Display it by making it the last expression of the cell. Figures are shown as PNG in
        ``ipywidgets.Image`` widgets replaced in place, other objects in ``ipywidgets.Output``;
        with ``AUDIOLEVELS_STATIC_VIEWS=1`` the default state is shown as plain images plus
        the line "Controls need a live kernel: run `make lab`." and no widget.
    """
    return InteractiveView(render, controls, fixed=fixed, title=title, update=update)


def registered_views() -> list[InteractiveView]:
    """Every view created in this kernel so far, in creation order.

    Used by tests/test_notebooks.py and benchmarks/.
    """
    return list(_VIEWS)


def _probe_values(ctrl: ipw.ValueWidget) -> list[Any]:
    """Minimum, default and maximum of a control (each option of a dropdown/checkbox)."""
    default = ctrl.value
    if isinstance(ctrl, ipw.FloatLogSlider):
        return [ctrl.base**ctrl.min, default, ctrl.base**ctrl.max]
    if hasattr(ctrl, "min") and hasattr(ctrl, "max"):
        return [ctrl.min, default, ctrl.max]
    if isinstance(ctrl, ipw.Checkbox):
        return [not default, default]
    if hasattr(ctrl, "options"):
        opts = [o[1] if isinstance(o, tuple) else o for o in ctrl.options]
        return [default, *[o for o in opts if o != default]]
    raise TypeError(f"don't know how to drive a {type(ctrl).__name__}")


def drive_all_views() -> list[dict[str, Any]]:
    """Drive every registered view's controls over their range; report what happened.

    Used by tests/test_notebooks.py and benchmarks/.

    Returns
    -------
    list of dict
        One entry per (view, control): ``view``, ``control``, ``values`` tried (as repr),
        ``fingerprints`` of the output after each, ``errors`` (tracebacks, or None),
        ``changed`` (True if at least two fingerprints differ), ``timings_s`` of those
        refreshes (control change → new PNG bytes ready), ``updated`` (True if the view draws
        once and updates) and ``matches_render``: for each value, whether the picture shown
        equals a fresh render's (always True for a view that re-renders).
        Every view has at least one control (:class:`InteractiveView` requires it).

    Notes
    -----
    For each view and each control, the control is set to its minimum, its default and its
    maximum (every option, for a dropdown or checkbox), the others staying at their defaults;
    after each setting the view refreshes. Each control is reset to its default afterwards.
    """
    report: list[dict[str, Any]] = []
    for vi, view in enumerate(_VIEWS):
        for name, ctrl in view.controls.items():
            default = ctrl.value
            values, prints, errors, times, same = [], [], [], [], []
            for v in _probe_values(ctrl):
                n_before = len(view.timings_s)
                if ctrl.value == v:
                    view.refresh()  # the observer does not fire without a change
                else:
                    ctrl.value = v
                if len(view.timings_s) == n_before:  # value snapped to the same setting
                    view.refresh()
                values.append(repr(ctrl.value))
                prints.append(view.fingerprint())
                errors.append(view.last_error)
                times.append(view.timings_s[-1])
                if view.update is None or view.last_error:
                    same.append(True)
                else:
                    try:
                        same.append(view.fresh_fingerprint() == prints[-1])
                    except Exception:
                        errors[-1] = traceback.format_exc()
                        same.append(False)
            ctrl.value = default
            report.append(
                {
                    "view": f"{vi}:{view.title}",
                    "control": name,
                    "values": values,
                    "fingerprints": prints,
                    "errors": errors,
                    "changed": len(set(prints)) > 1,
                    "timings_s": times,
                    "updated": view.update is not None,
                    "matches_render": same,
                }
            )
    return report
