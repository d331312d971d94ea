"""Exact constants a chapter's prose may state without printing them, each with its derivation.

``CONSTANTS[stem][number] = derivation``. ``PENDING`` lists the chapters whose prose is not checked yet; it only shrinks.
"""

CONSTANTS = {
    "06_adaptive_methods": {
        "1.2": "Rprop's growth factor η+ (Riedmiller & Braun 1993), the default of optim.rprop",
        "0.0045": "AdaDelta's first step √ε/√(1 − ρ) = √1e-6/√0.05 = 0.004472 (Zeiler's ρ = 0.95, ε = 1e-6)",
        "1.1": "|g| + δ = 1e-9 + 1e-8 = 1.1e-8, Adam's divisor in exercise 4(a)",
        "0.25": "AdamW's box radius ε/λ = 0.05/0.2 in exercise 4(b)",
    },
}

PENDING = {
    "01_critical_points",
    "02_hessian_eigen",
    "03_conditioning",
    "04_sgd_clt",
    "07_initialization",
}
