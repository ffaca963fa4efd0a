"""Small MDPs shared by the reinforcement-learning tests."""

import gymnasium as gym
import numpy as np
import pytest

from mlwiki.rl import TabularMDP, from_gymnasium


def gym_tables(env):
    """(P[s, a, s2], r[s, a], terminal[s]) read straight from Gymnasium's table: the oracle."""
    table = env.unwrapped.P
    n_s, n_a = env.observation_space.n, env.action_space.n
    P, R, terminal = np.zeros((n_s, n_a, n_s)), np.zeros((n_s, n_a)), np.zeros(n_s, bool)
    for s in range(n_s):
        for a in range(n_a):
            for prob, s2, reward, done in table[s][a]:
                P[s, a, s2] += prob
                R[s, a] += prob * reward
                terminal[s2] |= bool(done)
    R[terminal] = 0.0
    return P, R, terminal


@pytest.fixture
def lake():
    return gym.make("FrozenLake-v1")


@pytest.fixture
def lake_mdp(lake):
    return from_gymnasium(lake)


@pytest.fixture
def plain_lake():
    return gym.make("FrozenLake-v1", is_slippery=False)


@pytest.fixture
def plain_mdp(plain_lake):
    return from_gymnasium(plain_lake)


@pytest.fixture
def corridor():
    """Three states in a row: 0 -> 1 -> 2 (terminal goal, reward 1); action 0 stays, 1 moves right."""
    transitions = np.zeros((3, 2, 3))
    transitions[0, 0, 0] = transitions[1, 0, 1] = 1.0
    transitions[0, 1, 1] = transitions[1, 1, 2] = 1.0
    transitions[2, :, 2] = 1.0
    rewards = np.zeros((3, 2, 3))
    rewards[1, 1, 2] = 1.0
    return TabularMDP(transitions, rewards, np.array([False, False, True]), np.array([1.0, 0.0, 0.0]))
