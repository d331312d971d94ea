"""The argument checks of `mlp` and of the `MLP` methods, kept out of the way of the network.

Each function returns its argument(s) in the form the network uses, or raises a ValueError
naming the argument and what is allowed (see `lecturekit.validate`).
"""

from __future__ import annotations

import numpy as np

from .. import validate
from . import activations as _act
from . import batchnorm as _bn
from . import losses as _loss


def _float_dtype(dtype) -> np.dtype:
    """``dtype`` as np.float32 or np.float64, else a ValueError."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt not in (np.float32, np.float64) or isinstance(dtype, (bool, int, float, str)):
        raise ValueError(f"dtype must be np.float32 or np.float64; got {dtype!r}"[:300])
    return dt


def _activations(activation, n_hidden: int) -> tuple:
    """One activation name per hidden layer, from one name or a list of them."""
    if isinstance(activation, str):
        _act.get(activation)
        return (activation,) * n_hidden
    if not isinstance(activation, (list, tuple)):
        raise ValueError(
            f"activation must be a name or a list of names (one per hidden layer); got {activation!r}"[:300]
        )
    if len(activation) != n_hidden:
        raise ValueError(
            f"activation must be one name or {n_hidden} names (one per hidden layer); got {len(activation)}"
        )
    for a in activation:
        _act.get(a)
    return tuple(activation)


def _mlp_arguments(X, y, sizes, activation, loss, residual, batch_norm, eps, l2, dtype) -> dict:
    """The arguments of `mlp`, checked and prepared as the fields of an `MLP`: read-only arrays X, y
    and targets (one-hot for softmax), a tuple of sizes, one activation per hidden layer."""
    X = np.array(validate.real_array("X", X, what="a 2-D array of real numbers (n examples, d features)"))
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise ValueError(f"X must be a 2-D array (n examples, d features) with n, d >= 1; got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X must be finite (no nan or inf)")
    if isinstance(sizes, (str, bytes)) or np.ndim(sizes) != 1 or len(sizes) < 2:
        raise ValueError(f"sizes must be a sequence (n_0, ..., n_L) of at least two layer widths; got {sizes!r}")
    sizes = tuple(validate.integer(f"sizes[{i}]", s) for i, s in enumerate(sizes))
    if sizes[0] != X.shape[1]:
        raise ValueError(f"sizes[0] must equal the number of input features X.shape[1] = {X.shape[1]}; got {sizes[0]}")
    loss = _loss.check_name(loss)
    if loss == "logistic" and sizes[-1] != 1:
        raise ValueError(f"the logistic loss needs one output (sizes[-1] = 1); got sizes[-1] = {sizes[-1]}")
    if loss == "softmax_cross_entropy" and sizes[-1] < 2:
        raise ValueError(f"softmax cross-entropy needs sizes[-1] >= 2 outputs (one per class); got {sizes[-1]}")
    acts = _activations(activation, len(sizes) - 2)
    residual, batch_norm = validate.flag("residual", residual), validate.flag("batch_norm", batch_norm)
    eps = validate.positive("eps", eps, scalar=True)
    dtype = _float_dtype(dtype)
    l2 = validate.nonnegative("l2", l2, scalar=True)
    y = np.array(y)
    if y.shape[:1] != (X.shape[0],):
        raise ValueError(f"y must hold one target per row of X ({X.shape[0]}); got shape {y.shape}")
    targets = _loss.prepare_targets(loss, y, sizes[-1])
    if loss != "mse":
        y = y.astype(int)
    for a in (X, y, targets):
        a.setflags(write=False)
    return dict(
        X=X,
        y=y,
        targets=targets,
        sizes=sizes,
        activations=acts,
        loss=loss,
        residual=residual,
        batch_norm=batch_norm,
        eps=eps,
        l2=l2,
        dtype=np.dtype(dtype),
    )


def _params(w, dim: int, name: str = "w") -> np.ndarray:
    """``w`` as flat parameters ``(..., P)`` of at least one network."""
    w = validate.real_array(name, w, what="the flat parameters of networks: an array of real numbers")
    if w.ndim == 0 or w.shape[-1] != dim or w.size == 0:
        raise ValueError(
            f"{name} must be shaped (..., {dim}) (the flat parameters of this network, P = {dim}), "
            f"for at least one network; got shape {w.shape}"
        )
    return w


def _inputs(X, n_inputs: int, name: str = "X") -> np.ndarray:
    """``X`` as inputs ``(n, n_0)`` with n >= 1."""
    X = validate.real_array(name, X, what="inputs: an array of real numbers")
    if X.ndim != 2 or X.shape[1] != n_inputs or X.shape[0] == 0:
        raise ValueError(f"{name} must be shaped (n, {n_inputs}) with n >= 1 examples; got shape {X.shape}")
    return X


def _minibatches(idx, n_examples: int, w_shape) -> tuple:
    """``idx`` as integer example indices ``(..., m)`` in 0..n-1, and the leading shape they and
    parameters shaped ``w_shape`` ``(..., P)`` broadcast to."""
    idx = validate.integer_array("idx", idx)
    n = n_examples
    if idx.ndim == 0 or idx.shape[-1] == 0:
        raise ValueError(f"idx must be shaped (..., m) with m >= 1 indices per minibatch; got shape {idx.shape}")
    if idx.min() < 0 or idx.max() >= n:
        raise ValueError(f"idx must lie in [0, {n - 1}] (n = {n} examples); got values from {idx.min()} to {idx.max()}")
    try:
        lead = np.broadcast_shapes(tuple(w_shape[:-1]), idx.shape[:-1])
    except ValueError:
        raise ValueError(
            f"w {tuple(w_shape)} and idx {idx.shape} need matching leading shapes: w (B, P) with idx (B, m), "
            "or idx (m,) shared by every network"
        ) from None
    return idx, lead


def _stats(stats, layout, lead) -> list | None:
    """Batch-norm statistics, one `batchnorm.Stats` per normalized layer with fields ``lead + (n_l,)``,
    as a list of Stats with fields ``(N, n_l)`` (N the number of networks); None stays None."""
    if stats is None:
        return None
    widths = [s.n_out for s in layout if s.batch_norm]
    if not isinstance(stats, (list, tuple)) or len(stats) != len(widths):
        got = len(stats) if isinstance(stats, (list, tuple)) else repr(stats)[:80]
        raise ValueError(f"stats must hold {len(widths)} batchnorm.Stats (one per normalized layer); got {got}")
    N = int(np.prod(lead, dtype=int))
    out = []
    for i, (s, width) in enumerate(zip(stats, widths)):
        if not (isinstance(s, tuple) and len(s) == 2):
            raise ValueError(f"stats[{i}] must be a batchnorm.Stats(mean, var); got {s!r}"[:300])
        mean, var = (validate.real_array(f"stats[{i}].{k}", v) for k, v in zip(_bn.Stats._fields, s))
        if mean.shape != lead + (width,) or var.shape != lead + (width,) or np.any(var < 0):
            raise ValueError(
                f"stats[{i}] must hold mean and var >= 0 shaped {lead + (width,)} (w's networks {lead}, "
                f"{width} units); got {mean.shape}, {var.shape}"
            )
        out.append(_bn.Stats(mean.reshape(N, width), var.reshape(N, width)))
    return out


def _labels(y, n_examples: int, n_classes: int) -> np.ndarray:
    """Class labels 0..K-1, one per example."""
    y = validate.real_array("y", y, finite=True, what="class labels 0..K-1")
    if y.shape != (n_examples,):
        raise ValueError(f"y must hold one label per row of X, shape ({n_examples},); got {y.shape}")
    if not np.all(np.isin(y, np.arange(n_classes))):
        raise ValueError(f"y must hold class labels in 0..{n_classes - 1}")
    return y


def _layer_list(layers, n_layers: int) -> list:
    """``layers`` as a list of ``n_layers`` `Layer` tuples (their fields are checked by `layout._flatten`)."""
    if not isinstance(layers, (list, tuple)) or not all(isinstance(layer, tuple) for layer in layers):
        raise ValueError(f"layers must be a list of {n_layers} Layer tuples (one per layer); got {layers!r}"[:300])
    if len(layers) != n_layers:
        raise ValueError(f"layers must hold {n_layers} Layer tuples (one per layer); got {len(layers)}")
    return list(layers)
