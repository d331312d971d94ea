r"""Eigenvalues and eigenvectors, batch-first, with the conventions stated.

An eigenvector of a square matrix A is a nonzero u with :math:`A u = \lambda u`; the
eigenvalue :math:`\lambda` is a root of the characteristic equation
:math:`\det(A - \lambda I) = 0`. For a 2x2 matrix that equation is
:math:`\lambda^2 - \operatorname{tr}(A)\,\lambda + \det(A) = 0`. Any nonzero multiple of an
eigenvector is one too, so we *normalize* to unit length and fix the sign by a rule.

A real symmetric matrix H has real eigenvalues and an orthonormal basis of eigenvectors:
:math:`H = U \Lambda U^\top` with :math:`U^\top U = I`, so :math:`U^\top H U = \Lambda`.
A general real matrix need not have either property.

References: G. Strang, *Introduction to Linear Algebra*, 5th ed., Wellesley-Cambridge
Press, 2016, chapter 6 (6.1 eigenvalues, 6.4 symmetric matrices); Goodfellow, Bengio &
Courville, *Deep Learning*, MIT Press, 2016, section 2.7.

Conventions used here:

* `eigh_2x2` (symmetric, closed form) sorts eigenvalues ascending, like ``np.linalg.eigh``;
* `eigenpairs` (any real square matrix with real eigenvalues) sorts them descending, the
  way a worked example lists them;
* eigenvectors are the *columns* of the returned matrix, of unit length.
"""

from __future__ import annotations

import numpy as np

from . import validate
from .critical import eigvalsh_2x2


def _square(A, name: str, size: int | None = None, arg: str = "A") -> np.ndarray:
    A = validate.real_array(arg, A, what="matrices: an array of real numbers")
    if A.ndim < 2 or A.shape[-1] != A.shape[-2] or A.shape[-1] == 0 or (size is not None and A.shape[-1] != size):
        want = f"({size}, {size})" if size else "(d, d)"
        raise ValueError(f"{arg} must be matrices shaped (..., {want[1:-1]}) for {name}; got shape {A.shape}")
    if not np.all(np.isfinite(A)):
        raise ValueError(f"{arg} must be finite matrices for {name}; got entries that are inf or nan")
    return A


def normalize(v, axis: int = -1, *, name: str = "v") -> np.ndarray:
    """Unit vectors v / ||v|| along ``axis`` (Euclidean norm); a zero vector raises ``ValueError``.

    Computed as w / ||w|| with w = v / max|v_i|, so that vectors too long for their squared
    norm to be a float still normalize. ``name`` names the argument in messages.
    """
    v = validate.real_array(name, v, what="vectors: an array of real numbers")
    if v.ndim == 0 or v.size == 0:
        raise ValueError(f"{name} must be non-empty vectors shaped (..., d); got shape {v.shape}")
    axis = validate.integer("axis", axis, -v.ndim, v.ndim - 1)
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} must be finite vectors (no nan or inf)")
    m = np.max(np.abs(v), axis=axis, keepdims=True)
    if np.any(m == 0):
        raise ValueError(f"{name} must be nonzero vectors; a zero vector has no direction")
    w = v / m
    return w / np.linalg.norm(w, axis=axis, keepdims=True)


def angle_between(u, v, degrees: bool = True, lines: bool = False) -> np.ndarray:
    r"""The angle between vectors ``u`` and ``v`` shaped ``(..., d)``, in [0, 180] degrees.

    Computed as :math:`2\arctan2(\lVert\hat u - \hat v\rVert, \lVert\hat u + \hat v\rVert)`
    with unit vectors :math:`\hat u, \hat v`, which stays accurate near 0 and 180 degrees where
    :math:`\arccos(\hat u^\top \hat v)` loses digits (W. Kahan, "How futile are mindless
    assessments of roundoff in floating-point computation?", 2006, section 12).

    With ``lines=True`` it is the angle between the *lines* the vectors span, in [0, 90]:
    the right measure for eigenvectors, whose sign is arbitrary.
    """
    degrees, lines = validate.flag("degrees", degrees), validate.flag("lines", lines)
    u, v = normalize(u, name="u"), normalize(v, name="v")
    try:
        np.broadcast_shapes(u.shape, v.shape)
    except ValueError:
        raise ValueError(f"u {u.shape} and v {v.shape} must have broadcastable shapes (..., d)") from None
    angle = 2 * np.arctan2(np.linalg.norm(u - v, axis=-1), np.linalg.norm(u + v, axis=-1))
    if lines:
        angle = np.minimum(angle, np.pi - angle)
    return np.degrees(angle) if degrees else angle


def eigh_2x2(H):
    r"""Eigenvalues (ascending) and orthonormal eigenvectors of symmetric 2x2 matrices, in closed form.

    For :math:`H = [[a, b], [b, c]]`:

    .. math::
        \lambda_\pm = \tfrac{a+c}{2} \pm \sqrt{\left(\tfrac{a-c}{2}\right)^2 + b^2}, \qquad
        \theta = \tfrac12 \operatorname{atan2}(2b,\, a - c),

    and the eigenvector of :math:`\lambda_+` is :math:`(\cos\theta, \sin\theta)`, that of
    :math:`\lambda_-` is :math:`(-\sin\theta, \cos\theta)` (the Rayleigh quotient
    :math:`\tfrac{a+c}{2} + \tfrac{a-c}{2}\cos 2\theta + b \sin 2\theta` is largest there).
    Only ``H[..., 1, 0]`` is read for b: the matrix is assumed symmetric.

    Returns ``(lam, U)`` shaped ``(..., 2)`` and ``(..., 2, 2)`` with ``H @ U == U * lam``,
    columns ordered like ``lam`` (ascending, as ``np.linalg.eigh``). For a multiple of the
    identity (every vector an eigenvector) U is the identity with its columns swapped.
    """
    H = _square(H, "eigh_2x2", 2, arg="H")
    a, b, c = H[..., 0, 0], H[..., 1, 0], H[..., 1, 1]
    lam = eigvalsh_2x2(H)
    with np.errstate(over="ignore", invalid="ignore"):  # 2b or a - c beyond float range: the angle still holds
        theta = 0.5 * np.arctan2(2 * b, a - c)
    cos, sin = np.cos(theta), np.sin(theta)
    U = np.stack([np.stack([-sin, cos], axis=-1), np.stack([cos, sin], axis=-1)], axis=-1)
    return lam, U


def eigenpairs(A, tol: float = 1e-10):
    r"""Real eigenvalues (descending) and unit eigenvectors of real square matrices ``(..., d, d)``.

    Solves :math:`A u = \lambda u` with LAPACK (``np.linalg.eig``), which also works for
    matrices that are not symmetric. Conventions: eigenvalues sorted from largest to
    smallest; each eigenvector (a column of ``U``) has unit length and its last component
    that is not zero (beyond 1e-12) is positive. So ``eigenpairs([[2, 3], [2, 1]])`` gives
    :math:`\lambda = (4, -1)` with :math:`u_1 = (3, 2)/\sqrt{13}`,
    :math:`u_2 = (-1, 1)/\sqrt 2`.

    Raises ``ValueError`` when an eigenvalue has an imaginary part above ``tol`` (a rotation,
    say): this function is for matrices with real eigenvalues only. For symmetric matrices
    prefer ``np.linalg.eigh`` or `eigh_2x2`.
    """
    A = _square(A, "eigenpairs")
    tol = validate.in_range("tol", tol, 0.0, 1.0, high_closed=True, scalar=True)
    lam, U = np.linalg.eig(A)
    if np.any(np.abs(lam.imag) > tol * np.maximum(1.0, np.abs(lam.real))):
        raise ValueError(
            "eigenpairs handles matrices with real eigenvalues only; this one has complex "
            f"eigenvalues {np.round(lam, 6)} (for a rotation-like matrix there is no real eigenvector)"
        )
    lam, U = lam.real, U.real
    order = np.argsort(-lam, axis=-1, kind="stable")
    lam = np.take_along_axis(lam, order, axis=-1)
    U = np.take_along_axis(U, order[..., None, :], axis=-1)
    U = normalize(U, axis=-2)
    d = U.shape[-2]
    nonzero = np.abs(U) > 1e-12
    last = d - 1 - np.argmax(nonzero[..., ::-1, :], axis=-2)  # (..., d): row of the last nonzero entry
    sign = np.sign(np.take_along_axis(U, last[..., None, :], axis=-2))
    return lam, U * sign
