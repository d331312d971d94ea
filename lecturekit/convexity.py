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
    broadcast; the result has the broadcast shape without the last axis. A scalar ``t`` is
    one mixing weight for every chord. ``a`` and ``b`` may hold NaN (it propagates); ``t``
    must be finite.
    """
    value = getattr(f, "value", f)
    validate.function("f", value)
    a, b = validate.real_array("a", a), validate.real_array("b", b)
    t = validate.real_array("t", t, finite=True)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError(f"a and b must be points shaped (..., d); got shapes {a.shape} and {b.shape}")
    if t.ndim == 0:
        t = t[None]
    if t.shape[-1] != 1:
        raise ValueError(f"t must be shaped (..., 1) (one weight per chord) or be a number; got shape {t.shape}")
    if np.any((t < 0) | (t > 1)):
        raise ValueError("t must lie in [0, 1]")
    try:
        np.broadcast_shapes(a.shape, b.shape, t.shape)
    except ValueError:
        raise ValueError(f"a {a.shape}, b {b.shape} and t {t.shape} must have broadcastable shapes") from None
    ts = t[..., 0]
    with np.errstate(invalid="ignore", over="ignore"):  # points may be nan or inf
        fa, fb, fm = (validate.real_array("f's values", value(p)) for p in (a, b, t * a + (1 - t) * b))
        if fa.shape != a.shape[:-1] or fb.shape != b.shape[:-1]:
            raise ValueError(
                f"f must map points shaped (..., d) to values shaped (...); on a {a.shape} it returned {fa.shape}"
            )
        return ts * fa + (1 - ts) * fb - fm


def worst_chord(f, rng: np.random.Generator, n: int = 10_000, bounds=None):
    """Sample ``n`` random chords in the box ``bounds`` and return the one with the smallest gap.

    Returns ``(gap, a, b, t)``; a negative gap is a certificate that f is not convex.
    ``bounds`` defaults to ``f.bounds``.
    """
    if not callable(getattr(f, "value", None)):
        raise ValueError(f"f must be an objective with value (and bounds, or pass bounds); got {f!r}"[:200])
    validate.generator(rng)
    n = validate.integer("n", n)
    if bounds is None and not hasattr(f, "bounds"):
        raise ValueError("bounds must be given: f has no bounds")
    box = validate.real_array("bounds", f.bounds if bounds is None else bounds, finite=True)
    if box.ndim != 2 or box.shape[1] != 2 or box.shape[0] == 0 or not np.all(box[:, 0] <= box[:, 1]):
        raise ValueError(f"bounds must be finite (low, high) pairs, one per coordinate, low <= high; got {bounds!r}")
    if hasattr(f, "dim") and box.shape[0] != f.dim:
        raise ValueError(f"bounds must have one (low, high) pair per coordinate of f (d = {f.dim}); got {box.shape[0]}")
    validate.elements("n", (3, n, box.shape[0]))
    lo, hi = box[:, 0], box[:, 1]
    a, b = rng.uniform(lo, hi, size=(2, n, len(lo)))
    t = rng.uniform(0, 1, size=(n, 1))
    gaps = chord_gap(f, a, b, t)
    i = int(np.argmin(gaps))
    return float(gaps[i]), a[i], b[i], float(t[i, 0])
