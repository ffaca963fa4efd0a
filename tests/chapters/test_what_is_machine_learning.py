"""Claims of chapters/what-is-machine-learning.qmd, read from the executed page."""

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression as SklearnLogisticRegression
from sklearn.metrics import adjusted_rand_score
from sklearn.neighbors import KNeighborsClassifier

from mlwiki.data import load_digits

PAGE = "chapters/what-is-machine-learning.qmd"

PROBE = """{
    'pixel_range': [float(pixels.min()), float(pixels.max())], 'n_digits': int(n_digits), 'n_pixels': int(n_pixels), 'n_train': int(n_train), 'n_test': int(n_test),
    'train': train.tolist(), 'test': test.tolist(),
    'nn_train_acc': nn_train_acc, 'nn_test_acc': nn_test_acc,
    'lr_train_acc': lr_train_acc, 'lr_test_acc': lr_test_acc,
    'sizes': list(map(int, sizes)),
    'nn_acc': nn_acc.tolist(), 'lr_acc': lr_acc.tolist(),
    'nn_acc_all': nn_curve.accuracy.tolist(), 'lr_acc_all': lr_curve.accuracy.tolist(),
    'nn_kept_all': nn_curve.stored_numbers.tolist(), 'lr_kept_all': lr_curve.stored_numbers.tolist(),
    'kept_at_10': kept_at_10, 'network_parameters': int(network_parameters), 'hidden': hidden,
    'cluster_labels': clustering.labels.tolist(), 'centroids': clustering.centroids.tolist(),
    'inertia': clustering.inertia,
    'ari': ari, 'purity': cluster_purity, 'majority': majority.tolist(),
    'missing_digits': missing_digits, 'split_digits': split_digits,
    'lost_count': lost_count, 'lost_total': lost_total, 'host_digit': host_digit, 'host_count': host_count,
    'three_acc_10': float(three_acc_10), 'three_acc_1000': float(three_acc_1000),
    'mnist_logistic': mnist_logistic, 'mnist_nearest': mnist_nearest, 'digits_ratio': float(digits_ratio),
    'purity_20': purity_20, 'ari_20': ari_20, 'twenty_labels': twenty.labels.tolist(),
}"""


@pytest.fixture(scope="module")
def run(run_page):
    return run_page(PAGE, probe=PROBE)


@pytest.fixture(scope="module")
def digits():
    images, labels = load_digits()
    return images.reshape(len(images), -1), labels


def test_data_and_split(run, digits):
    p = run.probe
    pixels, labels = digits
    assert (p["n_digits"], p["n_pixels"]) == pixels.shape == (1797, 64)
    assert p["pixel_range"] == [0.0, 1.0]
    train, test = np.array(p["train"]), np.array(p["test"])
    assert p["n_test"] == 500 and p["n_train"] == 1297
    assert np.intersect1d(train, test).size == 0 and np.union1d(train, test).size == 1797
    # "50 of each" digit in the test set.
    np.testing.assert_array_equal(np.bincount(labels[test]), np.full(10, 50))
    alt = run.figure("fig-digits").cell.options["fig-alt"]
    assert "20 small pixelated images" in alt and "8 by 8 pixels" in alt


def test_two_models_table_matches_scikit_learn(run, digits):
    p = run.probe
    pixels, labels = digits
    train, test = np.array(p["train"]), np.array(p["test"])
    knn = KNeighborsClassifier(n_neighbors=1).fit(pixels[train], labels[train])
    assert p["nn_train_acc"] == 1.0 == np.mean(knn.predict(pixels[train]) == labels[train])
    assert p["nn_test_acc"] == pytest.approx(np.mean(knn.predict(pixels[test]) == labels[test]), abs=1e-12)
    # Our l2 = 1e-3 on the mean loss is scikit-learn's C = 1 / (l2 * n).
    sk = SklearnLogisticRegression(C=1 / (1e-3 * len(train)), tol=1e-10, max_iter=10_000)
    sk.fit(pixels[train], labels[train])
    assert p["lr_test_acc"] == pytest.approx(np.mean(sk.predict(pixels[test]) == labels[test]), abs=2 / 500)
    assert p["lr_train_acc"] == pytest.approx(np.mean(sk.predict(pixels[train]) == labels[train]), abs=2 / 1297)
    # The prose: the nearest neighbour scores a perfect 100 % on its training digits, and the
    # test set tells the models apart.
    assert p["nn_test_acc"] > p["lr_test_acc"]


def test_learning_curves_show_fixed_and_growing_sizes(run):
    p = run.probe
    sizes = np.array(p["sizes"])
    assert sizes.tolist() == [10, 20, 50, 100, 200, 500, 1000]
    nn_kept, lr_kept = np.array(p["nn_kept_all"]), np.array(p["lr_kept_all"])
    assert nn_kept.shape == lr_kept.shape == (3, 7)
    # Parametric: (64 + 1) x 10 at every size; non-parametric: 65 n.
    assert np.all(lr_kept == 650)
    assert np.all(nn_kept == 65 * sizes)
    nn_acc, lr_acc = np.array(p["nn_acc"]), np.array(p["lr_acc"])
    np.testing.assert_allclose(nn_acc, np.array(p["nn_acc_all"]).mean(axis=0))
    # "about equally good" at 10 examples (0.67 and 0.66), both near 0.66 in the alt text.
    assert abs(nn_acc[0] - lr_acc[0]) < 0.02
    assert abs(nn_acc[0] - 0.66) < 0.015 and abs(lr_acc[0] - 0.66) < 0.015
    # Both improve; neither has stopped at 1,000 examples.
    assert np.all(np.diff(nn_acc) > 0) and np.all(np.diff(lr_acc) > 0)
    # From 50 examples on the nearest neighbour is ahead; it ends near 0.98, logistic near 0.95.
    assert np.all(nn_acc[sizes >= 50] > lr_acc[sizes >= 50])
    assert round(nn_acc[-1], 2) == 0.98 and round(lr_acc[-1], 2) == 0.95
    alt = run.figure("fig-parametric").cell.options["fig-alt"]
    assert "start near 0.66" in alt and "from 50 examples on" in alt
    assert "about 0.98" in alt and "about 0.95" in alt
    assert "flat line at 650" in alt and "from 650 at 10 examples to 65,000 at 1000" in alt


def test_pitfall_counts(run):
    p = run.probe
    assert p["kept_at_10"] == {"nearest neighbour": 650, "logistic regression": 650}
    # A 64 -> 1000 -> 10 dense network: weights and biases of both layers.
    assert p["network_parameters"] == 64 * 1000 + 1000 + 1000 * 10 + 10 == 75_010
    assert p["network_parameters"] > 65 * 1000


def test_kmeans_matches_scikit_learn_and_agreement_measures(run, digits):
    p = run.probe
    pixels, labels = digits
    clusters = np.array(p["cluster_labels"])
    centroids = np.array(p["centroids"])
    # Lloyd's fixed point: scikit-learn started from our centroids does not move them.
    sk = KMeans(10, init=centroids, n_init=1, algorithm="lloyd", tol=0).fit(pixels)
    np.testing.assert_allclose(sk.cluster_centers_, centroids, atol=1e-10)
    np.testing.assert_array_equal(sk.labels_, clusters)
    assert sk.inertia_ == pytest.approx(p["inertia"], rel=1e-10)
    # The inertia is close to scikit-learn's own best of 10 k-means++ starts.
    best = KMeans(10, n_init=10, random_state=0).fit(pixels).inertia_
    assert p["inertia"] < 1.01 * best
    assert p["ari"] == pytest.approx(adjusted_rand_score(labels, clusters), abs=1e-12)
    table = np.zeros((10, 10), dtype=int)
    np.add.at(table, (clusters, labels), 1)
    assert p["purity"] == pytest.approx(table.max(axis=1).sum() / 1797, abs=1e-12)
    assert f"{p['purity']:.1%}" == "78.9%" and f"{p['ari']:.2f}" == "0.65"
    # Digit 9 has no cluster of its own; most nines sit with the threes; two clusters are ones.
    majority = table.argmax(axis=1)
    assert p["majority"] == majority.tolist()
    assert p["missing_digits"] == [9] and p["split_digits"] == [1]
    assert np.sum(majority == 1) == 2
    home = table[:, 9].argmax()
    assert (p["lost_count"], p["lost_total"]) == (table[home, 9], 180)
    assert p["host_digit"] == 3 == majority[home] and p["host_count"] == table[home, 3]
    assert p["lost_count"] > p["lost_total"] / 2
    alt = run.figure("fig-centroids").cell.options["fig-alt"]
    assert "Ten small 8 by 8" in alt


def test_exercise_solutions(run, digits):
    p = run.probe
    pixels, labels = digits
    # k = 3 with one example per digit: every vote a three-way tie, the smallest label wins.
    assert p["three_acc_10"] < p["nn_acc"][0] - 0.2
    assert round(p["three_acc_1000"], 2) == 0.98
    # An independent replay of one such tie: the three nearest of ten one-per-class examples.
    rng = np.random.default_rng(5)
    one_each = np.array([rng.choice(np.flatnonzero(labels == d)) for d in range(10)])
    knn3 = KNeighborsClassifier(n_neighbors=3).fit(pixels[one_each], labels[one_each])
    _, idx = knn3.kneighbors(pixels[:50])
    np.testing.assert_array_equal(knn3.predict(pixels[:50]), labels[one_each][idx].min(axis=1))
    # MNIST arithmetic.
    assert p["mnist_logistic"] == 785 * 10 == 7850
    assert p["mnist_nearest"] == 785 * 60_000 == 47_100_000
    assert p["mnist_nearest"] / p["mnist_logistic"] == 60_000 / 10
    assert p["digits_ratio"] == 1000 / 10
    # Twenty clusters: purity up, adjusted Rand index not up.
    twenty = np.array(p["twenty_labels"])
    assert p["ari_20"] == pytest.approx(adjusted_rand_score(labels, twenty), abs=1e-12)
    assert p["purity_20"] > p["purity"]
    assert p["ari_20"] <= p["ari"]
