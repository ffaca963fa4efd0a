"""Many episodes at once, drawn from a :class:`~mlwiki.rl.mdp.TabularMDP`'s own tables.

A Gymnasium environment steps one episode at a time, in Python.  When a page needs thousands of
episodes (to estimate a probability, or a policy gradient) it samples them from the model
instead, all episodes advancing together as NumPy arrays.  The tests check that these samples
follow the same transition probabilities as Gymnasium's own ``env.step``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.rl.mdp import TabularMDP, policy_matrix

__all__ = ["SampledEpisodes", "sample_episodes"]


@dataclass(frozen=True)
class SampledEpisodes:
    """A batch of episodes, padded to the length of the longest one.

    Attributes
    ----------
    states : ndarray of int, shape (n_episodes, n_steps + 1)
        ``states[i, t]`` is ``s_t`` of episode ``i``.  After an episode ends its last state is
        repeated.  ``n_steps`` is the length of the longest episode (at most ``max_steps``).
    actions : ndarray of int, shape (n_episodes, n_steps)
        ``a_t``; -1 after the episode ended.
    rewards : ndarray of shape (n_episodes, n_steps)
        ``r_{t+1}``, the reward that followed ``a_t``; 0 after the episode ended.
    lengths : ndarray of int, shape (n_episodes,)
        Number of actions taken: the step at which a terminal state was entered, or
        ``max_steps`` when the episode was cut off (truncated) first.
    terminated : ndarray of bool, shape (n_episodes,)
        Whether the episode entered a terminal state within ``max_steps``.
    max_steps : int
        The time limit the episodes were sampled with.
    """

    states: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    lengths: np.ndarray
    terminated: np.ndarray
    max_steps: int

    @property
    def active(self) -> np.ndarray:
        """Bool mask of the shape of ``actions``: True where ``actions`` holds a real step."""
        return np.arange(self.actions.shape[1]) < self.lengths[:, None]


def _cumulative(probabilities: np.ndarray) -> np.ndarray:
    """Cumulative sums along the last axis, rescaled so every last entry is exactly 1."""
    cumulative = np.cumsum(probabilities, axis=-1)
    return cumulative / cumulative[..., -1:]


def _draw(cumulative: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One categorical draw per row of a cumulative table (inverse-CDF sampling)."""
    u = rng.random(cumulative.shape[0])
    return (cumulative < u[:, None]).sum(axis=1)


def sample_episodes(mdp: TabularMDP, policy, n_episodes, max_steps, *, rng) -> SampledEpisodes:
    """Run ``n_episodes`` episodes of ``policy`` in ``mdp``, side by side.

    Each episode starts in a state drawn from ``mdp.start`` and ends when it enters a terminal
    state or after ``max_steps`` actions, whichever comes first.

    Parameters
    ----------
    mdp : TabularMDP
    policy : array-like of shape (n_states,) or (n_states, n_actions)
        Deterministic or stochastic policy.
    n_episodes, max_steps : int
        Batch size and time limit (both >= 1).
    rng : numpy.random.Generator
        Source of all randomness (start states, actions, transitions).

    Returns
    -------
    SampledEpisodes
    """
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"mdp must be a TabularMDP, got {type(mdp).__name__}")
    action_cdf = _cumulative(policy_matrix(policy, mdp))
    n_episodes = _check_positive_int("n_episodes", n_episodes)
    max_steps = _check_positive_int("max_steps", max_steps)
    rng = _check_rng("rng", rng)
    next_state_cdf = _cumulative(mdp.transitions)

    state = _draw(np.broadcast_to(_cumulative(mdp.start), (n_episodes, mdp.n_states)), rng)
    states, actions, rewards = [state], [], []
    lengths = np.zeros(n_episodes, dtype=int)
    running = np.flatnonzero(~mdp.terminal[state])
    # One column per step, only as many steps as the longest episode needs.
    while running.size and len(actions) < max_steps:
        s = state[running]
        a = _draw(action_cdf[s], rng)
        s_next = _draw(next_state_cdf[s, a], rng)
        state, action, reward = state.copy(), np.full(n_episodes, -1), np.zeros(n_episodes)
        state[running], action[running], reward[running] = s_next, a, mdp.rewards[s, a, s_next]
        states.append(state)
        actions.append(action)
        rewards.append(reward)
        lengths[running] += 1
        running = running[~mdp.terminal[s_next]]
    return SampledEpisodes(
        states=np.stack(states, axis=1),
        actions=np.stack(actions, axis=1) if actions else np.empty((n_episodes, 0), dtype=int),
        rewards=np.stack(rewards, axis=1) if rewards else np.empty((n_episodes, 0)),
        lengths=lengths,
        terminated=mdp.terminal[state],
        max_steps=max_steps,
    )
