"""The chapter 8 explorer: the slider driven to its extremes, a labelled state everywhere, the data of the run."""

from functools import cache

import numpy as np
import pytest
from conftest import drive_every_slider

from lecturekit import nn, optim, sharpness
from lecturekit.widgets import learning_rate as wl


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


RATES = 2.0 ** np.arange(-2, 3.01, 1.0)  # 0.25 ... 8: the largest is far beyond the initial 2/λmax


@cache
def _trace():
    data = nn.datasets.moons(np.random.default_rng(0), n=60, noise=0.15)
    net = nn.mlp(data.X, data.y, (2, 8, 2), "tanh", "softmax_cross_entropy")
    w0 = np.repeat(net.init(np.random.default_rng(1), 1), len(RATES), axis=0)
    return sharpness.track(net, optim.sgd(RATES[:, None]), w0, 300, every=10, iters=4, rng=np.random.default_rng(2))


def _explorer():
    return wl.edge_of_stability_explorer(_trace(), RATES, lr=0.5)


EXPLORERS = {"edge of stability": _explorer}


def _state(e):
    return e.animated[-1].get_text()


def test_every_slider_changes_the_picture():
    drive_every_slider(_explorer())


def test_every_position_shows_its_rate_and_a_state():
    e = _explorer()
    for lr in RATES:
        e.controls["lr"].value = lr
        text = _state(e)
        assert f"ε = {lr:.3g}" in text and f"2/ε = {2 / lr:.3g}" in text
        assert any(word in text for word in ("below the edge", "catapult", "at the edge", "above the edge", "diverged"))
        i = int(np.argmin(abs(RATES - lr)))
        np.testing.assert_array_equal(e.animated[0].get_ydata(), e.data["sharpness"][:, i])
        assert e.animated[1].get_ydata()[0] == pytest.approx(2 / lr)


def test_the_extremes_are_labelled_by_what_the_run_did():
    e = _explorer()
    e.controls["lr"].value = RATES[0]
    assert "below the edge" in _state(e)  # 300 steps are too few to sharpen at this rate
    e.controls["lr"].value = RATES[-1]
    assert "catapult" in _state(e)


def test_the_states_name_what_the_run_did():
    assert "diverged" in wl.edge_state(np.ones(10), 2.0, np.append(np.ones(9), np.nan))[0]
    assert "still sharpening" in wl.edge_state(np.linspace(0.5, 1.0, 10), 2.0, np.ones(10))[0]
    assert "no sharpening" in wl.edge_state(np.linspace(1.0, 0.5, 10), 2.0, np.ones(10))[0]
    assert "catapult" in wl.edge_state(np.linspace(8.0, 0.5, 10), 2.0, np.ones(10))[0]
    assert "at the edge" in wl.edge_state(np.full(10, 2.1), 2.0, np.ones(10))[0]
    text, kind = wl.edge_state(np.full(10, 3.0), 2.0, np.ones(10))
    assert "above the edge" in text and kind == "saddle"  # the colour of "converges, oscillating", not of divergence


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="lrs"):
        wl.edge_of_stability_explorer(_trace(), RATES[:3])
    with pytest.raises(ValueError, match="log"):
        wl.edge_of_stability_explorer(_trace(), np.linspace(0.25, 8, len(RATES)))
