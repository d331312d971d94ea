"""Classifying critical points by the second-derivative test, vectorized.

At a critical point x* (gradient zero) of a twice-differentiable f:

* 1-D: f''(x*) > 0 -> local minimum, f''(x*) < 0 -> local maximum, f''(x*) = 0 -> the
  test is inconclusive (x^3, x^4 and -x^4 all have f'' = 0 at 0).
* n-D, by the eigenvalues of the Hessian H(x*): all positive (H positive definite) ->
  local minimum; all negative (negative definite) -> local maximum; at least one
  positive and one negative (indefinite) -> saddle point, whatever the others are;
  otherwise (some eigenvalue zero, the nonzero ones of one sign) -> inconclusive.

Goodfellow, Bengio & Courville, *Deep Learning* (2016), section 4.3.1.

Floating-point eigenvalues are never exactly zero, so "zero" means ``|lambda| <= tol``.
The default ``tol = 1e-8`` is absolute; scale it with your function's curvature.

Labels are small integers so that a grid of 40,000 points classifies in one array
operation; ``LABELS[code]`` names them.
"""

from __future__ import annotations

import numpy as np

MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE = 0, 1, 2, 3
LABELS = ("minimum", "maximum", "saddle", "inconclusive")


def _check_tol(tol):
    if not (np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")


def eigvalsh_2x2(H) -> np.ndarray:
    r"""Eigenvalues of symmetric 2x2 matrices ``(..., 2, 2)`` in closed form, ascending.

    For [[a, b], [b, c]]: :math:`\lambda_\pm = \tfrac{a+c}{2} \pm \sqrt{\left(\tfrac{a-c}{2}\right)^2 + b^2}`.
    ``np.hypot`` keeps the square root accurate without overflow. Only the lower
    triangle's off-diagonal ``H[..., 1, 0]`` is read (the matrix is assumed symmetric).
    """
    H = np.asarray(H, dtype=float)
    if H.ndim < 2 or H.shape[-2:] != (2, 2):
        raise ValueError(f"eigvalsh_2x2 takes matrices shaped (..., 2, 2); got shape {H.shape}")
    a, b, c = H[..., 0, 0], H[..., 1, 0], H[..., 1, 1]
    mean = 0.5 * (a + c)
    radius = np.hypot(0.5 * (a - c), b)
    return np.stack([mean - radius, mean + radius], axis=-1)


def eigvalsh(H) -> np.ndarray:
    """Ascending eigenvalues of symmetric matrices ``(..., d, d)``: closed form for d = 2, LAPACK otherwise."""
    H = np.asarray(H, dtype=float)
    if H.ndim < 2 or H.shape[-1] != H.shape[-2]:
        raise ValueError(f"eigvalsh takes square matrices shaped (..., d, d); got shape {H.shape}")
    if H.shape[-1] == 2:
        return eigvalsh_2x2(H)
    return np.linalg.eigvalsh(H)


def classify_eigenvalues(eigenvalues, tol: float = 1e-8) -> np.ndarray:
    """Second-derivative test from Hessian eigenvalues ``(..., d)``; returns int codes ``(...)``.

    See the module docstring for the rule; ``LABELS[code]`` names a code.
    """
    _check_tol(tol)
    lam = np.asarray(eigenvalues, dtype=float)
    if lam.ndim == 0:
        raise ValueError("classify_eigenvalues takes eigenvalues shaped (..., d); got a scalar")
    positive = np.any(lam > tol, axis=-1)
    negative = np.any(lam < -tol, axis=-1)
    all_positive = np.all(lam > tol, axis=-1)
    all_negative = np.all(lam < -tol, axis=-1)
    codes = np.full(lam.shape[:-1], INCONCLUSIVE, dtype=np.int8)
    codes[all_positive] = MINIMUM
    codes[all_negative] = MAXIMUM
    codes[positive & negative] = SADDLE
    return codes


def classify_hessian(H, tol: float = 1e-8) -> np.ndarray:
    """Second-derivative test for Hessians ``(..., d, d)`` (d = 1 is the 1-D test); int codes ``(...)``."""
    return classify_eigenvalues(eigvalsh(H), tol)


def classify_1d(second_derivative, tol: float = 1e-8) -> np.ndarray:
    """The 1-D second-derivative test on values of f'' at critical points; int codes, same shape."""
    f2 = np.asarray(second_derivative, dtype=float)
    return classify_eigenvalues(f2[..., None], tol)


def classify_point(f, x, tol: float = 1e-8, grad_tol: float = 1e-6):
    """Name what ``f`` has at each point of ``x`` ``(..., d)``: a LABELS entry or "not critical".

    A point is critical when ``||grad f(x)|| <= grad_tol``; then its Hessian decides.
    Returns a string for one point, an array of strings for a batch.
    """
    _check_tol(grad_tol)
    x = np.asarray(x, dtype=float)
    codes = classify_hessian(f.hess(x), tol)
    names = np.array(LABELS + ("not critical",))
    critical = np.linalg.norm(f.grad(x), axis=-1) <= grad_tol
    out = names[np.where(critical, codes, len(LABELS))]
    return str(out) if out.ndim == 0 else out
