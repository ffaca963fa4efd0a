"""Monte Carlo averages and importance sampling against SciPy's exact values."""

import math

import numpy as np
import pytest
from scipy import stats

from mlwiki.probability import importance_sampling, importance_weighted, monte_carlo_estimate, rms_error_curve


def test_estimate_and_standard_error_match_numpy_and_scipy():
    values = np.random.default_rng(0).exponential(2.0, 5000)
    estimate = monte_carlo_estimate(values)
    assert estimate.mean == pytest.approx(values.mean())
    assert estimate.standard_error == pytest.approx(stats.sem(values))
    assert estimate.per_sample_variance == pytest.approx(values.var(ddof=1))
    assert estimate.n == 5000


def test_rms_error_shrinks_like_one_over_root_n():
    sizes = np.array([16, 256, 4096])
    rms = rms_error_curve(lambda shape, rng: rng.standard_normal(shape), 0.0, sizes, 400,
                          rng=np.random.default_rng(1))
    np.testing.assert_allclose(rms, 1 / np.sqrt(sizes), rtol=0.12)


def test_importance_sampling_of_a_normal_tail_matches_scipy():
    rng = np.random.default_rng(2)
    estimate = importance_sampling(lambda x: (x > 3).astype(float), stats.norm.logpdf,
                                   lambda x: stats.norm.logpdf(x, loc=3), lambda n, g: g.normal(3, 1, n),
                                   50_000, rng=rng)
    exact = stats.norm.sf(3)
    assert abs(estimate.mean - exact) < 4 * estimate.standard_error
    # Variance per draw: e^{9} Phi-bar(6) - p^2 for a shift of 3.
    assert estimate.per_sample_variance == pytest.approx(math.exp(9) * stats.norm.sf(6) - exact ** 2, rel=0.05)


def test_weights_come_from_log_densities_without_overflow():
    draws = np.array([40.0, 50.0])
    values = importance_weighted(lambda x: np.ones_like(x), stats.norm.logpdf, lambda x: stats.norm.logpdf(x, 45), draws)
    np.testing.assert_allclose(values, np.exp(stats.norm.logpdf(draws) - stats.norm.logpdf(draws, 45)))
    assert np.all(np.isfinite(values))


def test_a_proposal_equal_to_the_target_gives_the_plain_estimate():
    draws = np.random.default_rng(3).standard_normal(100)
    values = importance_weighted(np.square, stats.norm.logpdf, stats.norm.logpdf, draws)
    np.testing.assert_allclose(values, draws ** 2)


@pytest.mark.parametrize("call, error, match", [
    (lambda: monte_carlo_estimate([1.0]), ValueError, "at least 2 draws"),
    (lambda: monte_carlo_estimate([[1.0, 2.0]]), ValueError, "values must have 1 dimension"),
    (lambda: monte_carlo_estimate([1.0, np.inf]), ValueError, "non-finite"),
    (lambda: rms_error_curve("d", 0.0, [10], 5, rng=np.random.default_rng(0)), TypeError, "draw must be callable"),
    (lambda: rms_error_curve(lambda s, r: r.random(s), 0.0, [0, 10], 5, rng=np.random.default_rng(0)), ValueError,
     "sample_sizes must be whole numbers >= 1"),
    (lambda: rms_error_curve(lambda s, r: r.random(s), 0.0, [10], 1, rng=np.random.default_rng(0)), ValueError,
     "n_repeats must be at least 2"),
    (lambda: rms_error_curve(lambda s, r: r.random(3), 0.0, [10], 5, rng=np.random.default_rng(0)), ValueError,
     r"draw must return an array of shape \(5, 10\)"),
    (lambda: rms_error_curve(lambda s, r: r.random(s), 0.0, [10], 5, rng=1), ValueError, "rng must be a numpy.random.Generator"),
    (lambda: importance_weighted("f", np.log, np.log, [1.0]), TypeError, "f must be callable"),
    (lambda: importance_weighted(np.ones_like, np.log, np.log, [[1.0]]), ValueError, "draws must have 1 dimension"),
    (lambda: importance_weighted(lambda x: np.ones(3), np.log, np.log, [1.0, 2.0]), ValueError, "one value per draw"),
    (lambda: importance_sampling(np.ones_like, np.log, np.log, lambda n, g: g.random(n + 1), 5,
                                 rng=np.random.default_rng(0)), ValueError, r"sample_proposal must return 5 draws"),
    (lambda: importance_sampling(np.ones_like, np.log, np.log, None, 5, rng=np.random.default_rng(0)), TypeError,
     "sample_proposal must be callable"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
