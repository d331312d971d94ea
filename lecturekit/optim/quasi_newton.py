r"""Methods that search along a direction: conjugate gradients, nonlinear CG and L-BFGS, as runners.

These methods take several function evaluations per step (a line search) and a direction built
from the last gradients, so they do not fit the one-gradient ``update`` of `optim.run`: each is a
runner over B trajectories at once, like `run`, and returns a `SearchTrajectory`, which also counts
the evaluations (a value and a gradient each), the budget on which they race the other optimizers.

* `conjugate_gradient` -- Hestenes & Stiefel (1952) on a quadratic ½xᵀAx − bᵀx (exact step lengths);
* `wolfe_line_search` -- a step length satisfying the strong Wolfe conditions (Nocedal & Wright,
  *Numerical Optimization*, 2nd ed., algorithms 3.5 and 3.6), batched;
* `nonlinear_cg` -- Fletcher-Reeves or Polak-Ribière (PR+) with restarts, on that line search;
* `lbfgs` -- Nocedal's (1980) limited-memory BFGS: the two-loop recursion over m pairs.

Batch-first: points ``(B, d)``; every trajectory has its own line search, its own step lengths and
its own memory, computed together (the loops run over steps, line-search trials and memory pairs,
never over trajectories or coordinates). No randomness enters.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .. import validate


class SearchTrajectory(NamedTuple):
    """What the runners of this module record, at every step k = 0..T (R = T + 1 records).

    x : (R, B, d) iterates.
    loss : (R, B) f(x_k).
    grad_norm : (R, B) ‖∇f(x_k)‖ (for `conjugate_gradient` the residual ‖Ax_k − b‖).
    diverged : (B,) True where a value or gradient stopped being finite (the trajectory is frozen
        at its last finite iterate, as in `optim.run`).
    diverged_step : (B,) the step at which that happened, -1 if never.
    steps : (R,) the step index k of each record.
    evaluations : (R, B) how many evaluations of f and ∇f together (one each per trial point)
        the trajectory had used when x_k was reached, the start's included; for
        `conjugate_gradient`, products with A.
    stopped_step : (B,) the step from which the trajectory stopped moving: its gradient norm
        reached ``tol`` (or is exactly 0), or its line search found no step that decreases f (a
        point where rounding errors dominate); -1 if it never stopped. A stopped trajectory uses
        no more evaluations.
    """

    x: np.ndarray
    loss: np.ndarray
    grad_norm: np.ndarray
    diverged: np.ndarray
    diverged_step: np.ndarray
    steps: np.ndarray
    evaluations: np.ndarray
    stopped_step: np.ndarray


def _dot(a, b):
    return np.einsum("...i,...i->...", a, b)


def _record(xs, losses, norms, diverged, diverged_step, evals, stopped, tol) -> SearchTrajectory:
    """The `SearchTrajectory` of a run's lists; a trajectory that reached ``tol`` at its last
    step stops there."""
    steps = len(xs) - 1
    stopped[(norms[-1] <= tol) & (stopped < 0) & ~diverged] = steps
    return SearchTrajectory(
        np.array(xs),
        np.array(losses),
        np.array(norms),
        diverged,
        diverged_step,
        np.arange(steps + 1),
        np.array(evals),
        stopped,
    )


# --------------------------------------------------------------------------- linear CG


def conjugate_gradient(A, b, x0, steps: int | None = None, tol: float = 0.0) -> SearchTrajectory:
    r"""Conjugate gradients (Hestenes & Stiefel 1952) on :math:`f(x) = \tfrac12 x^\top A x - b^\top x`.

    With r = b − Ax (minus the gradient) and p_0 = r_0:

    .. math::
        \alpha_k = \frac{r_k^\top r_k}{p_k^\top A p_k},\quad
        x_{k+1} = x_k + \alpha_k p_k,\quad
        r_{k+1} = r_k - \alpha_k A p_k,\quad
        \beta_k = \frac{r_{k+1}^\top r_{k+1}}{r_k^\top r_k},\quad
        p_{k+1} = r_{k+1} + \beta_k p_k.

    The directions are A-conjugate (p_iᵀAp_j = 0 for i ≠ j) and α_k is the exact minimizer
    along p_k, so in exact arithmetic x_d is the minimizer A⁻¹b: at most d steps, fewer when A
    has fewer distinct eigenvalues; the error in the A-norm shrinks at least like
    :math:`2\bigl(\frac{\sqrt\kappa-1}{\sqrt\kappa+1}\bigr)^k` (Goodfellow et al. sec. 8.6.2;
    Nocedal & Wright alg. 5.2 and eq. 5.36).

    ``A`` symmetric positive definite, ``(d, d)`` or one per trajectory ``(B, d, d)``; ``b``
    ``(d,)`` or ``(B, d)``; ``x0`` ``(B, d)`` starting points; ``steps`` (default d); a trajectory
    whose residual norm is at most ``tol`` (default 0: exactly 0) stops. ``grad_norm`` records the
    recursively updated residual ‖r_k‖ (the algorithm's own; it drifts from ‖b − Ax_k‖ by
    rounding), ``evaluations`` the products with A (one per step).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> traj = optim.conjugate_gradient(np.diag([1.0, 10.0, 100.0]), np.ones(3), np.zeros((1, 3)))
    >>> np.round(traj.x[-1], 12)                # d = 3 steps: A^{-1} b
    array([[1.  , 0.1 , 0.01]])
    """
    A = validate.real_array("A", A, finite=True, what="a symmetric positive definite matrix (d, d) or (B, d, d)")
    x = validate.real_array("x0", x0, finite=True, what="starting points shaped (B, d)")
    if x.ndim != 2 or x.size == 0:
        raise ValueError(f"x0 must be starting points shaped (B, d); got shape {x.shape}")
    B, d = x.shape
    if A.shape not in ((d, d), (B, d, d)):
        raise ValueError(f"A must have shape ({d}, {d}) or ({B}, {d}, {d}) for x0 of shape {x.shape}; got {A.shape}")
    if not np.allclose(A, np.swapaxes(A, -1, -2), rtol=1e-12, atol=0.0):
        raise ValueError("A must be symmetric")
    b = validate.real_array("b", b, finite=True)
    if b.shape not in ((d,), (B, d)):
        raise ValueError(f"b must have shape ({d},) or ({B}, {d}); got {b.shape}")
    steps = d if steps is None else validate.integer("steps", steps, 0)
    tol = validate.nonnegative("tol", tol, scalar=True)
    validate.work("steps", (steps + 1) * (B * d * d + validate.STEP_OVERHEAD), "operations (steps x B x d^2)")
    validate.elements("steps", (steps + 1, B, d + 3))

    def times_a(v):
        return np.einsum("...ij,...j->...i", A, v)

    with np.errstate(all="ignore"):  # overflow is a result: the trajectory is flagged as diverged
        r = b - times_a(x)
        p = r.copy()
        rr = _dot(r, r)
        xs, norms, evals = [x.copy()], [np.sqrt(rr)], [np.ones(B, dtype=int)]
        losses = [0.5 * _dot(x, times_a(x)) - _dot(b, x)]
        stopped = np.full(B, -1)
        diverged = ~np.isfinite(rr)
        diverged_step = np.where(diverged, 0, -1)
        count = np.ones(B, dtype=int)
        for k in range(steps):
            done = (np.sqrt(rr) <= tol) & ~diverged
            stopped[done & (stopped < 0)] = k
            Ap = times_a(p)
            pAp = _dot(p, Ap)
            if np.any(np.isfinite(pAp) & (pAp <= 0) & ~done & ~diverged):
                raise ValueError("A must be positive definite: a conjugate direction has p^T A p <= 0")
            frozen = done | diverged
            alpha = np.where(frozen, 0.0, rr / np.where(frozen, 1.0, pAp))
            x_new = x + alpha[:, None] * p
            r = r - alpha[:, None] * Ap
            rr_new = _dot(r, r)
            bad = ~(np.isfinite(rr_new) & np.all(np.isfinite(x_new), axis=-1)) & ~diverged
            diverged_step[bad] = k + 1
            diverged |= bad
            x = np.where(diverged[:, None], x, x_new)
            beta = np.where(frozen, 0.0, rr_new / np.where(frozen, 1.0, rr))
            p = r + beta[:, None] * p
            rr = rr_new
            count = count + ~frozen
            xs.append(x.copy())
            losses.append(0.5 * _dot(x, times_a(x)) - _dot(b, x))
            norms.append(np.sqrt(rr))
            evals.append(count.copy())
    return _record(xs, losses, norms, diverged, diverged_step, evals, stopped, tol)


# --------------------------------------------------------------------------- line search


class LineSearch(NamedTuple):
    """What `wolfe_line_search` returns, one entry per trajectory.

    alpha : (B,) the step length (0 where none was found or p is not a descent direction).
    value : (B,) f(x + alpha p).
    grad : (B, d) ∇f(x + alpha p).
    evaluations : (B,) trial points evaluated (a value and a gradient each).
    wolfe : (B,) True where alpha satisfies both strong Wolfe conditions.
    """

    alpha: np.ndarray
    value: np.ndarray
    grad: np.ndarray
    evaluations: np.ndarray
    wolfe: np.ndarray


def _cubic_minimizer(a_lo, f_lo, d_lo, a_hi, f_hi, d_hi):
    """The minimizer of the cubic through (a, f, f') at both ends (Nocedal & Wright eq. 3.59),
    safeguarded: the midpoint when it is not finite or within 10 % of either end."""
    with np.errstate(all="ignore"):
        d1 = d_lo + d_hi - 3.0 * (f_lo - f_hi) / (a_lo - a_hi)
        d2 = np.sign(a_hi - a_lo) * np.sqrt(d1 * d1 - d_lo * d_hi)
        a = a_hi - (a_hi - a_lo) * (d_hi + d2 - d1) / (d_hi - d_lo + 2.0 * d2)
        lo, hi = np.minimum(a_lo, a_hi), np.maximum(a_lo, a_hi)
        margin = 0.1 * (hi - lo)
        ok = np.isfinite(a) & (a >= lo + margin) & (a <= hi - margin)
    return np.where(ok, a, 0.5 * (a_lo + a_hi))


def _line_search(f, x, p, phi0, g0, alpha0, c1, c2, max_evals):
    """The batched strong Wolfe search (no checks); see `wolfe_line_search`."""
    B = len(x)
    dphi0 = _dot(g0, p)
    active = dphi0 < 0
    alpha_max = 1e10
    out_a, out_phi, out_g = np.zeros(B), phi0.copy(), g0.copy()
    wolfe = np.zeros(B, dtype=bool)
    evals = np.zeros(B, dtype=int)
    # bracketing phase: the previous trial (alpha_0 = 0 at the start) and the current one
    a_prev, phi_prev, dphi_prev, g_prev = np.zeros(B), phi0.copy(), dphi0.copy(), g0.copy()
    a_cur = np.broadcast_to(np.asarray(alpha0, dtype=float), (B,)).copy()
    first = np.ones(B, dtype=bool)
    # zoom phase: lo satisfies sufficient decrease and has the lowest value so far
    zoom = np.zeros(B, dtype=bool)
    a_lo, phi_lo, dphi_lo, g_lo = np.zeros(B), phi0.copy(), dphi0.copy(), g0.copy()
    a_hi, phi_hi, dphi_hi = np.zeros(B), phi0.copy(), dphi0.copy()
    for _ in range(max_evals):
        rows = np.flatnonzero(active)
        if rows.size == 0:
            break
        z = zoom[rows]
        trial = np.where(
            z,
            _cubic_minimizer(a_lo[rows], phi_lo[rows], dphi_lo[rows], a_hi[rows], phi_hi[rows], dphi_hi[rows]),
            a_cur[rows],
        )
        xt = x[rows] + trial[:, None] * p[rows]
        phi = f.value(xt)
        g = f.grad(xt)
        dphi = _dot(g, p[rows])
        evals[rows] += 1
        finite = np.isfinite(phi) & np.all(np.isfinite(g), axis=-1)
        armijo = finite & (phi <= phi0[rows] + c1 * trial * dphi0[rows])
        curvature = np.abs(dphi) <= -c2 * dphi0[rows]

        # bracketing (algorithm 3.5)
        br = ~z
        to_zoom_hi = br & (~armijo | (~first[rows] & (phi >= phi_prev[rows])))  # zoom(prev, trial)
        accept_br = br & ~to_zoom_hi & curvature
        to_zoom_lo = br & ~to_zoom_hi & ~accept_br & (dphi >= 0)  # zoom(trial, prev)
        extend = br & ~to_zoom_hi & ~accept_br & ~to_zoom_lo

        # zoom (algorithm 3.6)
        zm = z
        shrink_hi = zm & (~armijo | (phi >= phi_lo[rows]))
        accept_zm = zm & ~shrink_hi & curvature
        move_lo = zm & ~shrink_hi & ~accept_zm
        flip = move_lo & (dphi * (a_hi[rows] - a_lo[rows]) >= 0)

        accept = accept_br | accept_zm
        r = rows[accept]
        out_a[r], out_phi[r], out_g[r] = trial[accept], phi[accept], g[accept]
        wolfe[r] = True
        active[r] = False

        def set_lo(mask, a, ph, dph, gg, rows=rows):
            idx = rows[mask]
            a_lo[idx], phi_lo[idx], dphi_lo[idx], g_lo[idx] = a[mask], ph[mask], dph[mask], gg[mask]

        def set_hi(mask, a, ph, dph, rows=rows):
            idx = rows[mask]
            a_hi[idx], dphi_hi[idx] = a[mask], dph[mask]
            phi_hi[idx] = np.where(np.isfinite(ph[mask]), ph[mask], np.inf)

        # bracketing -> zoom(lo = prev, hi = trial)
        set_lo(to_zoom_hi, a_prev[rows], phi_prev[rows], dphi_prev[rows], g_prev[rows])
        set_hi(to_zoom_hi, trial, phi, dphi)
        # bracketing -> zoom(lo = trial, hi = prev)
        lo_hi = to_zoom_lo
        set_hi(lo_hi, a_prev[rows], phi_prev[rows], dphi_prev[rows])
        set_lo(lo_hi, trial, phi, dphi, g)
        zoom[rows[to_zoom_hi | to_zoom_lo]] = True
        # bracketing continues: a larger trial
        idx = rows[extend]
        a_prev[idx], phi_prev[idx], dphi_prev[idx], g_prev[idx] = trial[extend], phi[extend], dphi[extend], g[extend]
        a_cur[idx] = np.minimum(2.0 * trial[extend], alpha_max)
        first[idx] = False
        # zoom updates: hi <- lo where the slope says so, then lo <- trial
        set_hi(flip, a_lo[rows], phi_lo[rows], dphi_lo[rows])
        set_lo(move_lo, trial, phi, dphi, g)
        set_hi(shrink_hi, trial, phi, dphi)
    # Out of evaluations: the best point with sufficient decrease found so far (alpha may be 0).
    left = np.flatnonzero(active)
    best_a = np.where(zoom[left], a_lo[left], a_prev[left])
    best_phi = np.where(zoom[left], phi_lo[left], phi_prev[left])
    best_g = np.where(zoom[left][:, None], g_lo[left], g_prev[left])
    decrease = best_phi < phi0[left]
    out_a[left] = np.where(decrease, best_a, 0.0)
    out_phi[left] = np.where(decrease, best_phi, phi0[left])
    out_g[left] = np.where(decrease[:, None], best_g, g0[left])
    return LineSearch(out_a, out_phi, out_g, evals, wolfe)


def _check_objective_points(f, x, name="x0"):
    validate.objective("f", f)
    x = np.array(validate.real_array(name, x, finite=True, what="points shaped (B, d)"))
    if x.ndim != 2 or x.shape[1] != f.dim or x.shape[0] == 0:
        raise ValueError(f"{name} must have shape (B, d) with d = f.dim = {f.dim}; got shape {x.shape}")
    return x


def _wolfe_constants(c1, c2):
    c1 = validate.in_range("c1", c1, 0.0, 1.0, low_closed=False, scalar=True)
    c2 = validate.in_range("c2", c2, 0.0, 1.0, low_closed=False, scalar=True)
    if not c1 < c2:
        raise ValueError(f"c1 must be smaller than c2 (0 < c1 < c2 < 1); got c1={c1!r}, c2={c2!r}")
    return c1, c2


def wolfe_line_search(f, x, p, alpha0=1.0, c1: float = 1e-4, c2: float = 0.9, max_evals: int = 30) -> LineSearch:
    r"""A step length α along p satisfying the strong Wolfe conditions, for B trajectories at once.

    With φ(α) = f(x + αp) and p a descent direction (φ'(0) = ∇f(x)ᵀp < 0):

    .. math::
        \phi(\alpha) \le \phi(0) + c_1 \alpha \phi'(0) \quad\text{(sufficient decrease)},\qquad
        |\phi'(\alpha)| \le c_2 |\phi'(0)| \quad\text{(curvature)},

    0 < c1 < c2 < 1 (defaults 1e-4 and 0.9, Nocedal & Wright's for quasi-Newton methods; nonlinear
    CG wants c2 < ½). The search is Nocedal & Wright's algorithm 3.5 (try ``alpha0``, double the
    trial until a bracket is found) and 3.6 (zoom into the bracket), with the trial inside a
    bracket the minimizer of the cubic through φ and φ' at its ends, safeguarded by bisection
    (eq. 3.59). Each trial evaluates f and ∇f once; a trajectory stops at its first point that
    satisfies both conditions. A value or gradient that is not finite counts as a failed sufficient
    decrease (the step is too long). After ``max_evals`` trials without success the result is the
    best trial with sufficient decrease (``wolfe`` False), or α = 0 when there was none; where p is
    not a descent direction α = 0 with no evaluation.

    ``x``, ``p`` ``(B, d)``; ``alpha0`` a positive number or ``(B,)`` array (1 suits Newton-like
    directions). Returns a `LineSearch`.
    """
    x = _check_objective_points(f, x, "x")
    p = validate.real_array("p", p, finite=True, what="directions shaped (B, d)")
    if p.shape != x.shape:
        raise ValueError(f"p must have the shape of x {x.shape}; got {p.shape}")
    alpha0 = validate.positive("alpha0", alpha0)
    if np.ndim(alpha0) not in (0, 1) or (np.ndim(alpha0) == 1 and np.shape(alpha0) != (len(x),)):
        raise ValueError(f"alpha0 must be a number or one per trajectory, shape ({len(x)},); got {np.shape(alpha0)}")
    c1, c2 = _wolfe_constants(c1, c2)
    max_evals = validate.integer("max_evals", max_evals, 1, 1000)
    with np.errstate(all="ignore"):
        return _line_search(f, x, p, f.value(x), f.grad(x), alpha0, c1, c2, max_evals)


# --------------------------------------------------------------------------- the runners


def _search_run(f, x0, steps, tol, direction, next_alpha, max_evals, c1, c2, memory_update=None):
    """The loop both runners share: direction, line search, step, record.

    ``direction(g, k, state) -> (p, state)``; ``next_alpha(g, p, state, k) -> alpha0 (B,)``;
    ``memory_update(s, y, g_new, ok, state) -> state`` after each step (rows that moved).
    """
    x = x0
    B, d = x.shape
    steps = validate.integer("steps", steps, 0)
    validate.work(
        "steps", (steps + 1) * (max_evals * B * d + validate.STEP_OVERHEAD), "operations (steps x evals x B x d)"
    )
    validate.elements("steps", (steps + 1, B, d + 4))
    value, g = f.value(x), f.grad(x)
    xs, losses, norms, evals = [x.copy()], [value.copy()], [np.sqrt(_dot(g, g))], [np.ones(B, dtype=int)]
    count = np.ones(B, dtype=int)
    diverged = ~(np.isfinite(value) & np.all(np.isfinite(g), axis=-1))
    diverged_step = np.where(diverged, 0, -1)
    stopped = np.full(B, -1)
    state = None
    for k in range(steps):
        norm = np.sqrt(_dot(g, g))
        stop_now = (norm <= tol) & (stopped < 0) & ~diverged
        stopped[stop_now] = k
        moving = (stopped < 0) & ~diverged
        p, state = direction(g, k, state)
        p = np.where(moving[:, None], p, 0.0)
        rows = np.flatnonzero(moving)
        if rows.size:
            alpha0 = next_alpha(g, p, state, k)[rows]
            ls = _line_search(f, x[rows], p[rows], value[rows], g[rows], alpha0, c1, c2, max_evals)
            count[rows] += ls.evaluations
            s = ls.alpha[:, None] * p[rows]
            y = ls.grad - g[rows]
            no_step = ls.alpha == 0
            stopped[rows[no_step]] = k
            x_new = x.copy()
            x_new[rows] = x[rows] + s
            value_new, g_new = value.copy(), g.copy()
            value_new[rows], g_new[rows] = ls.value, ls.grad
            bad = ~(np.isfinite(value_new) & np.all(np.isfinite(g_new), axis=-1) & np.all(np.isfinite(x_new), axis=-1))
            bad &= ~diverged
            if bad.any():
                diverged_step[bad] = k + 1
                diverged |= bad
                x_new[bad], value_new[bad], g_new[bad] = x[bad], value[bad], g[bad]
            if memory_update is not None:
                S, Y = np.zeros((B, d)), np.zeros((B, d))
                S[rows], Y[rows] = s, y
                ok = np.zeros(B, dtype=bool)
                ok[rows] = ~no_step
                ok &= ~diverged
                state = memory_update(S, Y, ok, state)
            x, value, g = x_new, value_new, g_new
        xs.append(x.copy())
        losses.append(value.copy())
        norms.append(np.sqrt(_dot(g, g)))
        evals.append(count.copy())
    return _record(xs, losses, norms, diverged, diverged_step, evals, stopped, tol)


_METHODS = ("fletcher_reeves", "polak_ribiere")


def nonlinear_cg(
    f,
    x0,
    steps: int,
    method: str = "polak_ribiere",
    restart: int | None = None,
    tol: float = 0.0,
    c1: float = 1e-4,
    c2: float = 0.1,
    max_evals: int = 30,
) -> SearchTrajectory:
    r"""Nonlinear conjugate gradients with restarts (Nocedal & Wright, algorithm 5.4 and sec. 5.2).

    .. math::
        p_0 = -g_0,\qquad x_{k+1} = x_k + \alpha_k p_k \ \text{(strong Wolfe)},\qquad
        p_{k+1} = -g_{k+1} + \beta_{k+1} p_k,

    with :math:`\beta^{FR} = \frac{g_{k+1}^\top g_{k+1}}{g_k^\top g_k}` (Fletcher & Reeves 1964,
    ``method="fletcher_reeves"``) or :math:`\beta^{PR+} = \max\Bigl(0,
    \frac{g_{k+1}^\top (g_{k+1} - g_k)}{g_k^\top g_k}\Bigr)` (Polak & Ribière 1969, clipped at 0 as
    in Nocedal & Wright eq. 5.45: β = 0 is a restart, so PR+ restarts itself when the directions
    lose conjugacy). Both restart with β = 0 every ``restart`` steps (default d, the dimension) and
    whenever p_{k+1} is not a descent direction. On a quadratic with exact line searches both are
    linear CG.

    The step length comes from `wolfe_line_search` with c2 = 0.1 by default (Fletcher-Reeves needs
    c2 < ½ for its directions to be descent directions, N&W lemma 5.6); its first trial is
    1/‖g_0‖ at the first step, then α_{k−1} g_{k−1}ᵀp_{k−1} / g_kᵀp_k (N&W eq. 3.60). ``f`` an
    `Objective`, ``x0`` ``(B, d)``, ``steps`` the number of line searches; a trajectory stops where
    ‖g‖ <= ``tol`` or no decrease is found (`SearchTrajectory.stopped_step`).

    >>> import numpy as np
    >>> from lecturekit import objectives, optim
    >>> traj = optim.nonlinear_cg(objectives.rosenbrock(), np.array([[-1.2, 1.0]]), steps=200, tol=1e-8)
    >>> np.round(traj.x[-1], 6), bool(traj.stopped_step[0] > 0)       # stopped at the minimizer
    (array([[1., 1.]]), True)
    """
    x = _check_objective_points(f, x0)
    method = validate.choice("method", method, _METHODS)
    d = x.shape[1]
    restart = d if restart is None else validate.integer("restart", restart, 1)
    tol = validate.nonnegative("tol", tol, scalar=True)
    c1, c2 = _wolfe_constants(c1, c2)
    max_evals = validate.integer("max_evals", max_evals, 1, 1000)
    # state: (previous gradient, previous direction, previous alpha * g^T p)
    memo = {}

    def direction(g, k, state):
        if state is None or k % restart == 0:
            p = -g
        else:
            g_old, p_old = state
            gg = _dot(g_old, g_old)
            safe = np.where(gg > 0, gg, 1.0)
            if method == "fletcher_reeves":
                beta = _dot(g, g) / safe
            else:
                beta = np.maximum(0.0, _dot(g, g - g_old) / safe)
            beta = np.where(gg > 0, beta, 0.0)
            p = -g + beta[:, None] * p_old
            p = np.where((_dot(g, p) < 0)[:, None], p, -g)  # not a descent direction: restart
        memo["g"], memo["p"] = g, p
        return p, (g, p)

    def next_alpha(g, p, state, k):
        gp = _dot(g, p)
        if "alpha_gp" not in memo:
            norm = np.sqrt(_dot(g, g))
            return 1.0 / np.where(norm > 0, norm, 1.0)
        guess = memo["alpha_gp"] / np.where(gp < 0, gp, -1.0)
        return np.where(np.isfinite(guess) & (guess > 0), guess, 1.0)

    def memory_update(S, Y, ok, state):
        g, p = memo["g"], memo["p"]
        alpha = np.where(np.abs(_dot(p, p)) > 0, _dot(S, p) / np.where(_dot(p, p) > 0, _dot(p, p), 1.0), 0.0)
        memo["alpha_gp"] = np.where(ok, alpha * _dot(g, p), memo.get("alpha_gp", -1.0))
        return state

    with np.errstate(all="ignore"):
        return _search_run(f, x, steps, tol, direction, next_alpha, max_evals, c1, c2, memory_update)


class _LbfgsMemory(NamedTuple):
    S: np.ndarray  # (B, m, d), s_i = x_{i+1} - x_i, newest last
    Y: np.ndarray  # (B, m, d), y_i = g_{i+1} - g_i
    rho: np.ndarray  # (B, m), 1 / y_i^T s_i, 0 for an empty slot


def two_loop(g, S, Y, rho, gamma) -> np.ndarray:
    r"""The L-BFGS direction :math:`-H_k g` by the two-loop recursion (Nocedal 1980; N&W alg. 7.4).

    .. math::
        q \leftarrow g;\ \text{for } i = k-1, \dots, k-m:\ a_i = \rho_i s_i^\top q,\ q \leftarrow q - a_i y_i;

        r \leftarrow \gamma q;\ \text{for } i = k-m, \dots, k-1:\ b = \rho_i y_i^\top r,\ r \leftarrow r + s_i (a_i - b);
        \quad \text{return } -r

    with :math:`\rho_i = 1/(y_i^\top s_i)` and the initial matrix :math:`H_k^0 = \gamma I`.
    ``g`` ``(B, d)``; ``S``, ``Y`` ``(B, m, d)`` with the newest pair last; ``rho`` ``(B, m)``, 0 for
    an empty slot (which then changes nothing); ``gamma`` ``(B,)``. A loop over the m pairs, each
    pass vectorized over the B trajectories.
    """
    g = validate.real_array("g", g)
    S = validate.real_array("S", S)
    Y = validate.real_array("Y", Y)
    rho = validate.real_array("rho", rho, finite=True)
    gamma = validate.real_array("gamma", gamma, finite=True)
    if g.ndim != 2 or S.shape != Y.shape or S.ndim != 3 or S.shape[::2] != g.shape or rho.shape != S.shape[:2]:
        raise ValueError(
            f"g must be (B, d), S and Y (B, m, d), rho (B, m); got g {g.shape}, S {S.shape}, Y {Y.shape}, rho {rho.shape}"
        )
    if gamma.shape not in ((), (len(g),)):
        raise ValueError(f"gamma must be a number or shaped ({len(g)},); got {gamma.shape}")
    with np.errstate(all="ignore"):
        return _two_loop(g, S, Y, rho, np.broadcast_to(gamma, (len(g),)))


def _two_loop(g, S, Y, rho, gamma):
    m = S.shape[1]
    q = g.copy()
    a = np.zeros(rho.shape)
    for i in range(m - 1, -1, -1):
        a[:, i] = rho[:, i] * _dot(S[:, i], q)
        q -= a[:, i, None] * Y[:, i]
    r = gamma[:, None] * q
    for i in range(m):
        b = rho[:, i] * _dot(Y[:, i], r)
        r += S[:, i] * (a[:, i] - b)[:, None]
    return -r


def lbfgs(
    f, x0, steps: int, memory: int = 10, tol: float = 0.0, c1: float = 1e-4, c2: float = 0.9, max_evals: int = 30
) -> SearchTrajectory:
    r"""L-BFGS (Nocedal 1980; Liu & Nocedal 1989; Nocedal & Wright algorithm 7.5), full batch.

    .. math::
        p_k = -H_k g_k \ \text{(`two_loop`, the last m pairs)},\qquad
        x_{k+1} = x_k + \alpha_k p_k \ \text{(strong Wolfe)},

        s_k = x_{k+1} - x_k,\qquad y_k = g_{k+1} - g_k,\qquad
        H_k^0 = \gamma_k I,\ \gamma_k = \frac{s_{k-1}^\top y_{k-1}}{y_{k-1}^\top y_{k-1}} \ \text{(N\&W eq. 7.20)}.

    H_k is the BFGS inverse-Hessian approximation built from γ_k I and the pairs, which satisfies
    the secant condition H_{k+1} y_k = s_k; the Wolfe curvature condition guarantees
    s_kᵀy_k > 0, which keeps H_k positive definite (a pair with s_kᵀy_k <= 1e-10 ‖s_k‖‖y_k‖ is
    skipped all the same). The line search (`wolfe_line_search`, c1 = 1e-4, c2 = 0.9) tries α = 1
    first, except at the first step, where H_0 = I and the first trial is 1/‖g_0‖. ``memory`` m
    pairs (default 10); ``f`` an `Objective`, ``x0`` ``(B, d)``, ``steps`` line searches; a
    trajectory stops where ‖g‖ <= ``tol`` or no decrease is found. Each trajectory keeps its own
    pairs. With minibatch gradients the secant pairs mix two different functions: L-BFGS is a
    full-batch method here.

    >>> import numpy as np
    >>> from lecturekit import objectives, optim
    >>> traj = optim.lbfgs(objectives.rosenbrock(), np.array([[-1.2, 1.0]]), steps=50, tol=1e-8)
    >>> np.round(traj.x[-1], 6), bool(traj.evaluations[-1, 0] < 60)    # the minimizer, in < 60 evaluations
    (array([[1., 1.]]), True)
    """
    x = _check_objective_points(f, x0)
    memory = validate.integer("memory", memory, 1, 1000)
    tol = validate.nonnegative("tol", tol, scalar=True)
    c1, c2 = _wolfe_constants(c1, c2)
    max_evals = validate.integer("max_evals", max_evals, 1, 1000)
    B, d = x.shape
    validate.elements("memory", (B, 2 * memory, d))
    start = _LbfgsMemory(np.zeros((B, memory, d)), np.zeros((B, memory, d)), np.zeros((B, memory)))

    def gamma_of(state):
        s, y = state.S[:, -1], state.Y[:, -1]
        yy = _dot(y, y)
        return np.where((state.rho[:, -1] > 0) & (yy > 0), _dot(s, y) / np.where(yy > 0, yy, 1.0), 1.0)

    def direction(g, k, state):
        state = start if state is None else state
        return _two_loop(g, state.S, state.Y, state.rho, gamma_of(state)), state

    def next_alpha(g, p, state, k):
        if k == 0:
            norm = np.sqrt(_dot(g, g))
            return 1.0 / np.where(norm > 0, norm, 1.0)
        return np.ones(len(g))

    def memory_update(S, Y, ok, state):
        sy = _dot(S, Y)
        keep = ok & (sy > 1e-10 * np.sqrt(_dot(S, S) * _dot(Y, Y)))
        shifted = _LbfgsMemory(
            np.concatenate([state.S[:, 1:], S[:, None]], axis=1),
            np.concatenate([state.Y[:, 1:], Y[:, None]], axis=1),
            np.concatenate([state.rho[:, 1:], np.where(keep, 1.0 / np.where(keep, sy, 1.0), 0.0)[:, None]], axis=1),
        )
        return _LbfgsMemory(
            np.where(keep[:, None, None], shifted.S, state.S),
            np.where(keep[:, None, None], shifted.Y, state.Y),
            np.where(keep[:, None], shifted.rho, state.rho),
        )

    with np.errstate(all="ignore"):
        return _search_run(f, x, steps, tol, direction, next_alpha, max_evals, c1, c2, memory_update)
