"""LayerNorm against PyTorch, forward and backward."""

import numpy as np
import pytest
import torch

from mlwiki import nn


@pytest.mark.parametrize("shape", [(4, 6), (3, 5, 6)])
def test_matches_torch_forward_and_backward(shape):
    rng = np.random.default_rng(0)
    layer = nn.LayerNorm(6)
    layer.params["gamma"][:] = rng.standard_normal(6)
    layer.params["beta"][:] = rng.standard_normal(6)
    x = 3.0 + 2.0 * rng.standard_normal(shape)
    g = rng.standard_normal(shape)
    y = layer.forward(x)
    dx = layer.backward(g)
    reference = torch.nn.LayerNorm(6, dtype=torch.float64)
    with torch.no_grad():
        reference.weight.copy_(torch.from_numpy(layer.params["gamma"]))
        reference.bias.copy_(torch.from_numpy(layer.params["beta"]))
    xt = torch.tensor(x, requires_grad=True)
    yt = reference(xt)
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["gamma"], reference.weight.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.grads["beta"], reference.bias.grad.numpy(), rtol=1e-12)


def test_gradient_check_and_statistics():
    rng = np.random.default_rng(1)
    layer = nn.LayerNorm(5)
    x = rng.standard_normal((2, 3, 5))
    y = layer.forward(x)  # gamma = 1, beta = 0: zero mean, unit (biased) variance
    np.testing.assert_allclose(y.mean(axis=-1), 0.0, atol=1e-12)
    np.testing.assert_allclose(y.var(axis=-1), 1.0, rtol=1e-4)
    layer.params["gamma"][:] = rng.standard_normal(5)
    errors = nn.check_layer_gradients(layer, x, rng=rng)
    assert set(errors) == {"input", "gamma", "beta"} and max(errors.values()) < 1e-7


def test_constant_input_is_finite_and_float32_stays_float32():
    layer = nn.LayerNorm(4, dtype=np.float32)
    y = layer.forward(np.full((2, 4), 7.0))
    assert y.dtype == np.float32 and np.all(y == 0)
    dx = layer.backward(np.ones((2, 4)))
    assert dx.dtype == np.float32 and np.all(np.isfinite(dx))


def test_bad_input():
    with pytest.raises(ValueError, match="n_features"):
        nn.LayerNorm(0)
    with pytest.raises(ValueError, match="eps"):
        nn.LayerNorm(3, eps=0.0)
    with pytest.raises(TypeError, match="dtype"):
        nn.LayerNorm(3, dtype=np.int32)
    layer = nn.LayerNorm(3)
    with pytest.raises(ValueError, match=r"shape \(batch, \.\.\., 3\)"):
        layer.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match="non-finite"):
        layer.forward(np.array([[0.0, np.inf, 1.0]]))
