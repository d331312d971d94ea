"""Directional curvature as a weighted average of eigenvalues; the curvature map against eigh."""

import numpy as np
import pytest

from lecturekit import critical, curvature, finite_diff
from lecturekit.objectives import himmelblau, quadratic, rosenbrock, two_minima


def test_directional_curvature_is_the_second_derivative_along_d(rng):
    f = rosenbrock()
    x = rng.uniform(-1.5, 1.5, size=(50, 2))
    d = rng.normal(size=(50, 2))
    u = d / np.linalg.norm(d, axis=-1, keepdims=True)
    h = 1e-4  # central second difference of t -> f(x + t u)
    second = (f.value(x + h * u) - 2 * f.value(x) + f.value(x - h * u)) / h**2
    np.testing.assert_allclose(curvature.directional_curvature(f.hess(x), d), second, rtol=1e-5, atol=1e-3)


def test_along_an_eigenvector_it_is_the_eigenvalue():
    q = quadratic((-1.0, 3.0), angle=0.7)
    u1, u2 = np.array([np.cos(0.7), np.sin(0.7)]), np.array([-np.sin(0.7), np.cos(0.7)])
    assert curvature.directional_curvature(q.matrix, u1) == pytest.approx(-1.0)
    assert curvature.directional_curvature(q.matrix, 5 * u2) == pytest.approx(3.0)  # any length


def test_weights_are_a_probability_vector_and_average_the_eigenvalues(rng):
    A = rng.normal(size=(300, 4, 4))
    H = A + np.swapaxes(A, -1, -2)
    d = rng.normal(size=(300, 4))
    lam, w = curvature.eigen_weights(H, d)
    np.testing.assert_allclose(lam, np.linalg.eigvalsh(H))
    assert np.all(w >= 0) and np.all(w <= 1)
    np.testing.assert_allclose(w.sum(-1), 1.0)
    value = curvature.directional_curvature(H, d)
    np.testing.assert_allclose((lam * w).sum(-1), value)
    assert np.all(value >= lam[:, 0] - 1e-12) and np.all(value <= lam[:, -1] + 1e-12)


def test_one_hessian_against_many_directions_broadcasts():
    H = np.array([[2.0, 1.0], [1.0, 2.0]])
    t = np.linspace(0, np.pi, 9)
    d = np.stack([np.cos(t), np.sin(t)], -1)
    lam, w = curvature.eigen_weights(H, d)
    assert lam.shape == w.shape == (9, 2)
    np.testing.assert_allclose(curvature.directional_curvature(H, d), 2 + np.sin(2 * t))


def test_curvature_map_matches_eigh_point_by_point():
    f = two_minima()
    codes, extent, lam = curvature.curvature_map(f, n=60)
    assert codes.shape == (60, 60) and extent == (-2.0, 2.0, -1.0, 2.0)
    xx, yy = np.meshgrid(np.linspace(-2, 2, 60), np.linspace(-1, 2, 60))
    H = f.hess(np.stack([xx, yy], -1))
    np.testing.assert_allclose(lam, np.linalg.eigvalsh(H), atol=1e-9)
    np.testing.assert_array_equal(codes, critical.classify_eigenvalues(np.linalg.eigvalsh(H)))
    # at the named points the map gives the verdict of the second-derivative test
    for name, p in f.landmarks.items():
        i, j = np.argmin(np.abs(yy[:, 0] - p[1])), np.argmin(np.abs(xx[0] - p[0]))
        want = "both positive" if "minimum" in name else "mixed signs"
        near = np.array(curvature.CURVATURE_LABELS)[codes[i - 1 : i + 2, j - 1 : j + 2]]
        assert want in near


def test_himmelblau_has_all_three_kinds_of_curvature():
    codes, _, _ = curvature.curvature_map(himmelblau(), n=100)
    assert set(np.unique(codes)) >= {0, 1, 2}


def test_hessians_used_are_right():
    f = himmelblau()
    x = np.array([[0.3, -1.2], [2.0, 2.0]])
    np.testing.assert_allclose(f.hess(x), finite_diff.hessian(f.grad, x), rtol=1e-6, atol=1e-6)


def test_bad_input():
    with pytest.raises(ValueError, match="nonzero directions"):
        curvature.directional_curvature(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match=r"directions shaped \(\.\.\., 2\)"):
        curvature.directional_curvature(np.eye(2), [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"Hessians shaped \(\.\.\., n, n\)"):
        curvature.eigen_weights(np.ones(3), [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="f must be a 2-D objective"):
        curvature.curvature_map(quadratic((1.0,)))
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        curvature.curvature_map(two_minima(), n=1)
