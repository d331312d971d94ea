"""The conditioning exercise checks accept correct answers and reject typical mistakes with a hint."""

import numpy as np
import pytest
from learners import trusted  # noqa: F401 -- a fixture

from lecturekit import checks, conditioning


def test_best_step_and_rate(rng, capsys):
    def right(lam):
        lo, hi = lam.min(-1), lam.max(-1)
        return 2 / (lo + hi), (hi / lo - 1) / (hi / lo + 1)

    checks.best_step_and_rate(right, rng=rng)
    assert "Correct" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="smallest and largest"):
        checks.best_step_and_rate(lambda lam: (1 / lam.max(-1), right(lam)[1]), rng=rng)  # 1/λmax, not 2/(λmin+λmax)
    with pytest.raises(AssertionError, match="tuple of 2"):
        checks.best_step_and_rate(lambda lam: right(lam)[0], rng=rng)


@pytest.mark.usefixtures("trusted")  # the check run on its own reference
def test_coordinate_regimes(rng):
    checks.coordinate_regimes(conditioning.coordinate_regimes, rng=rng)
    with pytest.raises(AssertionError, match="r = 1 - lr a"):  # strict inequality at the boundary 2/a is wrong
        checks.coordinate_regimes(
            lambda lr, a: np.where(1 - lr[:, None] * a < -1, 2, np.where(1 - lr[:, None] * a < 0, 1, 0)), rng=rng
        )


@pytest.mark.usefixtures("trusted")
@pytest.mark.parametrize(
    "wrong",
    [
        lambda lr, a: np.where(1 - lr[:, None] * a < -1, 2, np.where(1 - lr[:, None] * a < 0, 1, 0)),  # strict at 2/a
        lambda lr, a: np.where(1 - lr[:, None] * a <= -1, 1, np.where(1 - lr[:, None] * a < 0, 2, 0)),  # codes swapped
        lambda lr, a: np.zeros((lr.size, a.size), dtype=int),  # everything "converges"
        lambda lr, a: (1 - lr[:, None] * a < 0).astype(float) * 2.0,  # floats, no oscillating class
    ],
)
def test_coordinate_regimes_messages_give_no_relative_error_for_codes(rng, wrong):
    with pytest.raises(AssertionError) as failed:
        checks.coordinate_regimes(wrong, rng=rng)
    message = str(failed.value)
    assert "first difference at codes[" in message and "entries differ" in message
    assert "relative error" not in message  # "1e+12" for a code 1 against 0 helped nobody


def test_a_float_output_still_reports_its_relative_error(rng):
    def ten_percent_long(lam):
        lo, hi = lam.min(-1), lam.max(-1)
        return 2.2 / (lo + hi), (hi / lo - 1) / (hi / lo + 1)

    with pytest.raises(AssertionError, match="largest relative error 0.1"):
        checks.best_step_and_rate(ten_percent_long, rng=rng)


def test_hessian_vector_product(rng):
    checks.hessian_vector_product(lambda g, x, v, h: (g(x + h * v) - g(x - h * v)) / (2 * h), rng=rng)
    with pytest.raises(AssertionError, match="central difference"):
        checks.hessian_vector_product(lambda g, x, v, h: (g(x + h * v) - g(x - h * v)) / h, rng=rng)


def test_newton_step(rng):
    checks.newton_step(lambda g, H: np.linalg.solve(H, g[..., None])[..., 0], rng=rng)
    with pytest.raises(AssertionError, match="solve"):
        checks.newton_step(lambda g, H: np.einsum("nij,nj->ni", H, g), rng=rng)  # H g instead of H^-1 g


@pytest.mark.parametrize(
    "inverting",
    [
        lambda g, H: np.einsum("nij,nj->ni", np.linalg.inv(H), g),
        lambda g, H: (np.linalg.inv(H) @ g[..., None])[..., 0],
    ],
)
def test_newton_step_rejects_the_inverse_the_exercise_forbids(rng, inverting):
    with pytest.raises(AssertionError, match="come from np.linalg.inv") as failed:
        checks.newton_step(inverting, rng=rng)
    assert "Hint: solve H u = g" in str(failed.value)
    assert np.linalg.inv.__module__.startswith("numpy")  # the check puts NumPy's own function back


def test_newton_step_reports_wrong_numbers_before_the_inverse(rng):
    with pytest.raises(AssertionError, match="u differs"):
        checks.newton_step(lambda g, H: -np.einsum("nij,nj->ni", np.linalg.inv(H), g), rng=rng)


def test_hessian_vector_product_uses_the_step_it_is_given(rng):
    with pytest.raises(AssertionError, match="with the step h it is given"):
        checks.hessian_vector_product(lambda g, x, v, h: (g(x + 1e-4 * v) - g(x - 1e-4 * v)) / 2e-4, rng=rng)
