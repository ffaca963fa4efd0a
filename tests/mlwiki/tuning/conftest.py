"""A small, fast tuning problem shared by the tuning tests."""

import numpy as np
import pytest

from mlwiki import data
from mlwiki.tuning import NetworkTuningProblem


@pytest.fixture(scope="module")
def digits_splits():
    images, labels = data.load_digits()
    pixels = images.reshape(len(images), -1)
    rng = np.random.default_rng(0)
    x_train, x_val, y_train, y_val = data.stratified_split(pixels[:600], labels[:600], test_fraction=0.3, rng=rng)
    return x_train, y_train, x_val, y_val


@pytest.fixture
def small_problem(digits_splits):
    return NetworkTuningProblem(*digits_splits, max_epochs=3, batch_size=64, seed=0)
