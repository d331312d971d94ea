"""Argument checks shared by every lecturekit module.

Every public function checks its arguments when it is called and raises a ``ValueError``
whose message names the parameter and its allowed range, e.g.
``rho2 must be in [0, 1); got 1.0``.
"""

from __future__ import annotations

import numbers

import numpy as np


def _interval(low, high, low_closed, high_closed) -> str:
    def fmt(v):
        return "inf" if v == np.inf else ("-inf" if v == -np.inf else f"{v:g}")

    return f"{'[' if low_closed else '('}{fmt(low)}, {fmt(high)}{']' if high_closed else ')'}"


def in_range(name: str, value, low, high=np.inf, *, low_closed=True, high_closed=False):
    """Return ``value`` as a float (or float array) after checking it lies in the interval.

    The interval is ``[low, high)`` by default; ``low_closed``/``high_closed`` pick the
    brackets. NaN is never in range; infinity only when ``high = inf`` and ``high_closed``.
    Arrays are checked elementwise and returned as float arrays (for per-trajectory sweeps).
    """
    if isinstance(value, (bool, str, bytes)) or callable(value):
        raise ValueError(
            f"{name} must be a number or array in {_interval(low, high, low_closed, high_closed)}; got {value!r}"
        )
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or array of numbers; got {value!r}") from None
    with np.errstate(invalid="ignore"):
        ok = (arr >= low) if low_closed else (arr > low)
        ok &= (arr <= high) if high_closed else (arr < high)
    if not np.all(ok):
        bad = arr if arr.ndim == 0 else arr[~ok].flat[0]
        where = "" if arr.ndim == 0 else f" (array of shape {arr.shape})"
        raise ValueError(
            f"{name} must be in {_interval(low, high, low_closed, high_closed)}; got {float(bad)!r}{where}"
        )
    return float(arr) if arr.ndim == 0 else arr


def positive(name: str, value):
    """A finite number (or array) > 0, e.g. a learning rate."""
    return in_range(name, value, 0.0, np.inf, low_closed=False)


def nonnegative(name: str, value):
    """A finite number (or array) >= 0, e.g. a damping constant."""
    return in_range(name, value, 0.0, np.inf)


def decay_rate(name: str, value):
    """A decay rate in [0, 1), e.g. rho, rho1, rho2, alpha."""
    return in_range(name, value, 0.0, 1.0)


def integer(name: str, value, low: int = 1) -> int:
    """An integer (Python or NumPy, not bool) >= ``low``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    if value < low:
        raise ValueError(f"{name} must be an integer >= {low}; got {value!r}")
    return int(value)


def broadcasts_to(name: str, value, shape: tuple) -> None:
    """Check that a hyperparameter broadcasts to the parameters' ``shape`` without growing it.

    A scalar always does; for parameters ``(B, d)`` a ``(B, 1)`` array gives one value per
    trajectory and a ``(d,)`` or ``(B, d)`` array one per coordinate.
    """
    vshape = np.shape(value)
    try:
        ok = np.broadcast_shapes(vshape, shape) == tuple(shape)
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"{name} has shape {vshape}, which does not broadcast to the parameters' shape {tuple(shape)}; "
            f"pass a scalar, or an array shaped ({shape[0] if shape else 'B'}, 1) for one value per trajectory"
        )


def schedule_value(name: str, schedule, k: int):
    """Evaluate a learning-rate schedule at step ``k`` and check the value is finite and >= 0."""
    value = schedule(k)
    arr = np.asarray(value, dtype=float)
    if not (np.all(np.isfinite(arr)) and np.all(arr >= 0)):
        bad = arr if arr.ndim == 0 else arr[~(np.isfinite(arr) & (arr >= 0))].flat[0]
        raise ValueError(
            f"{name} schedule must return finite values in [0, inf); at step {k} it returned {float(bad)!r}"
        )
    return value


def generator(rng) -> np.random.Generator:
    """Check that ``rng`` is an explicit ``numpy.random.Generator`` (no global random state)."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, e.g. np.random.default_rng(0); got {rng!r}")
    return rng


def optional_generator(name: str, rng) -> np.random.Generator:
    """``rng`` as a ``numpy.random.Generator``: a Generator is returned as it is, None gives a fresh one.

    Anything else (a seed such as 0, the ``np.random`` module, a legacy ``RandomState``) raises a
    ``TypeError`` naming ``name`` and showing how to make a Generator.
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    what = "the legacy RandomState" if isinstance(rng, np.random.RandomState) else repr(rng)
    raise TypeError(
        f"{name} must be a numpy.random.Generator or None; got {what}. "
        f"Make one with np.random.default_rng(seed), e.g. {name}=np.random.default_rng(0)"
    )
