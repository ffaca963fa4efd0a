"""mlwiki.xor.network: the network's shapes and checks, and its chain-rule gradient against finite
differences and PyTorch autograd."""

import numpy as np
import pytest

from mlwiki import xor
from mlwiki.xor import network as network_module

X, Y = xor.xor_data()


def test_network_shapes_and_immutability(random_network):
    net = random_network(3)
    assert net.n_hidden == 3 and net.hidden(X).shape == (4, 3) and net.predict(X).shape == (4,)
    assert np.all((net.predict(X) > 0) & (net.predict(X) < 1))
    with pytest.raises(ValueError):
        net.hidden_weights[0, 0] = 1.0
    # Standard normal draws in the documented order.
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(net.hidden_weights, rng.standard_normal((2, 3)))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("n_hidden", [1, 2, 5])
def test_gradients_match_pytorch_autograd(seed, n_hidden, random_network, torch_twin):
    net = random_network(n_hidden, seed)
    rng = np.random.default_rng(100 + seed)
    x = rng.normal(size=(7, 2))
    t = rng.integers(0, 2, size=7).astype(float)
    params = torch_twin.params(net)
    torch_twin.loss(params, x, t).backward()
    ours = xor.gradients(net, x, t)
    for mine, theirs in zip(ours, params):
        np.testing.assert_allclose(mine, theirs.grad.numpy(), rtol=1e-10, atol=1e-13)
    assert xor.squared_error(net, x, t) == pytest.approx(torch_twin.loss(params, x, t).item(), rel=1e-12)


def test_gradient_check_is_small_for_the_right_gradient_and_large_for_a_wrong_one(monkeypatch, random_network):
    net = random_network(2, 3)
    assert xor.gradient_check(net) < 1e-6
    original = network_module._gradients

    def forgets_the_hidden_sigmoid(w1, b1, w2, b2, x, targets):  # a classic slip
        g_w1, g_b1, g_w2, g_b2 = original(w1, b1, w2, b2, x, targets)
        h = 1 / (1 + np.exp(-(x @ w1 + b1)))
        return g_w1 / np.mean(h * (1 - h)), g_b1, g_w2, g_b2

    monkeypatch.setattr(network_module, "_gradients", forgets_the_hidden_sigmoid)
    assert xor.gradient_check(net) > 0.1


# --- bad input: one test per rule ---------------------------------------------------------

GOOD = {
    "hidden_weights": np.ones((2, 2)), "hidden_bias": np.zeros(2),
    "output_weights": np.ones(2), "output_bias": 0.0,
}


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hidden_weights": np.ones((3, 2))}, r"hidden_weights must have shape \(2, n_hidden\)"),
        ({"hidden_weights": np.ones((2, 0))}, r"hidden_weights must have shape \(2, n_hidden\)"),
        ({"hidden_weights": np.ones(2)}, "hidden_weights must have 2 dimension"),
        ({"hidden_weights": np.full((2, 2), np.nan)}, "hidden_weights contains non-finite"),
        ({"hidden_bias": np.zeros(3)}, r"hidden_bias must have shape \(2,\)"),
        ({"output_weights": np.ones(3)}, r"output_weights must have shape \(2,\)"),
        ({"output_weights": np.ones((2, 1))}, "output_weights must have 1 dimension"),
        ({"output_bias": [0.0, 1.0]}, "output_bias must have 0 dimension"),
        ({"output_bias": np.inf}, "output_bias contains non-finite"),
        ({"activation": "relu"}, "activation must be one of"),
    ],
)
def test_bad_network(kwargs, message):
    with pytest.raises(ValueError, match=message):
        xor.TwoLayerNetwork(**(GOOD | kwargs))


def test_bad_random_arguments():
    with pytest.raises(ValueError, match="n_hidden must be > 0"):
        xor.TwoLayerNetwork.random(0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        xor.TwoLayerNetwork.random(2, rng=0)


def test_bad_prediction_error_and_gradient_arguments(random_network):
    net = random_network()
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 2\)"):
        net.predict(np.ones(2))
    with pytest.raises(TypeError, match="network must be a TwoLayerNetwork"):
        xor.squared_error("net")
    with pytest.raises(ValueError, match="network must use sigmoid units to be trained"):
        xor.gradients(xor.hand_wired_network())
    with pytest.raises(ValueError, match="y must contain only 0 and 1"):
        xor.squared_error(net, X, [0.0, 0.5, 1.0, 0.0])
    with pytest.raises(ValueError, match="eps must be > 0"):
        xor.gradient_check(net, eps=0.0)
