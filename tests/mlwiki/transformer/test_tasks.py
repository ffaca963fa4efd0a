"""The reversal task and greedy decoding."""

import numpy as np
import pytest

from mlwiki import nn
from mlwiki.transformer import greedy_decode, reversal_data


def test_reversal_data_layout():
    inputs, targets = reversal_data(50, 4, 6, rng=np.random.default_rng(0))
    assert inputs.shape == (50, 8) and targets.shape == (50, 4)
    assert inputs.dtype == np.int64 and targets.dtype == np.int64
    strings = inputs[:, :4]
    np.testing.assert_array_equal(targets, strings[:, ::-1])
    assert np.all(inputs[:, 4] == 6)  # the separator id is n_symbols
    np.testing.assert_array_equal(inputs[:, 5:], targets[:, :-1])  # the answer, shifted right
    assert strings.min() >= 0 and strings.max() <= 5
    again, _ = reversal_data(50, 4, 6, rng=np.random.default_rng(0))
    np.testing.assert_array_equal(inputs, again)


def test_reversal_data_bad_input():
    rng = np.random.default_rng(1)
    with pytest.raises(ValueError, match="length must be >= 2"):
        reversal_data(5, 1, 4, rng=rng)
    with pytest.raises(ValueError, match="n_symbols must be >= 2"):
        reversal_data(5, 3, 1, rng=rng)
    with pytest.raises(ValueError, match="n_samples"):
        reversal_data(0, 3, 4, rng=rng)
    with pytest.raises(ValueError, match="rng"):
        reversal_data(5, 3, 4, rng=3)


class _Oracle(nn.Layer):
    """Logits that reverse: at output step s after a prompt of length L + 1, copy symbol L - 1 - s."""

    def __init__(self, length, n_tokens):
        super().__init__()
        self.length, self.n_tokens = length, n_tokens

    def forward(self, ids):
        ids = np.asarray(ids)
        step = ids.shape[1] - (self.length + 1)
        logits = np.zeros((ids.shape[0], 1, self.n_tokens))
        logits[np.arange(ids.shape[0]), 0, ids[:, self.length - 1 - step]] = 1.0
        return logits


def test_greedy_decode_feeds_back_its_own_tokens():
    inputs, targets = reversal_data(20, 5, 4, rng=np.random.default_rng(2))
    model = nn.Sequential([_Oracle(5, 5)])
    generated = greedy_decode(model, inputs[:, :6], 5)
    np.testing.assert_array_equal(generated, targets)
    with pytest.raises(ValueError, match="prompts must be a non-empty"):
        greedy_decode(model, np.zeros((2, 3)), 2)
    with pytest.raises(ValueError, match="n_steps"):
        greedy_decode(model, inputs[:, :6], 0)
