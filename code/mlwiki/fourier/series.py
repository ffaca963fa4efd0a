"""The square wave and its Fourier series: coefficients, partial sums, error.

The square wave of period ``2 pi`` is ``+1`` on ``(0, pi)`` and ``-1`` on ``(pi, 2 pi)``; at the
jumps (multiples of ``pi``) it is given the midpoint value 0, which is what its Fourier series
converges to there.  It is odd, so only sines appear, and only the odd ones:

    f(x) = sum over odd n of b_n sin(n x),      b_n = 4 / (pi n)  (n odd),  b_n = 0  (n even).

A *partial sum with N terms* keeps the first N non-zero terms, the harmonics 1, 3, ..., 2N - 1.
By Parseval's identity the mean of ``f**2`` over a period (1) equals ``sum b_n**2 / 2``, so the
mean-square error of the N-term partial sum is what the missing terms carry:

    MSE_N = 1 - (8 / pi**2) * sum_{k=1..N} 1 / (2k - 1)**2.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int

__all__ = ["square_wave", "sine_coefficient", "partial_sum", "partial_sums", "mean_square_error"]


def square_wave(x) -> np.ndarray:
    """The unit square wave: +1 on (0, pi), -1 on (pi, 2 pi), 0 at the jumps; period 2 pi.

    Parameters
    ----------
    x : array-like
        Positions, radians.

    Returns
    -------
    ndarray of the shape of ``x``
    """
    x = _check_finite_array("x", x, dtype=float)
    # Reduce to [0, 2 pi) first: sign(sin(x)) would be +1 at x = pi, where sin(pi) ~ 1.2e-16.
    phase = np.mod(x, 2.0 * np.pi)
    return np.where((phase == 0.0) | (phase == np.pi), 0.0, np.where(phase < np.pi, 1.0, -1.0))


def sine_coefficient(n) -> np.ndarray:
    """The closed-form sine coefficient ``b_n`` of the square wave: 4 / (pi n) for odd n, else 0.

    Parameters
    ----------
    n : int or array-like of int
        Harmonic numbers, >= 1.

    Returns
    -------
    ndarray of the shape of ``n``
    """
    n = np.asarray(n)
    if not np.issubdtype(n.dtype, np.integer) or np.any(n < 1):
        raise ValueError(f"n must be whole harmonic numbers >= 1, got {n!r}")
    return np.where(n % 2 == 1, 4.0 / (np.pi * n), 0.0)


def partial_sum(x, n_terms: int) -> np.ndarray:
    """The first ``n_terms`` non-zero terms of the square wave's series (harmonics 1, 3, ..., 2N - 1).

    Parameters
    ----------
    x : array-like
        Positions, radians.
    n_terms : int
        N >= 1.

    Returns
    -------
    ndarray of the shape of ``x``
    """
    x = _check_finite_array("x", x, dtype=float)
    n_terms = _check_positive_int("n_terms", n_terms)
    harmonics = 2 * np.arange(1, n_terms + 1) - 1
    return np.sin(np.multiply.outer(x, harmonics)) @ sine_coefficient(harmonics)


def partial_sums(x, max_terms: int) -> np.ndarray:
    """Every partial sum from 1 to ``max_terms`` terms at once, one row each.

    Parameters
    ----------
    x : array-like of shape (n_points,)
    max_terms : int

    Returns
    -------
    ndarray of shape (max_terms, n_points)
        Row ``N - 1`` is :func:`partial_sum` ``(x, N)``.
    """
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    max_terms = _check_positive_int("max_terms", max_terms)
    harmonics = 2 * np.arange(1, max_terms + 1) - 1
    terms = sine_coefficient(harmonics)[:, None] * np.sin(np.multiply.outer(harmonics, x))
    return np.cumsum(terms, axis=0)


def mean_square_error(n_terms) -> np.ndarray:
    """Mean over one period of ``(f - S_N)**2``, in closed form by Parseval's identity.

    Parameters
    ----------
    n_terms : int or array-like of int
        N >= 1 for each.

    Returns
    -------
    ndarray of the shape of ``n_terms``
    """
    n_terms = np.asarray(n_terms)
    if not np.issubdtype(n_terms.dtype, np.integer) or np.any(n_terms < 1):
        raise ValueError(f"n_terms must be whole numbers >= 1, got {n_terms!r}")
    odd = 2 * np.arange(1, int(n_terms.max()) + 1) - 1
    kept = np.cumsum(1.0 / odd.astype(float) ** 2)  # sum_{k <= N} 1 / (2k - 1)^2 for every N
    return 1.0 - 8.0 / np.pi ** 2 * kept[n_terms - 1]
