"""Checks for the exercises on conditioning and Newton's method."""

from __future__ import annotations

import numpy as np

from .. import conditioning
from ..objectives import logistic_regression, make_classification
from .compare import CheckFailed, _call_learner, _expect_function, _wrapper, compare


def best_step_and_rate(learner, rng=None) -> None:
    """Check ``learner(lam) -> (eps, rho)``: eps = 2 / (lam_min + lam_max) and rho = (kappa - 1) / (kappa + 1)
    for positive eigenvalues ``lam`` ``(n, k)`` (each row one matrix); both results ``(n,)``."""

    def draw(r):
        n, k = int(r.integers(2, 8)), int(r.integers(2, 6))
        return (10.0 ** r.uniform(-2, 3, size=(n, k)),)

    def reference(lam):
        return conditioning.best_step(lam), conditioning.optimal_rate(lam.max(-1) / lam.min(-1))

    compare(
        learner,
        reference,
        draw,
        name="best_step_and_rate",
        outputs=("eps", "rho"),
        arg_names=("lam",),
        rng=rng,
        hint="each row of lam is one matrix: use its smallest and largest eigenvalue (reduce over the last axis) "
        "in the two formulas of the text.",
    )


def coordinate_regimes(learner, rng=None) -> None:
    """Check ``learner(lr, a) -> codes`` ``(B, d)``: 0 converges (eps <= 1/a), 1 oscillates, 2 does not
    converge (eps >= 2/a), for step sizes ``lr`` ``(B,)`` and positive curvatures ``a`` ``(d,)``.

    Every curvature is a power of two, so the boundary step sizes 1/a and 2/a that are drawn are exact,
    and lr * a, 1 - lr * a, lr >= 2 / a and lr * a >= 2 decide alike: a boundary-inclusive answer
    written any of these ways passes (with a = 10 ** uniform, (2/a)·a rounds below 2 for ~14% of a).
    """

    def draw(r):
        a = 2.0 ** r.integers(-3, 7, size=int(r.integers(2, 6)))
        lr = np.concatenate([10.0 ** r.uniform(-3, 1, size=int(r.integers(3, 8))), [1 / a[0], 2 / a[-1]]])
        return r.permutation(lr), a

    compare(
        learner,
        conditioning.coordinate_regimes,
        draw,
        name="coordinate_regimes",
        outputs=("codes",),
        arg_names=("lr", "a"),
        rng=rng,
        hint="each coordinate is multiplied by r = 1 - lr a per step; the sign and size of r decide the code. "
        "The result pairs every step size with every coordinate: shape (B, d).",
    )


def hessian_vector_product(learner, rng=None) -> None:
    """Check ``learner(grad, x, v, h) -> (grad(x + h v) - grad(x - h v)) / (2 h)`` for points and
    directions ``(n, d)`` and the gradient of a logistic regression. The step ``h`` is drawn between 1e-4
    and 1e-2, so a function that ignores it (and uses a step of its own) differs by the O(h²) error."""

    def draw(r):
        data = make_classification(r, n=50, separation=1.0, dim=int(r.integers(2, 5)))
        f = logistic_regression(data.X, data.y)
        n = int(r.integers(2, 6))
        return f.grad, r.normal(size=(n, f.dim)), r.normal(size=(n, f.dim)), float(10.0 ** r.uniform(-4, -2))

    def reference(grad, x, v, h):
        return (grad(x + h * v) - grad(x - h * v)) / (2 * h)

    compare(
        learner,
        reference,
        draw,
        name="hessian_vector_product",
        outputs=("Hv",),
        arg_names=("grad", "x", "v", "h"),
        rng=rng,
        rtol=1e-6,
        atol=1e-9,
        hint="a central difference of the gradient along v with the step h it is given, as in the text: "
        "two calls of grad, no Hessian needed whatever the dimension.",
    )


def newton_step(learner, rng=None) -> None:
    """Check ``learner(g, H) -> u`` with ``H u = g`` for a batch ``(n, d)``, ``(n, d, d)`` (the step is -u).

    The exercise asks to solve the system, not to invert ``H``: right numbers obtained through
    ``np.linalg.inv`` are rejected with a hint (only the call ``np.linalg.inv`` is seen, not an inverse
    imported under another name)."""
    _expect_function("newton_step", learner)

    def reference(g, H):
        return np.linalg.solve(H, g[..., None])[..., 0]

    @_wrapper
    def solved(g, H):
        inv, inverted = np.linalg.inv, []

        @_wrapper
        def watched_inv(a, *args, **kwargs):
            inverted.append(True)
            return inv(a, *args, **kwargs)

        np.linalg.inv = watched_inv
        try:
            u = _call_learner("newton_step", learner, (g, H), ("g", "H"))
        finally:
            np.linalg.inv = inv
        if inverted and np.shape(u) == g.shape and np.allclose(u, reference(g, H), rtol=1e-7, atol=1e-10):
            raise CheckFailed(
                "newton_step: the numbers are right, but they come from np.linalg.inv.\n"
                "Hint: solve H u = g without forming the inverse (np.linalg.solve): it does a third of the work "
                "and loses less accuracy when H is ill-conditioned."
            )
        return u

    def draw(r):
        n, d = int(r.integers(2, 7)), int(r.integers(2, 5))
        A = r.normal(size=(n, d, d))
        return r.normal(size=(n, d)), A @ np.swapaxes(A, -1, -2) + np.eye(d)

    compare(
        solved,
        reference,
        draw,
        name="newton_step",
        outputs=("u",),
        arg_names=("g", "H"),
        rng=rng,
        rtol=1e-7,
        atol=1e-10,
        hint="solve H u = g for every row without forming an inverse; for a stack of problems, check the shape "
        "np.linalg.solve documents for its second argument.",
    )
