import numpy as np
import pytest
import torch
from scipy.signal import correlate2d

from mlwiki import nn


def _reference_conv(x, weights, bias, stride, padding):
    """Per-sample, per-channel-pair loop with scipy: slow but obviously right."""
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    out = []
    for sample in xp:
        maps = []
        for kernels, b in zip(weights, bias):
            full = sum(correlate2d(channel, kernel, mode="valid") for channel, kernel in zip(sample, kernels))
            maps.append(full[::stride, ::stride] + b)
        out.append(maps)
    return np.array(out)


def test_single_channel_functions_match_scipy():
    rng = np.random.default_rng(0)
    x, k = rng.standard_normal((6, 7)), rng.standard_normal((3, 2))
    np.testing.assert_allclose(nn.correlate2d_valid(x, k), correlate2d(x, k, mode="valid"))
    np.testing.assert_allclose(nn.correlate2d_full(x, k), correlate2d(x, k, mode="full"))
    assert nn.correlate2d_valid(x, k).shape == (4, 6)
    assert nn.correlate2d_full(x, k).shape == (8, 8)


def test_conv_output_size():
    assert nn.conv_output_size(8, 3) == 6
    assert nn.conv_output_size(8, 3, stride=1, padding=1) == 8
    assert nn.conv_output_size(7, 3, stride=2, padding=1) == 4
    with pytest.raises(ValueError, match="larger than the padded input"):
        nn.conv_output_size(2, 5, stride=1, padding=1)


@pytest.mark.parametrize("stride, padding, size", [(1, 0, (6, 6)), (2, 1, (7, 6)), (3, 2, (8, 9))])
def test_forward_matches_reference(stride, padding, size):
    rng = np.random.default_rng(1)
    layer = nn.Conv2D(3, 4, 3, stride=stride, padding=padding, rng=rng)
    layer.params["bias"][:] = rng.standard_normal(4)
    x = rng.standard_normal((2, 3) + size)
    y = layer.forward(x)
    expected = _reference_conv(x, layer.params["weights"], layer.params["bias"], stride, padding)
    assert y.shape == (2, 4, nn.conv_output_size(size[0], 3, stride, padding),
                       nn.conv_output_size(size[1], 3, stride, padding))
    np.testing.assert_allclose(y, expected, atol=1e-12)


@pytest.mark.parametrize("stride, padding", [(1, 0), (1, 1), (2, 1), (2, 0)])
def test_gradients_match_central_differences(stride, padding):
    rng = np.random.default_rng(2)
    layer = nn.Conv2D(2, 3, 3, stride=stride, padding=padding, rng=rng)
    errors = nn.check_layer_gradients(layer, rng.standard_normal((2, 2, 6, 5)), rng=rng)
    assert set(errors) == {"input", "weights", "bias"}
    assert max(errors.values()) < 1e-7


def test_input_gradient_is_full_correlation_with_rotated_kernel():
    # one channel, stride 1, no padding: dE/dx = full correlation of g with rot180(K)
    rng = np.random.default_rng(3)
    layer = nn.Conv2D(1, 1, 3, rng=rng)
    x = rng.standard_normal((1, 1, 5, 5))
    g = rng.standard_normal(layer.forward(x).shape)
    dx = layer.backward(g)
    kernel = layer.params["weights"][0, 0]
    np.testing.assert_allclose(dx[0, 0], nn.correlate2d_full(g[0, 0], kernel[::-1, ::-1]))
    np.testing.assert_allclose(layer.grads["weights"][0, 0], nn.correlate2d_valid(x[0, 0], g[0, 0]))


def test_float32_and_determinism():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 1, 8, 8))
    a = nn.Conv2D(1, 2, 3, padding=1, rng=np.random.default_rng(5), dtype=np.float32)
    b = nn.Conv2D(1, 2, 3, padding=1, rng=np.random.default_rng(5), dtype=np.float32)
    ya, yb = a.forward(x), b.forward(x)
    np.testing.assert_array_equal(ya, yb)
    assert ya.dtype == np.float32
    dx = a.backward(np.ones_like(ya))
    assert dx.dtype == np.float32 and a.grads["weights"].dtype == np.float32


def torch_conv(layer, x, g):
    """Forward and backward of torch.nn.functional.conv2d with the layer's parameters."""
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(layer.params["weights"], requires_grad=True)
    bt = torch.tensor(layer.params["bias"], requires_grad=True)
    yt = torch.nn.functional.conv2d(xt, wt, bt, stride=layer.stride, padding=layer.padding)
    yt.backward(torch.tensor(g))
    return yt.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


@pytest.mark.parametrize("stride, padding, size", [(1, 0, (6, 6)), (1, 1, (5, 7)), (2, 1, (7, 6)), (3, 2, (8, 9)),
                                                   (2, 0, (8, 8))])
def test_forward_and_backward_match_torch(stride, padding, size):
    rng = np.random.default_rng(10)
    layer = nn.Conv2D(3, 4, 3, stride=stride, padding=padding, rng=rng)
    layer.params["bias"][:] = rng.standard_normal(4)
    x = rng.standard_normal((2, 3) + size)
    y = layer.forward(x)
    g = rng.standard_normal(y.shape)
    dx = layer.backward(g)
    y_ref, dx_ref, dw_ref, db_ref = torch_conv(layer, x, g)
    np.testing.assert_allclose(y, y_ref, atol=1e-12)
    np.testing.assert_allclose(dx, dx_ref, atol=1e-12)
    np.testing.assert_allclose(layer.grads["weights"], dw_ref, atol=1e-12)
    np.testing.assert_allclose(layer.grads["bias"], db_ref, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"in_channels": 0}, ValueError, "in_channels must be > 0"),
        ({"out_channels": 1.5}, ValueError, "out_channels must be an integer"),
        ({"kernel_size": 0}, ValueError, "kernel_size must be > 0"),
        ({"stride": 0}, ValueError, "stride must be > 0"),
        ({"padding": -1}, ValueError, "padding must be >= 0"),
        ({"rng": None}, ValueError, "rng must be a numpy.random.Generator"),
        ({"dtype": np.float16}, TypeError, "dtype must be numpy.float32 or numpy.float64"),
        ({"init": "lecun"}, ValueError, "init must be one of 'he', 'xavier'"),
    ],
)
@pytest.mark.parametrize("cls", [nn.Conv2D, nn.PlainConv2D], ids=["Conv2D", "PlainConv2D"])
def test_constructor_rejects_bad_arguments(cls, kwargs, error, match):
    arguments = {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "rng": np.random.default_rng(0)} | kwargs
    positional = [arguments.pop(name) for name in ("in_channels", "out_channels", "kernel_size")]
    with pytest.raises(error, match=match):
        cls(*positional, **arguments)


@pytest.mark.parametrize(
    "x, error, match",
    [
        (np.zeros((1, 3, 8, 8)), ValueError, r"input x must have shape \(batch, 2, H, W\), got \(1, 3, 8, 8\)"),
        (np.zeros((2, 8, 8)), ValueError, r"input x must have shape \(batch, 2, H, W\)"),
        (np.zeros((1, 2, 2, 2)), ValueError, "kernel_size 5 is larger than the padded input"),
        (np.full((1, 2, 8, 8), np.nan), ValueError, "input x contains non-finite"),
        (np.zeros((1, 2, 8, 8), dtype=complex), TypeError, "input x must hold real numbers .* got complex"),
    ],
    ids=["channels", "rank", "too small", "nan", "complex"],
)
@pytest.mark.parametrize("cls", [nn.Conv2D, nn.PlainConv2D], ids=["Conv2D", "PlainConv2D"])
def test_forward_rejects_bad_input(cls, x, error, match):
    layer = cls(2, 3, 5, padding=1, rng=np.random.default_rng(6))
    with pytest.raises(error, match=f"{cls.__name__}: {match}"):
        layer.forward(x)


@pytest.mark.parametrize("cls", [nn.Conv2D, nn.PlainConv2D], ids=["Conv2D", "PlainConv2D"])
def test_backward_rejects_bad_output_gradient(cls):
    layer = cls(1, 2, 3, rng=np.random.default_rng(6))
    layer.forward(np.zeros((1, 1, 5, 5)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(1, 2, 3, 3\)"):
        layer.backward(np.zeros((1, 2, 5, 5)))
    with pytest.raises(TypeError, match="output_gradient must hold real numbers"):
        layer.backward(np.zeros((1, 2, 3, 3), dtype=complex))


_BAD_CORRELATION_INPUTS = [
    (np.zeros(4), np.zeros((1, 1)), ValueError, "x must have 2 dimension"),
    (np.zeros((3, 3)), np.zeros((0, 2)), ValueError, "must not be empty"),
    (np.zeros((3, 3)) + 1j, np.zeros((2, 2)), TypeError, "x must hold real numbers"),
    (np.zeros((3, 3)), np.full((2, 2), np.inf), ValueError, "k contains non-finite"),
]


@pytest.mark.parametrize(
    "function, x, k, error, match",
    [(f, *case) for f in (nn.correlate2d_valid, nn.correlate2d_full) for case in _BAD_CORRELATION_INPUTS]
    + [(nn.correlate2d_valid, np.zeros((2, 2)), np.zeros((3, 3)), ValueError, "k of shape")],
)
def test_correlations_reject_bad_input(function, x, k, error, match):
    with pytest.raises(error, match=match):
        function(x, k)


@pytest.mark.parametrize(
    "arguments, match",
    [((0, 3), "n must be > 0"), ((8, 0), "kernel_size must be > 0"), ((8, 3, 0), "stride must be > 0"),
     ((8, 3, 1, -1), "padding must be >= 0"), ((8.0, 3), "n must be an integer"),
     ((2, 5, 1, 1), "larger than the padded input")],
)
def test_conv_output_size_rejects_bad_arguments(arguments, match):
    with pytest.raises(ValueError, match=match):
        nn.conv_output_size(*arguments)


def test_cached_indices_follow_batch_and_image_size():
    rng = np.random.default_rng(7)
    layer = nn.Conv2D(2, 3, 3, stride=2, padding=1, rng=rng)
    for shape in [(2, 2, 7, 7), (5, 2, 7, 7), (1, 2, 5, 9), (3, 2, 7, 7)]:
        x = rng.standard_normal(shape)
        expected = _reference_conv(x, layer.params["weights"], layer.params["bias"], 2, 1)
        np.testing.assert_allclose(layer.forward(x), expected, atol=1e-12)


def test_parameter_only_backward_matches_full_backward():
    rng = np.random.default_rng(8)
    x = rng.standard_normal((3, 2, 6, 6))
    full = nn.Conv2D(2, 4, 3, padding=1, rng=np.random.default_rng(9))
    lean = nn.Conv2D(2, 4, 3, padding=1, rng=np.random.default_rng(9))
    g = rng.standard_normal(full.forward(x).shape)
    lean.forward(x)
    full.backward(g)
    lean.accumulate_parameter_gradients(g)
    for key in ("weights", "bias"):
        np.testing.assert_allclose(lean.grads[key], full.grads[key])
