r"""How often is a random symmetric matrix positive definite?

A heuristic for why saddle points outnumber minima in high dimensions (Dauphin et al.,
"Identifying and attacking the saddle point problem in high-dimensional non-convex
optimization", NeurIPS 2014): if the Hessian at a critical point behaved like a random
symmetric matrix, the critical point would be a minimum only when *all* d eigenvalues
are positive. If the signs were independent coin flips that would happen with
probability 2^-d; eigenvalues of a random symmetric matrix repel each other, and for
the Gaussian orthogonal ensemble the probability falls like exp(-(ln 3 / 4) d^2)
(Dean & Majumdar, Phys. Rev. Lett. 97, 160201, 2006). Real loss Hessians are not GOE
matrices: this is an illustration, not a theorem about networks.
"""

from __future__ import annotations

import numpy as np

from . import validate


def random_symmetric(rng: np.random.Generator, n: int, d: int) -> np.ndarray:
    """``n`` matrices from the Gaussian orthogonal ensemble, ``(n, d, d)``: (G + G^T) / 2, G standard normal."""
    validate.generator(rng)
    n, d = validate.integer("n", n), validate.integer("d", d)
    validate.elements("n * d^2", (n, d, d))
    G = rng.normal(size=(n, d, d))
    return 0.5 * (G + np.swapaxes(G, -1, -2))


def fraction_positive_definite(rng: np.random.Generator, dims, n: int = 100_000) -> np.ndarray:
    """Monte Carlo estimate, for each d in ``dims``, of P(all eigenvalues > 0) over ``n`` GOE matrices.

    Each dimension is one batched ``eigvalsh`` call over n matrices (the loop is over the
    few dimensions, whose matrices have different shapes).
    """
    validate.generator(rng)
    dims = np.atleast_1d(validate.integer_array("dims", dims, 1))
    if dims.ndim != 1:
        raise ValueError(f"dims must be a 1-D list of dimensions; got shape {dims.shape}")
    n = validate.integer("n", n)
    validate.elements("n * max(dims)^2", (n, int(dims.max()), int(dims.max())))
    validate.work("n * sum(dims^3)", n * sum(int(d) ** 3 for d in dims), "eigenvalue operations")
    return np.array([np.mean(np.all(np.linalg.eigvalsh(random_symmetric(rng, n, int(d))) > 0, axis=-1)) for d in dims])


def goe_large_deviation(dims) -> np.ndarray:
    """The leading-order asymptote exp(-(ln 3 / 4) d^2) of P(GOE matrix is positive definite).

    ``dims`` are dimensions d: whole numbers >= 1 (integers, or floats such as 2.0); a huge d gives 0.
    """
    d = np.asarray(validate.in_range("dims", dims, 1.0, np.inf), dtype=float)
    if not np.all(d == np.floor(d)):
        raise ValueError(f"dims must be dimensions: whole numbers >= 1 (the formula counts rows); got {dims!r}")
    with np.errstate(over="ignore", under="ignore"):  # huge d: exp(-inf) = 0
        return np.exp(-np.log(3) / 4 * d**2)
