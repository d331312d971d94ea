"""The fast training path (nn.fast) against the readable forward and backward of nn.mlp: the
same numbers bit for bit, for every layer option, with and without workspace buffers, in
float64 and float32; the readable backward against central differences; the objective's
``value_and_grad`` and how `optim.run` uses it."""

import importlib
from dataclasses import dataclass, field

import numpy as np
import pytest

from lecturekit import finite_diff, nn, optim
from lecturekit.nn import fast, layout
from lecturekit.objectives import Objective

mlp = importlib.import_module("lecturekit.nn.mlp")  # the module (nn.mlp is the function it defines)

CONFIGS = {
    "tanh": dict(activation="tanh"),
    "relu residual": dict(activation="relu", residual=True),
    "sigmoid/linear, weight decay": dict(activation=("sigmoid", "linear"), l2=0.03),
    "tanh batch norm": dict(activation="tanh", batch_norm=True),
    "relu batch norm residual": dict(activation="relu", batch_norm=True, residual=True),
}
LOSSES = {"softmax_cross_entropy": 3, "logistic": 1, "mse": 2}


def _net(rng, loss="softmax_cross_entropy", n=40, dtype=np.float64, **kw):
    n_out = LOSSES[loss]
    X = rng.normal(size=(n, 3))
    y = rng.normal(size=(n, n_out)) if loss == "mse" else np.arange(n) % max(2, n_out)
    return nn.mlp(X, y, (3, 8, 8, n_out), loss=loss, dtype=dtype, **kw)


def _params(net, rng, batch=4):
    w = net.init(rng, batch, weights=nn.init.glorot_normal)
    return w + 0.3 * rng.normal(size=w.shape)  # no parameter at a special value (γ = 1, b = 0)


def _readable(net, w2, X, T):
    """Loss and flat gradient of the readable passes of nn.mlp."""
    fw, acts, caches = mlp._forward(net, w2, X)
    value, dZ = nn.losses._loss_and_grad(net.loss, fw.output, T, True)
    grads, _, _ = mlp._backward(net, w2, X, fw, acts, caches, dZ)
    return value + mlp._decay(net, w2), layout._flatten(net.layout, grads, net.dim), fw


def _fast(net, w2, X, T, ws):
    out, kept = fast._forward(net.layout, net.eps, w2, X, keep=True, ws=ws)
    value, dZ = nn.losses._loss_and_grad(net.loss, out, T, True)
    return value + mlp._decay(net, w2), fast._backward(net.layout, net.l2, w2, kept, dZ, ws), out


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("loss", LOSSES)
@pytest.mark.parametrize("workspace", [False, True])
def test_the_fast_passes_give_the_readable_passes_bit_for_bit(rng, config, loss, workspace):
    net = _net(rng, loss, **CONFIGS[config])
    w2 = _params(net, rng)
    value, grad, fw = _readable(net, w2, net.X, net.targets)
    ws = {} if workspace else None
    for _ in range(2):  # the second call reuses the workspace's buffers
        fast_value, fast_grad, out = _fast(net, w2, net.X, net.targets, ws)
        np.testing.assert_array_equal(out, fw.output)
        np.testing.assert_array_equal(fast_value, value)
        np.testing.assert_array_equal(fast_grad, grad)


@pytest.mark.parametrize("config", ["tanh", "relu batch norm residual"])
def test_minibatches_and_float32_agree_bit_for_bit_too(rng, config):
    net = _net(rng, dtype=np.float32, **CONFIGS[config])
    w2 = _params(net, rng).astype(np.float32)
    idx = rng.integers(0, net.n_examples, size=(4, 10))  # one minibatch (N, m, d) per network
    X, T = net.X[idx].astype(np.float32), net.targets[idx].astype(np.float32)
    value, grad, _ = _readable(net, w2, X, T)
    fast_value, fast_grad, _ = _fast(net, w2, X, T, {})
    assert fast_grad.dtype == np.float32
    np.testing.assert_array_equal(fast_value, value)
    np.testing.assert_array_equal(fast_grad, grad.astype(np.float32))


@pytest.mark.parametrize("config", CONFIGS)
def test_the_public_methods_agree_with_the_readable_passes(rng, config):
    net = _net(rng, **CONFIGS[config])
    w = _params(net, rng)
    value, grad, fw = _readable(net, w, net.X, net.targets)
    np.testing.assert_array_equal(net.grad(w), grad)  # grad runs fast
    np.testing.assert_array_equal(net.value(w), value)
    both = net.value_and_grad(w)
    np.testing.assert_array_equal(both[0], value)
    np.testing.assert_array_equal(both[1], grad)
    bw = net.backward(w)  # backward runs the readable passes
    np.testing.assert_array_equal(bw.grad, grad)
    np.testing.assert_array_equal(net.forward(w), fw.output)


@pytest.mark.parametrize("config", CONFIGS)
def test_the_readable_backward_matches_central_differences(rng, config):
    net = _net(rng, "mse", n=9, **CONFIGS[config])
    w = _params(net, rng, batch=2)
    fd = finite_diff.gradient(net.value, w)
    np.testing.assert_allclose(net.backward(w).grad, fd, atol=2e-7 * max(1.0, np.abs(fd).max()), rtol=1e-5)


def test_grid_blocks_give_the_outputs_of_one_forward_pass(rng, monkeypatch):
    net = _net(rng, batch_norm=True)
    w = _params(net, rng, batch=2)
    grid = nn.datasets.grid(net.X[:, :2], n=7)  # 49 points; the network has 3 inputs
    X = np.concatenate([grid.points, np.zeros((49, 1))], axis=1)
    stats = net.batch_stats(w)
    one = fast._forward(net.layout, net.eps, w, X, stats)[0]
    monkeypatch.setattr(fast, "_GRID_BLOCK", 8 * 10 * 2)  # blocks of 10 points
    # Equal up to rounding: under some BLAS kernels (OPENBLAS_CORETYPE=Prescott) a product of 10 rows
    # rounds differently from one of 49.
    blocks = fast._outputs_in_blocks(net.layout, net.eps, w, X, stats)
    np.testing.assert_allclose(blocks, one, rtol=1e-13, atol=1e-14)


def test_a_network_keeps_the_buffers_of_four_shapes_at_most(rng):
    net = _net(rng)
    w = _params(net, rng, batch=6)
    for m in range(1, 7):
        net.minibatch_grad(w, rng.integers(0, 40, size=(6, m)))
    assert len(net._workspaces._spaces) == fast._WS_SHAPES
    assert net._workspaces.get(10**6, net.X, 8) is None  # too large to keep


# --------------------------------------------------------------------------- the objective's value_and_grad


@dataclass(frozen=True, eq=False)
class _Counted(Objective):
    """A bowl that counts the calls of its methods; value_and_grad computes both at once."""

    calls: dict = field(default_factory=lambda: {"value": 0, "grad": 0, "value_and_grad": 0})

    def _value(self, x):
        self.calls["value"] += 1
        return 0.5 * np.square(x).sum(-1)

    def _grad(self, x):
        self.calls["grad"] += 1
        return x.copy()

    def _hess(self, x):
        return np.broadcast_to(np.eye(2), x.shape + (2,))

    def value_and_grad(self, x):
        self.calls["value_and_grad"] += 1
        return 0.5 * np.square(x).sum(-1), x.copy()


def test_an_objective_may_override_its_methods_instead_of_passing_functions():
    f = _Counted("counted bowl", 2)
    np.testing.assert_array_equal(f.value(np.ones((3, 2))), np.ones(3))
    np.testing.assert_array_equal(f.hess(np.ones(2)), np.eye(2))
    with pytest.raises(ValueError, match="value_fn"):
        Objective("no functions", 2)


def test_run_asks_for_value_and_gradient_in_one_call_where_it_records():
    f = _Counted("counted bowl", 2)
    traj = optim.run(optim.sgd(0.1), f, np.ones((3, 2)), steps=10, record_every=5)
    # steps 0, 5 and 10 recorded: one call each; the other 8 steps need only the gradient
    assert f.calls == {"value": 0, "grad": 8, "value_and_grad": 3}
    np.testing.assert_allclose(traj.loss[:, 0], 0.5 * 2 * 0.9 ** (2 * np.array([0, 5, 10])))
    np.testing.assert_allclose(traj.grad_norm[:, 0], np.sqrt(2) * 0.9 ** np.array([0, 5, 10]))


def test_a_network_trained_by_run_equals_the_loop_over_its_gradient(rng):
    net = _net(rng, **CONFIGS["tanh batch norm"])
    w0 = _params(net, rng, batch=3)
    traj = optim.run(optim.sgd(0.1), net, w0, steps=6, record_every=3)
    w = w0.copy()
    for k in range(7):
        if k % 3 == 0:
            np.testing.assert_array_equal(traj.x[k // 3], w)
            np.testing.assert_array_equal(traj.loss[k // 3], net.value(w))
        w = w - 0.1 * net.grad(w)
