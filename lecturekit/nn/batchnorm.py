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
    eps = validate.positive("eps", eps, scalar=True)
    a, gamma, beta = (validate.real_array(k, v) for k, v in (("a", a), ("gamma", gamma), ("beta", beta)))
    if a.ndim < 2 or a.shape[-2] == 0:
        raise ValueError(f"a must be shaped (..., m, w) with m >= 1 examples; got {a.shape}")
    want = a.shape[:-2] + a.shape[-1:]
    for k, v in (("gamma", gamma), ("beta", beta)):
        if v.shape != want:
            raise ValueError(f"{k} must be shaped (..., w) = {want} to match a {a.shape}; got {v.shape}")
    return a, gamma, beta, eps


def _stats(name, stats, shape=None):
    """``stats`` as `Stats` of float arrays shaped ``shape`` (or alike), var >= 0 (NaN propagates)."""
    ok = isinstance(stats, tuple) and len(stats) == 2
    if ok:
        mean, var = (validate.real_array(f"{name}.{k}", v) for k, v in zip(Stats._fields, stats))
        ok = mean.shape == var.shape and (shape is None or mean.shape == shape)
    if not ok:
        want = "alike" if shape is None else f"shaped {shape}"
        raise ValueError(f"{name} must be a batchnorm.Stats(mean, var), the two {want}; got {stats!r}"[:300])
    if np.any(var < 0):
        raise ValueError(f"{name}.var must be >= 0 (a variance); got {var.min()}")
    return Stats(mean, var)


# NaN and inf in a, gamma, beta, g and the statistics propagate, without a warning (the policy
# of `lecturekit.validate`): the public functions check and silence, `mlp` calls the private ones.


def forward_train(a, gamma, beta, eps: float):
    """u = γ â + β with minibatch statistics over axis -2; returns ``(u, Cache)``.

    ``a`` is ``(N, m, w)``, ``gamma`` and ``beta`` ``(N, w)``.
    """
    a, gamma, beta, eps = _check(a, gamma, beta, eps)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        return _forward_train(a, gamma, beta, eps)


def _forward_train(a, gamma, beta, eps):
    mean = a.mean(axis=-2, keepdims=True)
    centered = a - mean
    var = (centered * centered).mean(axis=-2, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    a_hat = centered * inv_std
    u = a_hat * gamma[..., None, :] + beta[..., None, :]
    return u, Cache(a_hat, inv_std, Stats(mean[..., 0, :], var[..., 0, :]))


def forward_eval(a, gamma, beta, stats: Stats, eps: float):
    """u = γ (a - μ) / sqrt(σ² + ε) + β with fixed statistics ``stats`` (each ``(N, w)``)."""
    a, gamma, beta, eps = _check(a, gamma, beta, eps)
    stats = _stats("stats", stats, gamma.shape)
    with np.errstate(invalid="ignore", over="ignore"):
        return _forward_eval(a, gamma, beta, stats, eps)


def _forward_eval(a, gamma, beta, stats, eps):
    scale = gamma / np.sqrt(stats.var + eps)
    return (a - stats.mean[..., None, :]) * scale[..., None, :] + beta[..., None, :]


def backward(g, gamma, cache: Cache):
    """Given g = dL/du ``(N, m, w)``, return ``(dL/da, dL/dγ, dL/dβ)`` (shapes of a, γ, β)."""
    if not isinstance(cache, Cache):
        raise ValueError(
            f"cache must be the Cache of the forward pass (forward_train's second result); got {cache!r}"[:300]
        )
    g, gamma = validate.real_array("g", g), validate.real_array("gamma", gamma)
    shape = np.shape(cache.a_hat)
    if g.shape != shape:
        raise ValueError(f"g must have the shape of the forward pass's a {shape}; got {g.shape}")
    if gamma.shape != shape[:-2] + shape[-1:]:
        raise ValueError(f"gamma must be shaped {shape[:-2] + shape[-1:]} (the forward pass's); got {gamma.shape}")
    with np.errstate(invalid="ignore", over="ignore"):
        return _backward(g, gamma, cache)


def _backward(g, gamma, cache):
    m = g.shape[-2]
    a_hat = cache.a_hat
    d_beta = g.sum(axis=-2)
    d_gamma = (g * a_hat).sum(axis=-2)
    # dL/dâ = g γ; the three terms of the formula, with the sums over the minibatch.
    scale = gamma[..., None, :] * cache.inv_std / m
    d_a = scale * (m * g - d_beta[..., None, :] - a_hat * d_gamma[..., None, :])
    return d_a, d_gamma, d_beta


def _stats_list(name, value, like=None):
    """A list of `Stats` (checked), shaped like the list ``like`` if given."""
    if not isinstance(value, (list, tuple)) or (like is not None and len(value) != len(like)):
        n = f" of {len(like)}" if like is not None else ""
        raise ValueError(f"{name} must be a list{n} of batchnorm.Stats, one per normalized layer; got {value!r}"[:300])
    shapes = [None] * len(value) if like is None else [s.mean.shape for s in like]
    return [_stats(f"{name}[{i}]", s, shape) for i, (s, shape) in enumerate(zip(value, shapes))]


def running_average(running: list, new: list, momentum: float = 0.1) -> list:
    """Exponential moving average of per-layer `Stats`: running <- (1 - momentum) running + momentum new.

    ``running`` and ``new`` are lists with one `Stats` per batch-normalized layer (what
    `MLP.batch_stats` returns); ``running=None`` starts from ``new``. Momentum 0.1 is
    PyTorch's default convention (weight of the new batch).
    """
    momentum = validate.in_range("momentum", momentum, 0.0, 1.0, low_closed=False, high_closed=True, scalar=True)
    checked = _stats_list("new", new)
    if running is None:
        return list(new)
    if isinstance(running, (list, tuple)) and len(checked) != len(running):
        raise ValueError(
            f"new must hold one batchnorm.Stats per normalized layer of running ({len(running)}); got {len(checked)}"
        )
    running, new = _stats_list("running", running, like=checked), checked
    with np.errstate(invalid="ignore", over="ignore"):
        return [
            Stats((1 - momentum) * r.mean + momentum * s.mean, (1 - momentum) * r.var + momentum * s.var)
            for r, s in zip(running, new)
        ]
