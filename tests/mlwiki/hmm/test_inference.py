"""Forward, backward and posteriors against brute-force enumeration and hmmlearn."""

import numpy as np
import pytest
from hmmlearn.hmm import CategoricalHMM

from mlwiki.hmm import HMM, backward, dishonest_casino, enumerate_paths, forward, forward_unscaled, posteriors


def _reference(hmm):
    model = CategoricalHMM(n_components=hmm.n_states, n_features=hmm.n_symbols)
    model.startprob_, model.transmat_, model.emissionprob_ = hmm.start, hmm.transition, hmm.emission
    return model


def _random_hmm(rng, n_states=3, n_symbols=4):
    def rows(shape):
        x = rng.random(shape) + 0.05
        return x / x.sum(axis=-1, keepdims=True)
    return HMM(rows(n_states), rows((n_states, n_states)), rows((n_states, n_symbols)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_forward_matches_enumeration_and_hmmlearn(seed):
    rng = np.random.default_rng(seed)
    hmm = _random_hmm(rng)
    _, x = hmm.sample(8, rng)
    result = forward(hmm, x)
    table = enumerate_paths(hmm, x)
    assert result.log_likelihood == pytest.approx(np.log(table.likelihood), abs=1e-12)
    assert result.log_likelihood == pytest.approx(_reference(hmm).score(x.reshape(-1, 1)), abs=1e-10)
    np.testing.assert_allclose(result.filtered.sum(axis=1), 1.0)
    # Filtering at t is the smoothed distribution of the prefix ending at t.
    for t in range(x.size):
        np.testing.assert_allclose(result.filtered[t], enumerate_paths(hmm, x[: t + 1]).posteriors()[-1], atol=1e-12)
    np.testing.assert_allclose(np.cumprod(result.scales)[-1], table.likelihood, rtol=1e-12)


@pytest.mark.parametrize("seed", [0, 1])
def test_posteriors_match_enumeration_and_hmmlearn(seed):
    rng = np.random.default_rng(seed)
    hmm = _random_hmm(rng)
    _, x = hmm.sample(9, rng)
    np.testing.assert_allclose(posteriors(hmm, x), enumerate_paths(hmm, x).posteriors(), atol=1e-12)
    _, long_x = hmm.sample(500, rng)
    np.testing.assert_allclose(posteriors(hmm, long_x), _reference(hmm).predict_proba(long_x.reshape(-1, 1)),
                               atol=1e-9)


def test_backward_is_scaled_conditional_probability():
    rng = np.random.default_rng(5)
    hmm = _random_hmm(rng, 2, 3)
    _, x = hmm.sample(6, rng)
    result = forward(hmm, x)
    beta = backward(hmm, x, result.scales)
    # beta_t(i) * prod_{s > t} c_s = P(x_{t+1..T} | z_t = i): check t = 0 directly by enumeration.
    tail = x[1:]
    for i in range(hmm.n_states):
        start_i = HMM(hmm.transition[i], hmm.transition, hmm.emission)  # z_1 of the tail drawn from row i
        assert beta[0, i] * np.prod(result.scales[1:]) == pytest.approx(enumerate_paths(start_i, tail).likelihood)
    assert np.all(beta[-1] == 1.0)


def test_long_sequence_is_finite_where_unscaled_underflows():
    casino = dishonest_casino()
    _, x = casino.sample(2000, np.random.default_rng(0))
    result = forward(casino, x)
    assert np.isfinite(result.log_likelihood)
    assert result.log_likelihood == pytest.approx(_reference(casino).score(x.reshape(-1, 1)), abs=1e-8)
    assert forward_unscaled(casino, x)[-1].sum() == 0.0  # the pitfall, reproduced


def test_unscaled_equals_scaled_while_it_lasts():
    casino = dishonest_casino()
    _, x = casino.sample(60, np.random.default_rng(2))
    alpha = forward_unscaled(casino, x)
    result = forward(casino, x)
    np.testing.assert_allclose(alpha / alpha.sum(axis=1, keepdims=True), result.filtered, atol=1e-12)
    np.testing.assert_allclose(np.log(alpha.sum(axis=1)), np.cumsum(np.log(result.scales)), rtol=1e-12)


def test_impossible_observations_raise():
    hmm = HMM([1.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="impossible under the model: symbol 1 at step 2"):
        forward(hmm, [0, 0, 1])


def test_bad_arguments():
    casino = dishonest_casino()
    with pytest.raises(TypeError, match="hmm must be an HMM"):
        forward("casino", [0, 1])
    with pytest.raises(TypeError, match="hmm must be an HMM"):
        forward_unscaled(None, [0])
    with pytest.raises(ValueError, match="observations must lie in 0 .. 5"):
        posteriors(casino, [0, 6])
    with pytest.raises(ValueError, match="scales must be the 2 positive normalisers"):
        backward(casino, [0, 1], [0.5])
    with pytest.raises(ValueError, match="scales must be the 2 positive normalisers"):
        backward(casino, [0, 1], [0.5, 0.0])
