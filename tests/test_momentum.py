"""The 2x2 analysis of momentum against measured runs of `optim.momentum` / `optim.nesterov`,
brute-force searches and the closed-form boundaries."""

import numpy as np
import pytest

from lecturekit import momentum as m
from lecturekit import objectives, optim, rates
from lecturekit.objectives import quadratic

METHODS = m.METHODS
OPTIMIZERS = {"heavy_ball": optim.momentum, "nesterov": optim.nesterov}


def test_closed_form_eigenvalues_match_numpy(rng):
    lr, alpha, lam = rng.uniform(0.01, 2, 300), rng.uniform(0, 0.999, 300), rng.uniform(0.1, 3, 300)
    for method in METHODS:
        M = m.iteration_matrix(lr, alpha, lam, method)
        ours = np.sort_complex(m.eigenvalues(lr, alpha, lam, method))
        ref = np.sort_complex(np.linalg.eigvals(M))
        np.testing.assert_allclose(ours, ref, atol=1e-7)
        np.testing.assert_allclose(m.spectral_radius(lr, alpha, lam, method), np.abs(ref).max(-1), atol=1e-7)
        t, d = m.trace_det(lr, alpha, lam, method)
        np.testing.assert_allclose(t, np.trace(M, axis1=-2, axis2=-1), atol=1e-12)
        np.testing.assert_allclose(d, np.linalg.det(M), atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_iteration_matrix_is_one_step_of_the_optimizer(method, rng):
    lam = np.array([0.3, 2.0])
    f = quadratic(eigenvalues=lam)  # diagonal: the eigenbasis is the standard basis
    lr, alpha = 0.2, 0.7
    traj = optim.run(OPTIMIZERS[method](lr, alpha), f, rng.normal(size=(1, 2)), 6)
    x = traj.x[:, 0]  # (7, 2)
    v = np.diff(x, axis=0)  # v_k = θ_k - θ_{k-1}
    M = m.iteration_matrix(lr, alpha, lam, method)  # (2, 2, 2): one matrix per eigenvalue
    for k in range(1, 6):
        state = np.stack([x[k], v[k - 1]], -1)  # (2 eigen-directions, 2)
        nxt = np.einsum("iab,ib->ia", M, state)
        np.testing.assert_allclose(nxt[:, 0], x[k + 1], atol=1e-12)
        np.testing.assert_allclose(nxt[:, 1], v[k], atol=1e-12)


@pytest.mark.parametrize("method", METHODS)
def test_spectral_radius_is_the_measured_rate_of_runs(method, rng):
    """Fit log‖θ_k‖ over the second half of 400-step runs, one run per random (ε, α)."""
    lam = np.array([0.2, 1.0])
    n = 200
    lr = rng.uniform(0.05, 1.5, n)
    alpha = rng.uniform(0.0, 0.95, n)
    rho = m.convergence_rate(lr, alpha, lam, method)
    # keep points well inside (0.3, 0.985) and away from double eigenvalues (where k ρ^k shows)
    t, d = m.trace_det(lr[:, None], alpha[:, None], lam, method)
    gap = np.abs(t * t / 4 - d).min(-1)
    keep = (rho > 0.3) & (rho < 0.985) & (gap > 1e-2)
    lr, alpha, rho = lr[keep], alpha[keep], rho[keep]
    assert keep.sum() > 50
    steps = 400
    traj = optim.run(
        OPTIMIZERS[method](lr[:, None], alpha[:, None]),
        quadratic(eigenvalues=lam, angle=0.4),
        np.tile([[1.0, 1.0]], (keep.sum(), 1)),
        steps,
        max_norm=1e300,
    )
    k = traj.steps[steps // 2 :]
    logn = np.log(np.linalg.norm(traj.x[steps // 2 :], axis=-1))  # (K, B)
    slope = np.polyfit(k, logn, 1)[0]
    np.testing.assert_allclose(np.exp(slope), rho, atol=0.01)


@pytest.mark.parametrize("method", METHODS)
def test_divergent_iff_the_run_diverges(method, rng):
    lam = np.array([0.5, 2.0])
    lr, alpha = rng.uniform(0.05, 3.0, 300), rng.uniform(0.0, 0.99, 300)
    rho = m.convergence_rate(lr, alpha, lam, method)
    keep = np.abs(rho - 1) > 0.02
    traj = optim.run(
        OPTIMIZERS[method](lr[keep, None], alpha[keep, None]),
        quadratic(eigenvalues=lam),
        np.ones((keep.sum(), 2)),
        3000,
    )
    grew = traj.diverged | (np.linalg.norm(traj.x[-1], axis=-1) > 1.0)
    np.testing.assert_array_equal(grew, rho[keep] > 1)


@pytest.mark.parametrize("kappa", [10.0, 100.0])
def test_optimal_heavy_ball_beats_a_brute_force_grid(kappa):
    lam = np.array([1.0, kappa])
    best = m.optimal_heavy_ball(1.0, kappa)
    lrs = np.linspace(1e-4, 4.0 / kappa, 801)
    alphas = np.linspace(0.0, 0.999, 801)
    E, A = np.meshgrid(lrs, alphas)
    rate = m.convergence_rate(E, A, lam)
    i = np.unravel_index(rate.argmin(), rate.shape)
    assert best.rate == pytest.approx((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1))
    assert float(m.convergence_rate(best.lr, best.alpha, lam)) == pytest.approx(best.rate, abs=1e-6)
    assert rate.min() >= best.rate - 1e-6  # nothing on the grid is faster
    assert rate.min() <= best.rate + 5e-3  # and the grid's best is next to it
    assert E[i] == pytest.approx(best.lr, rel=0.03)
    assert A[i] == pytest.approx(best.alpha, abs=0.01)
    # every eigenvalue in between converges at the same rate (a complex pair of modulus sqrt(α*))
    inside = m.spectral_radius(best.lr, best.alpha, np.linspace(1.0, kappa, 500))
    np.testing.assert_allclose(inside, best.rate, atol=1e-6)


@pytest.mark.parametrize("kappa", [10.0, 100.0, 1000.0])
def test_nesterov_rates_against_spectral_radius_and_grid(kappa):
    lam = np.linspace(1.0, kappa, 2001)
    std = m.nesterov_tuning(1.0, kappa)
    assert std.rate == pytest.approx(1 - 1 / np.sqrt(kappa))
    assert float(m.convergence_rate(std.lr, std.alpha, lam, "nesterov")) == pytest.approx(std.rate, abs=1e-6)
    opt = m.optimal_nesterov(1.0, kappa)
    assert float(m.convergence_rate(opt.lr, opt.alpha, lam, "nesterov")) == pytest.approx(opt.rate, abs=1e-6)
    E, A = np.meshgrid(np.linspace(1e-4 / kappa, 2.5 / kappa, 301), np.linspace(0.0, 0.999, 301))
    grid = m.convergence_rate(E, A, lam[::40], "nesterov")
    assert grid.min() >= opt.rate - 1e-6
    assert grid.min() <= opt.rate + 1e-2
    hb = m.optimal_heavy_ball(1.0, kappa)
    assert hb.rate < opt.rate < std.rate < rates_gd(kappa)


def rates_gd(kappa):
    return (kappa - 1) / (kappa + 1)


@pytest.mark.parametrize("method", METHODS)
def test_regime_boundaries_match_their_formulas(method, rng):
    alpha = rng.uniform(0.05, 0.95, 200)
    delta = 1e-6
    if method == "heavy_ball":
        edges = [(1 - np.sqrt(alpha)) ** 2, (1 + np.sqrt(alpha)) ** 2, 2 * (1 + alpha)]
        sides = [(m.MONOTONE, m.OSCILLATING), (m.OSCILLATING, m.FLIPPING), (m.FLIPPING, m.DIVERGENT)]
    else:
        edges = [((1 - alpha) / (1 + alpha)) ** 2, np.ones_like(alpha), (2 + 2 * alpha) / (1 + 2 * alpha)]
        sides = [(m.MONOTONE, m.OSCILLATING), (m.OSCILLATING, m.FLIPPING), (m.FLIPPING, m.DIVERGENT)]
    for edge, (below, above) in zip(edges, sides):
        np.testing.assert_array_equal(m.regime(edge * (1 - delta), alpha, 1.0, method), below)
        np.testing.assert_array_equal(m.regime(edge * (1 + delta), alpha, 1.0, method), above)
    np.testing.assert_allclose(m.stability_limit(alpha, method), edges[2])
    # the critical-damping curve is where the discriminant vanishes
    h = rng.uniform(0.01, 4.0 if method == "heavy_ball" else 1.0, 200)
    crit = m.critical_damping(h, method)
    t, d = m.trace_det(h, np.clip(crit, 0, 0.999999), 1.0, method)
    ok = crit < 0.999999
    np.testing.assert_allclose((t * t / 4 - d)[ok], 0.0, atol=1e-9)
    upper = np.clip(crit + 1e-4, 0, 0.999)
    lower = np.clip(crit - 1e-4, 0, None)
    inside = (crit > 1e-3) & (crit < 0.99)
    assert np.all(m.regime(h[inside], upper[inside], 1.0, method) != m.regime(h[inside], lower[inside], 1.0, method))


def test_regime_is_gradient_descent_at_alpha_zero():
    h = np.array([0.5, 1.5, 2.5])
    np.testing.assert_array_equal(m.regime(h, 0.0, 1.0), [m.MONOTONE, m.FLIPPING, m.DIVERGENT])
    np.testing.assert_allclose(m.spectral_radius(h, 0.0, 1.0), np.abs(1 - h))


def test_grid_call_equals_pointwise_calls(rng):
    lam = np.array([0.1, 1.0])
    E, A = np.meshgrid(np.linspace(0.01, 3, 7), np.linspace(0, 0.99, 5))
    grid = m.convergence_rate(E, A, lam)
    assert grid.shape == (5, 7)
    for i, j in np.ndindex(grid.shape):
        assert grid[i, j] == max(float(m.spectral_radius(E[i, j], A[i, j], x)) for x in lam)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.9, 0.99])
def test_terminal_velocity_is_reached_under_a_constant_gradient(alpha):
    slope = np.array([3.0, -4.0])
    traj = optim.run(optim.momentum(0.01, alpha), objectives.linear(slope), np.zeros((1, 2)), 3000)
    step = np.linalg.norm(np.diff(traj.x[:, 0], axis=0), axis=-1)  # ‖v_k‖, k = 1..T
    k = np.arange(1, 3001)
    np.testing.assert_allclose(step, m.velocity_under_constant_gradient(0.01, alpha, 5.0, k), rtol=1e-10)
    assert step[-1] == pytest.approx(float(m.terminal_velocity(0.01, alpha, 5.0)), rel=1e-6)
    assert float(m.terminal_velocity(0.01, alpha, 5.0)) == pytest.approx(0.05 / (1 - alpha))


@pytest.mark.parametrize("alpha", [0.0, 0.5, 0.9])
def test_noise_floor_against_simulation(alpha):
    rng = np.random.default_rng(11)
    lr, lam, sigma = 0.05, 1.0, 1.0
    traj = optim.run(
        optim.momentum(lr, alpha), quadratic(eigenvalues=[lam]), np.zeros((4000, 1)), 1500, noise=sigma, rng=rng,
        record_every=None,
    )  # fmt: skip
    measured = traj.loss[-1].mean()
    theory = float(m.noise_floor(lr, alpha, lam, sigma))
    assert measured == pytest.approx(theory, rel=0.06)
    if alpha == 0.0:
        assert theory == pytest.approx(rates.quadratic_noise_floor(lr, lam, sigma))


@pytest.mark.parametrize("method", METHODS)
def test_eigen_errors_match_runs_projected_on_the_eigenbasis(method, rng):
    f = quadratic(eigenvalues=[0.1, 1.0], angle=0.7)
    Q = np.linalg.eigh(f.matrix)[1]
    x0 = rng.normal(size=(3, 2))
    lr, alpha = np.array([0.5, 1.0, 1.5]), np.array([0.3, 0.8, 0.6])
    traj = optim.run(OPTIMIZERS[method](lr[:, None], alpha[:, None]), f, x0, 50)
    err = m.eigen_errors(lr, alpha, np.linalg.eigvalsh(f.matrix), x0 @ Q, 50, method)
    np.testing.assert_allclose(err, traj.x @ Q, atol=1e-10)


def test_lessard_counterexample_heavy_ball_cycles_and_nesterov_converges():
    f = objectives.lessard_counterexample()
    x = np.linspace(-4, 4, 2001)[:, None]
    h = 1e-6
    np.testing.assert_allclose(f.grad(x), (f.value(x + h) - f.value(x - h))[:, None] / (2 * h), atol=1e-4)
    g = f.grad(x)[:, 0]
    slopes = np.diff(g) / np.diff(x[:, 0])
    assert slopes.min() == pytest.approx(1.0) and slopes.max() == pytest.approx(25.0)  # μ = 1, L = 25
    hb, nag = m.optimal_heavy_ball(1.0, 25.0), m.nesterov_tuning(1.0, 25.0)
    assert (hb.lr, hb.alpha) == (pytest.approx(1 / 9), pytest.approx(4 / 9))
    starts = np.array([[1.0], [3.3], [-3.0]])
    cyc = optim.run(optim.momentum(hb.lr, hb.alpha), f, starts, 2000).x[:, :, 0]
    np.testing.assert_allclose(cyc[-1], cyc[-4], atol=1e-9)  # period 3
    assert np.all(np.abs(cyc[-3:]).max(axis=0) > 1.5)  # and far from the minimizer 0
    conv = optim.run(optim.nesterov(nag.lr, nag.alpha), f, np.linspace(-4, 4, 81)[:, None], 500).x[-1]
    assert np.abs(conv).max() < 1e-8


def test_momentum_with_a_schedule_for_alpha(rng):
    f = quadratic(eigenvalues=[0.5, 2.0])
    x0 = rng.normal(size=(4, 2))
    for name in ("momentum", "nesterov"):
        opt = getattr(optim, name)
        a = optim.run(opt(0.1, lambda k: 0.8), f, x0, 30).x
        np.testing.assert_array_equal(a, optim.run(opt(0.1, 0.8), f, x0, 30).x)  # a constant schedule: exactly
    ramp = optim.run(optim.momentum(0.1, lambda k: 0.0 if k < 5 else 0.9), f, x0, 5).x
    np.testing.assert_allclose(ramp, optim.run(optim.sgd(0.1), f, x0, 5).x, atol=1e-14)
    with pytest.raises(ValueError, match="alpha schedule"):
        optim.run(optim.momentum(0.1, lambda k: 1.0), f, x0, 3)


def test_effective_lr():
    np.testing.assert_allclose(m.effective_lr(0.01, np.array([0.5, 0.9, 0.99])), [0.02, 0.1, 1.0])


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: m.spectral_radius(0.0, 0.5, 1.0), "lr"),
        (lambda: m.spectral_radius(0.1, 1.0, 1.0), "alpha"),
        (lambda: m.spectral_radius(0.1, -0.1, 1.0), "alpha"),
        (lambda: m.spectral_radius(0.1, 0.5, -1.0), "eigenvalue"),
        (lambda: m.spectral_radius(0.1, 0.5, 1.0, method="adam"), "method"),
        (lambda: m.convergence_rate(0.1, 0.5, 1.0), "eigenvalues"),
        (lambda: m.optimal_heavy_ball(2.0, 1.0), "lam_max"),
        (lambda: m.nesterov_tuning(0.0, 1.0), "lam_min"),
        (lambda: m.critical_damping(-1.0), "lr_times_eigenvalue"),
        (lambda: m.noise_floor(1.0, 0.0, 3.0, 1.0), "lr"),
        (lambda: m.noise_floor(0.1, 0.0, 1.0, -1.0), "noise"),
        (lambda: m.eigen_errors(0.1, 0.5, [1.0, 2.0], np.ones(3), 5), "x0"),
        (lambda: m.eigen_errors(0.1, 0.5, [1.0, 2.0], np.ones(2), -1), "steps"),
        (lambda: m.velocity_under_constant_gradient(0.1, 0.5, 1.0, 1.5), "k"),
        (lambda: objectives.linear([np.nan]), "slope"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()
