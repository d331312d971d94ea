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
    "power": lambda: wi.power_explorer(np.random.default_rng(3), d=4, t_max=60, rho=0.9, skew=1.0),
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


def test_scale_depth_axes_follow_the_state():
    e = EXPLORERS["scale_depth"]()
    c = e.controls
    ax_f = e.fig.axes[0]
    sweep = e.data["sweeps"]
    k = list(e.data["depths"]).index(20)
    i = int(np.argmin(abs(e.data["scales"] - 1.0)))
    act = sweep["tanh"][0][i, k]
    lo, hi = ax_f.get_ylim()
    assert lo <= act[:21].min() and act[:21].max() <= hi  # the whole profile is in view
    assert np.log10(hi / lo) <= 4  # a fall from 1 to 0.14 spans a visible part of the axis
    c["activation"].value, c["scale"].value = 1, 0.25  # ReLU, vanishing: the axis follows it down
    relu = sweep["relu"][0][0, k]
    lo, hi = ax_f.get_ylim()
    assert lo <= relu[:21].min() < 1e-10 and hi >= 1
    # the third panel shows the dead fraction of the state shown, layer by layer
    stuck = e.animated[2]
    assert np.array_equal(stuck.get_ydata(), sweep["relu"][3][0, k, 1:21])
    assert "dead" in _texts(e)[2]


def test_relu_dead_fraction_does_not_depend_on_the_scale():
    # ReLU without biases is positively homogeneous: scaling one draw of weights changes no sign
    dead = EXPLORERS["scale_depth"]().data["sweeps"]["relu"][3]  # (scales, depths, L+1)
    finite = ~np.isnan(dead[0])
    assert np.all(dead[:, finite] == dead[0][finite])
    assert dead[0][finite].max() > 0.2  # and it is not trivially zero


def test_power_explorer_follows_rho_to_the_t():
    e = EXPLORERS["power"]()
    d = e.data
    i = int(np.argmin(abs(d["rhos"] - 1.3)))
    for kappa in d["skews"]:  # after the smaller components die out, the norm grows by rho per step
        fwd = d["norms"][kappa][0]
        assert fwd[i, -1] / fwd[i, -2] == pytest.approx(1.3, rel=0.01)
    for rho, word in ((0.5, "vanishes"), (1.0, "neither"), (1.5, "explodes")):
        e.controls["rho"].value = rho
        assert word in _texts(e)[0]


def test_power_explorer_normal_w_never_grows_and_non_normal_w_can():
    e = EXPLORERS["power"]()
    d = e.data
    below = d["rhos"] < 1
    normal = d["norms"][0.0][0][below]
    assert np.all(normal <= normal[:, :1] * (1 + 1e-12))  # ‖W^t x‖ <= ‖x‖ for a normal W with rho < 1
    assert d["conds"][0.0] == pytest.approx(1.0)
    skewed = d["norms"][max(d["skews"])][0]
    i = int(np.argmin(abs(d["rhos"] - 0.9)))
    assert skewed[i].max() > 2 * skewed[i, 0]  # transient growth although rho < 1
    e.controls["rho"].value, e.controls["skew"].value = 0.9, max(d["skews"])
    assert "first grows" in _texts(e)[0]
    ref = e.animated[2].get_ydata()
    assert np.allclose(ref, 0.9 ** np.arange(ref.size) / 100)  # the slope guide sits below the curves


def test_clipping_states():
    e = EXPLORERS["clipping"]()
    c = e.controls
    lrs, th = e.data["lrs"], e.data["thresholds"]
    assert np.any(np.isclose(lrs, 0.1))  # the run of the text is on the grid
    c["mode"].value, c["lr"].value = 0, lrs[np.isclose(lrs, 0.1)][0]
    assert "lr = 0.1," in _texts(e)[0] and "outside the picture" in _texts(e)[0]
    c["lr"].value = lrs[-1]
    assert "2-cycle" in _texts(e)[0]
    c["mode"].value, c["threshold"].value = 1, 0.1
    assert "stays on the low side" in _texts(e)[0]
    for mode in ("by norm", "by value"):  # clipping keeps every run of the grid in the picture
        assert not e.data["outside"][mode].any()
    jumps = e.data["jumps"]["by norm"].reshape(len(lrs), -1)
    bound = lrs[:, None] * th[None, :]
    assert np.all(jumps <= bound * (1 + 1e-9))  # a norm-clipped step is at most lr * c long
    by_value = e.data["jumps"]["by value"].reshape(len(lrs), -1)
    assert np.all(by_value <= np.sqrt(2) * bound * (1 + 1e-9)) and np.any(by_value > 1.2 * bound)


def test_clipping_verdicts_read_the_last_iterates():
    lo, hi = np.array([-3.0, -2.0]), np.array([1.5, 2.0])
    T = 20
    low = np.tile([-0.5, 0.0], (T, 1))
    cycle = np.array([[0.3, 0.0] if t % 2 else [-0.2, 0.0] for t in range(T)])
    high = np.tile([0.4, 0.0], (T, 1))
    out = np.tile([-5.0, 0.0], (T, 1))
    nan = np.full((T, 2), np.nan)
    x = np.stack([low, cycle, high, out, nan], axis=1)  # (T, B, 2)
    assert wi.clipping_verdicts(x, lo, hi) == ["low", "cycle", "high", "out", "diverged"]
    # a 2-cycle gives the same verdict whether the run stops on an odd or an even step
    assert wi.clipping_verdicts(x[:-1], lo, hi) == wi.clipping_verdicts(x, lo, hi)


def test_bad_state_inputs():
    text, kind = wi.signal_state(np.array([1.0, 1e5]), np.zeros(2), "relu", 1)
    assert "explodes" in text and kind == "diverged"
    text, kind = wi.gradient_state(np.array([1e-5, 1.0]), 1)
    assert "vanishes" in text
