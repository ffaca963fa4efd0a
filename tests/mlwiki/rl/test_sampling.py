"""Vectorised episodes against Gymnasium's own env.step, and their bookkeeping."""

import numpy as np
import pytest
from scipy.stats import chisquare

from mlwiki.rl import rollouts, sample_episodes


def test_transition_frequencies_match_the_model(lake_mdp):
    episodes = sample_episodes(lake_mdp, np.full((16, 4), 0.25), 20_000, 100, rng=np.random.default_rng(0))
    active = episodes.active
    s = episodes.states[:, :-1][active]
    a = episodes.actions[active]
    s2 = episodes.states[:, 1:][active]
    # From the start, each action's observed next states follow p(s2 | 0, a) (chi-square test).
    for action in range(4):
        chosen = (s == 0) & (a == action)
        support = np.flatnonzero(lake_mdp.transitions[0, action])
        observed = np.array([np.sum(s2[chosen] == t) for t in support])
        expected = lake_mdp.transitions[0, action, support] * chosen.sum()
        assert observed.sum() == chosen.sum()
        assert chisquare(observed, expected).pvalue > 1e-4


def test_episodes_agree_with_gymnasium_rollouts(lake, lake_mdp):
    """Same policy, the model's sampler against Gymnasium's env.step: success rate and length."""
    uniform = np.full((16, 4), 0.25)
    ours = sample_episodes(lake_mdp, uniform, 20_000, 100, rng=np.random.default_rng(1))
    theirs = rollouts(lake, uniform, 1500, rng=np.random.default_rng(2))
    success_ours = ours.rewards.sum(axis=1).mean()
    success_theirs = np.mean([e.total_reward for e in theirs])
    se = np.sqrt(0.014 * 0.986 * (1 / 20_000 + 1 / 1500))
    assert abs(success_ours - success_theirs) < 4 * se
    lengths_theirs = np.array([len(e.actions) for e in theirs])
    se_length = np.sqrt(ours.lengths.var() / 20_000 + lengths_theirs.var() / 1500)
    assert abs(ours.lengths.mean() - lengths_theirs.mean()) < 4 * se_length


def test_padding_lengths_and_truncation(corridor):
    stay_then_go = np.array([[0.9, 0.1], [0.0, 1.0], [0.5, 0.5]])
    episodes = sample_episodes(corridor, stay_then_go, 500, 5, rng=np.random.default_rng(3))
    assert episodes.max_steps == 5 and episodes.states.shape[1] == episodes.actions.shape[1] + 1 <= 6
    for states, actions, rewards, length, terminated in zip(episodes.states, episodes.actions, episodes.rewards,
                                                            episodes.lengths, episodes.terminated):
        assert terminated == (states[length] == 2)
        assert np.all(actions[length:] == -1) and np.all(rewards[length:] == 0.0)
        assert np.all(states[length:] == states[length])
        assert rewards.sum() == (1.0 if terminated else 0.0)
        assert terminated or length == 5
    assert np.any(~episodes.terminated) and np.any(episodes.terminated)
    assert np.array_equal(episodes.active, np.arange(episodes.actions.shape[1]) < episodes.lengths[:, None])


def test_deterministic_policy_and_reproducibility(corridor):
    first = sample_episodes(corridor, [1, 1, 0], 3, 10, rng=np.random.default_rng(4))
    assert first.states.tolist() == [[0, 1, 2]] * 3 and first.lengths.tolist() == [2, 2, 2]
    a = sample_episodes(corridor, np.full((3, 2), 0.5), 50, 10, rng=np.random.default_rng(5))
    b = sample_episodes(corridor, np.full((3, 2), 0.5), 50, 10, rng=np.random.default_rng(5))
    assert np.array_equal(a.states, b.states) and np.array_equal(a.rewards, b.rewards)


def test_starting_in_a_terminal_state(corridor):
    ended = type(corridor)(corridor.transitions, corridor.rewards, corridor.terminal, np.array([0.0, 0.0, 1.0]))
    episodes = sample_episodes(ended, [1, 1, 1], 4, 3, rng=np.random.default_rng(6))
    assert episodes.lengths.tolist() == [0] * 4 and episodes.terminated.all()
    assert episodes.actions.shape == (4, 0) and episodes.states.shape == (4, 1)


def test_argument_validation(corridor):
    rng = np.random.default_rng(0)
    with pytest.raises(TypeError, match="mdp"):
        sample_episodes("mdp", [0, 0, 0], 1, 1, rng=rng)
    with pytest.raises(ValueError, match="policy"):
        sample_episodes(corridor, [0, 0], 1, 1, rng=rng)
    with pytest.raises(ValueError, match="n_episodes"):
        sample_episodes(corridor, [0, 0, 0], 0, 1, rng=rng)
    with pytest.raises(ValueError, match="max_steps"):
        sample_episodes(corridor, [0, 0, 0], 1, 0, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        sample_episodes(corridor, [0, 0, 0], 1, 1, rng=0)
