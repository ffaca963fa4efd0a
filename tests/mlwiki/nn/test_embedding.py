"""Embedding: a table lookup whose gradient sums over repeated tokens, against PyTorch."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def test_forward_and_backward_match_torch_with_repeated_tokens():
    rng = np.random.default_rng(0)
    layer = nn.Embedding(7, 5, rng=rng)
    ids = np.array([[1, 3, 1, 1], [6, 3, 0, 1]])  # token 1 four times, 3 twice, 2/4/5 never
    g = rng.standard_normal((2, 4, 5))
    y = layer.forward(ids)
    assert layer.backward(g) is None
    reference = torch.nn.Embedding(7, 5, dtype=torch.float64)
    with torch.no_grad():
        reference.weight.copy_(torch.from_numpy(layer.params["weights"]))
    yt = reference(torch.from_numpy(ids))
    yt.backward(torch.from_numpy(g))
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_allclose(layer.grads["weights"], reference.weight.grad.numpy(), rtol=1e-12, atol=1e-15)
    assert np.all(layer.grads["weights"][[2, 4, 5]] == 0)


def test_gradient_check_and_accumulation():
    rng = np.random.default_rng(1)
    layer = nn.Embedding(6, 3, rng=rng)
    ids = rng.integers(0, 6, size=(4, 5))
    errors = nn.check_layer_gradients(layer, ids, rng=rng, input_gradient=False)
    assert set(errors) == {"weights"} and errors["weights"] < 1e-8
    layer.zero_grad()
    g = rng.standard_normal((4, 5, 3))
    layer.forward(ids)
    layer.backward(g)
    first = layer.grads["weights"].copy()
    layer.forward(ids)
    layer.accumulate_parameter_gradients(g)
    np.testing.assert_allclose(layer.grads["weights"], 2 * first)


def test_init_is_standard_normal_and_float32_stays_float32():
    layer = nn.Embedding(400, 50, rng=np.random.default_rng(2))
    assert layer.params["weights"].std() == pytest.approx(1.0, rel=0.02)
    small = nn.Embedding(5, 4, rng=np.random.default_rng(3), dtype=np.float32)
    y = small.forward(np.array([[0, 4]], dtype=np.int32))
    assert y.dtype == np.float32 and y.shape == (1, 2, 4)
    small.backward(np.ones((1, 2, 4)))
    assert small.grads["weights"].dtype == np.float32


def test_bad_input():
    rng = np.random.default_rng(4)
    with pytest.raises(ValueError, match="n_tokens"):
        nn.Embedding(0, 3, rng=rng)
    with pytest.raises(ValueError, match="d_model"):
        nn.Embedding(3, -1, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        nn.Embedding(3, 2, rng=None)
    layer = nn.Embedding(3, 2, rng=rng)
    with pytest.raises(ValueError, match="integer token ids"):
        layer.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"shape \(batch, n_positions\)"):
        layer.forward(np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match=r"token ids must lie in \[0, 2\], got range \[0, 3\]"):
        layer.forward(np.array([[0, 3]]))
    with pytest.raises(ValueError, match=r"got range \[-1, 1\]"):
        layer.forward(np.array([[-1, 1]]))
    assert repr(layer) == "Embedding(3, 2, dtype=float64)"
