"""Drawing functions for curvature: linear maps, eigenvector arrows, model contours, step curves
and curvature maps. Each takes arrays and an optional ``ax``, draws, and returns its artists
(so an interactive figure can update them in place). Nothing here creates a widget.
"""

from __future__ import annotations

import numpy as np
from contourpy import contour_generator
from matplotlib.collections import LineCollection

from ..curvature import CURVATURE_LABELS
from ..style import CATEGORICAL, COLORS
from . import primitives
from .primitives import _ax

#: One colour per code of `curvature.curvature_map`.
CURVATURE_COLORS = tuple(CATEGORICAL["landmarks"].values())
#: Colours of the first and second eigenvector in every figure of this module.
EIGEN_COLORS = tuple(CATEGORICAL["eigen"].values())


def plane(ax=None, lim: float = 3.0, circle: bool = True) -> dict:
    """A square frame [-lim, lim]^2 with axes lines and (optionally) the unit circle; returns the artists."""
    ax = _ax(ax)
    ax.axhline(0, color="0.6", lw=0.8)
    ax.axvline(0, color="0.6", lw=0.8)
    out = {}
    if circle:
        t = np.linspace(0, 2 * np.pi, 200)
        (out["circle"],) = ax.plot(np.cos(t), np.sin(t), "--", color="0.45", lw=1.2, label="unit circle")
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal", adjustable="box")
    return out


def arrows(vectors, ax=None, colors=None, width: float = 0.012, origin=None):
    """Arrows from ``origin`` (default 0) to each row of ``vectors`` ``(k, 2)`` in data units; returns the Quiver.

    Move them later with `set_arrows`.
    """
    ax = _ax(ax)
    v = np.asarray(vectors, dtype=float)
    o = np.zeros_like(v) if origin is None else np.broadcast_to(np.asarray(origin, dtype=float), v.shape)
    return ax.quiver(
        o[:, 0], o[:, 1], v[:, 0], v[:, 1], color=colors, angles="xy", scale_units="xy", scale=1, width=width, zorder=6
    )


def set_arrows(quiver, vectors, origin=None) -> None:
    """Point the arrows of a Quiver made by `arrows` at new ``vectors`` ``(k, 2)`` (and origins)."""
    v = np.asarray(vectors, dtype=float)
    if origin is not None:
        quiver.set_offsets(np.broadcast_to(np.asarray(origin, dtype=float), v.shape))
    quiver.set_UVC(v[:, 0], v[:, 1])


def contour_segments(gx, gy, z, levels) -> list:
    """Contour lines of a field ``z`` ``(ny, nx)`` on the grid ``gx`` ``(nx,)``, ``gy`` ``(ny,)``.

    Returns a list of ``(m, 2)`` point arrays (every level, every piece), ready for a
    ``LineCollection``. Computing them once per slider position and swapping them in is
    much faster than a new ``contour`` call per redraw.
    """
    gen = contour_generator(np.asarray(gx), np.asarray(gy), np.asarray(z))
    return [seg for level in levels for seg in gen.lines(level) if len(seg) > 1]


def line_set(segments=(), ax=None, **kw) -> LineCollection:
    """Draw a list of ``(m, 2)`` polylines as one LineCollection (update with ``set_segments``); returns it."""
    ax = _ax(ax)
    lines = LineCollection(
        list(segments),
        colors=kw.pop("color", COLORS["start"]),
        linewidths=kw.pop("lw", 1.6),
        zorder=kw.pop("zorder", 4),
        **kw,
    )
    ax.add_collection(lines)
    return lines


def step_curves(eps, predicted, actual=None, ax=None, eps_star=None, inv_lam_max=None) -> dict:
    r"""The change of f after a step :math:`-\epsilon g` against :math:`\epsilon`: the model's prediction and, if
    given, the true change; vertical lines at :math:`\epsilon^*` and :math:`1/\lambda_{\max}` when finite.

    Returns ``{"predicted", "actual", "eps_star", "inv_lam_max"}`` (absent ones are None).
    """
    ax = _ax(ax)
    out = {"actual": None, "eps_star": None, "inv_lam_max": None}
    ax.axhline(0, color="0.6", lw=0.8)
    (out["predicted"],) = ax.plot(eps, predicted, "--", color=COLORS["start"], lw=2, label="predicted (Taylor)")
    if actual is not None:
        (out["actual"],) = ax.plot(eps, actual, color=COLORS["path"], lw=2, label="actual")
    if eps_star is not None and np.isfinite(eps_star):
        out["eps_star"] = ax.axvline(eps_star, color=COLORS["minimum"], lw=1.2, ls=":", label="ε* = gᵀg / gᵀHg")
    if inv_lam_max is not None and np.isfinite(inv_lam_max):
        out["inv_lam_max"] = ax.axvline(inv_lam_max, color=COLORS["saddle"], lw=1.2, ls="-.", label="1/λmax")
    ax.set_xlim(eps[0], eps[-1])
    ax.set_xlabel("step size ε")
    ax.set_ylabel("f(x − εg) − f(x)")
    return out


def curvature_map(codes, extent, ax=None, legend: bool = True):
    """Show a `curvature.curvature_map` (codes 0..3) with the course colours and labels; returns the image."""
    return primitives.categorical_map(codes, extent, CURVATURE_LABELS, CURVATURE_COLORS, ax=_ax(ax), legend=legend)
