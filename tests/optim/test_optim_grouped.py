"""optim.stack: different optimizers on blocks of rows equal separate runs of each."""

import doctest
import importlib

import numpy as np
import pytest
from test_optim_objectives import quadratic, random_spd, rosenbrock

from lecturekit import optim


def members():
    return [
        optim.sgd(0.002),
        optim.nesterov(np.array([[0.001], [0.002]]), 0.9),  # a sweep inside one block, and a lookahead
        optim.adam(0.05),
        optim.newton(damping=1.0, lr=0.5),  # needs the Hessian of its rows only
    ]


@pytest.mark.parametrize("objective", ["rosenbrock", "quadratic"])
def test_a_stacked_run_equals_separate_runs(objective):
    rng = np.random.default_rng(5)
    f = rosenbrock() if objective == "rosenbrock" else quadratic(random_spd(rng, 2))
    x0 = rng.uniform(-1.2, 1.2, size=(8, 2))
    together = optim.run(optim.stack(members()), f, x0, steps=60)
    for i, opt in enumerate(members()):
        alone = optim.run(opt, f, x0[2 * i : 2 * i + 2], steps=60)
        np.testing.assert_allclose(together.x[:, 2 * i : 2 * i + 2], alone.x, rtol=0, atol=0)
        np.testing.assert_array_equal(together.diverged[2 * i : 2 * i + 2], alone.diverged)


def test_unequal_blocks_with_rows():
    f = quadratic(np.diag([1.0, 10.0]))
    x0 = np.ones((5, 2))
    traj = optim.run(optim.stack([optim.sgd(0.05), optim.momentum(0.05)], rows=[2, 3]), f, x0, steps=20)
    np.testing.assert_allclose(traj.x[:, :2], optim.run(optim.sgd(0.05), f, x0[:2], steps=20).x)
    np.testing.assert_allclose(traj.x[:, 2:], optim.run(optim.momentum(0.05), f, x0[2:], steps=20).x)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: optim.stack([]), "at least one"),
        (lambda: optim.stack([optim.sgd(0.1), "adam"]), "Optimizers"),
        (lambda: optim.stack([optim.sgd(0.1)], rows=[1, 2]), "one count per optimizer"),
        (lambda: optim.stack([optim.sgd(0.1)], rows=[0]), "rows"),
        (lambda: optim.stack([optim.sgd(0.1), optim.sgd(0.2)]).init(np.ones((3, 2))), "split equally"),
        (lambda: optim.stack([optim.sgd(0.1)], rows=[2]).init(np.ones((3, 2))), "add up to 2"),
    ],
)
def test_bad_input_is_explained(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_docstring_example_runs():
    result = doctest.testmod(
        importlib.import_module("lecturekit.optim.grouped"), optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0 and result.attempted > 0
