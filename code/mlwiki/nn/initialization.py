"""Initial weights: how large they must be for a signal to survive many layers.

A unit of a dense layer computes ``z = sum_i x_i W_i + b``.  With weights drawn
independently with mean 0 and variance ``s^2`` (biases 0), and inputs independent of
the weights,

    Var(z) = n_in * s^2 * E[x^2].

Each layer multiplies the second moment of the signal by ``n_in s^2`` times whatever
the activation does to it, so over many layers the signal grows or shrinks
geometrically unless that product is 1:

* tanh (and the sigmoid's middle part) pass small inputs almost unchanged,
  E[tanh(z)^2] ~ Var(z), so ``s^2 = 1 / n_in`` keeps Var(z) steady.  Glorot and
  Bengio (2010) average the forward (``n_in``) and backward (``n_out``) conditions:
  ``s^2 = 2 / (n_in + n_out)`` -- "Xavier" initialisation;
* ReLU zeroes half of a symmetric input, E[relu(z)^2] = Var(z) / 2, so the
  variance must be doubled: ``s^2 = 2 / n_in`` -- "He" initialisation (He et al., 2015).

:func:`activation_std_by_depth` measures this by pushing random inputs through a deep
stack of equal-width layers.
"""

from __future__ import annotations

import numbers

import numpy as np

from mlwiki._checks import _check_positive, _check_positive_int, _check_rng

__all__ = ["init_std", "activation_std_by_depth"]

_SCHEMES = ("xavier", "he")
_ACTIVATIONS = {
    "linear": lambda z: z,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(z, 0.0),
}


def init_std(fan_in: int, fan_out: int, scheme: str) -> float:
    """Standard deviation of the initial weights under a named scheme.

    Parameters
    ----------
    fan_in, fan_out : int
        Number of inputs feeding each unit and of units each input feeds (for a dense
        layer ``n_in`` and ``n_out``; for a convolution ``C_in k^2`` and ``C_out k^2``).
    scheme : {"xavier", "he"}
        ``"xavier"``: sqrt(2 / (fan_in + fan_out)), for tanh and sigmoid;
        ``"he"``: sqrt(2 / fan_in), for ReLU.

    Returns
    -------
    float
    """
    fan_in = _check_positive_int("fan_in", fan_in)
    fan_out = _check_positive_int("fan_out", fan_out)
    if not isinstance(scheme, str) or scheme not in _SCHEMES:
        raise ValueError(f"scheme must be 'xavier' or 'he', got {scheme!r}")
    if scheme == "xavier":
        return float(np.sqrt(2.0 / (fan_in + fan_out)))
    return float(np.sqrt(2.0 / fan_in))


def activation_std_by_depth(n_layers: int, width: int, activation: str, weight_std, *, rng,
                            n_samples: int = 200) -> np.ndarray:
    """Standard deviation of the pre-activations z of every layer of a deep, random network.

    ``n_layers`` dense layers of ``width`` units each (zero biases), every one followed
    by ``activation``, are applied to ``n_samples`` standard-normal inputs of ``width``
    features.

    Parameters
    ----------
    n_layers : int
        Depth, >= 1.
    width : int
        Units per layer (= fan_in = fan_out), >= 1.
    activation : {"tanh", "relu", "linear"}
    weight_std : float or {"xavier", "he"}
        A fixed standard deviation (> 0) for every weight, or a scheme for :func:`init_std`.
    rng : numpy.random.Generator
        Draws the inputs and the weights.
    n_samples : int
        Inputs pushed through (the statistics are over samples and units).

    Returns
    -------
    ndarray of shape (n_layers,)
        Entry ``l`` is the standard deviation of the pre-activations of layer ``l + 1``,
        over all samples and units.
    """
    n_layers = _check_positive_int("n_layers", n_layers)
    width = _check_positive_int("width", width)
    n_samples = _check_positive_int("n_samples", n_samples)
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    if isinstance(weight_std, str):
        std = init_std(width, width, weight_std)
    elif isinstance(weight_std, numbers.Real) and not isinstance(weight_std, bool):
        std = _check_positive("weight_std", weight_std)
    else:
        raise TypeError(f"weight_std must be a positive number or 'xavier'/'he', got {weight_std!r}")
    rng = _check_rng("rng", rng)
    f = _ACTIVATIONS[activation]
    a = rng.standard_normal((n_samples, width))
    stds = np.empty(n_layers)
    for layer in range(n_layers):
        z = a @ (rng.standard_normal((width, width)) * std)
        stds[layer] = z.std()
        a = f(z)
    return stds
