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

from .. import validate


class Activation(NamedTuple):
    """An activation: its name, ``forward(a)`` and ``slope(a, h)`` = phi'(a) with h = phi(a)."""

    name: str
    forward: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray]


def sigmoid(a):
    """sigma(a) = 1 / (1 + e^{-a}), without overflow: with e = exp(-|a|) <= 1, sigma is
    1 / (1 + e) for a >= 0 and e / (1 + e) for a < 0. NaN propagates."""
    return _sigmoid(validate.real_array("a", a))


def _sigmoid(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1, e) / (1 + e)


def _relu(a):
    return np.maximum(a, 0)


ACTIVATIONS = {
    "tanh": Activation("tanh", np.tanh, lambda a, h: 1 - h * h),
    "relu": Activation("relu", _relu, lambda a, h: (a > 0).astype(a.dtype)),
    "sigmoid": Activation("sigmoid", _sigmoid, lambda a, h: h * (1 - h)),
    "linear": Activation("linear", lambda a: a, lambda a, h: np.ones_like(a)),
}


def _arrays(shape_of: str, **arrays):
    """Check that every array holds real numbers and has the shape of the first one."""
    out = {k: validate.real_array(k, v) for k, v in arrays.items()}
    shape = out[shape_of].shape
    for k, v in out.items():
        if v.shape != shape:
            raise ValueError(f"{k} must have the shape of {shape_of} {shape}; got {v.shape}")
    return out


def _out(out, shape):
    """``out``: a writeable float ndarray of ``shape``, for the result."""
    ok = isinstance(out, np.ndarray) and out.dtype.kind == "f" and out.shape == shape and out.flags.writeable
    if not ok:
        got = f"an array of {out.dtype} shaped {out.shape}" if isinstance(out, np.ndarray) else repr(out)[:80]
        raise ValueError(f"out must be a writeable float array shaped {shape} (it receives the result); got {got}")
    return out


def backprop(name: str, dh, a, h, out):
    """dh * phi'(a) written into ``out`` (same shape), with h = phi(a): the step of
    backpropagation through the activation, without temporaries the size of the batch.

    ``out`` must not be ``dh``; for tanh, relu and linear it may be ``h`` itself (h is then
    overwritten). Sigmoid's h (1 - h) needs h until the end. NaN and inf in dh, a and h
    propagate, without a warning.
    """
    get(name)
    dh, a, h = _arrays("dh", dh=dh, a=a, h=h).values()
    out = _out(out, dh.shape)
    if np.shares_memory(out, dh):
        raise ValueError("out must not be dh (it is overwritten before dh is read)")
    if name == "sigmoid" and np.shares_memory(out, h):
        raise ValueError("out must not be h for sigmoid (h (1 - h) reads h after out is written); pass another array")
    with np.errstate(over="ignore", invalid="ignore"):
        return _backprop(name, dh, a, h, out)


def _backprop(name, dh, a, h, out):
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
    """phi(a) written into ``out`` (a float array of a's shape). NaN and inf propagate."""
    get(name)
    a = validate.real_array("a", a)
    with np.errstate(over="ignore", invalid="ignore"):
        return _apply(name, a, _out(out, a.shape))


def _apply(name, a, out):
    if name == "tanh":
        return np.tanh(a, out=out)
    if name == "relu":
        return np.maximum(a, 0, out=out)
    if name == "sigmoid":
        np.copyto(out, _sigmoid(a))
        return out
    np.copyto(out, a)
    return out


def get(name) -> Activation:
    """The `Activation` called ``name``: one of ``"tanh"``, ``"relu"``, ``"sigmoid"``, ``"linear"``."""
    if not (isinstance(name, str) and name in ACTIVATIONS):
        raise ValueError(f"activation name must be one of {', '.join(map(repr, ACTIVATIONS))}; got {name!r}"[:300])
    return ACTIVATIONS[name]
