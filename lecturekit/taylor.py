r"""The second-order Taylor model, and one gradient step seen through it.

Around a point :math:`x^{(0)}` with gradient g and Hessian H, a twice-differentiable f is
approximated by the quadratic

.. math::  f(x) \approx m(x) = f(x^{(0)}) + (x - x^{(0)})^\top g
           + \tfrac12 (x - x^{(0)})^\top H\, (x - x^{(0)}),

whose error is :math:`O(\lVert x - x^{(0)}\rVert^3)` when f has bounded third derivatives.
A gradient step :math:`x^{(0)} - \epsilon g` therefore changes f by about

.. math::  m(x^{(0)} - \epsilon g) - f(x^{(0)}) = -\epsilon\, g^\top g + \tfrac12 \epsilon^2 g^\top H g.

If :math:`g^\top H g > 0` this is smallest at :math:`\epsilon^* = g^\top g / g^\top H g`; if
:math:`g^\top H g \le 0` the model decreases for every :math:`\epsilon > 0` and says nothing
about where to stop. Since :math:`g^\top H g \le \lambda_{\max} g^\top g`,
:math:`\epsilon^* \ge 1/\lambda_{\max}`: the worst case is g along the sharpest eigenvector.

Goodfellow, Bengio & Courville, *Deep Learning*, MIT Press, 2016, section 4.3 (eqs.
4.8-4.10); Nocedal & Wright, *Numerical Optimization*, 2nd ed., 2006, section 2.1.

Everything is batch-first: points ``(..., d)``, gradients ``(..., d)``, Hessians
``(..., d, d)``, step sizes broadcastable against the batch.
"""

from __future__ import annotations

import numpy as np

from . import validate

# Points, gradients and Hessians may hold NaN or inf: the results are then NaN (or inf where
# that is the limit), never a label such as "falls without bound" made up from a NaN.


def _gh(g, H, name):
    g = validate.real_array("g", g, what="gradients: an array of real numbers")
    H = validate.real_array("H", H, what="Hessians: an array of real numbers")
    if g.ndim == 0 or g.shape[-1] == 0:
        raise ValueError(f"g must be gradients shaped (..., d) with d >= 1 for {name}; got shape {g.shape}")
    if H.ndim < 2 or H.shape[-2:] != (g.shape[-1], g.shape[-1]):
        raise ValueError(f"H must be Hessians shaped (..., d, d) to match g {g.shape} for {name}; got {H.shape}")
    try:
        np.broadcast_shapes(g.shape[:-1], H.shape[:-2])
    except ValueError:
        raise ValueError(f"g {g.shape} and H {H.shape} must have broadcastable leading shapes") from None
    with np.errstate(invalid="ignore", over="ignore"):
        return g, H, np.sum(g * g, axis=-1), np.einsum("...i,...ij,...j->...", g, H, g)


def _step_sizes(eps):
    return np.asarray(validate.nonnegative("eps", eps))


def _objective_points(f, name, **points):
    validate.objective("f", f, needs=("value", "grad", "hess"))
    return [validate.points(k, v, f.dim, where=f"{name} of {getattr(f, 'name', 'f')}") for k, v in points.items()]


def second_order_model(f, x0, x) -> np.ndarray:
    r"""The value of f's second-order Taylor model around ``x0`` at ``x``.

    :math:`m(x) = f(x_0) + g^\top s + \tfrac12 s^\top H s` with :math:`s = x - x_0`,
    :math:`g = \nabla f(x_0)`, :math:`H = \nabla^2 f(x_0)`. ``x0`` and ``x`` are shaped
    ``(..., d)`` and broadcast: ``x0`` of shape ``(C, 1, 1, d)`` against a grid ``(ny, nx, d)``
    gives the models around C points on the whole grid, ``(C, ny, nx)``.
    """
    x0, x = _objective_points(f, "second_order_model", x0=x0, x=x)
    try:
        np.broadcast_shapes(x0.shape, x.shape)
    except ValueError:
        raise ValueError(f"x0 {x0.shape} and x {x.shape} must have broadcastable shapes") from None
    g, H = f.grad(x0), f.hess(x0)
    with np.errstate(invalid="ignore", over="ignore"):
        s = x - x0
        return f.value(x0) + np.sum(g * s, axis=-1) + 0.5 * np.einsum("...i,...ij,...j->...", s, H, s)


def predicted_change(g, H, eps) -> np.ndarray:
    r"""The model's change for the step :math:`-\epsilon g`: :math:`-\epsilon g^\top g + \tfrac12\epsilon^2 g^\top H g`.

    ``g`` ``(..., d)``, ``H`` ``(..., d, d)``, ``eps`` broadcastable against ``(...)``
    (e.g. ``eps[:, None]`` against one g gives a sweep). Negative means a predicted decrease.
    """
    g, H, gg, gHg = _gh(g, H, "predicted_change")
    eps = _step_sizes(eps)
    try:
        np.broadcast_shapes(np.shape(eps), gg.shape)
    except ValueError:
        raise ValueError(f"eps {np.shape(eps)} must broadcast against the batch shape {gg.shape} of g") from None
    with np.errstate(invalid="ignore", over="ignore"):
        return -eps * gg + 0.5 * eps**2 * gHg


def actual_change(f, x, eps) -> np.ndarray:
    r"""The true change of one gradient step: :math:`f(x - \epsilon \nabla f(x)) - f(x)`.

    ``x`` ``(..., d)``; ``eps`` broadcastable against ``(...)``. Steps so long that f
    overflows give ``inf`` (no warning): a divergent step is a value, not an error.
    """
    (x,) = _objective_points(f, "actual_change", x=x)
    eps = np.asarray(_step_sizes(eps))
    try:
        np.broadcast_shapes(eps.shape + (1,), x.shape)
    except ValueError:
        raise ValueError(f"eps {eps.shape} must broadcast against the batch shape {x.shape[:-1]} of x") from None
    g = f.grad(x)
    with np.errstate(over="ignore", invalid="ignore"):
        after = f.value(x - eps[..., None] * g)
        change = after - f.value(x)
    # A step that overflows f is a divergent step: inf. A NaN that came in with x stays NaN.
    overflowed = np.isnan(change) & np.all(np.isfinite(x), axis=-1)
    return np.where(overflowed, np.inf, change)


def optimal_step(g, H) -> np.ndarray:
    r"""The step :math:`\epsilon^* = g^\top g / g^\top H g` that minimizes the model along :math:`-g`.

    Shape ``(...)`` for ``g`` ``(..., d)`` and ``H`` ``(..., d, d)``. Where
    :math:`g^\top H g \le 0` the model falls without bound along :math:`-g` and the result is
    ``inf``; where g = 0 (a critical point) no step changes the model and the result is ``nan``;
    a NaN in g or H gives ``nan`` too.
    With :math:`g^\top H g > 0`, :math:`\epsilon^* \ge 1 / \lambda_{\max}(H)`, with equality
    when g is an eigenvector of :math:`\lambda_{\max}`.
    """
    g, H, gg, gHg = _gh(g, H, "optimal_step")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        eps = np.where(gHg > 0, gg / np.where(gHg > 0, gHg, 1.0), np.inf)
    return np.where((gg == 0) | np.isnan(gg) | np.isnan(gHg), np.nan, eps)


def best_decrease(g, H) -> np.ndarray:
    r"""The model's decrease at :math:`\epsilon^*`: :math:`-\tfrac12 (g^\top g)^2 / g^\top H g` (``-inf`` if :math:`g^\top H g \le 0`)."""
    g, H, gg, gHg = _gh(g, H, "best_decrease")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        out = np.where(gHg > 0, -0.5 * gg**2 / np.where(gHg > 0, gHg, 1.0), -np.inf)
    return np.where(np.isnan(gg) | np.isnan(gHg), np.nan, np.where(gg == 0, 0.0, out))
