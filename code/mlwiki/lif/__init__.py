"""The leaky integrate-and-fire (LIF) neuron, in three readable pieces.

* :mod:`mlwiki.lif.model` -- parameters, and the exact (exponential-Euler) simulation;
* :mod:`mlwiki.lif.theory` -- the rheobase and the closed-form firing rate;
* :mod:`mlwiki.lif.plots` -- the membrane trace and the rate-current curve.
"""

from mlwiki.lif.model import LIFParams, LIFResult, simulate, simulate_batch
from mlwiki.lif.plots import plot_membrane, plot_rate_vs_current, plot_step_response
from mlwiki.lif.theory import firing_rate, rheobase

__all__ = [
    "LIFParams",
    "LIFResult",
    "simulate",
    "simulate_batch",
    "rheobase",
    "firing_rate",
    "plot_membrane",
    "plot_rate_vs_current",
    "plot_step_response",
]
