import numpy as np
import pytest

from lecturekit import finite_diff
from lecturekit.critical import LABELS, classify_hessian
from lecturekit.objectives.landscapes import bumpy, monkey_saddle, saddle, two_minima

ALL = [bumpy(), saddle(), monkey_saddle(), two_minima()]


def _random_points(f, rng, shape=(4, 3)):
    lo, hi = np.array(f.bounds, dtype=float).T
    return rng.uniform(lo, hi, size=shape + (f.dim,))


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.name)
def test_derivatives_match_finite_differences(f, rng):
    x = _random_points(f, rng)
    g = f.grad(x)
    H = f.hess(x)
    assert f.value(x).shape == (4, 3) and g.shape == (4, 3, f.dim) and H.shape == (4, 3, f.dim, f.dim)
    np.testing.assert_allclose(g, finite_diff.gradient(f.value, x), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(H, finite_diff.hessian(f.grad, x), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(H, np.swapaxes(H, -1, -2))


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.name)
def test_batched_call_equals_pointwise_calls(f, rng):
    x = _random_points(f, rng, (5,))
    for i in range(5):
        np.testing.assert_array_equal(f.value(x)[i], f.value(x[i]))
        np.testing.assert_array_equal(f.grad(x)[i], f.grad(x[i]))


@pytest.mark.parametrize("f", ALL, ids=lambda f: f.name)
def test_landmarks_are_what_their_names_say(f):
    for name, point in f.landmarks.items():
        if name == "plateau":
            g = abs(f.grad(point)[0])
            assert 0 < g < 0.1  # tiny slope, but not a critical point
            continue
        np.testing.assert_allclose(f.grad(point), 0, atol=1e-10)
        label = LABELS[classify_hessian(f.hess(point), tol=1e-8)]
        special = {"flat inflection": "inconclusive", "monkey saddle": "inconclusive"}
        expected = special[name] if name in special else next(k for k in ("minimum", "maximum", "saddle") if k in name)
        assert label == expected, name


def test_bumpy_minimizers_and_global_minimum():
    f = bumpy()
    values = f.value(f.minimizers)
    assert f.minimum == pytest.approx(values.min(), abs=1e-12)
    assert np.argmin(values) == 0  # the left minimum is the global one
    ((lo, hi),) = f.bounds
    xs = np.linspace(lo, hi, 10_001)[:, None]
    assert f.value(xs).min() >= f.minimum - 1e-12
    # the right-hand plateau approaches the promised height
    assert f.value(np.array([40.0])) == pytest.approx(3.0, rel=1e-6)


def test_bumpy_flat_inflection_keeps_its_slope_sign():
    f = bumpy()
    x = f.landmarks["flat inflection"][0]
    g = f.grad(np.array([[x - 0.05], [x + 0.05]]))[:, 0]
    assert np.all(g > 0)


def test_two_minima_global_is_lower_and_critical_points_are_roots():
    f = two_minima(tilt=0.4)
    lm = f.landmarks
    assert f.value(lm["global minimum"]) < f.value(lm["local minimum"])
    assert lm["global minimum"][0] < lm["saddle"][0] < lm["local minimum"][0]


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(tilt=0.0), "tilt"),
        (dict(tilt=2.0), "tilt"),
        (dict(stiffness=-1.0), "stiffness"),
        (dict(bend=float("nan")), "bend"),
    ],
)
def test_two_minima_rejects_bad_parameters(kwargs, match):
    with pytest.raises(ValueError, match=match):
        two_minima(**kwargs)


def test_bumpy_rejects_unordered_landmarks():
    with pytest.raises(ValueError, match="minimum_at < maximum_at"):
        bumpy(minimum_at=1.0, maximum_at=0.0)
    with pytest.raises(ValueError, match="height"):
        bumpy(height=-1)


def test_wrong_point_shape_names_the_expected_shape():
    with pytest.raises(ValueError, match=r"\(\.\.\., 2\)"):
        saddle().value(np.zeros(3))
    with pytest.raises(ValueError, match=r"\(\.\.\., 1\)"):
        bumpy().grad(1.0)


def test_grid_shapes():
    axes, pts, vals = two_minima().grid(50)
    assert pts.shape == (50, 50, 2) and vals.shape == (50, 50)
    axes, pts, vals = bumpy().grid(30)
    assert pts.shape == (30, 1) and vals.shape == (30,)
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        bumpy().grid(1)
