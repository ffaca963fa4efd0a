"""Policy gradients: softmax and the exact gradient against PyTorch autograd, REINFORCE against both."""

import numpy as np
import pytest
import torch

from mlwiki.rl import (exact_policy_gradient, reinforce, reinforce_estimates, sample_episodes, softmax_policy,
                       value_iteration)
from mlwiki.rl.sampling import SampledEpisodes


def _torch_objective(mdp, theta, gamma):
    """J(theta) = mu_0^T (I - gamma P_pi)^-1 r_pi over the live states, differentiable in PyTorch."""
    live = torch.tensor(~mdp.terminal)
    probs = torch.softmax(theta, dim=1)
    P = torch.tensor(mdp.transitions)
    r = torch.from_numpy(mdp.expected_rewards())
    P_pi = torch.einsum("sa,san->sn", probs, P)[live][:, live]
    r_pi = (probs * r).sum(dim=1)[live]
    v = torch.linalg.solve(torch.eye(int(live.sum()), dtype=torch.float64) - gamma * P_pi, r_pi)
    return torch.tensor(mdp.start)[live] @ v


@pytest.mark.parametrize("gamma", [0.5, 0.9, 0.99])
def test_exact_gradient_matches_torch_autograd(lake_mdp, gamma):
    rng = np.random.default_rng(0)
    theta = rng.normal(size=(16, 4))
    objective, gradient = exact_policy_gradient(lake_mdp, theta, gamma)
    t = torch.tensor(theta, requires_grad=True)
    j = _torch_objective(lake_mdp, t, gamma)
    j.backward()
    assert objective == pytest.approx(j.item(), abs=1e-12)
    np.testing.assert_allclose(gradient, t.grad.numpy(), atol=1e-10)


def test_softmax_matches_torch_and_is_stable():
    theta = np.array([[0.0, 1.0, -2.0], [1000.0, 1000.0, -1000.0], [-800.0, -801.0, -802.0]])
    probs = softmax_policy(theta)
    np.testing.assert_allclose(probs, torch.softmax(torch.tensor(theta), dim=1).numpy(), atol=1e-15)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0)
    np.testing.assert_allclose(probs[1], [0.5, 0.5, 0.0])


def test_reinforce_is_unbiased_and_dropping_discounts_is_not(plain_mdp):
    gamma = 0.9
    theta = np.eye(4)[value_iteration(plain_mdp, gamma).policy]
    _, exact = exact_policy_gradient(plain_mdp, theta, gamma)
    episodes = sample_episodes(plain_mdp, softmax_policy(theta), 20_000, 100, rng=np.random.default_rng(1))
    estimates = reinforce_estimates(episodes, theta, gamma)
    mean, se = estimates.mean(axis=0), estimates.std(axis=0) / np.sqrt(len(estimates))
    live = ~plain_mdp.terminal
    z = np.abs(mean - exact)[live] / np.maximum(se[live], 1e-12)
    assert z.max() < 4.5
    assert np.linalg.norm(mean - exact) < 0.06 * np.linalg.norm(exact)
    undiscounted = reinforce_estimates(episodes, theta, gamma, discount_steps=False).mean(axis=0)
    assert np.linalg.norm(undiscounted - exact) > 0.5 * np.linalg.norm(exact)


def test_one_episode_by_hand(corridor):
    # Episode 0 -(right)-> 1 -(right)-> 2, reward 1 at the end, under the uniform policy.
    episodes = SampledEpisodes(states=np.array([[0, 1, 2]]), actions=np.array([[1, 1]]),
                               rewards=np.array([[0.0, 1.0]]), lengths=np.array([2]),
                               terminated=np.array([True]), max_steps=5)
    theta = np.zeros((3, 2))
    gamma = 0.5
    g = reinforce_estimates(episodes, theta, gamma)[0]
    # G_0 = gamma, G_1 = 1; weights gamma^t G_t = 0.5, 0.5; grad log pi = one_hot(a) - [0.5, 0.5].
    np.testing.assert_allclose(g, [[-0.25, 0.25], [-0.25, 0.25], [0.0, 0.0]])
    g_dropped = reinforce_estimates(episodes, theta, gamma, discount_steps=False)[0]
    np.testing.assert_allclose(g_dropped, [[-0.25, 0.25], [-0.5, 0.5], [0.0, 0.0]])


def test_reinforce_training_improves_to_near_optimal(plain_mdp):
    gamma = 0.9
    result = reinforce(plain_mdp, gamma, lr=30.0, n_updates=60, episodes_per_update=50, max_steps=100,
                       rng=np.random.default_rng(2))
    assert result.thetas.shape == (61, 16, 4) and result.mean_returns.shape == (60,)
    np.testing.assert_array_equal(result.theta, result.thetas[-1])
    final = exact_policy_gradient(plain_mdp, result.theta, gamma)[0]
    assert final > 0.97 * value_iteration(plain_mdp, gamma).values[0]
    again = reinforce(plain_mdp, gamma, lr=30.0, n_updates=5, episodes_per_update=50, max_steps=100,
                      rng=np.random.default_rng(2))
    np.testing.assert_array_equal(again.thetas, result.thetas[:6])
    start = np.full((16, 4), 0.3)
    moved = reinforce(plain_mdp, gamma, lr=1.0, n_updates=1, episodes_per_update=5, max_steps=10,
                      rng=np.random.default_rng(3), theta=start)
    np.testing.assert_array_equal(moved.thetas[0], start)


def test_argument_validation(corridor, plain_mdp):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="theta"):
        softmax_policy([1.0, 2.0])
    with pytest.raises(ValueError, match="theta"):
        softmax_policy([[np.nan, 0.0]])
    with pytest.raises(TypeError, match="mdp"):
        exact_policy_gradient("mdp", np.zeros((3, 2)), 0.9)
    with pytest.raises(ValueError, match="theta"):
        exact_policy_gradient(corridor, np.zeros((3, 3)), 0.9)
    with pytest.raises(ValueError, match="gamma"):
        exact_policy_gradient(corridor, np.zeros((3, 2)), 1.0)
    episodes = sample_episodes(corridor, [1, 1, 0], 2, 5, rng=rng)
    with pytest.raises(TypeError, match="episodes"):
        reinforce_estimates("episodes", np.zeros((3, 2)), 0.9)
    with pytest.raises(ValueError, match="outside theta"):
        reinforce_estimates(episodes, np.zeros((2, 2)), 0.9)
    with pytest.raises(ValueError, match="gamma"):
        reinforce_estimates(episodes, np.zeros((3, 2)), 1.5)
    with pytest.raises(TypeError, match="discount_steps"):
        reinforce_estimates(episodes, np.zeros((3, 2)), 0.9, discount_steps=1)
    base = dict(lr=1.0, n_updates=1, episodes_per_update=1, max_steps=1, rng=rng)
    for key, value, message in (("lr", 0.0, "lr"), ("n_updates", 0, "n_updates"),
                                ("episodes_per_update", 0, "episodes_per_update"), ("max_steps", 0, "max_steps"),
                                ("rng", 1, "rng"), ("theta", np.zeros((2, 2)), "theta")):
        with pytest.raises(ValueError, match=message):
            reinforce(corridor, 0.9, **{**base, key: value})
    with pytest.raises(TypeError, match="mdp"):
        reinforce("mdp", 0.9, **base)
    with pytest.raises(ValueError, match="gamma"):
        reinforce(corridor, 1.0, **base)
