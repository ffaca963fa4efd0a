"""Reach probabilities: by hand on a corridor, against simulation, and their argument checks."""

from math import comb

import gymnasium as gym
import numpy as np
import pytest

from mlwiki.rl import empirical_reach_probability, from_gymnasium, reach_probability, sample_episodes


def test_corridor_by_hand(corridor):
    goal = np.array([False, False, True])
    # Moving right with probability q: reach within n steps = P(at least 2 moves in n tries).
    q = 0.3
    probs = np.array([[1 - q, q], [1 - q, q], [0.5, 0.5]])
    reach = reach_probability(corridor, probs, goal, 6)
    expected = [1 - (1 - q) ** n - n * q * (1 - q) ** (n - 1) if n else 0.0 for n in range(7)]
    np.testing.assert_allclose(reach, expected, atol=1e-12)


def test_empty_lake_counts_paths():
    env = gym.make("FrozenLake-v1", desc=["SFFF", "FFFF", "FFFF", "FFFG"], is_slippery=False)
    mdp = from_gymnasium(env)
    goal = np.zeros(16, bool)
    goal[15] = True
    reach = reach_probability(mdp, np.full((16, 4), 0.25), goal, 8)
    assert reach[5] == 0.0
    assert reach[6] == pytest.approx(comb(6, 3) / 4 ** 6, abs=1e-15)


def test_holes_absorb_and_simulation_agrees(lake_mdp):
    goal = np.zeros(16, bool)
    goal[15] = True
    uniform = np.full((16, 4), 0.25)
    exact = reach_probability(lake_mdp, uniform, goal, 60)
    assert np.all(np.diff(exact) >= 0) and exact[-1] < 0.02
    episodes = sample_episodes(lake_mdp, uniform, 40_000, 60, rng=np.random.default_rng(0))
    sampled = empirical_reach_probability(episodes, goal)
    assert sampled.shape == exact.shape
    se = np.sqrt(exact * (1 - exact) / 40_000)
    assert np.all(np.abs(sampled - exact) <= 4 * se + 1e-12)
    # Reaching the goal is the same event as an episode earning its reward.
    assert sampled[-1] == pytest.approx(episodes.rewards.sum(axis=1).mean())


def test_empirical_reach_is_padded_to_the_horizon(corridor):
    episodes = sample_episodes(corridor, [1, 1, 0], 5, 20, rng=np.random.default_rng(1))
    reached = empirical_reach_probability(episodes, np.array([False, False, True]))
    assert reached.shape == (21,) and reached.tolist() == [0.0, 0.0] + [1.0] * 19


def test_argument_validation(corridor):
    goal = np.array([False, False, True])
    with pytest.raises(TypeError, match="mdp"):
        reach_probability("mdp", [1, 1, 0], goal, 3)
    with pytest.raises(ValueError, match="policy"):
        reach_probability(corridor, [1, 1], goal, 3)
    with pytest.raises(ValueError, match="targets"):
        reach_probability(corridor, [1, 1, 0], [0, 0, 1], 3)
    with pytest.raises(ValueError, match="targets"):
        reach_probability(corridor, [1, 1, 0], np.zeros(3, bool), 3)
    with pytest.raises(ValueError, match="targets"):
        reach_probability(corridor, [1, 1, 0], goal[:2], 3)
    with pytest.raises(ValueError, match="n_steps"):
        reach_probability(corridor, [1, 1, 0], goal, 0)
    episodes = sample_episodes(corridor, [1, 1, 0], 2, 3, rng=np.random.default_rng(2))
    with pytest.raises(TypeError, match="episodes"):
        empirical_reach_probability("episodes", goal)
    with pytest.raises(ValueError, match="targets"):
        empirical_reach_probability(episodes, goal[:2])
    with pytest.raises(ValueError, match="targets"):
        empirical_reach_probability(episodes, np.array([0, 0, 1]))
