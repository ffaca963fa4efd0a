import warnings

import numpy as np
import pytest
import torch

from mlwiki import nn


def test_shapes_and_init_statistics():
    layer = nn.Dense(300, 200, rng=np.random.default_rng(0))
    assert layer.params["weights"].shape == (300, 200)
    assert layer.params["bias"].shape == (200,)
    assert np.all(layer.params["bias"] == 0)
    # Xavier: variance 2 / (n_in + n_out) = 0.004
    assert layer.params["weights"].var() == pytest.approx(2 / 500, rel=0.05)
    he = nn.Dense(300, 200, rng=np.random.default_rng(0), init="he")
    assert he.params["weights"].var() == pytest.approx(2 / 300, rel=0.05)
    assert layer.forward(np.ones((5, 300))).shape == (5, 200)


def test_gradients_match_central_differences():
    rng = np.random.default_rng(1)
    errors = nn.check_layer_gradients(nn.Dense(4, 3, rng=rng), rng.standard_normal((5, 4)), rng=rng)
    assert set(errors) == {"input", "weights", "bias"}
    assert max(errors.values()) < 1e-7


def test_gradients_accumulate_until_zero_grad():
    rng = np.random.default_rng(2)
    layer = nn.Dense(3, 2, rng=rng)
    x, g = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    layer.forward(x)
    layer.backward(g)
    first = layer.grads["weights"].copy()
    np.testing.assert_allclose(first, x.T @ g)
    layer.forward(x)
    layer.backward(g)
    np.testing.assert_allclose(layer.grads["weights"], 2 * first)
    weights_before = layer.params["weights"].copy()
    layer.zero_grad()
    assert np.all(layer.grads["weights"] == 0) and np.all(layer.grads["bias"] == 0)
    # backward never updates the weights itself
    np.testing.assert_array_equal(layer.params["weights"], weights_before)


def test_same_seed_same_weights():
    a = nn.Dense(5, 4, rng=np.random.default_rng(7))
    b = nn.Dense(5, 4, rng=np.random.default_rng(7))
    np.testing.assert_array_equal(a.params["weights"], b.params["weights"])


def test_float32_stays_float32():
    rng = np.random.default_rng(3)
    layer = nn.Dense(3, 2, rng=rng, dtype=np.float32)
    assert layer.params["weights"].dtype == np.float32
    y = layer.forward(rng.standard_normal((4, 3)))  # float64 input is cast to the layer dtype
    assert y.dtype == np.float32
    dx = layer.backward(np.ones((4, 2)))
    assert dx.dtype == np.float32 and layer.grads["weights"].dtype == np.float32


def test_forward_and_backward_match_torch():
    rng = np.random.default_rng(5)
    layer = nn.Dense(4, 3, rng=rng)
    layer.params["bias"][:] = rng.standard_normal(3)
    x = rng.standard_normal((6, 4))
    g = rng.standard_normal((6, 3))
    y = layer.forward(x)
    dx = layer.backward(g)
    xt = torch.tensor(x, requires_grad=True)
    wt = torch.tensor(layer.params["weights"].T.copy(), requires_grad=True)  # torch stores (out, in)
    bt = torch.tensor(layer.params["bias"], requires_grad=True)
    yt = torch.nn.functional.linear(xt, wt, bt)
    yt.backward(torch.tensor(g))
    np.testing.assert_allclose(y, yt.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.grads["weights"], wt.grad.numpy().T, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(layer.grads["bias"], bt.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_in": 0}, ValueError, "n_in must be > 0"),
        ({"n_in": 2.5}, ValueError, "n_in must be an integer"),
        ({"n_out": -1}, ValueError, "n_out must be > 0"),
        ({"rng": 0}, ValueError, "rng must be a numpy.random.Generator"),
        ({"init": "zeros"}, ValueError, "init must be one of 'xavier', 'he'"),
        ({"dtype": np.int32}, TypeError, "dtype must be numpy.float32 or numpy.float64"),
        ({"dtype": "no such type"}, TypeError, "dtype must be numpy.float32 or numpy.float64"),
    ],
)
def test_constructor_rejects_bad_arguments(kwargs, error, match):
    arguments = {"n_in": 3, "n_out": 2, "rng": np.random.default_rng(0)} | kwargs
    n_in, n_out = arguments.pop("n_in"), arguments.pop("n_out")
    with pytest.raises(error, match=match):
        nn.Dense(n_in, n_out, **arguments)


@pytest.mark.parametrize(
    "x, error, match",
    [
        (np.zeros((5, 4)), ValueError, r"Dense: input x must have shape \(batch, 3\), got \(5, 4\)"),
        (np.zeros(3), ValueError, r"must have shape \(batch, 3\)"),
        (np.zeros((0, 3)), ValueError, "non-empty batch axis"),
        (np.array([[0.0, np.nan, 1.0]]), ValueError, "non-finite"),
        (np.array([[0.0, np.inf, 1.0]]), ValueError, "non-finite"),
        (np.ones((2, 3)) * (1 + 1j), TypeError, "must hold real numbers .* got complex"),
        (np.ones((2, 3), dtype=bool), TypeError, "got boolean"),
        (np.array([["a", "b", "c"]]), TypeError, "must hold real numbers"),
    ],
    ids=["wrong width", "no batch axis", "empty batch", "nan", "inf", "complex", "bool", "strings"],
)
def test_forward_rejects_bad_input(x, error, match):
    layer = nn.Dense(3, 2, rng=np.random.default_rng(4))
    with pytest.raises(error, match=match), warnings.catch_warnings():
        warnings.simplefilter("error")  # no ComplexWarning on the way: the check comes before any cast
        layer.forward(x)


@pytest.mark.parametrize(
    "g, error, match",
    [
        (np.zeros((5, 3)), ValueError, r"output_gradient must have shape \(5, 2\)"),
        (np.full((5, 2), np.nan), ValueError, "output_gradient contains non-finite"),
        (np.zeros((5, 2), dtype=complex), TypeError, "output_gradient must hold real numbers"),
    ],
)
def test_backward_rejects_bad_output_gradient(g, error, match):
    layer = nn.Dense(3, 2, rng=np.random.default_rng(4))
    layer.forward(np.zeros((5, 3)))
    with pytest.raises(error, match=match):
        layer.backward(g)


def test_sequences_apply_the_same_map_at_every_position_like_torch_linear():
    import torch

    rng = np.random.default_rng(5)
    layer = nn.Dense(4, 3, rng=rng)
    layer.params["bias"][:] = rng.standard_normal(3)
    x, g = rng.standard_normal((2, 5, 4)), rng.standard_normal((2, 5, 3))
    y = layer.forward(x)
    dx = layer.backward(g)
    reference = torch.nn.Linear(4, 3, dtype=torch.float64)
    with torch.no_grad():
        reference.weight.copy_(torch.from_numpy(layer.params["weights"].T.copy()))
        reference.bias.copy_(torch.from_numpy(layer.params["bias"]))
    xt = torch.tensor(x, requires_grad=True)
    reference(xt).backward(torch.from_numpy(g))
    np.testing.assert_allclose(y, reference(xt).detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.grads["weights"], reference.weight.grad.numpy().T, rtol=1e-12)
    np.testing.assert_allclose(layer.grads["bias"], reference.bias.grad.numpy(), rtol=1e-12)
    assert max(nn.check_layer_gradients(layer, x, rng=rng).values()) < 1e-7


def test_backward_before_forward_is_refused():
    with pytest.raises(ValueError, match="backward called before forward"):
        nn.Dense(3, 2, rng=np.random.default_rng(4)).backward(np.zeros((1, 2)))


def test_finiteness_check_is_not_fooled_by_a_sum_that_overflows():
    huge = np.full((4, 2), 1e308)  # finite entries whose sum overflows
    np.testing.assert_array_equal(nn.Tanh().forward(huge), np.ones((4, 2)))
    with pytest.raises(ValueError, match="non-finite"):
        nn.Tanh().forward(np.array([[1e308, np.nan]]))
