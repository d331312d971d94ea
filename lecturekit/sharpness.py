r"""Sharpness: the largest eigenvalue of the loss Hessian, batched over networks, and its stability thresholds.

Gradient descent with rate ε on a quadratic is stable only while the sharpness
λ_max(H) <= 2/ε. Cohen, Kaur, Li, Kolter & Talwalkar, "Gradient descent on neural networks
typically occurs at the edge of stability", ICLR 2021, track λ_max during full-batch training
of networks: it rises ("progressive sharpening") until it reaches about 2/ε and then hovers
there while the loss keeps falling, non-monotonically. For Adam, the quantity that plays this
part is the *preconditioned* sharpness λ_max(P^{-1} H), with Adam's diagonal preconditioner
P, against the threshold (2 + 2β_1)/((1 − β_1) ε) (Cohen et al., "Adaptive gradient methods at
the edge of stability", 2022).

* `top_eigenpair` -- the largest (algebraic, not absolute) eigenvalue of a symmetric operator
  given only through products, batched: Lanczos with full reorthogonalization, i.e. the
  Rayleigh–Ritz values of the Krylov space span{v, Hv, ..., H^{m-1} v}
* `sharpness`, `preconditioned_sharpness` -- that for an `nn.MLP`, with exact Hessian-vector
  products (`nn.hessian.hvp`, Pearlmutter's R-operator)
* `adam_preconditioner`, `stability_threshold` -- the P and the 2/ε-type thresholds
* `track` -- full-batch training of B networks with any optimizer, the sharpness measured
  every few steps, warm-started from the previous top eigenvector

Why Lanczos rather than the power method: power iteration converges to the eigenvalue of
largest *magnitude* (a negative one early in training, when H is indefinite) at the rate
|λ_2/λ_1|^k; Lanczos converges to the largest algebraic eigenvalue, much faster
(Golub & Van Loan, *Matrix computations*, section 10.1), and every Ritz value lies in
[λ_min, λ_max], so the estimate never exceeds the truth.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate
from .nn import hessian as _hessian
from .nn.arguments import _params


class Eigenpair(NamedTuple):
    """value ``(B,)`` the estimated top eigenvalue; vector ``(B, P)`` its unit Ritz vector."""

    value: np.ndarray
    vector: np.ndarray


def _lanczos(matvec, v0, iters: int) -> Eigenpair:
    """Rayleigh–Ritz on the Krylov space of ``v0`` ``(B, P)``, iters vectors, full reorthogonalization."""
    B, P = v0.shape
    m = min(iters, P)
    V = np.zeros((B, m, P))
    HV = np.zeros((B, m, P))
    alive = np.ones((B, 1), dtype=bool)  # rows whose Krylov space has not closed yet
    v = v0 / np.max(np.abs(v0), axis=-1, keepdims=True)  # first to O(1): no overflow in the norm
    v = v / np.linalg.norm(v, axis=-1, keepdims=True)
    for j in range(m):
        V[:, j] = v
        HV[:, j] = hv = matvec(v)
        if j == m - 1:
            break
        r = hv
        for _ in range(2):  # Gram-Schmidt twice ("twice is enough", Parlett)
            r = r - np.einsum("bj,bjp->bp", np.einsum("bjp,bp->bj", V[:, : j + 1], r), V[:, : j + 1])
        norm = np.linalg.norm(r, axis=-1, keepdims=True)
        scale = np.linalg.norm(hv, axis=-1, keepdims=True)
        alive &= norm > 1e-10 * np.maximum(scale, np.finfo(float).tiny)  # closed: an exact eigenspace
        v = np.where(alive, r / np.where(alive, norm, 1.0), 0.0)
    T = np.einsum("bip,bjp->bij", V, HV)
    T = 0.5 * (T + np.swapaxes(T, -1, -2))
    # A closed Krylov space leaves zero basis vectors: give their rows a value below the Rayleigh
    # quotient of v0, T_00 <= the valid block's largest eigenvalue, so the top eigenpair always comes
    # from the valid block (a tie with T_00 would let eigh return a vector of the zero rows).
    dead = np.linalg.norm(V, axis=-1) == 0  # (B, m)
    below = T[:, 0, 0] - np.maximum(1.0, np.abs(T[:, 0, 0]))
    T[dead[:, :, None] & dead[:, None, :] & np.eye(m, dtype=bool)] = np.repeat(below, dead.sum(axis=1))
    finite = np.all(np.isfinite(T), axis=(-2, -1))
    T[~finite] = 0.0
    values, vectors = np.linalg.eigh(T)
    top = np.einsum("bj,bjp->bp", vectors[:, :, -1], V)
    top /= np.linalg.norm(top, axis=-1, keepdims=True)
    value = np.where(finite, values[:, -1], np.nan)
    top[~finite] = np.nan
    return Eigenpair(value, top)


def top_eigenpair(matvec, v0, iters: int = 20) -> Eigenpair:
    r"""The largest eigenvalue λ_max and its eigenvector of B symmetric operators, from products only.

    ``matvec(v)`` maps ``(B, P)`` to ``(B, P)``: row b multiplied by the symmetric matrix H_b.
    ``v0`` ``(B, P)`` nonzero starting vectors (random ones, or the previous eigenvector to warm
    start). ``iters`` = m >= 1 products (capped at P). Lanczos with full reorthogonalization:
    the basis V of span{v0, H v0, ..., H^{m−1} v0}, then the top eigenpair of
    :math:`T = V^\top H V` (the Ritz value and vector). The value is exact once the Krylov space
    holds the top eigenvector (m = P always suffices), and otherwise a lower bound on λ_max.
    Rows whose products are not finite give NaN.
    """
    validate.function("matvec", matvec)
    v0 = validate.real_array("v0", v0, finite=True)
    if v0.ndim != 2 or v0.shape[0] == 0 or v0.shape[1] == 0:
        raise ValueError(f"v0 must be shaped (B, P) with B, P >= 1; got {v0.shape}")
    if not np.all(np.max(np.abs(v0), axis=-1) > 0):
        raise ValueError("v0 must hold nonzero vectors (one per row)")
    iters = validate.integer("iters", iters, 1)
    validate.elements("iters", (v0.shape[0], 2 * min(iters, v0.shape[1]), v0.shape[1]))

    def checked(v):
        out = np.asarray(matvec(v), dtype=float)
        if out.shape != v.shape:
            raise ValueError(f"matvec must return an array shaped like its input {v.shape}; got {out.shape}")
        return out

    with np.errstate(over="ignore", invalid="ignore"):
        return _lanczos(checked, v0, iters)


def _start(v0, rng, shape):
    if v0 is not None:
        v0 = validate.real_array("v0", v0, finite=True)
        if v0.shape != shape or not np.all(np.max(np.abs(v0), axis=-1) > 0):
            raise ValueError(f"v0 must be nonzero vectors shaped like w {shape} (e.g. the last Eigenpair.vector)")
        return v0
    if not isinstance(rng, np.random.Generator):
        raise ValueError(
            f"give starting vectors v0 or a numpy.random.Generator rng to draw them (e.g. np.random.default_rng(0)); "
            f"got v0=None, rng={rng!r}"[:300]
        )
    return rng.standard_normal(shape)


def _network_params(net, w, name="w"):
    _hessian._network(net)
    w = _params(w, net.dim, name)
    if w.ndim != 2:
        raise ValueError(f"{name} must be shaped (B, P) for B networks; got {w.shape}")
    return w


def sharpness(net, w, iters: int = 20, rng=None, v0=None) -> Eigenpair:
    r"""The sharpness λ_max(∇²L(w)) of B networks ``w`` ``(B, P)`` of an `nn.MLP` ``net``.

    Lanczos (`top_eigenpair`, ``iters`` products) on exact Hessian-vector products
    (`nn.hessian.hvp`). Start from ``v0`` ``(B, P)`` (e.g. the previous result's ``vector``)
    or from Gaussian vectors drawn from ``rng``, a ``numpy.random.Generator``. Returns an
    `Eigenpair` (``value`` ``(B,)``; NaN for a network whose loss is not finite).
    """
    w = _network_params(net, w)
    v0 = _start(v0, rng, w.shape)
    iters = validate.integer("iters", iters, 1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _lanczos(_hessian._hvp_at(net, w), v0, iters)


def _preconditioned(net, w, precond):
    """u -> P^{-1/2} H P^{-1/2} u at w."""
    hvp = _hessian._hvp_at(net, w)
    inv_sqrt = 1.0 / np.sqrt(precond)
    return lambda u: inv_sqrt * hvp(inv_sqrt * u)


def preconditioned_sharpness(net, w, precond, iters: int = 20, rng=None, v0=None) -> Eigenpair:
    r"""λ_max(P^{-1} H) for the diagonal preconditioner P = diag(``precond``) ``(B, P)``, all > 0.

    P^{-1}H is not symmetric, but it is similar to :math:`S = P^{-1/2} H P^{-1/2}`, which is:
    the same eigenvalues, and Lanczos runs on S (products
    :math:`P^{-1/2} H (P^{-1/2} u)`). The returned ``vector`` is S's eigenvector u (pass it
    back as ``v0``); P^{-1}H's is :math:`P^{-1/2} u`. For Adam, ``precond`` is
    `adam_preconditioner` (Cohen et al. 2022, section 3); its threshold is
    ``stability_threshold(lr, beta1)``.
    """
    w = _network_params(net, w)
    precond = validate.positive("precond", precond)
    if np.shape(precond) != w.shape:
        raise ValueError(f"precond must be shaped like w {w.shape}; got {np.shape(precond)}")
    v0 = _start(v0, rng, w.shape)
    iters = validate.integer("iters", iters, 1)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _lanczos(_preconditioned(net, w, precond), v0, iters)


def adam_preconditioner(nu, t: int, beta1=0.9, beta2=0.999, delta=1e-8) -> np.ndarray:
    r"""Adam's preconditioner as Cohen et al. (2022) write it: :math:`P_t = (1-\beta_1^t)\,
    \big(\sqrt{\hat\nu_t} + \delta\big)`, :math:`\hat\nu_t = \nu_t / (1 - \beta_2^t)`.

    With it, Adam's step is :math:`\theta \leftarrow \theta - \varepsilon P_t^{-1} m_t` for the
    *uncorrected* first moment m_t (the factor 1 − β_1^t is m's bias correction, moved into P;
    it tends to 1 within a few dozen steps). ``nu`` ν_t ``(B, P)`` >= 0 the second moment
    (``nu`` of `optim.scale_by_adam`'s state), ``t`` >= 1 the number of updates it has seen,
    β_1, β_2 in [0, 1), δ >= 0 (δ > 0 keeps P > 0 where ν = 0).
    """
    nu = validate.nonnegative("nu", nu)
    t = validate.integer("t", t, 1)
    beta1 = validate.decay_rate("beta1", beta1)
    beta2 = validate.decay_rate("beta2", beta2)
    delta = validate.nonnegative("delta", delta)
    return (1.0 - beta1**t) * (np.sqrt(nu / (1.0 - beta2**t)) + delta)


def stability_threshold(lr, beta1=0.0) -> np.ndarray:
    r"""The largest stable (preconditioned) sharpness for a step size ε: :math:`\frac{2 + 2\beta_1}{(1-\beta_1)\,\varepsilon}`.

    β_1 = 0 gives gradient descent's 2/ε (a quadratic with curvature λ > 2/ε diverges). With
    momentum as an exponential moving average, :math:`m \leftarrow \beta_1 m + (1-\beta_1) g`,
    :math:`\theta \leftarrow \theta - \varepsilon m` (Adam's form), the quadratic is stable for
    λ < (2 + 2β_1)/((1 − β_1)ε) (Cohen et al. 2022, eq. 2; for Adam λ is the preconditioned
    sharpness). For the book's heavy ball, v ← αv − εg, the same limit reads (2 + 2α)/ε.
    ``lr`` ε > 0 and ``beta1`` in [0, 1) broadcast.
    """
    lr = validate.positive("lr", lr)
    beta1 = validate.decay_rate("beta1", beta1)
    return (2.0 + 2.0 * beta1) / ((1.0 - beta1) * lr)


class SharpnessTrace(NamedTuple):
    """What `track` records, R = number of measurements.

    steps : (R,) the step k of each measurement (0, every, 2·every, ..., and the last).
    sharpness : (R, B) λ_max(H(w_k)) (or λ_max(P_k^{-1} H(w_k)) with a preconditioner).
    loss : (R, B) the training loss L(w_k).
    w : (B, P) the parameters after the last step.
    """

    steps: np.ndarray
    sharpness: np.ndarray
    loss: np.ndarray
    w: np.ndarray


def track(
    net, opt, w0, steps: int, every: int = 10, iters: int = 10, rng=None, preconditioner=None, cold_iters: int = 30
) -> SharpnessTrace:
    r"""Full-batch training of B networks with ``opt``, measuring the sharpness every ``every`` steps.

    ``net`` an `nn.MLP`, ``opt`` any optimizer (`optim`), ``w0`` ``(B, P)``, ``steps`` T >= 0
    updates with the exact gradient at ``opt.lookahead`` (as `optim.run` without noise); at
    k = 0, every, 2·every, ... and T the sharpness of w_k by `sharpness`: the first from Gaussian
    vectors of ``rng`` (a ``Generator``) with ``cold_iters`` products, each next one warm-started
    from the previous eigenvector with ``iters`` products (the top eigenvector moves little in
    ``every`` steps, so a few products suffice: see benchmarks/bench_sharpness.py for the error). With ``preconditioner``, a
    function of the optimizer state returning P ``(B, P)`` > 0 (e.g. for ``optim.adam``:
    ``lambda s: adam_preconditioner(s[0].nu, max(s[0].count, 1), ...)``), the preconditioned
    sharpness is tracked instead (from k = every on; NaN at k = 0, before any state).
    Parameters that stop being finite give NaN from then on (no warnings).
    """
    validate.optimizer("opt", opt)
    w = _network_params(net, w0, "w0").astype(float, copy=True)
    if not np.all(np.isfinite(w)):
        raise ValueError("w0 must be finite (the starting parameters)")
    steps = validate.integer("steps", steps, 0)
    every = validate.integer("every", every, 1)
    iters = validate.integer("iters", iters, 1)
    cold_iters = validate.integer("cold_iters", cold_iters, 1)
    validate.work(
        "steps, iters, cold_iters",
        (steps + (steps // every + 2) * iters + cold_iters) * w.size * net.n_examples,
        "entries (steps x B x P x n)",
    )
    v = validate.generator(rng).standard_normal(w.shape)
    if preconditioner is not None:
        validate.function("preconditioner", preconditioner)
    B = w.shape[0]
    record = np.unique(np.append(np.arange(0, steps + 1, every), steps))
    sharp = np.full((len(record), B), np.nan)
    losses = np.empty((len(record), B))
    state = opt.init(w)
    r = 0
    warm = False  # the first measurement starts from random vectors
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for k in range(steps + 1):
            point = opt.lookahead(w, state)
            loss, g = net.value_and_grad(point)
            if k == record[r]:
                losses[r] = loss if point is w else net.value(w)
                m = iters if warm else cold_iters
                if preconditioner is None:
                    pair = _lanczos(_hessian._hvp_at(net, w), v, m)
                elif k > 0:
                    precond = np.asarray(preconditioner(state), dtype=float)
                    if precond.shape != w.shape:
                        raise ValueError(f"preconditioner must return P shaped {w.shape}; got {precond.shape}")
                    pair = _lanczos(_preconditioned(net, w, precond), v, m)
                else:
                    pair = None
                if pair is not None:
                    sharp[r] = pair.value
                    ok = np.all(np.isfinite(pair.vector), axis=-1)
                    v = np.where(ok[:, None], pair.vector, v)
                    warm = True
                r += 1
            if k == steps:
                break
            updates, state = opt.update(g, state, w)
            w = w + updates
    return SharpnessTrace(record, sharp, losses, w)


__all__ = [
    "Eigenpair",
    "top_eigenpair",
    "sharpness",
    "preconditioned_sharpness",
    "adam_preconditioner",
    "stability_threshold",
    "SharpnessTrace",
    "track",
]
