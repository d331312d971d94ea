import numpy as np
import pytest

from lecturekit import diagnostics, optim
from lecturekit.objectives import quadratic, two_minima


def test_regimes_of_gradient_descent_on_a_quadratic():
    f = quadratic(eigenvalues=[4.0])  # converges for lr < 0.5, oscillates above 0.25
    lrs = np.array([0.001, 0.1, 0.4, 0.5, 0.52, 0.9])
    traj = optim.run(optim.sgd(lrs[:, None]), f, np.full((6, 1), 1.5), steps=100)
    converged = optim.steps_to_tolerance(traj, 1e-6, x_star=[0.0]) >= 0
    codes = diagnostics.regimes(traj.x, [0.0], converged, traj.diverged)
    G, Osc, S, D = diagnostics.GOOD, diagnostics.OSCILLATING, diagnostics.SLOW, diagnostics.DIVERGED
    # 0.5 bounces between ±1.5 forever and 0.52 grows too slowly to blow up in 100 steps: both "diverges"
    np.testing.assert_array_equal(codes, [S, G, Osc, D, D, D])
    assert traj.diverged.tolist() == [False, False, False, False, False, True]


def test_round_off_at_the_minimum_is_not_oscillation():
    x = np.array([[[1.0]], [[1e-3]], [[1e-14]], [[-1e-14]]])  # (T+1=4, B=1, d=1)
    assert diagnostics.regimes(x, [0.0], [True], [False])[0] == diagnostics.GOOD


def test_nearest_point():
    points = np.array([[0.0, 0.0], [1.0, 1.0]])
    x = np.array([[0.01, 0.0], [0.9, 1.0], [0.5, 0.5], [np.nan, 0.0]])
    np.testing.assert_array_equal(diagnostics.nearest_point(x, points, tol=0.2), [0, 1, -1, -1])
    with pytest.raises(ValueError, match="points must be shaped"):
        diagnostics.nearest_point(x, np.zeros(2), tol=0.1)
    with pytest.raises(ValueError, match="tol"):
        diagnostics.nearest_point(x, points, tol=0)


def test_basin_map_agrees_with_separate_runs(rng):
    f = two_minima()
    codes, extent = diagnostics.basin_map(f, 0.05, n=20, steps=300)
    assert codes.shape == (20, 20) and extent == (-2.0, 2.0, -1.0, 2.0)
    _, starts, _ = f.grid(20)
    for i, j in rng.integers(0, 20, size=(10, 2)):
        traj = optim.run(optim.sgd(0.05), f, starts[i, j][None], steps=300)
        end = diagnostics.nearest_point(traj.x[-1], f.minimizers, 1e-2)[0]
        assert codes[i, j] == (end if end >= 0 else 2)
    # starts near each minimizer end there
    assert set(np.unique(codes)) <= {0, 1, 2, 3} and {0, 1} <= set(np.unique(codes))


def test_basin_map_rejects_bad_input():
    with pytest.raises(ValueError, match="2-D"):
        diagnostics.basin_map(quadratic(eigenvalues=[1.0]), 0.1)
    with pytest.raises(ValueError, match="n must be"):
        diagnostics.basin_map(two_minima(), 0.1, n=1)
    with pytest.raises(ValueError, match=r"\(T\+1, B, d\)"):
        diagnostics.regimes(np.zeros((3, 2)), [0.0], [True, True], [False, False])
