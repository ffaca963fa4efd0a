"""TabularMDP validation, and from_gymnasium against Gymnasium's own transition tables."""

import gymnasium as gym
import numpy as np
import pytest

from mlwiki.rl import TabularMDP, from_gymnasium, policy_matrix

from .conftest import gym_tables


@pytest.mark.parametrize("make", [
    lambda: gym.make("FrozenLake-v1"),
    lambda: gym.make("FrozenLake-v1", map_name="8x8", is_slippery=False),
    lambda: gym.make("CliffWalking-v1"),
    lambda: gym.make("Taxi-v4"),
])
def test_from_gymnasium_reproduces_the_table(make):
    env = make()
    mdp = from_gymnasium(env)
    P, R, terminal = gym_tables(env)
    np.testing.assert_allclose(mdp.transitions, P, atol=1e-12)
    np.testing.assert_allclose(mdp.expected_rewards(), R, atol=1e-12)
    np.testing.assert_array_equal(mdp.terminal, terminal)
    np.testing.assert_allclose(mdp.start, env.unwrapped.initial_state_distrib)
    assert (mdp.n_states, mdp.n_actions) == (env.observation_space.n, env.action_space.n)


def test_frozen_lake_specifics(lake_mdp):
    # Slipping: the intended direction and both perpendicular ones, 1/3 each; a wall keeps you put.
    assert set(np.flatnonzero(lake_mdp.transitions[0, 0])) == {0, 4}
    assert lake_mdp.transitions[0, 0, 0] == pytest.approx(2 / 3)
    assert lake_mdp.rewards[14, 1, 15] == 1.0 and lake_mdp.rewards[14, 1, 13] == 0.0
    assert lake_mdp.terminal.tolist() == [c in "HG" for c in "SFFFFHFHFFFHHFFG"]


def test_cliff_walking_cliff_is_not_terminal():
    mdp = from_gymnasium(gym.make("CliffWalking-v1"))
    assert mdp.terminal.sum() == 1 and mdp.terminal[47]
    # Stepping into the cliff from 36 (start) costs -100 and returns to the start.
    assert mdp.transitions[36, 1, 36] == 1.0 and mdp.rewards[36, 1, 36] == -100.0


def test_arrays_are_frozen_copies(corridor):
    transitions = corridor.transitions.copy()
    mdp = TabularMDP(transitions, corridor.rewards, corridor.terminal, corridor.start)
    transitions[0, 0, 0] = 0.5
    assert mdp.transitions[0, 0, 0] == 1.0
    with pytest.raises(ValueError):
        mdp.rewards[0, 0, 0] = 1.0


def test_expected_rewards_and_with_rewards(corridor):
    expected = corridor.expected_rewards()
    assert expected[1, 1] == 1.0 and expected[2].tolist() == [0.0, 0.0]
    doubled = corridor.with_rewards(2 * corridor.rewards)
    assert doubled.expected_rewards()[1, 1] == 2.0
    np.testing.assert_array_equal(doubled.transitions, corridor.transitions)


def _parts(corridor):
    return dict(transitions=corridor.transitions, rewards=corridor.rewards, terminal=corridor.terminal,
                start=corridor.start)


@pytest.mark.parametrize("field, value, message", [
    ("transitions", np.ones((3, 2)), "transitions"),
    ("transitions", np.ones((3, 2, 4)) / 4, "transitions"),
    ("transitions", np.full((3, 2, 3), 0.5), "sum"),
    ("transitions", np.stack([np.eye(3)[[1, 1]] * 2 - np.eye(3)[[0, 0]]] * 3), "transitions"),
    ("transitions", np.full((3, 2, 3), np.nan), "transitions"),
    ("rewards", np.zeros((3, 2, 2)), "rewards"),
    ("rewards", np.full((3, 2, 3), np.inf), "rewards"),
    ("terminal", np.array([0, 0, 1]), "terminal"),
    ("terminal", np.array([False, True]), "terminal"),
    ("start", np.array([0.5, 0.2, 0.2]), "start"),
    ("start", np.array([1.5, -0.5, 0.0]), "start"),
    ("start", np.array([1.0, 0.0]), "start"),
])
def test_tabular_mdp_validation(corridor, field, value, message):
    parts = _parts(corridor)
    parts[field] = value
    with pytest.raises(ValueError, match=message):
        TabularMDP(**parts)


class _FakeCore:
    def __init__(self, table):
        self.P = table
        self.initial_state_distrib = np.array([1.0, 0.0])


class _FakeEnv:
    def __init__(self, table):
        self.unwrapped = _FakeCore(table)
        self.observation_space = gym.spaces.Discrete(2)
        self.action_space = gym.spaces.Discrete(2)


def test_from_gymnasium_rejects_ambiguous_termination():
    table = {0: {0: [(1.0, 1, 0.0, True)], 1: [(1.0, 1, 0.0, False)]},
             1: {0: [(1.0, 1, 0.0, True)], 1: [(1.0, 1, 0.0, True)]}}
    with pytest.raises(ValueError, match="termination"):
        from_gymnasium(_FakeEnv(table))


def test_from_gymnasium_averages_rewards_of_merged_outcomes():
    table = {0: {0: [(0.5, 1, 1.0, False), (0.5, 1, 3.0, False)], 1: [(1.0, 0, 0.0, False)]},
             1: {0: [(1.0, 1, 0.0, False)], 1: [(1.0, 1, 0.0, False)]}}
    mdp = from_gymnasium(_FakeEnv(table))
    assert mdp.transitions[0, 0, 1] == 1.0 and mdp.rewards[0, 0, 1] == 2.0


def test_from_gymnasium_needs_a_model():
    with pytest.raises(ValueError, match="transition table"):
        from_gymnasium(gym.make("CartPole-v1"))
    with pytest.raises(ValueError, match="env"):
        from_gymnasium(object())


def test_policy_matrix(corridor):
    np.testing.assert_array_equal(policy_matrix([1, 0, 1], corridor), [[0, 1], [1, 0], [0, 1]])
    stochastic = np.full((3, 2), 0.5)
    np.testing.assert_array_equal(policy_matrix(stochastic, corridor), stochastic)


@pytest.mark.parametrize("policy, message", [
    ([1, 0], "shape"),
    ([1.0, 0.0, 1.0], "integer actions"),
    ([2, 0, 1], "integer actions"),
    ([-1, 0, 1], "integer actions"),
    (np.full((3, 2), 0.4), "probability"),
    (np.array([[1.5, -0.5]] * 3), "probability"),
    (np.full((3, 2), np.nan), "policy"),
])
def test_policy_matrix_validation(corridor, policy, message):
    with pytest.raises(ValueError, match=message):
        policy_matrix(policy, corridor)


def test_policy_matrix_needs_an_mdp():
    with pytest.raises(TypeError, match="mdp"):
        policy_matrix([0], "not an mdp")
