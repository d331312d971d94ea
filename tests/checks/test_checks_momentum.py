"""The momentum exercise checks accept correct answers and reject typical mistakes with a hint."""

import numpy as np
import pytest
from learners import trusting_lecturekit

from lecturekit import checks, momentum


def test_momentum_update(rng, capsys):
    def right(theta, v, g, lr, alpha):
        v = alpha * v - lr * g
        return theta + v, v

    checks.momentum_update(right, rng=rng)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="new"):  # steps with the old velocity
        checks.momentum_update(lambda theta, v, g, lr, alpha: (theta + v, alpha * v - lr * g), rng=rng)
    with pytest.raises(AssertionError, match="pair"):
        checks.momentum_update(lambda theta, v, g, lr, alpha: theta, rng=rng)


def test_iteration_matrix_and_spectral_radius(rng):
    with trusting_lecturekit():
        _iteration_matrix_and_spectral_radius(rng)


def _iteration_matrix_and_spectral_radius(rng):
    checks.iteration_matrix(lambda lr, a, lam: momentum.iteration_matrix(lr, a, lam), rng=rng)
    with pytest.raises(AssertionError, match="np.stack"):  # Nesterov's matrix is not the heavy ball's
        checks.iteration_matrix(lambda lr, a, lam: momentum.iteration_matrix(lr, a, lam, "nesterov"), rng=rng)

    def by_eig(lr, a, lam):
        return np.abs(np.linalg.eigvals(momentum.iteration_matrix(lr, a, lam))).max(-1)

    # right numbers, but the exercise forbids an eigenvalue routine
    with pytest.raises(AssertionError, match="calls np.linalg.eigvals"):
        checks.spectral_radius(by_eig, rng=rng)
    with pytest.raises(AssertionError, match="complex"):
        checks.spectral_radius(lambda lr, a, lam: np.abs(1 + a - lr * lam) / 2 + np.sqrt(a), rng=rng)


def _closed_form(lr, alpha, lam, guard=True):
    t, d = 1 + alpha - lr * lam, alpha
    disc = t * t / 4 - d
    root = np.sqrt(np.maximum(disc, 0)) if guard else np.sqrt(disc)
    return np.where(disc >= 0, np.abs(t) / 2 + root, np.sqrt(d))


def test_spectral_radius_holds_the_exercise_to_its_two_conditions(rng, capsys):
    checks.spectral_radius(_closed_form, rng=rng)
    assert "Correct" in capsys.readouterr().out
    # right numbers, with a RuntimeWarning from the square root of a negative discriminant
    with pytest.raises(AssertionError, match="RuntimeWarning") as info:
        checks.spectral_radius(lambda lr, a, lam: _closed_form(lr, a, lam, guard=False), rng=rng)
    assert "np.maximum" not in str(info.value)  # the hint says what to do, not the code

    # the same warning silenced by the learner is no longer a warning: accepted
    def silenced(lr, a, lam):
        with np.errstate(invalid="ignore"):
            return _closed_form(lr, a, lam, guard=False)

    checks.spectral_radius(silenced, rng=rng)
    # every eigenvalue routine is refused, also one imported by name before the check ran
    for routine in ("eig", "eigvals"):

        def by_routine(lr, a, lam, routine=routine):
            h = lr * lam
            M = np.stack([np.stack([1 - h, a], -1), np.stack([-h, a], -1)], -2)
            z = getattr(np.linalg, routine)(M)
            return np.abs(z[0] if routine == "eig" else z).max(-1)

        with pytest.raises(AssertionError, match=f"calls np.linalg.{routine}"):
            checks.spectral_radius(by_routine, rng=rng)
    namespace = {}
    exec(
        "import numpy as np\nfrom numpy.linalg import eigvals\n"
        "def imported(lr, a, lam):\n"
        "    h = lr * lam\n"
        "    M = np.stack([np.stack([1 - h, a], -1), np.stack([-h, a], -1)], -2)\n"
        "    return np.abs(eigvals(M)).max(-1)\n",
        namespace,
    )
    with pytest.raises(AssertionError, match="calls np.linalg.eigvals"):
        checks.spectral_radius(namespace["imported"], rng=rng)
    assert np.linalg.eigvals(np.eye(2)).tolist() == [1.0, 1.0]  # the check put the routines back
    # plausible wrong answers: the complex branch as |t|/2, a hard-coded result
    with pytest.raises(AssertionError, match="differs"):
        checks.spectral_radius(lambda lr, a, lam: np.where(a > 2, 0, np.abs(1 + a - lr * lam) / 2), rng=rng)
    with pytest.raises(AssertionError, match="differs"):
        checks.spectral_radius(lambda lr, a, lam: np.full(lr.shape, 0.818), rng=rng)


def test_optimal_momentum(rng):
    def right(lo, hi):
        k = np.sqrt(hi / lo)
        return (2 / (np.sqrt(lo) + np.sqrt(hi))) ** 2, ((k - 1) / (k + 1)) ** 2

    checks.optimal_momentum(right, rng=rng)
    with pytest.raises(AssertionError, match="kappa"):  # forgot the square on alpha
        checks.optimal_momentum(lambda lo, hi: (right(lo, hi)[0], np.sqrt(right(lo, hi)[1])), rng=rng)


def test_nesterov_step_says_whether_the_bug_was_fixed(rng, capsys):
    def buggy(theta, v, grad, lr, alpha):
        g = grad(theta)
        v = alpha * v - lr * g
        return theta + v, v

    def fixed(theta, v, grad, lr, alpha):
        g = grad(theta + alpha * v)
        v = alpha * v - lr * g
        return theta + v, v

    # the planted bug is reported by its symptom, measured on the learner's own step, not by its line
    with pytest.raises(AssertionError, match="not algorithm 8.3") as info:
        checks.nesterov_step(buggy, rng=rng)
    message = str(info.value)
    assert "theta + alpha" not in message and "interim" not in message and "heavy ball" not in message
    assert "your error shrinks by 0.72" in message and "converges at ρ = 0.684" in message
    assert "diverges (ρ = 1.159)" in message  # lr = 1.6, alpha = 0.5 is beyond Nesterov's limit 1.5
    checks.nesterov_step(fixed, rng=rng)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError) as info:  # another mistake: gradient at θ + v
        checks.nesterov_step(
            lambda t, v, grad, lr, a: fixed(t + (1 - a) * 0 * v, v, lambda x: grad(x + (1 - a) * v), lr, a), rng=rng
        )
    assert "not algorithm 8.3" not in str(info.value) and "algorithm 8.3" in str(info.value)
    with pytest.raises(AssertionError, match="differs"):  # the velocity is not returned updated
        checks.nesterov_step(lambda t, v, grad, lr, a: (fixed(t, v, grad, lr, a)[0], v), rng=rng)
