import numpy as np
import pytest
import torch

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


@pytest.mark.parametrize("pool_size, stride", [(2, None), (3, 1), (2, 3), (3, 2)])
def test_forward_and_backward_match_torch(pool_size, stride):
    rng = np.random.default_rng(1)
    pool = nn.MaxPool2D(pool_size, stride)
    x = rng.standard_normal((2, 3, 7, 8))  # continuous values: no ties
    y = pool.forward(x)
    g = rng.standard_normal(y.shape)
    dx = pool.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    yt = torch.nn.functional.max_pool2d(xt, pool_size, stride=stride)
    yt.backward(torch.tensor(g))
    np.testing.assert_array_equal(y, yt.detach().numpy())
    np.testing.assert_allclose(dx, xt.grad.numpy(), atol=1e-15)


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: nn.MaxPool2D(0), ValueError, "pool_size must be > 0"),
        (lambda: nn.MaxPool2D(2.0), ValueError, "pool_size must be an integer"),
        (lambda: nn.MaxPool2D(2, stride=0), ValueError, "stride must be > 0"),
    ],
)
def test_constructor_rejects_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize(
    "x, error, match",
    [
        (np.zeros((1, 1, 2, 2)), ValueError, "pool_size 3 is larger"),
        (np.zeros((1, 4, 4)), ValueError, r"input x must have shape \(batch, C, H, W\)"),
        (np.full((1, 1, 4, 4), np.nan), ValueError, "input x contains non-finite"),
        (np.zeros((1, 1, 4, 4), dtype=complex), TypeError, "input x must hold real numbers"),
    ],
)
def test_forward_rejects_bad_input(x, error, match):
    with pytest.raises(error, match=f"MaxPool2D: {match}"):
        nn.MaxPool2D(3).forward(x)


def test_backward_rejects_bad_output_gradient():
    pool = nn.MaxPool2D(2)
    pool.forward(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"output_gradient must have shape \(1, 1, 2, 2\)"):
        pool.backward(np.zeros((1, 1, 4, 4)))
