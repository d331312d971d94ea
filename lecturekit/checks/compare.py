"""The comparison machinery every exercise check uses.

`compare` calls the learner's function and the reference on fresh random inputs and stops at
the first mismatch. Results are compared component by component, each with its name (``W1, b1,
W2, b2``, ``lam, U``, ...), and the message names the first component and index that differ,
both values there, the largest relative error and a short summary of the input (shapes and a
few numbers, never a whole data set), in at most about 15 lines. An exception raised inside the
learner's function comes back as the check's ``AssertionError`` with a one-line hint about that
kind of error; an nbgrader stub (``raise NotImplementedError()``) as one line, "not implemented
yet".

Every verdict is a `CheckFailed` (an ``AssertionError``, so nbgrader scores the cell 0) that shows
its message and nothing else: no traceback, so no line of the check or of its reference, in
Jupyter and IPython, in nbgrader's feedback (both render ``_render_traceback_``) and in plain
Python (`install_excepthook`, called when ``lecturekit.checks`` is imported).

While the learner's function runs, a profile hook watches for calls into lecturekit's own code:
a learner that hands the work to lecturekit (``return linalg.eigenpairs(A)``), or that *is*
lecturekit's function, is rejected with "this calls lecturekit's own linalg.eigenpairs: write it
yourself". Objects the check hands to the learner (an objective ``f``, a gradient ``grad``) may
be called; what they call in turn is theirs.
"""

from __future__ import annotations

import numbers
import os
import sys
import sysconfig

import numpy as np

from .. import validate

#: At most this many trials per check (a check runs in well under a second).
MAX_TRIALS = 10_000

#: One hint per kind of error a learner's NumPy code raises; none names the solution.
ERROR_HINTS = {
    np.linalg.LinAlgError: "a linear-algebra routine failed: check that each matrix has shape (..., d, d) and "
    "that the right-hand side has the shape the routine documents for a stack of problems.",
    IndexError: "an index is out of range: check which axis you index and how long it is (print x.shape).",
    TypeError: "a value has an unexpected type: check what each argument is (an array, a function, a tuple) "
    "and what you return.",
    ZeroDivisionError: "a division by zero: use NumPy arrays, not Python numbers, or handle the zero case.",
    KeyError: "a key is missing: check the names you look up.",
    AttributeError: "an attribute is missing: check the type of each argument (print type(x)).",
}


class CheckFailed(AssertionError):
    """A check's verdict: an ``AssertionError`` (nbgrader's autograder scores the cell 0) shown as
    its message block alone. IPython and Jupyter call ``_render_traceback_`` on an exception that
    has it, so the kernel's error output (and nbgrader's feedback made from it) holds these lines
    and no frame of the check; plain Python prints the same through `install_excepthook`."""

    def _render_traceback_(self) -> list[str]:
        first, *rest = str(self).split("\n")
        return [f"{type(self).__name__}: {first}", *rest]


class NotImplementedYet(CheckFailed):
    """A check run on an unsolved nbgrader stub (``raise NotImplementedError()``), in one line."""

    def __init__(self, name: str):
        super().__init__(
            f"{name}: not implemented yet (replace raise NotImplementedError() under # YOUR CODE HERE with your code)."
        )


def install_excepthook() -> None:
    """Make plain Python print a `CheckFailed` as its message block (other exceptions as before)."""
    previous = sys.excepthook
    if getattr(previous, "_lecturekit_checks", False):
        return

    def hook(kind, value, tb):
        if isinstance(value, CheckFailed):
            print("\n".join(value._render_traceback_()), file=sys.stderr)
        else:
            previous(kind, value, tb)

    hook._lecturekit_checks = True
    sys.excepthook = hook


# --- the learner must not call lecturekit's own implementation ---------------------------------

_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_LIBRARIES = tuple(
    {os.path.abspath(sysconfig.get_paths()[k]) + os.sep for k in ("stdlib", "platstdlib", "purelib", "platlib")}
)


def _is_lecturekit(filename: str) -> bool:
    return filename.startswith(_PACKAGE)


def _is_library(filename: str) -> bool:
    """Code neither lecturekit's nor the learner's: NumPy, the standard library, generated code."""
    if _is_lecturekit(filename):
        return False
    return filename.startswith(_LIBRARIES) or filename.startswith(("<frozen", "<__array_function__"))


#: The code of the checks' own wrappers around a learner (they call it through `_call_learner`; `_wrapper` marks one).
_WRAPPERS: set = set()


def _wrapper(fn):
    """Mark ``fn``, a check's function that calls the learner through `_call_learner`, as the check's
    own: `_Watch` lets the check call it where it would call the learner."""
    _WRAPPERS.add(fn.__code__)
    return fn


def _functions_handed(args) -> set:
    """The code objects the learner may call: the callables among ``args`` and the methods of the
    lecturekit objects among them (an objective's ``value`` and ``grad``)."""
    codes = set()
    for a in args:
        if isinstance(a, (np.ndarray, np.generic, numbers.Number, str, np.random.Generator)) or a is None:
            continue
        if isinstance(a, (tuple, list)):
            codes |= _functions_handed(a)
            continue
        for fn in (getattr(a, "__func__", None), a, getattr(a, "func", None)):
            if hasattr(fn, "__code__"):
                codes.add(fn.__code__)
        for cls in type(a).__mro__:
            if not cls.__module__.startswith("lecturekit"):
                continue
            for member in vars(cls).values():
                for fn in (member, getattr(member, "__func__", None), getattr(member, "fget", None)):
                    if hasattr(fn, "__code__"):
                        codes.add(fn.__code__)
    return codes


class _Watch:
    """A profile hook that records the first call into lecturekit's code (the checks' own references
    included) made by the learner's code, or by the check straight into the learner (the learner is
    lecturekit's own)."""

    def __init__(self, boundary, handed: set):
        self.boundary, self.handed, self.found = boundary, handed, None

    def __call__(self, frame, event, arg):
        if event != "call" or self.found is not None:
            return
        code = frame.f_code
        name = code.co_filename
        if not _is_lecturekit(name) or code in self.handed or code in _WRAPPERS:
            return
        caller = frame.f_back
        while caller is not None and _is_library(caller.f_code.co_filename):
            caller = caller.f_back
        if caller is None or caller is self.boundary or not _is_lecturekit(caller.f_code.co_filename):
            module = frame.f_globals.get("__name__", "lecturekit").removeprefix("lecturekit.")
            self.found = f"{module}.{getattr(code, 'co_qualname', code.co_name)}"


def _reject_own(name: str, own: str | None) -> None:
    if own is not None:
        raise CheckFailed(
            f"{name}: this calls lecturekit's own {own}: write it yourself "
            "(the check compares your code with lecturekit's, so calling it proves nothing)."
        )


BROADCAST_HINT = (
    "two arrays with shapes that do not broadcast: print the shapes you combine and line their axes up "
    "(a length-1 axis stretches, any other must match)."
)


def summary(value, max_size: int = 8) -> str:
    """A short description of an argument or a result: small arrays in full, large ones as a shape
    and a range, objects by type and name."""
    max_size = validate.integer("max_size", max_size, 0)
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (bool, numbers.Number, str)) or value is None:
        return repr(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple of arrays: names and shapes
        return f"{type(value).__name__}(" + ", ".join(f"{k}: {np.shape(v)}" for k, v in zip(value._fields, value)) + ")"
    if isinstance(value, (tuple, list)) and not _is_numeric_sequence(value):
        return "(" + ", ".join(summary(v, max_size) for v in value) + ")"
    if hasattr(value, "dim") and callable(getattr(value, "value", None)):  # an objective (callable too): its name
        return f"objective {getattr(value, 'name', type(value).__name__)!r} (d = {value.dim})"
    if callable(value):
        owner = getattr(value, "__self__", None)
        name = getattr(value, "__name__", type(value).__name__)
        return f"{name} of {getattr(owner, 'name', type(owner).__name__)}" if owner is not None else f"function {name}"
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 -- any object: describe it by its type
        arr = None
    if arr is None or arr.dtype == object:
        return f"{type(value).__name__} {getattr(value, 'name', '')}".strip()
    if arr.size <= max_size:
        if arr.dtype.kind == "f":
            arr = np.where(np.abs(arr) < 5e-5, 0.0, arr)  # what prints as 0 is 0., never -0.
        return np.array2string(arr, precision=4, suppress_small=True, separator=", ").replace("\n", "")
    if arr.dtype.kind in "biuf" and np.all(np.isfinite(arr)):
        return f"array {arr.shape}, values in [{arr.min():.3g}, {arr.max():.3g}]"
    return f"array {arr.shape} of {arr.dtype}"


def _is_numeric_sequence(value) -> bool:
    return all(isinstance(v, numbers.Number) for v in value)


def _show(v) -> str:
    if isinstance(v, np.ndarray) and v.ndim == 0:
        v = v.item()
    return summary(v)


def _show_pair(got, expected) -> tuple[str, str]:
    """``got`` and ``expected`` as text, two floats with as many significant digits (6 to 17) as it takes
    for them to look different, so a message never reads "got 0.974906, expected 0.974906"."""
    g, e = (v.item() if isinstance(v, (np.ndarray, np.generic)) and np.ndim(v) == 0 else v for v in (got, expected))
    if isinstance(g, (float, int)) and isinstance(e, (float, int)) and not isinstance(g, bool) and g != e:
        for digits in range(6, 18):
            a, b = f"{float(g):.{digits}g}", f"{float(e):.{digits}g}"
            if a != b:
                return a, b
    return _show(got), _show(expected)


CORE_HINT = (
    "a NumPy routine got arrays whose last axes do not fit its signature (shown in the error): for a stack "
    "of matrices and vectors, check which axes it reads as the matrix and which as the vector."
)


def _error_hint(error: Exception) -> str:
    text = str(error)
    if isinstance(error, ValueError) and "broadcast" in text:
        return BROADCAST_HINT
    if isinstance(error, ValueError) and "core dimension" in text:
        return CORE_HINT
    for kind, hint in ERROR_HINTS.items():
        if isinstance(error, kind):
            return hint
    if isinstance(error, ValueError):
        return "a value or shape does not fit: print the shapes of your arrays and compare them with the exercise."
    return "read the error and check the shapes of your arrays."


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _split(result, outputs) -> list | None:
    """A result as a list of components in the order of ``outputs`` (None if it has the wrong form)."""
    if len(outputs) == 1:
        return [result]
    if isinstance(result, (tuple, list)) and len(result) == len(outputs):
        return list(result)
    return None


def _difference(name, got, expected, rtol, atol) -> tuple[str, tuple, object, object, float, int] | None:
    """The first difference between two components: (component, index, got, expected, max rel. error, count)."""
    try:
        g = np.asarray(got)
    except Exception:  # noqa: BLE001 -- ragged or odd values: compare as objects
        g = np.asarray(got, dtype=object)
    e = np.asarray(expected)
    if g.shape != e.shape:
        return name, None, g.shape, e.shape, np.nan, -1
    if e.dtype.kind in "OUSb" or g.dtype.kind in "OUS":
        differ = np.asarray(g != e, dtype=bool)
        rel = np.nan
    else:
        try:
            gf = g.astype(float)
        except (TypeError, ValueError):
            return name, None, g.dtype, e.dtype, np.nan, -2
        ef = e.astype(float)
        with np.errstate(invalid="ignore", over="ignore"):
            differ = ~np.isclose(gf, ef, rtol=rtol, atol=atol, equal_nan=True)
            both = np.isfinite(gf) & np.isfinite(ef)
            err = np.abs(gf - ef) / np.maximum(np.abs(ef), atol)
        rel = float(np.max(err[both & differ])) if np.any(both & differ) else np.inf
        if e.dtype.kind in "iu":  # integer codes or counts: a relative error (1e+12 for 1 against 0) means nothing
            rel = np.nan
    if not np.any(differ):
        return None
    index = tuple(int(i) for i in np.argwhere(differ)[0]) if differ.ndim else ()
    return name, index, g[index], e[index], rel, int(differ.sum())


def _inputs(args, names) -> str:
    return ", ".join(f"{n}: {summary(a)}" for n, a in zip(names, args))


def _row(args, arg_names, index, n_rows) -> str | None:
    """The input row behind an output index, for batch arguments with a leading axis of n_rows."""
    if not index or n_rows is None:
        return None
    i = index[0]
    parts = []
    for a, name in zip(args, arg_names):
        if isinstance(a, np.ndarray) and a.ndim >= 1 and a.shape[0] == n_rows and a[i].size <= 9:
            parts.append(f"{name}[{i}] = {summary(a[i], 9)}")
    return "; ".join(parts) if parts else None


def _expect_function(name: str, learner) -> None:
    """The learner's argument must be a function: ``CheckFailed`` naming the check otherwise (as in `compare`)."""
    if not callable(learner):
        raise CheckFailed(f"{name}: expected a function, got {type(learner).__name__}")


def _call_learner(name: str, learner, args, arg_names=None):
    """``learner(*args)``, with an exception raised inside it turned into the check's `CheckFailed`.

    An nbgrader stub (``NotImplementedError``) gives "not implemented yet"; a call into lecturekit's
    own code (`_Watch`) "write it yourself"; any other error a one-line hint about that kind of
    error and a summary of the input (see `ERROR_HINTS`).
    """
    watch = _Watch(sys._getframe(), _functions_handed(args))
    previous = sys.getprofile()
    sys.setprofile(watch)
    try:
        result, error = learner(*args), None
    except Exception as raised:  # noqa: BLE001 -- a learner's error becomes the check's message
        result, error = None, raised
    finally:
        sys.setprofile(previous)  # before anything else runs: only the learner's own calls are watched
    _reject_own(name, watch.found)  # calling lecturekit comes first, even when the learner then failed
    if error is None:
        return result
    if isinstance(error, CheckFailed):
        raise error
    if isinstance(error, NotImplementedError):
        failure = NotImplementedYet(name)
    else:
        names = tuple(arg_names) if arg_names is not None else tuple(f"arg{i}" for i in range(len(args)))
        failure = CheckFailed(
            f"{name} raised {type(error).__name__}: {_one_line(error)}\n"
            f"  input: {_inputs(args, names)}\n"
            f"Hint: {_error_hint(error)}"
        )
    raise failure from None


def compare(
    learner,
    reference,
    draw,
    *,
    name: str,
    hint: str,
    outputs=("result",),
    arg_names=None,
    trials: int = 20,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    rng=None,
    align=None,
    diagnose=None,
) -> None:
    """Call ``learner(*args)`` and ``reference(*args)`` on ``trials`` draws ``args = draw(rng)``.

    ``outputs`` names the components of a result (the reference returns a tuple of that length
    when there are several; a single name compares one array). ``align(got, expected)``
    optionally maps the learner's components before comparing (e.g. eigenvector signs).
    ``diagnose(got, expected, args)`` may return one sentence about a recognisable mistake.

    Raises ``AssertionError`` at the first mismatch (a component's value or shape, a result of
    the wrong form or ``None``, an exception in the learner) with a message of at most about 15
    lines; prints a confirmation when all agree. ``rng`` is a ``numpy.random.Generator`` or
    None (fresh entropy); ``trials`` an integer in [1, `MAX_TRIALS`].
    """
    _expect_function(name, learner)
    validate.function("reference", reference)
    validate.function("draw", draw)
    for label, text in (("name", name), ("hint", hint)):
        if not isinstance(text, str):
            raise ValueError(f"{label} must be a string; got {text!r}")
    rtol = validate.nonnegative("rtol", rtol, scalar=True)
    atol = validate.nonnegative("atol", atol, scalar=True)
    rng = validate.optional_generator("rng", rng)
    trials = validate.integer("trials", trials)
    if trials > MAX_TRIALS:
        raise ValueError(f"trials must be an integer in [1, {MAX_TRIALS}]; got {trials!r}")
    outputs = tuple(outputs)
    for _ in range(trials):
        args = draw(rng)
        names = tuple(arg_names) if arg_names is not None else tuple(f"arg{i}" for i in range(len(args)))
        expected = reference(*args)
        expected = list(expected) if len(outputs) > 1 else [expected]
        got = _call_learner(name, learner, args, names)
        if got is None:
            raise CheckFailed(
                f"{name} returned None: write your code under # YOUR CODE HERE and make it return the result."
            )
        parts = _split(got, outputs)
        if parts is None:
            kind = f"a {type(got).__name__} of length {len(got)}" if isinstance(got, (tuple, list)) else summary(got)
            raise CheckFailed(
                f"{name} returned {kind}; expected a tuple of {len(outputs)}: ({', '.join(outputs)}).\nHint: {hint}"
            )
        if align is not None:
            parts = align(parts, expected)
        for comp, g, e in zip(outputs, parts, expected):
            diff = _difference(comp, g, e, rtol, atol)
            if diff is None:
                continue
            comp, index, g_val, e_val, rel, count = diff
            lines = [f"{name}: {comp} differs from the expected one."]
            if count == -1:
                lines.append(f"  {comp} has shape {g_val}; expected shape {e_val}.")
            elif count == -2:
                lines.append(f"  {comp} has dtype {g_val}; expected numbers ({e_val}).")
            else:
                at = f"{comp}[{', '.join(map(str, index))}]" if index else comp
                shown_g, shown_e = _show_pair(g_val, e_val)
                lines.append(f"  first difference at {at}: got {shown_g}, expected {shown_e}")
                size = int(np.size(e))
                extra = f"; largest relative error {rel:.2g}" if np.isfinite(rel) else ""
                lines.append(f"  {count} of {size} entries differ{extra}")
                row = _row(args, names, index, np.shape(e)[0] if np.ndim(e) else None)
                if row:
                    lines.append(f"  input row: {row}")
            lines.append(f"  input: {_inputs(args, names)}")
            note = diagnose(parts, expected, args) if diagnose is not None else None
            if note:
                lines.append(f"  {note}")
            lines.append(f"Hint: {hint}")
            raise CheckFailed("\n".join(lines))
    print(f"Correct: {name} matches the reference on {trials} fresh random inputs.")
