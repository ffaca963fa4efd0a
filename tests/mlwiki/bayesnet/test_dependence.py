"""Correlations: the phi coefficient against NumPy's corrcoef and SciPy's pearsonr; exact ones by hand."""

import numpy as np
import pytest
from scipy.stats import pearsonr

from mlwiki.bayesnet import (DependenceSummary, canonical_structures, conditional_correlations, correlation,
                             exact_correlation, summarise_dependence)


def test_correlation_matches_numpy_and_scipy():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 2, 500)
    b = (a ^ (rng.random(500) < 0.3)).astype(int)
    assert correlation(a, b) == pytest.approx(np.corrcoef(a, b)[0, 1])
    assert correlation(a, b) == pytest.approx(pearsonr(a, b).statistic)


def test_conditional_correlations_split_by_group():
    rng = np.random.default_rng(1)
    a, b, c = (rng.integers(0, 2, 400) for _ in range(3))
    within = conditional_correlations(a, b, c)
    for value in (0, 1):
        assert within[value] == pytest.approx(np.corrcoef(a[c == value], b[c == value])[0, 1])


def test_exact_correlations_of_the_canonical_structures():
    nets = canonical_structures()
    # A chain of two noisy copies: P(Z = X) = 0.8^2 + 0.2^2 = 0.68, correlation 2 * 0.68 - 1 = 0.36.
    assert exact_correlation(nets["chain"], "X", "Z") == pytest.approx(0.36)
    assert exact_correlation(nets["chain"], "X", "Z", {"Y": 1}) == pytest.approx(0.0, abs=1e-12)
    assert exact_correlation(nets["fork"], "X", "Z", {"Y": 0}) == pytest.approx(0.0, abs=1e-12)
    assert exact_correlation(nets["collider"], "X", "Z") == pytest.approx(0.0, abs=1e-12)
    # Given Y = 1: P(X, Z | Y = 1) proportional to 0.25 * (0.05, 0.8, 0.8, 0.95); phi from the 2x2 table.
    w = np.array([[0.05, 0.8], [0.8, 0.95]]) / 2.6
    p_x = w[1].sum()
    expected = (w[1, 1] - p_x * p_x) / (p_x * (1 - p_x))
    assert exact_correlation(nets["collider"], "X", "Z", {"Y": 1}) == pytest.approx(expected)


def test_summary_agrees_with_exact_within_sampling_error():
    summary = summarise_dependence(canonical_structures()["collider"], "X", "Z", "Y", 40_000,
                                   np.random.default_rng(2))
    assert isinstance(summary, DependenceSummary) and summary.n_samples == 40_000
    for key in ("overall", "given 0", "given 1"):
        assert summary.sampled[key] == pytest.approx(summary.exact[key], abs=0.03)


@pytest.mark.parametrize("call, message", [
    (lambda: correlation([0, 1, 2], [0, 1, 1]), "a must hold only 0 and 1"),
    (lambda: correlation([0, 1], [0, 1, 1]), "equal length"),
    (lambda: correlation([1, 1, 1], [0, 1, 1]), "constant"),
    (lambda: conditional_correlations([0, 1], [0, 1], [0]), "equal lengths"),
    (lambda: conditional_correlations([0, 1], [0, 1], [0, 3]), "given must hold only 0 and 1"),
    (lambda: exact_correlation(canonical_structures()["chain"], "X", "Q"), "unknown node 'Q'"),
    (lambda: summarise_dependence(canonical_structures()["chain"], "X", "Q", "Y", 10, np.random.default_rng(0)),
     "b must be a node"),
    (lambda: summarise_dependence(canonical_structures()["chain"], "X", "Z", "Y", 10, 0), "rng"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_constant_exact_correlation_and_wrong_network_type():
    from mlwiki.bayesnet import BinaryNetwork
    net = BinaryNetwork({"x": ((), 1.0), "y": ((), 0.5)})
    with pytest.raises(ValueError, match="constant"):
        exact_correlation(net, "x", "y")
    with pytest.raises(TypeError, match="network must be a BinaryNetwork"):
        exact_correlation("net", "x", "y")
    with pytest.raises(TypeError, match="network must be a BinaryNetwork"):
        summarise_dependence("net", "x", "y", "x", 10, np.random.default_rng(0))
