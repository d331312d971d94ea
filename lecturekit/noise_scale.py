r"""The gradient noise scale: the batch size beyond which larger batches stop paying (McCandlish et al. 2018).

With G the true gradient, Σ the covariance of one example's gradient and G_m a minibatch mean of
m example gradients, :math:`\mathbb{E}\lVert G_m\rVert^2 = \lVert G\rVert^2 + \operatorname{tr}(\Sigma)/m`.
The simple noise scale

.. math:: \mathcal{B}_{simple} = \frac{\operatorname{tr}(\Sigma)}{\lVert G\rVert^2}

is the batch size at which the noise in G_m is as large as the signal (McCandlish, Kaplan, Amodei
& OpenAI Dota Team, "An empirical model of large-batch training", 2018, eq. 2.11): well below it,
doubling the batch halves the steps needed (perfect scaling); well above it, it barely helps.

Two estimators, each returning the unbiased estimates of tr(Σ) and |G|² and their ratio
(a ratio of unbiased estimates is not unbiased, but is consistent: average the numerator and
the denominator over many steps first, as the paper advises, then divide):

* `simple_noise_scale` -- from m per-example gradients at one point (`per_example_gradients`):
  :math:`\widehat{\operatorname{tr}\Sigma} = \frac{1}{m-1}\sum_i \lVert g_i - \bar g\rVert^2`,
  :math:`\widehat{\lVert G\rVert^2} = \lVert\bar g\rVert^2 - \widehat{\operatorname{tr}\Sigma}/m`
* `two_batch_noise_scale` -- from the norms of minibatch gradients at two batch sizes b < B
  (the paper's appendix A.1, what one can compute in data-parallel training):
  :math:`\widehat{\lVert G\rVert^2} = \frac{B\lVert G_B\rVert^2 - b\lVert G_b\rVert^2}{B - b}`,
  :math:`\widehat{\operatorname{tr}\Sigma} = \frac{\lVert G_b\rVert^2 - \lVert G_B\rVert^2}{1/b - 1/B}`

Where the estimate of |G|² is <= 0 (noise swamps the signal at this sample size) the noise
scale is reported as inf.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from . import validate


class NoiseScale(NamedTuple):
    """b_simple ``(B,)`` = trace / grad_sq (inf where grad_sq <= 0); trace ``(B,)`` the estimate of
    tr(Σ); grad_sq ``(B,)`` the estimate of |G|²."""

    b_simple: np.ndarray
    trace: np.ndarray
    grad_sq: np.ndarray


def _ratio(trace, grad_sq) -> NoiseScale:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        b = np.where(grad_sq > 0, trace / np.where(grad_sq > 0, grad_sq, 1.0), np.inf)
    return NoiseScale(b, trace, grad_sq)


def _sq_norm(g):
    return np.einsum("...i,...i->...", g, g)


def per_example_gradients(f, x, idx) -> np.ndarray:
    r"""The gradients of single examples, ``(B, m, d)``: example ``idx[b, j]`` at point ``x[b]``.

    ``f`` a data-set objective (``minibatch_grad`` and ``n_examples``: `objectives.data`'s, or an
    `nn.MLP`), ``x`` ``(B, d)``, ``idx`` integer indices ``(B, m)`` in [0, n) (or ``(m,)``,
    shared). Each is ``f.minibatch_grad`` on a one-example batch, all in one call; their mean over
    j is the minibatch gradient of the examples ``idx[b]`` (plus the same weight decay).
    """
    validate.objective("f", f, needs=("grad",))
    if not (hasattr(f, "minibatch_grad") and hasattr(f, "n_examples")):
        raise ValueError(f"f must be a data-set objective with n_examples and minibatch_grad; got {f!r}"[:200])
    x = validate.points("x", x, f.dim)
    if x.ndim != 2 or x.shape[0] == 0:
        raise ValueError(f"x must be shaped (B, {f.dim}) with B >= 1; got {x.shape}")
    idx = validate.integer_array("idx", idx, 0, f.n_examples - 1)
    if idx.ndim == 1:
        idx = np.broadcast_to(idx, (x.shape[0],) + idx.shape)
    if idx.ndim != 2 or idx.shape[0] != x.shape[0] or idx.shape[1] == 0:
        raise ValueError(
            f"idx must be shaped (B, m) = ({x.shape[0]}, m), B the rows of x, or (m,), with m >= 1; got {idx.shape}"
        )
    validate.elements("idx", idx.shape + (f.dim,))
    points = np.broadcast_to(x[:, None, :], idx.shape + (f.dim,))
    return f.minibatch_grad(points, idx[..., None])


def simple_noise_scale(grads) -> NoiseScale:
    r"""B_simple = tr(Σ)/|G|² from per-example gradients ``grads`` ``(B, m, d)``, m >= 2, at one point per row.

    Unbiased estimates (see the module docstring): the sample covariance's trace with 1/(m − 1),
    and :math:`\lVert\bar g\rVert^2 - \widehat{\operatorname{tr}\Sigma}/m` for |G|², since
    :math:`\mathbb{E}\lVert\bar g\rVert^2 = \lVert G\rVert^2 + \operatorname{tr}\Sigma/m`. The
    examples are taken as independent draws (sampling with replacement); for the whole data set
    (m = n), Σ is then the data set's covariance with n − 1.
    """
    grads = validate.real_array("grads", grads, finite=True)
    if grads.ndim != 3 or grads.shape[0] == 0 or grads.shape[1] < 2 or grads.shape[2] == 0:
        raise ValueError(f"grads must be shaped (B, m, d) with m >= 2 per-example gradients; got {grads.shape}")
    m = grads.shape[1]
    with np.errstate(over="ignore", invalid="ignore"):
        mean = grads.mean(axis=1)
        trace = _sq_norm(grads - mean[:, None, :]).sum(axis=1) / (m - 1)
        grad_sq = _sq_norm(mean) - trace / m
    return _ratio(trace, grad_sq)


def two_batch_noise_scale(g_small, g_big, b_small: int, b_big: int) -> NoiseScale:
    r"""B_simple from minibatch gradients at two batch sizes (McCandlish et al. 2018, appendix A.1).

    ``g_small`` ``(B, K, d)``: K minibatch gradients of ``b_small`` = b examples per row;
    ``g_big`` ``(B, K', d)``: K' of ``b_big`` = B examples, b < B. The squared norms are averaged
    over the K (and K') draws, then combined into the unbiased estimates

    .. math::
        \widehat{\lVert G\rVert^2} = \frac{B\,\overline{\lVert G_B\rVert^2} - b\,\overline{\lVert G_b\rVert^2}}{B-b},
        \qquad
        \widehat{\operatorname{tr}\Sigma} = \frac{\overline{\lVert G_b\rVert^2} - \overline{\lVert G_B\rVert^2}}{1/b - 1/B},

    and their ratio.
    """
    g_small = validate.real_array("g_small", g_small, finite=True)
    g_big = validate.real_array("g_big", g_big, finite=True)
    for name, g in (("g_small", g_small), ("g_big", g_big)):
        if g.ndim != 3 or 0 in g.shape:
            raise ValueError(f"{name} must be shaped (B, K, d): K minibatch gradients per row; got {g.shape}")
    if g_small.shape[0] != g_big.shape[0] or g_small.shape[2] != g_big.shape[2]:
        raise ValueError(f"g_small {g_small.shape} and g_big {g_big.shape} must agree in B and d")
    b_small = validate.integer("b_small", b_small, 1)
    b_big = validate.integer("b_big", b_big, 1)
    if not b_small < b_big:
        raise ValueError(f"b_small must be < b_big; got b_small={b_small}, b_big={b_big}")
    with np.errstate(over="ignore", invalid="ignore"):
        small = _sq_norm(g_small).mean(axis=1)
        big = _sq_norm(g_big).mean(axis=1)
        grad_sq = (b_big * big - b_small * small) / (b_big - b_small)
        trace = (small - big) / (1.0 / b_small - 1.0 / b_big)
    return _ratio(trace, grad_sq)


class CriticalBatch(NamedTuple):
    """s_min: the fewest steps (infinite batch); b_crit: the critical batch size E_min/S_min."""

    s_min: float
    b_crit: float


def critical_batch_size(batch_sizes, steps) -> CriticalBatch:
    r"""Fit :math:`S(m) = S_{min}\,(1 + B_{crit}/m)` to measured steps to a target against the batch size m.

    McCandlish et al. 2018, eq. 2.11: with E = mS examples processed, training obeys
    :math:`(S/S_{min} - 1)(E/E_{min} - 1) = 1`, i.e. the form above with
    :math:`B_{crit} = E_{min}/S_{min}`; they find :math:`B_{crit} \approx B_{noise}` at the target's
    loss. S is linear in 1/m, so S_min and S_min B_crit are the intercept and slope of a least-squares
    line through (1/m, S). ``batch_sizes`` and ``steps`` ``(N,)``, N >= 2 distinct sizes, steps > 0
    and finite (drop the batch sizes that never reached the target).
    """
    sizes = validate.positive("batch_sizes", batch_sizes)
    steps = validate.positive("steps", steps)
    if np.ndim(sizes) != 1 or np.shape(sizes) != np.shape(steps) or len(np.unique(sizes)) < 2:
        raise ValueError(
            f"batch_sizes and steps must be 1-D of one length with >= 2 distinct sizes; got {np.shape(sizes)}, "
            f"{np.shape(steps)}"
        )
    if not np.all(np.isfinite(steps)) or not np.all(np.isfinite(sizes)):
        raise ValueError("steps and batch_sizes must be finite (drop the sizes that never reached the target)")
    slope, intercept = np.polyfit(1.0 / np.asarray(sizes, dtype=float), np.asarray(steps, dtype=float), 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return CriticalBatch(float(intercept), float(slope / intercept) if intercept > 0 else np.inf)


__all__ = [
    "NoiseScale",
    "per_example_gradients",
    "simple_noise_scale",
    "two_batch_noise_scale",
    "CriticalBatch",
    "critical_batch_size",
]
