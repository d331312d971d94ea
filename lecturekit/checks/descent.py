"""Checks for the exercises on critical points and gradient descent."""

from __future__ import annotations

import numpy as np

from .. import convexity, critical, nn
from ..objectives.landscapes import bumpy
from .compare import compare


def gradient_step(learner, rng=None) -> None:
    """Check ``learner(x, g, lr) -> x - lr * g`` for a batch x, g ``(B, d)`` and lr ``(B, 1)``."""

    def draw(r):
        B, d = r.integers(1, 6, size=2)
        return r.normal(size=(B, d)), r.normal(size=(B, d)), r.uniform(0.01, 1.0, size=(B, 1))

    compare(
        learner,
        lambda x, g, lr: x - lr * g,
        draw,
        name="gradient_step",
        outputs=("x_new",),
        arg_names=("x", "g", "lr"),
        rng=rng,
        hint="move against the gradient, one learning rate per row (lr has shape (B, 1)).",
    )


def classify_2x2(learner, rng=None) -> None:
    """Check ``learner(H) -> labels`` for a batch of symmetric 2x2 Hessians ``(n, 2, 2)``.

    The learner returns an array of strings from ``critical.LABELS``; ``|det H| <= 1e-9`` counts
    as zero, as the exercise states. Every entry is a multiple of 1/4 below 8 in magnitude, so
    det and trace are exact in floating point: a nonzero det is at least 1/16 in magnitude and
    each eigenvalue of a matrix with det != 0 is at least 1/256 away from zero. Any correct way
    of writing the test (det, eigenvalues, the tolerance on det or on the eigenvalues, ``<=`` or
    ``<``) then gives the same labels. A few singular matrices are drawn in every batch.
    """

    def draw(r):
        n = int(r.integers(4, 12))
        H = r.integers(-12, 13, size=(n, 2, 2)) / 4.0
        H = (H + np.swapaxes(H, -1, -2)) / 2.0  # multiples of 1/8 ...
        H = np.round(H * 4) / 4  # ... rounded back to multiples of 1/4 (exact)
        v = r.integers(-3, 4, size=(2, 2)) / 2.0  # singular: s v v^T, det exactly 0
        H[0] = 2.0 * np.outer(v[0], v[0])
        H[1] = [[1.0, 2.0], [2.0, 4.0]]
        H[2] = -np.outer(v[1], v[1])
        return (r.permutation(H),)

    def reference(H):
        det = H[:, 0, 0] * H[:, 1, 1] - H[:, 0, 1] * H[:, 1, 0]
        trace = H[:, 0, 0] + H[:, 1, 1]
        codes = np.where(np.abs(det) <= 1e-9, 3, np.where(det < 0, 2, np.where(trace > 0, 0, 1)))
        return np.array(critical.LABELS)[codes]

    compare(
        learner,
        reference,
        draw,
        name="classify_2x2",
        outputs=("labels",),
        arg_names=("H",),
        rng=rng,
        hint="det is the product and trace the sum of the two eigenvalues: which signs of det and trace "
        "go with which kind of point, and what does |det| <= 1e-9 mean?",
    )


def permute_hidden(learner, rng=None) -> None:
    """Check ``learner(params, perm) -> params`` that reorders the hidden units of a two-layer net."""

    def draw(r):
        d, h, o = (int(v) for v in r.integers(1, 6, size=3))
        return nn.init_two_layer(r, d, h + 1, o), r.permutation(h + 1)

    def diagnose(got, expected, args):
        (W1, b1, W2, b2), perm = args[0], args[1]
        for name, g, old in zip(("W1", "b1", "W2", "b2"), got, (W1, b1, W2, b2)):
            if name != "b2" and np.shape(g) == np.shape(old) and np.allclose(g, old) and len(perm) > 1:
                return f"{name} came back unchanged: it holds hidden units too."
        return None

    compare(
        learner,
        lambda params, perm: tuple(nn.permute_hidden(params, perm)),
        draw,
        name="permute_hidden",
        outputs=("W1", "b1", "W2", "b2"),
        arg_names=("params", "perm"),
        rng=rng,
        diagnose=diagnose,
        hint="hidden unit i of the new network is unit perm[i] of the old one: every array with an axis "
        "over the hidden units is reordered along that axis.",
    )


def chord_gap(learner, rng=None) -> None:
    """Check ``learner(f, a, b, t) -> t f(a) + (1 - t) f(b) - f(t a + (1 - t) b)``."""

    f = bumpy()

    def draw(r):
        n = int(r.integers(2, 8))
        a, b = r.uniform(-3, 7, size=(2, n, 1))
        return f, a, b, r.uniform(0, 1, size=(n, 1))

    compare(
        learner,
        convexity.chord_gap,
        draw,
        name="chord_gap",
        outputs=("gap",),
        arg_names=("f", "a", "b", "t"),
        rng=rng,
        hint="the chord's height at the mixing weight t minus the function's value at the mixed point; "
        "f.value takes points shaped (n, 1) and returns (n,).",
    )
