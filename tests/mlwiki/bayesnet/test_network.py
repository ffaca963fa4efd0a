"""Binary networks: exact queries against the product formula written out, sampling against exact."""

import itertools

import numpy as np
import pytest

from mlwiki.bayesnet import BinaryNetwork, canonical_structures


def _alarm():
    return BinaryNetwork({"b": ((), 0.1), "e": ((), 0.2), "a": (("b", "e"), [[0.01, 0.7], [0.9, 0.95]])})


def test_joint_is_the_product_of_tables():
    states, probabilities = _alarm().joint()
    table = {(0, 0): 0.01, (0, 1): 0.7, (1, 0): 0.9, (1, 1): 0.95}
    for (b, e, a), p in zip(map(tuple, states), probabilities):
        expected = (0.1 if b else 0.9) * (0.2 if e else 0.8) * (table[b, e] if a else 1 - table[b, e])
        assert p == pytest.approx(expected)
    assert probabilities.sum() == pytest.approx(1.0)


def test_probability_by_bayes_rule():
    net = _alarm()
    p_a_given = {(b, e): v for (b, e), v in {(0, 0): 0.01, (0, 1): 0.7, (1, 0): 0.9, (1, 1): 0.95}.items()}
    p_a = sum((0.1 if b else 0.9) * (0.2 if e else 0.8) * p_a_given[b, e] for b, e in itertools.product((0, 1), repeat=2))
    p_b_a = sum(0.1 * (0.2 if e else 0.8) * p_a_given[1, e] for e in (0, 1)) / p_a
    assert net.probability({"b": 1}, {"a": 1}) == pytest.approx(p_b_a)
    assert net.probability({"b": 1}) == pytest.approx(0.1)
    assert net.probability({"b": 1}, {"e": 1}) == pytest.approx(0.1)


def test_sampling_frequencies_match_exact_probabilities():
    net = _alarm()
    samples = net.sample(100_000, np.random.default_rng(0))
    assert set(samples) == {"b", "e", "a"}
    rang = samples["a"] == 1
    assert samples["b"][rang].mean() == pytest.approx(net.probability({"b": 1}, {"a": 1}), abs=0.02)
    assert samples["a"].mean() == pytest.approx(net.probability({"a": 1}), abs=0.005)


def test_sampling_is_reproducible_and_validated():
    net = _alarm()
    a = net.sample(10, np.random.default_rng(4))
    b = net.sample(10, np.random.default_rng(4))
    assert all(np.array_equal(a[k], b[k]) for k in a)
    with pytest.raises(ValueError, match="rng must be a numpy.random.Generator"):
        net.sample(10, None)
    with pytest.raises(ValueError, match="n_samples must be > 0"):
        net.sample(0, np.random.default_rng(0))


@pytest.mark.parametrize("nodes, message", [
    ({}, "non-empty dict"),
    ("x", "non-empty dict"),
    ({"": ((), 0.5)}, "non-empty string"),
    ({"x": 0.5}, "must be a pair"),
    ({"x": ("y", 0.5)}, "parents must be a tuple"),
    ({"x": (("y",), [0.5, 0.5])}, "parent 'y' must be listed before"),
    ({"x": ((), [0.5, 0.5])}, "table must have shape ()"),
    ({"x": ((), 1.5)}, "probabilities in"),
    ({"x": ((), "a")}, "table must be numeric"),
    ({f"n{i}": ((), 0.5) for i in range(17)}, "at most 16 nodes"),
])
def test_bad_networks_are_named(nodes, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        BinaryNetwork(nodes)


@pytest.mark.parametrize("event, given, message", [
    ({"q": 1}, None, "event: unknown node 'q'"),
    ({"b": 2}, None, r"event\['b'\] must be 0 or 1"),
    ({"b": 1}, {"a": True}, r"given\['a'\] must be 0 or 1"),
    ({"b": 1}, [("a", 1)], "given must be a dict"),
])
def test_bad_queries_are_named(event, given, message):
    with pytest.raises(ValueError, match=message):
        _alarm().probability(event, given)


def test_impossible_condition():
    net = BinaryNetwork({"x": ((), 0.0), "y": (("x",), [0.5, 0.5])})
    with pytest.raises(ValueError, match="probability 0"):
        net.probability({"y": 1}, {"x": 1})


def test_canonical_structures():
    nets = canonical_structures()
    assert list(nets) == ["chain", "fork", "collider"]
    assert nets["chain"].parents == {"X": (), "Y": ("X",), "Z": ("Y",)}
    assert nets["fork"].parents == {"Y": (), "X": ("Y",), "Z": ("Y",)}
    assert nets["collider"].parents == {"X": (), "Z": (), "Y": ("X", "Z")}
