"""Inverse-transform sampling: push uniform numbers through the inverse of a distribution function.

If ``U`` is uniform on (0, 1) and ``F`` is a continuous distribution function, ``X = F^{-1}(U)``
has distribution function ``F``: ``P(X <= x) = P(U <= F(x)) = F(x)``.  It needs ``F^{-1}`` in a
form one can evaluate, as for the exponential and Laplace distributions here.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng

__all__ = ["inverse_transform_sample", "exponential_inverse_cdf", "laplace_inverse_cdf"]


def _check_probabilities(u) -> np.ndarray:
    u = _check_finite_array("u", u, dtype=float)
    if np.any((u <= 0) | (u >= 1)):
        raise ValueError("u must lie strictly between 0 and 1")
    return u


def exponential_inverse_cdf(u, rate) -> np.ndarray:
    """``F^{-1}(u) = -log(1 - u) / rate`` for the exponential distribution with the given rate.

    Parameters
    ----------
    u : array-like, entries in (0, 1)
    rate : float
        Events per unit time, > 0; the mean is ``1 / rate``.

    Returns
    -------
    ndarray, the shape of ``u``
    """
    u = _check_probabilities(u)
    rate = _check_positive("rate", rate)
    return -np.log1p(-u) / rate


def laplace_inverse_cdf(u, *, loc=0.0, scale=1.0) -> np.ndarray:
    """``F^{-1}(u)`` for the Laplace density ``exp(-|x - loc| / scale) / (2 scale)``.

    ``F(x) = 1/2 exp((x - loc)/scale)`` left of ``loc`` and ``1 - 1/2 exp(-(x - loc)/scale)``
    right of it; solving for ``x`` on each side gives the two branches.

    Parameters
    ----------
    u : array-like, entries in (0, 1)
    loc : float
    scale : float
        > 0.

    Returns
    -------
    ndarray, the shape of ``u``
    """
    u = _check_probabilities(u)
    loc = float(_check_finite_array("loc", loc, ndim=0, dtype=float))
    scale = _check_positive("scale", scale)
    return loc + scale * np.where(u < 0.5, np.log(2 * np.minimum(u, 0.5)), -np.log(2 * (1 - np.maximum(u, 0.5))))


def inverse_transform_sample(inverse_cdf, n, *, rng) -> np.ndarray:
    """``n`` draws ``inverse_cdf(U)`` with ``U`` uniform on (0, 1).

    Parameters
    ----------
    inverse_cdf : callable
        Vectorised ``F^{-1}``: maps an array of numbers in (0, 1) to draws of the same shape.
    n : int
        Number of draws, > 0.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray of shape (n,)
    """
    if not callable(inverse_cdf):
        raise TypeError(f"inverse_cdf must be callable, got {type(inverse_cdf).__name__}")
    n = _check_positive_int("n", n)
    rng = _check_rng("rng", rng)
    # Generator.random is uniform on [0, 1); 1 - it is uniform on (0, 1], and neither end is
    # allowed, so redraw the (probability 2^-53) zeros instead of feeding log(0) to F^{-1}.
    u = rng.random(n)
    while np.any(u == 0):
        u[u == 0] = rng.random(int(np.sum(u == 0)))
    draws = np.asarray(inverse_cdf(u), dtype=float)
    if draws.shape != (n,):
        raise ValueError(f"inverse_cdf must return one draw per input, shape ({n},), got {draws.shape}")
    return draws
