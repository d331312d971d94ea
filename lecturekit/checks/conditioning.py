"""Checks for the exercises on conditioning and Newton's method."""

from __future__ import annotations

import numpy as np

from .. import conditioning
from ..objectives import logistic_regression, make_classification
from .compare import compare


def best_step_and_rate(learner, rng=None) -> None:
    """Check ``learner(lam) -> (eps, rho)``: eps = 2 / (lam_min + lam_max) and rho = (kappa - 1) / (kappa + 1)
    for positive eigenvalues ``lam`` ``(n, k)`` (each row one matrix); both results ``(n,)``."""

    def draw(r):
        n, k = int(r.integers(2, 8)), int(r.integers(2, 6))
        return (10.0 ** r.uniform(-2, 3, size=(n, k)),)

    def reference(lam):
        return np.stack([conditioning.best_step(lam), conditioning.optimal_rate(lam.max(-1) / lam.min(-1))])

    def flat(lam):
        out = learner(lam)
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 2):
            raise AssertionError("best_step_and_rate must return a pair (eps, rho)")
        return np.stack([np.asarray(v, dtype=float) for v in out])

    compare(
        flat,
        reference,
        draw,
        name="best_step_and_rate",
        rng=rng,
        hint="use the smallest and the largest eigenvalue of each row (axis=-1): eps = 2 / (lam_min + lam_max), "
        "kappa = lam_max / lam_min and rho = (kappa - 1) / (kappa + 1).",
    )


def coordinate_regimes(learner, rng=None) -> None:
    """Check ``learner(lr, a) -> codes`` ``(B, d)``: 0 converges (eps <= 1/a), 1 oscillates, 2 does not
    converge (eps >= 2/a), for step sizes ``lr`` ``(B,)`` and positive curvatures ``a`` ``(d,)``."""

    def draw(r):
        a = 10.0 ** r.uniform(-1, 2, size=int(r.integers(2, 6)))
        lr = np.concatenate([10.0 ** r.uniform(-3, 1, size=int(r.integers(3, 8))), [1 / a[0], 2 / a[-1]]])
        return lr, a

    compare(
        learner,
        conditioning.coordinate_regimes,
        draw,
        name="coordinate_regimes",
        rng=rng,
        hint="each coordinate is multiplied by r = 1 - lr * a per step (lr[:, None] * a gives (B, d)): "
        "r >= 0 converges without flipping, -1 < r < 0 oscillates, r <= -1 does not converge.",
    )


def hessian_vector_product(learner, rng=None) -> None:
    """Check ``learner(grad, x, v, h) -> (grad(x + h v) - grad(x - h v)) / (2 h)`` for points and
    directions ``(n, d)`` and the gradient of a logistic regression."""

    def draw(r):
        data = make_classification(r, n=50, separation=1.0, dim=int(r.integers(2, 5)))
        f = logistic_regression(data.X, data.y)
        n = int(r.integers(2, 6))
        return f.grad, r.normal(size=(n, f.dim)), r.normal(size=(n, f.dim)), 1e-5

    def reference(grad, x, v, h):
        return (grad(x + h * v) - grad(x - h * v)) / (2 * h)

    compare(
        learner,
        reference,
        draw,
        name="hessian_vector_product",
        rng=rng,
        rtol=1e-6,
        atol=1e-9,
        hint="two gradient calls: at x + h v and at x - h v; their difference divided by 2h "
        "(no Hessian needed, whatever the dimension).",
    )


def newton_step(learner, rng=None) -> None:
    """Check ``learner(g, H) -> u`` with ``H u = g`` for a batch ``(n, d)``, ``(n, d, d)`` (the step is -u)."""

    def draw(r):
        n, d = int(r.integers(2, 7)), int(r.integers(2, 5))
        A = r.normal(size=(n, d, d))
        return r.normal(size=(n, d)), A @ np.swapaxes(A, -1, -2) + np.eye(d)

    compare(
        learner,
        lambda g, H: np.linalg.solve(H, g[..., None])[..., 0],
        draw,
        name="newton_step",
        rng=rng,
        rtol=1e-7,
        atol=1e-10,
        hint="solve H u = g for every row, e.g. np.linalg.solve(H, g[..., None])[..., 0]; "
        "never form the inverse explicitly.",
    )
