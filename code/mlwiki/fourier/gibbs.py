"""The Gibbs phenomenon: the partial sums of a jump overshoot it, and the overshoot does not fade.

Next to the jump of the square wave at ``x = 0`` the N-term partial sum rises past 1 to a first
peak.  Its derivative is ``S_N'(x) = (2 / pi) sin(2 N x) / sin(x)``, so the peak sits at
``x = pi / (2 N)``: more terms squeeze it towards the jump, but its height tends to

    (2 / pi) Si(pi) = 1.17898...,      Si(z) = int_0^z sin(t) / t dt,

an overshoot of ``(1 / pi) Si(pi) - 1/2 = 0.0895`` of the jump height (the jump is 2 here).
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.fourier.series import partial_sum

__all__ = ["gibbs_peak", "overshoot_fraction", "sine_integral", "gibbs_limit"]

JUMP = 2.0  # the square wave jumps from -1 to +1


def gibbs_peak(n_terms: int, n_grid: int = 4001) -> tuple[float, float]:
    """Position and height of the first maximum of the N-term partial sum right of the jump at 0.

    Searched on a grid of ``n_grid`` points spanning ``(0, pi / N]``, which holds exactly one
    maximum; the height is then accurate to about ``1e-6``.

    Parameters
    ----------
    n_terms : int
        N >= 1.
    n_grid : int
        Grid points (>= 3).

    Returns
    -------
    position : float
        Radians.
    height : float
        ``S_N`` there (1 is the square wave's level).
    """
    n_terms = _check_positive_int("n_terms", n_terms)
    n_grid = _check_positive_int("n_grid", n_grid)
    if n_grid < 3:
        raise ValueError(f"n_grid must be at least 3, got {n_grid}")
    x = np.linspace(0.0, np.pi / n_terms, n_grid)[1:]
    values = partial_sum(x, n_terms)
    best = int(np.argmax(values))
    return float(x[best]), float(values[best])


def overshoot_fraction(n_terms: int, n_grid: int = 4001) -> float:
    """How far the N-term partial sum overshoots the level 1, as a fraction of the jump (2).

    Parameters
    ----------
    n_terms : int
    n_grid : int
        See :func:`gibbs_peak`.

    Returns
    -------
    float
    """
    return (gibbs_peak(n_terms, n_grid)[1] - 1.0) / JUMP


def sine_integral(z: float, n_nodes: int = 32) -> float:
    """``Si(z) = int_0^z sin(t) / t dt`` by Gauss-Legendre quadrature (smooth integrand).

    Parameters
    ----------
    z : float
        Upper limit, >= 0 and at most about 20 (more needs more nodes).
    n_nodes : int
        Quadrature nodes; 32 give full double precision for z <= 20.

    Returns
    -------
    float
    """
    if isinstance(z, bool) or not isinstance(z, (int, float, np.floating)) or not 0.0 <= z <= 20.0:
        raise ValueError(f"z must be a number in [0, 20], got {z!r}")
    n_nodes = _check_positive_int("n_nodes", n_nodes)
    if z == 0.0:
        return 0.0
    nodes, weights = np.polynomial.legendre.leggauss(n_nodes)  # on [-1, 1], never at t = 0 below
    t = 0.5 * z * (nodes + 1.0)
    return float(0.5 * z * np.sum(weights * np.sin(t) / t))


def gibbs_limit() -> float:
    """The limit of :func:`overshoot_fraction` as N grows: ``Si(pi) / pi - 1/2`` of the jump."""
    return sine_integral(np.pi) / np.pi - 0.5
