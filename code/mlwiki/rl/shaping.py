"""Reward shaping: extra reward meant to guide an agent, and the form that cannot mislead it.

A *bonus* paid on arrival in some states, ``r'(s, a, s2) = r(s, a, s2) + bonus(s2)``, changes
what is optimal: an agent can collect it again and again instead of finishing the task.
*Potential-based* shaping (Ng, Harada & Russell 1999) pays the change of a potential instead::

    r'(s, a, s2) = r(s, a, s2) + gamma Phi(s2) - Phi(s)

Along any episode the extra rewards telescope, ``sum_t gamma^t F_t = gamma^T Phi(s_T) - Phi(s_0)``,
so no loop earns anything and every optimal policy stays optimal: ``q'(s, a) = q*(s, a) - Phi(s)``.
In an episodic task this needs ``Phi = 0`` in terminal states, which :func:`potential_shaping`
enforces.
"""

from __future__ import annotations

import gymnasium as gym
import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.rl.dynamic_programming import _check_discount, _check_mdp
from mlwiki.rl.mdp import TabularMDP

__all__ = ["arrival_bonus", "potential_shaping", "RewardTable"]


def _check_per_state(name: str, values, mdp: TabularMDP) -> np.ndarray:
    values = _check_finite_array(name, values, ndim=1, dtype=float)
    if values.shape != (mdp.n_states,):
        raise ValueError(f"{name} must have shape ({mdp.n_states},), got {values.shape}")
    return values


def arrival_bonus(mdp: TabularMDP, bonus) -> TabularMDP:
    """The MDP with ``bonus[s2]`` added to the reward of every transition into ``s2``.

    Parameters
    ----------
    mdp : TabularMDP
    bonus : array-like of shape (n_states,)
        Extra reward for arriving in each state.

    Returns
    -------
    TabularMDP
        Same dynamics, rewards ``r(s, a, s2) + bonus(s2)``.
    """
    mdp = _check_mdp(mdp)
    bonus = _check_per_state("bonus", bonus, mdp)
    return mdp.with_rewards(mdp.rewards + bonus[None, None, :])


def potential_shaping(mdp: TabularMDP, potential, gamma) -> TabularMDP:
    """The MDP with potential-based shaping ``gamma Phi(s2) - Phi(s)`` added to every reward.

    Parameters
    ----------
    mdp : TabularMDP
    potential : array-like of shape (n_states,)
        ``Phi``.  Entries of terminal states are replaced by 0: an episode that has ended has
        no future to shape, and a non-zero terminal potential would change optimal policies.
    gamma : float
        The discount factor the agent will use, in [0, 1).

    Returns
    -------
    TabularMDP
    """
    mdp = _check_mdp(mdp)
    potential = np.where(mdp.terminal, 0.0, _check_per_state("potential", potential, mdp))
    gamma = _check_discount(gamma)
    shaping = gamma * potential[None, None, :] - potential[:, None, None]
    return mdp.with_rewards(mdp.rewards + shaping)


class RewardTable(gym.Wrapper, gym.utils.RecordConstructorArgs):
    """A Gymnasium wrapper that pays ``rewards[s, a, s2]`` for each step instead of the env's reward.

    It lets a learning agent run in the real environment with a shaped reward, e.g. the
    ``rewards`` of :func:`arrival_bonus` or :func:`potential_shaping` applied to
    :func:`~mlwiki.rl.mdp.from_gymnasium` of the same environment.  Dynamics, termination and
    truncation are the environment's own.

    Parameters
    ----------
    env : gymnasium.Env
        Discrete observation and action spaces.
    rewards : array-like of shape (n_states, n_actions, n_states)
    """

    def __init__(self, env, rewards):
        if not isinstance(env, gym.Env):
            raise TypeError(f"env must be a gymnasium.Env, got {type(env).__name__}")
        n_states = getattr(env.observation_space, "n", None)
        n_actions = getattr(env.action_space, "n", None)
        if n_states is None or n_actions is None:
            raise ValueError("env must have Discrete observation and action spaces")
        rewards = _check_finite_array("rewards", rewards, ndim=3, dtype=float)
        if rewards.shape != (int(n_states), int(n_actions), int(n_states)):
            raise ValueError(f"rewards must have shape ({n_states}, {n_actions}, {n_states}), got {rewards.shape}")
        gym.utils.RecordConstructorArgs.__init__(self, rewards=rewards)
        gym.Wrapper.__init__(self, env)
        self._rewards = rewards.copy()
        self._state = None

    def reset(self, **kwargs):
        state, info = self.env.reset(**kwargs)
        self._state = int(state)
        return state, info

    def step(self, action):
        if self._state is None:
            raise RuntimeError("call reset() before step()")
        next_state, _, terminated, truncated, info = self.env.step(action)
        reward = float(self._rewards[self._state, int(action), int(next_state)])
        self._state = int(next_state)
        return next_state, reward, terminated, truncated, info
