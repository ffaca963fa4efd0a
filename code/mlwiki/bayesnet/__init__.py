"""Directed graphical models over binary variables, and how dependence flows through them.

* :mod:`mlwiki.bayesnet.network` -- the network, ancestral sampling, exact queries, and the
  chain, fork and collider;
* :mod:`mlwiki.bayesnet.dependence` -- correlations overall and within groups, sampled and exact;
* :mod:`mlwiki.bayesnet.plots` -- the dependence figure.
"""

from mlwiki.bayesnet.dependence import (DependenceSummary, conditional_correlations, correlation,
                                        exact_correlation, summarise_dependence)
from mlwiki.bayesnet.network import BinaryNetwork, canonical_structures
from mlwiki.bayesnet.plots import plot_dependence

__all__ = [
    "BinaryNetwork", "canonical_structures",
    "correlation", "conditional_correlations", "exact_correlation", "DependenceSummary", "summarise_dependence",
    "plot_dependence",
]
