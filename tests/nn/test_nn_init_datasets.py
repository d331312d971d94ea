"""Tests for nn.init (each scheme's promised variance, bound, orthogonality, sparsity) and
nn.datasets (shapes, balance, geometry, reproducibility, grids)."""

import functools

import numpy as np
import pytest

from lecturekit import nn
from lecturekit.nn import datasets, init

FAN_IN, FAN_OUT, BATCH = 60, 40, 200  # 480,000 weights per scheme: variances within ~0.5 %

VARIANCE = {
    "lecun_normal": 1 / FAN_IN,
    "glorot_uniform": 2 / (FAN_IN + FAN_OUT),
    "glorot_normal": 2 / (FAN_IN + FAN_OUT),
    "he_normal": 2 / FAN_IN,
    "he_uniform": 2 / FAN_IN,
    "orthogonal": 1 / max(FAN_IN, FAN_OUT),
}


@pytest.mark.parametrize("name", sorted(VARIANCE))
def test_each_scheme_has_its_promised_variance_and_zero_mean(rng, name):
    W = getattr(init, name)(rng, BATCH, FAN_IN, FAN_OUT)
    assert W.shape == (BATCH, FAN_OUT, FAN_IN)
    np.testing.assert_allclose(W.var(), VARIANCE[name], rtol=0.02)
    assert abs(W.mean()) < 4 * np.sqrt(VARIANCE[name] / W.size)
    W2 = getattr(init, name)(rng, BATCH, FAN_IN, FAN_OUT, gain=2.0)
    np.testing.assert_allclose(W2.var(), 4 * VARIANCE[name], rtol=0.02)


def test_fixed_scale_schemes(rng):
    np.testing.assert_allclose(init.normal(rng, BATCH, FAN_IN, FAN_OUT, scale=0.1).var(), 0.01, rtol=0.02)
    U = init.uniform(rng, BATCH, FAN_IN, FAN_OUT, scale=0.3)
    np.testing.assert_allclose(U.var(), 0.09 / 3, rtol=0.02)
    assert np.abs(U).max() <= 0.3
    np.testing.assert_array_equal(init.zeros(rng, 2, 3, 4), np.zeros((2, 4, 3)))
    np.testing.assert_array_equal(init.constant(rng, 2, 3, 4, 0.5), np.full((2, 4, 3), 0.5))


def test_glorot_uniform_bound_has_the_six_under_the_root(rng):
    W = init.glorot_uniform(rng, BATCH, FAN_IN, FAN_OUT)
    bound = np.sqrt(6 / (FAN_IN + FAN_OUT))
    assert np.abs(W).max() <= bound
    assert np.abs(W).max() > 0.999 * bound  # the bound is reached: not the printed 6 / sqrt(m + n)
    W = init.he_uniform(rng, BATCH, FAN_IN, FAN_OUT)
    assert 0.999 * np.sqrt(6 / FAN_IN) < np.abs(W).max() <= np.sqrt(6 / FAN_IN)


@pytest.mark.parametrize("fan_in, fan_out", [(5, 5), (7, 3), (3, 7)])
def test_orthogonal_rows_or_columns_are_orthonormal(rng, fan_in, fan_out):
    W = init.orthogonal(rng, 50, fan_in, fan_out, gain=1.5)
    gram = W @ np.swapaxes(W, -1, -2) if fan_out <= fan_in else np.swapaxes(W, -1, -2) @ W
    np.testing.assert_allclose(gram, np.broadcast_to(2.25 * np.eye(min(fan_in, fan_out)), gram.shape), atol=1e-12)


def test_orthogonal_is_haar_distributed_thanks_to_the_sign_fix(rng):
    # Haar: every entry has mean 0, in particular the diagonal (QR without the sign fix
    # returns a diagonal biased to one sign), and Q and -Q are equally likely.
    W = init.orthogonal(rng, 20000, 3, 3)
    diag = np.diagonal(W, axis1=-2, axis2=-1)
    assert np.all(np.abs(diag.mean(axis=0)) < 4 * np.sqrt(1 / 3 / 20000))
    np.testing.assert_allclose(np.mean(np.linalg.det(W) > 0), 0.5, atol=0.02)
    q, _ = np.linalg.qr(rng.standard_normal((20000, 3, 3)))  # the unfixed construction is biased
    assert np.abs(np.diagonal(q, axis1=-2, axis2=-1).mean(axis=0)).max() > 0.1


def test_sparse_has_k_nonzero_incoming_weights_per_unit(rng):
    W = init.sparse(rng, 100, FAN_IN, FAN_OUT, k=15)
    np.testing.assert_array_equal((W != 0).sum(axis=-1), 15)
    np.testing.assert_allclose(W[W != 0].var(), 1.0, rtol=0.02)
    # every input is equally likely to be chosen
    counts = (W != 0).sum(axis=(0, 1))
    assert counts.min() > 0.8 * counts.mean() and counts.max() < 1.2 * counts.mean()
    np.testing.assert_array_equal((init.sparse(rng, 2, 4, 3, k=15) != 0).sum(-1), 4)  # fan_in < k: all


def test_bias_initializers(rng):
    np.testing.assert_array_equal(init.constant_bias(rng, 2, 3, 0.1), np.full((2, 3), 0.1))
    y = np.array([0, 1, 1, 2, 2, 2])
    b = init.prior_bias(y, "softmax_cross_entropy")
    np.testing.assert_allclose(np.exp(b) / np.exp(b).sum(), [1 / 6, 2 / 6, 3 / 6])
    b = init.prior_bias(np.array([0, 1, 1, 1]), "logistic")
    np.testing.assert_allclose(1 / (1 + np.exp(-b)), [0.75])
    np.testing.assert_allclose(init.prior_bias(np.array([[1.0, 2.0], [3.0, 4.0]]), "mse"), [2.0, 3.0])
    with pytest.raises(ValueError, match="every class 0..2 must occur"):
        init.prior_bias(np.array([0, 2]), "softmax_cross_entropy")


def test_network_init_with_per_layer_schemes_and_a_prior_output_bias(rng):
    data = datasets.blobs(rng, n=30)
    net = nn.mlp(data.X, data.y, (2, 50, 50, 3), "relu")
    w = net.init(
        rng,
        4,
        weights=[init.he_normal, init.orthogonal, init.zeros],
        biases=[0.1, functools.partial(init.constant_bias, value=0.2), 0.0],
        output_bias=init.prior_bias(net.y, net.loss),
    )
    layers = net.unflatten(w)
    np.testing.assert_allclose(layers[0].W.var(), 2 / 2, rtol=0.25)
    np.testing.assert_allclose(
        layers[1].W @ np.swapaxes(layers[1].W, -1, -2), np.broadcast_to(np.eye(50), (4, 50, 50)), atol=1e-12
    )
    np.testing.assert_array_equal(layers[2].W, 0)
    np.testing.assert_array_equal(layers[0].b, 0.1)
    np.testing.assert_array_equal(layers[1].b, 0.2)
    # zero last weights + prior bias: the untrained network predicts the class frequencies
    np.testing.assert_allclose(net.proba(w), np.broadcast_to(np.bincount(data.y) / 30, (4, 30, 3)))
    # the same seed gives the same networks
    np.testing.assert_array_equal(net.init(np.random.default_rng(1), 2), net.init(np.random.default_rng(1), 2))


def test_init_bad_input(rng):
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        init.he_normal(np.random.RandomState(0), 2, 3, 4)
    with pytest.raises(ValueError, match="fan_in must be an integer >= 1"):
        init.glorot_uniform(rng, 2, 0, 4)
    with pytest.raises(ValueError, match="gain must be in"):
        init.lecun_normal(rng, 2, 3, 4, gain=-1)
    with pytest.raises(ValueError, match="scale must be in"):
        init.normal(rng, 2, 3, 4, scale=-0.1)
    with pytest.raises(ValueError, match="k must be an integer >= 1"):
        init.sparse(rng, 2, 3, 4, k=0)
    with pytest.raises(ValueError, match="loss must be one of"):
        init.prior_bias(np.array([0, 1]), "hinge")


# --------------------------------------------------------------------------- data sets

GENERATORS = [datasets.two_spirals, datasets.circles, datasets.xor, datasets.moons, datasets.blobs]


@pytest.mark.parametrize("make", GENERATORS)
def test_data_sets_are_balanced_shuffled_and_reproducible(make):
    data = make(np.random.default_rng(3), n=101)
    assert data.X.shape == (101, 2) and data.y.shape == (101,)
    counts = np.bincount(data.y)
    assert counts.max() - counts.min() <= 1
    assert not np.all(np.diff(data.y) >= 0)  # shuffled
    again = make(np.random.default_rng(3), n=101)
    np.testing.assert_array_equal(data.X, again.X)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        make(3)
    with pytest.raises(ValueError, match="noise must be in"):
        make(np.random.default_rng(0), noise=-1)


def test_data_set_geometry_without_noise(rng):
    c = datasets.circles(rng, n=100, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.linalg.norm(c.X, axis=1), np.where(c.y == 0, 1.0, 0.3))
    s = datasets.two_spirals(rng, n=100, noise=0.0, turns=1.0)
    r = np.linalg.norm(s.X, axis=1)
    angle = np.arctan2(s.X[:, 1], s.X[:, 0])  # theta = 2 pi r + pi y (mod 2 pi)
    np.testing.assert_allclose(np.cos(angle - 2 * np.pi * r - np.pi * s.y), 1.0, atol=1e-9)
    x = datasets.xor(rng, n=100, noise=0.0)
    assert set(map(tuple, x.X)) == {(-1, -1), (1, 1), (-1, 1), (1, -1)}
    np.testing.assert_array_equal(x.y, (x.X[:, 0] * x.X[:, 1] < 0).astype(int))
    m = datasets.moons(rng, n=100, noise=0.0)
    np.testing.assert_allclose(np.linalg.norm(m.X[m.y == 0], axis=1), 1.0)
    np.testing.assert_allclose(np.linalg.norm(m.X[m.y == 1] - [1.0, 0.5], axis=1), 1.0)
    b = datasets.blobs(rng, n=9, noise=0.0, centres=[[0, 0], [5, 5], [-5, 5]])
    np.testing.assert_array_equal(b.X, np.array([[0, 0], [5, 5], [-5, 5]])[b.y])


def test_grid_is_row_major_over_the_padded_box():
    X = np.array([[0.0, 0.0], [2.0, 1.0]])
    g = datasets.grid(X, n=5, margin=0.5)
    np.testing.assert_allclose([g.xs[0], g.xs[-1], g.ys[0], g.ys[-1]], [-1.0, 3.0, -0.5, 1.5])
    assert g.points.shape == (25, 2)
    np.testing.assert_allclose(g.points[2 * 5 + 3], [g.xs[3], g.ys[2]])
    with pytest.raises(ValueError, match=r"X must be a finite array of 2-D points"):
        datasets.grid(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="n must be an integer >= 2"):
        datasets.grid(X, n=1)


def test_data_set_bad_parameters(rng):
    with pytest.raises(ValueError, match=r"factor must be in \(0, 1\)"):
        datasets.circles(rng, factor=1.0)
    with pytest.raises(ValueError, match="turns must be in"):
        datasets.two_spirals(rng, turns=0)
    with pytest.raises(ValueError, match=r"centres must be a finite array \(K, 2\)"):
        datasets.blobs(rng, centres=[[0, 0]])
    with pytest.raises(ValueError, match="n must be an integer >= 4"):
        datasets.xor(rng, n=3)


# --------------------------------------------------------------------------- bad input (issue 17)


@pytest.mark.parametrize("name", ["zeros", "normal", "uniform", "glorot_uniform", "he_normal", "orthogonal", "sparse"])
def test_initializers_cap_their_size(rng, name):
    scheme = getattr(init, name)
    for args in ((10**12, 3, 4), (2, 10**12, 4), (2, 3, 10**12)):
        with pytest.raises(ValueError, match=r"batch \* fan_out \* fan_in asks for .* capped"):
            scheme(rng, *args)
    assert scheme(rng, 2, 3, 4).shape == (2, 4, 3)


def test_initializer_scales_are_single_finite_numbers(rng):
    with pytest.raises(ValueError, match=r"\bscale must be a single real number"):
        init.normal(rng, 2, 3, 4, scale=np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"\bgain must be in \(0, 1e\+100\]"):
        init.he_normal(rng, 2, 3, 4, gain=1e308)
    with pytest.raises(ValueError, match=r"\bvalue must be"):
        init.constant(rng, 2, 3, 4, value=True)
    with pytest.raises(ValueError, match=r"\bn_classes"):
        init.prior_bias(np.array([0, 1, 1]), "softmax_cross_entropy", n_classes=10**12)
    with pytest.raises(ValueError, match=r"\by must be"):
        init.prior_bias(np.array(["0", "1"]), "logistic")


@pytest.mark.parametrize("make", [datasets.xor, datasets.moons, datasets.circles, datasets.two_spirals, datasets.blobs])
def test_data_sets_cap_n_and_reject_non_numbers(rng, make):
    with pytest.raises(ValueError, match=r"\bn asks for .* capped"):
        make(rng, n=10**12)
    with pytest.raises(ValueError, match=r"\bnoise must be"):
        make(rng, n=8, noise=np.full((2, 1), 0.1))
    assert make(rng, n=8).X.shape == (8, 2)


def test_grid_checks_its_points_size_and_margin(rng):
    X = rng.normal(size=(5, 2))
    with pytest.raises(ValueError, match=r"\bX must be"):
        datasets.grid(X.astype(bool))
    with pytest.raises(ValueError, match=r"\bn asks for .* capped"):
        datasets.grid(X, n=10**6)
    with pytest.raises(ValueError, match=r"\bmargin = 1e\+308 widens"):
        datasets.grid(X, margin=1e308)
    with pytest.raises(ValueError, match=r"\bcentres must be"):
        datasets.blobs(rng, n=8, centres=[["0", "1"], ["1", "0"]])
