"""Tests for nn.network, convexity, random_matrices, finite_diff and style."""

import base64
import math
from itertools import permutations

import numpy as np
import pytest

from lecturekit import convexity, finite_diff, nn, random_matrices, style
from lecturekit.objectives.landscapes import bumpy, saddle

# --- network ---------------------------------------------------------------------------


def test_every_permutation_of_hidden_units_gives_the_same_function(rng):
    params = nn.init_two_layer(rng, d=3, h=4, o=2)
    X = rng.normal(size=(50, 3))
    perms = np.array(list(permutations(range(4))))
    assert len(perms) == math.factorial(4)
    outputs = nn.forward(nn.permute_hidden(params, perms), X)  # (24, 50, 2)
    assert outputs.shape == (24, 50, 2)
    np.testing.assert_allclose(outputs, np.broadcast_to(nn.forward(params, X), outputs.shape), atol=1e-12)
    # ...while the parameter vectors differ
    W1s = nn.permute_hidden(params, perms).W1.reshape(24, -1)
    assert len(np.unique(W1s, axis=0)) == 24


def test_permute_hidden_single_matches_batch(rng):
    params = nn.init_two_layer(rng, 2, 3, 1)
    perm = np.array([2, 0, 1])
    one = nn.permute_hidden(params, perm)
    batch = nn.permute_hidden(params, perm[None])
    for a, b in zip(one, batch):
        np.testing.assert_array_equal(a, b[0])
    np.testing.assert_array_equal(one.W1, params.W1[[2, 0, 1]])
    np.testing.assert_array_equal(one.W2, params.W2[:, [2, 0, 1]])


def test_network_bad_input(rng):
    params = nn.init_two_layer(rng, 2, 3, 1)
    with pytest.raises(ValueError, match="permutation of 0..2"):
        nn.permute_hidden(params, [0, 0, 1])
    with pytest.raises(ValueError, match=r"X must be shaped \(n, 2\)"):
        nn.forward(params, np.zeros((4, 3)))
    with pytest.raises(ValueError, match="h must be an integer >= 1"):
        nn.init_two_layer(rng, 2, 0, 1)
    with pytest.raises(ValueError, match="Generator"):
        nn.init_two_layer(0, 2, 3, 1)


# --- convexity -------------------------------------------------------------------------


def test_chord_gap_of_a_convex_quadratic_is_exact(rng):
    f = lambda x: (x**2).sum(-1)  # noqa: E731
    a, b = rng.normal(size=(2, 100, 3))
    t = rng.uniform(size=(100, 1))
    # for |x|^2 the gap is t (1 - t) |a - b|^2
    np.testing.assert_allclose(convexity.chord_gap(f, a, b, t), (t * (1 - t))[:, 0] * ((a - b) ** 2).sum(-1))


def test_worst_chord_finds_nonconvexity_and_none_for_convex(rng):
    gap, a, b, t = convexity.worst_chord(bumpy(), rng, n=5000)
    assert gap < 0
    assert convexity.chord_gap(bumpy(), a, b, np.array([t])) == pytest.approx(gap)
    convex_gap, *_ = convexity.worst_chord(lambda_obj(), rng, n=5000)
    assert convex_gap >= -1e-12


def lambda_obj():
    class Bowl:
        bounds = ((-1, 1), (-1, 1))

        def value(self, x):
            return (x**2).sum(-1)

    return Bowl()


def test_convexity_bad_input(rng):
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        convexity.chord_gap(saddle(), np.zeros(2), np.ones(2), np.array([1.5]))
    with pytest.raises(ValueError, match="Generator"):
        convexity.worst_chord(saddle(), 42)


# --- random matrices -------------------------------------------------------------------


def test_random_symmetric_is_symmetric_with_goe_variances(rng):
    H = random_matrices.random_symmetric(rng, 200_000, 2)
    np.testing.assert_array_equal(H, np.swapaxes(H, -1, -2))
    assert H[:, 0, 0].var() == pytest.approx(1.0, rel=0.02)
    assert H[:, 0, 1].var() == pytest.approx(0.5, rel=0.02)


def test_fraction_positive_definite(rng):
    frac = random_matrices.fraction_positive_definite(rng, [1, 2, 3], n=200_000)
    assert frac[0] == pytest.approx(0.5, abs=0.01)  # a 1x1 matrix: the sign of one normal
    assert np.all(np.diff(frac) < 0)
    assert frac[2] < 0.125  # rarer than independent coin flips (2^-3)


def test_random_matrices_bad_input(rng):
    with pytest.raises(ValueError, match="dims"):
        random_matrices.fraction_positive_definite(rng, [0, 2])
    with pytest.raises(ValueError, match="n must be"):
        random_matrices.random_symmetric(rng, 0, 2)


# --- finite differences ----------------------------------------------------------------


def test_finite_differences_on_a_known_function(rng):
    f = lambda x: np.sin(x[..., 0]) * x[..., 1] ** 2  # noqa: E731
    x = rng.normal(size=(7, 2))
    g = np.stack([np.cos(x[:, 0]) * x[:, 1] ** 2, 2 * np.sin(x[:, 0]) * x[:, 1]], -1)
    np.testing.assert_allclose(finite_diff.gradient(f, x), g, atol=1e-8)
    F = lambda x: np.stack([x[..., 0] * x[..., 1], x[..., 0] + 3 * x[..., 1], x[..., 1]], -1)  # noqa: E731
    J = finite_diff.jacobian(F, x)
    assert J.shape == (7, 3, 2)
    np.testing.assert_allclose(J[:, 0], np.stack([x[:, 1], x[:, 0]], -1), atol=1e-8)
    np.testing.assert_allclose(J[:, 1], np.broadcast_to([1.0, 3.0], (7, 2)), atol=1e-8)
    with pytest.raises(ValueError, match=r"h must be in \(0, 1e\+100\]"):
        finite_diff.gradient(f, x, h=0)


# --- style -----------------------------------------------------------------------------


def test_use_style_and_errors():
    import matplotlib as mpl

    style.use_style("talk", dpi=100)
    assert mpl.rcParams["figure.dpi"] == 100
    with pytest.raises(ValueError, match="context must be one of"):
        style.use_style("huge")
    with pytest.raises(ValueError, match="dpi"):
        style.use_style(dpi=5)
    style.use_style()


def test_show_image_shows_the_package_resources_and_names_the_missing_one(ipython):
    from IPython.utils.capture import capture_output

    assert {"saddle_surfaces.png", "race.gif"} <= set(style.available_images())
    for name, mime, magic in (("saddle_surfaces.png", "image/png", b"\x89PNG"), ("race.gif", "image/gif", b"GIF8")):
        with capture_output() as captured:
            style.show_image(name)
        assert captured.outputs and mime in captured.outputs[0].data, name
        shown = captured.outputs[0].data[mime]
        assert (shown if isinstance(shown, bytes) else base64.b64decode(shown)).startswith(magic)
    with pytest.raises(ValueError, match="no image 'nope.png' in lecturekit's resources"):
        style.show_image("nope.png")
    with pytest.raises(ValueError, match="no image"):
        style.show_image("../README.md")


def test_goe_large_deviation_rate():
    d = np.array([1.0, 2.0, 5.0])
    np.testing.assert_allclose(random_matrices.goe_large_deviation(d), 3.0 ** (-(d**2) / 4))
