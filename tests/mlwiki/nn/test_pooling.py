import numpy as np
import pytest

from mlwiki import nn


def test_forward_values_and_routing():
    x = np.array([[[[1.0, 2.0, 5.0, 0.0],
                    [3.0, 4.0, 1.0, 1.0],
                    [0.0, 0.0, 2.0, 2.0],
                    [9.0, 0.0, 2.0, 7.0]]]])
    pool = nn.MaxPool2D(2)
    np.testing.assert_array_equal(pool.forward(x), [[[[4.0, 5.0], [9.0, 7.0]]]])
    dx = pool.backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]))
    expected = np.zeros_like(x)
    expected[0, 0, 1, 1], expected[0, 0, 0, 2], expected[0, 0, 3, 0], expected[0, 0, 3, 3] = 10, 20, 30, 40
    np.testing.assert_array_equal(dx, expected)


def test_ties_route_to_one_input():
    pool = nn.MaxPool2D(2)
    pool.forward(np.ones((1, 1, 2, 2)))
    assert pool.backward(np.ones((1, 1, 1, 1))).sum() == 1.0


@pytest.mark.parametrize("pool_size, stride", [(2, None), (3, 1), (2, 3)])
def test_gradients_match_central_differences(pool_size, stride):
    rng = np.random.default_rng(0)
    pool = nn.MaxPool2D(pool_size, stride)
    x = rng.standard_normal((2, 3, 7, 8))
    errors = nn.check_layer_gradients(pool, x, rng=rng)
    assert errors["input"] < 1e-7
    s = pool_size if stride is None else stride
    assert pool.forward(x).shape == (2, 3, (7 - pool_size) // s + 1, (8 - pool_size) // s + 1)


def test_float32_preserved():
    pool = nn.MaxPool2D(2)
    y = pool.forward(np.ones((1, 2, 4, 4), dtype=np.float32))
    assert y.dtype == np.float32
    assert pool.backward(np.ones_like(y)).dtype == np.float32


def test_bad_input():
    with pytest.raises(ValueError, match="pool_size must be > 0"):
        nn.MaxPool2D(0)
    with pytest.raises(ValueError, match="pool_size 3 is larger"):
        nn.MaxPool2D(3).forward(np.zeros((1, 1, 2, 2)))
    with pytest.raises(ValueError, match=r"\(batch, C, H, W\)"):
        nn.MaxPool2D(2).forward(np.zeros((1, 4, 4)))
