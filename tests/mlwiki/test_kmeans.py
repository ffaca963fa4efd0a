import numpy as np
import pytest
from sklearn.cluster import KMeans

from mlwiki.data import load_digits
from mlwiki.kmeans import KMeansResult, kmeans, kmeans_plus_plus, lloyd


def _blobs(rng, n_per=40, centres=((0, 0), (6, 0), (0, 6))):
    return np.vstack([rng.normal(loc=c, size=(n_per, 2)) for c in centres])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lloyd_matches_scikit_learn_from_the_same_start(seed):
    images, _ = load_digits()
    x = images.reshape(len(images), -1)[:600]
    init = kmeans_plus_plus(x, 8, rng=np.random.default_rng(seed))
    ours = lloyd(x, init)
    theirs = KMeans(8, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(x)
    np.testing.assert_allclose(ours.centroids, theirs.cluster_centers_, atol=1e-10)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-10)
    assert ours.n_iter == theirs.n_iter_


def test_lloyd_stopped_early_reports_labels_and_inertia_of_its_centroids():
    rng = np.random.default_rng(0)
    x = _blobs(rng)
    init = x[[0, 1, 2]]
    ours = lloyd(x, init, max_iter=1)
    theirs = KMeans(3, init=init, n_init=1, algorithm="lloyd", tol=0, max_iter=1).fit(x)
    np.testing.assert_allclose(ours.centroids, theirs.cluster_centers_, atol=1e-12)
    np.testing.assert_array_equal(ours.labels, theirs.labels_)
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-12)
    d2 = ((x[:, None, :] - ours.centroids[None]) ** 2).sum(-1)
    np.testing.assert_array_equal(ours.labels, d2.argmin(axis=1))


def test_kmeans_finds_well_separated_blobs_and_is_reproducible():
    rng = np.random.default_rng(1)
    x = _blobs(rng)
    result = kmeans(x, 3, rng=np.random.default_rng(5), n_init=3)
    assert isinstance(result, KMeansResult)
    # Every blob is one cluster.
    for blob in range(3):
        assert np.unique(result.labels[blob * 40:(blob + 1) * 40]).size == 1
    best = KMeans(3, n_init=10, random_state=0).fit(x)
    assert result.inertia == pytest.approx(best.inertia_, rel=1e-9)
    again = kmeans(x, 3, rng=np.random.default_rng(5), n_init=3)
    np.testing.assert_array_equal(result.centroids, again.centroids)


def test_more_starts_never_give_a_higher_inertia():
    images, _ = load_digits()
    x = images.reshape(len(images), -1)[:400]
    one = kmeans(x, 10, rng=np.random.default_rng(3), n_init=1)
    five = kmeans(x, 10, rng=np.random.default_rng(3), n_init=5)   # its first start is the same one
    assert five.inertia <= one.inertia


def test_kmeans_plus_plus_picks_distinct_data_points():
    rng = np.random.default_rng(2)
    x = np.repeat(_blobs(rng, n_per=3), 2, axis=0)                   # every point twice
    seeds = kmeans_plus_plus(x, 9, rng=np.random.default_rng(0))
    assert np.unique(seeds, axis=0).shape[0] == 9
    assert all(any(np.array_equal(s, p) for p in x) for s in seeds)


def test_an_empty_cluster_is_reported():
    x = np.array([[0.0], [1.0], [10.0], [11.0]])
    with pytest.raises(ValueError, match="init: cluster 2 has no points"):
        lloyd(x, np.array([[0.0], [10.0], [100.0]]))


def test_k_larger_than_the_distinct_points_is_refused():
    x = np.array([[0.0], [0.0], [1.0]])
    with pytest.raises(ValueError, match=r"k must be at most the number of distinct points \(2\)"):
        kmeans(x, 3, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match=r"init must have at most one centroid per point \(3\)"):
        lloyd(x, np.zeros((4, 1)))


@pytest.mark.parametrize("rng", [0, None, np.random.RandomState(0)])
def test_rng_must_be_a_generator(rng):
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        kmeans(np.zeros((3, 1)) + np.arange(3)[:, None], 2, rng=rng)


@pytest.mark.parametrize("kwargs, match", [({"k": 0}, "k must"), ({"k": 1.5}, "k must"), ({"n_init": 0}, "n_init"),
                                           ({"max_iter": 0}, "max_iter")])
def test_counts_are_checked(kwargs, match):
    x = np.arange(6, dtype=float)[:, None]
    args = {"k": 2, "rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(ValueError, match=match):
        kmeans(x, **args)


def test_points_and_centroids_are_checked():
    with pytest.raises(ValueError, match="x"):
        kmeans(np.array([1.0, 2.0]), 1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="init must have 2 columns"):
        lloyd(np.zeros((3, 2)), np.zeros((1, 3)))
