import numpy as np
import pytest

from mlwiki import nn
from mlwiki.data import load_digits, stratified_split


def test_digits_cnn_shapes_and_determinism():
    model = nn.digits_cnn(np.random.default_rng(0))
    twin = nn.digits_cnn(np.random.default_rng(0))
    x = np.random.default_rng(1).uniform(size=(5, 1, 8, 8))
    y = model.forward(x)
    assert y.shape == (5, 10)
    np.testing.assert_array_equal(y, twin.forward(x))
    assert model.n_parameters() == (16 * 9 + 16) + (32 * 16 * 9 + 32) + (128 * 10 + 10) == 6090


def test_digits_cnn_whole_model_gradient():
    rng = np.random.default_rng(2)
    model = nn.digits_cnn(rng)
    x = rng.uniform(size=(2, 1, 8, 8))
    r = rng.standard_normal((2, 10))
    model.zero_grad()
    model.forward(x)
    dx = model.backward(r)
    numeric = nn.numerical_gradient(lambda v: np.sum(model.forward(v) * r), x)
    assert nn.relative_error(dx, numeric) < 1e-6


def test_digits_cnn_learns_quickly_in_float32():
    x, labels = load_digits(dtype=np.float32)
    rng = np.random.default_rng(0)
    x_train, x_test, y_train, y_test = stratified_split(x, labels, rng=rng)
    model = nn.digits_cnn(rng, np.float32)
    history = nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), nn.Adam(0.005),
                     x_train, nn.one_hot(y_train, 10, dtype=np.float32), epochs=3, batch_size=32, rng=rng)
    assert model.layers[0].params["weights"].dtype == np.float32
    assert model.predict(x_test).dtype == np.float32
    assert history.loss[-1] < history.loss[0]
    assert nn.accuracy(model, x_test, y_test) > 0.9


def test_digits_mlp_matches_the_cnn_in_size():
    model = nn.digits_mlp(np.random.default_rng(0))
    assert model.n_parameters() == 64 * 81 + 81 + 81 * 10 + 10 == 6085
    assert model.forward(np.zeros((3, 1, 8, 8))).shape == (3, 10)
    assert nn.digits_mlp(np.random.default_rng(0), n_hidden=5).n_parameters() == 64 * 5 + 5 + 5 * 10 + 10


def test_models_reject_bad_arguments():
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        nn.digits_cnn(0)
    with pytest.raises(TypeError, match="dtype must be numpy.float32 or numpy.float64"):
        nn.digits_cnn(np.random.default_rng(0), dtype=int)
    with pytest.raises(ValueError, match="n_hidden must be > 0"):
        nn.digits_mlp(np.random.default_rng(0), n_hidden=0)
