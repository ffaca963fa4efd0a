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
    states : ndarray of int32, shape (n_episodes, n_steps + 1)
        ``states[i, t]`` is ``s_t`` of episode ``i``.  After an episode ends its last state is
        repeated.  ``n_steps`` is the length of the longest episode (at most ``max_steps``).
    actions : ndarray of int32, shape (n_episodes, n_steps)
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


def _successors(transitions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For every (state, action): its possible next states and their cumulative probabilities.

    Rows are padded to the largest number of possible next states, so that a draw looks at a
    handful of entries instead of all ``n_states`` (FrozenLake has at most 3 per action).
    """
    width = int((transitions > 0).sum(axis=2).max())
    next_states = np.argsort(-transitions, axis=2, kind="stable")[..., :width]
    return next_states, _cumulative(np.take_along_axis(transitions, next_states, axis=2))


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
    next_states, next_state_cdf = _successors(mdp.transitions)

    # Time-major buffers (one row per step): a step writes contiguous rows.  Rows after the
    # longest episode are never touched, and the result is viewed episode by episode.
    states = np.empty((max_steps + 1, n_episodes), dtype=np.int32)
    actions = np.empty((max_steps, n_episodes), dtype=np.int32)
    rewards = np.empty((max_steps, n_episodes))
    lengths = np.zeros(n_episodes, dtype=int)
    states[0] = _draw(np.broadcast_to(_cumulative(mdp.start), (n_episodes, mdp.n_states)), rng)
    running = np.flatnonzero(~mdp.terminal[states[0]])
    steps = 0
    while running.size and steps < max_steps:
        s = states[steps, running]
        a = _draw(action_cdf[s], rng)
        s_next = next_states[s, a, _draw(next_state_cdf[s, a], rng)]
        states[steps + 1] = states[steps]
        states[steps + 1, running] = s_next
        actions[steps] = -1
        actions[steps, running] = a
        rewards[steps] = 0.0
        rewards[steps, running] = mdp.rewards[s, a, s_next]
        lengths[running] += 1
        running = running[~mdp.terminal[s_next]]
        steps += 1
    return SampledEpisodes(
        states=states[: steps + 1].T,
        actions=actions[:steps].T,
        rewards=rewards[:steps].T,
        lengths=lengths,
        terminated=mdp.terminal[states[steps]],
        max_steps=max_steps,
    )
