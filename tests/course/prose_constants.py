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
    "02_hessian_eigen": {
        "0.8331": "the misprint of some lecture notes for 3/√13 = 0.83205, quoted in order to correct it",
        "0.4": "the tilt coefficient in the formula of two_minima, f = (x² - 1)² + 0.4x + 2(y - x²/2)²",
        # exercise 4's model answer (a markdown cell: a code cell there would print the solution)
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
}

PENDING = {
    "03_conditioning",
    "04_sgd_clt",
    "05_momentum",
    "06_adaptive_methods",
    "07_initialization",
}
