"""mlwiki.xor.data: the four corners and their labels, and the count of a line's mistakes."""

import numpy as np
import pytest

from mlwiki import xor

X, Y = xor.xor_data()
LABELS = Y.ravel()


def test_xor_data_is_exclusive_or_of_the_corners():
    assert X.shape == (4, 2) and Y.shape == (4, 1)
    np.testing.assert_array_equal(Y.ravel(), np.logical_xor(X[:, 0], X[:, 1]).astype(float))
    x32, y32 = xor.xor_data(np.float32)
    assert x32.dtype == np.float32 and y32.dtype == np.float32


def test_xor_data_rejects_non_floating_dtypes():
    with pytest.raises(ValueError, match="dtype must be a floating dtype"):
        xor.xor_data(np.int64)
    with pytest.raises(TypeError, match="dtype must be a NumPy floating dtype"):
        xor.xor_data("not a dtype")


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
    assert xor.count_misclassified(X, Y, w, b) == expected  # a column of labels works too


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: xor.count_misclassified(X, LABELS, [0.0, 0.0], 0.0), "w must be a non-zero vector"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0, 0.0], 0.0), "w must be a non-zero vector"),
        (lambda: xor.count_misclassified(X, LABELS, [[1.0, 0.0]], 0.0), "w must have 1 dimension"),
        (lambda: xor.count_misclassified(X, LABELS[:3], [1.0, 0.0], 0.0), "y must hold one label per row"),
        (lambda: xor.count_misclassified(X, LABELS + 2, [1.0, 0.0], 0.0), "y must contain only 0 and 1"),
        (lambda: xor.count_misclassified(X, np.ones((4, 2)), [1.0, 0.0], 0.0), r"y must have shape \(n_samples,\)"),
        (lambda: xor.count_misclassified(X[:, :1], LABELS, [1.0, 0.0], 0.0), r"x must have shape \(n_samples, 2\)"),
        (lambda: xor.count_misclassified(np.zeros((0, 2)), [], [1.0, 0.0], 0.0), r"x must have shape"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0], np.nan), "b contains non-finite"),
        (lambda: xor.count_misclassified(X, LABELS, [1.0, 0.0], [1.0, 2.0]), "b must have 0 dimension"),
    ],
)
def test_line_helpers_reject_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
