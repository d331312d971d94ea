"""Checks for the exercises on initialization and batch normalization (chapter 7)."""

from __future__ import annotations

import numpy as np

from .. import nn, propagation, validate
from .compare import CheckFailed, _call_learner, _expect_function, compare


def _uniform_scheme(learner, name: str, rng, batched: bool) -> None:
    """Shape, bound and empirical variance of a Glorot-uniform initializer on fresh fan sizes.

    The sample mean of w² over N entries of U(-r, r) has relative standard deviation
    sqrt(0.8 / N) (E w⁴ = r⁴/5); the check allows 6 of those. The mean (standard deviation
    r/sqrt(3N)) and the fraction of entries in [-r/2, r/2] (1/2, standard deviation 1/(2 sqrt N))
    are allowed 6 standard deviations too: U(0, r) fails the first, a Gaussian or a two-point
    distribution with the right variance the second (or the bound).
    """
    _expect_function(name, learner)
    rng = validate.optional_generator("rng", rng)
    arg_names = ("rng", "batch", "fan_in", "fan_out") if batched else ("rng", "fan_in", "fan_out")
    for _ in range(5):
        fan_in, fan_out = (int(v) for v in rng.integers(100, 300, size=2))
        batch = int(rng.integers(1, 4))
        seed = int(rng.integers(2**31))
        args = (
            (np.random.default_rng(seed), batch, fan_in, fan_out)
            if batched
            else (np.random.default_rng(seed), fan_in, fan_out)
        )
        shown = f"fan_in = {fan_in}, fan_out = {fan_out}" + (f", batch = {batch}" if batched else "")
        W = _call_learner(name, learner, args, arg_names)
        if W is None:
            raise CheckFailed(f"{name} returned None; return the weight array.")
        try:
            W = np.asarray(W, dtype=float)
        except (TypeError, ValueError):
            raise CheckFailed(f"{name} returned {type(W).__name__}; return the weight array.") from None
        shape = (batch, fan_out, fan_in) if batched else (fan_out, fan_in)
        if W.shape != shape:
            raise CheckFailed(
                f"{name}: got shape {W.shape} for {shown}; expected {shape} (row j: weights into unit j)."
            )
        r = float(propagation.glorot_bound(fan_in, fan_out))
        target = r * r / 3
        var = float(np.mean(W * W))
        tol = 6 * np.sqrt(0.8 / W.size)
        if np.abs(W).max() > r * (1 + 1e-12):
            hint = (
                "  the bound looks like 6/sqrt(m + n), the misprint: the variance is then 6 times too large.\n"
                if np.isclose(var / target, 6.0, rtol=0.1)
                else ""
            )
            raise CheckFailed(
                f"{name}: a weight of size {np.abs(W).max():.4g} lies outside [-r, r], r = sqrt(6)/sqrt(m + n) = {r:.4g} "
                f"({shown}).\n{hint}Hint: draw from a uniform distribution whose half-width is r."
            )
        mean = float(W.mean())
        if abs(mean) > 6 * r / np.sqrt(3 * W.size):
            raise CheckFailed(
                f"{name}: the weights have mean {mean:.4g}, about {mean / r:.2f} r; U(-r, r) has mean 0 ({shown}).\n"
                "Hint: the interval is symmetric around 0; negative weights are as likely as positive ones."
            )
        if abs(var / target - 1) > tol:
            raise CheckFailed(
                f"{name}: the empirical variance is {var:.4g}; Glorot's 2/(m + n) = {target:.4g} ({shown}).\n"
                "Hint: U(-r, r) has variance r²/3; draw every weight independently over the whole interval."
            )
        inner = float(np.mean(np.abs(W) <= r / 2))
        if abs(inner - 0.5) > 6 * 0.5 / np.sqrt(W.size):
            raise CheckFailed(
                f"{name}: {100 * inner:.1f}% of the weights lie in [-r/2, r/2]; a uniform U(-r, r) puts 50% there "
                f"({shown}).\nHint: draw from a uniform distribution, not a Gaussian or a few fixed values."
            )
        again = _call_learner(name, learner, (np.random.default_rng(int(rng.integers(2**31))), *args[1:]), arg_names)
        if np.array_equal(W, again):
            raise CheckFailed(f"{name}: two different generators gave the same weights; draw them from rng.")
        same = _call_learner(name, learner, (np.random.default_rng(seed), *args[1:]), arg_names)
        if not np.array_equal(W, np.asarray(same, dtype=float)):
            raise CheckFailed(
                f"{name}: two generators with the same seed gave different weights; draw every number from the rng "
                "argument (not from np.random), so that a seed reproduces the initialization."
            )
    print(f"{name}: shape, bound and variance 2/(m + n) agree on 5 fresh layer sizes.")


def glorot_uniform(learner, rng=None) -> None:
    """Check ``learner(rng, fan_in, fan_out) -> W`` ``(fan_out, fan_in)`` ~ U(-√6/√(m+n), √6/√(m+n)).

    The check measures the empirical variance against 2/(m + n) and the largest weight against the
    bound (Glorot & Bengio 2010, eq. 16).
    """
    _uniform_scheme(learner, "glorot_uniform", rng, batched=False)


def fixed_initializer(learner, rng=None) -> None:
    """Check the planted-bug fix: ``learner(rng, batch, fan_in, fan_out)`` an `nn.init` scheme with
    Glorot's bound √6/√(m+n), not the notes' 6/√(m+n); then a 20-layer tanh network with it must
    keep under 5% of its last layer's units saturated."""
    _uniform_scheme(learner, "fixed_initializer", rng, batched=True)
    r = validate.optional_generator("rng", rng)
    Ws = propagation.deep_weights(r, 1, 20, 100, lambda *args: _call_learner("fixed_initializer", learner, args))
    p = propagation.propagate(Ws, r.standard_normal((200, 100)), "tanh")
    if p.saturated[0, -1] > 0.05:
        raise CheckFailed(f"fixed_initializer: {100 * p.saturated[0, -1]:.0f}% of tanh units saturate at layer 20.")
    print("fixed_initializer: a 20-layer tanh network keeps its units out of saturation.")


def batchnorm_forward(learner, rng=None) -> None:
    """Check ``learner(a, gamma, beta, eps) -> u`` for ``a`` ``(m, w)``: u = γ (a - μ)/√(σ² + ε) + β,
    μ and σ² (the 1/m variance) per unit over the m examples (Ioffe & Szegedy 2015, algorithm 1)."""

    def draw(r):
        m, w = int(r.integers(2, 30)), int(r.integers(1, 8))
        a = r.normal(r.normal(size=w) * 3, r.uniform(0.1, 5, size=w), size=(m, w))
        return a, r.normal(size=w), r.normal(size=w), float(r.choice([1e-5, 1e-3, 0.1]))

    compare(
        learner,
        lambda a, g, b, eps: nn.batchnorm.forward_train(a[None], g[None], b[None], eps)[0][0],
        draw,
        name="batchnorm_forward",
        outputs=("u",),
        arg_names=("a", "gamma", "beta", "eps"),
        rng=rng,
        rtol=1e-8,
        atol=1e-10,
        hint="normalize each column (unit) over the rows (examples): mean and variance along axis 0, with the "
        "variance dividing by m, and eps inside the square root; then scale by gamma and shift by beta.",
    )


def lsuv_step(learner, rng=None) -> None:
    """Check ``learner(W, H) -> W / sqrt(v)``, v the variance of the pre-activations A = H Wᵀ ``(m, out)``
    over all examples and units (one rescaling of Mishkin & Matas 2016, algorithm 1)."""

    def draw(r):
        m, n_in, n_out = (int(v) for v in r.integers(2, 20, size=3))
        return r.normal(scale=r.uniform(0.1, 3), size=(n_out, n_in)), r.normal(size=(m, n_in))

    def reference(W, H):
        return W / np.sqrt((H @ W.T).var())

    compare(
        learner,
        reference,
        draw,
        name="lsuv_step",
        outputs=("W_new",),
        arg_names=("W", "H"),
        rng=rng,
        rtol=1e-8,
        hint="compute A = H @ W.T, take one variance over all its entries (examples and units together), and "
        "divide W by its square root, so that the new pre-activations have variance 1.",
    )
