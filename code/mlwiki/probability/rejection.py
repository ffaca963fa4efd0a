"""Rejection sampling: propose from ``q``, accept with probability ``p(x) / (M q(x))``.

If ``M q(x) >= p(x)`` everywhere (the *envelope*), the accepted draws are exactly distributed as
``p``: a proposal ``x`` with a uniform height ``u M q(x)`` below the envelope is accepted when the
point also lies below ``p``, and accepted points are uniform under the graph of ``p``.  A
proposal is accepted with probability ``int p(x) dx / M = 1 / M`` for a normalised ``p``, so the
best envelope is the smallest valid one, ``M = sup_x p(x) / q(x)``.

An ``M`` below that supremum is not an envelope: where ``p > M q`` the sampler accepts every
proposal but still too few of them, and the draws come from the wrong distribution.  The result
counts the proposals that exposed such a violation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng

__all__ = ["RejectionResult", "rejection_sample", "envelope_constant"]


@dataclass(frozen=True)
class RejectionResult:
    """Accepted draws and the bookkeeping of a rejection sampler.

    Attributes
    ----------
    samples : ndarray of shape (n_accepted,)
        The accepted proposals, in the order proposed.
    proposals : ndarray of shape (n_proposed,)
        Every proposal.
    heights : ndarray of shape (n_proposed,)
        The uniform height ``u M q(x)`` drawn for each proposal (for pictures).
    accepted : ndarray of bool, shape (n_proposed,)
    n_violations : int
        Proposals where ``p(x) > M q(x)``: evidence that ``M`` is too small (0 for an envelope).
    """

    samples: np.ndarray
    proposals: np.ndarray
    heights: np.ndarray
    accepted: np.ndarray
    n_violations: int

    @property
    def acceptance_rate(self) -> float:
        """Accepted proposals over all proposals."""
        return float(self.accepted.mean())


def _check_callable(name: str, f):
    if not callable(f):
        raise TypeError(f"{name} must be callable, got {type(f).__name__}")
    return f


def rejection_sample(target_pdf, proposal_pdf, sample_proposal, envelope, n_proposals, *, rng) -> RejectionResult:
    """Propose ``n_proposals`` times from ``q`` and keep each draw with probability ``p / (M q)``.

    Parameters
    ----------
    target_pdf, proposal_pdf : callable
        Vectorised densities ``p`` and ``q`` (``p`` may be unnormalised; then the acceptance rate
        is ``(integral of p) / M``).
    sample_proposal : callable
        ``sample_proposal(n, rng)`` returns ``n`` draws from ``q``, shape (n,).
    envelope : float
        ``M`` > 0, meant to satisfy ``M q >= p`` everywhere.
    n_proposals : int
        Number of proposals, > 0.
    rng : numpy.random.Generator

    Returns
    -------
    RejectionResult
    """
    for name, fn in (("target_pdf", target_pdf), ("proposal_pdf", proposal_pdf), ("sample_proposal", sample_proposal)):
        _check_callable(name, fn)
    envelope = _check_positive("envelope", envelope)
    n_proposals = _check_positive_int("n_proposals", n_proposals)
    rng = _check_rng("rng", rng)
    proposals = np.asarray(sample_proposal(n_proposals, rng), dtype=float)
    if proposals.shape != (n_proposals,):
        raise ValueError(f"sample_proposal must return shape ({n_proposals},), got {proposals.shape}")
    p = np.asarray(target_pdf(proposals), dtype=float)
    ceiling = envelope * np.asarray(proposal_pdf(proposals), dtype=float)
    if p.shape != proposals.shape or ceiling.shape != proposals.shape:
        raise ValueError("target_pdf and proposal_pdf must return one density per proposal")
    heights = rng.random(n_proposals) * ceiling  # uniform under the envelope
    accepted = heights <= p
    return RejectionResult(samples=proposals[accepted], proposals=proposals, heights=heights, accepted=accepted,
                           n_violations=int(np.sum(p > ceiling)))


def envelope_constant(target_pdf, proposal_pdf, grid) -> float:
    """The largest ratio ``p(x) / q(x)`` over ``grid``: the best envelope, if the grid holds the maximiser.

    A numerical check of a derived constant, not a proof: a ratio that grows outside the grid
    (a proposal with lighter tails than the target) is missed.

    Parameters
    ----------
    target_pdf, proposal_pdf : callable
        Vectorised densities.
    grid : array-like of shape (n,)
        Points where ``q > 0``.

    Returns
    -------
    float
    """
    _check_callable("target_pdf", target_pdf)
    _check_callable("proposal_pdf", proposal_pdf)
    grid = _check_finite_array("grid", grid, ndim=1, dtype=float)
    if grid.size == 0:
        raise ValueError("grid must hold at least one point")
    q = np.asarray(proposal_pdf(grid), dtype=float)
    if np.any(q <= 0):
        raise ValueError("proposal_pdf must be > 0 at every grid point")
    return float(np.max(np.asarray(target_pdf(grid), dtype=float) / q))
