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


def _nodes(nodes):
    nodes = validate.integer("nodes", nodes)
    t, w = np.polynomial.hermite.hermgauss(nodes)
    return np.sqrt(2.0) * t, w / np.sqrt(np.pi)


def _check_1d(f):
    if getattr(f, "dim", None) != 1 or not hasattr(f, "grad"):
        raise ValueError(f"f must be a 1-D Objective (dim = 1, with value and grad); got {f!r}")


def smoothed(f, x, sigma, nodes: int = 40):
    """f_σ(x) = E f(x + σ z), z ~ N(0, 1), by Gauss-Hermite quadrature; ``x`` and ``sigma`` broadcast."""
    _check_1d(f)
    sigma = validate.nonnegative("sigma", sigma)
    t, w = _nodes(nodes)
    x, sigma = np.broadcast_arrays(np.asarray(x, dtype=float), sigma)
    points = x[..., None] + sigma[..., None] * t
    return f.value(points[..., None]) @ w


def smoothed_grad(f, x, sigma, nodes: int = 40):
    """f_σ'(x) = E f'(x + σ z), by the same quadrature; ``x`` and ``sigma`` broadcast."""
    _check_1d(f)
    sigma = validate.nonnegative("sigma", sigma)
    t, w = _nodes(nodes)
    x, sigma = np.broadcast_arrays(np.asarray(x, dtype=float), sigma)
    points = x[..., None] + sigma[..., None] * t
    return f.grad(points[..., None])[..., 0] @ w


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
    x = np.array(x0, dtype=float).reshape(-1)
    sigmas = np.atleast_1d(np.asarray(sigmas, dtype=float))
    if sigmas.ndim != 1 or sigmas.size == 0:
        raise ValueError(f"sigmas must be a 1-D sequence of widths; got shape {sigmas.shape}")
    validate.nonnegative("sigmas", sigmas)
    lr = validate.positive("lr", lr)
    steps = validate.integer("steps", steps)
    xs = [x.copy()]
    used = [sigmas[0]]
    ends = []
    for sigma in sigmas:
        for _ in range(steps):
            x = x - lr * smoothed_grad(f, x, sigma, nodes)
            xs.append(x.copy())
            used.append(sigma)
        ends.append(x.copy())
    return Continuation(np.array(xs), np.array(used), np.array(ends))
