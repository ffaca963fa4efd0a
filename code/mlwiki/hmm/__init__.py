"""Hidden Markov models with discrete observations, in small readable pieces.

* :mod:`mlwiki.hmm.model` -- the model, sampling, the dishonest casino;
* :mod:`mlwiki.hmm.inference` -- the scaled forward and backward passes (filtering, likelihood,
  posteriors) and the unscaled recursion that underflows;
* :mod:`mlwiki.hmm.decoding` -- the most probable hidden path, in log space;
* :mod:`mlwiki.hmm.enumeration` -- brute force over every path, to check the recursions;
* :mod:`mlwiki.hmm.plots` -- decoding and underflow figures.
"""

from mlwiki.hmm.enumeration import PathTable, enumerate_paths
from mlwiki.hmm.inference import ForwardResult, backward, forward, forward_unscaled, posteriors
from mlwiki.hmm.model import HMM, dishonest_casino, stationary_distribution
from mlwiki.hmm.plots import plot_decoding, plot_underflow
from mlwiki.hmm.decoding import viterbi

__all__ = [
    "HMM", "dishonest_casino", "stationary_distribution",
    "ForwardResult", "forward", "backward", "posteriors", "forward_unscaled",
    "viterbi",
    "PathTable", "enumerate_paths",
    "plot_decoding", "plot_underflow",
]
