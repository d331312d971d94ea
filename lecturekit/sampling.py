r"""Sample means, the central limit theorem and minibatch indices, batch-first.

* `uniform_means` -- the means of N draws from U(a, b), for many trials at once
* `running_means` -- the means of the first N draws, for every N = 1..N_max at once
* `uniform_mean_law` -- the mean and standard deviation the CLT predicts for them
* `normal_pdf` -- the normal density
* `standard_error`, `estimated_standard_error` -- σ/√N, and its estimate s/√N from data
* `finite_population_correction` -- (n − m)/(n − 1), the variance factor without replacement
* `batched_histogram` -- one histogram per row, in one call
* `with_replacement`, `without_replacement`, `shuffled_batches` -- minibatch indices

The central limit theorem (e.g. Goodfellow, Bengio & Courville, *Deep Learning*, 2016,
sec. 3.9.3 and 5.4.2; Wasserman, *All of Statistics*, 2004, thm. 5.8): the mean of N
independent draws with mean μ and variance σ² is approximately N(μ, σ²/N) for large N. For
U(a, b), μ = (a + b)/2 and σ² = (b − a)²/12, so the mean of N draws of U(0, 1) is close to
N(1/2, 1/(12 N)).

Every random function takes an explicit ``numpy.random.Generator`` and nothing else random.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import validate

#: Largest number of uniform draws `uniform_means` holds in memory at once (8 MB of floats).
CHUNK = 1_000_000
#: At most this many uniform draws in one `uniform_means` call (about 1 s on a laptop core; the
#: package-wide `validate.MAX_WORK` would allow a call that runs for minutes).
MAX_DRAWS = 200_000_000


def _shape(size) -> tuple:
    """``size`` as a shape tuple: an int, or a tuple of ints >= 0."""
    shape = (size,) if isinstance(size, numbers.Integral) and not isinstance(size, bool) else size
    if not (
        isinstance(shape, tuple)
        and all(isinstance(s, numbers.Integral) and not isinstance(s, bool) and s >= 0 for s in shape)
    ):
        raise ValueError(f"size must be an int or a tuple of ints >= 0 (the leading shape); got {size!r}")
    shape = tuple(int(s) for s in shape)
    validate.elements("size", shape)
    return shape


def _interval(low, high) -> tuple[float, float]:
    # |low|, |high| <= 1e150 keeps (high - low) and its square finite.
    low = validate.in_range("low", low, -1e150, 1e150, high_closed=True, scalar=True)
    high = validate.in_range("high", high, -1e150, 1e150, high_closed=True, scalar=True)
    if not low < high:
        raise ValueError(f"need low < high for U(low, high); got low={low!r}, high={high!r}")
    return low, high


def uniform_means(rng, n: int, trials: int, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    r"""(trials,) means :math:`\bar u = \frac1N \sum_{i=1}^N u_i` of N = ``n`` draws u_i ~ U(low, high).

    Vectorized: the draws are an ``(n, trials)`` array summed over its first axis (adding
    whole contiguous rows is NumPy's fastest reduction). When ``n * trials`` exceeds `CHUNK`,
    the rows are drawn and added in blocks, so memory stays below ~8 MB for any n.
    ``n * trials`` is capped at `MAX_DRAWS`.
    """
    rng = validate.generator(rng)
    n, trials = validate.integer("n", n), validate.integer("trials", trials)
    validate.elements("trials", (trials,))
    validate.work("n * trials", n * trials, "uniform draws", MAX_DRAWS)
    low, high = _interval(low, high)
    rows = max(1, CHUNK // trials)
    total = np.zeros(trials)
    for start in range(0, n, rows):  # one block unless n * trials > CHUNK
        total += rng.random((min(rows, n - start), trials)).sum(axis=0)
    return low + (high - low) * total / n


def running_means(rng, n_max: int, trials: int, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    r"""(n_max, trials): row N − 1 holds, for each trial, the mean of its first N draws of U(low, high).

    One ``(n_max, trials)`` draw and a cumulative sum: :math:`\bar u_N = \frac1N \sum_{i \le N} u_i`.
    The rows share their draws (trial t's mean at N + 1 extends its mean at N), so each row on
    its own is an exact sample of the means of N draws, while rows are correlated with each other.
    """
    rng = validate.generator(rng)
    n_max, trials = validate.integer("n_max", n_max), validate.integer("trials", trials)
    validate.elements("n_max * trials", (n_max, trials))
    low, high = _interval(low, high)
    sums = np.cumsum(rng.random((n_max, trials)), axis=0)
    return low + (high - low) * sums / np.arange(1, n_max + 1)[:, None]


def uniform_mean_law(n, low: float = 0.0, high: float = 1.0):
    r"""(mean, std) of the mean of N draws of U(low, high): :math:`\big(\tfrac{a+b}{2}, \tfrac{b-a}{\sqrt{12 N}}\big)`.

    Exact for every N (the variance of U(a, b) is (b − a)²/12); the CLT adds that the law of
    the mean approaches the normal with these two moments. ``n`` may be an array of N >= 1.
    """
    low, high = _interval(low, high)
    n = validate.integer_array("n", n, 1)
    mean = np.full(n.shape, 0.5 * (low + high))
    std = (high - low) / np.sqrt(12.0 * n)
    return (float(mean), float(std)) if n.ndim == 0 else (mean, std)


def normal_pdf(x, mean=0.0, std=1.0) -> np.ndarray:
    r""":math:`\frac{1}{\sigma\sqrt{2\pi}} \exp\!\big(-\frac{(x-\mu)^2}{2\sigma^2}\big)`, broadcast over x, μ, σ (σ > 0)."""
    x = validate.real_array("x", x)
    mean = validate.real_array("mean", mean, finite=True)
    std = np.asarray(validate.positive("std", std))
    try:
        np.broadcast_shapes(x.shape, mean.shape, std.shape)
    except ValueError:
        raise ValueError(f"x {x.shape}, mean {mean.shape} and std {std.shape} must broadcast") from None
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):  # far tails: 0; nan propagates
        z = (x - mean) / std
        return np.exp(-0.5 * z * z) / (std * np.sqrt(2.0 * np.pi))


def standard_error(sigma, n) -> np.ndarray | float:
    r"""The standard error :math:`\sigma / \sqrt{N}` of the mean of N independent draws of std σ.

    Goodfellow et al., eq. 5.46. A hundred times more examples divide it by ten. ``sigma`` >= 0
    and ``n`` >= 1 broadcast.
    """
    sigma = np.asarray(validate.nonnegative("sigma", sigma))
    n = validate.integer_array("n", n, 1).astype(float)
    try:
        out = sigma / np.sqrt(n)
    except ValueError:
        raise ValueError(f"sigma {sigma.shape} and n {n.shape} must broadcast") from None
    return float(out) if out.ndim == 0 else out


def estimated_standard_error(x, axis: int = -1) -> np.ndarray:
    r"""The standard error of the mean estimated from samples: :math:`s/\sqrt N`, s with ddof = 1.

    :math:`s^2 = \frac{1}{N-1}\sum_i (x_i - \bar x)^2` (the unbiased variance estimate), N the
    length of ``axis``; needs N >= 2.
    """
    x = validate.real_array("x", x)
    if x.ndim == 0:
        raise ValueError(f"x must be samples shaped (..., N); got shape {x.shape}")
    axis = validate.integer("axis", axis, -x.ndim, x.ndim - 1)
    if x.shape[axis] < 2:
        raise ValueError(f"x must have at least 2 samples along axis {axis}; got shape {x.shape}")
    with np.errstate(invalid="ignore", over="ignore"):  # nan or inf samples give nan or inf
        return x.std(axis=axis, ddof=1) / np.sqrt(x.shape[axis])


def finite_population_correction(n, m) -> np.ndarray | float:
    r"""(n − m)/(n − 1): the variance of a mean of m draws *without* replacement from n values, over σ²/m.

    For a finite population of n values with variance σ² (the 1/n convention), the mean of m
    distinct draws has variance :math:`\frac{\sigma^2}{m}\,\frac{n-m}{n-1}` (Cochran, *Sampling
    Techniques*, 3rd ed., 1977, ch. 2); with replacement it is σ²/m exactly. Equals 1 at
    m = 1 and 0 at m = n (the whole population has no sampling error). 1 <= m <= n, n >= 2.
    """
    n, m = validate.integer_array("n", n), validate.integer_array("m", m)
    if not (np.all(n >= 2) and np.all(m >= 1) and np.all(m <= n)):
        raise ValueError(f"need n >= 2 and 1 <= m <= n; got n={n!r}, m={m!r}")
    out = (n - m) / (n - 1.0)
    return float(out) if out.ndim == 0 else out


def batched_histogram(values, edges, density: bool = True) -> np.ndarray:
    """One histogram per row: ``values`` (K, T), ``edges`` (bins + 1,) increasing -> (K, bins).

    Bins are half-open [e_j, e_{j+1}) except the last, which includes its right edge (as
    ``np.histogram``); values outside [e_0, e_bins] are not counted. ``density=True`` divides
    by T times the bin width, so each row integrates to the fraction of its values inside the
    edges (1 when all are). One ``searchsorted`` and one ``bincount`` for all rows.
    """
    values = validate.real_array("values", values)
    edges = validate.real_array("edges", edges, finite=True)
    density = validate.flag("density", density)
    if values.ndim != 2 or values.shape[1] == 0:
        raise ValueError(f"values must be shaped (K, T) with T >= 1; got shape {values.shape}")
    if edges.ndim != 1 or edges.size < 2 or not np.all(np.diff(edges) > 0):
        raise ValueError("edges must be a 1-D increasing array of at least 2 bin edges")
    K, T = values.shape
    bins = edges.size - 1
    j = np.searchsorted(edges, values, side="right") - 1
    j[values == edges[-1]] = bins - 1
    inside = (j >= 0) & (j < bins)
    flat = (np.arange(K)[:, None] * bins + j)[inside]
    counts = np.bincount(flat, minlength=K * bins).reshape(K, bins).astype(float)
    return counts / (T * np.diff(edges)) if density else counts


def with_replacement(rng, n: int, m: int, size=()) -> np.ndarray:
    """Minibatch indices ``size + (m,)``: each index uniform on 0..n−1, independently (repeats possible).

    The scheme `optim.run` uses with ``batch_size``; the mean gradient over such a minibatch is
    an unbiased estimate of the full-batch gradient, with variance σ²/m.
    """
    rng = validate.generator(rng)
    n, m = validate.integer("n", n, 1, np.iinfo(np.int64).max), validate.integer("m", m)
    shape = _shape(size) + (m,)
    validate.elements("m", shape)
    return rng.integers(0, n, size=shape)


def without_replacement(rng, n: int, m: int, size=()) -> np.ndarray:
    """Minibatch indices ``size + (m,)``: m *distinct* indices from 0..n−1 per minibatch (m <= n).

    Each minibatch is the first m entries of an independent uniform random permutation (the
    argsort of n uniforms), so the minibatch mean has variance (σ²/m)(n − m)/(n − 1), see
    `finite_population_correction`.
    """
    rng = validate.generator(rng)
    n, m = validate.integer("n", n), validate.integer("m", m)
    if m > n:
        raise ValueError(f"cannot draw m = {m} distinct indices from n = {n}; need m <= n")
    validate.elements("n", _shape(size) + (n,))
    return np.argsort(rng.random(_shape(size) + (n,)), axis=-1)[..., :m]


def shuffled_batches(rng, n: int, m: int, passes: int = 1, reshuffle: bool = False) -> np.ndarray:
    """(passes * (n // m), m) minibatch indices: shuffle, then read consecutive minibatches in order.

    With ``reshuffle=False`` the data are shuffled *once* and every pass reads the same order
    (Goodfellow et al., sec. 8.1.3); with ``reshuffle=True`` each pass draws a new permutation.
    Each pass uses n // m full minibatches; the last n mod m examples of a pass's order are
    left out (PyTorch's ``drop_last=True``). Needs 1 <= m <= n.
    """
    rng = validate.generator(rng)
    n, m, passes = validate.integer("n", n), validate.integer("m", m), validate.integer("passes", passes)
    reshuffle = validate.flag("reshuffle", reshuffle)
    validate.elements("n * passes", (passes, n))
    if m > n:
        raise ValueError(f"a minibatch of m = {m} needs at least m examples; got n = {n}")
    per_pass = (n // m) * m
    if reshuffle:
        orders = np.argsort(rng.random((passes, n)), axis=-1)
    else:
        orders = np.broadcast_to(rng.permutation(n), (passes, n))
    return orders[:, :per_pass].reshape(passes * (n // m), m)


def minibatch_means(rng, values, sizes, draws: int, replace: bool = True) -> np.ndarray:
    r"""(len(sizes), draws, ...) means of ``values`` over random minibatches, for each size m.

    ``values`` (n, ...) holds one row per example (e.g. per-example gradients (n, d)). For each of
    ``draws`` minibatches, m_max = max(sizes) indices are drawn uniformly, with replacement
    (`with_replacement`) or, with ``replace=False``, distinct (`without_replacement`, m_max <= n);
    the minibatch of size m is its first m indices, and its mean is read off a cumulative sum:
    :math:`\bar v_m = \frac1m \sum_{j \le m} v_{i_j}`. The first m entries of such a draw are
    themselves a draw of size m of the same kind, so each size on its own is an exact sample
    (sizes share their first draws). Memory is draws · m_max · (row size) floats.
    """
    rng = validate.generator(rng)
    values = validate.real_array("values", values)
    if values.ndim == 0 or values.shape[0] == 0:
        raise ValueError(f"values must have one row per example, shape (n, ...); got shape {values.shape}")
    sizes = validate.integer_array("sizes", sizes, 1)
    if not (sizes.ndim == 1 and sizes.size):
        raise ValueError(f"sizes must be a non-empty 1-D array of integers >= 1; got {sizes!r}")
    draws = validate.integer("draws", draws)
    replace = validate.flag("replace", replace)
    if not replace and sizes.max() > values.shape[0]:
        raise ValueError(f"sizes must be <= n = {values.shape[0]} without replacement; got a size {sizes.max()}")
    validate.elements("draws * max(sizes)", (draws, int(sizes.max())) + values.shape[1:])
    sample = with_replacement if replace else without_replacement
    idx = sample(rng, values.shape[0], int(sizes.max()), size=draws)  # (draws, m_max)
    with np.errstate(over="ignore", invalid="ignore"):  # values may hold nan or inf
        sums = np.cumsum(values[idx], axis=1)  # (draws, m_max, ...)
    means = sums[:, sizes - 1] / sizes.reshape((1, -1) + (1,) * (values.ndim - 1))
    return np.moveaxis(means, 1, 0)


def shuffled_batches_per_run(rng, n: int, m: int, runs: int, passes: int = 1, reshuffle: bool = False) -> np.ndarray:
    """(passes * (n // m), runs, m) minibatch indices: `shuffled_batches` for ``runs`` independent runs at once.

    Each run draws its own permutation of ``range(n)`` (once, or again before every pass with
    ``reshuffle``) and reads it in consecutive minibatches of m, dropping the last n mod m
    examples of each pass. Step k of run r uses ``out[k, r]``: the shape that
    ``f.minibatch_grad(theta, idx)`` takes for a batch of ``runs`` parameter vectors.
    """
    rng = validate.generator(rng)
    n, m = validate.integer("n", n), validate.integer("m", m)
    runs, passes = validate.integer("runs", runs), validate.integer("passes", passes)
    reshuffle = validate.flag("reshuffle", reshuffle)
    validate.elements("n * runs * passes", (passes, runs, n))
    if m > n:
        raise ValueError(f"a minibatch of m = {m} needs at least m examples; got n = {n}")
    per_pass = (n // m) * m
    draws = passes if reshuffle else 1
    orders = np.argsort(rng.random((draws, runs, n)), axis=-1)[..., :per_pass]  # (draws, runs, per_pass)
    orders = np.broadcast_to(orders, (passes, runs, per_pass))
    return orders.reshape(passes, runs, n // m, m).transpose(0, 2, 1, 3).reshape(passes * (n // m), runs, m)
