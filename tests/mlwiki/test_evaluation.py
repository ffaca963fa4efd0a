import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.themes import DARK, LIGHT, use_theme

from matplotlib.colors import to_hex
from scipy.stats import binomtest
from sklearn.metrics import confusion_matrix as sklearn_confusion_matrix

from mlwiki.evaluation import (
    best_epoch,
    binomial_interval,
    confusion_matrix,
    first_below,
    misclassified,
    plot_confusion_matrix,
)


def test_confusion_matrix_counts_each_true_predicted_pair():
    y_true = [0, 0, 1, 2, 2, 2]
    y_pred = [0, 1, 1, 2, 0, 2]
    expected = np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]])
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred), expected)


def test_confusion_matrix_matches_a_direct_count_on_random_labels():
    rng = np.random.default_rng(3)
    y_true = rng.integers(0, 5, size=200)
    y_pred = rng.integers(0, 5, size=200)
    matrix = confusion_matrix(y_true, y_pred, n_classes=5)
    direct = np.zeros((5, 5), dtype=int)
    for t, p in zip(y_true, y_pred):
        direct[t, p] += 1
    np.testing.assert_array_equal(matrix, direct)
    np.testing.assert_array_equal(matrix.sum(axis=1), np.bincount(y_true, minlength=5))
    assert np.trace(matrix) == np.sum(y_true == y_pred)


def test_confusion_matrix_pads_to_n_classes():
    matrix = confusion_matrix([0, 1], [0, 1], n_classes=4)
    assert matrix.shape == (4, 4)
    assert matrix.sum() == 2


@pytest.mark.parametrize(
    "y_true, y_pred, kwargs, match",
    [
        ([0, 1], [0], {}, "y_pred"),
        ([0, -1], [0, 1], {}, "y_true"),
        ([0, 1.5], [0, 1], {}, "y_true"),
        ([[0, 1]], [[0, 1]], {}, "y_true"),
        ([0, 3], [0, 1], {"n_classes": 3}, "n_classes"),
        ([0, 1], [0, 1], {"n_classes": 0}, "n_classes"),
        ([], [], {}, "give n_classes"),
    ],
)
def test_confusion_matrix_rejects_bad_input(y_true, y_pred, kwargs, match):
    with pytest.raises(ValueError, match=match):
        confusion_matrix(y_true, y_pred, **kwargs)


@pytest.mark.parametrize("function", [confusion_matrix, misclassified])
@pytest.mark.parametrize("bad", [np.array([0, 1j]), np.array(["a", "b"]), np.array([True, False])])
def test_labels_must_be_real_numbers(function, bad):
    with pytest.raises(TypeError, match="y_true must hold real numbers"):
        function(bad, [0, 1])


def test_confusion_matrix_matches_scikit_learn():
    rng = np.random.default_rng(5)
    y_true, y_pred = rng.integers(0, 6, size=300), rng.integers(0, 6, size=300)
    np.testing.assert_array_equal(confusion_matrix(y_true, y_pred, n_classes=6),
                                  sklearn_confusion_matrix(y_true, y_pred, labels=range(6)))


@pytest.mark.parametrize("k, n", [(0, 10), (1, 45), (5, 450), (7, 7), (30, 100)])
@pytest.mark.parametrize("confidence", [0.95, 0.9])
def test_binomial_interval_matches_scipy(k, n, confidence):
    expected = binomtest(k, n).proportion_ci(confidence_level=confidence, method="exact")
    assert binomial_interval(k, n, confidence=confidence) == pytest.approx((expected.low, expected.high), abs=1e-12)


def test_binomial_interval_example_in_the_docstring():
    low, high = binomial_interval(1, 45)
    assert 0.0005 < low < 0.0007 and 0.11 < high < 0.13  # "about 0.06 % to 12 %"


@pytest.mark.parametrize(
    "args, kwargs, error, match",
    [((-1, 5), {}, ValueError, "k must be >= 0"), ((6, 5), {}, ValueError, "k must not exceed n"),
     ((0, 0), {}, ValueError, "n must be > 0"), ((1.5, 5), {}, ValueError, "k must be an integer"),
     ((1, 5), {"confidence": 1.0}, ValueError, "confidence must be strictly between 0 and 1"),
     ((1, 5), {"confidence": "95%"}, TypeError, "confidence must be a number")],
)
def test_binomial_interval_rejects_bad_arguments(args, kwargs, error, match):
    with pytest.raises(error, match=match):
        binomial_interval(*args, **kwargs)


def test_misclassified_returns_indices_of_wrong_predictions():
    np.testing.assert_array_equal(misclassified([1, 2, 3, 4], [1, 0, 3, 0]), [1, 3])
    assert misclassified([1, 2], [1, 2]).size == 0


def test_plot_confusion_matrix_draws_counts_and_labels():
    matrix = np.array([[5, 0], [2, 7]])
    ax = plot_confusion_matrix(matrix, class_names=["cat", "dog"])
    texts = sorted(t.get_text() for t in ax.texts)
    assert texts == ["2", "5", "7"]  # the empty off-diagonal cell stays blank
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog"]
    assert ax.get_ylabel() == "true class"
    plt.close(ax.figure)


def test_plot_confusion_matrix_uses_given_axes_and_rejects_bad_input():
    fig, ax = plt.subplots()
    assert plot_confusion_matrix(np.eye(3), ax=ax) is ax
    with pytest.raises(ValueError, match="matrix must be square"):
        plot_confusion_matrix(np.ones((2, 3)), ax=ax)
    with pytest.raises(ValueError, match="whole-number counts"):
        plot_confusion_matrix(np.array([[1.5, 0], [0, 1]]), ax=ax)
    with pytest.raises(TypeError, match="matrix must hold real numbers"):
        plot_confusion_matrix(np.eye(2) * 1j, ax=ax)
    with pytest.raises(ValueError, match="class_names must have 2 entries"):
        plot_confusion_matrix(np.eye(2), class_names=["a"], ax=ax)
    with pytest.raises(TypeError, match="class_names must be a sequence"):
        plot_confusion_matrix(np.eye(2), class_names="ab", ax=ax)
    plt.close(fig)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_plot_confusion_matrix_takes_its_colours_from_the_theme(theme):
    with use_theme(theme):
        fig, ax = plt.subplots()
        plot_confusion_matrix(np.array([[9, 1], [0, 8]]), ax=ax)
    (image,) = ax.get_images()
    assert to_hex(image.cmap(0.0)) == theme.background  # an empty cell is the page itself
    assert to_hex(image.cmap(1.0)) == theme.colors["blue"].lower()
    colours = {t.get_text(): to_hex(t.get_color()) for t in ax.texts}
    assert colours["1"] == theme.foreground and colours["9"] == theme.background
    plt.close(fig)


def test_first_below_and_best_epoch_read_curves():
    curve = [3.0, 2.0, 1.0, 1.5, 0.5]
    assert first_below(curve, 1.2) == 2
    assert first_below(curve, 0.1) is None
    assert best_epoch(curve) == 4
    assert best_epoch([2.0, 1.0, 1.0, 3.0]) == 1
    with pytest.raises(ValueError, match="values"):
        best_epoch([])
    with pytest.raises(ValueError, match="values"):
        first_below([1.0, np.nan], 0.5)
    with pytest.raises(ValueError, match="values must have 1 dimension"):
        best_epoch([[1.0, 2.0]])
    with pytest.raises(TypeError, match="values must hold real numbers"):
        first_below([1j], 0.5)
    with pytest.raises(ValueError, match="threshold must have 0 dimension"):
        first_below([1.0], [0.5, 0.2])


def test_plot_confusion_matrix_needs_axes():
    with pytest.raises(TypeError, match="ax must be a matplotlib Axes"):
        plot_confusion_matrix(np.eye(2), ax=[1, 2])
