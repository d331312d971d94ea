"""Exact constants a chapter's prose may state without printing them, each with its derivation.

``CONSTANTS[stem][number] = derivation``. ``PENDING`` lists the chapters whose prose is not checked yet; it only shrinks.
"""

CONSTANTS = {
    "03_conditioning": {
        "0.08": "2/25: the step 2/a at which the steepest coordinate (a = 25) of section 2 bounces",
        "1.98": "1 + r for the population correlation r = 0.98: the larger eigenvalue of the correlation matrix",
        "1.2": "1 + 2ε with ε = 0.1: gradient descent's factor along y on x² − y² (Hessian −2 along y)",
        "1.09": "12/11 = 1.0909...: the damping λ with λ/(λ − 2) = −1.2",
        "2.6": "the step factor exercise 5(a) asks for, ε = 2.6/λmax(H(0)): a setting, not a result",
    },
    "04_sgd_clt": {
        "3.2": "√10 = 3.162...: the error's factor per tenfold N",
        "0.9": "9,000 steps × (ε0/100)² = 0.9 ε0²: what linear decay's floor adds to Σε² after τ = 1000",
        "0.58": "the Euler-Mascheroni constant γ = 0.5772...: Σ_{j≤k} 1/j ≈ ln k + γ",
        "19.6": "2(ln 10,000 + γ) = 19.58: the distance 2/(k+1) travels in 10,000 steps",
    },
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
    "07_initialization",
}
