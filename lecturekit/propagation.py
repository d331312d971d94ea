r"""How signals and gradients travel through deep networks at initialization.

* `preactivation_variance` -- Var(Σ_i w_i x_i) = n Var(w) E[x²] (= n Var(w) Var(x) for
  zero-mean x), the identity behind LeCun, Glorot and He initialization
* `scheme_variance` -- the weight variance each scheme chooses; `glorot_bound` the half-width
  of Glorot's uniform distribution, and the lecture notes' misprinted bound 6/√(m+n)
* `deep_weights` -- ``(B, L, n, n)`` weights of B deep square networks from one `nn.init` scheme
* `propagate` -- per-layer standard deviations of the activations (forward) and of the
  back-propagated gradients (backward), and the fraction of dead ReLU units
* `eigen_power`, `propagated_norms` -- repeated multiplication W^t = V diag(λ)^t V⁻¹
* `input_output_jacobian`, `jacobian_singular_values` -- the Jacobian of a deep linear or tanh
  network and its singular values (dynamical isometry, Saxe et al. 2013)
* `correlation_through` -- the angle between two inputs layer by layer, and the gradient factor
  χ = n Var(w) E[φ'²]: the ordered and chaotic regimes and their edge (Poole et al. 2016)

Conventions: a layer computes a_l = W_l h_{l-1} (no bias unless given), h_l = φ(a_l),
W_l ``(out, in)`` as in `nn.init`; the batch of networks is the first axis, examples the second.
The backward pass starts from a gradient g = dL/dh_L with i.i.d. N(0, 1) entries (any loss
gives some such vector; a random one shows what the network does to a generic gradient) and
computes δ_l = dL/da_l = φ'(a_l) ⊙ (W_{l+1}ᵀ δ_{l+1}). References: LeCun et al., "Efficient
BackProp", 1998; Glorot & Bengio, AISTATS 2010, eq. 12-16; He et al., ICCV 2015, sec. 2.2;
Goodfellow et al., *Deep Learning*, 2016, sec. 8.4, 8.2.5 and 10.7.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate

ACTIVATIONS = ("linear", "tanh", "relu")
SCHEMES = ("lecun", "glorot", "he")


def _activation(name):
    return validate.choice("activation", name, ACTIVATIONS)


def _phi(name, a):
    if name == "tanh":
        h = np.tanh(a)
        return h, 1.0 - h * h
    if name == "relu":
        return np.maximum(a, 0.0), (a > 0).astype(a.dtype)
    return a, np.ones_like(a)


def preactivation_variance(fan_in, var_w, second_moment_x):
    r"""Var(Σ_{i=1}^n w_i x_i) = n Var(w) E[x²] for independent w_i, x_i with E[w_i] = 0.

    Each term has E[w x] = 0 and Var(w x) = E[w²] E[x²] = Var(w) E[x²]; the n terms are
    uncorrelated. For zero-mean inputs (tanh or linear layers) E[x²] = Var(x), so the
    variance is n Var(w) Var(x) (Glorot & Bengio 2010, eq. 5); after a ReLU of a symmetric
    pre-activation, E[h²] = Var(a)/2, whence He's factor 2 (He et al. 2015, eq. 7-10).
    Broadcasts over its arguments.
    """
    fan_in = validate.positive("fan_in", fan_in)
    var_w = validate.nonnegative("var_w", var_w)
    second_moment_x = validate.nonnegative("second_moment_x", second_moment_x)
    return fan_in * var_w * second_moment_x


def scheme_variance(scheme: str, fan_in, fan_out):
    """The weight variance of LeCun (1/fan_in), Glorot (2/(fan_in + fan_out)) or He (2/fan_in)."""
    scheme = validate.choice("scheme", scheme, SCHEMES)
    fan_in = validate.positive("fan_in", fan_in)
    fan_out = validate.positive("fan_out", fan_out)
    if scheme == "glorot":
        return 2.0 / (fan_in + fan_out)
    return np.broadcast_to(
        (1.0 if scheme == "lecun" else 2.0) / fan_in, np.broadcast_shapes(np.shape(fan_in), np.shape(fan_out))
    )


def glorot_bound(fan_in, fan_out, misprint: bool = False):
    r"""Half-width r of Glorot's normalized initialization W ~ U(-r, r), r = √6 / √(m + n).

    U(-r, r) has variance r²/3 = 2/(m + n) (Glorot & Bengio 2010, eq. 16). With
    ``misprint=True``, the lecture notes' 6/√(m + n): √6 ≈ 2.45 times too wide, variance 12/(m+n),
    6 times too large.
    """
    fan_in = validate.positive("fan_in", fan_in)
    fan_out = validate.positive("fan_out", fan_out)
    misprint = validate.flag("misprint", misprint)
    return (6.0 if misprint else np.sqrt(6.0)) / np.sqrt(fan_in + fan_out)


def deep_weights(rng, batch: int, depth: int, width: int, scheme, **kw) -> np.ndarray:
    """``(batch, depth, width, width)`` weights, every layer drawn from the `nn.init` scheme
    ``scheme(rng, n, fan_in, fan_out, **kw)`` (e.g. ``nn.init.orthogonal``, ``gain=1.0``)."""
    validate.generator(rng)
    batch = validate.integer("batch", batch)
    depth = validate.integer("depth", depth)
    width = validate.integer("width", width)
    validate.elements("batch * depth * width * width", (batch, depth, width, width))
    if not callable(scheme):
        raise ValueError(f"scheme must be an initializer scheme(rng, batch, fan_in, fan_out); got {scheme!r}")
    W = scheme(rng, batch * depth, width, width, **kw)
    want = (batch * depth, width, width)
    if not (isinstance(W, np.ndarray) and W.shape == want and W.dtype.kind == "f"):
        raise ValueError(
            f"scheme must return float weights shaped (n, fan_in, fan_out) = {want}, like the nn.init schemes; "
            f"got {type(W).__name__}"
            + (f" of shape {W.shape} and dtype {W.dtype}" if isinstance(W, np.ndarray) else "")
        )
    return W.reshape(batch, depth, width, width)


class Propagation(NamedTuple):
    """Per-layer statistics of B networks: index 0 is the input, l = 1..L the layers.

    act_std ``(B, L+1)``: std of h_l over examples and units; grad_std ``(B, L+1)``: std of
    dL/dh_l; dead ``(B, L)``: fraction of units with a_l <= 0 on every example (ReLU: no
    gradient ever flows through them on these data); saturated ``(B, L)``: fraction of
    activations with φ'(a_l) < 0.01 (for tanh |h| > 0.995); pre_msq ``(B, L)``: E[a_l²] and
    act_msq ``(B, L+1)``: E[h_l²], means over examples and units (the two sides of
    `preactivation_variance`: E[a_l²] = n Var(w) E[h_{l-1}²] in expectation).
    """

    act_std: np.ndarray
    grad_std: np.ndarray
    dead: np.ndarray
    saturated: np.ndarray
    pre_msq: np.ndarray
    act_msq: np.ndarray


def _check_weights(Ws):
    Ws = validate.real_array("Ws", Ws, finite=True, what="weights: an array (B, L, n, n) of real numbers")
    if Ws.ndim != 4 or Ws.shape[-1] != Ws.shape[-2] or Ws.size == 0:
        raise ValueError(f"Ws must have shape (B, L, n, n) (square layers, none of B, L, n zero); got {Ws.shape}")
    return Ws


def propagate(Ws, X, activation: str = "tanh", g=None, biases=0.0) -> Propagation:
    r"""Forward and backward statistics of B deep networks ``Ws`` ``(B, L, n, n)`` on inputs ``X`` ``(m, n)``.

    Forward: h_0 = X, a_l = W_l h_{l-1} + b, h_l = φ(a_l). Backward from g = dL/dh_L
    (``(m, n)``; default N(0, 1) entries from the fixed seed 0, so every call sends back the
    same gradient): dL/dh_{l-1} = W_lᵀ (φ'(a_l) ⊙ dL/dh_l). ``biases`` is a constant added to every
    pre-activation (e.g. 0.1 against dead ReLUs). Returns a `Propagation`.
    """
    Ws = _check_weights(Ws)
    activation = _activation(activation)
    X = validate.real_array("X", X, finite=True, what="inputs: an array (m, n) of real numbers")
    B, L, n, _ = Ws.shape
    if X.ndim != 2 or X.shape[1] != n or X.shape[0] == 0:
        raise ValueError(f"X must have shape (m, {n}) with m >= 1; got {X.shape}")
    # the slopes of every layer are kept for the backward pass: L arrays (B, m, n)
    validate.elements("Ws and X (B * L * m * n)", (B, L + 2) + X.shape)
    if g is None:
        g = np.random.default_rng(0).standard_normal(X.shape)
    g = validate.real_array("g", g, finite=True, what="a gradient dL/dh_L: an array (m, n) of real numbers")
    if g.shape != X.shape:
        raise ValueError(f"g must have the shape of X {X.shape}; got {g.shape}")
    biases = validate.number("biases", biases)
    act_std = np.empty((B, L + 1))
    grad_std = np.empty((B, L + 1))
    dead = np.empty((B, L))
    saturated = np.empty((B, L))
    pre_msq = np.empty((B, L))
    act_msq = np.empty((B, L + 1))
    h = np.broadcast_to(X, (B,) + X.shape)
    slopes = []
    # huge weights or inputs overflow to inf and nan: the statistics say so, quietly
    with np.errstate(over="ignore", invalid="ignore"):
        act_std[:, 0] = X.std()
        act_msq[:, 0] = np.mean(X * X)
        for layer in range(L):
            a = h @ np.swapaxes(Ws[:, layer], -1, -2) + biases
            h, d = _phi(activation, a)
            slopes.append(d)
            act_std[:, layer + 1] = h.reshape(B, -1).std(axis=1)
            act_msq[:, layer + 1] = np.mean((h * h).reshape(B, -1), axis=1)
            pre_msq[:, layer] = np.mean((a * a).reshape(B, -1), axis=1)
            dead[:, layer] = np.all(a <= 0, axis=1).mean(axis=1)
            saturated[:, layer] = (d < 0.01).reshape(B, -1).mean(axis=1)
        dh = np.broadcast_to(g, (B,) + g.shape)
        grad_std[:, L] = g.std()
        for layer in range(L - 1, -1, -1):
            dh = (slopes[layer] * dh) @ Ws[:, layer]
            grad_std[:, layer] = dh.reshape(B, -1).std(axis=1)
    return Propagation(act_std, grad_std, dead, saturated, pre_msq, act_msq)


def eigen_power(V, lam, t):
    r"""W^t = V diag(λ)^t V⁻¹ for W = V diag(λ) V⁻¹: ``V`` ``(..., d, d)``, ``lam`` ``(..., d)``, integer t >= 0.

    Goodfellow et al. 2016, eq. 10.39-10.40: eigenvalues with |λ| < 1 decay like |λ|^t, those
    with |λ| > 1 grow like |λ|^t. Returns ``(..., d, d)``.
    """
    V = validate.real_array("V", V, finite=True, what="eigenvectors: an array (..., d, d) of real numbers")
    lam = validate.real_array("lam", lam, finite=True, what="eigenvalues: an array (..., d) of real numbers")
    t = validate.integer("t", t, 0)
    if V.ndim < 2 or lam.ndim < 1 or V.shape[-1] != V.shape[-2] or lam.shape[-1] != V.shape[-1]:
        raise ValueError(f"V must be (..., d, d) and lam (..., d); got {V.shape} and {lam.shape}")
    validate.elements("V and lam", np.broadcast_shapes(V.shape, lam.shape[:-1] + V.shape[-2:]))
    with np.errstate(over="ignore", invalid="ignore"):
        return (V * lam[..., None, :] ** t) @ _inverse(V)


def _inverse(V):
    """V⁻¹, or a ValueError when the eigenvectors do not form a basis."""
    try:
        Vinv = np.linalg.inv(V)
    except np.linalg.LinAlgError:
        raise ValueError("V must be invertible (its columns a basis of eigenvectors); got a singular V") from None
    if not np.all(np.isfinite(Vinv)):
        raise ValueError("V must be invertible (its columns a basis of eigenvectors); got a numerically singular V")
    return Vinv


def propagated_norms(V, lam, x, g, t_max: int):
    r"""‖W^t x‖ and ‖(W^t)ᵀ g‖ for t = 0..t_max, W = V diag(λ) V⁻¹, for a batch ``lam`` ``(B, d)``.

    The first is a signal pushed through t layers (or time steps) with the same weights,
    h_t = W^t h_0; the second the gradient dL/dh_0 = (W^t)ᵀ dL/dh_t sent back through them
    (Goodfellow et al. 2016, sec. 8.2.5). In eigen-coordinates every component is multiplied
    by λ_i^t, computed as powers (no repeated products). Returns two arrays ``(B, t_max+1)``.
    """
    V = validate.real_array("V", V, finite=True, what="eigenvectors: an array (d, d) of real numbers")
    lam = np.atleast_2d(
        validate.real_array("lam", lam, finite=True, what="eigenvalues: an array (B, d) of real numbers")
    )
    x = validate.real_array("x", x, finite=True, what="a signal: an array (d,) of real numbers")
    g = validate.real_array("g", g, finite=True, what="a gradient: an array (d,) of real numbers")
    t_max = validate.integer("t_max", t_max, 0)
    d = V.shape[-1] if V.ndim else 0
    if V.shape != (d, d) or lam.shape[-1] != d or x.shape != (d,) or g.shape != (d,):
        raise ValueError(
            f"V must be (d, d), lam (B, d), x and g (d,); got {V.shape}, {lam.shape}, {x.shape}, {g.shape}"
        )
    validate.elements("lam and t_max", (lam.shape[0], t_max + 1, d))
    Vinv = _inverse(V)
    t = np.arange(t_max + 1)
    with np.errstate(over="ignore"):
        powers = lam[:, None, :] ** t[None, :, None]  # (B, T, d)
    cx = Vinv @ x  # x in eigen-coordinates
    cg = V.T @ g  # (W^t)^T g = V^-T diag(λ^t) V^T g
    with np.errstate(over="ignore", invalid="ignore"):
        forward = np.linalg.norm((powers * cx) @ V.T, axis=-1)
        backward = np.linalg.norm((powers * cg) @ Vinv, axis=-1)
    return forward, backward


def input_output_jacobian(Ws, x, activation: str = "linear"):
    r"""The Jacobian ∂h_L/∂h_0 = D_L W_L ⋯ D_1 W_1 of B networks ``Ws`` ``(B, L, n, n)`` at the input ``x`` ``(n,)``.

    D_l = diag(φ'(a_l)); for a linear network the Jacobian is the product of the weights.
    Returns ``(B, n, n)``.
    """
    Ws = _check_weights(Ws)
    activation = _activation(activation)
    x = validate.real_array("x", x, finite=True, what="an input: an array (n,) of real numbers")
    B, L, n, _ = Ws.shape
    if x.shape != (n,):
        raise ValueError(f"x must have shape ({n},); got {x.shape}")
    J = np.broadcast_to(np.eye(n), (B, n, n))
    h = np.broadcast_to(x, (B, n))
    with np.errstate(over="ignore", invalid="ignore"):  # a product too large overflows to inf
        for layer in range(L):
            a = np.einsum("bij,bj->bi", Ws[:, layer], h)
            h, d = _phi(activation, a)
            J = d[:, :, None] * (Ws[:, layer] @ J)
    return J


def jacobian_singular_values(Ws, x, activation: str = "linear"):
    """Singular values ``(B, n)``, largest first, of `input_output_jacobian`.

    Saxe, McClelland & Ganguli (2013): with orthogonal weights a deep linear network has every
    singular value exactly 1 (dynamical isometry); with Gaussian N(0, 1/n) weights the mean of
    the squared singular values stays 1 (E‖Jv‖² = ‖v‖²) but their spread grows with depth, so
    most directions shrink while a few grow. A network whose Jacobian overflowed (entries
    beyond float range) gets singular values inf.
    """
    J = input_output_jacobian(Ws, x, activation)
    ok = np.all(np.isfinite(J), axis=(1, 2))
    sv = np.full(J.shape[:2], np.inf)
    if np.any(ok):
        sv[ok] = np.linalg.svd(J[ok], compute_uv=False)
    return sv


def depth_sweep(Ws, X, activation: str, depths):
    """`propagate` through the first D layers of ``Ws`` for every D of ``depths``, the gradient
    entering at layer D each time. Returns ``(act_std, grad_std, saturated, dead)``, each
    ``(B, len(depths), L+1)`` (``saturated``, ``dead`` indexed by layer 1..L at 1..L, index 0
    = 0), NaN beyond layer D. The forward statistics of a depth-D network are those of the
    first D layers of a deeper one; the backward ones are not, so each depth is run.
    """
    Ws = _check_weights(Ws)
    activation = _activation(activation)
    B, L = Ws.shape[:2]
    depths = validate.integer_array("depths", depths, 1, L)
    if depths.ndim != 1 or depths.size == 0:
        raise ValueError(f"depths must be a 1-D sequence of integers in [1, {L}]; got {depths!r}")
    validate.elements("depths", (4, B, depths.size, L + 1))
    out = np.full((4, B, depths.size, L + 1), np.nan)
    for k, D in enumerate(depths):
        p = propagate(Ws[:, : int(D)], X, activation)
        out[0, :, k, : D + 1] = p.act_std
        out[1, :, k, : D + 1] = p.grad_std
        out[2, :, k, 1 : D + 1] = p.saturated
        out[3, :, k, 1 : D + 1] = p.dead
        out[2:, :, k, 0] = 0.0
    return tuple(out)


class Correlation(NamedTuple):
    """Two inputs pushed through B deep networks: index 0 is the input, l = 1..L the layers.

    corr ``(B, L+1)``: the cosine of the angle between h_l(x) and h_l(x'); q ``(B, L+1)``:
    the mean squared activation E[h_l²] of x (the length Poole et al. call q, per unit);
    chi ``(B, L)``: the factor n Var(w) E[φ'(a_l)²] (measured: ‖W_l‖_F²/n times the mean of
    φ'² over both inputs' units), by which layer l multiplies the mean squared gradient.
    """

    corr: np.ndarray
    q: np.ndarray
    chi: np.ndarray


def correlation_through(Ws, x1, x2, activation: str = "tanh") -> Correlation:
    r"""How the angle between two inputs ``x1``, ``x2`` ``(n,)`` changes through ``Ws`` ``(B, L, n, n)``.

    The mean-field picture of Poole et al., "Exponential expressivity in deep neural networks
    through transient chaos", NeurIPS 2016, and Schoenholz et al., "Deep information
    propagation", ICLR 2017: with W ~ N(0, s²/n) and no biases, χ = s² E[φ'(a)²] decides the
    regime. For tanh at s < 1 the activations shrink to 0, tanh acts linearly and χ → s² < 1:
    the gradient vanishes geometrically (ordered; without biases the angle between two inputs
    is kept on average, as in a linear network). At s > 1 the activations settle at a nonzero
    length, χ > 1: the gradient explodes and nearby inputs are pulled apart to a correlation
    c* < 1 (chaotic). s = 1 is the edge between them, where χ → 1 and the length shrinks only
    polynomially with depth.
    Returns a `Correlation`.
    """
    Ws = _check_weights(Ws)
    activation = _activation(activation)
    n = Ws.shape[-1]
    x1 = validate.real_array("x1", x1, finite=True, what="an input: an array (n,) of real numbers")
    x2 = validate.real_array("x2", x2, finite=True, what="an input: an array (n,) of real numbers")
    if x1.shape != (n,) or x2.shape != (n,):
        raise ValueError(f"x1 and x2 must have shape ({n},) like the layers; got {x1.shape} and {x2.shape}")
    B, L = Ws.shape[:2]
    h = np.broadcast_to(np.stack([x1, x2]), (B, 2, n))
    corr, q, chi = np.empty((B, L + 1)), np.empty((B, L + 1)), np.empty((B, L))
    # huge weights overflow to inf and nan: the statistics say so, quietly (as in `propagate`)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        gain = np.sum(Ws * Ws, axis=(-1, -2)) / n  # n Var(w) of each layer, measured
        for layer in range(L + 1):
            if layer:
                h, d = _phi(activation, h @ np.swapaxes(Ws[:, layer - 1], -1, -2))
                chi[:, layer - 1] = gain[:, layer - 1] * np.mean((d * d).reshape(B, -1), axis=1)
            norms = np.linalg.norm(h, axis=-1)
            corr[:, layer] = np.sum(h[:, 0] * h[:, 1], axis=-1) / (norms[:, 0] * norms[:, 1])
            q[:, layer] = np.mean(h[:, 0] ** 2, axis=-1)
    return Correlation(corr, q, chi)
