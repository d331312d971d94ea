"""Schedule-free SGD and AdamW against plain-loop transcriptions of Defazio et al. 2024 (algorithm 1
and the SGD form), on a noisy quadratic, batched, with the noise from an explicit Generator."""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import optim
from lecturekit.objectives import Objective

A = np.array([[3.0, 0.5, 0.0], [0.5, 1.0, 0.2], [0.0, 0.2, 0.1]])
BOWL = Objective(
    "bowl3",
    3,
    lambda x: 0.5 * np.einsum("...i,ij,...j->...", x, A, x),
    lambda x: x @ A,
    lambda x: np.broadcast_to(A, x.shape + (3,)),
)
X0 = np.array([[1.0, -2.0, 0.5], [0.3, 0.3, -1.0], [2.0, 0.0, 1.0], [-1.0, 1.0, 1.0]])  # (B, d), B = 4
NOISE = 0.3


def box(x1, steps, rng, *, lr, beta1, warmup, decay, adam, beta2=0.999, eps=1e-8):
    """Algorithm 1 of "The road less scheduled" line by line (adam=False: the SGD form)."""
    x = x1.copy()
    z = x1.copy()
    v = np.zeros_like(x1)
    sum_sq = 0.0
    for t in range(1, steps + 1):
        y = (1 - beta1) * z + beta1 * x
        g = y @ A + NOISE * rng.standard_normal(x.shape)  # g_t = grad f(y_t; zeta_t)
        warm = min(1.0, t / warmup) if warmup else 1.0
        if adam:
            v = beta2 * v + (1 - beta2) * g**2
            gamma_t = lr * np.sqrt(1 - beta2**t) * warm
            z = z - gamma_t * g / (np.sqrt(v) + eps) - gamma_t * decay * y
        else:
            gamma_t = lr * warm
            z = z - gamma_t * g - gamma_t * decay * y
        sum_sq += gamma_t**2
        c = gamma_t**2 / sum_sq
        x = (1 - c) * x + c * z
    return x, z


@pytest.mark.parametrize("adam", [False, True])
@pytest.mark.parametrize(("warmup", "decay", "beta1"), [(0, 0.0, 0.9), (7, 0.05, 0.9), (3, 0.0, 0.0), (0, 0.1, 1.0)])
def test_matches_the_algorithm_box(adam, warmup, decay, beta1):
    lr = 0.05 if adam else 0.2
    steps = 40
    if adam:
        opt = optim.schedule_free_adamw(lr, beta1=beta1, warmup_steps=warmup, weight_decay=decay)
    else:
        opt = optim.schedule_free_sgd(lr, beta=beta1, warmup_steps=warmup, weight_decay=decay)
    traj = optim.run(opt, BOWL, X0, steps, noise=NOISE, rng=np.random.default_rng(5), record_every=None)
    x_ref, _ = box(X0, steps, np.random.default_rng(5), lr=lr, beta1=beta1, warmup=warmup, decay=decay, adam=adam)
    np.testing.assert_allclose(traj.x[-1], x_ref, rtol=1e-12, atol=1e-14)


def test_state_keeps_z_and_gradient_is_taken_at_y():
    opt = optim.schedule_free_sgd(0.1, beta=0.7)
    x = X0.copy()
    state = opt.init(x)
    rng = np.random.default_rng(1)
    for _ in range(5):
        y = opt.lookahead(x, state)
        np.testing.assert_allclose(y, 0.3 * state.z + 0.7 * x)
        updates, state = opt.update(BOWL.grad(y) + NOISE * rng.standard_normal(x.shape), state, x)
        x = x + updates
    x_ref, z_ref = box(X0, 5, np.random.default_rng(1), lr=0.1, beta1=0.7, warmup=0, decay=0.0, adam=False)
    # box draws its noise after y, as here: the same draws, the same sequences
    np.testing.assert_allclose(x, x_ref, rtol=1e-12)
    np.testing.assert_allclose(state.z, z_ref, rtol=1e-12)


def test_constant_rate_averages_uniformly():
    """beta = 0, no warm-up: x_{T+1} is the plain mean of z_2..z_{T+1} (algorithm 1's c_{t+1} = 1/t)."""
    opt = optim.schedule_free_sgd(0.3, beta=0.0)
    x = X0.copy()
    state = opt.init(x)
    zs = [state.z]
    for _ in range(10):
        updates, state = opt.update(BOWL.grad(opt.lookahead(x, state)), state, x)
        x = x + updates
        zs.append(state.z)
    np.testing.assert_allclose(x, np.mean(zs[1:], axis=0), rtol=1e-12)


def test_batched_equals_separate_runs_and_a_sweep_of_rates():
    lrs = np.array([[0.01], [0.05], [0.1], [0.02]])
    opt = optim.schedule_free_adamw(lrs, warmup_steps=5)
    batched = optim.run(opt, BOWL, X0, 30, record_every=None).x[-1]
    for b in range(4):
        alone = optim.run(optim.schedule_free_adamw(float(lrs[b, 0]), warmup_steps=5), BOWL, X0[b : b + 1], 30)
        np.testing.assert_allclose(batched[b], alone.x[-1, 0], rtol=1e-13)


def test_converges_on_the_noisy_quadratic_without_a_schedule():
    """The averaged x ends at least 5x below the noise floor of constant-rate SGD at the same rate."""
    rng = np.random.default_rng(0)
    x0 = np.tile(X0[:1], (64, 1))
    sf = optim.run(optim.schedule_free_sgd(0.2, beta=0.9), BOWL, x0, 2000, noise=1.0, rng=rng, record_every=None)
    sgd = optim.run(optim.sgd(0.2), BOWL, x0, 2000, noise=1.0, rng=np.random.default_rng(0), record_every=None)
    assert sf.loss[-1].mean() < 0.2 * sgd.loss[-1].mean()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: optim.schedule_free_sgd(0.1, beta=1.5), "beta"),
        (lambda: optim.schedule_free_adamw(0.1, beta1=-0.1), "beta1"),
        (lambda: optim.schedule_free_adamw(0.1, beta2=1.0), "beta2"),
        (lambda: optim.schedule_free_sgd(0.1, warmup_steps=2.5), "warmup_steps"),
        (lambda: optim.schedule_free_sgd(-0.1), "lr"),
    ],
)
def test_bad_hyperparameters_are_named(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_update_without_params_is_refused():
    opt = optim.schedule_free_sgd(0.1)
    with pytest.raises(ValueError, match="params"):
        opt.update(X0, opt.init(X0))


@pytest.mark.parametrize("make", [optim.schedule_free_sgd, optim.schedule_free_adamw])
def test_an_infinite_gradient_is_silent_and_run_flags_the_trajectory(make):
    opt = make(0.1)
    g = np.array([[np.inf, 1.0], [1.0, 1.0]])
    x = np.zeros((2, 2))
    updates, state = opt.update(g, opt.init(x), x)
    assert np.all(np.isfinite(updates[1])) and not np.all(np.isfinite(updates[0]))

    def grad(x):  # the gradient of |x|^2, infinite where x_1 > 0.5
        return np.where(x[..., :1] > 0.5, np.inf, 2 * x)

    wall = Objective("wall", 2, lambda x: (x**2).sum(-1), grad, lambda x: 2 * np.eye(2) + 0 * x[..., None])
    traj = optim.run(opt, wall, np.array([[1.0, 0.0], [0.3, 0.0]]), steps=3)
    assert traj.diverged.tolist() == [True, False]


@pytest.mark.parametrize("name", ["schedule_free_sgd", "schedule_free_adamw"])
def test_documents_rule_example_convention_and_reference(name):
    doc = getattr(optim, name).__doc__
    assert ".. math::" in doc and ">>> " in doc and "Defazio" in doc
    assert "lookahead" in doc  # where the gradient is taken
