import numpy as np
import pytest

from mlwiki import nn


def _model(rng):
    return nn.Sequential([nn.Dense(3, 5, rng=rng), nn.Tanh(), nn.Dense(5, 2, rng=rng)])


def test_forward_backward_compose_layers():
    rng = np.random.default_rng(0)
    model = _model(rng)
    x = rng.standard_normal((4, 3))
    manual = x
    for layer in model.layers:
        manual = layer.forward(manual)
    np.testing.assert_array_equal(model.forward(x), manual)
    # whole-model input gradient against central differences of sum(y * r)
    r = rng.standard_normal((4, 2))
    model.zero_grad()
    model.forward(x)
    dx = model.backward(r)
    numeric = nn.numerical_gradient(lambda v: np.sum(model.forward(v) * r), x)
    assert nn.relative_error(dx, numeric) < 1e-7


def test_parameters_zero_grad_and_count():
    model = _model(np.random.default_rng(1))
    pairs = model.parameters()
    assert len(pairs) == 2 and set(pairs[0][0]) == {"weights", "bias"}
    assert model.n_parameters() == 3 * 5 + 5 + 5 * 2 + 2
    model.forward(np.ones((2, 3)))
    model.backward(np.ones((2, 2)))
    assert any(np.any(g != 0) for _, grads in pairs for g in grads.values())
    model.zero_grad()
    assert all(np.all(g == 0) for _, grads in pairs for g in grads.values())


def test_predict_in_batches_matches_forward():
    rng = np.random.default_rng(2)
    model = _model(rng)
    x = rng.standard_normal((50, 3))
    np.testing.assert_allclose(model.predict(x, batch_size=7), model.forward(x))


@pytest.mark.parametrize(
    "layers, error, match",
    [([], ValueError, "non-empty"), ([nn.Tanh(), np.tanh], TypeError, r"layers\[1\] must be a Layer"),
     (nn.Tanh(), TypeError, "layers must be a list of Layer objects"), (3, TypeError, "layers must be a list")],
)
def test_bad_layers(layers, error, match):
    with pytest.raises(error, match=match):
        nn.Sequential(layers)


def test_bad_call_arguments():
    model = _model(np.random.default_rng(5))
    with pytest.raises(ValueError, match="batch_size must be > 0"):
        model.predict(np.zeros((3, 3)), batch_size=0)
    with pytest.raises(ValueError, match="x must have a batch axis"):
        model.predict(1.0)
    model.forward(np.zeros((2, 3)))
    with pytest.raises(TypeError, match="input_gradient must be True or False"):
        model.backward(np.zeros((2, 2)), input_gradient="no")


def test_predict_runs_in_evaluation_mode_and_restores_it():
    rng = np.random.default_rng(6)
    model = nn.Sequential([nn.Dense(3, 50, rng=rng), nn.Dropout(0.5, rng=rng)])
    x = rng.standard_normal((4, 3))
    np.testing.assert_array_equal(model.predict(x), model.layers[0].forward(x))  # no units dropped
    assert all(layer.training for layer in model.layers)
    assert np.count_nonzero(model.forward(x) == 0) > 0  # training mode drops units


def test_backward_without_input_gradient_gives_same_parameter_gradients():
    rng = np.random.default_rng(3)
    x, g = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    a, b = _model(np.random.default_rng(4)), _model(np.random.default_rng(4))
    a.forward(x)
    b.forward(x)
    assert a.backward(g).shape == (4, 3)
    assert b.backward(g, input_gradient=False) is None
    for (_, grads_a), (_, grads_b) in zip(a.parameters(), b.parameters()):
        for key in grads_a:
            np.testing.assert_allclose(grads_a[key], grads_b[key])
