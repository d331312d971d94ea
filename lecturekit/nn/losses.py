r"""Losses of a network's outputs, averaged over examples, with their gradients.

Each loss takes the outputs Z ``(N, n, o)`` of N networks on n examples and targets T
(prepared by `prepare_targets`: ``(n, o)`` shared by all networks, or ``(N, n, o)``, one
minibatch per network) and returns the mean loss per network ``(N,)`` and, on request,
dL/dZ ``(N, n, o)`` -- the 1/n of the mean included.

* ``"softmax_cross_entropy"`` (K >= 2 outputs, labels 0..K-1, T one-hot):
  L = (1/n) sum_i [logsumexp(z_i) - z_{i, y_i}], dL/dz_i = (softmax(z_i) - t_i) / n.
  logsumexp is computed as m + log sum_k exp(z_k - m), m = max_k z_k: no overflow.
* ``"logistic"`` (one output, labels 0/1): L = (1/n) sum_i [log(1 + e^{z_i}) - y_i z_i],
  dL/dz_i = (sigma(z_i) - y_i) / n; log(1 + e^z) via ``logaddexp``.
* ``"mse"`` (any o, real targets): L = (1/2n) sum_i |z_i - t_i|^2, dL/dz_i = (z_i - t_i) / n
  (the convention of `objectives.least_squares`: an average over examples, 1/2 against the
  square's 2).

Goodfellow, Bengio & Courville, *Deep Learning*, 2016, section 6.2.2.
"""

from __future__ import annotations

import numpy as np

from .. import validate
from .activations import _sigmoid

LOSSES = ("softmax_cross_entropy", "logistic", "mse")


def check_name(loss) -> str:
    """``loss`` itself if it names a loss, else a ValueError listing the choices."""
    if not (isinstance(loss, str) and loss in LOSSES):
        raise ValueError(f"loss must be one of {', '.join(map(repr, LOSSES))}; got {loss!r}"[:300])
    return loss


def prepare_targets(loss: str, y, n_outputs: int) -> np.ndarray:
    """Targets as a float array ``(n, o)`` for ``loss``: one-hot rows for softmax cross-entropy,
    a column of 0/1 for logistic, the targets themselves (as ``(n, o)``) for mse. Checks them."""
    check_name(loss)
    n_outputs = validate.integer("n_outputs", n_outputs)
    y = validate.real_array("y", y, finite=True, what="an array of targets (class labels 0..K-1 or real numbers)")
    if y.ndim == 0 or y.shape[0] == 0:
        raise ValueError(f"y must hold one target per example; got shape {y.shape}")
    validate.elements("n_outputs", (y.shape[0], n_outputs))
    if loss == "mse":
        t = y.reshape(y.shape[0], -1)
        if t.shape[1] != n_outputs or y.ndim > 2:
            raise ValueError(
                f"y must be shaped (n,) or (n, {n_outputs}) for mse with {n_outputs} outputs; got {y.shape}"
            )
        return t
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of class labels for loss {loss!r}; got shape {y.shape}")
    k = 2 if loss == "logistic" else n_outputs
    if not np.all(np.isin(y, np.arange(k))):
        raise ValueError(f"y must hold class labels in 0..{k - 1} for loss {loss!r} with {n_outputs} output(s)")
    labels = y.astype(int)
    if loss == "logistic":
        return labels[:, None].astype(float)
    t = np.zeros((len(labels), k))  # one-hot rows: the rows of the identity
    t[np.arange(len(labels)), labels] = 1.0
    return t


def _row_max(Z):
    """max over the last axis, as K - 1 elementwise maxima (much faster than a reduction
    over a short last axis)."""
    m = Z[..., 0].copy()
    for k in range(1, Z.shape[-1]):
        np.maximum(m, Z[..., k], out=m)
    return m


def _outputs(loss, Z, ndim=1):
    """Z as a float array with at least ``ndim`` axes and a non-empty last axis (one for logistic)."""
    Z = validate.real_array("Z", Z, what="network outputs: an array of real numbers")
    if Z.ndim < ndim or Z.shape[-1] == 0 or (ndim == 2 and Z.shape[-2] == 0):
        shape = "(..., n, o) with n, o >= 1" if ndim == 2 else "(..., o) with o >= 1"
        raise ValueError(f"Z must be shaped {shape}; got {Z.shape}")
    if loss == "logistic" and Z.shape[-1] != 1:
        raise ValueError(f"Z must have one output (last axis 1) for the logistic loss; got shape {Z.shape}")
    return Z


def loss_and_grad(loss: str, Z, T, need_grad: bool = True):
    """Mean loss ``(N,)`` and dL/dZ ``(N, n, o)`` (None when ``need_grad`` is False).

    ``Z`` may hold NaN or inf (a diverged network): they propagate, without a warning. The
    targets ``T`` (from `prepare_targets`) must be finite and broadcast to Z's shape.
    """
    check_name(loss)
    Z = _outputs(loss, Z, ndim=2)
    T = validate.real_array("T", T, finite=True, what="targets: an array of real numbers")
    try:
        ok = T.ndim >= 2 and np.broadcast_shapes(Z.shape, T.shape) == Z.shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"T must be shaped like Z (..., n, o) (or (n, o), shared); got Z {Z.shape} and T {T.shape}")
    need_grad = validate.flag("need_grad", need_grad)
    with np.errstate(over="ignore", invalid="ignore"):
        return _loss_and_grad(loss, Z, T, need_grad)


def _loss_and_grad(loss, Z, T, need_grad):
    """`loss_and_grad` without the checks (for `mlp`'s training path).

    Sums over the short class axis and over the examples are matrix products with a vector
    of ones: the same numbers, several times faster than ``sum(axis=...)`` on these shapes.
    """
    n, o = Z.shape[-2], Z.shape[-1]
    ones_n = np.ones(n, Z.dtype)
    if loss == "softmax_cross_entropy":
        ones_o = np.ones(o, Z.dtype)
        m = _row_max(Z)
        # z - m and e / s one class at a time: broadcasting m[..., None] over a last axis of
        # length 2 runs NumPy's inner loop 2 elements at a time (several times slower).
        e = np.empty(Z.shape, np.promote_types(Z.dtype, np.float32))
        for k in range(o):
            np.subtract(Z[..., k], m, out=e[..., k])
        np.exp(e, out=e)
        s = e @ ones_o
        lse = m + np.log(s)
        value = (lse - (Z * T) @ ones_o) @ ones_n / n
        dZ = None
        if need_grad:  # (e / s - T) / n, written in place
            dZ = np.empty(Z.shape, np.result_type(e, T))
            for k in range(o):
                np.divide(e[..., k], s, out=dZ[..., k])
            np.subtract(dZ, T, out=dZ)
            np.divide(dZ, n, out=dZ)
    elif loss == "logistic":
        z = Z[..., 0]
        t = T[..., 0]
        value = (np.logaddexp(0.0, z) - t * z) @ ones_n / n
        dZ = ((_sigmoid(z) - t) / n)[..., None] if need_grad else None
    else:
        r = Z - T
        value = 0.5 * (r * r).reshape(r.shape[:-2] + (-1,)).sum(axis=-1) / n
        dZ = r / n if need_grad else None
    return value, dZ


def output_probabilities(loss: str, Z) -> np.ndarray:
    """What the outputs predict: softmax probabilities ``(..., K)`` for softmax cross-entropy,
    sigma(z) ``(..., 1)`` (the probability of class 1) for logistic, Z itself for mse.
    NaN propagates, without a warning."""
    check_name(loss)
    Z = _outputs(loss, Z)
    if loss == "softmax_cross_entropy":
        with np.errstate(over="ignore", invalid="ignore"):
            e = np.exp(Z - _row_max(Z)[..., None])
            return e / (e @ np.ones(Z.shape[-1], Z.dtype))[..., None]
    if loss == "logistic":
        return _sigmoid(Z)
    return Z


def predicted_class(loss: str, Z) -> np.ndarray:
    """Predicted labels ``(...)``: argmax of the logits, or z > 0 for logistic (sigma(z) > 1/2).

    A label cannot carry NaN: ``Z`` must be finite (see `lecturekit.validate`)."""
    check_name(loss)
    if loss == "mse":
        raise ValueError(
            "predicted classes need a classification loss ('softmax_cross_entropy' or 'logistic'), not 'mse'"
        )
    Z = _outputs(loss, Z)
    if not np.all(np.isfinite(Z)):
        raise ValueError("Z must be finite (no nan or inf) to predict a class: a label cannot carry nan")
    if loss == "softmax_cross_entropy":
        return np.argmax(Z, axis=-1)
    return (Z[..., 0] > 0).astype(int)
