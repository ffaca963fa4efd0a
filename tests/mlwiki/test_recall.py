"""Tests for the delayed-recall memory task in mlwiki.recall."""

import functools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki import nn
from mlwiki.recall import RecallRun, accuracy_by_lag, plot_accuracy_by_lag, recall_data, train_recall
from mlwiki.themes import DARK, both_themes


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def test_recall_data_is_one_hot_and_labels_the_first_symbol():
    x, labels = recall_data(200, 7, n_symbols=5, rng=np.random.default_rng(0))
    assert x.shape == (200, 8, 5) and x.dtype == np.float64 and labels.dtype == np.int64
    assert np.all(x.sum(axis=2) == 1) and set(np.unique(x)) == {0.0, 1.0}
    np.testing.assert_array_equal(labels, x[:, 0].argmax(axis=1))
    # every symbol appears, roughly uniformly, at every position
    counts = np.bincount(x.argmax(axis=2).ravel(), minlength=5)
    assert counts.min() > 0.8 * counts.mean()
    x32, _ = recall_data(3, 0, n_symbols=2, rng=np.random.default_rng(0), dtype=np.float32)
    assert x32.shape == (3, 1, 2) and x32.dtype == np.float32


def test_recall_data_is_reproducible():
    a = recall_data(10, 4, n_symbols=3, rng=np.random.default_rng(1))
    b = recall_data(10, 4, n_symbols=3, rng=np.random.default_rng(1))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_recall_data_bad_input():
    rng = np.random.default_rng(2)
    with pytest.raises(ValueError, match="n_sequences"):
        recall_data(0, 3, n_symbols=4, rng=rng)
    with pytest.raises(ValueError, match="lag must be >= 0"):
        recall_data(5, -1, n_symbols=4, rng=rng)
    with pytest.raises(ValueError, match="n_symbols must be at least 2"):
        recall_data(5, 3, n_symbols=1, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        recall_data(5, 3, n_symbols=4, rng=1)
    with pytest.raises(TypeError, match="dtype"):
        recall_data(5, 3, n_symbols=4, rng=rng, dtype=np.int32)


def test_train_recall_learns_a_short_lag():
    run = train_recall(nn.RNN, 2, n_symbols=4, n_hidden=16, rng=np.random.default_rng(3), epochs=15, lr=0.01,
                       n_train=512, n_test=200)
    assert isinstance(run, RecallRun) and run.lag == 2
    assert len(run.history.loss) == 15 and run.history.loss[-1] < run.history.loss[0]
    assert run.test_accuracy > 0.95
    recurrent, readout = run.model.layers
    assert isinstance(recurrent, nn.RNN) and recurrent.dtype == np.float32
    assert (readout.n_in, readout.n_out) == (16, 4)


def test_train_recall_accepts_a_configured_layer():
    make = functools.partial(nn.GRU, update_bias=1.5)
    run = train_recall(make, 1, n_symbols=3, n_hidden=4, rng=np.random.default_rng(4), epochs=1, lr=0.01,
                       n_train=32, n_test=16, dtype=np.float64)
    assert run.model.layers[0].update_bias == 1.5 and run.model.layers[0].dtype == np.float64


def test_train_recall_bad_input():
    rng = np.random.default_rng(5)
    with pytest.raises(ValueError, match="make_layer"):
        train_recall("rnn", 2, n_symbols=4, n_hidden=4, rng=rng, epochs=1, lr=0.01)
    with pytest.raises(ValueError, match="lr"):
        train_recall(nn.RNN, 2, n_symbols=4, n_hidden=4, rng=rng, epochs=1, lr=0)
    with pytest.raises(ValueError, match="n_hidden"):
        train_recall(nn.RNN, 2, n_symbols=4, n_hidden=0, rng=rng, epochs=1, lr=0.01)
    with pytest.raises(ValueError, match="rng"):
        train_recall(nn.RNN, 2, n_symbols=4, n_hidden=4, rng=None, epochs=1, lr=0.01)


def test_accuracy_by_lag_gives_each_lag_its_own_generator():
    settings = dict(n_symbols=3, n_hidden=4, epochs=1, lr=0.01, n_train=32, n_test=16)
    runs = accuracy_by_lag(nn.RNN, [1, 3], rng=np.random.default_rng(6), **settings)
    assert list(runs) == [1, 3] and [run.lag for run in runs.values()] == [1, 3]
    again = accuracy_by_lag(nn.RNN, [1, 3], rng=np.random.default_rng(6), **settings)
    assert [r.test_accuracy for r in runs.values()] == [r.test_accuracy for r in again.values()]
    child = np.random.default_rng(6).spawn(2)[1]
    alone = train_recall(nn.RNN, 3, rng=child, **settings)
    assert alone.test_accuracy == runs[3].test_accuracy
    with pytest.raises(ValueError, match="distinct"):
        accuracy_by_lag(nn.RNN, [2, 2], rng=np.random.default_rng(0), **settings)
    with pytest.raises(ValueError, match="distinct"):
        accuracy_by_lag(nn.RNN, [], rng=np.random.default_rng(0), **settings)
    with pytest.raises(ValueError, match="lags"):
        accuracy_by_lag(nn.RNN, [-1], rng=np.random.default_rng(0), **settings)


def test_plot_accuracy_by_lag_draws_every_model_and_the_guessing_line():
    ax = plot_accuracy_by_lag({"RNN": {10: 1.0, 5: 0.9}, "GRU": {40: 0.98}}, n_symbols=8)
    model_lines = ax.lines[:2]
    np.testing.assert_array_equal(model_lines[0].get_xdata(), [5, 10])  # sorted by lag
    np.testing.assert_array_equal(model_lines[0].get_ydata(), [0.9, 1.0])
    assert ax.lines[2].get_ydata()[0] == pytest.approx(1 / 8)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["RNN", "GRU", "guessing (1/8)"]
    assert ax.get_ylim() == (0, 1.05)


def test_plot_accuracy_by_lag_takes_theme_colours():
    themed = both_themes(plot_accuracy_by_lag, {"RNN": {5: 1.0}}, n_symbols=4)
    guessing = themed.dark.axes[0].lines[-1]
    assert matplotlib.colors.same_color(guessing.get_color(), DARK.muted)


def test_plot_accuracy_by_lag_bad_input():
    with pytest.raises(ValueError, match="curves"):
        plot_accuracy_by_lag({}, n_symbols=4)
    with pytest.raises(ValueError, match="n_symbols"):
        plot_accuracy_by_lag({"RNN": {1: 1.0}}, n_symbols=0)
