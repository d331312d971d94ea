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

from .. import validate

ArrayFn = Callable[[np.ndarray], np.ndarray]


def as_points(x, dim: int, name: str = "objective") -> np.ndarray:
    """Return the points ``x`` as a float array whose last axis has length ``dim``.

    Raises ``ValueError`` naming ``x``, the expected shape and ``name`` (the objective) when
    ``x`` is not an array of real numbers or its last axis is wrong; NaN and inf pass (see
    `lecturekit.validate`).
    """
    return validate.points("x", x, dim, where=str(name))


@dataclass(frozen=True, eq=False)
class Objective:
    """A differentiable function R^d -> R with exact first and second derivatives.

    Parameters
    ----------
    name : short human-readable name, used in error messages and plot titles.
    dim : the dimension d of the input.
    value_fn, grad_fn, hess_fn : functions of an array shaped ``(..., d)``. A subclass may
        override the methods ``_value``, ``_grad``, ``_hess`` instead and leave them out.
    bounds : one ``(low, high)`` pair per coordinate: a box that frames the function well.
    minimizers : array ``(k, d)`` of known minimizers (global and local), may be empty.
    minimum : the global minimum value where known, else ``None``.
    landmarks : named points worth marking in a plot (critical points of every kind,
        a plateau), name -> array ``(d,)``.

    A subclass whose value and gradient share work (a network's forward pass) may add
    ``value_and_grad(x) -> (value, grad)``; `optim.run` uses it where it needs both.
    """

    name: str
    dim: int
    value_fn: ArrayFn | None = field(default=None, repr=False)
    grad_fn: ArrayFn | None = field(default=None, repr=False)
    hess_fn: ArrayFn | None = field(default=None, repr=False)
    bounds: tuple = ()
    minimizers: np.ndarray = field(default_factory=lambda: np.empty((0, 0)), repr=False)
    minimum: float | None = None
    landmarks: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        if not isinstance(self.name, str):
            raise ValueError(f"name must be a string; got {self.name!r}")
        validate.integer("dim", self.dim, 1, validate.MAX_ELEMENTS)
        for attr, hook in (("value_fn", "_value"), ("grad_fn", "_grad"), ("hess_fn", "_hess")):
            if getattr(type(self), hook) is getattr(Objective, hook):  # not overridden: the function is needed
                validate.function(attr, getattr(self, attr))
        if not (isinstance(self.bounds, tuple) and len(self.bounds) == 0):
            box = validate.real_array("bounds", self.bounds, finite=True, what="one (low, high) pair per coordinate")
            if box.shape != (self.dim, 2) or not np.all(box[:, 0] < box[:, 1]):
                raise ValueError(
                    f"bounds must be dim = {self.dim} finite (low, high) pairs with low < high, one per coordinate; "
                    f"got {self.bounds!r}"
                )
        validate.real_array("minimizers", self.minimizers, finite=True)

    # Points may hold NaN or inf, or be far enough out that f overflows: the result then holds
    # nan or inf at those points, without a warning (the policy of `lecturekit.validate`).

    def value(self, x) -> np.ndarray:
        """f(x) for points ``x`` shaped ``(..., d)``; returns shape ``(...)``."""
        x = as_points(x, self.dim, self.name)
        with np.errstate(all="ignore"):
            return self._value(x)

    def grad(self, x) -> np.ndarray:
        """The gradient of f at ``x`` shaped ``(..., d)``; returns shape ``(..., d)``."""
        x = as_points(x, self.dim, self.name)
        with np.errstate(all="ignore"):
            return self._grad(x)

    def hess(self, x) -> np.ndarray:
        """The Hessian of f at ``x`` shaped ``(..., d)``; returns shape ``(..., d, d)``."""
        x = as_points(x, self.dim, self.name)
        with np.errstate(all="ignore"):
            return self._hess(x)

    __call__ = value

    # What value, grad and hess compute, after the check of x: the functions given, unless a
    # subclass overrides these.

    def _value(self, x):
        return self.value_fn(x)

    def _grad(self, x):
        return self.grad_fn(x)

    def _hess(self, x):
        return self.hess_fn(x)

    def grid(self, n: int = 200):
        """A plotting grid over ``bounds``: returns ``(axes, points, values)``.

        ``axes`` is a tuple of 1-D coordinate arrays, ``points`` has shape
        ``(n, d)`` for d = 1 or ``(n, n, 2)`` for d = 2, and ``values`` = f(points).
        """
        if self.dim not in (1, 2):
            raise ValueError(f"grid is defined for 1-D and 2-D objectives; {self.name} has d={self.dim}")
        n = validate.integer("n", n, 2)
        validate.elements("n", (n,) * self.dim + (self.dim,))
        axes = tuple(np.linspace(lo, hi, n) for lo, hi in self.bounds)
        if self.dim == 1:
            points = axes[0][:, None]
        else:
            xx, yy = np.meshgrid(*axes)
            points = np.stack([xx, yy], axis=-1)
        return axes, points, self.value(points)


def stack_last(*components) -> np.ndarray:
    """Stack same-shaped arrays along a new last axis: the gradient ``(..., d)`` from its parts."""
    parts = [validate.real_array("components", c) for c in components]
    return np.stack(_broadcast("components", *parts), axis=-1)


def _broadcast(name, *arrays):
    try:
        return np.broadcast_arrays(*arrays)
    except ValueError:
        raise ValueError(f"{name} must have shapes that broadcast; got {[np.shape(a) for a in arrays]}") from None


def hessian_2x2(fxx, fxy, fyy) -> np.ndarray:
    """Assemble symmetric 2x2 Hessians ``(..., 2, 2)`` from their three distinct entries."""
    parts = {k: validate.real_array(k, v) for k, v in (("fxx", fxx), ("fxy", fxy), ("fyy", fyy))}
    fxx, fxy, fyy = _broadcast("fxx, fxy and fyy", *parts.values())
    return np.stack([np.stack([fxx, fxy], -1), np.stack([fxy, fyy], -1)], -2)
