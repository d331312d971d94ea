"""The curvature checks accept the reference (and equivalent answers), and reject wrong or
unfinished ones with a hint."""

import numpy as np
import pytest
from learners import trusted, trusting_lecturekit  # noqa: F401 -- a fixture

from lecturekit import checks, curvature, linalg, taylor


def test_eigenpairs_accepts_the_reference_and_any_sign(rng, capsys):
    with trusting_lecturekit():
        checks.eigenpairs(linalg.eigenpairs, rng=rng)
        checks.eigenpairs(lambda A: (lambda lam, U: (lam, -U))(*linalg.eigenpairs(A)), rng=rng)
    assert capsys.readouterr().out.count("Correct: eigenpairs") == 2


def _by_hand(A):
    """The exercise's own computation: the characteristic equation, u = (A12, λ - A11), normalized columns."""
    tr = A[:, 0, 0] + A[:, 1, 1]
    det = A[:, 0, 0] * A[:, 1, 1] - A[:, 0, 1] * A[:, 1, 0]
    root = np.sqrt(tr**2 / 4 - det)
    lam = np.stack([tr / 2 + root, tr / 2 - root], -1)
    U = np.stack([A[:, 0, 1, None] * np.ones(2), lam - A[:, 0, 0, None]], -2)  # columns (b, lam - a)
    return lam, U / np.linalg.norm(U, axis=-2, keepdims=True)


def test_eigenpairs_by_the_characteristic_equation_passes(rng, capsys):
    checks.eigenpairs(_by_hand, rng=rng)
    assert "Correct" in capsys.readouterr().out


def test_eigenpairs_rejects_wrong_answers(rng):
    with trusting_lecturekit():
        _reject_wrong_eigenpairs(rng)


def _reject_wrong_eigenpairs(rng):
    with pytest.raises(AssertionError, match="characteristic|lambda\\^2"):
        checks.eigenpairs(lambda A: (lambda lam, U: (lam[:, ::-1], U[..., ::-1]))(*linalg.eigenpairs(A)), rng=rng)
    with pytest.raises(AssertionError, match="length"):  # not normalized
        checks.eigenpairs(lambda A: (lambda lam, U: (lam, 2 * U))(*linalg.eigenpairs(A)), rng=rng)
    with pytest.raises(AssertionError, match="returned None"):
        checks.eigenpairs(lambda A: None, rng=rng)
    with pytest.raises(AssertionError, match="tuple of 2"):
        checks.eigenpairs(lambda A: linalg.eigenpairs(A)[0], rng=rng)


@pytest.mark.usefixtures("trusted")  # the check run on its own reference
def test_directional_curvature_check(rng, capsys):
    checks.directional_curvature(curvature.directional_curvature, rng=rng)
    checks.directional_curvature(lambda H, d: np.einsum("ni,nij,nj->n", d, H, d), rng=rng)
    assert capsys.readouterr().out.count("Correct") == 2
    with pytest.raises(AssertionError, match="sum over i and j"):
        checks.directional_curvature(lambda H, d: np.einsum("nij,nj->n", H, d), rng=rng)  # forgot one d
    with pytest.raises(AssertionError, match="shape"):
        checks.directional_curvature(lambda H, d: H @ d[..., None], rng=rng)


@pytest.mark.usefixtures("trusted")  # the check run on its own reference
def test_optimal_step_check(rng, capsys):
    checks.optimal_step(taylor.optimal_step, rng=rng)
    assert "Correct: optimal_step" in capsys.readouterr().out

    def forgets_the_sign(g, H):
        return np.einsum("ni,ni->n", g, g) / np.einsum("ni,nij,nj->n", g, H, g)

    with pytest.raises(AssertionError, match="np.inf"):
        checks.optimal_step(forgets_the_sign, rng=rng)
    with pytest.raises(AssertionError, match="np.inf"):  # a hard-coded answer
        checks.optimal_step(lambda g, H: np.full(len(g), 0.1), rng=rng)


def test_optimal_step_check_refuses_a_division_by_zero_curvature(rng, capsys):
    def divides_everywhere(g, H):  # right values, but np.where divides on every row, the zero one included
        gHg = np.einsum("ni,nij,nj->n", g, H, g)
        return np.where(gHg > 0, np.einsum("ni,ni->n", g, g) / gHg, np.inf)

    with pytest.raises(AssertionError, match="warned: 'divide by zero") as failure:
        checks.optimal_step(divides_everywhere, rng=rng)
    assert "np.inf" in str(failure.value) and "Correct" not in capsys.readouterr().out

    def quiet(g, H):  # the same division with the warning silenced: no warning, accepted
        with np.errstate(divide="ignore"):
            return divides_everywhere(g, H)

    checks.optimal_step(quiet, rng=rng)
    assert "Correct: optimal_step" in capsys.readouterr().out

    def forgets_the_sign(g, H):  # a wrong value is reported as such, not as its warning
        return np.einsum("ni,ni->n", g, g) / np.abs(np.einsum("ni,nij,nj->n", g, H, g))

    with pytest.raises(AssertionError, match="differs from the expected"):
        checks.optimal_step(forgets_the_sign, rng=rng)


def test_hessian_fd_check_accepts_central_differences_and_rejects_one_sided_ones(rng, capsys):
    def central(grad, x, h):
        e = np.eye(x.shape[-1]) * h
        return np.stack([(grad(x + e[i]) - grad(x - e[i])) / (2 * h) for i in range(x.shape[-1])], axis=-2)

    checks.hessian_fd(central, rng=rng)
    assert "Correct: hessian_fd" in capsys.readouterr().out

    def forward(grad, x, h):  # one-sided: error O(h) from the quartic term, far above the tolerance
        e = np.eye(x.shape[-1]) * h
        return np.stack([(grad(x + e[i]) - grad(x)) / h for i in range(x.shape[-1])], axis=-2)

    with pytest.raises(AssertionError, match="2h"):
        checks.hessian_fd(forward, rng=rng)
    with pytest.raises(AssertionError, match="shape"):
        checks.hessian_fd(lambda grad, x, h: central(grad, x, h)[0], rng=rng)


def test_from_eigen_check(rng, capsys):
    checks.from_eigen(lambda lam, U: U @ (lam[:, :, None] * np.swapaxes(U, -1, -2)), rng=rng)
    checks.from_eigen(lambda lam, U: np.einsum("nij,nj,nkj->nik", U, lam, U), rng=rng)
    assert capsys.readouterr().out.count("Correct: from_eigen") == 2
    with pytest.raises(AssertionError, match="transpose"):  # U^T Λ U: the eigenvectors taken as rows
        checks.from_eigen(lambda lam, U: np.swapaxes(U, -1, -2) @ (lam[:, :, None] * U), rng=rng)


def test_is_psd_check_needs_the_tolerance(rng, capsys):
    checks.is_psd(lambda H: np.linalg.eigvalsh(H).min(axis=-1) >= -1e-10, rng=rng)
    assert "Correct: is_psd" in capsys.readouterr().out
    with pytest.raises(AssertionError, match="1e-10"):  # a strict test fails on the singular PSD matrix
        checks.is_psd(lambda H: np.linalg.eigvalsh(H).min(axis=-1) > 0, rng=rng)
    with pytest.raises(AssertionError, match="eigenvalue"):  # the diagonal is not enough
        checks.is_psd(lambda H: np.all(np.diagonal(H, axis1=-2, axis2=-1) >= 0, axis=-1), rng=rng)


def _eigenpairs_as_rows(convention):
    """The exercise's computation with the eigenvectors returned as rows, each row's sign set by ``convention``."""

    def learner(A):
        lam, U = _by_hand(A)
        return lam, np.swapaxes(convention(U, A), -1, -2)  # the mistake: rows

    return learner


@pytest.mark.parametrize(
    "convention",
    [
        lambda U, A: U,  # the exercise's own sign, u = (A12, λ - A11)
        lambda U, A: -U,
        lambda U, A: U * np.sign(U[:, :1, :] + 1e-300),  # first component positive
        lambda U, A: U * np.where(np.arange(2) == 0, 1.0, -1.0),  # one column flipped
    ],
    ids=["exercise sign", "negated", "first component positive", "mixed"],
)
def test_eigenpairs_recognises_rows_for_every_sign_convention_over_many_seeds(convention):
    missed = []
    for seed in range(200):
        with pytest.raises(AssertionError) as failure:
            checks.eigenpairs(_eigenpairs_as_rows(convention), rng=np.random.default_rng(seed))
        if "rows of U" not in str(failure.value):
            missed.append(seed)
    assert missed == [], f"rows not recognised for seeds {missed[:10]} ({len(missed)} of 200)"


def test_eigenpairs_rows_diagnosis_is_not_given_to_other_mistakes():
    for seed in range(50):
        with pytest.raises(AssertionError) as failure:  # columns, unnormalized: a different mistake
            checks.eigenpairs(
                lambda A: (lambda lam, U: (lam, 3 * U))(*_eigenpairs_as_rows(lambda U, A: U)(A)),
                rng=np.random.default_rng(seed),
            )
        assert "rows of U" not in str(failure.value)


def _central(grad, x, h):
    e = np.eye(x.shape[-1]) * h
    return np.stack([(grad(x + e[i]) - grad(x - e[i])) / (2 * h) for i in range(x.shape[-1])], axis=-2)


def test_hessian_fd_check_rejects_a_loop_over_points_over_many_seeds():
    def per_point(grad, x, h):
        return np.stack([_central(grad, p[None, :], h)[0] for p in x])

    for seed in range(50):
        with pytest.raises(AssertionError, match="one call per coordinate"):
            checks.hessian_fd(per_point, rng=np.random.default_rng(seed))


def test_hessian_fd_check_shows_the_digits_that_differ_for_a_wrong_step_over_many_seeds():
    for seed in range(50):
        with pytest.raises(AssertionError) as failure:
            checks.hessian_fd(lambda grad, x, h: _central(grad, x, 0.01), rng=np.random.default_rng(seed))
        line = next(s for s in str(failure.value).splitlines() if "first difference" in s)
        got, expected = line.split("got ")[1].split(", expected ")
        assert got != expected, line


def test_hessian_fd_check_accepts_one_batch_of_all_shifts(rng, capsys):
    def all_at_once(grad, x, h):
        k = x.shape[-1]
        shifted = x[:, None, :] + h * np.eye(k)[None] * np.array([1.0, -1.0])[:, None, None, None]  # (2, n, k, k)
        g = grad(shifted.reshape(-1, k)).reshape(2, x.shape[0], k, k)
        return (g[0] - g[1]) / (2 * h)

    checks.hessian_fd(all_at_once, rng=rng)
    assert "Correct: hessian_fd" in capsys.readouterr().out
