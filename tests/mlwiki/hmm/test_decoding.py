"""Viterbi decoding against brute-force enumeration and hmmlearn's decode."""

import numpy as np
import pytest
from hmmlearn.hmm import CategoricalHMM

from mlwiki.hmm import HMM, dishonest_casino, enumerate_paths, viterbi


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_viterbi_is_the_best_enumerated_path(seed):
    rng = np.random.default_rng(seed)
    casino = dishonest_casino()
    _, x = casino.sample(11, rng)
    path, log_prob = viterbi(casino, x)
    table = enumerate_paths(casino, x)
    assert log_prob == pytest.approx(np.log(table.joint.max()), abs=1e-12)
    assert np.array_equal(path, table.best_path)


def test_viterbi_matches_hmmlearn_on_a_long_sequence():
    casino = dishonest_casino()
    _, x = casino.sample(3000, np.random.default_rng(9))
    model = CategoricalHMM(n_components=2, n_features=6)
    model.startprob_, model.transmat_, model.emissionprob_ = casino.start, casino.transition, casino.emission
    ref_log_prob, ref_path = model.decode(x.reshape(-1, 1), algorithm="viterbi")
    path, log_prob = viterbi(casino, x)
    assert np.array_equal(path, ref_path)
    assert log_prob == pytest.approx(ref_log_prob, abs=1e-8)
    assert np.isfinite(log_prob)  # log space: no underflow after 3000 steps


def test_zero_probabilities_are_respected_without_warnings():
    # State 1 can never follow state 0: the path must avoid that move.
    hmm = HMM([0.5, 0.5], [[1.0, 0.0], [0.5, 0.5]], [[0.9, 0.1], [0.2, 0.8]])
    path, log_prob = viterbi(hmm, [0, 1, 1])
    assert np.isfinite(log_prob)
    assert not any(a == 0 and b == 1 for a, b in zip(path[:-1], path[1:]))
    impossible = HMM([1.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]])
    assert viterbi(impossible, [1])[1] == -np.inf


def test_bad_arguments():
    with pytest.raises(TypeError, match="hmm must be an HMM"):
        viterbi([0.5], [0])
    with pytest.raises(ValueError, match="observations must be a non-empty"):
        viterbi(dishonest_casino(), [])
