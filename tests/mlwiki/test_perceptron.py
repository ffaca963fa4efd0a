import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from sklearn.linear_model import Perceptron

from mlwiki.perceptron import (GATES, PerceptronRun, logic_gate, margin_and_radius, mistake_bound,
                               perceptron_output, plot_mistakes, train_perceptron)
from mlwiki.themes import DARK, use_theme


def _separable(rng, n=60, n_features=3):
    w = rng.normal(size=n_features)
    x = rng.normal(size=(n, n_features))
    score = x @ w + 0.3
    keep = np.abs(score) > 0.2                       # leave a margin
    return x[keep], (score[keep] > 0).astype(np.int64)


def test_logic_gates():
    x, y = logic_gate("and")
    assert x.tolist() == [[0, 0], [0, 1], [1, 0], [1, 1]]
    assert {g: logic_gate(g)[1].tolist() for g in GATES} == {
        "AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "XOR": [0, 1, 1, 0]}
    with pytest.raises(ValueError, match="name must be one of AND, OR, NAND, XOR"):
        logic_gate("NOR")


@pytest.mark.parametrize("seed", range(4))
def test_training_matches_scikit_learn_perceptron(seed):
    rng = np.random.default_rng(seed)
    x, y = _separable(rng)
    ours = train_perceptron(x, y, epochs=7)
    theirs = Perceptron(shuffle=False, eta0=1.0, alpha=0.0, tol=None, max_iter=7).fit(x, y)
    np.testing.assert_allclose(ours.weights, theirs.coef_[0], atol=1e-12)
    assert ours.bias == pytest.approx(theirs.intercept_[0], abs=1e-12)


def test_converged_runs_classify_every_example_and_respect_the_bound():
    rng = np.random.default_rng(5)
    x, y = _separable(rng)
    run = train_perceptron(x, y, epochs=200)
    assert run.converged
    np.testing.assert_array_equal(perceptron_output(x, run.weights, run.bias), y)
    assert run.n_updates <= mistake_bound(x, y)
    assert run.n_updates == run.mistakes_per_epoch.sum()
    # Shuffled visits: a different path, the same guarantee.
    shuffled = train_perceptron(x, y, epochs=200, rng=np.random.default_rng(0))
    assert shuffled.converged and shuffled.n_updates <= mistake_bound(x, y)


def test_history_records_the_weights_after_each_epoch():
    x, y = logic_gate("OR")
    run = train_perceptron(x, y, epochs=3)
    assert run.history.shape == (4, 3)
    np.testing.assert_array_equal(run.history[0], 0)
    np.testing.assert_array_equal(run.history[-1], np.append(run.weights, run.bias))
    np.testing.assert_array_equal(run.history[1], train_perceptron(x, y, epochs=1).history[-1])


def test_xor_never_converges():
    run = train_perceptron(*logic_gate("XOR"), epochs=30)
    assert not run.converged and run.first_clean_epoch is None
    assert isinstance(run, PerceptronRun)


def test_margin_and_radius_of_and_are_known_exactly():
    gamma, radius = margin_and_radius(*logic_gate("AND"))
    assert gamma == pytest.approx(1 / np.sqrt(17), abs=1e-8)
    assert radius == pytest.approx(np.sqrt(3))
    assert mistake_bound(*logic_gate("AND")) == pytest.approx(51, abs=1e-5)


def test_margin_is_the_best_over_directions():
    rng = np.random.default_rng(8)
    x, y = _separable(rng, n=30, n_features=2)
    gamma, _ = margin_and_radius(x, y)
    directions = rng.normal(size=(100_000, 3))
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    extended = np.hstack([x, np.ones((len(x), 1))])
    margins = ((2 * y - 1)[:, None] * (extended @ directions.T)).min(axis=0)
    assert margins.max() <= gamma + 1e-9
    assert margins.max() > 0.97 * gamma


def test_margin_of_inseparable_data_is_refused():
    with pytest.raises(ValueError, match="not linearly separable"):
        margin_and_radius(*logic_gate("XOR"))


def test_output_is_a_threshold_unit():
    x = np.array([[1.0, 1.0], [0.0, 0.0], [-1.0, 2.0]])
    assert perceptron_output(x, [1.0, 1.0], -1.0).tolist() == [1, 0, 0]   # exactly 0 -> 0
    with pytest.raises(ValueError, match="weights must have one entry per column of x"):
        perceptron_output(x, [1.0], 0.0)
    with pytest.raises(ValueError, match="bias"):
        perceptron_output(x, [1.0, 1.0], [0.0, 1.0])


@pytest.mark.parametrize("y, error, match", [
    (np.array([0.0, 1.0, 1.0, 0.0]), TypeError, "y must hold integer labels 0 and 1"),
    (np.array([0, 2, 1, 0]), ValueError, "y must contain only 0 and 1"),
    (np.array([0, 1, 1]), ValueError, r"y must have shape \(4,\)"),
])
def test_labels_are_checked(y, error, match):
    with pytest.raises(error, match=match):
        train_perceptron(logic_gate("AND")[0], y)
    with pytest.raises(error, match=match):
        margin_and_radius(logic_gate("AND")[0], y)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"epochs": 0}, ValueError, "epochs"), ({"epochs": 1.5}, ValueError, "epochs"),
    ({"lr": 0.0}, ValueError, "lr"), ({"lr": -1.0}, ValueError, "lr"),
    ({"rng": 3}, ValueError, "rng must be a numpy.random.Generator"),
])
def test_settings_are_checked(kwargs, error, match):
    with pytest.raises(error, match=match):
        train_perceptron(*logic_gate("AND"), **kwargs)


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="x"):
        train_perceptron(np.array([0.0, 1.0]), np.array([0, 1]))
    with pytest.raises(ValueError, match="x"):
        train_perceptron(np.array([[np.nan], [1.0]]), np.array([0, 1]))


def test_plot_mistakes_draws_one_line_per_run():
    runs = {g: train_perceptron(*logic_gate(g), epochs=5) for g in GATES}
    with use_theme(DARK):
        ax = plot_mistakes(runs, ax=Figure().add_subplot())
    assert [line.get_label() for line in ax.lines] == list(GATES)
    assert len({line.get_linestyle() for line in ax.lines}) == 4
    assert ax.lines[0].get_color() == DARK.palette[0]
    with pytest.raises(TypeError, match="runs must be"):
        plot_mistakes({"a": [1, 2]}, ax=Figure().add_subplot())
