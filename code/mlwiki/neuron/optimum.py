"""The best a single sigmoid neuron can do: the lowest cumulative squared error on the data.

Training by stochastic gradient descent wanders around a minimum; this finds the minimum itself
(with SciPy's BFGS), the level a training run is measured against.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng
from mlwiki.neuron.model import SigmoidNeuron, _check_data, _sigmoid

__all__ = ["lowest_cumulative_error"]


def lowest_cumulative_error(x, targets, *, rng, n_starts=20):
    """The smallest cumulative squared error any single sigmoid neuron reaches on the data.

    The error is minimised over ``w`` and ``b`` with SciPy's quasi-Newton BFGS method, using
    the exact gradient, from ``n_starts`` standard-normal starting points; the best result
    is returned.  (The error surface has several valleys, hence many starts.)

    Parameters
    ----------
    x : array-like of shape (n_samples, n_in)
    targets : array-like of shape (n_samples,)
        In [0, 1].
    rng : numpy.random.Generator
        Draws the starting points.
    n_starts : int
        Number of starting points (> 0).

    Returns
    -------
    error : float
        The lowest cumulative squared error found.
    neuron : SigmoidNeuron
        A neuron that reaches it.
    """
    from scipy.optimize import minimize  # imported here: only this function needs it

    x = _check_finite_array("x", x, ndim=2, dtype=float)
    x, targets = _check_data(x.shape[1], x, targets)
    rng = _check_rng("rng", rng)
    n_starts = _check_positive_int("n_starts", n_starts)
    n_in = x.shape[1]

    def error_and_gradient(params):
        weights, bias = params[:n_in], params[n_in]
        p = _sigmoid(x @ weights + bias)
        delta = 2.0 * (p - targets) * p * (1.0 - p)  # dE/dz for each sample
        return float(np.sum((p - targets) ** 2)), np.append(delta @ x, delta.sum())

    best = None
    for _ in range(n_starts):
        result = minimize(error_and_gradient, rng.standard_normal(n_in + 1), jac=True, method="BFGS")
        if best is None or result.fun < best.fun:
            best = result
    return float(best.fun), SigmoidNeuron(best.x[:n_in], best.x[n_in])
