"""Small landscapes that show one kind of critical point each, or all of them at once.

* `bumpy` -- 1-D: a global minimum, a local maximum, a local minimum, a flat inflection
  point and a plateau, on one curve.
* `saddle` -- x^2 - y^2, the textbook saddle.
* `monkey_saddle` -- x^3 - 3 x y^2, a saddle whose Hessian vanishes.
* `two_minima` -- 2-D: a global and a local minimum in a curved valley, with a saddle
  between them.

These are the course's own constructions; the classification of their critical points
follows Goodfellow, Bengio & Courville, *Deep Learning* (2016), sections 4.3 and 8.2.
"""

from __future__ import annotations

import numpy as np
from numpy.polynomial import Polynomial

from .. import validate
from .base import Objective, hessian_2x2, stack_last


def bumpy(
    minimum_at: float = -2.0,
    maximum_at: float = -0.5,
    local_minimum_at: float = 0.6,
    inflection_at: float = 1.6,
    height: float = 3.0,
) -> Objective:
    r"""A 1-D curve with every kind of landmark: f(x) = p(w(x)).

    Built from two pieces:

    * a polynomial p whose derivative is
      :math:`p'(u) = k\,(u-u_1)(u-u_2)(u-u_3)(u-u_4)^2`, so p has a minimum at u_1, a
      maximum at u_2, a minimum at u_3 and a flat inflection point at u_4 (p' = p'' = 0
      there, p' > 0 on both sides);
    * a warp :math:`w(x) = c + s\tanh((x - c)/s)` with s = 2, c = 0.3, which is the
      identity near c and saturates far away. Because w' = sech^2((x-c)/s) > 0, f keeps
      the kind of every critical point of p, and because w' -> 0 far out, f flattens into
      plateaus on both sides (gradient tiny, but not zero).

    The u_i are chosen so that the critical points of f sit exactly at the arguments
    (u_i = w(x_i)). The constant k scales the plateau on the right to ``height`` above the
    global minimum value 0. The left-hand minimum is the global one for the default
    arguments.

    f'(x) = p'(w(x)) w'(x), f''(x) = p''(w(x)) w'(x)^2 + p'(w(x)) w''(x),
    with w'' = -(2/s) tanh((x-c)/s) w'.
    """
    names = ("minimum_at", "maximum_at", "local_minimum_at", "inflection_at")
    args = (minimum_at, maximum_at, local_minimum_at, inflection_at)
    xs = np.array([validate.in_range(n, v, -1e6, 1e6, high_closed=True, scalar=True) for n, v in zip(names, args)])
    if not np.all(np.diff(xs) > 0):
        raise ValueError(f"bumpy needs minimum_at < maximum_at < local_minimum_at < inflection_at; got {xs.tolist()}")
    height = validate.positive("height", height, 1e6, scalar=True)
    s, c = 2.0, 0.3
    u = c + s * np.tanh((xs - c) / s)
    p = Polynomial.fromroots([u[0], u[1], u[2], u[3], u[3]]).integ()
    p = p - p(u[0])
    p = p * (height / p(c + s))  # the right plateau's limit is p(c + s)
    dp, d2p = p.deriv(), p.deriv(2)

    def parts(x):
        t = np.tanh((x[..., 0] - c) / s)
        w1 = 1.0 - t * t  # w'(x) = sech^2
        return c + s * t, w1, -(2.0 / s) * t * w1  # w, w', w''

    def value(x):
        return p(parts(x)[0])

    def grad(x):
        w, w1, _ = parts(x)
        return (dp(w) * w1)[..., None]

    def hess(x):
        w, w1, w2 = parts(x)
        return (d2p(w) * w1**2 + dp(w) * w2)[..., None, None]

    minimizers = xs[[0, 2], None]
    names = ("global minimum", "local maximum", "local minimum", "flat inflection")
    landmarks = {n: np.array([v]) for n, v in zip(names, xs)}
    landmarks["plateau"] = np.array([6.5])
    return Objective(
        name="bumpy",
        dim=1,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-3.2, 7.5),),
        minimizers=minimizers,
        minimum=float(min(value(minimizers))),
        landmarks=landmarks,
    )


def saddle() -> Objective:
    """f(x, y) = x^2 - y^2: a minimum along x, a maximum along y; Hessian diag(2, -2)."""

    def value(x):
        return x[..., 0] ** 2 - x[..., 1] ** 2

    def grad(x):
        return stack_last(2 * x[..., 0], -2 * x[..., 1])

    def hess(x):
        z = np.zeros(x.shape[:-1])
        return hessian_2x2(z + 2.0, z, z - 2.0)

    return Objective(
        "saddle",
        2,
        value,
        grad,
        hess,
        bounds=((-2, 2), (-2, 2)),
        minimizers=np.empty((0, 2)),
        landmarks={"saddle": np.zeros(2)},
    )


def monkey_saddle() -> Objective:
    """f(x, y) = x^3 - 3 x y^2: three valleys meet at the origin, where the Hessian is zero.

    grad = (3x^2 - 3y^2, -6xy); Hessian [[6x, -6y], [-6y, -6x]]. At the origin both
    eigenvalues are 0, so the second-derivative test is inconclusive although the origin
    is a saddle.
    """

    def value(x):
        return x[..., 0] ** 3 - 3 * x[..., 0] * x[..., 1] ** 2

    def grad(x):
        return stack_last(3 * x[..., 0] ** 2 - 3 * x[..., 1] ** 2, -6 * x[..., 0] * x[..., 1])

    def hess(x):
        return hessian_2x2(6 * x[..., 0], -6 * x[..., 1], -6 * x[..., 0])

    return Objective(
        "monkey saddle",
        2,
        value,
        grad,
        hess,
        bounds=((-1.5, 1.5), (-1.5, 1.5)),
        minimizers=np.empty((0, 2)),
        landmarks={"monkey saddle": np.zeros(2)},
    )


def two_minima(tilt: float = 0.4, bend: float = 0.5, stiffness: float = 2.0) -> Objective:
    r"""A curved valley with a global and a local minimum and a saddle between them.

    .. math:: f(x, y) = (x^2 - 1)^2 + \text{tilt}\,x + \text{stiffness}\,(y - \text{bend}\,x^2)^2

    Along the valley floor y = bend x^2 the function is the tilted double well
    (x^2-1)^2 + tilt x, so the critical points have x solving 4x^3 - 4x + tilt = 0 and
    y = bend x^2. For 0 < tilt < 8/(3 sqrt 3) the cubic has three real roots: the left one
    is the global minimum, the right one a local minimum and the middle one a saddle.
    """
    tilt = validate.in_range("tilt", tilt, 0.0, 8 / (3 * np.sqrt(3)), low_closed=False, scalar=True)
    bend = validate.in_range("bend", bend, -1e6, 1e6, high_closed=True, scalar=True)
    stiffness = validate.positive("stiffness", stiffness, 1e6, scalar=True)

    def value(x):
        u, v = x[..., 0], x[..., 1]
        return (u * u - 1) ** 2 + tilt * u + stiffness * (v - bend * u * u) ** 2

    def grad(x):
        u, v = x[..., 0], x[..., 1]
        r = v - bend * u * u
        return stack_last(4 * u * (u * u - 1) + tilt - 4 * stiffness * bend * u * r, 2 * stiffness * r)

    def hess(x):
        u, v = x[..., 0], x[..., 1]
        r = v - bend * u * u
        fxx = 12 * u * u - 4 - 4 * stiffness * bend * r + 8 * stiffness * bend**2 * u * u
        fxy = -4 * stiffness * bend * u
        return hessian_2x2(fxx, fxy, np.full_like(u, 2 * stiffness))

    roots = np.sort(np.roots([4.0, 0.0, -4.0, tilt]).real)
    critical = np.stack([roots, bend * roots**2], axis=-1)
    minimizers = critical[[0, 2]]
    return Objective(
        name="two minima",
        dim=2,
        value_fn=value,
        grad_fn=grad,
        hess_fn=hess,
        bounds=((-2.0, 2.0), (-1.0, 2.0)),
        minimizers=minimizers,
        minimum=float(value(minimizers[0])),
        landmarks=dict(zip(("global minimum", "saddle", "local minimum"), critical)),
    )
