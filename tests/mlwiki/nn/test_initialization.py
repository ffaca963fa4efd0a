import numpy as np
import pytest
import torch

from mlwiki import nn


def test_init_std_formulas_match_torch_initialisers():
    assert nn.init_std(300, 200, "xavier") == pytest.approx(np.sqrt(2 / 500))
    assert nn.init_std(300, 200, "he") == pytest.approx(np.sqrt(2 / 300))
    # torch's xavier_normal_ (gain 1) and kaiming_normal_ (fan_in, relu) draw with the same spreads
    torch.manual_seed(0)
    w = torch.empty(2000, 1000, dtype=torch.float64)
    torch.nn.init.xavier_normal_(w)
    assert w.std().item() == pytest.approx(nn.init_std(1000, 2000, "xavier"), rel=0.01)
    torch.nn.init.kaiming_normal_(w, mode="fan_in", nonlinearity="relu")
    assert w.std().item() == pytest.approx(nn.init_std(1000, 2000, "he"), rel=0.01)


def test_layers_draw_weights_with_that_spread():
    layer = nn.Dense(400, 300, rng=np.random.default_rng(0), init="he")
    assert layer.params["weights"].std() == pytest.approx(nn.init_std(400, 300, "he"), rel=0.02)
    conv = nn.Conv2D(16, 32, 3, rng=np.random.default_rng(0))
    assert conv.params["weights"].std() == pytest.approx(nn.init_std(16 * 9, 32 * 9, "he"), rel=0.02)


def test_signal_through_depth_behaves_as_the_variance_argument_predicts():
    rng = np.random.default_rng(1)
    depth, width = 20, 200
    he_relu = nn.activation_std_by_depth(depth, width, "relu", "he", rng=rng, n_samples=300)
    xavier_relu = nn.activation_std_by_depth(depth, width, "relu", "xavier", rng=rng, n_samples=300)
    linear_unit = nn.activation_std_by_depth(depth, width, "linear", 1 / np.sqrt(width), rng=rng, n_samples=300)
    tanh_big = nn.activation_std_by_depth(depth, width, "tanh", 1.0, rng=rng, n_samples=300)
    # He keeps ReLU's signal at one scale: Var z = 2 from the first layer on (its input, unlike
    # later ones, is not a ReLU output and has E[x^2] = 1, not 1/2 of Var z)
    assert np.all(np.abs(np.log2(he_relu / np.sqrt(2))) < 0.5)
    # Xavier for ReLU halves the variance per layer: std falls by sqrt(2) per layer
    slope = np.polyfit(np.arange(depth), np.log2(xavier_relu), 1)[0]
    assert slope == pytest.approx(-0.5, abs=0.05)
    assert np.all(np.abs(np.log2(linear_unit)) < 0.5)
    # std-1 weights under tanh: every unit saturates, z has std ~ sqrt(width)
    assert np.all(tanh_big[1:] > 0.8 * np.sqrt(width))


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: nn.init_std(0, 3, "he"), ValueError, "fan_in must be > 0"),
        (lambda: nn.init_std(3, 0, "he"), ValueError, "fan_out must be > 0"),
        (lambda: nn.init_std(3, 3, "glorot"), ValueError, "scheme must be 'xavier' or 'he'"),
        (lambda: nn.activation_std_by_depth(0, 3, "tanh", "he", rng=np.random.default_rng(0)), ValueError,
         "n_layers must be > 0"),
        (lambda: nn.activation_std_by_depth(2, 0, "tanh", "he", rng=np.random.default_rng(0)), ValueError,
         "width must be > 0"),
        (lambda: nn.activation_std_by_depth(2, 3, "gelu", "he", rng=np.random.default_rng(0)), ValueError,
         "activation must be one of"),
        (lambda: nn.activation_std_by_depth(2, 3, "tanh", -1.0, rng=np.random.default_rng(0)), ValueError,
         "weight_std must be > 0"),
        (lambda: nn.activation_std_by_depth(2, 3, "tanh", [1.0], rng=np.random.default_rng(0)), TypeError,
         "weight_std must be a positive number or"),
        (lambda: nn.activation_std_by_depth(2, 3, "tanh", "lecun", rng=np.random.default_rng(0)), ValueError,
         "scheme must be"),
        (lambda: nn.activation_std_by_depth(2, 3, "tanh", "he", rng=0), ValueError, "rng"),
        (lambda: nn.activation_std_by_depth(2, 3, "tanh", "he", rng=np.random.default_rng(0), n_samples=0),
         ValueError, "n_samples must be > 0"),
    ],
)
def test_bad_arguments(call, error, match):
    with pytest.raises(error, match=match):
        call()
