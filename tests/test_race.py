"""The race protocol: a sweep is one batched run per grid, its pick is the best mean over seeds, and
L-BFGS is read at the same epoch budgets."""

import numpy as np
import pytest

from lecturekit import nn, optim, race


@pytest.fixture(scope="module")
def setup():
    r = np.random.default_rng(0)
    data = nn.datasets.blobs(r, n=32, noise=0.5)
    X, y = data.X, data.y
    net = nn.mlp(X[:24], y[:24], sizes=(2, 6, int(y.max()) + 1), activation="tanh")
    val = nn.mlp(X[24:], y[24:], sizes=(2, 6, int(y.max()) + 1), activation="tanh")
    return net, val, net.init(np.random.default_rng(1), 2)


def make(lr, wd):
    return optim.adamw(lr, weight_decay=wd)


def test_sweep_records_every_epoch_and_picks_the_best_mean(setup):
    net, val, w0 = setup
    res = race.sweep(
        make, net, val, w0, [1e-3, 3e-2], [0.0, 1e-3], epochs=3, batch_size=8, rng=np.random.default_rng(2)
    )
    assert res.settings.shape == (4, 2) and res.loss.shape == (4, 2, 4) and res.epochs.tolist() == [0, 1, 2, 3]
    assert np.allclose(res.loss[:, :, 0], val.value(w0))  # every setting starts from the same networks
    assert res.best == int(np.argmin(res.loss[:, :, -1].mean(axis=1)))
    assert res.settings[res.best, 0] == 3e-2  # on this easy problem the larger rate is better


def test_one_setting_of_the_sweep_is_the_run_it_stands_for(setup):
    net, val, w0 = setup
    res = race.sweep(make, net, val, w0, [3e-2], [1e-3], epochs=2, batch_size=8, rng=np.random.default_rng(3))
    traj = optim.run(
        optim.adamw(np.full((2, 1), 3e-2), weight_decay=np.full((2, 1), 1e-3)),
        net,
        w0,
        steps=6,
        batch_size=8,
        rng=np.random.default_rng(3),
        record_every=3,
    )
    assert np.allclose(res.loss[0], np.stack([val.value(x) for x in traj.x], axis=-1))


def test_a_diverging_setting_gets_an_infinite_loss(setup):
    net, val, w0 = setup
    res = race.sweep(
        lambda lr, wd: optim.sgd(lr), net, val, w0, [0.1, 1e7], epochs=2, batch_size=8, rng=np.random.default_rng(4)
    )
    assert res.diverged[1].all() and np.isinf(res.loss[1, :, -1]).all() and res.best == 0


def test_lbfgs_curve_stays_within_each_budget(setup):
    net, val, w0 = setup
    curve = race.lbfgs_curve(net, val, w0, epochs=6)
    traj = optim.lbfgs(net, w0, steps=6)
    assert curve.loss.shape == (2, 7) and np.allclose(curve.loss[:, 0], val.value(w0))
    for s in range(2):
        for budget in range(7):
            k = np.flatnonzero(traj.evaluations[:, s] <= budget)
            k = k[-1] if k.size else 0
            assert np.isclose(curve.train_loss[s, budget], traj.loss[k, s])
    assert np.all(np.diff(curve.train_loss, axis=1) <= 1e-12)  # a line search never increases the loss


def test_batch_size_must_divide_the_examples(setup):
    net, val, w0 = setup
    with pytest.raises(ValueError, match="batch_size"):
        race.sweep(make, net, val, w0, [0.1], epochs=1, batch_size=7, rng=np.random.default_rng(0))
