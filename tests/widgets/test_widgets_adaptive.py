"""The adaptive-methods explorers, built with the chapter's settings: every control (sliders, the
data-set menu and the Play buttons) driven, the labelled states at the extremes, the precomputed
runs against separate runs, and the animation."""

from functools import partial

import numpy as np
import pytest
from conftest import drive_every_slider

from lecturekit import nn, optim
from lecturekit.widgets.adaptive import (
    five_method_race,
    playground,
    playground_explorer,
    race_animation,
    race_animation_html,
    race_explorer,
)


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


TRAINERS = {
    "SGD": optim.sgd(0.3),
    "momentum": optim.momentum(0.05, 0.9),
    "RMSProp": optim.rmsprop(0.01),
    "Adam": optim.adam(0.02),
}


def _race():
    racers, surfaces, titles = five_method_race()
    return race_explorer(racers, surfaces, steps=200, tol=0.05, titles=titles)


def _data_sets(n=60):
    return {
        name: getattr(nn.datasets, name)(np.random.default_rng(1), n=n, noise=0.1) for name in ["two_spirals", "xor"]
    }


def _playground():
    return playground_explorer(
        _data_sets(),
        TRAINERS,
        steps=200,
        step=100,
        record_every=25,
        grid_n=30,
        weights=partial(nn.init.normal, scale=0.1),
    )


@pytest.fixture(scope="module")
def race():
    return _race()


def test_every_control_of_the_race_changes_the_picture():
    drive_every_slider(_race())


def test_every_control_of_the_playground_changes_the_picture():
    drive_every_slider(_playground())


def test_race_states_at_the_extremes(race):
    status = race.animated[-1]
    race.controls["k"].value = 0
    assert status.get_text().splitlines() == [
        "valley, step 0: on the way: GD, momentum, AdaGrad, RMSProp, Adam",
        "two minima, step 0: on the way: GD, momentum, AdaGrad, RMSProp, Adam",
    ]
    race.controls["k"].value = 200
    valley, two = status.get_text().splitlines()
    assert valley == "valley, step 200: global minimum: GD, momentum, AdaGrad, RMSProp, Adam"
    assert two == "two minima, step 200: global minimum: momentum; local minimum: GD, AdaGrad, RMSProp, Adam"


def test_the_race_is_the_same_as_separate_runs(race):
    racers, surfaces, _ = five_method_race()
    for (f, x0), traj in zip(surfaces, race.data["trajectories"]):
        for i, opt in enumerate(racers.values()):
            alone = optim.run(opt, f, np.array([x0], dtype=float), steps=200)
            # equal up to rounding; near a minimum Adam's steps of about ±ε amplify the last bits
            np.testing.assert_allclose(traj.x[:, i], alone.x[:, 0], rtol=0, atol=1e-5)


def test_play_drives_the_step_slider(race):
    race.play.value = 40
    assert race.controls["k"].value == 40
    assert race.play in race.box.children


def test_playground_states_and_accuracies():
    ex = _playground()
    ex.controls["dataset"].value = 1  # xor
    ex.controls["k"].value = 0
    state = ex.animated[-1].get_text()
    assert state.startswith("xor, step 0: lowest loss")
    assert state.endswith("(all equal)")  # one shared start: no winner at step 0
    titles = [a.get_text() for a in ex.animated if hasattr(a, "get_text") and "right" in a.get_text()]
    assert len(titles) == 4  # one per optimizer, each with its accuracy
    ex.controls["k"].value = 200
    assert "xor, step 200" in ex.animated[-1].get_text()
    ex.play.value = 100
    assert ex.controls["k"].value == 100


def test_playground_runs_start_from_one_network_and_equal_separate_runs():
    runs = playground(_data_sets(), TRAINERS, steps=50, record_every=10, grid_n=10)
    run = runs["xor"]
    w = run["traj"].x
    assert np.all(w[0] == w[0, :1])  # every optimizer starts from the same network
    for j, opt in enumerate(TRAINERS.values()):
        alone = optim.run(opt, run["net"], w[0, j : j + 1], steps=50, record_every=10)
        np.testing.assert_allclose(w[:, j], alone.x[:, 0], rtol=1e-12, atol=1e-12)
    assert run["proba"].shape == (6, 4, 10, 10)
    assert np.all((run["proba"] >= 0) & (run["proba"] <= 1))


def test_the_animation_has_one_frame_per_step_asked_for(race, tmp_path):
    from PIL import Image

    anim = race_animation(race, [0, 100, 200])
    assert list(anim.new_frame_seq()) == [0, 100, 200]
    anim.save(tmp_path / "race.gif", writer="pillow", fps=5)  # how res/make_figures.py writes the GIF
    with Image.open(tmp_path / "race.gif") as gif:
        assert gif.n_frames == 3
    html = race_animation_html(race, [0, 200]).data
    assert html.count("data:image/jpeg;base64,") == 2


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda ex: race_animation(ex, []), "frames"),
        (lambda ex: race_animation(ex, [0, 999]), "frames"),
        (lambda ex: race_animation(object(), [0]), "race_explorer"),
    ],
)
def test_animation_bad_input_is_explained(race, call, match):
    with pytest.raises(ValueError, match=match):
        call(race)


def test_a_tie_names_every_leader_and_a_lead_names_one():
    from lecturekit.widgets.adaptive import _leaders

    names = ["SGD", "momentum", "RMSProp", "Adam"]
    assert _leaders(names, np.full(4, 0.6931)) == "lowest loss 0.693 (all equal)"
    assert _leaders(names, np.array([0.5, 0.1, 0.10004, 0.3])) == "lowest loss 0.100 (momentum, RMSProp)"
    assert _leaders(names, np.array([0.5, 0.2, 0.1, 0.3])) == "lowest loss 0.100 (RMSProp)"


def test_the_race_names_the_global_and_the_local_minimum(race):
    texts = [[t.get_text() for t in ax.texts] for ax in race.fig.axes[:4] if ax.texts]
    assert ["global min"] in texts  # the valley's one minimum
    assert ["global min", "local min"] in texts  # two_minima: the lower star is the global one
