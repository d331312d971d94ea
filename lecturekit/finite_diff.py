"""Central finite differences, vectorized over a leading batch of points.

For a step h the central difference (f(x + h e_i) - f(x - h e_i)) / (2h) has error O(h^2)
(Nocedal & Wright, *Numerical Optimization*, 2nd ed., section 8.1). With double precision,
h around 1e-6 for gradients and 1e-5 for Hessians (differencing an exact gradient) balances
truncation against round-off. The course uses these to check exact derivatives, never to
replace them.
"""

from __future__ import annotations

import numpy as np


def _steps(x, h):
    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        raise ValueError("finite differences take points shaped (..., d); got a scalar")
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"step h must be a positive finite number; got {h!r}")
    d = x.shape[-1]
    shifts = h * np.eye(d)  # (d, d): row i is h * e_i
    return x[..., None, :] + shifts, x[..., None, :] - shifts


def gradient(f, x, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f: (..., d) -> (...)``; returns ``(..., d)``."""
    plus, minus = _steps(x, h)
    return (np.asarray(f(plus)) - np.asarray(f(minus))) / (2 * h)


def jacobian(F, x, h: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian of ``F: (..., d) -> (..., m)``; returns ``(..., m, d)``.

    Entry ``[..., i, j]`` approximates dF_i / dx_j.
    """
    plus, minus = _steps(x, h)
    cols = (np.asarray(F(plus)) - np.asarray(F(minus))) / (2 * h)  # (..., d, m): row j is dF/dx_j
    return np.swapaxes(cols, -1, -2)


def hessian(grad, x, h: float = 1e-5) -> np.ndarray:
    """Hessian ``(..., d, d)`` by central differences of an exact gradient ``grad: (..., d) -> (..., d)``."""
    return jacobian(grad, x, h)
