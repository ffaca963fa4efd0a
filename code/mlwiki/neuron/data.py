"""The eight labelled 2-D points the single neuron learns from.

They come from a popular beginner's tutorial; no straight line separates them, so no single
neuron classifies all eight correctly.
"""

from __future__ import annotations

import numpy as np

__all__ = ["tutorial_points"]


def tutorial_points():
    """The eight labelled 2-D points of the single-neuron tutorial (Mesquita, Real Python).

    Returns
    -------
    x : ndarray of shape (8, 2)
        Inputs.
    targets : ndarray of shape (8,)
        Targets, 0 or 1 (as floats).
    """
    x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]], dtype=float)
    targets = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    return x, targets
