"""A two-layer tanh network, to show weight-space symmetry.

f(X) = tanh(X W1^T + b1) W2^T + b2, with W1 ``(h, d)``, b1 ``(h,)``, W2 ``(o, h)``,
b2 ``(o,)``. Relabelling the h hidden units -- permuting the rows of W1 and entries of b1,
and the columns of W2 the same way -- gives a different point in weight space with the
same function. With m hidden layers of n units each there are n!^m such relabellings
(Goodfellow, Bengio & Courville, *Deep Learning*, 2016, section 8.2.2).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate


class TwoLayer(NamedTuple):
    """Parameters of a two-layer network; leading batch axes are allowed on every field."""

    W1: np.ndarray  # (..., h, d)
    b1: np.ndarray  # (..., h)
    W2: np.ndarray  # (..., o, h)
    b2: np.ndarray  # (..., o)


def init_two_layer(rng: np.random.Generator, d: int, h: int, o: int, scale: float = 1.0) -> TwoLayer:
    """Standard-normal weights times ``scale`` (biases too), drawn from ``rng``."""
    validate.generator(rng)
    for name, v in (("d", d), ("h", h), ("o", o)):
        if int(v) != v or v < 1:
            raise ValueError(f"{name} must be a positive integer; got {v!r}")
    return TwoLayer(*(scale * rng.normal(size=s) for s in ((h, d), (h,), (o, h), (o,))))


def forward(params: TwoLayer, X) -> np.ndarray:
    """Outputs ``(..., n, o)`` for inputs ``X`` ``(n, d)``; leading axes of ``params`` broadcast."""
    X = np.asarray(X, dtype=float)
    W1, b1, W2, b2 = params
    if X.ndim != 2 or X.shape[1] != W1.shape[-1]:
        raise ValueError(f"X must be shaped (n, {W1.shape[-1]}); got {X.shape}")
    hidden = np.tanh(np.einsum("nd,...hd->...nh", X, W1) + b1[..., None, :])
    return np.einsum("...nh,...oh->...no", hidden, W2) + b2[..., None, :]


def permute_hidden(params: TwoLayer, perm) -> TwoLayer:
    """The same network with hidden units relabelled: new unit i is old unit ``perm[i]``.

    ``perm`` may be one permutation ``(h,)`` or a batch ``(P, h)``; the result then has a
    leading axis of P networks.
    """
    W1, b1, W2, b2 = params
    if np.ndim(W1) != 2:
        raise ValueError(f"permute_hidden takes one network (W1 shaped (h, d)); got W1 of shape {np.shape(W1)}")
    perm = np.asarray(perm)
    h = W1.shape[0]
    if perm.shape[-1:] != (h,) or not np.all(np.sort(perm, axis=-1) == np.arange(h)):
        raise ValueError(f"perm must be a permutation of 0..{h - 1} (shape (..., {h})); got {perm.tolist()}")
    return TwoLayer(
        W1[perm], b1[perm], np.moveaxis(W2[:, perm], 0, -2), np.broadcast_to(b2, perm.shape[:-1] + b2.shape)
    )
