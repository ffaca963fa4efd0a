"""The episode loop against Gymnasium's own reset/step, termination and truncation rules."""

import gymnasium as gym
import numpy as np
import pytest

from mlwiki.rl import Episode, rollouts, run_episode


def _by_hand(env, policy, seed):
    """The same episode, stepped directly through Gymnasium."""
    state, _ = env.reset(seed=seed)
    states, rewards, done = [state], [], (False, False)
    while not any(done):
        state, reward, terminated, truncated, _ = env.step(int(policy[state]))
        states.append(state)
        rewards.append(reward)
        done = (terminated, truncated)
    return states, rewards, done


def test_matches_stepping_gymnasium_by_hand(lake):
    policy = np.array([0, 3, 3, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 2, 1, 0])
    for seed in (0, 1, 2):
        episode = run_episode(lake, policy, rng=np.random.default_rng(0), seed=seed)
        states, rewards, (terminated, truncated) = _by_hand(lake, policy, seed)
        assert episode.states.tolist() == states and episode.rewards.tolist() == rewards
        assert (episode.terminated, episode.truncated) == (terminated, truncated)
        assert episode.actions.tolist() == [int(policy[s]) for s in states[:-1]]
        assert isinstance(episode, Episode) and episode.total_reward == sum(rewards)


def test_truncation_is_not_termination():
    # Pushing left at the start of the plain lake never moves: only the time limit ends it.
    env = gym.make("FrozenLake-v1", is_slippery=False, max_episode_steps=7)
    episode = run_episode(env, np.zeros(16, dtype=int), rng=np.random.default_rng(0), seed=0)
    assert episode.truncated and not episode.terminated
    assert len(episode.actions) == 7 and set(episode.states.tolist()) == {0}
    # Walking into the hole below tile 4 terminates.
    policy = np.ones(16, dtype=int)
    policy[4] = 2
    episode = run_episode(env, policy, rng=np.random.default_rng(0), seed=0)
    assert episode.terminated and not episode.truncated and episode.states[-1] == 5


def test_rollouts_seed_once_and_are_reproducible(lake):
    uniform = np.full((16, 4), 0.25)
    a = rollouts(lake, uniform, 30, rng=np.random.default_rng(7))
    b = rollouts(lake, uniform, 30, rng=np.random.default_rng(7))
    assert [e.states.tolist() for e in a] == [e.states.tolist() for e in b]
    assert len({tuple(e.states.tolist()) for e in a}) > 1  # later episodes continue the stream
    # A stochastic policy's actions follow its probabilities.
    lean = np.tile([0.7, 0.1, 0.1, 0.1], (16, 1))
    actions = np.concatenate([e.actions for e in rollouts(lake, lean, 300, rng=np.random.default_rng(8))])
    share = np.mean(actions == 0)
    assert abs(share - 0.7) < 4 * np.sqrt(0.21 / actions.size)


def test_argument_validation(lake):
    rng = np.random.default_rng(0)
    good = np.zeros(16, dtype=int)
    with pytest.raises(ValueError, match="env"):
        run_episode(object(), good, rng=rng)
    with pytest.raises(ValueError, match="env"):
        rollouts(gym.make("CartPole-v1"), good, 1, rng=rng)
    with pytest.raises(ValueError, match="policy"):
        run_episode(lake, np.zeros(15, dtype=int), rng=rng)
    with pytest.raises(ValueError, match="policy"):
        run_episode(lake, np.full(16, 4), rng=rng)
    with pytest.raises(ValueError, match="policy"):
        run_episode(lake, np.full((16, 4), 0.3), rng=rng)
    with pytest.raises(ValueError, match="rng"):
        run_episode(lake, good, rng=None)
    with pytest.raises(ValueError, match="seed"):
        run_episode(lake, good, rng=rng, seed=-1)
    with pytest.raises(ValueError, match="n_episodes"):
        rollouts(lake, good, 0, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        rollouts(lake, good, 1, rng=np.random.RandomState(0))
