r"""Conditioning: how the spread of curvatures limits gradient descent, and what rescaling does.

For a positive definite Hessian (or quadratic matrix) A with eigenvalues
:math:`0 < \lambda_{\min} \le \dots \le \lambda_{\max}`, gradient descent with a fixed step
:math:`\epsilon` on :math:`f(x) = \tfrac12 (x - x^*)^\top A (x - x^*)` multiplies the error by
:math:`I - \epsilon A`:

.. math::  x_{k+1} - x^* = (I - \epsilon A)(x_k - x^*), \qquad
           \lVert x_k - x^* \rVert \le \rho(\epsilon)^k \lVert x_0 - x^* \rVert,
           \quad \rho(\epsilon) = \max_i |1 - \epsilon \lambda_i|.

The best fixed step :math:`\epsilon^* = 2 / (\lambda_{\min} + \lambda_{\max})` balances the two
extreme eigen-directions and gives :math:`\rho^* = (\kappa - 1)/(\kappa + 1)` with the condition
number :math:`\kappa = \lambda_{\max}/\lambda_{\min}`. Steepest descent with exact line search
has the same rate, measured in the A-norm (Nocedal & Wright, *Numerical Optimization*, 2nd ed.,
2006, theorem 3.3 and eq. 3.29). Goodfellow, Bengio & Courville, *Deep Learning*, 2016,
sections 4.2 (the condition number :math:`\max_{i,j} |\lambda_i / \lambda_j|`), 4.3.1 and
8.2.1 (ill-conditioning and the terms :math:`\epsilon g^\top g` and
:math:`\tfrac12 \epsilon^2 g^\top H g`).

Everything is batch-first: matrices ``(..., d, d)``, eigenvalues ``(..., d)``, points
``(..., d)``; step sizes broadcast against the batch.
"""

from __future__ import annotations

import numpy as np

from . import validate
from .objectives.base import Objective

#: Codes of `coordinate_regimes`, in code order.
MONOTONE, OSCILLATING, DIVERGING = 0, 1, 2
COORDINATE_REGIMES = ("converges", "oscillates", "does not converge")


def _matrices(A, name: str) -> np.ndarray:
    A = validate.real_array("A", A, what="square matrices: an array of real numbers")
    if A.ndim < 2 or A.shape[-1] != A.shape[-2] or A.shape[-1] == 0:
        raise ValueError(f"A must be square matrices shaped (..., d, d) for {name}; got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"A must be finite matrices (no nan or inf) for {name}")
    if A.size and np.abs(A).max() > 1e150:
        raise ValueError(f"A must have entries of magnitude <= 1e150 for {name} (its products must stay finite)")
    return A


def _positive_eigenvalues(eigenvalues, name: str, arg: str = "eigenvalues") -> np.ndarray:
    lam = validate.real_array(arg, eigenvalues)
    if lam.ndim == 0 or lam.shape[-1] == 0:
        raise ValueError(f"{arg} must be shaped (..., d) with d >= 1 for {name}; got shape {lam.shape}")
    if not np.all(np.isfinite(lam) & (lam > 0)):
        raise ValueError(f"{arg} must be positive and finite for {name} (a positive definite matrix); got {lam}")
    return lam


def _positive(value, name: str) -> np.ndarray:
    return np.asarray(validate.positive(name, value))


def _against(name: str, value, lam) -> None:
    """Check that a per-matrix ``value`` (e.g. lr) broadcasts against the batch shape of ``lam`` (..., d)."""
    try:
        np.broadcast_shapes(np.shape(value) + (1,), lam.shape)
    except ValueError:
        raise ValueError(
            f"{name} {np.shape(value)} must broadcast against the batch shape {lam.shape[:-1]} of the eigenvalues"
        ) from None


def condition_number(A) -> np.ndarray:
    r"""The condition number :math:`\kappa = \max_i |\lambda_i| / \min_i |\lambda_i|` of symmetric ``A``.

    ``A`` is ``(..., d, d)`` (only its symmetric part is used, through ``np.linalg.eigvalsh``);
    returns ``(...)``. For a positive definite matrix this is :math:`\lambda_{\max}/\lambda_{\min}`;
    a singular matrix gives ``inf``. Convention of Goodfellow et al., section 4.2.
    """
    A = _matrices(A, "condition_number")
    mags = np.abs(np.linalg.eigvalsh((A + np.swapaxes(A, -1, -2)) / 2))
    lo, hi = mags.min(axis=-1), mags.max(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(lo > 0, hi / np.where(lo > 0, lo, 1.0), np.inf)


def best_step(eigenvalues) -> np.ndarray:
    r"""The fixed step :math:`\epsilon^* = 2 / (\lambda_{\min} + \lambda_{\max})` that minimizes :math:`\rho(\epsilon)`.

    ``eigenvalues`` ``(..., d)``, all > 0; returns ``(...)``.
    """
    lam = _positive_eigenvalues(eigenvalues, "best_step")
    with np.errstate(over="ignore"):  # λ_min + λ_max beyond float range: the step is 0
        return 2.0 / (lam.min(axis=-1) + lam.max(axis=-1))


def contraction_factor(lr, eigenvalues) -> np.ndarray:
    r"""The factor :math:`\rho(\epsilon) = \max_i |1 - \epsilon \lambda_i|` by which a step shrinks the error.

    It is the spectral norm of :math:`I - \epsilon A`, so
    :math:`\lVert x_{k+1} - x^*\rVert \le \rho \lVert x_k - x^*\rVert`, with equality when the error
    lies along the eigenvector that attains the maximum. ``lr`` broadcasts against the batch
    shape of ``eigenvalues`` ``(..., d)`` (all > 0); ``rho >= 1`` means no convergence.
    """
    lam = _positive_eigenvalues(eigenvalues, "contraction_factor")
    lr = _positive(lr, "lr")
    _against("lr", lr, lam)
    with np.errstate(over="ignore"):
        return np.max(np.abs(1.0 - lr[..., None] * lam), axis=-1)


def optimal_rate(kappa) -> np.ndarray:
    r"""The rate :math:`\rho^* = (\kappa - 1)/(\kappa + 1)` of gradient descent at the best fixed step.

    ``kappa`` >= 1 (any shape). Equals :math:`\rho(\epsilon^*)` for eigenvalues with ratio
    :math:`\kappa`; tends to 1 like :math:`1 - 2/\kappa` for large :math:`\kappa`.
    """
    k = np.asarray(validate.in_range("kappa", kappa, 1.0, np.inf))
    return (k - 1.0) / (k + 1.0)


def predicted_steps(rate, error0, tol) -> np.ndarray:
    r"""The smallest k with :math:`\rho^k e_0 \le \text{tol}`: :math:`\lceil \ln(\text{tol}/e_0) / \ln \rho \rceil`.

    This is the step count the bound :math:`\lVert x_k - x^*\rVert \le \rho^k e_0` guarantees
    (an upper bound on the measured count; exact when every component of the error shrinks
    by exactly :math:`\rho`). 0 where :math:`e_0 \le` tol, 1 where :math:`\rho = 0`, -1 (never)
    where :math:`\rho \ge 1`. ``rate`` >= 0, ``error0`` >= 0 and ``tol`` > 0 broadcast;
    returns an int array.
    """
    rate = np.asarray(validate.nonnegative("rate", rate))
    error0 = np.asarray(validate.nonnegative("error0", error0))
    tol = _positive(tol, "tol")
    try:
        rate, error0, tol = np.broadcast_arrays(rate, error0, tol)
    except ValueError:
        raise ValueError(f"rate {rate.shape}, error0 {error0.shape} and tol {tol.shape} must broadcast") from None
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.ceil(np.log(tol / error0) / np.log(rate) - 1e-12)
    k = np.where(rate == 0, 1, k)
    k = np.where(rate >= 1, -1, k)
    k = np.where(error0 <= tol, 0, k)
    return k.astype(int)


def coordinate_rates(diagonal) -> np.ndarray:
    r"""Each coordinate's own best step :math:`\epsilon_i = 1 / a_{ii}` for a diagonal quadratic.

    For :math:`f(x) = \tfrac12 \sum_i a_{ii} x_i^2` the step :math:`\epsilon_i` solves coordinate i
    in one step; ``diagonal`` ``(..., d)`` must be positive.
    """
    return 1.0 / _positive_eigenvalues(diagonal, "coordinate_rates", "diagonal")


def coordinate_regimes(lr, diagonal) -> np.ndarray:
    r"""What one step size does to each coordinate of :math:`\tfrac12 \sum_i a_{ii} x_i^2`; codes ``(..., d)``.

    Coordinate i is multiplied by :math:`1 - \epsilon a_{ii}` per step, so with
    :math:`\epsilon_i = 1/a_{ii}`:

    * ``MONOTONE`` for :math:`\epsilon \le \epsilon_i` (it shrinks without changing sign;
      at :math:`\epsilon = \epsilon_i` it is solved in one step),
    * ``OSCILLATING`` for :math:`\epsilon_i < \epsilon < 2\epsilon_i` (it flips sign and shrinks),
    * ``DIVERGING`` for :math:`\epsilon \ge 2\epsilon_i` (it grows; at exactly
      :math:`2\epsilon_i` it bounces between :math:`\pm x_{i,0}` and never converges).

    ``lr`` ``(...)`` broadcasts against the batch shape of ``diagonal`` ``(..., d)``: a sweep
    ``lr`` of shape ``(B,)`` against one ``(d,)`` diagonal gives ``(B, d)``. Goodfellow et al.,
    section 4.3.1.
    """
    a = _positive_eigenvalues(diagonal, "coordinate_regimes", "diagonal")
    lr = _positive(lr, "lr")
    _against("lr", lr, a)
    with np.errstate(over="ignore"):
        factor = 1.0 - lr[..., None] * a
    codes = np.where(factor >= 0, MONOTONE, OSCILLATING)
    return np.where(factor <= -1, DIVERGING, codes).astype(np.int8)


def rescaled(A) -> np.ndarray:
    r"""The matrix :math:`D^{-1/2} A D^{-1/2}`, :math:`D = \operatorname{diag}(A)`: A with every coordinate rescaled.

    Substituting :math:`x = D^{-1/2} z` turns :math:`\tfrac12 x^\top A x` into
    :math:`\tfrac12 z^\top D^{-1/2} A D^{-1/2} z`, whose diagonal is all ones. For the
    least-squares Hessian :math:`X^\top X / n` of centered features this is exactly what
    standardizing the features does (it becomes their correlation matrix; LeCun, Bottou, Orr
    & Müller, "Efficient BackProp", 1998, section 4.3). A diagonal A becomes I; a rotated one does
    not. ``A`` ``(..., d, d)`` with a positive diagonal.
    """
    A = _matrices(A, "rescaled")
    diag = np.diagonal(A, axis1=-2, axis2=-1)
    if not np.all(diag > 0):
        raise ValueError(f"A must have a positive diagonal for rescaled (a positive definite matrix); got {diag}")
    s = 1.0 / np.sqrt(diag)
    return A * s[..., :, None] * s[..., None, :]


def level_ellipses(A, values, n: int = 121, center=None) -> np.ndarray:
    r"""Points on the level sets :math:`\tfrac12 (x - c)^\top A (x - c) = v` of a positive definite 2x2 ``A``.

    With :math:`A = U \Lambda U^\top` the level set is :math:`c + U \Lambda^{-1/2} \sqrt{2v}\,(\cos t, \sin t)`.
    ``A`` ``(..., 2, 2)``, ``values`` ``(k,)`` > 0; returns ``(..., k, n, 2)``, ready to draw
    as closed curves (the first and last point coincide).
    """
    A = _matrices(A, "level_ellipses")
    if A.shape[-1] != 2:
        raise ValueError(f"A must be 2x2 matrices: level_ellipses draws 2-D level sets; got shape {A.shape}")
    scale = np.abs(A).max(axis=(-2, -1), keepdims=True)
    if not np.all(np.abs(A - np.swapaxes(A, -1, -2)) <= 1e-10 * scale):
        raise ValueError(
            "A must be symmetric for level_ellipses (a quadratic form's level sets depend on (A + A^T)/2; pass that)"
        )
    values = _positive(values, "values").reshape(-1)
    n = validate.integer("n", n, 3)
    validate.elements("n", A.shape[:-2] + (values.size, n, 2))
    c = np.zeros(2) if center is None else validate.real_array("center", center, finite=True)
    if c.shape[-1:] != (2,):
        raise ValueError(f"center must be a 2-D point shaped (2,); got shape {c.shape}")
    lam, U = np.linalg.eigh(A)
    if not np.all(lam > 0):
        raise ValueError(f"A must be positive definite for level_ellipses (level sets are ellipses); eigenvalues {lam}")
    t = np.linspace(0.0, 2.0 * np.pi, n)
    circle = np.stack([np.cos(t), np.sin(t)], -1)  # (n, 2)
    with np.errstate(over="ignore", invalid="ignore"):  # a level beyond float range: ±inf points
        radii = np.sqrt(2.0 * values)[:, None, None] * circle  # (k, n, 2)
        axes = U / np.sqrt(lam)[..., None, :]  # columns u_i / sqrt(lambda_i)
        pts = np.einsum("...ij,knj->...kni", axes, radii)
        return pts + c


def whiten(X):
    r"""Decorrelate and scale the columns of ``X`` (n, d): ``(W, mean, T)`` with :math:`W = (X - \mu)\,T`.

    :math:`T = C^{-1/2}` for the covariance :math:`C = \frac1n (X - \mu)^\top (X - \mu)` (the
    symmetric "ZCA" square root, from ``np.linalg.eigh``), so :math:`\frac1n W^\top W = I`: the
    least-squares Hessian of W is the identity, κ = 1, which standardizing (dividing each column
    by its own standard deviation) cannot reach when the columns are correlated. LeCun et al.,
    "Efficient BackProp", 1998, section 4.3 (decorrelate the inputs). A singular C is rejected.
    """
    X = validate.real_array("X", X, finite=True)
    if X.ndim != 2 or X.shape[0] < 2 or X.shape[1] < 1:
        raise ValueError(f"X must be a finite 2-D array (n >= 2 examples, d >= 1 features); got shape {X.shape}")
    validate.elements("X", (X.shape[1], X.shape[1]))
    with np.errstate(over="ignore", invalid="ignore"):
        mean = X.mean(axis=0)
        C = (X - mean).T @ (X - mean) / X.shape[0]
    if not np.all(np.isfinite(C)):
        raise ValueError("X has entries so large that its covariance overflows (above about 1e150): rescale X first")
    vals, vecs = np.linalg.eigh(C)
    if vals.min() <= 1e-12 * max(vals.max(), 1e-300):
        raise ValueError("the columns of X are linearly dependent (singular covariance): cannot whiten")
    T = (vecs / np.sqrt(vals)) @ vecs.T
    return (X - mean) @ T, mean, T


def quadratic_batch(eigenvalues, angles=None, basis=None) -> Objective:
    r"""B quadratics :math:`f_b(x) = \tfrac12 x^\top A_b x` side by side, one per row of a batch.

    ``eigenvalues`` ``(B, d)``; ``angles`` ``(B,)`` radians rotate 2-D ones
    (:math:`A_b = R(\text{angle}_b) \operatorname{diag}(\lambda_b) R(\text{angle}_b)^\top`, as in
    `objectives.quadratic`); or one orthogonal ``basis`` ``(d, d)`` shared by all rows, in any d
    (:math:`A_b = Q \operatorname{diag}(\lambda_b) Q^\top`). The returned `Objective` takes points ``(..., B, d)``: row b is
    evaluated with :math:`A_b`, so ``optim.run(opt, f, x0)`` with ``x0`` ``(B, d)`` runs B
    different quadratics in one batched call. Its ``minimizers`` is the origin.
    """
    lam = validate.real_array("eigenvalues", eigenvalues, finite=True)
    if lam.ndim != 2 or lam.shape[0] == 0 or lam.shape[1] == 0 or np.abs(lam).max() > 1e100:
        raise ValueError(
            f"eigenvalues must be a finite array shaped (B, d), entries of magnitude <= 1e100; got shape {lam.shape}"
        )
    B, d = lam.shape
    validate.elements("eigenvalues", (B, d, d))
    if angles is not None and basis is not None:
        raise ValueError("give either angles (2-D rotations) or one basis (any d), not both")
    if basis is not None:
        Q = validate.real_array("basis", basis, finite=True)
        if Q.shape != (d, d) or not np.allclose(Q.T @ Q, np.eye(d), atol=1e-10):
            raise ValueError(f"basis must be an orthogonal ({d}, {d}) matrix; got shape {Q.shape}")
        A = np.einsum("ij,bj,kj->bik", Q, lam, Q)
        A = (A + np.swapaxes(A, -1, -2)) / 2
    elif angles is None:
        A = np.zeros((B, d, d))
        A[:, np.arange(d), np.arange(d)] = lam
    else:
        angles = validate.real_array("angles", angles, finite=True)
        if d != 2 or angles.shape != (B,) or not np.all(np.isfinite(angles)):
            raise ValueError(
                f"angles rotate 2-D quadratics: need eigenvalues shaped (B, 2) and one finite angle per row, "
                f"shape ({B},); got eigenvalues of shape {lam.shape} and angles of shape {angles.shape}"
            )
        c, s = np.cos(angles), np.sin(angles)
        R = np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)  # (B, 2, 2)
        A = np.einsum("bij,bj,bkj->bik", R, lam, R)
        A = (A + np.swapaxes(A, -1, -2)) / 2
    A.setflags(write=False)

    def _rows(x):
        if x.ndim < 2 or x.shape[-2] != B:
            raise ValueError(f"this batch of {B} quadratics takes points shaped (..., {B}, {d}); got {x.shape}")
        return x

    def value(x):
        x = _rows(x)
        return 0.5 * np.einsum("...bi,bij,...bj->...b", x, A, x)

    def grad(x):
        return np.einsum("bij,...bj->...bi", A, _rows(x))

    def hess(x):
        return np.broadcast_to(A, _rows(x).shape + (d,)).copy()

    return Objective(
        f"{B} quadratics", d, value, grad, hess, bounds=((-3.0, 3.0),) * d, minimizers=np.zeros((1, d)), minimum=0.0
    )


def gd_error_components(eigenvalues, coefficients, lr, k) -> np.ndarray:
    r"""The error of gradient descent on a quadratic after k steps, in the eigenbasis, in closed form.

    On :math:`\tfrac12 (x - x^*)^\top A (x - x^*)` with :math:`A = U \operatorname{diag}(\lambda) U^\top`,
    the step :math:`x \leftarrow x - \epsilon A (x - x^*)` multiplies the eigen-component
    :math:`c_i = u_i^\top (x_0 - x^*)` by :math:`1 - \epsilon\lambda_i` each time, so after k steps

    .. math:: u_i^\top (x_k - x^*) = (1 - \epsilon \lambda_i)^k c_i

    (the recursion at the top of this module, iterated). ``eigenvalues`` and ``coefficients``
    ``(..., d)``, ``lr`` broadcasting against the batch shape ``(...)``, integer steps ``k``
    ``(K,)``; returns ``(K, ..., d)``. Rotate back with ``U`` to get the iterates themselves.
    """
    lam, c, lr = _gd_inputs(eigenvalues, coefficients, lr)
    k = validate.integer_array("k", k, 0)
    if k.ndim != 1:
        raise ValueError(f"k must be a 1-D array of integers >= 0; got shape {k.shape}")
    with np.errstate(over="ignore", invalid="ignore"):
        r = 1.0 - lr[..., None] * lam
        batch = np.broadcast_shapes(r.shape, c.shape)
    validate.elements("k", (k.size,) + batch)
    shape = (-1,) + (1,) * len(batch)  # k along a new first axis, in front of the whole batch
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        return np.power(r, k.reshape(shape)) * c


def _gd_inputs(eigenvalues, coefficients, lr):
    """Eigenvalues and coefficients ``(..., d)``, finite, and a positive ``lr`` broadcasting against them."""
    lam = validate.real_array("eigenvalues", eigenvalues, finite=True)
    c = validate.real_array("coefficients", coefficients, finite=True)
    if lam.ndim == 0 or c.shape[-1:] != lam.shape[-1:]:
        raise ValueError(
            f"eigenvalues and coefficients must be shaped (..., d) with the same d; got {lam.shape}, {c.shape}"
        )
    lr = np.asarray(validate.positive("lr", lr))
    try:
        np.broadcast_shapes(lr.shape + (1,), lam.shape, c.shape)
    except ValueError:
        raise ValueError(
            f"lr {lr.shape}, eigenvalues {lam.shape} and coefficients {c.shape} must broadcast "
            "(lr against the batch shape, without the last axis d)"
        ) from None
    return lam, c, lr


#: The largest ``max_steps`` of `gd_steps_to_tolerance` (its bisection needs k·log r² in range).
MAX_GD_STEPS = 10**15


def gd_steps_to_tolerance(eigenvalues, coefficients, lr, tol, max_steps: int) -> np.ndarray:
    r"""The first k with :math:`\lVert x_k - x^*\rVert \le` tol for gradient descent on a quadratic, exactly.

    :math:`\lVert x_k - x^*\rVert^2 = \sum_i c_i^2 (1 - \epsilon\lambda_i)^{2k}` (`gd_error_components`;
    U is orthogonal). Where every nonzero :math:`c_i` has :math:`|1 - \epsilon\lambda_i| < 1` this
    is non-increasing in k, and the first k is found by bisection over ``0 .. max_steps``; -1 if
    it is not reached by ``max_steps``, and -1 wherever some nonzero component has
    :math:`|1 - \epsilon\lambda_i| \ge 1` (that component never shrinks: the run does not
    converge). Same convention as `optim.steps_to_tolerance` with ``x_star``, which it equals
    on runs of `optim.run` (see the tests). Shapes as in `gd_error_components`; returns ``(...)`` ints.
    """
    lam, c, lr = _gd_inputs(eigenvalues, coefficients, lr)
    tol = validate.positive("tol", tol, scalar=True)
    max_steps = validate.integer("max_steps", max_steps, 0, MAX_GD_STEPS)
    with np.errstate(over="ignore", invalid="ignore"):  # a huge lr or eigenvalue: |r| = inf, no convergence
        r = 1.0 - lr[..., None] * lam
        r, c2 = np.broadcast_arrays(r, c * c)
    validate.elements("eigenvalues", r.shape)
    converges = np.all((np.abs(r) < 1) | (c2 == 0), axis=-1)
    with np.errstate(over="ignore", invalid="ignore"):  # r² = inf where a run does not converge anyway
        log_r2 = np.log(np.where(np.abs(r) > 0, r * r, 1.0))  # r = 0: the component vanishes after one step

    def dist2(k):  # ||x_k - x*||^2 at integer k (...), elementwise
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            terms = np.where(np.abs(r) > 0, c2 * np.exp(k[..., None] * log_r2), np.where(k[..., None] == 0, c2, 0.0))
        return terms.sum(axis=-1)

    lo = np.zeros(converges.shape, dtype=np.int64)  # invariant: the answer lies in [lo, hi]
    hi = np.full(converges.shape, max_steps, dtype=np.int64)
    reached = converges & (dist2(hi) <= tol * tol)
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        ok = dist2(mid) <= tol * tol
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, np.minimum(mid + 1, hi))
    return np.where(reached, hi, -1)


# --------------------------------------------------------------------------- curvature along training


def hvp(f, x, v) -> np.ndarray:
    r"""The Hessian-vector product :math:`H(x)\,v` from the exact Hessian ``f.hess``.

    ``x`` and ``v`` ``(..., d)`` broadcast; returns ``(..., d)``. (For large d one would use
    Pearlmutter's R-operator, 1994, and never form H; here d is small.)
    """
    x, v = _points(f, "hvp", x=x, v=v)
    with np.errstate(invalid="ignore", over="ignore"):  # nan or inf propagate
        return np.einsum("...ij,...j->...i", f.hess(x), v)


def _points(f, name, **points):
    validate.objective("f", f, needs=("grad", "hess"))
    out = [validate.points(k, p, f.dim, where=f"{name} of {getattr(f, 'name', 'f')}") for k, p in points.items()]
    try:
        np.broadcast_shapes(*(p.shape for p in out))
    except ValueError:
        raise ValueError(
            f"{' and '.join(points)} must have broadcastable shapes; got {[p.shape for p in out]}"
        ) from None
    return out


def hvp_fd(f, x, v, h: float = 1e-5) -> np.ndarray:
    r"""The Hessian-vector product by central differences of the gradient, without forming H:

    .. math::  H v \approx \frac{\nabla f(x + h v) - \nabla f(x - h v)}{2h},

    error :math:`O(h^2 \lVert v\rVert^3)` (Nocedal & Wright, section 8.1, uses the one-sided
    version). Two gradient evaluations, whatever d. ``x``, ``v`` ``(..., d)``.
    """
    h = validate.step_size("h", h)
    x, v = _points(f, "hvp_fd", x=x, v=v)
    with np.errstate(invalid="ignore", over="ignore"):  # nan or inf propagate
        return (f.grad(x + h * v) - f.grad(x - h * v)) / (2.0 * h)


def gradient_curvature(f, x, method: str = "exact", h: float = 1e-5):
    r"""The two numbers to monitor during training: :math:`g^\top g` and :math:`g^\top H g` at ``x``.

    ``x`` ``(..., d)`` (e.g. a whole trajectory ``(T+1, B, d)``); returns ``(gg, gHg)``, each
    ``(...)``. ``method`` is ``"exact"`` (`hvp`) or ``"fd"`` (`hvp_fd` with step ``h``, scaled
    by :math:`\lVert g\rVert` so that h is a step in x). A gradient step of size
    :math:`\epsilon` changes f by about :math:`-\epsilon g^\top g + \tfrac12 \epsilon^2 g^\top H g`
    (Goodfellow et al., eq. 8.10).
    """
    method = validate.choice("method", method, ("exact", "fd"))
    h = validate.step_size("h", h)
    (x,) = _points(f, "gradient_curvature", x=x)
    g = f.grad(x)
    with np.errstate(invalid="ignore", over="ignore"):  # nan or inf propagate
        gg = np.sum(g * g, axis=-1)
        if method == "exact":
            Hg = hvp(f, x, g)
        else:
            norm = np.sqrt(gg)[..., None]
            unit = g / np.where(norm > 0, norm, 1.0)
            Hg = hvp_fd(f, x, unit, h) * norm
        return gg, np.sum(g * Hg, axis=-1)


def overshoot_step(gg, gHg) -> np.ndarray:
    r"""The step above which the second-order model predicts a rise along :math:`-g`: :math:`2 g^\top g / g^\top H g`.

    :math:`\tfrac12 \epsilon^2 g^\top H g > \epsilon g^\top g` exactly when
    :math:`\epsilon > 2 g^\top g / g^\top H g`. ``inf`` where :math:`g^\top H g \le 0` (the model
    falls for every step); ``gg`` >= 0 and ``gHg`` broadcast.
    """
    gg = validate.real_array("gg", gg)
    gHg = validate.real_array("gHg", gHg)
    if np.any(gg < 0):
        raise ValueError("gg must be >= 0 (it is a squared norm)")
    try:
        np.broadcast_shapes(gg.shape, gHg.shape)
    except ValueError:
        raise ValueError(f"gg {gg.shape} and gHg {gHg.shape} must broadcast") from None
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # nan propagates, as nan
        out = np.where(gHg > 0, 2.0 * gg / np.where(gHg > 0, gHg, 1.0), np.inf)
        return np.where(np.isnan(gg) | np.isnan(gHg), np.nan, out)


def damped_newton_factor(eigenvalues, damping, lr=1.0) -> np.ndarray:
    r"""The factor by which a damped Newton step multiplies the error along each eigenvector of a quadratic.

    On :math:`\tfrac12 (x - c)^\top H (x - c)` the step :math:`-\epsilon (H + \lambda I)^{-1} g`
    (Goodfellow et al., eq. 8.28, the regularized form of the Newton step of eq. 8.27) maps the error component along the eigenvector with eigenvalue
    h to :math:`(1 - \epsilon h / (h + \lambda))` times itself (:math:`\lambda/(h + \lambda)` at ε = 1): 0 for
    pure Newton (λ = 0, ε = 1) whatever the sign of h, so Newton jumps to *any* critical point, a saddle
    included. For h < 0 and ε = 1 the modulus passes 1 at λ = |h|/2 (the saddle starts to repel) and the
    step is a descent direction only for λ > |h|.
    A factor of modulus < 1 pulls the iterates toward c, > 1 pushes them away; where
    h + λ = 0 the damped Hessian is singular and the result is ``nan``.
    ``eigenvalues`` ``(..., d)`` (any sign), ``damping`` >= 0 and ``lr`` > 0 broadcast against
    the batch shape; returns ``(..., d)``. Dauphin et al., 2014, section 4.
    """
    h = validate.real_array("eigenvalues", eigenvalues, finite=True)
    if h.ndim == 0 or h.shape[-1] == 0:
        raise ValueError(f"eigenvalues must be shaped (..., d) with d >= 1; got shape {h.shape}")
    lam = np.asarray(validate.nonnegative("damping", damping))
    lr = _positive(lr, "lr")
    _against("damping", lam, h)
    _against("lr", lr, h)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        denom = h + lam[..., None]
        return np.where(denom != 0, 1.0 - lr[..., None] * h / np.where(denom != 0, denom, 1.0), np.nan)


# --------------------------------------------------------------------------- cost of a step


def step_flops(n, d) -> dict:
    r"""Leading floating-point operation counts of one step on least squares with n examples, d weights.

    Convention: a multiply-add counts 2 flops, lower-order terms are dropped.

    * gradient :math:`\tfrac1n X^\top (Xw - y)`: two matrix-vector products, :math:`4nd`;
    * Hessian :math:`\tfrac1n X^\top X` (a full matrix product): :math:`2nd^2`;
    * solving :math:`H u = g` by LU (``np.linalg.solve``): :math:`\tfrac23 d^3`.

    Returns ``{"gradient", "hessian", "solve", "newton", "ratio"}`` with newton = gradient +
    hessian + solve and ratio = newton / gradient; ``n``, ``d`` positive integers or arrays.
    """
    n = validate.integer_array("n", n, 1)
    d = validate.integer_array("d", d, 1)
    n, d = n.astype(float), d.astype(float)
    grad = 4 * n * d
    hess = 2 * n * d**2
    solve = 2 * d**3 / 3
    newton = grad + hess + solve
    return {"gradient": grad, "hessian": hess, "solve": solve, "newton": newton, "ratio": newton / grad}
