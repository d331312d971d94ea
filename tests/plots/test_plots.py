"""Each drawing function draws what it is given into the axes it is given and returns its artists."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

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
    assert label.get_bbox_patch().get_edgecolor()[:3] == pytest.approx(to_rgb(COLORS["diverged"]))
    text = np.array(to_rgb(label.get_color()))
    lin = np.where(text <= 0.04045, text / 12.92, ((text + 0.055) / 1.055) ** 2.4)
    assert 1.05 / (lin @ [0.2126, 0.7152, 0.0722] + 0.05) >= 4.5  # WCAG contrast of the text on white
    plots.set_state_color(label, "minimum")
    assert label.get_bbox_patch().get_edgecolor()[:3] == pytest.approx(to_rgb(COLORS["minimum"]))
    assert label.get_color() == plots.text_color("minimum") != plots.text_color("diverged")


def test_landmarks_carry_the_landmark_gid_and_a_marker_per_kind():
    fig, ax = plt.subplots()
    marks = plots.landmarks_2d(two_minima(), ax=ax)
    dots = [m for m in marks if m.get_gid() == plots.LANDMARK]
    assert len(dots) == len(two_minima().landmarks)
    assert {d.get_marker() for d in dots} == {"o", "X"}  # minima and the saddle


def test_categorical_map_hatches_each_code_and_shows_them_in_the_legend():
    fig, ax = plt.subplots()
    codes = np.array([[0, 1, 1], [2, 1, 0]])
    plots.categorical_map(codes, (0, 1, 0, 1), ["a", "b", "c"], ["red", "green", "blue"], ax=ax)
    legend = ax.get_legend()
    assert [p.get_hatch() or "" for p in legend.get_patches()] == ["", "//", ".."]
    plain = plt.subplots()[1]
    plots.categorical_map(codes, (0, 1, 0, 1), ["a", "b", "c"], ["red", "green", "blue"], ax=plain, hatches=False)
    assert len(plain.collections) == 0 < len(ax.collections)
    with pytest.raises(ValueError, match="hatches"):
        plots.categorical_map(codes, (0, 1, 0, 1), ["a", "b", "c"], ["r", "g", "b"], ax=plain, hatches=["", "//"])


def test_cyclic_marks_move_with_their_styles():
    fig, ax = plt.subplots()
    t = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    pts = np.stack([np.cos(t), np.sin(t)], -1)
    marks = plots.cyclic_marks(pts, ax)
    assert len(marks.get_paths()) == 12 and len(marks.get_facecolors()) == 12
    marks.set_offsets(2 * pts)
    np.testing.assert_allclose(marks.get_offsets(), 2 * pts)
    with pytest.raises(ValueError, match="points"):
        plots.cyclic_marks(t, ax)


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
