"""Dropout: silence a random share of the units on every training step.

While training, each entry of the input is kept with probability ``1 - rate`` and
set to zero otherwise, independently for every sample and step; the kept entries are
divided by ``1 - rate`` so that every unit's expected output is unchanged
("inverted" dropout, Srivastava et al., 2014).  No unit can then rely on one
particular other unit being present, which discourages co-adapted features that fit
the training set only.  In evaluation mode (``layer.training = False``, as
:meth:`Sequential.predict` sets it) the layer passes its input through unchanged.
"""

from __future__ import annotations

import numbers

from mlwiki._checks import _check_rng
from mlwiki.nn.layer import Layer, _as_float_batch

__all__ = ["Dropout"]


class Dropout(Layer):
    """Inverted dropout.

    Parameters
    ----------
    rate : float
        Probability of zeroing an entry while training, in [0, 1).
    rng : numpy.random.Generator
        Draws the masks.

    Shapes
    ------
    x : any shape with a batch axis -> y of the same shape.
    """

    def __init__(self, rate: float, *, rng):
        super().__init__()
        if isinstance(rate, bool) or not isinstance(rate, numbers.Real):
            raise TypeError(f"rate must be a number in [0, 1), got {rate!r}")
        if not 0 <= rate < 1:
            raise ValueError(f"rate must be in [0, 1), got {rate!r}")
        self.rate = float(rate)
        self.rng = _check_rng("rng", rng)

    def forward(self, x):
        x = _as_float_batch("Dropout", x)
        if self.training and self.rate > 0:
            keep = 1.0 - self.rate
            # The mask holds 0 or 1 / keep, so backward is a single multiplication.
            self._mask = (self.rng.random(x.shape) < keep).astype(x.dtype) / x.dtype.type(keep)
        else:
            self._mask = None
        return self._remember_output_shape(x if self._mask is None else x * self._mask)

    def backward(self, output_gradient):
        grad = self._check_output_gradient(output_gradient)
        return grad if self._mask is None else grad * self._mask

    def __repr__(self) -> str:
        return f"Dropout(rate={self.rate})"
