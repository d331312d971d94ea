"""Each optimizer against a plain transcription of the algorithm box it implements.

The transcriptions use Python floats, one trajectory and one coordinate at a time, with
the names and the order of operations of the box (Goodfellow, Bengio & Courville, *Deep
Learning*, algorithms 8.1-8.7; Zeiler 2012 alg. 1; Riedmiller & Braun 1993 / Igel &
Hüsken 2000 for iRprop−). Starting points and hyperparameters are random (explicit
Generator); iterates must agree to 1e-12.
"""

from __future__ import annotations

import math
import zlib

import numpy as np
import pytest
from test_optim_objectives import quadratic, random_spd, rosenbrock, rosenbrock_grad_scalar, rosenbrock_hess_scalar

from lecturekit import optim, schedules

T = 30


def box_sgd(grad, theta, eps):  # alg. 8.1, eps(k) the learning rate at step k
    path = [theta[:]]
    for k in range(T):
        g = grad(theta)
        theta = [theta[i] - eps(k) * g[i] for i in range(len(theta))]
        path.append(theta[:])
    return path


def box_momentum(grad, theta, eps, alpha, nesterov=False):  # alg. 8.2, and 8.3 if nesterov
    d = len(theta)
    v = [0.0] * d
    path = [theta[:]]
    for k in range(T):
        g = grad([theta[i] + alpha * v[i] for i in range(d)] if nesterov else theta)
        for i in range(d):
            v[i] = alpha * v[i] - eps(k) * g[i]
            theta[i] = theta[i] + v[i]
        path.append(theta[:])
    return path


def box_adagrad(grad, theta, eps, delta):  # alg. 8.4
    r = [0.0] * len(theta)
    path = [theta[:]]
    for _ in range(T):
        g = grad(theta)
        for i in range(len(theta)):
            r[i] = r[i] + g[i] * g[i]
            theta[i] = theta[i] + (-eps / (delta + math.sqrt(r[i])) * g[i])
        path.append(theta[:])
    return path


def box_rmsprop(grad, theta, eps, rho, delta):  # alg. 8.5
    r = [0.0] * len(theta)
    path = [theta[:]]
    for _ in range(T):
        g = grad(theta)
        for i in range(len(theta)):
            r[i] = rho * r[i] + (1 - rho) * g[i] * g[i]
            theta[i] = theta[i] + (-eps / math.sqrt(delta + r[i]) * g[i])
        path.append(theta[:])
    return path


def box_rmsprop_nesterov(grad, theta, eps, rho, alpha, delta):  # alg. 8.6 (+ δ inside the root)
    d = len(theta)
    r, v = [0.0] * d, [0.0] * d
    path = [theta[:]]
    for _ in range(T):
        g = grad([theta[i] + alpha * v[i] for i in range(d)])
        for i in range(d):
            r[i] = rho * r[i] + (1 - rho) * g[i] * g[i]
            v[i] = alpha * v[i] - eps / math.sqrt(delta + r[i]) * g[i]
            theta[i] = theta[i] + v[i]
        path.append(theta[:])
    return path


def box_adadelta(grad, x, rho, eps):  # Zeiler 2012, alg. 1
    d = len(x)
    eg2, edx2 = [0.0] * d, [0.0] * d
    path = [x[:]]
    for _ in range(T):
        g = grad(x)
        for i in range(d):
            eg2[i] = rho * eg2[i] + (1 - rho) * g[i] ** 2
            dx = -math.sqrt(edx2[i] + eps) / math.sqrt(eg2[i] + eps) * g[i]
            edx2[i] = rho * edx2[i] + (1 - rho) * dx**2
            x[i] = x[i] + dx
        path.append(x[:])
    return path


def box_adam(grad, theta, eps, rho1, rho2, delta):  # alg. 8.7
    d = len(theta)
    s, r, t = [0.0] * d, [0.0] * d, 0
    path = [theta[:]]
    for _ in range(T):
        g = grad(theta)
        t = t + 1
        for i in range(d):
            s[i] = rho1 * s[i] + (1 - rho1) * g[i]
            r[i] = rho2 * r[i] + (1 - rho2) * g[i] * g[i]
            s_hat = s[i] / (1 - rho1**t)
            r_hat = r[i] / (1 - rho2**t)
            theta[i] = theta[i] + (-eps * s_hat / (math.sqrt(r_hat) + delta))
        path.append(theta[:])
    return path


def box_rprop(grad, w, step0, eta_plus, eta_minus, step_min, step_max):  # iRprop−
    d = len(w)
    step, g_prev = [step0] * d, [0.0] * d
    path = [w[:]]
    for _ in range(T):
        g = grad(w)
        for i in range(d):
            if g_prev[i] * g[i] > 0:
                step[i] = min(step[i] * eta_plus, step_max)
                w[i] = w[i] - math.copysign(step[i], g[i])
                g_prev[i] = g[i]
            elif g_prev[i] * g[i] < 0:
                step[i] = max(step[i] * eta_minus, step_min)
                g_prev[i] = 0.0
            else:
                if g[i] != 0:
                    w[i] = w[i] - math.copysign(step[i], g[i])
                g_prev[i] = g[i]
        path.append(w[:])
    return path


def box_newton_2d(grad, hess, theta, eps, lam):  # θ ← θ − ε (H + λI)⁻¹ g, 2×2 inverse by hand
    path = [theta[:]]
    for _ in range(T):
        g, h = grad(theta), hess(theta)
        a, b, c, e = h[0][0] + lam, h[0][1], h[1][0], h[1][1] + lam
        det = a * e - b * c
        step = [(e * g[0] - b * g[1]) / det, (-c * g[0] + a * g[1]) / det]
        theta = [theta[i] - eps * step[i] for i in range(2)]
        path.append(theta[:])
    return path


def scalar_quadratic_grad(A, b):
    A, b = A.tolist(), b.tolist()
    return lambda x: [sum(A[i][j] * x[j] for j in range(len(x))) - b[i] for i in range(len(x))]


# Each case draws random hyperparameters and returns (optimizer, box taking (grad, theta)).


def case_sgd(r):
    lr = r.uniform(1e-4, 1e-3)
    return optim.sgd(lr), lambda grad, th: box_sgd(grad, th, lambda k: lr)


def case_sgd_linear_decay(r):
    lr0, tau = r.uniform(1e-4, 1e-3), int(r.integers(5, 25))
    eps = lambda k: (1 - min(k / tau, 1)) * lr0 + min(k / tau, 1) * (lr0 / 100)  # noqa: E731  (eq. 8.14)
    return optim.sgd(schedules.linear_decay(lr0, lr0 / 100, tau)), lambda grad, th: box_sgd(grad, th, eps)


def case_momentum(r):
    lr, alpha = r.uniform(1e-4, 5e-4), r.uniform(0.5, 0.95)
    return optim.momentum(lr, alpha), lambda grad, th: box_momentum(grad, th, lambda k: lr, alpha)


def case_momentum_inverse_time(r):
    lr0, alpha = r.uniform(1e-4, 5e-4), r.uniform(0.5, 0.95)
    return (
        optim.momentum(schedules.inverse_time(lr0), alpha),
        lambda grad, th: box_momentum(grad, th, lambda k: lr0 / (k + 1), alpha),
    )


def case_nesterov(r):
    lr, alpha = r.uniform(1e-4, 5e-4), r.uniform(0.5, 0.95)
    return optim.nesterov(lr, alpha), lambda grad, th: box_momentum(grad, th, lambda k: lr, alpha, nesterov=True)


def case_adagrad(r):
    lr = r.uniform(0.01, 0.1)
    return optim.adagrad(lr, 1e-7), lambda grad, th: box_adagrad(grad, th, lr, 1e-7)


def case_rmsprop(r):
    lr, rho = r.uniform(1e-3, 1e-2), r.uniform(0.8, 0.99)
    return optim.rmsprop(lr, rho, 1e-6), lambda grad, th: box_rmsprop(grad, th, lr, rho, 1e-6)


def case_rmsprop_nesterov(r):
    lr, rho, alpha = r.uniform(1e-3, 5e-3), r.uniform(0.8, 0.99), r.uniform(0.3, 0.9)
    return (
        optim.rmsprop_nesterov(lr, rho, alpha, 1e-6),
        lambda grad, th: box_rmsprop_nesterov(grad, th, lr, rho, alpha, 1e-6),
    )


def case_adadelta(r):
    rho = r.uniform(0.9, 0.99)
    return optim.adadelta(rho, 1e-6), lambda grad, th: box_adadelta(grad, th, rho, 1e-6)


def case_adam(r):
    lr, rho1, rho2 = r.uniform(1e-3, 2e-2), r.uniform(0.8, 0.95), r.uniform(0.99, 0.9999)
    return optim.adam(lr, rho1, rho2, 1e-8), lambda grad, th: box_adam(grad, th, lr, rho1, rho2, 1e-8)


def case_rprop(r):
    step0 = r.uniform(0.01, 0.2)
    return optim.rprop(step0), lambda grad, th: box_rprop(grad, th, step0, 1.2, 0.5, 1e-6, 50.0)


CASES = {name[len("case_") :]: fn for name, fn in dict(globals()).items() if name.startswith("case_")}


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("problem", ["rosenbrock", "quadratic"])
def test_optimizer_matches_its_algorithm_box(name, problem):
    rng = np.random.default_rng(zlib.crc32(f"{name}/{problem}".encode()))
    if problem == "rosenbrock":
        f, grad, x0 = rosenbrock(), rosenbrock_grad_scalar, rng.uniform(-1.5, 1.5, (3, 2))
    else:
        A, b = random_spd(rng, 3), rng.standard_normal(3)
        f, grad, x0 = quadratic(A, b), scalar_quadratic_grad(A, b), rng.uniform(-2, 2, (3, 3))
    opt, box = CASES[name](rng)
    traj = optim.run(opt, f, x0, steps=T)
    assert not traj.diverged.any()
    for b in range(x0.shape[0]):
        expected = np.array(box(grad, x0[b].tolist()))
        np.testing.assert_allclose(traj.x[:, b], expected, rtol=1e-12, atol=1e-12)


def test_rprop_box_sees_sign_changes():
    """The rprop transcription test is only meaningful if gradient signs do flip."""
    f = rosenbrock()
    traj = optim.run(optim.rprop(0.1), f, np.array([[-1.2, 1.0]]), steps=T)
    g = f.grad(traj.x[:, 0])
    assert np.any(g[1:] * g[:-1] < 0)


@pytest.mark.parametrize("damping, lr", [(0.0, 1.0), (3.0, 0.7)])
def test_newton_matches_its_box(damping, lr):
    rng = np.random.default_rng(4)
    x0 = rng.uniform(-1.5, 1.5, (3, 2))
    traj = optim.run(optim.newton(damping, lr), rosenbrock(), x0, steps=T)
    for b in range(3):
        expected = box_newton_2d(rosenbrock_grad_scalar, rosenbrock_hess_scalar, x0[b].tolist(), lr, damping)
        np.testing.assert_allclose(traj.x[:, b], expected, rtol=1e-12, atol=1e-12)
