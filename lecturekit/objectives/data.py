"""Small data sets and the losses of linear models fitted to them, batch-first.

Data sets (always from an explicit ``numpy.random.Generator``):

* `make_regression` -- y = X w* + noise, with chosen feature scales
* `badly_scaled_regression` -- one feature in the hundreds, one near 0.003
* `make_classification` -- two Gaussian blobs, labels in {0, 1}
* `standardize` -- center and scale the columns of X

Objectives of the weights w (shaped ``(..., d)``: one vector, B of them, or a grid):

* `least_squares` -- f(w) = (1/2n) |Xw - y|^2 + (l2/2) |w|^2
* `logistic_regression` -- mean cross-entropy + (l2/2) |w|^2

Both are averages over examples, f(w) = (1/n) sum_i f_i(w) with
f_i(w) = loss(x_i^T w, y_i) + (l2/2) |w|^2, and both have the gradient
"error times input": grad f_i(w) = r_i x_i + l2 w, with r_i = x_i^T w - y_i for least
squares and r_i = sigma(x_i^T w) - y_i for logistic regression. `DataObjective` adds
per-example and minibatch gradients for stochastic gradient descent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .. import validate
from .base import Objective

# --------------------------------------------------------------------------- validation


#: Largest magnitude of a data entry: squares and sums of squares of the data stay finite.
DATA_MAX = 1e100


def _check_nonnegative(value, name: str) -> float:
    return validate.nonnegative(name, value, DATA_MAX, scalar=True)


def _check_matrix(X):
    X = validate.real_array("X", X, finite=True)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array (n examples, d features) with n, d >= 1; got shape {X.shape}")
    if np.abs(X).max() > DATA_MAX:
        raise ValueError(f"X must have entries of magnitude <= {DATA_MAX:g} (their squares must stay finite)")
    return X


def _check_data(X, y, binary: bool):
    X = validate.real_array("X", X, finite=True)
    y = validate.real_array("y", y, finite=True)
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array (n examples, d features) with n, d >= 1; got shape {X.shape}")
    n = X.shape[0]
    if y.shape != (n,):
        raise ValueError(f"y must be a 1-D array with one target per row of X, shape ({n},); got shape {y.shape}")
    for name, v in (("X", X), ("y", y)):
        if np.abs(v).max() > DATA_MAX:
            raise ValueError(f"{name} must have entries of magnitude <= {DATA_MAX:g} (their squares must stay finite)")
    if binary and not np.all((y == 0) | (y == 1)):
        bad = np.unique(y[(y != 0) & (y != 1)])[:5]
        raise ValueError(f"labels must be 0 or 1; got values such as {bad}")
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


# --------------------------------------------------------------------------- data sets


class Regression(NamedTuple):
    """A regression data set: inputs ``X`` (n, d), targets ``y`` (n,), true weights ``w_true`` (d,)."""

    X: np.ndarray
    y: np.ndarray
    w_true: np.ndarray


class Classification(NamedTuple):
    """A two-class data set: inputs ``X`` (n, d), labels ``y`` (n,) in {0, 1}, blob ``means`` (2, d)."""

    X: np.ndarray
    y: np.ndarray
    means: np.ndarray


def make_regression(rng, n: int = 100, scales=(1.0, 1.0), noise: float = 0.1, w_true=None) -> Regression:
    """Linear data y = X w* + noise * eps, with X[:, j] ~ N(0, scales[j]^2) and eps ~ N(0, 1).

    ``w_true`` defaults to w*_j = z_j / scales[j] with z ~ N(0, 1) (drawn from ``rng``), so
    every feature contributes O(1) to y whatever its scale. There is no intercept.
    """
    validate.generator(rng)
    n = validate.integer("n", n)
    noise = _check_nonnegative(noise, "noise")
    scales = validate.real_array("scales", scales, finite=True)
    if scales.ndim != 1 or scales.size == 0 or not np.all((scales > 0) & (scales <= 1e50)):
        raise ValueError(
            f"scales must be a non-empty 1-D sequence of numbers in (0, 1e50] (one per feature); got {scales!r}"
        )
    d = scales.size
    validate.elements("n", (n, d))
    if w_true is not None:
        w_true = validate.real_array("w_true", w_true, finite=True)
        if w_true.shape != (d,) or np.abs(w_true).max() > 1e50:
            raise ValueError(
                f"w_true must have one weight of magnitude <= 1e50 per feature, shape ({d},); got {w_true!r}"
            )
    X = rng.standard_normal((n, d)) * scales
    if w_true is None:
        w_true = rng.standard_normal(d) / scales
    if w_true.shape != (d,):
        raise ValueError(f"w_true must have one weight per feature, shape ({d},); got shape {w_true.shape}")
    y = X @ w_true + noise * rng.standard_normal(n)
    return Regression(X, y, w_true)


BADLY_SCALED = dict(scales=(300.0, 0.003), w_true=(0.005, 500.0))


def badly_scaled_regression(rng, n: int = 200, noise: float = 0.1) -> Regression:
    """Two features on wildly different scales: x_1 ~ N(0, 300^2), x_2 ~ N(0, 0.003^2).

    The true weights w* = (0.005, 500) make both features contribute about 1.5 to y.
    The least-squares Hessian X^T X / n is then about diag(9e4, 9e-6): condition number
    ~1e10, hopeless for gradient descent. After `standardize` it is close to the identity.
    """
    return make_regression(rng, n=n, noise=noise, **BADLY_SCALED)


def make_classification(rng, n: int = 200, separation: float = 3.0, dim: int = 2) -> Classification:
    """Two unit-variance Gaussian blobs in R^dim, labels 0 and 1, centered at -/+ (separation/2) u.

    u = (1, ..., 1)/sqrt(dim), so the means are ``separation`` apart and symmetric about the
    origin (a classifier through the origin suffices: no intercept). Classes are balanced
    (n // 2 label 0, the rest label 1) and the rows are shuffled. Large separations give
    linearly separable data, for which unregularized logistic regression has no minimizer.
    """
    validate.generator(rng)
    n = validate.integer("n", n, 2)
    dim = validate.integer("dim", dim)
    validate.elements("n * dim", (n, dim))
    separation = _check_nonnegative(separation, "separation")
    u = np.ones(dim) / np.sqrt(dim)
    means = np.stack([-0.5 * separation * u, 0.5 * separation * u])
    y = np.repeat([0.0, 1.0], [n // 2, n - n // 2])
    y = rng.permutation(y)
    X = means[y.astype(int)] + rng.standard_normal((n, dim))
    return Classification(X, y, means)


def standardize(X):
    """Center and scale each column: returns ``(Z, mean, std)`` with Z = (X - mean) / std.

    Zero-variance columns are rejected, and so are empty or non-finite data (a mean of no
    examples, or with a NaN, is no scale). The least-squares Hessian of Z is then close to the
    correlation matrix of the features (the identity for independent ones).
    """
    X = _check_matrix(X)
    mean, std = X.mean(axis=0), X.std(axis=0)
    if np.any(std == 0):
        raise ValueError(f"cannot standardize constant columns {np.nonzero(std == 0)[0].tolist()}")
    return (X - mean) / std, mean, std


# --------------------------------------------------------------------------- objectives

Residual = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True, eq=False, kw_only=True)
class DataObjective(Objective):
    """The average f(w) = (1/n) sum_i [loss(x_i^T w, y_i) + (l2/2)|w|^2] of a linear model.

    Besides `Objective`'s value, grad and hess it knows its data (``X``, ``y``, ``l2``) and
    ``residual_fn(z, y)``, the derivative of the loss in z = x^T w, so that the gradient of
    example i is residual_i * x_i + l2 w.
    """

    X: np.ndarray
    y: np.ndarray
    l2: float
    residual_fn: Residual

    @property
    def n_examples(self) -> int:
        """n, the number of examples the loss averages over."""
        return self.X.shape[0]

    def example_grads(self, w) -> np.ndarray:
        """Per-example gradients r_i x_i + l2 w for ``w`` shaped ``(..., d)``; returns ``(..., n, d)``.

        Their mean over the example axis (-2) is ``grad(w)``.
        """
        w = validate.points("w", w, self.dim, where=self.name)
        validate.elements("w", w.shape[:-1] + self.X.shape)
        with np.errstate(all="ignore"):  # points may be nan or inf (see lecturekit.validate)
            r = self.residual_fn(w @ self.X.T, self.y)  # (..., n)
            return r[..., None] * self.X + self.l2 * w[..., None, :]

    def minibatch_grad(self, w, idx) -> np.ndarray:
        """Mean gradient over the examples ``idx`` (+ l2 w), one minibatch per parameter vector.

        ``w`` is ``(B, d)`` (any ``(..., d)``) and ``idx`` an integer array ``(B, m)`` of example
        indices in [0, n), row b for trajectory b; leading shapes must broadcast (a single
        ``(m,)`` index row is shared by all). Returns ``(B, d)``:

            g_b = (1/m) sum_j r(x_{idx[b, j]}^T w_b, y_{idx[b, j]}) x_{idx[b, j]} + l2 w_b.

        With idx = all of 0..n-1 this is ``grad(w)``; with uniformly drawn idx it is an
        unbiased estimate of it.
        """
        w = validate.points("w", w, self.dim, where=self.name)
        idx = validate.integer_array("idx", idx)
        n = self.n_examples
        if idx.ndim == 0 or idx.shape[-1] == 0:
            raise ValueError(f"idx must be shaped (..., m) with m >= 1 indices per minibatch; got shape {idx.shape}")
        if idx.min() < 0 or idx.max() >= n:
            raise ValueError(
                f"idx must lie in [0, {n - 1}] (this objective has n = {n} examples); "
                f"got values from {idx.min()} to {idx.max()}"
            )
        try:
            np.broadcast_shapes(w.shape[:-1], idx.shape[:-1])
        except ValueError:
            raise ValueError(
                f"w {w.shape} and idx {idx.shape} need matching leading shapes: "
                "w (B, d) with idx (B, m), or idx (m,) shared by every w"
            ) from None
        validate.elements("idx", idx.shape + (self.dim,))
        Xb, yb = self.X[idx], self.y[idx]  # (..., m, d), (..., m)
        with np.errstate(all="ignore"):  # points may be nan or inf (see lecturekit.validate)
            z = np.sum(Xb * w[..., None, :], axis=-1)
            r = self.residual_fn(z, yb)
            return np.mean(r[..., None] * Xb, axis=-2) + self.l2 * w


def _linear_model(name, X, y, l2, loss, residual, curvature) -> dict:
    """value/grad/hess of f(w) = mean_i loss(x_i^T w, y_i) + (l2/2)|w|^2, batched over w.

    ``loss(z, y)``, ``residual(z, y)`` = d loss / dz and ``curvature(z)`` = d^2 loss / dz^2
    act elementwise on z = X w shaped ``(..., n)``. ``curvature=None`` means a constant 1
    (least squares), whose Hessian X^T X / n + l2 I is computed once.
    """
    n, d = X.shape
    eye = np.eye(d)

    def value(w):
        return np.mean(loss(w @ X.T, y), axis=-1) + 0.5 * l2 * np.sum(w**2, axis=-1)

    def grad(w):
        return residual(w @ X.T, y) @ X / n + l2 * w

    if curvature is None:
        h_const = X.T @ X / n + l2 * eye

        def hess(w):
            return np.broadcast_to(h_const, w.shape[:-1] + (d, d)).copy()

    else:

        def hess(w):
            c = curvature(w @ X.T)  # (..., n)
            return np.einsum("...n,ni,nj->...ij", c, X, X, optimize=True) / n + l2 * eye

    return dict(name=name, dim=d, value_fn=value, grad_fn=grad, hess_fn=hess)


def _bounds_around(center, hess_diag) -> tuple:
    """A plotting box: center_j +- r_j, r_j = max(3 / sqrt(H_jj), 1.2 |center_j|).

    Along each axis the quadratic model rises by ~4.5 at the edge, and the box contains the
    origin (the usual starting point). A flat axis (H_jj = 0, e.g. a column of zeros) borrows the
    largest curvature of the others (1 if there is none), so the box stays finite.
    """
    hess_diag = np.asarray(hess_diag, dtype=float)
    if not np.all(hess_diag > 0):
        fallback = hess_diag.max() if np.any(hess_diag > 0) else 1.0
        hess_diag = np.where(hess_diag > 0, hess_diag, fallback)
    r = np.maximum(3.0 / np.sqrt(hess_diag), 1.2 * np.abs(center))
    return tuple((float(c - ri), float(c + ri)) for c, ri in zip(center, r))


# Per-example losses of z = x^T w and their first two derivatives in z.


def _squared_loss(z, t):
    return 0.5 * (z - t) ** 2


def _squared_residual(z, t):
    return z - t


def sigmoid(z):
    """sigma(z) = 1 / (1 + exp(-z)) without overflow: with e = exp(-|z|) <= 1,
    sigma = 1/(1+e) for z >= 0 and e/(1+e) for z < 0. NaN stays NaN."""
    z = validate.real_array("z", z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def _cross_entropy(z, t):
    # -[t log sigma(z) + (1-t) log(1 - sigma(z))] = log(1 + exp(-s z)), s = 2t - 1 = +-1
    return np.logaddexp(0.0, (1 - 2 * t) * z)


def _logistic_residual(z, t):
    return sigmoid(z) - t


def _logistic_curvature(z):
    # sigma(z)(1 - sigma(z)) = e / (1 + e)^2 with e = exp(-|z|): symmetric in z, no overflow
    e = np.exp(-np.abs(z))
    return e / (1 + e) ** 2


def _readonly_row(w) -> np.ndarray:
    rows = np.array(w, dtype=float).reshape(-1, np.shape(w)[-1])
    rows.setflags(write=False)
    return rows


def least_squares(X, y, l2: float = 0.0) -> DataObjective:
    r"""Mean squared error of a linear model: f(w) = (1/2n)|Xw - y|^2 + (l2/2)|w|^2.

    Convention: the 1/n makes f an average over examples (so learning rates do not depend on
    n) and the 1/2 cancels the square's 2:

    .. math::
        \nabla f = \tfrac1n X^\top (Xw - y) + l_2 w, \qquad
        \nabla^2 f = \tfrac1n X^\top X + l_2 I \;\text{(constant)}.

    The minimizer solves the normal equations (X^T X / n + l2 I) w = X^T y / n; the factory
    computes it with ``np.linalg.lstsq`` on the stacked system
    [X / sqrt(n); sqrt(l2) I] w = [y / sqrt(n); 0], which avoids squaring the condition
    number. If l2 = 0 and X has rank < d, every point of w* + null(X) is a minimizer and
    ``minimizers`` holds the minimum-norm one.
    """
    X, y = _check_data(X, y, binary=False)
    l2 = _check_nonnegative(l2, "l2")
    n, d = X.shape
    parts = _linear_model("least squares", X, y, l2, _squared_loss, _squared_residual, None)
    stacked = np.vstack([X / np.sqrt(n), np.sqrt(l2) * np.eye(d)])
    target = np.concatenate([y / np.sqrt(n), np.zeros(d)])
    w_star = np.linalg.lstsq(stacked, target, rcond=None)[0]
    return DataObjective(
        **parts,
        bounds=_bounds_around(w_star, np.diag(X.T @ X) / n + l2),
        minimizers=_readonly_row(w_star),
        minimum=float(parts["value_fn"](w_star)),
        X=X,
        y=y,
        l2=l2,
        residual_fn=_squared_residual,
    )


def _newton(value, grad, hess, w, tol: float, max_iter: int = 100, stop_if=None):
    """Newton's method with backtracking (Armijo) line search from ``w``.

    Returns ``(w, converged)``, converged meaning max |grad| <= ``tol``. When the change in
    f is at round-off level, the full step is taken if it shrinks the gradient. It stops early when
    max |grad| <= tol / 10, when a step no longer changes w (machine precision), when the
    Hessian is singular, or when ``stop_if(w)`` holds.
    """
    for _ in range(max_iter):
        g = grad(w)
        if np.max(np.abs(g)) <= tol / 10 or (stop_if is not None and stop_if(w)):
            break
        try:
            step = np.linalg.solve(hess(w), g)
        except np.linalg.LinAlgError:
            break
        f0, slope, t = value(w), g @ step, 1.0
        f1 = value(w - step)
        # Near the minimizer the decrease falls below round-off in f and Armijo cannot hold;
        # there the full step is taken when it shrinks the gradient (quadratic convergence).
        at_round_off = abs(f1 - f0) <= 1e-13 * max(1.0, abs(f0))
        if not (at_round_off and np.max(np.abs(grad(w - step))) < np.max(np.abs(g))):
            while value(w - t * step) > f0 - 1e-4 * t * slope and t > 1e-12:
                t /= 2
        w_new = w - t * step
        if np.array_equal(w_new, w):
            break
        w = w_new
    return w, bool(np.max(np.abs(grad(w))) <= tol)


def logistic_regression(X, y, l2: float = 0.0) -> DataObjective:
    r"""Mean cross-entropy of a linear classifier with labels y_i in {0, 1}, plus (l2/2)|w|^2.

    With z_i = x_i^T w and sigma(z) = 1/(1 + e^{-z}):

    .. math::
        f(w) = \frac1n \sum_i \big[\log(1 + e^{z_i}) - y_i z_i\big] + \frac{l_2}{2}|w|^2,

        \nabla f = \tfrac1n X^\top (\sigma(Xw) - y) + l_2 w, \qquad
        \nabla^2 f = \tfrac1n X^\top \operatorname{diag}\big(\sigma(1-\sigma)\big) X + l_2 I.

    Computed without overflow for any |w|: the loss of one example is
    ``logaddexp(0, (1 - 2y) z)`` and sigma and sigma(1 - sigma) use exp(-|z|) only.
    Batched over w shaped ``(..., d)`` (the Hessian is one ``einsum``).

    Minimizer: for l2 > 0, f is strongly convex and the factory finds its unique minimizer
    by Newton's method with line search, to max |grad| <= 1e-10 max(1, max |X_ij|). For l2 = 0 the same
    search runs; if the data are linearly separable (the search reaches a w with every
    example on its correct side), f has no minimizer -- it decreases to 0 as |w| -> inf
    along a separating direction -- and ``minimizers`` is empty, ``minimum`` None. The same
    holds if Newton's method fails to converge (rank-deficient X, or data separable up to
    ties).
    """
    X, y = _check_data(X, y, binary=True)
    l2 = _check_nonnegative(l2, "l2")
    n, d = X.shape
    parts = _linear_model("logistic regression", X, y, l2, _cross_entropy, _logistic_residual, _logistic_curvature)
    value, grad, hess = parts["value_fn"], parts["grad_fn"], parts["hess_fn"]
    sign = 2 * y - 1

    def separates(w):
        return l2 == 0 and np.all(sign * (X @ w) > 0)

    tol = 1e-10 * max(1.0, float(np.abs(X).max()))  # the gradient's round-off grows with |x|
    w_star, converged = _newton(value, grad, hess, np.zeros(d), tol, stop_if=separates)
    if l2 > 0 and not converged:  # cannot happen for a strongly convex f; fail loudly if it does
        raise RuntimeError(
            f"Newton's method did not converge for l2 = {l2}; max |grad| = {np.abs(grad(w_star)).max():.2e}"
        )
    if converged:
        minimizers, minimum, center = _readonly_row(w_star), float(value(w_star)), w_star
    else:
        minimizers, minimum, center = np.empty((0, d)), None, np.zeros(d)
    return DataObjective(
        **parts,
        bounds=_bounds_around(center, np.diagonal(hess(center))),
        minimizers=minimizers,
        minimum=minimum,
        X=X,
        y=y,
        l2=l2,
        residual_fn=_logistic_residual,
    )
