import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.evaluation import (
    best_epoch,
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
    ],
)
def test_confusion_matrix_rejects_bad_input(y_true, y_pred, kwargs, match):
    with pytest.raises(ValueError, match=match):
        confusion_matrix(y_true, y_pred, **kwargs)


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


def test_plot_confusion_matrix_uses_given_axes_and_rejects_bad_shapes():
    fig, ax = plt.subplots()
    assert plot_confusion_matrix(np.eye(3), ax=ax) is ax
    with pytest.raises(ValueError, match="matrix"):
        plot_confusion_matrix(np.ones((2, 3)), ax=ax)
    with pytest.raises(ValueError, match="class_names"):
        plot_confusion_matrix(np.eye(2), class_names=["a"], ax=ax)
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
