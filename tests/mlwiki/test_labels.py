import numpy as np
import pytest

from mlwiki._labels import _check_class_labels, _check_features


def test_features_become_a_float_matrix():
    x = _check_features("x", [[1, 2], [3, 4]])
    assert x.dtype == np.float64 and x.shape == (2, 2)
    with pytest.raises(ValueError, match="x must have 3 columns"):
        _check_features("x", x, n_features=3)
    with pytest.raises(ValueError, match="x must have at least one row and one column"):
        _check_features("x", np.zeros((0, 3)))
    with pytest.raises(ValueError, match="x must be numeric, got dtype bool"):
        _check_features("x", np.array([[True]]))
    with pytest.raises(ValueError, match="x must have 2 dimension"):
        _check_features("x", np.zeros(3))


def test_class_labels_must_be_integers_of_the_right_length():
    assert _check_class_labels("y", np.array([0, 2, 1], dtype=np.uint8)).dtype == np.int64
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        _check_class_labels("y", [0.0, 1.0])
    with pytest.raises(ValueError, match=r"y must hold one label per row of x \(3\), got 2"):
        _check_class_labels("y", [0, 1], n_samples=3)
    with pytest.raises(ValueError, match=r"labels must hold one label per entry of clusters \(1\)"):
        _check_class_labels("labels", [0, 1], n_samples=1, per="entry of clusters")
    with pytest.raises(ValueError, match="y must hold class labels >= 0"):
        _check_class_labels("y", [0, -2])
