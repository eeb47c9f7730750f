"""audiolevels.widgets: a view draws its figure once, updates it in place, shows it as PNG in an
image widget whose bytes change with the controls, equals a fresh render after every update,
and in static mode shows plain images and the note instead of a widget."""

from __future__ import annotations

import io

import ipywidgets as ipw
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from IPython.core.interactiveshell import InteractiveShell  # noqa: E402
from IPython.display import Markdown  # noqa: E402
from IPython.utils.capture import capture_output  # noqa: E402
from PIL import Image  # noqa: E402

from audiolevels import widgets as W  # noqa: E402

X = np.linspace(0, 1, 50)


def draw_sine(gain, label):
    fig, ax = plt.subplots(figsize=(4, 2.5))
    ax.plot(X, gain * np.sin(2 * np.pi * X), label=label)
    ax.set_ylim(-gain - 0.1, gain + 0.1)
    ax.set_title(f"gain {gain:g}")
    ax.legend(loc="upper right")
    return [fig, Markdown(f"peak **{gain:g}**")]


def update_sine(shown, gain, label):
    fig = shown[0]
    ax = fig.axes[0]
    ax.lines[0].set_ydata(gain * np.sin(2 * np.pi * X))
    ax.lines[0].set_label(label)
    ax.set_ylim(-gain - 0.1, gain + 0.1)
    ax.set_title(f"gain {gain:g}")
    ax.legend(loc="upper right")
    return [fig, Markdown(f"peak **{gain:g}**")]


def _view(**kw):
    return W.interactive_view(
        draw_sine,
        gain=W.slider(1.0, 0.5, 2.0, step=0.5),
        label=W.dropdown(["sine", "wave"]),
        **kw,
    )


def _drive(view, monkeypatch):
    """drive_all_views' entries for ``view`` alone (one per control)."""
    monkeypatch.setattr(W, "_VIEWS", [view])
    return W.drive_all_views()


@pytest.fixture
def live(monkeypatch):
    monkeypatch.delenv(W.STATIC_ENV, raising=False)


def test_the_png_has_the_figure_size_times_the_view_dpi():
    fig = plt.figure(figsize=(5, 2))
    png = W.figure_png(fig)
    plt.close(fig)
    assert Image.open(io.BytesIO(png)).size == (5 * W.VIEW_DPI, 2 * W.VIEW_DPI)


def test_the_png_decodes_to_exactly_the_pixels_matplotlib_draws():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 0.3], [0, 1, 0.5], "r-", alpha=0.6)
    ax.set_title("3 points")
    fig.patch.set_alpha(0.4)  # a partly transparent background keeps its alpha
    buf = io.BytesIO()
    fig.savefig(buf, format="raw", dpi=W.VIEW_DPI)
    drawn = np.frombuffer(buf.getvalue(), np.uint8).reshape(2 * W.VIEW_DPI, 3 * W.VIEW_DPI, 4)
    png = W.figure_png(fig)
    plt.close(fig)
    decoded = np.asarray(Image.open(io.BytesIO(png)))  # Pillow as the oracle
    assert decoded.shape == drawn.shape and len(np.unique(drawn[..., 3])) > 1
    np.testing.assert_array_equal(decoded, drawn)


def test_render_is_called_once_when_update_is_given(live):
    calls = {"render": 0, "update": 0}

    def render(gain, label):
        calls["render"] += 1
        return draw_sine(gain, label)

    def update(shown, gain, label):
        calls["update"] += 1
        return update_sine(shown, gain, label)

    view = W.interactive_view(
        render, update=update, fixed={"label": "sine"}, gain=W.slider(1.0, 0.5, 2.0, step=0.5)
    )
    first = view.last_results[0]
    for g in (0.5, 1.5, 2.0):
        view.controls["gain"].value = g
    assert calls == {"render": 1, "update": 3}
    assert view.last_results[0] is first, "the same Figure object is kept and updated"
    assert not plt.fignum_exists(first.number), "detached from pyplot, so shown only once"


def test_the_image_value_changes_in_place_when_a_control_moves(live):
    view = _view(update=update_sine)
    (image,) = view.images
    assert isinstance(image, ipw.Image) and image.format == "png"
    before = image.value
    assert before[:8] == b"\x89PNG\r\n\x1a\n"
    view.controls["gain"].value = 2.0
    assert view.images == [image], "the same widget, not a new one"
    assert image.value != before
    assert image.value == W.figure_png(view.last_results[0])
    assert len(view.timings_s) == 2 and all(t > 0 for t in view.timings_s)


@pytest.mark.parametrize("gain", [0.5, 1.5, 2.0])
@pytest.mark.parametrize("label", ["sine", "wave"])
def test_the_updated_picture_equals_a_fresh_render(live, gain, label):
    view = _view(update=update_sine)
    view.controls["gain"].value = gain
    view.controls["label"].value = label
    fresh = draw_sine(gain, label)
    try:
        assert view.images[0].value == W.figure_png(fresh[0])
    finally:
        plt.close(fresh[0])
    assert view.fingerprint() == view.fresh_fingerprint()


def test_a_stale_axis_limit_is_caught_by_the_fresh_render_comparison(live, monkeypatch):
    def forgets_the_limits(shown, gain, label):
        shown[0].axes[0].lines[0].set_ydata(gain * np.sin(2 * np.pi * X))
        shown[0].axes[0].set_title(f"gain {gain:g}")
        return [shown[0], Markdown(f"peak **{gain:g}**")]

    report = [
        r for r in _drive(_view(update=forgets_the_limits), monkeypatch) if r["control"] == "gain"
    ]
    assert report[0]["updated"] is True
    # the default (1.0) is where the figure was drawn; min and max keep its stale y limits
    assert report[0]["matches_render"] == [False, True, False]


def test_drive_all_views_reports_matching_updates(live, monkeypatch):
    report = _drive(_view(update=update_sine), monkeypatch)
    assert {r["control"] for r in report} == {"gain", "label"}
    for r in report:
        assert r["changed"] and not any(r["errors"]) and all(r["matches_render"]), r


def test_an_update_that_draws_a_new_figure_is_reported_as_an_error(live):
    def redraws(shown, gain, label):
        return draw_sine(gain, label)

    view = _view(update=redraws)
    view.controls["gain"].value = 2.0
    assert view.last_error and "update returned a new Figure" in view.last_error


def test_without_update_each_change_re_renders_into_the_same_image_widget(live):
    calls = []

    def render(gain, label):
        calls.append(gain)
        return draw_sine(gain, label)

    view = W.interactive_view(
        render, fixed={"label": "sine"}, gain=W.slider(1.0, 0.5, 2.0, step=0.5)
    )
    (image,) = view.images
    first = view.last_results[0]
    view.controls["gain"].value = 2.0
    assert calls == [1.0, 2.0]
    assert view.images == [image] and view.last_results[0] is not first
    fresh = draw_sine(2.0, "sine")[0]
    try:
        assert image.value == W.figure_png(fresh)
    finally:
        plt.close(fresh)


def test_other_outputs_go_to_an_output_widget_after_the_image_and_are_replaced(live):
    view = _view(update=update_sine)
    kinds = [type(w) for w in view._body.children]
    assert kinds == [ipw.Image, ipw.Output]
    assert view.last_results[1].data == "peak **1**"
    view.controls["gain"].value = 1.5
    assert view.last_results[1].data == "peak **1.5**"
    assert [type(w) for w in view._body.children] == kinds
    (out,) = view._body.children[1:]
    assert [o["data"]["text/markdown"] for o in out.outputs] == ["peak **1.5**"]
    assert [o["output_type"] for o in out.outputs] == ["display_data"]


def test_an_object_that_displays_itself_is_displayed_on_every_change(live):
    shown = []

    class SelfDisplaying:
        def __init__(self, gain):
            self.gain = gain

        def __repr__(self):
            return f"SelfDisplaying({self.gain})"

        def _ipython_display_(self):
            shown.append(self.gain)

    view = W.interactive_view(lambda gain: [SelfDisplaying(gain)], gain=W.slider(1.0, 0.5, 2.0))
    view.controls["gain"].value = 2.0
    assert shown == [1.0, 2.0]


def test_static_mode_shows_png_images_and_the_note_and_no_widget(monkeypatch):
    monkeypatch.setenv(W.STATIC_ENV, "1")
    InteractiveShell.instance()
    view = _view(update=update_sine)
    assert view.widget is None and view.images == []
    with capture_output() as captured:
        view._ipython_display_()
    bundles = [o.data for o in captured.outputs]
    kinds = [sorted(b) for b in bundles]
    assert kinds[0] == ["image/png", "text/plain"]
    png = bundles[0]["image/png"]
    png = png if isinstance(png, bytes) else __import__("base64").b64decode(png)
    assert Image.open(io.BytesIO(png)).size == (4 * W.STATIC_DPI, 2.5 * W.STATIC_DPI)
    assert "peak **1**" in bundles[1]["text/markdown"]
    assert bundles[-1]["text/plain"] == "Controls need a live kernel: run `make lab`."
    assert len(bundles) == 3
    assert not any("application/vnd.jupyter.widget-view+json" in b for b in bundles)
    assert "VBox" not in str(bundles)


def test_static_mode_is_off_unless_the_variable_is_set(monkeypatch):
    monkeypatch.delenv(W.STATIC_ENV, raising=False)
    assert W.static_mode() is False
    monkeypatch.setenv(W.STATIC_ENV, "0")
    assert W.static_mode() is False
    monkeypatch.setenv(W.STATIC_ENV, "1")
    assert W.static_mode() is True


def test_continuous_update_is_off_by_default_and_can_be_turned_on():
    assert W.slider(1, 0, 2).continuous_update is False
    assert W.slider(1, 0, 2, continuous_update=True).continuous_update is True
    assert W.log_slider(100, 20, 2e4, continuous_update=True).continuous_update is True
