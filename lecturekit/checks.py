"""Exercise checks: compare a learner's function with the reference on fresh random inputs.

Each check draws new random inputs every time it runs (an unseeded generator unless you
pass ``rng``), so an answer hard-coded for one input fails. On success it prints one line;
on failure it raises ``AssertionError`` with the input, what came back, what was expected
and a hint. The reference implementations are the package's own tested functions.
"""

from __future__ import annotations

import numpy as np

from . import convexity, critical, network


def _fmt(v) -> str:
    return np.array2string(np.asarray(v), precision=4, suppress_small=True, threshold=12)


def compare(learner, reference, draw, *, name: str, hint: str, trials: int = 20,
            rtol: float = 1e-9, atol: float = 1e-12, rng=None) -> None:
    """Call ``learner(*args)`` and ``reference(*args)`` on ``trials`` draws ``args = draw(rng)``.

    Raises ``AssertionError`` at the first mismatch (in value, shape, or a ``None`` result);
    prints a confirmation when all agree.
    """
    if not callable(learner):
        raise AssertionError(f"{name}: expected a function, got {type(learner).__name__}")
    rng = np.random.default_rng() if rng is None else rng
    for _ in range(trials):
        args = draw(rng)
        expected = np.asarray(reference(*args))
        got = learner(*args)
        if got is None:
            raise AssertionError(
                f"{name} returned None. Write the code between ### BEGIN SOLUTION and "
                "### END SOLUTION and make it return the result."
            )
        got = np.asarray(got)
        shown = ", ".join(_fmt(a) if isinstance(a, np.ndarray) else repr(a) for a in args)
        if got.shape != expected.shape:
            raise AssertionError(
                f"{name}({shown}) returned shape {got.shape}; expected shape {expected.shape}. Hint: {hint}"
            )
        same = (np.array_equal(got, expected) if expected.dtype.kind in "OUSb"
                else np.allclose(got, expected, rtol=rtol, atol=atol))
        if not same:
            raise AssertionError(
                f"{name}({shown}) returned {_fmt(got)}; expected {_fmt(expected)}. Hint: {hint}"
            )
    print(f"Correct: {name} matches the reference on {trials} fresh random inputs.")


def gradient_step(learner, rng=None) -> None:
    """Check ``learner(x, g, lr) -> x - lr * g`` for a batch x, g ``(B, d)`` and lr ``(B, 1)``."""

    def draw(r):
        B, d = r.integers(1, 6, size=2)
        return r.normal(size=(B, d)), r.normal(size=(B, d)), r.uniform(0.01, 1.0, size=(B, 1))

    compare(learner, lambda x, g, lr: x - lr * g, draw, name="gradient_step", rng=rng,
            hint="move against the gradient: x_new = x - lr * g, with lr broadcast over each row.")


def classify_2x2(learner, rng=None) -> None:
    """Check ``learner(H) -> labels`` for a batch of symmetric 2x2 Hessians ``(n, 2, 2)``.

    The learner returns an array of strings from ``critical.LABELS``.
    """

    def draw(r):
        n = int(r.integers(4, 12))
        H = r.normal(size=(n, 2, 2)).round(1)
        H = H + np.swapaxes(H, -1, -2)
        H[0] = [[1.0, 2.0], [2.0, 4.0]]  # determinant exactly 0: inconclusive
        return (H,)

    def reference(H):
        return np.array(critical.LABELS)[critical.classify_hessian(H, tol=1e-9)]

    compare(learner, reference, draw, name="classify_2x2", rng=rng,
            hint="for a symmetric 2x2 matrix, det = product and trace = sum of the eigenvalues: "
                 "det < 0 means a saddle, det > 0 with trace > 0 a minimum, with trace < 0 a maximum; "
                 "det == 0 (up to a tolerance) is inconclusive.")


def permute_hidden(learner, rng=None) -> None:
    """Check ``learner(params, perm) -> params`` that reorders the hidden units of a two-layer net."""

    def draw(r):
        d, h, o = (int(v) for v in r.integers(1, 6, size=3))
        return network.init_two_layer(r, d, h + 1, o), r.permutation(h + 1)

    def reference(params, perm):
        return np.concatenate([p.ravel() for p in network.permute_hidden(params, perm)])

    def flat(params, perm):
        out = learner(params, perm)
        return None if out is None else np.concatenate([np.asarray(p).ravel() for p in out])

    compare(flat, reference, draw, name="permute_hidden", rng=rng,
            hint="hidden unit i of the new network is unit perm[i] of the old one: reorder the rows "
                 "of W1 and the entries of b1 with perm, and the columns of W2 the same way; b2 stays.")


def chord_gap(learner, rng=None) -> None:
    """Check ``learner(f, a, b, t) -> t f(a) + (1 - t) f(b) - f(t a + (1 - t) b)``."""
    from .objectives.landscapes import bumpy

    f = bumpy()

    def draw(r):
        n = int(r.integers(2, 8))
        a, b = r.uniform(-3, 7, size=(2, n, 1))
        return f, a, b, r.uniform(0, 1, size=(n, 1))

    compare(learner, convexity.chord_gap, draw, name="chord_gap", rng=rng,
            hint="the chord's height at the mixing weight t is t f(a) + (1 - t) f(b); subtract the "
                 "function's value at the mixed point t a + (1 - t) b.")


def eigenpairs(learner, rng=None) -> None:
    """Check ``learner(A) -> (lam, U)`` for a batch of real 2x2 matrices ``(n, 2, 2)`` with real eigenvalues.

    ``lam`` ``(n, 2)`` sorted descending; ``U`` ``(n, 2, 2)`` with unit eigenvectors as columns.
    Eigenvectors are compared up to sign (the check applies `linalg.eigenpairs`'s sign rule to both).
    Every drawn matrix has ``A[:, 0, 1] != 0``, so u = (A[0, 1], lambda - A[0, 0]) is never zero.
    """
    from . import linalg

    def draw(r):
        n = int(r.integers(3, 9))
        lam = np.sort(r.uniform(-3, 3, size=(n, 2)), axis=-1)[:, ::-1] + [[0.5, 0.0]]  # distinct
        V = r.normal(size=(n, 2, 2))
        V[np.abs(np.linalg.det(V)) < 0.2] = [[1.0, 1.0], [0.0, 1.0]]  # keep V well conditioned
        A = V @ (lam[:, :, None] * np.linalg.inv(V))  # A = V diag(lam) V^-1: real eigenvalues, not symmetric
        A[np.abs(A[:, 0, 1]) < 0.1] = [[2.0, 3.0], [2.0, 1.0]]  # promise A[0, 1] != 0, as the exercise says
        return (A,)

    def canonical(out):
        lam, U = (np.asarray(v, dtype=float) for v in out)
        if U.shape[-2:] != (2, 2):
            return np.concatenate([lam.ravel(), U.ravel()])
        last = np.where(np.abs(U[..., 1, :]) > 1e-9, U[..., 1, :], U[..., 0, :])  # the sign rule of linalg
        return np.concatenate([lam.ravel(), (U * np.sign(last)[..., None, :]).ravel()])

    def flat(A):
        out = learner(A)
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 2):
            raise AssertionError("eigenpairs must return a pair (lam, U): eigenvalues and eigenvectors as columns")
        return canonical(out)

    compare(flat, lambda A: canonical(linalg.eigenpairs(A)), draw, name="eigenpairs", rng=rng, rtol=1e-7,
            atol=1e-9,
            hint="the eigenvalues solve lambda^2 - trace(A) lambda + det(A) = 0 (largest first); for each, "
                 "(A - lambda I) u = 0 gives u = (A[0, 1], lambda - A[0, 0]) from its first row; divide by its length so that ||u|| = 1.")


def directional_curvature(learner, rng=None) -> None:
    """Check ``learner(H, d) -> d^T H d`` for symmetric ``H`` ``(n, k, k)`` and unit directions ``d`` ``(n, k)``."""
    from . import curvature

    def draw(r):
        n, k = int(r.integers(2, 9)), int(r.integers(2, 5))
        A = r.normal(size=(n, k, k))
        d = r.normal(size=(n, k))
        return A + np.swapaxes(A, -1, -2), d / np.linalg.norm(d, axis=-1, keepdims=True)

    compare(learner, curvature.directional_curvature, draw, name="directional_curvature", rng=rng,
            hint="for each row, sum over i and j of d_i H_ij d_j: e.g. np.einsum('ni,nij,nj->n', d, H, d). "
                 "Multiplying H @ d needs d as a column (d[..., None]).")


def optimal_step(learner, rng=None) -> None:
    """Check ``learner(g, H) -> g^T g / g^T H g`` (``inf`` where g^T H g <= 0) for a batch ``(n, k)``, ``(n, k, k)``."""
    from . import taylor

    def draw(r):
        n, k = int(r.integers(4, 10)), int(r.integers(2, 4))
        A = r.normal(size=(n, k, k))
        H = A + np.swapaxes(A, -1, -2)  # indefinite ones included
        H[0] = A[0] @ A[0].T + np.eye(k)  # one positive definite
        H[1] = -(A[1] @ A[1].T) - np.eye(k)  # one negative definite: the answer is inf
        return r.normal(size=(n, k)), H

    compare(learner, taylor.optimal_step, draw, name="optimal_step", rng=rng,
            hint="eps* = (g.g) / (g^T H g) where g^T H g > 0; where the curvature along g is zero or "
                 "negative, the model falls forever along -g, so return np.inf (np.where helps).")


def best_step_and_rate(learner, rng=None) -> None:
    """Check ``learner(lam) -> (eps, rho)``: eps = 2 / (lam_min + lam_max) and rho = (kappa - 1) / (kappa + 1)
    for positive eigenvalues ``lam`` ``(n, k)`` (each row one matrix); both results ``(n,)``."""
    from . import conditioning

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

    compare(flat, reference, draw, name="best_step_and_rate", rng=rng,
            hint="use the smallest and the largest eigenvalue of each row (axis=-1): eps = 2 / (lam_min + lam_max), "
                 "kappa = lam_max / lam_min and rho = (kappa - 1) / (kappa + 1).")


def coordinate_regimes(learner, rng=None) -> None:
    """Check ``learner(lr, a) -> codes`` ``(B, d)``: 0 converges (eps <= 1/a), 1 oscillates, 2 does not
    converge (eps >= 2/a), for step sizes ``lr`` ``(B,)`` and positive curvatures ``a`` ``(d,)``."""
    from . import conditioning

    def draw(r):
        a = 10.0 ** r.uniform(-1, 2, size=int(r.integers(2, 6)))
        lr = np.concatenate([10.0 ** r.uniform(-3, 1, size=int(r.integers(3, 8))), [1 / a[0], 2 / a[-1]]])
        return lr, a

    compare(learner, conditioning.coordinate_regimes, draw, name="coordinate_regimes", rng=rng,
            hint="each coordinate is multiplied by r = 1 - lr * a per step (lr[:, None] * a gives (B, d)): "
                 "r >= 0 converges without flipping, -1 < r < 0 oscillates, r <= -1 does not converge.")


def hessian_vector_product(learner, rng=None) -> None:
    """Check ``learner(grad, x, v, h) -> (grad(x + h v) - grad(x - h v)) / (2 h)`` for points and
    directions ``(n, d)`` and the gradient of a logistic regression."""
    from .objectives import logistic_regression, make_classification

    def draw(r):
        data = make_classification(r, n=50, separation=1.0, dim=int(r.integers(2, 5)))
        f = logistic_regression(data.X, data.y)
        n = int(r.integers(2, 6))
        return f.grad, r.normal(size=(n, f.dim)), r.normal(size=(n, f.dim)), 1e-5

    def reference(grad, x, v, h):
        return (grad(x + h * v) - grad(x - h * v)) / (2 * h)

    compare(learner, reference, draw, name="hessian_vector_product", rng=rng, rtol=1e-6, atol=1e-9,
            hint="two gradient calls: at x + h v and at x - h v; their difference divided by 2h "
                 "(no Hessian needed, whatever the dimension).")


def newton_step(learner, rng=None) -> None:
    """Check ``learner(g, H) -> u`` with ``H u = g`` for a batch ``(n, d)``, ``(n, d, d)`` (the step is -u)."""

    def draw(r):
        n, d = int(r.integers(2, 7)), int(r.integers(2, 5))
        A = r.normal(size=(n, d, d))
        return r.normal(size=(n, d)), A @ np.swapaxes(A, -1, -2) + np.eye(d)

    compare(learner, lambda g, H: np.linalg.solve(H, g[..., None])[..., 0], draw, name="newton_step", rng=rng,
            rtol=1e-7, atol=1e-10,
            hint="solve H u = g for every row, e.g. np.linalg.solve(H, g[..., None])[..., 0]; "
                 "never form the inverse explicitly.")


# --------------------------------------------------------------------------- SGD and sampling


def estimated_standard_error(learner, rng=None) -> None:
    """Check ``learner(x) -> s / sqrt(N)`` per row of samples ``x`` ``(B, N)`` (s with ddof = 1)."""
    from . import sampling

    def draw(r):
        B, N = int(r.integers(1, 6)), int(r.integers(2, 40))
        return (r.normal(r.normal(), r.uniform(0.5, 3.0), size=(B, N)),)

    compare(learner, sampling.estimated_standard_error, draw, name="standard_error", rng=rng,
            hint="per row: the sample standard deviation with ddof=1 (divide by N - 1), divided by sqrt(N), "
                 "where N = x.shape[-1]; x.std(axis=-1, ddof=1) does the first part.")


def minibatch_gradient(learner, rng=None) -> None:
    """Check ``learner(G, idx) -> G[idx].mean(axis=1)`` for ``G`` ``(n, d)`` and ``idx`` ``(B, m)``."""

    def draw(r):
        n, d, B, m = (int(v) for v in r.integers(2, 9, size=4))
        return r.normal(size=(n, d)), r.integers(0, n, size=(B, m))

    compare(learner, lambda G, idx: G[idx].mean(axis=1), draw, name="minibatch_gradient", rng=rng,
            hint="G[idx] has shape (B, m, d): the gradients of each minibatch's examples; average over the "
                 "minibatch axis (axis=1).")


def linear_decay(learner, rng=None) -> None:
    """Check ``learner(k, eps0, eps_tau, tau)`` against `schedules.linear_decay` (Goodfellow et al., eq. 8.14)."""
    from . import schedules

    def draw(r):
        tau = int(r.integers(1, 60))
        eps0 = float(r.uniform(0.01, 1.0))
        return np.sort(r.integers(0, 3 * tau + 2, size=8)), eps0, eps0 * float(r.uniform(0.0, 0.2)), tau

    compare(learner, lambda k, e0, et, tau: schedules.linear_decay(e0, et, tau)(k), draw, name="linear_decay",
            rng=rng, hint="alpha = k / tau, capped at 1 for k > tau (np.minimum); then "
                          "(1 - alpha) * eps0 + alpha * eps_tau.")


def loglog_slope(learner, rng=None) -> None:
    """Check ``learner(k, err)`` against `rates.loglog_slope` on noisy power laws err = C k^-a."""
    from . import rates

    def draw(r):
        k = np.unique(np.round(np.geomspace(1, r.integers(50, 5000), int(r.integers(5, 30)))))
        err = r.uniform(0.1, 10) * k ** -r.uniform(0.2, 2.0) * np.exp(0.1 * r.normal(size=k.size))
        return k, err

    compare(learner, rates.loglog_slope, draw, name="loglog_slope", rng=rng, rtol=1e-7, atol=1e-9,
            hint="take u = log(k), v = log(err); the least-squares slope is "
                 "sum((u - u.mean()) * (v - v.mean())) / sum((u - u.mean())**2).")
