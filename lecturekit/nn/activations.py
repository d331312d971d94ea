r"""Elementwise activation functions and their derivatives, for the layers of `mlp`.

Each activation is a pair: ``forward(a) -> h`` and ``slope(a, h) -> phi'(a)``, the
derivative written with whichever of a (the pre-activation) or h = phi(a) makes it cheapest,
so that backpropagation reuses what the forward pass stored.

==========  ====================================  ==============================
name        phi(a)                                phi'(a)
==========  ====================================  ==============================
tanh        tanh(a)                               1 - h^2
relu        max(a, 0)                             1 if a > 0 else 0 (0 at a = 0)
sigmoid     1 / (1 + e^{-a})                      h (1 - h)
linear      a                                     1
==========  ====================================  ==============================

The ReLU's derivative at exactly a = 0 is taken to be 0, as in most libraries (the
function has no derivative there; any value in [0, 1] is a subgradient).

>>> import numpy as np
>>> from lecturekit.nn import activations
>>> act = activations.get("tanh")
>>> a = np.array([0.0, 1.0]); h = act.forward(a)
>>> act.slope(a, h).round(4)
array([1.  , 0.42])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np


class Activation(NamedTuple):
    """An activation: its name, ``forward(a)`` and ``slope(a, h)`` = phi'(a) with h = phi(a)."""

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray]


def sigmoid(a):
    """sigma(a) = 1 / (1 + e^{-a}), without overflow: with e = exp(-|a|) <= 1, sigma is
    1 / (1 + e) for a >= 0 and e / (1 + e) for a < 0."""
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1, e) / (1 + e)


def _relu(a):
    return np.maximum(a, 0)


ACTIVATIONS = {
    "tanh": Activation("tanh", np.tanh, lambda a, h: 1 - h * h),
    "relu": Activation("relu", _relu, lambda a, h: (a > 0).astype(a.dtype)),
    "sigmoid": Activation("sigmoid", sigmoid, lambda a, h: h * (1 - h)),
    "linear": Activation("linear", lambda a: a, lambda a, h: np.ones_like(a)),
}


def backprop(name: str, dh, a, h, out):
    """dh * phi'(a) written into ``out`` (same shape), with h = phi(a): the step of
    backpropagation through the activation, without temporaries the size of the batch.

    ``out`` must not be ``dh``; for tanh, relu and linear it may be ``h`` itself (h is then
    overwritten). Sigmoid's h (1 - h) needs h until the end.
    """
    get(name)
    if name == "tanh":  # dh (1 - h^2)
        np.multiply(h, h, out=out)
        np.subtract(1.0, out, out=out)
        np.multiply(out, dh, out=out)
    elif name == "relu":  # h > 0 exactly where a > 0
        np.multiply(dh, h > 0, out=out)
    elif name == "sigmoid":  # dh h (1 - h)
        np.subtract(1.0, h, out=out)
        np.multiply(out, h, out=out)
        np.multiply(out, dh, out=out)
    else:
        np.copyto(out, dh)
    return out


def apply(name: str, a, out):
    """phi(a) written into ``out``."""
    get(name)
    if name == "tanh":
        return np.tanh(a, out=out)
    if name == "relu":
        return np.maximum(a, 0, out=out)
    if name == "sigmoid":
        np.copyto(out, sigmoid(a))
        return out
    np.copyto(out, a)
    return out


def get(name) -> Activation:
    """The `Activation` called ``name``: one of ``"tanh"``, ``"relu"``, ``"sigmoid"``, ``"linear"``."""
    if not (isinstance(name, str) and name in ACTIVATIONS):
        raise ValueError(f"activation must be one of {', '.join(map(repr, ACTIVATIONS))}; got {name!r}")
    return ACTIVATIONS[name]
