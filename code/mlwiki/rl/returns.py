"""The return: what an agent adds up, and what reinforcement learning maximises in expectation.

After time step ``t`` an episode pays the rewards ``r_{t+1}, r_{t+2}, ...``.  The *discounted
return* weighs a reward ``k`` steps ahead by ``gamma**k``::

    G_t = r_{t+1} + gamma r_{t+2} + gamma^2 r_{t+3} + ... = sum_k gamma^k r_{t+k+1}

and satisfies the recursion ``G_t = r_{t+1} + gamma G_{t+1}`` that every value-based method
builds on.  With ``0 <= gamma < 1`` the sum is finite even for an endless episode (at most
``max |r| / (1 - gamma)``); ``gamma = 1`` is allowed for a finite list of rewards.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array

__all__ = ["discounted_return", "returns_to_go"]


def _check_gamma(gamma) -> float:
    value = float(_check_finite_array("gamma", gamma, ndim=0))
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"gamma must be in [0, 1], got {value!r}")
    return value


def returns_to_go(rewards, gamma) -> np.ndarray:
    """Every return ``G_0, G_1, ..., G_{T-1}`` of an episode (or of a batch of episodes).

    Parameters
    ----------
    rewards : array-like of shape (T,) or (n_episodes, T)
        ``rewards[..., t]`` is ``r_{t+1}``, the reward received after the action at step ``t``
        (pad finished episodes with zeros).
    gamma : float
        Discount factor in [0, 1].

    Returns
    -------
    ndarray of the shape of ``rewards``
        ``G[..., t] = sum_k gamma**k * rewards[..., t + k]``, computed backwards with
        ``G_t = r_{t+1} + gamma G_{t+1}`` (``G_T = 0``).
    """
    rewards = _check_finite_array("rewards", rewards, dtype=float)
    if rewards.ndim not in (1, 2):
        raise ValueError(f"rewards must have shape (T,) or (n_episodes, T), got {rewards.shape}")
    gamma = _check_gamma(gamma)
    returns = np.empty_like(rewards)
    following = np.zeros(rewards.shape[:-1])
    for t in range(rewards.shape[-1] - 1, -1, -1):
        following = rewards[..., t] + gamma * following
        returns[..., t] = following
    return returns


def discounted_return(rewards, gamma) -> float:
    """The return ``G_0 = sum_k gamma**k * rewards[k]`` of a whole episode.

    Parameters
    ----------
    rewards : array-like of shape (T,)
        The rewards ``r_1, ..., r_T`` in the order received.
    gamma : float
        Discount factor in [0, 1].

    Returns
    -------
    float
        0.0 for an empty episode.
    """
    rewards = _check_finite_array("rewards", rewards, ndim=1, dtype=float)
    gamma = _check_gamma(gamma)
    return float(np.sum(gamma ** np.arange(rewards.size) * rewards))
