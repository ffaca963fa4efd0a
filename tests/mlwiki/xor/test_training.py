"""mlwiki.xor.training: gradient descent against PyTorch's SGD, the batched runs against the plain
ones, and the readings of a trained network."""

import numpy as np
import pytest
import torch

from mlwiki import xor

X, Y = xor.xor_data()
LABELS = Y.ravel()


def test_train_matches_pytorch_sgd_on_the_same_network(random_network, torch_twin):
    net = random_network(2, 0)
    ours = xor.train(net, lr=2.0, epochs=300)
    params = torch_twin.params(net)
    optimizer = torch.optim.SGD(params, lr=2.0)
    losses = []
    for _ in range(300):
        optimizer.zero_grad()
        loss = torch_twin.loss(params, X, LABELS)
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    losses.append(torch_twin.loss(params, X, LABELS).item())
    np.testing.assert_allclose(ours.loss, losses, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.network.hidden_weights, params[0].detach().numpy(), rtol=1e-8, atol=1e-10)


def test_train_many_gives_the_plain_runs_and_leaves_starts_unchanged(random_network):
    starts = [random_network(3, seed) for seed in range(5)]
    before = [s.hidden_weights.copy() for s in starts]
    many = xor.train_many(starts, lr=1.5, epochs=400)
    for start, result, weights in zip(starts, many, before):
        plain = xor.train(start, lr=1.5, epochs=400)
        np.testing.assert_allclose(result.loss, plain.loss, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(result.network.output_weights, plain.network.output_weights, rtol=1e-10)
        np.testing.assert_array_equal(start.hidden_weights, weights)
    single = xor.train_many(starts[0], lr=1.5, epochs=10)
    assert len(single) == 1 and single[0].loss.shape == (11,)


def test_training_solves_xor_for_most_starts_with_three_units(random_network):
    runs = xor.train_many([random_network(3, seed) for seed in range(10)], lr=2.0, epochs=2000)
    assert sum(xor.max_target_error(r.network) < 0.25 for r in runs) >= 9


def test_training_on_other_points(random_network):
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    and_targets = np.array([0.0, 0.0, 0.0, 1.0])
    run = xor.train(random_network(2, 1), lr=2.0, epochs=1500, x=x, targets=and_targets)
    assert xor.max_target_error(run.network, x, and_targets) < 0.1


def test_max_target_error_reads_the_worst_corner():
    wired = xor.hand_wired_network(scale=10.0, activation="sigmoid")
    expected = np.max(np.abs(wired.predict(X) - LABELS))
    assert xor.max_target_error(wired) == pytest.approx(expected)


def test_pinned_corners():
    # Output 0.5 exactly where the output unit's pre-activation is 0: weights 0, bias 0.
    flat = xor.TwoLayerNetwork(np.ones((2, 2)), np.zeros(2), np.zeros(2), 0.0)
    assert xor.pinned_corners(flat).tolist() == [True] * 4
    assert xor.pinned_corners(xor.hand_wired_network(scale=10.0, activation="sigmoid")).tolist() == [False] * 4
    with pytest.raises(ValueError, match="tol must be > 0"):
        xor.pinned_corners(flat, tol=0.0)
    with pytest.raises(TypeError, match="network must be a TwoLayerNetwork"):
        xor.pinned_corners(None)


# --- bad input: one test per rule ---------------------------------------------------------


def test_bad_training_arguments(random_network):
    net = random_network()
    with pytest.raises(ValueError, match="network must use sigmoid units to be trained"):
        xor.train(xor.hand_wired_network(), lr=1.0, epochs=1)
    with pytest.raises(ValueError, match="lr must be > 0"):
        xor.train(net, lr=0.0, epochs=1)
    with pytest.raises(ValueError, match="epochs must be > 0"):
        xor.train(net, lr=1.0, epochs=0)
    with pytest.raises(ValueError, match="epochs must be an integer"):
        xor.train_many([net], lr=1.0, epochs=1.5)
    with pytest.raises(ValueError, match="x and targets must be given together"):
        xor.train(net, lr=1.0, epochs=1, x=X)
    with pytest.raises(ValueError, match="networks must contain at least one"):
        xor.train_many([], lr=1.0, epochs=1)
    with pytest.raises(ValueError, match="networks must all have the same n_hidden"):
        xor.train_many([random_network(2), random_network(3)], lr=1.0, epochs=1)
