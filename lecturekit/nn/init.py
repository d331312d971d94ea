r"""Weight and bias initializers, batch-first: B independent draws of one layer's weights.

Every weight initializer has the signature ``scheme(rng, batch, fan_in, fan_out, ...)``
and returns an array ``(batch, fan_out, fan_in)``: row j holds the weights into unit j,
so a layer computes a = W h + b (the layout `mlp` uses). ``rng`` is an explicit
``numpy.random.Generator``; nothing touches global random state. Extra parameters (a
scale, a gain, k) are keywords, so ``functools.partial(init.normal, scale=0.01)`` is a
scheme too, and `MLP.init` takes any scheme (or one per layer).

=====================  ==============================================  ==========================
scheme                 distribution of each weight                     variance
=====================  ==============================================  ==========================
`zeros`, `constant`    the value c                                     0
`normal`               N(0, s^2)                                       s^2
`uniform`              U(-s, s)                                        s^2 / 3
`lecun_normal`         N(0, 1/fan_in)                                  1 / fan_in
`glorot_uniform`       U(-r, r), r = sqrt(6 / (fan_in + fan_out))      2 / (fan_in + fan_out)
`glorot_normal`        N(0, 2 / (fan_in + fan_out))                    2 / (fan_in + fan_out)
`he_normal`            N(0, 2 / fan_in)                                2 / fan_in
`he_uniform`           U(-r, r), r = sqrt(6 / fan_in)                  2 / fan_in
`orthogonal`           a uniformly (Haar) distributed orthogonal W     1 / max(fan_in, fan_out)
`sparse`               k nonzero N(0, s^2) weights into each unit      s^2 k / fan_in
=====================  ==============================================  ==========================

The Glorot/He/LeCun schemes take a ``gain`` that multiplies the standard deviation (for
example sqrt(2) turns LeCun into He). Biases: `constant_bias` (zeros, or 0.1 so that ReLU
units start active) and `prior_bias` (an output bias that makes the untrained network
predict the class frequencies).

>>> import numpy as np
>>> from lecturekit.nn import init
>>> W = init.he_normal(np.random.default_rng(0), 4, fan_in=100, fan_out=50)
>>> W.shape                     # 4 draws of a 100 -> 50 layer
(4, 50, 100)
>>> round(float(W.var() * 100), 1)     # variance 2 / fan_in
2.0
"""

from __future__ import annotations

import numpy as np

from .. import validate

#: Largest scale or gain: beyond, weights times inputs overflow whatever the network.
_MAX_SCALE = 1e100


def _check(rng, batch, fan_in, fan_out):
    validate.generator(rng)
    sizes = (
        validate.integer("batch", batch),
        validate.integer("fan_in", fan_in),
        validate.integer("fan_out", fan_out),
    )
    validate.elements("batch * fan_out * fan_in", (sizes[0], sizes[2], sizes[1]))
    return sizes


def _gain(gain):
    return validate.positive("gain", gain, _MAX_SCALE, scalar=True)


def _scale(scale):
    # + 0.0 turns -0.0 into 0.0: NumPy 2.0's uniform(-scale, scale) rejects (0.0, -0.0) as high < low
    return validate.nonnegative("scale", scale, _MAX_SCALE, scalar=True) + 0.0


def zeros(rng, batch: int, fan_in: int, fan_out: int) -> np.ndarray:
    """All weights 0. Every hidden unit then computes the same function and gets the same
    gradient, so gradient descent never tells them apart (the symmetry that random
    initialization breaks; Goodfellow et al., *Deep Learning*, 2016, section 8.4)."""
    return constant(rng, batch, fan_in, fan_out, 0.0)


def constant(rng, batch: int, fan_in: int, fan_out: int, value: float = 0.0) -> np.ndarray:
    """All weights equal to ``value`` (``rng`` is checked but not used)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    return np.full((batch, fan_out, fan_in), validate.number("value", value))


def normal(rng, batch: int, fan_in: int, fan_out: int, scale: float = 0.01) -> np.ndarray:
    """W_ij ~ N(0, scale^2): the fixed-scale Gaussian (variance scale^2, whatever the width)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    scale = _scale(scale)
    return scale * rng.standard_normal((batch, fan_out, fan_in))


def uniform(rng, batch: int, fan_in: int, fan_out: int, scale: float = 0.01) -> np.ndarray:
    """W_ij ~ U(-scale, scale) (variance scale^2 / 3)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    scale = _scale(scale)
    return rng.uniform(-scale, scale, size=(batch, fan_out, fan_in))


def lecun_normal(rng, batch: int, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    """W_ij ~ N(0, gain^2 / fan_in): unit-variance inputs give unit-variance pre-activations
    (LeCun, Bottou, Orr & Müller, "Efficient BackProp", 1998, section 4.6)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    return _gain(gain) / np.sqrt(fan_in) * rng.standard_normal((batch, fan_out, fan_in))


def glorot_uniform(rng, batch: int, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    r"""Glorot/Xavier uniform: W_ij ~ U(-r, r) with r = gain * sqrt(6 / (fan_in + fan_out)).

    The variance r^2 / 3 = 2 / (fan_in + fan_out) is the compromise between keeping the
    forward variance (1/fan_in) and the backward variance (1/fan_out) constant across layers
    (Glorot & Bengio, "Understanding the difficulty of training deep feedforward neural
    networks", AISTATS 2010, eq. 16: W ~ U[-sqrt(6)/sqrt(n_j + n_{j+1}), sqrt(6)/sqrt(n_j + n_{j+1})]).

    Note: some lecture notes print the bound as 6 / sqrt(m + n). That is wrong -- the 6
    belongs under the square root; with it outside, the variance would be 12 / (m + n), six
    times too large.
    """
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    r = _gain(gain) * np.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-r, r, size=(batch, fan_out, fan_in))


def glorot_normal(rng, batch: int, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    """Glorot/Xavier normal: W_ij ~ N(0, gain^2 * 2 / (fan_in + fan_out)) (same variance as
    `glorot_uniform`; Glorot & Bengio 2010)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    return _gain(gain) * np.sqrt(2.0 / (fan_in + fan_out)) * rng.standard_normal((batch, fan_out, fan_in))


def he_normal(rng, batch: int, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    """He/Kaiming normal: W_ij ~ N(0, gain^2 * 2 / fan_in). A ReLU zeroes half of its inputs'
    variance, and the factor 2 gives it back (He, Zhang, Ren & Sun, "Delving deep into
    rectifiers", ICCV 2015, eq. 10, the forward-pass form)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    return _gain(gain) * np.sqrt(2.0 / fan_in) * rng.standard_normal((batch, fan_out, fan_in))


def he_uniform(rng, batch: int, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    """He/Kaiming uniform: W_ij ~ U(-r, r), r = gain * sqrt(6 / fan_in) (variance 2 / fan_in)."""
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    r = _gain(gain) * np.sqrt(6.0 / fan_in)
    return rng.uniform(-r, r, size=(batch, fan_out, fan_in))


def orthogonal(rng, batch: int, fan_in: int, fan_out: int, gain: float = 1.0) -> np.ndarray:
    r"""A random orthogonal matrix times ``gain``, uniformly (Haar) distributed.

    Draw G ``(max, min)`` with i.i.d. N(0, 1) entries, factor G = QR, and multiply column j
    of Q by sign(R_jj). Without that sign fix, Q would depend on the sign convention of the
    QR routine and not be Haar-distributed (Mezzadri, "How to generate random matrices from
    the classical compact groups", Notices of the AMS 54, 2007). W is Q ``(fan_out, fan_in)``
    or its transpose, so its rows (fan_out <= fan_in) or its columns (fan_out >= fan_in) are
    orthonormal: W W^T = gain^2 I or W^T W = gain^2 I. Saxe, McClelland & Ganguli ("Exact
    solutions to the nonlinear dynamics of learning in deep linear neural networks", 2013)
    show that such weights keep every singular value of a deep linear network's
    input-output map at 1, so signals neither shrink nor grow with depth.
    """
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    gain = _gain(gain)
    validate.work("batch * fan_in * fan_out * min(fan_in, fan_out)", batch * fan_in * fan_out * min(fan_in, fan_out))
    big, small = max(fan_in, fan_out), min(fan_in, fan_out)
    q, r = np.linalg.qr(rng.standard_normal((batch, big, small)))
    d = np.diagonal(r, axis1=-2, axis2=-1)
    q = q * np.where(d < 0, -1.0, 1.0)[:, None, :]
    W = q if fan_out >= fan_in else np.swapaxes(q, -1, -2)  # (batch, fan_out, fan_in)
    return gain * np.ascontiguousarray(W)


def sparse(rng, batch: int, fan_in: int, fan_out: int, k: int = 15, scale: float = 1.0) -> np.ndarray:
    """Sparse initialization: each unit gets k nonzero incoming weights, N(0, scale^2), the
    rest 0 (Martens, "Deep learning via Hessian-free optimization", ICML 2010, which used
    k = 15 and Gaussian weights, with the biases set to 0). The k inputs of each unit are chosen uniformly without replacement; if
    ``fan_in < k`` every input is connected. Unlike dense schemes, the total input to a unit
    does not shrink as fan_in grows, while units still differ from each other.
    """
    batch, fan_in, fan_out = _check(rng, batch, fan_in, fan_out)
    k = min(validate.integer("k", k), fan_in)
    scale = _scale(scale)
    # The k smallest of fan_in uniform keys are a uniformly random k-subset.
    keys = rng.random((batch, fan_out, fan_in))
    chosen = np.argsort(keys, axis=-1)[..., :k]
    W = np.zeros((batch, fan_out, fan_in))
    np.put_along_axis(W, chosen, scale * rng.standard_normal((batch, fan_out, k)), axis=-1)
    return W


# --------------------------------------------------------------------------- biases


def constant_bias(rng, batch: int, fan_out: int, value: float = 0.0) -> np.ndarray:
    """Biases ``(batch, fan_out)`` all equal to ``value``: 0 is the usual choice; a small
    positive value such as 0.1 keeps ReLU units active at the start (Goodfellow et al., 2016,
    section 8.4). ``rng`` is checked but not used."""
    validate.generator(rng)
    batch = validate.integer("batch", batch)
    fan_out = validate.integer("fan_out", fan_out)
    validate.elements("batch * fan_out", (batch, fan_out))
    return np.full((batch, fan_out), validate.number("value", value))


def prior_bias(y, loss: str, n_classes: int | None = None) -> np.ndarray:
    r"""The output bias ``(o,)`` with which a network whose last weights are 0 predicts the
    training-set marginal: b_k = log p_k for ``"softmax_cross_entropy"`` (then
    softmax(b) = p), b = log(p / (1 - p)) for ``"logistic"`` (then sigma(b) = p), and b = the
    mean target for ``"mse"`` (Goodfellow et al., 2016, section 8.4; Karpathy, "A recipe for
    training neural networks", 2019, "init well"). Every class must occur in ``y``.

    >>> prior_bias(np.array([0, 0, 0, 1]), "logistic").round(4)       # log(1/3)
    array([-1.0986])
    """
    if not (isinstance(loss, str) and loss in ("softmax_cross_entropy", "logistic", "mse")):
        raise ValueError(f"loss must be one of 'softmax_cross_entropy', 'logistic', 'mse'; got {loss!r}"[:300])
    y = validate.real_array("y", y, finite=True, what="an array of targets (class labels 0..K-1 or real numbers)")
    if y.ndim not in (1, 2) or y.shape[0] == 0:
        raise ValueError(f"y must hold one target per example, shape (n,) or (n, o); got shape {y.shape}")
    if loss == "mse":
        return np.atleast_1d(y.mean(axis=0))
    if y.ndim != 1 or not np.all((y >= 0) & (y == np.round(y))):
        raise ValueError(f"y must be integer class labels 0..K-1 for loss {loss!r}")
    if n_classes is not None:
        n_classes = validate.integer("n_classes", n_classes, 2)
    k = 2 if loss == "logistic" else (int(y.max()) + 1 if n_classes is None else n_classes)
    if k > y.size or y.max() >= k:
        raise ValueError(
            f"every class 0..{k - 1} must occur in y (and no other); y has {y.size} labels from 0 to {y.max():g}"
            + ("" if n_classes is None else f" (n_classes = {n_classes})")
        )
    p = np.bincount(y.astype(int), minlength=k) / y.size
    if np.any(p == 0):
        raise ValueError(
            f"every class 0..{k - 1} must occur in y (and no other); class frequencies are {p.tolist()}"
            + ("" if n_classes is None else f" (n_classes = {n_classes})")
        )
    return np.log(p) if loss == "softmax_cross_entropy" else np.array([np.log(p[1] / p[0])])
