"""lecturekit: vectorized NumPy companion code for *Optimization for Deep Learning*.

Modules, one concept each; arrays are batch-first (``(B, d)`` points, hyperparameters
broadcastable per row), randomness comes from an explicit ``numpy.random.Generator``:

* `objectives` -- test functions with exact gradients and Hessians
* `optim` -- optimizers as pure init/update pairs, and `optim.run` for B trajectories at once
* `schedules` -- learning-rate schedules, plain functions of the step
* `critical` -- the second-derivative test (1-D, and by Hessian eigenvalues)
* `diagnostics` -- what a run did: its regime, where it ended, basin maps
* `convexity` -- the chord test
* `nn` -- neural networks as objectives: MLPs over flat ``(B, P)`` parameters, initializers,
  batch normalization, 2-D data sets (and the two-layer network's weight-space symmetry)
* `random_matrices` -- how often a random symmetric matrix is positive definite
* `finite_diff` -- central differences, to check exact derivatives
* `validate` -- the bad-input policy and the argument checks every module uses (clear ValueErrors)
* `linalg` -- eigenpairs (closed form for symmetric 2x2), angles between vectors
* `curvature` -- directional second derivatives, eigen-weights, curvature maps
* `taylor` -- the second-order model, predicted against actual change, the optimal step
* `conditioning` -- condition numbers, step sizes on quadratics, Hessian-vector products
* `sampling` -- means of random draws (the CLT), minibatch index sampling
* `risk` -- true against empirical risk on a Gaussian linear model
* `rates` -- Robbins-Monro sums, noise floors, convergence rates as log-log slopes
* `momentum` -- the heavy ball and Nesterov on a quadratic as 2x2 recurrences: rates,
  regimes, critical damping, optimal tuning
* `adaptive` -- what adaptive methods compute: effective per-coordinate rates, Adam's moments,
  the memory of an exponential average, the band of good learning rates
* `online` -- online convex optimization on an interval, regret, and Reddi et al.'s
  counterexample to Adam's convergence
* `propagation` -- signals and gradients through deep networks at initialization: variances
  per layer, repeated multiplication, input-output Jacobians
* `continuation` -- Gaussian smoothing of a 1-D objective, and descent from blurred to sharp
* `sharpness` -- the top Hessian eigenvalue of networks (Lanczos on exact Hessian-vector
  products), Adam's preconditioned sharpness, the edge-of-stability thresholds, a tracker
* `noise_scale` -- the gradient noise scale B_simple = tr(Σ)/|G|², from per-example gradients
  or from two batch sizes
* `range_test` -- the learning-rate range test: ε grown exponentially, loss against ε, two picks
* `tuning` -- learning-rate sweeps over rates and seeds in one run, the best rate, steps to a target
  against the batch size, warmup-stable-decay cool-downs branched from one run
* `race` -- a fair race between optimizers on a network: each tuned by a sweep over seeds,
  compared at equal budgets of epochs (full-batch L-BFGS included)

Above them, three layers, each a package with one module per topic (``descent``,
``curvature``, ``conditioning``, ``sgd``, ...):

* `plots` -- drawing; takes arrays and an optional ``ax``, returns the artists
* `widgets` -- explorers: controls around drawings, precomputed, redrawn in place
* `checks` -- exercise checks (the comparison machinery is `checks.compare`)
* `style` -- the look (colours, contexts)

The layering is enforced by import-linter (contracts in ``pyproject.toml``, run by
``make test``): compute modules, `objectives`, `optim` and `nn` never import `plots`,
`widgets` or `checks`; `plots` never imports `widgets` or `checks`; `widgets` may import
everything below it; `checks` imports compute modules only.
"""

__version__ = "0.1.0"
