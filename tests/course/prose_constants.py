"""Exact constants a chapter's prose may state without printing them, each with its derivation.

``CONSTANTS[stem][number] = derivation``.
"""

CONSTANTS = {
    "01_critical_points": {
        "0.98": "1 - 2/100: the flat direction's factor 1 - ελ₁ at the sharp direction's limit ε = 2/λ₂ = 2/100",
        "0.1656": "2/12.079 = 0.16557: the stability limit 2/λmax of the local minimum (λmax printed in section 4)",
        "0.165": "a learning rate the model answer sets, just below 2/12.079 = 0.1656",
        "0.166": "a learning rate the model answer sets, just above 2/12.079 = 0.1656",
        "1.005": "|1 - 0.166 · 12.079| = 1.00511: the sharp direction's factor per step at ε = 0.166",
    },
    "02_hessian_eigen": {
        "0.8331": "the misprint of some lecture notes for 3/√13 = 0.83205, quoted in order to correct it",
        "0.4": "the tilt coefficient in the formula of two_minima, f = (x² - 1)² + 0.4x + 2(y - x²/2)²",
        "0.6455": "√(5/12) = 0.645497: where det H = 48x² - 20 of two_minima on the path y = x²/2 + 0.25 changes sign",
        "-1.1": "the x coordinate of the start (-1.1, 1.5) that the model answer to 4(c) chooses",
        "0.0826": "ε* = gᵀg / gᵀHg at (-1.1, 1.5): gradient_step_explorer(two_minima(), [-1.1, 1.5]).data['eps_star'] = 0.08259",
        "0.0664": "the true best step along -g from (-1.1, 1.5): argmin of taylor.actual_change on a 3·10⁵-point grid, 0.066385",
        "1.01": "the model's predicted decrease at ε* from (-1.1, 1.5): -taylor.predicted_change = 1.0112",
        "0.81": "the true decrease at ε* from (-1.1, 1.5): -taylor.actual_change = 0.8064",
        "0.87": "the largest true decrease along the ray from (-1.1, 1.5): 0.8669",
        "12.1": "ĝᵀH ĝ at (-1.1, 1.5) = 12.1005",
        "15.8": "ĝᵀH(x - ε*g/2)ĝ, the curvature along the ray halfway to ε* = 15.7772",
        "19.8": "ĝᵀH(x - ε*g)ĝ, the curvature along the ray at ε* = 19.7951",
    },
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
