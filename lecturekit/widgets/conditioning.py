"""Explorers for conditioning: gradient descent against the condition number, one step size for
coordinates of different curvature, and damped Newton steps near a saddle.

Each explorer runs its whole slider range once, as one batched `optim.run`, when it is built;
``redraw`` only picks rows and moves artists over a fixed, blitted background (level sets of
changing quadratics are drawn as one precomputed polyline, not as contours).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from .. import conditioning, optim, plots
from ..objectives import quadratic, saddle
from ..style import COLORS
from .live import LiveFigure

_WIDE = widgets.Layout(width="460px")
_SUB = "₀₁₂₃₄₅₆₇₈₉"
_MARKERS = "osD^v<>p"


def _set_label(label, text, kind):
    label.set_text(text)
    label.set_color(COLORS[kind])
    label.get_bbox_patch().set_edgecolor(COLORS[kind])


def _nearest(grid, value, log=False):
    g = np.log(grid) if log else grid
    v = np.log(value) if log else value
    return int(np.argmin(np.abs(g - v)))


def condition_sweep(kappas, angles_deg, x0, steps: int, tol: float):
    """Gradient descent at the best fixed step on every quadratic with eigenvalues (1, κ) rotated by
    every angle, from ``x0``, in one batched run.

    Returns ``(f, traj, measured, theory)``: the batch of quadratics
    (`conditioning.quadratic_batch`), the trajectory (batch index ``i * len(angles) + j``
    for κ_i and angle_j), the measured steps to ``tol`` ``(K, A)`` (-1 if never) and the
    bound `conditioning.predicted_steps` at rate (κ-1)/(κ+1) ``(K,)``.
    """
    kappas = np.asarray(kappas, dtype=float)
    angles = np.radians(np.asarray(angles_deg, dtype=float))
    K, A = np.meshgrid(kappas, angles, indexing="ij")
    lam = np.stack([np.ones(K.size), K.ravel()], -1)
    f = conditioning.quadratic_batch(lam, A.ravel())
    lr = conditioning.best_step(lam)[:, None]
    x0 = np.broadcast_to(np.asarray(x0, dtype=float), (K.size, 2))
    traj = optim.run(optim.sgd(lr), f, x0, steps=steps)
    measured = optim.steps_to_tolerance(traj, tol, x_star=np.zeros(2)).reshape(K.shape)
    theory = conditioning.predicted_steps(conditioning.optimal_rate(kappas), np.linalg.norm(x0[0]), tol)
    return f, traj, measured, theory


def condition_explorer(
    *,
    kappa: float = 100.0,
    angle: float = 30.0,
    x0=(-2.5, 1.5),
    kappa_max: float = 1000.0,
    per_decade: int = 10,
    angle_step: float = 5.0,
    tol: float = 1e-3,
    steps: int = 5000,
) -> LiveFigure:
    r"""Sliders for the condition number κ and the rotation angle of :math:`\tfrac12 x^\top A x`,
    :math:`A = R\,\mathrm{diag}(1, \kappa)\,R^\top`, under gradient descent at the best fixed step
    :math:`2/(1 + \kappa)`.

    Left: level sets, the path from ``x0`` (the zig-zag) and the state. Right: the steps to
    ``tol`` against κ, measured for every κ on the slider at the current angle (dots) and the
    theory :math:`\lceil \ln(\text{tol}/e_0)/\ln\rho^* \rceil`, :math:`\rho^* = (\kappa-1)/(\kappa+1)` (line).
    The label also gives κ after rescaling each coordinate (`conditioning.rescaled`).
    """
    if not (np.isfinite(kappa_max) and kappa_max > 1):
        raise ValueError(f"kappa_max must be a finite number > 1; got {kappa_max!r}")
    kappas = np.logspace(0, np.log10(kappa_max), int(round(np.log10(kappa_max) * per_decade)) + 1)
    angles = np.arange(0.0, 90.0 + angle_step / 2, angle_step)
    f, traj, measured, theory = condition_sweep(kappas, angles, x0, steps, tol)
    n_ang = len(angles)
    levels = 0.02 * 2.0 ** np.arange(0, 11)
    mats = f.hess(np.zeros((traj.x.shape[1], 2)))  # (K * A, 2, 2)
    rescaled_kappa = conditioning.condition_number(conditioning.rescaled(mats)).reshape(len(kappas), n_ang)

    fig = Figure(figsize=(10.5, 4.9), layout="constrained")
    fig.get_layout_engine().set(rect=(0, 0, 1, 0.86))  # room for the state label above the panels
    ax, ax_s = fig.subplots(1, 2, width_ratios=[1.0, 1.1])
    lim = 3.0
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("x₁")
    ax.set_ylabel("x₂")
    ax.plot([0], [0], "*", ms=12, color=COLORS["minimum"], zorder=4)
    ell = plots.conditioning.curves(None, ax, color="0.6", lw=0.8)
    (path,) = ax.plot([], [], "-", lw=0.5, alpha=0.6, color=COLORS["path"])
    (first,) = ax.plot([], [], "o-", ms=3.5, lw=1.4, color=COLORS["path"], label="first 5 steps")
    ax.plot([x0[0]], [x0[1]], "o", ms=8, color=COLORS["start"], zorder=5)
    ax.legend(loc="lower right", fontsize="x-small")
    label = plots.state_label(ax)
    label.set_transform(fig.transFigure)
    label.set_position((0.01, 0.985))
    label.set_in_layout(False)

    plots.conditioning.steps_curve(kappas, theory, ax_s)
    dots = ax_s.scatter(
        kappas, np.maximum(measured[:, 0], 1), s=18, color=COLORS["path"], zorder=4, label="measured (this angle)"
    )
    (now,) = ax_s.plot([], [], "o", ms=11, mfc="none", mew=2, color=COLORS["start"], zorder=5)
    ax_s.set_ylim(0.7, theory.max() * 1.6)
    ax_s.legend(loc="upper left", fontsize="small")

    def redraw(kappa, angle):
        i, j = _nearest(kappas, kappa, log=True), _nearest(angles, angle)
        b = i * n_ang + j
        ell.set_data(*plots.conditioning.joined(conditioning.level_ellipses(mats[b], levels)).T)
        n = measured[i, j]
        shown = traj.x[: (n + 1 if n >= 0 else steps + 1), b]
        path.set_data(shown[:, 0], shown[:, 1])
        first.set_data(shown[:6, 0], shown[:6, 1])
        dots.set_offsets(np.stack([kappas, np.maximum(measured[:, j], 1)], -1))
        now.set_data([kappas[i]], [max(n, 1)])
        k = kappas[i]
        rate = conditioning.optimal_rate(k)
        reached = f"within {tol:g} in {n} steps" if n >= 0 else f"not within {tol:g} after {steps} steps"
        _set_label(
            label,
            f"κ = {k:.3g}, angle {angles[j]:.0f}°: ε* = 2/(1+κ) = {2 / (1 + k):.3g}, "
            f"ρ* = {rate:.4f}\nmeasured: {reached}; theory {theory[i]}\n"
            f"rescaling each coordinate: κ → {rescaled_kappa[i, j]:.3g}",
            "minimum" if k < 10 else ("saddle" if k < 300 else "diverged"),
        )

    controls = {
        "kappa": widgets.FloatLogSlider(
            value=kappa,
            base=10,
            min=0.0,
            max=np.log10(kappa_max),
            step=1 / per_decade,
            description="κ",
            readout_format=".3g",
            continuous_update=True,
            layout=_WIDE,
        ),
        "angle": widgets.FloatSlider(
            value=angle,
            min=0.0,
            max=90.0,
            step=angle_step,
            description="angle (°)",
            readout_format=".0f",
            continuous_update=True,
            layout=_WIDE,
        ),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[ell, path, first, dots, now, label],
        data={
            "kappas": kappas,
            "angles": angles,
            "measured": measured,
            "theory": theory,
            "rescaled_kappa": rescaled_kappa,
        },
    )


def coordinate_explorer(
    diagonal=(1.0, 4.0, 10.0, 25.0),
    *,
    lr: float = 0.15,
    lr_min: float = 0.01,
    lr_max: float = 1.0,
    per_decade: int = 40,
    steps: int = 25,
) -> LiveFigure:
    r"""A slider over one step size ε for all coordinates of :math:`\tfrac12 \sum_i a_{ii} x_i^2`.

    Left: :math:`x_{i,k} / x_{i,0} = (1 - \epsilon a_{ii})^k` for every coordinate, from one batched
    gradient-descent run per ε on the slider, coloured by `conditioning.coordinate_regimes`.
    Right: each coordinate's bands (converges below :math:`1/a_{ii}`, oscillates up to
    :math:`2/a_{ii}`, does not converge above) with the current ε marked.
    """
    a = np.asarray(diagonal, dtype=float)
    if a.ndim != 1 or not (1 <= a.size <= 8) or not np.all(np.isfinite(a) & (a > 0)):
        raise ValueError(f"diagonal must hold 1 to 8 positive curvatures a_ii; got {diagonal!r}")
    if not (0 < lr_min < lr_max and np.isfinite(lr_max)):
        raise ValueError(f"need 0 < lr_min < lr_max; got ({lr_min!r}, {lr_max!r})")
    n = int(round(np.log10(lr_max / lr_min) * per_decade)) + 1
    lrs = np.logspace(np.log10(lr_min), np.log10(lr_max), n)
    d = a.size
    traj = optim.run(optim.sgd(lrs[:, None]), quadratic(a), np.ones((n, d)), steps=steps, max_norm=1e300)
    ratios = np.clip(traj.x, -10.0, 10.0)  # x_{i,k} / x_{i,0} with x_0 = 1; the frame shows [-2.5, 2.5]
    codes = conditioning.coordinate_regimes(lrs, a)  # (n, d)
    ks = np.arange(steps + 1)

    fig = Figure(figsize=(10.5, 3.9), layout="constrained")
    ax, ax_b = fig.subplots(1, 2, width_ratios=[1.1, 1.0])
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xlim(0, steps)
    ax.set_ylim(-2.5, 2.5)
    ax.set_xlabel("step k")
    ax.set_ylabel("xᵢ after k steps / xᵢ at the start")
    names = [f"x{_SUB[i + 1]} (a = {ai:g})" for i, ai in enumerate(a)]
    lines = [ax.plot([], [], "-" + _MARKERS[i], ms=4, lw=1.3)[0] for i in range(d)]
    handles = [ax.plot([], [], _MARKERS[i], color="0.35", ms=5, label=names[i])[0] for i in range(d)]
    ax.legend(handles=handles, loc="lower right", fontsize="x-small", ncols=2)
    label = plots.state_label(ax)
    plots.conditioning.regime_bands(a, (lr_min, lr_max), ax_b)
    marker = ax_b.axvline(lrs[0], color=COLORS["path"], lw=2)

    def redraw(lr):
        i = _nearest(lrs, lr, log=True)
        counts = np.bincount(codes[i], minlength=3)
        for c, line in enumerate(lines):
            line.set_data(ks, ratios[:, i, c])
            line.set_color(plots.conditioning.REGIME_COLORS[codes[i, c]])
        verbs = (("converges", "converge"), ("oscillates", "oscillate"), ("does not converge", "do not converge"))
        parts = [f"{counts[c]} {verbs[c][int(counts[c] > 1)]}" for c in range(3) if counts[c]]
        kind = "diverged" if counts[2] else ("saddle" if counts[1] else "minimum")
        _set_label(
            label, f"ε = {lrs[i]:.3g}: " + ", ".join(parts) + f"\n(1/a: {', '.join(f'{v:.3g}' for v in 1 / a)})", kind
        )
        marker.set_xdata([lrs[i], lrs[i]])

    slider = widgets.FloatLogSlider(
        value=lr,
        base=10,
        min=np.log10(lr_min),
        max=np.log10(lr_max),
        step=1 / per_decade,
        description="ε",
        readout_format=".3g",
        continuous_update=True,
        layout=_WIDE,
    )
    return LiveFigure(
        fig, redraw, {"lr": slider}, animated=[*lines, label, marker], data={"lrs": lrs, "codes": codes, "traj": traj}
    )


def damping_explorer(
    *,
    damping: float = 0.0,
    damping_max: float = 4.0,
    step: float = 0.05,
    steps: int = 8,
    n_starts: int = 8,
    radius: float = 1.7,
    gd_lr: float = 0.1,
    gd_steps: int = 12,
) -> LiveFigure:
    r"""A slider over the damping λ of Newton's method :math:`x - (H + \lambda I)^{-1} g` on the saddle
    :math:`x^2 - y^2` (Hessian diag(2, -2)), from ``n_starts`` points on a circle.

    Left: the Newton paths (one batched run per λ on the slider) over the contours, and gradient
    descent from the same starts for comparison (grey). Right: the factors
    :math:`\lambda / (h + \lambda)` by which one step multiplies the distance to the saddle along x
    (h = 2) and y (h = -2), `conditioning.damped_newton_factor`: modulus below 1 pulls toward the
    saddle, above 1 pushes away; at λ = 2 the damped Hessian is singular.
    """
    if not (np.isfinite(damping_max) and damping_max > 0 and 0 < step < damping_max):
        raise ValueError(f"need 0 < step < damping_max; got step={step!r}, damping_max={damping_max!r}")
    f = saddle()
    lams = np.round(np.arange(0.0, damping_max + step / 2, step), 10)
    t = np.radians(22.5 + 360.0 * np.arange(n_starts) / n_starts)
    starts = radius * np.stack([np.cos(t), np.sin(t)], -1)
    L, S = len(lams), len(starts)
    x0 = np.tile(starts, (L, 1))
    traj = optim.run(optim.newton(damping=np.repeat(lams, S)[:, None]), f, x0, steps=steps, max_norm=1e3)
    paths = traj.x.reshape(steps + 1, L, S, 2)
    gd = optim.run(optim.sgd(gd_lr), f, starts, steps=gd_steps)
    eig = np.array([2.0, -2.0])
    factors = conditioning.damped_newton_factor(eig, lams)  # (L, 2)

    fig = Figure(figsize=(10.5, 4.4), layout="constrained")
    ax, ax_f = fig.subplots(1, 2, width_ratios=[1.0, 1.1])
    plots.contours(f, ax, levels=21)
    for s in range(S):
        ax.plot(gd.x[:, s, 0], gd.x[:, s, 1], "--", color=COLORS["start"], lw=1.5, zorder=2)
    ax.plot([], [], "--", color=COLORS["start"], lw=1.5, label=f"gradient descent (ε = {gd_lr:g}, {gd_steps} steps)")
    ax.plot(starts[:, 0], starts[:, 1], "o", ms=7, color=COLORS["start"], zorder=5)
    ax.plot([0], [0], "o", ms=8, color=COLORS["saddle"], mec="white", zorder=5)
    (newton_line,) = ax.plot([], [], "-o", ms=3, lw=1.5, color="white", zorder=4)
    ax.plot([], [], "-o", ms=3, color="white", label="damped Newton")
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.13),
        fontsize="x-small",
        ncols=2,
        facecolor="0.3",
        labelcolor="white",
    )
    label = plots.state_label(ax)

    ax_f.axhline(1.0, color="0.5", lw=1, ls="--")
    ax_f.axhspan(0, 1, color=COLORS["saddle"], alpha=0.08)
    with np.errstate(invalid="ignore"):
        ax_f.plot(lams, np.abs(factors[:, 0]), color=COLORS["minimum"], lw=2, label="along x (h = +2)")
        fy = np.abs(factors[:, 1])
        fy[np.abs(lams - 2.0) < 0.6 * step] = np.nan
        ax_f.plot(lams, fy, color=COLORS["maximum"], lw=2, label="along y (h = −2)")
    ax_f.axvline(2.0, color=COLORS["diverged"], lw=0.8, ls=":")
    ax_f.text(2.05, 1.6, "H + λI singular\nat λ = 2", color=COLORS["diverged"], fontsize="x-small")
    ax_f.text(0.05, 0.5, "pulled toward the saddle", color=COLORS["saddle"], fontsize="x-small")
    ax_f.set_xlim(0, damping_max)
    ax_f.set_ylim(0, 4)
    ax_f.set_xlabel("damping λ")
    ax_f.set_ylabel("|λ / (h + λ)| per step")
    ax_f.legend(loc="center right", fontsize="small")
    marker = ax_f.axvline(0.0, color=COLORS["path"], lw=2)

    def redraw(damping):
        i = _nearest(lams, damping)
        newton_line.set_data(*plots.conditioning.joined(np.swapaxes(paths[:, i], 0, 1)).T)
        fx, fy_ = factors[i]
        lam = lams[i]
        if np.isnan(fy_):
            text, kind = f"λ = {lam:.2f}: H + λI is singular along y, no Newton step", "diverged"
        elif lam == 0:
            text, kind = "λ = 0: pure Newton jumps onto the saddle in one step", "diverged"
        elif abs(fy_) < 1:
            text, kind = (
                (
                    f"λ = {lam:.2f}: still attracted to the saddle\n"
                    f"(distance × {abs(fx):.2f} along x, × {abs(fy_):.2f} along y per step)"
                ),
                "saddle",
            )
        elif abs(fy_) == 1:
            text, kind = f"λ = {lam:.2f}: bounces between ±y forever", "saddle"
        else:
            text, kind = (
                (
                    f"λ = {lam:.2f}: escapes along y (× {abs(fy_):.2f} per step)"
                    + ("\nbut flips sign every step" if fy_ < 0 else "")
                ),
                "minimum",
            )
        _set_label(label, text, kind)
        marker.set_xdata([lam, lam])

    slider = widgets.FloatSlider(
        value=damping,
        min=0.0,
        max=float(lams[-1]),
        step=step,
        description="λ",
        readout_format=".2f",
        continuous_update=True,
        layout=_WIDE,
    )
    return LiveFigure(
        fig,
        redraw,
        {"damping": slider},
        animated=[newton_line, label, marker],
        data={"lams": lams, "traj": traj, "factors": factors, "gd": gd},
    )
