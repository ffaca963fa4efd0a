"""SoftPrompt layer: prepends a learned vector; gradients checked and compared with PyTorch."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def test_prepends_a_zero_prompt_at_first():
    prompt = nn.SoftPrompt(3)
    x = np.arange(8.0).reshape(2, 4)
    y = prompt.forward(x)
    assert y.shape == (2, 7)
    np.testing.assert_array_equal(y[:, :3], 0.0)
    np.testing.assert_array_equal(y[:, 3:], x)
    assert nn.count_parameters(prompt) == (3, 3)


def test_gradients_match_central_differences():
    rng = np.random.default_rng(0)
    prompt = nn.SoftPrompt(2)
    prompt.params["prompt"][...] = rng.standard_normal(2)
    errors = nn.check_layer_gradients(prompt, rng.standard_normal((5, 3)), rng=rng)
    assert set(errors) == {"input", "prompt"} and max(errors.values()) < 1e-8


def test_matches_pytorch_and_trains_only_the_prompt_behind_a_frozen_layer():
    rng = np.random.default_rng(1)
    prompt = nn.SoftPrompt(2)
    prompt.params["prompt"][...] = rng.standard_normal(2)
    x, g = rng.standard_normal((4, 3)), rng.standard_normal((4, 5))
    y = prompt.forward(x)
    dx = prompt.backward(g)
    p = torch.from_numpy(prompt.params["prompt"].copy()).requires_grad_(True)
    xt = torch.from_numpy(x).requires_grad_(True)
    yt = torch.cat([p.expand(4, 2), xt], dim=1)
    yt.backward(torch.from_numpy(g))
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-15)
    np.testing.assert_allclose(prompt.grads["prompt"], p.grad.numpy(), atol=1e-12)

    model = nn.Sequential([nn.SoftPrompt(2), nn.Dense(5, 3, rng=rng)])
    nn.freeze(model.layers[1])
    weights = model.layers[1].params["weights"].copy()
    nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), nn.SGD(0.1), rng.standard_normal((6, 3)),
           nn.one_hot(rng.integers(0, 3, 6), 3), epochs=3, rng=rng)
    np.testing.assert_array_equal(model.layers[1].params["weights"], weights)
    assert np.any(model.layers[0].params["prompt"] != 0)
    assert nn.count_parameters(model) == (2, 2 + 18)


def test_bad_input_messages():
    with pytest.raises(ValueError, match="n_prompt must be > 0"):
        nn.SoftPrompt(0)
    with pytest.raises(TypeError, match="dtype must be numpy.float32 or numpy.float64"):
        nn.SoftPrompt(2, dtype="int8")
    prompt = nn.SoftPrompt(2)
    with pytest.raises(ValueError, match="SoftPrompt: input x must have 2 dimensions"):
        prompt.forward(np.zeros(3))
    prompt.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(2, 5\)"):
        prompt.backward(np.zeros((2, 3)))
