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
        rng=rng,
        hint="move against the gradient: x_new = x - lr * g, with lr broadcast over each row.",
    )


def classify_2x2(learner, rng=None) -> None:
    """Check ``learner(H) -> labels`` for a batch of symmetric 2x2 Hessians ``(n, 2, 2)``.

    The learner returns an array of strings from ``critical.LABELS``.
    """

    def draw(r):
        n = int(r.integers(4, 12))
        H = r.normal(size=(n, 2, 2)).round(1)
        H = H + np.swapaxes(H, -1, -2)
        H[0] = [[1.0, 2.0], [2.0, 4.0]]  # determinant exactly 0: inconclusive
        return (H,)

    def reference(H):
        return np.array(critical.LABELS)[critical.classify_hessian(H, tol=1e-9)]

    compare(
        learner,
        reference,
        draw,
        name="classify_2x2",
        rng=rng,
        hint="for a symmetric 2x2 matrix, det = product and trace = sum of the eigenvalues: "
        "det < 0 means a saddle, det > 0 with trace > 0 a minimum, with trace < 0 a maximum; "
        "det == 0 (up to a tolerance) is inconclusive.",
    )


def permute_hidden(learner, rng=None) -> None:
    """Check ``learner(params, perm) -> params`` that reorders the hidden units of a two-layer net."""

    def draw(r):
        d, h, o = (int(v) for v in r.integers(1, 6, size=3))
        return nn.init_two_layer(r, d, h + 1, o), r.permutation(h + 1)

    def reference(params, perm):
        return np.concatenate([p.ravel() for p in nn.permute_hidden(params, perm)])

    def flat(params, perm):
        out = learner(params, perm)
        return None if out is None else np.concatenate([np.asarray(p).ravel() for p in out])

    compare(
        flat,
        reference,
        draw,
        name="permute_hidden",
        rng=rng,
        hint="hidden unit i of the new network is unit perm[i] of the old one: reorder the rows "
        "of W1 and the entries of b1 with perm, and the columns of W2 the same way; b2 stays.",
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
        rng=rng,
        hint="the chord's height at the mixing weight t is t f(a) + (1 - t) f(b); subtract the "
        "function's value at the mixed point t a + (1 - t) b.",
    )
