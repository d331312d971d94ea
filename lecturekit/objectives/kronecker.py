r"""A matrix least-squares problem whose Hessian is a Kronecker product: the test bed of
Kronecker-factored preconditioners (K-FAC, Shampoo).

For a weight matrix W (m × n), symmetric positive definite P (m × m) and Q (n × n) and a target
W*, let E = W − W* and

.. math::
    f(W) = \tfrac12 \langle E, P E Q\rangle = \tfrac12 \operatorname{tr}(E^\top P E Q),\qquad
    \nabla f = P E Q,\qquad \nabla^2 f = P \otimes Q

for W stored row-major as a flat vector of length mn (``w = W.reshape(-1)``): then
``vec(P E Q) = (P ⊗ Q) vec(E)``. The eigenvalues of the Hessian are all the products p_i q_j,
so κ = κ(P) κ(Q), and its eigenvectors are u_i ⊗ v_j: the error of W in the direction
(i, j) is :math:`u_i^\top E v_j` (`eigen_errors`). A linear layer with inputs of covariance Q
and output-side curvature P has exactly this Hessian in its weights; K-FAC (Martens & Grosse
2015) approximates a network layer's Fisher matrix by such a product.

>>> import numpy as np
>>> from lecturekit.objectives import kronecker
>>> f = kronecker.kronecker_quadratic(np.diag([1.0, 4.0]), np.diag([1.0, 9.0]), np.ones((2, 2)))
>>> f.value(np.zeros((1, 4))), np.linalg.eigvalsh(f.hess(np.zeros(4)))
(array([25.]), array([ 1.,  4.,  9., 36.]))
"""

from __future__ import annotations

import numpy as np

from .. import validate
from .base import Objective


class KroneckerQuadratic(Objective):
    """f(W) = ½⟨W − W*, P (W − W*) Q⟩ on flat row-major W; see the module docstring."""

    def __init__(self, P, Q, W_star):
        P, Q = _spd("P", P), _spd("Q", Q)
        W_star = validate.real_array("W_star", W_star, finite=True)
        if W_star.shape != (P.shape[0], Q.shape[0]):
            raise ValueError(f"W_star must have shape ({P.shape[0]}, {Q.shape[0]}) for P and Q; got {W_star.shape}")
        validate.elements("W_star", (W_star.size, W_star.size))
        self.P, self.Q, self.W_star = P, Q, W_star
        self.shape = W_star.shape
        self.p, self.U = np.linalg.eigh(P)
        self.q, self.V = np.linalg.eigh(Q)
        m, n = self.shape
        super().__init__(
            name=f"Kronecker quadratic {m}x{n}",
            dim=m * n,
            minimizers=W_star.reshape(1, -1),
            minimum=0.0,
        )

    def _error(self, w):
        w = np.asarray(w, dtype=float)
        return w.reshape(w.shape[:-1] + self.shape) - self.W_star

    def _value(self, w):
        E = self._error(w)
        return 0.5 * np.einsum("...ij,...ij->...", E, self.P @ E @ self.Q)

    def _grad(self, w):
        E = self._error(w)
        return (self.P @ E @ self.Q).reshape(np.shape(w))

    def _hess(self, w):
        H = np.kron(self.P, self.Q)
        return np.broadcast_to(H, np.shape(w) + (H.shape[-1],))

    def curvatures(self) -> np.ndarray:
        """The Hessian's eigenvalues as an (m, n) table: entry (i, j) is p_i q_j."""
        return self.p[:, None] * self.q[None, :]

    def eigen_errors(self, w) -> np.ndarray:
        """The error of each point ``w`` ``(..., mn)`` in the Hessian's eigendirections:
        ``(..., m, n)`` with entry (i, j) = u_iᵀ (W − W*) v_j, the direction of curvature p_i q_j."""
        w = validate.real_array("w", w)
        if w.ndim == 0 or w.shape[-1] != self.dim:
            raise ValueError(f"w must be points shaped (..., {self.dim}); got shape {w.shape}")
        with np.errstate(invalid="ignore", over="ignore"):  # NaN and inf propagate to their point
            return self.U.T @ self._error(w) @ self.V


def _spd(name: str, A) -> np.ndarray:
    A = validate.real_array(name, A, finite=True, what="a symmetric positive definite matrix (k, k)")
    if A.ndim != 2 or A.shape[0] != A.shape[1] or A.shape[0] == 0:
        raise ValueError(f"{name} must be a square matrix (k, k); got shape {A.shape}")
    if not np.allclose(A, A.T, rtol=1e-12, atol=0.0):
        raise ValueError(f"{name} must be symmetric")
    if np.linalg.eigvalsh(A)[0] <= 0:
        raise ValueError(f"{name} must be positive definite: its smallest eigenvalue is <= 0")
    return A


def kronecker_quadratic(P, Q, W_star) -> KroneckerQuadratic:
    """The `KroneckerQuadratic` f(W) = ½⟨W − W*, P (W − W*) Q⟩ for P ``(m, m)``, Q ``(n, n)``
    symmetric positive definite and W* ``(m, n)``; points are flat ``(B, m n)``, row-major."""
    return KroneckerQuadratic(P, Q, W_star)
