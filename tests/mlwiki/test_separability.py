import numpy as np
import pytest

from mlwiki.separability import is_linearly_separable, separating_hyperplane

CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
TUTORIAL_X = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]])
TUTORIAL_Y = np.array([0, 1, 0, 1, 0, 1, 1, 0])


def _margins(x, y, w, b):
    return (2 * np.asarray(y) - 1) * (np.asarray(x) @ w + b)


@pytest.mark.parametrize("y", [[0, 0, 0, 1], [0, 1, 1, 1], [1, 1, 0, 0], [1, 0, 1, 0]])
def test_and_or_and_axis_splits_are_separable(y):
    assert is_linearly_separable(CORNERS, y)
    w, b = separating_hyperplane(CORNERS, y)
    # The returned hyperplane really separates, with the promised margin.
    assert np.all(_margins(CORNERS, y, w, b) >= 1 - 1e-7)


@pytest.mark.parametrize("y", [[0, 1, 1, 0], [1, 0, 0, 1]])
def test_xor_and_xnor_are_not_separable(y):
    assert not is_linearly_separable(CORNERS, y)
    assert separating_hyperplane(CORNERS, y) is None


def test_tutorial_points_are_not_separable():
    assert not is_linearly_separable(TUTORIAL_X, TUTORIAL_Y)


def test_tutorial_points_separable_after_dropping_the_two_blocking_points():
    # Without (1, 1) and (5.5, 1) the remaining six points split along a line.
    keep = np.array([True, True, True, True, True, True, False, False])
    assert is_linearly_separable(TUTORIAL_X[keep], TUTORIAL_Y[keep])


def test_one_class_only_and_higher_dimensions():
    assert is_linearly_separable(CORNERS, [1, 1, 1, 1])
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3))
    y = (x @ np.array([1.0, -2.0, 0.5]) + 0.3 > 0).astype(int)
    w, b = separating_hyperplane(x, y)
    assert np.all(_margins(x, y, w, b) >= 1 - 1e-7)


def test_xor_becomes_separable_with_a_product_feature():
    y = [0, 1, 1, 0]
    lifted = np.column_stack([CORNERS, CORNERS[:, 0] * CORNERS[:, 1]])
    assert is_linearly_separable(lifted, y)


@pytest.mark.parametrize(
    "x, y, name",
    [
        (np.ones(4), [0, 1, 1, 0], "x"),
        (CORNERS, [0, 1, 1], "y"),
        (CORNERS, [0, 1, 2, 0], "y"),
        (CORNERS, [[0, 1, 1, 0]], "y"),
        (np.array([[0, np.nan], [0, 1], [1, 0], [1, 1]]), [0, 1, 1, 0], "x"),
        ([["a", "b"]], [0], "x"),
    ],
)
def test_bad_inputs(x, y, name):
    with pytest.raises(ValueError, match=name):
        is_linearly_separable(x, y)
