"""Explorers for momentum: the (ε, α) map driving a run, one eigencomponent's phase portrait,
and the error along every eigenvector.

Each explorer runs its whole slider grid when it is built, as one batched `optim.run` (one
trajectory per grid point), and computes its map in one vectorized call of
`lecturekit.momentum`; ``redraw`` only indexes those arrays and moves a few artists. A
diverging run is frozen by `optim.run` and shown as a labelled state.
"""

from __future__ import annotations

import numpy as np
from matplotlib import patheffects
from matplotlib.figure import Figure

from .. import momentum, optim, validate
from ..objectives import quadratic
from ..plots import momentum as mplots
from ..style import COLORS
from .controls import grid_slider, nearest, set_state, state_title
from .live import LiveFigure

#: The state title's box as these explorers have always drawn it: wider and opaque, in the layout's own padding.
_TITLE = dict(pad=0.3, alpha=None, h_pad=None)
_OPTIMIZERS = {"heavy_ball": optim.momentum, "nesterov": optim.nesterov}


def _anchored_grid(low: float, high: float, n: int, anchor: float) -> np.ndarray:
    """About n evenly spaced values from ``low`` up to ``high`` that include ``low`` and ``anchor`` exactly."""
    step = (high - low) / (n - 1)
    if anchor > low:
        step = (anchor - low) / max(1, round((anchor - low) / step))
    return low + step * np.arange(int(np.floor((high - low) / step + 1e-9)) + 1)


_KIND = {momentum.MONOTONE: "minimum", momentum.OSCILLATING: "path", momentum.FLIPPING: "saddle"}

#: How close to 1 a spectral radius counts as on the stability limit (it is 1 to rounding there).
_ON_LIMIT = 1e-9

#: The state of a run whose spectral radius is 1: an eigenvalue -1 of M, on the stability limit.
NEUTRAL = "neither converges nor diverges: an eigenvalue −1, the error flips sign at a bounded amplitude"


def _on_the_limit(rho) -> np.ndarray:
    """True where ρ is 1 to rounding: the stability limit itself, where the amplitude neither shrinks nor grows."""
    return np.abs(np.asarray(rho, dtype=float) - 1.0) <= _ON_LIMIT


def _zoom(extent, base) -> np.ndarray:
    """The smallest power of two m >= 1 with ``extent`` <= 0.95 m ``base``: an axis half-width of m ``base``
    shows the whole path, and only a few widths occur, so the axes change (and redraw in full) rarely."""
    need = np.maximum(np.asarray(extent, dtype=float) / (0.95 * base), 1.0)
    return 2.0 ** np.ceil(np.log2(need) - 1e-12)


def _grid_run(method, lrs, alphas, f, x0, steps, max_norm):
    """One batched run over every (α, ε) of the grid, α-major: trajectory b = i_alpha * n_lr + i_lr."""
    A, E = np.meshgrid(alphas, lrs, indexing="ij")
    opt = _OPTIMIZERS[method](E.reshape(-1, 1), A.reshape(-1, 1))
    x0 = np.broadcast_to(np.asarray(x0, dtype=float), (E.size, f.dim))
    return optim.run(opt, f, x0, steps, max_norm=max_norm)


def _method(method):
    if method not in momentum.METHODS:
        raise ValueError(f"method must be one of {momentum.METHODS}; got {method!r}")
    return method


# --------------------------------------------------------------------------- the (ε, α) map


def map_explorer(
    eigenvalues=(0.05, 1.0),
    *,
    angle: float = 0.5,
    method: str = "heavy_ball",
    x0=(-2.5, 1.5),
    steps: int = 100,
    n_lr: int = 40,
    n_alpha: int = 40,
    lr=None,
    alpha=None,
    tol: float = 1e-6,
) -> LiveFigure:
    """Sliders ε and α: the rate map of a 2-D quadratic with a marker, the run on its contours, its loss.

    Left: :math:`\\max_i \\rho(\\varepsilon, \\alpha, \\lambda_i)` over the slider ranges
    (ε up to 4/λmax, the heavy ball's largest stable step as α → 1, where the slider's grid, anchored
    on the default ε, stops within one step of it; α in [0, 0.975]), with the critical-damping curves of
    both eigenvalues and the optimal point. Middle: the trajectory from ``x0`` on the contours
    of :math:`\\tfrac12 x^\\top A x`. Right: f(θ_k) with the rate alone,
    :math:`f(\\theta_0)\\rho^{2k}` (dashed). Where M has a double eigenvalue z (on a
    critical-damping curve, as at the optimum) an error component is :math:`c(1 + bk)z^k` with
    :math:`b = (1 - \\varepsilon\\lambda)/z - 1`, so the measured loss runs above the dashed line
    by a factor that grows like :math:`(1 + bk)^2`. On the stability limit (ρ = 1 to rounding)
    the label says the run neither converges nor diverges. Defaults: ε and α at the optimum of ``method``
    (`momentum.optimal_heavy_ball` or `momentum.nesterov_tuning`).
    """
    method = _method(method)
    lam = np.sort(np.asarray(validate.positive("eigenvalues", eigenvalues), dtype=float))
    if lam.shape != (2,):
        raise ValueError(f"eigenvalues must be two positive numbers (a 2-D quadratic); got {eigenvalues!r}")
    steps = validate.integer("steps", steps, 1)
    n_lr, n_alpha = validate.integer("n_lr", n_lr, 3), validate.integer("n_alpha", n_alpha, 3)
    best = momentum.optimal_heavy_ball(*lam) if method == "heavy_ball" else momentum.nesterov_tuning(*lam)
    lr_max = 4.0 / lam[1]
    lr0 = float(best.lr if lr is None else lr)
    alpha0 = float(best.alpha if alpha is None else alpha)
    lrs = _anchored_grid(lr_max / n_lr, lr_max, n_lr, lr0)
    alphas = _anchored_grid(0.0, 0.975, n_alpha, alpha0)
    n_lr, n_alpha = lrs.size, alphas.size
    f = quadratic(eigenvalues=lam, angle=angle)
    traj = _grid_run(method, lrs, alphas, f, x0, steps, max_norm=1e3)
    loss = traj.loss.reshape(steps + 1, n_alpha, n_lr)
    xs = traj.x.reshape(steps + 1, n_alpha, n_lr, 2)
    dstep = traj.diverged_step.reshape(n_alpha, n_lr)
    A, E = np.meshgrid(alphas, lrs, indexing="ij")
    rate = momentum.convergence_rate(E, A, lam, method)  # one vectorized call, (n_alpha, n_lr)
    fine_lr = np.linspace(lrs[0], lr_max, 200)
    fine_alpha = np.linspace(0.0, 0.999, 200)
    FA, FE = np.meshgrid(fine_alpha, fine_lr, indexing="ij")
    fine_rate = momentum.convergence_rate(FE, FA, lam, method)
    codes = momentum.regime(E[..., None], A[..., None], lam, method)  # (n_alpha, n_lr, 2)
    t, d = momentum.trace_det(E[..., None], A[..., None], lam, method)
    double = np.abs(t * t / 4 - d) < 1e-9  # on a critical-damping curve (to rounding)
    loss_floor = float(loss[0, 0, 0]) * 1e-16
    shown_loss = np.where(loss > loss_floor, loss, np.nan)  # below the axis: not drawn
    k = np.arange(steps + 1)

    fig = Figure(figsize=(11.5, 3.9), layout="constrained")
    ax_map, ax_path, ax_loss = fig.subplots(1, 3, width_ratios=[1.15, 1, 1])
    mplots.rate_map(fine_rate, fine_lr, fine_alpha, ax_map)
    for lv in lam:
        mplots.boundary_curves(lv, fine_lr, ax_map, method, labels=False)
    ax_map.plot([best.lr], [best.alpha], "*", ms=14, color=COLORS["start"], mec="black", zorder=5)
    ax_map.set_title(f"{mplots.METHOD_NAMES[method]}: rate ρ for λ = {lam[0]:g}, {lam[1]:g}", fontsize="small")
    here = mplots.marker(
        ax_map, mec="white", mew=2.5, path_effects=[patheffects.withStroke(linewidth=5, foreground="black")]
    )
    i0, j0 = nearest(alphas, alpha0), nearest(lrs, lr0)
    reach = 1.1 * max(3.0, float(np.abs(xs[:, i0, j0]).max()))
    g = np.linspace(-reach, reach, 161)
    gx, gy = np.meshgrid(g, g)
    fz = f.value(np.stack([gx, gy], -1))
    ax_path.contour(gx, gy, fz, levels=np.geomspace(fz.max() * 1e-4, fz.max(), 12), colors="0.55", linewidths=0.8)
    ax_path.set_xlim(-reach, reach)
    ax_path.set_ylim(-reach, reach)
    ax_path.set_aspect("equal", adjustable="box")
    ax_path.set_xlabel("θ₁")
    ax_path.set_ylabel("θ₂")
    (path,) = ax_path.plot([], [], "-o", ms=2.5, lw=1.2, color=COLORS["path"])
    ax_path.plot([x0[0]], [x0[1]], "o", ms=8, color=COLORS["start"], zorder=5)
    ax_path.plot([0], [0], "*", ms=12, color=COLORS["minimum"], mec="black", zorder=5)
    ax_path.set_title("the run on the contours", fontsize="small")
    ax_loss.set_yscale("log")
    ax_loss.set_xlim(0, steps)
    ax_loss.set_ylim(loss_floor, 1e3 * float(loss[0, 0, 0]))
    (curve,) = ax_loss.plot(k, shown_loss[:, 0, 0], color=COLORS["path"], lw=2, label="f(θ_k), measured")
    (theory,) = ax_loss.plot(
        k, shown_loss[:, 0, 0], "--", color=COLORS["maximum"], lw=1.5, label="f(θ_0) ρ^(2k), the rate alone"
    )
    ax_loss.set_xlabel("step k")
    ax_loss.set_ylabel("loss f(θ_k)")
    mplots.legend_outside(ax_loss, loc="lower left", bbox_to_anchor=(0.0, 1.02), ncols=1)
    fig.legend(
        handles=[
            ax_map.plot([], [], "--", color="black", label="critical damping")[0],
            ax_map.plot([], [], "-", color="black", label="stability limit")[0],
            ax_map.plot([], [], "*", ms=10, color=COLORS["start"], mec="black", ls="none", label="optimum")[0],
        ],
        loc="outside lower left",
        ncols=3,
    )
    label = state_title(fig, **_TITLE)

    def redraw(lr, alpha):
        i, j = nearest(alphas, alpha), nearest(lrs, lr)
        r = rate[i, j]
        here.set_data([lrs[j]], [alphas[i]])
        ds = dstep[i, j]
        end = steps + 1 if ds < 0 else ds
        path.set_data(xs[:end, i, j, 0], xs[:end, i, j, 1])
        y = shown_loss[:, i, j].copy()
        y[end:] = np.nan
        curve.set_ydata(y)
        with np.errstate(all="ignore"):
            pred = loss[0, i, j] * r ** (2.0 * k)
        theory.set_ydata(np.where((pred > loss_floor) & (pred < 1e300), pred, np.nan))
        head = f"ε = {lrs[j]:.3g}, α = {alphas[i]:.3g}: ρ = {r:.3f}"
        regimes = " / ".join(
            "critically damped" if dbl and c != momentum.DIVERGENT else mplots.SHORT_REGIMES[c]
            for c, dbl in zip(codes[i, j], double[i, j])
        )
        if _on_the_limit(r) and ds < 0:
            set_state(label, f"{head}: neither converges nor diverges\nper eigenvalue: {regimes}", "saddle")
            return
        if ds >= 0 or r >= 1:
            where = f"left the plot at step {ds}" if ds >= 0 else f"does not converge in {steps} steps"
            set_state(label, f"{head} ≥ 1: diverges ({where})\nper eigenvalue: {regimes}", "diverged")
            return
        hit = np.flatnonzero(loss[:, i, j] <= tol * loss[0, i, j])
        reached = f"f falls by {1 / tol:.0e} in {hit[0]} steps" if hit.size else f"f not down by {1 / tol:.0e} yet"
        set_state(label, f"{head}: {reached}\nper eigenvalue: {regimes}", "minimum" if hit.size else "path")

    controls = {
        "lr": grid_slider("ε", lrs, lr0),
        "alpha": grid_slider("α", alphas, alpha0),
    }
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[here, path, curve, theory, label],
        data={"lrs": lrs, "alphas": alphas, "rate": rate, "loss": loss, "x": xs, "diverged_step": dstep, "best": best},
    )


# --------------------------------------------------------------------------- phase portrait


def phase_explorer(
    *,
    eigenvalue: float = 1.0,
    method: str = "heavy_ball",
    steps: int = 60,
    n_lr: int = 80,
    n_alpha: int = 40,
    lr_times_eigenvalue: float = 0.1,
    alpha: float = 0.8,
) -> LiveFigure:
    """Sliders ελ and α: one eigencomponent from (x, v) = (1, 0) in the phase plane and against the step.

    Left: the (x_k, v_k) path, a spiral for complex eigenvalues (underdamped), a curve into the
    origin without turning for real positive ones (overdamped), a zig-zag for a negative one.
    Right: x_k with the envelope ±ρ^k. ελ runs over (0, 4], α over [0, 0.975]; the default
    (ελ = 0.1, α = 0.8) lies above the critical-damping curve α = (1 − √0.1)² ≈ 0.47: a spiral.
    The axes widen by powers of two to hold the whole path of every run that does not diverge
    (a sign-flipping run's velocity reaches twice its error). On the stability limit itself
    (ρ = 1 to rounding: ελ = 2(1 + α) for the heavy ball, on the grid's diagonal) the label says
    the run neither converges nor diverges (`NEUTRAL`).
    """
    method = _method(method)
    lam = float(validate.positive("eigenvalue", eigenvalue))
    steps = validate.integer("steps", steps, 1)
    n_lr, n_alpha = validate.integer("n_lr", n_lr, 3), validate.integer("n_alpha", n_alpha, 3)
    hs = np.linspace(4.0 / n_lr, 4.0, n_lr)  # values of ελ (step 0.05 with the default 80)
    alphas = np.linspace(0.0, 0.975, n_alpha)
    f = quadratic(eigenvalues=[lam])
    traj = _grid_run(method, hs / lam, alphas, f, [1.0], steps, max_norm=1e3)
    x = traj.x[..., 0].reshape(steps + 1, n_alpha, n_lr)
    v = np.concatenate([np.zeros((1, n_alpha, n_lr)), np.diff(x, axis=0)])
    dstep = traj.diverged_step.reshape(n_alpha, n_lr)
    A, H = np.meshgrid(alphas, hs, indexing="ij")
    rho = momentum.spectral_radius(H / lam, A, lam, method)
    codes = momentum.regime(H / lam, A, lam, method)
    neutral = _on_the_limit(rho)
    bounded = (rho < 1) | neutral
    # the axes' half-widths: a power of two times the default's, enough for the whole path of a bounded
    # run (a sign-flipping one swings its velocity up to twice its error); a divergent run keeps the default
    X_HALF, V_HALF, T_HALF = 1.3, 0.8, 1.6
    zoom_x = np.where(bounded, _zoom(np.abs(x).max(axis=0), X_HALF), 1.0)
    zoom_v = np.where(bounded, _zoom(np.abs(v).max(axis=0), V_HALF), 1.0)
    k = np.arange(steps + 1)

    fig = Figure(figsize=(10.5, 3.8), layout="constrained")
    ax_ph, ax_x = fig.subplots(1, 2, width_ratios=[1, 1.3])
    (line,) = ax_ph.plot([], [], "-o", ms=3, lw=1.2, color=COLORS["path"])
    ax_ph.plot([1.0], [0.0], "o", ms=8, color=COLORS["start"], zorder=5)
    ax_ph.plot([0.0], [0.0], "*", ms=12, color=COLORS["minimum"], mec="black", zorder=5)
    ax_ph.set_xlabel("error x_k along the eigenvector")
    ax_ph.set_ylabel("velocity v_k = x_k − x_(k−1)")
    ax_ph.set_title("phase plane", fontsize="small")
    ax_x.set_xlim(0, steps)
    ax_x.axhline(0, color="0.5", lw=0.8)
    (xline,) = ax_x.plot(k, x[:, 0, 0], "-o", ms=3, color=COLORS["path"], lw=1.2, label="x_k, measured")
    (env_hi,) = ax_x.plot(k, k * 0.0, "--", color=COLORS["maximum"], lw=1.5, label="± C ρ^k (C fitted)")
    (env_lo,) = ax_x.plot(k, k * 0.0, "--", color=COLORS["maximum"], lw=1.5)
    ax_x.set_xlabel("step k")
    ax_x.set_ylabel("error x_k")
    mplots.legend_outside(ax_x)
    label = state_title(fig, **_TITLE)
    shown_zoom = [None]

    def zoom_to(zx, zv) -> bool:
        """Set the axes for zoom levels (zx, zv); True if they changed (the background is redrawn)."""
        if shown_zoom[0] == (zx, zv):
            return False
        ax_ph.set_xlim(-X_HALF * zx, X_HALF * zx)
        ax_ph.set_ylim(-V_HALF * zv, V_HALF * zv)
        ax_x.set_ylim(-T_HALF * zx, T_HALF * zx)
        shown_zoom[0] = (zx, zv)
        return True

    def redraw(h, alpha):
        i, j = nearest(alphas, alpha), nearest(hs, h)
        changed = zoom_to(float(zoom_x[i, j]), float(zoom_v[i, j]))
        ds = dstep[i, j]
        end = steps + 1 if ds < 0 else ds
        line.set_data(x[:end, i, j], v[:end, i, j])
        y = x[:, i, j].copy()
        y[end:] = np.nan
        xline.set_ydata(y)
        with np.errstate(all="ignore"):
            env = rho[i, j] ** k
            scale = np.nanmax(np.abs(y) / env) if rho[i, j] > 0 else 1.0
            env = np.minimum(scale * env, 1e6)
        env_hi.set_ydata(env)
        env_lo.set_ydata(-env)
        c = int(codes[i, j])
        head = f"ελ = {hs[j]:.3g}, α = {alphas[i]:.3g}: ρ = {rho[i, j]:.3f}"
        if neutral[i, j]:
            set_state(label, f"{head}, on the stability limit\n{NEUTRAL}", "saddle")
        elif c == momentum.DIVERGENT:
            where = f", left the plot at step {ds}" if ds >= 0 else ""
            set_state(label, f"{head}\ndivergent: the error grows{where}", "diverged")
        else:
            crit = float(momentum.critical_damping(hs[j], method))
            side = "" if np.isnan(crit) else f" (critical damping at α = {crit:.3f})"
            set_state(label, f"{head}\n{momentum.REGIMES[c]}{side}", _KIND[c])
        return changed

    controls = {"h": grid_slider("ελ", hs, lr_times_eigenvalue), "alpha": grid_slider("α", alphas, alpha)}
    live = LiveFigure(
        fig,
        redraw,
        controls,
        animated=[line, xline, env_hi, env_lo, label],
        data={
            "hs": hs,
            "alphas": alphas,
            "x": x,
            "v": v,
            "rho": rho,
            "codes": codes,
            "diverged_step": dstep,
            "zoom": np.stack([zoom_x, zoom_v]),
        },
    )
    zoom_to(float(zoom_x.max()), float(zoom_v.max()))  # the widest zoom has the widest tick labels
    live.freeze_layout()
    shown_zoom[0] = None
    live.update()
    return live


# --------------------------------------------------------------------------- error per eigenvector


def eigen_error_explorer(
    eigenvalues=(0.01, 0.03, 0.1, 0.3, 1.0),
    *,
    method: str = "heavy_ball",
    steps: int = 300,
    n_lr: int = 40,
    n_alpha: int = 40,
    lr=None,
    alpha=None,
) -> LiveFigure:
    """Sliders ε and α: the error along each eigenvector of a diagonal quadratic, and each one's ρ_i.

    Every component starts at 1. Left: |x_k^(i)| on a log scale, one line per eigenvalue, with
    the total ‖θ_k‖ as a wide grey band behind them (it follows the slowest component, which
    stays visible on top); right: the spectral radius ρ_i of each component (the slowest sets
    the pace). α = 0 is gradient descent. Defaults: Polyak's optimum for this spectrum
    (`momentum.optimal_heavy_ball`), where every ρ_i is the same, (√κ − 1)/(√κ + 1): the
    equalised state, which the label names.
    """
    method = _method(method)
    lam = np.sort(np.asarray(validate.positive("eigenvalues", eigenvalues), dtype=float))
    if lam.ndim != 1 or lam.size < 2:
        raise ValueError(f"eigenvalues must be a vector of at least two positive numbers; got {eigenvalues!r}")
    steps = validate.integer("steps", steps, 1)
    n_lr, n_alpha = validate.integer("n_lr", n_lr, 3), validate.integer("n_alpha", n_alpha, 3)
    lr_max = 4.0 / lam[-1]
    best = momentum.optimal_heavy_ball(lam[0], lam[-1])
    lr = float(best.lr) if lr is None else float(lr)
    default_alpha = float(best.alpha) if alpha is None else float(alpha)
    lrs = _anchored_grid(lr_max / n_lr, lr_max, n_lr, lr)
    alphas = _anchored_grid(0.0, 0.975, n_alpha, default_alpha)
    n_lr, n_alpha = lrs.size, alphas.size
    f = quadratic(eigenvalues=lam)
    traj = _grid_run(method, lrs, alphas, f, np.ones(lam.size), steps, max_norm=1e6)
    err = np.abs(traj.x).reshape(steps + 1, n_alpha, n_lr, lam.size)
    total = np.linalg.norm(traj.x, axis=-1).reshape(steps + 1, n_alpha, n_lr)
    dstep = traj.diverged_step.reshape(n_alpha, n_lr)
    A, E = np.meshgrid(alphas, lrs, indexing="ij")
    rho = momentum.spectral_radius(E[..., None], A[..., None], lam, method)  # (n_alpha, n_lr, d)
    floor = 1e-12
    err = np.maximum(err, floor)
    total = np.maximum(total, floor)
    k = np.arange(steps + 1)

    fig = Figure(figsize=(10.5, 3.8), layout="constrained")
    ax, ax_bar = fig.subplots(1, 2, width_ratios=[1.8, 1])
    lines = mplots.eigen_error_lines(k, err[:, 0, 0], lam, ax)
    # behind the components, wide and light: where it runs along one of them, that line stays on top
    (tot,) = ax.semilogy(k, total[:, 0, 0], color="0.6", lw=9, alpha=0.45, zorder=1, label="total ‖θ_k‖ (grey band)")
    ax.set_xlim(0, steps)
    ax.set_ylim(floor, 1e4)
    mplots.legend_outside(ax)
    cmap_colors = [line.get_color() for line in lines]
    pos = np.arange(lam.size)
    bars = ax_bar.bar(pos, np.zeros(lam.size), color=cmap_colors, edgecolor="black")
    hatches = ["", "//", "..", "xx", "\\\\"]
    for b, h in zip(bars, hatches * 4):
        b.set_hatch(h)
    ax_bar.axhline(1.0, color=COLORS["diverged"], lw=1.5, ls="--")
    ax_bar.text(lam.size - 0.5, 1.02, "ρ = 1", color=COLORS["diverged"], ha="right", va="bottom", fontsize="x-small")
    ax_bar.set_xticks(pos, [f"{v:.3g}" for v in lam], rotation=90)
    ax_bar.set_xlabel("eigenvalue λ_i")
    ax_bar.set_ylabel("ρ_i of that component")
    ax_bar.set_ylim(0, 1.6)
    label = state_title(fig, **_TITLE)

    def redraw(lr, alpha):
        i, j = nearest(alphas, alpha), nearest(lrs, lr)
        ds = dstep[i, j]
        end = steps + 1 if ds < 0 else ds
        for n, line in enumerate(lines):
            y = err[:, i, j, n].copy()
            y[end:] = np.nan
            line.set_ydata(y)
        t = total[:, i, j].copy()
        t[end:] = np.nan
        tot.set_ydata(t)
        r = rho[i, j]
        for b, value in zip(bars, r):
            b.set_height(min(value, 1.55))
        slow = int(np.argmax(r))
        head = f"ε = {lrs[j]:.3g}, α = {alphas[i]:.3g}" + (" (gradient descent)" if alphas[i] == 0 else "")
        if _on_the_limit(r[slow]):
            set_state(label, f"{head}: ρ = 1 along λ = {lam[slow]:.3g}: neither converges nor diverges", "saddle")
        elif r.max() >= 1:
            where = f", stopped at step {ds}" if ds >= 0 else ""
            set_state(label, f"{head}: diverges along λ = {lam[slow]:.3g} (ρ = {r[slow]:.3f}){where}", "diverged")
        elif r.max() - r.min() < 5e-4:
            set_state(label, f"{head}: every direction at the same ρ = {r[slow]:.3f} (equalised)", "minimum")
        else:
            set_state(label, f"{head}: the slowest direction, λ = {lam[slow]:.3g}, sets ρ = {r[slow]:.3f}", "path")

    controls = {"lr": grid_slider("ε", lrs, lr), "alpha": grid_slider("α", alphas, default_alpha)}
    return LiveFigure(
        fig,
        redraw,
        controls,
        animated=[*lines, tot, *bars, label],
        data={"lrs": lrs, "alphas": alphas, "errors": err, "rho": rho, "diverged_step": dstep},
    )
