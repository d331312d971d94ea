"""Argument checks shared by every lecturekit module: one policy for bad input.

Every public function checks its arguments when it is called and raises a ``ValueError``
whose message names the parameter and says what is allowed, e.g.
``rho2 must be in [0, 1); got 1.0``. The policy these helpers implement:

**What counts as a number.** A real number is a Python or NumPy integer or float; an array of
numbers has an integer or floating dtype. Booleans (``True`` is not 1 here), strings (also
numeric ones such as ``"0.1"``), bytes, ``None``, complex numbers and object arrays are
rejected, never converted: silently taking ``"0.1"`` or ``1 + 2j`` as a number hides a bug.
A *count* (a number of steps, points, trials, a dimension) is an integer in that sense:
``3.0`` and ``True`` are not counts (`integer`, `integer_array`).

**Which arguments may carry NaN.** *Points* -- the x at which a function is evaluated, data
to be transformed elementwise -- may hold NaN or inf; it propagates to the result, entry by
entry, without a warning (`points`, `real_array` with ``finite=False``). Everything that sets
up a computation must be finite and in range: hyperparameters (learning rates, decay rates,
tolerances, steps h, bounds, scales), sizes and counts, and data a fit is computed from
(`number`, `in_range`, `real_array` with ``finite=True``). A result that is a *label* (the
kind of a critical point, a regime) cannot carry NaN: functions that return labels reject
non-finite input instead of labelling it.

**Divergence and overflow.** A computation that blows up is a result, not an error and never
a warning: `optim.run` flags the trajectory (``diverged``, ``diverged_step``) and freezes it,
`risk.multi_pass_sgd` sets ``diverged``, a basin map labels the cell, a Taylor step that
overflows is ``inf``. NumPy's floating-point warnings are silenced exactly where such an
overflow is the answer (``np.errstate``), and nowhere else.

**Caps on sizes.** A call may ask for at most `MAX_ELEMENTS` array elements in memory at once
(400 MB of floats) and at most `MAX_WORK` elementary operations (about a minute of NumPy; a
loop over steps counts `STEP_OVERHEAD` more per step);
beyond, the function raises a ``ValueError`` that states the cap, instead of running
without bound or failing with ``MemoryError`` (`work`). The caps are read at every call: to go
past one deliberately, raise it for the session (``lecturekit.validate.MAX_WORK = 10**12``).

Objects passed where an objective, an optimizer or a function is expected are checked by
`objective`, `optimizer` and `function`, so that ``None`` or a lambda gives a ``ValueError``
naming the argument, not an ``AttributeError`` from deep inside.
"""

from __future__ import annotations

import numbers

import numpy as np

#: Largest number of array elements one call may hold at once (5e7 floats = 400 MB).
MAX_ELEMENTS = 50_000_000
#: Largest number of elementary operations one call may ask for (number of steps times the
#: size of the batch, draws times trials, ...): about a minute of vectorized NumPy.
MAX_WORK = 10_000_000_000
#: What one pass of a Python loop (one step of a run) costs beyond its array operations, counted
#: in the same elementary operations (tens of microseconds): loops over steps add it per step.
STEP_OVERHEAD = 10_000


def _interval(low, high, low_closed, high_closed) -> str:
    def fmt(v):
        return "inf" if v == np.inf else ("-inf" if v == -np.inf else f"{v:g}")

    return f"{'[' if low_closed else '('}{fmt(low)}, {fmt(high)}{']' if high_closed else ')'}"


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def real_array(name: str, value, *, finite: bool = False, what: str | None = None) -> np.ndarray:
    """``value`` as a float array, after checking that it holds real numbers (see the policy).

    Rejects bools, strings, bytes, None, complex numbers, object arrays and callables.
    With ``finite=True`` NaN and inf are rejected too. ``what`` describes the allowed value
    in the message (default "a real number or array of real numbers").
    """
    what = what or "a real number or array of real numbers"
    finite = flag("finite", finite)
    if value is None or isinstance(value, (bool, np.bool_, str, bytes)) or callable(value):
        raise ValueError(f"{name} must be {what}; got {_short(value)}")
    if isinstance(value, numbers.Real):
        try:
            arr = np.asarray(float(value))
        except (OverflowError, ValueError, TypeError):
            raise ValueError(f"{name} must be {what} within float range; got {_short(value)}") from None
    else:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            raise ValueError(f"{name} must be {what}; got {_short(value)}") from None
        if arr.dtype.kind not in "iuf":
            kind = {"b": "booleans", "c": "complex numbers", "U": "strings", "S": "bytes", "O": "objects"}
            raise ValueError(
                f"{name} must be {what}; got an array of {kind.get(arr.dtype.kind, arr.dtype)} of shape {arr.shape}"
            )
        arr = arr.astype(float, copy=False)
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no nan or inf); got {_short(value)}")
    return arr


def number(name: str, value, *, finite: bool = True) -> float:
    """A real scalar (see the policy) as a float; finite unless ``finite=False``."""
    finite = flag("finite", finite)
    arr = real_array(name, value, finite=finite, what="a real number")
    if arr.ndim != 0:
        raise ValueError(f"{name} must be a single real number; got an array of shape {arr.shape}")
    return float(arr)


def points(name: str, x, dim: int | None = None, *, where: str = "") -> np.ndarray:
    """Points ``(..., dim)`` as a float array; NaN and inf are allowed and propagate.

    ``where`` names the function or objective in the message.
    """
    arr = real_array(name, x, what="points: an array of real numbers")
    if dim is not None:
        dim = integer("dim", dim, 1, MAX_ELEMENTS)
    if dim is not None and (arr.ndim == 0 or arr.shape[-1] != dim):
        at = f" for {where}" if where else ""
        raise ValueError(
            f"{name} must be points shaped (..., {dim}){at}; got an array of shape {arr.shape}. "
            f"For a single point pass a length-{dim} array; for B points pass shape (B, {dim})."
        )
    return arr


def in_range(name: str, value, low, high=np.inf, *, low_closed=True, high_closed=False, scalar=False):
    """Return ``value`` as a float (or float array) after checking it lies in the interval.

    The interval is ``[low, high)`` by default; ``low_closed``/``high_closed`` pick the
    brackets. NaN is never in range; infinity only when ``high = inf`` and ``high_closed``.
    Arrays are checked elementwise and returned as float arrays (for per-trajectory sweeps);
    ``scalar=True`` accepts a single number only.
    """
    interval = _interval(low, high, low_closed, high_closed)
    if scalar:
        value = number(name, value, finite=False)
    arr = real_array(name, value, what=f"a number or array in {interval}")
    if arr.size == 0:
        raise ValueError(f"{name} must be a number or a non-empty array in {interval}; got an empty array")
    with np.errstate(invalid="ignore"):
        ok = (arr >= low) if low_closed else (arr > low)
        ok &= (arr <= high) if high_closed else (arr < high)
    if not np.all(ok):
        bad = arr if arr.ndim == 0 else arr[~ok].flat[0]
        where = "" if arr.ndim == 0 else f" (array of shape {arr.shape})"
        raise ValueError(f"{name} must be in {interval}; got {float(bad)!r}{where}")
    return float(arr) if arr.ndim == 0 else arr


def positive(name: str, value, high=np.inf, *, scalar=False):
    """A finite number (or array) in (0, high), e.g. a learning rate."""
    return in_range(name, value, 0.0, high, low_closed=False, high_closed=high < np.inf, scalar=scalar)


def nonnegative(name: str, value, high=np.inf, *, scalar=False):
    """A finite number (or array) in [0, high), e.g. a damping constant."""
    return in_range(name, value, 0.0, high, high_closed=high < np.inf, scalar=scalar)


#: Largest finite-difference step h: beyond it x ± h and 2h leave the floats' range (a step
#: that large differences nothing anyway).
MAX_STEP = 1e100


def step_size(name: str, value):
    """A finite-difference step h: one number in (0, `MAX_STEP`]."""
    return in_range(name, value, 0.0, MAX_STEP, low_closed=False, high_closed=True, scalar=True)


def decay_rate(name: str, value, *, scalar=False):
    """A decay rate in [0, 1), e.g. rho, rho1, rho2, alpha."""
    return in_range(name, value, 0.0, 1.0, scalar=scalar)


def integer(name: str, value, low: int = 1, high: int | None = None) -> int:
    """An integer (Python or NumPy, not bool, not a float such as 3.0) in [low, high]."""
    bound = f">= {low}" if high is None else f"in [{low}, {high}]"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer {bound}; got {_short(value)}")
    if value < low or (high is not None and value > high):
        cap = "" if high is None or value < low else " (the cap on what one call may ask for)"
        raise ValueError(f"{name} must be an integer {bound}{cap}; got {value!r}")
    return int(value)


def integer_array(name: str, value, low: int | None = None, high: int | None = None) -> np.ndarray:
    """An integer or array of integers (integer dtype, not bool), each in [low, high]."""
    bound = "" if low is None else (f" >= {low}" if high is None else f" in [{low}, {high}]")
    if value is None or isinstance(value, (bool, np.bool_, str, bytes)):
        raise ValueError(f"{name} must be an integer or integer array{bound}; got {_short(value)}")
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an integer or integer array{bound}; got {_short(value)}") from None
    if arr.dtype.kind not in "iu":
        raise ValueError(f"{name} must be an integer or integer array{bound}; got {_short(value)}")
    if arr.size and ((low is not None and arr.min() < low) or (high is not None and arr.max() > high)):
        raise ValueError(
            f"{name} must be an integer or integer array{bound}; got values from {arr.min()} to {arr.max()}"
        )
    return arr


def flag(name: str, value) -> bool:
    """A boolean switch: ``True`` or ``False`` (Python or NumPy), nothing else."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False; got {_short(value)}")
    return bool(value)


def choice(name: str, value, options) -> str:
    """One of ``options`` (compared with ``==``, so a string never matches a number)."""
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {tuple(options)}; got {_short(value)}")
    return value


def work(name: str, amount, what: str = "elementary operations", cap: int | None = None) -> None:
    """Check that a call asks for at most ``cap`` (default `MAX_WORK`) units of work or memory.

    ``amount`` is a Python int (exact, no overflow); the message states the cap, blames ``name``
    and says how to go past the cap deliberately (raise `MAX_WORK` or `MAX_ELEMENTS` for the
    session; the caps are read at every call).
    """
    setting = "MAX_WORK" if cap is None else ("MAX_ELEMENTS" if cap == MAX_ELEMENTS else None)
    cap = MAX_WORK if cap is None else cap
    amount = integer(name, amount, 0)
    if amount > cap:
        deliberately = (
            f"; to go past it deliberately, raise the cap first, e.g. lecturekit.validate.{setting} = 10**{len(str(amount - 1))}"
            if setting
            else ""
        )
        raise ValueError(
            f"{name} asks for {amount:.3g} {what}; one call is capped at {cap:.3g} "
            f"(lecturekit.validate's caps): ask for less, or split the work into several calls{deliberately}"
        )


def elements(name: str, shape) -> None:
    """Check that an array of ``shape`` would hold at most `MAX_ELEMENTS` elements."""
    if not isinstance(shape, tuple):
        raise ValueError(f"shape must be a tuple of integers >= 0; got {_short(shape)}")
    sizes = [integer("shape", s, 0) for s in shape]
    work(name, int(np.prod(sizes, dtype=object)), "array elements", MAX_ELEMENTS)


def broadcasts_to(name: str, value, shape: tuple) -> None:
    """Check that a hyperparameter broadcasts to the parameters' ``shape`` without growing it.

    A scalar always does; for parameters ``(B, d)`` a ``(B, 1)`` array gives one value per
    trajectory and a ``(d,)`` or ``(B, d)`` array one per coordinate.
    """
    vshape = np.shape(value)
    try:
        ok = np.broadcast_shapes(vshape, shape) == tuple(shape)
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(
            f"{name} has shape {vshape}, which does not broadcast to the parameters' shape {tuple(shape)}; "
            f"pass a scalar, or an array shaped ({shape[0] if shape else 'B'}, 1) for one value per trajectory"
        )


def schedule_value(name: str, schedule, k: int, *, high: float | None = None):
    """Evaluate a schedule at step ``k`` and check the value is finite and >= 0 (and < ``high`` if given)."""
    function(name, schedule)
    value = schedule(k)
    arr = real_array(f"{name} schedule's value", value)
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(arr) & (arr >= 0)
        if high is not None:
            ok &= arr < high
    if not np.all(ok):
        bad = arr if arr.ndim == 0 else arr[~ok].flat[0]
        allowed = "finite values in [0, inf)" if high is None else f"values in [0, {high:g})"
        what = name if name.endswith("schedule") else f"{name} schedule"
        at = f"step {k}" if np.ndim(k) == 0 else "the steps asked for"
        raise ValueError(f"{what} must return {allowed}; at {at} it returned {float(bad)!r}")
    return value


def generator(rng, name: str = "rng") -> np.random.Generator:
    """Check that ``rng`` is an explicit ``numpy.random.Generator`` (no global random state)."""
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"{name} must be a numpy.random.Generator, e.g. np.random.default_rng(0); got {_short(rng)}")
    return rng


def function(name: str, fn) -> None:
    """Check that ``fn`` is callable (a schedule, a gradient, a learner's function)."""
    if not callable(fn):
        raise ValueError(f"{name} must be a function; got {_short(fn)}")


def objective(name: str, f, *, needs=("value", "grad"), dim: int | None = None):
    """Check that ``f`` is an objective: it has ``dim`` and the methods in ``needs`` (and ``dim`` if given)."""
    missing = [a for a in ("dim", *needs) if not hasattr(f, a)]
    if missing or isinstance(f, type):
        raise ValueError(
            f"{name} must be an Objective (e.g. objectives.quadratic()) with dim and {', '.join(needs)}; "
            f"got {_short(f)}" + (f", which has no {', '.join(missing)}" if missing else "")
        )
    if dim is not None and f.dim != dim:
        raise ValueError(f"{name} must be a {dim}-D objective; {getattr(f, 'name', 'it')} has d={f.dim}")
    return f


def optimizer(name: str, opt):
    """Check that ``opt`` is an optimizer or transform with ``init`` and ``update``."""
    if not (hasattr(opt, "init") and hasattr(opt, "update")) or isinstance(opt, type):
        raise ValueError(f"{name} must be an optimizer with init and update (e.g. optim.sgd(0.1)); got {_short(opt)}")
    return opt


def optional_generator(name: str, rng) -> np.random.Generator:
    """``rng`` as a ``numpy.random.Generator``: a Generator is returned as it is, None gives a fresh one.

    Anything else (a seed such as 0, the ``np.random`` module, a legacy ``RandomState``) raises a
    ``TypeError`` naming ``name`` and showing how to make a Generator.
    """
    if rng is None:
        return np.random.default_rng()
    if isinstance(rng, np.random.Generator):
        return rng
    what = "the legacy RandomState" if isinstance(rng, np.random.RandomState) else repr(rng)
    raise TypeError(
        f"{name} must be a numpy.random.Generator or None; got {what}. "
        f"Make one with np.random.default_rng(seed), e.g. {name}=np.random.default_rng(0)"
    )
