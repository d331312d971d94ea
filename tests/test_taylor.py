"""The second-order model against the true function (error O(eps^3)), the step formulas
against their definitions, and the worst case eps* >= 1/lambda_max."""

import numpy as np
import pytest

from lecturekit import taylor
from lecturekit.objectives import himmelblau, quadratic, rosenbrock, two_minima


@pytest.mark.parametrize("f", [rosenbrock(), himmelblau(), two_minima()], ids=lambda f: f.name)
def test_model_error_shrinks_like_eps_cubed(f, rng):
    x0 = rng.uniform(-1, 1, size=(20, 2))
    d = rng.normal(size=(20, 2))
    errors = [np.abs(taylor.second_order_model(f, x0, x0 + eps * d) - f.value(x0 + eps * d)) for eps in (1e-1, 1e-2)]
    ratio = errors[0] / np.maximum(errors[1], 1e-300)
    assert np.median(ratio) == pytest.approx(1000, rel=0.25)  # ten times smaller step, 10^3 smaller error


def test_model_of_a_quadratic_is_exact(rng):
    q = quadratic((2.0, -1.0), angle=0.3, center=[0.5, -0.2])
    x0, x = rng.normal(size=(2, 10, 2))
    np.testing.assert_allclose(taylor.second_order_model(q, x0, x), q.value(x))


def test_model_on_a_grid_for_many_centres_equals_one_centre_at_a_time(rng):
    f = two_minima()
    centres = rng.uniform(-1, 1, size=(4, 2))
    _, grid, _ = f.grid(15)
    batched = taylor.second_order_model(f, centres[:, None, None, :], grid)
    assert batched.shape == (4, 15, 15)
    for c, m in zip(centres, batched):
        np.testing.assert_allclose(m, taylor.second_order_model(f, c, grid))


def test_predicted_change_is_the_model_along_minus_g(rng):
    f = himmelblau()
    x = rng.uniform(-3, 3, size=(30, 2))
    g, H = f.grad(x), f.hess(x)
    eps = rng.uniform(0, 0.05, size=30)
    model = taylor.second_order_model(f, x, x - eps[:, None] * g) - f.value(x)
    np.testing.assert_allclose(taylor.predicted_change(g, H, eps), model, rtol=1e-9, atol=1e-9)
    # and the actual change is close for tiny steps: relative gap O(eps)
    small = 1e-4 * eps
    np.testing.assert_allclose(taylor.actual_change(f, x, small), taylor.predicted_change(g, H, small), rtol=1e-3)


def test_actual_change_definition_and_sweep_broadcasting():
    f = rosenbrock()
    x = np.array([-1.0, 1.5])
    eps = np.array([0.0, 1e-3, 0.01])
    expected = [f.value(x - e * f.grad(x)) - f.value(x) for e in eps]
    np.testing.assert_allclose(taylor.actual_change(f, x, eps), expected)
    assert taylor.actual_change(f, x, 0.0) == 0.0


def test_divergent_step_is_inf_without_warnings():
    f = rosenbrock()
    with np.errstate(all="raise"):
        out = taylor.actual_change(f, np.array([-1.9, 2.5]), np.array([1e80, 1e200]))
    assert np.all(np.isinf(out)) and np.all(out > 0)


def test_optimal_step_minimizes_the_model_and_its_worst_case(rng):
    A = rng.normal(size=(400, 3, 3))
    H = A @ np.swapaxes(A, -1, -2) + 0.1 * np.eye(3)  # positive definite
    g = rng.normal(size=(400, 3))
    eps = taylor.optimal_step(g, H)
    for delta in (-1e-3, 1e-3):  # a minimum of a parabola in eps
        assert np.all(taylor.predicted_change(g, H, eps) <= taylor.predicted_change(g, H, eps * (1 + delta)))
    np.testing.assert_allclose(taylor.predicted_change(g, H, eps), taylor.best_decrease(g, H))
    lam_max = np.linalg.eigvalsh(H)[:, -1]
    assert np.all(eps >= 1 / lam_max * (1 - 1e-12))
    u = np.linalg.eigh(H)[1][..., -1]  # along the sharpest eigenvector: equality
    np.testing.assert_allclose(taylor.optimal_step(u, H), 1 / lam_max)


def test_optimal_step_without_positive_curvature():
    H = np.diag([1.0, -2.0])
    assert taylor.optimal_step([0.0, 1.0], H) == np.inf  # negative curvature along g
    assert taylor.optimal_step([1.0, 0.0], np.diag([0.0, 1.0])) == np.inf  # zero curvature
    assert np.isnan(taylor.optimal_step([0.0, 0.0], H))  # at a critical point
    assert taylor.best_decrease([0.0, 1.0], H) == -np.inf
    assert taylor.best_decrease([0.0, 0.0], H) == 0.0
    np.testing.assert_allclose(taylor.optimal_step([[1.0, 0.0], [0.0, 1.0]], np.diag([4.0, -1.0])), [0.25, np.inf])


def test_bad_input():
    with pytest.raises(ValueError, match=r"H must be Hessians shaped \(\.\.\., d, d\) to match g"):
        taylor.optimal_step([1.0, 0.0], np.eye(3))
    with pytest.raises(ValueError, match=r"points shaped \(\.\.\., 2\)"):
        taylor.second_order_model(rosenbrock(), [0.0, 0.0, 0.0], [0.0, 0.0])
    with pytest.raises(ValueError, match=r"points shaped \(\.\.\., 2\)"):
        taylor.actual_change(rosenbrock(), [0.0], 0.1)
