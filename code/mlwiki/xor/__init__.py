"""XOR: the smallest problem no single line can solve, and a two-layer network that can.

* :mod:`mlwiki.xor.data` -- the four corners and their labels, and how many a line gets wrong;
* :mod:`mlwiki.xor.network` -- the ``2 -> n_hidden -> 1`` network, its squared error, and that
  error's gradient by the chain rule, checked against finite differences;
* :mod:`mlwiki.xor.hand_wired` -- the network that solves XOR by design;
* :mod:`mlwiki.xor.training` -- gradient descent, one run or many at once, and what a trained
  network gets right;
* :mod:`mlwiki.xor.plots` -- lines through the corners, the hand-wired network's two planes, a
  trained network's output, and the loss curves of many runs.
"""

from mlwiki.xor.data import count_misclassified, xor_data
from mlwiki.xor.hand_wired import hand_wired_network
from mlwiki.xor.network import ACTIVATIONS, TwoLayerNetwork, gradient_check, gradients, squared_error
from mlwiki.xor.plots import (plot_hand_wired, plot_line_attempt, plot_line_attempts, plot_loss_curves,
                              plot_network_output)
from mlwiki.xor.training import TrainingRun, max_target_error, pinned_corners, train, train_many

__all__ = [
    "ACTIVATIONS",
    "xor_data",
    "count_misclassified",
    "plot_line_attempt",
    "plot_line_attempts",
    "TwoLayerNetwork",
    "hand_wired_network",
    "squared_error",
    "gradients",
    "gradient_check",
    "TrainingRun",
    "train",
    "train_many",
    "max_target_error",
    "pinned_corners",
    "plot_hand_wired",
    "plot_network_output",
    "plot_loss_curves",
]
