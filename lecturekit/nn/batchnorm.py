r"""Batch normalization (Ioffe & Szegedy, "Batch normalization: accelerating deep network
training by reducing internal covariate shift", ICML 2015, algorithm 1), forward and exact
backward, batched over networks.

For the pre-activations a ``(N, m, w)`` of N networks on a minibatch of m examples, each
of the w units is normalized over the m examples of its own network:

.. math::
    \mu = \frac1m \sum_i a_i, \quad \sigma^2 = \frac1m \sum_i (a_i - \mu)^2, \quad
    \hat a_i = \frac{a_i - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \quad u_i = \gamma \hat a_i + \beta.

ε sits inside the square root, as in the paper (default 1e-5); σ² is the biased
(1/m) variance of the minibatch. The backward pass, with g_i = dL/du_i:

.. math::
    \frac{\partial L}{\partial\gamma} = \sum_i g_i \hat a_i, \quad
    \frac{\partial L}{\partial\beta} = \sum_i g_i, \quad
    \frac{\partial L}{\partial a_i} = \frac{\gamma}{m\sqrt{\sigma^2+\varepsilon}}
    \Big(m g_i - \sum_j g_j - \hat a_i \sum_j g_j \hat a_j\Big).

In evaluation mode the statistics are fixed numbers (`Stats`: population or running
averages) instead of the minibatch's, and u = γ (a - μ)/sqrt(σ² + ε) + β is an affine map.
Ioffe & Szegedy estimate the population variance with the unbiased m/(m-1) factor over
many minibatches; `running_average` keeps an exponential moving average instead (what most
libraries do). With full-batch training, the statistics of the whole training set are the
ones the network was trained with.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate


class Stats(NamedTuple):
    """Per-unit statistics of one batch-normalized layer: ``mean`` and ``var``, each ``(N, w)``."""

    mean: np.ndarray
    var: np.ndarray


class Cache(NamedTuple):
    """What the training-mode forward pass keeps for the backward pass."""

    a_hat: np.ndarray  # (N, m, w) the normalized pre-activations
    inv_std: np.ndarray  # (N, 1, w) 1 / sqrt(var + eps)
    stats: Stats


def _check(a, gamma, beta, eps):
    validate.positive("eps", eps)
    if np.ndim(a) < 2 or np.shape(gamma) != np.shape(a)[:-2] + np.shape(a)[-1:] or np.shape(beta) != np.shape(gamma):
        raise ValueError(
            f"a must be shaped (..., m, w) and gamma, beta (..., w); got {np.shape(a)}, {np.shape(gamma)}, {np.shape(beta)}"
        )


def forward_train(a, gamma, beta, eps: float):
    """u = γ â + β with minibatch statistics over axis -2; returns ``(u, Cache)``.

    ``a`` is ``(N, m, w)``, ``gamma`` and ``beta`` ``(N, w)``.
    """
    _check(a, gamma, beta, eps)
    mean = a.mean(axis=-2, keepdims=True)
    centered = a - mean
    var = (centered * centered).mean(axis=-2, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    a_hat = centered * inv_std
    u = a_hat * gamma[..., None, :] + beta[..., None, :]
    return u, Cache(a_hat, inv_std, Stats(mean[..., 0, :], var[..., 0, :]))


def forward_eval(a, gamma, beta, stats: Stats, eps: float):
    """u = γ (a - μ) / sqrt(σ² + ε) + β with fixed statistics ``stats`` (each ``(N, w)``)."""
    _check(a, gamma, beta, eps)
    if not isinstance(stats, tuple) or len(stats) != 2 or np.any(np.asarray(stats[1]) < 0):
        raise ValueError(f"stats must be a batchnorm.Stats(mean, var) with var >= 0; got {stats!r}")
    scale = gamma / np.sqrt(stats.var + eps)
    return (a - stats.mean[..., None, :]) * scale[..., None, :] + beta[..., None, :]


def backward(g, gamma, cache: Cache):
    """Given g = dL/du ``(N, m, w)``, return ``(dL/da, dL/dγ, dL/dβ)`` (shapes of a, γ, β)."""
    if not isinstance(cache, Cache) or np.shape(g) != np.shape(cache.a_hat):
        raise ValueError(
            f"g must have the shape of the forward pass's a {np.shape(getattr(cache, 'a_hat', None))}, and cache must be its Cache; got g {np.shape(g)}"
        )
    m = g.shape[-2]
    a_hat = cache.a_hat
    d_beta = g.sum(axis=-2)
    d_gamma = (g * a_hat).sum(axis=-2)
    # dL/dâ = g γ; the three terms of the formula, with the sums over the minibatch.
    scale = gamma[..., None, :] * cache.inv_std / m
    d_a = scale * (m * g - d_beta[..., None, :] - a_hat * d_gamma[..., None, :])
    return d_a, d_gamma, d_beta


def running_average(running: list, new: list, momentum: float = 0.1) -> list:
    """Exponential moving average of per-layer `Stats`: running <- (1 - momentum) running + momentum new.

    ``running`` and ``new`` are lists with one `Stats` per batch-normalized layer (what
    `MLP.batch_stats` returns); ``running=None`` starts from ``new``. Momentum 0.1 is
    PyTorch's default convention (weight of the new batch).
    """
    momentum = validate.in_range("momentum", momentum, 0.0, 1.0, low_closed=False, high_closed=True)
    if running is None:
        return list(new)
    if len(running) != len(new):
        raise ValueError(f"running and new must have one Stats per layer; got {len(running)} and {len(new)}")
    return [
        Stats((1 - momentum) * r.mean + momentum * s.mean, (1 - momentum) * r.var + momentum * s.var)
        for r, s in zip(running, new)
    ]
