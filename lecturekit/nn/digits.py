r"""A real data set: the 8 × 8 handwritten digits, shipped inside the package, and its split.

The data are the 1,797 test images of the UCI "Optical Recognition of Handwritten Digits" data set
(E. Alpaydin and C. Kaynak, 1998; UCI Machine Learning Repository, doi:10.24432/C50P49; licence
CC BY 4.0), as scikit-learn distributes them (``sklearn/datasets/data/digits.csv.gz``). Each image
is a 32 × 32 bitmap of a digit written by one of 13 people, reduced to 8 × 8 blocks whose values
count the black pixels of a 4 × 4 block: integers 0..16. The file sits in
``lecturekit/resources/digits.csv.gz`` (provenance, licence and checksum in
``lecturekit/resources/DIGITS.md``); it is read through `importlib.resources`, so it is there
wherever the package is installed, and nothing is downloaded at run time.

* `load_digits` -- all 1,797 images ``(1797, 64)`` (rows of the 8 × 8 image, values 0..16) and
  labels ``(1797,)`` in 0..9, in the file's order; the file's SHA-256 is checked first.
* `digits` -- a random train/validation split drawn by an explicit ``Generator``, inputs scaled
  to [0, 1] (divided by 16).

>>> import numpy as np
>>> from lecturekit.nn import digits
>>> split = digits.digits(np.random.default_rng(0), n_validation=500)
>>> split.train.X.shape, split.validation.X.shape, float(split.train.X.max())
((1297, 64), (500, 64), 1.0)
"""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources
from typing import NamedTuple

import numpy as np

from .. import validate
from .datasets import Dataset

#: The SHA-256 of ``digits.csv.gz`` as taken from scikit-learn 1.9.1's wheel.
SHA256 = "09f66e6debdee2cd2b5ae59e0d6abbb73fc2b0e0185d2e1957e9ebb51e23aa22"
N_IMAGES = 1797


class Split(NamedTuple):
    """A train/validation split: two `Dataset` (inputs ``(n, 64)``, labels ``(n,)`` in 0..9)."""

    train: Dataset
    validation: Dataset


def load_digits() -> Dataset:
    """All 1,797 images as a `Dataset`: ``X`` ``(1797, 64)`` floats with the integer pixel counts
    0..16 (row-major 8 × 8), ``y`` ``(1797,)`` integer labels 0..9, in the file's order.

    Raises ``RuntimeError`` if the shipped file's checksum is not `SHA256` (a damaged install)."""
    raw = resources.files("lecturekit").joinpath("resources", "digits.csv.gz").read_bytes()
    if hashlib.sha256(raw).hexdigest() != SHA256:
        raise RuntimeError("lecturekit/resources/digits.csv.gz is damaged: its SHA-256 differs; reinstall lecturekit")
    table = np.loadtxt(gzip.decompress(raw).decode("ascii").splitlines(), delimiter=",")
    return Dataset(table[:, :-1], table[:, -1].astype(int))


def digits(rng, n_validation: int = 500) -> Split:
    """A random split of the 1,797 digits into ``1797 - n_validation`` training and
    ``n_validation`` validation images, drawn by ``rng`` (a ``numpy.random.Generator``: the same
    seed gives the same split). Inputs are divided by 16, so they lie in [0, 1]; the split is a
    uniform random permutation (not stratified: each class keeps about its share, 10 %)."""
    validate.generator(rng)
    n_validation = validate.integer("n_validation", n_validation, 1, N_IMAGES - 1)
    data = load_digits()
    order = rng.permutation(N_IMAGES)
    X, y = data.X[order] / 16.0, data.y[order]
    cut = N_IMAGES - n_validation
    return Split(Dataset(X[:cut], y[:cut]), Dataset(X[cut:], y[cut:]))
