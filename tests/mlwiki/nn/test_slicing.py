"""LastPositions: keep the answer positions; the others get no gradient."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def test_forward_backward_match_torch_slicing():
    rng = np.random.default_rng(0)
    layer = nn.LastPositions(2)
    x, g = rng.standard_normal((3, 5, 4)), rng.standard_normal((3, 2, 4))
    y = layer.forward(x)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    xt[:, -2:].backward(torch.from_numpy(g))
    np.testing.assert_array_equal(y, x[:, 3:])
    np.testing.assert_array_equal(dx, xt.grad.numpy())
    assert np.all(dx[:, :3] == 0)
    assert nn.check_layer_gradients(layer, x, rng=rng)["input"] < 1e-8
    assert layer.forward(x.astype(np.float32)).dtype == np.float32


def test_bad_input():
    with pytest.raises(ValueError, match="n_positions"):
        nn.LastPositions(0)
    with pytest.raises(ValueError, match=r"T >= 3, got \(2, 2, 4\)"):
        nn.LastPositions(3).forward(np.zeros((2, 2, 4)))
