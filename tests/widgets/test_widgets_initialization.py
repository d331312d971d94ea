"""The chapter 7 explorers: every slider driven, labelled states at the extremes, data against the formulas."""

import numpy as np
import pytest
from conftest import drive_every_slider

from lecturekit.widgets import initialization as wi


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


EXPLORERS = {
    "scale_depth": lambda: wi.scale_depth_explorer(np.random.default_rng(7), width=48, examples=64, depth=20),
    "power": lambda: wi.power_explorer(np.random.default_rng(3), d=4, t_max=60, rho=0.9),
    "clipping": lambda: wi.clipping_explorer(lr=0.1, threshold=1.0, mode="off"),
}


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_changes_the_picture(name):
    drive_every_slider(EXPLORERS[name]())


def _texts(e):
    return [a.get_text() for a in e.animated if hasattr(a, "get_text")]


def test_scale_depth_states():
    e = EXPLORERS["scale_depth"]()
    c = e.controls
    c["activation"].value, c["depth"].value = 1, 30
    c["scale"].value = 0.25
    assert "vanishes" in _texts(e)[0] and "vanishes" in _texts(e)[1]
    c["scale"].value = 4.0
    assert "explodes" in _texts(e)[0] and "explodes" in _texts(e)[1]
    c["scale"].value = float(np.sqrt(2))
    assert "survives" in _texts(e)[0]
    c["activation"].value = 0
    c["scale"].value = 4.0
    assert "saturates" in _texts(e)[0]


def test_power_explorer_follows_rho_to_the_t():
    e = EXPLORERS["power"]()
    d = e.data
    i = int(np.argmin(abs(d["rhos"] - 1.3)))
    # after the smaller components die out, the norm grows by rho per step
    assert d["forward"][i, -1] / d["forward"][i, -2] == pytest.approx(1.3, rel=0.01)
    for rho, word in ((0.5, "vanishes"), (1.0, "survives"), (1.5, "explodes")):
        e.controls["rho"].value = rho
        assert word in _texts(e)[0]


def test_clipping_states():
    e = EXPLORERS["clipping"]()
    c = e.controls
    c["mode"].value, c["lr"].value = 0, e.data["lrs"][10]
    assert "thrown out" in _texts(e)[0] or "jumped" in _texts(e)[0]
    c["mode"].value, c["threshold"].value = 1, 0.1
    assert "stays in the picture" in _texts(e)[0]
    jumps = e.data["jumps"]["by norm"].reshape(len(e.data["lrs"]), -1)
    bound = e.data["lrs"][:, None] * e.data["thresholds"][None, :]
    assert np.all(jumps <= bound * (1 + 1e-9))  # a norm-clipped step is at most lr * c long


def test_bad_state_inputs():
    text, kind = wi.signal_state(np.array([1.0, 1e5]), np.zeros(2), "relu", 1)
    assert "explodes" in text and kind == "diverged"
    text, kind = wi.gradient_state(np.array([1e-5, 1.0]), 1)
    assert "vanishes" in text
