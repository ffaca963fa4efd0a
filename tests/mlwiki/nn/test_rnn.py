import numpy as np
import pytest

from mlwiki import nn
from mlwiki.nn.rnn import _plain_backward, _plain_forward


def _randomised(layer, rng, scale=0.6):
    """Random weights and a non-zero bias, so every term of the layer matters."""
    for value in layer.params.values():
        value[...] = scale * rng.standard_normal(value.shape)
    return layer


def test_shapes_init_and_repr():
    layer = nn.RNN(5, 64, rng=np.random.default_rng(0))
    assert layer.params["input_weights"].shape == (5, 64)
    assert layer.params["recurrent_weights"].shape == (64, 64)
    assert layer.params["bias"].shape == (64,) and np.all(layer.params["bias"] == 0)
    # PyTorch's initialisation: uniform in [-1/8, 1/8] for 64 hidden units (variance 1/(3 * 64))
    assert np.abs(layer.params["recurrent_weights"]).max() <= 1 / 8
    assert layer.params["recurrent_weights"].var() == pytest.approx(1 / (3 * 64), rel=0.05)
    assert layer.forward(np.zeros((3, 7, 5))).shape == (3, 64)
    seq = nn.RNN(5, 4, rng=np.random.default_rng(0), return_sequences=True)
    assert seq.forward(np.zeros((3, 7, 5))).shape == (3, 7, 4)
    assert repr(seq) == "RNN(5, 4, return_sequences=True, dtype=float64)"


@pytest.mark.parametrize("return_sequences", [False, True])
def test_gradients_match_central_differences(return_sequences):
    rng = np.random.default_rng(1)
    layer = _randomised(nn.RNN(3, 4, rng=rng, return_sequences=return_sequences), rng)
    errors = nn.check_layer_gradients(layer, rng.standard_normal((2, 6, 3)), rng=rng)
    assert set(errors) == {"input", "input_weights", "recurrent_weights", "bias"}
    assert max(errors.values()) < 1e-7


@pytest.mark.parametrize("return_sequences", [False, True])
def test_forward_and_all_gradients_match_pytorch(torch_oracle, return_sequences):
    rng = np.random.default_rng(2)
    layer = _randomised(nn.RNN(4, 5, rng=rng, return_sequences=return_sequences), rng)
    x = rng.standard_normal((3, 9, 4))
    y = layer.forward(x)
    g = rng.standard_normal(y.shape)
    dx = layer.backward(g)
    y_torch, dx_torch, grads_torch = torch_oracle.gradients(
        torch_oracle.twin(layer), x, g, return_sequences=return_sequences)
    np.testing.assert_allclose(y, y_torch, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(dx, dx_torch, rtol=1e-10, atol=1e-12)
    for key, value in grads_torch.items():
        np.testing.assert_allclose(layer.grads[key], value, rtol=1e-10, atol=1e-12, err_msg=key)


@pytest.mark.parametrize("n_in, n_hidden, batch", [(1, 1, 1), (2, 1, 3), (1, 3, 1)])
def test_tiny_sizes_match_pytorch_and_leave_parameters_alone(torch_oracle, n_in, n_hidden, batch):
    rng = np.random.default_rng(12)
    layer = _randomised(nn.RNN(n_in, n_hidden, rng=rng, return_sequences=True), rng)
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


def test_plain_version_equals_the_layer():
    rng = np.random.default_rng(3)
    layer = _randomised(nn.RNN(3, 4, rng=rng, return_sequences=True), rng)
    x = rng.standard_normal((2, 7, 3))
    states = layer.forward(x)
    p = layer.params
    np.testing.assert_allclose(states, _plain_forward(x, p["input_weights"], p["recurrent_weights"], p["bias"]),
                               atol=1e-14)
    g = rng.standard_normal(states.shape)
    dx = layer.backward(g)
    dx_plain, grads_plain = _plain_backward(x, states, g, p["input_weights"], p["recurrent_weights"])
    np.testing.assert_allclose(dx, dx_plain, atol=1e-13)
    for key, value in grads_plain.items():
        np.testing.assert_allclose(layer.grads[key], value, atol=1e-13, err_msg=key)


def test_last_state_only_backward_equals_sequence_backward_with_zeros():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 5, 2))
    last = _randomised(nn.RNN(2, 3, rng=np.random.default_rng(5)), rng)
    every = nn.RNN(2, 3, rng=np.random.default_rng(5), return_sequences=True)
    for key in last.params:
        every.params[key][...] = last.params[key]
    g = rng.standard_normal((3, 3))
    np.testing.assert_allclose(last.forward(x), every.forward(x)[:, -1])
    g_all = np.zeros((3, 5, 3))
    g_all[:, -1] = g
    np.testing.assert_allclose(last.backward(g), every.backward(g_all))
    np.testing.assert_allclose(last.hidden_state_gradients(), every.hidden_state_gradients())
    for key in last.grads:
        np.testing.assert_allclose(last.grads[key], every.grads[key])


def test_gradients_accumulate_and_the_caller_gradient_is_untouched():
    rng = np.random.default_rng(6)
    layer = _randomised(nn.RNN(2, 3, rng=rng, return_sequences=True), rng)
    x = rng.standard_normal((1, 4, 2))  # batch 1: the transposed gradient is already contiguous
    g = rng.standard_normal((1, 4, 3))
    g_before = g.copy()
    layer.forward(x)
    layer.backward(g)
    once = {key: grad.copy() for key, grad in layer.grads.items()}
    layer.forward(x)
    layer.backward(g)
    np.testing.assert_array_equal(g, g_before)
    for key in once:
        np.testing.assert_allclose(layer.grads[key], 2 * once[key])
    lean = _randomised(nn.RNN(2, 3, rng=np.random.default_rng(7), return_sequences=True), rng)
    for key in lean.params:
        lean.params[key][...] = layer.params[key]
    lean.forward(x)
    lean.accumulate_parameter_gradients(g)
    for key in once:
        np.testing.assert_allclose(lean.grads[key], once[key])


def test_float32_stays_float32_and_is_deterministic():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((4, 6, 3))
    a = nn.RNN(3, 5, rng=np.random.default_rng(9), dtype=np.float32)
    b = nn.RNN(3, 5, rng=np.random.default_rng(9), dtype=np.float32)
    ya = a.forward(x)
    np.testing.assert_array_equal(ya, b.forward(x))
    assert ya.dtype == np.float32
    dx = a.backward(np.ones_like(ya, dtype=np.float64))
    assert dx.dtype == np.float32
    assert all(grad.dtype == np.float32 for grad in a.grads.values())
    assert a.hidden_state_gradients().dtype == np.float32


def test_trains_inside_sequential_with_fit():
    # The sign of a sequence's sum, read from h_T: learnable in a few epochs.
    rng = np.random.default_rng(10)
    x = rng.standard_normal((256, 5, 1))
    y = (x.sum(axis=(1, 2)) > 0).astype(float)[:, None]
    model = nn.Sequential([nn.RNN(1, 8, rng=rng), nn.Dense(8, 1, rng=rng)])
    history = nn.fit(model, nn.BinaryCrossEntropy(from_logits=True), nn.Adam(0.02), x, y,
                     epochs=30, batch_size=32, rng=rng)
    assert history.accuracy[-1] > 0.9


def test_bad_input():
    rng = np.random.default_rng(11)
    layer = nn.RNN(3, 2, rng=rng)
    with pytest.raises(ValueError, match=r"RNN: input x must have shape \(batch, time, 3\) with time >= 1, got \(2, 4\)"):
        layer.forward(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"got \(2, 4, 2\)"):
        layer.forward(np.zeros((2, 4, 2)))
    with pytest.raises(ValueError, match=r"time >= 1, got \(2, 0, 3\)"):
        layer.forward(np.zeros((2, 0, 3)))
    with pytest.raises(ValueError, match="non-finite"):
        layer.forward(np.full((1, 2, 3), np.nan))
    with pytest.raises(ValueError, match="n_in"):
        nn.RNN(0, 2, rng=rng)
    with pytest.raises(ValueError, match="n_hidden"):
        nn.RNN(2, 1.5, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        nn.RNN(2, 2, rng=0)
    with pytest.raises(TypeError, match="dtype"):
        nn.RNN(2, 2, rng=rng, dtype=np.int64)
    with pytest.raises(ValueError, match="return_sequences must be True or False"):
        nn.RNN(2, 2, rng=rng, return_sequences="yes")
    with pytest.raises(ValueError, match="backward called before forward"):
        nn.RNN(3, 2, rng=rng).backward(np.zeros((1, 2)))
    with pytest.raises(ValueError, match="needs a backward pass first"):
        nn.RNN(3, 2, rng=rng).hidden_state_gradients()
    layer.forward(np.zeros((5, 4, 3)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(5, 2\)"):
        layer.backward(np.zeros((5, 4, 2)))
