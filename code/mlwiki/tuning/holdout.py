"""A test split that can be used once.

Every decision of a search -- which learning rate, which width, when to stop a
trial -- is made on the validation split.  The test split exists to measure the
finished model on data no decision has seen; look at it twice and the second look is
a decision too.  :class:`SealedTestSet` enforces this: :meth:`~SealedTestSet.evaluate`
answers once and raises on every further call.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.nn.training import accuracy

__all__ = ["SealedTestSet"]


class SealedTestSet:
    """Held-out examples whose accuracy can be measured exactly once.

    Parameters
    ----------
    x : ndarray of shape (n_samples, ...)
    y : ndarray of shape (n_samples,)
        Integer class labels.

    Attributes
    ----------
    n_evaluations : int
        How many times :meth:`evaluate` has answered (0 or 1).
    """

    def __init__(self, x, y):
        x = _check_finite_array("x", x, dtype=float)
        y = _check_finite_array("y", y, ndim=1)
        if x.ndim < 1 or x.shape[0] != y.size or y.size == 0:
            raise ValueError(f"x and y must hold the same non-zero number of samples, got {x.shape} and {y.shape}")
        self._x, self._y = x, y.astype(np.int64)
        self.n_evaluations = 0

    def __len__(self) -> int:
        return int(self._y.size)

    def evaluate(self, model) -> float:
        """Accuracy of ``model`` on the test split; the first call only.

        Raises
        ------
        RuntimeError
            On any call after the first.
        """
        if self.n_evaluations:
            raise RuntimeError("the test set has already been used once; choose on the validation split")
        if not hasattr(model, "predict"):
            raise ValueError(f"model must be a trained network with predict(), got {type(model).__name__}")
        self.n_evaluations += 1
        return accuracy(model, self._x, self._y)

    def __repr__(self) -> str:
        return f"SealedTestSet({len(self)} samples, used {self.n_evaluations} time(s))"
