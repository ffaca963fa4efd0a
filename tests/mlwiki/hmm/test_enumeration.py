"""The brute-force path table, against sums written out by hand."""

import numpy as np
import pytest

from mlwiki.hmm import HMM, dishonest_casino, enumerate_paths
from mlwiki.hmm.enumeration import MAX_PATHS


def test_two_steps_by_hand():
    hmm = HMM([0.6, 0.4], [[0.7, 0.3], [0.2, 0.8]], [[0.5, 0.5], [0.1, 0.9]])
    table = enumerate_paths(hmm, [0, 1])
    expected = {(i, j): hmm.start[i] * hmm.emission[i, 0] * hmm.transition[i, j] * hmm.emission[j, 1]
                for i in range(2) for j in range(2)}
    assert [tuple(p) for p in table.paths] == [(0, 0), (0, 1), (1, 0), (1, 1)]
    np.testing.assert_allclose(table.joint, [expected[tuple(p)] for p in table.paths])
    assert table.likelihood == pytest.approx(sum(expected.values()))
    assert tuple(table.best_path) == max(expected, key=expected.get)
    posterior = table.posteriors()
    assert posterior[0, 1] == pytest.approx((expected[1, 0] + expected[1, 1]) / sum(expected.values()))
    np.testing.assert_allclose(posterior.sum(axis=1), 1.0)


def test_too_long_is_refused():
    n = int(np.log2(MAX_PATHS)) + 1
    with pytest.raises(ValueError, match="too long to enumerate"):
        enumerate_paths(dishonest_casino(), np.zeros(n, dtype=int))


def test_bad_model():
    with pytest.raises(TypeError, match="hmm must be an HMM"):
        enumerate_paths(object(), [0])
