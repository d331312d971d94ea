r"""The named optimizers, each a short `chain` of transforms read against its algorithm box.

Symbols follow Goodfellow, Bengio & Courville, *Deep Learning* (2016), chapter 8:
ε is the learning rate (argument ``lr``), α the momentum coefficient (``alpha``),
ρ a decay rate (``rho``, ``rho1``, ``rho2``), δ the small stabilizing constant (``delta``),
g the gradient, θ the parameters, shaped ``(B, d)``. Every optimizer returns
``updates`` such that the next iterate is ``x + updates``.

Common conventions: accumulators (velocity, moment estimates, sums of squares) start at 0;
a learning-rate schedule is evaluated at k = 0 for the first update, 1 for the second, ...;
``lr`` (and α, ρ, δ) may be ``(B, 1)`` arrays to sweep one value per trajectory.
"""

from __future__ import annotations

from .transforms import (
    Optimizer,
    _scale,
    _scale_by_learning_rate,
    add_decayed_weights,
    chain,
    scale_by_adadelta,
    scale_by_adagrad,
    scale_by_adam,
    scale_by_amsgrad,
    scale_by_learning_rate,
    scale_by_newton,
    scale_by_rms,
    scale_by_rprop,
    trace,
)


def sgd(lr) -> Optimizer:
    r"""Stochastic gradient descent (Goodfellow et al., alg. 8.1).

    .. math:: \theta \leftarrow \theta - \varepsilon_k\, g

    ``lr`` is ε: a positive float, a ``(B, 1)`` array, or a schedule k -> ε_k.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.sgd(lr=0.1)
    >>> x = np.array([[1.0, -2.0]])
    >>> updates, state = opt.update(np.array([[2.0, -4.0]]), opt.init(x), x)
    >>> x + updates
    array([[ 0.8, -1.6]])
    """
    return chain(scale_by_learning_rate(lr), name="sgd")


def momentum(lr, alpha=0.9) -> Optimizer:
    r"""SGD with momentum (Goodfellow et al., alg. 8.2).

    .. math:: v \leftarrow \alpha v - \varepsilon g, \qquad \theta \leftarrow \theta + v

    The velocity v starts at 0 and includes the learning rate (the book's form, which stays
    exact under a schedule ε_k). PyTorch instead keeps b ← μb + g and steps θ ← θ − lr·b;
    the two agree for a constant learning rate (v = −lr·b) and differ under a schedule.
    ``alpha`` in [0, 1), or a schedule k -> α_k (e.g. Sutskever et al.'s ramp of α towards
    0.99; see `trace`); α = 0 is plain SGD.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.momentum(lr=0.1, alpha=0.5)
    >>> x = np.array([[1.0]]); state = opt.init(x)
    >>> for _ in range(2):
    ...     updates, state = opt.update(np.array([[1.0]]), state, x)
    ...     x = x + updates
    >>> x          # steps -0.1, then 0.5 * (-0.1) - 0.1
    array([[0.75]])
    """
    return chain(scale_by_learning_rate(lr), trace(alpha), name="momentum")


def nesterov(lr, alpha=0.9) -> Optimizer:
    r"""SGD with Nesterov momentum (Goodfellow et al., alg. 8.3).

    .. math::
        \tilde\theta = \theta + \alpha v,\quad g = \nabla f(\tilde\theta),\quad
        v \leftarrow \alpha v - \varepsilon g,\quad \theta \leftarrow \theta + v

    The gradient is taken at the interim point θ̃, which this optimizer reports through its
    ``lookahead(x, state)``; `optim.run` evaluates the gradient there. By hand::

        g = f.grad(opt.lookahead(x, state)); updates, state = opt.update(g, state, x)

    (Design: the optimizer says *where* it wants the gradient and stays a pure function of
    numbers; the driver decides *how* to compute it -- exact, noisy, minibatch.)

    PyTorch's ``SGD(nesterov=True)`` uses another form: b ← μb + g, g ← g + μb,
    θ ← θ − lr·g with g taken at the *current* point. It is the re-parameterisation of
    Sutskever et al. (2013) in the shifted variable θ̃ = θ + αv: its iterates are the
    look-ahead points of this one (for a constant learning rate), so both trace the same
    method but report different points.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.nesterov(lr=0.1, alpha=0.5)
    >>> x = np.array([[1.0]]); state = opt.init(x)
    >>> grad = lambda p: 2 * p          # f(x) = x^2
    >>> for _ in range(2):
    ...     updates, state = opt.update(grad(opt.lookahead(x, state)), state, x)
    ...     x = x + updates
    >>> np.round(x, 6)   # v1 = -0.2 at x=1; then g at 0.8 - 0.1 = 0.7: v2 = -0.1 - 0.14
    array([[0.56]])

    Reference: Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and
    momentum in deep learning", ICML 2013.
    """
    return chain(scale_by_learning_rate(lr), trace(alpha, lookahead=True), name="nesterov")


def adagrad(lr, delta=1e-7) -> Optimizer:
    r"""AdaGrad (Goodfellow et al., alg. 8.4; Duchi, Hazan & Singer 2011).

    .. math::
        r \leftarrow r + g \odot g, \qquad
        \Delta\theta = -\frac{\varepsilon}{\delta + \sqrt{r}} \odot g

    r starts at 0; δ (default 1e-7, the book's value) is *outside* the square root, as in
    the box (compare `rmsprop`).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.adagrad(lr=0.1, delta=0.0)
    >>> x = np.array([[0.0, 0.0]])
    >>> updates, state = opt.update(np.array([[3.0, -0.01]]), opt.init(x), x)
    >>> updates         # the first step is -ε sign(g), whatever the gradient's size
    array([[-0.1,  0.1]])
    """
    return chain(scale_by_adagrad(delta), scale_by_learning_rate(lr), name="adagrad")


def rmsprop(lr, rho=0.9, delta=1e-6) -> Optimizer:
    r"""RMSProp (Goodfellow et al., alg. 8.5; Hinton's lecture 6e, 2012).

    .. math::
        r \leftarrow \rho r + (1-\rho)\, g \odot g, \qquad
        \Delta\theta = -\frac{\varepsilon}{\sqrt{\delta + r}} \odot g

    r starts at 0; δ (default 1e-6, the book's value) is *inside* the square root, as in
    alg. 8.5 -- unlike AdaGrad's alg. 8.4 and Adam's alg. 8.7, where it is outside. No
    bias correction.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.rmsprop(lr=0.01, rho=0.9, delta=0.0)
    >>> x = np.array([[0.0]])
    >>> updates, state = opt.update(np.array([[5.0]]), opt.init(x), x)
    >>> np.round(updates, 6)    # -0.01 * 5 / sqrt(0.1 * 25) = -0.01 / sqrt(0.1)
    array([[-0.031623]])
    """
    return chain(scale_by_rms(rho, delta), scale_by_learning_rate(lr), name="rmsprop")


def rmsprop_nesterov(lr, rho=0.9, alpha=0.9, delta=1e-6) -> Optimizer:
    r"""RMSProp with Nesterov momentum (Goodfellow et al., alg. 8.6).

    .. math::
        \tilde\theta = \theta + \alpha v,\quad g = \nabla f(\tilde\theta),\quad
        r \leftarrow \rho r + (1-\rho)\, g\odot g,\quad
        v \leftarrow \alpha v - \frac{\varepsilon}{\sqrt{\delta + r}} \odot g,\quad
        \theta \leftarrow \theta + v

    The book's box divides by :math:`\sqrt{r}` with no δ; we add δ inside the root as in
    alg. 8.5 (default 1e-6) so a zero gradient coordinate at the first step gives 0, not
    0/0. ``delta=0`` is the box exactly. r and v start at 0. The gradient point is given by
    ``lookahead``, as in `nesterov`.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.rmsprop_nesterov(lr=0.01, rho=0.9, alpha=0.5)
    >>> x = np.array([[1.0]]); state = opt.init(x)
    >>> opt.lookahead(x, state)       # v = 0 at the start
    array([[1.]])
    """
    return chain(
        scale_by_rms(rho, delta), scale_by_learning_rate(lr), trace(alpha, lookahead=True), name="rmsprop_nesterov"
    )


def adadelta(rho=0.95, eps=1e-6, lr=1.0) -> Optimizer:
    r"""AdaDelta (Zeiler 2012, "ADADELTA: an adaptive learning rate method", alg. 1).

    .. math::
        E[g^2]_t = \rho E[g^2]_{t-1} + (1-\rho) g_t^2,\quad
        \Delta x_t = -\frac{\mathrm{RMS}[\Delta x]_{t-1}}{\mathrm{RMS}[g]_t}\, g_t,\quad
        E[\Delta x^2]_t = \rho E[\Delta x^2]_{t-1} + (1-\rho) \Delta x_t^2

    with :math:`\mathrm{RMS}[y]_t = \sqrt{E[y^2]_t + \epsilon}` (ε inside the root, in
    both), E[g²]_0 = E[Δx²]_0 = 0, and the paper's ρ = 0.95, ε = 1e-6. The paper has no
    learning rate; ``lr`` is an optional multiplier on the step, default 1.0 (the paper).
    With lr ≠ 1 the accumulated Δx is the step before the multiplier (PyTorch does the same).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.adadelta()
    >>> x = np.array([[0.0]])
    >>> updates, state = opt.update(np.array([[1.0]]), opt.init(x), x)
    >>> np.round(updates, 6)  # -sqrt(1e-6) / sqrt(0.05 + 1e-6): tiny first steps
    array([[-0.004472]])
    """
    return chain(scale_by_adadelta(rho, eps), scale_by_learning_rate(lr), name="adadelta")


def adam(lr=1e-3, rho1=0.9, rho2=0.999, delta=1e-8) -> Optimizer:
    r"""Adam (Goodfellow et al., alg. 8.7; Kingma & Ba, ICLR 2015, alg. 1).

    .. math::
        t \leftarrow t + 1,\quad
        s \leftarrow \rho_1 s + (1-\rho_1) g,\quad
        r \leftarrow \rho_2 r + (1-\rho_2)\, g \odot g,

        \hat s = \frac{s}{1-\rho_1^t},\quad \hat r = \frac{r}{1-\rho_2^t},\quad
        \Delta\theta = -\varepsilon \frac{\hat s}{\sqrt{\hat r} + \delta}

    s, r, t start at 0 (so t = 1 at the first update); δ = 1e-8 is *outside* the square root
    of the bias-corrected r̂. Kingma & Ba call the step size α (our ``lr``, the book's ε),
    the decay rates β1, β2 (our ``rho1``, ``rho2``) and δ ε.

    Step size: by Cauchy–Schwarz, :math:`|\Delta\theta_t| \le \varepsilon\, C_t` per
    coordinate with :math:`C_t = \frac{1-\rho_1}{1-\rho_1^t}\sqrt{\frac{1-\rho_2^t}{1-\rho_2}
    \sum_{j<t} (\rho_1^2/\rho_2)^j}` (when ρ1² < ρ2); C_1 = 1, so the first step is at most ε.
    Kingma & Ba (sec. 2.1) state the looser rule of thumb "|Δ| ≲ α, up to
    α(1−β1)/√(1−β2) in the sparsest case".

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.adam(lr=0.1)
    >>> x = np.array([[1.0, -2.0]])
    >>> updates, state = opt.update(np.array([[0.5, -40.0]]), opt.init(x), x)
    >>> np.round(updates, 6)    # first step: -ε g/(|g| + δ) ≈ -ε sign(g)
    array([[-0.1,  0.1]])
    """
    return chain(scale_by_adam(rho1, rho2, delta), scale_by_learning_rate(lr), name="adam")


def amsgrad(lr=1e-3, rho1=0.9, rho2=0.999, delta=1e-8) -> Optimizer:
    r"""AMSGrad (Reddi, Kale & Kumar, "On the Convergence of Adam and Beyond", ICLR 2018, alg. 2).

    .. math::
        m \leftarrow \rho_1 m + (1-\rho_1) g,\quad
        v \leftarrow \rho_2 v + (1-\rho_2)\, g \odot g,\quad
        \hat v \leftarrow \max(\hat v, v),\quad
        \Delta\theta = -\varepsilon_k \frac{m}{\sqrt{\hat v} + \delta}

    Adam without bias correction whose denominator is the running maximum of the second
    moment, so that no coordinate's effective rate ever increases. The paper's α_t is our
    ``lr`` (a schedule is accepted; the paper's analysis takes α/√t), β1, β2 are ``rho1``,
    ``rho2``; δ (0 in the paper) is outside the root. See `scale_by_amsgrad` for how
    PyTorch's variant differs.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.amsgrad(lr=0.1, rho1=0.0, rho2=0.5, delta=0.0)
    >>> x = np.zeros((1, 1)); state = opt.init(x)
    >>> steps = []
    >>> for g in (2.0, 0.5):
    ...     updates, state = opt.update(np.array([[g]]), state, x)
    ...     steps.append(round(float(updates[0, 0]), 4))
    >>> steps    # v = 2, then 1.125 < 2: the max keeps v̂ = 2, so the step is -0.1 * 0.5 / √2
    [-0.1414, -0.0354]
    """
    return chain(scale_by_amsgrad(rho1, rho2, delta), scale_by_learning_rate(lr), name="amsgrad")


def adamw(lr=1e-3, weight_decay=1e-2, rho1=0.9, rho2=0.999, delta=1e-8, eta=1.0) -> Optimizer:
    r"""Adam with decoupled weight decay, AdamW (Loshchilov & Hutter, ICLR 2019, alg. 2).

    .. math::
        \Delta\theta = -\eta_k \Bigl(\varepsilon \frac{\hat s}{\sqrt{\hat r} + \delta}
        + \lambda\, \theta\Bigr)

    with ŝ, r̂ Adam's bias-corrected moments (`adam`). The decay λθ (``weight_decay``) is
    added *after* the adaptive scaling, so every weight shrinks by the same factor
    1 − η_kλ per step whatever its gradient history; L2 regularization inside Adam,
    ``chain(add_decayed_weights(λ), adam(ε))``, divides the decay by √r̂ instead and so
    decays weights with large gradients less. The paper's α is ``lr`` (ε) and η_t the
    schedule multiplier ``eta`` (a float or a schedule, default 1). PyTorch's ``AdamW``
    multiplies the decay by its ``lr`` rather than by η: its ``weight_decay`` is our λ/ε
    when η = 1.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.adamw(lr=0.1, weight_decay=0.5)
    >>> x = np.array([[2.0]])
    >>> updates, state = opt.update(np.array([[0.0]]), opt.init(x), x)
    >>> updates     # no gradient: only the decay, -η λ θ = -0.5 * 2
    array([[-1.]])
    """
    # _scale and _scale_by_learning_rate name lr and eta in their messages, not factor and lr.
    return chain(
        scale_by_adam(rho1, rho2, delta),
        _scale(lr, "lr"),
        add_decayed_weights(weight_decay),
        _scale_by_learning_rate(eta, "eta"),
        name="adamw",
    )


def rprop(init_step=0.1, eta_plus=1.2, eta_minus=0.5, min_step=1e-6, max_step=50.0) -> Optimizer:
    r"""Rprop, the iRprop− variant: sign-based steps with per-coordinate step sizes Δ.

    Riedmiller & Braun (1993), "A direct adaptive method for faster backpropagation
    learning: the RPROP algorithm", *without* their weight-backtracking, and with the
    gradient memory set to 0 after a sign change. Igel & Hüsken (2000, "Improving the Rprop
    learning algorithm") call this variant iRprop−; PyTorch's ``torch.optim.Rprop`` is the
    same. Per coordinate, with g_prev (starting at 0) the remembered gradient:

    * g_prev·g > 0: Δ ← min(η⁺Δ, Δmax)
    * g_prev·g < 0: Δ ← max(η⁻Δ, Δmin); g ← 0  (no move this step; no adaptation next step)
    * g_prev·g = 0: Δ unchanged

    then θ ← θ − sign(g)·Δ and g_prev ← g. Defaults are the paper's: Δ0 = ``init_step`` =
    0.1, η⁺ = 1.2, η⁻ = 0.5, Δ ∈ [1e-6, 50]. Only the gradient's sign is used, so Rprop is
    meant for full-batch gradients. The sign flip is the shared `scale_by_learning_rate`
    with factor 1 (the step sizes are Δ).

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.rprop(init_step=0.1)
    >>> x = np.array([[0.0]]); state = opt.init(x)
    >>> path = []
    >>> for g in [3.0, 0.5, -2.0, -1.0]:
    ...     updates, state = opt.update(np.array([[g]]), state, x)
    ...     x = x + updates
    ...     path.append(round(float(x[0, 0]), 6))
    >>> path      # steps 0.1, 0.12 (grown); sign change: no move, Δ -> 0.06; then 0.06 back
    [-0.1, -0.22, -0.22, -0.16]
    """
    return chain(
        scale_by_rprop(init_step, eta_plus, eta_minus, min_step, max_step), scale_by_learning_rate(1.0), name="rprop"
    )


def newton(damping=0.0, lr=1.0) -> Optimizer:
    r"""Newton's method with optional damping (Goodfellow et al., sec. 8.6.1, eq. 8.27).

    .. math:: \Delta\theta = -\varepsilon\,(H + \lambda I)^{-1} g

    solved with a batched ``np.linalg.solve`` (no explicit inverse). ``damping`` λ >= 0 and
    ``lr`` ε > 0 (1.0: the pure Newton step, which minimizes a quadratic in one step).
    Needs the Hessian: ``update(g, state, x, hessian=H)``; `optim.run` passes ``f.hess`` at
    the current point. A trajectory whose damped Hessian is singular gets a NaN step, which
    `run` reports as divergence (and freezes the trajectory) rather than raising mid-run.
    Newton's method heads for any critical point, saddles included; λ > 0 (Levenberg-style
    damping) keeps it closer to gradient descent.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.newton()
    >>> x = np.array([[1.0, 1.0]]); H = np.array([[[2.0, 0.0], [0.0, 8.0]]])
    >>> updates, state = opt.update(H @ x[0], opt.init(x), x, hessian=H)  # f = x^T H x / 2
    >>> x + updates
    array([[0., 0.]])
    """
    return chain(scale_by_newton(damping), scale_by_learning_rate(lr), name="newton")


__all__ = [
    "sgd",
    "momentum",
    "nesterov",
    "adagrad",
    "rmsprop",
    "rmsprop_nesterov",
    "adadelta",
    "adam",
    "rprop",
    "newton",
]
