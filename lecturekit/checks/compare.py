"""The comparison machinery every exercise check uses.

`compare` calls the learner's function and the reference on fresh random inputs and stops at
the first mismatch with a message that shows the input, what came back, what was expected and
a hint.
"""

from __future__ import annotations

import numpy as np


def _fmt(v) -> str:
    return np.array2string(np.asarray(v), precision=4, suppress_small=True, threshold=12)


def compare(
    learner,
    reference,
    draw,
    *,
    name: str,
    hint: str,
    trials: int = 20,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    rng=None,
) -> None:
    """Call ``learner(*args)`` and ``reference(*args)`` on ``trials`` draws ``args = draw(rng)``.

    Raises ``AssertionError`` at the first mismatch (in value, shape, or a ``None`` result);
    prints a confirmation when all agree.
    """
    if not callable(learner):
        raise AssertionError(f"{name}: expected a function, got {type(learner).__name__}")
    rng = np.random.default_rng() if rng is None else rng
    for _ in range(trials):
        args = draw(rng)
        expected = np.asarray(reference(*args))
        got = learner(*args)
        if got is None:
            raise AssertionError(
                f"{name} returned None. Write the code between ### BEGIN SOLUTION and "
                "### END SOLUTION and make it return the result."
            )
        got = np.asarray(got)
        shown = ", ".join(_fmt(a) if isinstance(a, np.ndarray) else repr(a) for a in args)
        if got.shape != expected.shape:
            raise AssertionError(
                f"{name}({shown}) returned shape {got.shape}; expected shape {expected.shape}. Hint: {hint}"
            )
        same = (
            np.array_equal(got, expected)
            if expected.dtype.kind in "OUSb"
            else np.allclose(got, expected, rtol=rtol, atol=atol)
        )
        if not same:
            raise AssertionError(f"{name}({shown}) returned {_fmt(got)}; expected {_fmt(expected)}. Hint: {hint}")
    print(f"Correct: {name} matches the reference on {trials} fresh random inputs.")
