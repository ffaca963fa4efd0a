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


def test_bad_layers():
    with pytest.raises(ValueError, match="non-empty"):
        nn.Sequential([])
    with pytest.raises(ValueError, match=r"layers\[1\] must be a Layer"):
        nn.Sequential([nn.Tanh(), np.tanh])


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
