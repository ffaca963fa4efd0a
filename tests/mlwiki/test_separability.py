"""Linear separability: the linear program against scikit-learn, the exact line count against brute force."""

import itertools

import numpy as np
import pytest
from sklearn.svm import SVC

from mlwiki.separability import fewest_linear_errors, is_linearly_separable, separating_hyperplane

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
    # Without (5.5, 1) and (1, 1) the remaining six points split along a line.
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


def test_linear_program_agrees_with_a_hard_margin_linear_svm():
    # Oracle: a linear SVM with a huge C (hard margin) fits every training point exactly when,
    # and only when, a separating hyperplane exists.  Random labellings of small integer grids
    # give both verdicts, with margins that are never vanishingly small.
    rng = np.random.default_rng(11)
    verdicts = []
    for _ in range(40):
        x = rng.integers(0, 4, size=(7, 2)).astype(float)
        y = rng.integers(0, 2, size=7)
        if np.unique(y).size < 2:
            continue
        if any((x[i] == x[j]).all() and y[i] != y[j] for i, j in itertools.combinations(range(7), 2)):
            continue  # the same point with both labels: no classifier fits it
        svm = SVC(kernel="linear", C=1e6, tol=1e-8, max_iter=-1).fit(x, y)
        svm_fits = bool(np.all(svm.predict(x) == y))
        ours = is_linearly_separable(x, y)
        assert ours == svm_fits, (x.tolist(), y.tolist())
        verdicts.append(ours)
    assert any(verdicts) and not all(verdicts)  # both cases were exercised


def _fewest_errors_by_brute_force(x, y):
    """Smallest k such that dropping some k points leaves a linearly separable set."""
    n = len(y)
    for k in range(n + 1):
        for dropped in itertools.combinations(range(n), k):
            keep = np.setdiff1d(np.arange(n), dropped)
            if keep.size == 0 or is_linearly_separable(x[keep], y[keep]):
                return k
    raise AssertionError("unreachable: dropping every point leaves nothing to separate")


def test_fewest_linear_errors_known_values():
    assert fewest_linear_errors(CORNERS, [0, 1, 1, 0]) == 1  # XOR
    assert fewest_linear_errors(CORNERS, [0, 0, 0, 1]) == 0  # AND
    assert fewest_linear_errors(TUTORIAL_X, TUTORIAL_Y) == 2
    assert fewest_linear_errors([[1.0, 2.0]], [1]) == 0
    # Identical points with different labels: one of them is always wrong.
    assert fewest_linear_errors([[0.0, 0.0], [0.0, 0.0], [1.0, 0.0]], [0, 1, 1]) == 1
    assert fewest_linear_errors([[0.0, 0.0], [0.0, 0.0]], [1, 1]) == 0


@pytest.mark.parametrize("seed", range(6))
def test_fewest_linear_errors_matches_brute_force_over_subsets(seed):
    # Integer grids make collinear triples and repeated points common: the hard cases.
    rng = np.random.default_rng(seed)
    for _ in range(6):
        n = int(rng.integers(3, 8))
        x = rng.integers(0, 3, size=(n, 2)).astype(float)
        y = rng.integers(0, 2, size=n)
        assert fewest_linear_errors(x, y) == _fewest_errors_by_brute_force(x, y), (x.tolist(), y.tolist())


def test_fewest_linear_errors_zero_exactly_when_separable_on_continuous_points():
    rng = np.random.default_rng(7)
    verdicts = []
    for _ in range(25):
        points = rng.uniform(-1, 1, size=(6, 2))
        labels = rng.integers(0, 2, size=6)
        separable = is_linearly_separable(points, labels)
        assert (fewest_linear_errors(points, labels) == 0) == separable
        verdicts.append(separable)
    assert any(verdicts) and not all(verdicts)


@pytest.mark.parametrize(
    "x, y, message",
    [
        (np.ones(4), [0, 1, 1, 0], "x must have 2 dimension"),
        (np.zeros((0, 2)), [], "x must contain at least one point"),
        (CORNERS, [0, 1, 1], "y must have one label per row"),
        (CORNERS, [0, 1, 2, 0], "y must contain only 0 and 1"),
        (CORNERS, [[0, 1, 1, 0]], "y must have 1 dimension"),
        (np.array([[0, np.nan], [0, 1], [1, 0], [1, 1]]), [0, 1, 1, 0], "x contains non-finite"),
        (CORNERS, [0, 1, np.inf, 0], "y contains non-finite"),
        ([["a", "b"]], [0], "x must be numeric"),
    ],
)
@pytest.mark.parametrize("function", [is_linearly_separable, separating_hyperplane, fewest_linear_errors])
def test_bad_inputs(function, x, y, message):
    with pytest.raises(ValueError, match=message):
        function(x, y)


def test_fewest_linear_errors_needs_points_in_the_plane():
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 2\)"):
        fewest_linear_errors(np.zeros((3, 3)), [0, 1, 0])
