"""Closed-form and general eigenpairs against LAPACK; the worked example; angles; bad input."""

import numpy as np
import pytest

from lecturekit import linalg


def _symmetric(rng, n, scale=True):
    A = rng.normal(size=(n, 2, 2))
    if scale:
        A = A * rng.lognormal(0, 2, size=(n, 1, 1))
    return A + np.swapaxes(A, -1, -2)


def test_eigh_2x2_matches_eigh_and_diagonalizes(rng):
    H = _symmetric(rng, 2000)
    lam, U = linalg.eigh_2x2(H)
    ref_lam, ref_U = np.linalg.eigh(H)
    scale = np.abs(H).max(axis=(-1, -2))[:, None]
    np.testing.assert_allclose(lam, ref_lam, rtol=1e-10, atol=1e-12 * scale.max())
    np.testing.assert_allclose(H @ U, U * lam[..., None, :], atol=1e-10 * scale.max())  # H u = lambda u
    np.testing.assert_allclose(np.swapaxes(U, -1, -2) @ U, np.broadcast_to(np.eye(2), H.shape), atol=1e-12)
    # same eigenvectors as LAPACK up to sign (eigenvalues are distinct with probability one)
    np.testing.assert_allclose(np.abs(np.sum(U * ref_U, axis=-2)), 1.0, atol=1e-8)
    # U^T H U = Lambda and H = U Lambda U^T
    D = np.swapaxes(U, -1, -2) @ H @ U
    np.testing.assert_allclose(D, lam[..., :, None] * np.eye(2), atol=1e-10 * scale.max())


def test_eigh_2x2_special_cases():
    lam, U = linalg.eigh_2x2(np.diag([3.0, 3.0]))
    np.testing.assert_array_equal(lam, [3.0, 3.0])
    np.testing.assert_allclose(np.abs(U), [[0, 1], [1, 0]], atol=1e-15)
    lam, U = linalg.eigh_2x2([[1.0, 0.0], [0.0, -2.0]])
    np.testing.assert_array_equal(lam, [-2.0, 1.0])
    np.testing.assert_allclose(U[:, 1], [1.0, 0.0], atol=1e-15)  # eigenvector of the larger eigenvalue


def test_worked_example_nonsymmetric():
    lam, U = linalg.eigenpairs([[2.0, 3.0], [2.0, 1.0]])
    np.testing.assert_allclose(lam, [4.0, -1.0], atol=1e-12)
    np.testing.assert_allclose(U[:, 0], np.array([3.0, 2.0]) / np.sqrt(13), atol=1e-12)
    np.testing.assert_allclose(U[:, 1], np.array([-1.0, 1.0]) / np.sqrt(2), atol=1e-12)
    assert round(U[0, 0], 4) == 0.8321  # not 0.8331
    # not orthogonal: the eigen-directions meet at arctan(5) = 78.69 degrees
    assert linalg.angle_between(U[:, 0], U[:, 1], lines=True) == pytest.approx(np.degrees(np.arctan(5.0)))
    assert linalg.angle_between(U[:, 0], U[:, 1]) == pytest.approx(180 - np.degrees(np.arctan(5.0)))


def test_eigenpairs_batched_satisfy_the_definition(rng):
    A = rng.normal(size=(500, 3, 3))
    A = A @ np.swapaxes(A, -1, -2) + rng.normal(scale=0.1, size=(500, 3, 3))  # real spectrum, not symmetric
    ok = np.all(np.abs(np.linalg.eigvals(A).imag) == 0, axis=-1)
    A = A[ok]
    lam, U = linalg.eigenpairs(A)
    np.testing.assert_allclose(A @ U, U * lam[..., None, :], atol=1e-9)
    np.testing.assert_allclose(np.linalg.norm(U, axis=-2), 1.0)
    assert np.all(np.diff(lam, axis=-1) <= 0)  # descending
    assert np.all(U[..., -1, :] > 0)  # sign convention: last component positive (nonzero here)
    # one batched call equals separate calls
    for i in range(3):
        l1, u1 = linalg.eigenpairs(A[i])
        np.testing.assert_allclose(l1, lam[i])
        np.testing.assert_allclose(u1, U[i])


def test_eigenpairs_sign_convention_with_a_zero_last_component():
    lam, U = linalg.eigenpairs(np.diag([1.0, 5.0]))
    np.testing.assert_array_equal(lam, [5.0, 1.0])
    np.testing.assert_allclose(U, [[0.0, 1.0], [1.0, 0.0]])


def test_angle_between_is_accurate_and_batched():
    assert linalg.angle_between([1.0, 0.0], [0.0, 2.0]) == pytest.approx(90.0)
    assert linalg.angle_between([1.0, 0.0], [-1.0, 0.0]) == pytest.approx(180.0)
    assert linalg.angle_between([1.0, 0.0], [-1.0, 0.0], lines=True) == pytest.approx(0.0)
    assert linalg.angle_between([1.0, 0.0], [1.0, 1e-9], degrees=False) == pytest.approx(1e-9, rel=1e-6)
    t = np.linspace(0, np.pi, 7)
    np.testing.assert_allclose(
        linalg.angle_between(np.stack([np.cos(t), np.sin(t)], -1), [1.0, 0.0]), np.degrees(t), atol=1e-12
    )


def test_normalize():
    np.testing.assert_allclose(linalg.normalize([[3.0, 4.0], [0.0, -2.0]]), [[0.6, 0.8], [0.0, -1.0]])
    np.testing.assert_allclose(linalg.normalize([[3.0, 0.0], [4.0, 1.0]], axis=0), [[0.6, 0.0], [0.8, 1.0]])


def test_bad_input_says_what_is_wrong():
    with pytest.raises(ValueError, match=r"\(\.\.\., 2, 2\) for eigh_2x2; got shape \(3, 3\)"):
        linalg.eigh_2x2(np.eye(3))
    with pytest.raises(ValueError, match="square|d, d"):
        linalg.eigenpairs(np.ones((2, 3)))
    with pytest.raises(ValueError, match="complex eigenvalues"):
        linalg.eigenpairs([[0.0, -1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="inf or nan"):
        linalg.eigenpairs([[np.nan, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="zero vector"):
        linalg.normalize([0.0, 0.0])
    with pytest.raises(ValueError, match="zero vector"):
        linalg.angle_between([1.0, 0.0], [0.0, 0.0])
    with pytest.raises(ValueError, match=r"got shape \(\)"):
        linalg.normalize(3.0)
