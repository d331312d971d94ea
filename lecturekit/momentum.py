r"""Momentum on a quadratic, exactly: the heavy ball and Nesterov as 2x2 linear recurrences.

On :math:`f(\theta) = \tfrac12 (\theta - \theta^*)^\top A (\theta - \theta^*)` with
:math:`A = Q \operatorname{diag}(\lambda) Q^\top`, every update of momentum (Goodfellow et
al., alg. 8.2) and of Nesterov momentum (alg. 8.3) is linear, and in the eigenbasis it
splits into independent pairs: the error :math:`x = q_i^\top(\theta - \theta^*)` and the
velocity :math:`v = q_i^\top v` along one eigenvector, with eigenvalue λ. Convention of this
module: the state is :math:`s_k = (x_k, v_k)` *after* step k, :math:`v_0 = 0`, and
:math:`s_{k+1} = M s_k` with

.. math::
    M_\text{heavy ball} = \begin{pmatrix} 1 - \varepsilon\lambda & \alpha \\
                                          -\varepsilon\lambda & \alpha \end{pmatrix},
    \qquad
    M_\text{Nesterov} = \begin{pmatrix} 1 - \varepsilon\lambda & \alpha(1 - \varepsilon\lambda) \\
                                        -\varepsilon\lambda & \alpha(1 - \varepsilon\lambda) \end{pmatrix}.

(Heavy ball: :math:`v \leftarrow \alpha v - \varepsilon\lambda x`, :math:`x \leftarrow x + v`.
Nesterov: the gradient :math:`\lambda(x + \alpha v)` is taken at the interim point.) Both
matrices have trace t and determinant d

.. math::
    t_\text{hb} = 1 + \alpha - \varepsilon\lambda,\ d_\text{hb} = \alpha; \qquad
    t_\text{nag} = (1 + \alpha)(1 - \varepsilon\lambda),\ d_\text{nag} = \alpha(1 - \varepsilon\lambda),

so their eigenvalues are :math:`z = t/2 \pm \sqrt{t^2/4 - d}` in closed form, and the
error shrinks asymptotically by the **spectral radius** :math:`\rho = \max |z|` per step:
:math:`|t|/2 + \sqrt{t^2/4 - d}` when the discriminant is >= 0, :math:`\sqrt{d}` when the
eigenvalues are complex. The rate on the whole quadratic is the largest ρ over the
eigenvalues of A. Everything here evaluates these formulas on whole grids of
(ε, α, λ) at once; nothing calls ``np.linalg.eig``.

References: B. T. Polyak, "Some methods of speeding up the convergence of iteration
methods", USSR Comput. Math. & Math. Phys. 4(5), 1964 (the heavy ball and its optimal
parameters); Goodfellow, Bengio & Courville, *Deep Learning*, 2016, sec. 8.3.2-8.3.3 (algs.
8.2, 8.3, the terminal velocity, the physical picture); G. Goh, "Why Momentum Really Works",
Distill, 2017 (the 2x2 analysis, the (ε, α) map, the eigen-decomposed error); L. Lessard,
B. Recht & A. Packard, "Analysis and design of optimization algorithms via integral quadratic
constraints", SIAM J. Optim. 26(1), 2016 (Nesterov's rate on quadratics; their strongly convex
counterexample is `objectives.lessard_counterexample`). Momentum with a schedule for α
(Sutskever et al., ICML 2013) is `optim.momentum` with a schedule as ``alpha``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate

METHODS = ("heavy_ball", "nesterov")

#: Codes of `regime`, in code order, and their names.
MONOTONE, OSCILLATING, FLIPPING, DIVERGENT = 0, 1, 2, 3
REGIMES = (
    "monotone (real eigenvalues > 0)",
    "oscillating (complex eigenvalues)",
    "sign-flipping (real eigenvalue < 0)",
    "divergent (ρ ≥ 1)",
)


# --------------------------------------------------------------------------- argument checks


def _method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    return method


def _lr(lr) -> np.ndarray:
    return np.asarray(validate.positive("lr", lr), dtype=float)


def _alpha(alpha) -> np.ndarray:
    return np.asarray(validate.decay_rate("alpha", alpha), dtype=float)


def _eigenvalues(eigenvalues, name: str = "eigenvalues") -> np.ndarray:
    return np.asarray(validate.positive(name, eigenvalues), dtype=float)


#: The closed forms overflow to ±inf for extreme inputs (a huge ε or λ): that is the answer, not a
#: warning (the policy in `lecturekit.validate`).
_overflow_to_inf = np.errstate(over="ignore")


# --------------------------------------------------------------------------- the 2x2 recurrence


def _trace_det(lr, alpha, eigenvalue, method):
    """t and d as fresh arrays (t always writable; d may be a broadcast view of α for the heavy ball)."""
    method = _method(method)
    a = _alpha(alpha)
    h = np.asarray(np.multiply(_lr(lr), _eigenvalues(eigenvalue, "eigenvalue")))
    if method == "heavy_ball":
        t = np.asarray(np.subtract(1.0 + a, h))
        return t, np.broadcast_to(a, np.broadcast_shapes(a.shape, h.shape))
    np.subtract(1.0, h, out=h)  # h now holds s = 1 - ελ
    with np.errstate(invalid="ignore"):
        d = np.asarray(a * h)
    if not np.all(np.isfinite(h)):  # s = -inf: α s is -inf, but exactly 0 where α = 0 (not 0·inf = nan)
        d = np.where(a == 0, 0.0, d)
    return np.asarray((1.0 + a) * h), d


@_overflow_to_inf
def trace_det(lr, alpha, eigenvalue, method: str = "heavy_ball"):
    r"""Trace t and determinant d of the iteration matrix M for one eigenvalue λ (see the module docstring).

    heavy ball: :math:`t = 1 + \alpha - \varepsilon\lambda`, :math:`d = \alpha`;
    Nesterov: :math:`t = (1+\alpha)(1 - \varepsilon\lambda)`, :math:`d = \alpha(1 - \varepsilon\lambda)`.
    ``lr`` > 0, ``alpha`` in [0, 1) and ``eigenvalue`` > 0 broadcast against each other.
    """
    t, d = _trace_det(lr, alpha, eigenvalue, method)
    return t, np.array(np.broadcast_to(d, t.shape), dtype=float)


@_overflow_to_inf
def iteration_matrix(lr, alpha, eigenvalue, method: str = "heavy_ball") -> np.ndarray:
    r"""The matrix M with :math:`(x_{k+1}, v_{k+1}) = M (x_k, v_k)` along an eigenvector with eigenvalue λ.

    Returns ``(..., 2, 2)`` over the broadcast shape of ``lr``, ``alpha``, ``eigenvalue``;
    the formulas are in the module docstring (state = (error, velocity) after a step).

    >>> iteration_matrix(0.1, 0.5, 2.0)
    array([[ 0.8,  0.5],
           [-0.2,  0.5]])
    """
    method = _method(method)
    h = _lr(lr) * _eigenvalues(eigenvalue, "eigenvalue")
    a = _alpha(alpha)
    h, a = np.broadcast_arrays(h, a)
    c = a if method == "heavy_ball" else a * (1.0 - h)
    return np.stack([np.stack([1.0 - h, c], -1), np.stack([-h, c], -1)], -2)


@_overflow_to_inf
def eigenvalues(lr, alpha, eigenvalue, method: str = "heavy_ball") -> np.ndarray:
    r"""The two eigenvalues :math:`z_\pm = t/2 \pm \sqrt{t^2/4 - d}` of M, closed form, complex ``(..., 2)``.

    Ordered with :math:`|z_0| \ge |z_1|` (for a complex pair: the one with positive imaginary
    part first).
    """
    t, d = trace_det(lr, alpha, eigenvalue, method)
    if _method(method) == "nesterov":
        # When ελ overflows, t = (1+α)s and d = αs are both -inf: then z_small = d / z_big is the
        # limit α/(1+α) of d/t (s cancels), not inf/inf.
        a = np.broadcast_to(_alpha(alpha), t.shape)
        d_over_t = np.where(np.isinf(d), a / (1.0 + a), 0.0)
    disc = t * t / 4.0 - d
    root = np.sqrt(disc.astype(complex))
    half = t / 2.0
    with np.errstate(invalid="ignore"):  # inf - inf when ε λ overflows: replaced by d / z_big just below
        big = np.where(half >= 0, half + root, half - root)  # the root of larger modulus when real
        small = np.where(half >= 0, half - root, half + root)
        small = np.where(np.isfinite(small), small, d / big)  # z_big z_small = d, and z_big is ±inf there
        if _method(method) == "nesterov":
            small = np.where(np.isinf(d), d_over_t, small)
    big = np.where(disc < 0, half + 1j * np.sqrt(np.maximum(-disc, 0.0)), big)
    small = np.where(disc < 0, np.conj(big), small)
    return np.stack([big, small], -1)


@_overflow_to_inf
def spectral_radius(lr, alpha, eigenvalue, method: str = "heavy_ball") -> np.ndarray:
    r"""ρ(M) = max |z| for one eigenvalue λ: the factor by which the error shrinks per step, asymptotically.

    .. math::
        \rho = \begin{cases} |t|/2 + \sqrt{t^2/4 - d} & t^2 \ge 4d \ \text{(real eigenvalues)} \\
                             \sqrt{d} & t^2 < 4d \ \text{(complex pair)} \end{cases}

    Vectorized over the broadcast shape of ``lr``, ``alpha``, ``eigenvalue``. ρ < 1 means
    convergence; the heavy ball converges exactly for :math:`0 < \varepsilon\lambda < 2(1 + \alpha)`,
    Nesterov for :math:`0 < \varepsilon\lambda < (2 + 2\alpha)/(1 + 2\alpha)` (see `stability_limit`).

    >>> float(spectral_radius(0.1, 0.0, 2.0))   # α = 0: gradient descent, |1 - ελ|
    0.8
    """
    t, d = _trace_det(lr, alpha, eigenvalue, method)
    # in place: on a 400 x 400 x 2 grid fresh temporaries cost ten times the arithmetic
    disc = np.asarray(t * t)
    disc *= 0.25
    disc -= d  # t²/4 - d
    real = disc >= 0
    np.abs(t, out=t)
    t *= 0.5
    np.maximum(disc, 0.0, out=disc)
    np.sqrt(disc, out=disc)
    disc += t  # |t|/2 + sqrt(t²/4 - d) where the eigenvalues are real
    return np.where(real, disc, np.sqrt(np.maximum(d, 0.0)))


@_overflow_to_inf
def convergence_rate(lr, alpha, eigenvalues, method: str = "heavy_ball") -> np.ndarray:
    r"""The rate on a quadratic: :math:`\max_i \rho(\varepsilon, \alpha, \lambda_i)` over its Hessian's eigenvalues.

    ``eigenvalues`` ``(..., d)``; ``lr`` and ``alpha`` broadcast against its batch shape
    ``(...)`` (a 400 x 400 grid of ε and α against one ``(2,)`` pair gives ``(400, 400)``).
    This is the one vectorized call behind the (ε, α) maps.
    """
    lam = _eigenvalues(eigenvalues)
    if lam.ndim == 0:
        raise ValueError(f"eigenvalues must be shaped (..., d); got a scalar {eigenvalues!r}")
    # eigenvalue axis first: the ufunc loops then run over long contiguous grid rows, not over d
    lr, alpha = _lr(lr), _alpha(alpha)
    nb = len(np.broadcast_shapes(lr.shape, alpha.shape, lam.shape[:-1]))
    lam_first = np.moveaxis(lam, -1, 0).reshape((lam.shape[-1],) + (1,) * (nb - lam.ndim + 1) + lam.shape[:-1])
    return spectral_radius(lr, alpha, lam_first, method).max(axis=0)


@_overflow_to_inf
def regime(lr, alpha, eigenvalue, method: str = "heavy_ball") -> np.ndarray:
    r"""What one eigencomponent does, as codes (`REGIMES`): computed from the eigenvalues of M.

    * ``DIVERGENT`` where ρ >= 1;
    * else ``OSCILLATING`` where the eigenvalues are complex (:math:`t^2 < 4d`): a damped spiral;
    * else ``FLIPPING`` where the dominant eigenvalue is real and negative (t < 0): the error
      changes sign every step;
    * else ``MONOTONE``: real, positive dominant eigenvalue, no oscillation (overdamped).

    The boundaries have closed forms, tested against this function: heavy ball complex for
    :math:`(1 - \sqrt\alpha)^2 < \varepsilon\lambda < (1 + \sqrt\alpha)^2`, i.e. above the
    critical-damping curve :math:`\alpha = (1 - \sqrt{\varepsilon\lambda})^2`, divergent from
    :math:`\varepsilon\lambda = 2(1+\alpha)`; Nesterov complex for
    :math:`((1-\alpha)/(1+\alpha))^2 < \varepsilon\lambda < 1`, sign-flipping above 1, divergent
    from :math:`(2+2\alpha)/(1+2\alpha)`. See `critical_damping` and `stability_limit`.
    """
    t, d = trace_det(lr, alpha, eigenvalue, method)
    disc = t * t / 4.0 - d
    rho = np.where(disc >= 0, np.abs(t) / 2.0 + np.sqrt(np.maximum(disc, 0.0)), np.sqrt(np.maximum(d, 0.0)))
    codes = np.where(disc < 0, OSCILLATING, np.where(t < 0, FLIPPING, MONOTONE))
    return np.where(rho >= 1.0, DIVERGENT, codes).astype(np.int8)


def critical_damping(lr_times_eigenvalue, method: str = "heavy_ball") -> np.ndarray:
    r"""The α at which M has a double real eigenvalue (critical damping), for a given ελ.

    heavy ball: :math:`\alpha = (1 - \sqrt{\varepsilon\lambda})^2` (for :math:`\varepsilon\lambda \le 4`;
    below 1 it separates monotone from oscillating, above 1 oscillating from sign-flipping);
    Nesterov: :math:`\alpha = (1 - \sqrt{\varepsilon\lambda})/(1 + \sqrt{\varepsilon\lambda})`
    (for :math:`\varepsilon\lambda \le 1`). Outside those ranges: ``nan``.
    """
    method = _method(method)
    h = np.asarray(validate.positive("lr_times_eigenvalue", lr_times_eigenvalue), dtype=float)
    r = np.sqrt(h)
    if method == "heavy_ball":
        return np.where(h <= 4.0, (1.0 - r) ** 2, np.nan)
    return np.where(h <= 1.0, (1.0 - r) / (1.0 + r), np.nan)


def stability_limit(alpha, method: str = "heavy_ball") -> np.ndarray:
    r"""The largest stable ελ for momentum α: ρ < 1 exactly for :math:`0 < \varepsilon\lambda <` this.

    heavy ball :math:`2(1 + \alpha)`, Nesterov :math:`(2 + 2\alpha)/(1 + 2\alpha)` (Jury's test
    :math:`|d| < 1`, :math:`|t| < 1 + d` on the characteristic polynomial :math:`z^2 - tz + d`).
    """
    method = _method(method)
    a = _alpha(alpha)
    return 2.0 * (1.0 + a) if method == "heavy_ball" else (2.0 + 2.0 * a) / (1.0 + 2.0 * a)


# --------------------------------------------------------------------------- tuning


class Tuning(NamedTuple):
    """A choice of (ε, α) and the rate it gives on every quadratic with eigenvalues in [λmin, λmax]."""

    lr: np.ndarray
    alpha: np.ndarray
    rate: np.ndarray


def _bounds(lam_min, lam_max):
    lo = _eigenvalues(lam_min, "lam_min")
    hi = _eigenvalues(lam_max, "lam_max")
    if not np.all(hi >= lo):
        raise ValueError(f"lam_max must be >= lam_min; got lam_min={lam_min!r}, lam_max={lam_max!r}")
    return lo, hi


@_overflow_to_inf
def optimal_heavy_ball(lam_min, lam_max) -> Tuning:
    r"""Polyak's optimal heavy ball for eigenvalues in [λmin, λmax] (Polyak 1964; Goh 2017).

    .. math::
        \varepsilon^* = \Big(\frac{2}{\sqrt{\lambda_{\min}} + \sqrt{\lambda_{\max}}}\Big)^2,\quad
        \alpha^* = \Big(\frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\Big)^2,\quad
        \rho^* = \sqrt{\alpha^*} = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1},

    κ = λmax/λmin. At this choice both extreme eigenvalues sit on the critical-damping curve
    and every eigenvalue in between has a complex pair of modulus :math:`\sqrt{\alpha^*}`,
    so the rate is the same for all of them. Gradient descent's best is (κ − 1)/(κ + 1).
    """
    lo, hi = _bounds(lam_min, lam_max)
    # (√κ - 1)/(√κ + 1) written with √λ's, so that κ = inf (a tiny λmin) gives rate 1, not nan
    sl, sh = np.sqrt(lo), np.sqrt(hi)
    rate = (sh - sl) / (sh + sl)
    return Tuning(4.0 / (sl + sh) ** 2, rate**2, rate)


@_overflow_to_inf
def nesterov_tuning(lam_min, lam_max) -> Tuning:
    r"""The standard strongly convex tuning of Nesterov momentum: ε = 1/L, α = (√κ − 1)/(√κ + 1).

    L = λmax, μ = λmin, κ = L/μ. On a quadratic its rate is exactly

    .. math:: \rho = 1 - 1/\sqrt\kappa,

    (Lessard, Recht & Packard 2016): λ = μ sits on Nesterov's critical-damping
    curve with the double eigenvalue :math:`(1+\alpha)(1 - 1/\kappa)/2 = 1 - 1/\sqrt\kappa`, and
    every λ in (μ, L] has a complex pair of modulus :math:`\sqrt{\alpha(1 - \lambda/L)}`, no
    larger. Slower than the optimal heavy ball's :math:`(\sqrt\kappa-1)/(\sqrt\kappa+1) \approx 1 - 2/\sqrt\kappa`,
    but, unlike it, guaranteed on every L-smooth μ-strongly convex function (Nesterov,
    *Introductory Lectures on Convex Optimization*, 2004, sec. 2.2).
    """
    lo, hi = _bounds(lam_min, lam_max)
    sl, sh = np.sqrt(lo), np.sqrt(hi)  # √κ = sh / sl, kept apart so that κ = inf gives limits, not nan
    return Tuning(1.0 / hi, (sh - sl) / (sh + sl), 1.0 - sl / sh)


@_overflow_to_inf
def optimal_nesterov(lam_min, lam_max) -> Tuning:
    r"""The (ε, α) that minimize Nesterov's rate over quadratics with eigenvalues in [λmin, λmax].

    .. math::
        \varepsilon = \frac{4}{3L + \mu},\quad
        \alpha = \frac{\sqrt{3\kappa + 1} - 2}{\sqrt{3\kappa + 1} + 2},\quad
        \rho = 1 - \frac{2}{\sqrt{3\kappa + 1}}

    (Lessard, Recht & Packard 2016; checked here against a brute-force grid search).
    Still slower than the optimal heavy ball, :math:`1 - 2/(\sqrt\kappa + 1)`.
    """
    lo, hi = _bounds(lam_min, lam_max)
    # √(3κ + 1) = r / √λmin with r = √(3λmax + λmin), kept apart so that κ = inf gives limits, not nan
    r, sl = np.sqrt(3.0) * np.sqrt(hi + lo / 3.0), 2.0 * np.sqrt(lo)
    return Tuning(4.0 / (3.0 * hi + lo), (r - sl) / (r + sl), 1.0 - sl / r)


# --------------------------------------------------------------------------- velocity and noise


@_overflow_to_inf
def effective_lr(lr, alpha) -> np.ndarray:
    r"""The effective learning rate :math:`\varepsilon / (1 - \alpha)` of momentum on slowly changing gradients."""
    return _lr(lr) / (1.0 - _alpha(alpha))


@_overflow_to_inf
def velocity_under_constant_gradient(lr, alpha, grad_norm, k) -> np.ndarray:
    r"""The step length after k updates under a constant gradient g: :math:`\varepsilon\lVert g\rVert (1 - \alpha^k)/(1 - \alpha)`.

    From :math:`v_k = \alpha v_{k-1} - \varepsilon g`, :math:`v_0 = 0`: a geometric sum. ``k``
    integers >= 0; everything broadcasts.
    """
    k = np.asarray(k)
    if not (np.issubdtype(k.dtype, np.integer) and np.all(k >= 0)):
        raise ValueError(f"k must be integers >= 0; got {k!r}")
    g = np.asarray(validate.nonnegative("grad_norm", grad_norm), dtype=float)
    a = _alpha(alpha)
    with np.errstate(invalid="ignore"):  # inf · 0 at k = 0 when ε‖g‖ overflows: set to 0 just below
        v = _lr(lr) * g * (1.0 - a**k) / (1.0 - a)
    return np.where(k == 0, 0.0, v) if np.any(k == 0) else v  # v_0 = 0, also when ε‖g‖ overflows


@_overflow_to_inf
def terminal_velocity(lr, alpha, grad_norm) -> np.ndarray:
    r"""The limit step length under a constant gradient: :math:`\varepsilon \lVert g\rVert / (1 - \alpha)` (Goodfellow et al., eq. 8.17)."""
    g = np.asarray(validate.nonnegative("grad_norm", grad_norm), dtype=float)
    return effective_lr(lr, alpha) * g


@_overflow_to_inf
def noise_floor(lr, alpha, curvature, noise) -> np.ndarray:
    r"""The stationary :math:`\mathbb E f` of the heavy ball on f = ½ λ θ² with gradients g = λθ + σξ.

    The error follows the AR(2) recursion :math:`x_{k+1} = (1 + \alpha - \varepsilon\lambda) x_k
    - \alpha x_{k-1} - \varepsilon\sigma\xi_k`, whose stationary variance is

    .. math::
        \operatorname{Var} x = \frac{(1 + \alpha)\,\varepsilon\sigma^2}
                                    {(1 - \alpha)\,\lambda\,(2(1+\alpha) - \varepsilon\lambda)},
        \qquad \mathbb E f = \tfrac12 \lambda \operatorname{Var} x
             = \frac{(1+\alpha)\,\varepsilon\sigma^2}{2(1-\alpha)(2(1+\alpha) - \varepsilon\lambda)}.

    For small ελ this is :math:`\approx \tfrac14 \sigma^2 \varepsilon/(1-\alpha)`: SGD's floor
    (`rates.quadratic_noise_floor`, the case α = 0) at the effective rate ε/(1 − α). Needs
    :math:`\varepsilon\lambda < 2(1 + \alpha)`. Per coordinate; an isotropic d-dimensional
    problem has the sum over its eigenvalues.
    """
    lr, a = _lr(lr), _alpha(alpha)
    lam = _eigenvalues(curvature, "curvature")
    sigma = np.asarray(validate.nonnegative("noise", noise), dtype=float)
    if not np.all(lr * lam < 2.0 * (1.0 + a)):
        raise ValueError("need lr * curvature < 2 (1 + alpha): beyond it the heavy ball diverges")
    return (1.0 + a) * lr * sigma**2 / (2.0 * (1.0 - a) * (2.0 * (1.0 + a) - lr * lam))


# --------------------------------------------------------------------------- where the error lives


def eigen_errors(lr, alpha, eigenvalues, x0, steps: int, method: str = "heavy_ball") -> np.ndarray:
    r"""The error along each eigenvector at every step: :math:`x_k^{(i)} = [M_i^k (x_0^{(i)}, 0)]_0`.

    ``eigenvalues`` ``(d,)`` of a quadratic's Hessian; ``x0`` ``(..., d)`` the initial error's
    components in the eigenbasis (:math:`Q^\top(\theta_0 - \theta^*)`); ``lr`` and ``alpha``
    broadcast against the batch shape ``(...)``. Returns ``(steps + 1, ..., d)``, signed. One
    loop over time, vectorized over everything else (Goh 2017 calls these the eigen-features
    of the error). Entries that overflow become ±inf without a warning.
    """
    lam = _eigenvalues(eigenvalues)
    if lam.ndim != 1:
        raise ValueError(f"eigenvalues must be one vector (d,); got shape {lam.shape}")
    x = validate.real_array("x0", x0, finite=True, what="the initial error's components, real numbers")
    if x.ndim == 0 or x.shape[-1] != lam.shape[0]:
        raise ValueError(
            f"x0 must be shaped (..., d) with d = len(eigenvalues) = {lam.shape[0]}; got x0 of shape {x.shape} "
            f"and eigenvalues of shape {lam.shape}"
        )
    steps = validate.integer("steps", steps, 0)
    method = _method(method)
    with np.errstate(over="ignore"):
        h = _lr(lr)[..., None] * lam
    a = _alpha(alpha)[..., None]
    x, h, a = np.broadcast_arrays(x, h, a)
    validate.work("steps", (steps + 1) * x.size, "stored error components", validate.MAX_ELEMENTS)
    v = np.zeros_like(x)
    out = np.empty((steps + 1,) + x.shape)
    out[0] = x
    with np.errstate(all="ignore"):
        for k in range(steps):
            g = h * (x + a * v) if method == "nesterov" else h * x  # ε times the gradient component
            v = a * v - g
            x = x + v
            out[k + 1] = x
    if steps and np.isnan(out).any():  # x0 is finite, so NaN is inf - inf after an overflow: keep the ±inf
        last = np.where(np.isnan(out), 0, np.arange(steps + 1).reshape((-1,) + (1,) * x.ndim))
        out = np.take_along_axis(out, np.maximum.accumulate(last, axis=0), axis=0)
    return out


__all__ = [
    "METHODS",
    "REGIMES",
    "MONOTONE",
    "OSCILLATING",
    "FLIPPING",
    "DIVERGENT",
    "trace_det",
    "iteration_matrix",
    "eigenvalues",
    "spectral_radius",
    "convergence_rate",
    "regime",
    "critical_damping",
    "stability_limit",
    "Tuning",
    "optimal_heavy_ball",
    "nesterov_tuning",
    "optimal_nesterov",
    "effective_lr",
    "velocity_under_constant_gradient",
    "terminal_velocity",
    "noise_floor",
    "eigen_errors",
]
