"""Learners for the tests of the exercise checks: the chapters' own solutions (`chapter_solutions`),
and `trusting_lecturekit`, under which a check accepts lecturekit's own implementation as the
learner (a learner's check rejects it: tests/test_checks_own_code.py)."""

import json
import sys
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from tools.cells import source

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


@contextmanager
def trusting_lecturekit():
    """Within it, a check accepts lecturekit's own code as the learner's (a learner's check rejects it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys.modules["lecturekit.checks.compare"], "_reject_own", lambda name, own: None)
        yield


@pytest.fixture
def trusted():
    """`trusting_lecturekit` for a whole test (``@pytest.mark.usefixtures("trusted")``)."""
    with trusting_lecturekit():
        yield


def solution_cells() -> list[tuple[str, str, str]]:
    """(chapter, check name, solution source) of every code exercise, in the chapters' order."""
    found = []
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell, check in zip(cells, cells[1:]):
            if cell["cell_type"] == "code" and cell["metadata"].get("nbgrader", {}).get("solution"):
                found.append((path.stem, source(check).split("(")[0].removeprefix("checks."), source(cell)))
    return found


@cache
def chapter_solutions() -> dict:
    """{check name: the chapter's solution, a function that uses NumPy and what the check hands it}."""
    solutions = {}
    for _chapter, name, code in solution_cells():
        namespace = {"np": np}
        exec(code, namespace)  # noqa: S102 -- the chapter's own solution cell
        solutions[name] = next(v for k, v in namespace.items() if callable(v) and k != "np" and k[:2] != "__")
    return solutions


#: The lecturekit modules the one-line learners below use (a learner's imports cell would have them).
LECTUREKIT_IMPORTS = (
    "import numpy as np\n"
    "from lecturekit import conditioning, convexity, critical, curvature, finite_diff, linalg, momentum, nn, optim, "
    "rates, sampling, schedules, taylor\n"
    "from lecturekit import noise_scale, sharpness\n"
)

#: check -> (a learner that calls lecturekit, as source; the lecturekit function the check must name; whether
#: that function is the check's own reference). Where the check's reference is a formula written in the check,
#: the learner reaches for the closest lecturekit function.
CALLS_LECTUREKIT = {
    "gradient_step": (
        "lambda x, g, lr: x + optim.sgd(lr).update(g, optim.sgd(lr).init(x), x)[0]",
        "optim.alias.sgd",
        False,
    ),
    "classify_2x2": (
        "lambda H: np.array(critical.LABELS)[critical.classify_hessian(H, 1e-9)]",
        "critical.classify_hessian",
        False,
    ),
    "permute_hidden": ("lambda params, perm: nn.permute_hidden(params, perm)", "nn.network.permute_hidden", True),
    "chord_gap": ("lambda f, a, b, t: convexity.chord_gap(f, a, b, t)", "convexity.chord_gap", True),
    "eigenpairs": ("lambda A: linalg.eigenpairs(A)", "linalg.eigenpairs", True),
    "directional_curvature": (
        "lambda H, d: curvature.directional_curvature(H, d)",
        "curvature.directional_curvature",
        True,
    ),
    "optimal_step": ("lambda g, H: taylor.optimal_step(g, H)", "taylor.optimal_step", True),
    "hessian_fd": ("lambda grad, x, h: finite_diff.hessian(grad, x, h)", "finite_diff.hessian", True),
    "from_eigen": (
        "lambda lam, U: U @ (lam[:, :, None] * linalg.normalize(U, axis=-2).swapaxes(-1, -2))",
        "linalg.normalize",
        False,
    ),
    "is_psd": ("lambda H: critical.classify_hessian(H, 1e-10) != 1", "critical.classify_hessian", False),
    "best_step_and_rate": (
        "lambda lam: (conditioning.best_step(lam), conditioning.optimal_rate(lam.max(-1) / lam.min(-1)))",
        "conditioning.best_step",
        False,
    ),
    "coordinate_regimes": (
        "lambda lr, a: conditioning.coordinate_regimes(lr, a)",
        "conditioning.coordinate_regimes",
        True,
    ),
    "hessian_vector_product": (
        "lambda grad, x, v, h: conditioning.hvp_fd(grad.__self__, x, v, h)",
        "conditioning.hvp_fd",
        False,
    ),
    "newton_step": (
        "lambda g, H: (optim.newton(), np.linalg.solve(H, g[..., None])[..., 0])[1]",
        "optim.alias.newton",
        False,
    ),
    "estimated_standard_error": (
        "lambda x: sampling.estimated_standard_error(x)",
        "sampling.estimated_standard_error",
        True,
    ),
    "minibatch_gradient": (
        "lambda G, idx: sampling.minibatch_means(None, G, idx, 1)",
        "sampling.minibatch_means",
        False,
    ),
    "linear_decay": ("lambda k, e0, et, tau: schedules.linear_decay(e0, et, tau)(k)", "schedules.linear_decay", True),
    "loglog_slope": ("lambda k, err: rates.loglog_slope(k, err)", "rates.loglog_slope", True),
    "momentum_update": ("lambda theta, v, g, lr, alpha: optim.momentum(lr, alpha)", "optim.alias.momentum", False),
    "iteration_matrix": ("lambda lr, a, lam: momentum.iteration_matrix(lr, a, lam)", "momentum.iteration_matrix", True),
    "spectral_radius": ("lambda lr, a, lam: momentum.spectral_radius(lr, a, lam)", "momentum.spectral_radius", True),
    "optimal_momentum": (
        "lambda lo, hi: tuple(momentum.optimal_heavy_ball(lo, hi))[:2]",
        "momentum.optimal_heavy_ball",
        False,
    ),
    "nesterov_step": ("lambda theta, v, grad, lr, alpha: optim.nesterov(lr, alpha)", "optim.alias.nesterov", False),
    "adagrad_rates": ("lambda G, lr, delta: optim.adagrad(lr, delta)", "optim.alias.adagrad", False),
    "adam_step": (
        "lambda g, s, r, t, lr, rho1, rho2, delta: optim.adam(lr, rho1, rho2, delta)",
        "optim.alias.adam",
        False,
    ),
    "fixed_adam": (
        "lambda g, s, r, t, lr, rho1, rho2, delta: optim.adam(lr, rho1, rho2, delta)",
        "optim.alias.adam",
        False,
    ),
    "glorot_uniform": (
        "lambda rng, fan_in, fan_out: nn.init.glorot_uniform(rng, 1, fan_in, fan_out)[0]",
        "nn.init.glorot_uniform",
        True,
    ),
    "fixed_initializer": ("nn.init.glorot_uniform", "nn.init.glorot_uniform", True),
    "batchnorm_forward": (
        "lambda a, g, b, eps: nn.batchnorm.forward_train(a[None], g[None], b[None], eps)[0][0]",
        "nn.batchnorm.forward_train",
        True,
    ),
    "lsuv_step": ("lambda W, H: W / np.sqrt(np.var(nn.init.zeros(None, 1, 1, 1) + H @ W.T))", "nn.init.zeros", False),
    "wsd_rate": ("lambda k, lr, steps, decay_steps: schedules.wsd(lr, steps, decay_steps)(k)", "schedules.wsd", True),
    "simple_noise_scale": (
        "lambda grads: noise_scale.simple_noise_scale(grads).b_simple",
        "noise_scale.simple_noise_scale",
        True,
    ),
    "top_eigenvalue": (
        "lambda matvec, v0, iters: sharpness.top_eigenpair(matvec, v0, iters).value",
        "sharpness.top_eigenpair",
        False,
    ),
    "newton_schulz_step": (
        "lambda X, a, b, c: optim.newton_schulz(X, 1, (a, b, c), eps=0.0)",
        "optim.matrix.newton_schulz",
        True,
    ),
    "lion_step": (
        "lambda g, m, theta, lr, beta1, beta2, weight_decay: (lambda u: (-lr * (u[0] + weight_decay * theta), u[1].mu))("
        "optim.scale_by_lion(beta1, beta2).update(g, optim.matrix.ScaleByLionState(m), theta))",
        "optim.matrix.scale_by_lion",
        True,
    ),
    "two_loop_direction": (
        "lambda g, S, Y: optim.two_loop(g, S, Y, 1 / np.einsum('bmd,bmd->bm', S, Y), "
        "np.einsum('bd,bd->b', S[:, -1], Y[:, -1]) / np.einsum('bd,bd->b', Y[:, -1], Y[:, -1]))",
        "optim.quasi_newton.two_loop",
        True,
    ),
}


def calling_lecturekit(name: str):
    """The learner of `CALLS_LECTUREKIT` for the check ``name``, as a function."""
    namespace: dict = {}
    exec(LECTUREKIT_IMPORTS, namespace)  # noqa: S102
    return eval(CALLS_LECTUREKIT[name][0], namespace)  # noqa: S307 -- a test's own table


#: Put before a learner's code: names that make every check "pass" if a check cell trusted them.
FAKE_CHECKS = """class _Passes:
    def __getattr__(self, name):
        return lambda *args, **kwargs: print(f"Correct: {name} (a fake check)")


checks = lecturekit = _Passes()
"""
