r"""Two-dimensional classification data sets, and grids to draw decision boundaries on.

Every generator takes an explicit ``numpy.random.Generator``, a number of points n and a
noise level (the standard deviation of Gaussian noise added to each coordinate, in the
units of the inputs, which all lie within a few units of the origin), and returns a
`Dataset` with inputs ``X`` ``(n, 2)`` and integer labels ``y`` ``(n,)``, rows shuffled.
Classes are as balanced as n allows (sizes differ by at most one).

* `two_spirals` -- two interleaved arms r = t, angle = 2 pi turns t (+ pi for class 1)
* `circles` -- a ring of radius 1 (class 0) around a ring of radius ``factor`` (class 1)
* `xor` -- four Gaussian clusters at (+-1, +-1); class 1 where the signs differ
* `moons` -- two interleaving half circles
* `blobs` -- Gaussian blobs around given centres (any number of classes)

`grid` covers a data set's box with an ny x nx lattice; `MLP.on_grid` evaluates B
networks on it in one call.

>>> import numpy as np
>>> from lecturekit.nn import datasets
>>> data = datasets.circles(np.random.default_rng(0), n=100, noise=0.05)
>>> data.X.shape, np.bincount(data.y)
((100, 2), array([50, 50]))
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate


class Dataset(NamedTuple):
    """A classification data set: inputs ``X`` ``(n, 2)``, labels ``y`` ``(n,)`` in 0..K-1."""

    X: np.ndarray
    y: np.ndarray


class Grid(NamedTuple):
    """A lattice for pictures: coordinates ``xs`` ``(nx,)``, ``ys`` ``(ny,)`` and ``points``
    ``(ny * nx, 2)``, row-major (point ``i * nx + j`` is ``(xs[j], ys[i])``), so values
    reshaped to ``(ny, nx)`` go straight to ``contourf(xs, ys, values)``."""

    xs: np.ndarray
    ys: np.ndarray
    points: np.ndarray


def _labels(n: int, k: int) -> np.ndarray:
    """Balanced labels 0..k-1 (the first n % k classes get one extra point)."""
    return np.sort(np.arange(n) % k)


def _finish(rng, X, y, noise) -> Dataset:
    X = X + noise * rng.standard_normal(X.shape)
    order = rng.permutation(len(y))
    return Dataset(X[order], y[order])


#: Largest noise level and number of turns: beyond, the points are rounding (and cos overflows).
_MAX_SCALE = 1e100


def _common(rng, n, noise, low=2):
    validate.generator(rng)
    n = validate.integer("n", n, low)
    validate.elements("n", (n, 2))
    return n, validate.nonnegative("noise", noise, _MAX_SCALE, scalar=True)


def two_spirals(rng, n: int = 200, noise: float = 0.1, turns: float = 1.5) -> Dataset:
    r"""Two interleaved spirals: class c has points r (cos θ, sin θ) with r = t,
    θ = 2π · turns · t + cπ, t uniform in [0.05, 1] (a hard problem for a small network
    -- Lang & Witbrock, "Learning to tell two spirals apart", 1988)."""
    n, noise = _common(rng, n, noise)
    turns = validate.positive("turns", turns, _MAX_SCALE, scalar=True)
    y = _labels(n, 2)
    t = rng.uniform(0.05, 1.0, size=n)
    theta = 2 * np.pi * turns * t + np.pi * y
    X = t[:, None] * np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    return _finish(rng, X, y, noise)


def circles(rng, n: int = 200, noise: float = 0.1, factor: float = 0.5) -> Dataset:
    """Two concentric rings: radius 1 (class 0) and radius ``factor`` in (0, 1) (class 1),
    angles uniform. Not linearly separable; |x|^2 separates them."""
    n, noise = _common(rng, n, noise)
    factor = validate.in_range("factor", factor, 0.0, 1.0, low_closed=False, scalar=True)
    y = _labels(n, 2)
    angle = rng.uniform(0, 2 * np.pi, size=n)
    r = np.where(y == 0, 1.0, factor)
    X = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=-1)
    return _finish(rng, X, y, noise)


def xor(rng, n: int = 200, noise: float = 0.1) -> Dataset:
    """XOR: n points split evenly over four clusters centred at (+-1, +-1), each Gaussian with
    standard deviation ``noise``; label 1 where the two coordinates of the centre have
    different signs (the exclusive or of the signs). No line separates the classes
    (Minsky & Papert, *Perceptrons*, 1969); one hidden layer of two units can."""
    n, noise = _common(rng, n, noise, low=4)
    corner = np.sort(np.arange(n) % 4)
    centres = np.array([[-1.0, -1.0], [1.0, 1.0], [-1.0, 1.0], [1.0, -1.0]])
    y = (corner >= 2).astype(int)
    return _finish(rng, centres[corner], y, noise)


def moons(rng, n: int = 200, noise: float = 0.1) -> Dataset:
    """Two interleaving half circles of radius 1: class 0 is (cos t, sin t), class 1 is
    (1 - cos t, 1/2 - sin t), t uniform in [0, π]."""
    n, noise = _common(rng, n, noise)
    y = _labels(n, 2)
    t = rng.uniform(0, np.pi, size=n)
    X = np.where(
        (y == 0)[:, None],
        np.stack([np.cos(t), np.sin(t)], axis=-1),
        np.stack([1 - np.cos(t), 0.5 - np.sin(t)], axis=-1),
    )
    return _finish(rng, X, y, noise)


def blobs(rng, n: int = 200, noise: float = 0.5, centres=((-1.5, -1.0), (1.5, -1.0), (0.0, 1.5))) -> Dataset:
    """Gaussian blobs: class k is N(centres[k], noise^2 I); ``centres`` is ``(K, 2)``, K >= 2."""
    n, noise = _common(rng, n, noise)
    centres = validate.real_array("centres", centres, what="a finite array (K, 2) of class centres")
    if centres.ndim != 2 or centres.shape[1] != 2 or centres.shape[0] < 2 or not np.all(np.isfinite(centres)):
        raise ValueError(f"centres must be a finite array (K, 2) with K >= 2 classes; got shape {centres.shape}")
    if n < centres.shape[0]:
        raise ValueError(f"n must be at least the number of classes {centres.shape[0]}; got {n}")
    y = _labels(n, centres.shape[0])
    return _finish(rng, centres[y], y, noise)


def grid(X, n: int = 200, margin: float = 0.1) -> Grid:
    """An n x n `Grid` over the bounding box of ``X`` ``(m, 2)``, widened by ``margin`` (a
    fraction of each side's length) on every side."""
    X = validate.real_array("X", X, what="a finite array of 2-D points, shape (m, 2)")
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0 or not np.all(np.isfinite(X)):
        raise ValueError(f"X must be a finite array of 2-D points, shape (m, 2); got shape {X.shape}")
    n = validate.integer("n", n, 2)
    validate.elements("n", (n * n, 2))
    margin = validate.nonnegative("margin", margin, scalar=True)
    low, high = X.min(axis=0), X.max(axis=0)
    with np.errstate(over="ignore"):
        pad = margin * np.maximum(high - low, 1e-12)
        box_ok = np.all(np.isfinite(low - pad)) and np.all(np.isfinite(high + pad))
    if not box_ok:
        raise ValueError(f"margin = {margin:g} widens the box of X beyond the float range; ask for a smaller margin")
    xs, ys = (np.linspace(lo, hi, n) for lo, hi in zip(low - pad, high + pad))
    xx, yy = np.meshgrid(xs, ys)
    return Grid(xs, ys, np.stack([xx.ravel(), yy.ravel()], axis=-1))
