"""propagation and continuation: every formula against a direct computation or its theory; bad input."""

import numpy as np
import pytest

from lecturekit import continuation, nn, propagation
from lecturekit.objectives import landscapes


def test_preactivation_variance_matches_the_empirical_variance():
    rng = np.random.default_rng(0)
    n, var_w = 200, 0.02
    W = rng.normal(scale=np.sqrt(var_w), size=(2000, n))
    x = rng.normal(scale=1.5, size=(2000, n))
    measured = np.var((W * x).sum(axis=1))
    assert measured == pytest.approx(propagation.preactivation_variance(n, var_w, 1.5**2), rel=0.08)


def test_scheme_variances_and_glorot_bound():
    assert propagation.scheme_variance("lecun", 100, 50) == pytest.approx(0.01)
    assert propagation.scheme_variance("glorot", 100, 50) == pytest.approx(2 / 150)
    assert propagation.scheme_variance("he", 100, 50) == pytest.approx(0.02)
    r = propagation.glorot_bound(100, 50)
    assert r**2 / 3 == pytest.approx(2 / 150)
    assert propagation.glorot_bound(100, 50, misprint=True) / r == pytest.approx(np.sqrt(6))


def test_propagate_he_preserves_relu_and_small_scale_vanishes():
    rng = np.random.default_rng(1)
    X = rng.standard_normal((128, 128))
    he = propagation.propagate(propagation.deep_weights(rng, 4, 10, 128, nn.init.he_normal), X, "relu")
    ratio = he.pre_msq.mean(axis=0)[-1] / he.pre_msq.mean(axis=0)[0]
    assert 0.5 < ratio < 2.0
    lecun = propagation.propagate(propagation.deep_weights(rng, 4, 10, 128, nn.init.lecun_normal), X, "relu")
    assert lecun.pre_msq.mean(axis=0)[-1] / lecun.pre_msq.mean(axis=0)[0] == pytest.approx(0.5**9, rel=0.5)
    # per layer, E[a_l^2] = n Var(w) E[h_{l-1}^2] within sampling error
    pred = propagation.preactivation_variance(128, 2 / 128, he.act_msq[:, :-1]).mean(axis=0)
    np.testing.assert_allclose(he.pre_msq.mean(axis=0), pred, rtol=0.1)


def test_backward_statistics_equal_an_explicit_backprop():
    rng = np.random.default_rng(2)
    Ws = propagation.deep_weights(rng, 1, 3, 5, nn.init.lecun_normal)
    X, g = rng.standard_normal((7, 5)), rng.standard_normal((7, 5))
    p = propagation.propagate(Ws, X, "tanh", g=g)
    hs, d = [X], g
    for W in Ws[0]:
        hs.append(np.tanh(hs[-1] @ W.T))
    for layer in range(2, -1, -1):
        d = ((1 - hs[layer + 1] ** 2) * d) @ Ws[0, layer]
    assert p.grad_std[0, 0] == pytest.approx(d.std())
    assert p.act_std[0, 3] == pytest.approx(hs[3].std())


def test_eigen_power_and_propagated_norms():
    rng = np.random.default_rng(3)
    V = np.eye(3) + 0.3 * rng.standard_normal((3, 3))
    lam = np.array([1.1, 0.5, -0.7])
    W = V @ np.diag(lam) @ np.linalg.inv(V)
    np.testing.assert_allclose(propagation.eigen_power(V, lam, 7), np.linalg.matrix_power(W, 7), atol=1e-12)
    x, g = rng.standard_normal(3), rng.standard_normal(3)
    fwd, bwd = propagation.propagated_norms(V, lam[None], x, g, 7)
    assert fwd[0, 7] == pytest.approx(np.linalg.norm(np.linalg.matrix_power(W, 7) @ x))
    assert bwd[0, 7] == pytest.approx(np.linalg.norm(np.linalg.matrix_power(W, 7).T @ g))


def test_jacobian_spectrum_claims():
    rng = np.random.default_rng(4)
    x = rng.standard_normal(32) / np.sqrt(32)
    ortho = propagation.jacobian_singular_values(propagation.deep_weights(rng, 4, 20, 32, nn.init.orthogonal), x)
    np.testing.assert_allclose(ortho, 1.0, atol=1e-10)
    gauss = propagation.jacobian_singular_values(propagation.deep_weights(rng, 4, 20, 32, nn.init.lecun_normal), x)
    assert gauss.max() / gauss.min() > 1e6
    Ws = propagation.deep_weights(rng, 1, 4, 6, nn.init.lecun_normal)
    J = propagation.input_output_jacobian(Ws, x[:6], "tanh")[0]
    eps = 1e-6
    e = np.zeros(6)
    e[2] = eps

    def out(v):
        h = v
        for W in Ws[0]:
            h = np.tanh(W @ h)
        return h

    np.testing.assert_allclose(J[:, 2], (out(x[:6] + e) - out(x[:6] - e)) / (2 * eps), atol=1e-8)


def test_correlation_through_against_a_direct_loop_and_its_regimes():
    rng = np.random.default_rng(3)
    n = 64
    Ws = propagation.deep_weights(rng, 2, 30, n, nn.init.lecun_normal)
    x1 = rng.standard_normal(n)
    x2 = x1 + 0.3 * rng.standard_normal(n)
    c = propagation.correlation_through(Ws, x1, x2, "tanh")
    # a direct loop over one network
    h1, h2 = x1, x2
    for layer in range(30):
        a1, a2 = Ws[1, layer] @ h1, Ws[1, layer] @ h2
        h1, h2 = np.tanh(a1), np.tanh(a2)
        slopes = np.concatenate([1 - h1**2, 1 - h2**2])
        assert c.chi[1, layer] == pytest.approx(np.sum(Ws[1, layer] ** 2) / n * np.mean(slopes**2))
        assert c.corr[1, layer + 1] == pytest.approx(h1 @ h2 / np.linalg.norm(h1) / np.linalg.norm(h2))
        assert c.q[1, layer + 1] == pytest.approx(np.mean(h1**2))
    # linear orthogonal layers keep the angle exactly and chi = 1
    Q = propagation.deep_weights(rng, 1, 5, n, nn.init.orthogonal)
    lin = propagation.correlation_through(Q, x1, x2, "linear")
    assert np.allclose(lin.corr, lin.corr[0, 0]) and np.allclose(lin.chi, 1.0)
    # ordered below s = 1 (chi < 1, the signal vanishes), chaotic above (chi > 1, the inputs decorrelate)
    ordered = propagation.correlation_through(0.5 * Ws, x1, x2, "tanh")
    chaotic = propagation.correlation_through(3.0 * Ws, x1, x2, "tanh")
    assert np.all(ordered.chi[:, -1] < 0.3) and np.all(ordered.q[:, -1] < 1e-10)
    assert np.all(chaotic.chi[:, -1] > 1.5) and np.all(chaotic.corr[:, -1] < 0.7 * chaotic.corr[:, 0])


def test_smoothing_is_exact_on_a_quadratic_and_continuation_reaches_the_global_minimum():
    from lecturekit.objectives import quadratic

    q = quadratic()  # 2-D; a 1-D check uses bumpy
    assert q.dim == 2
    f = landscapes.bumpy()
    xs = np.linspace(-3, 3, 7)
    np.testing.assert_allclose(continuation.smoothed(f, xs, 0.0), f.value(xs[:, None]), atol=1e-12)
    # E f(x + σz) by Monte Carlo agrees with the quadrature
    z = np.random.default_rng(5).standard_normal(400_000)
    mc = f.value((0.5 + 0.8 * z)[:, None]).mean()
    assert continuation.smoothed(f, 0.5, 0.8) == pytest.approx(mc, abs=0.01)
    h = 1e-5
    num = (continuation.smoothed(f, 0.3 + h, 0.7) - continuation.smoothed(f, 0.3 - h, 0.7)) / (2 * h)
    assert continuation.smoothed_grad(f, 0.3, 0.7) == pytest.approx(num, rel=1e-6)
    plain = continuation.continuation_descent(f, [1.0], [0.0], 0.1, 800)
    cont = continuation.continuation_descent(f, [1.0], [2.0, 1.0, 0.5, 0.0], 0.1, 200)
    assert plain.ends[-1, 0] == pytest.approx(0.6, abs=1e-3)
    assert cont.ends[-1, 0] == pytest.approx(-2.0, abs=1e-3)


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: propagation.preactivation_variance(0, 1.0, 1.0), "fan_in"),
        (lambda: propagation.preactivation_variance(3, -1.0, 1.0), "var_w"),
        (lambda: propagation.scheme_variance("xavier", 3, 3), "scheme"),
        (lambda: propagation.glorot_bound(3, -1), "fan_out"),
        (lambda: propagation.propagate(np.zeros((1, 2, 3, 3)), np.zeros((4, 3)), "elu"), "activation"),
        (lambda: propagation.propagate(np.zeros((2, 3, 3)), np.zeros((4, 3))), "Ws"),
        (lambda: propagation.propagate(np.zeros((1, 2, 3, 3)), np.zeros((4, 2))), "X"),
        (lambda: propagation.eigen_power(np.eye(2), [1.0, 2.0], -1), "t"),
        (lambda: propagation.depth_sweep(np.zeros((1, 2, 3, 3)), np.zeros((4, 3)), "tanh", [3]), "depths"),
        (lambda: propagation.correlation_through(np.zeros((1, 2, 3, 3)), np.ones(3), np.ones(2)), "x2"),
        (lambda: propagation.correlation_through(np.zeros((1, 2, 3, 3)), np.ones(3), np.ones(3), "elu"), "activation"),
        (lambda: propagation.deep_weights(np.random.default_rng(0), 1, 0, 3, nn.init.he_normal), "depth"),
        (lambda: continuation.smoothed(landscapes.bumpy(), 0.0, -1.0), "sigma"),
        (lambda: continuation.continuation_descent(landscapes.bumpy(), [0.0], [1.0], 0.0, 5), "lr"),
        (lambda: continuation.smoothed(landscapes.saddle(), 0.0, 1.0), "f"),
    ],
)
def test_bad_input_names_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_overflowing_jacobian_gives_infinite_singular_values_not_an_svd_error():
    # a 40-layer linear network with weights 1e10 I: the product overflows to inf after ~31 layers
    Ws = np.stack([1e10 * np.eye(2)[None].repeat(40, axis=0), np.eye(2)[None].repeat(40, axis=0)])
    sv = propagation.jacobian_singular_values(Ws, np.ones(2))
    assert np.all(np.isinf(sv[0])) and np.allclose(sv[1], 1.0)


def test_eigen_power_names_a_singular_eigenvector_matrix():
    with pytest.raises(ValueError, match="V must be invertible"):
        propagation.eigen_power(np.ones((2, 2)), np.array([0.5, 0.5]), 3)
