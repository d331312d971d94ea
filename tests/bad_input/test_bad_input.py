"""Bad input everywhere: every public name of lecturekit (outside `plots` and `widgets`) is in
the registry of `bad_input_registry` (one registry per package, joined there), and every argument of every entry, perturbed one at a
time, gives a ValueError or TypeError naming that argument, or a result -- never another
exception, never a warning, never a run without bound.

Two layers: `test_fixed_perturbations` tries a fixed list per argument (NaN and inf, bools,
numeric strings, complex numbers, None, wrong shapes, empty arrays, wrong dtypes, huge values,
non-Generator rngs, objects that are not objectives or optimizers); `test_random_numbers`
lets hypothesis (derandomized, see conftest.py) draw further numbers for the numeric ones.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import inspect
import io
import numbers
import pkgutil
import re
import signal
import warnings

import numpy as np
import pytest
from bad_input_registry import NOT_YET_REGISTERED, REGISTRY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lecturekit
from lecturekit import optim

SKIPPED_PACKAGES = ("plots", "widgets")
SECONDS_PER_CALL = 3.0
MUST, MAY = True, False  # MUST: a named error is due; MAY: a named error or a result


# ------------------------------------------------------------------ discovery


def public_names() -> set[str]:
    """``module.qualname`` of every public function, class and class method defined in lecturekit."""
    names = set()
    for info in pkgutil.walk_packages(lecturekit.__path__, "lecturekit."):
        if info.name.split(".")[1] in SKIPPED_PACKAGES:
            continue
        module = importlib.import_module(info.name)
        listed = set(getattr(module, "__all__", ())) | {n for n in vars(module) if not n.startswith("_")}
        for n in listed:
            obj = getattr(module, n, None)
            if getattr(obj, "__module__", None) != module.__name__ or not callable(obj):
                continue
            names.add(f"{module.__name__}.{obj.__qualname__}")
            if inspect.isclass(obj):
                for k, v in vars(obj).items():
                    if not k.startswith("_") and inspect.isfunction(v):
                        names.add(f"{module.__name__}.{obj.__qualname__}.{k}")
    return names


def resolve(target: str):
    """The object a registry target names, e.g. ``"optim.sgd"`` or ``"objectives.Objective.grad"``
    (attributes first, so ``checks.compare`` is the function that `checks` re-exports; a name the
    function lacks is looked up in the module it shadows: ``checks.compare.summary``)."""
    obj, path = lecturekit, "lecturekit"
    for p in target.split("."):
        parent, path = path, path + "." + p
        if hasattr(obj, p):
            obj = getattr(obj, p)
        elif inspect.isfunction(obj) and hasattr(importlib.import_module(parent), p):
            obj = getattr(importlib.import_module(parent), p)
        else:
            obj = importlib.import_module(path)
    return obj


def canonical(target: str) -> str:
    obj = resolve(target)
    return f"{obj.__module__}.{obj.__qualname__}"


def test_every_public_name_is_registered():
    registered = {canonical(e.target) for e in REGISTRY}
    missing = sorted(public_names() - registered - NOT_YET_REGISTERED)
    assert not missing, (
        "public names missing from the bad-input registries (add one E(...) line each to "
        "tests/bad_input/bad_input_registry_<package>.py): " + ", ".join(missing)
    )


def test_the_not_yet_registered_list_only_shrinks():
    registered = {canonical(e.target) for e in REGISTRY}
    stale = sorted(NOT_YET_REGISTERED - (public_names() - registered))
    assert not stale, "registered or no longer public; remove from NOT_YET_REGISTERED: " + ", ".join(stale)


# ------------------------------------------------------------------ perturbations


class _NotAnObjective:
    dim = 2


def perturbations(value, point: bool):
    """(label, bad value, MUST or MAY) for one argument whose valid value is ``value``."""
    out = [("None", None, MAY)]
    if isinstance(value, optim.ChainState):  # an optimizer's state: made by another, or for other params
        other = optim.adam(0.1) if value.owner != "adam" else optim.rmsprop(0.1)
        grown = value.shape[:-1] + (value.shape[-1] + 1,)
        return [
            ("None", None, MUST),
            ("a plain tuple", tuple(value), MUST),
            ("another optimizer's state", other.init(np.zeros(value.shape)), MUST),
            ("the state for other parameters", optim.ChainState(tuple(value), value.owner, grown), MUST),
            ("a number", 0.0, MUST),
        ]
    if isinstance(value, (bool, np.bool_)):
        return out + [("string", "yes", MUST), ("number 2", 2.5, MUST)]
    if isinstance(value, np.random.Generator):
        return out + [
            ("int seed", 0, MUST),
            ("np.random module", np.random, MUST),
            ("RandomState", np.random.RandomState(0), MUST),
        ]
    if isinstance(value, str):
        return out + [("unknown string", "bogus", MAY), ("number", 3, MUST)]
    if isinstance(value, numbers.Integral):
        return out + [
            ("bool", True, MUST),
            ("numeric string", str(value), MUST),
            ("float", value + 0.5, MUST),
            ("nan", np.nan, MUST),
            ("inf", np.inf, MUST),
            ("complex", complex(value, 1), MUST),
            ("negative", -3, MAY),
            ("zero", 0, MAY),
            ("huge", 10**12, MAY),
            ("beyond int64", 2**70, MAY),
            ("numpy int", np.int64(value), MAY),
            ("array", np.array([value, value]), MAY),
        ]
    if isinstance(value, numbers.Real):
        return out + [
            ("bool", True, MUST),
            ("numeric string", str(value), MUST),
            ("nan", np.nan, MAY if point else MUST),
            ("inf", np.inf, MAY),
            ("-inf", -np.inf, MAY),
            ("complex", complex(value, 1), MUST),
            ("negative", -1.0, MAY),
            ("zero", 0.0, MAY),
            ("huge", 1e308, MAY),
            ("tiny", 1e-308, MAY),
            ("empty array", np.array([]), MAY),
            ("array (2, 1)", np.full((2, 1), value), MAY),
        ]
    if isinstance(value, (np.ndarray, list, tuple)) and not hasattr(value, "_fields"):
        arr = np.asarray(value)
        if arr.dtype.kind in "iufb" or (arr.dtype.kind == "O" and arr.size == 0):
            out += _array_perturbations(arr, point)
            return out
        if isinstance(value, list):  # a list of schedules, of floats and callables
            return out + [("empty list", [], MAY), ("list of None", [None], MUST), ("string", "bogus", MUST)]
    if hasattr(value, "init") and hasattr(value, "update"):
        return out + [("a function", np.sin, MUST), ("a string", "sgd", MUST), ("a number", 0.1, MUST)]
    if hasattr(value, "dim") and hasattr(value, "grad"):
        return out + [
            ("a lambda", lambda x: x, MUST),
            ("an array", np.ones(2), MUST),
            ("a string", "quadratic", MUST),
            ("no methods", _NotAnObjective(), MUST),
        ]
    if callable(value):
        return out + [("a number", 3.0, MUST), ("a string", "sin", MUST)]
    if hasattr(value, "_fields"):  # a NamedTuple: a record such as a network or a trajectory
        return out + [("a number", 1.0, MUST), ("an array", np.ones(3), MUST), ("a string", "x", MUST)]
    return out


def _array_perturbations(arr, point: bool):
    out = []
    f = arr.astype(float)
    integer = arr.dtype.kind in "iu"
    if f.size:
        nan, inf = f.copy(), f.copy()
        nan.flat[0], inf.flat[-1] = np.nan, np.inf
        out += [("nan entry", nan, MUST if integer or not point else MAY), ("inf entry", inf, MAY if point else MAY)]
        out += [("huge entries", np.full(f.shape, 1e300), MAY)]
    if arr.dtype.kind != "b":
        out += [("bool array", f != 0, MUST)]
    out += [
        ("complex array", f + 1j, MUST),
        ("string array", f.astype(str), MUST),
        ("object array", np.array([None] * max(f.size, 1), dtype=object), MUST),
        ("empty", np.empty((0,) + f.shape[1:]), MAY),
        ("scalar", 1.0, MAY),
        ("extra axis", f[..., None], MAY),
    ]
    if f.ndim >= 1:
        out += [("extra column", np.concatenate([f, f[..., :1]], axis=-1), MAY)]
        if f.shape[0] > 1:
            out += [("one row fewer", f[:-1], MAY)]
    if integer:
        out += [
            ("floats", f + 0.5, MUST),
            ("negative", -np.ones_like(arr), MAY),
            ("huge", np.full(arr.shape, 10**12), MAY),
        ]
    return out


# ------------------------------------------------------------------ calling


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


def call(entry, kwargs):
    """Call an entry with warnings as errors, stdout captured and a time limit."""
    fn = resolve(entry.target)
    if entry.on is not None:
        fn = getattr(entry.on, entry.attribute or entry.target.rsplit(".", 1)[1])
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, SECONDS_PER_CALL)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("error")
            out = fn(*kwargs.values()) if entry.positional else fn(**kwargs)
            return out if entry.then is None else out(*entry.then)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def outcome(entry, arg, bad, must) -> str | None:
    """None if the call behaved, else a description of what went wrong."""
    kwargs = copy.deepcopy(entry.kwargs)
    kwargs[arg] = bad
    words = entry.names.get(arg, arg)
    words = (words,) if isinstance(words, str) else words
    try:
        call(entry, kwargs)
    except (ValueError, TypeError) as exc:
        if any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(w)}(?![A-Za-z0-9_])", str(exc)) for w in words):
            return None
        return f"{type(exc).__name__} not naming {' or '.join(map(repr, words))}: {exc}"
    except entry.allow.get(arg, ()) as exc:  # a documented outcome, e.g. a check's AssertionError
        return None if exc is not None else "?"
    except _TooSlow:
        return f"ran more than {SECONDS_PER_CALL} s (no cap)"
    except Exception as exc:  # noqa: BLE001 -- that is the point of the test
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    return "returned a result where a named error is due" if must else None


def _id(entry) -> str:
    if entry.attribute:
        return f"{entry.target}.{entry.attribute}[{getattr(entry.on, 'name', '?')}-{entry.label}]"
    if entry.then is not None or entry.label:
        return f"{entry.target}[{entry.label or 'evaluated'}]"
    return entry.target + (f"[{'-'.join(sorted(entry.kwargs))}]" if entry.target == "optim.run" else "")


#: Entries whose bad input is fixed on another branch, not yet merged: strict, so that the
#: test fails (XPASS) the moment the fix arrives and the entry must leave this list.
PENDING: dict = {}


def _param(e, pending=()):
    marks = [pytest.mark.xfail(strict=True, reason=PENDING[e.target])] if e.target in pending else []
    return pytest.param(e, id=_id(e), marks=marks)


ENTRIES = [_param(e) for e in REGISTRY]
PERTURBED = [_param(e, PENDING) for e in REGISTRY if not e.record]


@pytest.mark.parametrize("entry", ENTRIES)
def test_valid_call_works(entry):
    call(entry, copy.deepcopy(entry.kwargs))


@pytest.mark.parametrize("entry", PERTURBED)
def test_fixed_perturbations(entry):
    failures = []
    for arg, value in entry.kwargs.items():
        if arg in entry.fixed:
            continue
        bads = entry.perturb[arg] if arg in entry.perturb else perturbations(value, arg in entry.nan_ok)
        bads = [*bads, *entry.extra.get(arg, ())]
        for label, bad, must in bads:
            problem = outcome(entry, arg, bad, must)
            if problem:
                failures.append(f"{arg} = {label}: {problem}")
    assert not failures, f"{entry.target}: " + "\n".join(failures)


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.integers(-5, 40),
    st.sampled_from([10**9, 10**15, 2**63, -(2**63)]),
)


def _numeric_args(entry):
    return [
        a
        for a, v in entry.kwargs.items()
        if a not in entry.fixed and isinstance(v, numbers.Real) and not isinstance(v, (bool, np.bool_))
    ]


@pytest.mark.parametrize("entry", [p for p in PERTURBED if _numeric_args(p.values[0])])
@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_numbers(entry, data):
    arg = data.draw(st.sampled_from(_numeric_args(entry)), label="argument")
    value = data.draw(NUMBERS, label="value")
    must = isinstance(value, float) and np.isnan(value) and arg not in entry.nan_ok
    if isinstance(entry.kwargs[arg], numbers.Integral) and isinstance(value, float):
        must = True  # a count must be an integer
    problem = outcome(entry, arg, value, must)
    assert problem is None, f"{entry.target}({arg}={value!r}): {problem}"
