"""sampling: CLT moments, standard errors, histograms and minibatch index schemes against independent computations."""

import numpy as np
import pytest

from lecturekit import sampling


def test_uniform_means_follow_the_clt_law(rng):
    for n in (1, 10, 50):
        means = sampling.uniform_means(rng, n, 200_000)
        mu, sd = sampling.uniform_mean_law(n)
        assert means.shape == (200_000,)
        assert abs(means.mean() - mu) < 5 * sd / np.sqrt(200_000)
        assert means.std() == pytest.approx(sd, rel=0.01)


def test_uniform_means_equal_a_loop_of_np_mean_with_the_same_draws():
    rng_a, rng_b = np.random.default_rng(5), np.random.default_rng(5)
    vec = sampling.uniform_means(rng_a, 7, 300, low=-2.0, high=3.0)
    u = -2.0 + 5.0 * rng_b.random((7, 300))
    np.testing.assert_allclose(vec, [np.mean(u[:, t]) for t in range(300)], rtol=1e-12)


def test_uniform_means_in_chunks_equal_one_block(monkeypatch):
    whole = sampling.uniform_means(np.random.default_rng(1), 50, 40)
    monkeypatch.setattr(sampling, "CHUNK", 200)  # 5 rows per block -> 10 blocks
    chunked = sampling.uniform_means(np.random.default_rng(1), 50, 40)
    np.testing.assert_allclose(chunked, whole, rtol=1e-12)


def test_running_means_are_prefix_means(rng):
    seed = np.random.default_rng(3)
    means = sampling.running_means(seed, 6, 4)
    u = np.random.default_rng(3).random((6, 4))
    for N in range(1, 7):
        np.testing.assert_allclose(means[N - 1], u[:N].mean(axis=0))


def test_uniform_mean_law_is_exact_for_one_draw():
    mu, sd = sampling.uniform_mean_law(1, 2.0, 5.0)
    assert mu == 3.5 and sd == pytest.approx(3.0 / np.sqrt(12))
    mus, sds = sampling.uniform_mean_law(np.array([1, 4]))
    np.testing.assert_allclose(sds, [1 / np.sqrt(12), 1 / np.sqrt(48)])
    np.testing.assert_allclose(mus, [0.5, 0.5])


def test_normal_pdf_matches_the_formula_and_integrates_to_one():
    x = np.linspace(-10, 12, 20001)
    p = sampling.normal_pdf(x, 1.0, 2.0)
    trapezoid = np.sum((p[1:] + p[:-1]) / 2 * np.diff(x))  # np.trapezoid is NumPy >= 2 only
    assert trapezoid == pytest.approx(1.0, abs=1e-6)
    assert sampling.normal_pdf(1.0, 1.0, 2.0) == pytest.approx(1 / (2 * np.sqrt(2 * np.pi)))


def test_standard_errors(rng):
    assert sampling.standard_error(3.0, 100) == pytest.approx(0.3)
    np.testing.assert_allclose(sampling.standard_error(1.0, [1, 100, 10_000]), [1, 0.1, 0.01])
    x = rng.normal(size=(3, 50))
    expected = np.sqrt(((x - x.mean(1, keepdims=True)) ** 2).sum(1) / 49) / np.sqrt(50)
    np.testing.assert_allclose(sampling.estimated_standard_error(x), expected)


def test_finite_population_correction_matches_enumeration():
    values = np.array([0.0, 1.0, 4.0, 9.0, 2.0])
    n, m = values.size, 2
    pairs = [(i, j) for i in range(n) for j in range(n) if i != j]
    var_without = np.var([values[list(p)].mean() for p in pairs])  # all ordered distinct pairs, equally likely
    assert var_without == pytest.approx(values.var() / m * sampling.finite_population_correction(n, m))
    assert sampling.finite_population_correction(10, 1) == 1.0
    assert sampling.finite_population_correction(10, 10) == 0.0


def test_batched_histogram_matches_np_histogram(rng):
    values = rng.normal(size=(4, 1000))
    edges = np.linspace(-2, 2, 17)
    got = sampling.batched_histogram(values, edges)
    for row, h in zip(values, got):
        counts, _ = np.histogram(row, edges)
        np.testing.assert_allclose(h, counts / (1000 * np.diff(edges)))
    counts = sampling.batched_histogram(np.array([[2.0, -2.0, 5.0]]), edges, density=False)
    assert counts.sum() == 2 and counts[0, -1] == 1  # the last bin includes its right edge


def test_minibatch_index_schemes(rng):
    idx = sampling.with_replacement(rng, 7, 3, size=(5, 2))
    assert idx.shape == (5, 2, 3) and idx.min() >= 0 and idx.max() < 7
    distinct = sampling.without_replacement(rng, 7, 7, size=50)
    assert all(sorted(row) == list(range(7)) for row in distinct)
    batches = sampling.shuffled_batches(rng, 10, 3, passes=2)
    assert batches.shape == (6, 3)
    np.testing.assert_array_equal(batches[:3], batches[3:])  # shuffled once: the same order again
    assert len(np.unique(batches[:3])) == 9  # one pass reads 9 distinct examples, drops 10 mod 3 = 1
    again = sampling.shuffled_batches(np.random.default_rng(0), 100, 10, passes=2, reshuffle=True)
    assert not np.array_equal(again[:10], again[10:])
    assert sorted(again[10:].ravel()) == list(range(100))


def test_minibatch_means_have_the_promised_spread(rng):
    values = rng.normal(size=200) ** 3  # skewed, heavy-tailed per-example values
    sizes = np.array([1, 4, 50])
    with_rep = sampling.minibatch_means(rng, values, sizes, 40_000)
    without = sampling.minibatch_means(rng, values, sizes, 40_000, replace=False)
    sigma = values.std()
    np.testing.assert_allclose(with_rep.std(axis=1), sigma / np.sqrt(sizes), rtol=0.03)
    fpc = sampling.finite_population_correction(200, sizes)
    np.testing.assert_allclose(without.std(axis=1), sigma / np.sqrt(sizes) * np.sqrt(fpc), rtol=0.03)
    assert np.all(np.abs(with_rep.mean(axis=1) - values.mean()) < 5 * sigma / np.sqrt(sizes * 40_000))
    two_d = sampling.minibatch_means(rng, rng.normal(size=(30, 2)), sizes, 10)
    assert two_d.shape == (3, 10, 2)


def test_minibatch_means_of_size_m_are_plain_means():
    values = np.arange(10.0)[:, None] * [1.0, -1.0]
    got = sampling.minibatch_means(np.random.default_rng(4), values, np.array([1, 3]), 5)
    idx = np.random.default_rng(4).integers(0, 10, size=(5, 3))
    np.testing.assert_allclose(got[1], values[idx].mean(axis=1))
    np.testing.assert_allclose(got[0], values[idx[:, 0]])


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda r: sampling.uniform_means(0, 3, 4), "Generator"),
        (lambda r: sampling.uniform_means(r, 0, 4), "n must be an integer >= 1"),
        (lambda r: sampling.uniform_means(r, 3, 4, low=1.0, high=1.0), "low < high"),
        (lambda r: sampling.running_means(r, 2.5, 4), "n_max"),
        (lambda r: sampling.uniform_means(r, 10**9, 4), "uniform draws; one call is capped at 2e"),
        (lambda r: sampling.uniform_mean_law(0), "n must be an integer"),
        (lambda r: sampling.normal_pdf(0.0, 0.0, 0.0), "std"),
        (lambda r: sampling.standard_error(-1.0, 4), "sigma"),
        (lambda r: sampling.standard_error(1.0, 0), "n must be an integer or integer array >= 1"),
        (lambda r: sampling.estimated_standard_error(np.ones(1)), "at least 2 samples"),
        (lambda r: sampling.finite_population_correction(5, 6), "1 <= m <= n"),
        (lambda r: sampling.batched_histogram(np.ones(3), np.linspace(0, 1, 3)), r"\(K, T\)"),
        (lambda r: sampling.batched_histogram(np.ones((2, 3)), np.array([1.0, 0.0])), "increasing"),
        (lambda r: sampling.with_replacement(r, 5, 2, size=-1), "size"),
        (lambda r: sampling.without_replacement(r, 5, 6), "m <= n"),
        (lambda r: sampling.shuffled_batches(r, 5, 6), "at least m"),
        (lambda r: sampling.minibatch_means(r, np.ones(5), np.array([0]), 3), "sizes"),
    ],
)
def test_bad_input_raises_value_error(rng, call, match):
    with pytest.raises(ValueError, match=match):
        call(rng)


@pytest.mark.parametrize("reshuffle", [False, True])
def test_shuffled_batches_per_run_gives_each_run_its_own_permutation(reshuffle):
    out = sampling.shuffled_batches_per_run(np.random.default_rng(1), 10, 3, runs=4, passes=2, reshuffle=reshuffle)
    assert out.shape == (6, 4, 3)
    for r in range(4):
        first, second = out[:3, r].ravel(), out[3:, r].ravel()
        assert len(set(first)) == 9 and len(set(second)) == 9  # distinct within a pass, 10 mod 3 = 1 left out
        assert np.array_equal(first, second) != reshuffle  # the same order again unless reshuffled
    assert not np.array_equal(out[:, 0], out[:, 1])  # runs differ
    with pytest.raises(ValueError, match="m = 11"):
        sampling.shuffled_batches_per_run(np.random.default_rng(1), 10, 11, runs=2)
