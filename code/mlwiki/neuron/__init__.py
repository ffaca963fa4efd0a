"""One sigmoid neuron trained by stochastic gradient descent, in five readable pieces.

* :mod:`mlwiki.neuron.data` -- the eight labelled points of the single-neuron tutorial;
* :mod:`mlwiki.neuron.model` -- the neuron ``p = sigmoid(w . x + b)``, its error, and the
  gradient of the squared error and of the cross-entropy by the chain rule;
* :mod:`mlwiki.neuron.training` -- stochastic gradient descent, one neuron or many at once;
* :mod:`mlwiki.neuron.optimum` -- the lowest error any single neuron can reach on the data;
* :mod:`mlwiki.neuron.plots` -- error curves, final errors, and the inputs with the weight vector
  and the decision line.
"""

from mlwiki.neuron.data import tutorial_points
from mlwiki.neuron.model import LOSSES, SigmoidNeuron, cumulative_error, gradients, sigmoid_derivative
from mlwiki.neuron.optimum import lowest_cumulative_error
from mlwiki.neuron.plots import plot_error_curves, plot_final_errors, plot_inputs_and_weights
from mlwiki.neuron.training import TrainingHistory, train_sgd, train_sgd_many

__all__ = [
    "LOSSES",
    "sigmoid_derivative",
    "SigmoidNeuron",
    "TrainingHistory",
    "tutorial_points",
    "gradients",
    "cumulative_error",
    "train_sgd",
    "train_sgd_many",
    "lowest_cumulative_error",
    "plot_error_curves",
    "plot_final_errors",
    "plot_inputs_and_weights",
]
