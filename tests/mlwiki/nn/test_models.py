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


def test_tiny_transformer_layout_parameter_count_and_gradients():
    rng = np.random.default_rng(3)
    model = nn.tiny_transformer(5, max_positions=6, d_model=8, n_heads=2, d_ff=16, n_layers=2, n_outputs=3, rng=rng)
    names = [type(layer).__name__ for layer in model.layers]
    assert names == ["Embedding", "PositionalEncoding"] + ["Residual"] * 4 + ["LastPositions", "LayerNorm", "Dense"]
    d, ff = 8, 16
    block = (2 * d + 4 * d * d + 4 * d) + (2 * d + d * ff + ff + ff * d + d)
    assert model.n_parameters() == 5 * d + 2 * block + 2 * d + d * 5 + 5
    ids = rng.integers(0, 5, size=(2, 6))
    assert model.forward(ids).shape == (2, 3, 5)
    r = rng.standard_normal((2, 3, 5))
    model.zero_grad()
    model.forward(ids)
    model.backward(r, input_gradient=False)
    for params, grads in model.parameters():
        for name, value in params.items():
            analytic = grads[name].copy()

            def loss_at(v, value=value):
                value[...] = v
                return np.sum(model.forward(ids) * r)

            numeric = nn.numerical_gradient(loss_at, value.copy())
            assert nn.relative_error(analytic, numeric) < 1e-5, name  # ReLU kinks limit the agreement
    full = nn.tiny_transformer(5, max_positions=6, d_model=8, n_heads=2, d_ff=16, n_layers=1, rng=rng)
    assert full.forward(ids).shape == (2, 6, 5)


def test_tiny_transformer_is_causal_and_deterministic():
    a = nn.tiny_transformer(4, max_positions=5, d_model=8, n_heads=2, rng=np.random.default_rng(0))
    b = nn.tiny_transformer(4, max_positions=5, d_model=8, n_heads=2, rng=np.random.default_rng(0))
    ids = np.array([[0, 1, 2, 3, 0]])
    changed = ids.copy()
    changed[0, 3:] = [1, 1]
    np.testing.assert_array_equal(a.forward(ids), b.forward(ids))
    np.testing.assert_allclose(a.forward(changed)[:, :3], a.forward(ids)[:, :3], rtol=1e-12)


def test_tiny_transformer_bad_arguments():
    import pytest

    rng = np.random.default_rng(4)
    with pytest.raises(ValueError, match="n_layers"):
        nn.tiny_transformer(5, max_positions=6, n_layers=0, rng=rng)
    with pytest.raises(ValueError, match="n_heads must divide d_model=32"):
        nn.tiny_transformer(5, max_positions=6, n_heads=3, rng=rng)
    with pytest.raises(ValueError, match="n_outputs must be <= max_positions=6"):
        nn.tiny_transformer(5, max_positions=6, n_outputs=7, rng=rng)
    with pytest.raises(ValueError, match="max_positions"):
        nn.tiny_transformer(5, max_positions=0, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        nn.tiny_transformer(5, max_positions=6, rng=0)


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
