"""The `Objective` type: a function with its exact gradient and Hessian, batch-first.

Every objective in the course takes points shaped ``(..., d)`` -- one point, a batch of
``B`` points ``(B, d)``, or a grid ``(ny, nx, d)`` -- and returns

* ``value(x)`` shaped ``(...)``,
* ``grad(x)`` shaped ``(..., d)``,
* ``hess(x)`` shaped ``(..., d, d)``.

An objective also knows its dimension, a box that frames it well in a plot, and its
minimizers where they are known in closed form (or to machine precision).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

ArrayFn = Callable[[np.ndarray], np.ndarray]


def as_points(x, dim: int, name: str = "objective") -> np.ndarray:
    """Return ``x`` as a float array whose last axis has length ``dim``.

    Raises ``ValueError`` naming the expected shape when the last axis is wrong.
    """
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0 or arr.shape[-1] != dim:
        raise ValueError(
            f"{name} takes points shaped (..., {dim}); got an array of shape {arr.shape}. "
            f"For a single point pass a length-{dim} array; for B points pass shape (B, {dim})."
        )
    return arr


@dataclass(frozen=True, eq=False)
class Objective:
    """A differentiable function R^d -> R with exact first and second derivatives.

    Parameters
    ----------
    name : short human-readable name, used in error messages and plot titles.
    dim : the dimension d of the input.
    value_fn, grad_fn, hess_fn : functions of an array shaped ``(..., d)``.
    bounds : one ``(low, high)`` pair per coordinate: a box that frames the function well.
    minimizers : array ``(k, d)`` of known minimizers (global and local), may be empty.
    minimum : the global minimum value where known, else ``None``.
    landmarks : named points worth marking in a plot (critical points of every kind,
        a plateau), name -> array ``(d,)``.
    """

    name: str
    dim: int
    value_fn: ArrayFn = field(repr=False)
    grad_fn: ArrayFn = field(repr=False)
    hess_fn: ArrayFn = field(repr=False)
    bounds: tuple = ()
    minimizers: np.ndarray = field(default_factory=lambda: np.empty((0, 0)), repr=False)
    minimum: float | None = None
    landmarks: dict = field(default_factory=dict, repr=False)

    def value(self, x) -> np.ndarray:
        """f(x) for points ``x`` shaped ``(..., d)``; returns shape ``(...)``."""
        return self.value_fn(as_points(x, self.dim, self.name))

    def grad(self, x) -> np.ndarray:
        """The gradient of f at ``x`` shaped ``(..., d)``; returns shape ``(..., d)``."""
        return self.grad_fn(as_points(x, self.dim, self.name))

    def hess(self, x) -> np.ndarray:
        """The Hessian of f at ``x`` shaped ``(..., d)``; returns shape ``(..., d, d)``."""
        return self.hess_fn(as_points(x, self.dim, self.name))

    __call__ = value

    def grid(self, n: int = 200):
        """A plotting grid over ``bounds``: returns ``(axes, points, values)``.

        ``axes`` is a tuple of 1-D coordinate arrays, ``points`` has shape
        ``(n, d)`` for d = 1 or ``(n, n, 2)`` for d = 2, and ``values`` = f(points).
        """
        if self.dim not in (1, 2):
            raise ValueError(f"grid is defined for 1-D and 2-D objectives; {self.name} has d={self.dim}")
        if n < 2:
            raise ValueError(f"grid needs n >= 2 points per axis; got n={n}")
        axes = tuple(np.linspace(lo, hi, n) for lo, hi in self.bounds)
        if self.dim == 1:
            points = axes[0][:, None]
        else:
            xx, yy = np.meshgrid(*axes)
            points = np.stack([xx, yy], axis=-1)
        return axes, points, self.value(points)


def stack_last(*components) -> np.ndarray:
    """Stack same-shaped arrays along a new last axis: the gradient ``(..., d)`` from its parts."""
    return np.stack(np.broadcast_arrays(*components), axis=-1)


def hessian_2x2(fxx, fxy, fyy) -> np.ndarray:
    """Assemble symmetric 2x2 Hessians ``(..., 2, 2)`` from their three distinct entries."""
    fxx, fxy, fyy = np.broadcast_arrays(fxx, fxy, fyy)
    return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)
