"""Drawing functions for conditioning: level ellipses, per-coordinate step-size regimes, a
training run's curvature terms and the steps-to-tolerance curve. Each takes arrays and an
optional ``ax``, draws, and returns its artists (so an interactive figure can update them in
place). Nothing here computes an optimization; nothing here creates a widget.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ..conditioning import COORDINATE_REGIMES
from ..style import CATEGORICAL, COLORS
from .primitives import _ax

#: One colour per code of `conditioning.coordinate_regimes`.
REGIME_COLORS = tuple(CATEGORICAL["coordinate regimes"].values())


def _sub(i: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(i))


def joined(curves) -> np.ndarray:
    """Curves ``(..., n, 2)`` as one ``(m, 2)`` polyline with NaN rows between them (one artist draws all)."""
    c = np.asarray(curves, dtype=float)
    if c.ndim < 2 or c.shape[-1] != 2:
        raise ValueError(f"curves must be shaped (..., n, 2); got {c.shape}")
    c = c.reshape(-1, c.shape[-2], 2)
    gap = np.full((c.shape[0], 1, 2), np.nan)
    return np.concatenate([c, gap], axis=1).reshape(-1, 2)


def curves(curves=None, ax=None, **kw):
    """Draw curves ``(..., n, 2)`` (e.g. `conditioning.level_ellipses`) as one Line2D; returns it.

    Update it later with ``line.set_data(*joined(new_curves).T)``.
    """
    ax = _ax(ax)
    pts = np.empty((0, 2)) if curves is None else joined(curves)
    (line,) = ax.plot(pts[:, 0], pts[:, 1], color=kw.pop("color", "0.45"), lw=kw.pop("lw", 1.0), **kw)
    return line


def regime_bands(diagonal, lr_range, ax=None, names=None, legend: bool = True) -> list:
    r"""For each coordinate i of :math:`\tfrac12\sum_i a_{ii} x_i^2`, a band over the step size ε (log axis):
    converges below :math:`2/a_{ii}` (monotone up to :math:`1/a_{ii}`, oscillating above it), diverges from
    :math:`2/a_{ii}` on. ``lr_range`` = (low, high); ``legend`` adds one naming the three colours
    below the axes. Returns the band artists.
    """
    ax = _ax(ax)
    a = np.asarray(diagonal, dtype=float)
    lo, hi = lr_range
    if not (a.ndim == 1 and np.all(a > 0) and 0 < lo < hi):
        raise ValueError(f"need a positive 1-D diagonal and 0 < low < high; got {a!r} and {lr_range!r}")
    out = []
    for i, ai in enumerate(a):
        edges = np.clip([lo, 1 / ai, 2 / ai, hi], lo, hi)
        for code in range(3):
            if edges[code + 1] > edges[code]:
                out.append(
                    ax.plot(edges[code : code + 2], [i, i], lw=9, solid_capstyle="butt", color=REGIME_COLORS[code])[0]
                )
        for edge, txt in ((1 / ai, "1/a"), (2 / ai, "2/a")):
            if lo < edge < hi:
                out.append(
                    ax.text(
                        edge,
                        i + 0.3,
                        f"{txt}{_sub(i + 1)}",
                        ha="center",
                        va="bottom",
                        fontsize="small",
                        color="0.3",
                        zorder=3,  # above a marker line at the current ε
                        bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85},
                    )
                )
    ax.set_xscale("log")
    ax.set_xlim(lo, hi)
    ax.set_ylim(-0.7, len(a) - 0.3)
    labels = names if names is not None else [f"x{_sub(i + 1)}: a = {ai:g}" for i, ai in enumerate(a)]
    ax.set_yticks(range(len(a)), labels, fontsize="small")
    ax.set_xlabel("learning rate ε")
    if legend:
        handles = [plt.Line2D([], [], lw=6, color=c) for c in REGIME_COLORS]
        ax.legend(handles, COORDINATE_REGIMES, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=3)
    return out


def steps_curve(kappas, theory, ax=None, label="theory ⌈ln(tol/e₀)/ln ρ*⌉") -> dict:
    """Steps to a tolerance against the condition number (log-log): the theory as a line; returns the artists."""
    ax = _ax(ax)
    (line,) = ax.loglog(kappas, np.maximum(theory, 1), "-", color="0.55", lw=2, label=label)
    ax.set_xlabel("condition number κ = λmax/λmin")
    ax.set_ylabel("steps to |x − x*| ≤ tol")
    return {"theory": line}


def training_terms(steps, loss, grad_norm, first, second, axes=None) -> dict:
    r"""A training run in two panels: loss and gradient norm (left, two y axes); the model's terms
    :math:`\epsilon g^\top g` and :math:`\tfrac12\epsilon^2 g^\top H g` (right, log scale). Returns the artists."""
    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    ax, ax_t = axes
    (l_loss,) = ax.plot(steps, loss, color=COLORS["path"], lw=2, label="loss f(w)")
    ax.set_xlabel("step k")
    ax.set_ylabel("loss", color=COLORS["path"])
    ax_g = ax.twinx()
    ax_g.grid(False)
    (l_grad,) = ax_g.plot(steps, grad_norm, color=COLORS["maximum"], lw=1.5, label="gradient norm |g|")
    ax_g.set_ylabel("|g|", color=COLORS["maximum"])
    (l_first,) = ax_t.semilogy(steps, first, color=COLORS["minimum"], lw=2, label="ε gᵀg (first-order decrease)")
    (l_second,) = ax_t.semilogy(
        steps, second, color=COLORS["saddle"], lw=2, ls="--", label="½ε² gᵀHg (curvature penalty)"
    )
    ax_t.set_xlabel("step k")
    legend = ax.figure.legend(  # below both panels, where it covers no curve
        [l_loss, l_grad, l_first, l_second],
        [h.get_label() for h in (l_loss, l_grad, l_first, l_second)],
        loc="outside lower center",
        ncols=2,
    )
    return {"loss": l_loss, "grad_norm": l_grad, "first": l_first, "second": l_second, "twin": ax_g, "legend": legend}


def model_check(predicted, actual, ax=None, label=None, color=None, marker="o") -> dict:
    r"""The change in loss the second-order model predicts for each step against the change that happened.

    ``predicted`` :math:`-\epsilon g^\top g + \tfrac12 \epsilon^2 g^\top H g` and ``actual``
    :math:`f(w_{k+1}) - f(w_k)`, both ``(K,)``, as points on symmetric-log axes (changes of both
    signs over several decades), with the diagonal where the model is exact and the quadrant lines
    at 0: points right of the vertical line are steps the model says raise the loss, points above
    the horizontal line steps that did. Returns ``{"points", "diagonal"}``.
    """
    ax = _ax(ax)
    predicted, actual = np.asarray(predicted, dtype=float), np.asarray(actual, dtype=float)
    if predicted.ndim != 1 or predicted.shape != actual.shape:
        raise ValueError(f"predicted and actual must be 1-D of the same length; got {predicted.shape}, {actual.shape}")
    color = COLORS["path"] if color is None else color
    points = ax.scatter(predicted, actual, s=16, color=color, marker=marker, alpha=0.7, label=label, zorder=3)
    lim = 1.2 * max(np.abs(predicted).max(), np.abs(actual).max(), 1e-12)
    (diagonal,) = ax.plot([-lim, lim], [-lim, lim], color="0.5", lw=1, ls="--", zorder=2)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xscale("symlog", linthresh=1e-4)
    ax.set_yscale("symlog", linthresh=1e-4)
    top = int(np.ceil(np.log10(lim)))
    decades = 10.0 ** np.arange(-4, top + 1, 2)  # every other decade: symlog labels are wide
    ticks = np.concatenate([-decades[::-1], [0.0], decades])
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.minorticks_off()
    ax.set_xlabel("predicted change −εgᵀg + ½ε²gᵀHg")
    ax.set_ylabel("actual change f(wₖ₊₁) − f(wₖ)")
    return {"points": points, "diagonal": diagonal}
