"""Adapter layer: identity at start, exact gradients, same numbers as PyTorch."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def test_starts_as_identity_with_the_stated_parameter_count():
    rng = np.random.default_rng(0)
    adapter = nn.Adapter(32, 4, rng=rng)
    x = rng.standard_normal((7, 32))
    np.testing.assert_array_equal(adapter.forward(x), x)
    assert nn.count_parameters(adapter) == (2 * 32 * 4 + 4 + 32, 2 * 32 * 4 + 4 + 32)
    assert adapter.params["down_weights"].var() == pytest.approx(2 / 32, rel=0.25)


def test_gradients_match_central_differences():
    rng = np.random.default_rng(1)
    adapter = nn.Adapter(5, 3, rng=rng)
    adapter.params["up_weights"][...] = rng.standard_normal((3, 5))  # leave the identity start
    adapter.params["down_bias"][...] = 0.3 * rng.standard_normal(3)
    errors = nn.check_layer_gradients(adapter, rng.standard_normal((6, 5)), rng=rng)
    assert set(errors) == {"input", "down_weights", "down_bias", "up_weights", "up_bias"}
    assert max(errors.values()) < 1e-7


def test_forward_and_backward_match_pytorch():
    rng = np.random.default_rng(2)
    adapter = nn.Adapter(6, 2, rng=rng)
    for key in adapter.params:
        adapter.params[key][...] = rng.standard_normal(adapter.params[key].shape)
    x, g = rng.standard_normal((9, 6)), rng.standard_normal((9, 6))
    y = adapter.forward(x)
    dx = adapter.backward(g)

    down, up = torch.nn.Linear(6, 2, dtype=torch.float64), torch.nn.Linear(2, 6, dtype=torch.float64)
    with torch.no_grad():
        down.weight.copy_(torch.from_numpy(adapter.params["down_weights"].T.copy()))
        down.bias.copy_(torch.from_numpy(adapter.params["down_bias"]))
        up.weight.copy_(torch.from_numpy(adapter.params["up_weights"].T.copy()))
        up.bias.copy_(torch.from_numpy(adapter.params["up_bias"]))
    xt = torch.from_numpy(x).requires_grad_(True)
    yt = xt + up(torch.relu(down(xt)))
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(adapter.grads["down_weights"], down.weight.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(adapter.grads["down_bias"], down.bias.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(adapter.grads["up_weights"], up.weight.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(adapter.grads["up_bias"], up.bias.grad.numpy(), atol=1e-12)


def test_parameter_only_backward_accumulates_the_same_gradients():
    rng = np.random.default_rng(3)
    a, b = nn.Adapter(4, 2, rng=np.random.default_rng(9)), nn.Adapter(4, 2, rng=np.random.default_rng(9))
    for layer in (a, b):
        layer.params["up_weights"][...] = 1.0
    x, g = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    a.forward(x)
    a.backward(g)
    b.forward(x)
    b.accumulate_parameter_gradients(g)
    for key in a.grads:
        np.testing.assert_array_equal(a.grads[key], b.grads[key])


def test_float32_stays_float32():
    adapter = nn.Adapter(3, 2, rng=np.random.default_rng(4), dtype=np.float32)
    y = adapter.forward(np.ones((2, 3)))
    assert y.dtype == np.float32 and adapter.backward(np.ones((2, 3))).dtype == np.float32


def test_bad_input_messages():
    rng = np.random.default_rng(5)
    with pytest.raises(ValueError, match="n_features must be > 0"):
        nn.Adapter(0, 2, rng=rng)
    with pytest.raises(ValueError, match="n_bottleneck must be an integer"):
        nn.Adapter(4, 1.5, rng=rng)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        nn.Adapter(4, 2, rng=1)
    with pytest.raises(TypeError, match="dtype must be numpy.float32 or numpy.float64"):
        nn.Adapter(4, 2, rng=rng, dtype=int)
    adapter = nn.Adapter(4, 2, rng=rng)
    with pytest.raises(ValueError, match=r"Adapter: input x must have shape \(batch, 4\), got \(3, 5\)"):
        adapter.forward(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="backward called before forward"):
        adapter.backward(np.zeros((3, 4)))
    adapter.forward(np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(3, 4\)"):
        adapter.backward(np.zeros((3, 5)))
