"""Fourier coefficients of any 2 pi-periodic function, recovered numerically from samples.

For ``f(x) = a_0 / 2 + sum_n (a_n cos(n x) + b_n sin(n x))`` the coefficients are integrals over
one period, ``b_n = (1 / pi) int_0^{2 pi} f(x) sin(n x) dx`` (``cos`` for ``a_n``).  On ``M`` equally
spaced samples ``x_j = 2 pi j / M`` (the endpoint ``2 pi`` left out: it is ``x_0`` again) the
trapezoidal rule for a periodic integrand is a plain average,

    b_n ~ (2 / M) sum_j f(x_j) sin(n x_j),

which is exact for trigonometric polynomials of degree below ``M / 2`` -- and is, up to a
factor, the discrete Fourier transform (what the FFT computes quickly).
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int

__all__ = ["sample_grid", "fourier_coefficients", "mean_over_period"]


def sample_grid(n_samples: int, offset: float = 0.0) -> np.ndarray:
    """``n_samples`` equally spaced points ``2 pi (j + offset) / n_samples`` covering one period once.

    Parameters
    ----------
    n_samples : int
        At least 2.
    offset : float
        Shift in units of the spacing, in [0, 1).  ``0.5`` puts the points halfway between those
        of the plain grid, away from the square wave's jumps at multiples of pi.

    Returns
    -------
    ndarray of shape (n_samples,)
    """
    n_samples = _check_positive_int("n_samples", n_samples)
    if n_samples < 2:
        raise ValueError(f"n_samples must be at least 2, got {n_samples}")
    if isinstance(offset, bool) or not isinstance(offset, (int, float, np.floating)) or not 0.0 <= offset < 1.0:
        raise ValueError(f"offset must be a number in [0, 1), got {offset!r}")
    return 2.0 * np.pi * (np.arange(n_samples) + offset) / n_samples


def fourier_coefficients(samples, n_max: int) -> tuple[np.ndarray, np.ndarray]:
    """Cosine and sine coefficients ``a_0 .. a_{n_max}``, ``b_0 .. b_{n_max}`` from one period of samples.

    Parameters
    ----------
    samples : array-like of shape (n_samples,)
        ``f`` at :func:`sample_grid` ``(n_samples)``.
    n_max : int
        Highest harmonic; must be below ``n_samples / 2`` (beyond it harmonics alias).

    Returns
    -------
    a, b : ndarray of shape (n_max + 1,)
        ``b[0]`` is 0; ``a[0] / 2`` is the mean of ``f``.
    """
    samples = _check_finite_array("samples", samples, ndim=1, dtype=float)
    n_max = _check_positive_int("n_max", n_max)
    if 2 * n_max >= samples.size:
        raise ValueError(f"n_max must be below n_samples / 2 = {samples.size / 2:g} (higher harmonics alias), "
                         f"got {n_max}")
    angles = np.multiply.outer(np.arange(n_max + 1), sample_grid(samples.size))  # [n, j] = n x_j
    a = 2.0 / samples.size * (np.cos(angles) @ samples)
    b = 2.0 / samples.size * (np.sin(angles) @ samples)
    return a, b


def mean_over_period(samples) -> float:
    """The average of one period of equally spaced samples: the periodic trapezoidal rule.

    Parameters
    ----------
    samples : array-like of shape (n_samples,)

    Returns
    -------
    float
    """
    samples = _check_finite_array("samples", samples, ndim=1, dtype=float)
    if samples.size == 0:
        raise ValueError("samples must not be empty")
    return float(samples.mean())
