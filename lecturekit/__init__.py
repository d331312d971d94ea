"""lecturekit: vectorized NumPy companion code for *Optimization for Deep Learning*.

Modules, one concept each:

* `objectives` -- test functions with exact gradients and Hessians, batch-first
* `finite_diff` -- central finite differences to check them
"""

__version__ = "0.1.0"
