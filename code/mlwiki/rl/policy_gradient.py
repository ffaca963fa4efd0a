"""Policy gradients: REINFORCE (Williams 1992) for a tabular softmax policy, and the exact gradient.

The policy has one parameter per state and action, ``pi(a|s) = softmax(theta[s])[a]``, and the
objective is the expected return from the start, ``J(theta) = sum_s mu_0(s) v_pi(s)``.

*Exact gradient* (the policy gradient theorem; Sutton, McAllester, Singh & Mansour 2000).
With ``d(s) = sum_t gamma^t P(s_t = s)``, the discounted number of visits to ``s``::

    dJ / dtheta[s, b] = d(s) pi(b|s) (q_pi(s, b) - v_pi(s))

*REINFORCE* estimates the same gradient from episodes alone, without the model.  For one
episode, with ``G_t`` the return from step ``t``::

    g = sum_t gamma^t G_t grad log pi(a_t | s_t),   grad_theta[s, b] log pi(a|s) = [s = s_t]([b = a] - pi(b|s))

Its average over episodes is an unbiased estimate of ``grad J``.  The factor ``gamma^t`` is
often dropped in practice; the result is then no longer the gradient of ``J`` (Nota & Thomas
2020), which ``discount_steps=False`` lets one measure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.rl.dynamic_programming import _check_discount, _check_mdp, action_values, evaluate_policy
from mlwiki.rl.mdp import TabularMDP
from mlwiki.rl.returns import returns_to_go
from mlwiki.rl.sampling import SampledEpisodes, sample_episodes

__all__ = ["softmax_policy", "exact_policy_gradient", "reinforce_estimates", "reinforce", "ReinforceResult"]


def _check_theta(theta, mdp: TabularMDP | None = None) -> np.ndarray:
    theta = _check_finite_array("theta", theta, ndim=2, dtype=float)
    if mdp is not None and theta.shape != (mdp.n_states, mdp.n_actions):
        raise ValueError(f"theta must have shape ({mdp.n_states}, {mdp.n_actions}), got {theta.shape}")
    return theta


def softmax_policy(theta) -> np.ndarray:
    """Action probabilities ``softmax(theta[s])`` for every state, shape (n_states, n_actions).

    The largest entry of each row is subtracted first, so large parameters cannot overflow.
    """
    theta = _check_theta(theta)
    shifted = np.exp(theta - theta.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def exact_policy_gradient(mdp: TabularMDP, theta, gamma) -> tuple[float, np.ndarray]:
    """``J(theta)`` and its exact gradient, from the model (policy gradient theorem).

    Parameters
    ----------
    mdp : TabularMDP
    theta : array-like of shape (n_states, n_actions)
        Softmax policy parameters.
    gamma : float
        Discount factor in [0, 1).

    Returns
    -------
    objective : float
        ``J = sum_s mu_0(s) v_pi(s)``.
    gradient : ndarray of shape (n_states, n_actions)
        ``dJ/dtheta``; zero rows for terminal states (nothing is decided there).
    """
    mdp = _check_mdp(mdp)
    theta = _check_theta(theta, mdp)
    gamma = _check_discount(gamma)
    probs = softmax_policy(theta)
    values = evaluate_policy(mdp, probs, gamma)
    advantages = action_values(mdp, values, gamma) - values[:, None]
    live = ~mdp.terminal
    p_pi = np.einsum("sa,san->sn", probs, mdp.transitions)[np.ix_(live, live)]
    visits = np.zeros(mdp.n_states)
    # d^T (I - gamma P_pi) = mu_0^T over the non-terminal states.
    visits[live] = np.linalg.solve((np.eye(int(live.sum())) - gamma * p_pi).T, mdp.start[live])
    gradient = visits[:, None] * probs * advantages
    gradient[mdp.terminal] = 0.0
    return float(mdp.start @ values), gradient


def reinforce_estimates(episodes: SampledEpisodes, theta, gamma, *, discount_steps=True) -> np.ndarray:
    """One REINFORCE gradient estimate per episode.

    Parameters
    ----------
    episodes : SampledEpisodes
        Episodes of the softmax policy of ``theta`` (from :func:`~mlwiki.rl.sampling.sample_episodes`).
    theta : array-like of shape (n_states, n_actions)
    gamma : float
        Discount factor in [0, 1].
    discount_steps : bool
        Weigh step ``t`` by ``gamma**t`` (the gradient of ``J``).  ``False`` gives the common
        variant that drops the factor.

    Returns
    -------
    ndarray of shape (n_episodes, n_states, n_actions)
        Their mean over episodes estimates ``grad J``.
    """
    if not isinstance(episodes, SampledEpisodes):
        raise TypeError(f"episodes must be SampledEpisodes, got {type(episodes).__name__}")
    theta = _check_theta(theta)
    if episodes.states.max() >= theta.shape[0] or episodes.actions.max() >= theta.shape[1]:
        raise ValueError(f"episodes visit states or actions outside theta's shape {theta.shape}")
    if not isinstance(discount_steps, bool):
        raise TypeError(f"discount_steps must be a bool, got {type(discount_steps).__name__}")
    probs = softmax_policy(theta)
    n_episodes = episodes.actions.shape[0]
    steps = int(episodes.lengths.max())  # columns after the longest episode hold nothing
    active = episodes.active[:, :steps]
    returns = returns_to_go(episodes.rewards[:, :steps], gamma)
    weights = returns * (gamma ** np.arange(steps) if discount_steps else 1.0)
    episode_index, step = np.nonzero(active)
    states = episodes.states[episode_index, step]
    actions = episodes.actions[episode_index, step]
    w = weights[episode_index, step]
    estimates = np.zeros((n_episodes, *theta.shape))
    # grad log pi(a|s) is (one-hot(a) - pi(.|s)) in row s, zero elsewhere.
    np.add.at(estimates, (episode_index, states), -w[:, None] * probs[states])
    np.add.at(estimates, (episode_index, states, actions), w)
    return estimates


@dataclass(frozen=True)
class ReinforceResult:
    """What :func:`reinforce` learned.

    Attributes
    ----------
    theta : ndarray of shape (n_states, n_actions)
        Final policy parameters.
    thetas : ndarray of shape (n_updates + 1, n_states, n_actions)
        Parameters before the first update and after each one.
    mean_returns : ndarray of shape (n_updates,)
        Mean discounted return of each update's batch of episodes (what the agent observed).
    """

    theta: np.ndarray
    thetas: np.ndarray
    mean_returns: np.ndarray


def reinforce(mdp: TabularMDP, gamma, *, lr, n_updates, episodes_per_update, max_steps, rng,
              theta=None) -> ReinforceResult:
    """Gradient ascent on ``J`` with REINFORCE estimates from freshly sampled episodes.

    Each update samples ``episodes_per_update`` episodes of the current policy, averages their
    REINFORCE estimates and takes the step ``theta += lr * estimate``.  The model is used only
    to simulate episodes, never to compute the gradient.

    Parameters
    ----------
    mdp : TabularMDP
        The environment to sample episodes from.
    gamma : float
        Discount factor in [0, 1).
    lr : float
        Step size (> 0).
    n_updates, episodes_per_update, max_steps : int
        Number of updates, batch size, and time limit of each episode (all >= 1).
    rng : numpy.random.Generator
    theta : array-like of shape (n_states, n_actions), optional
        Starting parameters; zeros (the uniformly random policy) by default.

    Returns
    -------
    ReinforceResult
    """
    mdp = _check_mdp(mdp)
    gamma = _check_discount(gamma)
    lr = _check_positive("lr", lr)
    n_updates = _check_positive_int("n_updates", n_updates)
    episodes_per_update = _check_positive_int("episodes_per_update", episodes_per_update)
    max_steps = _check_positive_int("max_steps", max_steps)
    rng = _check_rng("rng", rng)
    theta = np.zeros((mdp.n_states, mdp.n_actions)) if theta is None else _check_theta(theta, mdp).copy()
    thetas, mean_returns = [theta.copy()], []
    for _ in range(n_updates):
        episodes = sample_episodes(mdp, softmax_policy(theta), episodes_per_update, max_steps, rng=rng)
        theta = theta + lr * reinforce_estimates(episodes, theta, gamma).mean(axis=0)
        thetas.append(theta.copy())
        mean_returns.append(float(returns_to_go(episodes.rewards, gamma)[:, 0].mean()) if episodes.rewards.size else 0.0)
    return ReinforceResult(theta, np.array(thetas), np.array(mean_returns))
