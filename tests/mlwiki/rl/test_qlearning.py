"""Q-learning against value iteration, and Gymnasium's termination/truncation rule in its target."""

import gymnasium as gym
import numpy as np
import pytest

from mlwiki.rl import from_gymnasium, q_learning, suboptimal_states, value_iteration


def test_learns_the_optimal_policy_off_policy_from_random_behaviour():
    """Q-learning's target uses the best next action, so even a random walker learns q*'s policy."""
    env = gym.make("FrozenLake-v1", is_slippery=False)
    mdp = from_gymnasium(env)
    optimal = value_iteration(mdp, 0.9)
    for seed in (0, 1):
        result = q_learning(env, 400, gamma=0.9, rng=np.random.default_rng(seed), epsilon=1.0)
        assert suboptimal_states(mdp, optimal.q_values, result.q_values.argmax(axis=1)).size == 0


def test_learns_the_optimal_policy_on_the_slippery_lake(lake, lake_mdp):
    optimal = value_iteration(lake_mdp, 0.99)
    result = q_learning(lake, 1000, gamma=0.99, rng=np.random.default_rng(3), epsilon=0.0, initial_q=1.0,
                        lr_exponent=0.51)
    assert suboptimal_states(lake_mdp, optimal.q_values, result.greedy_policies[-1]).size == 0


def test_truncation_bootstraps_and_termination_does_not():
    # A 1 x 3 lake S F G, moves always succeed; every episode is cut off after one step.
    env = gym.make("FrozenLake-v1", desc=["SFG"], is_slippery=False, max_episode_steps=1)
    result = q_learning(env, 1, gamma=0.5, rng=np.random.default_rng(0), epsilon=1.0, initial_q=0.8,
                        lr_exponent=1.0)
    state, action = np.argwhere(result.visits == 1)[0]
    assert state == 0 and result.visits.sum() == 1
    # Truncated, not terminated: the target is r + gamma max Q(s') with the untouched optimistic values.
    next_state = 1 if action == 2 else 0
    assert result.q_values[0, action] == pytest.approx(0.0 + 0.5 * 0.8) and next_state in (0, 1)
    # Terminated: entering the goal from tile 1 pays 1, and the target has no bootstrap term.
    env = gym.make("FrozenLake-v1", desc=["FSG"], is_slippery=False)
    result = q_learning(env, 50, gamma=0.5, rng=np.random.default_rng(1), epsilon=1.0, initial_q=0.8,
                        lr_exponent=1.0)
    assert result.visits[1, 2] > 0 and result.q_values[1, 2] == pytest.approx(1.0)


def test_bookkeeping_and_reproducibility(lake):
    a = q_learning(lake, 60, gamma=0.9, rng=np.random.default_rng(5), checkpoint_every=25)
    b = q_learning(lake, 60, gamma=0.9, rng=np.random.default_rng(5), checkpoint_every=25)
    np.testing.assert_array_equal(a.q_values, b.q_values)
    assert a.checkpoints.tolist() == [25, 50, 60] and a.greedy_policies.shape == (3, 16)
    np.testing.assert_array_equal(a.greedy_policies[-1], a.q_values.argmax(axis=1))
    assert a.visits.sum() == a.episode_lengths.sum()
    assert a.episode_returns.shape == (60,) and set(np.unique(a.episode_returns)) <= {0.0, 1.0}
    assert q_learning(lake, 3, gamma=0.9, rng=np.random.default_rng(0)).checkpoints.tolist() == [3]


def test_optimism_explores_every_action_of_the_start(lake):
    result = q_learning(lake, 20, gamma=0.99, rng=np.random.default_rng(2), epsilon=0.0, initial_q=1.0)
    assert np.all(result.visits[0] > 0)
    stuck = q_learning(lake, 20, gamma=0.99, rng=np.random.default_rng(2), epsilon=0.0, initial_q=0.0)
    assert stuck.visits.sum() > 0  # ties are broken at random, so a zero table still moves


@pytest.mark.parametrize("kwargs, message", [
    (dict(n_episodes=0), "n_episodes"),
    (dict(gamma=1.5), "gamma"),
    (dict(gamma=float("nan")), "gamma"),
    (dict(rng=42), "rng"),
    (dict(epsilon=-0.1), "epsilon"),
    (dict(epsilon=2.0), "epsilon"),
    (dict(initial_q=float("inf")), "initial_q"),
    (dict(lr_exponent=0.5), "lr_exponent"),
    (dict(lr_exponent=1.2), "lr_exponent"),
    (dict(lr_exponent=0.0), "lr_exponent"),
    (dict(checkpoint_every=0), "checkpoint_every"),
])
def test_argument_validation(lake, kwargs, message):
    arguments = dict(n_episodes=1, gamma=0.9, rng=np.random.default_rng(0))
    arguments.update(kwargs)
    with pytest.raises(ValueError, match=message):
        q_learning(lake, arguments.pop("n_episodes"), **arguments)


def test_environment_must_be_discrete():
    with pytest.raises(ValueError, match="env"):
        q_learning(gym.make("CartPole-v1"), 1, gamma=0.9, rng=np.random.default_rng(0))
