"""The SGD explorers, built with the chapter's settings: every slider driven, the states at the extremes,
the precomputed data against the formulas they show; and the drawing functions they use."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from conftest import drive_every_slider, slider_extremes

from lecturekit import plots, schedules
from lecturekit.objectives import least_squares, make_regression, quadratic
from lecturekit.widgets.sgd import SCHEDULE_NAMES, clt_explorer, minibatch_explorer, schedule_explorer, schedule_limits


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


def _regression(seed=2026):
    rng = np.random.default_rng(seed)
    data = make_regression(rng, n=1000, scales=(1.0, 1.0), noise=0.5, w_true=(2.0, -1.0))
    return least_squares(data.X, data.y), rng


EXPLORERS = {
    "clt": lambda: clt_explorer(np.random.default_rng(0), n_max=30, trials=100_000, n=3),
    "minibatch": lambda: minibatch_explorer(
        *_regression()[:1], np.zeros(2), _regression()[1], sizes=2 ** np.arange(7), draws=8000, bins=120, m=16
    ),
    "schedule": lambda: schedule_explorer(steps=10_000, kind=1, tau=1000),
}


def _text(artist):
    return artist.get_text()


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_changes_the_picture_at_every_extreme(name):
    drive_every_slider(EXPLORERS[name]())


def test_clt_explorer_states_and_data():
    explorer = EXPLORERS["clt"]()
    label = explorer.animated[-1]
    slider = explorer.controls["N"]
    for value in slider_extremes(slider)[:2]:
        slider.value = value
        assert f"N = {int(value)}: std of the means" in _text(label)
    data = explorer.data
    np.testing.assert_allclose(data["spread"], data["std"], rtol=0.01)  # std of means = 1/sqrt(12N)
    widths = np.diff(data["edges"])
    np.testing.assert_allclose((data["heights"] * widths).sum(axis=1), 1.0)  # all means lie in [0, 1]
    np.testing.assert_allclose(data["std"], 1 / np.sqrt(12 * data["Ns"]))


def test_minibatch_explorer_states_and_data():
    explorer = EXPLORERS["minibatch"]()
    label = explorer.animated[-1]
    slider = explorer.controls["m"]
    low, high, _ = slider_extremes(slider)
    slider.value = low
    assert _text(label).startswith("m = 1:")
    slider.value = high
    assert _text(label).startswith("m = 64:")
    d = explorer.data
    np.testing.assert_allclose(d["spread"], d["sigma"] / np.sqrt(d["sizes"]), rtol=0.05)
    assert np.all(np.abs(d["mean"] - d["full"]) < 5 * d["sigma"] / np.sqrt(d["sizes"] * 8000))
    # standardized axis: every size fills the same width, ~N(0, 1) (almost all mass inside ±4)
    widths = np.diff(d["edges"])
    mass = (d["heights"] * widths).sum(axis=1)
    assert np.all(mass > 0.98)
    centre = (d["edges"][:-1] + d["edges"][1:]) / 2
    var = (d["heights"] * widths * centre**2).sum(axis=1) / mass
    np.testing.assert_allclose(var[d["sizes"] >= 16], 1.0, atol=0.1)  # single examples: heavy tails beyond ±4
    skew = d["skew"]
    np.testing.assert_allclose(skew[1:] * np.sqrt(d["sizes"][1:]), skew[0], rtol=0.35)  # skewness ∝ 1/√m


def test_schedule_explorer_verdicts_at_every_type():
    explorer = EXPLORERS["schedule"]()
    kind = explorer.controls["kind"]
    title = explorer.animated[-1]
    tau_lines = explorer.animated[3:6]
    meets = {}
    for t in range(len(SCHEDULE_NAMES)):
        kind.value = t
        assert SCHEDULE_NAMES[t] in _text(title) and "for every ε0" in _text(title)
        meets[t] = "meets both" in _text(title)
        assert all(line.get_visible() == (t in (1, 4, 5)) for line in tau_lines)  # τ only where it is used
    assert meets == {0: False, 1: False, 2: True, 3: False, 4: False, 5: False}
    kind.value = 1
    explorer.controls["tau"].value = 10
    assert "linear decay to τ, τ = 10" in _text(title)
    assert "eps0" not in explorer.controls  # ε0 cannot change a verdict: no slider for it


def test_schedule_explorer_says_when_a_finite_limit_lies_beyond_the_window():
    explorer = EXPLORERS["schedule"]()
    verdicts = explorer.animated[-3:-1]
    explorer.controls["kind"].value = 4  # exponential
    explorer.controls["tau"].value = 10_000  # Σε → 10,000.5 ε0, but 10,000 steps reach only 1 − 1/e of it
    first = verdicts[0].get_text()
    assert "< ∞" in first and "by k = 10,000: 63% of it" in first
    assert "by k = 10,000: 86% of it" in verdicts[1].get_text()  # Σε²: 1 − e⁻²
    explorer.controls["tau"].value = 10  # the sums have converged long before k = 10,000: no note
    assert all("of it" not in v.get_text() for v in verdicts)
    explorer.controls["kind"].value = 0  # infinite limits: no note either
    assert all("of it" not in v.get_text() for v in verdicts)


def test_schedule_explorer_curves_match_the_schedules_and_stay_in_frame():
    explorer = EXPLORERS["schedule"]()
    d = explorer.data
    i = int(np.argmin(np.abs(d["taus"] - 1000)))
    k = d["k"]
    np.testing.assert_allclose(d["curves"][1, i, 0], schedules.linear_decay(1.0, 0.01, 1000)(k), rtol=1e-12)
    full = schedules.inverse_time(1.0)(np.arange(10_000))
    np.testing.assert_allclose(d["curves"][2, i, 1], np.cumsum(full)[k], rtol=1e-12)
    np.testing.assert_allclose(d["curves"][2, i, 2], np.cumsum(full**2)[k], rtol=1e-12)
    fig_axes = explorer.fig.axes
    for j, ax in enumerate(fig_axes):  # every curve starts inside its panel's y-range (no blank panel)
        lo, hi = ax.get_ylim()
        assert np.all((d["curves"][:, :, j, 0] >= lo) & (d["curves"][:, :, j, 0] <= hi))
    # the linear decay's Σε² visibly rises after τ when τ is small: by 10,000 steps it gained > 20 %
    small = int(np.argmin(d["taus"]))
    assert d["curves"][1, small, 2, -1] > 1.2 * d["curves"][1, small, 2, np.searchsorted(k, 100)]


@pytest.mark.parametrize("kind", range(6))
def test_schedule_limits_are_the_limits_of_the_partial_sums(kind):
    eps0, tau = 0.3, 20.0
    lim1, lim2 = schedule_limits(kind, eps0, tau)
    from lecturekit.widgets.sgd import _schedule

    eps = np.asarray(_schedule(kind, eps0, tau)(np.arange(2_000_000)), dtype=float)
    for lim, s in ((lim1, eps.sum()), (lim2, (eps**2).sum())):
        if np.isfinite(lim):
            assert s == pytest.approx(lim, rel=1e-5)
        else:
            assert s > 50 * eps0**2  # still growing: large after two million steps


def test_explorers_reject_bad_input():
    with pytest.raises(ValueError, match="example_grads"):
        minibatch_explorer(quadratic(), np.zeros(2), np.random.default_rng(0))
    f, rng = _regression()
    with pytest.raises(ValueError, match="shape"):
        minibatch_explorer(f, np.zeros(3), rng)
    with pytest.raises(ValueError, match="component"):
        minibatch_explorer(f, np.zeros(2), rng, component=2)
    with pytest.raises(ValueError, match="Generator"):
        clt_explorer(0)
    with pytest.raises(ValueError, match="steps"):
        schedule_explorer(steps=5)


def test_drawing_functions_return_their_artists():
    fig, ax = plt.subplots()
    edges = np.linspace(0, 1, 5)
    patch = plots.sgd.histogram_stairs(edges, np.ones(4), ax)
    patch.set_data(values=np.arange(4.0))
    np.testing.assert_allclose(patch.get_data().values, np.arange(4.0))
    line = plots.sgd.density_line(edges, edges**2, ax)
    np.testing.assert_allclose(line.get_ydata(), edges**2)
    with pytest.raises(ValueError, match="edges"):
        plots.sgd.histogram_stairs(edges, np.ones(5), ax)
    fig, ax = plt.subplots()
    sizes = np.array([1, 10, 100])
    drawn = plots.sgd.spread_vs_size(sizes, 2 / np.sqrt(sizes), 2.0, ax, population=200)
    np.testing.assert_allclose(drawn["line"].get_ydata(), 2 / np.sqrt(drawn["line"].get_xdata()))
    fpc_x = drawn["fpc"].get_xdata()
    np.testing.assert_allclose(drawn["fpc"].get_ydata(), 2 / np.sqrt(fpc_x) * np.sqrt((200 - fpc_x) / 199))
    assert plots.sgd.spread_vs_size(sizes, sizes * 1.0, 1.0, ax)["fpc"] is None
    with pytest.raises(ValueError, match="same length"):
        plots.sgd.spread_vs_size(sizes, np.ones(2), 1.0, ax)
    fig, ax = plt.subplots()
    k = np.arange(1, 11)
    lines = plots.sgd.loglog_curves(k, {"a": 1 / k, "b": 1 / k**2}, ax, slopes={"a": -1.0})
    assert [ln.get_label() for ln in lines] == ["a (slope -1.00)", "b"]
    guide, text = plots.sgd.reference_slope(ax, 1, 10, 1.0, -0.5, "slope −1/2")
    np.testing.assert_allclose(guide.get_ydata(), [1.0, 10**-0.5])
    assert text.get_text() == "slope −1/2"
