r"""Continuation: minimize a blurred objective first, then sharpen it (Goodfellow et al. 2016, sec. 8.7.6).

The Gaussian smoothing of a 1-D objective f at width σ is

.. math::
    f_\sigma(x) = \mathbb E_{z\sim N(0,1)}\, f(x + \sigma z)
               = \frac1{\sqrt\pi}\sum_{i=1}^K w_i\, f(x + \sqrt2\,\sigma\, t_i),

computed by K-point Gauss-Hermite quadrature (nodes t_i, weights w_i of the weight e^{-t²};
exact for polynomials of degree < 2K, and f_0 = f). Its derivative is the smoothing of f'
(differentiate under the expectation). Blurring removes bumps narrower than about σ, so a
local minimum can vanish; `continuation_descent` runs gradient descent on f_{σ_1}, then from
where it ended on f_{σ_2}, ..., down to σ = 0 (Mobahi & Fisher, "On the link between Gaussian
homotopy continuation and convex envelopes", EMMCVPR 2015; Goodfellow et al., sec. 8.7.6).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate

#: At most this many quadrature nodes: exact for polynomials of degree < 600, far beyond what a
#: smooth 1-D objective needs; NumPy's ``hermgauss`` overflows from about 380 nodes on.
MAX_NODES = 300


def _nodes(nodes):
    nodes = validate.integer("nodes", nodes, 1, MAX_NODES)
    t, w = np.polynomial.hermite.hermgauss(nodes)
    return np.sqrt(2.0) * t, w / np.sqrt(np.pi)


def _check_1d(f):
    validate.objective("f", f, needs=("value", "grad"))
    if f.dim != 1:
        raise ValueError(f"f must be a 1-D Objective (dim = 1, with value and grad); {f.name} has d={f.dim}")


def _quadrature_points(x, sigma, nodes):
    """The points x + σ t_i ``(..., nodes)`` and the weights, after checking the arguments."""
    x = validate.points("x", x)
    sigma = validate.nonnegative("sigma", sigma)
    nodes = validate.integer("nodes", nodes, 1, MAX_NODES)
    try:
        shape = np.broadcast_shapes(x.shape, np.shape(sigma))
    except ValueError:
        raise ValueError(f"x {x.shape} and sigma {np.shape(sigma)} must have broadcastable shapes") from None
    validate.elements("nodes", shape + (nodes,))
    t, w = _nodes(nodes)
    x, sigma = np.broadcast_arrays(x, sigma)
    with np.errstate(over="ignore", invalid="ignore"):  # a huge sigma or an infinite x gives inf or nan
        return x[..., None] + sigma[..., None] * t, w


def smoothed(f, x, sigma, nodes: int = 40):
    """f_σ(x) = E f(x + σ z), z ~ N(0, 1), by Gauss-Hermite quadrature; ``x`` and ``sigma`` broadcast.

    ``x`` are points (NaN and inf propagate); ``sigma`` >= 0; ``nodes`` an integer in [1, `MAX_NODES`].
    """
    _check_1d(f)
    points, w = _quadrature_points(x, sigma, nodes)
    values = f.value(points[..., None])
    with np.errstate(over="ignore", invalid="ignore"):
        return values @ w


def smoothed_grad(f, x, sigma, nodes: int = 40):
    """f_σ'(x) = E f'(x + σ z), by the same quadrature; ``x`` and ``sigma`` broadcast."""
    _check_1d(f)
    points, w = _quadrature_points(x, sigma, nodes)
    grads = f.grad(points[..., None])[..., 0]
    with np.errstate(over="ignore", invalid="ignore"):
        return grads @ w


class Continuation(NamedTuple):
    """x ``(S * steps + 1, B)``: every iterate; sigma ``(S * steps + 1,)``: the width used to
    reach it (sigma[0] the first stage's); ends ``(S, B)``: where each stage ended."""

    x: np.ndarray
    sigma: np.ndarray
    ends: np.ndarray


def continuation_descent(f, x0, sigmas, lr, steps: int, nodes: int = 40) -> Continuation:
    r"""Gradient descent x ← x - ε f_σ'(x) for ``steps`` steps at each σ of ``sigmas`` in turn.

    ``x0`` ``(B,)`` starting points, ``sigmas`` ``(S,)`` widths >= 0 (a schedule from wide to 0;
    ``[0.0]`` is plain gradient descent), ``lr`` ε > 0 (a float or ``(B,)``). Each stage starts
    where the previous one ended. Returns a `Continuation`.
    """
    _check_1d(f)
    x = validate.real_array("x0", x0, finite=True, what="finite starting points (B,)")
    if x.size == 0:
        raise ValueError(f"x0 must be starting points shaped (B,) with B >= 1; got shape {x.shape}")
    x = x.reshape(-1).copy()
    sigmas = np.atleast_1d(validate.real_array("sigmas", sigmas, finite=True, what="widths >= 0"))
    if sigmas.ndim != 1 or sigmas.size == 0:
        raise ValueError(f"sigmas must be a 1-D sequence of widths; got shape {sigmas.shape}")
    validate.nonnegative("sigmas", sigmas)
    lr = validate.positive("lr", lr)
    if np.ndim(lr) > 1 or np.size(lr) not in (1, x.size):
        raise ValueError(f"lr must be a number or one per starting point, shape ({x.size},); got shape {np.shape(lr)}")
    steps = validate.integer("steps", steps)
    nodes = validate.integer("nodes", nodes, 1, MAX_NODES)
    iterates = sigmas.size * steps + 1
    validate.elements("steps", (iterates, x.size))
    validate.work("steps", iterates * (x.size * nodes + validate.STEP_OVERHEAD), "operations (steps x B x nodes)")
    xs = [x.copy()]
    used = [sigmas[0]]
    ends = []
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run gives inf or nan, quietly
        for sigma in sigmas:
            for _ in range(steps):
                x = x - lr * smoothed_grad(f, x, sigma, nodes)
                xs.append(x.copy())
                used.append(sigma)
            ends.append(x.copy())
    return Continuation(np.array(xs), np.array(used), np.array(ends))
