"""The bad-input registry of `lecturekit.nn` (network, activations, batchnorm, datasets, init,
losses, mlp and the `MLP` methods). The format and the shared inputs: `bad_input_entry`; the
join: `bad_input_registry`. Network parameters w (the point of an objective) and what a forward pass carries
(pre-activations, outputs, upstream gradients) may hold NaN; data, labels, sizes and
hyperparameters may not.
"""

from __future__ import annotations

import numpy as np
from bad_input_entry import NET, XR, E, rng

from lecturekit import nn
from lecturekit.nn import activations, batchnorm, datasets, init, losses

_r = np.random.default_rng(11)
XN = _r.normal(size=(8, 2))  # eight 2-D examples
YN = np.arange(8) % 2  # balanced labels
NETM = nn.mlp(XN, YN, sizes=(2, 3, 2), activation="tanh")  # P = 17
NETB = nn.mlp(XN, YN, sizes=(2, 3, 2), batch_norm=True)  # P = 20, one normalized layer
WM = NETM.init(np.random.default_rng(12), 2)  # two networks (2, 17)
WB = NETB.init(np.random.default_rng(13), 2)  # (2, 20)
STATS_B = NETB.batch_stats(WB)
GRID = datasets.grid(XN, n=4)
A = np.array([[-1.0, 0.0, 2.0]])  # pre-activations
ABN = _r.normal(size=(2, 4, 3))  # batch norm: 2 networks, 4 examples, 3 units
G3 = _r.normal(size=(2, 3))
B3 = _r.normal(size=(2, 3))
U_BN, CACHE_BN = batchnorm.forward_train(ABN, G3, B3, 1e-5)
ZN = _r.normal(size=(2, 8, 2))  # outputs of two networks on eight examples
TN = losses.prepare_targets("softmax_cross_entropy", YN, 2)

# Weight initializers share one signature.
_SCHEMES = {
    "zeros": {},
    "constant": {"value": 0.5},
    "normal": {"scale": 0.1},
    "uniform": {"scale": 0.1},
    "lecun_normal": {"gain": 1.0},
    "glorot_uniform": {"gain": 1.0},
    "glorot_normal": {"gain": 1.0},
    "he_normal": {"gain": 1.0},
    "he_uniform": {"gain": 1.0},
    "orthogonal": {"gain": 1.0},
    "sparse": {"k": 2, "scale": 1.0},
}

REGISTRY = [
    # ------------------------------------------------------------ activations
    E("nn.activations.Activation", record=True, name="tanh", forward=np.tanh, slope=np.multiply),
    E("nn.activations.get", name="relu"),
    E("nn.activations.sigmoid", a=np.array([-800.0, 0.0, 3.0]), nan_ok=("a",)),
    E("nn.activations.apply", name="tanh", a=A, out=np.empty_like(A), nan_ok=("a", "out")),
    E(
        "nn.activations.backprop",
        name="sigmoid",
        dh=np.ones_like(A),
        a=A,
        h=activations.sigmoid(A),
        out=np.empty_like(A),
        nan_ok=("dh", "a", "h", "out"),
    ),
    # ------------------------------------------------------------ batchnorm
    E("nn.batchnorm.Stats", record=True, mean=G3, var=np.ones((2, 3))),
    E("nn.batchnorm.Cache", record=True, a_hat=ABN, inv_std=np.ones((2, 1, 3)), stats=CACHE_BN.stats),
    E("nn.batchnorm.forward_train", a=ABN, gamma=G3, beta=B3, eps=1e-5, nan_ok=("a", "gamma", "beta")),
    E(
        "nn.batchnorm.forward_eval",
        a=ABN,
        gamma=G3,
        beta=B3,
        stats=CACHE_BN.stats,
        eps=1e-5,
        nan_ok=("a", "gamma", "beta"),
    ),
    E("nn.batchnorm.backward", g=U_BN, gamma=G3, cache=CACHE_BN, nan_ok=("g", "gamma")),
    E(
        "nn.batchnorm.running_average",
        running=[CACHE_BN.stats],
        new=[batchnorm.Stats(G3, np.ones((2, 3)))],
        momentum=0.1,
        nan_ok=("running", "new"),
    ),
    # ------------------------------------------------------------ datasets
    E("nn.datasets.Dataset", record=True, X=XN, y=YN),
    E("nn.datasets.Grid", record=True, xs=GRID.xs, ys=GRID.ys, points=GRID.points),
    E("nn.datasets.two_spirals", rng=rng(), n=8, noise=0.1, turns=1.5),
    E("nn.datasets.circles", rng=rng(), n=8, noise=0.1, factor=0.5),
    E("nn.datasets.xor", rng=rng(), n=8, noise=0.1),
    E("nn.datasets.moons", rng=rng(), n=8, noise=0.1),
    E("nn.datasets.blobs", rng=rng(), n=8, noise=0.5, centres=((-1.5, -1.0), (1.5, -1.0), (0.0, 1.5))),
    E("nn.datasets.grid", X=XN, n=4, margin=0.1),
    # ------------------------------------------------------------ init
    *(E(f"nn.init.{name}", rng=rng(), batch=2, fan_in=3, fan_out=4, **extra) for name, extra in _SCHEMES.items()),
    E("nn.init.constant_bias", rng=rng(), batch=2, fan_out=3, value=0.1),
    E("nn.init.prior_bias", y=np.array([0, 0, 1, 2]), loss="softmax_cross_entropy", n_classes=3),
    # ------------------------------------------------------------ losses
    E("nn.losses.check_name", loss="mse"),
    E("nn.losses.prepare_targets", loss="softmax_cross_entropy", y=YN, n_outputs=2),
    E("nn.losses.loss_and_grad", loss="softmax_cross_entropy", Z=ZN, T=TN, need_grad=True, nan_ok=("Z",)),
    E("nn.losses.output_probabilities", loss="softmax_cross_entropy", Z=ZN, nan_ok=("Z",)),
    E("nn.losses.predicted_class", loss="logistic", Z=ZN[..., :1]),
    # ------------------------------------------------------------ mlp
    E("nn.Layer", record=True, W=np.ones((3, 2)), b=np.zeros(3)),
    E("nn.Forward", record=True, output=ZN, pre=[], post=[], normalized=[], stats=[]),
    E("nn.Backward", record=True, loss=np.zeros(2), grad=WM, layers=[], d_pre=[], d_post=[]),
    E("nn.LayerSpec", record=True, **dict(zip(nn.LayerSpec._fields, NETM.layout[0]))),
    # MLP's fields are built and checked by nn.mlp (the targets, the layout): only the valid call.
    E(
        "nn.MLP",
        record=True,
        **{k: getattr(NETM, k) for k in ("name", "dim", "value_fn", "grad_fn", "hess_fn")},
        **{
            k: getattr(NETM, k)
            for k in (
                "X",
                "y",
                "targets",
                "sizes",
                "activations",
                "loss",
                "residual",
                "batch_norm",
                "eps",
                "l2",
                "layout",
            )
        },
    ),
    E(
        "nn.mlp",
        X=XN,
        y=YN,
        sizes=(2, 3, 2),
        activation="tanh",
        loss="softmax_cross_entropy",
        residual=False,
        batch_norm=False,
        eps=1e-5,
        l2=0.01,
        dtype=np.float64,
    ),
    E("nn.MLP.unflatten", on=NETM, w=WM, nan_ok=("w",)),
    # A list of Layer is not an array: the suite cannot perturb it (see test_nn_mlp's layer-list tests).
    E("nn.MLP.flatten", on=NETM, layers=NETM.unflatten(WM), fixed=("layers",)),
    E(
        "nn.MLP.init",
        on=NETB,
        rng=rng(),
        batch=2,
        weights=init.glorot_uniform,
        biases=0.0,
        output_bias=np.zeros(2),
        gamma=1.0,
        beta=0.0,
    ),
    E("nn.MLP.value_and_grad", on=NETM, w=WM, nan_ok=("w",)),
    E("nn.MLP.minibatch_grad", on=NETM, w=WM, idx=np.array([[0, 1, 2], [3, 4, 5]]), nan_ok=("w",)),
    E("nn.MLP.forward", on=NETB, w=WB, X=XN, stats=STATS_B, return_all=True, nan_ok=("w", "X")),
    E("nn.MLP.backward", on=NETB, w=WB, nan_ok=("w",)),
    E("nn.MLP.batch_stats", on=NETB, w=WB, X=XN, nan_ok=("w", "X")),
    E("nn.MLP.proba", on=NETB, w=WB, X=XN, stats=STATS_B, nan_ok=("w", "X")),
    E("nn.MLP.predict", on=NETM, w=WM, X=XN, nan_ok=("w", "X")),
    E("nn.MLP.accuracy", on=NETM, w=WM, X=XN, y=YN, nan_ok=("w", "X")),
    E("nn.MLP.on_grid", on=NETM, w=WM, grid=GRID, what="proba", dtype=np.float32, nan_ok=("w",)),
    E("nn.layer_norms", layers=NETM.unflatten(WM), field="W", fixed=("layers",)),
    E("nn.lsuv", net=NETM, w=WM, X=XN, tol=0.1, max_iter=5, nan_ok=("w",)),
    # ------------------------------------------------------------ network
    E("nn.TwoLayer", record=True, W1=NET.W1, b1=NET.b1, W2=NET.W2, b2=NET.b2),
    E("nn.init_two_layer", rng=rng(), d=2, h=3, o=1, scale=0.5),
    E("nn.forward", params=NET, X=XR, nan_ok=("X",)),
    E("nn.permute_hidden", params=NET, perm=np.array([2, 0, 1])),
    # ------------------------------------------------------------ hessian (exact Hessian-vector products)
    E("nn.hessian.hvp", net=NETM, w=WM, v=WM[::-1], nan_ok=("w", "v")),
    E("nn.hessian.hessian", net=NETM, w=WM, nan_ok=("w",)),
    # ------------------------------------------------------------ digits (real data, package resources)
    E("nn.digits.load_digits"),
    E("nn.digits.digits", rng=rng(), n_validation=500),
    E("nn.digits.Split", record=True, train=datasets.Dataset(XN, YN), validation=datasets.Dataset(XN, YN)),
]
