"""How strongly two binary variables go together, overall and within each value of a third.

Two binary variables are independent exactly when their correlation is zero (for 0/1 variables
``cov(A, B) = P(A=1, B=1) - P(A=1) P(B=1)``).  *Conditional* independence given C means zero
correlation within every group of equal C.  Measured on samples (:func:`correlation`) and
computed exactly from a network's joint distribution (:func:`exact_correlation`).
"""

from __future__ import annotations

import numpy as np

from dataclasses import dataclass

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng
from mlwiki.bayesnet.network import BinaryNetwork

__all__ = ["correlation", "conditional_correlations", "exact_correlation", "DependenceSummary", "summarise_dependence"]


def _binary(name: str, values) -> np.ndarray:
    arr = _check_finite_array(name, values, ndim=1)
    if not np.all((arr == 0) | (arr == 1)):
        raise ValueError(f"{name} must hold only 0 and 1")
    return arr.astype(float)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    da, db = a - a.mean(), b - b.mean()
    spread = np.sqrt((da @ da) * (db @ db))
    if spread == 0.0:
        raise ValueError("correlation is undefined: one of the variables is constant in this group")
    return float(da @ db / spread)


def correlation(a, b) -> float:
    """Pearson correlation of two 0/1 samples (the phi coefficient).

    Parameters
    ----------
    a, b : array-like of shape (n_samples,)
        Values 0 or 1, paired by position.

    Returns
    -------
    float in [-1, 1]
    """
    a, b = _binary("a", a), _binary("b", b)
    if a.size != b.size:
        raise ValueError(f"a and b must be paired samples of equal length, got {a.size} and {b.size}")
    return _pearson(a, b)


def conditional_correlations(a, b, given) -> dict[int, float]:
    """Correlation of ``a`` and ``b`` within the samples where ``given`` is 0, and where it is 1.

    Parameters
    ----------
    a, b, given : array-like of shape (n_samples,)
        0/1 values, paired by position.

    Returns
    -------
    dict[int, float]
        ``{0: corr | given = 0, 1: corr | given = 1}``.
    """
    a, b, given = _binary("a", a), _binary("b", b), _binary("given", given)
    if not a.size == b.size == given.size:
        raise ValueError(f"a, b and given must have equal lengths, got {a.size}, {b.size}, {given.size}")
    return {value: _pearson(a[given == value], b[given == value]) for value in (0, 1)}


def exact_correlation(network: BinaryNetwork, a: str, b: str, given: dict | None = None) -> float:
    """The correlation of nodes ``a`` and ``b`` under the network's exact (conditional) distribution.

    Parameters
    ----------
    network : BinaryNetwork
    a, b : str
        Node names.
    given : dict[str, int], optional
        Condition on these node values.

    Returns
    -------
    float in [-1, 1]
    """
    if not isinstance(network, BinaryNetwork):
        raise TypeError(f"network must be a BinaryNetwork, got {type(network).__name__}")
    given = {} if given is None else given
    p_a = network.probability({a: 1}, given)
    p_b = network.probability({b: 1}, given)
    p_ab = network.probability({a: 1, b: 1}, given)
    spread = np.sqrt(p_a * (1 - p_a) * p_b * (1 - p_b))
    if spread == 0.0:
        raise ValueError(f"correlation is undefined: {a!r} or {b!r} is constant given {given!r}")
    return float((p_ab - p_a * p_b) / spread)


@dataclass(frozen=True)
class DependenceSummary:
    """Correlation of two nodes overall and given each value of a third: sampled and exact.

    Attributes
    ----------
    sampled, exact : dict[str, float]
        Keys ``"overall"``, ``"given 0"``, ``"given 1"``.
    n_samples : int
    """

    sampled: dict
    exact: dict
    n_samples: int


def summarise_dependence(network: BinaryNetwork, a: str, b: str, given: str, n_samples: int, rng) -> DependenceSummary:
    """Sample the network and measure how ``a`` and ``b`` go together, overall and given ``given``.

    Parameters
    ----------
    network : BinaryNetwork
    a, b, given : str
        Node names.
    n_samples : int
    rng : numpy.random.Generator

    Returns
    -------
    DependenceSummary
    """
    if not isinstance(network, BinaryNetwork):
        raise TypeError(f"network must be a BinaryNetwork, got {type(network).__name__}")
    for name, node in (("a", a), ("b", b), ("given", given)):
        if node not in network.names:
            raise ValueError(f"{name} must be a node of the network {list(network.names)}, got {node!r}")
    samples = network.sample(_check_positive_int("n_samples", n_samples), _check_rng("rng", rng))
    within = conditional_correlations(samples[a], samples[b], samples[given])
    sampled = {"overall": correlation(samples[a], samples[b]), "given 0": within[0], "given 1": within[1]}
    exact = {"overall": exact_correlation(network, a, b),
             "given 0": exact_correlation(network, a, b, {given: 0}),
             "given 1": exact_correlation(network, a, b, {given: 1})}
    return DependenceSummary(sampled, exact, n_samples)
