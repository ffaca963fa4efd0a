"""The network that solves XOR by design, with no training: ``(x1 OR x2) AND NOT (x1 AND x2)``.

Each of its three units is one line: two hidden units cut the plane so that the two class-1
corners lie between their lines, and the output unit combines their answers.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive
from mlwiki.xor.network import TwoLayerNetwork

__all__ = ["hand_wired_network"]


def hand_wired_network(*, scale=1.0, activation="step") -> TwoLayerNetwork:
    """The network that solves XOR by design: ``(x1 OR x2) AND NOT (x1 AND x2)``.

    Hidden unit 1 is OR (``x1 + x2 - 0.5 > 0``), hidden unit 2 is NAND
    (``-x1 - x2 + 1.5 > 0``) and the output is AND of the two (``h1 + h2 - 1.5 > 0``).
    Every weight and bias is multiplied by ``scale``: that changes nothing for threshold
    units, and makes sigmoid units sharper (closer to thresholds) as it grows.

    Parameters
    ----------
    scale : float
        Positive factor on every weight and bias.
    activation : {"step", "sigmoid"}

    Returns
    -------
    TwoLayerNetwork
    """
    scale = _check_positive("scale", scale)
    return TwoLayerNetwork(
        hidden_weights=scale * np.array([[1.0, -1.0], [1.0, -1.0]]),
        hidden_bias=scale * np.array([-0.5, 1.5]),
        output_weights=scale * np.array([1.0, 1.0]),
        output_bias=scale * -1.5,
        activation=activation,
    )
