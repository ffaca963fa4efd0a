"""Attention: the plain formula, the multi-head layer, and both against PyTorch."""

import numpy as np
import pytest
import torch

from mlwiki import nn


def _torch(a):
    return torch.tensor(np.asarray(a), dtype=torch.float64, requires_grad=True)


def test_causal_mask_is_the_lower_triangle():
    mask = nn.causal_mask(4)
    assert mask.dtype == bool and mask.shape == (4, 4)
    np.testing.assert_array_equal(mask, [[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 1, 1, 1]])
    assert nn.causal_mask(5).sum() == 5 * 6 // 2
    with pytest.raises(ValueError, match="n_positions"):
        nn.causal_mask(0)


@pytest.mark.parametrize("masked", [False, True])
def test_scaled_dot_product_attention_matches_torch(masked):
    rng = np.random.default_rng(0)
    q, k, v = rng.standard_normal((2, 3, 5, 4)), rng.standard_normal((2, 3, 5, 4)), rng.standard_normal((2, 3, 5, 6))
    mask = nn.causal_mask(5) if masked else None
    out, weights = nn.scaled_dot_product_attention(q, k, v, mask)
    expected = torch.nn.functional.scaled_dot_product_attention(
        _torch(q), _torch(k), _torch(v), attn_mask=None if mask is None else torch.from_numpy(mask))
    np.testing.assert_allclose(out, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(weights.sum(axis=-1), 1.0, rtol=1e-12)
    assert np.all(weights >= 0)
    if masked:
        assert np.all(weights[..., ~mask] == 0.0)


def test_cross_attention_shapes_and_explicit_scale():
    rng = np.random.default_rng(1)
    q, k, v = rng.standard_normal((3, 8)), rng.standard_normal((7, 8)), rng.standard_normal((7, 2))
    out, weights = nn.scaled_dot_product_attention(q, k, v)
    assert out.shape == (3, 2) and weights.shape == (3, 7)
    _, unscaled = nn.scaled_dot_product_attention(q, k, v, scale=1.0)
    expected = np.exp(q @ k.T) / np.exp(q @ k.T).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(unscaled, expected, rtol=1e-12)


def test_scaled_dot_product_attention_bad_input():
    q = np.zeros((3, 4))
    with pytest.raises(ValueError, match="q and k must have the same last axis"):
        nn.scaled_dot_product_attention(q, np.zeros((3, 5)), np.zeros((3, 2)))
    with pytest.raises(ValueError, match="k and v must have one row per key"):
        nn.scaled_dot_product_attention(q, np.zeros((3, 4)), np.zeros((2, 2)))
    with pytest.raises(ValueError, match="v must be a floating array"):
        nn.scaled_dot_product_attention(q, q, np.zeros(3))
    with pytest.raises(ValueError, match=r"mask must be a boolean array of shape \(3, 3\)"):
        nn.scaled_dot_product_attention(q, q, q, np.ones((3, 3)))
    with pytest.raises(ValueError, match="at least one key for every query"):
        nn.scaled_dot_product_attention(q, q, q, np.triu(np.ones((3, 3), dtype=bool), 1))
    with pytest.raises(ValueError, match="scale"):
        nn.scaled_dot_product_attention(q, q, q, scale=0.0)


def _torch_mha(layer):
    mha = torch.nn.MultiheadAttention(layer.d_model, layer.n_heads, batch_first=True, dtype=torch.float64)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.from_numpy(layer.params["qkv_weights"].T.copy()))
        mha.in_proj_bias.copy_(torch.from_numpy(layer.params["qkv_bias"]))
        mha.out_proj.weight.copy_(torch.from_numpy(layer.params["output_weights"].T.copy()))
        mha.out_proj.bias.copy_(torch.from_numpy(layer.params["output_bias"]))
    return mha


@pytest.mark.parametrize("causal", [False, True])
def test_multi_head_attention_matches_torch_forward_and_backward(causal):
    rng = np.random.default_rng(2)
    layer = nn.MultiHeadAttention(8, 2, rng=rng, causal=causal)
    for value in layer.params.values():  # non-zero biases, so their gradients are tested too
        value += 0.1 * rng.standard_normal(value.shape)
    x = rng.standard_normal((3, 5, 8))
    g = rng.standard_normal((3, 5, 8))
    y = layer.forward(x)
    dx = layer.backward(g)

    mha = _torch_mha(layer)
    xt = _torch(x)
    mask = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1) if causal else None  # True = blocked
    yt, wt = mha(xt, xt, xt, attn_mask=mask, average_attn_weights=False)
    yt.backward(torch.from_numpy(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.attention_weights, wt.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["qkv_weights"], mha.in_proj_weight.grad.numpy().T, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["qkv_bias"], mha.in_proj_bias.grad.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["output_weights"], mha.out_proj.weight.grad.numpy().T, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(layer.grads["output_bias"], mha.out_proj.bias.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("causal", [False, True])
def test_multi_head_attention_gradients(causal):
    rng = np.random.default_rng(3)
    layer = nn.MultiHeadAttention(6, 3, rng=rng, causal=causal)
    for value in layer.params.values():
        value += 0.1 * rng.standard_normal(value.shape)
    errors = nn.check_layer_gradients(layer, rng.standard_normal((2, 4, 6)), rng=rng)
    assert set(errors) == {"input", "qkv_weights", "qkv_bias", "output_weights", "output_bias"}
    assert max(errors.values()) < 1e-7


def test_fast_layer_equals_the_plain_formula_head_by_head():
    rng = np.random.default_rng(4)
    layer = nn.MultiHeadAttention(8, 4, rng=rng, causal=True)
    x = rng.standard_normal((2, 6, 8))
    y = layer.forward(x)
    w_q, w_k, w_v = np.split(layer.params["qkv_weights"], 3, axis=1)
    heads = []
    for h in range(4):
        cols = slice(2 * h, 2 * h + 2)
        out, weights = nn.scaled_dot_product_attention(x @ w_q[:, cols], x @ w_k[:, cols], x @ w_v[:, cols],
                                                       nn.causal_mask(6))
        np.testing.assert_allclose(layer.attention_weights[:, h], weights, rtol=1e-12)
        heads.append(out)
    expected = np.concatenate(heads, axis=-1) @ layer.params["output_weights"]
    np.testing.assert_allclose(y, expected, rtol=1e-12, atol=1e-14)


def test_unmasked_self_attention_is_permutation_equivariant_and_causal_is_not():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((1, 5, 8))
    perm = np.array([3, 0, 4, 1, 2])
    layer = nn.MultiHeadAttention(8, 2, rng=rng)
    np.testing.assert_allclose(layer.forward(x[:, perm]), layer.forward(x)[:, perm], rtol=1e-12, atol=1e-14)
    causal = nn.MultiHeadAttention(8, 2, rng=rng, causal=True)
    assert np.abs(causal.forward(x[:, perm]) - causal.forward(x)[:, perm]).max() > 1e-3


def test_causal_output_ignores_the_future():
    rng = np.random.default_rng(6)
    layer = nn.MultiHeadAttention(4, 2, rng=rng, causal=True)
    x = rng.standard_normal((1, 5, 4))
    changed = x.copy()
    changed[:, 3:] += 1.0
    np.testing.assert_allclose(layer.forward(changed)[:, :3], layer.forward(x)[:, :3], rtol=1e-12)


def test_float32_stays_float32_and_matches_float64():
    rng = np.random.default_rng(7)
    layer64 = nn.MultiHeadAttention(8, 2, rng=np.random.default_rng(0), causal=True)
    layer32 = nn.MultiHeadAttention(8, 2, rng=np.random.default_rng(0), dtype=np.float32, causal=True)
    x = rng.standard_normal((3, 5, 8))
    y32 = layer32.forward(x)
    assert y32.dtype == np.float32 and layer32.attention_weights.dtype == np.float32
    dx = layer32.backward(np.ones_like(y32))
    assert dx.dtype == np.float32
    assert all(g.dtype == np.float32 for g in layer32.grads.values())
    np.testing.assert_allclose(y32, layer64.forward(x), rtol=1e-4, atol=1e-5)
    assert layer32.accumulate_parameter_gradients(np.ones_like(y32)) is None


def test_multi_head_attention_bad_input():
    rng = np.random.default_rng(8)
    with pytest.raises(ValueError, match="n_heads must divide d_model=8"):
        nn.MultiHeadAttention(8, 3, rng=rng)
    with pytest.raises(ValueError, match="d_model"):
        nn.MultiHeadAttention(0, 1, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        nn.MultiHeadAttention(8, 2, rng=1)
    with pytest.raises(ValueError, match="causal must be True or False"):
        nn.MultiHeadAttention(8, 2, rng=rng, causal="yes")
    with pytest.raises(TypeError, match="dtype"):
        nn.MultiHeadAttention(8, 2, rng=rng, dtype=np.int64)
    layer = nn.MultiHeadAttention(8, 2, rng=rng)
    with pytest.raises(ValueError, match=r"input x must have shape \(batch, T, 8\)"):
        layer.forward(np.zeros((2, 8)))
    with pytest.raises(ValueError, match="non-finite"):
        layer.forward(np.full((1, 2, 8), np.nan))
    with pytest.raises(ValueError, match="backward called before forward"):
        layer.backward(np.zeros((1, 2, 8)))
    layer.forward(np.zeros((1, 2, 8)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(1, 2, 8\)"):
        layer.backward(np.zeros((1, 3, 8)))
    assert "causal=False" in repr(layer)
