r"""Convexity by the chord test.

f is convex when every chord lies on or above the graph:
:math:`f(t a + (1-t) b) \le t f(a) + (1-t) f(b)` for all a, b and t in [0, 1]
(Boyd & Vandenberghe, *Convex Optimization*, 2004, eq. 3.1). The *chord gap*
t f(a) + (1-t) f(b) - f(t a + (1-t) b) is then never negative; one negative gap proves
that f is not convex. Sampling can only ever find violations, never prove convexity.
"""

from __future__ import annotations

import numpy as np

from . import validate


def chord_gap(f, a, b, t) -> np.ndarray:
    """t f(a) + (1 - t) f(b) - f(t a + (1 - t) b) for points ``a``, ``b`` ``(..., d)`` and ``t`` ``(..., 1)``.

    ``f`` is an objective (anything with ``value`` or a callable on ``(..., d)``). Shapes
    broadcast; the result has the broadcast shape without the last axis.
    """
    a, b, t = (np.asarray(v, dtype=float) for v in (a, b, t))
    if np.any((t < 0) | (t > 1)):
        raise ValueError("t must lie in [0, 1]")
    value = getattr(f, "value", f)
    ts = t[..., 0]
    return ts * value(a) + (1 - ts) * value(b) - value(t * a + (1 - t) * b)


def worst_chord(f, rng: np.random.Generator, n: int = 10_000, bounds=None):
    """Sample ``n`` random chords in the box ``bounds`` and return the one with the smallest gap.

    Returns ``(gap, a, b, t)``; a negative gap is a certificate that f is not convex.
    ``bounds`` defaults to ``f.bounds``.
    """
    validate.generator(rng)
    if int(n) != n or n < 1:
        raise ValueError(f"n must be a positive integer; got {n!r}")
    box = np.asarray(f.bounds if bounds is None else bounds, dtype=float)
    lo, hi = box[:, 0], box[:, 1]
    a, b = rng.uniform(lo, hi, size=(2, n, len(lo)))
    t = rng.uniform(0, 1, size=(n, 1))
    gaps = chord_gap(f, a, b, t)
    i = int(np.argmin(gaps))
    return float(gaps[i]), a[i], b[i], float(t[i, 0])
