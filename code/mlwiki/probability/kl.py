"""The Kullback--Leibler divergence in both directions, and a Gaussian fitted by each.

``KL(p || q) = E_p[log p(X) - log q(X)]`` is zero when ``q = p`` and positive otherwise, but it
is not symmetric.  Fitting a single Gaussian ``q`` to a two-peaked ``p`` shows the difference:

* minimising ``KL(p || q)`` ("forward", the direction of maximum likelihood) punishes ``q`` for
  being small where ``p`` has mass, so ``q`` spreads to cover both peaks; for a Gaussian ``q``
  the minimiser matches ``p``'s mean and variance exactly (*moment matching*);
* minimising ``KL(q || p)`` ("reverse", the direction variational inference uses) punishes ``q``
  for putting mass where ``p`` has little, so ``q`` settles on one peak (*mode seeking*); each
  peak is a separate local minimum.

Densities are one-dimensional here and the expectations are integrals on a fine grid, computed
from log densities so that no ``0 * log 0`` appears.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from mlwiki._checks import _check_finite_array

__all__ = ["GaussianFit", "gaussian_mixture_logpdf", "gaussian_logpdf", "kl_divergence", "fit_gaussian"]


def gaussian_logpdf(x, mean, sd) -> np.ndarray:
    """``log N(x; mean, sd^2)``, element-wise.

    Parameters
    ----------
    x : array-like
    mean : float
    sd : float
        > 0.

    Returns
    -------
    ndarray, the shape of ``x``
    """
    x = _check_finite_array("x", x, dtype=float)
    mean = float(_check_finite_array("mean", mean, ndim=0, dtype=float))
    sd = float(_check_finite_array("sd", sd, ndim=0, dtype=float))
    if sd <= 0:
        raise ValueError(f"sd must be > 0, got {sd}")
    return -0.5 * ((x - mean) / sd) ** 2 - np.log(sd) - 0.5 * np.log(2 * np.pi)


def gaussian_mixture_logpdf(x, weights, means, sds) -> np.ndarray:
    """``log sum_k w_k N(x; mean_k, sd_k^2)``, by log-sum-exp (no underflow far from every peak).

    Parameters
    ----------
    x : array-like
    weights : array-like of shape (k,)
        Each > 0, summing to 1.
    means : array-like of shape (k,)
    sds : array-like of shape (k,)
        Each > 0.

    Returns
    -------
    ndarray, the shape of ``x``
    """
    x = _check_finite_array("x", x, dtype=float)
    weights = _check_finite_array("weights", weights, ndim=1, dtype=float)
    means = _check_finite_array("means", means, ndim=1, dtype=float)
    sds = _check_finite_array("sds", sds, ndim=1, dtype=float)
    if not (weights.size == means.size == sds.size) or weights.size == 0:
        raise ValueError(f"weights, means and sds must have the same non-zero length, got "
                         f"{weights.size}, {means.size}, {sds.size}")
    if np.any(weights <= 0) or not np.isclose(weights.sum(), 1.0):
        raise ValueError(f"weights must be > 0 and sum to 1, got {weights.tolist()}")
    if np.any(sds <= 0):
        raise ValueError(f"sds must be > 0, got {sds.tolist()}")
    components = (np.log(weights) - 0.5 * ((x[..., None] - means) / sds) ** 2 - np.log(sds)
                  - 0.5 * np.log(2 * np.pi))
    return special.logsumexp(components, axis=-1)


def _check_grid(grid) -> np.ndarray:
    grid = _check_finite_array("grid", grid, ndim=1, dtype=float)
    if grid.size < 3 or np.any(np.diff(grid) <= 0):
        raise ValueError("grid must hold at least 3 increasing points")
    return grid


def kl_divergence(log_p, log_q, grid) -> float:
    """``KL(p || q) = integral p (log p - log q)`` by the trapezoidal rule on ``grid``.

    Parameters
    ----------
    log_p, log_q : array-like of shape (n,)
        Log densities at the grid points (normalised densities; finite).
    grid : array-like of shape (n,)
        Increasing points covering the mass of ``p``.

    Returns
    -------
    float
        >= 0 up to the quadrature error.
    """
    grid = _check_grid(grid)
    log_p = _check_finite_array("log_p", log_p, ndim=1, dtype=float)
    log_q = _check_finite_array("log_q", log_q, ndim=1, dtype=float)
    if log_p.shape != grid.shape or log_q.shape != grid.shape:
        raise ValueError(f"log_p and log_q must have the grid's shape {grid.shape}, got {log_p.shape} and {log_q.shape}")
    return float(np.trapezoid(np.exp(log_p) * (log_p - log_q), grid))


@dataclass(frozen=True)
class GaussianFit:
    """A Gaussian fitted to a density by minimising a KL divergence.

    Attributes
    ----------
    mean, sd : float
    divergence : float
        The minimised divergence.
    direction : str
        ``"forward"`` (``KL(p || q)``) or ``"reverse"`` (``KL(q || p)``).
    """

    mean: float
    sd: float
    divergence: float
    direction: str

    def logpdf(self, x) -> np.ndarray:
        """``log q(x)``."""
        return gaussian_logpdf(x, self.mean, self.sd)


# Standard-normal quadrature: a fine, even grid of z values and their trapezoid weights times the
# density.  For smooth integrands with Gaussian tails the trapezoidal rule converges exponentially
# fast, so 801 points out to 12 standard deviations are exact to rounding.
_Z = np.linspace(-12.0, 12.0, 801)
_Z_WEIGHTS = np.exp(-0.5 * _Z ** 2) / np.sqrt(2 * np.pi) * (_Z[1] - _Z[0])


def _reverse_kl_to_gaussian(log_p, mean: float, sd: float) -> float:
    """``KL(q || p)`` for ``q = N(mean, sd^2)``: the exact entropy of ``q`` minus ``E_q[log p]``.

    The expectation is taken on points ``mean + sd * z`` that move and scale with ``q``, so it stays
    accurate for a ``q`` of any width, which a fixed grid in ``x`` cannot promise for a narrow ``q``.
    """
    entropy = 0.5 * np.log(2 * np.pi * np.e * sd ** 2)
    expected_log_p = float(_Z_WEIGHTS @ np.asarray(log_p(mean + sd * _Z), dtype=float))
    return -entropy - expected_log_p


def fit_gaussian(log_p, grid, *, direction, start) -> GaussianFit:
    """The Gaussian ``q`` that minimises ``KL(p || q)`` or ``KL(q || p)``, found by SciPy from ``start``.

    The search runs over ``(mean, log sd)`` so that the standard deviation stays positive.  The
    forward divergence integrates over ``p`` on ``grid``; the reverse one integrates over ``q``
    on points that follow ``q`` wherever the search takes it.  The reverse divergence has one local minimum per well-separated peak of ``p``: the
    start picks one.

    Parameters
    ----------
    log_p : callable
        Vectorised ``log p`` (normalised).
    grid : array-like of shape (n,)
        Increasing points covering the mass of ``p`` (for the forward direction).
    direction : {"forward", "reverse"}
    start : (float, float)
        Initial mean and standard deviation (> 0).

    Returns
    -------
    GaussianFit
    """
    if not callable(log_p):
        raise TypeError(f"log_p must be callable, got {type(log_p).__name__}")
    grid = _check_grid(grid)
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse', got {direction!r}")
    start = _check_finite_array("start", start, ndim=1, dtype=float)
    if start.shape != (2,) or start[1] <= 0:
        raise ValueError(f"start must be (mean, sd) with sd > 0, got {start.tolist()}")
    log_p_grid = np.asarray(log_p(grid), dtype=float)

    def divergence(theta):
        mean, sd = theta[0], float(np.exp(np.clip(theta[1], -30.0, 30.0)))
        if direction == "forward":
            return kl_divergence(log_p_grid, gaussian_logpdf(grid, mean, sd), grid)
        return _reverse_kl_to_gaussian(log_p, mean, sd)

    result = optimize.minimize(divergence, [start[0], np.log(start[1])], method="Nelder-Mead",
                               options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 4000})
    return GaussianFit(mean=float(result.x[0]), sd=float(np.exp(result.x[1])), divergence=float(result.fun),
                       direction=direction)
