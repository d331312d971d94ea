r"""Small gradient transforms; the named optimizers in `alias` are short chains of them.

A transform is a pair of pure functions, in the style of optax:

* ``init(params) -> state`` -- ``params`` are the iterates, shaped ``(B, d)`` (B
  trajectories of a d-dimensional problem); the state is a small ``NamedTuple``;
* ``update(updates, state, params=None, **extra) -> (updates, state)`` -- takes the
  incoming direction (the gradient, or the output of the previous transform) and returns
  the transformed direction and the new state. Nothing is mutated.

Two optional fields describe what a transform needs from whoever drives it:

* ``lookahead(params, state) -> point`` -- where the gradient is to be evaluated. It is
  ``params`` itself for every transform except a Nesterov-style `trace`, which asks for the
  gradient at the interim point :math:`\theta + \alpha v` (Goodfellow et al., alg. 8.3).
* ``needs_hessian`` -- when true, ``update`` must receive ``hessian=`` (shape
  ``(B, d, d)``, evaluated at the lookahead point); `optim.run` passes ``f.hess``.

Why a ``lookahead`` field rather than handing ``update`` a gradient function: the optimizer
stays a pure map from numbers to numbers, and the one place that evaluates gradients
(`optim.run`, or your own loop) decides *how* -- exact, noisy or from a minibatch -- for
every optimizer alike. Driving one by hand is::

    g = f.grad(opt.lookahead(x, state))
    updates, state = opt.update(g, state, x)
    x = x + updates

Stepped by hand, ``update`` checks its arguments at every call: the gradient must be real
numbers shaped like the parameters (NaN and inf propagate, as in the parameters), and the state
must be the one this optimizer's ``init`` made for parameters of that shape -- a chain's state
is a `ChainState` tagged with the chain's name and the parameters' shape, a building block's
state has its own type. Anything else raises a ``ValueError`` naming ``grads``, ``state`` or
``params``, instead of a step computed from the wrong numbers. `optim.run` made the state
itself and checks the gradient's shape, so it steps through ``step``, the same update without
the checks (`transform` builds both from one function).

Sign convention: the transforms here keep the direction of the gradient; the single sign
flip, multiplication by :math:`-\varepsilon`, happens in `scale_by_learning_rate`, which
is also where learning-rate schedules are evaluated.

Hyperparameters are floats or arrays that broadcast to ``(B, d)``: a ``(B, 1)`` array of
values runs a sweep, one value per trajectory, in a single call.
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from .. import validate


def at_params(params, state):
    """The default lookahead: evaluate the gradient at the current iterate."""
    return validate.real_array("params", params, what="parameters: an array of real numbers")


class Optimizer(NamedTuple):
    """A pure optimizer (or building block): ``init``, ``update`` and what it needs.

    The same type serves for building blocks (`trace`, `clip_by_norm`, ...) and for the
    named optimizers of `alias`; `chain` combines any of them into one. ``name`` says what
    the optimizer is (``"adam"``, ``"scale_by_rms"``); its states are tagged with it.

    ``update`` checks its arguments every time: a gradient of another shape than the
    parameters, complex or non-numeric, or a state made by another optimizer or for other
    parameters raises a ``ValueError`` naming ``grads``, ``state`` or ``params``. ``step`` is
    the same update without those checks, for drivers that made the state themselves and
    check the gradient once (`optim.run`, `chain`); None means ``update``.
    """

    init: Callable[[np.ndarray], Any]
    update: Callable[..., tuple]
    lookahead: Callable[[np.ndarray, Any], np.ndarray] = at_params
    needs_hessian: bool = False
    name: str = "optimizer"
    step: Callable[..., tuple] | None = None


def _unchecked_update(opt):
    """``opt``'s update without the checks of its arguments (``opt.step``, else ``opt.update``)."""
    return getattr(opt, "step", None) or opt.update


class ChainState(tuple):
    """The states of a chain's members, in order (a tuple), tagged with what they belong to:

    ``owner`` the chain's name (``"adam"``) and ``shape`` the shape of the parameters its
    ``init`` was given. The update of another optimizer, or for parameters of another shape,
    refuses it.
    """

    owner: str
    shape: tuple

    def __new__(cls, states=(), owner: str = "chain", shape: tuple = ()):
        self = super().__new__(cls, states)
        self.owner, self.shape = owner, tuple(shape)
        return self

    def __repr__(self) -> str:
        return f"ChainState(owner={self.owner!r}, shape={self.shape}, states={tuple(self)!r})"


def _parameters(params, name: str = "params") -> np.ndarray:
    """``params`` as a float array of at least one dimension and one entry (NaN and inf allowed)."""
    arr = validate.real_array(name, params, what="parameters: an array of real numbers shaped (B, d)")
    if arr.ndim == 0 or arr.size == 0:
        raise ValueError(f"{name} must be parameters shaped (B, d) with at least one entry; got shape {arr.shape}")
    return arr


def _check_update_arguments(name: str, grads, params, shape: tuple | None = None):
    """The checks of a public ``update``: ``grads`` and ``params`` as float arrays of one shape.

    ``grads`` must hold real numbers (NaN and inf propagate, as in the parameters) and have the
    shape of ``params`` when given, and of ``shape`` (the parameters' shape the state was made
    for) when known. Returns ``(grads, params)``.
    """
    grads = validate.real_array("grads", grads, what=f"a gradient for {name}: an array of real numbers")
    if params is not None:
        params = _parameters(params)
        if grads.shape != params.shape:
            raise ValueError(
                f"grads must have the shape of params {params.shape} in {name}.update; got shape {grads.shape}"
            )
    if shape is not None and grads.shape != shape:
        raise ValueError(
            f"grads has shape {grads.shape}, but the state of {name} was made for parameters of shape {shape} "
            f"(call {name}'s init on parameters of this shape)"
        )
    return grads, params


def _foreign_state(name: str, state, expected: str) -> ValueError:
    owner = getattr(state, "owner", None) or type(state).__name__
    return ValueError(
        f"state must be the state {name}'s init returned ({expected}); got a state of {owner}. "
        f"Start with state = opt.init(params) from the same optimizer."
    )


def _array_shapes(state) -> set:
    return {np.shape(a) for a in state if isinstance(a, np.ndarray)}


def transform(
    name: str, init, step, state_type=None, lookahead=at_params, needs_hessian=False, state_shape=None
) -> Optimizer:
    """An `Optimizer` named ``name`` from an unchecked ``init`` and ``step`` (``update``'s signature).

    Its public ``init`` checks ``params``; its public ``update`` checks ``grads`` and ``params``
    and that ``state`` is a ``state_type`` whose arrays have the gradient's shape, and turns
    floating-point overflow into inf quietly (a step that overflows is a result, as in
    `optim.run`). A transform without state (``state_type=None``) keeps an empty `ChainState`
    tagged with ``name`` and the parameters' shape. A state whose arrays are not shaped like
    the parameters (Shampoo's two factors) names the parameters' shape it was made for through
    ``state_shape(state)``, which ``update`` then checks instead.
    """
    if not isinstance(name, str) or not name:
        raise ValueError(f"name must be a non-empty string naming the transform; got {name!r}")
    validate.function("init", init)
    validate.function("step", step)
    validate.function("lookahead", lookahead)
    needs_hessian = validate.flag("needs_hessian", needs_hessian)
    if state_shape is not None:
        validate.function("state_shape", state_shape)
    if state_type is not None and not (isinstance(state_type, type) and issubclass(state_type, tuple)):
        raise ValueError(f"state_type must be None or a NamedTuple type (the state's type); got {state_type!r}")
    expected = f"an empty ChainState of {name}" if state_type is None else state_type.__name__

    def checked_init(params):
        params = _parameters(params)
        state = init(params)
        return ChainState((), name, params.shape) if state_type is None else state

    def update(updates, state, params=None, **extra):
        if state_type is None:
            ok = isinstance(state, ChainState) and state.owner == name and len(state) == 0
            shapes = {state.shape} if ok else set()
        else:
            ok = isinstance(state, state_type)
            if not ok:
                shapes = set()
            elif state_shape is not None:
                shapes = {tuple(state_shape(state))}
            else:
                shapes = _array_shapes(state)
        if not ok:
            raise _foreign_state(name, state, expected)
        g, p = _check_update_arguments(name, updates, params, next(iter(shapes)) if len(shapes) == 1 else None)
        if len(shapes) > 1:
            raise ValueError(
                f"state of {name} holds arrays of several shapes {sorted(shapes)}: it was not made by init"
            )
        with np.errstate(all="ignore"):
            return step(g, state, p, **extra)

    return Optimizer(checked_init, update, lookahead, needs_hessian, name, step)


def chain(*transforms: Optimizer, name: str | None = None) -> Optimizer:
    """Apply ``transforms`` one after the other; the state is the tuple of their states.

    ``lookahead`` is composed in the same order and ``needs_hessian`` is true when any
    member needs the Hessian. Every member receives the same ``params`` and ``**extra``.
    The state is a `ChainState`: the members' states, tagged with ``name`` (default
    ``"chain(<the members' names>)"``) and the parameters' shape, which ``update`` checks.

    >>> import numpy as np
    >>> from lecturekit import optim
    >>> opt = optim.chain(optim.clip_by_norm(1.0), optim.sgd(lr=0.1))
    >>> x = np.array([[0.0, 0.0]])
    >>> updates, state = opt.update(np.array([[30.0, 40.0]]), opt.init(x), x)
    >>> updates        # the gradient clipped to norm 1, then times -0.1
    array([[-0.06, -0.08]])
    """
    for t in transforms:
        if not (hasattr(t, "init") and hasattr(t, "update") and hasattr(t, "lookahead")) or isinstance(t, type):
            raise ValueError(f"chain takes transforms (Optimizer, with init and update); got {t!r}")
    if name is None:
        name = "chain(" + ", ".join(getattr(t, "name", "optimizer") for t in transforms) + ")"
    elif not isinstance(name, str):
        raise ValueError(f"name must be a string; got {name!r}")
    steps = [_unchecked_update(t) for t in transforms]

    def init(params):
        params = _parameters(params)
        return ChainState(tuple(t.init(params) for t in transforms), name, params.shape)

    def step(updates, state, params=None, **extra):
        new_state = []
        for t, s in zip(steps, state):
            updates, s = t(updates, s, params, **extra)
            new_state.append(s)
        return updates, ChainState(new_state, state.owner, state.shape)

    def update(updates, state, params=None, **extra):
        if not (isinstance(state, ChainState) and state.owner == name and len(state) == len(transforms)):
            raise _foreign_state(name, state, f"a ChainState of {name}")
        g, p = _check_update_arguments(name, updates, params, state.shape)
        with np.errstate(all="ignore"):
            return step(g, state, p, **extra)

    lookaheads = [(i, t.lookahead) for i, t in enumerate(transforms) if t.lookahead is not at_params]

    if not lookaheads:
        lookahead = at_params
    else:

        def lookahead(params, state):
            if not (isinstance(state, ChainState) and state.owner == name and len(state) == len(transforms)):
                raise _foreign_state(name, state, f"a ChainState of {name}")
            for i, la in lookaheads:
                params = la(params, state[i])
            return params

    return Optimizer(init, update, lookahead, any(t.needs_hessian for t in transforms), name, step)


def _check_shapes(params, **hyperparameters) -> None:
    shape = np.shape(params)
    for name, value in hyperparameters.items():
        if not callable(value):
            validate.broadcasts_to(name, value, shape)


# --------------------------------------------------------------------------- learning rate


class ScaleByLearningRateState(NamedTuple):
    count: int  # number of updates done so far: the step k at which a schedule is evaluated


def scale_by_learning_rate(lr) -> Optimizer:
    r"""Multiply by :math:`-\varepsilon_k`: the one place where the sign flips.

    ``lr`` is a positive float, an array broadcastable to ``(B, d)`` (e.g. ``(B, 1)`` for a
    sweep), or a schedule: a function of the integer step k = 0, 1, 2, ... (the number of
    updates done before this one) returning a float or array >= 0 (see `lecturekit.schedules`).
    A schedule value that is negative or not finite raises ``ValueError`` at that step.
    """
    return _scale_by_learning_rate(lr, "lr")


def _scale_by_learning_rate(lr, label: str) -> Optimizer:
    """`scale_by_learning_rate` whose messages call the rate ``label`` (AdamW's η is ``eta``)."""
    if callable(lr):

        def update(updates, state, params=None, **extra):
            lr_k = validate.schedule_value(label, lr, state.count)
            return np.multiply(updates, -np.asarray(lr_k, dtype=float)), ScaleByLearningRateState(state.count + 1)
    else:
        lr = validate.positive(label, lr)
        minus_lr = -lr

        def update(updates, state, params=None, **extra):
            return updates * minus_lr, ScaleByLearningRateState(state.count + 1)

    def init(params):
        _check_shapes(params, **{label: lr})
        return ScaleByLearningRateState(0)

    return transform("scale_by_learning_rate", init, update, ScaleByLearningRateState)


# --------------------------------------------------------------------------- momentum


class TraceState(NamedTuple):
    velocity: np.ndarray  # v, shaped like the parameters, starts at 0


class ScheduledTraceState(NamedTuple):
    count: int  # number of updates done so far: the step k at which α_k is evaluated
    velocity: np.ndarray  # v, shaped like the parameters, starts at 0


def trace(alpha, lookahead: bool = False) -> Optimizer:
    r"""Velocity :math:`v \leftarrow \alpha_k v + u` of the incoming updates u; returns v.

    Placed *after* `scale_by_learning_rate` (so u = -εg) this is exactly the momentum box
    of Goodfellow et al., alg. 8.2: :math:`v \leftarrow \alpha v - \varepsilon g`,
    :math:`\theta \leftarrow \theta + v`, including with a schedule ε_k. The velocity starts
    at 0. With ``lookahead=True`` the gradient is requested at the interim point
    :math:`\tilde\theta = \theta + \alpha_k v` (Nesterov, alg. 8.3 and 8.6).

    ``alpha`` is a number or array in [0, 1), or a schedule: a function of the step k = 0, 1, ...
    returning values in [0, 1), e.g. Sutskever et al.'s (2013) ramp from 0.5 towards 0.99 (the
    state then counts the steps, `ScheduledTraceState`). A constant schedule gives exactly
    the constant α's iterates.
    """
    lookahead = validate.flag("lookahead", lookahead)
    if callable(alpha):
        return _scheduled_trace(alpha, lookahead)
    alpha = validate.decay_rate("alpha", alpha)

    def init(params):
        _check_shapes(params, alpha=alpha)
        return TraceState(np.zeros(np.shape(params)))

    def update(updates, state, params=None, **extra):
        v = state.velocity * alpha
        v += updates
        return v, TraceState(v)

    def interim_point(params, state):
        return params + alpha * state.velocity

    return transform("trace", init, update, TraceState, interim_point if lookahead else at_params)


def _scheduled_trace(schedule, lookahead: bool) -> Optimizer:
    """`trace` with α_k = ``schedule(k)``, checked in [0, 1) at every step."""

    def alpha_at(k):
        return np.asarray(validate.schedule_value("alpha", schedule, k, high=1.0), dtype=float)

    def init(params):
        return ScheduledTraceState(0, np.zeros(np.shape(params)))

    def update(updates, state, params=None, **extra):
        v = alpha_at(state.count) * state.velocity + updates
        return v, ScheduledTraceState(state.count + 1, v)

    def interim_point(params, state):
        return params + alpha_at(state.count) * state.velocity

    return transform("trace", init, update, ScheduledTraceState, interim_point if lookahead else at_params)


# --------------------------------------------------------------------------- adaptive scalings


def update_moment(g, moment, rho, order: int):
    r"""Exponential moving average of :math:`g^{order}`: :math:`\rho m + (1-\rho) g^{order}`.

    ``g`` and ``moment`` broadcast; ``rho`` in [0, 1), ``order`` 1 or 2. A gradient so large
    that its square overflows gives ``inf`` (no warning).
    """
    g = validate.real_array("g", g)
    moment = validate.real_array("moment", moment)
    rho = validate.decay_rate("rho", rho)
    if isinstance(order, (bool, np.bool_)) or not isinstance(order, numbers.Integral) or order not in (1, 2):
        raise ValueError(f"order must be 1 or 2 (the first or second moment); got {order!r}")
    order = int(order)
    try:
        shape = np.broadcast_shapes(g.shape, moment.shape)
    except ValueError:
        raise ValueError(f"g {g.shape} and moment {moment.shape} must have broadcastable shapes") from None
    try:
        np.broadcast_shapes(shape, np.shape(rho))
    except ValueError:
        raise ValueError(f"rho has shape {np.shape(rho)}, which does not broadcast with g and moment {shape}") from None
    with np.errstate(over="ignore", invalid="ignore"):
        return _update_moment(g, moment, rho, order)


def _update_moment(g, moment, rho, order: int):
    return rho * moment + (1.0 - rho) * (g if order == 1 else g**order)


def bias_correction(moment, rho, t: int):
    r"""Divide a moving average started at 0 by :math:`1-\rho^t` (t = 1 at the first step).

    ``rho`` in [0, 1), ``t`` an integer >= 1.
    """
    moment = validate.real_array("moment", moment)
    rho = validate.decay_rate("rho", rho)
    t = validate.integer("t", t, 1)
    with np.errstate(over="ignore"):  # a huge moment over a small 1 - ρ^t gives inf
        return _bias_correction(moment, rho, t)


def _bias_correction(moment, rho, t: int):
    return moment / (1.0 - rho**t)


class ScaleByAdagradState(NamedTuple):
    sum_of_squares: np.ndarray  # r, starts at 0


def scale_by_adagrad(delta=1e-7) -> Optimizer:
    r"""AdaGrad's scaling (Goodfellow et al., alg. 8.4), δ *outside* the square root.

    .. math:: r \leftarrow r + g \odot g, \qquad u = \frac{g}{\delta + \sqrt{r}}
    """
    delta = validate.nonnegative("delta", delta)

    def init(params):
        _check_shapes(params, delta=delta)
        return ScaleByAdagradState(np.zeros(np.shape(params)))

    def update(updates, state, params=None, **extra):
        with np.errstate(over="ignore", invalid="ignore"):  # an inf gradient gives nan: run flags it
            r = state.sum_of_squares + updates * updates
            return updates / (delta + np.sqrt(r)), ScaleByAdagradState(r)

    return transform("scale_by_adagrad", init, update, ScaleByAdagradState)


class ScaleByRmsState(NamedTuple):
    nu: np.ndarray  # r, the moving average of g*g, starts at 0


def scale_by_rms(rho=0.9, delta=1e-6) -> Optimizer:
    r"""RMSProp's scaling (Goodfellow et al., alg. 8.5), δ *inside* the square root.

    .. math:: r \leftarrow \rho r + (1-\rho)\, g \odot g, \qquad u = \frac{g}{\sqrt{\delta + r}}
    """
    rho = validate.decay_rate("rho", rho)
    delta = validate.nonnegative("delta", delta)

    def init(params):
        _check_shapes(params, rho=rho, delta=delta)
        return ScaleByRmsState(np.zeros(np.shape(params)))

    def update(updates, state, params=None, **extra):
        with np.errstate(over="ignore", invalid="ignore"):  # an inf gradient gives nan: run flags it
            r = _update_moment(updates, state.nu, rho, 2)
            return updates / np.sqrt(delta + r), ScaleByRmsState(r)

    return transform("scale_by_rms", init, update, ScaleByRmsState)


class ScaleByAdamState(NamedTuple):
    count: int  # t, the number of updates done so far
    mu: np.ndarray  # s, first-moment estimate, starts at 0
    nu: np.ndarray  # r, second-moment estimate, starts at 0


def scale_by_adam(rho1=0.9, rho2=0.999, delta=1e-8) -> Optimizer:
    r"""Adam's scaling (Goodfellow et al., alg. 8.7; Kingma & Ba 2015, alg. 1).

    .. math::
        t \leftarrow t + 1,\quad
        s \leftarrow \rho_1 s + (1-\rho_1) g,\quad
        r \leftarrow \rho_2 r + (1-\rho_2) g \odot g,\quad
        u = \frac{s/(1-\rho_1^t)}{\sqrt{r/(1-\rho_2^t)} + \delta}

    δ is *outside* the square root of the bias-corrected second moment.
    """
    rho1 = validate.decay_rate("rho1", rho1)
    rho2 = validate.decay_rate("rho2", rho2)
    delta = validate.nonnegative("delta", delta)

    def init(params):
        _check_shapes(params, rho1=rho1, rho2=rho2, delta=delta)
        zeros = np.zeros(np.shape(params))
        return ScaleByAdamState(0, zeros, zeros)

    def update(updates, state, params=None, **extra):
        t = state.count + 1
        with np.errstate(over="ignore", invalid="ignore"):  # an inf gradient gives nan: run flags it
            s = _update_moment(updates, state.mu, rho1, 1)
            r = _update_moment(updates, state.nu, rho2, 2)
            s_hat = _bias_correction(s, rho1, t)
            r_hat = _bias_correction(r, rho2, t)
            return s_hat / (np.sqrt(r_hat) + delta), ScaleByAdamState(t, s, r)

    return transform("scale_by_adam", init, update, ScaleByAdamState)


class ScaleByAdadeltaState(NamedTuple):
    avg_sq_grad: np.ndarray  # E[g^2], starts at 0
    avg_sq_delta: np.ndarray  # E[dx^2], starts at 0


def scale_by_adadelta(rho=0.95, eps=1e-6) -> Optimizer:
    r"""AdaDelta's scaling (Zeiler 2012, alg. 1), returned with the sign of the gradient.

    .. math::
        E[g^2] \leftarrow \rho E[g^2] + (1-\rho) g^2,\quad
        u = \frac{\mathrm{RMS}[\Delta x]_{t-1}}{\mathrm{RMS}[g]_t}\, g,\quad
        E[\Delta x^2] \leftarrow \rho E[\Delta x^2] + (1-\rho) u^2,

    with :math:`\mathrm{RMS}[y] = \sqrt{E[y^2] + \epsilon}`. The accumulated :math:`\Delta x`
    is u, the step *before* any learning-rate multiplier (as in PyTorch); with the paper's
    multiplier 1 that is exactly the step taken.
    """
    rho = validate.decay_rate("rho", rho)
    eps = validate.positive("eps", eps)

    def init(params):
        _check_shapes(params, rho=rho, eps=eps)
        zeros = np.zeros(np.shape(params))
        return ScaleByAdadeltaState(zeros, zeros)

    def update(updates, state, params=None, **extra):
        with np.errstate(over="ignore", invalid="ignore"):  # an inf gradient gives nan: run flags it
            eg2 = _update_moment(updates, state.avg_sq_grad, rho, 2)
            u = np.sqrt(state.avg_sq_delta + eps) / np.sqrt(eg2 + eps) * updates
            edx2 = _update_moment(u, state.avg_sq_delta, rho, 2)
            return u, ScaleByAdadeltaState(eg2, edx2)

    return transform("scale_by_adadelta", init, update, ScaleByAdadeltaState)


class ScaleByRpropState(NamedTuple):
    step_size: np.ndarray  # Delta, one per coordinate, starts at init_step
    prev_grad: np.ndarray  # the gradient remembered from the last step (0 after a sign change)


def scale_by_rprop(init_step=0.1, eta_plus=1.2, eta_minus=0.5, min_step=1e-6, max_step=50.0) -> Optimizer:
    r"""iRprop−'s step: :math:`\mathrm{sign}(g)\,\Delta` with per-coordinate step sizes Δ.

    With p = g_prev ⊙ g (g_prev starts at 0), per coordinate:

    * p > 0: :math:`\Delta \leftarrow \min(\eta^+ \Delta, \Delta_{max})`;
    * p < 0: :math:`\Delta \leftarrow \max(\eta^- \Delta, \Delta_{min})` and g ← 0, so this
      coordinate does not move this step and is not adapted at the next one;
    * p = 0: Δ unchanged;

    then u = sign(g) Δ and g_prev ← g. (Δ is also clipped to [Δmin, Δmax] at p = 0.)
    See `alias.rprop` for the variant's name and references.
    """
    init_step = validate.positive("init_step", init_step)
    eta_plus = validate.in_range("eta_plus", eta_plus, 1.0, np.inf, low_closed=False)
    eta_minus = validate.in_range("eta_minus", eta_minus, 0.0, 1.0, low_closed=False)
    min_step = validate.positive("min_step", min_step)
    max_step = validate.positive("max_step", max_step)
    if not np.all(np.asarray(min_step) <= max_step):
        raise ValueError(f"min_step must be <= max_step; got min_step={min_step!r}, max_step={max_step!r}")

    def init(params):
        _check_shapes(
            params, init_step=init_step, eta_plus=eta_plus, eta_minus=eta_minus, min_step=min_step, max_step=max_step
        )
        shape = np.shape(params)
        return ScaleByRpropState(np.broadcast_to(init_step, shape).astype(float), np.zeros(shape))

    def update(updates, state, params=None, **extra):
        p = state.prev_grad * updates
        factor = np.where(p > 0, eta_plus, np.where(p < 0, eta_minus, 1.0))
        step = np.clip(state.step_size * factor, min_step, max_step)
        g = np.where(p < 0, 0.0, updates)
        return np.sign(g) * step, ScaleByRpropState(step, g)

    return transform("scale_by_rprop", init, update, ScaleByRpropState)


# --------------------------------------------------------------------------- Newton


def scale_by_newton(damping=0.0) -> Optimizer:
    r"""The Newton direction :math:`u = (H + \lambda I)^{-1} g`, by a batched linear solve.

    Needs ``hessian=`` (``(B, d, d)``) in ``update``; `optim.run` passes ``f.hess`` at the
    point where the gradient was taken. ``damping`` λ >= 0 may be a ``(B, 1)`` array.
    Where a trajectory's damped Hessian is singular, its u is NaN (the other trajectories
    are solved normally); `optim.run` then flags that trajectory as diverged and freezes
    it, instead of raising mid-run. Near-singular matrices give huge steps, which `run`
    catches through its ``max_norm``.
    """
    damping = validate.nonnegative("damping", damping)

    def init(params):
        _check_shapes(params, damping=damping)
        if np.ndim(damping) >= 1 and np.shape(damping)[-1] != 1:
            raise ValueError(
                f"damping must be a scalar or shaped (B, 1) (one value per trajectory); got shape {np.shape(damping)}"
            )
        return ()

    def update(updates, state, params=None, hessian=None, **extra):
        if hessian is None:
            raise ValueError(
                "newton needs the Hessian: call update(g, state, x, hessian=f.hess(x)), or drive it with optim.run"
            )
        g = np.asarray(updates, dtype=float)
        d = g.shape[-1]
        hessian = validate.real_array("hessian", hessian)
        if hessian.shape != g.shape + (d,):
            raise ValueError(f"hessian must have shape {g.shape + (d,)} to match the gradient; got {hessian.shape}")
        lam = np.asarray(damping, dtype=float)
        a = hessian + (lam[..., None] if lam.ndim else lam) * np.eye(d)
        try:
            return np.linalg.solve(a, g[..., None])[..., 0], state
        except np.linalg.LinAlgError:
            # At least one matrix is exactly singular: solve the others, NaN for those
            # (and for matrices that are not finite, which the SVD would refuse).
            finite = np.all(np.isfinite(a), axis=(-2, -1))
            s = np.linalg.svd(np.where(finite[..., None, None], a, np.eye(d)), compute_uv=False)
            singular = ~(s[..., -1] > d * np.finfo(float).eps * s[..., 0]) | ~finite
            safe = np.where(singular[..., None, None], np.eye(d), a)
            u = np.linalg.solve(safe, g[..., None])[..., 0]
            u[singular] = np.nan
            return u, state

    return transform("scale_by_newton", init, update, None, needs_hessian=True)


# --------------------------------------------------------------------------- clipping


def clip_by_norm(max_norm) -> Optimizer:
    r"""Rescale each trajectory's gradient to norm at most ``max_norm`` (no state).

    :math:`g \leftarrow g \cdot \min(1, c/\lVert g\rVert)` with the Euclidean norm over the
    last axis (one norm per trajectory). Put it first in a `chain` to clip the raw gradient
    before any optimizer: ``chain(clip_by_norm(1.0), adam(1e-2))``. (Goodfellow et al.,
    sec. 10.11.1; Pascanu et al. 2013.)

    Clipping still works where the gradient is too large for its norm to be a float: the
    norm is computed as m |g / m| with m = max_i |g_i|, so no square overflows, and an
    infinite gradient is clipped to its limit direction, the sign pattern of its infinite
    entries scaled to norm c (the finite entries vanish against them). A NaN entry stays NaN.
    """
    max_norm = validate.positive("max_norm", max_norm)

    def init(params):
        _check_shapes(params, max_norm=max_norm)
        return ()

    def update(updates, state, params=None, **extra):
        g = np.asarray(updates, dtype=float)
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            m = np.max(np.abs(g), axis=-1, keepdims=True)
            big = np.isinf(m)
            if np.any(big):  # infinite entries: the limit direction is their sign pattern
                g = np.where(big, np.sign(g) * np.isinf(g), g)
                m = np.where(big, 1.0, m)
            scaled = g / np.where(m > 0, m, 1.0)
            norm = m * np.sqrt(np.einsum("...i,...i->...", scaled, scaled))[..., None]
            clipped = g * (max_norm / np.maximum(norm, max_norm))
            # An infinite gradient is longer than any c: its direction, scaled to norm c.
            return np.where(big, g * (max_norm / norm), clipped), state

    return transform("clip_by_norm", init, update, None)


def clip_by_value(max_value) -> Optimizer:
    r"""Clip every gradient coordinate to :math:`[-c, c]` (no state); compose with `chain`."""
    max_value = validate.positive("max_value", max_value)

    def init(params):
        _check_shapes(params, max_value=max_value)
        return ()

    def update(updates, state, params=None, **extra):
        return np.clip(updates, -max_value, max_value), state

    return transform("clip_by_value", init, update, None)


# --------------------------------------------------------------------------- variants of Adam


class ScaleByAmsgradState(NamedTuple):
    mu: np.ndarray  # m, first-moment estimate, starts at 0
    nu: np.ndarray  # v, second-moment estimate, starts at 0
    nu_max: np.ndarray  # v̂, the running maximum of v, starts at 0


def scale_by_amsgrad(rho1=0.9, rho2=0.999, delta=1e-8) -> Optimizer:
    r"""AMSGrad's scaling (Reddi, Kale & Kumar, ICLR 2018, alg. 2), with δ outside the root.

    .. math::
        m \leftarrow \rho_1 m + (1-\rho_1) g,\quad
        v \leftarrow \rho_2 v + (1-\rho_2)\, g \odot g,\quad
        \hat v \leftarrow \max(\hat v, v),\quad
        u = \frac{m}{\sqrt{\hat v} + \delta}

    The running maximum keeps the effective rate ε/√v̂ from ever growing, which is what
    Adam's proof needed and its exponential average does not give. As in the paper there is
    no bias correction and ρ1 is constant (the paper allows a decreasing ρ1,t); δ (default
    1e-8, 0 gives the paper's box) guards the division before the first nonzero gradient.
    PyTorch's ``Adam(amsgrad=True)`` differs: it bias-corrects m and divides by
    :math:`\sqrt{\hat v/(1-\rho_2^t)}`.
    """
    rho1 = validate.decay_rate("rho1", rho1)
    rho2 = validate.decay_rate("rho2", rho2)
    delta = validate.nonnegative("delta", delta)

    def init(params):
        _check_shapes(params, rho1=rho1, rho2=rho2, delta=delta)
        zeros = np.zeros(np.shape(params))
        return ScaleByAmsgradState(zeros, zeros, zeros)

    def update(updates, state, params=None, **extra):
        with np.errstate(over="ignore", invalid="ignore"):  # an inf gradient gives nan: run flags it
            m = _update_moment(updates, state.mu, rho1, 1)
            v = _update_moment(updates, state.nu, rho2, 2)
            v_max = np.maximum(state.nu_max, v)
            return m / (np.sqrt(v_max) + delta), ScaleByAmsgradState(m, v, v_max)

    return transform("scale_by_amsgrad", init, update, ScaleByAmsgradState)


def scale(factor) -> Optimizer:
    r"""Multiply the incoming direction by a positive ``factor`` (no sign flip, no state).

    Used where a chain needs a step size that is not the final one, e.g. AdamW's α before
    the decoupled weight decay is added (`lecturekit.optim.adamw`).
    """
    return _scale(factor, "factor")


def _scale(factor, label: str) -> Optimizer:
    """`scale` whose messages call the factor ``label`` (AdamW's α is ``lr``)."""
    factor = validate.positive(label, factor)

    def init(params):
        _check_shapes(params, **{label: factor})
        return ()

    def update(updates, state, params=None, **extra):
        return updates * factor, state

    return transform("scale", init, update, None)


def add_decayed_weights(weight_decay) -> Optimizer:
    r"""Add :math:`\lambda\theta` to the incoming direction (no state).

    Placed *before* an adaptive scaling it is L2 regularization: the scaling sees the
    gradient of :math:`f + \tfrac{\lambda}{2}\lVert\theta\rVert^2`, so the decay is divided by
    √v̂ like the rest of the gradient. Placed *after* it, the decay is decoupled from the
    scaling (Loshchilov & Hutter, ICLR 2019): see `lecturekit.optim.adamw`. ``weight_decay``
    λ >= 0; the transform needs ``params``.
    """
    weight_decay = validate.nonnegative("weight_decay", weight_decay)

    def init(params):
        _check_shapes(params, weight_decay=weight_decay)
        return ()

    def update(updates, state, params=None, **extra):
        if params is None:
            raise ValueError("add_decayed_weights needs params (the current iterate) in update")
        return updates + weight_decay * np.asarray(params, dtype=float), state

    return transform("add_decayed_weights", init, update, None)
