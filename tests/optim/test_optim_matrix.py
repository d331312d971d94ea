"""Newton-Schulz against the SVD's polar factor; Muon, Shampoo and Lion against plain transcriptions
of their algorithm boxes (Jordan et al. 2024's reference and PyTorch's documented Muon; Gupta,
Koren & Singer 2018 alg. 1; Chen et al. 2023 alg. 2); the per-layer split of a network.

The transcriptions work on one matrix (or one coordinate, in Python floats) at a time, with the
names and order of operations of the box; starting points and data come from explicit Generators.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from lecturekit import nn, optim
from lecturekit.objectives import Objective

T = 12


def polar(G):
    U, _, Vt = np.linalg.svd(G, full_matrices=False)
    return U @ Vt


def matrix_least_squares(rng, m, n, k=7) -> Objective:
    """f(W) = ½‖A W − C‖²_F / k for W (m, n) stored flat, row-major; A (k, m) badly scaled."""
    A = rng.standard_normal((k, m)) * np.geomspace(1.0, 10.0, m)
    C = rng.standard_normal((k, n))

    def value(w):
        W = w.reshape(w.shape[:-1] + (m, n))
        R = A @ W - C
        return 0.5 * np.einsum("...ij,...ij->...", R, R) / k

    def grad(w):
        W = w.reshape(w.shape[:-1] + (m, n))
        return (A.T @ (A @ W - C) / k).reshape(w.shape)

    return Objective("matrix least squares", m * n, value, grad, lambda w: None)


# ------------------------------------------------------------------ Newton-Schulz


@pytest.mark.parametrize("shape", [(6, 4), (4, 6), (5, 5)])
def test_cubic_newton_schulz_converges_to_the_polar_factor(shape):
    rng = np.random.default_rng(1)
    G = rng.standard_normal((5,) + shape) + 3.0 * np.eye(*shape)  # well-conditioned matrices
    X = optim.newton_schulz(G, steps=40, coefficients="cubic")
    np.testing.assert_allclose(X, polar(G), atol=1e-12)


@pytest.mark.parametrize("shape", [(32, 16), (16, 32), (20, 20)])
def test_quintic_keeps_the_singular_vectors_and_lands_in_the_stated_band(shape):
    rng = np.random.default_rng(2)
    G = rng.standard_normal((8,) + shape)
    X = optim.newton_schulz(G)  # five quintic steps
    U, s, Vt = np.linalg.svd(G, full_matrices=False)
    # X = U p(S) V^T: rotated into G's singular bases it is diagonal ...
    D = np.swapaxes(U, -1, -2) @ X @ np.swapaxes(Vt, -1, -2)
    off = D - np.einsum("...ii->...i", D)[..., None] * np.eye(D.shape[-1])
    assert np.abs(off).max() < 1e-10
    # ... with the polynomial's values on the diagonal, in the docstring's band.
    sx = np.linalg.svd(X, compute_uv=False)
    assert 0.6818 <= sx.min() and sx.max() <= 1.2024
    assert np.abs(sx - 1).max() > 0.1  # and it is a band, not the polar factor (whose values are all 1)
    # Five cubic steps leave the small singular values of these Gaussian matrices below the band.
    assert np.linalg.svd(optim.newton_schulz(G, coefficients="cubic"), compute_uv=False).min() < 0.6
    y = s / np.linalg.norm(G, axis=(-2, -1))[..., None]
    for _ in range(5):
        y = 3.4445 * y - 4.7750 * y**3 + 2.0315 * y**5
    np.testing.assert_allclose(np.einsum("...ii->...i", D), y, atol=1e-10)


def test_the_stated_band_of_the_quintic_polynomial():
    sigma = np.geomspace(0.002, 1.0, 100_001)
    y = sigma.copy()
    for _ in range(5):
        y = 3.4445 * y - 4.7750 * y**3 + 2.0315 * y**5
    assert 0.6818 < y.min() < 0.6819 and 1.2023 < y.max() < 1.2024
    for _ in range(45):
        y = 3.4445 * y - 4.7750 * y**3 + 2.0315 * y**5
    assert 0.6818 < y.min() < 0.6819 and 1.1343 < y.max() < 1.1344


def test_newton_schulz_is_batched_transposes_and_keeps_zero():
    rng = np.random.default_rng(3)
    G = rng.standard_normal((4, 7, 3))
    X = optim.newton_schulz(G)
    for b in range(4):
        np.testing.assert_allclose(X[b], optim.newton_schulz(G[b]), atol=1e-14)
    np.testing.assert_allclose(optim.newton_schulz(np.swapaxes(G, -1, -2)), np.swapaxes(X, -1, -2), atol=1e-14)
    assert np.all(optim.newton_schulz(np.zeros((2, 3, 4))) == 0)
    with pytest.raises(ValueError, match="coefficients"):
        optim.newton_schulz(G, coefficients="septic")
    with pytest.raises(ValueError, match="G"):
        optim.newton_schulz(np.ones(3))


# ------------------------------------------------------------------ Muon


def ns_plain(G, steps=5, a=3.4445, b=-4.775, c=2.0315, eps=1e-7):
    """The reference's zeropower_via_newtonschulz5, one matrix."""
    X = G.T if G.shape[0] > G.shape[1] else G
    X = X / (np.sqrt((X * X).sum()) + eps)
    for _ in range(steps):
        A = X @ X.T
        B = b * A + c * A @ A
        X = a * X + B @ X
    return X.T if G.shape[0] > G.shape[1] else X


def box_muon_reference(grad, W, lr, beta, wd, steps=T, eps=1e-7):
    """Jordan et al.'s muon_update and step, one matrix: lerp momentum, Nesterov lerp, NS, shape factor."""
    M = np.zeros_like(W)
    path = [W.copy()]
    for _ in range(steps):
        g = grad(W)
        M = M + (1 - beta) * (g - M)  # momentum.lerp_(grad, 1 - beta)
        U = g + beta * (M - g)  # grad.lerp_(momentum, beta)
        ortho = ns_plain(U, eps=eps) * max(1, W.shape[0] / W.shape[1]) ** 0.5
        W = W * (1 - lr * wd)
        W = W - lr * ortho
        path.append(W.copy())
    return path


def box_muon_pytorch(grad, W, lr, mu, wd, adjust="original", steps=T, eps=1e-7):
    """torch.optim.Muon's documented algorithm, one matrix: B <- mu B + g, B~ = g + mu B."""
    Bt = np.zeros_like(W)
    path = [W.copy()]
    A, Bn = W.shape
    for _ in range(steps):
        g = grad(W)
        Bt = mu * Bt + g
        ortho = ns_plain(g + mu * Bt, eps=eps)
        W = W - lr * wd * W
        gamma = lr * (math.sqrt(max(1, A / Bn)) if adjust == "original" else 0.2 * math.sqrt(max(A, Bn)))
        W = W - gamma * ortho
        path.append(W.copy())
    return path


@pytest.mark.parametrize("m, n", [(6, 3), (3, 6)])
def test_muon_matches_the_reference_transcription(m, n):
    rng = np.random.default_rng(4)
    f = matrix_least_squares(rng, m, n)
    x0 = rng.standard_normal((3, m * n))
    traj = optim.run(optim.muon(lr=0.05, momentum=0.9, weight_decay=0.1, shape=(m, n)), f, x0, steps=T)
    for b in range(3):
        path = box_muon_reference(lambda W: f.grad(W.ravel()).reshape(m, n), x0[b].reshape(m, n), 0.05, 0.9, 0.1)
        np.testing.assert_allclose(traj.x[:, b], np.reshape(path, (T + 1, m * n)), atol=1e-12)


@pytest.mark.parametrize("adjust", ["original", "match_rms_adamw"])
def test_muon_matches_pytorchs_documented_box_up_to_eps(adjust):
    # PyTorch's buffer is 1/(1 - mu) times the reference's; NS normalizes that away, except
    # through eps: with eps = 0 the two conventions give the same iterates.
    rng = np.random.default_rng(5)
    m, n = 5, 4
    f = matrix_least_squares(rng, m, n)
    x0 = rng.standard_normal((2, m * n))
    opt = optim.muon(lr=0.03, momentum=0.95, weight_decay=0.2, shape=(m, n), eps=0.0, adjust_lr=adjust)
    traj = optim.run(opt, f, x0, steps=T)
    for b in range(2):
        path = box_muon_pytorch(
            lambda W: f.grad(W.ravel()).reshape(m, n), x0[b].reshape(m, n), 0.03, 0.95, 0.2, adjust, eps=0.0
        )
        np.testing.assert_allclose(traj.x[:, b], np.reshape(path, (T + 1, m * n)), atol=1e-12)


def test_muon_on_matrices_equals_muon_on_flat_vectors_and_batched_equals_separate():
    rng = np.random.default_rng(6)
    G = rng.standard_normal((3, 4, 5))
    W = rng.standard_normal((3, 4, 5))
    flat = optim.muon(0.1, shape=(4, 5))
    mats = optim.muon(0.1)
    u_flat, _ = flat.update(G.reshape(3, 20), flat.init(W.reshape(3, 20)), W.reshape(3, 20))
    u_mat, _ = mats.update(G, mats.init(W), W)
    np.testing.assert_allclose(u_flat.reshape(3, 4, 5), u_mat, atol=1e-15)
    for b in range(3):
        u_b, _ = mats.update(G[b : b + 1], mats.init(W[b : b + 1]), W[b : b + 1])
        np.testing.assert_allclose(u_b[0], u_mat[b], atol=1e-14)


def test_lr_adjustment_values():
    assert optim.lr_adjustment(1024, 512) == pytest.approx(math.sqrt(2))
    assert optim.lr_adjustment(512, 1024) == 1.0
    assert optim.lr_adjustment(1024, 512, "match_rms_adamw") == pytest.approx(6.4)
    assert optim.lr_adjustment(3, 7, "none") == 1.0


def test_muon_refuses_flat_parameters_without_a_shape():
    with pytest.raises(ValueError, match="shape"):
        optim.muon(0.1).init(np.zeros((2, 6)))
    with pytest.raises(ValueError, match="shape"):
        optim.muon(0.1, shape=(2, 2)).init(np.zeros((2, 6)))


# ------------------------------------------------------------------ Shampoo


def box_shampoo(grad, W, eta, eps, steps=T):
    """Gupta, Koren & Singer (2018), algorithm 1, one matrix, roots by eigh."""
    m, n = W.shape
    L, R = eps * np.eye(m), eps * np.eye(n)
    path = [W.copy()]

    def root(M):
        w, V = np.linalg.eigh(M)
        return V @ np.diag(w**-0.25) @ V.T

    for _ in range(steps):
        G = grad(W)
        L = L + G @ G.T
        R = R + G.T @ G
        W = W - eta * root(L) @ G @ root(R)
        path.append(W.copy())
    return path


@pytest.mark.parametrize("m, n", [(4, 3), (2, 5)])
def test_shampoo_matches_its_algorithm_box(m, n):
    rng = np.random.default_rng(7)
    f = matrix_least_squares(rng, m, n)
    x0 = rng.standard_normal((3, m * n))
    lrs = np.array([[0.05], [0.1], [0.2]])  # a sweep, one rate per trajectory
    traj = optim.run(optim.shampoo(lrs, eps=1e-3, shape=(m, n)), f, x0, steps=T)
    for b in range(3):
        path = box_shampoo(lambda W: f.grad(W.ravel()).reshape(m, n), x0[b].reshape(m, n), lrs[b, 0], 1e-3)
        np.testing.assert_allclose(traj.x[:, b], np.reshape(path, (T + 1, m * n)), atol=1e-10)


def test_shampoo_evens_out_a_kronecker_conditioned_problem():
    # f(W) = ½‖P W Q‖²_F with P, Q diagonal (curvatures p_i² q_j² from 1 to 10⁴): gradient descent
    # at rate 1/L barely moves the weak directions in 50 steps; Shampoo (η = 8, the best of a sweep
    # 0.5, 1, ..., 8) evens them out.
    p, q = np.geomspace(1, 10, 4), np.geomspace(1, 10, 3)
    S = np.outer(p, q) ** 2  # the Hessian's diagonal: entries of (P^2 W Q^2)

    def value(w):
        return 0.5 * (S.ravel() * w * w).sum(-1)

    f = Objective("kron", 12, value, lambda w: S.ravel() * w, lambda w: None)
    x0 = np.ones((1, 12))
    sgd = optim.run(optim.sgd(1.0 / S.max()), f, x0, steps=50, record_every=None)
    sham = optim.run(optim.shampoo(8.0, eps=1e-8, shape=(4, 3)), f, x0, steps=50, record_every=None)
    assert sham.loss[-1, 0] < 1e-3 * sgd.loss[-1, 0]
    assert abs(sham.x[-1, 0, 0]) < 0.1 < 0.9 < abs(sgd.x[-1, 0, 0])  # the weakest direction


# ------------------------------------------------------------------ Lion


def box_lion(grad, theta, eta, beta1, beta2, lam, steps=30):
    """Chen et al. (2023), algorithm 2, in Python floats."""
    m = [0.0] * len(theta)
    path = [theta[:]]
    for _ in range(steps):
        g = grad(theta)
        for i in range(len(theta)):
            c = beta1 * m[i] + (1 - beta1) * g[i]
            theta[i] = theta[i] - eta * (math.copysign(1.0, c) * (c != 0) + lam * theta[i])
            m[i] = beta2 * m[i] + (1 - beta2) * g[i]
        path.append(theta[:])
    return path


def test_lion_matches_its_algorithm_box():
    from test_optim_objectives import rosenbrock, rosenbrock_grad_scalar

    rng = np.random.default_rng(8)
    x0 = rng.uniform(-1.5, 1.5, size=(4, 2))
    traj = optim.run(optim.lion(lr=0.01, beta1=0.8, beta2=0.97, weight_decay=0.3), rosenbrock(), x0, steps=30)
    for b in range(4):
        path = box_lion(rosenbrock_grad_scalar, list(x0[b]), 0.01, 0.8, 0.97, 0.3)
        np.testing.assert_allclose(traj.x[:, b], path, atol=1e-12)


def test_lion_with_zero_betas_is_signsgd():
    rng = np.random.default_rng(9)
    g, x = rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    opt = optim.lion(lr=0.1, beta1=0.0, beta2=0.0)
    u, _ = opt.update(g, opt.init(x), x)
    np.testing.assert_array_equal(u, -0.1 * np.sign(g))


# ------------------------------------------------------------------ per-layer split


def test_by_layer_equals_each_optimizer_on_its_own_parameters():
    rng = np.random.default_rng(10)
    data = nn.datasets.xor(rng, n=30, noise=0.2)
    net = nn.mlp(data.X, data.y, sizes=(2, 6, 5, 2), activation="tanh")
    w = net.init(rng, 3, weights=nn.init.glorot_uniform)
    muon, adamw = optim.muon(0.02), optim.adamw(0.01, weight_decay=0.1)
    opt = optim.by_layer(net.layout, muon, adamw)
    state = opt.init(w)
    x = w.copy()
    # By hand: one Muon per hidden W_l (as (B, n_out, n_in)), one AdamW on every other column.
    hidden = net.layout[:-1]
    rest = np.setdiff1d(np.arange(net.dim), np.concatenate([np.arange(net.dim)[s.W] for s in hidden]))
    mats = [x[:, s.W].reshape(3, s.n_out, s.n_in) for s in hidden]
    m_states = [muon.init(M) for M in mats]
    a_state = adamw.init(x[:, rest])
    y = x.copy()
    for _ in range(5):
        g = net.grad(x)
        u, state = opt.update(g, state, x)
        x = x + u
        gy = net.grad(y)
        new = y.copy()
        for i, s in enumerate(hidden):
            shape = (3, s.n_out, s.n_in)
            ui, m_states[i] = muon.update(gy[:, s.W].reshape(shape), m_states[i], y[:, s.W].reshape(shape))
            new[:, s.W] = (y[:, s.W].reshape(shape) + ui).reshape(3, -1)
        ur, a_state = adamw.update(gy[:, rest], a_state, y[:, rest])
        new[:, rest] = y[:, rest] + ur
        y = new
    np.testing.assert_allclose(x, y, atol=1e-13)


def test_partition_checks_its_blocks():
    sgd = optim.sgd(0.1)
    with pytest.raises(ValueError, match="overlap"):
        optim.partition([(sgd, slice(0, 3)), (sgd, slice(2, 4))])
    with pytest.raises(ValueError, match="rest"):
        optim.partition([(sgd, slice(0, 3))]).init(np.zeros((2, 5)))
    with pytest.raises(ValueError, match=r"blocks\[0\]"):
        optim.partition([(optim.muon(0.1), slice(0, 6), (2, 2))])
    opt = optim.partition([(optim.sgd(0.5), slice(0, 2))], rest=optim.sgd(0.1))
    x = np.zeros((1, 4))
    u, _ = opt.update(np.ones((1, 4)), opt.init(x), x)
    np.testing.assert_allclose(u, [[-0.5, -0.5, -0.1, -0.1]])


def test_singular_value_map_is_what_newton_schulz_does_to_each_singular_value():
    G = np.random.default_rng(7).normal(size=(3, 9, 5))
    s = np.linalg.svd(G, compute_uv=False) / np.linalg.norm(G, axis=(-2, -1))[:, None]
    for name in ("quintic", "cubic"):
        for steps in (0, 1, 5):
            out = np.linalg.svd(optim.newton_schulz(G, steps, name, eps=0.0), compute_uv=False)
            mapped = optim.singular_value_map(s, steps, name)[-1]
            assert np.allclose(np.sort(out, -1), np.sort(np.abs(mapped), -1), rtol=1e-10)


def test_the_quintic_band_printed_in_the_docstring():
    sigma = np.geomspace(0.002, 1.0, 2001)
    five = optim.singular_value_map(sigma, 5)[-1]
    assert 0.6818 <= five.min() < 0.6819 and 1.2023 < five.max() <= 1.2024
    cubic = optim.singular_value_map(sigma, 100, "cubic")[-1]
    assert np.all(cubic <= 1 + 1e-12) and cubic[sigma > 0.1].min() > 1 - 1e-12


# ------------------------------------------------------------------ SOAP


def box_soap(grad, W, eta, beta1, beta2, eps, decay, steps=T):
    """Vyas et al. (2024), algorithm 3 with the eigenbasis recomputed every step (by eigh), one matrix."""
    m, n = W.shape
    L, R, M, V = np.zeros((m, m)), np.zeros((n, n)), np.zeros((m, n)), np.zeros((m, n))
    path = [W.copy()]
    for t in range(1, steps + 1):
        G = grad(W)
        L = beta2 * L + (1 - beta2) * G @ G.T
        R = beta2 * R + (1 - beta2) * G.T @ G
        M = beta1 * M + (1 - beta1) * G
        QL, QR = np.linalg.eigh(L)[1], np.linalg.eigh(R)[1]
        G_rot, M_rot = QL.T @ G @ QR, QL.T @ M @ QR
        V = beta2 * V + (1 - beta2) * G_rot**2
        N_rot = (M_rot / (1 - beta1**t)) / (np.sqrt(V / (1 - beta2**t)) + eps)
        W = W - eta * (QL @ N_rot @ QR.T + decay * W)
        path.append(W.copy())
    return path


@pytest.mark.parametrize("m, n", [(4, 3), (3, 4)])
def test_soap_matches_its_algorithm_box(m, n):
    # ε = 1e-3: in the factors' null space (G G^T has rank <= min(m, n) at first) the rotated moments are
    # rounding noise, which ε = 1e-8 would amplify to 1e-8 and the choice of basis there would show. With
    # m, n far apart (2 x 5) the factors stay rank-deficient and nearly degenerate for several steps, and
    # the eigenvectors' rounding grows tenfold per step: the transcription and the batched code part at
    # 1e-4 after 12 steps (measured); SOAP inherits that sensitivity from tracking V by eigenvector order.
    rng = np.random.default_rng(8)
    f = matrix_least_squares(rng, m, n)
    x0 = rng.standard_normal((3, m * n))
    lrs = np.array([[0.01], [0.03], [0.1]])
    traj = optim.run(optim.soap(lrs, beta1=0.9, beta2=0.95, eps=1e-3, weight_decay=0.01, shape=(m, n)), f, x0, steps=T)
    for b in range(3):
        path = box_soap(
            lambda W: f.grad(W.ravel()).reshape(m, n), x0[b].reshape(m, n), lrs[b, 0], 0.9, 0.95, 1e-3, 0.01
        )
        np.testing.assert_allclose(traj.x[:, b], np.reshape(path, (T + 1, m * n)), atol=1e-10)


def test_soap_on_matrices_equals_soap_on_flat_vectors():
    rng = np.random.default_rng(9)
    G, W = rng.standard_normal((2, 3, 4)), rng.standard_normal((2, 3, 4))
    a, b = optim.soap(0.1), optim.soap(0.1, shape=(3, 4))
    ua, _ = a.update(G, a.init(W), W)
    ub, _ = b.update(G.reshape(2, 12), b.init(W.reshape(2, 12)), W.reshape(2, 12))
    np.testing.assert_allclose(ua.reshape(2, 12), ub)
