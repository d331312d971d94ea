"""Tests for nn.mlp, nn.losses, nn.activations and nn.batchnorm: exact gradients against
central differences, the flat-vector mapping, batched against separate runs, diagnostics."""

import doctest
import importlib

import numpy as np
import pytest

from lecturekit import finite_diff, nn, optim
from lecturekit.nn import batchnorm

N_EX = 11  # examples in the small random data sets


def _data(rng, loss, n_out):
    X = rng.normal(size=(N_EX, 3))
    if loss == "softmax_cross_entropy":
        y = np.arange(N_EX) % n_out
    elif loss == "logistic":
        y = np.arange(N_EX) % 2
    else:
        y = rng.normal(size=(N_EX, n_out))
    return X, y


def _net(rng, loss="softmax_cross_entropy", activation="tanh", n_out=3, sizes=(3, 4, 4), **kw):
    n_out = 1 if loss == "logistic" else n_out
    X, y = _data(rng, loss, n_out)
    return nn.mlp(X, y, sizes + (n_out,), activation, loss, **kw)


def _random_params(net, rng, batch=3):
    # Glorot weights, random biases/gammas/betas: no parameter sits at a special value
    w = net.init(rng, batch, weights=nn.init.glorot_normal)
    return w + 0.3 * rng.normal(size=w.shape)


def _assert_grad_matches(net, w):
    g = net.grad(w)
    fd = finite_diff.gradient(net.value, w)
    scale = max(1.0, np.abs(fd).max())
    np.testing.assert_allclose(g, fd, atol=2e-7 * scale, rtol=1e-5)


# --------------------------------------------------------------------------- gradients


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid", "linear"])
@pytest.mark.parametrize("loss", ["softmax_cross_entropy", "logistic", "mse"])
def test_gradient_of_every_activation_and_loss_matches_central_differences(rng, activation, loss):
    net = _net(rng, loss, activation)
    _assert_grad_matches(net, _random_params(net, rng))


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_gradient_with_residual_blocks(rng, activation):
    net = _net(rng, activation=activation, sizes=(3, 4, 4, 4), residual=True)
    assert [s.residual for s in net.layout] == [False, True, True, False]
    _assert_grad_matches(net, _random_params(net, rng))


@pytest.mark.parametrize("loss", ["softmax_cross_entropy", "logistic", "mse"])
@pytest.mark.parametrize("residual", [False, True])
def test_gradient_with_batch_norm(rng, loss, residual):
    net = _net(rng, loss, "tanh", sizes=(3, 4, 4), batch_norm=True, residual=residual, eps=1e-3)
    _assert_grad_matches(net, _random_params(net, rng))


def test_gradient_with_weight_decay_and_per_layer_activations(rng):
    net = _net(rng, activation=("relu", "sigmoid"), l2=0.3)
    w = _random_params(net, rng)
    _assert_grad_matches(net, w)
    plain = nn.mlp(net.X, net.y, net.sizes, ("relu", "sigmoid"))
    decay = 0.15 * sum((layer.W**2).sum(axis=(-1, -2)) for layer in net.unflatten(w))
    np.testing.assert_allclose(net.value(w), plain.value(w) + decay)


def test_batchnorm_backward_matches_central_differences(rng):
    a = rng.normal(size=(2, 7, 3))
    gamma, beta = rng.normal(size=(2, 3)), rng.normal(size=(2, 3))
    g = rng.normal(size=(2, 7, 3))

    def f(flat):  # <g, u(a, gamma, beta)> as a function of all inputs, for finite differences
        a_, gm, bt = flat[..., :42].reshape(flat.shape[:-1] + (2, 7, 3)), flat[..., 42:48], flat[..., 48:]
        gm = gm.reshape(flat.shape[:-1] + (2, 3))
        bt = bt.reshape(flat.shape[:-1] + (2, 3))
        u, _ = batchnorm.forward_train(a_, gm, bt, 1e-3)
        return (u * g).sum(axis=(-1, -2, -3))

    flat = np.concatenate([a.ravel(), gamma.ravel(), beta.ravel()])
    fd = finite_diff.gradient(f, flat)
    _, cache = batchnorm.forward_train(a, gamma, beta, 1e-3)
    d_a, d_gamma, d_beta = batchnorm.backward(g, gamma, cache)
    np.testing.assert_allclose(np.concatenate([d_a.ravel(), d_gamma.ravel(), d_beta.ravel()]), fd, atol=1e-7)


def test_batchnorm_normalizes_and_eval_mode_with_batch_stats_equals_training_mode(rng):
    a = 5 + 3 * rng.normal(size=(2, 50, 4))
    u, cache = batchnorm.forward_train(a, np.ones((2, 4)), np.zeros((2, 4)), 1e-5)
    np.testing.assert_allclose(u.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(u.var(axis=1), cache.stats.var / (cache.stats.var + 1e-5), rtol=1e-12)  # eps in the root
    gamma, beta = rng.normal(size=(2, 2, 4))
    train, cache = batchnorm.forward_train(a, gamma, beta, 1e-5)
    np.testing.assert_allclose(batchnorm.forward_eval(a, gamma, beta, cache.stats, 1e-5), train, atol=1e-12)


def test_running_average():
    s1 = [batchnorm.Stats(np.zeros((1, 2)), np.ones((1, 2)))]
    s2 = [batchnorm.Stats(np.ones((1, 2)), 3 * np.ones((1, 2)))]
    assert batchnorm.running_average(None, s1)[0] is s1[0]
    avg = batchnorm.running_average(s1, s2, momentum=0.25)[0]
    np.testing.assert_allclose(avg.mean, 0.25)
    np.testing.assert_allclose(avg.var, 1.5)
    with pytest.raises(ValueError, match=r"momentum must be in \(0, 1\]"):
        batchnorm.running_average(s1, s2, momentum=0)
    with pytest.raises(
        ValueError, match=r"^new must hold one batchnorm.Stats per normalized layer of running \(1\); got 0"
    ):
        batchnorm.running_average(s1, [])


def test_batch_norm_layers_have_gamma_beta_and_no_bias(rng):
    net = _net(rng, batch_norm=True)
    layers = net.unflatten(net.init(rng, 2))
    assert layers[0].b is None and layers[0].gamma.shape == (2, 4) and layers[0].beta.shape == (2, 4)
    np.testing.assert_array_equal(layers[0].gamma, 1.0)
    assert layers[-1].gamma is None and layers[-1].b.shape == (2, 3)
    assert net.dim == 3 * 4 + 8 + 4 * 4 + 8 + 4 * 3 + 3


# --------------------------------------------------------------------------- minibatches


@pytest.mark.parametrize("batch_norm", [False, True])
def test_minibatch_grad_is_the_gradient_on_each_networks_own_examples(rng, batch_norm):
    net = _net(rng, batch_norm=batch_norm)
    w = _random_params(net, rng)
    np.testing.assert_allclose(net.minibatch_grad(w, np.arange(N_EX)), net.grad(w), atol=1e-13)
    idx = rng.integers(0, N_EX, size=(3, 5))
    g = net.minibatch_grad(w, idx)
    for b in range(3):
        sub = nn.mlp(net.X[idx[b]], net.y[idx[b]], net.sizes, "tanh", batch_norm=batch_norm)
        np.testing.assert_allclose(g[b], sub.grad(w[b]), atol=1e-13)


def test_optim_run_with_minibatches_trains(rng):
    data = nn.datasets.blobs(rng, n=90, noise=0.4)
    net = nn.mlp(data.X, data.y, (2, 8, 3), "relu")
    w0 = net.init(rng, 3, weights=nn.init.he_normal, biases=0.1)
    traj = optim.run(optim.sgd(0.2), net, w0, steps=300, rng=rng, batch_size=10, record_every=None)
    assert np.all(traj.loss[-1] < 0.5 * traj.loss[0])
    assert np.all(net.accuracy(traj.x[-1]) > 0.9)


# --------------------------------------------------------------------------- batched = separate


def test_a_batched_run_equals_separate_runs(rng):
    data = nn.datasets.moons(rng, n=60, noise=0.1)
    net = nn.mlp(data.X, data.y, (2, 6, 6, 2), "tanh")
    w0 = net.init(rng, 4)
    lrs = np.array([[0.01], [0.03], [0.1], [0.3]])
    batched = optim.run(optim.adam(lrs), net, w0, steps=100, record_every=10)
    for b in range(4):
        one = optim.run(optim.adam(lrs[b : b + 1]), net, w0[b : b + 1], steps=100, record_every=10)
        np.testing.assert_allclose(batched.x[:, b], one.x[:, 0], rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(batched.loss[:, b], one.loss[:, 0], rtol=1e-10)


def test_value_and_grad_accept_any_leading_axes(rng):
    net = _net(rng)
    w = _random_params(net, rng, batch=6).reshape(2, 3, -1)
    assert net.value(w).shape == (2, 3) and net.grad(w).shape == (2, 3, net.dim)
    np.testing.assert_allclose(net.value(w)[1, 2], net.value(w[1, 2]))
    np.testing.assert_allclose(net.grad(w)[1, 2], net.grad(w[1, 2]), atol=1e-15)


def test_value_after_grad_is_recomputed_for_a_new_or_mutated_point(rng):
    net = _net(rng)
    w = _random_params(net, rng)
    fresh = _net(np.random.default_rng(20261122))  # same data, no cache
    fresh_value = nn.mlp(net.X, net.y, net.sizes).value
    net.grad(w)
    np.testing.assert_allclose(net.value(w), fresh_value(w))
    w2 = w.copy()
    w2[0, 0] += 1.0
    np.testing.assert_allclose(net.value(w2), fresh_value(w2))
    net.grad(w)
    w[1, 3] -= 0.5  # mutated in place after the gradient call
    np.testing.assert_allclose(net.value(w), fresh_value(w))
    assert fresh.dim == net.dim


def test_float32_arithmetic_agrees_with_float64_to_its_precision(rng):
    net = _net(rng, batch_norm=True)
    net32 = nn.mlp(net.X, net.y, net.sizes, batch_norm=True, dtype=np.float32)
    w = _random_params(net, rng)
    g, g32 = net.grad(w), net32.grad(w)
    assert g32.dtype == np.float64 and not np.array_equal(g, g32)
    np.testing.assert_allclose(g32, g, atol=1e-5 * np.abs(g).max())
    np.testing.assert_allclose(net32.value(w), net.value(w), rtol=1e-5)
    idx = rng.integers(0, N_EX, size=(3, 4))
    np.testing.assert_allclose(net32.minibatch_grad(w, idx), net.minibatch_grad(w, idx), atol=1e-5 * np.abs(g).max())
    with pytest.raises(ValueError, match="dtype must be np.float32 or np.float64"):
        nn.mlp(net.X, net.y, net.sizes, dtype=np.int64)


def test_hessian_is_symmetric_and_matches_differences_of_the_gradient(rng):
    net = _net(rng, sizes=(3, 2))
    w = _random_params(net, rng, batch=2)
    H = net.hess(w)
    assert H.shape == (2, net.dim, net.dim)
    np.testing.assert_allclose(H, np.swapaxes(H, -1, -2))
    np.testing.assert_allclose(H, finite_diff.hessian(net.grad, w), atol=1e-6)


# --------------------------------------------------------------------------- flat vector <-> layers


def test_flatten_and_unflatten_are_inverse_and_follow_the_documented_layout(rng):
    net = _net(rng)
    w = _random_params(net, rng)
    layers = net.unflatten(w)
    assert [layer.W.shape for layer in layers] == [(3, 4, 3), (3, 4, 4), (3, 3, 4)]
    np.testing.assert_array_equal(net.flatten(layers), w)
    # layer 1: W_1 row-major, then b_1
    np.testing.assert_array_equal(w[:, :12].reshape(3, 4, 3), layers[0].W)
    np.testing.assert_array_equal(w[:, 12:16], layers[0].b)
    np.testing.assert_array_equal(net.unflatten(net.flatten(layers))[1].W, layers[1].W)
    assert np.shares_memory(net.unflatten(w)[0].W, w)  # views, not copies
    with pytest.raises(ValueError, match=r"layers\[1\].b must have shape \(3, 4\)"):
        net.flatten([layers[0], layers[1]._replace(b=np.zeros(4)), layers[2]])
    with pytest.raises(ValueError, match="layers must hold 3 Layer"):
        net.flatten(layers[:2])


def test_forward_matches_a_plain_transcription(rng):
    net = _net(rng, activation="relu")
    w = _random_params(net, rng)
    (W1, b1, _, _), (W2, b2, _, _), (W3, b3, _, _) = net.unflatten(w)
    for b in range(3):
        h1 = np.maximum(net.X @ W1[b].T + b1[b], 0)
        h2 = np.maximum(h1 @ W2[b].T + b2[b], 0)
        np.testing.assert_allclose(net.forward(w)[b], h2 @ W3[b].T + b3[b], atol=1e-13)


def test_residual_layer_adds_its_input(rng):
    net = _net(rng, sizes=(3, 4, 4), residual=True)
    w = _random_params(net, rng)
    (W1, b1, _, _), (W2, b2, _, _), _ = net.unflatten(w)
    fw = net.forward(w, return_all=True)
    h1 = np.tanh(net.X @ np.swapaxes(W1, -1, -2) + b1[:, None])
    np.testing.assert_allclose(fw.post[1], h1 + np.tanh(h1 @ np.swapaxes(W2, -1, -2) + b2[:, None]), atol=1e-13)


def test_forward_and_backward_diagnostics_are_consistent(rng):
    net = _net(rng, sizes=(3, 5, 4), batch_norm=True)
    w = _random_params(net, rng)
    fw = net.forward(w, return_all=True)
    assert len(fw.pre) == len(fw.post) == 3 and len(fw.stats) == 2
    np.testing.assert_array_equal(fw.post[-1], fw.output)
    np.testing.assert_allclose(fw.normalized[0].mean(axis=-2), net.unflatten(w)[0].beta, atol=1e-12)
    bw = net.backward(w)
    np.testing.assert_allclose(bw.grad, net.grad(w), atol=1e-15)
    np.testing.assert_allclose(bw.loss, net.value(w))
    inputs = [net.X] + fw.post[:-1]
    for i, g in enumerate(bw.layers):  # dL/dW_l = sum_i dL/da_il h_{l-1,i}^T
        np.testing.assert_allclose(g.W, np.swapaxes(bw.d_pre[i], -1, -2) @ inputs[i], atol=1e-14)
    norms = nn.layer_norms(bw.layers)
    assert norms.shape == (3, 3)
    np.testing.assert_allclose(norms[:, 1], np.sqrt((bw.layers[1].W ** 2).sum(axis=(-1, -2))))
    np.testing.assert_allclose(
        nn.layer_norms(bw.layers[:2], "gamma")[:, 0], np.linalg.norm(bw.layers[0].gamma, axis=-1)
    )
    # d_post of the output layer is dL/dZ = (softmax - onehot) / n
    p = nn.losses.output_probabilities("softmax_cross_entropy", fw.output)
    np.testing.assert_allclose(bw.d_post[-1], (p - net.targets) / N_EX, atol=1e-15)


# --------------------------------------------------------------------------- predictions and grids


def test_predictions_and_accuracy_for_each_loss(rng):
    for loss in ("softmax_cross_entropy", "logistic"):
        net = _net(rng, loss)
        w = _random_params(net, rng)
        out = net.forward(w)
        labels = out.argmax(-1) if loss != "logistic" else (out[..., 0] > 0).astype(int)
        np.testing.assert_array_equal(net.predict(w), labels)
        np.testing.assert_allclose(net.accuracy(w), (labels == net.y).mean(-1))
        p = net.proba(w)
        assert p.shape == ((3, N_EX, 3) if loss != "logistic" else (3, N_EX))
    net = _net(rng, "mse")
    w = _random_params(net, rng)
    np.testing.assert_array_equal(net.predict(w), net.forward(w))
    with pytest.raises(ValueError, match="classification loss"):
        net.accuracy(w)


def test_on_grid_equals_forward_on_the_points(rng):
    data = nn.datasets.blobs(rng, n=30)
    net = nn.mlp(data.X, data.y, (2, 5, 3), "tanh")
    w = net.init(rng, 2)
    grid = nn.datasets.grid(data.X, n=7)
    out = net.forward(w, grid.points).reshape(2, 7, 7, 3)
    np.testing.assert_allclose(net.on_grid(w, grid, "output", dtype=np.float64), out, atol=1e-14)
    np.testing.assert_allclose(net.on_grid(w, grid, "output"), out, rtol=1e-5, atol=1e-5)  # float32
    np.testing.assert_array_equal(net.on_grid(w, grid, "class", dtype=np.float64), out.argmax(-1))
    assert net.on_grid(w, grid).shape == (2, 7, 7, 3)
    two = nn.mlp(data.X[data.y < 2], data.y[data.y < 2], (2, 5, 2))
    w2 = two.init(rng, 2)
    p1 = two.on_grid(w2, grid, dtype=np.float64)  # the probability of class 1
    np.testing.assert_allclose(p1, two.proba(w2, grid.points)[..., 1].reshape(2, 7, 7), atol=1e-14)


def test_batch_norm_networks_are_evaluated_with_fixed_statistics(rng):
    net = _net(rng, batch_norm=True)
    w = _random_params(net, rng)
    stats = net.batch_stats(w)
    # on the training set, evaluation with the training statistics is training mode
    np.testing.assert_allclose(net.forward(w, stats=stats), net.forward(w), atol=1e-12)
    # one point alone gets the same prediction as inside the training set
    np.testing.assert_allclose(net.proba(w, net.X[:1])[:, 0], net.proba(w)[:, 0], atol=1e-12)
    grid = nn.datasets.grid(net.X[:, :2], n=3)
    with pytest.raises(ValueError, match=r"grid.points must be shaped \(n, 3\)"):
        net.on_grid(w, grid)


def test_xor_is_learned_by_every_network_of_a_batch(rng):
    data = nn.datasets.xor(rng, n=40, noise=0.2)
    net = nn.mlp(data.X, data.y, (2, 8, 1), "tanh", "logistic")
    traj = optim.run(optim.adam(0.05), net, net.init(rng, 5), steps=400, record_every=None)
    np.testing.assert_array_equal(net.accuracy(traj.x[-1]), 1.0)


def test_lsuv_gives_unit_variance_pre_activations_in_every_layer(rng):
    data = nn.datasets.two_spirals(rng, n=100)
    net = nn.mlp(data.X, data.y, (2, 20, 20, 20, 2), "relu")
    w = net.init(rng, 3, weights=nn.init.orthogonal)
    before = w.copy()
    out = nn.lsuv(net, w, tol=0.05)
    np.testing.assert_array_equal(w, before)  # not modified
    for a in net.forward(out, return_all=True).pre:
        assert np.all(np.abs(a.reshape(3, -1).var(axis=-1) - 1) < 0.05)
    # only the weights were rescaled, each layer by one factor per network
    for old, new in zip(net.unflatten(before), net.unflatten(out)):
        np.testing.assert_array_equal(old.b, new.b)
        ratio = new.W / old.W
        np.testing.assert_allclose(ratio, ratio[:, :1, :1] * np.ones_like(ratio))
    with pytest.raises(ValueError, match="tol must be in"):
        nn.lsuv(net, w, tol=0)


# --------------------------------------------------------------------------- activations and losses


def test_activations_and_their_slopes(rng):
    a = rng.normal(size=50)
    for name in nn.activations.ACTIVATIONS:
        act = nn.activations.get(name)
        h = act.forward(a)
        fd = (act.forward(a + 1e-6) - act.forward(a - 1e-6)) / 2e-6
        np.testing.assert_allclose(act.slope(a, h), fd, atol=1e-8)
        out = np.empty_like(a)
        np.testing.assert_allclose(nn.activations.backprop(name, 2 * a, a, h, out), 2 * a * act.slope(a, h))
    assert nn.activations.sigmoid(np.array([-800.0, 800.0])).tolist() == [0.0, 1.0]  # no overflow


def test_losses_are_stable_and_exact_at_known_values():
    Z = np.array([[[1000.0, 0.0], [0.0, 0.0]]])  # huge logits do not overflow
    T = np.array([[1.0, 0.0], [0.0, 1.0]])
    value, _ = nn.losses.loss_and_grad("softmax_cross_entropy", Z, T)
    np.testing.assert_allclose(value, [np.log(2) / 2])
    value, _ = nn.losses.loss_and_grad("logistic", np.array([[[800.0], [0.0]]]), np.array([[1.0], [1.0]]))
    np.testing.assert_allclose(value, [np.log(2) / 2])
    value, dZ = nn.losses.loss_and_grad("mse", np.array([[[1.0, 2.0]]]), np.array([[0.0, 0.0]]))
    np.testing.assert_allclose(value, [2.5])
    np.testing.assert_allclose(dZ, [[[1.0, 2.0]]])


# --------------------------------------------------------------------------- bad input


def test_bad_input_gives_clear_value_errors(rng):
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    with pytest.raises(
        ValueError, match="activation name must be one of 'tanh', 'relu', 'sigmoid', 'linear'; got 'elu'"
    ):
        nn.mlp(X, y, (2, 3, 2), "elu")
    with pytest.raises(ValueError, match="loss must be one of"):
        nn.mlp(X, y, (2, 3, 2), "tanh", "hinge")
    with pytest.raises(ValueError, match=r"sizes\[0\] must equal the number of input features"):
        nn.mlp(X, y, (3, 3, 2))
    with pytest.raises(ValueError, match=r"sizes\[1\] must be an integer >= 1"):
        nn.mlp(X, y, (2, 0, 2))
    with pytest.raises(ValueError, match="sizes must be a sequence"):
        nn.mlp(X, y, 5)
    with pytest.raises(ValueError, match="logistic loss needs one output"):
        nn.mlp(X, y, (2, 3, 2), loss="logistic")
    with pytest.raises(ValueError, match=r"y must hold class labels in 0..1"):
        nn.mlp(X, y + 1, (2, 3, 2))
    with pytest.raises(ValueError, match="y must hold one target per row of X"):
        nn.mlp(X, y[:5], (2, 3, 2))
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        nn.mlp(X[:, 0], y, (2, 3, 2))
    with pytest.raises(ValueError, match="activation must be one name or 2 names"):
        nn.mlp(X, y, (2, 3, 3, 2), ("tanh",))
    with pytest.raises(ValueError, match="eps must be in"):
        nn.mlp(X, y, (2, 3, 2), batch_norm=True, eps=0)
    with pytest.raises(ValueError, match="residual must be True or False"):
        nn.mlp(X, y, (2, 3, 2), residual="yes")
    net = nn.mlp(X, y, (2, 3, 2))
    with pytest.raises(ValueError, match=r"points shaped \(..., 17\)"):
        net.value(np.zeros((2, 16)))
    with pytest.raises(ValueError, match=r"w must be shaped \(..., 17\)"):
        net.forward(np.zeros(5))
    with pytest.raises(ValueError, match=r"X must be shaped \(n, 2\)"):
        net.forward(np.zeros((1, 17)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        net.init(0, 2)
    with pytest.raises(ValueError, match="batch must be an integer >= 1"):
        net.init(rng, 0)
    with pytest.raises(ValueError, match="weights must be one scheme or a list of 2"):
        net.init(rng, 2, weights=[nn.init.he_normal])
    with pytest.raises(ValueError, match="output_bias must be finite"):
        net.init(rng, 2, output_bias=np.zeros(3))
    with pytest.raises(ValueError, match="idx must lie in"):
        net.minibatch_grad(np.zeros((1, 17)), np.array([[0, 10]]))
    with pytest.raises(ValueError, match="idx must be an integer or integer array"):
        net.minibatch_grad(np.zeros((1, 17)), np.array([[0.0]]))
    with pytest.raises(ValueError, match="need matching leading shapes"):
        net.minibatch_grad(np.zeros((2, 17)), np.zeros((3, 4), dtype=int))
    with pytest.raises(ValueError, match=r"what must be one of \('proba', 'class', 'output'\)"):
        net.on_grid(np.zeros((1, 17)), nn.datasets.grid(X), "labels")
    with pytest.raises(ValueError, match="grid must be a datasets.Grid"):
        net.on_grid(np.zeros((1, 17)), X)
    with pytest.raises(ValueError, match="pass both X and y"):
        net.accuracy(np.zeros((1, 17)), X)
    with pytest.raises(ValueError, match="stats must hold 0"):
        net.forward(np.zeros((1, 17)), stats=[batchnorm.Stats(np.zeros((1, 3)), np.ones((1, 3)))])
    with pytest.raises(ValueError, match="field must be one of"):
        nn.layer_norms(net.unflatten(np.zeros((1, 17))), "weights")


@pytest.mark.parametrize(
    "module",
    [
        "lecturekit.nn",
        "lecturekit.nn.mlp",
        "lecturekit.nn.init",
        "lecturekit.nn.datasets",
        "lecturekit.nn.activations",
    ],
)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0


def test_building_blocks_reject_bad_input():
    Z, T = np.zeros((1, 3, 2)), np.zeros((3, 2))
    with pytest.raises(ValueError, match="loss must be one of"):
        nn.losses.loss_and_grad("hinge", Z, T)
    with pytest.raises(ValueError, match=r"T must be shaped like Z \(..., n, o\)"):
        nn.losses.loss_and_grad("mse", Z, np.zeros((3, 3)))
    with pytest.raises(ValueError, match="loss must be one of"):
        nn.losses.output_probabilities("softmax", Z)
    with pytest.raises(ValueError, match="need a classification loss"):
        nn.losses.predicted_class("mse", Z)
    with pytest.raises(ValueError, match="n_outputs must be an integer >= 1"):
        nn.losses.prepare_targets("mse", np.zeros(3), 0)
    with pytest.raises(ValueError, match="activation name must be one of"):
        nn.activations.apply("softplus", np.zeros(2), np.zeros(2))
    with pytest.raises(ValueError, match="activation name must be one of"):
        nn.activations.backprop("softplus", np.zeros(2), np.zeros(2), np.zeros(2), np.zeros(2))
    a, g = np.zeros((1, 4, 2)), np.ones((1, 2))
    with pytest.raises(ValueError, match="eps must be in"):
        batchnorm.forward_train(a, g, g, 0.0)
    with pytest.raises(ValueError, match=r"gamma must be shaped \(..., w\)"):
        batchnorm.forward_train(a, np.ones((1, 3)), g, 1e-5)
    with pytest.raises(ValueError, match="stats.var must be >= 0"):
        batchnorm.forward_eval(a, g, g, batchnorm.Stats(np.zeros((1, 2)), -np.ones((1, 2))), 1e-5)
    _, cache = batchnorm.forward_train(a + np.arange(4)[:, None], g, g, 1e-5)
    with pytest.raises(ValueError, match="g must have the shape"):
        batchnorm.backward(np.zeros((1, 3, 2)), g, cache)


# --------------------------------------------------------------------------- bad input (issue 17)


def test_a_diverged_network_has_nan_accuracy_and_no_predicted_class(rng):
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    net = nn.mlp(X, y, (2, 3, 2))
    w = net.init(rng, 3)
    w[1, 0] = np.nan  # network 1 diverged
    acc = net.accuracy(w)  # warnings are errors in the tests: nan must pass quietly
    assert np.isnan(acc[1]) and np.all(np.isfinite(acc[[0, 2]]))
    np.testing.assert_array_equal(acc[[0, 2]], net.accuracy(w[[0, 2]]))
    with pytest.raises(ValueError, match=r"\bw\b.*nan or inf outputs"):
        net.predict(w)
    np.testing.assert_array_equal(net.predict(w[[0, 2]]), net.predict(w[[0, 2]]))
    with pytest.raises(ValueError, match="Z must be finite"):
        nn.losses.predicted_class("softmax_cross_entropy", np.array([[np.nan, 0.0]]))


def test_infinite_parameters_and_outputs_propagate_without_a_warning(rng):
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    for bn in (False, True):
        net = nn.mlp(X, y, (2, 3, 2), batch_norm=bn)
        w = net.init(rng, 2)
        w[0, 0] = np.inf
        w[1] *= 1e300
        b = net.backward(w)
        assert b.grad.shape == w.shape  # whatever inf gives (inf, nan or a saturated tanh), no warning
        assert net.forward(w).shape == (2, 10, 2)
        net.proba(w)
    Z = np.array([[[np.inf, 0.0], [1e308, -1e308]]])
    value, dZ = nn.losses.loss_and_grad("softmax_cross_entropy", Z, np.eye(2))
    assert value.shape == (1,) and dZ.shape == Z.shape
    p = nn.losses.output_probabilities("softmax_cross_entropy", Z)
    assert np.isnan(p[0, 0]).all()  # inf - inf: undefined, not a warning
    u, _ = batchnorm.forward_train(np.full((1, 3, 2), np.inf), np.ones((1, 2)), np.zeros((1, 2)), 1e-5)
    assert np.isnan(u).all()


def test_numbers_are_not_bools_strings_or_complex(rng):
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    with pytest.raises(ValueError, match=r"\by must be"):
        nn.mlp(X, y.astype(bool), (2, 3, 2))
    with pytest.raises(ValueError, match=r"\bX must be"):
        nn.mlp(X + 1j, y, (2, 3, 2))
    with pytest.raises(ValueError, match=r"\bX must be"):
        nn.mlp(X.astype(str), y, (2, 3, 2))
    with pytest.raises(ValueError, match="dtype must be np.float32 or np.float64"):
        nn.mlp(X, y, (2, 3, 2), dtype=3.0)
    with pytest.raises(ValueError, match="batch_norm must be True or False"):
        nn.mlp(X, y, (2, 3, 2), batch_norm=1)
    net = nn.mlp(X, y, (2, 3, 2))
    with pytest.raises(ValueError, match=r"\bw must be"):
        net.forward(np.ones((1, 17), dtype=bool))
    with pytest.raises(ValueError, match=r"\by must hold class labels"):
        net.accuracy(net.init(rng, 1), X, y + 0.5)
    with pytest.raises(ValueError, match=r"\ba must be"):
        nn.activations.sigmoid(np.array([True, False]))
    with pytest.raises(ValueError, match=r"\bout must be a writeable float array"):
        nn.activations.apply("tanh", np.zeros(3), np.zeros(3, dtype=complex))
    with pytest.raises(ValueError, match=r"\bgamma must be"):
        batchnorm.forward_train(np.zeros((1, 4, 2)), np.array([["1", "1"]]), np.zeros((1, 2)), 1e-5)


def test_layer_lists_are_checked(rng):
    # flatten and layer_norms take lists of Layer, which the bad-input suite cannot perturb.
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    net = nn.mlp(X, y, (2, 3, 2))
    layers = net.unflatten(net.init(rng, 2))
    for bad in (None, 3.0, np.ones(17), "W"):
        with pytest.raises(ValueError, match=r"\blayers must be"):
            net.flatten(bad)
        with pytest.raises(ValueError, match=r"\blayers must be"):
            nn.layer_norms(bad)
    with pytest.raises(ValueError, match=r"layers\[0\]\.W must be"):
        net.flatten([layers[0]._replace(W=layers[0].W.astype(str)), layers[1]])
    with pytest.raises(ValueError, match=r"layers\[1\]\.W must be"):
        nn.layer_norms([layers[0], layers[1]._replace(W=layers[1].W + 1j)])
    with pytest.raises(ValueError, match=r"layers\[1\]\.W must be shaped"):
        nn.layer_norms([layers[0], layers[1]._replace(W=layers[1].W[:1])])
    big = [layer._replace(W=layer.W * 1e300) for layer in layers]
    assert np.isinf(nn.layer_norms(big)).all()  # overflow is inf, quietly


def test_batchnorm_statistics_must_be_stats(rng):
    stats = [batchnorm.Stats(np.zeros((1, 2)), np.ones((1, 2)))]
    for bad in (np.ones((1, 2, 1, 2)), [np.ones((2, 1, 2))], [(np.ones((1, 2)), "x")], 0.1):
        with pytest.raises(ValueError, match=r"\brunning"):
            batchnorm.running_average(bad, stats)
        with pytest.raises(ValueError, match=r"\bnew"):
            batchnorm.running_average(stats, bad)
    with pytest.raises(ValueError, match=r"running\[0\] must be a batchnorm.Stats"):
        batchnorm.running_average([batchnorm.Stats(np.zeros((2, 2)), np.ones((2, 2)))], stats)


def test_lsuv_checks_its_network_and_caps_its_work(rng):
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    net = nn.mlp(X, y, (2, 3, 2))
    w = net.init(rng, 2)
    for bad in (None, nn.init.normal, np.ones(17)):
        with pytest.raises(ValueError, match=r"\bnet must be an MLP"):
            nn.lsuv(bad, w)
    with pytest.raises(ValueError, match=r"\bX must be finite"):
        nn.lsuv(net, w, np.full((4, 2), np.nan))
    with pytest.raises(ValueError, match=r"max_iter asks for .* capped"):
        nn.lsuv(net, w, max_iter=10**12)
    np.testing.assert_array_equal(nn.lsuv(net, w), nn.lsuv(net, w, X))  # X defaults to the training inputs


def test_sizes_are_capped(rng):
    X, y = rng.normal(size=(10, 2)), np.arange(10) % 2
    net = nn.mlp(X, y, (2, 3, 2))
    with pytest.raises(ValueError, match=r"\bbatch asks for .* capped"):
        net.init(rng, 10**12)
    with pytest.raises(ValueError, match=r"\bn_outputs asks for .* capped"):
        nn.losses.prepare_targets("softmax_cross_entropy", y, 10**12)
    with pytest.raises(ValueError, match=r"\bsizes asks for .* capped"):
        nn.mlp(X, y, (2, 10**5, 10**5, 2))
