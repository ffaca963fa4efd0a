"""How likely a policy is to reach a set of states within ``n`` steps: exactly, and by sampling.

A fixed policy turns an MDP into a Markov chain with transition matrix
``P_pi[s, s2] = sum_a pi(a|s) p(s2|s, a)``.  Start from the distribution ``mu_0`` of first states,
make the target states (and every other terminal state) absorbing, and push the distribution
through the chain, ``mu_{t+1} = mu_t P_pi``: the mass sitting in the targets after ``n`` steps is
the probability of having reached them within ``n`` steps.  For a sparse reward paid only at a
goal, this is the probability that an episode of the policy earns anything at all.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int
from mlwiki.rl.mdp import TabularMDP, policy_matrix
from mlwiki.rl.sampling import SampledEpisodes

__all__ = ["reach_probability", "empirical_reach_probability"]


def _check_targets(targets, n_states: int) -> np.ndarray:
    targets = np.asarray(targets)
    if targets.dtype != bool or targets.shape != (n_states,) or not targets.any():
        raise ValueError(f"targets must be a bool array of shape ({n_states},) marking at least one state")
    return targets


def reach_probability(mdp: TabularMDP, policy, targets, n_steps) -> np.ndarray:
    """``P(the episode has entered a target state by step n)`` for ``n = 0, 1, ..., n_steps``.

    Parameters
    ----------
    mdp : TabularMDP
    policy : array-like of shape (n_states,) or (n_states, n_actions)
        Deterministic or stochastic policy.
    targets : array-like of bool, shape (n_states,)
        The states to reach (a goal).  Episodes that end in another terminal state never reach
        them.
    n_steps : int
        Horizon (>= 1).

    Returns
    -------
    ndarray of shape (n_steps + 1,)
        Non-decreasing probabilities; entry 0 is the probability of starting in a target.
    """
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"mdp must be a TabularMDP, got {type(mdp).__name__}")
    probs = policy_matrix(policy, mdp)
    targets = _check_targets(targets, mdp.n_states)
    n_steps = _check_positive_int("n_steps", n_steps)
    chain = np.einsum("sa,san->sn", probs, mdp.transitions)
    absorbing = targets | mdp.terminal
    chain[absorbing] = np.eye(mdp.n_states)[absorbing]  # episodes that ended stay where they ended
    distribution = mdp.start.copy()
    reached = np.empty(n_steps + 1)
    reached[0] = distribution[targets].sum()
    for n in range(1, n_steps + 1):
        distribution = distribution @ chain
        reached[n] = distribution[targets].sum()
    return reached


def empirical_reach_probability(episodes: SampledEpisodes, targets) -> np.ndarray:
    """Fraction of sampled episodes that have entered a target state by each step.

    Parameters
    ----------
    episodes : SampledEpisodes
        From :func:`~mlwiki.rl.sampling.sample_episodes`.
    targets : array-like of bool, shape (n_states,)
        One entry per state of the MDP the episodes came from.

    Returns
    -------
    ndarray of shape (episodes.max_steps + 1,)
        The sampling estimate of :func:`reach_probability` over the same horizon.
    """
    if not isinstance(episodes, SampledEpisodes):
        raise TypeError(f"episodes must be SampledEpisodes, got {type(episodes).__name__}")
    targets = np.asarray(targets)
    if targets.dtype != bool or targets.ndim != 1 or targets.size <= episodes.states.max() or not targets.any():
        raise ValueError(
            f"targets must be a bool array with one entry per state (more than {episodes.states.max()}) "
            "marking at least one state"
        )
    reached = np.logical_or.accumulate(targets[episodes.states], axis=1).mean(axis=0)
    # Every episode has ended after the last column: the fractions stay where they are.
    return np.concatenate([reached, np.full(episodes.max_steps + 1 - reached.size, reached[-1])])
