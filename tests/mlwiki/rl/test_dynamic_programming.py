"""Value iteration and policy evaluation against SciPy: a linear program and a linear solve."""

import gymnasium as gym
import numpy as np
import pytest
import scipy.linalg
from scipy.optimize import linprog

from mlwiki.rl import (action_values, evaluate_policy, from_gymnasium, greedy_policy, suboptimal_states,
                       value_iteration)

from .conftest import gym_tables


def _lp_optimal_values(P, R, terminal, gamma):
    """v* as the smallest v with v(s) >= r(s, a) + gamma sum_s2 p v(s2) for all s, a (SciPy's HiGHS)."""
    n_s, n_a, _ = P.shape
    live = np.flatnonzero(~terminal)
    rows, rhs = [], []
    for s in live:
        for a in range(n_a):
            row = -gamma * P[s, a, live]
            row[np.flatnonzero(live == s)[0]] += 1.0
            rows.append(-row)
            rhs.append(-R[s, a])
    result = linprog(np.ones(live.size), A_ub=np.array(rows), b_ub=np.array(rhs), bounds=(None, None),
                     method="highs")
    assert result.status == 0
    v = np.zeros(n_s)
    v[live] = result.x
    return v


@pytest.mark.parametrize("make, gamma", [
    (lambda: gym.make("FrozenLake-v1"), 0.99),
    (lambda: gym.make("FrozenLake-v1"), 0.9),
    (lambda: gym.make("FrozenLake-v1", map_name="8x8"), 0.95),
    (lambda: gym.make("CliffWalking-v1"), 0.9),
])
def test_value_iteration_matches_linear_programming(make, gamma):
    env = make()
    P, R, terminal = gym_tables(env)
    result = value_iteration(from_gymnasium(env), gamma, tol=1e-10)
    np.testing.assert_allclose(result.values, _lp_optimal_values(P, R, terminal, gamma), atol=1e-6)


def test_value_iteration_error_bound_holds(lake_mdp):
    exact = value_iteration(lake_mdp, 0.99, tol=1e-12).values
    for tol in (1e-2, 1e-4, 1e-6):
        rough = value_iteration(lake_mdp, 0.99, tol=tol)
        assert np.max(np.abs(rough.values - exact)) <= tol
        assert np.max(np.abs(rough.q_values.max(axis=1) - exact)) <= tol
    assert value_iteration(lake_mdp, 0.99, tol=1e-2).n_iterations < value_iteration(lake_mdp, 0.99, tol=1e-8).n_iterations


def test_greedy_policy_values_solve_its_bellman_equations(lake, lake_mdp):
    P, R, terminal = gym_tables(lake)
    result = value_iteration(lake_mdp, 0.99)
    live = ~terminal
    P_pi = P[np.arange(16), result.policy][np.ix_(live, live)]
    v = np.zeros(16)
    v[live] = scipy.linalg.solve(np.eye(live.sum()) - 0.99 * P_pi, R[np.arange(16), result.policy][live])
    np.testing.assert_allclose(result.values, v, atol=1e-9)
    np.testing.assert_allclose(evaluate_policy(lake_mdp, result.policy, 0.99), v, atol=1e-12)
    assert result.residuals.size == result.n_iterations and np.all(np.diff(result.residuals) <= 1e-15)


def test_evaluate_policy_against_iteration_and_stochastic_mixtures(lake_mdp):
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(4), size=16)
    v = evaluate_policy(lake_mdp, probs, 0.9)
    # Iterative policy evaluation: v <- r_pi + gamma P_pi v, from zero, until it stops moving.
    r = lake_mdp.expected_rewards()
    iterate = np.zeros(16)
    for _ in range(2000):
        iterate = np.where(lake_mdp.terminal, 0.0,
                           (probs * (r + 0.9 * lake_mdp.transitions @ np.where(lake_mdp.terminal, 0.0, iterate))).sum(axis=1))
    np.testing.assert_allclose(v, iterate, atol=1e-12)
    assert np.all(v[lake_mdp.terminal] == 0.0)


def test_corridor_by_hand(corridor):
    result = value_iteration(corridor, 0.5)
    np.testing.assert_allclose(result.values, [0.5, 1.0, 0.0], atol=1e-10)
    np.testing.assert_array_equal(result.policy[:2], [1, 1])
    np.testing.assert_allclose(result.q_values, [[0.25, 0.5], [0.5, 1.0], [0.0, 0.0]], atol=1e-10)
    np.testing.assert_allclose(evaluate_policy(corridor, [0, 1, 0], 0.5), [0.0, 1.0, 0.0])
    np.testing.assert_allclose(action_values(corridor, [0.5, 1.0, 123.0], 0.5), result.q_values, atol=1e-10)


def test_greedy_policy_and_suboptimal_states(corridor):
    np.testing.assert_array_equal(greedy_policy([[1.0, 1.0], [0.0, 2.0]]), [0, 1])
    q = value_iteration(corridor, 0.5).q_values
    assert suboptimal_states(corridor, q, [1, 1, 0]).size == 0
    assert suboptimal_states(corridor, q, [0, 1, 1]).tolist() == [0]
    # Ties count as optimal; the tolerance decides what a tie is.
    tied = np.array([[1.0, 1.0 - 1e-12], [0.0, 1.0], [0.0, 0.0]])
    assert suboptimal_states(corridor, tied, [1, 1, 0]).size == 0
    assert suboptimal_states(corridor, tied, [1, 1, 0], tol=0.0).tolist() == [0]


@pytest.mark.parametrize("gamma", [1.0, -0.5, float("nan"), "0.9"])
def test_gamma_must_be_below_one(corridor, gamma):
    for call in (lambda: value_iteration(corridor, gamma), lambda: evaluate_policy(corridor, [1, 1, 0], gamma),
                 lambda: action_values(corridor, np.zeros(3), gamma)):
        with pytest.raises(ValueError, match="gamma"):
            call()


def test_argument_validation(corridor):
    with pytest.raises(TypeError, match="mdp"):
        value_iteration("lake", 0.9)
    with pytest.raises(TypeError, match="mdp"):
        evaluate_policy(None, [0, 0, 0], 0.9)
    with pytest.raises(TypeError, match="mdp"):
        action_values([], np.zeros(3), 0.9)
    with pytest.raises(TypeError, match="mdp"):
        suboptimal_states(1, np.zeros((3, 2)), [0, 0, 0])
    with pytest.raises(ValueError, match="tol"):
        value_iteration(corridor, 0.9, tol=0.0)
    with pytest.raises(ValueError, match="max_iterations"):
        value_iteration(corridor, 0.9, max_iterations=0)
    with pytest.raises(RuntimeError, match="did not reach"):
        value_iteration(corridor, 0.9, tol=1e-12, max_iterations=1)
    with pytest.raises(ValueError, match="values"):
        action_values(corridor, np.zeros(2), 0.9)
    with pytest.raises(ValueError, match="policy"):
        evaluate_policy(corridor, [2, 0, 0], 0.9)
    with pytest.raises(ValueError, match="q_values"):
        greedy_policy([1.0, 2.0])
    with pytest.raises(ValueError, match="optimal_q"):
        suboptimal_states(corridor, np.zeros((3, 3)), [0, 0, 0])
    with pytest.raises(ValueError, match="deterministic"):
        suboptimal_states(corridor, np.zeros((3, 2)), np.full((3, 2), 0.5))
    with pytest.raises(ValueError, match="integer actions"):
        suboptimal_states(corridor, np.zeros((3, 2)), [0, 5, 0])
    with pytest.raises(ValueError, match="tol"):
        suboptimal_states(corridor, np.zeros((3, 2)), [0, 0, 0], tol=-1.0)
