"""Checks for the exercises on momentum: the update, the iteration matrix, its spectral radius in
closed form (no eigenvalue routine, no warning), the optimal tuning, and a Nesterov step with a
planted bug (reported by its symptom, a measured rate, not by its line).

The hints point at the section and the reasoning, never at the finished formula."""

from __future__ import annotations

import warnings

import numpy as np

from .. import momentum
from .compare import CheckFailed, _call_learner, _expect_function, _wrapper, compare


def _pair(learner, name):
    @_wrapper
    def flat(*args):
        out = _call_learner(name, learner, args)
        if out is None:
            return None
        if not (isinstance(out, tuple) and len(out) == 2):
            raise CheckFailed(f"{name} must return a pair; got {type(out).__name__}")
        return np.stack([np.asarray(v, dtype=float) for v in out])

    return flat


def _batch(r):
    B, d = int(r.integers(1, 6)), int(r.integers(1, 5))
    theta, v, g = r.normal(size=(B, d)), r.normal(size=(B, d)), r.normal(size=(B, d))
    return theta, v, g, r.uniform(0.01, 1.0, size=(B, 1)), r.uniform(0.0, 0.99, size=(B, 1))


def momentum_update(learner, rng=None) -> None:
    """Check ``learner(theta, v, g, lr, alpha) -> (theta_new, v_new)`` against algorithm 8.2 for a batch.

    ``theta``, ``v``, ``g`` ``(B, d)``; ``lr``, ``alpha`` ``(B, 1)``: v ← αv − εg, θ ← θ + v.
    """

    def reference(theta, v, g, lr, alpha):
        v_new = alpha * v - lr * g
        return np.stack([theta + v_new, v_new])

    _expect_function("momentum_update", learner)
    compare(
        _pair(learner, "momentum_update"),
        reference,
        _batch,
        name="momentum_update",
        rng=rng,
        hint="algorithm 8.2 (section 1) updates the velocity first and then moves theta by the new velocity; "
        "return both, as a pair. The (B, 1) hyperparameters broadcast over the d columns.",
    )


def iteration_matrix(learner, rng=None) -> None:
    """Check ``learner(lr, alpha, lam) -> M`` ``(..., 2, 2)`` (heavy ball, state (error, velocity)) on arrays."""

    def draw(r):
        shape = (int(r.integers(1, 5)),)
        return r.uniform(0.01, 2, shape), r.uniform(0, 0.99, shape), r.uniform(0.1, 3, shape)

    compare(
        learner,
        momentum.iteration_matrix,
        draw,
        name="iteration_matrix",
        rng=rng,
        hint="write the new velocity and the new error as combinations of the old error x and velocity v "
        "(section 3: put the new velocity into the position update) and read off the two rows; np.stack along "
        "the last axis, twice, gives the shape (..., 2, 2).",
    )


#: The eigenvalue routines exercise 3 must do without (their names in numpy.linalg).
_EIG_ROUTINES = ("eig", "eigvals", "eigh", "eigvalsh")


def _uses_eig(learner) -> str | None:
    """The name of an eigenvalue routine the learner's function holds a direct reference to
    (``from numpy.linalg import eigvals`` before the check ran), or None."""
    code, scope = getattr(learner, "__code__", None), getattr(learner, "__globals__", {})
    if code is None:
        return None
    originals = {id(getattr(np.linalg, n)): n for n in _EIG_ROUTINES}
    for name in code.co_names:
        if id(scope.get(name)) in originals:
            return originals[id(scope[name])]
    return None


def _no_eig_no_warning(learner, name):
    """The learner, called with every ``np.linalg`` eigenvalue routine replaced by one that fails
    the check, and with a RuntimeWarning (a square root of a negative number, say) failing it too."""

    def refuse(routine):
        @_wrapper
        def refused(*args, **kwargs):
            raise CheckFailed(
                f"{name} calls np.linalg.{routine}: the exercise asks for the closed form from the trace and the "
                "determinant of M (section 3), which needs no eigenvalue routine."
            )

        return refused

    @_wrapper
    def call(*args):
        direct = _uses_eig(learner)
        if direct is not None:
            raise refuse(direct)()
        saved = {n: getattr(np.linalg, n) for n in _EIG_ROUTINES}
        try:
            for n in _EIG_ROUTINES:
                setattr(np.linalg, n, refuse(n))
            with warnings.catch_warnings(record=True) as caught, np.errstate(all="warn"):
                warnings.simplefilter("always")
                out = _call_learner(name, learner, args, ("lr", "alpha", "lam"))
        finally:
            for n, fn in saved.items():
                setattr(np.linalg, n, fn)
        runtime = [w for w in caught if issubclass(w.category, RuntimeWarning)]
        if runtime:
            raise CheckFailed(
                f"{name} gives the right kind of result but raises a RuntimeWarning: {runtime[0].message}.\n"
                f"  input: lr {np.round(args[0], 3)}, alpha {np.round(args[1], 3)}, lam {np.round(args[2], 3)}\n"
                "Hint: np.where evaluates both of its branches on every element, so a square root meant only for "
                "real eigenvalues is also taken where the discriminant is negative; make its argument non-negative "
                "first."
            )
        return out

    return call


def spectral_radius(learner, rng=None) -> None:
    """Check ``learner(lr, alpha, lam) -> rho`` (heavy ball) on arrays, in every regime.

    The exercise's two conditions are checked too: no ``np.linalg`` eigenvalue routine may be
    called (each is replaced by one that fails the check while the learner runs, and a direct
    reference imported before is refused), and no ``RuntimeWarning`` may be raised.
    """

    def draw(r):
        n = int(r.integers(3, 9))
        return r.uniform(0.01, 4.5, n), r.uniform(0, 0.99, n), r.uniform(0.2, 2, n)

    _expect_function("spectral_radius", learner)
    compare(
        _no_eig_no_warning(learner, "spectral_radius"),
        momentum.spectral_radius,
        draw,
        name="spectral_radius",
        rng=rng,
        rtol=1e-7,
        atol=1e-9,
        hint="for real eigenvalues (t**2/4 >= d) take the larger |z| of the two roots of z**2 - t z + d; a complex "
        "pair has one modulus, and the product of the pair is d. np.where picks per element.",
    )


def optimal_momentum(learner, rng=None) -> None:
    """Check ``learner(lam_min, lam_max) -> (lr, alpha)``, Polyak's optimal heavy ball, on arrays."""

    def draw(r):
        n = int(r.integers(1, 6))
        lo = 10.0 ** r.uniform(-3, 0, n)
        return lo, lo * 10.0 ** r.uniform(0, 4, n)

    def reference(lo, hi):
        t = momentum.optimal_heavy_ball(lo, hi)
        return np.stack([t.lr, t.alpha])

    _expect_function("optimal_momentum", learner)
    compare(
        _pair(learner, "optimal_momentum"),
        reference,
        draw,
        name="optimal_momentum",
        rng=rng,
        hint="section 3: put lr * lam_min and lr * lam_max on the two edges (1 - sqrt(alpha))**2 and "
        "(1 + sqrt(alpha))**2 of the complex band and solve the two equations for lr and sqrt(alpha); "
        "the result depends on kappa = lam_max / lam_min.",
    )


def _nesterov_reference(theta, v, grad, lr, alpha):
    g = grad(theta + alpha * v)
    v_new = alpha * v - lr * g
    return np.stack([theta + v_new, v_new])


def _nesterov_planted_bug(theta, v, grad, lr, alpha):
    g = grad(theta)  # the planted bug: the gradient at θ, not at the interim point θ + αv
    v_new = alpha * v - lr * g
    return np.stack([theta + v_new, v_new])


class _Quadratic:
    """grad(x) = A x for a random symmetric positive definite A, shown by its matrix in messages."""

    def __init__(self, r, d):
        Q = np.linalg.qr(r.normal(size=(d, d)))[0]
        self.A = (Q * r.uniform(0.2, 3.0, d)) @ Q.T

    def __call__(self, x):
        return x @ self.A

    def __repr__(self):
        return f"grad(x) = x @ A, A = {np.array2string(self.A, precision=3)}"


#: The symptom's quadratic and settings: the standard tuning for κ = 10, and a step between
#: Nesterov's stability limit (2 + 2α)/(1 + 2α) = 1.5 and the heavy ball's 2(1 + α) = 3.
_SYMPTOM_EIGENVALUES = (0.1, 1.0)
_SYMPTOM_SETTINGS = ((1.0, (np.sqrt(10) - 1) / (np.sqrt(10) + 1)), (1.6, 0.5))
_SYMPTOM_STEPS = 200


def _measured_rate(learner, lr, alpha):
    """The learner's rate on the symptom's quadratic: (‖θ_200‖/‖θ_100‖)^(1/100) from θ = (1, 1), v = 0,
    or inf when it left every bound (diverged)."""
    A = np.diag(_SYMPTOM_EIGENVALUES)
    grad = _Quadratic.of(A)
    theta, v = np.ones((1, 2)), np.zeros((1, 2))
    lr, alpha = np.full((1, 1), lr), np.full((1, 1), alpha)
    half = None
    for k in range(_SYMPTOM_STEPS):
        theta, v = _call_learner("nesterov_step", learner, (theta, v, grad, lr, alpha))
        theta, v = np.asarray(theta, dtype=float), np.asarray(v, dtype=float)
        if not np.all(np.isfinite(theta)) or np.abs(theta).max() > 1e100:
            return np.inf
        if k + 1 == _SYMPTOM_STEPS // 2:
            half = np.linalg.norm(theta)
    return float((np.linalg.norm(theta) / half) ** (1 / (_SYMPTOM_STEPS - _SYMPTOM_STEPS // 2)))


def _symptom(learner) -> str:
    """What the planted bug does, measured on the learner's own step: its rate against algorithm 8.3's."""
    lam = np.array(_SYMPTOM_EIGENVALUES)
    lines = [
        "nesterov_step runs, but it is not algorithm 8.3: it converges at the wrong speed. On f = ½ θᵀAθ with "
        f"eigenvalues {lam[0]:g} and {lam[1]:g}, from θ = (1, 1), over {_SYMPTOM_STEPS} of your steps:"
    ]
    for lr, alpha in _SYMPTOM_SETTINGS:
        rate = _measured_rate(learner, lr, alpha)
        rho = float(momentum.convergence_rate(lr, alpha, lam, "nesterov"))
        yours = "your error grows (diverges)" if not np.isfinite(rate) else f"your error shrinks by {rate:.3f} per step"
        theirs = f"diverges (ρ = {rho:.3f})" if rho >= 1 else f"converges at ρ = {rho:.3f} per step"
        lines.append(f"  lr = {lr:g}, alpha = {alpha:.3f}: {yours}; algorithm 8.3 {theirs}.")
    lines.append(
        "Hint: write what one of your steps does to the error x and the velocity v along one eigenvector as a 2x2 "
        "matrix, and compare it with section 7's matrix (and section 3's)."
    )
    return "\n".join(lines)


class _Quadratic:
    """grad(x) = A x for a random symmetric positive definite A, shown by its matrix in messages."""

    def __init__(self, r, d):
        Q = np.linalg.qr(r.normal(size=(d, d)))[0]
        self.A = (Q * r.uniform(0.2, 3.0, d)) @ Q.T

    @classmethod
    def of(cls, A):
        """The gradient of ½ xᵀAx for a given symmetric A."""
        q = cls.__new__(cls)
        q.A = np.asarray(A, dtype=float)
        return q

    def __call__(self, x):
        return x @ self.A

    def __repr__(self):
        return f"grad(x) = x @ A, A = {np.array2string(self.A, precision=3)}"


def nesterov_step(learner, rng=None) -> None:
    """Check ``learner(theta, v, grad, lr, alpha) -> (theta_new, v_new)`` against algorithm 8.3.

    If the planted bug is still there (the learner's step is, on a probe input, exactly the
    buggy step and not the reference), the check reports its *symptom*: the rate the learner's
    own step reaches on a fixed quadratic at two settings, against algorithm 8.3's spectral
    radius there (`momentum.convergence_rate`). Otherwise it compares with the reference.
    """
    _expect_function("nesterov_step", learner)
    probe = np.random.default_rng(0)
    theta, v, _, lr, alpha = _batch(probe)
    grad = _Quadratic(probe, theta.shape[1])
    got = _call_learner(
        "nesterov_step",
        _pair(learner, "nesterov_step"),
        (theta, v, grad, lr, alpha),
        ("theta", "v", "grad", "lr", "alpha"),
    )
    if (
        got is not None
        and np.shape(got) == (2, *np.shape(theta))
        and np.allclose(got, _nesterov_planted_bug(theta, v, grad, lr, alpha))
        and not np.allclose(got, _nesterov_reference(theta, v, grad, lr, alpha))
    ):
        raise CheckFailed(_symptom(learner))

    def draw(r):
        theta, v, _, lr, alpha = _batch(r)
        return theta, v, _Quadratic(r, theta.shape[1]), lr, alpha

    compare(
        _pair(learner, "nesterov_step"),
        _nesterov_reference,
        draw,
        name="nesterov_step",
        rng=rng,
        hint="compare your step, line by line, with algorithm 8.3 in section 7: which point is each quantity "
        "computed at, and which velocity does the step use?",
    )
