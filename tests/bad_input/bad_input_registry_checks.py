"""The bad-input registry of `lecturekit.checks`: every exercise check called with the reference
as the learner (a wrong learner is answered with ``AssertionError``), the compare machinery and
the teaching-mode stub. The format and the shared inputs: `bad_input_entry`; the join:
`bad_input_registry`.
"""

from __future__ import annotations

import numpy as np
from bad_input_entry import P2, E, rng

from lecturekit import (
    conditioning,
    convexity,
    critical,
    curvature,
    finite_diff,
    linalg,
    momentum,
    nn,
    rates,
    schedules,
    taylor,
)
from lecturekit.checks import adaptive as _adaptive_checks
from lecturekit.checks import momentum as _momentum_checks

# ------------------------------------------------------------ exercise checks: learner = the reference

CHECK_LEARNERS = {
    "gradient_step": lambda x, g, lr: x - lr * g,
    "classify_2x2": lambda H: np.array(critical.LABELS)[critical.classify_hessian(H, tol=1e-9)],
    "permute_hidden": nn.permute_hidden,
    "chord_gap": convexity.chord_gap,
    "eigenpairs": linalg.eigenpairs,
    "directional_curvature": curvature.directional_curvature,
    "optimal_step": taylor.optimal_step,
    "best_step_and_rate": lambda lam: (
        conditioning.best_step(lam),
        conditioning.optimal_rate(lam.max(-1) / lam.min(-1)),
    ),
    "coordinate_regimes": conditioning.coordinate_regimes,
    "hessian_vector_product": lambda grad, x, v, h: (grad(x + h * v) - grad(x - h * v)) / (2 * h),
    "newton_step": lambda g, H: np.linalg.solve(H, g[..., None])[..., 0],
    "estimated_standard_error": lambda x: x.std(axis=-1, ddof=1) / np.sqrt(x.shape[-1]),
    "minibatch_gradient": lambda G, idx: G[idx].mean(axis=1),
    "linear_decay": lambda k, e0, et, tau: schedules.linear_decay(e0, et, tau)(k),
    "loglog_slope": rates.loglog_slope,
}

REGISTRY = [
    E(f"checks.{name}", learner=learner, rng=rng(), allow={"learner": AssertionError})
    for name, learner in CHECK_LEARNERS.items()
]
REGISTRY.append(
    E(
        "checks.compare",
        learner=np.add,
        reference=np.add,
        draw=lambda r: (r.normal(size=2), r.normal(size=2)),
        name="add",
        hint="add them",
        trials=2,
        rtol=1e-9,
        atol=1e-12,
        rng=rng(),
        allow={"learner": AssertionError},
        fixed=("name", "hint"),
    )
)

REGISTRY.append(
    # summary describes any value at all (that is its job), so only max_size is perturbed.
    E("checks.compare.summary", value=P2, max_size=8, fixed=("value",))
)

# Teaching modes: what a check raises on an unsolved nbgrader stub (its argument is a label).
REGISTRY += [E("checks.NotImplementedYet", name="gradient_step", fixed=("name",))]


def _bn_forward(a, gamma, beta, eps):
    return nn.batchnorm.forward_train(a[None], gamma[None], beta[None], eps)[0][0]


def _momentum_update(theta, v, g, lr, alpha):
    v_new = alpha * v - lr * g
    return theta + v_new, v_new


def _nesterov_step(theta, v, grad, lr, alpha):
    return tuple(_momentum_checks._nesterov_reference(theta, v, grad, lr, alpha))


def _optimal_momentum(lam_min, lam_max):
    t = momentum.optimal_heavy_ball(lam_min, lam_max)
    return t.lr, t.alpha


MORE_LEARNERS = {
    "adagrad_rates": _adaptive_checks._adagrad_rates,
    "adam_step": _adaptive_checks._adam_step,
    "fixed_adam": _adaptive_checks._adam_step,
    "from_eigen": lambda lam, U: U @ (lam[:, :, None] * np.swapaxes(U, -1, -2)),
    "hessian_fd": finite_diff.hessian,
    "is_psd": lambda H: np.all(np.linalg.eigvalsh(H) >= -1e-10, axis=-1),
    "batchnorm_forward": _bn_forward,
    "fixed_initializer": nn.init.glorot_uniform,
    "glorot_uniform": lambda r, fan_in, fan_out: nn.init.glorot_uniform(r, 1, fan_in, fan_out)[0],
    "lsuv_step": lambda W, H: W / np.sqrt((H @ W.T).var()),
    "iteration_matrix": momentum.iteration_matrix,
    "momentum_update": _momentum_update,
    "nesterov_step": _nesterov_step,
    "optimal_momentum": _optimal_momentum,
    "spectral_radius": momentum.spectral_radius,
}


REGISTRY += [
    E(f"checks.{name}", learner=learner, rng=rng(), allow={"learner": AssertionError})
    for name, learner in MORE_LEARNERS.items()
]
