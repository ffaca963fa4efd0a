"""Planning with a known model: policy evaluation and value iteration (Bellman 1957).

The value of state ``s`` under policy ``pi`` is the expected discounted return from ``s``,
``v_pi(s) = E_pi[G_t | s_t = s]``; the action value ``q_pi(s, a)`` first takes ``a`` and then
follows ``pi``.  Both obey the Bellman equations (terminal states have value 0)::

    q_pi(s, a) = sum_s2 p(s2 | s, a) [ r(s, a, s2) + gamma v_pi(s2) ]
    v_pi(s)    = sum_a pi(a | s) q_pi(s, a)

For a fixed policy these are linear: :func:`evaluate_policy` solves them exactly.  The optimal
values satisfy ``v*(s) = max_a q*(s, a)`` instead; :func:`value_iteration` applies that update
until it provably is within ``tol`` of ``v*``, and a policy greedy in ``q*`` is optimal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int
from mlwiki.rl.mdp import TabularMDP, policy_matrix

__all__ = ["action_values", "evaluate_policy", "value_iteration", "ValueIterationResult", "greedy_policy",
           "suboptimal_states"]


def _check_mdp(mdp) -> TabularMDP:
    if not isinstance(mdp, TabularMDP):
        raise TypeError(f"mdp must be a TabularMDP, got {type(mdp).__name__}")
    return mdp


def _check_discount(gamma) -> float:
    """A discount strictly below 1, which makes every value finite and the updates contract."""
    value = float(_check_finite_array("gamma", gamma, ndim=0))
    if not 0.0 <= value < 1.0:
        raise ValueError(f"gamma must be in [0, 1), got {value!r}")
    return value


def action_values(mdp: TabularMDP, values, gamma) -> np.ndarray:
    """One Bellman backup: ``q(s, a) = sum_s2 p(s2|s,a) [r(s,a,s2) + gamma v(s2)]``.

    Parameters
    ----------
    mdp : TabularMDP
    values : array-like of shape (n_states,)
        State values ``v``; entries of terminal states are ignored (taken as 0).
    gamma : float
        Discount factor in [0, 1).

    Returns
    -------
    ndarray of shape (n_states, n_actions)
        Rows of terminal states are 0.
    """
    mdp = _check_mdp(mdp)
    values = _check_finite_array("values", values, ndim=1, dtype=float)
    if values.shape != (mdp.n_states,):
        raise ValueError(f"values must have shape ({mdp.n_states},), got {values.shape}")
    gamma = _check_discount(gamma)
    future = np.where(mdp.terminal, 0.0, values)
    q = mdp.expected_rewards() + gamma * mdp.transitions @ future
    q[mdp.terminal] = 0.0
    return q


def evaluate_policy(mdp: TabularMDP, policy, gamma) -> np.ndarray:
    """Exact state values of a policy, from the Bellman equations as a linear system.

    With ``P_pi[s, s2] = sum_a pi(a|s) p(s2|s,a)`` and ``r_pi[s] = sum_a pi(a|s) r(s,a)``, the
    values of the non-terminal states solve ``(I - gamma P_pi) v = r_pi`` (transitions into
    terminal states drop out, since their value is 0).

    Parameters
    ----------
    mdp : TabularMDP
    policy : array-like of shape (n_states,) or (n_states, n_actions)
        Deterministic or stochastic policy (see :mod:`mlwiki.rl.mdp`).
    gamma : float
        Discount factor in [0, 1).

    Returns
    -------
    ndarray of shape (n_states,)
        ``v_pi``; 0 for terminal states.
    """
    mdp = _check_mdp(mdp)
    probs = policy_matrix(policy, mdp)
    gamma = _check_discount(gamma)
    live = ~mdp.terminal
    p_pi = np.einsum("sa,san->sn", probs, mdp.transitions)[np.ix_(live, live)]
    r_pi = np.einsum("sa,sa->s", probs, mdp.expected_rewards())[live]
    values = np.zeros(mdp.n_states)
    values[live] = np.linalg.solve(np.eye(int(live.sum())) - gamma * p_pi, r_pi)
    return values


@dataclass(frozen=True)
class ValueIterationResult:
    """What :func:`value_iteration` found.

    Attributes
    ----------
    values : ndarray of shape (n_states,)
        Within ``tol`` of the optimal values ``v*`` in every state.
    q_values : ndarray of shape (n_states, n_actions)
        One backup of ``values``: the optimal action values to the same accuracy.
    policy : ndarray of int, shape (n_states,)
        Greedy in ``q_values`` (lowest action index among ties).
    residuals : ndarray of shape (n_iterations,)
        ``max_s |v_{k+1}(s) - v_k(s)|`` after each sweep.
    """

    values: np.ndarray
    q_values: np.ndarray
    policy: np.ndarray
    residuals: np.ndarray

    @property
    def n_iterations(self) -> int:
        return self.residuals.size


def value_iteration(mdp: TabularMDP, gamma, *, tol=1e-10, max_iterations=100_000) -> ValueIterationResult:
    """Optimal values by repeated Bellman optimality backups ``v <- max_a q(s, a)``.

    Starting from ``v = 0``, each sweep is a contraction by ``gamma`` in the max norm, so the
    error after a sweep whose change was ``delta`` is at most ``gamma delta / (1 - gamma)``.
    Iteration stops as soon as that bound is below ``tol``.

    Parameters
    ----------
    mdp : TabularMDP
    gamma : float
        Discount factor in [0, 1).
    tol : float
        Guaranteed bound on ``max_s |values(s) - v*(s)|`` (> 0).
    max_iterations : int
        Give up (``RuntimeError``) after this many sweeps.

    Returns
    -------
    ValueIterationResult
    """
    mdp = _check_mdp(mdp)
    gamma = _check_discount(gamma)
    tol = _check_positive("tol", tol)
    max_iterations = _check_positive_int("max_iterations", max_iterations)
    values = np.zeros(mdp.n_states)
    residuals = []
    for _ in range(max_iterations):
        new_values = action_values(mdp, values, gamma).max(axis=1)
        delta = float(np.max(np.abs(new_values - values)))
        residuals.append(delta)
        values = new_values
        if gamma * delta <= tol * (1.0 - gamma):
            q = action_values(mdp, values, gamma)
            return ValueIterationResult(values, q, greedy_policy(q), np.array(residuals))
    raise RuntimeError(f"value_iteration did not reach tol={tol} in {max_iterations} sweeps")


def greedy_policy(q_values) -> np.ndarray:
    """The action with the largest value in each state (the lowest index among exact ties).

    Parameters
    ----------
    q_values : array-like of shape (n_states, n_actions)

    Returns
    -------
    ndarray of int, shape (n_states,)
    """
    q_values = _check_finite_array("q_values", q_values, ndim=2, dtype=float)
    return q_values.argmax(axis=1)


def suboptimal_states(mdp: TabularMDP, optimal_q, policy, *, tol=1e-8) -> np.ndarray:
    """Non-terminal states where a deterministic policy's action is not optimal.

    An action counts as optimal when its optimal action value is within ``tol`` of the best
    one, so a policy that breaks a tie differently from another is not penalised.

    Parameters
    ----------
    mdp : TabularMDP
    optimal_q : array-like of shape (n_states, n_actions)
        Optimal action values ``q*`` (e.g. :func:`value_iteration`'s ``q_values``).
    policy : array-like of int, shape (n_states,)
    tol : float
        Tolerance on action values (>= 0).

    Returns
    -------
    ndarray of int
        The offending states, in increasing order (empty when the policy is optimal).
    """
    mdp = _check_mdp(mdp)
    optimal_q = _check_finite_array("optimal_q", optimal_q, ndim=2, dtype=float)
    if optimal_q.shape != (mdp.n_states, mdp.n_actions):
        raise ValueError(f"optimal_q must have shape ({mdp.n_states}, {mdp.n_actions}), got {optimal_q.shape}")
    policy = np.asarray(policy)
    if policy.shape != (mdp.n_states,):
        raise ValueError(f"policy must be deterministic, of shape ({mdp.n_states},), got {policy.shape}")
    policy_matrix(policy, mdp)  # validates the actions
    tol = _check_positive("tol", tol, allow_zero=True)
    chosen = optimal_q[np.arange(mdp.n_states), policy]
    return np.flatnonzero(~mdp.terminal & (chosen < optimal_q.max(axis=1) - tol))
