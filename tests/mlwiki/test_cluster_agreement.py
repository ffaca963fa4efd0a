import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix

from mlwiki.cluster_agreement import adjusted_rand_index, contingency_table, purity


@pytest.mark.parametrize("seed", range(5))
def test_adjusted_rand_index_matches_scikit_learn(seed):
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 4, size=60)
    clusters = np.where(rng.random(60) < 0.7, labels, rng.integers(0, 5, size=60))
    assert adjusted_rand_index(clusters, labels) == pytest.approx(adjusted_rand_score(labels, clusters), abs=1e-12)


@pytest.mark.parametrize("clusters, labels", [([0, 0, 0], [0, 1, 2]), ([0, 1, 2], [0, 1, 2]), ([0, 0], [0, 0]),
                                              ([0], [3]), ([0, 0, 1, 1], [1, 1, 0, 0]), ([0, 1, 2, 3], [0, 0, 1, 1])])
def test_edge_cases_match_scikit_learn(clusters, labels):
    assert adjusted_rand_index(clusters, labels) == pytest.approx(adjusted_rand_score(labels, clusters), abs=1e-12)


def test_renaming_clusters_changes_nothing_and_identical_groupings_score_one():
    labels = np.array([0, 0, 1, 1, 2, 2])
    assert adjusted_rand_index(np.array([2, 2, 0, 0, 1, 1]), labels) == 1.0
    assert purity(np.array([2, 2, 0, 0, 1, 1]), labels) == 1.0


def test_contingency_table_and_purity_match_scikit_learn():
    rng = np.random.default_rng(7)
    labels = rng.integers(0, 3, size=40)
    clusters = rng.integers(0, 4, size=40)
    table = contingency_table(clusters, labels)
    np.testing.assert_array_equal(table, contingency_matrix(clusters, labels))
    assert purity(clusters, labels) == pytest.approx(contingency_matrix(labels, clusters).max(axis=0).sum() / 40)


def test_one_cluster_per_point_has_perfect_purity_but_zero_adjusted_rand_index_on_average():
    labels = np.repeat(np.arange(5), 10)
    singletons = np.arange(50)
    assert purity(singletons, labels) == 1.0
    assert adjusted_rand_index(singletons, labels) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("function", [purity, adjusted_rand_index, contingency_table])
def test_inputs_are_checked(function):
    with pytest.raises(TypeError, match="clusters must hold integer class labels"):
        function(np.array([0.5, 1.0]), np.array([0, 1]))
    with pytest.raises(TypeError, match="labels must hold integer class labels"):
        function(np.array([0, 1]), np.array(["a", "b"]))
    with pytest.raises(ValueError, match=r"labels must hold one label per entry of clusters \(2\)"):
        function(np.array([0, 1]), np.array([0, 1, 1]))
    with pytest.raises(ValueError, match="clusters must hold class labels >= 0"):
        function(np.array([-1, 1]), np.array([0, 1]))
    with pytest.raises(ValueError, match="clusters must hold at least one point"):
        function(np.array([], dtype=int), np.array([], dtype=int))
