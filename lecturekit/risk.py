r"""Risk and empirical risk on a problem where both are known: linear regression with Gaussian inputs.

The data-generating distribution: inputs x ~ N(0, Σ) in R^d, targets y = xᵀw* + σ ε with
ε ~ N(0, 1) independent of x. The loss of weights w on one example is ½(xᵀw − y)², the
convention of `objectives.least_squares` (whose empirical risk this module's matches). Then

.. math::
    R(w) = \mathbb E\big[\tfrac12 (x^\top w - y)^2\big]
         = \tfrac12\big(\sigma^2 + (w - w^*)^\top \Sigma\, (w - w^*)\big),
    \qquad \nabla R(w) = \Sigma (w - w^*),

the *risk* (generalization error), while a training set of n examples only gives the
*empirical risk* :math:`\hat R_n(w) = \frac{1}{2n}\sum_i (x_i^\top w - y_i)^2`
(Goodfellow, Bengio & Courville, *Deep Learning*, 2016, sec. 8.1.1, eqs. 8.1-8.3).
The Bayes risk R(w*) = σ²/2 is what no w can beat; R(w) − σ²/2 is the excess risk.

* `gaussian_linear_model` -- the distribution (w*, Σ, σ); `sample` draws data sets from it
* `risk`, `risk_grad`, `excess_risk`, `risk_objective` -- the true risk in closed form
* `empirical_risk`, `empirical_risk_grad`, `fit_least_squares` -- on samples, batched over data sets
* `expected_least_squares_risks` -- E[training loss] and E[risk] of the least-squares fit
* `multi_pass_sgd` -- SGD through a training set, several passes, recording the gradient error

Every function is batched over leading axes (many weight vectors, or many data sets at once).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate
from .objectives import Objective
from .sampling import _shape, shuffled_batches


class _ModelFields(NamedTuple):
    w_star: np.ndarray
    cov: np.ndarray
    noise: float


class GaussianLinearModel(_ModelFields):
    """x ~ N(0, ``cov``), y = xᵀ ``w_star`` + ``noise`` · ε: w* (d,), Σ (d, d), σ >= 0.

    Checked when made (also by ``GaussianLinearModel(...)`` and ``_replace``): w* a finite
    non-empty vector, Σ symmetric positive definite (``None``: the identity), σ >= 0; the
    arrays are frozen copies.
    """

    __slots__ = ()

    def __new__(cls, w_star, cov=None, noise=1.0):
        w_star = np.array(validate.real_array("w_star", w_star, finite=True))
        if w_star.ndim != 1 or w_star.size == 0 or np.abs(w_star).max() > _MAX:
            raise ValueError(
                f"w_star must be a non-empty 1-D array of weights of magnitude <= {_MAX:g}; got {w_star!r}"
            )
        d = w_star.size
        validate.elements("w_star", (d, d))
        cov = np.eye(d) if cov is None else np.array(validate.real_array("cov", cov, finite=True))
        if cov.shape != (d, d) or np.abs(cov).max() > _MAX:
            raise ValueError(
                f"cov must be a ({d}, {d}) matrix to match w_star, entries of magnitude <= {_MAX:g}; "
                f"got shape {cov.shape}"
            )
        if not np.allclose(cov, cov.T) or np.linalg.eigvalsh(cov).min() <= 0:
            raise ValueError("cov must be symmetric positive definite (a covariance matrix of full rank)")
        noise = validate.nonnegative("noise", noise, _MAX, scalar=True)
        for a in (w_star, cov):
            a.setflags(write=False)
        return super().__new__(cls, w_star, cov, float(noise))

    @classmethod
    def _make(cls, iterable):
        return cls(*iterable)

    @property
    def dim(self) -> int:
        return self.w_star.size


def gaussian_linear_model(w_star, cov=None, noise: float = 1.0) -> GaussianLinearModel:
    """Validate and freeze (w*, Σ, σ); ``cov`` defaults to the identity. Σ must be symmetric positive definite."""
    return GaussianLinearModel(w_star, cov, noise)


#: Largest magnitude of a weight, covariance entry, noise level or data entry: squares stay finite.
_MAX = 1e100


def _model(model) -> GaussianLinearModel:
    if not isinstance(model, GaussianLinearModel):
        raise ValueError(f"model must be made by risk.gaussian_linear_model(...); got {type(model).__name__}")
    return model


def _weights(w, d: int) -> np.ndarray:
    w = validate.real_array("w", w)
    if w.ndim == 0 or w.shape[-1] != d:
        raise ValueError(
            f"w must be shaped (..., {d}) (one weight per feature of X or of the model); got shape {w.shape}"
        )
    return w


def sample(model, rng, n: int, size=()):
    """Draw training sets: returns ``(X, y)`` shaped ``size + (n, d)`` and ``size + (n,)``.

    x = L z with Σ = L Lᵀ (Cholesky) and z ~ N(0, I); y = x·w* + σ ε.
    """
    model, rng = _model(model), validate.generator(rng)
    n = validate.integer("n", n)
    shape = _shape(size)
    d = model.dim
    validate.elements("n", shape + (n, d))
    X = rng.standard_normal(shape + (n, d)) @ np.linalg.cholesky(model.cov).T
    y = X @ model.w_star + model.noise * rng.standard_normal(shape + (n,))
    return X, y


def risk(model, w) -> np.ndarray:
    r""":math:`R(w) = \tfrac12\big(\sigma^2 + (w-w^*)^\top\Sigma(w-w^*)\big)` for ``w`` (..., d)."""
    model = _model(model)
    w = _weights(w, model.dim)
    with np.errstate(over="ignore", invalid="ignore"):  # w may be nan or inf: so is R(w)
        e = w - model.w_star
        return 0.5 * (model.noise**2 + np.einsum("...i,ij,...j->...", e, model.cov, e))


def excess_risk(model, w) -> np.ndarray:
    r""":math:`R(w) - R(w^*) = \tfrac12 (w-w^*)^\top\Sigma(w-w^*)` for ``w`` (..., d)."""
    model = _model(model)
    w = _weights(w, model.dim)
    with np.errstate(over="ignore", invalid="ignore"):  # w may be nan or inf
        e = w - model.w_star
        return 0.5 * np.einsum("...i,ij,...j->...", e, model.cov, e)


def risk_grad(model, w) -> np.ndarray:
    r""":math:`\nabla R(w) = \Sigma (w - w^*)` for ``w`` (..., d); returns (..., d)."""
    model = _model(model)
    w = _weights(w, model.dim)
    with np.errstate(over="ignore", invalid="ignore"):  # w may be nan or inf
        return (w - model.w_star) @ model.cov  # Σ is symmetric


def risk_objective(model) -> Objective:
    """The true risk as an `Objective` (value, gradient, Hessian Σ; minimizer w*, minimum σ²/2)."""
    model = _model(model)
    d = model.dim
    r = 3.0 / np.sqrt(np.diag(model.cov))
    return Objective(
        "risk",
        d,
        lambda w: risk(model, w),
        lambda w: risk_grad(model, w),
        lambda w: np.broadcast_to(model.cov, w.shape[:-1] + (d, d)).copy(),
        bounds=tuple((float(c - ri), float(c + ri)) for c, ri in zip(model.w_star, r)),
        minimizers=model.w_star[None, :].copy(),
        minimum=0.5 * model.noise**2,
    )


def _data(X, y):
    """Training sets: finite (a risk or a fit over data with a NaN is no number), n, d >= 1."""
    X, y = validate.real_array("X", X, finite=True), validate.real_array("y", y, finite=True)
    if X.ndim < 2 or X.shape[-1] == 0 or X.shape[-2] == 0:
        raise ValueError(f"X must be training sets shaped (..., n, d) with n, d >= 1; got shape {X.shape}")
    if y.shape != X.shape[:-1]:
        raise ValueError(
            f"y must be shaped (..., n) like X (..., n, d) without its last axis; got {X.shape}, {y.shape}"
        )
    for name, v in (("X", X), ("y", y)):
        if v.size and np.abs(v).max() > _MAX:
            raise ValueError(f"{name} must have entries of magnitude <= {_MAX:g} (their squares must stay finite)")
    return X, y


def _data_and_weights(X, y, w):
    X, y = _data(X, y)
    w = _weights(w, X.shape[-1])
    try:
        np.broadcast_shapes(X.shape[:-2], w.shape[:-1])
    except ValueError:
        raise ValueError(f"w {w.shape} must broadcast against the training sets X {X.shape} (leading axes)") from None
    return X, y, w


def empirical_risk(X, y, w) -> np.ndarray:
    r""":math:`\hat R_n(w) = \frac{1}{2n}\sum_i (x_i^\top w - y_i)^2`, batched.

    ``X`` (..., n, d), ``y`` (..., n), ``w`` (..., d) with broadcasting leading shapes: one
    training set and many w, or one w per training set.
    """
    X, y, w = _data_and_weights(X, y, w)
    with np.errstate(over="ignore", invalid="ignore"):  # w may be nan or inf
        r = np.einsum("...nd,...d->...n", X, w) - y
        return 0.5 * np.mean(r * r, axis=-1)


def empirical_risk_grad(X, y, w) -> np.ndarray:
    r""":math:`\nabla \hat R_n(w) = \frac1n X^\top (Xw - y)`, batched like `empirical_risk`; returns (..., d)."""
    X, y, w = _data_and_weights(X, y, w)
    with np.errstate(over="ignore", invalid="ignore"):  # w may be nan or inf
        r = np.einsum("...nd,...d->...n", X, w) - y
        return np.einsum("...n,...nd->...d", r, X) / X.shape[-2]


def fit_least_squares(X, y) -> np.ndarray:
    r"""The empirical-risk minimizer :math:`\hat w = (X^\top X)^{-1} X^\top y` of each training set.

    ``X`` (..., n, d) with n >= d (full column rank), ``y`` (..., n); returns (..., d). One batched
    ``np.linalg.solve`` of the normal equations (well conditioned here: Gaussian inputs, n >= d).
    A training set whose X has rank < d has no unique minimizer: ``ValueError`` naming it.
    """
    X, y = _data(X, y)
    if X.shape[-2] < X.shape[-1]:
        raise ValueError(
            f"X needs at least as many examples as features (n >= d); got n={X.shape[-2]}, d={X.shape[-1]}"
        )
    XtX = np.swapaxes(X, -1, -2) @ X
    try:
        return np.linalg.solve(XtX, np.einsum("...nd,...n->...d", X, y)[..., None])[..., 0]
    except np.linalg.LinAlgError:
        rank = np.linalg.matrix_rank(X)
        bad = np.argwhere(np.atleast_1d(rank < X.shape[-1]))[:3].tolist()
        raise ValueError(
            f"X must have full column rank d = {X.shape[-1]} (else the minimizer is not unique); "
            f"training set(s) {bad} have rank {np.atleast_1d(rank)[tuple(np.array(bad).T)] if bad else rank}"
        ) from None


def expected_least_squares_risks(model, n):
    r"""(E[training loss], E[risk]) of the least-squares fit on n examples, Gaussian design, n > d + 1.

    .. math::
        \mathbb E\,\hat R_n(\hat w) = \frac{\sigma^2}{2}\,\frac{n-d}{n}, \qquad
        \mathbb E\,R(\hat w) = \frac{\sigma^2}{2}\Big(1 + \frac{d}{n-d-1}\Big).

    The first: the residual is σ times the projection of ε onto the (n − d)-dimensional
    complement of X's columns. The second: ŵ − w* = σ(XᵀX)⁻¹Xᵀε, so the excess risk is
    (σ²/2) tr(Σ E[(XᵀX)⁻¹]) and E[(XᵀX)⁻¹] = Σ⁻¹/(n − d − 1), the mean of an inverse Wishart
    matrix (Anderson, *An Introduction to Multivariate Statistical Analysis*, 3rd ed., 2003,
    ch. 7; checked by simulation in the tests). Training loss below σ²/2, true risk above: the gap is the price of fitting noise.
    """
    model = _model(model)
    d = model.dim
    n = validate.integer_array("n", n)
    if not np.all(n > d + 1):
        raise ValueError(f"n must be an integer (array) > d + 1 = {d + 1}; got {n!r}")
    half = 0.5 * model.noise**2
    return half * (n - d) / n, half * (1.0 + d / (n - d - 1.0))


class PassRecord(NamedTuple):
    """What `multi_pass_sgd` records, K = passes · (n // m) steps, R runs (training sets).

    w : (K+1, R, d) the iterates w_0 .. w_K.
    grad : (K, R, d) the minibatch gradient g_k used at step k (at w_k).
    true_grad : (K, R, d) the risk gradient ∇R(w_k) = Σ(w_k − w*).
    batch_loss : (K, R) the minibatch's loss ½ mean (xᵀw_k − y)² at w_k, before the step.
    risk : (K+1, R) the true risk R(w_k).
    batches : (K, m) the example indices read at each step (shared by the runs).
    pass_index : (K,) which pass (0, 1, ...) step k belongs to.
    diverged : (R,) True where the run's iterates stopped being finite (a rate beyond the
        stable range); its later records are inf or nan, and no warning is printed.
    """

    w: np.ndarray
    grad: np.ndarray
    true_grad: np.ndarray
    batch_loss: np.ndarray
    risk: np.ndarray
    batches: np.ndarray
    pass_index: np.ndarray
    diverged: np.ndarray | None = None


def multi_pass_sgd(
    model, rng, n: int, m: int, passes: int, lr, runs: int, reshuffle: bool = False, w0=None
) -> PassRecord:
    r"""Minibatch SGD through R independent training sets of n examples, ``passes`` times each.

    Each run r draws its own training set from ``model``; the minibatch order comes from
    `sampling.shuffled_batches` (shuffle once, or again every pass with ``reshuffle``) and is
    shared by the runs -- their examples are i.i.d., so a shared order loses nothing. At step k

    .. math:: g_k = \frac1m \sum_{i \in B_k} (x_i^\top w_k - y_i)\, x_i, \qquad w_{k+1} = w_k - \varepsilon\, g_k

    (Goodfellow et al., algorithm 8.1, with a constant ``lr`` ε > 0). On the first pass every
    example is fresh, independent of w_k, so E[g_k | w_k] = ∇R(w_k): an unbiased estimate of
    the *risk* gradient. From the second pass on, w_k already depends on the examples being
    reused and the estimate is biased (sec. 8.1.3). ``w0`` (d,) defaults to 0. Returns a `PassRecord`.
    """
    model, rng = _model(model), validate.generator(rng)
    n, m, passes, runs = (
        validate.integer("n", n),
        validate.integer("m", m),
        validate.integer("passes", passes),
        validate.integer("runs", runs),
    )
    lr = validate.positive("lr", lr, scalar=True)
    reshuffle = validate.flag("reshuffle", reshuffle)
    d = model.dim
    if m > n:
        raise ValueError(f"m must be <= n: a minibatch of m = {m} needs at least m examples; got n = {n}")
    K = passes * (n // m)
    validate.elements("runs * n", (runs, n, d))
    validate.elements("passes * runs", (K + 1, runs, d))
    validate.work("passes * runs * n", K * runs * m * d, "example-gradient entries")
    if w0 is None:
        w = np.zeros((runs, d))
    else:
        w0 = validate.real_array("w0", w0, finite=True)
        if w0.shape != (d,):
            raise ValueError(f"w0 must be one starting point shaped ({d},); got shape {w0.shape}")
        w = np.broadcast_to(w0, (runs, d)).copy()
    X, y = sample(model, rng, n, size=runs)  # (R, n, d), (R, n)
    batches = shuffled_batches(rng, n, m, passes, reshuffle)
    ws = np.empty((K + 1, runs, d))
    grads = np.empty((K, runs, d))
    losses = np.empty((K, runs))
    ws[0] = w
    # A rate beyond the stable range makes w overflow: that is the answer (flagged in
    # ``diverged``), not an error, so NumPy's overflow warnings are silenced here.
    with np.errstate(over="ignore", invalid="ignore"):
        for k, idx in enumerate(batches):  # the loop over steps; each step is batched over the runs
            Xb, yb = X[:, idx], y[:, idx]  # (R, m, d), (R, m)
            r = np.einsum("rmd,rd->rm", Xb, w) - yb
            losses[k] = 0.5 * np.mean(r * r, axis=-1)
            grads[k] = np.einsum("rm,rmd->rd", r, Xb) / m
            w = w - lr * grads[k]
            ws[k + 1] = w
    diverged = ~np.all(np.isfinite(ws), axis=(0, 2))
    return PassRecord(
        ws,
        grads,
        risk_grad(model, ws[:-1]),
        losses,
        risk(model, ws),
        batches,
        np.repeat(np.arange(passes), n // m),
        diverged,
    )


def gradient_descent_paths(X, y, lr, steps: int, w0=None) -> np.ndarray:
    r"""Gradient descent on the empirical risk of many training sets at once: the iterates ``(steps+1, S, d)``.

    .. math:: w_{k+1} = w_k - \varepsilon\, \nabla \hat R_n(w_k), \qquad \nabla \hat R_n(w) = \tfrac1n X^\top (Xw - y)

    for each training set ``X`` ``(S, n, d)``, ``y`` ``(S, n)`` (e.g. from `sample` with
    ``size=S``), from ``w0`` ``(d,)`` (default 0), with a constant ``lr`` ε > 0: the full-batch
    run of Goodfellow et al., sec. 8.1, repeated over S independent draws of the training set, so
    that averages over sets estimate E over training sets (a loop over steps, batched over sets).
    """
    X, y = _data(X, y)
    if X.ndim != 3:
        raise ValueError(f"X must hold S training sets, shape (S, n, d); got {X.shape}")
    steps = validate.integer("steps", steps, 0)
    lr = validate.positive("lr", lr, scalar=True)
    S, n, d = X.shape
    if w0 is None:
        w = np.zeros((S, d))
    else:
        w0 = validate.real_array("w0", w0, finite=True)
        if w0.ndim == 0 or w0.ndim > 2 or w0.shape[-1] != d or (w0.ndim == 2 and w0.shape[0] not in (1, S)):
            raise ValueError(
                f"w0 must be a starting point shaped ({d},), one weight per feature of X (S, n, {d}), "
                f"or one per set, ({S}, {d}); got shape {w0.shape}"
            )
        w = np.broadcast_to(w0, (S, d)).copy()
    validate.elements("steps", (steps + 1, S, d))
    validate.work("steps", steps * (2 * S * n * d + validate.STEP_OVERHEAD), "operations (steps x S x n x d)")
    out = np.empty((steps + 1, S, d))
    out[0] = w
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging rate gives inf, then nan, quietly
        for k in range(steps):
            w = w - lr * empirical_risk_grad(X, y, w)
            out[k + 1] = w
    return out
