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
    d, h, o = validate.integer("d", d), validate.integer("h", h), validate.integer("o", o)
    validate.work("h * (d + o)", h * (d + o + 1) + o, "weights", validate.MAX_ELEMENTS)
    scale = validate.nonnegative("scale", scale, 1e100, scalar=True)
    return TwoLayer(*(scale * rng.normal(size=s) for s in ((h, d), (h,), (o, h), (o,))))


def forward(params: TwoLayer, X) -> np.ndarray:
    """Outputs ``(..., n, o)`` for inputs ``X`` ``(n, d)``; leading axes of ``params`` broadcast."""
    W1, b1, W2, b2 = _params(params)
    X = validate.real_array("X", X)
    if X.ndim != 2 or X.shape[1] != W1.shape[-1]:
        raise ValueError(f"X must be shaped (n, {W1.shape[-1]}); got {X.shape}")
    with np.errstate(invalid="ignore", over="ignore"):  # X may hold nan or inf; it propagates
        hidden = np.tanh(np.einsum("nd,...hd->...nh", X, W1) + b1[..., None, :])
        return np.einsum("...nh,...oh->...no", hidden, W2) + b2[..., None, :]


def _params(params):
    """The four arrays of a `TwoLayer`, checked for type and matching shapes."""
    if not (isinstance(params, tuple) and len(params) == 4):
        raise ValueError(f"params must be a TwoLayer (W1, b1, W2, b2), e.g. from init_two_layer; got {params!r}"[:300])
    W1, b1, W2, b2 = (validate.real_array(f"params.{k}", v) for k, v in zip(TwoLayer._fields, params))
    if W1.ndim < 2 or W2.ndim < 2 or b1.shape[-1:] != W1.shape[-2:-1] or W2.shape[-1:] != W1.shape[-2:-1]:
        raise ValueError(
            f"params must have W1 (..., h, d), b1 (..., h), W2 (..., o, h), b2 (..., o); "
            f"got shapes {W1.shape}, {b1.shape}, {W2.shape}, {b2.shape}"
        )
    if b2.shape[-1:] != W2.shape[-2:-1]:
        raise ValueError(f"params must have b2 (..., o) to match W2 (..., o, h); got {b2.shape} and {W2.shape}")
    return W1, b1, W2, b2


def permute_hidden(params: TwoLayer, perm) -> TwoLayer:
    """The same network with hidden units relabelled: new unit i is old unit ``perm[i]``.

    ``perm`` may be one permutation ``(h,)`` or a batch ``(P, h)``; the result then has a
    leading axis of P networks.
    """
    W1, b1, W2, b2 = _params(params)
    if np.ndim(W1) != 2:
        raise ValueError(f"params must be one network (W1 shaped (h, d)); got W1 of shape {np.shape(W1)}")
    h = W1.shape[0]
    perm = validate.integer_array("perm", perm)
    if perm.shape[-1:] != (h,) or not np.all(np.sort(perm, axis=-1) == np.arange(h)):
        raise ValueError(f"perm must be a permutation of 0..{h - 1} (shape (..., {h})); got {perm.tolist()}")
    return TwoLayer(
        W1[perm], b1[perm], np.moveaxis(W2[:, perm], 0, -2), np.broadcast_to(b2, perm.shape[:-1] + b2.shape)
    )
