"""The sealed test set answers once."""

import numpy as np
import pytest

from mlwiki import nn
from mlwiki.tuning import SealedTestSet


def test_evaluates_once_then_refuses():
    rng = np.random.default_rng(0)
    model = nn.Sequential([nn.Dense(4, 3, rng=rng)])
    x, y = rng.standard_normal((20, 4)), rng.integers(0, 3, 20)
    test_set = SealedTestSet(x, y)
    assert len(test_set) == 20 and test_set.n_evaluations == 0
    assert test_set.evaluate(model) == nn.accuracy(model, x, y)
    assert test_set.n_evaluations == 1
    with pytest.raises(RuntimeError, match="already been used once"):
        test_set.evaluate(model)
    assert test_set.n_evaluations == 1 and "used 1 time" in repr(test_set)


def test_bad_arguments():
    with pytest.raises(ValueError, match="same non-zero number of samples"):
        SealedTestSet(np.zeros((3, 2)), np.zeros(2))
    with pytest.raises(ValueError, match="y must have 1 dimension"):
        SealedTestSet(np.zeros((3, 2)), np.zeros((3, 1)))
    with pytest.raises(ValueError, match="x contains non-finite"):
        SealedTestSet(np.full((3, 2), np.nan), np.zeros(3))
    test_set = SealedTestSet(np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(ValueError, match="model must be a trained network"):
        test_set.evaluate("model")
    assert test_set.n_evaluations == 0            # a refused call does not use up the test set
