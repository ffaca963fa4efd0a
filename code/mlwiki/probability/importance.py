"""Importance sampling: draw from a proposal ``q`` where the integrand matters, and reweight.

``E_p[f(X)] = E_q[f(X) p(X) / q(X)]`` for any density ``q`` that is positive wherever
``f p`` is non-zero.  Averaging ``f(X_i) w(X_i)``, ``w = p / q``, over draws from ``q`` is an
unbiased estimate; its variance per draw is ``E_q[f^2 w^2] - mu^2``, which a ``q`` shaped like
``|f| p`` makes small.  For a rare event (``f`` an indicator) plain sampling from ``p`` almost
never sees it; a ``q`` centred on the event sees it about half the time and the weights put
each hit back to its true, tiny probability.

Weights are formed from log densities, ``w = exp(log p - log q)``, so that neither density has to
be representable on its own.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng
from mlwiki.probability.monte_carlo import MonteCarloEstimate, monte_carlo_estimate

__all__ = ["importance_weighted", "importance_sampling"]


def _check_callable(name: str, f):
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")
    return f


def importance_weighted(f, log_target, log_proposal, draws) -> np.ndarray:
    """The weighted values ``f(x) p(x) / q(x)`` for draws ``x`` from the proposal ``q``.

    Their average estimates ``E_p[f(X)]``; the running average shows how the estimate settles.

    Parameters
    ----------
    f : callable
        Vectorised: maps the draws, shape (n,), to values, shape (n,).
    log_target, log_proposal : callable
        Vectorised log densities ``log p`` and ``log q``.
    draws : array-like of shape (n,)
        Draws from ``q``.

    Returns
    -------
    ndarray of shape (n,)
    """
    for name, fn in (("f", f), ("log_target", log_target), ("log_proposal", log_proposal)):
        _check_callable(name, fn)
    draws = _check_finite_array("draws", draws, ndim=1, dtype=float)
    values = np.asarray(f(draws), dtype=float)
    log_weights = np.asarray(log_target(draws), dtype=float) - np.asarray(log_proposal(draws), dtype=float)
    if values.shape != draws.shape or log_weights.shape != draws.shape:
        raise ValueError("f, log_target and log_proposal must each return one value per draw")
    return values * np.exp(log_weights)


def importance_sampling(f, log_target, log_proposal, sample_proposal, n, *, rng) -> MonteCarloEstimate:
    """Estimate ``E_p[f(X)]`` from ``n`` draws of the proposal ``q``.

    Parameters
    ----------
    f : callable
        Vectorised: maps an array of draws of shape (n,) to values, shape (n,).
    log_target, log_proposal : callable
        Vectorised log densities ``log p`` and ``log q`` (p normalised, so the estimate is of
        ``E_p[f]`` itself).
    sample_proposal : callable
        ``sample_proposal(n, rng)`` returns ``n`` draws from ``q``, shape (n,).
    n : int
        Number of draws, >= 2.
    rng : numpy.random.Generator

    Returns
    -------
    MonteCarloEstimate
        Of the weighted values ``f(X_i) p(X_i) / q(X_i)``; its ``per_sample_variance`` is the
        quantity to compare between proposals.
    """
    _check_callable("sample_proposal", sample_proposal)
    n = _check_positive_int("n", n)
    rng = _check_rng("rng", rng)
    draws = np.asarray(sample_proposal(n, rng), dtype=float)
    if draws.shape != (n,):
        raise ValueError(f"sample_proposal must return {n} draws of shape ({n},), got {draws.shape}")
    return monte_carlo_estimate(importance_weighted(f, log_target, log_proposal, draws))
