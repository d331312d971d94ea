"""The Kronecker quadratic: value, gradient and Hessian agree with each other and with P ⊗ Q."""

import numpy as np
import pytest

from lecturekit.objectives import kronecker_quadratic, quadratic_matrix


def problem(seed=0, m=3, n=4):
    r = np.random.default_rng(seed)
    P = quadratic_matrix(np.geomspace(1, 10, m), basis=np.linalg.qr(r.normal(size=(m, m)))[0])
    Q = quadratic_matrix(np.geomspace(1, 5, n), basis=np.linalg.qr(r.normal(size=(n, n)))[0])
    return kronecker_quadratic(P, Q, r.normal(size=(m, n))), P, Q, r


def test_gradient_and_hessian_match_finite_differences_and_the_kronecker_product():
    f, P, Q, r = problem()
    w = r.normal(size=(5, 12))
    h = 1e-6
    fd = np.stack([(f.value(w + h * e) - f.value(w - h * e)) / (2 * h) for e in np.eye(12)], axis=-1)
    assert np.allclose(f.grad(w), fd, rtol=1e-6, atol=1e-6)
    assert np.allclose(f.hess(w[0]), np.kron(P, Q))
    # a quadratic: f(w) = ½ eᵀ (P ⊗ Q) e exactly
    e = w - f.minimizers[0]
    assert np.allclose(f.value(w), 0.5 * np.einsum("bi,ij,bj->b", e, np.kron(P, Q), e))


def test_eigen_errors_are_coordinates_in_the_hessian_eigenbasis():
    f, P, Q, r = problem(1)
    w = r.normal(size=(2, 12))
    lam, V = np.linalg.eigh(np.kron(P, Q))
    coords = f.eigen_errors(w).reshape(2, -1)
    # the value is ½ Σ λ_ij c_ij² in these coordinates, with λ_ij = p_i q_j
    assert np.allclose(f.value(w), 0.5 * (f.curvatures().reshape(-1) * coords**2).sum(-1))
    assert np.allclose(np.sort(f.curvatures().reshape(-1)), lam)


@pytest.mark.parametrize(
    "P, Q, W, what",
    [
        (np.diag([1.0, -1.0]), np.eye(2), np.ones((2, 2)), "positive definite"),
        (np.array([[1.0, 2.0], [0.0, 1.0]]), np.eye(2), np.ones((2, 2)), "symmetric"),
        (np.eye(2), np.eye(3), np.ones((3, 2)), "W_star"),
    ],
)
def test_bad_factors_are_named(P, Q, W, what):
    with pytest.raises(ValueError, match=what):
        kronecker_quadratic(P, Q, W)
