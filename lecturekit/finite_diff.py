"""Central finite differences, vectorized over a leading batch of points.

For a step h the central difference (f(x + h e_i) - f(x - h e_i)) / (2h) has error O(h^2)
(Nocedal & Wright, *Numerical Optimization*, 2nd ed., section 8.1). With double precision,
h around 1e-6 for gradients and 1e-5 for Hessians (differencing an exact gradient) balances
truncation against round-off. The course uses these to check exact derivatives, never to
replace them.
"""

from __future__ import annotations

import numpy as np

from . import validate

# x may hold nan or inf (it propagates); the differences run under np.errstate, so that a step
# where f overflows gives inf or nan without a warning.


def _steps(x, h):
    x = validate.points("x", x)
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError(f"x must be points shaped (..., d) with d >= 1; got shape {x.shape}")
    h = validate.step_size("h", h)
    d = x.shape[-1]
    validate.elements("x", x.shape + (d,))
    shifts = h * np.eye(d)  # (d, d): row i is h * e_i
    with np.errstate(over="ignore", invalid="ignore"):
        return x[..., None, :] + shifts, x[..., None, :] - shifts


def _evaluate(name, fn, plus, minus, h, tail):
    """(fn(plus) - fn(minus)) / 2h after checking that fn returns ``plus.shape[:-1] + tail``."""
    validate.function(name, fn)
    with np.errstate(over="ignore", invalid="ignore"):
        fp = validate.real_array(f"the output of {name}", fn(plus))
        fm = validate.real_array(f"the output of {name}", fn(minus))
        want = plus.shape[:-1] + tail
        if fp.shape != want or fm.shape != want:
            shape = f"(..., {', '.join(map(str, tail))})" if tail else "(...)"
            raise ValueError(
                f"{name} must map points shaped (..., d) to {shape}, one output per point; on points "
                f"{plus.shape} it returned shape {fp.shape}, expected {want} (pass a function of one batch of points)"
            )
        return (fp - fm) / (2 * h)


def gradient(f, x, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of a scalar function ``f: (..., d) -> (...)``; returns ``(..., d)``."""
    plus, minus = _steps(x, h)
    return _evaluate("f", f, plus, minus, h, ())


def jacobian(F, x, h: float = 1e-6) -> np.ndarray:
    """Central-difference Jacobian of ``F: (..., d) -> (..., m)``; returns ``(..., m, d)``.

    Entry ``[..., i, j]`` approximates dF_i / dx_j.
    """
    plus, minus = _steps(x, h)
    validate.function("F", F)
    with np.errstate(over="ignore", invalid="ignore"):
        out = validate.real_array("the output of F", F(plus[..., :1, :]))
    if out.ndim == 0:
        raise ValueError(f"F must map points shaped (..., d) to vectors (..., m); it returned shape {out.shape}")
    cols = _evaluate("F", F, plus, minus, h, (out.shape[-1],))  # (..., d, m): row j is dF/dx_j
    return np.swapaxes(cols, -1, -2)


def hessian(grad, x, h: float = 1e-5) -> np.ndarray:
    """Hessian ``(..., d, d)`` by central differences of an exact gradient ``grad: (..., d) -> (..., d)``."""
    plus, minus = _steps(x, h)
    return np.swapaxes(_evaluate("grad", grad, plus, minus, h, (plus.shape[-1],)), -1, -2)
