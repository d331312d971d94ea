r"""Curvature: the second derivative in a direction, through the Hessian's eigenvalues.

For a twice-differentiable f with Hessian H at a point and a unit vector d, the second
derivative of t -> f(x + t d) at t = 0 is the *directional second derivative*

.. math::  d^\top H d = \sum_i \lambda_i\, (u_i^\top d)^2,

where :math:`H = \sum_i \lambda_i u_i u_i^\top` is the eigendecomposition. The weights
:math:`w_i = (u_i^\top d)^2` lie in [0, 1] and sum to :math:`\lVert d\rVert^2 = 1`, so the
directional curvature is a weighted average of the eigenvalues: it equals :math:`\lambda_i`
along :math:`u_i` and always lies between :math:`\lambda_{\min}` and :math:`\lambda_{\max}`
(Goodfellow, Bengio & Courville, *Deep Learning*, 2016, section 4.3).

Convention: every function here takes *any* nonzero d and divides by
:math:`d^\top d`, i.e. it returns the Rayleigh quotient :math:`d^\top H d / d^\top d`,
which is the directional second derivative along the unit vector :math:`d / \lVert d\rVert`.
"""

from __future__ import annotations

import numpy as np

from . import critical, linalg, validate


def _pair(H, d, name, finite=False):
    H = validate.real_array("H", H, finite=finite, what="Hessians: an array of real numbers")
    d = validate.real_array("d", d, finite=finite, what="directions: an array of real numbers")
    if H.ndim < 2 or H.shape[-1] != H.shape[-2] or H.shape[-1] == 0:
        raise ValueError(f"H must be Hessians shaped (..., n, n) for {name}; got shape {H.shape}")
    if d.ndim == 0 or d.shape[-1] != H.shape[-1]:
        raise ValueError(f"d must be directions shaped (..., {H.shape[-1]}) to match H; got shape {d.shape}")
    try:
        np.broadcast_shapes(H.shape[:-2], d.shape[:-1])
    except ValueError:
        raise ValueError(f"H {H.shape} and d {d.shape} must have broadcastable leading shapes") from None
    scale = np.max(np.abs(d), axis=-1, keepdims=True)
    if np.any(scale == 0):
        raise ValueError(f"d must be nonzero directions for {name}; a zero vector has no direction")
    with np.errstate(invalid="ignore"):
        d = d / scale  # the Rayleigh quotient is scale-free; this keeps d^T d finite
    return H, d, np.sum(d * d, axis=-1)


def directional_curvature(H, d) -> np.ndarray:
    r""":math:`d^\top H d / d^\top d` for Hessians ``(..., n, n)`` and directions ``(..., n)``; shape ``(...)``.

    For a unit vector d this is the directional second derivative :math:`d^\top H d`.
    Leading axes broadcast, so one H against many directions (or the reverse) is one call.
    """
    H, d, dd = _pair(H, d, "directional_curvature")
    with np.errstate(invalid="ignore", over="ignore"):  # nan or inf entries propagate
        return np.einsum("...i,...ij,...j->...", d, H, d) / dd


def eigen_weights(H, d):
    r"""The eigenvalues of symmetric H (ascending) and the weights :math:`(u_i^\top d)^2 / d^\top d`.

    Returns ``(lam, w)``, both shaped like the broadcast batch plus ``(n,)``, with
    ``w >= 0``, ``w.sum(-1) == 1`` and ``(lam * w).sum(-1) == directional_curvature(H, d)``.
    Uses the closed form `linalg.eigh_2x2` for n = 2 and ``np.linalg.eigh`` otherwise.
    """
    H, d, dd = _pair(H, d, "eigen_weights", finite=True)
    lam, U = linalg.eigh_2x2(H) if H.shape[-1] == 2 else np.linalg.eigh(H)
    proj = np.einsum("...ji,...j->...i", U, d)  # u_i^T d for every column u_i
    lam, w = np.broadcast_arrays(lam, proj**2 / dd[..., None])
    return lam, w


#: Names of the curvature-map codes, in code order (`critical` codes 0..3).
CURVATURE_LABELS = ("both positive", "both negative", "mixed signs", "a zero eigenvalue")


def curvature_map(f, n: int = 200, tol: float = 1e-8, bounds=None):
    r"""Classify the Hessian of a 2-D objective at every point of an ``n x n`` grid, in one call.

    Each point gets the code of `critical.classify_hessian` (closed-form 2x2 eigenvalues):
    0 both eigenvalues positive (locally convex, bowl), 1 both negative (cap), 2 one of each
    (saddle-shaped), 3 an eigenvalue within ``tol`` of zero. `CURVATURE_LABELS` names them.
    At a critical point these are the verdicts of the second-derivative test; elsewhere
    they describe the local shape only.

    Returns ``(codes, extent, lam)``: ``codes`` ``(n, n)`` int8 (rows are y, as in
    ``imshow(origin="lower")``), ``extent = (xmin, xmax, ymin, ymax)`` and the eigenvalues
    ``(n, n, 2)``. ``bounds`` defaults to ``f.bounds``.
    """
    validate.objective("f", f, needs=("hess",), dim=2)
    n = validate.integer("n", n, 2)
    validate.elements("n", (n, n, 2, 2))
    tol = validate.nonnegative("tol", tol, scalar=True)
    box = validate.real_array("bounds", f.bounds if bounds is None else bounds, finite=True)
    if box.shape != (2, 2) or not np.all(box[:, 0] < box[:, 1]):
        raise ValueError(f"bounds must be two finite (low, high) pairs with low < high; got {bounds!r}")
    (x0, x1), (y0, y1) = box.tolist()
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    lam = critical.eigvalsh(f.hess(np.stack([xx, yy], axis=-1)))
    return critical.classify_eigenvalues(lam, tol), (x0, x1, y0, y1), lam
