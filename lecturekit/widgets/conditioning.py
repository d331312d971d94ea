"""Explorers for conditioning: gradient descent against the condition number, one step size for
coordinates of different curvature, and damped Newton steps near a saddle.

Each explorer runs its whole slider range once, as one batched `optim.run`, when it is built;
``redraw`` only picks rows and moves artists over a fixed, blitted background (level sets of
changing quadratics are drawn as one precomputed polyline, not as contours).
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .. import conditioning, optim, plots
from ..objectives import quadratic, saddle
from ..style import COLORS
from .controls import log_slider, nearest, selection_slider, set_state, slider, state_title
from .live import LiveFigure

_SUB = "₀₁₂₃₄₅₆₇₈₉"
_MARKERS = "osD^v<>p"


def _figure_legend(fig, axes, ncols: int):
    """One legend for all panels, below them, outside every axes (the layout makes room for it)."""
    handles, labels = [], []
    for ax in axes:
        h, lab = ax.get_legend_handles_labels()
        handles += h
        labels += lab
    return fig.legend(handles, labels, loc="outside lower center", fontsize="small", ncols=ncols)


def _rotation(angles):
    c, s = np.cos(angles), np.sin(angles)
    return np.stack([np.stack([c, -s], -1), np.stack([s, c], -1)], -2)  # (..., 2, 2), columns u_1, u_2


def condition_sweep(kappas, angles_deg, factors, x0, steps: int, tol: float):
    """Gradient descent on every quadratic with eigenvalues (1, κ) rotated by every angle, from ``x0``,
    at every step ε = factor · ε*, ε* = 2/(1 + κ) the best fixed step.

    Returns a dict: ``lam`` (K, 2), ``basis`` (K, A, 2, 2) eigenvectors as columns, ``coef``
    (A, 2) the start's eigen-components, ``lr`` (F, K) the steps, ``measured`` (F, K, A) the steps
    to ``tol`` (-1 if never, `conditioning.gd_steps_to_tolerance`: exact for gradient descent
    on a quadratic, equal to `optim.run` and `optim.steps_to_tolerance`, see the tests),
    ``rate`` (F, K) ρ(ε) = max |1 − ελ_i| and ``bound`` (F, K) the steps the bound
    ρ(ε)^k e₀ <= tol promises (`conditioning.predicted_steps`; -1 where ρ >= 1).
    """
    kappas = np.asarray(kappas, dtype=float)
    angles = np.radians(np.asarray(angles_deg, dtype=float))
    factors = np.asarray(factors, dtype=float)
    x0 = np.asarray(x0, dtype=float)
    lam = np.stack([np.ones_like(kappas), kappas], -1)  # (K, 2)
    basis = np.broadcast_to(_rotation(angles), (len(kappas), len(angles), 2, 2))
    coef = np.einsum("aij,i->aj", _rotation(angles), x0)  # c_i = u_iᵀ x0, (A, 2)
    lr = factors[:, None] * conditioning.best_step(lam)[None, :]  # (F, K)
    measured = conditioning.gd_steps_to_tolerance(
        lam[None, :, None, :], coef[None, None], lr[:, :, None], tol, steps
    )  # (F, K, A)
    rate = conditioning.contraction_factor(lr, lam)
    bound = conditioning.predicted_steps(rate, np.linalg.norm(x0), tol)
    return {"lam": lam, "basis": basis, "coef": coef, "lr": lr, "measured": measured, "rate": rate, "bound": bound}


def condition_explorer(
    *,
    kappa: float = 100.0,
    angle: float = 30.0,
    factor: float = 1.0,
    x0=(-2.5, 1.5),
    kappa_max: float = 1000.0,
    per_decade: int = 10,
    angle_step: float = 5.0,
    factors=None,
    tol: float = 1e-3,
    steps: int = 25_000,
) -> LiveFigure:
    r"""Sliders for the condition number κ, the rotation angle of :math:`\tfrac12 x^\top A x`,
    :math:`A = R\,\mathrm{diag}(1, \kappa)\,R^\top`, and the step ε as a multiple of the best fixed
    step :math:`\epsilon^* = 2/(1 + \kappa)` (``factors``, default 0.10, 0.15, ..., 1.20).

    Left: level sets, the gradient-descent path from ``x0`` (the zig-zag; the first five steps
    bold) and the state. Right: the steps to ``tol`` against κ at the current angle and ε/ε*
    (dots), the steps the bound :math:`\rho(\epsilon)^k e_0 \le \text{tol}` promises at this ε
    (dashed) and at ε* (grey, :math:`\rho^* = (\kappa-1)/(\kappa+1)`). In 2-D at ε* both
    eigen-components shrink by exactly ρ*, so dots and grey line coincide; at any other ε they
    part. Runs whose steep component does not shrink (:math:`\epsilon \ge 2/\lambda_{\max}`) are
    labelled as not converging. The label also gives κ after rescaling each coordinate
    (`conditioning.rescaled`). Paths and counts are exact (`conditioning.gd_error_components`).
    """
    if not (np.isfinite(kappa_max) and kappa_max > 1):
        raise ValueError(f"kappa_max must be a finite number > 1; got {kappa_max!r}")
    factors = np.round(np.arange(0.1, 1.21, 0.05), 2) if factors is None else np.asarray(factors, dtype=float)
    if factors.ndim != 1 or factors.size < 2 or not np.all(np.diff(factors) > 0) or factors[0] <= 0:
        raise ValueError(f"factors must be an increasing 1-D grid of positive multiples of ε*; got {factors!r}")
    kappas = np.logspace(0, np.log10(kappa_max), int(round(np.log10(kappa_max) * per_decade)) + 1)
    angles = np.arange(0.0, 90.0 + angle_step / 2, angle_step)
    sweep = condition_sweep(kappas, angles, factors, x0, steps, tol)
    measured, bound = sweep["measured"], sweep["bound"]
    levels = 0.02 * 2.0 ** np.arange(0, 11)
    mats = np.einsum("kaij,kj,kalj->kail", sweep["basis"], sweep["lam"], sweep["basis"])  # (K, A, 2, 2)
    rescaled_kappa = conditioning.condition_number(conditioning.rescaled(mats))  # (K, A)

    fig = Figure(figsize=(10.5, 6.2), layout="constrained")  # tall enough that the square panel is not squeezed
    ax, ax_s = fig.subplots(1, 2, width_ratios=[1.0, 1.0])
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
    ax.plot([x0[0]], [x0[1]], "o", ms=8, color=COLORS["start"], zorder=5, label="start")
    label = state_title(fig, 3)

    plots.conditioning.steps_curve(kappas, bound[nearest(factors, 1.0)], ax_s, label="bound at ε* (theory, ρ*)")
    (now_bound,) = ax_s.loglog([], [], "--", color=COLORS["maximum"], lw=1.5, label="bound at this ε")
    dots = ax_s.scatter(
        kappas, np.ones_like(kappas), s=18, color=COLORS["path"], zorder=4, label="gradient descent (this ε, angle)"
    )
    (now,) = ax_s.plot([], [], "o", ms=11, mfc="none", mew=2, color=COLORS["start"], zorder=5)
    ax_s.set_ylim(0.7, steps * 3)
    ax_s.axhline(steps, color="0.6", lw=0.8, ls=":")
    _figure_legend(fig, [ax, ax_s], ncols=3)
    ax_s.set_title(f"steps to |x − x*| ≤ {tol:g} (at most {steps:,})", fontsize="small")

    def redraw(kappa, angle, factor):
        i, j, q = nearest(kappas, kappa, log=True), nearest(angles, angle), nearest(factors, factor)
        lam, lr = sweep["lam"][i], sweep["lr"][q, i]
        ell.set_data(*plots.conditioning.joined(conditioning.level_ellipses(mats[i, j], levels)).T)
        n = measured[q, i, j]
        shown_steps = n if n >= 0 else steps
        comps = conditioning.gd_error_components(lam, sweep["coef"][j], lr, np.arange(shown_steps + 1))
        pts = comps @ sweep["basis"][i, j].T  # x_k = U (components)
        inside = np.all(np.abs(pts) < 1e3, axis=-1)
        pts = pts[: int(np.argmin(inside)) if not inside.all() else len(pts)]  # a diverging path: up to the frame
        path.set_data(pts[:, 0], pts[:, 1])
        first.set_data(pts[:6, 0], pts[:6, 1])
        ok = measured[q, :, j] >= 0
        dots.set_offsets(np.stack([kappas[ok], measured[q, ok, j]], -1) if ok.any() else np.empty((0, 2)))
        fine = bound[q] >= 0
        now_bound.set_data(kappas[fine], np.maximum(bound[q, fine], 1))
        now.set_data([kappas[i]], [max(n, 1)] if n >= 0 else [np.nan])
        k = kappas[i]
        rate = sweep["rate"][q, i]
        head = f"κ = {k:.3g}, angle {angles[j]:.0f}°: ε = {factors[q]:.2f} ε* = {lr:.3g}, ρ(ε) = {rate:.4f}"
        if rate >= 1:
            text, kind = f"{head}\ndoes not converge: ε ≥ 2/λmax (steep factor {1 - lr * k:.3g})", "diverged"
        elif n >= 0:
            text, kind = f"{head}\nwithin {tol:g} in {n} steps; the bound promises {bound[q, i]}", "minimum"
        else:
            text, kind = f"{head}\nnot within {tol:g} in {steps:,} steps (bound {bound[q, i]:,})", "inconclusive"
        set_state(label, text + f"\nrescaling each coordinate: κ → {rescaled_kappa[i, j]:.3g}", kind)

    controls = {
        "kappa": log_slider("κ", kappa, 0.0, np.log10(kappa_max), 1 / per_decade),
        "angle": slider("angle (°)", angle, 0.0, 90.0, angle_step, ".0f"),
        "factor": slider("ε / ε*", factor, float(factors[0]), float(factors[-1]), float(np.min(np.diff(factors)))),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[ell, path, first, dots, now, now_bound, label],
        data={
            "kappas": kappas,
            "angles": angles,
            "factors": factors,
            "measured": measured,
            "bound": bound,
            "theory": bound[nearest(factors, 1.0)],
            "rescaled_kappa": rescaled_kappa,
            **sweep,
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

    The slider's grid is ``per_decade`` log-spaced rates from ``lr_min`` to ``lr_max`` plus every
    boundary :math:`1/a_{ii}` and :math:`2/a_{ii}` in that range, so the states exactly at a boundary
    (one step to 0; a bounce between :math:`\pm x_i` forever) are positions of the slider.
    """
    a = np.asarray(diagonal, dtype=float)
    if a.ndim != 1 or not (1 <= a.size <= 8) or not np.all(np.isfinite(a) & (a > 0)):
        raise ValueError(f"diagonal must hold 1 to 8 positive curvatures a_ii; got {diagonal!r}")
    if not (0 < lr_min < lr_max and np.isfinite(lr_max)):
        raise ValueError(f"need 0 < lr_min < lr_max; got ({lr_min!r}, {lr_max!r})")
    n = int(round(np.log10(lr_max / lr_min) * per_decade)) + 1
    bounds = np.concatenate([1 / a, 2 / a])
    bounds = bounds[(bounds >= lr_min) & (bounds <= lr_max)]
    grid = np.logspace(np.log10(lr_min), np.log10(lr_max), n)
    near = np.any(np.abs(np.log(grid[:, None] / bounds[None, :])) < 0.25 * np.log(10) / per_decade, axis=1)
    lrs = np.unique(np.concatenate([grid[~near], bounds]))  # a boundary replaces the grid point next to it
    n = lrs.size
    d = a.size
    traj = optim.run(optim.sgd(lrs[:, None]), quadratic(a), np.ones((n, d)), steps=steps, max_norm=1e300)
    ratios = np.clip(traj.x, -10.0, 10.0)  # x_{i,k} / x_{i,0} with x_0 = 1; the frame shows [-2.5, 2.5]
    codes = conditioning.coordinate_regimes(lrs, a)  # (n, d)
    ks = np.arange(steps + 1)

    fig = Figure(figsize=(10.5, 4.6), layout="constrained")
    ax, ax_b = fig.subplots(1, 2, width_ratios=[1.1, 1.0])
    ax.axhline(0, color="0.5", lw=0.8)
    ax.set_xlim(0, steps)
    ax.set_ylim(-2.5, 2.5)
    ax.set_xlabel("step k")
    ax.set_ylabel("xᵢ after k steps / xᵢ(0)")
    names = [f"x{_SUB[i + 1]} (a = {ai:g})" for i, ai in enumerate(a)]
    lines = [ax.plot([], [], "-" + _MARKERS[i], ms=4, lw=1.3)[0] for i in range(d)]
    handles = [ax.plot([], [], _MARKERS[i], color="0.35", ms=5, label=names[i])[0] for i in range(d)]
    label = state_title(fig, 2)
    plots.conditioning.regime_bands(a, (lr_min, lr_max), ax_b, legend=False)
    regimes = [Line2D([], [], lw=6, color=c) for c in plots.conditioning.REGIME_COLORS]
    fig.legend(
        handles + regimes,
        names + list(conditioning.COORDINATE_REGIMES),
        loc="outside lower center",
        fontsize="small",
        ncols=4,
    )
    marker = ax_b.axvline(lrs[0], color=COLORS["path"], lw=2)

    def redraw(lr):
        i = nearest(lrs, lr, log=True)
        counts = np.bincount(codes[i], minlength=3)
        for c, line in enumerate(lines):
            line.set_data(ks, ratios[:, i, c])
            line.set_color(plots.conditioning.REGIME_COLORS[codes[i, c]])
        verbs = (("converges", "converge"), ("oscillates", "oscillate"), ("does not converge", "do not converge"))
        parts = [f"{counts[c]} {verbs[c][int(counts[c] > 1)]}" for c in range(3) if counts[c]]
        kind = "diverged" if counts[2] else ("saddle" if counts[1] else "minimum")
        factor = 1.0 - lrs[i] * a
        edge = [f"x{_SUB[c + 1]} bounces between ±x{_SUB[c + 1]}(0)" for c in np.flatnonzero(np.isclose(factor, -1.0))]
        edge += [f"x{_SUB[c + 1]} lands on 0 in one step" for c in np.flatnonzero(np.isclose(factor, 0.0, atol=1e-12))]
        set_state(
            label,
            f"ε = {lrs[i]:.3g}: "
            + ", ".join(parts)
            + (f" ({'; '.join(edge)})" if edge else "")
            + f"\n(1/a: {', '.join(f'{v:.3g}' for v in 1 / a)};"
            f" 2/a: {', '.join(f'{v:.3g}' for v in 2 / a)})",
            kind,
        )
        marker.set_xdata([lrs[i], lrs[i]])

    return LiveFigure(
        fig,
        redraw,
        {"lr": selection_slider("ε", [(f"{v:.3g}", float(v)) for v in lrs], float(lrs[nearest(lrs, lr, log=True)]))},
        animated=[*lines, label, marker],
        data={"lrs": lrs, "codes": codes, "traj": traj},
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
    descent from the same starts for comparison (dashed). Right: the moduli of the factors
    :math:`\lambda / (h + \lambda)` by which one step multiplies the distance to the saddle along x
    (h = 2) and y (h = -2), `conditioning.damped_newton_factor`: modulus below 1 pulls toward the
    saddle, above 1 pushes away. Along y the factor is :math:`\lambda/(\lambda - 2)`: its modulus
    passes 1 at λ = 1 = |h|/2 (the saddle starts to repel, by overshooting with a sign flip); at
    λ = 2 the damped Hessian is singular; only above 2 = |h| is :math:`H + \lambda I` positive
    definite and the step a descent direction.
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

    fig = Figure(figsize=(10.5, 5.4), layout="constrained")
    ax, ax_f = fig.subplots(1, 2, width_ratios=[1.0, 1.1])
    plots.contours(f, ax, levels=21)
    for s in range(S):
        ax.plot(gd.x[:, s, 0], gd.x[:, s, 1], "--", color=COLORS["start"], lw=1.5, zorder=2)
    ax.plot([], [], "--", color=COLORS["start"], lw=1.5, label=f"gradient descent (ε = {gd_lr:g})")
    ax.plot(starts[:, 0], starts[:, 1], "o", ms=7, color=COLORS["start"], zorder=5)
    ax.plot([0], [0], "o", ms=8, color=COLORS["saddle"], mec="white", zorder=5)
    outline = [patheffects.Stroke(linewidth=3.5, foreground="0.15"), patheffects.Normal()]
    (newton_line,) = ax.plot([], [], "-o", ms=3, lw=1.5, color="white", zorder=4, path_effects=outline)
    ax.plot([], [], "-o", ms=3, lw=1.5, color="white", path_effects=outline, label="damped Newton")
    label = state_title(fig, 2)

    ax_f.axhline(1.0, color="0.5", lw=1, ls="--")
    ax_f.axhspan(0, 1, color=COLORS["saddle"], alpha=0.08)
    with np.errstate(invalid="ignore"):
        ax_f.plot(lams, np.abs(factors[:, 0]), color=COLORS["minimum"], lw=2, label="along x (h = +2)")
        fy = np.abs(factors[:, 1])
        fy[np.abs(lams - 2.0) < 0.6 * step] = np.nan
        ax_f.plot(lams, fy, color=COLORS["maximum"], lw=2, ls="-.", label="along y (h = −2)")
    ax_f.axvline(2.0, color=COLORS["diverged"], lw=0.8, ls=":")
    ax_f.text(
        2.08, 1.9, "H + λI singular\nat λ = 2", color=COLORS["diverged"], fontsize="small", va="top"
    )  # below the y curve
    ax_f.text(damping_max - 0.05, 0.1, "attracts (< 1)", color=COLORS["saddle"], fontsize="small", ha="right")
    ax_f.set_xlim(0, damping_max)
    ax_f.set_ylim(0, 4)
    ax_f.set_xlabel("damping λ")
    ax_f.set_ylabel("|λ / (h + λ)|")
    _figure_legend(fig, [ax, ax_f], ncols=2)
    marker = ax_f.axvline(0.0, color=COLORS["path"], lw=2)

    def redraw(damping):
        i = nearest(lams, damping)
        newton_line.set_data(*plots.conditioning.joined(np.swapaxes(paths[:, i], 0, 1)).T)
        fx, fy_ = factors[i]
        lam = lams[i]
        if np.isnan(fy_):
            text, kind = (
                f"λ = {lam:.2f}: H + λI is singular along y\nno Newton step (the runs are flagged and stop)",
                "diverged",
            )
        elif lam == 0:
            text, kind = (
                "λ = 0: pure Newton jumps onto the saddle in one step\n(distance × 0 along x and along y)",
                "diverged",
            )
        elif abs(fy_) < 1:
            text, kind = (
                f"λ = {lam:.2f}: still attracted to the saddle, zig-zagging in y\n"
                f"(distance × {abs(fx):.2f} along x, × {fy_:.2f} along y per step)",
                "saddle",
            )
        elif abs(fy_) == 1:
            text, kind = (
                f"λ = {lam:.2f}: y flips between ±y forever (× −1 per step)\nneither attracted nor repelled",
                "saddle",
            )
        elif fy_ < 0:
            text, kind = (
                f"λ = {lam:.2f}: repelled along y (× {fy_:.2f} per step, flipping sign)\n"
                "by overshooting: H + λI is indefinite, the step is no descent direction",
                "start",
            )
        else:
            text, kind = (
                f"λ = {lam:.2f}: escapes along y (× {fy_:.2f} per step)\n"
                "along a descent direction: H + λI is positive definite",
                "minimum",
            )
        set_state(label, text, kind)
        marker.set_xdata([lam, lam])

    return LiveFigure(
        fig,
        redraw,
        {"damping": slider("λ", damping, 0.0, float(lams[-1]), step)},
        animated=[newton_line, label, marker],
        data={"lams": lams, "traj": traj, "factors": factors, "gd": gd},
    )
