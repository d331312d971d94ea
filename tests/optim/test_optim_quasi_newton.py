"""Conjugate gradients, the strong Wolfe line search, nonlinear CG and L-BFGS against plain
transcriptions of their algorithm boxes (Hestenes & Stiefel 1952 / Nocedal & Wright alg. 5.2;
N&W alg. 5.4 with FR and PR+; Nocedal 1980 / N&W alg. 7.4-7.5), one trajectory at a time, and
against what the theory says (d steps for CG, the Wolfe conditions, the BFGS matrix).
"""

from __future__ import annotations

import numpy as np
import pytest
from test_optim_objectives import quadratic, random_spd, rosenbrock

from lecturekit import optim

# ------------------------------------------------------------------ linear CG


def box_cg(A, b, x, steps):
    """Hestenes & Stiefel's iteration in Python floats, one trajectory."""
    d = len(b)
    x = list(x)
    r = [b[i] - sum(A[i][j] * x[j] for j in range(d)) for i in range(d)]
    p = r[:]
    path = [x[:]]
    for _ in range(steps):
        Ap = [sum(A[i][j] * p[j] for j in range(d)) for i in range(d)]
        rr = sum(v * v for v in r)
        alpha = rr / sum(p[i] * Ap[i] for i in range(d))
        x = [x[i] + alpha * p[i] for i in range(d)]
        r = [r[i] - alpha * Ap[i] for i in range(d)]
        beta = sum(v * v for v in r) / rr
        p = [r[i] + beta * p[i] for i in range(d)]
        path.append(x[:])
    return path


def test_cg_matches_the_box_and_converges_in_d_steps():
    rng = np.random.default_rng(0)
    d = 7
    A, b = random_spd(rng, d, 0.5, 20.0), rng.standard_normal(d)
    x0 = rng.standard_normal((3, d))
    traj = optim.conjugate_gradient(A, b, x0)
    assert traj.x.shape == (d + 1, 3, d)
    for k in range(3):
        np.testing.assert_allclose(traj.x[:, k], box_cg(A.tolist(), b.tolist(), x0[k].tolist(), d), atol=1e-12)
    x_star = np.linalg.solve(A, b)
    assert np.abs(traj.x[-1] - x_star).max() < 1e-10  # d steps: the minimizer, to rounding
    assert np.abs(traj.x[d - 1] - x_star).max() > 1e-6  # and not one step earlier
    np.testing.assert_array_equal(traj.evaluations[-1], d + 1)


def test_cg_needs_as_many_steps_as_distinct_eigenvalues():
    rng = np.random.default_rng(1)
    Q, _ = np.linalg.qr(rng.standard_normal((8, 8)))
    A = Q @ np.diag([1.0, 1.0, 1.0, 4.0, 4.0, 9.0, 9.0, 9.0]) @ Q.T  # three distinct eigenvalues
    A = 0.5 * (A + A.T)
    b = rng.standard_normal(8)
    traj = optim.conjugate_gradient(A, b, np.zeros((1, 8)), steps=3)
    assert np.abs(traj.x[-1, 0] - np.linalg.solve(A, b)).max() < 1e-10


def test_cg_is_batched_over_matrices_and_stops_at_tol():
    rng = np.random.default_rng(2)
    As = np.stack([random_spd(rng, 4) for _ in range(3)])
    bs = rng.standard_normal((3, 4))
    traj = optim.conjugate_gradient(As, bs, np.zeros((3, 4)), steps=6, tol=1e-9)
    for k in range(3):
        one = optim.conjugate_gradient(As[k], bs[k], np.zeros((1, 4)), steps=6, tol=1e-9)
        np.testing.assert_allclose(traj.x[:, k], one.x[:, 0], atol=1e-14)
    assert np.all((traj.stopped_step >= 1) & (traj.stopped_step <= 5))
    with pytest.raises(ValueError, match="symmetric"):
        optim.conjugate_gradient(np.triu(np.ones((3, 3))), np.ones(3), np.zeros((1, 3)))


# ------------------------------------------------------------------ line search


@pytest.mark.parametrize("c2", [0.9, 0.1])
def test_line_search_returns_strong_wolfe_steps(c2):
    rng = np.random.default_rng(3)
    f = rosenbrock()
    x = rng.uniform(-2, 2, size=(40, 2))
    p = -f.grad(x) * rng.uniform(0.01, 10, size=(40, 1))  # descent directions of many lengths
    ls = optim.wolfe_line_search(f, x, p, c2=c2)
    assert ls.wolfe.all()
    dphi0 = np.sum(f.grad(x) * p, -1)
    xn = x + ls.alpha[:, None] * p
    assert np.all(f.value(xn) <= f.value(x) + 1e-4 * ls.alpha * dphi0)
    assert np.all(np.abs(np.sum(f.grad(xn) * p, -1)) <= c2 * np.abs(dphi0))
    np.testing.assert_allclose(ls.value, f.value(xn), rtol=1e-14)


def test_line_search_along_an_ascent_direction_takes_no_step():
    f = rosenbrock()
    x = np.array([[0.0, 0.5]])
    ls = optim.wolfe_line_search(f, x, f.grad(x))
    assert ls.alpha[0] == 0 and ls.evaluations[0] == 0 and not ls.wolfe[0]


# ------------------------------------------------------------------ the two-loop recursion


def test_two_loop_is_the_bfgs_inverse_hessian_times_g():
    rng = np.random.default_rng(4)
    d, m = 5, 3
    A = random_spd(rng, d)
    S = rng.standard_normal((1, m, d))
    Y = S @ A  # pairs from a quadratic: y = A s, so s^T y > 0
    rho = 1.0 / np.einsum("bmi,bmi->bm", S, Y)
    gamma = 0.7
    H = gamma * np.eye(d)
    for i in range(m):  # N&W eq. 6.17, oldest pair first
        s, y, r = S[0, i], Y[0, i], rho[0, i]
        V = np.eye(d) - r * np.outer(y, s)
        H = V.T @ H @ V + r * np.outer(s, s)
    g = rng.standard_normal((1, d))
    np.testing.assert_allclose(optim.two_loop(g, S, Y, rho, np.array([gamma])), -(H @ g[0])[None], atol=1e-12)
    # The secant condition of the newest pair: H y = s.
    np.testing.assert_allclose(H @ Y[0, -1], S[0, -1], atol=1e-12)


# ------------------------------------------------------------------ L-BFGS and nonlinear CG


def box_lbfgs(f, x, steps, m):
    """N&W alg. 7.5 for one trajectory, lists of pairs, the two loops written out."""
    x = x.copy()
    g = f.grad(x)
    pairs = []
    path = [x.copy()]
    for k in range(steps):
        q = g.copy()
        alphas = []
        for s, y in reversed(pairs):
            a = (s @ q) / (y @ s)
            alphas.append(a)
            q = q - a * y
        gamma = (pairs[-1][0] @ pairs[-1][1]) / (pairs[-1][1] @ pairs[-1][1]) if pairs else 1.0
        r = gamma * q
        for (s, y), a in zip(pairs, reversed(alphas)):
            beta = (y @ r) / (y @ s)
            r = r + s * (a - beta)
        p = -r
        alpha0 = 1.0 / np.linalg.norm(g) if k == 0 else 1.0
        ls = optim.wolfe_line_search(f, x[None], p[None], alpha0=alpha0, c2=0.9)
        if ls.alpha[0] == 0:
            break
        s = ls.alpha[0] * p
        y = ls.grad[0] - g
        if s @ y > 1e-10 * np.linalg.norm(s) * np.linalg.norm(y):
            pairs = (pairs + [(s, y)])[-m:]
        x, g = x + s, ls.grad[0]
        path.append(x.copy())
    return np.array(path)


def quadratic_problem():
    rng = np.random.default_rng(5)
    A = random_spd(rng, 6, 0.1, 10.0)
    return quadratic(A, rng.standard_normal(6)), rng.standard_normal((3, 6))


def rosenbrock_problem():
    return rosenbrock(), np.array([[-1.2, 1.0], [0.5, -0.5], [2.0, 2.0]])


@pytest.mark.parametrize("problem", [quadratic_problem, rosenbrock_problem])
def test_lbfgs_matches_its_transcription_and_converges(problem):
    f, x0 = problem()
    traj = optim.lbfgs(f, x0, steps=25, memory=3)
    for b in range(len(x0)):
        path = box_lbfgs(f, x0[b], 25, 3)
        n = len(path)
        np.testing.assert_allclose(traj.x[:n, b], path, atol=1e-9)
    more = optim.lbfgs(f, x0, steps=80, memory=3)
    np.testing.assert_allclose(more.x[-1], np.broadcast_to(f.minimizers[0], x0.shape), atol=1e-7)
    assert np.all(np.diff(more.loss, axis=0) <= 1e-12)  # the line search only accepts decrease
    assert np.all(np.diff(more.evaluations, axis=0) >= 0)


def box_nonlinear_cg(f, x, steps, method, restart):
    """N&W alg. 5.4 with beta FR or PR+, restarts every `restart` steps and on ascent."""
    x = x.copy()
    g = f.grad(x)
    g_old, p = g, -g
    path = [x.copy()]
    alpha_gp = None
    for k in range(steps):
        if k > 0:
            if k % restart == 0:
                p = -g
            else:
                beta = (
                    (g @ g) / (g_old @ g_old)
                    if method == "fletcher_reeves"
                    else max(0.0, g @ (g - g_old) / (g_old @ g_old))
                )
                p = -g + beta * p
                if g @ p >= 0:
                    p = -g
        alpha0 = 1.0 / np.linalg.norm(g) if alpha_gp is None else alpha_gp / (g @ p)
        ls = optim.wolfe_line_search(f, x[None], p[None], alpha0=alpha0, c2=0.1)
        if ls.alpha[0] == 0:
            break
        alpha_gp = ls.alpha[0] * (g @ p)
        x = x + ls.alpha[0] * p
        g_old, g = g, ls.grad[0]
        path.append(x.copy())
    return np.array(path)


@pytest.mark.parametrize("method", ["fletcher_reeves", "polak_ribiere"])
@pytest.mark.parametrize("problem", [quadratic_problem, rosenbrock_problem])
def test_nonlinear_cg_matches_its_transcription(method, problem):
    f, x0 = problem()
    traj = optim.nonlinear_cg(f, x0, steps=20, method=method)
    for b in range(len(x0)):
        path = box_nonlinear_cg(f, x0[b], 20, method, restart=x0.shape[1])
        np.testing.assert_allclose(traj.x[: len(path), b], path, atol=1e-9)


def test_nonlinear_cg_reaches_the_rosenbrock_minimum():
    f, x0 = rosenbrock_problem()
    for method in ("fletcher_reeves", "polak_ribiere"):
        traj = optim.nonlinear_cg(f, x0, steps=300, method=method, tol=1e-8)
        assert np.all(traj.stopped_step > 0)
        np.testing.assert_allclose(traj.x[-1], np.ones((3, 2)), atol=1e-6)


def test_batched_runs_equal_separate_runs():
    f, x0 = rosenbrock_problem()
    for run in (lambda x: optim.lbfgs(f, x, 30), lambda x: optim.nonlinear_cg(f, x, 30)):
        batch = run(x0)
        for b in range(3):
            one = run(x0[b : b + 1])
            np.testing.assert_allclose(batch.x[:, b], one.x[:, 0], atol=1e-13)
            np.testing.assert_array_equal(batch.evaluations[:, b], one.evaluations[:, 0])
