import numpy as np
import pytest

from mlwiki import nn


def test_flatten_round_trip():
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    layer = nn.Flatten()
    y = layer.forward(x)
    assert y.shape == (2, 60)
    np.testing.assert_array_equal(layer.backward(y), x)


def test_reshape_round_trip_and_gradients():
    rng = np.random.default_rng(0)
    layer = nn.Reshape((1, 2, 3))
    x = rng.standard_normal((4, 6))
    assert layer.forward(x).shape == (4, 1, 2, 3)
    assert nn.check_layer_gradients(layer, x, rng=rng)["input"] < 1e-8
    assert nn.check_layer_gradients(nn.Flatten(), rng.standard_normal((2, 2, 3)), rng=rng)["input"] < 1e-8


@pytest.mark.parametrize(
    "out_shape, error, match",
    [((0, 3), ValueError, "out_shape entry must be > 0"), ((2.5,), ValueError, "out_shape entry must be an integer"),
     (4, TypeError, "out_shape must be a tuple"), ("44", TypeError, "out_shape must be a tuple"),
     ((), ValueError, "at least one entry")],
)
def test_reshape_rejects_bad_shapes(out_shape, error, match):
    with pytest.raises(error, match=match):
        nn.Reshape(out_shape)


def test_reshape_and_flatten_reject_bad_input():
    with pytest.raises(ValueError, match=r"cannot be reshaped to \(4, 4\)"):
        nn.Reshape((4, 4)).forward(np.zeros((2, 15)))
    for layer in (nn.Flatten(), nn.Reshape((2, 2))):
        with pytest.raises(TypeError, match="input x must hold real numbers"):
            layer.forward(np.zeros((1, 4), dtype=complex))
        layer.forward(np.zeros((1, 4)))
        with pytest.raises(ValueError, match="output_gradient must have shape"):
            layer.backward(np.zeros((1, 5)))
