"""Reward shaping: Ng, Harada & Russell's invariance, a hackable bonus, and the Gymnasium wrapper."""

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from mlwiki.rl import (RewardTable, arrival_bonus, from_gymnasium, potential_shaping, q_learning, rollouts,
                       suboptimal_states, value_iteration)


def test_potential_shaping_shifts_action_values_by_the_potential(lake_mdp):
    rng = np.random.default_rng(0)
    potential = rng.normal(size=16)
    for gamma in (0.5, 0.9, 0.99):
        base = value_iteration(lake_mdp, gamma, tol=1e-11)
        shaped = value_iteration(potential_shaping(lake_mdp, potential, gamma), gamma, tol=1e-11)
        phi = np.where(lake_mdp.terminal, 0.0, potential)
        live = ~lake_mdp.terminal
        np.testing.assert_allclose(shaped.q_values[live], (base.q_values - phi[:, None])[live], atol=1e-8)
        assert suboptimal_states(lake_mdp, base.q_values, shaped.policy).size == 0


def test_terminal_potential_is_zeroed(corridor):
    shaped = potential_shaping(corridor, [0.0, 0.0, 5.0], 0.9)
    np.testing.assert_array_equal(shaped.rewards, corridor.rewards)
    shaped = potential_shaping(corridor, [1.0, 2.0, 0.0], 0.5)
    assert shaped.rewards[0, 1, 1] == pytest.approx(0.5 * 2.0 - 1.0)
    assert shaped.rewards[1, 1, 2] == pytest.approx(1.0 + 0.0 - 2.0)


def test_a_loopable_bonus_changes_the_optimal_policy(plain_mdp):
    bonus = np.zeros(16)
    bonus[14] = 0.1
    for gamma, hacked_expected in ((0.99, True), (0.85, False)):
        hacked = value_iteration(arrival_bonus(plain_mdp, bonus), gamma)
        # Loitering is worth b / (1 - gamma); stepping onto the goal 1.
        loiter_wins = 0.1 / (1 - gamma) > 1.0
        assert loiter_wins == hacked_expected
        assert (hacked.policy[14] == 1) == hacked_expected
    np.testing.assert_allclose(arrival_bonus(plain_mdp, bonus).rewards[:, :, 14], plain_mdp.rewards[:, :, 14] + 0.1)


@pytest.mark.filterwarnings("ignore:.*different from the unwrapped version")  # we check the wrapper on purpose
def test_reward_table_wrapper_passes_gymnasiums_checker_and_pays_the_table():
    env = gym.make("FrozenLake-v1", is_slippery=False)
    mdp = from_gymnasium(env)
    bonus = np.zeros(16)
    bonus[14] = 0.1
    wrapped = RewardTable(env, arrival_bonus(mdp, bonus).rewards)
    check_env(RewardTable(env.unwrapped, mdp.rewards), skip_render_check=True)
    # A route through tile 14: the wrapper pays 0.1 on arrival there and 1 on the goal.
    route = np.zeros(16, dtype=int)
    route[[0, 4, 9]] = 1
    route[[8, 13, 14]] = 2
    episode = rollouts(wrapped, route, 1, rng=np.random.default_rng(0))[0]
    assert episode.states.tolist() == [0, 4, 8, 9, 13, 14, 15]
    np.testing.assert_allclose(episode.rewards, [0, 0, 0, 0, 0.1, 1.0])
    assert episode.terminated


def test_q_learning_exploits_the_bonus_in_the_real_environment():
    env = gym.make("FrozenLake-v1", is_slippery=False, max_episode_steps=30)
    mdp = from_gymnasium(env)
    bonus = np.zeros(16)
    bonus[14] = 0.1
    learned = q_learning(RewardTable(env, arrival_bonus(mdp, bonus).rewards), 300, gamma=0.99,
                         rng=np.random.default_rng(0), epsilon=0.2, initial_q=1.0)
    greedy = learned.q_values.argmax(axis=1)
    # Played in the unshaped environment, the learned policy parks next to the goal and never ends.
    episode = rollouts(env, greedy, 1, rng=np.random.default_rng(1))[0]
    assert episode.truncated and episode.total_reward == 0.0 and episode.states[-1] == 14


def test_argument_validation(corridor, lake):
    with pytest.raises(TypeError, match="mdp"):
        arrival_bonus("mdp", np.zeros(3))
    with pytest.raises(ValueError, match="bonus"):
        arrival_bonus(corridor, np.zeros(2))
    with pytest.raises(ValueError, match="bonus"):
        arrival_bonus(corridor, [0.0, np.nan, 0.0])
    with pytest.raises(TypeError, match="mdp"):
        potential_shaping(None, np.zeros(3), 0.9)
    with pytest.raises(ValueError, match="potential"):
        potential_shaping(corridor, np.zeros((3, 1)), 0.9)
    with pytest.raises(ValueError, match="gamma"):
        potential_shaping(corridor, np.zeros(3), 1.0)
    with pytest.raises(TypeError, match="env"):
        RewardTable("env", np.zeros((16, 4, 16)))
    with pytest.raises(ValueError, match="Discrete"):
        RewardTable(gym.make("CartPole-v1"), np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="rewards"):
        RewardTable(lake, np.zeros((16, 4, 15)))
    with pytest.raises(ValueError, match="rewards"):
        RewardTable(lake, np.full((16, 4, 16), np.inf))
    with pytest.raises(RuntimeError, match="reset"):
        RewardTable(lake, np.zeros((16, 4, 16))).step(0)
