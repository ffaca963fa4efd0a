"""KL divergences against closed forms and SciPy quadrature; fitted Gaussians against moment matching."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from mlwiki.probability import fit_gaussian, gaussian_logpdf, gaussian_mixture_logpdf, kl_divergence

GRID = np.linspace(-15, 15, 6001)


def _gaussian_kl(m1, s1, m2, s2):
    return math.log(s2 / s1) + (s1 ** 2 + (m1 - m2) ** 2) / (2 * s2 ** 2) - 0.5


def test_log_densities_match_scipy():
    x = np.linspace(-5, 5, 11)
    np.testing.assert_allclose(gaussian_logpdf(x, 1.0, 2.0), stats.norm.logpdf(x, 1.0, 2.0))
    mixture = 0.3 * stats.norm.pdf(x, -1, 0.5) + 0.7 * stats.norm.pdf(x, 2, 1.5)
    np.testing.assert_allclose(gaussian_mixture_logpdf(x, [0.3, 0.7], [-1, 2], [0.5, 1.5]), np.log(mixture))
    assert np.isfinite(gaussian_mixture_logpdf(np.array([1e4]), [0.5, 0.5], [0, 1], [1, 1]))  # no underflow to -inf


def test_kl_divergence_on_a_grid_matches_the_gaussian_closed_form():
    value = kl_divergence(gaussian_logpdf(GRID, 0.5, 1.2), gaussian_logpdf(GRID, -1.0, 2.0), GRID)
    assert value == pytest.approx(_gaussian_kl(0.5, 1.2, -1.0, 2.0), rel=1e-9)
    assert kl_divergence(gaussian_logpdf(GRID, 0, 1), gaussian_logpdf(GRID, 0, 1), GRID) == pytest.approx(0.0, abs=1e-14)


def test_forward_fit_matches_the_moments_and_reverse_fit_finds_each_peak():
    weights, means, sds = [0.3, 0.7], [-3.0, 2.0], [0.6, 1.0]
    log_p = lambda x: gaussian_mixture_logpdf(x, weights, means, sds)
    mean = float(np.dot(weights, means))
    sd = math.sqrt(np.dot(weights, np.square(sds) + np.square(means)) - mean ** 2)
    forward = fit_gaussian(log_p, GRID, direction="forward", start=(0.0, 1.0))
    assert forward.mean == pytest.approx(mean, abs=1e-6) and forward.sd == pytest.approx(sd, abs=1e-6)
    for start, centre, weight in ((-3.0, -3.0, 0.3), (2.0, 2.0, 0.7)):
        fit = fit_gaussian(log_p, GRID, direction="reverse", start=(start, 1.0))
        assert fit.mean == pytest.approx(centre, abs=0.05)
        assert fit.divergence == pytest.approx(-math.log(weight), abs=0.02)
        reference = integrate.quad(
            lambda x: stats.norm.pdf(x, fit.mean, fit.sd) * (stats.norm.logpdf(x, fit.mean, fit.sd) - log_p(np.array([x]))[0]),
            fit.mean - 12 * fit.sd, fit.mean + 12 * fit.sd, limit=200)[0]
        assert fit.divergence == pytest.approx(reference, abs=1e-9)


def test_reverse_fit_of_a_gaussian_is_that_gaussian():
    fit = fit_gaussian(lambda x: gaussian_logpdf(x, 1.5, 0.3), GRID, direction="reverse", start=(0.0, 2.0))
    assert fit.mean == pytest.approx(1.5, abs=1e-6) and fit.sd == pytest.approx(0.3, abs=1e-6)
    assert fit.divergence == pytest.approx(0.0, abs=1e-10)
    np.testing.assert_allclose(fit.logpdf(GRID[:5]), stats.norm.logpdf(GRID[:5], fit.mean, fit.sd))


@pytest.mark.parametrize("call, error, match", [
    (lambda: gaussian_logpdf([0.0], 0.0, 0.0), ValueError, "sd must be > 0"),
    (lambda: gaussian_mixture_logpdf([0.0], [0.5, 0.6], [0, 1], [1, 1]), ValueError, "weights must be > 0 and sum to 1"),
    (lambda: gaussian_mixture_logpdf([0.0], [1.0], [0, 1], [1]), ValueError, "same non-zero length"),
    (lambda: gaussian_mixture_logpdf([0.0], [1.0], [0], [-1]), ValueError, "sds must be > 0"),
    (lambda: kl_divergence(np.zeros(3), np.zeros(4), np.arange(3.0)), ValueError, "must have the grid's shape"),
    (lambda: kl_divergence(np.zeros(3), np.zeros(3), [0.0, 2.0, 1.0]), ValueError, "at least 3 increasing points"),
    (lambda: fit_gaussian(np.zeros(5), GRID, direction="forward", start=(0, 1)), TypeError, "log_p must be callable"),
    (lambda: fit_gaussian(np.negative, GRID, direction="sideways", start=(0, 1)), ValueError, "direction must be"),
    (lambda: fit_gaussian(np.negative, GRID, direction="forward", start=(0, -1)), ValueError, "start must be"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
