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


def test_bad_input():
    with pytest.raises(ValueError, match=r"cannot be reshaped to \(4, 4\)"):
        nn.Reshape((4, 4)).forward(np.zeros((2, 15)))
    with pytest.raises(ValueError, match="out_shape"):
        nn.Reshape((0, 3))
