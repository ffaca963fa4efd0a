"""The agent-environment loop, through Gymnasium's standard interface (Towers et al. 2024).

At each step ``t`` the agent sees the state ``s_t``, picks an action ``a_t`` from its policy, and
the environment answers with the next state ``s_{t+1}`` and a reward ``r_{t+1}``.  In Gymnasium::

    state, info = env.reset(seed=...)        # seed once, at the first reset
    state, reward, terminated, truncated, info = env.step(action)

``terminated`` means the task itself ended (FrozenLake: the goal or a hole was entered; no
reward can follow).  ``truncated`` means the episode was cut off from outside (a time limit),
although the state still has a future.  Learning code must treat the two differently.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng

__all__ = ["Episode", "run_episode", "rollouts"]


@dataclass(frozen=True)
class Episode:
    """One episode as the agent experienced it.

    Attributes
    ----------
    states : ndarray of int, shape (T + 1,)
        ``s_0, ..., s_T``.
    actions : ndarray of int, shape (T,)
        ``a_0, ..., a_{T-1}``.
    rewards : ndarray of shape (T,)
        ``r_1, ..., r_T`` (``rewards[t]`` followed ``actions[t]``).
    terminated, truncated : bool
        How it ended: the task ended, or a time limit cut it off.
    """

    states: np.ndarray
    actions: np.ndarray
    rewards: np.ndarray
    terminated: bool
    truncated: bool

    @property
    def total_reward(self) -> float:
        """Undiscounted sum of the rewards."""
        return float(self.rewards.sum())


def _policy_table(policy, n_states: int, n_actions: int) -> np.ndarray:
    """Check a tabular policy against the environment's spaces; return it as an array."""
    arr = np.asarray(policy)
    if arr.shape == (n_states,) and np.issubdtype(arr.dtype, np.integer) and np.all((arr >= 0) & (arr < n_actions)):
        return arr
    if arr.shape == (n_states, n_actions) and np.issubdtype(arr.dtype, np.floating) and np.all(arr >= 0) \
            and np.allclose(arr.sum(axis=1), 1.0):
        return arr
    raise ValueError(
        f"policy must be {n_states} integer actions in 0..{n_actions - 1} or a ({n_states}, {n_actions}) "
        f"array of action probabilities, got shape {arr.shape}"
    )


def _spaces(env) -> tuple[int, int]:
    n_states = getattr(getattr(env, "observation_space", None), "n", None)
    n_actions = getattr(getattr(env, "action_space", None), "n", None)
    if n_states is None or n_actions is None or not callable(getattr(env, "step", None)):
        raise ValueError(f"env must be a Gymnasium environment with Discrete observation and action spaces, got {env!r}")
    return int(n_states), int(n_actions)


def run_episode(env, policy, *, rng, seed=None) -> Episode:
    """Play one episode of a tabular policy in a Gymnasium environment.

    Parameters
    ----------
    env : gymnasium.Env
        Discrete observation space (states ``0..n_states-1``) and discrete action space.
    policy : array-like of shape (n_states,) or (n_states, n_actions)
        The action for each state, or action probabilities for each state.
    rng : numpy.random.Generator
        Draws the actions of a stochastic policy.
    seed : int, optional
        Seed for ``env.reset``: pass one for the first episode of an environment, None to
        continue its random stream.

    Returns
    -------
    Episode
    """
    n_states, n_actions = _spaces(env)
    table = _policy_table(policy, n_states, n_actions)
    rng = _check_rng("rng", rng)
    if seed is not None:
        seed = _check_positive_int("seed", seed, allow_zero=True)
    return _play_episode(env, table, rng, seed)


def _play_episode(env, policy, rng, seed) -> Episode:
    """The agent-environment loop for one episode, on checked arguments (see :func:`run_episode`)."""
    # A stochastic policy acts by inverse-CDF sampling: the first action whose cumulative
    # probability exceeds a uniform draw (each row rescaled to end at exactly 1).
    cumulative = None if policy.ndim == 1 else np.cumsum(policy, axis=1) / policy.sum(axis=1, keepdims=True)
    state, _ = env.reset(seed=seed)
    states, actions, rewards = [state], [], []
    terminated = truncated = False
    while not (terminated or truncated):
        if cumulative is None:
            action = int(policy[state])
        else:
            action = int(np.sum(cumulative[state] < rng.random()))
        state, reward, terminated, truncated, _ = env.step(action)
        states.append(state)
        actions.append(action)
        rewards.append(reward)
    return Episode(np.array(states), np.array(actions, dtype=int), np.array(rewards, dtype=float),
                   bool(terminated), bool(truncated))


def rollouts(env, policy, n_episodes, *, rng) -> list[Episode]:
    """Play ``n_episodes`` episodes; the environment is seeded from ``rng`` at the first reset only.

    Parameters
    ----------
    env : gymnasium.Env
    policy : array-like of shape (n_states,) or (n_states, n_actions)
    n_episodes : int
        At least 1.
    rng : numpy.random.Generator

    Returns
    -------
    list of Episode
    """
    n_states, n_actions = _spaces(env)
    table = _policy_table(policy, n_states, n_actions)
    n_episodes = _check_positive_int("n_episodes", n_episodes)
    rng = _check_rng("rng", rng)
    seed = int(rng.integers(2**31))
    return [_play_episode(env, table, rng, seed if i == 0 else None) for i in range(n_episodes)]
