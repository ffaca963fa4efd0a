import numpy as np
import pytest
from sklearn.metrics import pairwise_distances
from sklearn.neighbors import KNeighborsClassifier

from mlwiki.data import load_digits
from mlwiki.neighbors import KNearestNeighbors, squared_distances


def _blobs(rng, n=120, n_features=5, n_classes=4):
    centres = rng.normal(scale=3.0, size=(n_classes, n_features))
    y = rng.integers(0, n_classes, size=n)
    return centres[y] + rng.normal(size=(n, n_features)), y


def test_squared_distances_match_scikit_learn_and_are_never_negative():
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=(7, 3)), rng.normal(size=(5, 3))
    np.testing.assert_allclose(squared_distances(a, b), pairwise_distances(a, b) ** 2, atol=1e-12)
    assert np.all(squared_distances(a, a) >= 0)
    np.testing.assert_allclose(np.diag(squared_distances(a, a)), 0, atol=1e-12)


@pytest.mark.parametrize("k", [1, 3, 5, 8])
def test_predictions_match_scikit_learn_on_continuous_data(k):
    rng = np.random.default_rng(k)
    x, y = _blobs(rng)
    x_new = rng.normal(scale=3.0, size=(60, 5))
    ours = KNearestNeighbors(k).fit(x, y)
    theirs = KNeighborsClassifier(n_neighbors=k).fit(x, y)
    np.testing.assert_array_equal(ours.predict(x_new), theirs.predict(x_new))
    np.testing.assert_array_equal(ours.neighbors(x_new), theirs.kneighbors(x_new, return_distance=False))


def test_predictions_match_scikit_learn_on_digits_where_no_distance_ties_decide():
    images, labels = load_digits()
    x = images.reshape(len(images), -1)
    ours = KNearestNeighbors(5).fit(x[:1000], labels[:1000])
    theirs = KNeighborsClassifier(n_neighbors=5).fit(x[:1000], labels[:1000])
    d2 = np.sort(squared_distances(x[1000:], x[:1000]), axis=1)
    no_tie_at_k = d2[:, 4] < d2[:, 5]            # the 5th and 6th nearest differ: same neighbours
    assert no_tie_at_k.mean() > 0.9
    agree = ours.predict(x[1000:]) == theirs.predict(x[1000:])
    assert np.all(agree[no_tie_at_k])


def test_tied_votes_go_to_the_smallest_label_and_tied_distances_to_the_first_stored():
    x = np.array([[0.0], [2.0], [-2.0], [4.0]])
    y = np.array([3, 1, 2, 0])
    # From 0.0: distances 0, 2, 2, 4 -> with k = 3 the voters are labels 3, 1, 2: a tie.
    model = KNearestNeighbors(3).fit(x, y)
    assert model.predict([[0.0]]).tolist() == [1]
    # From 1.0 the nearest are 0.0 and 2.0 (equal distances): the first stored comes first.
    assert KNearestNeighbors(2).fit(x, y).neighbors([[1.0]]).tolist() == [[0, 1]]


def test_one_neighbour_reproduces_its_training_labels_and_counts_what_it_keeps():
    rng = np.random.default_rng(1)
    x, y = _blobs(rng, n=50, n_features=3)
    model = KNearestNeighbors(1).fit(x, y)
    np.testing.assert_array_equal(model.predict(x), y)
    assert model.n_stored_numbers == 50 * 3 + 50


def test_fit_copies_the_training_data():
    x, y = np.zeros((3, 2)), np.array([0, 1, 1])
    model = KNearestNeighbors(1).fit(x, y)
    x[:] = 5.0
    assert model.neighbors([[0.0, 0.0]]).tolist() == [[0]]
    assert squared_distances([[0.0, 0.0]], model._x).max() == 0


@pytest.mark.parametrize("k", [0, -1, 2.5, "3", True, None])
def test_k_must_be_a_positive_integer(k):
    with pytest.raises(ValueError, match="k must"):
        KNearestNeighbors(k)


def test_k_larger_than_the_training_set_is_refused():
    with pytest.raises(ValueError, match=r"k must be at most the number of training examples \(2\)"):
        KNearestNeighbors(3).fit(np.zeros((2, 1)), np.array([0, 1]))


@pytest.mark.parametrize("y", [np.array([0.0, 1.0, 1.0]), np.array(["a", "b", "b"]), np.array([True, False, True])])
def test_labels_must_be_integers(y):
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        KNearestNeighbors(1).fit(np.zeros((3, 2)), y)


def test_labels_must_be_non_negative_one_per_row():
    with pytest.raises(ValueError, match="y must hold class labels >= 0"):
        KNearestNeighbors(1).fit(np.zeros((2, 1)), np.array([0, -1]))
    with pytest.raises(ValueError, match=r"y must hold one label per row of x \(3\)"):
        KNearestNeighbors(1).fit(np.zeros((3, 1)), np.array([0, 1]))
    with pytest.raises(ValueError, match=r"y must have shape \(n_samples,\)"):
        KNearestNeighbors(1).fit(np.zeros((2, 1)), np.array([[0], [1]]))


@pytest.mark.parametrize("x", [np.zeros(3), np.zeros((0, 2)), np.array([[np.nan, 1.0]]), [["a", "b"]],
                               np.array([[True, False]])])
def test_features_must_be_a_finite_numeric_matrix(x):
    with pytest.raises((ValueError, TypeError), match="x"):
        KNearestNeighbors(1).fit(x, np.zeros(len(x), dtype=int))


def test_queries_need_the_training_feature_count_and_a_fitted_model():
    with pytest.raises(RuntimeError, match="call fit"):
        KNearestNeighbors(1).predict(np.zeros((1, 2)))
    model = KNearestNeighbors(1).fit(np.zeros((2, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match="x must have 2 columns"):
        model.predict(np.zeros((1, 3)))
    with pytest.raises(RuntimeError, match="call fit"):
        KNearestNeighbors(1).n_stored_numbers


def test_squared_distances_need_matching_columns():
    with pytest.raises(ValueError, match="b must have 2 columns"):
        squared_distances(np.zeros((1, 2)), np.zeros((1, 3)))


def test_the_single_neighbour_shortcut_equals_the_stable_sort():
    rng = np.random.default_rng(9)
    x = rng.integers(0, 3, size=(200, 2)).astype(float)         # many exact distance ties
    y = rng.integers(0, 4, size=200)
    queries = rng.integers(0, 3, size=(50, 2)).astype(float)
    model = KNearestNeighbors(1).fit(x, y)
    stable = np.argsort(squared_distances(queries, x), axis=1, kind="stable")[:, :1]
    np.testing.assert_array_equal(model.neighbors(queries), stable)
