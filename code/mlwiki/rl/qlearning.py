"""Tabular Q-learning (Watkins 1989; Watkins & Dayan 1992): optimal action values from experience.

The agent never sees the model.  After each step ``(s, a, r, s')`` of a Gymnasium environment it
moves its estimate ``Q(s, a)`` towards the one-step target::

    target = r                          if the step terminated the episode
    target = r + gamma max_a' Q(s', a') otherwise (also when a time limit truncated it)
    Q(s, a) <- Q(s, a) + alpha (target - Q(s, a))

The target uses the best next action whatever the agent does next, so Q-learning learns the
optimal ``q*`` while it behaves differently (it is *off-policy*).  Watkins and Dayan proved that
``Q`` converges to ``q*`` with probability 1 when every state-action pair is tried infinitely
often and the step sizes of each pair satisfy ``sum alpha = inf`` and ``sum alpha^2 < inf``;
here ``alpha = 1 / n(s, a)**lr_exponent`` after the ``n``-th visit, with ``1/2 < lr_exponent <= 1``.

Exploration: with probability ``epsilon`` the agent acts at random, otherwise greedily (ties
broken at random).  Starting from *optimistic* values (``initial_q`` above any achievable
return) makes even the greedy choice explore: every untried action looks better than the
tried ones until it has been tried.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["QLearningResult", "q_learning"]


@dataclass(frozen=True)
class QLearningResult:
    """What :func:`q_learning` learned and how the episodes went.

    Attributes
    ----------
    q_values : ndarray of shape (n_states, n_actions)
        The final estimate of ``q*``.
    visits : ndarray of int, shape (n_states, n_actions)
        How often each action was taken in each state.
    episode_returns : ndarray of shape (n_episodes,)
        Undiscounted sum of rewards of each training episode.
    episode_lengths : ndarray of int, shape (n_episodes,)
        Steps per episode.
    checkpoints : ndarray of int, shape (n_checkpoints,)
        Number of episodes completed at each snapshot of the greedy policy.
    greedy_policies : ndarray of int, shape (n_checkpoints, n_states)
        The policy greedy in ``Q`` (lowest index among ties) at each checkpoint.
    """

    q_values: np.ndarray
    visits: np.ndarray
    episode_returns: np.ndarray
    episode_lengths: np.ndarray
    checkpoints: np.ndarray
    greedy_policies: np.ndarray


def _check_unit_interval(name: str, value, *, low_open: bool = False) -> float:
    value = float(_check_finite_array(name, value, ndim=0))
    if not (0.0 < value <= 1.0 if low_open else 0.0 <= value <= 1.0):
        raise ValueError(f"{name} must be in {'(0, 1]' if low_open else '[0, 1]'}, got {value!r}")
    return value


def q_learning(env, n_episodes, *, gamma, rng, epsilon=0.1, initial_q=0.0, lr_exponent=0.6,
               checkpoint_every=None) -> QLearningResult:
    """Learn action values in a Gymnasium environment with discrete states and actions.

    The environment is seeded once, at its first ``reset``, from ``rng``; later episodes
    continue its random stream, as Gymnasium intends.

    Parameters
    ----------
    env : gymnasium.Env
        Discrete observation space (states ``0..n_states-1``) and discrete action space.
    n_episodes : int
        Episodes to run (>= 1); each ends when the environment terminates or truncates it.
    gamma : float
        Discount factor in [0, 1].
    rng : numpy.random.Generator
        Source of the environment's seed and of every exploration decision.
    epsilon : float
        Probability of a uniformly random action at each step, in [0, 1].
    initial_q : float
        Starting value of every ``Q(s, a)``; above the largest possible return it is optimistic.
    lr_exponent : float
        ``alpha = n(s, a)**-lr_exponent``, in (0.5, 1] so that the step sizes meet the
        convergence conditions.
    checkpoint_every : int, optional
        Record the greedy policy after every this many episodes (and after the last one).
        Default: only after the last one.

    Returns
    -------
    QLearningResult
    """
    n_states = getattr(getattr(env, "observation_space", None), "n", None)
    n_actions = getattr(getattr(env, "action_space", None), "n", None)
    if n_states is None or n_actions is None or not callable(getattr(env, "step", None)):
        raise ValueError(f"env must be a Gymnasium environment with Discrete observation and action spaces, got {env!r}")
    n_states, n_actions = int(n_states), int(n_actions)
    n_episodes = _check_positive_int("n_episodes", n_episodes)
    gamma = _check_unit_interval("gamma", gamma)
    rng = _check_rng("rng", rng)
    epsilon = _check_unit_interval("epsilon", epsilon)
    initial_q = float(_check_finite_array("initial_q", initial_q, ndim=0))
    lr_exponent = _check_unit_interval("lr_exponent", lr_exponent, low_open=True)
    if lr_exponent <= 0.5:
        raise ValueError(f"lr_exponent must be in (0.5, 1], got {lr_exponent!r}")
    every = n_episodes if checkpoint_every is None else _check_positive_int("checkpoint_every", checkpoint_every)
    return _q_learning_loop(env, n_states, n_actions, n_episodes, gamma, rng, epsilon, initial_q, lr_exponent, every)


def _q_learning_loop(env, n_states, n_actions, n_episodes, gamma, rng, epsilon, initial_q, lr_exponent, every):
    """The algorithm itself, on checked arguments (see :func:`q_learning`)."""
    # Plain Python lists: for a handful of actions they are several times faster than NumPy
    # rows, and the loop below runs once per environment step.
    q = [[initial_q] * n_actions for _ in range(n_states)]
    visits = [[0] * n_actions for _ in range(n_states)]
    returns = np.zeros(n_episodes)
    lengths = np.zeros(n_episodes, dtype=int)
    checkpoints, policies = [], []
    state, _ = env.reset(seed=int(rng.integers(2**31)))
    for episode in range(n_episodes):
        if episode > 0:
            state, _ = env.reset()
        done, episode_return, steps = False, 0.0, 0
        while not done:
            values = q[state]
            if epsilon > 0 and rng.random() < epsilon:
                action = int(rng.integers(n_actions))
            else:
                best = max(values)
                ties = [a for a in range(n_actions) if values[a] == best]
                action = ties[0] if len(ties) == 1 else ties[int(rng.integers(len(ties)))]
            next_state, reward, terminated, truncated, _ = env.step(action)
            # Termination ends the return; truncation by a time limit does not (the state
            # still has a future), so the target keeps the bootstrap term.
            target = reward if terminated else reward + gamma * max(q[next_state])
            visits[state][action] += 1
            values[action] += (target - values[action]) / visits[state][action] ** lr_exponent
            episode_return += reward
            steps += 1
            state, done = next_state, terminated or truncated
        returns[episode], lengths[episode] = episode_return, steps
        if (episode + 1) % every == 0 or episode + 1 == n_episodes:
            checkpoints.append(episode + 1)
            policies.append(np.argmax(q, axis=1))
    return QLearningResult(np.array(q), np.array(visits), returns, lengths, np.array(checkpoints), np.array(policies))
