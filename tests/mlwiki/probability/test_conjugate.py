"""Maximum likelihood and conjugate updates against SciPy's fits, its distributions and brute-force grids."""

import numpy as np
import pytest
from scipy import stats

from mlwiki.probability import (bernoulli_mle, beta_bernoulli_update, gaussian_mle, grid_posterior,
                                normal_mean_update)


def test_maximum_likelihood_matches_scipy_fits():
    data = np.random.default_rng(0).normal(3.0, 2.0, 50)
    mean, variance = gaussian_mle(data)
    loc, scale = stats.norm.fit(data)
    assert mean == pytest.approx(loc) and np.sqrt(variance) == pytest.approx(scale)
    flips = np.array([1, 1, 0, 1, 0, 0, 1, 1])
    assert bernoulli_mle(flips) == 5 / 8
    # The likelihood is largest at the estimate (SciPy's Bernoulli log-pmf over a grid).
    grid = np.linspace(0.01, 0.99, 99)
    log_lik = [stats.bernoulli.logpmf(flips, t).sum() for t in grid]
    assert grid[int(np.argmax(log_lik))] == pytest.approx(5 / 8, abs=0.01)


def test_beta_bernoulli_update_equals_the_brute_force_posterior():
    flips = np.array([1, 0, 1, 1, 1, 0, 1])
    a, b = beta_bernoulli_update(2.0, 3.0, flips)
    assert (a, b) == (7.0, 5.0)
    theta = np.linspace(0, 1, 4001)
    grid = grid_posterior(lambda t: stats.beta.logpdf(t, 2, 3), lambda t: stats.binom.logpmf(5, 7, t), theta)
    np.testing.assert_allclose(grid, stats.beta.pdf(theta, a, b), atol=1e-9)
    assert beta_bernoulli_update(1.0, 1.0, []) == (1.0, 1.0)


def test_normal_mean_update_equals_the_brute_force_posterior():
    data = np.array([1.0, 2.5, 0.3])
    mean, variance = normal_mean_update(-1.0, 2.0, 0.5, data)
    mu = np.linspace(-5, 5, 8001)
    grid = grid_posterior(lambda m: stats.norm.logpdf(m, -1.0, np.sqrt(2.0)),
                          lambda m: stats.norm.logpdf(data[:, None], m, np.sqrt(0.5)).sum(axis=0), mu)
    np.testing.assert_allclose(grid, stats.norm.pdf(mu, mean, np.sqrt(variance)), atol=1e-8)
    assert np.trapezoid(grid, mu) == pytest.approx(1.0)


def test_grid_posterior_survives_huge_log_likelihoods():
    theta = np.linspace(0.01, 0.99, 99)
    density = grid_posterior(lambda t: np.zeros_like(t), lambda t: 1e4 * np.log(t), theta)
    assert np.all(np.isfinite(density)) and np.trapezoid(density, theta) == pytest.approx(1.0)


@pytest.mark.parametrize("call, error, match", [
    (lambda: bernoulli_mle([0, 2]), ValueError, "outcomes must hold 0s and 1s"),
    (lambda: bernoulli_mle([]), ValueError, "at least one observation"),
    (lambda: gaussian_mle([]), ValueError, "at least one observation"),
    (lambda: gaussian_mle([[1.0]]), ValueError, "data must have 1 dimension"),
    (lambda: beta_bernoulli_update(0.0, 1.0, [1]), ValueError, "a must be > 0"),
    (lambda: beta_bernoulli_update(1.0, -1.0, [1]), ValueError, "b must be > 0"),
    (lambda: normal_mean_update(0.0, 0.0, 1.0, [1.0]), ValueError, "prior_variance must be > 0"),
    (lambda: normal_mean_update(0.0, 1.0, 0.0, [1.0]), ValueError, "noise_variance must be > 0"),
    (lambda: normal_mean_update([0.0, 1.0], 1.0, 1.0, [1.0]), ValueError, "prior_mean must have 0 dimension"),
    (lambda: grid_posterior("p", np.log, np.linspace(0, 1, 5)), TypeError, "log_prior must be callable"),
    (lambda: grid_posterior(np.log, np.log, [0.1, 0.2, 0.4]), ValueError, "evenly spaced"),
    (lambda: grid_posterior(np.zeros_like, lambda t: np.zeros(2), np.linspace(0, 1, 5)), ValueError,
     "one value per grid point"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
