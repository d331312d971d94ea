"""Explorers for setting the learning rate: the edge of stability over the learning rate.

The explorer takes what was computed outside it (a `sharpness.track` run of one network per rate)
and its ``redraw`` only swaps line data over fixed axes.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from .. import plots, validate
from ..style import COLORS
from .controls import log_slider, nearest, set_state, state_title
from .live import LiveFigure

#: A tracked sharpness within this fraction of 2/ε counts as "at the edge".
EDGE = 0.15


def edge_state(sharpness, threshold, loss) -> tuple[str, str]:
    """(text, kind) for one run: diverged, thrown below the edge from a sharp start, below it, at it, or above it.

    ``sharpness`` and ``loss`` ``(R,)`` along the run, ``threshold`` its 2/ε. The end is the median
    of the last fifth of the measurements (the sharpness oscillates around the edge).
    """
    if not np.all(np.isfinite(loss)):
        return "diverged: the loss is no longer finite", "diverged"
    tail = sharpness[-max(1, len(sharpness) // 5) :]
    end = float(np.median(tail))
    ratio = end / threshold
    first = sharpness[0] / threshold
    start = f"started at {first:.2f} of 2/ε"
    if ratio < 1 - EDGE and first > 1 + EDGE:
        return f"thrown out of the sharp start (a catapult): λmax fell from {first:.2f} to {ratio:.2f} of 2/ε", "path"
    if ratio < 1 - EDGE:
        still = "still sharpening" if ratio > first else "no sharpening at this ε"
        return f"below the edge: λmax ends at {ratio:.2f} of 2/ε ({start}); {still}", "path"
    if ratio > 1 + EDGE:
        return f"above the edge: λmax ends at {ratio:.2f} of 2/ε ({start})", "saddle"  # oscillating, not diverged
    return f"at the edge of stability: λmax hovers at {ratio:.2f} of 2/ε ({start})", "minimum"


def edge_of_stability_explorer(trace, lrs, *, lr: float | None = None) -> LiveFigure:
    """A slider over the learning rate ε: the sharpness against 2/ε (left) and the loss (right) of full-batch GD.

    ``trace`` a `sharpness.SharpnessTrace` of B networks trained with the rates ``lrs`` ``(B,)``
    (one per network, evenly spaced in log ε), e.g. from ``sharpness.track(net, optim.sgd(lrs[:, None]),
    ...)``. ``lr`` the starting position (default: the middle rate).
    """
    lrs = validate.positive("lrs", lrs)
    if np.ndim(lrs) != 1 or len(lrs) < 2 or np.shape(trace.sharpness)[1] != len(lrs):
        raise ValueError(f"lrs must be one rate per tracked network ({np.shape(trace.sharpness)[1]}); got {lrs!r}")
    logs = np.log2(lrs)
    if not np.allclose(np.diff(logs), logs[1] - logs[0]):
        raise ValueError("lrs must be evenly spaced in log ε (e.g. 2.0 ** np.arange(-3, 2, 0.5))")
    steps, sharp, loss = trace.steps, np.asarray(trace.sharpness), np.asarray(trace.loss)
    thresholds = 2.0 / lrs
    finite = np.isfinite(sharp)
    top = 1.15 * max(float(np.max(sharp[finite])) if finite.any() else 1.0, float(thresholds.max()))

    fig = Figure(figsize=(10, 3.9), layout="constrained")
    ax, ax_loss = fig.subplots(1, 2)
    line, limit = plots.learning_rate.sharpness_trace(steps, sharp[:, 0], thresholds[0], ax)
    ax.set_ylim(0, top)
    ax.set_xlabel("step k")
    ax.set_ylabel("λmax of the Hessian")
    ax.legend(loc="upper left", fontsize="small")
    (loss_line,) = ax_loss.plot(steps, loss[:, 0], color=COLORS["path"], lw=1.8)
    ok = np.isfinite(loss) & (loss > 0)
    ax_loss.set_yscale("log")
    ax_loss.set_ylim(0.8 * float(loss[ok].min()), 1.25 * float(loss[ok].max()))
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("training loss (full batch)")
    label = state_title(fig)

    def redraw(lr):
        i = int(np.argmin(np.abs(logs - np.log2(lr))))
        line.set_ydata(sharp[:, i])
        limit.set_ydata([thresholds[i], thresholds[i]])
        loss_line.set_ydata(np.where(np.isfinite(loss[:, i]), loss[:, i], np.nan))
        text, kind = edge_state(sharp[:, i], thresholds[i], loss[:, i])
        set_state(label, f"ε = {lrs[i]:.3g}, 2/ε = {thresholds[i]:.3g}\n{text}", kind)

    start = float(lrs[len(lrs) // 2] if lr is None else lrs[nearest(lrs, lr, log=True)])
    return LiveFigure(
        fig,
        redraw,
        {"lr": _log2_slider(logs, start)},
        animated=[line, limit, loss_line, label],
        data={"lrs": lrs, "steps": steps, "sharpness": sharp, "loss": loss, "thresholds": thresholds},
    )


def _log2_slider(logs, start):
    """A slider over ε on the grid 2**logs."""
    step = float(logs[1] - logs[0])
    return log_slider("ε", start, float(logs[0]), float(logs[-1]), step, base=2, fmt=".3g")


__all__ = ["EDGE", "edge_state", "edge_of_stability_explorer"]
