"""The kernel side of the explorers' live canvas (`lecturekit.widgets.frames`): positions and
keys, what is sent when, and how requests from the browser are answered; and the outputs an
explorer's cell stores (`lecturekit.widgets.live`)."""

import base64
import io

import ipywidgets as widgets
import numpy as np
import pytest
from IPython.display import display
from IPython.utils.capture import capture_output
from matplotlib.figure import Figure
from PIL import Image

from lecturekit.widgets import LiveFigure, frames

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _controls():
    return {
        "n": widgets.IntSlider(value=3, min=1, max=9, step=2),
        "lr": widgets.FloatSlider(value=0.3, min=0.1, max=1.0, step=0.1),
        "eps": widgets.FloatLogSlider(value=1e-3, base=10, min=-6, max=0, step=0.5),
        "which": widgets.SelectionSlider(options=[("a", 10), ("b", 20), ("c", 30)], value=20),
        "data": widgets.Dropdown(options=["moons", "xor"], value="xor"),
    }


@pytest.mark.parametrize("name", list(_controls()))
def test_value_at_inverts_position_at_every_position(name):
    w = _controls()[name]
    assert frames.positions(w) == {"n": 5, "lr": 10, "eps": 13, "which": 3, "data": 2}[name]
    for k in range(frames.positions(w)):
        w.value = frames.value_at(w, k)
        assert frames.position(w) == k
    assert isinstance(frames.value_at(_controls()["n"], 1), int)
    assert np.isclose(frames.value_at(_controls()["eps"], 6), 1e-3)


def test_an_unknown_control_is_a_value_error_naming_what_is_allowed():
    with pytest.raises(ValueError, match="controls must be IntSlider.*got Checkbox"):
        frames.FrameView({"on": widgets.Checkbox()}, lambda v: b"", "image/webp")


class _View:
    """A FrameView whose pictures are the control values as bytes, recording what it sends."""

    def __init__(self):
        self.controls = _controls()
        self.renders = []

        def render(values):
            self.renders.append(values)
            if values is None:
                return None
            return repr(sorted(values.items())).encode() if values["lr"] < 0.75 else b"same"

        self.view = frames.FrameView(self.controls, render, "image/webp", layout=widgets.Layout(display="none"))
        self.sent = []
        self.view.send = lambda content, buffers=None: self.sent.append((content, buffers))

    def ask(self, *keys):
        self.sent.clear()
        self.view._on_message(self.view, {"type": "want", "keys": [list(k) for k in keys]}, [])
        return self.sent


def test_a_picture_is_sent_once_and_identical_bytes_go_as_an_alias():
    v = _View()
    assert v.view.key() == "1,2,6,1,1"
    v.view.show(b"first")
    v.view.show(b"first")  # the browser has it: nothing new
    assert [(c["type"], c["key"]) for c, _ in v.sent] == [("frame", "1,2,6,1,1")]
    assert v.sent[0][1] == [b"first"] and v.view.value == b"first"
    v.controls["n"].value = 5
    v.view.show(b"first")  # the same picture under another key
    assert v.sent[-1] == ({"type": "alias", "key": "2,2,6,1,1", "as": "1,2,6,1,1"}, None)
    v.view._on_message(v.view, {"type": "evicted", "keys": ["2,2,6,1,1"]}, [])
    v.view._on_message(v.view, {"type": "evicted", "keys": ["1,2,6,1,1"]}, [])
    v.view.show(b"first")  # both gone from the browser: the bytes again
    assert v.sent[-1] == ({"type": "frame", "key": "2,2,6,1,1", "mime": "image/webp"}, [b"first"])


def test_a_request_renders_each_valid_key_and_then_the_current_values_again():
    v = _View()
    sent = v.ask((2, 2, 6, 1, 1), (1, 9, 6, 1, 1), (1, 8, 6, 1, 1), (9, 2, 6, 1, 1), (1, 2, 6, 1, 0), (1, 2), ("x",))
    # out of range, a dropdown other than its current option, the wrong length: not rendered
    assert [r and r["n"] for r in v.renders] == [5, 3, 3, None]
    assert v.renders[0] == {"n": 5, "lr": pytest.approx(0.3), "eps": pytest.approx(1e-3), "which": 20, "data": "xor"}
    assert [(c["type"], c.get("key")) for c, _ in sent] == [
        ("frame", "2,2,6,1,1"),
        ("frame", "1,9,6,1,1"),
        ("alias", "1,8,6,1,1"),
        ("done", None),
    ]
    assert sent[-1][0]["keys"] == ["2,2,6,1,1", "1,9,6,1,1", "1,8,6,1,1", "9,2,6,1,1", "1,2,6,1,0", "1,2", "x"]
    assert sent[2][0]["as"] == "1,9,6,1,1"  # lr 1.0 and 0.9 both draw b"same"


def test_a_failing_render_still_restores_the_figure_and_answers():
    v = _View()

    def broken(values):
        v.renders.append(values)
        if values is not None:
            raise RuntimeError("boom")

    v.view._render = broken
    with pytest.raises(RuntimeError, match="boom"):
        v.ask((2, 2, 6, 1, 1))
    assert v.renders[-1] is None and v.sent[-1][0]["type"] == "done"


def test_a_new_view_gets_the_live_picture_again():
    v = _View()
    v.view.show(b"live")
    v.sent.clear()
    v.view._on_message(v.view, {"type": "hello"}, [])
    assert v.sent == []  # the static picture still shows: the canvas needs nothing yet
    v.view.layout.display = None  # the canvas has taken over from the static picture
    v.view._on_message(v.view, {"type": "hello"}, [])
    assert v.sent == [({"type": "frame", "key": "1,2,6,1,1", "mime": "image/webp"}, [b"live"])]
    v.view._on_message(v.view, "not a dict", [])  # ignored
    assert len(v.sent) == 1


def test_new_bounds_make_both_sides_forget_every_picture():
    v = _View()
    v.view.show(b"here")
    v.controls["lr"].max = 2.0
    assert v.sent[-1] == ({"type": "reset"}, None)
    v.view.show(b"here")  # sent again: the page has dropped it
    assert v.sent[-1] == ({"type": "frame", "key": "1,2,6,1,1", "mime": "image/webp"}, [b"here"])
    v.controls["which"].options = [("a", 10), ("b", 20)]
    assert v.sent[-1] == ({"type": "reset"}, None)


def _explorer():
    fig = Figure(figsize=(2, 1.5))
    ax = fig.subplots()
    ax.set(xlim=(0, 1), ylim=(0, 1))
    (dot,) = ax.plot([0.5], [0.5], "o")
    slider = widgets.FloatSlider(value=0.5, min=0, max=1, step=0.1, description="x")
    return LiveFigure(fig, lambda x: dot.set_data([x], [x]), {"x": slider}, animated=[dot])


def _pixels(b64: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(b64))).convert("RGBA"))


def test_a_cell_stores_the_controls_and_then_the_picture_as_two_outputs(ipython):
    live = _explorer()
    with capture_output() as captured:
        display(live)
    assert len(captured.outputs) == 2
    controls, picture = (o.data for o in captured.outputs)
    assert controls[WIDGET_VIEW]["model_id"] == live.box.model_id
    assert controls["text/plain"] == "[interactive: x -- run the notebook to move the sliders]"
    # JupyterLab shows "model not found" for a widget view whose model is gone, whatever else the
    # bundle holds: the picture is an output of its own, with no widget view in it
    assert set(picture) == {"image/png", "text/plain"}
    assert picture["text/plain"] == "[figure of the explorer: x]"
    assert np.array_equal(_pixels(picture["image/png"]), live.pixels())
    assert [set(b) for b in live.outputs()] == [set(controls), set(picture)]


def test_moving_a_control_keeps_the_stored_picture_and_shows_the_canvas(ipython):
    live = _explorer()
    with capture_output() as captured:
        display(live)
        stored = captured.outputs[1].data["image/png"]
        assert live.image.layout.display == "none"  # no canvas until a control moves
        live.controls["x"].value = 0.9
        live.controls["x"].value = 0.2
    # no update_display_data: a notebook saved after the moves still has its picture
    assert len(captured.outputs) == 2 and captured.outputs[1].data["image/png"] == stored
    assert live.image.layout.display is None
    assert not np.array_equal(_pixels(stored), live.pixels())  # the live picture did move
