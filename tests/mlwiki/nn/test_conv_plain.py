"""The plain (loop) convolution computes exactly what the fast Conv2D computes."""

import numpy as np
import pytest
import torch

from mlwiki import nn


@pytest.mark.parametrize("stride, padding, size", [(1, 0, (6, 6)), (1, 1, (5, 7)), (2, 1, (7, 6)), (3, 2, (8, 9)),
                                                   (2, 0, (9, 8))])
def test_plain_and_fast_layers_agree(stride, padding, size):
    rng = np.random.default_rng(0)
    fast = nn.Conv2D(2, 3, 3, stride=stride, padding=padding, rng=np.random.default_rng(1))
    plain = nn.PlainConv2D(2, 3, 3, stride=stride, padding=padding, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(fast.params["weights"], plain.params["weights"])
    for layer in (fast, plain):
        layer.params["bias"][:] = [0.5, -1.0, 2.0]
    x = rng.standard_normal((2, 2) + size)
    y_fast, y_plain = fast.forward(x), plain.forward(x)
    np.testing.assert_allclose(y_plain, y_fast, atol=1e-12)
    g = rng.standard_normal(y_fast.shape)
    np.testing.assert_allclose(plain.backward(g), fast.backward(g), atol=1e-12)
    for key in ("weights", "bias"):
        np.testing.assert_allclose(plain.grads[key], fast.grads[key], atol=1e-12)


def test_plain_layer_matches_torch():
    rng = np.random.default_rng(2)
    layer = nn.PlainConv2D(2, 2, 3, stride=2, padding=1, rng=rng)
    x = rng.standard_normal((2, 2, 7, 7))
    y = layer.forward(x)
    g = rng.standard_normal(y.shape)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(layer.params["weights"], requires_grad=True)
    yt = torch.nn.functional.conv2d(xt, wt, torch.tensor(layer.params["bias"]), stride=2, padding=1)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(layer.grads["weights"], wt.grad.numpy(), atol=1e-12)


def test_plain_layer_gradients_match_central_differences():
    rng = np.random.default_rng(3)
    errors = nn.check_layer_gradients(nn.PlainConv2D(2, 2, 3, stride=2, padding=1, rng=rng),
                                      rng.standard_normal((1, 2, 5, 6)), rng=rng)
    assert max(errors.values()) < 1e-7


def test_plain_layer_keeps_float32():
    layer = nn.PlainConv2D(1, 2, 3, padding=1, rng=np.random.default_rng(4), dtype=np.float32)
    y = layer.forward(np.ones((1, 1, 4, 4)))
    assert y.dtype == np.float32
    assert layer.backward(np.ones_like(y)).dtype == np.float32
