"""Drawing functions for initialization: per-layer profiles, norms against t, spectra, smoothed curves.

Each takes arrays and an optional ``ax``, draws, and returns the artists it made, so the
explorers in `widgets.initialization` can update them in place. Nothing here computes an
experiment. Categories (schemes, passes) take their colours from ``style.CATEGORICAL["init"]``
and their markers from ``style.MARKERS["init"]``, so lines differ in marker and dash too.
"""

from __future__ import annotations

import numpy as np

from ..style import CATEGORICAL, MARKERS
from .primitives import _ax

#: Dash patterns that go with the colours of ``CATEGORICAL["init"]`` (a third cue in print).
DASHES = ("-", "--", "-.", ":", (0, (5, 1, 1, 1)), (0, (1, 1)))


def init_style(i: int) -> dict:
    """Colour, marker and line style of category ``i`` of the ``init`` palette (cycled)."""
    colours = list(CATEGORICAL["init"].values())
    return {
        "color": colours[i % len(colours)],
        "marker": MARKERS["init"][i % len(MARKERS["init"])],
        "ls": DASHES[i % len(DASHES)],
    }


def layer_profile(values, ax=None, i: int = 0, label=None, log: bool = True, **kw):
    """A statistic per layer (``values`` ``(L+1,)``, index 0 the input) against the layer index.

    Log y by default (signals that vanish or explode change by orders of magnitude). Returns
    the ``Line2D``; a new profile is ``line.set_data(layers, values)``.
    """
    ax = _ax(ax)
    values = np.asarray(values, dtype=float)
    style = init_style(i) | {"ms": 4, "lw": 1.6} | kw
    (line,) = ax.plot(np.arange(values.size), values, label=label, **style)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel("layer l")
    return line


def norms_against_t(t, norms, ax=None, i: int = 0, label=None, **kw):
    """A norm against the number of multiplications t on log y; returns the ``Line2D``."""
    ax = _ax(ax)
    style = init_style(i) | {"ms": 3, "lw": 1.6, "markevery": 5} | kw
    (line,) = ax.semilogy(t, norms, label=label, **style)
    ax.set_xlabel("t (multiplications by W)")
    return line


def spectrum(s, ax=None, i: int = 0, label=None):
    """Singular values ``s`` ``(n,)`` sorted from largest, against their rank, on log y."""
    ax = _ax(ax)
    s = np.sort(np.asarray(s, dtype=float))[::-1]
    style = init_style(i) | {"ms": 3, "lw": 1.4, "markevery": max(1, s.size // 12)}
    (line,) = ax.semilogy(np.arange(1, s.size + 1), s, label=label, **style)
    ax.set_xlabel("rank k")
    ax.set_ylabel(r"singular value of $\partial h_L/\partial h_0$")
    return line


def smoothed_curves(x, values, sigmas, ax=None):
    """Curves f_σ(x) (``values`` ``(S, N)``), one per width in ``sigmas``; returns the lines."""
    ax = _ax(ax)
    lines = [
        ax.plot(x, v, label=f"σ = {s:g}", markevery=max(1, len(x) // 10), ms=4, lw=1.6, **init_style(k))[0]
        for k, (v, s) in enumerate(zip(values, sigmas))
    ]
    ax.set_xlabel("x")
    ax.set_ylabel(r"$f_\sigma(x)$")
    return lines
