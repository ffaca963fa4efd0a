import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.neighbors import KNeighborsClassifier

from mlwiki.learning_curves import LearningCurve, learning_curve, nested_stratified_order, plot_learning_curves
from mlwiki.logistic import LogisticRegression
from mlwiki.neighbors import KNearestNeighbors
from mlwiki.themes import DARK, use_theme


def _data(rng, n=200, n_classes=4):
    y = np.arange(n) % n_classes
    x = rng.normal(size=(n, 3)) + 2.0 * y[:, None]
    return x, y


def test_nested_stratified_order_deals_the_classes_in_turn():
    y = np.array([0] * 6 + [1] * 3 + [2] * 5)
    order = nested_stratified_order(y, rng=np.random.default_rng(0))
    assert sorted(order.tolist()) == list(range(y.size))
    # Every prefix is as balanced as the class sizes allow.
    for n in range(1, y.size + 1):
        counts = np.bincount(y[order[:n]], minlength=3)
        available = np.bincount(y, minlength=3)
        assert counts.max() - counts[counts < available].min(initial=counts.max()) <= 1
    assert y[order[:9]].tolist() == [0, 1, 2] * 3


def test_learning_curve_matches_scikit_learn_on_the_same_subsets():
    rng = np.random.default_rng(1)
    x, y = _data(rng)
    x_test, y_test = _data(rng, n=80)
    curve = learning_curve(lambda: KNearestNeighbors(3), x, y, x_test, y_test, sizes=[8, 40, 200],
                           n_repeats=2, rng=np.random.default_rng(5))
    replay = np.random.default_rng(5)
    for repeat in range(2):
        order = nested_stratified_order(y, rng=replay)
        for column, n in enumerate([8, 40, 200]):
            sk = KNeighborsClassifier(3).fit(x[order[:n]], y[order[:n]])
            assert curve.accuracy[repeat, column] == pytest.approx(np.mean(sk.predict(x_test) == y_test))
    np.testing.assert_array_equal(curve.stored_numbers, [[32, 160, 800]] * 2)
    np.testing.assert_allclose(curve.mean_accuracy, curve.accuracy.mean(axis=0))


def test_a_parametric_model_keeps_the_same_count_at_every_size():
    rng = np.random.default_rng(2)
    x, y = _data(rng)
    curve = learning_curve(LogisticRegression, x, y, x, y, sizes=[4, 50, 200], rng=np.random.default_rng(0))
    assert curve.stored_numbers.tolist() == [[16, 16, 16]]


@pytest.mark.parametrize("sizes", [[], [0, 5], [5, 5], [10, 5], [5, 300], [2.5], [[4, 8]]])
def test_sizes_are_checked(sizes):
    rng = np.random.default_rng(3)
    x, y = _data(rng)
    with pytest.raises(ValueError, match="sizes must"):
        learning_curve(lambda: KNearestNeighbors(1), x, y, x, y, sizes=sizes, rng=rng)


def test_other_arguments_are_checked():
    rng = np.random.default_rng(4)
    x, y = _data(rng)
    with pytest.raises(TypeError, match="make_model must be callable"):
        learning_curve(KNearestNeighbors(1), x, y, x, y, sizes=[4], rng=rng)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        learning_curve(lambda: KNearestNeighbors(1), x, y, x, y, sizes=[4], rng=0)
    with pytest.raises(ValueError, match="n_repeats"):
        learning_curve(lambda: KNearestNeighbors(1), x, y, x, y, sizes=[4], rng=rng, n_repeats=0)
    with pytest.raises(ValueError, match="x_test must have 3 columns"):
        learning_curve(lambda: KNearestNeighbors(1), x, y, x[:, :2], y, sizes=[4], rng=rng)
    with pytest.raises(TypeError, match="y_train must hold integer class labels"):
        learning_curve(lambda: KNearestNeighbors(1), x, y.astype(float), x, y, sizes=[4], rng=rng)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        nested_stratified_order(y, rng=None)


def test_plot_learning_curves_draws_two_panels_in_the_theme():
    rng = np.random.default_rng(5)
    x, y = _data(rng)
    curve = learning_curve(lambda: KNearestNeighbors(1), x, y, x, y, sizes=[4, 40], n_repeats=2, rng=rng)
    with use_theme(DARK):
        fig = Figure()
        ax_acc, ax_size = plot_learning_curves({"a": curve, "b": curve}, fig=fig)
    assert len(fig.axes) == 2
    assert ax_size.get_yscale() == "log" and ax_acc.get_xscale() == "log"
    assert ax_acc.lines[0].get_color() == DARK.palette[0]
    with pytest.raises(TypeError, match="curves must be"):
        plot_learning_curves({"a": 1}, fig=Figure())
    assert isinstance(curve, LearningCurve)
