import numpy as np
import pytest

from mlwiki import nn


def test_dense_network_counts():
    rng = np.random.default_rng(0)
    model = nn.Sequential([nn.Dense(64, 32, rng=rng), nn.Tanh(), nn.Dense(32, 10, rng=rng)])
    costs = nn.multiply_adds(model, (5, 64))
    assert [c.forward for c in costs] == [5 * 64 * 32, 0, 5 * 32 * 10]
    assert [c.backward for c in costs] == [2 * 5 * 64 * 32, 0, 2 * 5 * 32 * 10]
    assert [c.values for c in costs] == [5 * 32, 5 * 32, 5 * 10]
    lean = nn.multiply_adds(model, (5, 64), input_gradient=False)
    assert lean[0].backward == 5 * 64 * 32 and lean[2].backward == 2 * 5 * 32 * 10


def test_convolution_counts_follow_the_output_size():
    rng = np.random.default_rng(1)
    model = nn.digits_cnn(rng)
    costs = nn.multiply_adds(model, (2, 1, 8, 8))
    assert costs[0].forward == 2 * 16 * 8 * 8 * 1 * 9
    assert costs[3].forward == 2 * 32 * 4 * 4 * 16 * 9
    assert costs[7].forward == 2 * 128 * 10
    strided = nn.Sequential([nn.Conv2D(3, 4, 3, stride=2, padding=1, rng=rng)])
    (cost,) = nn.multiply_adds(strided, (1, 3, 9, 9))
    assert cost.forward == 4 * 5 * 5 * 3 * 9 and cost.backward == 2 * cost.forward


def test_counted_products_are_the_products_numpy_performs():
    # dE/dW = x^T G and dE/dx = G W^T: each has as many multiply-adds as y = x W
    x, w, g = np.ones((7, 5)), np.ones((5, 3)), np.ones((7, 3))
    assert (x @ w).sum() == 7 * 5 * 3 == (x.T @ g).sum() == (g @ w.T).sum()


@pytest.mark.parametrize(
    "model, shape, kwargs, error, match",
    [
        ("model", (1, 2), {}, TypeError, "model must be a Sequential"),
        (None, (1, "a"), {}, TypeError, "input_shape must be a tuple of ints"),
        (None, (0, 2), {}, ValueError, "positive ints"),
        (None, (), {}, ValueError, "non-empty tuple"),
        (None, (1, 2), {"input_gradient": "no"}, TypeError, "input_gradient must be True or False"),
        (None, (1, 3), {}, ValueError, "Dense: input x must have shape"),
    ],
)
def test_bad_arguments(model, shape, kwargs, error, match):
    if model is None:
        model = nn.Sequential([nn.Dense(2, 1, rng=np.random.default_rng(0))])
    with pytest.raises(error, match=match):
        nn.multiply_adds(model, shape, **kwargs)
