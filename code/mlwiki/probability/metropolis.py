"""Random-walk Metropolis--Hastings for one-dimensional targets, many chains at once.

From the current state ``x`` propose ``y = x + step * N(0, 1)`` and move there with probability
``min(1, p(y) / p(x))``; otherwise stay (and record ``x`` again).  The proposal is symmetric, so
the Hastings correction ``q(x | y) / q(y | x)`` is 1.  Only the ratio ``p(y) / p(x)`` enters, so
``p`` may be unnormalised, and it is computed from log densities to avoid under- and overflow.

The step size decides how well the chain mixes: tiny steps are almost always accepted but
creep; huge steps jump far but are almost always rejected.  Each chain here has its own step,
so one call compares several.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["MetropolisChains", "metropolis_hastings"]


@dataclass(frozen=True)
class MetropolisChains:
    """The states of several random-walk chains.

    Attributes
    ----------
    samples : ndarray of shape (n_steps, n_chains)
        State of every chain after each step (the start is not included).
    steps : ndarray of shape (n_chains,)
        Proposal standard deviation of each chain.
    acceptance_rate : ndarray of shape (n_chains,)
        Accepted proposals over all proposals, per chain.
    """

    samples: np.ndarray
    steps: np.ndarray
    acceptance_rate: np.ndarray


def metropolis_hastings(log_target, x0, steps, n_steps, *, rng) -> MetropolisChains:
    """Run one random-walk Metropolis chain per entry of ``steps``, all for ``n_steps`` steps.

    Parameters
    ----------
    log_target : callable
        Vectorised log density (up to a constant): maps an array of states to an array of the same shape.
    x0 : float or array-like of shape (n_chains,)
        Starting states (one number starts every chain there).
    steps : array-like of shape (n_chains,)
        Proposal standard deviations, each > 0.
    n_steps : int
        Steps per chain, > 0.
    rng : numpy.random.Generator

    Returns
    -------
    MetropolisChains
    """
    if not callable(log_target):
        raise TypeError(f"log_target must be callable, got {type(log_target).__name__}")
    steps = _check_finite_array("steps", steps, dtype=float)
    steps = np.atleast_1d(steps)
    if steps.ndim != 1 or steps.size == 0 or np.any(steps <= 0):
        raise ValueError(f"steps must be a non-empty 1-D list of numbers > 0, got {steps.tolist()}")
    x = _check_finite_array("x0", x0, dtype=float)
    if x.ndim == 0:
        x = np.full(steps.size, float(x))
    if x.shape != steps.shape:
        raise ValueError(f"x0 must be a number or have one entry per step size ({steps.size}), got shape {x.shape}")
    x = x.copy()
    n_steps = _check_positive_int("n_steps", n_steps)
    rng = _check_rng("rng", rng)
    log_p = np.asarray(log_target(x), dtype=float)
    if log_p.shape != x.shape or not np.all(np.isfinite(log_p)):
        raise ValueError("log_target must return a finite value for each starting state")
    samples = np.empty((n_steps, steps.size))
    accepted = np.zeros(steps.size)
    for t in range(n_steps):
        proposal = x + steps * rng.standard_normal(steps.size)
        log_p_proposal = np.asarray(log_target(proposal), dtype=float)
        # Accept when log u < log p(y) - log p(x): the ratio is never exponentiated, so a
        # proposal far in the tails (log p = -1e4 or -inf) is simply rejected.  u = 1 - random()
        # lies in (0, 1], so its logarithm is never log(0).
        accept = np.log1p(-rng.random(steps.size)) < log_p_proposal - log_p
        x = np.where(accept, proposal, x)
        log_p = np.where(accept, log_p_proposal, log_p)
        accepted += accept
        samples[t] = x
    return MetropolisChains(samples=samples, steps=steps, acceptance_rate=accepted / n_steps)
