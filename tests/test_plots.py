"""Each drawing function draws what it is given into the axes it is given and returns its artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lecturekit import plots
from lecturekit.objectives import bumpy, two_minima
from lecturekit.style import COLORS


def test_curve_draws_the_objective_and_its_landmarks():
    f = bumpy()
    fig, ax = plt.subplots()
    out = plots.curve(f, ax=ax, n=50)
    x, y = out["line"].get_data()
    np.testing.assert_allclose(y, f.value(np.asarray(x)[:, None]))
    assert len(out["marks"]) == 2 * len(f.landmarks)  # a dot and a label each
    assert {t.get_text() for t in ax.texts} == set(f.landmarks)


def test_contours_landmarks_and_path_on_a_2d_objective():
    f = two_minima()
    fig, ax = plt.subplots()
    cs = plots.contours(f, ax=ax, n=40, log=True)["contours"]
    assert len(cs.levels) > 5
    marks = plots.landmarks_2d(f, ax=ax)
    assert len(marks) == 2 * len(f.landmarks)
    pts = np.array([[0.0, 0.0], [0.5, 0.2], [1.0, 0.4]])
    line, start = plots.path(pts, ax=ax)
    np.testing.assert_array_equal(np.column_stack(line.get_data()), pts)
    np.testing.assert_array_equal(np.column_stack(start.get_data()), pts[:1])


def test_state_label_is_coloured_by_kind():
    fig, ax = plt.subplots()
    label = plots.state_label(ax, "diverged at step 3", "diverged")
    assert label.get_text() == "diverged at step 3"
    assert label.get_color() == COLORS["diverged"]


def test_categorical_map_and_its_bad_input():
    fig, ax = plt.subplots()
    codes = np.array([[0, 1], [2, 1]])
    img = plots.categorical_map(codes, (0, 1, 0, 1), ["a", "b", "c"], ["red", "green", "blue"], ax=ax)
    np.testing.assert_array_equal(img.get_array(), codes)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "c"]
    with pytest.raises(ValueError, match="codes must lie in 0..1"):
        plots.categorical_map(codes, (0, 1, 0, 1), ["a", "b"], ["red", "green"], ax=ax)
    with pytest.raises(ValueError, match="same length"):
        plots.categorical_map(codes, (0, 1, 0, 1), ["a", "b", "c"], ["red"], ax=ax)
