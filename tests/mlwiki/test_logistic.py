import numpy as np
import pytest
from scipy.optimize import check_grad
from sklearn.linear_model import LogisticRegression as SklearnLogisticRegression

from mlwiki.data import load_digits
from mlwiki.logistic import LogisticRegression, _objective


def _problem(rng, n=150, n_features=4, n_classes=3):
    weights = rng.normal(size=(n_features, n_classes))
    x = rng.normal(size=(n, n_features))
    y = (x @ weights + rng.gumbel(size=(n, n_classes))).argmax(axis=1)
    return x, y


def test_gradient_matches_finite_differences():
    rng = np.random.default_rng(0)
    x, y = _problem(rng, n=20)
    targets = np.eye(3)[y]
    params = rng.normal(size=(4 + 1) * 3)
    error = check_grad(lambda p: _objective(p, x, targets, 0.1)[0],
                       lambda p: _objective(p, x, targets, 0.1)[1], params)
    assert error < 1e-6


@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_fit_matches_scikit_learn(C):
    rng = np.random.default_rng(int(C * 10))
    x, y = _problem(rng)
    ours = LogisticRegression(l2=1 / (C * len(y)), tol=1e-10).fit(x, y)
    theirs = SklearnLogisticRegression(C=C, tol=1e-12, max_iter=10_000).fit(x, y)
    np.testing.assert_allclose(ours.weights, theirs.coef_.T, atol=1e-5)
    np.testing.assert_allclose(ours.bias, theirs.intercept_ - theirs.intercept_.mean(), atol=1e-5)
    np.testing.assert_allclose(ours.predict_proba(x), theirs.predict_proba(x), atol=1e-6)
    np.testing.assert_array_equal(ours.predict(x), theirs.predict(x))


def test_digits_predictions_match_scikit_learn():
    images, labels = load_digits()
    x = images.reshape(len(images), -1)
    ours = LogisticRegression(l2=1e-3).fit(x[:600], labels[:600])
    theirs = SklearnLogisticRegression(C=1 / (1e-3 * 600), tol=1e-10, max_iter=10_000).fit(x[:600], labels[:600])
    agree = np.mean(ours.predict(x[600:]) == theirs.predict(x[600:]))
    assert agree > 0.995
    assert ours.n_stored_numbers == 65 * 10


def test_probabilities_are_stable_for_huge_scores_and_sum_to_one():
    model = LogisticRegression().fit(np.array([[-1.0], [1.0], [3.0]]), np.array([0, 1, 2]))
    p = model.predict_proba(np.array([[1e6], [-1e6]]))
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert model.predict(np.array([[1e6], [-1e6]])).tolist() == [2, 0]


def test_stored_numbers_do_not_depend_on_the_training_set_size():
    rng = np.random.default_rng(3)
    counts = {LogisticRegression().fit(*_problem(rng, n=n)).n_stored_numbers for n in (30, 300, 3000)}
    assert counts == {(4 + 1) * 3}


def test_biases_are_centred():
    rng = np.random.default_rng(4)
    model = LogisticRegression(l2=0.01).fit(*_problem(rng))
    assert abs(model.bias.sum()) < 1e-12


@pytest.mark.parametrize("kwargs, match", [({"l2": -1.0}, "l2"), ({"l2": "0.1"}, "l2"), ({"l2": np.inf}, "l2"),
                                           ({"max_iter": 0}, "max_iter"), ({"max_iter": 2.5}, "max_iter"),
                                           ({"tol": 0.0}, "tol")])
def test_settings_are_checked(kwargs, match):
    with pytest.raises(ValueError, match=match):
        LogisticRegression(**kwargs)


def test_labels_must_be_integers_with_two_classes():
    with pytest.raises(TypeError, match="y must hold integer class labels"):
        LogisticRegression().fit(np.zeros((2, 1)), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match="y must contain at least two classes"):
        LogisticRegression().fit(np.zeros((2, 1)), np.array([0, 0]))
    with pytest.raises(ValueError, match="y must hold one label per row"):
        LogisticRegression().fit(np.zeros((3, 1)), np.array([0, 1]))
    with pytest.raises(ValueError, match="y must hold class labels >= 0"):
        LogisticRegression().fit(np.zeros((2, 1)), np.array([-1, 1]))


def test_features_are_checked():
    with pytest.raises(ValueError, match="x"):
        LogisticRegression().fit(np.array([[np.inf], [0.0]]), np.array([0, 1]))
    model = LogisticRegression().fit(np.zeros((2, 2)), np.array([0, 1]))
    with pytest.raises(ValueError, match="x must have 2 columns"):
        model.predict(np.zeros((1, 1)))
    with pytest.raises(RuntimeError, match="call fit"):
        LogisticRegression().predict(np.zeros((1, 1)))
