"""Drive every slider of the conditioning explorers, built with the notebook's settings: each move
changes the picture, no extreme raises or warns, and the label names the state."""

import numpy as np
import pytest
from conftest import drive_every_slider

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
    np.testing.assert_array_equal(data["measured"], np.repeat(data["theory"][:, None], len(data["angles"]), 1))
    assert "within 0.001 in 399 steps; theory 399" in _label(explorer)
    explorer.controls["kappa"].value = 1.0
    assert "within 0.001 in 1 steps" in _label(explorer)
    explorer.controls["kappa"].value = 1000.0
    explorer.controls["angle"].value = 90.0
    assert "3989 steps; theory 3989" in _label(explorer)
    assert "κ → 1" in _label(explorer)  # axis-aligned: rescaling cures it
    explorer.controls["angle"].value = 45.0
    assert "κ → 1" not in _label(explorer).replace("κ → 1e", "")


def test_condition_explorer_reports_runs_that_do_not_arrive():
    explorer = condition_explorer(kappa=1000.0, steps=100, kappa_max=1000.0)
    assert "not within 0.001 after 100 steps" in _label(explorer)


def test_coordinate_explorer_labels_regimes_at_the_extremes():
    explorer = EXPLORERS["coordinates"]()
    assert "3 converge, 1 oscillates" in _label(explorer)
    explorer.controls["lr"].value = 0.01
    assert "4 converge" in _label(explorer) and "oscillat" not in _label(explorer)
    explorer.controls["lr"].value = 1.0
    assert "1 converges, 3 do not converge" in _label(explorer)


def test_damping_explorer_labels_attraction_singularity_and_escape():
    explorer = EXPLORERS["damping"]()
    assert "still attracted" in _label(explorer)
    slider = explorer.controls["damping"]
    for value, expected in [
        (0.0, "jumps onto the saddle"),
        (1.0, "bounces"),
        (1.5, "flips sign"),
        (2.0, "singular"),
        (4.0, "escapes along y"),
    ]:
        slider.value = value
        assert expected in _label(explorer), (value, _label(explorer))
    traj = explorer.data["traj"]
    lams = explorer.data["lams"]
    singular = np.repeat(np.isclose(lams, 2.0), 8)
    assert np.all(traj.diverged[singular])  # no step at all: flagged, not raised


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: condition_explorer(kappa_max=1.0), "kappa_max"),
        (lambda: coordinate_explorer([1.0, -1.0]), "positive"),
        (lambda: coordinate_explorer([1.0], lr_min=1.0, lr_max=0.1), "lr_min"),
        (lambda: damping_explorer(step=5.0), "step"),
    ],
)
def test_explorers_reject_bad_settings(call, match):
    with pytest.raises(ValueError, match=match):
        call()
