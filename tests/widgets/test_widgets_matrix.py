"""The Newton-Schulz explorer: every control changes the picture, and every extreme is a labelled state."""

import numpy as np
import pytest
from conftest import drive_every_slider

from lecturekit.widgets.matrix import newton_schulz_explorer


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


def explorer():
    return newton_schulz_explorer(np.random.default_rng(3), steps=5)  # the chapter's settings


EXPLORERS = {"newton_schulz": explorer}


def title(e):
    return e.animated[-1].get_text()


def test_every_control_changes_the_picture():
    drive_every_slider(explorer())


def test_extremes_are_labelled_and_state_the_band():
    e = explorer()
    e.controls["steps"].value = 0
    assert title(e).startswith("G / ‖G‖_F itself") and "[0.002, 1.000]" in title(e)
    e.controls["steps"].value = 5
    assert "5 quintic steps" in title(e) and "[0.682, 1.202]" in title(e)  # the docstring's band
    e.controls["steps"].value = e.controls["steps"].max
    e.controls["coefficients"].value = 1
    assert "12 cubic steps" in title(e) and "singular values in [1.000, 1.000]" in title(e)


def test_one_step_is_singular():
    e = explorer()
    e.controls["steps"].value = 1
    assert title(e).startswith("1 quintic step:")
