r"""Optimizers for matrix parameters: Newton-Schulz orthogonalization, Muon, Shampoo, SOAP, and Lion.

A weight matrix W (m × n) is more than md numbers: its gradient G has singular directions, and
a preconditioner may act on its rows and columns separately. The transforms here see the
parameters of each trajectory as a matrix:

* ``shape=None``: the parameters are already matrices, shaped ``(B, m, n)``;
* ``shape=(m, n)``: the parameters are flat vectors ``(B, m n)``, each read as an m × n matrix
  row-major (``x.reshape(B, m, n)``), so that `optim.run` drives them on an objective of flat
  vectors. A network's layer W_l sits in `nn.mlp`'s flat vector row-major too, so
  `optim.by_layer` hands each hidden W_l to these transforms as ``(B, n_l, n_{l-1})``.

Hyperparameters that multiply the step (``lr``) may be ``(B, 1)`` arrays for flat parameters
(``(B, 1, 1)`` for matrices); the matrix transforms' own constants are single numbers.

`lion` is here too: it is elementwise, but it belongs with Muon to the optimizers whose every
step has a fixed size per coordinate or per direction.

>>> import numpy as np
>>> from lecturekit import optim
>>> rng = np.random.default_rng(0)
>>> G = rng.standard_normal((4, 6, 3))                      # four 6 x 3 matrices
>>> s = np.linalg.svd(optim.newton_schulz(G), compute_uv=False)
>>> bool(np.all((0.6818 < s) & (s < 1.2024)))               # pushed towards 1, within the band
True
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from .. import validate
from .transforms import (
    Optimizer,
    _check_shapes,
    _update_moment,
    add_decayed_weights,
    chain,
    scale_by_learning_rate,
    transform,
)

#: Jordan et al.'s (2024) quintic coefficients (a, b, c): p(σ) = aσ + bσ³ + cσ⁵.
QUINTIC = (3.4445, -4.7750, 2.0315)
#: The classic cubic Newton-Schulz iteration p(σ) = (3σ − σ³)/2 (Higham 2008, eq. 8.20).
CUBIC = (1.5, -0.5, 0.0)
_COEFFICIENTS = {"quintic": QUINTIC, "cubic": CUBIC}


def _coefficients(coefficients) -> tuple:
    if isinstance(coefficients, str):
        return _COEFFICIENTS[validate.choice("coefficients", coefficients, tuple(_COEFFICIENTS))]
    arr = validate.real_array(
        "coefficients", coefficients, finite=True, what="'quintic', 'cubic' or three numbers (a, b, c)"
    )
    if arr.shape != (3,):
        raise ValueError(f"coefficients must be 'quintic', 'cubic' or three numbers (a, b, c); got shape {arr.shape}")
    return tuple(float(v) for v in arr)


def _newton_schulz(G, steps: int, coefficients: tuple, eps: float) -> np.ndarray:
    """The iteration itself, on a float array ``(..., m, n)`` (no checks)."""
    a, b, c = coefficients
    tall = G.shape[-2] > G.shape[-1]
    X = np.swapaxes(G, -1, -2) if tall else G  # X is k x l with k <= l: X X^T is the small Gram matrix
    norm = np.sqrt(np.einsum("...ij,...ij->...", X, X))[..., None, None]
    X = X / (norm + eps)  # Frobenius norm >= spectral norm: every singular value now <= 1
    for _ in range(steps):
        A = X @ np.swapaxes(X, -1, -2)
        P = b * A + c * (A @ A) if c else b * A
        X = a * X + P @ X
    return np.swapaxes(X, -1, -2) if tall else X


def newton_schulz(G, steps: int = 5, coefficients="quintic", eps: float = 1e-7) -> np.ndarray:
    r"""Orthogonalize B matrices at once: a polynomial iteration towards the polar factor :math:`UV^\top`.

    For :math:`G = U\Sigma V^\top` (reduced SVD) the iteration

    .. math::
        X_0 = \frac{G}{\lVert G\rVert_F + \epsilon},\qquad
        A_k = X_k X_k^\top,\qquad X_{k+1} = a X_k + (b A_k + c A_k^2) X_k

    keeps U and V and maps every singular value through the odd polynomial
    :math:`p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5`: after k steps
    :math:`X_k = U\,p^{(k)}(\Sigma/\lVert G\rVert_F)\,V^\top`. Dividing by the Frobenius norm
    first puts every singular value in (0, 1]. As in Jordan et al.'s reference, a tall matrix
    (m > n) is transposed first, so that :math:`A_k` is the smaller n × n Gram matrix.

    ``coefficients``:

    * ``"quintic"`` (default): Jordan et al.'s (3.4445, −4.7750, 2.0315), tuned for a large slope
      p'(0) = 3.4445 so that small singular values grow fast, at the price of not converging
      to 1: the iterates of σ ∈ [0.002, 1] oscillate in a band. Measured on p itself (a grid of
      σ, exact in that every singular value is mapped independently), five steps map
      σ/‖G‖_F ∈ [0.002, 1] into **[0.6818, 1.2024]**, and more steps keep them in [0.6818, 1.1344].
      A singular value below 0.002 ‖G‖_F is not reached in five steps (it grows by at most
      3.4445⁵ ≈ 485). On 64 Gaussian 256 × 128 matrices (σ/‖G‖_F ∈ [0.02, 0.16]) five steps
      give singular values in [0.6818, 1.1344] (`benchmarks/bench_newton_schulz.py` measures it;
      the exact polar factor's are all 1).
    * ``"cubic"``: the classic Newton-Schulz iteration, (a, b, c) = (1.5, −0.5, 0): p(σ) =
      (3σ − σ³)/2, which converges to 1 for every σ ∈ (0, √3), quadratically near 1, but grows
      a small σ only by 1.5 per step: many steps, an exact polar factor.
    * three numbers (a, b, c).

    ``G`` is ``(..., m, n)``, batch-first: ``(B, m, n)`` for B matrices (one matrix ``(m, n)`` also
    works). ``steps`` >= 0 is the number of iterations, ``eps`` >= 0 guards the division of a
    zero matrix (which stays zero). The result has G's shape. Arithmetic is float64 (the
    reference runs bfloat16 on a GPU; its band is the same polynomial's).

    References: Jordan, Jin, Boza, You, Cesista, Newhouse & Bernstein, "Muon: an optimizer for
    hidden layers in neural networks" (2024, kellerjordan.github.io/posts/muon); Higham,
    *Functions of Matrices* (2008), section 8.3 (the Newton-Schulz iteration for the polar
    decomposition); Bernstein & Newhouse, "Old optimizer, new norm" (2024).
    """
    G = validate.real_array("G", G, what="matrices: an array of real numbers shaped (B, m, n)")
    if G.ndim < 2 or G.shape[-1] == 0 or G.shape[-2] == 0:
        raise ValueError(f"G must be matrices shaped (B, m, n) (or one (m, n)) with m, n >= 1; got shape {G.shape}")
    steps = validate.integer("steps", steps, 0, 1000)
    coefficients = _coefficients(coefficients)
    eps = validate.nonnegative("eps", eps, scalar=True)
    small, large = sorted(G.shape[-2:])
    validate.work(
        "steps",
        steps * (G.size // (small * large)) * (2 * small * small * large + small**3),
        "multiply-adds (steps x B x (2 k^2 l + k^3), k <= l the matrix's sides)",
    )
    with np.errstate(over="ignore", invalid="ignore"):  # NaN or inf in G propagate to its matrix
        return _newton_schulz(G, steps, coefficients, eps)


def singular_value_map(sigma, steps: int = 5, coefficients="quintic") -> np.ndarray:
    r"""Where ``steps`` Newton-Schulz steps send a singular value: :math:`p^{(k)}(\sigma)`.

    Every step maps each singular value of X independently through the odd polynomial
    :math:`p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5` (see `newton_schulz`), so for
    G = UΣVᵀ the result of `newton_schulz` is :math:`U\,p^{(k)}(\Sigma/\lVert G\rVert_F)\,V^\top`
    (ε aside). ``sigma`` is any array of singular values of the normalized matrix (in [0, 1] after
    the division by the Frobenius norm); the result has its shape: ``(steps + 1, *sigma.shape)``,
    row k after k steps (row 0 is ``sigma``).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> optim.singular_value_map([0.01, 0.5, 1.0], steps=5)[-1].round(3)
    array([0.699, 0.765, 0.696])
    """
    s = validate.real_array("sigma", sigma, finite=True, what="singular values (numbers in [0, 1])")
    if np.any(s < 0) or np.any(s > 1):
        raise ValueError("sigma must hold singular values of a normalized matrix, in [0, 1]")
    steps = validate.integer("steps", steps, 0, 1000)
    validate.elements("steps", (steps + 1,) + s.shape)
    a, b, c = _coefficients(coefficients)
    out = [s]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            s = a * s + b * s**3 + c * s**5
            out.append(s)
    return np.array(out)


# --------------------------------------------------------------------------- matrix views


def _matrix_shape(shape):
    """``shape`` as None or a pair of positive integers (m, n)."""
    if shape is None:
        return None
    if isinstance(shape, (str, bytes)) or np.ndim(shape) != 1 or len(shape) != 2:
        raise ValueError(f"shape must be None or a pair of positive integers (m, n); got {shape!r}")
    return tuple(validate.integer("shape", s, 1) for s in shape)


def _matrix_view(params, shape, name: str) -> tuple:
    """The (B, m, n) view of ``params`` for a matrix transform, checked when init is called."""
    p_shape = np.shape(params)
    if shape is None:
        if len(p_shape) < 3:
            raise ValueError(
                f"params of {name} must be matrices shaped (B, m, n), or flat vectors (B, m*n) with shape=(m, n); "
                f"got shape {p_shape}"
            )
        return p_shape[-2:]
    m, n = shape
    if p_shape[-1] != m * n:
        raise ValueError(
            f"params of {name} must be flat (B, {m * n}) for shape=({m}, {n}) (m*n entries, row-major); "
            f"got shape {p_shape}"
        )
    return shape


def _as_matrices(x, shape):
    return x if shape is None else x.reshape(x.shape[:-1] + shape)


def _as_params(X, shape, like):
    return X if shape is None else X.reshape(np.shape(like))


# --------------------------------------------------------------------------- Muon


class ScaleByMuonState(NamedTuple):
    momentum: np.ndarray  # m, the momentum buffer, shaped like the parameters, starts at 0


_ADJUST = ("original", "match_rms_adamw", "none")


def lr_adjustment(m: int, n: int, adjust_lr: str = "original") -> float:
    r"""The factor Muon multiplies its learning rate by for an m × n matrix.

    * ``"original"`` (Jordan et al.'s reference, PyTorch's default): :math:`\sqrt{\max(1, m/n)}`
      -- an orthogonal m × n matrix has RMS entry :math:`1/\sqrt{\max(m, n)}`; the factor makes a
      tall matrix's update as large per entry as a wide one's with the same n.
    * ``"match_rms_adamw"`` (Liu et al. 2025, "Muon is scalable for LLM training"):
      :math:`0.2\sqrt{\max(m, n)}`, which gives the update an RMS of 0.2, about AdamW's, so that
      AdamW's learning rate and weight decay carry over.
    * ``"none"``: 1.
    """
    m = validate.integer("m", m, 1)
    n = validate.integer("n", n, 1)
    adjust_lr = validate.choice("adjust_lr", adjust_lr, _ADJUST)
    if adjust_lr == "original":
        return math.sqrt(max(1.0, m / n))
    if adjust_lr == "match_rms_adamw":
        return 0.2 * math.sqrt(max(m, n))
    return 1.0


def scale_by_muon(
    momentum=0.95,
    nesterov: bool = True,
    shape=None,
    steps: int = 5,
    coefficients="quintic",
    eps: float = 1e-7,
    adjust_lr: str = "original",
) -> Optimizer:
    r"""Muon's direction: momentum, then Newton-Schulz orthogonalization, times the shape factor.

    .. math::
        M \leftarrow \beta M + (1-\beta) G,\qquad
        U = \begin{cases}(1-\beta) G + \beta M & \text{nesterov}\\ M & \text{otherwise}\end{cases},\qquad
        u = s(m, n)\,\mathrm{NS}_5(U)

    with `newton_schulz` and s the factor of `lr_adjustment`. ``momentum`` β in [0, 1) (one
    number), ``shape`` as in this module's docstring; see `muon`.
    """
    beta = validate.decay_rate("momentum", momentum, scalar=True)
    nesterov = validate.flag("nesterov", nesterov)
    shape = _matrix_shape(shape)
    steps = validate.integer("steps", steps, 0, 1000)
    coefficients = _coefficients(coefficients)
    eps = validate.nonnegative("eps", eps, scalar=True)
    adjust_lr = validate.choice("adjust_lr", adjust_lr, _ADJUST)

    def init(params):
        m, n = _matrix_view(params, shape, "muon")
        lr_adjustment(m, n, adjust_lr)
        return ScaleByMuonState(np.zeros(np.shape(params)))

    def update(updates, state, params=None, **extra):
        M = _update_moment(updates, state.momentum, beta, 1)
        U = (1.0 - beta) * updates + beta * M if nesterov else M
        U = _as_matrices(U, shape)
        factor = lr_adjustment(U.shape[-2], U.shape[-1], adjust_lr)
        ortho = _newton_schulz(U, steps, coefficients, eps)
        return _as_params(factor * ortho, shape, updates), ScaleByMuonState(M)

    return transform("scale_by_muon", init, update, ScaleByMuonState)


def muon(
    lr=0.02,
    momentum=0.95,
    weight_decay=0.0,
    nesterov: bool = True,
    shape=None,
    steps: int = 5,
    coefficients="quintic",
    eps: float = 1e-7,
    adjust_lr: str = "original",
) -> Optimizer:
    r"""Muon, MomentUm Orthogonalized by Newton-Schulz (Jordan et al. 2024), on matrix parameters.

    For each trajectory's m × n matrix W with gradient G, one step is

    .. math::
        M \leftarrow \beta M + (1-\beta) G,\qquad
        U = (1-\beta) G + \beta M \ \text{(Nesterov)},\qquad
        O = \mathrm{NS}_5(U),

        W \leftarrow W - \eta\,\bigl(s(m, n)\, O + \lambda W\bigr),

    with M starting at 0, NS₅ five quintic steps of `newton_schulz` (O ≈ the polar factor of U,
    singular values in [0.6818, 1.2024] for those of U above 0.002 ‖U‖_F), s(m, n) = √max(1, m/n) (`lr_adjustment`) and the
    decoupled weight decay λ (``weight_decay``, multiplied by the learning rate η as in the
    reference). ``lr`` η (a number, a ``(B, 1)`` array for flat parameters, or a schedule),
    ``momentum`` β, ``nesterov`` False uses U = M. Steepest descent under the spectral norm
    gives the direction: :math:`\arg\max_{\lVert O\rVert_2 \le 1} \langle G, O\rangle = UV^\top`
    (Bernstein & Newhouse 2024), which NS₅ approximates with matrix products only.

    Parameters are matrices ``(B, m, n)`` or, with ``shape=(m, n)``, flat ``(B, m n)`` (see the
    module docstring). Muon is meant for hidden weight matrices; biases, gains and the output
    layer take AdamW: `by_layer` does that split for `nn.mlp` networks.

    Conventions, against Jordan et al.'s reference code (``muon.py``) and PyTorch's documented
    ``torch.optim.Muon``:

    * Momentum. The reference keeps the moving average M ← βM + (1−β)G (``lerp``) and orthogonalizes
      (1−β)G + βM; PyTorch's documented box keeps B ← μB + G and orthogonalizes G + μB. With
      β = μ these are the same matrices up to the factor 1−β (M = (1−β)B), and the Frobenius
      normalization inside NS removes any factor: the two give the same O except through ε.
      This implementation is the reference's form. PyTorch's default β is 0.95, as here. Both
      "Nesterov" forms take the gradient at the current W and put the look-ahead into the
      combination, like PyTorch's ``SGD(nesterov=True)``; the course's `nesterov` (Goodfellow et
      al. alg. 8.3) evaluates the gradient at an interim point instead (see its docstring).
    * Learning rate by shape. s(m, n) = √max(1, m/n) is the reference's and PyTorch's default
      (``adjust_lr_fn=None``/``"original"``); ``adjust_lr="match_rms_adamw"`` is PyTorch's other
      option, 0.2 √max(m, n); ``"none"`` drops the factor.
    * Weight decay. Both multiply it by the unadjusted η: W ← W(1 − ηλ) − η s O, as here.
      PyTorch's default λ is 0.1 and η 1e-3; the reference's are 0 and 0.02, ours 0 and 0.02.
    * ε: the reference divides by ‖U‖_F + 1e-7, PyTorch by max(‖U‖_F, 1e-7); we use the
      reference's. Both run NS in bfloat16; we run float64.
    * Matrix shape: m × n is the parameter's own (rows = outputs for `nn` layers, as for
      PyTorch's ``Linear.weight``), and a tall matrix is transposed inside NS, as both do.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.muon(lr=0.1, shape=(2, 2))
    >>> W = np.zeros((1, 4)); G = np.array([[3.0, 0.0, 0.0, 0.5]])     # diag(3, 0.5), flat
    >>> updates, state = opt.update(G, opt.init(W), W)
    >>> np.round(updates, 3)    # singular values 3 and 0.5 both become about 1: -0.1 x (0.71, 1.04)
    array([[-0.071, -0.   , -0.   , -0.104]])
    """
    return chain(
        scale_by_muon(momentum, nesterov, shape, steps, coefficients, eps, adjust_lr),
        add_decayed_weights(weight_decay),
        scale_by_learning_rate(lr),
        name="muon",
    )


# --------------------------------------------------------------------------- Shampoo


class ScaleByShampooState(NamedTuple):
    left: np.ndarray  # L, (B, m, m), starts at eps I
    right: np.ndarray  # R, (B, n, n), starts at eps I
    params_shape: tuple  # the shape of the parameters init was given


def _inverse_fourth_root(M, floor: float) -> np.ndarray:
    """:math:`M^{-1/4}` of symmetric positive definite matrices ``(..., k, k)`` by ``eigh``.

    The eigenvalues are floored at ``floor`` (ε): M = εI + a positive semidefinite sum has none
    below ε, so the floor only removes rounding errors."""
    w, V = np.linalg.eigh(M)
    w = np.maximum(w, floor) ** -0.25
    return (V * w[..., None, :]) @ np.swapaxes(V, -1, -2)


def scale_by_shampoo(eps: float = 1e-4, shape=None) -> Optimizer:
    r"""Shampoo's preconditioned direction for matrix parameters (Gupta, Koren & Singer 2018, alg. 1).

    .. math::
        L \leftarrow L + G G^\top,\qquad R \leftarrow R + G^\top G,\qquad
        u = L^{-1/4}\, G\, R^{-1/4},

    with L = εI_m and R = εI_n at the start; the inverse fourth roots by a batched ``eigh``.
    ``eps`` ε > 0 (one number), ``shape`` as in this module's docstring. See `shampoo`.
    """
    eps = validate.positive("eps", eps, scalar=True)
    shape = _matrix_shape(shape)

    def init(params):
        m, n = _matrix_view(params, shape, "shampoo")
        lead = np.shape(params)[: -1 if shape is not None else -2]
        validate.elements("params", lead + (m * m + n * n,))
        return ScaleByShampooState(
            np.broadcast_to(eps * np.eye(m), lead + (m, m)).copy(),
            np.broadcast_to(eps * np.eye(n), lead + (n, n)).copy(),
            tuple(np.shape(params)),
        )

    def update(updates, state, params=None, **extra):
        G = _as_matrices(updates, shape)
        Gt = np.swapaxes(G, -1, -2)
        L = state.left + G @ Gt
        R = state.right + Gt @ G
        if not (np.all(np.isfinite(L)) and np.all(np.isfinite(R))):  # eigh refuses NaN and inf
            return np.full(np.shape(updates), np.nan), ScaleByShampooState(L, R, state.params_shape)
        u = _inverse_fourth_root(L, eps) @ G @ _inverse_fourth_root(R, eps)
        return _as_params(u, shape, updates), ScaleByShampooState(L, R, state.params_shape)

    return transform(
        "scale_by_shampoo", init, update, ScaleByShampooState, state_shape=lambda state: state.params_shape
    )


def shampoo(lr, eps: float = 1e-4, shape=None) -> Optimizer:
    r"""Shampoo on matrix parameters (Gupta, Koren & Singer, ICML 2018, algorithm 1).

    .. math::
        L_t = L_{t-1} + G_t G_t^\top,\qquad R_t = R_{t-1} + G_t^\top G_t,\qquad
        W_{t+1} = W_t - \eta\, L_t^{-1/4}\, G_t\, R_t^{-1/4},

    with :math:`L_0 = \epsilon I_m`, :math:`R_0 = \epsilon I_n`. Full-matrix AdaGrad on the
    vectorized W would keep an (mn) × (mn) matrix; Shampoo keeps two factors, m × m and n × n,
    whose Kronecker product :math:`L^{1/4} \otimes R^{1/4}` approximates that preconditioner's
    root (the paper's lemma 8). The exponent −1/4 on each side makes the pair act as an
    inverse square root, as in AdaGrad. A step costs two ``eigh`` of sizes m and n per
    trajectory (the paper recomputes the roots every step too; practical versions do it every
    k steps). ``lr`` η (a number, a ``(B, 1)`` array for flat parameters, or a schedule); ``eps``
    ε > 0 is our default 1e-4 (the paper leaves it free). No momentum, no grafting: the
    algorithm box.

    A gradient with NaN or inf entries gives NaN steps (`optim.run` then flags the trajectory).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.shampoo(lr=1.0, eps=1e-12, shape=(2, 2))
    >>> W = np.zeros((1, 4)); G = np.array([[4.0, 0.0, 0.0, 0.01]])   # diag(4, 0.01)
    >>> updates, state = opt.update(G, opt.init(W), W)
    >>> np.round(updates, 6)      # the first step is -η U V^T: every singular value becomes 1
    array([[-1., -0., -0., -1.]])
    """
    return chain(scale_by_shampoo(eps, shape), scale_by_learning_rate(lr), name="shampoo")


# --------------------------------------------------------------------------- SOAP


class ScaleBySoapState(NamedTuple):
    count: int  # t, the number of updates so far
    left: np.ndarray  # L, (B, m, m), moving average of G G^T, starts at 0
    right: np.ndarray  # R, (B, n, n), moving average of G^T G, starts at 0
    mu: np.ndarray  # M, (B, m, n), Adam's first moment, in the original coordinates
    nu: np.ndarray  # V, (B, m, n), Adam's second moment, in the eigenbasis of L and R
    params_shape: tuple  # the shape of the parameters init was given


def scale_by_soap(beta1: float = 0.95, beta2: float = 0.95, eps: float = 1e-8, shape=None) -> Optimizer:
    r"""SOAP's direction: Adam run in the eigenbasis of Shampoo's two factors (Vyas et al. 2024, alg. 3).

    .. math::
        L \leftarrow \beta_2 L + (1-\beta_2) G G^\top,\quad R \leftarrow \beta_2 R + (1-\beta_2) G^\top G,\quad
        Q_L, Q_R = \text{eigenvectors of } L, R,

        M \leftarrow \beta_1 M + (1-\beta_1) G,\quad G' = Q_L^\top G Q_R,\quad M' = Q_L^\top M Q_R,\quad
        V \leftarrow \beta_2 V + (1-\beta_2) G'^{\,2},

        u = Q_L\,\frac{M' / (1-\beta_1^t)}{\sqrt{V / (1-\beta_2^t)} + \epsilon}\,Q_R^\top .

    Conventions: the eigenbasis is recomputed every step by ``eigh`` (the paper recomputes it every
    f steps, f = 10 by default, by one power-iteration step and a QR decomposition; f = 1 with an
    exact eigendecomposition is the idealized algorithm its section 3 starts from); L and R use
    β2 as the paper's default Shampoo β does; V stays in the coordinates where it was accumulated when
    the basis turns, as in the paper, indexed by the eigenvectors' order (``eigh``'s ascending eigenvalues;
    the paper's code sorts its eigenvectors and V the same way). β1 = β2 = 0.95 and ε = 1e-8 are the paper's defaults.
    ``shape`` as in this module's docstring. See `soap`.
    """
    beta1 = validate.decay_rate("beta1", beta1, scalar=True)
    beta2 = validate.decay_rate("beta2", beta2, scalar=True)
    eps = validate.nonnegative("eps", eps, scalar=True)
    shape = _matrix_shape(shape)

    def init(params):
        m, n = _matrix_view(params, shape, "soap")
        lead = np.shape(params)[: -1 if shape is not None else -2]
        validate.elements("params", lead + (m * m + n * n + 2 * m * n,))
        return ScaleBySoapState(
            0,
            np.zeros(lead + (m, m)),
            np.zeros(lead + (n, n)),
            np.zeros(lead + (m, n)),
            np.zeros(lead + (m, n)),
            tuple(np.shape(params)),
        )

    def update(updates, state, params=None, **extra):
        G = _as_matrices(updates, shape)
        Gt = np.swapaxes(G, -1, -2)
        t = state.count + 1
        L = _update_moment(G @ Gt, state.left, beta2, 1)
        R = _update_moment(Gt @ G, state.right, beta2, 1)
        M = _update_moment(G, state.mu, beta1, 1)
        if not (np.all(np.isfinite(L)) and np.all(np.isfinite(R))):  # eigh refuses NaN and inf
            return np.full(np.shape(updates), np.nan), ScaleBySoapState(t, L, R, M, state.nu, state.params_shape)
        QL, QR = np.linalg.eigh(L)[1], np.linalg.eigh(R)[1]
        QLt = np.swapaxes(QL, -1, -2)
        V = _update_moment(QLt @ G @ QR, state.nu, beta2, 2)
        step = (QLt @ M @ QR / (1.0 - beta1**t)) / (np.sqrt(V / (1.0 - beta2**t)) + eps)
        u = QL @ step @ np.swapaxes(QR, -1, -2)
        return _as_params(u, shape, updates), ScaleBySoapState(t, L, R, M, V, state.params_shape)

    return transform("scale_by_soap", init, update, ScaleBySoapState, state_shape=lambda state: state.params_shape)


def soap(
    lr=3e-3, beta1: float = 0.95, beta2: float = 0.95, eps: float = 1e-8, weight_decay=0.0, shape=None
) -> Optimizer:
    r"""SOAP, ShampoO with Adam in the Preconditioner's eigenbasis (Vyas et al., "SOAP: improving and
    stabilizing Shampoo using Adam", 2024), on matrix parameters.

    Shampoo's factors L and R (moving averages of GGᵀ and GᵀG) give a rotation Q_L, Q_R; in the rotated
    coordinates Q_Lᵀ G Q_R an Adam update is taken, rotated back, and applied with decoupled weight
    decay: :math:`W \leftarrow W - \eta\,(u + \lambda W)`, u from `scale_by_soap` (its docstring has
    the formulas and our conventions). Where the rotation is the identity (diagonal L and R), SOAP is
    Adam; Shampoo corresponds to an "Adafactor in the eigenbasis" (the paper's section 3). ``lr`` η a
    number, a ``(B, 1)`` array for flat parameters or a schedule; ``shape`` as in this module's docstring.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.soap(lr=0.1, shape=(2, 2))
    >>> W = np.zeros((1, 4)); G = np.array([[4.0, 0.0, 0.0, 0.01]])   # diag(4, 0.01)
    >>> updates, state = opt.update(G, opt.init(W), W)
    >>> np.round(updates, 6)      # the first step is Adam's: -η sign(G) in the eigenbasis
    array([[-0.1, -0. , -0. , -0.1]])
    """
    return chain(
        scale_by_soap(beta1, beta2, eps, shape),
        add_decayed_weights(weight_decay),
        scale_by_learning_rate(lr),
        name="soap",
    )


# --------------------------------------------------------------------------- Lion


class ScaleByLionState(NamedTuple):
    mu: np.ndarray  # m, the moving average of the gradient, starts at 0


def scale_by_lion(beta1=0.9, beta2=0.99) -> Optimizer:
    r"""Lion's direction: :math:`u = \mathrm{sign}(\beta_1 m + (1-\beta_1) g)`, then
    :math:`m \leftarrow \beta_2 m + (1-\beta_2) g`. See `lion`."""
    beta1 = validate.decay_rate("beta1", beta1)
    beta2 = validate.decay_rate("beta2", beta2)

    def init(params):
        _check_shapes(params, beta1=beta1, beta2=beta2)
        return ScaleByLionState(np.zeros(np.shape(params)))

    def update(updates, state, params=None, **extra):
        c = _update_moment(updates, state.mu, beta1, 1)
        return np.sign(c), ScaleByLionState(_update_moment(updates, state.mu, beta2, 1))

    return transform("scale_by_lion", init, update, ScaleByLionState)


def lion(lr=1e-4, beta1=0.9, beta2=0.99, weight_decay=0.0) -> Optimizer:
    r"""Lion, EvoLved Sign Momentum (Chen et al., "Symbolic discovery of optimization
    algorithms", NeurIPS 2023, algorithm 2).

    .. math::
        c \leftarrow \beta_1 m + (1-\beta_1) g,\qquad
        \theta \leftarrow \theta - \eta\,\bigl(\mathrm{sign}(c) + \lambda\theta\bigr),\qquad
        m \leftarrow \beta_2 m + (1-\beta_2) g

    m starts at 0. Every coordinate moves by exactly ±η (0 where c = 0) before the decay, so
    the update's RMS is η, larger than Adam's typical step: the paper recommends a learning
    rate 3-10x smaller than AdamW's and a weight decay λ 3-10x larger (keeping ηλ, the decay
    per step, about the same). The decay is decoupled and multiplied by η, as in the box (and
    in PyTorch-style AdamW; our `adamw` multiplies it by the schedule factor η_k instead).
    Defaults are the paper's β1 = 0.9, β2 = 0.99; ``lr`` η has no universal default (we take
    1e-4, the paper's 3-10x below AdamW's usual 1e-3). ``lr`` may be a schedule or a ``(B, 1)``
    array, and ``beta1``, ``beta2`` arrays too.

    With β1 = β2 = 0 Lion is signSGD; Adam with δ → 0 and ρ1 = ρ2 = 0 also steps -ε sign(g)
    (Balles & Hennig 2018 read Adam as a sign method with a variance-adapted length).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.lion(lr=0.1, weight_decay=0.5)
    >>> x = np.array([[2.0, 1.0]])
    >>> updates, state = opt.update(np.array([[1e-6, -30.0]]), opt.init(x), x)
    >>> updates     # -0.1 * (sign(g) + 0.5 x): the gradient's size does not matter
    array([[-0.2 ,  0.05]])
    """
    return chain(
        scale_by_lion(beta1, beta2),
        add_decayed_weights(weight_decay),
        scale_by_learning_rate(lr),
        name="lion",
    )
