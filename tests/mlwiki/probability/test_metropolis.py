"""Metropolis-Hastings chains and their diagnostics against closed forms, SciPy and an AR(1) oracle."""

import numpy as np
import pytest
from scipy import signal, stats

from mlwiki.probability import (autocorrelation, effective_sample_size, integrated_autocorrelation_time,
                                metropolis_hastings)


def _ar1(rho, n, seed):
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal(n) * np.sqrt(1 - rho ** 2)
    x = np.empty(n)
    x[0] = rng.standard_normal()
    for t in range(1, n):
        x[t] = rho * x[t - 1] + noise[t]
    return x


def test_chains_target_the_distribution_and_accept_at_the_predicted_rate():
    steps = np.array([0.5, 2.4, 10.0])
    chains = metropolis_hastings(lambda x: -0.5 * x ** 2, 0.0, steps, 40_000, rng=np.random.default_rng(0))
    np.testing.assert_allclose(chains.acceptance_rate, 2 / np.pi * np.arctan(2 / steps), atol=0.01)
    best = chains.samples[:, 1]
    assert stats.kstest(best[::10], stats.norm.cdf).pvalue > 0.01  # thinned: nearly independent draws
    assert abs(best.mean()) < 0.05 and abs(best.var() - 1) < 0.05


def test_an_unnormalised_non_gaussian_target():
    # Gamma(3) density up to a constant, -inf (rejected) below zero.
    log_target = lambda x: np.where(x > 0, 2 * np.log(np.maximum(x, 1e-300)) - x, -np.inf)
    chains = metropolis_hastings(log_target, 2.0, [2.0], 60_000, rng=np.random.default_rng(1))
    draws = chains.samples[5_000::20, 0]
    assert stats.kstest(draws, stats.gamma(3).cdf).pvalue > 0.01


def test_autocorrelation_matches_a_direct_correlation_and_the_ar1_formula():
    x = _ar1(0.8, 50_000, seed=2)
    rho = autocorrelation(x, 10)
    centred = x - x.mean()
    direct = signal.correlate(centred, centred, mode="full")[x.size - 1: x.size + 10] / np.dot(centred, centred)
    np.testing.assert_allclose(rho, direct, atol=1e-12)
    np.testing.assert_allclose(rho, 0.8 ** np.arange(11), atol=0.03)


def test_integrated_time_and_ess_match_the_ar1_closed_form():
    for rho in (0.0, 0.5, 0.9):
        x = _ar1(rho, 100_000, seed=3)
        tau = (1 + rho) / (1 - rho)
        assert integrated_autocorrelation_time(x) == pytest.approx(tau, rel=0.12)
        assert effective_sample_size(x) == pytest.approx(x.size / tau, rel=0.12)


def test_a_chain_that_never_moves_is_worth_one_draw():
    assert effective_sample_size(np.full(100, 3.0)) == pytest.approx(1.0)
    np.testing.assert_array_equal(autocorrelation(np.full(10, 3.0), 3), np.ones(4))


@pytest.mark.parametrize("call, error, match", [
    (lambda: metropolis_hastings("p", 0.0, [1.0], 10, rng=np.random.default_rng(0)), TypeError, "log_target must be callable"),
    (lambda: metropolis_hastings(np.negative, 0.0, [1.0, -1.0], 10, rng=np.random.default_rng(0)), ValueError,
     "steps must be a non-empty 1-D list of numbers > 0"),
    (lambda: metropolis_hastings(np.negative, [0.0, 1.0, 2.0], [1.0, 2.0], 10, rng=np.random.default_rng(0)),
     ValueError, "x0 must be a number or have one entry per step size"),
    (lambda: metropolis_hastings(lambda x: np.full_like(x, -np.inf), 0.0, [1.0], 10, rng=np.random.default_rng(0)),
     ValueError, "log_target must return a finite value for each starting state"),
    (lambda: metropolis_hastings(np.negative, 0.0, [1.0], 0, rng=np.random.default_rng(0)), ValueError, "n_steps must be > 0"),
    (lambda: metropolis_hastings(np.negative, 0.0, [1.0], 5, rng=None), ValueError, "rng must be a numpy.random.Generator"),
    (lambda: autocorrelation([1.0, 2.0, 3.0]), ValueError, "chain must hold at least 4 states"),
    (lambda: autocorrelation([1.0, 2.0, 3.0, 4.0], 4), ValueError, "max_lag must be less than the chain length 4"),
    (lambda: effective_sample_size([[1.0, 2.0]]), ValueError, "chain must have 1 dimension"),
])
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()
