"""The curvature checks accept the reference (and equivalent answers), and reject wrong or
unfinished ones with a hint."""

import numpy as np
import pytest

from lecturekit import checks, curvature, linalg, taylor


def test_eigenpairs_accepts_the_reference_and_any_sign(rng, capsys):
    checks.eigenpairs(linalg.eigenpairs, rng=rng)
    checks.eigenpairs(lambda A: (lambda lam, U: (lam, -U))(*linalg.eigenpairs(A)), rng=rng)
    assert capsys.readouterr().out.count("Correct: eigenpairs") == 2


def test_eigenpairs_by_the_characteristic_equation_passes(rng, capsys):
    def by_hand(A):
        tr = A[:, 0, 0] + A[:, 1, 1]
        det = A[:, 0, 0] * A[:, 1, 1] - A[:, 0, 1] * A[:, 1, 0]
        root = np.sqrt(tr**2 / 4 - det)
        lam = np.stack([tr / 2 + root, tr / 2 - root], -1)
        U = np.stack([A[:, 0, 1, None] * np.ones(2), lam - A[:, 0, 0, None]], -2)  # columns (b, lam - a)
        return lam, U / np.linalg.norm(U, axis=-2, keepdims=True)

    checks.eigenpairs(by_hand, rng=rng)
    assert "Correct" in capsys.readouterr().out


def test_eigenpairs_rejects_wrong_answers(rng):
    with pytest.raises(AssertionError, match="characteristic|lambda\\^2"):
        checks.eigenpairs(lambda A: (lambda lam, U: (lam[:, ::-1], U[..., ::-1]))(*linalg.eigenpairs(A)), rng=rng)
    with pytest.raises(AssertionError, match="length"):  # not normalized
        checks.eigenpairs(lambda A: (lambda lam, U: (lam, 2 * U))(*linalg.eigenpairs(A)), rng=rng)
    with pytest.raises(AssertionError, match="returned None"):
        checks.eigenpairs(lambda A: None, rng=rng)
    with pytest.raises(AssertionError, match="tuple of 2"):
        checks.eigenpairs(lambda A: linalg.eigenpairs(A)[0], rng=rng)


def test_directional_curvature_check(rng, capsys):
    checks.directional_curvature(curvature.directional_curvature, rng=rng)
    checks.directional_curvature(lambda H, d: np.einsum("ni,nij,nj->n", d, H, d), rng=rng)
    assert capsys.readouterr().out.count("Correct") == 2
    with pytest.raises(AssertionError, match="sum over i and j"):
        checks.directional_curvature(lambda H, d: np.einsum("nij,nj->n", H, d), rng=rng)  # forgot one d
    with pytest.raises(AssertionError, match="shape"):
        checks.directional_curvature(lambda H, d: H @ d[..., None], rng=rng)


def test_optimal_step_check(rng, capsys):
    checks.optimal_step(taylor.optimal_step, rng=rng)
    assert "Correct: optimal_step" in capsys.readouterr().out

    def forgets_the_sign(g, H):
        return np.einsum("ni,ni->n", g, g) / np.einsum("ni,nij,nj->n", g, H, g)

    with pytest.raises(AssertionError, match="np.inf"):
        checks.optimal_step(forgets_the_sign, rng=rng)
    with pytest.raises(AssertionError, match="np.inf"):  # a hard-coded answer
        checks.optimal_step(lambda g, H: np.full(len(g), 0.1), rng=rng)
