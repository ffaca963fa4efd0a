import numpy as np
import pytest

from mlwiki import nn

RNG = np.random.default_rng(0)
PROBS = RNG.uniform(0.05, 0.95, size=(6, 1))
TARGETS01 = RNG.integers(0, 2, size=(6, 1)).astype(float)
LOGITS = RNG.standard_normal((6, 4)) * 2
ONE_HOT = nn.one_hot(RNG.integers(0, 4, size=6), 4)


@pytest.mark.parametrize(
    "loss, y_pred, y_true",
    [
        (nn.MeanSquaredError(), RNG.standard_normal((6, 3)), RNG.standard_normal((6, 3))),
        (nn.BinaryCrossEntropy(), PROBS, TARGETS01),
        (nn.BinaryCrossEntropy(from_logits=True), RNG.standard_normal((6, 1)) * 3, TARGETS01),
        (nn.CategoricalCrossEntropy(), nn.softmax(LOGITS), ONE_HOT),
        (nn.CategoricalCrossEntropy(from_logits=True), LOGITS, ONE_HOT),
    ],
    ids=repr,
)
def test_gradient_matches_central_differences(loss, y_pred, y_true):
    assert nn.check_loss_gradient(loss, y_pred, y_true) < 1e-7


def test_known_values():
    assert nn.MeanSquaredError().value(np.array([[1.0], [3.0]]), np.array([[0.0], [1.0]])) == pytest.approx(2.5)
    bce = nn.BinaryCrossEntropy()
    assert bce.value(np.array([[0.8]]), np.array([[1.0]])) == pytest.approx(-np.log(0.8))
    cce = nn.CategoricalCrossEntropy()
    assert cce.value(np.array([[0.2, 0.7, 0.1]]), np.array([[0.0, 1.0, 0.0]])) == pytest.approx(-np.log(0.7))


def test_fused_losses_equal_unfused_ones():
    z = RNG.standard_normal((5, 1))
    y = RNG.integers(0, 2, size=(5, 1)).astype(float)
    assert nn.BinaryCrossEntropy(from_logits=True).value(z, y) == pytest.approx(
        nn.BinaryCrossEntropy().value(nn.sigmoid(z), y)
    )
    # fused gradient is (p - y) / batch, the chain rule through Sigmoid gives the same
    sig = nn.Sigmoid()
    p = sig.forward(z)
    chained = sig.backward(nn.BinaryCrossEntropy().gradient(p, y))
    np.testing.assert_allclose(nn.BinaryCrossEntropy(from_logits=True).gradient(z, y), chained)
    np.testing.assert_allclose(chained, (nn.sigmoid(z) - y) / 5)
    soft = nn.Softmax()
    p = soft.forward(LOGITS)
    chained = soft.backward(nn.CategoricalCrossEntropy().gradient(p, ONE_HOT))
    np.testing.assert_allclose(nn.CategoricalCrossEntropy(from_logits=True).gradient(LOGITS, ONE_HOT), chained)


def test_fused_gradient_survives_saturation():
    # A confidently wrong logit of -1000 for a positive target: the fused gradient is
    # (0 - 1) / 1 = -1, while sigmoid-then-BCE backpropagates ~0.
    z, y = np.array([[-1000.0]]), np.array([[1.0]])
    assert nn.BinaryCrossEntropy(from_logits=True).gradient(z, y)[0, 0] == pytest.approx(-1.0)
    assert nn.BinaryCrossEntropy(from_logits=True).value(z, y) == pytest.approx(1000.0)
    sig = nn.Sigmoid()
    p = sig.forward(z)
    assert abs(sig.backward(nn.BinaryCrossEntropy().gradient(p, y))[0, 0]) < 1e-6


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_no_nan_or_inf_at_extremes_and_perfect_predictions(dtype):
    logits = np.array([[-1000.0, 0.0, 1000.0], [1000.0, -1000.0, 0.0]], dtype=dtype)
    targets = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]], dtype=dtype)
    for loss, y_pred, y_true in [
        (nn.CategoricalCrossEntropy(from_logits=True), logits, targets),
        (nn.BinaryCrossEntropy(from_logits=True), logits, targets),
        (nn.BinaryCrossEntropy(), np.array([[0.0], [1.0]], dtype=dtype), np.array([[0.0], [1.0]])),
        (nn.BinaryCrossEntropy(), np.array([[1.0], [0.0]], dtype=dtype), np.array([[0.0], [1.0]])),
        (nn.CategoricalCrossEntropy(), np.array([[0.0, 1.0]], dtype=dtype), np.array([[0.0, 1.0]])),
        (nn.CategoricalCrossEntropy(), np.array([[1.0, 0.0]], dtype=dtype), np.array([[0.0, 1.0]])),
    ]:
        value = loss.value(y_pred, y_true)
        grad = loss.gradient(y_pred, y_true)
        assert np.isfinite(value), loss
        assert np.all(np.isfinite(grad)) and grad.dtype == dtype, loss
    # perfect predictions cost (almost) nothing
    assert nn.BinaryCrossEntropy().value(np.array([[1.0]]), np.array([[1.0]])) < 1e-6
    assert nn.CategoricalCrossEntropy(from_logits=True).value(
        np.array([[1000.0, -1000.0]]), np.array([[1.0, 0.0]])
    ) == 0.0


def test_one_hot():
    np.testing.assert_array_equal(nn.one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])
    with pytest.raises(ValueError, match="labels must lie in"):
        nn.one_hot(np.array([3]), 3)
    with pytest.raises(ValueError, match="n_classes"):
        nn.one_hot(np.array([0]), 0)


def test_bad_input():
    with pytest.raises(ValueError, match="y_true must have the same shape as y_pred"):
        nn.MeanSquaredError().value(np.zeros((4, 1)), np.zeros(4))
    with pytest.raises(ValueError, match="probabilities in \\[0, 1\\]"):
        nn.BinaryCrossEntropy().value(np.array([[1.5]]), np.array([[1.0]]))
    with pytest.raises(ValueError, match="finite"):
        nn.CategoricalCrossEntropy(from_logits=True).gradient(np.array([[np.nan, 0.0]]), np.array([[1.0, 0.0]]))
    with pytest.raises(ValueError, match=r"\(batch, n_classes\)"):
        nn.CategoricalCrossEntropy(from_logits=True).value(np.zeros(3), np.zeros(3))


@pytest.mark.parametrize("from_logits", [False, True])
def test_value_and_gradient_matches_separate_calls(from_logits):
    loss = nn.CategoricalCrossEntropy(from_logits=from_logits)
    y_pred = LOGITS if from_logits else nn.softmax(LOGITS)
    value, grad = loss.value_and_gradient(y_pred, ONE_HOT)
    assert value == pytest.approx(loss.value(y_pred, ONE_HOT))
    np.testing.assert_allclose(grad, loss.gradient(y_pred, ONE_HOT))


def test_sequence_cross_entropy_matches_torch_and_central_differences():
    import torch

    rng = np.random.default_rng(9)
    logits = 2 * rng.standard_normal((3, 4, 5))
    labels = rng.integers(0, 5, size=(3, 4))
    targets = nn.one_hot(labels.reshape(-1), 5).reshape(3, 4, 5)
    loss = nn.CategoricalCrossEntropy(from_logits=True)
    logits_t = torch.tensor(logits, requires_grad=True)
    expected = torch.nn.functional.cross_entropy(logits_t.reshape(-1, 5), torch.from_numpy(labels).reshape(-1))
    expected.backward()
    value, gradient = loss.value_and_gradient(logits, targets)
    assert value == pytest.approx(expected.item(), rel=1e-12)
    assert loss.value(logits, targets) == pytest.approx(value, rel=1e-12)
    np.testing.assert_allclose(gradient, logits_t.grad.numpy(), rtol=1e-10, atol=1e-15)
    np.testing.assert_allclose(loss.gradient(logits, targets), gradient, rtol=1e-12)
    assert nn.check_loss_gradient(loss, logits, targets) < 1e-7
    probabilities = nn.CategoricalCrossEntropy()
    assert probabilities.value(nn.softmax(logits), targets) == pytest.approx(value, rel=1e-9)
    with pytest.raises(ValueError, match=r"\(batch, \.\.\., n_classes\)"):
        loss.value(np.zeros(3), np.zeros(3))
