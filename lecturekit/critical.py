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

A label cannot carry NaN: the classifiers reject NaN eigenvalues, Hessians and points with a
``ValueError`` (the eigenvalue functions themselves return NaN for a matrix with a NaN entry).

Labels are small integers so that a grid of 40,000 points classifies in one array
operation; ``LABELS[code]`` names them.
"""

from __future__ import annotations

import numpy as np

from . import validate

MINIMUM, MAXIMUM, SADDLE, INCONCLUSIVE = 0, 1, 2, 3
LABELS = ("minimum", "maximum", "saddle", "inconclusive")


def _check_tol(tol, name="tol"):
    return validate.nonnegative(name, tol, scalar=True)


def _matrices(H, size=None):
    H = validate.real_array("H", H, what="matrices: an array of real numbers")
    if H.ndim < 2 or H.shape[-1] != H.shape[-2] or H.shape[-1] == 0 or (size and H.shape[-1] != size):
        want = f"({size}, {size})" if size else "(d, d) with d >= 1"
        raise ValueError(f"H must be matrices shaped (..., {want[1:-1] if size else 'd, d'}); got shape {H.shape}")
    return H


def eigvalsh_2x2(H) -> np.ndarray:
    r"""Eigenvalues of symmetric 2x2 matrices ``(..., 2, 2)`` in closed form, ascending.

    For [[a, b], [b, c]]: :math:`\lambda_\pm = \tfrac{a+c}{2} \pm \sqrt{\left(\tfrac{a-c}{2}\right)^2 + b^2}`.
    ``np.hypot`` keeps the square root accurate without overflow. Only the lower
    triangle's off-diagonal ``H[..., 1, 0]`` is read (the matrix is assumed symmetric).
    """
    H = _matrices(H, 2)
    a, b, c = H[..., 0, 0], H[..., 1, 0], H[..., 1, 1]
    with np.errstate(invalid="ignore", over="ignore"):  # inf entries give nan or inf, silently
        # 0.5 a + 0.5 c equals 0.5 (a + c) exactly (halving is exact) but cannot overflow.
        mean = 0.5 * a + 0.5 * c
        radius = np.hypot(0.5 * a - 0.5 * c, b)
        return np.stack([mean - radius, mean + radius], axis=-1)


def eigvalsh(H) -> np.ndarray:
    """Ascending eigenvalues of symmetric matrices ``(..., d, d)``: closed form for d = 2, LAPACK otherwise.

    A matrix with a NaN or inf entry gets NaN eigenvalues (all d of them, whichever entry it is).
    """
    H = _matrices(H)
    if H.shape[-1] == 2:
        return eigvalsh_2x2(H)
    bad = ~np.all(np.isfinite(H), axis=(-2, -1))
    if not bad.any():
        return np.linalg.eigvalsh(H)
    lam = np.linalg.eigvalsh(np.where(bad[..., None, None], 0.0, H))
    lam[bad] = np.nan
    return lam


def classify_eigenvalues(eigenvalues, tol: float = 1e-8) -> np.ndarray:
    """Second-derivative test from Hessian eigenvalues ``(..., d)``; returns int codes ``(...)``.

    See the module docstring for the rule; ``LABELS[code]`` names a code.
    """
    tol = _check_tol(tol)
    lam = validate.real_array("eigenvalues", eigenvalues)
    if lam.ndim == 0 or lam.shape[-1] == 0:
        raise ValueError(f"eigenvalues must be shaped (..., d) with d >= 1; got shape {lam.shape}")
    if np.any(np.isnan(lam)):
        raise ValueError("eigenvalues must not be nan: a nan eigenvalue has no sign, so no label")
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
    tol = _check_tol(tol)
    lam = eigvalsh(H)
    if np.any(np.isnan(lam)):
        raise ValueError("H must be finite: a Hessian with a nan or inf entry has no label")
    return classify_eigenvalues(lam, tol)


def classify_1d(second_derivative, tol: float = 1e-8) -> np.ndarray:
    """The 1-D second-derivative test on values of f'' at critical points; int codes, same shape."""
    f2 = validate.real_array("second_derivative", second_derivative)
    if np.any(np.isnan(f2)):
        raise ValueError("second_derivative must not be nan: a nan has no sign, so no label")
    return classify_eigenvalues(f2[..., None], tol)


def classify_point(f, x, tol: float = 1e-8, grad_tol: float = 1e-6):
    """Name what ``f`` has at each point of ``x`` ``(..., d)``: a LABELS entry or "not critical".

    A point is critical when ``||grad f(x)|| <= grad_tol``; then its Hessian decides.
    Returns a string for one point, an array of strings for a batch.
    """
    validate.objective("f", f, needs=("grad", "hess"))
    tol = _check_tol(tol)
    grad_tol = _check_tol(grad_tol, "grad_tol")
    x = validate.points("x", x, f.dim, where=getattr(f, "name", "f"))
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite: a point with a nan or inf coordinate has no label")
    H = f.hess(x)
    if not np.all(np.isfinite(H)):
        raise ValueError(
            f"x must be points where the Hessian of f is finite; it overflows at {x[~np.all(np.isfinite(H), axis=(-2, -1))][:1]}"
        )
    codes = classify_hessian(H, tol)
    names = np.array(LABELS + ("not critical",))
    g = f.grad(x)
    scale = np.max(np.abs(g), axis=-1)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        norm = scale * np.linalg.norm(g / np.where(scale > 0, scale, 1.0)[..., None], axis=-1)  # no overflow
    critical = norm <= grad_tol
    out = names[np.where(critical, codes, len(LABELS))]
    return str(out) if out.ndim == 0 else out
