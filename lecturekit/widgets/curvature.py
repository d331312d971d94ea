"""Explorers for curvature: a symmetric matrix acting on the unit circle, the directional
second derivative, the second-order Taylor model, and one gradient step against its prediction.

Each explorer computes what its sliders can reach before the figure is shown (curves over
the whole slider range, the model's contour lines at every expansion point) and its
``redraw`` only moves artists; everything static is blitted from a cached background.
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .. import critical, linalg, plots, taylor
from ..curvature import directional_curvature, eigen_weights
from ..objectives import quadratic_matrix
from ..style import COLORS, marker_for
from .controls import nearest, set_state, slider
from .live import LiveFigure


def _fmt(v: float, digits: int = 2) -> str:
    return f"{np.round(v, digits) + 0.0:.{digits}f}"


def _sig(v: float) -> str:
    """Two significant digits, at least one decimal below 10 (0.049 stays 0.049, not 0.0), no -0."""
    v = float(v) + 0.0
    if abs(v) >= 10:
        return f"{v:.0f}"
    text = f"{v:.2g}"
    return text if "." in text or "e" in text else f"{v:.1f}"


def _shape_of(lam1: float, lam2: float, tol: float = 1e-9):
    """How a symmetric 2x2 matrix with these eigenvalues maps the unit circle, and a colour kind."""
    if abs(lam1) <= tol and abs(lam2) <= tol:
        return "zero matrix: the whole circle maps to the origin", "inconclusive"
    if abs(lam1) <= tol or abs(lam2) <= tol:
        return "singular: the circle collapses onto a segment", "inconclusive"
    if lam1 > 0 and lam2 > 0:
        return "positive definite: an ellipse, points in the same order", "minimum"
    if lam1 < 0 and lam2 < 0:
        return "negative definite: the ellipse of |λ|, points sent across it", "maximum"
    return "indefinite: the ellipse of |λ|, points in reversed order", "saddle"


def symmetric_map_explorer(
    lam1: float = 2.0, lam2: float = 0.5, angle: float = 30.0, *, lam_range: float = 3.0, n_marks: int = 12
) -> LiveFigure:
    r"""Sliders for the eigenvalues and eigenvector angle of a symmetric 2x2 matrix
    :math:`H = U \Lambda U^\top`, :math:`U = R(\text{angle})`, drawn acting on the unit circle.

    The circle :math:`\{(\cos t, \sin t)\}` maps to the ellipse :math:`\{H (\cos t, \sin t)\}`
    with semi-axes :math:`|\lambda_1|, |\lambda_2|` along :math:`u_1, u_2`: flipping the sign of an
    eigenvalue leaves the ellipse as it is and only moves the images of points along it. The
    marks (`plots.cyclic_marks`: colour and shape alternate) show where each point goes, so a
    negative determinant (the order of the marks reversed)
    is visible.
    The arrows are :math:`u_i` (thin) and :math:`H u_i = \lambda_i u_i` (thick). ``angle`` in degrees.
    """
    if not (np.isfinite(lam_range) and lam_range > 0):
        raise ValueError(
            f"lam_range must be a positive number (sliders run from -lam_range to lam_range); got {lam_range!r}"
        )
    t = np.linspace(0, 2 * np.pi, 241)
    circle = np.stack([np.cos(t), np.sin(t)], -1)
    tm = np.linspace(0, 2 * np.pi, n_marks, endpoint=False)
    marks = np.stack([np.cos(tm), np.sin(tm)], -1)

    fig = Figure(figsize=(7.6, 5.6), layout="constrained")
    ax = fig.subplots()
    lim = lam_range + 0.6
    plots.curvature.plane(ax, lim=lim)
    plots.cyclic_marks(marks, ax, size=22, alpha=0.6, zorder=5)
    (image,) = ax.plot([], [], color=COLORS["path"], lw=2.2, label="image H·(circle)")
    moved = plots.cyclic_marks(marks, ax, size=50, zorder=7)
    images = plots.curvature.arrows(np.zeros((2, 2)), ax, colors=plots.curvature.EIGEN_COLORS, width=0.016)
    # the unit arrows are drawn after the images, edged in black: along λu with λ > 1 they lie on top of it
    units = plots.curvature.arrows(np.zeros((2, 2)), ax, colors=plots.curvature.EIGEN_COLORS, width=0.007)
    units.set(edgecolor="black", linewidth=0.8)
    names = [
        ax.text(
            0,
            0,
            "",
            color=c,
            fontsize="small",
            fontweight="bold",
            zorder=8,
            ha="center",
            va="center",
            path_effects=plots.primitives.OUTLINE,  # readable where the ellipse or an arrow passes under it
        )
        for c in plots.curvature.EIGEN_COLORS * 2
    ]
    label = plots.state_label(ax, outside=True)  # above the plane: the ellipse can reach every corner
    matrix_text = ax.text(
        1.03,
        0.0,
        "H = [[-0.00, -0.00],\n     [-0.00, -0.00]]",  # the widest text, so that the layout leaves room
        transform=ax.transAxes,
        ha="left",
        va="bottom",
        family="monospace",
        fontsize="small",
        bbox=dict(boxstyle="round,pad=0.3", fc="white", ec="0.7", alpha=0.9),
    )
    ax.legend(loc="upper left", bbox_to_anchor=(1.03, 1.0), frameon=False)

    def redraw(lam1, lam2, angle):
        H = quadratic_matrix((lam1, lam2), np.radians(angle))
        u1 = np.array([np.cos(np.radians(angle)), np.sin(np.radians(angle))])  # columns of R(angle)
        u2 = np.array([-u1[1], u1[0]])
        image.set_data(*(circle @ H).T)  # H is symmetric, so the rows of circle @ H are H c
        moved.set_offsets(marks @ H)
        plots.curvature.set_arrows(units, np.array([u1, u2]))
        plots.curvature.set_arrows(images, np.array([lam1 * u1, lam2 * u2]))
        for i, (u, lam) in enumerate(((u1, lam1), (u2, lam2))):
            sub = "₁₂"[i]
            side = np.array([-u[1], u[0]]) * (1 if i == 0 else -1)  # beside the arrow, away from the other one
            at_lam = lam + 0.45 * np.sign(lam)  # beyond the tip of λu, outside the ellipse's axis end
            if lam > 0.3 and abs(at_lam - 1.0) < 0.5:  # the tips nearly coincide: one label for both
                names[i].set_text("")
                names[i + 2].set_position(u * max(1.45, at_lam))
                names[i + 2].set_text(f"u{sub}, λ{sub}u{sub}")
            else:
                names[i].set_position(0.55 * u + 0.3 * side)  # beside u's shaft, never on λu's
                names[i].set_text(f"u{sub}")
                names[i + 2].set_position(u * at_lam)
                names[i + 2].set_text(f"λ{sub}u{sub}" if abs(lam) > 0.3 else "")
        shape, kind = _shape_of(lam1, lam2)
        set_state(label, f"λ₁ = {_fmt(lam1, 1)}, λ₂ = {_fmt(lam2, 1)}\n{shape}", kind)
        a, b, c = H[0, 0], H[0, 1], H[1, 1]
        matrix_text.set_text(f"H = [[{_fmt(a)}, {_fmt(b)}],\n     [{_fmt(b)}, {_fmt(c)}]]")

    controls = {
        "lam1": slider("λ₁", lam1, -lam_range, lam_range, 0.1, ".1f"),
        "lam2": slider("λ₂", lam2, -lam_range, lam_range, 0.1, ".1f"),
        "angle": slider("angle (°)", angle, 0.0, 180.0, 5.0, ".0f"),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[image, moved, images, units, *names, label, matrix_text],
        data={"circle": circle, "marks": marks},
    )


def directional_curvature_explorer(
    eigenvalues=(3.0, -1.0), angle: float = 30.0, theta: float = 75.0, *, step: float = 1.0
) -> LiveFigure:
    r"""A slider over the direction :math:`d = (\cos\theta, \sin\theta)` for the symmetric matrix
    :math:`H = R(\text{angle}) \operatorname{diag}(\lambda) R(\text{angle})^\top` (angles in degrees).

    Left: contours of :math:`\tfrac12 x^\top H x`, the eigenvectors and d. Middle: the
    directional curvature :math:`d^\top H d` for every :math:`\theta` (precomputed), between
    :math:`\lambda_{\min}` and :math:`\lambda_{\max}`. Right: the weights :math:`(u_i^\top d)^2`,
    which sum to 1 and average the eigenvalues into :math:`d^\top H d`.
    """
    lam = np.asarray(eigenvalues, dtype=float)
    if lam.shape != (2,) or not np.all(np.isfinite(lam)):
        raise ValueError(f"eigenvalues must be two finite numbers; got {eigenvalues!r}")
    H = quadratic_matrix(lam, np.radians(angle))
    lam_sorted, U = linalg.eigh_2x2(H)
    thetas = np.arange(0.0, 180.0 + step / 2, step)
    dirs = np.stack([np.cos(np.radians(thetas)), np.sin(np.radians(thetas))], -1)
    values = directional_curvature(H, dirs)
    _, weights = eigen_weights(H, dirs)  # ascending eigenvalue order
    order = np.argsort(-lam_sorted)  # show the larger eigenvalue first
    lam_shown, U_shown, weights = lam_sorted[order], U[:, order], weights[:, order]

    fig = Figure(figsize=(11.0, 3.7), layout="constrained")
    ax, ax_c, ax_w = fig.subplots(1, 3, width_ratios=[1.0, 1.25, 0.8])
    g = np.linspace(-1.5, 1.5, 121)
    xx, yy = np.meshgrid(g, g)
    pts = np.stack([xx, yy], -1)
    z = 0.5 * np.einsum("...i,ij,...j->...", pts, H, pts)
    # red above 0, blue below, each side scaled to its own extreme so both stay visible
    lo, hi = min(z.min(), -1e-9), max(z.max(), 1e-9)
    levels = np.concatenate([np.linspace(lo, 0, 8)[:-1], np.linspace(0, hi, 8)])
    filled = ax.contourf(g, g, z, levels=levels, cmap="RdBu_r", norm=TwoSlopeNorm(0.0, lo, hi), alpha=0.7)
    # the zero contour, drawn after the axis lines and thicker and darker than they are: at the default its
    # second line runs along the y axis (θ = 90°)
    colorbar = fig.colorbar(filled, ax=ax, location="bottom", shrink=0.85, aspect=30, pad=0.02)
    colorbar.set_label("½ xᵀHx (0 on the dark line)", fontsize="small")
    colorbar.set_ticks([lo, 0.0, hi], labels=[f"{lo:.1f}", "0", f"{hi:.1f}"])
    plots.curvature.plane(ax, lim=1.5)
    ax.contour(g, g, z, levels=[0.0], colors="black", linewidths=2.0, zorder=3)
    plots.curvature.arrows(U_shown.T, ax, colors=plots.curvature.EIGEN_COLORS, width=0.012)
    for i in range(2):
        ax.text(
            *(U_shown[:, i] * 1.2),
            f"u{'₁₂'[i]}",
            color=plots.curvature.EIGEN_COLORS[i],
            fontweight="bold",
            ha="center",
            va="center",
            fontsize="small",
        )
    d_arrow = plots.curvature.arrows(np.zeros((1, 2)), ax, colors=[COLORS["start"]], width=0.02)
    (d_line,) = ax.plot([], [], color=COLORS["start"], lw=1, ls="--")
    ax.set_title("½ xᵀHx, eigenvectors and d", fontsize="small")

    ax_c.plot(thetas, values, color=COLORS["path"], lw=2)
    for i in range(2):
        ax_c.axhline(
            lam_shown[i],
            color=plots.curvature.EIGEN_COLORS[i],
            ls="--",
            lw=1.2,
            label=f"λ{'₁₂'[i]} = {_fmt(lam_shown[i], 2)}",
        )
        u_angle = np.degrees(np.arctan2(U_shown[1, i], U_shown[0, i])) % 180
        ax_c.plot([u_angle], [lam_shown[i]], "o", color=plots.curvature.EIGEN_COLORS[i], ms=7)
    ax_c.axhline(0, color="0.6", lw=0.8)
    (marker,) = ax_c.plot([], [], "o", color=COLORS["start"], ms=10, zorder=6)
    vline = ax_c.axvline(thetas[0], color=COLORS["start"], lw=1.2)
    ax_c.set_xlim(0, 180)
    ax_c.set_xticks(np.arange(0, 181, 30))
    ax_c.set_xlabel("direction θ (degrees)")
    ax_c.set_ylabel("dᵀHd")
    span = lam_shown[0] - lam_shown[1]
    ax_c.set_ylim(lam_shown[1] - 0.15 * span - 0.1, lam_shown[0] + 0.6 * span + 0.1)
    ax_c.legend(loc="lower left", fontsize="x-small")
    label = plots.state_label(ax_c)

    bars = ax_w.bar([0, 1], [0.0, 0.0], color=plots.curvature.EIGEN_COLORS, width=0.6)
    ax_w.set_xticks([0, 1], ["(u₁ᵀd)²", "(u₂ᵀd)²"])
    ax_w.set_ylim(0, 1.15)
    ax_w.set_ylabel("weight")
    ax_w.set_title("weights sum to 1", fontsize="small")
    bar_text = [ax_w.text(i, 0, "", ha="center", va="bottom", fontsize="small") for i in range(2)]

    def redraw(theta):
        i = nearest(thetas, theta)
        d = dirs[i]
        plots.curvature.set_arrows(d_arrow, d[None, :])
        d_line.set_data([-1.5 * d[0], 1.5 * d[0]], [-1.5 * d[1], 1.5 * d[1]])
        marker.set_data([thetas[i]], [values[i]])
        vline.set_xdata([thetas[i], thetas[i]])
        w = weights[i]
        for bar, text, wi, x in zip(bars, bar_text, w, (0, 1)):
            bar.set_height(wi)
            text.set_position((x, wi + 0.02))
            text.set_text(_fmt(wi, 2))
        v = values[i]
        kind = "minimum" if v > 1e-9 else "maximum" if v < -1e-9 else "inconclusive"
        along = next((f", along u{'₁₂'[k]}" for k in range(2) if w[k] > 1 - 1e-9), "")
        set_state(
            label,
            f"θ = {thetas[i]:.0f}°{along}\ndᵀHd = {_fmt(w[0])}·({_fmt(lam_shown[0])}) "
            f"+ {_fmt(w[1])}·({_fmt(lam_shown[1])}) = {_fmt(v)}",
            kind,
        )

    return LiveFigure(
        fig,
        redraw,
        {"theta": slider("θ (°)", theta, 0.0, 180.0, step, ".0f")},
        animated=[d_arrow, d_line, marker, vline, *bars, *bar_text, label],
        data={"H": H, "thetas": thetas, "values": values, "weights": weights, "eigenvalues": lam_shown},
    )


_SHAPES = {
    0: ("a bowl (ellipses)", "minimum"),
    1: ("a cap (ellipses)", "maximum"),
    2: ("a saddle (hyperbolas)", "saddle"),
    3: ("a trough (parallel lines)", "inconclusive"),
}


def taylor_explorer(f, centers, *, x0: float | None = None, n: int = 120, levels=None) -> LiveFigure:
    r"""A slider that moves the expansion point of f's second-order Taylor model along ``centers``.

    ``centers`` ``(m, 2)`` is a path of expansion points whose x coordinates increase; the
    slider picks one by its x coordinate. Left: the true contours of the 2-D objective f
    (drawn once) and the contours of the model
    :math:`m(x) = f(x_0) + g^\top (x - x_0) + \tfrac12 (x - x_0)^\top H (x - x_0)` at the same
    ``levels`` (computed for every expansion point before the figure is shown, then swapped in).
    Right: f and m along the horizontal line through :math:`x_0`. ``levels`` defaults to 12
    levels spaced geometrically from 0.4% to 50% of f's range above its minimum on the grid.
    """
    if f.dim != 2:
        raise ValueError(f"taylor_explorer draws 2-D objectives; {f.name} has d={f.dim}")
    centers = np.asarray(centers, dtype=float)
    if centers.ndim != 2 or centers.shape[1] != 2 or len(centers) < 2:
        raise ValueError(f"centers must be a path of at least 2 points shaped (m, 2); got shape {centers.shape}")
    if not np.all(np.diff(centers[:, 0]) > 0):
        raise ValueError("the x coordinates of centers must increase strictly (the slider picks a centre by x)")
    (gx, gy), grid, z = f.grid(n)
    levels = (
        z.min() + np.geomspace(0.004, 0.5, 12) * np.ptp(z) if levels is None else np.sort(np.asarray(levels, float))
    )
    with np.errstate(over="ignore", invalid="ignore"):
        models = taylor.second_order_model(f, centers[:, None, None, :], grid)  # (m, n, n)
        segments = [plots.curvature.contour_segments(gx, gy, m, levels) for m in models]
        # slices along y = y0 through each centre: true f and the model
        line_pts = np.stack(
            [np.broadcast_to(gx, (len(centers), n)), np.broadcast_to(centers[:, 1:2], (len(centers), n))], -1
        )
        true_slice = f.value(line_pts)
        model_slice = taylor.second_order_model(f, centers[:, None, :], line_pts)
    codes = critical.classify_hessian(f.hess(centers))
    lam = critical.eigvalsh(f.hess(centers))

    fig = Figure(figsize=(10.5, 4.2), layout="constrained")
    ax, ax_s = fig.subplots(1, 2, width_ratios=[1.25, 1.0])
    ax.contourf(gx, gy, z, levels=np.concatenate([[z.min()], levels, [z.max()]]), cmap="viridis", alpha=0.8)
    ax.contour(gx, gy, z, levels=levels, colors="white", linewidths=0.9, negative_linestyles="solid")
    ax.plot(centers[:, 0], centers[:, 1], ":", color="white", lw=1.2)
    names = []  # animated, drawn after the model's contours: no line strikes through them
    for name, p in f.landmarks.items():  # labels below the marks, boxed: the path and the model's lines pass above
        kind = next((k for k in ("minimum", "maximum", "saddle") if k in name), "inconclusive")
        ax.plot(*p, marker_for(kind), color=COLORS[kind], mec="black", ms=9, zorder=5, gid=plots.LANDMARK)
        names.append(
            ax.annotate(
                name,
                p,
                textcoords="offset points",
                xytext=(0, -9),
                ha="center",
                va="top",
                fontsize="x-small",
                zorder=8,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.85),
            )
        )
    ax.set_xlim(gx[0], gx[-1])
    ax.set_ylim(gy[0], gy[-1])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    model_lines = plots.curvature.line_set(segments[0], ax, color=COLORS["start"], lw=1.8)
    (point,) = ax.plot([], [], "o", ms=10, color=COLORS["start"], mec="black", zorder=7)
    label = plots.state_label(ax, outside=True)  # above the map: the expansion point reaches both top corners
    ax.plot(
        [],
        [],
        color="white",
        lw=1.5,
        label="f (true), same levels",
        path_effects=[patheffects.withStroke(linewidth=3.0, foreground="0.3")],
    )
    ax.plot([], [], color=COLORS["start"], label="second-order model")
    fig.legend(loc="outside lower left", ncols=2, frameon=False)  # below the axis labels

    (true_line,) = ax_s.plot([], [], color=COLORS["path"], lw=2, label="f(x, y₀)")
    (model_line,) = ax_s.plot([], [], "--", color=COLORS["start"], lw=2, label="model m(x, y₀)")
    (dot,) = ax_s.plot([], [], "o", ms=8, color=COLORS["start"], mec="black", zorder=6)
    lo = true_slice.min()
    hi = np.quantile(true_slice, 0.9)
    pad = 0.1 * (hi - lo)
    ax_s.set_xlim(gx[0], gx[-1])
    ax_s.set_ylim(lo - 3 * pad, hi + pad)
    ax_s.set_xlabel("x, on the line y = y₀ through x₀")
    ax_s.set_ylabel("value")
    ax_s.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, fontsize="x-small", frameon=False)

    def redraw(x0):
        i = nearest(centers[:, 0], x0)
        c = centers[i]
        model_lines.set_segments(segments[i])
        point.set_data([c[0]], [c[1]])
        true_line.set_data(gx, true_slice[i])
        model_line.set_data(gx, model_slice[i])
        dot.set_data([c[0]], [f.value(c)])
        shape, kind = _SHAPES[int(codes[i])]
        set_state(
            label,
            f"x₀ = ({_fmt(c[0])}, {_fmt(c[1])}): eigenvalues of H {_sig(lam[i, 1])}, "
            f"{_sig(lam[i, 0])}\nthe model is {shape}",
            kind,
        )

    default = centers[len(centers) // 2, 0] if x0 is None else x0
    step = float(np.round(np.min(np.diff(centers[:, 0])), 10))
    return LiveFigure(
        fig,
        redraw,
        {"x0": slider("x₀", default, centers[0, 0], centers[-1, 0], step)},
        animated=[model_lines, point, label, true_line, model_line, dot, *names],
        data={"centers": centers, "levels": levels, "segments": segments, "codes": codes, "eigenvalues": lam},
    )


def gradient_step_explorer(f, x, *, eps: float | None = None, eps_max: float | None = None, n: int = 301) -> LiveFigure:
    r"""A slider over the step size :math:`\epsilon` of one gradient step from ``x`` on a 2-D objective f.

    Left: f's contours, the ray :math:`x - \epsilon g` and the point the step reaches. Right:
    the change :math:`f(x - \epsilon g) - f(x)` against :math:`\epsilon` (one batched call over
    the slider's ``n`` values) next to the Taylor prediction
    :math:`-\epsilon g^\top g + \tfrac12 \epsilon^2 g^\top H g`, with :math:`\epsilon^*` and
    :math:`1/\lambda_{\max}` marked. ``eps`` defaults to :math:`\epsilon^*`, ``eps_max`` to
    :math:`4\,\epsilon^*` (or 1 when :math:`g^\top H g \le 0`), past :math:`2\epsilon^*` where the model
    predicts no gain, so the slider reaches the steps at which the true f rises too. The right
    panel's limits hold the dip of both curves and the true change up to three times the deeper
    dip (a steep rise would squash the dip the panel is about); a value above them is drawn as an
    upward arrow at the top edge, and the state label gives it. The left panel's colours are
    :math:`\log(f - \min f)` over the window, darker lower.
    """
    if f.dim != 2:
        raise ValueError(f"gradient_step_explorer draws 2-D objectives; {f.name} has d={f.dim}")
    x = np.asarray(x, dtype=float)
    if x.shape != (2,):
        raise ValueError(f"x must be one point of length 2; got shape {x.shape}")
    g, H = f.grad(x), f.hess(x)
    if np.linalg.norm(g) <= 1e-12:
        raise ValueError(
            f"the gradient of {f.name} vanishes at {x} (|g| <= 1e-12): a gradient step does not move; "
            "pick a point that is not critical"
        )
    eps_star = float(taylor.optimal_step(g, H))
    lam_max = float(critical.eigvalsh(H)[-1])
    if eps_max is None:
        eps_max = 4.0 * eps_star if np.isfinite(eps_star) else 1.0
    if not (np.isfinite(eps_max) and eps_max > 0):
        raise ValueError(f"eps_max must be a positive number; got {eps_max!r}")
    grid = np.linspace(0.0, eps_max, n)
    predicted = taylor.predicted_change(g, H, grid)
    actual = taylor.actual_change(f, x, grid)
    ends = x - grid[:, None] * g

    fig = Figure(figsize=(10.5, 4.0), layout="constrained")
    ax, ax_c = fig.subplots(1, 2, width_ratios=[1.0, 1.2])
    # a window around the ray, so that short steps are visible
    near = ends[np.linalg.norm(ends - x, axis=1) <= 10.0]  # a window of at most 20 x 20 around x
    centre = 0.5 * (near.min(0) + near.max(0))
    half = max(0.65 * np.ptp(near, axis=0).max(), 0.3)
    wx, wy = (np.linspace(c - half, c + half, 150) for c in centre)
    zw = f.value(np.stack(np.meshgrid(wx, wy), -1))
    zw = np.log10(zw - zw.min() + 1e-3 * (np.ptp(zw) + 1e-12))
    ax.contourf(wx, wy, zw, levels=25, cmap="viridis", alpha=0.85)
    ax.set_xlim(wx[0], wx[-1])
    ax.set_ylim(wy[0], wy[-1])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.set_title(f"{f.name}: one step from ({_fmt(x[0])}, {_fmt(x[1])})\ndarker = lower f", fontsize="small")
    ax.plot(ends[:, 0], ends[:, 1], color="white", lw=1.2, ls="--")
    ax.plot(*x, "o", ms=9, color=COLORS["start"], mec="black", zorder=6)
    best_mark = None
    if np.isfinite(eps_star) and eps_star <= eps_max:
        # animated after the end of the step (an animated dot hides static artists): at the default ε = ε*
        # the two coincide, and the × stays visible over the dot
        (best_mark,) = ax.plot(*(x - eps_star * g), "x", ms=9, mew=2, color=COLORS["minimum"], zorder=8)
    step_arrow = plots.curvature.arrows(np.zeros((1, 2)), ax, colors=[COLORS["start"]], width=0.012, origin=x)
    (end,) = ax.plot([], [], "o", ms=8, color=COLORS["path"], mec="white", zorder=7)

    plots.curvature.step_curves(
        grid, predicted, actual, ax=ax_c, eps_star=eps_star, inv_lam_max=1 / lam_max if lam_max > 0 else None
    )
    # the limits hold both dips and the true change up to three times the deeper dip: above that (the model's
    # parabola at several ε*, or a true f that rises steeply, as from (-1.1, 1.5) on two_minima) a dot becomes
    # an arrow at the top edge, so that a steep rise never squashes the dip the panel is about
    finite_actual = actual[np.isfinite(actual)]
    lo = min(predicted.min(), finite_actual.min(initial=0.0), 0.0)
    span = max(-lo, 1e-12)
    top = max(0.9 * span, min(1.15 * finite_actual.max(initial=0.0), 3.0 * span))
    ax_c.set_ylim(lo - 0.35 * span, top)
    handles, names = ax_c.get_legend_handles_labels()
    if best_mark is not None:  # the green × on the left: where the model's best step lands
        handles.append(best_mark)
        names.append("x − ε*g (left)")
    ax_c.legend(handles, names, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False)
    ax_c.xaxis.set_major_locator(MaxNLocator(6, prune="upper"))  # no tick label half outside the figure
    (dot_pred,) = ax_c.plot([], [], "o", ms=8, color=COLORS["start"], mec="black", zorder=6, clip_on=False)
    (dot_act,) = ax_c.plot([], [], "o", ms=8, color=COLORS["path"], mec="black", zorder=6, clip_on=False)
    vline = ax_c.axvline(0, color="0.4", lw=1)
    label = plots.state_label(ax_c)

    def redraw(eps):
        i = nearest(grid, eps)
        e, p, a = grid[i], predicted[i], actual[i]
        plots.curvature.set_arrows(step_arrow, -(e * g)[None, :], origin=x)
        end.set_data([ends[i, 0]], [ends[i, 1]])
        for dot, value in ((dot_pred, p), (dot_act, a)):
            if value > top:  # off the panel: an upward arrow at the top edge (the state label gives the value)
                dot.set(marker="^", data=([e], [top]))
            else:
                dot.set(marker="o", data=([e], [value]))
        vline.set_xdata([e, e])
        if not np.isfinite(a):
            text, kind = f"ε = {e:.4f}: the step overflows f (diverged)", "diverged"
        elif a < 0:
            text, kind = f"ε = {e:.4f}: f changes by {a:+.3g}, a decrease\n(the model predicts {p:+.3g})", "minimum"
        elif a == 0:
            text, kind = f"ε = {e:.4f}: no step, no change", "inconclusive"
        else:
            text, kind = f"ε = {e:.4f}: f changes by {a:+.3g}, an increase\n(the model predicts {p:+.3g})", "diverged"
        set_state(label, text, kind)

    default = eps_star if eps is None else eps
    default = float(np.clip(default, 0.0, eps_max)) if np.isfinite(default) else eps_max / 2
    return LiveFigure(
        fig,
        redraw,
        {"eps": slider("ε", default, 0.0, eps_max, eps_max / (n - 1), ".4f")},
        animated=[step_arrow, end, dot_pred, dot_act, vline, label, *([] if best_mark is None else [best_mark])],
        data={
            "eps": grid,
            "predicted": predicted,
            "actual": actual,
            "eps_star": eps_star,
            "lam_max": lam_max,
            "g": g,
            "H": H,
        },
    )
