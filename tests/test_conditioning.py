"""conditioning: formulas against independent computations, batched runs, bad input."""

import numpy as np
import pytest

from lecturekit import conditioning as c
from lecturekit import finite_diff, optim
from lecturekit.objectives import logistic_regression, make_classification, quadratic, quadratic_matrix


def test_condition_number_matches_eigenvalue_ratio_and_is_batched(rng):
    A = rng.normal(size=(6, 4, 4))
    S = A @ np.swapaxes(A, -1, -2) + 0.1 * np.eye(4)
    expected = [np.linalg.cond(s) for s in S]  # 2-norm condition number = λmax/λmin for SPD
    np.testing.assert_allclose(c.condition_number(S), expected, rtol=1e-8)
    assert c.condition_number(np.diag([2.0, -8.0])) == pytest.approx(4.0)  # max |λ| / min |λ|
    assert c.condition_number(np.diag([0.0, 1.0])) == np.inf
    assert c.condition_number(quadratic([1.0, 50.0], angle=0.3).matrix) == pytest.approx(50.0)


def test_best_step_minimizes_the_contraction_factor_and_gives_the_optimal_rate(rng):
    lam = np.sort(10.0 ** rng.uniform(-1, 3, size=(5, 3)), axis=-1)
    eps = c.best_step(lam)
    np.testing.assert_allclose(eps, 2 / (lam[:, 0] + lam[:, -1]))
    kappa = lam[:, -1] / lam[:, 0]
    np.testing.assert_allclose(c.contraction_factor(eps, lam), c.optimal_rate(kappa), rtol=1e-12)
    for row, e in zip(lam, eps):  # a grid of other steps is never better
        grid = np.linspace(0.01, 2.5, 2001) * e
        assert np.all(c.contraction_factor(grid, row) >= c.contraction_factor(e, row) - 1e-12)


def test_contraction_factor_is_the_spectral_norm_of_the_iteration_matrix(rng):
    lam = np.array([0.5, 3.0, 9.0])
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    A = quadratic_matrix(lam, basis=Q)
    for lr in [0.01, 0.1, 0.2, 0.3]:
        assert c.contraction_factor(lr, lam) == pytest.approx(np.linalg.norm(np.eye(3) - lr * A, 2))


def test_predicted_steps_is_exact_in_2d_at_the_best_step_and_a_bound_in_10d(rng):
    kappas = np.array([1.0, 3.0, 30.0, 300.0])
    lam = np.stack([np.ones(4), kappas], -1)
    f = c.quadratic_batch(lam, angles=np.array([0.0, 0.4, 1.0, 1.5]))
    x0 = np.tile([2.0, -1.0], (4, 1))
    traj = optim.run(optim.sgd(c.best_step(lam)[:, None]), f, x0, steps=3000)
    measured = optim.steps_to_tolerance(traj, 1e-4, x_star=np.zeros(2))
    np.testing.assert_array_equal(measured, c.predicted_steps(c.optimal_rate(kappas), np.sqrt(5.0), 1e-4))
    lam10 = np.geomspace(1, 100, 10)
    Q, _ = np.linalg.qr(rng.normal(size=(10, 10)))
    start = rng.normal(size=(1, 10))
    run = optim.run(optim.sgd(c.best_step(lam10)), quadratic(lam10, basis=Q), start, steps=3000)
    got = optim.steps_to_tolerance(run, 1e-4, x_star=np.zeros(10))[0]
    assert 0 < got <= c.predicted_steps(c.optimal_rate(100.0), np.linalg.norm(start), 1e-4)


def test_predicted_steps_edge_cases():
    assert c.predicted_steps(0.5, 1.0, 0.25) == 2
    assert c.predicted_steps(0.5, 1.0, 0.3) == 2
    assert c.predicted_steps(0.0, 1.0, 0.1) == 1
    assert c.predicted_steps(1.0, 1.0, 0.1) == -1
    assert c.predicted_steps(0.9, 0.05, 0.1) == 0


def test_coordinate_regimes_against_the_factor_of_each_coordinate():
    a = np.array([1.0, 4.0, 10.0, 25.0])
    lrs = np.array([0.03, 0.04, 0.07, 0.08, 0.15, 0.6])
    codes = c.coordinate_regimes(lrs, a)
    assert codes.shape == (6, 4)
    np.testing.assert_array_equal(codes[:, 3], [0, 0, 1, 2, 2, 2])  # 1/25 = 0.04 still monotone, 2/25 = 0.08 not
    np.testing.assert_array_equal(codes[2], [0, 0, 0, 1])
    np.testing.assert_allclose(c.coordinate_rates(a), 1 / a)
    # against gradient descent itself: sign changes and growth of each coordinate
    traj = optim.run(optim.sgd(lrs[:, None]), quadratic(a), np.ones((6, 4)), steps=3, max_norm=1e300)
    flips = traj.x[1] < 0
    grows = np.abs(traj.x[3]) >= 1
    np.testing.assert_array_equal(codes >= 1, flips | grows)
    np.testing.assert_array_equal(codes == 2, grows)


def test_rescaled_has_unit_diagonal_and_fixes_only_axis_aligned_quadratics():
    for angle in [0.0, np.pi / 2]:
        R = c.rescaled(quadratic_matrix([1.0, 100.0], angle))
        np.testing.assert_allclose(R, np.eye(2), atol=1e-12)
    R = c.rescaled(quadratic_matrix([1.0, 100.0], np.pi / 4))
    np.testing.assert_allclose(np.diagonal(R), 1.0)
    assert c.condition_number(R) > 50


def test_rescaled_equals_the_hessian_of_standardized_features(rng):
    from lecturekit.objectives import least_squares, standardize

    X = rng.normal(size=(300, 3)) @ np.array([[3.0, 0.2, 0.0], [0.0, 0.5, 0.1], [0.0, 0.0, 20.0]])
    X = X - X.mean(axis=0)
    y = rng.normal(size=300)
    Z, _, _ = standardize(X)
    np.testing.assert_allclose(least_squares(Z, y).hess(np.zeros(3)), c.rescaled(X.T @ X / 300), atol=1e-12)


def test_level_ellipses_lie_on_their_level_sets():
    q = quadratic([0.5, 8.0], angle=0.7, center=[1.0, -1.0])
    pts = c.level_ellipses(q.matrix, [0.1, 1.0, 3.0], n=50, center=q.center)
    assert pts.shape == (3, 50, 2)
    np.testing.assert_allclose(q.value(pts), np.array([0.1, 1.0, 3.0])[:, None] * np.ones(50))
    batch = c.level_ellipses(np.stack([q.matrix, np.eye(2)]), [1.0])
    assert batch.shape == (2, 1, 121, 2)


def test_quadratic_batch_with_a_shared_basis_matches_separate_quadratics(rng):
    Q, _ = np.linalg.qr(rng.normal(size=(5, 5)))
    lam = np.geomspace(1.0, np.array([[10.0], [1000.0]]), 5, axis=-1)[:, 0]  # (2, 5)
    f = c.quadratic_batch(lam, basis=Q)
    x = rng.normal(size=(4, 2, 5))
    for b in range(2):
        q = quadratic(lam[b], basis=Q)
        np.testing.assert_allclose(f.grad(x)[:, b], q.grad(x[:, b]), atol=1e-12)
        np.testing.assert_allclose(f.hess(x)[:, b], q.hess(x[:, b]), atol=1e-12)
    with pytest.raises(ValueError, match="orthogonal"):
        c.quadratic_batch(lam, basis=np.ones((5, 5)))
    with pytest.raises(ValueError, match="not both"):
        c.quadratic_batch(np.ones((2, 2)), angles=[0.0, 0.0], basis=np.eye(2))


def test_quadratic_batch_rows_match_separate_quadratics(rng):
    lam = np.array([[1.0, 5.0], [2.0, 30.0], [1.0, 1.0]])
    angles = np.array([0.2, 1.1, 0.0])
    f = c.quadratic_batch(lam, angles)
    x = rng.normal(size=(7, 3, 2))
    for b in range(3):
        q = quadratic(lam[b], angle=angles[b])
        np.testing.assert_allclose(f.value(x)[:, b], q.value(x[:, b]))
        np.testing.assert_allclose(f.grad(x)[:, b], q.grad(x[:, b]))
        np.testing.assert_allclose(f.hess(x)[:, b], q.hess(x[:, b]))
    diag = c.quadratic_batch(lam)
    np.testing.assert_allclose(diag.hess(x[0])[1], np.diag(lam[1]))
    # a batched run equals separate runs
    traj = optim.run(optim.sgd(0.05), f, x[0], steps=10)
    for b in range(3):
        alone = optim.run(optim.sgd(0.05), quadratic(lam[b], angle=angles[b]), x[0, b][None], steps=10)
        np.testing.assert_allclose(traj.x[:, b], alone.x[:, 0])


def _logistic(rng):
    data = make_classification(rng, n=80, separation=1.0, dim=3)
    return logistic_regression(data.X, data.y)


def test_hvp_exact_and_by_finite_differences(rng):
    f = _logistic(rng)
    x, v = rng.normal(size=(2, 5, 3))
    exact = c.hvp(f, x, v)
    np.testing.assert_allclose(exact, np.einsum("bij,bj->bi", f.hess(x), v))
    np.testing.assert_allclose(c.hvp_fd(f, x, v), exact, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(exact, np.einsum("bij,bj->bi", finite_diff.hessian(f.grad, x), v), atol=1e-6)


def test_gradient_curvature_over_a_trajectory(rng):
    f = _logistic(rng)
    traj = optim.run(optim.sgd(0.5), f, rng.normal(size=(2, 3)), steps=5)
    gg, gHg = c.gradient_curvature(f, traj.x)
    assert gg.shape == gHg.shape == (6, 2)
    g = f.grad(traj.x)
    np.testing.assert_allclose(gg, traj.grad_norm**2)
    np.testing.assert_allclose(gHg, np.einsum("tbi,tbij,tbj->tb", g, f.hess(traj.x), g))
    gg_fd, gHg_fd = c.gradient_curvature(f, traj.x, method="fd")
    np.testing.assert_allclose(gHg_fd, gHg, rtol=1e-6)


def test_overshoot_step_is_where_the_model_stops_decreasing():
    g, H = np.array([1.0, 2.0]), np.diag([3.0, 0.5])
    gg, gHg = g @ g, g @ H @ g
    eps = c.overshoot_step(gg, gHg)
    assert -eps * gg + 0.5 * eps**2 * gHg == pytest.approx(0.0, abs=1e-12)
    assert c.overshoot_step(1.0, -2.0) == np.inf


def test_damped_newton_factor_matches_a_newton_run_on_the_saddle():
    from lecturekit.objectives import saddle

    lams = np.array([0.0, 0.5, 1.0, 3.0, 10.0])
    x0 = np.tile([0.7, -0.4], (5, 1))
    traj = optim.run(optim.newton(damping=lams[:, None]), saddle(), x0, steps=1)
    np.testing.assert_allclose(traj.x[1], x0 * c.damped_newton_factor([2.0, -2.0], lams), atol=1e-12)
    assert np.isnan(c.damped_newton_factor([2.0, -2.0], 2.0)[1])
    np.testing.assert_allclose(c.damped_newton_factor([4.0], 0.0, lr=0.5), [0.5])


def test_step_flops_counts():
    out = c.step_flops(1000, np.array([10, 100]))
    np.testing.assert_allclose(out["gradient"], [4e4, 4e5])
    np.testing.assert_allclose(out["hessian"], [2e5, 2e7])
    np.testing.assert_allclose(out["ratio"], 1 + np.array([10, 100]) / 2 + np.array([10, 100]) ** 2 / 6000)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: c.condition_number(np.ones((2, 3))), "square"),
        (lambda: c.condition_number(np.array([[np.nan, 0], [0, 1]])), "finite"),
        (lambda: c.best_step([1.0, -2.0]), "positive"),
        (lambda: c.contraction_factor(0.0, [1.0]), "lr"),
        (lambda: c.optimal_rate(0.5), r"kappa must be in \[1, inf\)"),
        (lambda: c.predicted_steps(-0.1, 1.0, 0.1), "rate"),
        (lambda: c.predicted_steps(0.5, 1.0, 0.0), "tol"),
        (lambda: c.predicted_steps(0.5, -1.0, 0.1), "error0"),
        (lambda: c.coordinate_rates([0.0, 1.0]), "positive"),
        (lambda: c.coordinate_regimes(-0.1, [1.0]), "lr"),
        (lambda: c.rescaled(np.diag([1.0, -1.0])), "positive diagonal"),
        (lambda: c.level_ellipses(np.eye(3), [1.0]), "2-D"),
        (lambda: c.level_ellipses(np.diag([1.0, -1.0]), [1.0]), "positive"),
        (lambda: c.level_ellipses(np.eye(2), [1.0], n=2), "n must"),
        (lambda: c.quadratic_batch(np.ones(3)), r"\(B, d\)"),
        (lambda: c.quadratic_batch(np.ones((2, 3)), angles=[0.0, 0.0]), "2-D"),
        (lambda: c.quadratic_batch(np.ones((2, 2))).grad(np.ones((3, 2))), r"\(\.\.\., 2, 2\)"),
        (lambda: c.hvp_fd(quadratic([1.0, 2.0]), np.ones(2), np.ones(2), h=0.0), "h must"),
        (lambda: c.gradient_curvature(quadratic([1.0, 2.0]), np.ones(2), method="ad"), "method"),
        (lambda: c.overshoot_step(-1.0, 1.0), "gg"),
        (lambda: c.damped_newton_factor([1.0], -1.0), "damping"),
        (lambda: c.step_flops(10.5, 3), "n must be an integer"),
        (lambda: c.step_flops(10, 0), "d must be an integer"),
    ],
)
def test_bad_input_raises_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_gd_error_components_is_the_iterated_step():
    rng = np.random.default_rng(3)
    lam, coef, lr = rng.uniform(0.1, 5.0, (4, 3)), rng.normal(size=(4, 3)), rng.uniform(0.05, 0.5, 4)
    comps = c.gd_error_components(lam, coef, lr, np.arange(6))
    e = coef.copy()
    for k in range(6):
        np.testing.assert_allclose(comps[k], e, rtol=1e-12, atol=1e-15)
        e = e - lr[:, None] * lam * e  # one gradient step on ½ Σ λ_i e_i², in the eigenbasis
    with pytest.raises(ValueError, match="lr"):
        c.gd_error_components(lam, coef, -1.0, np.arange(3))
    with pytest.raises(ValueError, match="k"):
        c.gd_error_components(lam, coef, lr, np.array([0.5]))


def test_gd_steps_to_tolerance_is_the_first_step_below_tol():
    rng = np.random.default_rng(4)
    lam, coef = rng.uniform(0.1, 5.0, (50, 2)), rng.normal(size=(50, 2))
    lr = rng.uniform(0.01, 0.5, 50)
    counted = c.gd_steps_to_tolerance(lam, coef, lr, 1e-3, 400)
    dist = np.linalg.norm(c.gd_error_components(lam, coef, lr, np.arange(401)), axis=-1)  # (401, 50)
    hit = dist <= 1e-3
    converges = np.all(np.abs(1 - lr[:, None] * lam) < 1, axis=-1)
    expected = np.where(hit.any(axis=0) & converges, np.argmax(hit, axis=0), -1)
    np.testing.assert_array_equal(counted, expected)
    assert c.gd_steps_to_tolerance([1.0, 4.0], [1.0, 1.0], 0.5, 1e-3, 100) == -1  # |1 - 0.5·4| = 1: bounces
    assert c.gd_steps_to_tolerance([1.0, 4.0], [1.0, 0.0], 0.5, 1e-3, 100) == 10  # that component is 0


def test_whiten_gives_identity_covariance_where_standardizing_cannot():
    rng = np.random.default_rng(5)
    L = np.linalg.cholesky(np.array([[1.0, 0.99], [0.99, 1.0]]))
    X = (rng.standard_normal((500, 2)) @ L.T) * np.array([100.0, 0.01]) + 3.0
    W, mean, T = c.whiten(X)
    np.testing.assert_allclose(W.T @ W / len(W), np.eye(2), atol=1e-10)
    np.testing.assert_allclose(W, (X - mean) @ T)
    Z = (X - X.mean(0)) / X.std(0)
    assert c.condition_number(Z.T @ Z / len(Z)) > 100  # standardized: the correlation matrix, κ ≈ 199
    with pytest.raises(ValueError, match="linearly dependent"):
        c.whiten(np.column_stack([X[:, 0], 2 * X[:, 0]]))
