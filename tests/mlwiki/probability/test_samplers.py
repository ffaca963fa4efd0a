"""Inverse-transform and rejection sampling against SciPy's distributions (Kolmogorov-Smirnov tests)."""

import math

import numpy as np
import pytest
from scipy import stats

from mlwiki.probability import (envelope_constant, exponential_inverse_cdf, inverse_transform_sample,
                                laplace_inverse_cdf, rejection_sample)


def test_inverse_cdfs_match_scipy_ppf():
    u = np.linspace(0.001, 0.999, 999)
    np.testing.assert_allclose(exponential_inverse_cdf(u, 2.5), stats.expon(scale=1 / 2.5).ppf(u), rtol=1e-12)
    np.testing.assert_allclose(laplace_inverse_cdf(u, loc=1.0, scale=0.5), stats.laplace(1.0, 0.5).ppf(u),
                               rtol=1e-12, atol=1e-12)


def test_inverse_transform_draws_pass_a_distribution_test():
    draws = inverse_transform_sample(laplace_inverse_cdf, 20_000, rng=np.random.default_rng(0))
    assert stats.kstest(draws, stats.laplace.cdf).pvalue > 0.01
    again = inverse_transform_sample(laplace_inverse_cdf, 20_000, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(draws, again)


def test_extreme_probabilities_stay_finite():
    assert np.isfinite(exponential_inverse_cdf(1 - 1e-16, 1.0)) and np.isfinite(laplace_inverse_cdf(1e-300))


def _laplace_sampler(n, rng):
    return inverse_transform_sample(laplace_inverse_cdf, n, rng=rng)


def test_rejection_sampling_a_normal_from_a_laplace_proposal():
    laplace_pdf = stats.laplace.pdf
    m = math.sqrt(2 * math.e / math.pi)
    assert envelope_constant(stats.norm.pdf, laplace_pdf, np.linspace(-8, 8, 160_001)) == pytest.approx(m, rel=1e-9)
    result = rejection_sample(stats.norm.pdf, laplace_pdf, _laplace_sampler, m, 30_000, rng=np.random.default_rng(1))
    assert result.n_violations == 0
    assert abs(result.acceptance_rate - 1 / m) < 4 * math.sqrt((1 / m) * (1 - 1 / m) / 30_000)
    assert stats.kstest(result.samples, stats.norm.cdf).pvalue > 0.01
    np.testing.assert_array_equal(result.samples, result.proposals[result.accepted])
    assert np.all(result.heights <= m * laplace_pdf(result.proposals))


def test_a_low_envelope_is_detected_and_distorts_the_draws():
    result = rejection_sample(stats.norm.pdf, stats.laplace.pdf, _laplace_sampler, 0.8, 30_000,
                              rng=np.random.default_rng(2))
    assert result.n_violations > 0
    assert stats.kstest(result.samples, stats.norm.cdf).pvalue < 1e-6


def test_unnormalised_target_accepts_its_mass_over_m():
    result = rejection_sample(lambda x: 3 * stats.norm.pdf(x), stats.laplace.pdf, _laplace_sampler,
                              3 * math.sqrt(2 * math.e / math.pi), 30_000, rng=np.random.default_rng(3))
    assert abs(result.acceptance_rate - 1 / math.sqrt(2 * math.e / math.pi)) < 0.01


@pytest.mark.parametrize("call, error, match", [
    (lambda: exponential_inverse_cdf([0.0, 0.5], 1.0), ValueError, "u must lie strictly between 0 and 1"),
    (lambda: exponential_inverse_cdf([0.5], 0.0), ValueError, "rate must be > 0"),
    (lambda: laplace_inverse_cdf([1.0]), ValueError, "u must lie strictly between 0 and 1"),
    (lambda: laplace_inverse_cdf([0.5], scale=-1.0), ValueError, "scale must be > 0"),
    (lambda: laplace_inverse_cdf([0.5], loc=[1.0, 2.0]), ValueError, "loc must have 0 dimension"),
    (lambda: inverse_transform_sample("F", 5, rng=np.random.default_rng(0)), TypeError, "inverse_cdf must be callable"),
    (lambda: inverse_transform_sample(np.log, 0, rng=np.random.default_rng(0)), ValueError, "n must be > 0"),
    (lambda: inverse_transform_sample(lambda u: u[:2], 5, rng=np.random.default_rng(0)), ValueError, "one draw per input"),
    (lambda: rejection_sample(stats.norm.pdf, stats.laplace.pdf, _laplace_sampler, 0.0, 5, rng=np.random.default_rng(0)),
     ValueError, "envelope must be > 0"),
    (lambda: rejection_sample(stats.norm.pdf, "q", _laplace_sampler, 1.0, 5, rng=np.random.default_rng(0)),
     TypeError, "proposal_pdf must be callable"),
    (lambda: rejection_sample(stats.norm.pdf, stats.laplace.pdf, lambda n, g: g.random(2), 1.0, 5,
                              rng=np.random.default_rng(0)), ValueError, r"sample_proposal must return shape \(5,\)"),
    (lambda: envelope_constant(stats.norm.pdf, stats.uniform.pdf, np.linspace(-1, 2, 7)), ValueError,
     "proposal_pdf must be > 0 at every grid point"),
    (lambda: envelope_constant(stats.norm.pdf, stats.norm.pdf, []), ValueError, "grid must hold at least one point"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
