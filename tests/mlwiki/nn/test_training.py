import numpy as np
import pytest

from mlwiki import nn

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def _train_xor(seed):
    rng = np.random.default_rng(seed)
    model = nn.Sequential([nn.Dense(2, 4, rng=rng), nn.Tanh(), nn.Dense(4, 1, rng=rng)])
    history = nn.fit(model, nn.BinaryCrossEntropy(from_logits=True), nn.Adam(0.05),
                     XOR_X, XOR_Y, epochs=500, rng=rng)
    return model, history


def test_xor_learned_with_margin():
    model, history = _train_xor(0)
    logits = model.predict(XOR_X).ravel()
    # every logit on the right side of 0 by a wide margin (|logit| > 2 <=> p < 0.12 or > 0.88)
    assert np.all(np.where(XOR_Y.ravel() == 1, logits, -logits) > 2.0)
    assert history.accuracy[-1] == 1.0
    assert nn.accuracy(model, XOR_X, XOR_Y, from_logits=True) == 1.0
    assert history.loss[-1] < 0.05 < history.loss[0]
    assert len(history.loss) == 500 and history.val_loss == []


def test_same_seed_same_training():
    (m1, h1), (m2, h2) = _train_xor(3), _train_xor(3)
    assert h1.loss == h2.loss
    np.testing.assert_array_equal(m1.layers[0].params["weights"], m2.layers[0].params["weights"])


@pytest.mark.parametrize("batch_size", [None, 1, 3])
def test_batch_sizes_and_validation(batch_size):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((30, 2))
    labels = (x[:, 0] + x[:, 1] > 0).astype(int)
    y = nn.one_hot(labels, 2)
    model = nn.Sequential([nn.Dense(2, 2, rng=rng)])
    history = nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), nn.SGD(0.5), x, y,
                     epochs=20, batch_size=batch_size, rng=rng, x_val=x[:10], y_val=y[:10])
    assert len(history.val_loss) == len(history.val_accuracy) == 20
    assert history.val_accuracy[-1] >= 0.9
    assert history.loss[-1] < history.loss[0]
    # accuracy accepts integer labels too
    assert nn.accuracy(model, x, labels) == nn.accuracy(model, x, y)


def test_fit_bad_arguments():
    rng = np.random.default_rng(0)
    model = nn.Sequential([nn.Dense(2, 1, rng=rng)])
    loss, opt = nn.MeanSquaredError(), nn.SGD(0.1)
    with pytest.raises(ValueError, match="batch_size must be > 0"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y, epochs=1, batch_size=0, rng=rng)
    with pytest.raises(ValueError, match="epochs"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y, epochs=0, rng=rng)
    with pytest.raises(ValueError, match="same non-zero number of samples"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y[:3], epochs=1, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y, epochs=1, rng=None)
    with pytest.raises(ValueError, match="metric"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y, epochs=1, rng=rng, metric="f1")
    with pytest.raises(ValueError, match="y_true must have the same shape"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y.ravel(), epochs=1, rng=rng)
    with pytest.raises(ValueError, match="together"):
        nn.fit(model, loss, opt, XOR_X, XOR_Y, epochs=1, rng=rng, x_val=XOR_X)


@pytest.mark.parametrize("optimizer", [nn.SGD(0.1), nn.Momentum(0.1), nn.Adam(0.01), nn.NAdam(0.01)], ids=repr)
def test_float32_end_to_end_never_upcasts(optimizer):
    rng = np.random.default_rng(5)
    f32 = np.float32
    model = nn.Sequential([
        nn.Reshape((1, 4, 4)),
        nn.Conv2D(1, 2, 3, padding=1, rng=rng, dtype=f32), nn.Tanh(), nn.MaxPool2D(2),
        nn.Flatten(), nn.Dense(8, 6, rng=rng, dtype=f32), nn.Sigmoid(), nn.Dense(6, 3, rng=rng, dtype=f32),
        nn.Softmax(),
    ])
    x = rng.standard_normal((10, 16))  # float64 data: cast once by the first parametrised layer
    y = nn.one_hot(rng.integers(0, 3, size=10), 3)
    history = nn.fit(model, nn.CategoricalCrossEntropy(), optimizer, x, y, epochs=3, batch_size=4, rng=rng)
    assert all(np.isfinite(history.loss))
    for params, grads in model.parameters():
        for key in params:
            assert params[key].dtype == f32 and grads[key].dtype == f32
    assert model.predict(x).dtype == f32
    # dE/dx comes back in the dtype of the data fed in (float64 here); float32 in, float32 out
    assert model.backward(np.ones((10, 3))).dtype == np.float64
    model.forward(x.astype(f32))
    assert model.backward(np.ones((10, 3))).dtype == f32


def test_accuracy_thresholds_for_one_output():
    class Fixed(nn.Layer):
        def __init__(self, outputs):
            super().__init__()
            self.outputs = outputs

        def forward(self, x):
            return self.outputs

    outputs = np.array([[0.4], [0.6], [-0.2], [0.1]])
    model = nn.Sequential([Fixed(outputs)])
    y = np.array([0, 1, 0, 1])
    # probabilities: threshold 0.5 -> predictions 0, 1, 0, 0 ; logits: threshold 0 -> 1, 1, 0, 1
    assert nn.accuracy(model, np.zeros((4, 1)), y) == 0.75
    assert nn.accuracy(model, np.zeros((4, 1)), y, from_logits=True) == 0.75
    assert nn.accuracy(model, np.zeros((4, 1)), np.array([1, 1, 0, 1]), from_logits=True) == 1.0


def test_sequence_outputs_count_every_position():
    class Fixed(nn.Layer):
        """Logits that predict class 0 everywhere."""

        def forward(self, x):
            logits = np.zeros(np.shape(x) + (3,))
            logits[..., 0] = 1.0
            return self._remember_output_shape(logits)

    model = nn.Sequential([Fixed()])
    x = np.zeros((4, 5))
    labels = np.zeros((4, 5), dtype=int)
    labels[0, :3] = 2  # 3 of 20 positions wrong
    assert nn.accuracy(model, x, labels) == pytest.approx(17 / 20)
    one_hot = nn.one_hot(labels.reshape(-1), 3).reshape(4, 5, 3)
    assert nn.accuracy(model, x, one_hot) == pytest.approx(17 / 20)


def test_fit_trains_a_sequence_model_and_reports_per_position_accuracy():
    rng = np.random.default_rng(11)
    ids = rng.integers(0, 4, size=(64, 3))
    targets = nn.one_hot(((ids + 1) % 4).reshape(-1), 4).reshape(64, 3, 4)  # next symbol, position-wise
    model = nn.Sequential([nn.Embedding(4, 8, rng=rng), nn.Dense(8, 4, rng=rng)])
    history = nn.fit(model, nn.CategoricalCrossEntropy(from_logits=True), nn.Adam(0.05), ids, targets,
                     epochs=30, batch_size=16, rng=rng, x_val=ids[:8], y_val=targets[:8])
    assert all(0 <= a <= 1 for a in history.accuracy + history.val_accuracy)
    assert history.accuracy[-1] == 1.0 and history.val_accuracy[-1] == 1.0
    assert nn.accuracy(model, ids, targets) == 1.0
