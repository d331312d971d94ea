"""Exact Hessian-vector products of networks (against the Hessian by central differences of the
exact gradient), Lanczos sharpness (against eigvalsh of the full Hessian), the preconditioned
sharpness (against the eigenvalues of P^{-1} H), the thresholds, and the tracker."""

from __future__ import annotations

import numpy as np
import pytest

from lecturekit import nn, optim, sharpness

RNG = np.random.default_rng(0)
DATA = nn.datasets.xor(np.random.default_rng(1), n=30)
Y_REAL = np.sin(DATA.X[:, 0])

NETS = {
    "tanh softmax": nn.mlp(DATA.X, DATA.y, sizes=(2, 4, 2)),
    "sigmoid logistic, two hidden": nn.mlp(DATA.X, DATA.y, sizes=(2, 4, 3, 1), activation="sigmoid", loss="logistic"),
    "relu mse": nn.mlp(DATA.X, Y_REAL, sizes=(2, 5, 1), activation="relu", loss="mse"),
    "residual tanh, l2": nn.mlp(DATA.X, DATA.y, sizes=(2, 3, 3, 2), residual=True, l2=0.1),
    "mixed activations": nn.mlp(DATA.X, DATA.y, sizes=(2, 3, 3, 2), activation=("tanh", "sigmoid")),
}


@pytest.mark.parametrize("name", NETS)
def test_exact_hessian_matches_central_differences_of_the_exact_gradient(name):
    net = NETS[name]
    w = net.init(np.random.default_rng(2), 3, biases=0.1)
    H = nn.hessian.hessian(net, w)
    H_fd = net.hess(w)  # central differences of the exact gradient, h = 1e-5: error O(h^2)
    assert H.shape == (3, net.dim, net.dim)
    np.testing.assert_allclose(H, H_fd, atol=1e-8 * max(1.0, np.abs(H).max()))


def test_hvp_is_linear_symmetric_and_batched():
    net = NETS["tanh softmax"]
    rng = np.random.default_rng(3)
    w = net.init(rng, 4)
    u, v = rng.standard_normal((2, 4, net.dim))
    Hu, Hv = nn.hessian.hvp(net, w, u), nn.hessian.hvp(net, w, v)
    np.testing.assert_allclose(nn.hessian.hvp(net, w, 2 * u - v), 2 * Hu - Hv, atol=1e-12)
    np.testing.assert_allclose((v * Hu).sum(-1), (u * Hv).sum(-1), rtol=1e-10)
    for b in range(4):
        np.testing.assert_allclose(nn.hessian.hvp(net, w[b], u[b]), Hu[b], rtol=1e-13, atol=1e-15)


def test_batch_norm_networks_are_refused_with_the_alternative():
    net = nn.mlp(DATA.X, DATA.y, sizes=(2, 3, 2), batch_norm=True)
    w = net.init(np.random.default_rng(0), 1)
    with pytest.raises(ValueError, match="hvp_fd"):
        nn.hessian.hvp(net, w, w)


def _trained(net, steps=200):
    w0 = net.init(np.random.default_rng(4), 3)
    return optim.run(optim.sgd(0.5), net, w0, steps, record_every=None).x[-1]


@pytest.mark.parametrize("name", ["tanh softmax", "sigmoid logistic, two hidden", "residual tanh, l2"])
def test_sharpness_is_the_top_eigenvalue_of_the_full_hessian(name):
    net = NETS[name]
    for w in (net.init(np.random.default_rng(5), 3), _trained(net)):
        top = np.linalg.eigvalsh(nn.hessian.hessian(net, w))[:, -1]
        exact = sharpness.sharpness(net, w, iters=net.dim, rng=np.random.default_rng(6))
        np.testing.assert_allclose(exact.value, top, rtol=1e-10)
        # fewer products: a lower bound, already close (Lanczos converges fast at the top)
        few = sharpness.sharpness(net, w, iters=12, rng=np.random.default_rng(6)).value
        assert np.all(few <= top + 1e-12) and np.allclose(few, top, rtol=1e-3)
        # the Ritz vector is an eigenvector
        Hv = nn.hessian.hvp(net, w, exact.vector)
        np.testing.assert_allclose(Hv, exact.value[:, None] * exact.vector, atol=1e-8)


def test_top_eigenpair_finds_the_largest_algebraic_eigenvalue_not_the_largest_magnitude():
    """Power iteration would return -5 here; Lanczos gives +1 (and a breakdown at P = 3 is handled)."""
    rng = np.random.default_rng(7)
    Q = np.linalg.qr(rng.standard_normal((3, 3)))[0]
    H = Q @ np.diag([-5.0, 1.0, 0.5]) @ Q.T
    pair = sharpness.top_eigenpair(lambda v: v @ H, rng.standard_normal((2, 3)), iters=10)
    np.testing.assert_allclose(pair.value, [1.0, 1.0], rtol=1e-12)
    # a start that is already an eigenvector closes the Krylov space at once
    pair = sharpness.top_eigenpair(lambda v: v @ H, Q[:, [1]].T, iters=5)
    np.testing.assert_allclose(pair.value, [1.0], rtol=1e-12)


def test_preconditioned_sharpness_is_the_top_eigenvalue_of_p_inverse_h():
    net = NETS["tanh softmax"]
    w = _trained(net)
    P = np.random.default_rng(8).uniform(0.2, 3.0, size=w.shape)
    H = nn.hessian.hessian(net, w)
    expected = [np.linalg.eigvals(H[b] / P[b][:, None]).real.max() for b in range(3)]
    got = sharpness.preconditioned_sharpness(net, w, P, iters=net.dim, rng=np.random.default_rng(9))
    np.testing.assert_allclose(got.value, expected, rtol=1e-9)


def test_adam_preconditioner_and_thresholds():
    nu = np.array([[0.0, 4e-6, 1.0]])
    t, b1, b2, d = 10, 0.9, 0.999, 1e-8
    expected = (1 - b1**t) * (np.sqrt(nu / (1 - b2**t)) + d)
    np.testing.assert_allclose(sharpness.adam_preconditioner(nu, t, b1, b2, d), expected, rtol=1e-15)
    assert sharpness.stability_threshold(0.01) == pytest.approx(200.0)
    assert sharpness.stability_threshold(0.01, 0.9) == pytest.approx(3800.0)  # (2 + 1.8) / (0.1 * 0.01)
    # GD on a quadratic of curvature lam: |1 - lr lam| < 1 exactly when lam < 2/lr
    lr = 0.1
    for lam, stable in ((19.9, True), (20.1, False)):
        assert (abs(1 - lr * lam) < 1) == stable and (lam < sharpness.stability_threshold(lr)) == stable
    # EMA momentum m <- b m + (1-b) g, x <- x - lr m on curvature lam: spectral radius < 1 iff lam < threshold
    for lam_factor, stable in ((0.99, True), (1.01, False)):
        lam = lam_factor * sharpness.stability_threshold(lr, b1)
        M = np.array([[b1, (1 - b1) * lam], [-lr * b1, 1 - lr * (1 - b1) * lam]])  # (m, x) -> next
        assert (np.abs(np.linalg.eigvals(M)).max() < 1) == stable


def test_track_records_the_sharpness_of_the_iterates_of_optim_run():
    net = NETS["tanh softmax"]
    w0 = net.init(np.random.default_rng(10), 2)
    trace = sharpness.track(net, optim.sgd(1.0), w0, steps=50, every=20, iters=net.dim, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(trace.steps, [0, 20, 40, 50])
    traj = optim.run(optim.sgd(1.0), net, w0, 50, record_every=10)
    np.testing.assert_allclose(trace.w, traj.x[-1], rtol=1e-12)
    for r, k in enumerate(trace.steps):
        w_k = traj.x[list(traj.steps).index(k)]
        top = np.linalg.eigvalsh(nn.hessian.hessian(net, w_k))[:, -1]
        np.testing.assert_allclose(trace.sharpness[r], top, rtol=1e-8)
        np.testing.assert_allclose(trace.loss[r], net.value(w_k), rtol=1e-12)


def test_track_with_adams_preconditioner():
    net = NETS["tanh softmax"]
    w0 = net.init(np.random.default_rng(11), 2)

    def precond(state):
        adam_state = state[0]
        return sharpness.adam_preconditioner(adam_state.nu, adam_state.count, 0.9, 0.999, 1e-8)

    opt = optim.adam(0.05)
    trace = sharpness.track(
        net, opt, w0, 30, every=15, iters=net.dim, rng=np.random.default_rng(1), preconditioner=precond
    )
    assert np.all(np.isnan(trace.sharpness[0]))
    # recompute at step 30 by hand
    w, state = w0, opt.init(w0)
    for _ in range(30):
        u, state = opt.update(net.grad(w), state, w)
        w = w + u
    H = nn.hessian.hessian(net, w)
    P = precond(state)
    expected = [np.linalg.eigvals(H[b] / P[b][:, None]).real.max() for b in range(2)]
    np.testing.assert_allclose(trace.sharpness[-1], expected, rtol=1e-8)


def test_track_starts_cold_with_cold_iters_then_warm_starts_with_few_products():
    net = NETS["tanh softmax"]
    w0 = net.init(np.random.default_rng(12), 2)
    kw = dict(steps=40, every=10, cold_iters=net.dim, rng=np.random.default_rng(0))
    traj = optim.run(optim.sgd(0.5), net, w0, 40, record_every=10)
    exact = np.stack([np.linalg.eigvalsh(nn.hessian.hessian(net, w))[:, -1] for w in traj.x])
    errors = {}
    for iters in (3, 8):
        trace = sharpness.track(net, optim.sgd(0.5), w0, iters=iters, **kw)
        np.testing.assert_allclose(trace.sharpness[0], exact[0], rtol=1e-10)  # cold: the whole Krylov space
        assert np.all(trace.sharpness <= exact + 1e-12)  # Ritz values never exceed λ_max
        errors[iters] = np.abs(trace.sharpness / exact - 1).max()
    # early training moves the top eigenvector: 3 warm products miss by percents, 8 get close
    assert errors[8] < 1e-3 < errors[3]


def test_a_closed_krylov_space_gives_the_eigenpair_of_v0_not_a_zero_vector(rng):
    """H = 2 I: the Krylov space closes after one product, every eigenvalue ties; the answer is (2, v0)."""
    v0 = rng.normal(size=(3, 5))
    pair = sharpness.top_eigenpair(lambda v: 2.0 * v, v0, iters=4)
    np.testing.assert_allclose(pair.value, 2.0)
    unit = v0 / np.linalg.norm(v0, axis=-1, keepdims=True)
    np.testing.assert_allclose(np.abs(np.sum(pair.vector * unit, axis=-1)), 1.0, rtol=1e-12)
