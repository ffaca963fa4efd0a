"""Monte Carlo estimates: an average of random draws, and how its error shrinks with their number.

To estimate ``mu = E[f(X)]``, draw ``X_1, ..., X_n`` independently and average ``f(X_i)``.  The
average is unbiased, and its standard deviation is ``sigma / sqrt(n)`` with
``sigma^2 = Var f(X)``: four times the draws halve the error, whatever the dimension of ``X``.
The standard error reported with an estimate is that formula with ``sigma`` estimated from the
same draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["MonteCarloEstimate", "monte_carlo_estimate", "rms_error_curve"]


@dataclass(frozen=True)
class MonteCarloEstimate:
    """An average of draws with its standard error.

    Attributes
    ----------
    mean : float
        The estimate.
    standard_error : float
        ``std(values, ddof=1) / sqrt(n)``: the estimated standard deviation of ``mean``.
    n : int
        Number of draws.
    """

    mean: float
    standard_error: float
    n: int

    @property
    def per_sample_variance(self) -> float:
        """``standard_error ** 2 * n``: the variance of one draw, the cost measure of a method."""
        return self.standard_error ** 2 * self.n


def monte_carlo_estimate(values) -> MonteCarloEstimate:
    """Average ``values`` (draws of ``f(X)``) and attach the standard error.

    Parameters
    ----------
    values : array-like of shape (n,)
        At least two finite draws.

    Returns
    -------
    MonteCarloEstimate
    """
    values = _check_finite_array("values", values, ndim=1, dtype=float)
    if values.size < 2:
        raise ValueError(f"values must hold at least 2 draws to estimate an error, got {values.size}")
    return MonteCarloEstimate(mean=float(values.mean()),
                              standard_error=float(values.std(ddof=1) / math.sqrt(values.size)),
                              n=int(values.size))


def rms_error_curve(draw, true_value, sample_sizes, n_repeats, *, rng) -> np.ndarray:
    """Root-mean-square error of the n-draw average, measured over independent repeats, for each n.

    Parameters
    ----------
    draw : callable
        ``draw(shape, rng)`` returns an array of that shape of independent draws of ``f(X)``.
    true_value : float
        The exact ``E[f(X)]``.
    sample_sizes : array-like of int, shape (k,)
        The values of n, each > 0.
    n_repeats : int
        Independent estimates per n, > 1.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (k,)
        ``sqrt(mean over repeats of (estimate - true_value)^2)`` for each n.
    """
    if not callable(draw):
        raise TypeError(f"draw must be callable, got {type(draw).__name__}")
    true_value = float(_check_finite_array("true_value", true_value, ndim=0, dtype=float))
    sizes = _check_finite_array("sample_sizes", sample_sizes, ndim=1)
    if sizes.size == 0 or np.any(sizes < 1) or np.any(sizes != np.round(sizes)):
        raise ValueError(f"sample_sizes must be whole numbers >= 1, got {sizes.tolist()}")
    n_repeats = _check_positive_int("n_repeats", n_repeats)
    if n_repeats < 2:
        raise ValueError(f"n_repeats must be at least 2, got {n_repeats}")
    rng = _check_rng("rng", rng)
    errors = []
    for n in (int(size) for size in sizes):
        values = np.asarray(draw((n_repeats, n), rng), dtype=float)
        if values.shape != (n_repeats, n):
            raise ValueError(f"draw must return an array of shape {(n_repeats, n)}, got {values.shape}")
        estimates = values.mean(axis=1)
        errors.append(math.sqrt(np.mean((estimates - true_value) ** 2)))
    return np.array(errors)
