import numpy as np
import pytest

from mlwiki import nn
from mlwiki.nn.gru import _plain_forward, _plain_step


def _randomised(layer, rng, scale=0.6):
    for value in layer.params.values():
        value[...] = scale * rng.standard_normal(value.shape)
    return layer


def test_shapes_and_parameter_count():
    layer = nn.GRU(6, 10, rng=np.random.default_rng(0))
    shapes = {key: value.shape for key, value in layer.params.items()}
    assert shapes == {"input_weights": (6, 30), "recurrent_weights": (10, 30), "bias": (30,), "recurrent_bias": (10,)}
    assert sum(value.size for value in layer.params.values()) == 3 * (6 * 10 + 10 * 10 + 10) + 10
    assert all(np.all(layer.params[key] == 0) for key in ("bias", "recurrent_bias"))
    assert np.abs(layer.params["input_weights"]).max() <= 1 / np.sqrt(10)
    assert layer.forward(np.zeros((2, 3, 6))).shape == (2, 10)
    assert repr(layer) == "GRU(6, 10, return_sequences=False, update_bias=0, dtype=float64)"


def test_parameter_count_is_pytorch_minus_the_redundant_biases(torch_oracle):
    layer = nn.GRU(6, 10, rng=np.random.default_rng(0))
    torch_count = sum(p.numel() for p in torch_oracle.torch.nn.GRU(6, 10).parameters())
    assert sum(value.size for value in layer.params.values()) == torch_count - 2 * 10


@pytest.mark.parametrize("return_sequences", [False, True])
def test_gradients_match_central_differences(return_sequences):
    rng = np.random.default_rng(1)
    layer = _randomised(nn.GRU(3, 4, rng=rng, return_sequences=return_sequences), rng)
    errors = nn.check_layer_gradients(layer, rng.standard_normal((2, 6, 3)), rng=rng)
    assert set(errors) == {"input", "input_weights", "recurrent_weights", "bias", "recurrent_bias"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("return_sequences", [False, True])
def test_forward_and_all_gradients_match_pytorch(torch_oracle, return_sequences):
    rng = np.random.default_rng(2)
    layer = _randomised(nn.GRU(4, 5, rng=rng, return_sequences=return_sequences), rng)
    x = rng.standard_normal((3, 9, 4))
    y = layer.forward(x)
    g = rng.standard_normal(y.shape)
    dx = layer.backward(g)
    y_torch, dx_torch, grads_torch = torch_oracle.gradients(
        torch_oracle.twin(layer), x, g, return_sequences=return_sequences)
    np.testing.assert_allclose(y, y_torch, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(dx, dx_torch, rtol=1e-10, atol=1e-12)
    assert set(grads_torch) == set(layer.grads)
    for key, value in grads_torch.items():
        np.testing.assert_allclose(layer.grads[key], value, rtol=1e-10, atol=1e-12, err_msg=key)


@pytest.mark.parametrize("n_in, n_hidden, batch", [(1, 1, 1), (2, 1, 3), (1, 3, 1)])
def test_tiny_sizes_match_pytorch_and_leave_parameters_alone(torch_oracle, n_in, n_hidden, batch):
    rng = np.random.default_rng(11)
    layer = _randomised(nn.GRU(n_in, n_hidden, rng=rng, return_sequences=True), rng)
    before = {key: value.copy() for key, value in layer.params.items()}
    x = rng.standard_normal((batch, 4, n_in))
    y = layer.forward(x)
    g = rng.standard_normal(y.shape)
    dx = layer.backward(g)
    y_torch, dx_torch, grads_torch = torch_oracle.gradients(torch_oracle.twin(layer), x, g, return_sequences=True)
    np.testing.assert_allclose(y, y_torch, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(dx, dx_torch, rtol=1e-10, atol=1e-12)
    for key, value in grads_torch.items():
        np.testing.assert_allclose(layer.grads[key], value, rtol=1e-10, atol=1e-12, err_msg=key)
    for key, value in before.items():
        np.testing.assert_array_equal(layer.params[key], value)


def test_the_original_reset_placement_is_a_different_function():
    # Cho et al. (2014) reset h_{t-1} before the product: tanh(x W_xn + (r * h) W_hn + b_n).
    rng = np.random.default_rng(3)
    layer = _randomised(nn.GRU(2, 3, rng=rng), rng)
    x, h = rng.standard_normal((4, 2)), rng.standard_normal((4, 3))
    p = layer.params
    r = nn.sigmoid(x @ p["input_weights"][:, :3] + h @ p["recurrent_weights"][:, :3] + p["bias"][:3])
    z = nn.sigmoid(x @ p["input_weights"][:, 3:6] + h @ p["recurrent_weights"][:, 3:6] + p["bias"][3:6])
    n_before = np.tanh(x @ p["input_weights"][:, 6:] + (r * h) @ p["recurrent_weights"][:, 6:] + p["bias"][6:])
    assert np.abs(_plain_step(x, h, p) - ((1 - z) * n_before + z * h)).max() > 1e-3


def test_plain_version_equals_the_layer():
    rng = np.random.default_rng(4)
    layer = _randomised(nn.GRU(3, 4, rng=rng, return_sequences=True), rng)
    x = rng.standard_normal((2, 7, 3))
    np.testing.assert_allclose(layer.forward(x), _plain_forward(x, layer.params), atol=1e-14)


def test_update_gate_near_one_copies_the_state():
    # z = 1 everywhere (large update bias): h_t = h_{t-1} = h_0 = 0 whatever the input.
    rng = np.random.default_rng(5)
    layer = _randomised(nn.GRU(2, 3, rng=rng), rng)
    layer.params["bias"][3:6] = 50.0
    assert np.abs(layer.forward(rng.standard_normal((4, 8, 2)))).max() < 1e-15


def test_update_bias_sets_only_the_update_gate_bias():
    layer = nn.GRU(2, 3, rng=np.random.default_rng(10), update_bias=3.0)
    np.testing.assert_array_equal(layer.params["bias"], [0, 0, 0, 3, 3, 3, 0, 0, 0])
    assert np.all(layer.params["recurrent_bias"] == 0)
    plain = nn.GRU(2, 3, rng=np.random.default_rng(10))
    np.testing.assert_array_equal(layer.params["input_weights"], plain.params["input_weights"])
    np.testing.assert_array_equal(layer.params["recurrent_weights"], plain.params["recurrent_weights"])
    assert "update_bias=3" in repr(layer)
    # with zero weights, z = sigmoid(3) at every step and h_t = z h_{t-1} + (1 - z) n_t
    for key in ("input_weights", "recurrent_weights"):
        layer.params[key][...] = 0.0
    layer.params["bias"][6:] = 0.5  # n_t = tanh(0.5)
    h = layer.forward(np.zeros((1, 4, 2)))
    z = 1 / (1 + np.exp(-3.0))
    np.testing.assert_allclose(h, np.tanh(0.5) * (1 - z**4) * np.ones((1, 3)))


def test_float32_stays_float32_and_is_deterministic():
    rng = np.random.default_rng(6)
    x = rng.standard_normal((4, 6, 3))
    a = nn.GRU(3, 5, rng=np.random.default_rng(7), dtype=np.float32, return_sequences=True)
    b = nn.GRU(3, 5, rng=np.random.default_rng(7), dtype=np.float32, return_sequences=True)
    ya = a.forward(x)
    np.testing.assert_array_equal(ya, b.forward(x))
    assert ya.dtype == np.float32
    dx = a.backward(np.ones(ya.shape))
    assert dx.dtype == np.float32
    assert all(grad.dtype == np.float32 for grad in a.grads.values())


def test_extreme_pre_activations_stay_finite():
    rng = np.random.default_rng(8)
    layer = _randomised(nn.GRU(2, 3, rng=rng, return_sequences=True), rng, scale=1e3)
    y = layer.forward(rng.standard_normal((2, 5, 2)))  # pytest turns overflow warnings into errors
    assert np.isfinite(y).all() and np.abs(y).max() <= 1
    assert np.isfinite(layer.backward(np.ones(y.shape))).all()


def test_bad_input():
    rng = np.random.default_rng(9)
    layer = nn.GRU(3, 2, rng=rng)
    with pytest.raises(ValueError, match=r"GRU: input x must have shape \(batch, time, 3\) with time >= 1, got \(2, 4, 1\)"):
        layer.forward(np.zeros((2, 4, 1)))
    with pytest.raises(ValueError, match="n_hidden"):
        nn.GRU(3, 0, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        nn.GRU(3, 2, rng=None)
    with pytest.raises(ValueError, match="return_sequences"):
        nn.GRU(3, 2, rng=rng, return_sequences=1)
    with pytest.raises(ValueError, match="update_bias must be a finite real number"):
        nn.GRU(3, 2, rng=rng, update_bias=np.inf)
    with pytest.raises(ValueError, match="update_bias"):
        nn.GRU(3, 2, rng=rng, update_bias="2")
    layer.forward(np.zeros((5, 4, 3)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(5, 2\)"):
        layer.backward(np.zeros((5, 3)))
