"""The one way the notebooks build interactive views (sliders), and the hook the tests use.

A notebook describes a view as a *render function* plus its *controls*::

    from audiolevels import widgets as W

    def show_contour(phon, edition):
        fig, ax = plt.subplots()
        ...
        return fig                       # or a list of figures / displayable objects

    W.interactive_view(
        show_contour,
        phon=W.slider(40, 0, 90, step=10, description="phon"),
        edition=W.dropdown([2023, 2003], value=2023, description="edition"),
    )

The render function receives the control values as keyword arguments (plus anything in
``fixed=``); it reads no globals it does not need and returns what should be shown. The view
displays it in an ``ipywidgets.Output``, closes matplotlib figures it returned, records how
long each render took, and keeps any exception so that it is shown in the output and found by
the tests. Controls use ``continuous_update=False``: a render runs when the slider is released.

Every view created in a kernel is registered; :func:`drive_all_views` (used by
``tests/test_notebooks.py`` and ``benchmarks/``) sets each control to its minimum, default and
maximum, renders, and reports whether the output changed and whether anything raised.

Taught in every notebook under notebooks/.
"""

from __future__ import annotations

import hashlib
import io
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import ipywidgets as ipw
from IPython.display import display

from audiolevels import _checks

__all__ = [
    "InteractiveView",
    "checkbox",
    "drive_all_views",
    "dropdown",
    "interactive_view",
    "log_slider",
    "registered_views",
    "slider",
]

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
) -> ipw.ValueWidget:
    """A linear slider (``continuous_update=False``).

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
        continuous_update=False,
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
) -> ipw.FloatLogSlider:
    """A logarithmic slider for frequencies and the like (``continuous_update=False``).

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
        continuous_update=False,
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


def _fingerprint_one(obj: Any) -> str:
    if _is_figure(obj):
        buf = io.BytesIO()
        obj.savefig(buf, format="png", dpi=30)
        return "fig:" + hashlib.sha256(buf.getvalue()).hexdigest()
    for meth in ("_repr_html_", "_repr_markdown_", "_repr_latex_"):
        fn = getattr(obj, meth, None)
        if fn is not None:
            text = fn()
            if text is not None:
                return meth + ":" + hashlib.sha256(str(text).encode()).hexdigest()
    return "repr:" + hashlib.sha256(repr(obj).encode()).hexdigest()


def _as_list(result: Any) -> list[Any]:
    if result is None:
        return []
    if isinstance(result, list | tuple):
        return list(result)
    return [result]


class InteractiveView:
    """Controls + an output area, re-rendered when a control changes.

    Taught in notebooks/01_equal_loudness.ipynb.

    Attributes
    ----------
    controls : dict
        Name → ipywidgets control.
    output : ipywidgets.Output
        Where the render function's results are shown.
    last_error : str or None
        Traceback of the last render, if it raised.
    timings_s : list of float
        Wall-clock seconds of every render so far.

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
    ) -> None:
        if not callable(render):
            raise TypeError(f"render must be callable, got {type(render).__name__}")
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
        self.controls = dict(controls)
        self.fixed = dict(fixed or {})
        self.title = title or getattr(render, "__name__", "view")
        self.output = ipw.Output()
        self.last_error: str | None = None
        self.last_results: list[Any] = []
        self.timings_s: list[float] = []
        header = [ipw.HTML(f"<b>{title}</b>")] if title else []
        self.widget = ipw.VBox([*header, *self.controls.values(), self.output])
        for ctrl in self.controls.values():
            ctrl.observe(self._on_change, names="value")
        self.update()
        _VIEWS.append(self)

    def values(self) -> dict[str, Any]:
        """Current value of every control."""
        return {name: ctrl.value for name, ctrl in self.controls.items()}

    def _on_change(self, _change: Mapping[str, Any]) -> None:
        self.update()

    def update(self) -> list[Any]:
        """Render with the current values into the output area; return what was rendered."""
        t0 = time.perf_counter()
        self.last_error = None
        results: list[Any] = []
        self.output.clear_output(wait=True)
        with self.output:
            try:
                results = _as_list(self.render(**self.fixed, **self.values()))
                for obj in results:
                    display(obj)
            except Exception:  # shown to the learner and reported to the tests
                self.last_error = traceback.format_exc()
                print(self.last_error)
            finally:
                for obj in results:
                    if _is_figure(obj):
                        import matplotlib.pyplot as plt

                        plt.close(obj)
        self.timings_s.append(time.perf_counter() - t0)
        self.last_results = results
        return results

    def fingerprint(self) -> str:
        """A hash of what the last render showed (figures rendered to PNG, others by repr)."""
        return "|".join(_fingerprint_one(obj) for obj in self.last_results)

    def _ipython_display_(self) -> None:
        display(self.widget)


def interactive_view(
    render: Callable[..., Any],
    /,
    *,
    fixed: Mapping[str, Any] | None = None,
    title: str | None = None,
    **controls: ipw.ValueWidget,
) -> InteractiveView:
    """Build (and register) an interactive view: ``render(**fixed, **control_values)``.

    Taught in notebooks/01_equal_loudness.ipynb.

    Parameters
    ----------
    render : callable
        Takes the control values (and ``fixed``) as keyword arguments and returns what to
        show: a matplotlib Figure, any displayable object (``IPython.display.Audio``, a
        DataFrame, Markdown …) or a list of them. Figures it returns are closed after display.
    fixed : mapping, optional
        Extra keyword arguments passed unchanged to every call (the state the view needs,
        instead of reading globals).
    title : str, optional
        A bold heading above the controls.
    **controls
        Name → control made with :func:`slider`, :func:`log_slider`, :func:`dropdown` or
        :func:`checkbox`; the name is the keyword ``render`` receives.

    Returns
    -------
    InteractiveView
        Display it by making it the last expression of the cell.
    """
    return InteractiveView(render, controls, fixed=fixed, title=title)


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
        ``changed`` (True if at least two fingerprints differ), ``timings_s`` of those renders.
        Every view has at least one control (:class:`InteractiveView` requires it).

    Notes
    -----
    For each view and each control, the control is set to its minimum, its default and its
    maximum (every option, for a dropdown or checkbox), the others staying at their defaults;
    after each setting the view re-renders. Each control is reset to its default afterwards.
    """
    report: list[dict[str, Any]] = []
    for vi, view in enumerate(_VIEWS):
        for name, ctrl in view.controls.items():
            default = ctrl.value
            values, prints, errors, times = [], [], [], []
            for v in _probe_values(ctrl):
                n_before = len(view.timings_s)
                if ctrl.value == v:
                    view.update()  # the observer does not fire without a change
                else:
                    ctrl.value = v
                if len(view.timings_s) == n_before:  # value snapped to the same setting
                    view.update()
                values.append(repr(ctrl.value))
                prints.append(view.fingerprint())
                errors.append(view.last_error)
                times.append(view.timings_s[-1])
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
                }
            )
    return report
