"""The digits ship inside the package, unchanged, and split by an explicit Generator."""

import hashlib
from importlib import resources

import numpy as np
import pytest

from lecturekit.nn import digits


def test_the_shipped_file_is_the_documented_one():
    raw = resources.files("lecturekit").joinpath("resources", "digits.csv.gz").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == digits.SHA256
    notes = resources.files("lecturekit").joinpath("resources", "DIGITS.md").read_text(encoding="utf-8")
    assert digits.SHA256 in notes and "CC BY 4.0" in notes and "Alpaydin" in notes


def test_all_images_have_integer_pixels_and_ten_classes():
    data = digits.load_digits()
    assert data.X.shape == (1797, 64) and data.y.shape == (1797,)
    assert np.array_equal(data.X, np.round(data.X)) and data.X.min() == 0 and data.X.max() == 16
    counts = np.bincount(data.y)
    assert len(counts) == 10 and counts.min() >= 170  # 174-183 per class in the UCI test set
    assert data.X[0].reshape(8, 8)[0, 2:5].tolist() == [5.0, 13.0, 9.0]  # the file's first row


def test_a_split_is_a_permutation_reproducible_from_its_generator():
    a = digits.digits(np.random.default_rng(5), n_validation=300)
    b = digits.digits(np.random.default_rng(5), n_validation=300)
    c = digits.digits(np.random.default_rng(6), n_validation=300)
    assert a.train.X.shape == (1497, 64) and a.validation.X.shape == (300, 64)
    assert np.array_equal(a.train.X, b.train.X) and np.array_equal(a.validation.y, b.validation.y)
    assert not np.array_equal(a.validation.y, c.validation.y)
    every = np.concatenate([a.train.X, a.validation.X]) * 16
    original = digits.load_digits().X
    key = lambda X: np.sort(X @ (17.0 ** np.arange(64) % 1e9))  # noqa: E731 -- a row fingerprint
    assert np.array_equal(key(every), key(original))  # the same 1,797 images, none lost or doubled
    assert 0 <= a.train.X.min() and a.train.X.max() <= 1


@pytest.mark.parametrize("bad", [0, 1797, 2.5, True])
def test_a_split_needs_both_parts(bad):
    with pytest.raises(ValueError, match="n_validation"):
        digits.digits(np.random.default_rng(0), n_validation=bad)


def test_a_split_needs_a_generator():
    with pytest.raises(ValueError, match="rng"):
        digits.digits(0)
