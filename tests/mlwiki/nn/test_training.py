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


def _fit_arguments(**changes):
    rng = np.random.default_rng(0)
    arguments = {"model": nn.Sequential([nn.Dense(2, 1, rng=rng)]), "loss": nn.MeanSquaredError(),
                 "optimizer": nn.SGD(0.1), "x": XOR_X, "y": XOR_Y, "epochs": 1, "rng": rng}
    return arguments | changes


@pytest.mark.parametrize(
    "changes, error, match",
    [
        ({"batch_size": 0}, ValueError, "batch_size must be > 0"),
        ({"batch_size": 2.0}, ValueError, "batch_size must be an integer"),
        ({"epochs": 0}, ValueError, "epochs must be > 0"),
        ({"y": XOR_Y[:3]}, ValueError, "same non-zero number of samples"),
        ({"x": XOR_X[:0], "y": XOR_Y[:0]}, ValueError, "same non-zero number of samples"),
        ({"rng": None}, ValueError, "rng must be a numpy.random.Generator"),
        ({"metric": "f1"}, ValueError, "metric must be 'accuracy' or None"),
        ({"y": XOR_Y.ravel()}, ValueError, "y_true must have the same shape"),
        ({"x_val": XOR_X}, ValueError, "x_val and y_val must be given together"),
        ({"x_val": XOR_X[:, :1], "y_val": XOR_Y}, ValueError, "per-sample shapes of x and y"),
        ({"loss": "mse"}, TypeError, "loss must be a loss object with value\\(\\) and gradient\\(\\)"),
        ({"loss": nn.MeanSquaredError}, TypeError, "loss must be a loss object"),
        ({"optimizer": "sgd"}, TypeError, "optimizer must have a step"),
        ({"model": [nn.Dense(2, 1, rng=np.random.default_rng(0))]}, TypeError, "model must be a Sequential"),
        ({"x": XOR_X + 0j}, TypeError, "x must hold real numbers"),
        ({"y": np.array([["a"], ["b"], ["c"], ["d"]])}, TypeError, "y must hold real numbers"),
        ({"evaluate_train": "yes"}, TypeError, "evaluate_train must be True or False"),
        ({"schedule": 0.1}, TypeError, "schedule must be a function of the epoch"),
        ({"augment": "shift"}, TypeError, "augment must be a function"),
        ({"augment": lambda xb, rng: xb[:1], "batch_size": 2}, ValueError, "augment must return a batch of the shape"),
        ({"schedule": lambda epoch: -1.0}, ValueError, "lr must be > 0"),
        ({"restore_best": True}, ValueError, "restore_best needs validation data"),
        ({"callback": "stop"}, TypeError, "callback must be a function"),
        ({"restore_best": 1, "x_val": XOR_X, "y_val": XOR_Y}, TypeError, "restore_best must be True or False"),
    ],
)
def test_fit_rejects_bad_arguments(changes, error, match):
    arguments = _fit_arguments(**changes)
    model, loss, optimizer, x, y = (arguments.pop(k) for k in ("model", "loss", "optimizer", "x", "y"))
    with pytest.raises(error, match=match):
        nn.fit(model, loss, optimizer, x, y, **arguments)


def test_fit_records_train_loss_at_the_moment_of_the_validation_loss():
    rng = np.random.default_rng(2)
    x = rng.standard_normal((40, 2))
    y = nn.one_hot((x[:, 0] > 0).astype(int), 2)
    model = nn.Sequential([nn.Dense(2, 2, rng=rng)])
    loss = nn.CategoricalCrossEntropy(from_logits=True)
    history = nn.fit(model, loss, nn.SGD(0.5), x, y, epochs=5, batch_size=8, rng=rng, x_val=x, y_val=y,
                     evaluate_train=True)
    # measured on the same data with the same end-of-epoch weights: identical
    assert history.train_loss == history.val_loss and history.train_accuracy == history.val_accuracy
    assert history.train_loss[-1] == pytest.approx(nn.evaluate(model, loss, x, y)[0])
    # the running average of the epoch is measured with older weights, so it differs
    assert history.loss[-1] != history.train_loss[-1]


def test_schedule_sets_the_learning_rate_of_every_epoch():
    rng = np.random.default_rng(3)
    optimizer = nn.SGD(1.0)
    schedule = nn.StepDecay(0.4, factor=0.5, every=2)
    history = nn.fit(nn.Sequential([nn.Dense(2, 1, rng=rng)]), nn.MeanSquaredError(), optimizer, XOR_X, XOR_Y,
                     epochs=5, rng=rng, schedule=schedule)
    assert history.lr == [0.4, 0.4, 0.2, 0.2, 0.1]
    assert optimizer.lr == 0.1


def test_augment_sees_every_batch_and_the_rng():
    rng = np.random.default_rng(4)
    seen = []

    def record(xb, generator):
        assert generator is rng
        seen.append(len(xb))
        return xb

    nn.fit(nn.Sequential([nn.Dense(2, 1, rng=rng)]), nn.MeanSquaredError(), nn.SGD(0.1), XOR_X, XOR_Y,
           epochs=2, batch_size=3, rng=rng, augment=record)
    assert seen == [3, 1, 3, 1]


def test_evaluate_and_accuracy_reject_bad_arguments():
    model = nn.Sequential([nn.Dense(2, 1, rng=np.random.default_rng(0))])
    with pytest.raises(TypeError, match="loss must be a loss object"):
        nn.evaluate(model, "bce", XOR_X, XOR_Y)
    with pytest.raises(TypeError, match="model must be a Sequential"):
        nn.accuracy(object(), XOR_X, XOR_Y)
    with pytest.raises(ValueError, match="same non-zero number of samples"):
        nn.accuracy(model, XOR_X, XOR_Y[:2])
    with pytest.raises(TypeError, match="from_logits must be True or False"):
        nn.accuracy(model, XOR_X, XOR_Y, from_logits="yes")
    with pytest.raises(ValueError, match="one 0/1 target per sample"):
        nn.accuracy(model, XOR_X, np.zeros((4, 3)))


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


def test_restore_best_puts_back_the_weights_of_the_lowest_validation_loss():
    rng = np.random.default_rng(7)
    # a learnable rule, with a third of the training labels replaced by noise: the validation
    # loss first falls, then rises as the network memorises the noise
    x, x_val = rng.standard_normal((30, 4)), rng.standard_normal((60, 4))
    labels = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0)
    labels[:10] = rng.integers(0, 3, size=10)
    y, y_val = nn.one_hot(labels, 3), nn.one_hot((x_val[:, 0] > 0).astype(int) + (x_val[:, 1] > 0), 3)
    loss = nn.CategoricalCrossEntropy(from_logits=True)

    def model():
        init = np.random.default_rng(8)
        return nn.Sequential([nn.Dense(4, 30, rng=init), nn.Tanh(), nn.Dense(30, 3, rng=init)])

    restored = model()
    history = nn.fit(restored, loss, nn.Adam(0.005), x, y, epochs=60, rng=np.random.default_rng(9),
                     x_val=x_val, y_val=y_val, restore_best=True)
    best = history.best_epoch
    assert best == int(np.argmin(history.val_loss)) and 0 < best < 59
    assert nn.evaluate(restored, loss, x_val, y_val)[0] == pytest.approx(history.val_loss[best])
    # the same run stopped after the best epoch ends with the same weights
    stopped = model()
    nn.fit(stopped, loss, nn.Adam(0.005), x, y, epochs=best + 1, rng=np.random.default_rng(9))
    for (a, _), (b, _) in zip(restored.parameters(), stopped.parameters()):
        for key in a:
            np.testing.assert_array_equal(a[key], b[key])


def test_callback_sees_every_epoch_and_can_stop_training():
    rng = np.random.default_rng(10)
    seen = []

    def record(history, model):
        seen.append((len(history.loss), model.n_parameters()))
        return len(history.loss) == 3

    history = nn.fit(nn.Sequential([nn.Dense(2, 1, rng=rng)]), nn.MeanSquaredError(), nn.SGD(0.1), XOR_X, XOR_Y,
                     epochs=10, rng=rng, callback=record)
    assert seen == [(1, 3), (2, 3), (3, 3)] and len(history.loss) == 3


def test_fit_checks_every_batch_of_predictions():
    rng = np.random.default_rng(11)
    linear_output = nn.Sequential([nn.Dense(2, 2, rng=rng)])  # logits, not probabilities
    y = nn.one_hot(np.array([0, 1, 1, 0]), 2)
    with pytest.raises(ValueError, match=r"y_pred must be probabilities in \[0, 1\]"):
        nn.fit(linear_output, nn.CategoricalCrossEntropy(), nn.SGD(0.1), XOR_X * 10, y, epochs=1, rng=rng)
    with pytest.raises(ValueError, match="every row of y_true must sum to 1"):
        nn.fit(linear_output, nn.CategoricalCrossEntropy(from_logits=True), nn.SGD(0.1), XOR_X, y * 0.5, epochs=1,
               rng=rng)
    with pytest.raises(ValueError, match="y_true must be probabilities"):
        nn.fit(nn.Sequential([nn.Dense(2, 1, rng=rng)]), nn.BinaryCrossEntropy(from_logits=True), nn.SGD(0.1),
               XOR_X, XOR_Y * 3, epochs=1, rng=rng)


def test_fit_accepts_a_loss_of_its_own():
    class Absolute:
        def value(self, y_pred, y_true):
            return float(np.mean(np.abs(y_pred - y_true)))

        def gradient(self, y_pred, y_true):
            return np.sign(y_pred - y_true) / y_pred.size

    rng = np.random.default_rng(12)
    history = nn.fit(nn.Sequential([nn.Dense(2, 1, rng=rng)]), Absolute(), nn.SGD(0.1), XOR_X, XOR_X[:, :1] + 1,
                     epochs=20, rng=rng, metric=None)
    assert history.loss[-1] < history.loss[0]
