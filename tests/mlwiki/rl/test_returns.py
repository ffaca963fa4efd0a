"""Discounted returns against their definition, summed term by term."""

import numpy as np
import pytest

from mlwiki.rl import discounted_return, returns_to_go


def _by_definition(rewards, gamma):
    return [sum(gamma ** k * rewards[t + k] for k in range(len(rewards) - t)) for t in range(len(rewards))]


def test_returns_to_go_match_the_definition():
    rng = np.random.default_rng(0)
    rewards = rng.normal(size=12)
    for gamma in (0.0, 0.5, 0.9, 1.0):
        np.testing.assert_allclose(returns_to_go(rewards, gamma), _by_definition(rewards, gamma), atol=1e-12)
        assert discounted_return(rewards, gamma) == pytest.approx(_by_definition(rewards, gamma)[0])


def test_recursion_and_batches():
    rewards = np.array([[-1.0, -1.0, -1.0, 10.0], [0.0, 0.0, 1.0, 0.0]])
    batch = returns_to_go(rewards, 0.9)
    for row, returns in zip(rewards, batch):
        np.testing.assert_allclose(returns, returns_to_go(row, 0.9))
        np.testing.assert_allclose(returns[:-1], row[:-1] + 0.9 * returns[1:])
    assert batch[0, 0] == pytest.approx(4.58)


def test_edge_cases():
    assert discounted_return([], 0.9) == 0.0
    assert returns_to_go([], 0.9).shape == (0,)
    assert discounted_return([2.0, 5.0], 0.0) == 2.0
    assert discounted_return([1.0, 1.0, 1.0], 1.0) == 3.0


@pytest.mark.parametrize("gamma", [-0.1, 1.5, float("nan"), "0.9", [0.9]])
def test_gamma_is_checked(gamma):
    with pytest.raises(ValueError, match="gamma"):
        discounted_return([1.0], gamma)
    with pytest.raises(ValueError, match="gamma"):
        returns_to_go([1.0], gamma)


def test_rewards_are_checked():
    with pytest.raises(ValueError, match="rewards"):
        discounted_return([[1.0]], 0.9)
    with pytest.raises(ValueError, match="rewards"):
        returns_to_go(np.zeros((2, 2, 2)), 0.9)
    with pytest.raises(ValueError, match="rewards"):
        returns_to_go([1.0, np.inf], 0.9)
    with pytest.raises(ValueError, match="rewards"):
        discounted_return(["a"], 0.9)
