"""Residual connections: x + f(x), parameters shared with the branch, against PyTorch."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def test_matches_torch_and_shares_parameters_with_the_branch():
    rng = np.random.default_rng(0)
    norm, dense = nn.LayerNorm(4), nn.Dense(4, 4, rng=rng)
    block = nn.Residual([norm, dense])
    assert list(block.params) == ["0.gamma", "0.beta", "1.weights", "1.bias"]
    assert block.params["1.weights"] is dense.params["weights"]
    x, g = rng.standard_normal((3, 2, 4)), rng.standard_normal((3, 2, 4))
    y = block.forward(x)
    dx = block.backward(g)

    ref_norm, ref_dense = torch.nn.LayerNorm(4, dtype=torch.float64), torch.nn.Linear(4, 4, dtype=torch.float64)
    with torch.no_grad():
        ref_dense.weight.copy_(torch.from_numpy(dense.params["weights"].T.copy()))
        ref_dense.bias.copy_(torch.from_numpy(dense.params["bias"]))
    xt = torch.tensor(x, requires_grad=True)
    yt = xt + ref_dense(ref_norm(xt))
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(block.grads["1.weights"], ref_dense.weight.grad.numpy().T, rtol=1e-12)
    np.testing.assert_allclose(block.grads["0.gamma"], ref_norm.weight.grad.numpy(), rtol=1e-10)

    # An optimizer stepping the block steps the branch's own arrays; zero_grad reaches them too.
    before = dense.params["weights"].copy()
    nn.SGD(0.1).step(block)
    np.testing.assert_allclose(dense.params["weights"], before - 0.1 * dense.grads["weights"])
    block.zero_grad()
    assert all(np.all(grad == 0) for grad in dense.grads.values())


def test_gradient_check_with_attention_branch():
    rng = np.random.default_rng(1)
    block = nn.Residual([nn.LayerNorm(4), nn.MultiHeadAttention(4, 2, rng=rng, causal=True)])
    errors = nn.check_layer_gradients(block, rng.standard_normal((2, 3, 4)), rng=rng)
    assert len(errors) == 1 + 2 + 4 and max(errors.values()) < 1e-7


def test_bad_input():
    rng = np.random.default_rng(2)
    with pytest.raises(ValueError, match="non-empty sequence"):
        nn.Residual([])
    with pytest.raises(ValueError, match=r"layers\[1\] must be a Layer, got str"):
        nn.Residual([nn.ReLU(), "dense"])
    block = nn.Residual([nn.Dense(3, 2, rng=rng)])
    with pytest.raises(ValueError, match=r"must keep the input's shape \(4, 3\), got \(4, 2\)"):
        block.forward(np.zeros((4, 3)))
