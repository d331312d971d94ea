"""Exact constants a chapter's prose may state without printing them, each with its derivation.

``CONSTANTS[stem][number] = derivation``. ``PENDING`` lists the chapters whose prose is not checked yet; it only shrinks.
"""

CONSTANTS = {
    "01_critical_points": {
        # exercise 5's model answer (a markdown cell: a code cell there would print the solution)
        "0.98": "1 - 2/100: the flat direction's factor 1 - ελ₁ at the sharp direction's limit ε = 2/λ₂ = 2/100",
        "0.1656": "2/12.079 = 0.16557: the stability limit 2/λmax of the local minimum (λmax printed in section 4)",
        "0.165": "a learning rate the model answer sets, just below 2/12.079 = 0.1656",
        "0.166": "a learning rate the model answer sets, just above 2/12.079 = 0.1656",
        "1.005": "|1 - 0.166 · 12.079| = 1.00511: the sharp direction's factor per step at ε = 0.166",
    },
}

PENDING = {
    "02_hessian_eigen",
    "03_conditioning",
    "04_sgd_clt",
    "05_momentum",
    "06_adaptive_methods",
    "07_initialization",
}
