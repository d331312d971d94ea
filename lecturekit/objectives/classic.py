"""Classic test functions with exact gradients and Hessians, batch-first.

Each factory returns an `Objective` (see `base`): ``value``, ``grad`` and ``hess`` take
points shaped ``(..., d)`` and are closed forms, vectorized over any leading batch shape.
Each objective knows its minimizers (global first) and its global minimum value.

* `quadratic` -- f(x) = 1/2 (x - c)^T A (x - c) with chosen eigenvalues and eigenvectors
* `rosenbrock` -- the banana valley (Rosenbrock 1960)
* `himmelblau` -- four global minima (Himmelblau 1972)
* `beale` -- flat regions and sharp ridges (Beale 1958)
* `cliff` -- a bowl behind a steep wall: exploding gradients and clipping (the course's own)
* `plateau` -- a well surrounded by a vast nearly flat plain (the course's own)
* `lessard_counterexample` -- 1-D, strongly convex, on which the tuned heavy ball cycles
  (Lessard, Recht & Packard 2016)
* `linear` -- a constant gradient, to watch momentum's velocity reach its terminal value
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import validate
from .base import Objective, hessian_2x2, stack_last


def _frozen(a) -> np.ndarray:
    """A read-only float copy of ``a``: arrays stored on a frozen objective stay unchanged."""
    arr = np.array(a, dtype=float)
    arr.setflags(write=False)
    return arr


def _newton_refine(grad_fn, hess_fn, points: np.ndarray, steps: int = 8) -> np.ndarray:
    """A few Newton steps x <- x - H(x)^{-1} grad(x) on every row of ``points`` at once."""
    x = np.array(points, dtype=float)
    for _ in range(steps):
        x = x - np.linalg.solve(hess_fn(x), grad_fn(x)[..., None])[..., 0]
    return x


# --------------------------------------------------------------------------- quadratic


def rotation(angle: float) -> np.ndarray:
    """The 2-D rotation R(theta) = [[cos, -sin], [sin, cos]] by ``angle`` radians."""
    angle = validate.number("angle", angle)
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def quadratic_matrix(eigenvalues=(1.0, 10.0), angle: float = 0.0, basis=None) -> np.ndarray:
    """The symmetric matrix A = Q diag(lambda) Q^T with given eigenvalues and eigenvectors.

    The eigenvectors are the columns of Q:

    * in 2-D, Q = R(angle), the rotation by ``angle`` radians, so the eigenvector of
      ``eigenvalues[0]`` is (cos angle, sin angle) and that of ``eigenvalues[1]`` is
      (-sin angle, cos angle);
    * in any dimension, an explicit orthogonal ``basis`` (d, d) gives Q directly;
    * with neither, Q = I and A = diag(eigenvalues).

    ``angle`` is for d = 2 only, and ``angle`` and ``basis`` exclude each other.
    """
    lam = validate.real_array("eigenvalues", eigenvalues, finite=True)
    if lam.ndim != 1 or lam.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty 1-D sequence of numbers; got shape {lam.shape}")
    if not np.all(np.abs(lam) <= 1e100):
        raise ValueError(f"eigenvalues must have magnitudes <= 1e100 (so that f stays finite near c); got {lam}")
    angle = validate.number("angle", angle)
    d = lam.size
    validate.elements("eigenvalues", (d, d))
    if basis is not None:
        if angle != 0.0:
            raise ValueError("give either angle (2-D rotation) or basis (any d), not both")
        q = validate.real_array("basis", basis, finite=True)
        if q.shape != (d, d):
            raise ValueError(
                f"basis must be a ({d}, {d}) orthogonal matrix to match {d} eigenvalues; got shape {q.shape}"
            )
        if not np.allclose(q.T @ q, np.eye(d), atol=1e-10):
            raise ValueError("basis must be orthogonal (basis.T @ basis == I to 1e-10)")
    elif d == 2:
        q = rotation(angle)
    elif angle != 0.0:
        raise ValueError(
            f"angle rotates 2-D quadratics only; got {d} eigenvalues. For d != 2 pass an orthogonal basis instead."
        )
    else:
        q = np.eye(d)
    a = (q * lam) @ q.T  # Q diag(lambda) Q^T
    return (a + a.T) / 2  # exactly symmetric despite round-off


@dataclass(frozen=True, eq=False, kw_only=True)
class QuadraticObjective(Objective):
    """f(x) = 1/2 (x - c)^T A (x - c), an `Objective` that also exposes A, c and spec(A)."""

    matrix: np.ndarray
    center: np.ndarray
    eigenvalues: np.ndarray

    @property
    def condition_number(self) -> float:
        """kappa(A) = max |lambda| / min |lambda| (lambda_max / lambda_min when A > 0); inf if singular."""
        mags = np.abs(self.eigenvalues)
        return float(np.inf) if mags.min() == 0 else float(mags.max() / mags.min())


def quadratic(eigenvalues=(1.0, 10.0), angle: float = 0.0, center=None, basis=None) -> QuadraticObjective:
    r"""The quadratic f(x) = 1/2 (x - c)^T A (x - c), A = Q diag(lambda) Q^T.

    .. math::  f(x) = \tfrac12 (x-c)^\top A (x-c), \quad \nabla f = A (x-c), \quad \nabla^2 f = A.

    ``eigenvalues`` (any length d >= 1) are the curvatures along the eigenvectors; their
    ratio lambda_max / lambda_min is the condition number (``.condition_number``). The
    eigenvectors are set by ``angle`` (2-D: rotation by ``angle`` radians) or ``basis``
    (any d: orthogonal columns); see `quadratic_matrix`. ``center`` c defaults to the origin.

    * All eigenvalues > 0: the unique minimizer is c, minimum 0.
    * Some eigenvalue == 0 (and none negative): every point of c + null(A) is a minimizer;
      ``minimizers`` holds c only, minimum 0.
    * Some eigenvalue < 0: a saddle (or a maximum); no minimizer (empty ``(0, d)``), and
      ``minimum`` is None. c is then the only critical point.

    The returned `QuadraticObjective` also has ``.matrix`` (A), ``.center`` (c) and
    ``.eigenvalues``. Plot bounds are c +- 3 in every coordinate.

    Example: ``quadratic((1, 100), angle=np.pi / 6)`` is a bowl with condition number 100
    whose shallow direction (the long axis of its elliptic level sets) is tilted 30 degrees
    from the x axis.
    """
    a = quadratic_matrix(eigenvalues, angle, basis)
    lam = np.asarray(eigenvalues, dtype=float)
    d = lam.size
    c = np.zeros(d) if center is None else validate.real_array("center", center, finite=True)
    if c.shape != (d,) or not np.all(np.abs(c) <= 1e100):
        raise ValueError(
            f"center must be a finite point of length {d} (one per eigenvalue, entries of magnitude <= 1e100); "
            f"got {np.asarray(center)!r}"
        )

    def value(x):
        r = x - c
        return 0.5 * np.einsum("...i,ij,...j->...", r, a, r)

    def grad(x):
        return (x - c) @ a  # A is symmetric: (x - c)^T A == (A (x - c))^T

    def hess(x):
        return np.broadcast_to(a, x.shape[:-1] + (d, d)).copy()

    if np.all(lam >= 0):
        minimizers, minimum = c[None, :], 0.0
    else:
        minimizers, minimum = np.empty((0, d)), None
    return QuadraticObjective(
        name="quadratic",
        dim=d,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=tuple((ci - 3.0, ci + 3.0) for ci in c),
        minimizers=_frozen(minimizers),
        minimum=minimum,
        matrix=_frozen(a),
        center=_frozen(c),
        eigenvalues=_frozen(lam),
    )


# --------------------------------------------------------------------------- rosenbrock


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Objective:
    r"""Rosenbrock's banana valley f(x, y) = (a - x)^2 + b (y - x^2)^2.

    .. math::
        \nabla f = \big(-2(a-x) - 4bx(y-x^2),\; 2b(y-x^2)\big), \qquad
        \nabla^2 f = \begin{pmatrix} 2 - 4by + 12bx^2 & -4bx \\ -4bx & 2b \end{pmatrix}.

    A curved, narrow valley along y = x^2 with a gentle floor: easy to find, slow to follow.
    The unique minimizer is (a, a^2), minimum 0; there det Hessian = 4b > 0. Requires b > 0.
    Bounds: x in (-2m, 2m), y in (-m^2, 3m^2) with m = max(1, |a|) (the classic
    (-2, 2) x (-1, 3) for a = 1).

    Reference: H. H. Rosenbrock, "An automatic method for finding the greatest or least
    value of a function", The Computer Journal 3(3), 175-184, 1960.
    """
    # Caps keep the minimizer (a, a^2), the bounds and f on them finite.
    a = validate.in_range("a", a, -1e6, 1e6, high_closed=True, scalar=True)
    b = validate.positive("b", b, 1e6, scalar=True)

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return (a - x) ** 2 + b * (y - x**2) ** 2

    def grad(p):
        # Written for speed (it is the inner loop of the batched benchmarks): contiguous
        # copies of x and y, the residual r = y - x^2 computed once, in-place arithmetic.
        x, y = np.ascontiguousarray(p[..., 0]), np.ascontiguousarray(p[..., 1])
        r = y - x * x
        gx = x * r
        gx *= -4 * b
        gx += 2 * x
        gx -= 2 * a  # df/dx = -2(a - x) - 4 b x r
        r *= 2 * b  # df/dy = 2 b r
        out = np.empty(p.shape)
        out[..., 0] = gx
        out[..., 1] = r
        return out

    def hess(p):
        x, y = p[..., 0], p[..., 1]
        return hessian_2x2(2 - 4 * b * y + 12 * b * x**2, -4 * b * x, 2 * b * np.ones_like(x))

    m = max(1.0, abs(a))
    return Objective(
        name="rosenbrock",
        dim=2,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-2 * m, 2 * m), (-(m**2), 3 * m**2)),
        minimizers=_frozen([[a, a**2]]),
        minimum=0.0,
    )


# --------------------------------------------------------------------------- himmelblau

# Literature values (to ~1e-6) of the three minimizers that are not (3, 2); `himmelblau`
# polishes them with Newton's method to machine precision.
_HIMMELBLAU_START = np.array([[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]])
# Its other critical points (Himmelblau 1972; to ~1e-6): the local maximum and the four saddles.
_HIMMELBLAU_OTHER = {
    "local maximum": (-0.270845, -0.923039),
    "saddle 1": (3.385154, 0.073852),
    "saddle 2": (0.086677, 2.884255),
    "saddle 3": (-3.073026, -0.081353),
    "saddle 4": (-0.127961, -1.953715),
}


def himmelblau() -> Objective:
    r"""Himmelblau's function f(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2.

    With u = x^2 + y - 11 and v = x + y^2 - 7:

    .. math::
        \nabla f = (4xu + 2v,\; 2u + 4yv), \qquad
        \nabla^2 f = \begin{pmatrix} 4u + 8x^2 + 2 & 4(x + y) \\ 4(x + y) & 4v + 8y^2 + 2 \end{pmatrix}.

    Four global minimizers, all with f = 0: (3, 2) exactly, and approximately
    (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126), which the factory
    refines with Newton's method to machine precision. It also has a local maximum near
    (-0.270845, -0.923039) and four saddles near (3.385154, 0.073852), (0.086677, 2.884255),
    (-3.073026, -0.081353) and (-0.127961, -1.953715); all nine critical points, refined the
    same way, are its ``landmarks``. Bounds (-5, 5)^2.

    Reference: D. M. Himmelblau, *Applied Nonlinear Programming*, McGraw-Hill, 1972.
    """

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2

    def grad(p):
        x, y = p[..., 0], p[..., 1]
        u, v = x**2 + y - 11, x + y**2 - 7
        return stack_last(4 * x * u + 2 * v, 2 * u + 4 * y * v)

    def hess(p):
        x, y = p[..., 0], p[..., 1]
        u, v = x**2 + y - 11, x + y**2 - 7
        return hessian_2x2(4 * u + 8 * x**2 + 2, 4 * (x + y), 4 * v + 8 * y**2 + 2)

    minimizers = _newton_refine(grad, hess, _HIMMELBLAU_START)
    minimizers[0] = (3.0, 2.0)  # exact; keep it free of round-off
    others = _newton_refine(grad, hess, np.array(list(_HIMMELBLAU_OTHER.values())))
    landmarks = {f"minimum {i + 1}": m for i, m in enumerate(minimizers)}
    landmarks.update(zip(_HIMMELBLAU_OTHER, others))
    return Objective(
        name="himmelblau",
        dim=2,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        minimizers=_frozen(minimizers),
        minimum=0.0,
        landmarks=landmarks,
    )


# --------------------------------------------------------------------------- beale

_BEALE_C = np.array([1.5, 2.25, 2.625])
_BEALE_I = np.array([1, 2, 3])


def beale() -> Objective:
    r"""Beale's function f(x, y) = sum_{i=1}^{3} t_i^2, t_i = c_i - x + x y^i, c = (1.5, 2.25, 2.625).

    With dt_i/dx = y^i - 1 and dt_i/dy = i x y^{i-1}:

    .. math::
        \partial_x f = \sum_i 2 t_i (y^i - 1), \qquad
        \partial_y f = \sum_i 2 t_i\, i x y^{i-1},

        \partial_{xx} f = \sum_i 2 (y^i - 1)^2, \quad
        \partial_{xy} f = \sum_i 2\big[i x y^{i-1} (y^i - 1) + t_i\, i y^{i-1}\big], \quad
        \partial_{yy} f = \sum_i 2\big[(i x y^{i-1})^2 + t_i\, i (i-1) x y^{i-2}\big].

    Flat near y = 1 and x = 0, steep ridges at large |y|. The unique global minimizer is
    (3, 0.5), minimum 0. Bounds (-4.5, 4.5)^2.

    Reference: E. M. L. Beale, "On an iterative method for finding a local minimum of a
    function of more than one variable", Technical Report 25, Statistical Techniques
    Research Group, Princeton University, 1958.
    """
    c, i = _BEALE_C, _BEALE_I

    def parts(p):
        x, y = p[..., 0, None], p[..., 1, None]  # (..., 1): broadcast against the 3 terms
        t = c - x + x * y**i
        dtdx = y**i - 1
        dtdy = i * x * y ** (i - 1)
        return x, y, t, dtdx, dtdy

    def value(p):
        return np.sum(parts(p)[2] ** 2, axis=-1)

    def grad(p):
        _, _, t, dtdx, dtdy = parts(p)
        return stack_last(np.sum(2 * t * dtdx, -1), np.sum(2 * t * dtdy, -1))

    def hess(p):
        x, y, t, dtdx, dtdy = parts(p)
        d2tdxdy = i * y ** (i - 1)
        # i (i - 1) = 0 for i = 1, so the power is clipped at 0 to avoid 0 * inf at y = 0.
        d2tdy2 = i * (i - 1) * x * y ** np.maximum(i - 2, 0)
        fxx = np.sum(2 * dtdx**2, -1)
        fxy = np.sum(2 * (dtdy * dtdx + t * d2tdxdy), -1)
        fyy = np.sum(2 * (dtdy**2 + t * d2tdy2), -1)
        return hessian_2x2(fxx, fxy, fyy)

    return Objective(
        name="beale",
        dim=2,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        minimizers=_frozen([[3.0, 0.5]]),
        minimum=0.0,
    )


# --------------------------------------------------------------------------- cliff


def _smooth_step(z):
    """S(z) = (1 + tanh z) / 2 = sigma(2z) with S' and S'' (derivatives in z), overflow-free.

    With e = exp(-2|z|) in (0, 1]: S = 1/(1+e) for z >= 0 and e/(1+e) for z < 0,
    S' = sech(z)^2 / 2 = 2e/(1+e)^2, S'' = -sech(z)^2 tanh(z) = -4e/(1+e)^2 * sign(z)(1-e)/(1+e).
    Unlike 1 - tanh(z)^2, these keep full relative precision in the tails.
    """
    e = np.exp(-2 * np.abs(z))
    s = np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ds = 2 * e / (1 + e) ** 2
    d2s = -2 * ds * np.sign(z) * (1 - e) / (1 + e)
    return s, ds, d2s


def cliff(height: float = 4.0, width: float = 0.02) -> Objective:
    r"""A ravine at the foot of a steep wall: exploding gradients and gradient clipping.

    Construction (the course's own, after the cliff pictures of Pascanu, Mikolov & Bengio,
    "On the difficulty of training recurrent neural networks", ICML 2013, fig. 6, and
    Goodfellow, Bengio & Courville, *Deep Learning*, 2016, sec. 8.2.4, fig. 8.3). A smooth
    step S(z) = (1 + tanh z)/2 of width w = ``width`` blends a low bowl into a high one:

    .. math::
        f(x, y) = (1 - S)\,\tfrac12 (x-1)^2 + S\,\big(h + \tfrac12 (x+1)^2\big) + \tfrac12 y^2
                = \tfrac12 (x-1)^2 + (h + 2x)\,S(x/w) + \tfrac12 y^2 .

    Left of the wall (x < 0) f slopes down towards the wall with slope about 1; across
    |x| <~ w it rises by h = ``height``; right of it f slopes back down towards the wall
    too, so every path ends at the wall. Derivatives (S' and S'' with respect to z = x/w):

    .. math::
        f_x = (x - 1) + 2S + (h + 2x) S'/w, \qquad
        f_{xx} = 1 + 4S'/w + (h + 2x) S''/w^2, \qquad f_y = y,\; f_{yy} = 1,\; f_{xy} = 0.

    On the wall face |grad f| reaches about h/(2w) = 100 with the defaults, while it is
    about 1 elsewhere. The unique minimizer is at the foot of the wall, (x*, 0) with
    x* ~ -w acosh(sqrt(h / 2w)) ~ -0.06, found by bisection on f_x in the factory.
    The foot is sharp (f_xx ~ 2/w there), so gradient descent with a learning rate above
    about w cannot settle in it.

    What it shows, with the defaults, lr = 0.1 and any start in the low region (e.g.
    (-2.5, 1.5)): plain gradient descent walks to the wall, lands on its face and is thrown
    back by up to lr h/(2w) = 10, far outside the plot bounds (-3, 1.5) x (-2, 2); with the
    gradient norm clipped at 1, every step is at most lr = 0.1 long, so the iterates stay in
    a band of width ~0.2 at the foot (they keep bouncing there: the foot is too sharp for
    this lr, which is a job for a smaller or decaying learning rate, not for clipping).
    """
    # Caps keep the wall's slope h / (2w) and the bisection grid finite.
    h = validate.positive("height", height, 1e6, scalar=True)
    w = validate.in_range("width", width, 1e-6, 1e6, high_closed=True, scalar=True)

    def dfdx(x):
        s, ds, _ = _smooth_step(x / w)
        return (x - 1) + 2 * s + (h + 2 * x) * ds / w

    def d2fdx2(x):
        _, ds, d2s = _smooth_step(x / w)
        return 1 + 4 * ds / w + (h + 2 * x) * d2s / w**2

    def value(p):
        x, y = p[..., 0], p[..., 1]
        return 0.5 * (x - 1) ** 2 + (h + 2 * x) * _smooth_step(x / w)[0] + 0.5 * y**2

    def grad(p):
        return stack_last(dfdx(p[..., 0]), p[..., 1])

    def hess(p):
        x = p[..., 0]
        return hessian_2x2(d2fdx2(x), np.zeros_like(x), np.ones_like(x))

    x_min = _minimizers_1d(dfdx, w * np.linspace(-40.0, 40.0, 8001))
    minimizers = np.stack([x_min, np.zeros_like(x_min)], axis=-1)
    values = value(minimizers)
    order = np.argsort(values)
    return Objective(
        name="cliff",
        dim=2,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-3.0, 1.5), (-2.0, 2.0)),
        minimizers=_frozen(minimizers[order]),
        minimum=float(values[order[0]]),
    )


def _minimizers_1d(df, grid: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Every x in the span of ``grid`` where ``df`` changes sign from - to +, by bisection.

    Brackets come from consecutive grid points; all brackets are bisected at once. The
    function must keep one sign outside the grid (checked by the caller's construction).
    """
    d = df(grid)
    k = np.nonzero((d[:-1] < 0) & (d[1:] >= 0))[0]
    lo, hi = grid[k], grid[k + 1]
    for _ in range(iterations):
        mid = (lo + hi) / 2
        neg = df(mid) < 0
        lo, hi = np.where(neg, mid, lo), np.where(neg, hi, mid)
        if np.all(hi - lo <= 4 * np.finfo(float).eps * np.maximum(1.0, np.abs(lo))):
            break
    return (lo + hi) / 2


# --------------------------------------------------------------------------- plateau


def plateau(width: float = 1.0) -> Objective:
    r"""A Gaussian well in a vast, nearly flat plain: f(x) = 1 - exp(-|x|^2 / (2 s^2)).

    The course's own. With g = exp(-|x|^2 / (2 s^2)) and s = ``width``:

    .. math::
        \nabla f = \frac{g}{s^2}\, x, \qquad
        \nabla^2 f = \frac{g}{s^2}\Big(I - \frac{x x^\top}{s^2}\Big).

    Beyond |x| ~ 3s the surface is a plateau at height ~1: the gradient has norm
    (r/s^2) exp(-r^2/(2s^2)) (3e-2 at r = 3s, 1e-3 at 4s, 2e-5 at 5s), tiny but never
    zero, so no point of the plain is a critical point -- gradient descent just crawls.
    The unique minimizer is the origin, minimum 0. Bounds (-5s, 5s)^2.
    """
    width = validate.in_range("width", width, 1e-100, 1e100, high_closed=True, scalar=True)  # s^2 stays finite
    s2 = width**2

    def bump(x):
        return np.exp(-np.sum(x**2, axis=-1) / (2 * s2))

    def value(x):
        return 1 - bump(x)

    def grad(x):
        return bump(x)[..., None] * x / s2

    def hess(x):
        eye = np.eye(x.shape[-1])
        outer = x[..., :, None] * x[..., None, :]
        return (bump(x) / s2)[..., None, None] * (eye - outer / s2)

    r = 5.0 * float(width)
    return Objective(
        name="plateau",
        dim=2,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-r, r), (-r, r)),
        minimizers=_frozen([[0.0, 0.0]]),
        minimum=0.0,
    )


def lessard_counterexample() -> Objective:
    r"""A 1-D, 1-strongly convex, 25-smooth function on which the tuned heavy ball cycles.

    Lessard, Recht & Packard (2016) give it through its gradient:

    .. math::
        f'(x) = \begin{cases} 25x & x < 1 \\ x + 24 & 1 \le x < 2 \\ 25x - 24 & x \ge 2 \end{cases}
        \qquad
        f(x) = \begin{cases} \tfrac{25}{2}x^2 & x < 1 \\ \tfrac12 x^2 + 24x - 12 & 1 \le x < 2 \\
                            \tfrac{25}{2}x^2 - 24x + 36 & x \ge 2 \end{cases}

    (f is C¹ with f' Lipschitz: the pieces and their slopes agree at 1 and 2; f'' is 25, 1, 25,
    so μ = 1, L = 25, κ = 25). Its minimizer is 0 with f(0) = 0. With the quadratic-optimal
    tuning for [μ, L] (`momentum.optimal_heavy_ball`: ε = 1/9, α = 4/9) the heavy ball falls
    into a cycle of period 3 from many starting points instead of converging; Nesterov with
    ε = 1/L, α = 2/3 (`momentum.nesterov_tuning`) converges. Reference: L. Lessard, B. Recht &
    A. Packard, "Analysis and design of optimization algorithms via integral quadratic
    constraints", SIAM J. Optim. 26(1), 2016.
    """

    def grad1(x):
        return np.where(x < 1.0, 25.0 * x, np.where(x < 2.0, x + 24.0, 25.0 * x - 24.0))

    def value(x):
        x = x[..., 0]
        return np.where(
            x < 1.0, 12.5 * x * x, np.where(x < 2.0, 0.5 * x * x + 24.0 * x - 12.0, 12.5 * x * x - 24.0 * x + 36.0)
        )

    def grad(x):
        return grad1(x[..., :1])

    def hess(x):
        x = x[..., :1]
        return np.where((x >= 1.0) & (x < 2.0), 1.0, 25.0)[..., None]

    return Objective(
        name="Lessard-Recht-Packard counterexample",
        dim=1,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-4.0, 4.0),),
        minimizers=np.zeros((1, 1)),
        minimum=0.0,
    )


def linear(slope) -> Objective:
    r"""f(θ) = s·θ: a constant gradient s everywhere, to watch the velocity reach its terminal value."""
    s = validate.real_array("slope", slope, what="a finite vector (d,) of real numbers")
    if s.ndim != 1 or s.size == 0 or not np.all(np.isfinite(s)):
        raise ValueError(f"slope must be a finite vector (d,); got {slope!r}")
    s = s.copy()
    s.setflags(write=False)
    d = s.size
    return Objective(
        name="linear",
        dim=d,
        value_fn=lambda x: x @ s,
        grad_fn=lambda x: np.broadcast_to(s, np.shape(x)).copy(),
        hess_fn=lambda x: np.zeros(np.shape(x) + (d,)),
        bounds=((-1.0, 1.0),) * d,
    )
