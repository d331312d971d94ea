"""Exact constants a chapter's prose may state without printing them, each with its derivation.

``CONSTANTS[stem][number] = derivation``. ``PENDING`` lists the chapters whose prose is not checked yet; it only shrinks.
"""

CONSTANTS = {}

PENDING = {
    "01_critical_points",
    "02_hessian_eigen",
    "03_conditioning",
    "04_sgd_clt",
    "05_momentum",
    "06_adaptive_methods",
}
