"""Maximum likelihood and conjugate Bayesian updates for coin flips and Gaussian measurements.

*Maximum likelihood* picks the parameter under which the observed data are most probable.
*Bayesian updating* keeps a whole distribution over the parameter: posterior is proportional
to prior times likelihood.  For a *conjugate* prior the posterior stays in the prior's family,
and the update is arithmetic on its parameters:

* Bernoulli data (``k`` ones in ``n`` trials), prior ``Beta(a, b)`` on the probability of a one:
  posterior ``Beta(a + k, b + n - k)``.  The likelihood ``theta^k (1 - theta)^(n - k)`` has the
  form of a Beta density, so multiplying adds exponents.
* Gaussian data with known noise variance ``s^2``, prior ``N(m0, v0)`` on the mean: posterior
  ``N(m, v)`` with precision ``1/v = 1/v0 + n/s^2`` and mean ``m = v (m0/v0 + sum(x)/s^2)``:
  precisions add, and the mean is the precision-weighted average of prior mean and data.

:func:`grid_posterior` computes any one-parameter posterior by brute force on a grid, the
independent check of the closed forms.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive

__all__ = ["bernoulli_mle", "gaussian_mle", "beta_bernoulli_update", "normal_mean_update", "grid_posterior"]


def _check_outcomes(outcomes) -> np.ndarray:
    outcomes = _check_finite_array("outcomes", outcomes, ndim=1, dtype=float)
    if not np.all((outcomes == 0) | (outcomes == 1)):
        raise ValueError(f"outcomes must hold 0s and 1s, got {np.unique(outcomes).tolist()}")
    return outcomes


def bernoulli_mle(outcomes) -> float:
    """The maximum-likelihood probability of a one: ``k / n``.

    Parameters
    ----------
    outcomes : array-like of shape (n,)
        0s and 1s, at least one.

    Returns
    -------
    float
    """
    outcomes = _check_outcomes(outcomes)
    if outcomes.size == 0:
        raise ValueError("outcomes must hold at least one observation")
    return float(outcomes.mean())


def gaussian_mle(data) -> tuple[float, float]:
    """Maximum-likelihood mean and variance of a Gaussian: the sample mean and ``1/n sum (x - mean)^2``.

    The variance divides by ``n``, not ``n - 1``, so its expectation is ``(n - 1)/n`` times the
    true variance: maximum likelihood is biased here, by a factor that vanishes as n grows.

    Parameters
    ----------
    data : array-like of shape (n,)
        At least one observation.

    Returns
    -------
    (float, float)
        Mean and variance.
    """
    data = _check_finite_array("data", data, ndim=1, dtype=float)
    if data.size == 0:
        raise ValueError("data must hold at least one observation")
    return float(data.mean()), float(np.mean((data - data.mean()) ** 2))


def beta_bernoulli_update(a, b, outcomes) -> tuple[float, float]:
    """Posterior ``Beta(a + k, b + n - k)`` after ``k`` ones in ``n`` Bernoulli outcomes.

    Parameters
    ----------
    a, b : float
        Prior ``Beta(a, b)`` parameters, > 0 (``a - 1`` and ``b - 1`` act like ones and zeros
        seen before).
    outcomes : array-like of shape (n,)
        0s and 1s (may be empty: the posterior is then the prior).

    Returns
    -------
    (float, float)
        The posterior's parameters.
    """
    a = _check_positive("a", a)
    b = _check_positive("b", b)
    outcomes = _check_outcomes(outcomes)
    ones = float(outcomes.sum())
    return a + ones, b + outcomes.size - ones


def normal_mean_update(prior_mean, prior_variance, noise_variance, data) -> tuple[float, float]:
    """Posterior mean and variance of a Gaussian's mean after ``data``, for a Gaussian prior and known noise.

    Parameters
    ----------
    prior_mean : float
    prior_variance : float
        > 0.
    noise_variance : float
        Variance of each observation around the unknown mean, > 0.
    data : array-like of shape (n,)

    Returns
    -------
    (float, float)
        ``(m, v)`` with ``1/v = 1/prior_variance + n/noise_variance`` and
        ``m = v (prior_mean/prior_variance + sum(data)/noise_variance)``.
    """
    prior_mean = float(_check_finite_array("prior_mean", prior_mean, ndim=0, dtype=float))
    prior_variance = _check_positive("prior_variance", prior_variance)
    noise_variance = _check_positive("noise_variance", noise_variance)
    data = _check_finite_array("data", data, ndim=1, dtype=float)
    precision = 1.0 / prior_variance + data.size / noise_variance
    variance = 1.0 / precision
    return variance * (prior_mean / prior_variance + float(data.sum()) / noise_variance), variance


def grid_posterior(log_prior, log_likelihood, grid) -> np.ndarray:
    """Posterior density on an evenly spaced grid: ``exp(log prior + log likelihood)``, normalised.

    Parameters
    ----------
    log_prior, log_likelihood : callable
        Vectorised over the grid of parameter values.
    grid : array-like of shape (n,)
        Evenly spaced, increasing, at least 3 points, covering the posterior's mass.

    Returns
    -------
    ndarray of shape (n,)
        Density values that integrate to 1 by the trapezoidal rule.
    """
    for name, fn in (("log_prior", log_prior), ("log_likelihood", log_likelihood)):
        if not callable(fn):
            raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
    grid = _check_finite_array("grid", grid, ndim=1, dtype=float)
    if grid.size < 3 or not np.allclose(np.diff(grid), grid[1] - grid[0]) or grid[1] <= grid[0]:
        raise ValueError("grid must be at least 3 evenly spaced, increasing points")
    log_prior_values = np.asarray(log_prior(grid), dtype=float)
    log_likelihood_values = np.asarray(log_likelihood(grid), dtype=float)
    if log_prior_values.shape != grid.shape or log_likelihood_values.shape != grid.shape:
        raise ValueError("log_prior and log_likelihood must return one value per grid point")
    log_unnormalised = log_prior_values + log_likelihood_values
    density = np.exp(log_unnormalised - np.max(log_unnormalised))  # the largest term is exp(0) = 1
    return density / np.trapezoid(density, grid)
