"""AMSGrad and AdamW against plain transcriptions of their papers' algorithm boxes, and the
relations that tell them apart from Adam (Reddi, Kale & Kumar 2018, alg. 2; Loshchilov &
Hutter 2019, alg. 2)."""

from __future__ import annotations

import math
import zlib
from functools import partial

import numpy as np
import pytest
from test_optim_objectives import quadratic, random_spd, rosenbrock, rosenbrock_grad_scalar

from lecturekit import optim

T = 40


def box_amsgrad(grad, x, alpha, beta1, beta2, delta):  # Reddi et al., alg. 2, constant beta1 and alpha
    d = len(x)
    m, v, v_hat = [0.0] * d, [0.0] * d, [0.0] * d
    path = [x[:]]
    for _ in range(T):
        g = grad(x)
        for i in range(d):
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            v_hat[i] = max(v_hat[i], v[i])
            x[i] = x[i] - alpha * m[i] / (math.sqrt(v_hat[i]) + delta)
        path.append(x[:])
    return path


def box_adamw(grad, x, alpha, beta1, beta2, eps, lam, eta):  # Loshchilov & Hutter, alg. 2, fixed eta
    d = len(x)
    m, v = [0.0] * d, [0.0] * d
    path = [x[:]]
    for t in range(1, T + 1):
        g = grad(x)
        for i in range(d):
            m[i] = beta1 * m[i] + (1 - beta1) * g[i]
            v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
            m_hat = m[i] / (1 - beta1**t)
            v_hat = v[i] / (1 - beta2**t)
            x[i] = x[i] - eta * (alpha * m_hat / (math.sqrt(v_hat) + eps) + lam * x[i])
        path.append(x[:])
    return path


def scalar_quadratic_grad(A, b):
    return lambda x: [sum(A[i][j] * x[j] for j in range(len(x))) - b[i] for i in range(len(x))]


def problems(rng, name):
    if name == "rosenbrock":
        return rosenbrock(), rosenbrock_grad_scalar, rng.uniform(-1.5, 1.5, (3, 2))
    A, b = random_spd(rng, 3), rng.standard_normal(3)
    return quadratic(A, b), scalar_quadratic_grad(A.tolist(), b.tolist()), rng.uniform(-2, 2, (3, 3))


@pytest.mark.parametrize("problem", ["rosenbrock", "quadratic"])
@pytest.mark.parametrize("name", ["amsgrad", "adamw"])
def test_matches_its_papers_algorithm_box(name, problem):
    rng = np.random.default_rng(zlib.crc32(f"{name}/{problem}".encode()))
    f, grad, x0 = problems(rng, problem)
    lr, rho1, rho2 = rng.uniform(1e-3, 2e-2), rng.uniform(0.8, 0.95), rng.uniform(0.99, 0.9999)
    if name == "amsgrad":
        opt = optim.amsgrad(lr, rho1, rho2, 1e-8)
        box = partial(box_amsgrad, grad, alpha=lr, beta1=rho1, beta2=rho2, delta=1e-8)
    else:
        lam, eta = rng.uniform(0.01, 0.2), rng.uniform(0.5, 1.0)
        opt = optim.adamw(lr, lam, rho1, rho2, 1e-8, eta=eta)
        box = partial(box_adamw, grad, alpha=lr, beta1=rho1, beta2=rho2, eps=1e-8, lam=lam, eta=eta)
    traj = optim.run(opt, f, x0, steps=T)
    assert not traj.diverged.any()
    for b in range(x0.shape[0]):
        np.testing.assert_allclose(traj.x[:, b], np.array(box(x0[b].tolist())), rtol=1e-12, atol=1e-12)


def test_amsgrad_effective_rate_never_grows_while_adams_does():
    """After a burst of large gradients, Adam's 1/√r̂ recovers; AMSGrad's 1/√v̂ cannot."""
    grads = np.concatenate([np.full(5, 10.0), np.full(200, 0.1)])[:, None, None]
    for make, never_grows in ((optim.amsgrad, True), (optim.adam, False)):
        opt = make(lr=1.0, rho1=0.0, rho2=0.9)
        x = np.zeros((1, 1))
        state, ratios = opt.init(x), []
        for g in grads:
            u, state = opt.update(g, state, x)
            ratios.append(abs(u[0, 0] / g[0, 0]))  # |step| / |g| = effective rate
        grows = np.diff(ratios).max() > 1e-12
        assert grows is not never_grows


def test_adamw_with_zero_decay_is_adam():
    rng = np.random.default_rng(3)
    A, b = random_spd(rng, 4), rng.standard_normal(4)
    x0 = rng.standard_normal((5, 4))
    a = optim.run(optim.adamw(0.01, weight_decay=0.0), quadratic(A, b), x0, steps=50)
    b_ = optim.run(optim.adam(0.01), quadratic(A, b), x0, steps=50)
    np.testing.assert_allclose(a.x, b_.x, rtol=1e-13, atol=1e-13)


def test_decoupled_decay_shrinks_every_weight_alike_but_l2_inside_adam_does_not():
    """With a zero loss gradient both shrink θ; with a large gradient on one coordinate, L2's
    decay is divided by √r̂ (large there), AdamW's is not."""
    lam, lr = 0.1, 0.01
    x = np.array([[1.0, 1.0]])
    g = np.array([[100.0, 0.0]])  # coordinate 0 has a large gradient, coordinate 1 none
    wd = optim.adamw(lr, weight_decay=lam, rho1=0.0, rho2=0.0, delta=1e-12)
    l2 = optim.chain(optim.add_decayed_weights(lam), optim.adam(lr, rho1=0.0, rho2=0.0, delta=1e-12))
    u_wd, _ = wd.update(g, wd.init(x), x)
    u_l2, _ = l2.update(g, l2.init(x), x)
    # AdamW: -(lr * sign(g) + lam * x); L2 in Adam with rho = 0: -lr * (g + lam x) / |g + lam x|
    np.testing.assert_allclose(u_wd, [[-(lr + lam), -lam]])
    np.testing.assert_allclose(u_l2, [[-lr, -lr]])


@pytest.mark.parametrize("name", ["amsgrad", "adamw"])
def test_documents_rule_example_and_reference(name):
    doc = getattr(optim, name).__doc__
    assert ".. math::" in doc and ">>> " in doc
    assert ("Reddi" if name == "amsgrad" else "Loshchilov") in doc


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda: optim.amsgrad(lr=-1.0), "lr"),
        (lambda: optim.amsgrad(rho2=1.0), "rho2"),
        (lambda: optim.adamw(weight_decay=-0.1), "weight_decay"),
        (lambda: optim.adamw(eta=0.0), "eta"),
        (lambda: optim.scale(0.0), "factor"),
    ],
)
def test_bad_hyperparameters_raise_naming_the_parameter(make, match):
    with pytest.raises(ValueError, match=match):
        make()


def test_add_decayed_weights_needs_params():
    t = optim.add_decayed_weights(0.1)
    with pytest.raises(ValueError, match="params"):
        t.update(np.ones((1, 2)), t.init(np.ones((1, 2))))
