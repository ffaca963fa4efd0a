"""The HMM container, its sampling and the casino, against direct counts and hmmlearn's sampler."""

import numpy as np
import pytest

from mlwiki.hmm import HMM, dishonest_casino, stationary_distribution


def _two_state():
    return HMM([0.6, 0.4], [[0.7, 0.3], [0.2, 0.8]], [[0.5, 0.5], [0.1, 0.9]])


def test_model_is_read_only_and_named():
    hmm = _two_state()
    assert hmm.n_states == 2 and hmm.n_symbols == 2 and hmm.state_names == ("0", "1")
    with pytest.raises(ValueError):
        hmm.transition[0, 0] = 1.0


@pytest.mark.parametrize("kwargs, message", [
    (dict(start=[0.5, 0.6]), "start: its entries must sum to 1"),
    (dict(start=[[0.5, 0.5]]), "start must have 1 dimension"),
    (dict(start=[]), "start must not be empty"),
    (dict(start=["a", "b"]), "start must be a numeric array"),
    (dict(transition=[[1.2, -0.2], [0.5, 0.5]]), "transition must hold finite probabilities"),
    (dict(transition=[[0.5, 0.5], [0.5, 0.6]]), "transition: its rows must sum to 1"),
    (dict(transition=[[1.0]]), "transition must have shape (2, 2)"),
    (dict(emission=[[1.0]]), "emission must have 2 rows"),
    (dict(emission=[[0.5, np.nan], [0.5, 0.5]]), "emission must hold finite probabilities"),
    (dict(state_names=("a",)), "state_names must be 2 strings"),
])
def test_bad_parameters_are_named(kwargs, message):
    params = dict(start=[0.6, 0.4], transition=[[0.7, 0.3], [0.2, 0.8]], emission=[[0.5, 0.5], [0.1, 0.9]])
    params.update(kwargs)
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        HMM(**params)


@pytest.mark.parametrize("observations, message", [
    ([], "non-empty 1-D"), ([[0, 1]], "non-empty 1-D"), ([0.0, 1.0], "integer symbols"),
    ([0, 2], r"must lie in 0 \.\. 1"), ([-1, 0], r"must lie in 0 \.\. 1"),
])
def test_bad_observations_are_named(observations, message):
    with pytest.raises(ValueError, match=message):
        _two_state().check_observations(observations)


def test_sample_validates_and_is_reproducible():
    hmm = _two_state()
    with pytest.raises(ValueError, match="n_steps"):
        hmm.sample(0, np.random.default_rng(0))
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        hmm.sample(5, 0)
    a = hmm.sample(50, np.random.default_rng(3))
    b = hmm.sample(50, np.random.default_rng(3))
    assert all(np.array_equal(x, y) for x, y in zip(a, b))


def test_sample_frequencies_match_the_model():
    hmm = _two_state()
    states, symbols = hmm.sample(40_000, np.random.default_rng(1))
    # Transition frequencies, emission frequencies and the stationary share, within sampling error.
    for i in range(2):
        from_i = states[:-1] == i
        assert np.mean(states[1:][from_i] == 1) == pytest.approx(hmm.transition[i, 1], abs=0.015)
        assert np.mean(symbols[states == i] == 1) == pytest.approx(hmm.emission[i, 1], abs=0.015)
    assert np.mean(states == 1) == pytest.approx(stationary_distribution(hmm.transition)[1], abs=0.03)


def test_stationary_distribution_closed_form_and_eigenvector():
    a, b = 0.05, 0.1
    p = stationary_distribution([[1 - a, a], [b, 1 - b]])
    np.testing.assert_allclose(p, [b / (a + b), a / (a + b)])
    transition = np.array([[0.5, 0.3, 0.2], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    values, vectors = np.linalg.eig(transition.T)
    reference = np.real(vectors[:, np.argmin(np.abs(values - 1))])
    np.testing.assert_allclose(stationary_distribution(transition), reference / reference.sum(), atol=1e-12)
    with pytest.raises(ValueError, match="more than one stationary distribution"):
        stationary_distribution(np.eye(2))
    with pytest.raises(ValueError, match="transition must be square"):
        stationary_distribution([[0.5, 0.5]])


def test_casino_numbers():
    casino = dishonest_casino()
    np.testing.assert_allclose(casino.transition, [[0.95, 0.05], [0.1, 0.9]])
    np.testing.assert_allclose(casino.emission[0], np.full(6, 1 / 6))
    np.testing.assert_allclose(casino.emission[1], [0.1, 0.1, 0.1, 0.1, 0.1, 0.5])
    np.testing.assert_allclose(casino.start, [2 / 3, 1 / 3])
    assert casino.state_names == ("fair", "loaded")


@pytest.mark.parametrize("name", ["switch_to_loaded", "switch_to_fair", "loaded_six"])
@pytest.mark.parametrize("value", [0.0, 1.0, -0.1, True, "0.5"])
def test_casino_rejects_non_probabilities(name, value):
    with pytest.raises(ValueError, match=name):
        dishonest_casino(**{name: value})
