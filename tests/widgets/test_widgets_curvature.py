"""Drive every slider of the curvature explorers, built with the settings the notebook uses: each
move changes the picture, no extreme raises or warns, and the label names the state."""

import numpy as np
import pytest
from conftest import drive_every_slider

from lecturekit import plots
from lecturekit.objectives import quadratic, two_minima
from lecturekit.widgets.curvature import (
    directional_curvature_explorer,
    gradient_step_explorer,
    symmetric_map_explorer,
    taylor_explorer,
)


def _valley(n=73):
    xs = np.round(np.linspace(-1.8, 1.8, n), 10)
    return np.stack([xs, 0.5 * xs**2 + 0.25], -1)


EXPLORERS = {
    "symmetric map": lambda: symmetric_map_explorer(lam1=2.0, lam2=0.5, angle=30.0),
    "directional curvature": lambda: directional_curvature_explorer(eigenvalues=(3.0, -1.0), angle=30.0, theta=75.0),
    "taylor": lambda: taylor_explorer(two_minima(), _valley(), x0=-0.3),
    "gradient step": lambda: gradient_step_explorer(two_minima(), [-1.5, 1.5]),
}


@pytest.fixture(autouse=True)
def _shell(ipython):
    return ipython


def _label(explorer):
    return "\n".join(a.get_text() for a in explorer.animated if hasattr(a, "get_text"))


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_slider_changes_the_picture_at_every_extreme(name):
    explorer = EXPLORERS[name]()
    drive_every_slider(explorer)
    assert repr(explorer.box).startswith("[interactive:")


def test_symmetric_map_names_each_shape():
    ex = EXPLORERS["symmetric map"]()
    assert "positive definite" in _label(ex)
    image = ex.animated[0]
    xy = np.column_stack(image.get_data())
    np.testing.assert_allclose(np.sort(np.linalg.norm(xy, axis=1))[[0, -1]], [0.5, 2.0], atol=2e-3)  # semi-axes
    ex.controls["lam2"].value = -0.5  # the same ellipse as for +0.5: only the images of points move
    assert "indefinite: the ellipse of |λ|, points in reversed order" in _label(ex)
    flipped = np.column_stack(image.get_data())
    assert np.abs(flipped[:, None] - xy[None]).sum(-1).min(1).max() < 0.05  # every image point on the old ellipse

    def signed_area(p):
        return 0.5 * np.sum(p[:-1, 0] * p[1:, 1] - p[1:, 0] * p[:-1, 1])

    assert signed_area(xy) == pytest.approx(-signed_area(flipped)) and signed_area(xy) > 0  # traversed backwards
    ex.controls["lam2"].value = -3.0
    ex.controls["lam1"].value = -3.0
    assert "negative definite" in _label(ex)
    ex.controls["lam1"].value = 0.0
    assert "singular" in _label(ex)
    ex.controls["lam2"].value = 0.0
    assert "zero matrix" in _label(ex)
    ex.controls["angle"].value = 180.0
    assert "zero matrix" in _label(ex)


def test_directional_curvature_explorer_values():
    ex = EXPLORERS["directional curvature"]()
    data = ex.data
    np.testing.assert_allclose(data["values"], 1 + 2 * np.cos(2 * np.radians(data["thetas"] - 30)), atol=1e-12)
    np.testing.assert_allclose(data["weights"].sum(1), 1.0)
    assert "= 1.00" in _label(ex)  # the default: halfway between the eigenvectors, the plain average
    ex.controls["theta"].value = 30.0
    assert "along u₁" in _label(ex) and "= 3.00" in _label(ex)
    ex.controls["theta"].value = 120.0
    assert "along u₂" in _label(ex) and "= -1.00" in _label(ex)


def test_taylor_explorer_shapes_along_the_valley():
    ex = EXPLORERS["taylor"]()
    assert "saddle" in _label(ex)
    for x0, shape in [(-1.8, "bowl"), (-1.05, "bowl"), (0.95, "bowl"), (1.8, "bowl"), (0.0, "saddle")]:
        ex.controls["x0"].value = x0
        assert shape in _label(ex), (x0, _label(ex))
    assert len(ex.data["segments"]) == 73 and all(len(s) > 0 for s in ex.data["segments"])


def test_taylor_contours_of_a_quadratic_model_are_its_own():
    q = quadratic((1.0, 4.0), angle=0.4)
    centers = np.array([[-1.0, 0.0], [0.0, 0.5], [1.0, 1.0]])
    ex = taylor_explorer(q, centers, n=60)
    a, b = (
        ex.data["segments"][0],
        plots.curvature.contour_segments(
            np.linspace(-3, 3, 60), np.linspace(-3, 3, 60), q.value(q.grid(60)[1]), ex.data["levels"]
        ),
    )
    assert len(a) == len(b)
    for s, t in zip(a, b):
        np.testing.assert_allclose(s, t, atol=1e-9)  # the model of a quadratic is the quadratic


def test_gradient_step_explorer_states():
    ex = EXPLORERS["gradient step"]()
    d = ex.data
    assert d["eps_star"] >= 1 / d["lam_max"]
    assert ex.controls["eps"].value == pytest.approx(d["eps_star"], rel=1e-9)
    assert "a decrease" in _label(ex)
    ex.controls["eps"].value = 0.0
    assert "no step, no change" in _label(ex)
    ex.controls["eps"].value = ex.controls["eps"].max  # 4 ε*: beyond 2.93 ε*, where f itself starts to rise
    assert ex.controls["eps"].max == pytest.approx(4 * d["eps_star"])
    assert "ε = 0.1613" in _label(ex) and "an increase" in _label(ex)
    rising = d["eps"][d["actual"] > 0]
    assert rising.min() / d["eps_star"] == pytest.approx(2.93, abs=0.02)


def test_gradient_step_explorer_shows_overflow_as_a_state():
    ex = gradient_step_explorer(two_minima(), [-1.5, 1.5], eps_max=1e80)
    ex.controls["eps"].value = 1e80
    assert "diverged" in _label(ex)


def test_bad_input():
    with pytest.raises(ValueError, match="2-D objectives"):
        taylor_explorer(quadratic((1.0,)), [[0.0], [1.0]])
    with pytest.raises(ValueError, match="increase strictly"):
        taylor_explorer(two_minima(), [[1.0, 0.0], [0.0, 0.0]])
    with pytest.raises(ValueError, match="gradient of two minima vanishes"):
        gradient_step_explorer(two_minima(), two_minima().landmarks["saddle"])
    with pytest.raises(ValueError, match="one point of length 2"):
        gradient_step_explorer(two_minima(), [[0.0, 0.0]])
    with pytest.raises(ValueError, match="two finite numbers"):
        directional_curvature_explorer(eigenvalues=(1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match="lam_range"):
        symmetric_map_explorer(lam_range=0.0)


def test_gradient_step_explorer_keeps_both_dots_on_the_panel_at_its_extreme():
    explorer = EXPLORERS["gradient step"]()
    slider = explorer.controls["eps"]
    ax_c = explorer.fig.axes[1]
    dot_pred, dot_act = explorer.animated[2:4]
    for value, clipped_expected in ((slider.max, True), (explorer.data["eps_star"], False), (slider.min, False)):
        slider.value = value
        low, high = ax_c.get_ylim()
        (y_act,) = dot_act.get_ydata()
        (y_pred,) = dot_pred.get_ydata()
        assert low <= y_act <= high and low <= y_pred <= high, (value, y_act, y_pred, (low, high))
        if clipped_expected:  # at 4ε* the model predicts +4.16 and f rises by 0.706: the prediction is an arrow
            assert dot_pred.get_marker() == "^" and "the model predicts +4.16" in _label(explorer)
        else:
            assert dot_pred.get_marker() == "o"
    labels = [t.get_text() for t in ax_c.get_legend().get_texts()]
    assert "x − ε*g (left)" in labels  # the green × on the left panel has its legend entry


def test_taylor_explorer_labels_are_drawn_over_the_model_and_small_eigenvalues_keep_two_digits():
    explorer = EXPLORERS["taylor"]()
    texts = [a for a in explorer.animated if type(a).__name__ == "Annotation"]
    assert {t.get_text() for t in texts} >= {"global minimum", "local minimum", "saddle"}
    model_lines = explorer.animated[0]
    assert all(explorer.animated.index(t) > explorer.animated.index(model_lines) for t in texts)
    explorer.controls["x0"].value = 0.65  # where exercise 4(b) sends the learner: λmin = 0.049
    assert "0.049" in _label(explorer) and "bowl" in _label(explorer)
    explorer.controls["x0"].value = -0.65
    assert "0.049" in _label(explorer)


@pytest.mark.parametrize("lam1, lam2", [(2.0, 0.5), (3.0, 3.0), (1.6, -3.0), (-3.0, 2.5), (0.5, 3.0)])
def test_symmetric_map_unit_labels_sit_beside_the_arrows_and_units_draw_on_top(lam1, lam2):
    explorer = EXPLORERS["symmetric map"]()
    explorer.controls["lam1"].value, explorer.controls["lam2"].value = lam1, lam2
    images, units = explorer.animated[2], explorer.animated[3]
    assert np.allclose(np.hypot(units.U, units.V), 1.0) and np.allclose(
        np.hypot(images.U, images.V), [abs(lam1), abs(lam2)]
    )
    angle = np.radians(30.0)
    u = [np.array([np.cos(angle), np.sin(angle)]), np.array([-np.sin(angle), np.cos(angle)])]
    names = [a for a in explorer.animated if hasattr(a, "get_text") and a.get_text().startswith("u")]
    assert names, "no u label shown"
    for text in names:
        i = int("₁₂".index(text.get_text()[1]))
        p = np.array(text.get_position())
        off_line = abs(p @ np.array([-u[i][1], u[i][0]]))  # distance from the line along u_i
        assert off_line > 0.2 or "λ" in text.get_text(), (text.get_text(), p)


def test_gradient_step_explorer_keeps_the_dip_readable_where_f_rises_steeply():
    explorer = gradient_step_explorer(two_minima(), [-1.1, 1.5])  # exercise 4(c): f rises by 23 at 4ε*
    d, ax_c = explorer.data, explorer.fig.axes[1]
    low, high = ax_c.get_ylim()
    dip = -min(d["predicted"].min(), d["actual"].min())
    assert d["actual"].max() > 20 and high <= 3.0 * dip + 1e-9  # the rise is cut, the dip fills the panel
    best = d["eps"][np.argmin(d["actual"])]
    assert best / d["eps_star"] == pytest.approx(0.80, abs=0.01)  # shorter than ε*, as the model answer says
    dot_pred, dot_act = explorer.animated[2:4]
    explorer.controls["eps"].value = explorer.controls["eps"].max
    assert dot_act.get_marker() == "^" and dot_act.get_ydata()[0] == high and "+23" in _label(explorer)
    explorer.controls["eps"].value = d["eps_star"]
    assert dot_act.get_marker() == "o" and low <= dot_act.get_ydata()[0] <= high


def test_gradient_step_explorer_draws_the_best_step_mark_over_the_step():
    explorer = EXPLORERS["gradient step"]()
    end = explorer.animated[1]
    cross = next(a for a in explorer.animated if getattr(a, "get_marker", lambda: None)() == "x")
    assert explorer.animated.index(cross) > explorer.animated.index(end)  # drawn after the dot it sits on
    np.testing.assert_allclose(np.ravel(cross.get_xydata()), np.ravel(end.get_xydata()))  # at ε = ε*


def test_symmetric_map_names_a_short_image_apart_from_its_unit_vector():
    explorer = symmetric_map_explorer(lam1=0.1, lam2=2.0, angle=30.0)
    shown = {a.get_text() for a in explorer.animated if hasattr(a, "get_text") and a.get_text()}
    assert "u₁" in shown and "u₁, λ₁u₁" not in shown  # λ₁u₁ is 0.1 long: no label at the unit arrow's tip
