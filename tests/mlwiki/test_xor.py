"""Tests for mlwiki.xor: the XOR data, straight-line checks and the two-layer network."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki import nn, xor
from mlwiki.separability import is_linearly_separable

X, Y = xor.xor_data()
LABELS = Y.ravel()


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_xor_data_is_exclusive_or_of_the_corners():
    assert X.shape == (4, 2) and Y.shape == (4, 1)
    np.testing.assert_array_equal(Y.ravel(), np.logical_xor(X[:, 0], X[:, 1]).astype(float))
    x32, y32 = xor.xor_data(np.float32)
    assert x32.dtype == np.float32 and y32.dtype == np.float32


def test_xor_data_rejects_integer_dtype():
    with pytest.raises(ValueError, match="dtype must be a floating dtype"):
        xor.xor_data(np.int64)


@pytest.mark.parametrize(
    ("w", "b", "expected"),
    [
        ([1.0, 1.0], -0.5, 1),   # OR: wrong only at (1, 1)
        ([-1.0, -1.0], 1.5, 1),  # NAND: wrong only at (0, 0)
        ([1.0, 0.0], -0.5, 2),   # x1 alone: wrong at (0, 1) and (1, 1)
        ([1.0, 1.0], 10.0, 2),   # everything class 1: both class-0 corners wrong
    ],
)
def test_count_misclassified_on_known_lines(w, b, expected):
    assert xor.count_misclassified(X, LABELS, w, b) == expected


def test_fewest_linear_errors_is_one_for_xor_and_zero_for_and():
    assert xor.fewest_linear_errors(X, LABELS) == 1
    and_labels = np.array([0, 0, 0, 1])
    assert xor.fewest_linear_errors(X, and_labels) == 0


def test_fewest_linear_errors_agrees_with_linear_program():
    rng = np.random.default_rng(7)
    verdicts = []
    for _ in range(25):
        points = rng.uniform(-1, 1, size=(6, 2))
        labels = rng.integers(0, 2, size=6)
        separable = is_linearly_separable(points, labels)
        assert (xor.fewest_linear_errors(points, labels) == 0) == separable
        verdicts.append(separable)
    assert any(verdicts) and not all(verdicts)  # both cases were exercised


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xor.count_misclassified(X, LABELS, [0.0, 0.0], 0.0), "w must be a non-zero vector"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0, 0.0], 0.0), "w must be a non-zero vector"),
        (lambda: xor.count_misclassified(X, LABELS[:3], [1.0, 0.0], 0.0), "y must hold one label per row"),
        (lambda: xor.count_misclassified(X, LABELS + 2, [1.0, 0.0], 0.0), "y must contain only 0 and 1"),
        (lambda: xor.count_misclassified(X[:, :1], LABELS, [1.0, 0.0], 0.0), "x must have shape"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0], np.nan), "b contains non-finite"),
        (lambda: xor.fewest_linear_errors(X, LABELS, n_angles=0), "n_angles must be > 0"),
    ],
)
def test_line_helpers_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_plot_line_attempt_marks_the_mistakes():
    _, ax = plt.subplots()
    assert xor.plot_line_attempt(X, LABELS, [1.0, 0.0], -0.5, ax=ax) is ax
    assert ax.get_title() == "2 points wrong"
    crosses = [c for c in ax.collections if c.get_label() == "misclassified"]
    assert len(crosses) == 1
    assert sorted(map(tuple, crosses[0].get_offsets())) == [(0.0, 1.0), (1.0, 1.0)]


def test_two_layer_perceptron_architecture():
    model = xor.two_layer_perceptron(3, rng=np.random.default_rng(0))
    kinds = [type(layer) for layer in model.layers]
    assert kinds == [nn.Dense, nn.Sigmoid, nn.Dense, nn.Sigmoid]
    assert model.layers[0].params["weights"].shape == (2, 3)
    assert model.layers[2].params["weights"].shape == (3, 1)
    out = model.predict(X)
    assert out.shape == (4, 1) and np.all((out > 0) & (out < 1))


def test_two_layer_perceptron_requires_generator():
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        xor.two_layer_perceptron(2, rng=0)
    with pytest.raises(ValueError, match="n_hidden must be > 0"):
        xor.two_layer_perceptron(0, rng=np.random.default_rng(0))


def test_train_xor_solves_it_and_is_reproducible():
    results = []
    for _ in range(2):
        rng = np.random.default_rng(0)
        model = xor.two_layer_perceptron(3, rng=rng)
        history = xor.train_xor(model, epochs=1000, lr=2.0, rng=rng)
        results.append((history.loss, model.predict(X)))
    (loss, pred), (loss_again, pred_again) = results
    assert len(loss) == 1000
    assert loss[-1] < 0.05 * loss[0]
    np.testing.assert_array_equal(pred, pred_again)
    np.testing.assert_array_equal(loss, loss_again)
    assert np.all(np.abs(pred - Y) < 0.1)


def test_max_target_error_reads_the_worst_corner():
    class Fixed:
        def predict(self, x):
            return np.array([[0.05], [0.8], [0.97], [0.0]])

    assert xor.max_target_error(Fixed()) == pytest.approx(0.2)


def test_most_seeds_solve_xor_with_three_hidden_units():
    assert xor.count_solved(range(10), n_hidden=3, epochs=1000, lr=2.0) >= 9


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"epochs": 0, "lr": 1.0}, "epochs must be > 0"),
        ({"epochs": 10, "lr": -1.0}, "lr must be > 0"),
    ],
)
def test_train_xor_rejects_bad_hyperparameters(kwargs, message):
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match=message):
        xor.train_xor(xor.two_layer_perceptron(2, rng=rng), rng=rng, **kwargs)


def test_count_solved_rejects_tolerance_that_allows_wrong_classes():
    with pytest.raises(ValueError, match="tol must be <= 0.5"):
        xor.count_solved(range(1), epochs=1, lr=1.0, tol=0.6)
