"""Tests for lecturekit.objectives.classic: exact derivatives against finite differences,
batch shapes, minimizers, and the behaviour each function is in the course to show."""

import numpy as np
import pytest

from lecturekit import critical, finite_diff
from lecturekit.objectives.base import Objective
from lecturekit.objectives.classic import (
    beale,
    cliff,
    himmelblau,
    plateau,
    quadratic,
    quadratic_matrix,
    rosenbrock,
)

OBJECTIVES = {
    "quadratic": lambda: quadratic(),
    "quadratic-rotated": lambda: quadratic((2.0, 50.0), angle=0.7, center=(1.0, -0.5)),
    "quadratic-indefinite": lambda: quadratic((3.0, -1.0), angle=-0.3),
    "quadratic-5d": lambda: quadratic((0.5, 1.0, 2.0, 4.0, 8.0), center=np.arange(5.0)),
    "rosenbrock": lambda: rosenbrock(),
    "rosenbrock-a2": lambda: rosenbrock(a=2.0, b=10.0),
    "himmelblau": lambda: himmelblau(),
    "beale": lambda: beale(),
    "cliff": lambda: cliff(),
    "cliff-smooth": lambda: cliff(height=1.0, width=0.3),
    "plateau": lambda: plateau(),
    "plateau-wide": lambda: plateau(width=2.5),
}

BATCH = (4, 3)


def random_points(obj, rng, shape=BATCH):
    """Uniform points in the objective's plot bounds, shaped ``shape + (d,)``."""
    lo, hi = np.array(obj.bounds).T
    return lo + (hi - lo) * rng.uniform(size=shape + (obj.dim,))


def assert_close_fd(exact, approx):
    """Central differences are good to ~1e-8 relative here; allow 1e-5 of the scale."""
    scale = 1.0 + np.max(np.abs(exact))
    np.testing.assert_allclose(exact, approx, rtol=1e-5, atol=1e-6 * scale)


@pytest.fixture(params=sorted(OBJECTIVES))
def obj(request):
    return OBJECTIVES[request.param]()


def test_is_objective_with_bounds_per_coordinate(obj):
    assert isinstance(obj, Objective)
    assert len(obj.bounds) == obj.dim
    assert all(lo < hi for lo, hi in obj.bounds)


def test_gradient_matches_finite_differences(obj):
    x = random_points(obj, np.random.default_rng(0))
    assert_close_fd(obj.grad(x), finite_diff.gradient(obj.value, x))


def test_hessian_matches_finite_differences_and_is_symmetric(obj):
    x = random_points(obj, np.random.default_rng(1))
    hess = obj.hess(x)
    assert_close_fd(hess, finite_diff.hessian(obj.grad, x))
    np.testing.assert_array_equal(hess, np.swapaxes(hess, -1, -2))


def test_batch_shapes_and_batched_equals_per_point(obj):
    x = random_points(obj, np.random.default_rng(2))
    d = obj.dim
    value, grad, hess = obj.value(x), obj.grad(x), obj.hess(x)
    assert value.shape == BATCH and grad.shape == BATCH + (d,) and hess.shape == BATCH + (d, d)
    for i in np.ndindex(*BATCH):
        np.testing.assert_allclose(obj.value(x[i]), value[i], rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(obj.grad(x[i]), grad[i], rtol=1e-14, atol=1e-14)
        np.testing.assert_allclose(obj.hess(x[i]), hess[i], rtol=1e-14, atol=1e-14)
    assert obj.value(x[0, 0]).shape == ()


def test_minimizers_are_strict_local_minima_with_the_stated_value(obj):
    mins = obj.minimizers
    if obj.minimum is None:
        assert mins.shape == (0, obj.dim)
        return
    assert mins.ndim == 2 and mins.shape[1] == obj.dim and len(mins) >= 1
    np.testing.assert_allclose(obj.grad(mins), 0.0, atol=1e-10)
    assert np.all(np.linalg.eigvalsh(obj.hess(mins)) > 0)
    values = obj.value(mins)
    np.testing.assert_allclose(values[0], obj.minimum, atol=1e-14)
    assert np.all(values >= obj.minimum - 1e-14)


def test_minimizers_are_read_only(obj):
    with pytest.raises(ValueError):
        obj.minimizers[...] = 0.0


def test_wrong_point_shape_is_rejected(obj):
    with pytest.raises(ValueError, match=r"points shaped \(\.\.\., "):
        obj.value(np.zeros(obj.dim + 1))


# --------------------------------------------------------------------------- quadratic


def test_quadratic_eigenvalues_condition_number_and_matrix():
    q = quadratic((1.0, 100.0), angle=0.3)
    np.testing.assert_allclose(np.linalg.eigvalsh(q.matrix), [1.0, 100.0], rtol=1e-13)
    assert q.condition_number == pytest.approx(100.0)
    np.testing.assert_allclose(q.hess(np.zeros(2)), q.matrix)
    np.testing.assert_array_equal(q.matrix, quadratic_matrix((1.0, 100.0), 0.3))


@pytest.mark.parametrize("angle", [0.0, 0.4, np.pi / 2, -2.0])
def test_quadratic_angle_rotates_the_eigenvectors(angle):
    a = quadratic_matrix((2.0, 7.0), angle)
    v1 = np.array([np.cos(angle), np.sin(angle)])
    v2 = np.array([-np.sin(angle), np.cos(angle)])
    np.testing.assert_allclose(a @ v1, 2.0 * v1, atol=1e-13)
    np.testing.assert_allclose(a @ v2, 7.0 * v2, atol=1e-13)


def test_quadratic_value_is_half_the_quadratic_form():
    rng = np.random.default_rng(3)
    q = quadratic((3.0, 0.5), angle=1.1, center=(2.0, -1.0))
    x = rng.normal(size=(5, 2))
    r = x - q.center
    np.testing.assert_allclose(q.value(x), 0.5 * np.sum((r @ q.matrix) * r, -1), rtol=1e-13)
    np.testing.assert_allclose(q.grad(x), r @ q.matrix.T, rtol=1e-13)


def test_quadratic_with_an_explicit_basis_in_higher_dimension():
    rng = np.random.default_rng(4)
    basis, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    q = quadratic((1.0, 2.0, 3.0, 40.0), basis=basis)
    np.testing.assert_allclose(q.matrix @ basis, basis * [1.0, 2.0, 3.0, 40.0], atol=1e-12)
    assert q.condition_number == pytest.approx(40.0)


def test_quadratic_indefinite_and_singular():
    saddle = quadratic((1.0, -2.0))
    assert saddle.minimum is None and saddle.minimizers.shape == (0, 2)
    assert saddle.condition_number == pytest.approx(2.0)
    valley = quadratic((0.0, 1.0), center=(1.0, 1.0))
    assert valley.minimum == 0.0 and valley.condition_number == np.inf
    np.testing.assert_array_equal(valley.minimizers, [[1.0, 1.0]])
    assert valley.value(np.array([5.0, 1.0])) == 0.0  # the whole line y = 1 is minimal


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(eigenvalues=()), "non-empty"),
        (dict(eigenvalues=[[1.0, 2.0]]), "1-D"),
        (dict(eigenvalues=(1.0, np.nan)), "finite"),
        (dict(angle=np.inf), "angle must be finite"),
        (dict(eigenvalues=(1.0, 2.0, 3.0), angle=0.1), "2-D quadratics only"),
        (dict(basis=np.eye(3)), r"\(2, 2\) orthogonal"),
        (dict(basis=[[1.0, 1.0], [0.0, 1.0]]), "orthogonal"),
        (dict(basis=np.eye(2), angle=0.3), "not both"),
        (dict(center=(1.0, 2.0, 3.0)), "length 2"),
    ],
)
def test_quadratic_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        quadratic(**kwargs)


# --------------------------------------------------------------------------- named functions


def test_rosenbrock_minimizer_formula_and_bad_b():
    np.testing.assert_array_equal(rosenbrock(a=-1.5, b=3.0).minimizers, [[-1.5, 2.25]])
    assert rosenbrock().value(np.array([0.0, 0.0])) == 1.0
    with pytest.raises(ValueError, match=r"b must be in \(0, 1e\+06\]"):
        rosenbrock(b=0.0)


def test_himmelblau_has_four_distinct_global_minimizers_to_machine_precision():
    h = himmelblau()
    assert h.minimizers.shape == (4, 2)
    np.testing.assert_array_equal(h.minimizers[0], [3.0, 2.0])
    assert np.max(np.abs(h.grad(h.minimizers))) < 1e-12
    np.testing.assert_allclose(h.value(h.minimizers), 0.0, atol=1e-25)
    literature = [[-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
    np.testing.assert_allclose(h.minimizers[1:], literature, atol=1e-6)


def test_himmelblau_landmarks_are_its_nine_critical_points_of_the_named_kinds():
    h = himmelblau()
    names = list(h.landmarks)
    points = np.array(list(h.landmarks.values()))
    assert len(points) == 9 and len(np.unique(points.round(3), axis=0)) == 9
    assert np.max(np.abs(h.grad(points))) < 1e-9
    kinds = np.array(critical.LABELS)[critical.classify_hessian(h.hess(points))]
    expected = [next(k for k in ("minimum", "maximum", "saddle") if k in n) for n in names]
    assert kinds.tolist() == expected
    assert names.count("saddle 1") == 1 and sum("saddle" in n for n in names) == 4
    np.testing.assert_allclose(h.landmarks["local maximum"], [-0.270845, -0.923039], atol=1e-6)
    np.testing.assert_allclose(h.landmarks["saddle 3"], [-3.073026, -0.081353], atol=1e-6)


def test_beale_minimizer_and_known_value():
    b = beale()
    assert b.value(np.array([3.0, 0.5])) == 0.0
    assert b.value(np.array([0.0, 0.0])) == pytest.approx(1.5**2 + 2.25**2 + 2.625**2)
    x = np.array([[1.0, 0.0], [-2.0, 0.0]])  # y = 0: the y**(i-2) term must not produce nan
    assert np.all(np.isfinite(b.hess(x)))
    assert_close_fd(b.hess(x), finite_diff.hessian(b.grad, x))


# --------------------------------------------------------------------------- cliff


def test_cliff_derivatives_on_the_wall_face():
    c = cliff()
    x = np.stack([np.linspace(-0.1, 0.1, 41), np.linspace(-1.0, 1.0, 41)], axis=-1)
    assert_close_fd(c.grad(x), finite_diff.gradient(c.value, x, h=1e-7))
    assert_close_fd(c.hess(x), finite_diff.hessian(c.grad, x, h=1e-7))
    assert np.max(np.abs(c.grad(x)[:, 0])) > 90  # about h / (2w) = 100 on the face


def test_cliff_has_one_minimizer_at_the_foot_of_the_wall():
    c = cliff()
    ((x_star, y_star),) = c.minimizers
    assert -0.1 < x_star < 0 and y_star == 0.0
    # the wall rises by `height` over a few widths
    rise = c.value(np.array([0.1, 0.0])) - c.value(np.array([-0.1, 0.0]))
    assert rise == pytest.approx(4.0, abs=0.3)


def gradient_descent(obj, x0, lr, steps, clip=None):
    """Plain GD, optionally with the gradient norm clipped at ``clip``; returns (steps+1, B, d)."""
    x = np.array(x0, dtype=float)
    path = [x]
    for _ in range(steps):
        g = obj.grad(x)
        if clip is not None:
            norm = np.linalg.norm(g, axis=-1, keepdims=True)
            g = g * np.minimum(1.0, clip / np.maximum(norm, 1e-300))
        x = x - lr * g
        path.append(x)
    return np.array(path)


def test_cliff_throws_plain_gd_off_the_chart_but_not_clipped_gd():
    c = cliff()
    rng = np.random.default_rng(5)
    starts = np.stack([rng.uniform(-3.0, -0.5, 50), rng.uniform(-2.0, 2.0, 50)], axis=-1)
    (xlo, xhi), _ = c.bounds
    for lr in (0.08, 0.1, 0.15):
        plain = gradient_descent(c, starts, lr, 150)
        # every run is thrown far off the chart to the left; how far depends on rounding (a run that
        # reaches x = -6.7 with NumPy 2.4 stops at -4.9 with NumPy 1.26), so the margin is one unit
        assert np.all(np.min(plain[..., 0], axis=0) < xlo - 1.0)
        clipped = gradient_descent(c, starts, lr, 150, clip=1.0)
        assert np.all((clipped[..., 0] >= xlo) & (clipped[..., 0] <= xhi))
        # after the walk to the wall, clipped runs stay within a few steps of the foot
        assert np.max(np.abs(clipped[60:, :, 0] - c.minimizers[0, 0])) < 3 * lr


def test_cliff_rejects_bad_parameters():
    with pytest.raises(ValueError, match=r"width must be in \[1e-06, 1e\+06\]"):
        cliff(width=0.0)
    with pytest.raises(ValueError, match=r"height must be in \(0, 1e\+06\]"):
        cliff(height=-1.0)


# --------------------------------------------------------------------------- plateau


def test_plateau_gradient_is_tiny_but_not_zero_on_the_plain():
    p = plateau()
    angles = np.linspace(0, 2 * np.pi, 16, endpoint=False)
    far = 4.5 * np.stack([np.cos(angles), np.sin(angles)], axis=-1)
    norms = np.linalg.norm(p.grad(far), axis=-1)
    assert np.all((norms > 0) & (norms < 1e-3))
    assert np.all(p.value(far) > 0.99)
    # the gradient points straight away from the minimizer (descent leads home)
    np.testing.assert_allclose(p.grad(far) / norms[:, None], far / 4.5, atol=1e-12)


def test_plateau_rejects_bad_width():
    with pytest.raises(ValueError, match=r"width must be in \[1e-100, 1e\+100\]"):
        plateau(width=np.nan)
