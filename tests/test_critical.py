import numpy as np
import pytest

from lecturekit import critical
from lecturekit.critical import INCONCLUSIVE, LABELS, MAXIMUM, MINIMUM, SADDLE
from lecturekit.objectives.landscapes import bumpy, saddle


def test_closed_form_2x2_eigenvalues_match_lapack(rng):
    A = rng.normal(size=(1000, 2, 2)) * rng.lognormal(0, 3, size=(1000, 1, 1))
    H = A + np.swapaxes(A, -1, -2)
    np.testing.assert_allclose(
        critical.eigvalsh_2x2(H), np.linalg.eigvalsh(H), rtol=1e-10, atol=1e-12 * np.abs(H).max()
    )


@pytest.mark.parametrize(
    "eigs, expected",
    [
        ([1.0, 2.0], MINIMUM),
        ([-1.0, -3.0], MAXIMUM),
        ([-1.0, 2.0], SADDLE),
        ([0.0, 2.0], INCONCLUSIVE),
        ([0.0, -2.0], INCONCLUSIVE),
        ([0.0, 0.0], INCONCLUSIVE),
        ([-1.0, 0.0, 1.0], SADDLE),  # both signs present: a saddle even with a zero eigenvalue
        ([1e-12, 1.0], INCONCLUSIVE),  # within the default tolerance of zero
    ],
)
def test_classify_eigenvalues_rule(eigs, expected):
    assert critical.classify_eigenvalues(eigs) == expected


def test_tolerance_changes_the_verdict_near_zero():
    assert critical.classify_eigenvalues([1e-6, 1.0], tol=1e-8) == MINIMUM
    assert critical.classify_eigenvalues([1e-6, 1.0], tol=1e-4) == INCONCLUSIVE


def test_classify_hessian_agrees_with_eigh_in_3d(rng):
    A = rng.normal(size=(500, 3, 3))
    H = A + np.swapaxes(A, -1, -2)
    lam = np.linalg.eigvalsh(H)
    expected = np.where(lam.min(-1) > 0, MINIMUM, np.where(lam.max(-1) < 0, MAXIMUM, SADDLE))
    np.testing.assert_array_equal(critical.classify_hessian(H), expected)


def test_classify_1d_matches_rule():
    np.testing.assert_array_equal(critical.classify_1d([2.0, -1.0, 0.0]), [MINIMUM, MAXIMUM, INCONCLUSIVE])


def test_classify_point_names_every_kind():
    f = bumpy()
    pts = np.array([f.landmarks[k] for k in ("global minimum", "local maximum", "flat inflection")] + [[3.0]])
    assert list(critical.classify_point(f, pts)) == ["minimum", "maximum", "inconclusive", "not critical"]
    assert critical.classify_point(saddle(), np.zeros(2)) == "saddle"


def test_labels_cover_codes():
    assert [LABELS[c] for c in (MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE)] == list(LABELS)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: critical.eigvalsh_2x2(np.eye(3)), r"\(\.\.\., 2, 2\)"),
        (lambda: critical.eigvalsh(np.ones((2, 3))), r"\(\.\.\., d, d\)"),
        (lambda: critical.classify_eigenvalues([1.0], tol=-1), "tol"),
        (lambda: critical.classify_eigenvalues(1.0), r"got shape \(\)"),
        (lambda: critical.classify_point(saddle(), np.zeros(2), grad_tol=float("nan")), "tol"),
    ],
)
def test_bad_input_raises_clear_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
