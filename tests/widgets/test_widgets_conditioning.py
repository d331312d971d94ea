"""Drive every slider of the conditioning explorers, built with the notebook's settings: each move
changes the picture, no extreme raises or warns, and the label names the state."""

import numpy as np
import pytest
from conftest import drive_every_slider

from lecturekit.plots import text_color
from lecturekit.widgets.conditioning import condition_explorer, coordinate_explorer, damping_explorer

EXPLORERS = {
    "condition": lambda: condition_explorer(kappa=100.0, angle=30.0, x0=(-2.5, 1.5), tol=1e-3),
    "coordinates": lambda: coordinate_explorer(np.array([1.0, 4.0, 10.0, 25.0]), lr=0.07),
    "damping": lambda: damping_explorer(damping=0.5),
}


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


def _label(explorer):
    return "\n".join(a.get_text() for a in explorer.animated if hasattr(a, "get_text"))


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_changes_the_picture_at_every_extreme(name):
    drive_every_slider(EXPLORERS[name]())


def test_condition_explorer_measures_the_theory_and_labels_the_extremes():
    explorer = EXPLORERS["condition"]()
    data = explorer.data
    best = int(np.argmin(np.abs(data["factors"] - 1.0)))
    # at ε* both eigen-components shrink by exactly ρ*: the count equals the bound at every angle
    np.testing.assert_array_equal(data["measured"][best], np.repeat(data["theory"][:, None], len(data["angles"]), 1))
    assert "within 0.001 in 399 steps; the bound promises 399" in _label(explorer)
    explorer.controls["kappa"].value = 1.0
    assert "within 0.001 in 1 steps" in _label(explorer)
    explorer.controls["kappa"].value = 1000.0
    explorer.controls["angle"].value = 90.0
    assert "3989 steps; the bound promises 3989" in _label(explorer)
    assert explorer.animated[-1].get_color() == text_color("minimum")  # slow, but it arrives: not "diverged"
    assert "κ → 1" in _label(explorer)  # axis-aligned: rescaling cures it
    explorer.controls["angle"].value = 45.0
    assert "κ → 1" not in _label(explorer).replace("κ → 1e", "")


def test_condition_explorer_step_control_parts_measurement_and_best_step_theory():
    explorer = EXPLORERS["condition"]()
    data = explorer.data
    small = data["measured"][0]  # ε = 0.1 ε*: slower than at ε*, at or below its own bound
    ok = small >= 0
    assert np.all(small[ok] > data["theory"][np.nonzero(ok)[0]])
    assert np.all(small[ok] <= np.repeat(data["bound"][0][:, None], small.shape[1], 1)[ok])
    explorer.controls["factor"].value = 0.5  # ε = ε*/2 ≈ 1/λmax: no zig-zag, twice the steps
    assert "ε = 0.50 ε*" in _label(explorer)
    n_half = int(_label(explorer).split("within 0.001 in ")[1].split(" steps")[0])
    assert 1.8 * 399 < n_half < 2.2 * 399
    explorer.controls["factor"].value = 1.2  # above 2/λmax for κ = 100
    assert "does not converge: ε ≥ 2/λmax" in _label(explorer)
    assert explorer.animated[-1].get_color() == text_color("diverged")
    explorer.controls["kappa"].value = 1000.0
    explorer.controls["factor"].value = 0.1
    assert "not within 0.001 in 25,000 steps" in _label(explorer)
    assert explorer.animated[-1].get_color() == text_color("inconclusive")


def test_condition_sweep_counts_equal_optim_run():
    from lecturekit import conditioning, optim
    from lecturekit.widgets.conditioning import condition_sweep

    kappas, angles, factors = np.array([1.0, 10.0, 100.0]), np.array([0.0, 30.0, 75.0]), np.array([0.3, 1.0, 1.05])
    sweep = condition_sweep(kappas, angles, factors, (-2.5, 1.5), 3000, 1e-3)
    K, A = np.meshgrid(kappas, np.radians(angles), indexing="ij")
    lam = np.stack([np.ones(K.size), K.ravel()], -1)
    f = conditioning.quadratic_batch(lam, A.ravel())
    for q, factor in enumerate(factors):
        lr = factor * conditioning.best_step(lam)[:, None]
        traj = optim.run(optim.sgd(lr), f, np.tile([-2.5, 1.5], (K.size, 1)), steps=3000)
        counted = optim.steps_to_tolerance(traj, 1e-3, x_star=np.zeros(2)).reshape(K.shape)
        np.testing.assert_array_equal(sweep["measured"][q], counted)


def test_condition_explorer_reports_runs_that_do_not_arrive():
    explorer = condition_explorer(kappa=1000.0, steps=100, kappa_max=1000.0)
    assert "not within 0.001 in 100 steps" in _label(explorer)


def test_coordinate_explorer_labels_regimes_at_the_extremes():
    explorer = EXPLORERS["coordinates"]()
    assert "3 converge, 1 oscillates" in _label(explorer)
    explorer.controls["lr"].value = 0.01
    assert "4 converge" in _label(explorer) and "oscillat" not in _label(explorer)
    explorer.controls["lr"].value = 1.0
    assert "1 converges, 3 do not converge" in _label(explorer)


def test_coordinate_explorer_grid_holds_every_boundary_and_labels_it():
    explorer = EXPLORERS["coordinates"]()
    lrs, x = explorer.data["lrs"], explorer.data["traj"].x  # x: (steps + 1, len(lrs), 4), x_0 = 1
    slider = explorer.controls["lr"]
    for boundary in (0.04, 0.08, 0.1, 0.2, 0.25, 0.5, 1.0):  # 1/a and 2/a for a = (1, 4, 10, 25) inside [0.01, 1]
        assert np.any(np.isclose(lrs, boundary, rtol=1e-12)), boundary
    for value, coordinate, expected in [(0.08, 3, "x₄ bounces"), (0.5, 1, "x₂ bounces"), (0.2, 2, "x₃ bounces")]:
        i = int(np.argmin(np.abs(lrs - value)))
        slider.value = float(lrs[i])
        assert expected in _label(explorer) and "not converge" in _label(explorer)
        np.testing.assert_allclose(x[:, i, coordinate], (-1.0) ** np.arange(x.shape[0]), atol=1e-9)  # ±1 forever
    for value, expected in [(0.04, "x₄ lands on 0 in one step"), (0.1, "x₃ lands on 0"), (1.0, "x₁ lands on 0")]:
        slider.value = float(lrs[int(np.argmin(np.abs(lrs - value)))])
        assert expected in _label(explorer)
    slider.value = float(lrs[0])  # the extremes are labelled states too
    assert "ε = 0.01: 4 converge" in _label(explorer)
    slider.value = float(lrs[-1])
    assert "ε = 1: 1 converges, 3 do not converge" in _label(explorer)
    slider.value = float(lrs[int(np.argmin(np.abs(lrs - 0.075)))])  # the grid point below 2/25: no boundary note
    assert "bounces" not in _label(explorer) and "lands" not in _label(explorer)


def test_damping_explorer_labels_attraction_singularity_and_escape():
    explorer = EXPLORERS["damping"]()
    assert "still attracted" in _label(explorer)
    slider = explorer.controls["damping"]
    for value, expected in [
        (0.0, "jumps onto the saddle"),
        (1.0, "flips between ±y forever"),
        (0.95, "still attracted"),
        (1.05, "repelled along y"),
        (1.5, "no descent direction"),
        (2.0, "singular"),
        (2.05, "positive definite"),
        (4.0, "escapes along y"),
    ]:
        slider.value = value
        assert expected in _label(explorer), (value, _label(explorer))
    traj = explorer.data["traj"]
    lams = explorer.data["lams"]
    singular = np.repeat(np.isclose(lams, 2.0), 8)
    assert np.all(traj.diverged[singular])  # no step at all: flagged, not raised


@pytest.fixture(params=["notebook", "talk"])
def context(request):
    from lecturekit import style

    style.use_style(request.param)
    yield request.param
    style.use_style("notebook")


def test_condition_explorer_gives_the_zig_zag_a_third_of_the_width(context):
    explorer = EXPLORERS["condition"]()
    explorer.fig.canvas.draw()
    zigzag, counts = explorer.fig.axes[:2]
    assert zigzag.get_position().width >= 0.33, context  # it was 0.24 of the width in talk
    assert counts.get_position().width >= 0.33


def test_damping_explorer_singular_label_is_clear_of_the_curves(context):
    explorer = EXPLORERS["damping"]()
    fig = explorer.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax_f = fig.axes[1]
    label = next(t for t in ax_f.texts if t.get_text().startswith("H + λI singular"))
    box = label.get_window_extent(renderer)
    for line in ax_f.lines:
        xy = line.get_xydata()
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if len(xy) < 3:  # the reference lines (λ = 2, |factor| = 1, the marker) are not curves
            continue
        dense = np.linspace(xy[:, 0].min(), xy[:, 0].max(), 2000)
        curve = np.stack([dense, np.interp(dense, xy[:, 0], xy[:, 1])], -1)
        points = ax_f.transData.transform(curve)
        inside = (
            (points[:, 0] >= box.x0) & (points[:, 0] <= box.x1) & (points[:, 1] >= box.y0) & (points[:, 1] <= box.y1)
        )
        assert not inside.any(), (context, line.get_label())


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: condition_explorer(kappa_max=1.0), "kappa_max"),
        (lambda: coordinate_explorer([1.0, -1.0]), "positive"),
        (lambda: coordinate_explorer([1.0], lr_min=1.0, lr_max=0.1), "lr_min"),
        (lambda: damping_explorer(step=5.0), "step"),
        (lambda: condition_explorer(factors=[1.0, 0.5]), "factors"),
    ],
)
def test_explorers_reject_bad_settings(call, match):
    with pytest.raises(ValueError, match=match):
        call()
