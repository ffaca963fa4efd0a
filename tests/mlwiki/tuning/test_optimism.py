"""Selection optimism: the brute-force definition, and its sign when all models are equally good."""

import numpy as np
import pytest

from mlwiki.tuning import selection_optimism


class _Fixed:
    """A 'model' whose predictions are given in advance (one-hot scores)."""

    def __init__(self, labels, n_classes=3):
        self.labels = np.asarray(labels)
        self.n_classes = n_classes

    def predict(self, x):
        return np.eye(self.n_classes)[self.labels[np.asarray(x[:, 0], dtype=int)]]


def test_matches_a_brute_force_loop():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 40)
    x = np.arange(40.0)[:, None]
    models = [_Fixed(np.where(rng.random(40) < 0.8, y, (y + 1) % 3)) for _ in range(6)]
    result = selection_optimism(models, x, y, n_splits=50, rng=np.random.default_rng(1))
    correct = np.array([m.labels == y for m in models], dtype=float)
    split_rng = np.random.default_rng(1)
    for s in range(50):
        order = split_rng.permutation(40)
        choose, other = order[:20], order[20:]
        scores = correct[:, choose].mean(axis=1)
        winner = int(np.argmax(scores))
        assert result.selected[s] == scores[winner]
        assert result.fresh[s] == correct[winner, other].mean()
    assert result.mean_inflation == pytest.approx(np.mean(result.selected - result.fresh))


def test_equally_good_models_look_better_on_the_data_that_chose_them():
    rng = np.random.default_rng(2)
    y = rng.integers(0, 3, 200)
    x = np.arange(200.0)[:, None]
    # 30 models, each right on a random 70 % of the samples: all equally good in expectation.
    models = [_Fixed(np.where(rng.random(200) < 0.7, y, (y + 1) % 3)) for _ in range(30)]
    result = selection_optimism(models, x, y, n_splits=300, rng=np.random.default_rng(3))
    assert result.mean_inflation > 0.05 and result.fraction_inflated > 0.9


def test_bad_arguments():
    x, y = np.zeros((4, 1)), np.zeros(4)
    with pytest.raises(ValueError, match="models must be a non-empty sequence"):
        selection_optimism([], x, y, n_splits=2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="models must be a non-empty sequence"):
        selection_optimism([object()], x, y, n_splits=2, rng=np.random.default_rng(0))
    model = _Fixed(np.zeros(4, dtype=int))
    with pytest.raises(ValueError, match="same number"):
        selection_optimism([model], x, y[:3], n_splits=2, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="n_splits must be > 0"):
        selection_optimism([model], x, y, n_splits=0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        selection_optimism([model], x, y, n_splits=1, rng=1)
