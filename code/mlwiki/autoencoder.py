"""Autoencoders: networks trained to reproduce their input through a narrow middle layer.

An autoencoder maps ``n_features`` inputs to a *code* of ``n_code < n_features`` numbers (the
encoder) and back to ``n_features`` outputs (the decoder), and is trained to make the output
equal the input, usually with the mean squared error.  The code is all the decoder sees, so
it must carry what the input needs to be rebuilt.

* With linear layers only, the best the network can do is PCA's reconstruction with
  ``n_code`` components; at that optimum the decoder's weights span the same subspace as the
  first ``n_code`` principal components, though not necessarily along the same axes
  (Baldi and Hornik, 1989).
* With non-linear hidden layers it can do better than any linear projection, on the data it
  is trained on -- how much better on new data is a question for measurement.
* Trained on corrupted inputs with clean targets, it becomes a *denoising* autoencoder
  (Vincent et al., 2008).

The models are ordinary :class:`~mlwiki.nn.Sequential` stacks, trained with :func:`~mlwiki.nn.fit`.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int
from mlwiki.nn import Dense, ReLU, Sequential

__all__ = ["linear_autoencoder", "mlp_autoencoder", "decoder_directions", "reconstruction_error"]


def _check_code(n_features, n_code):
    n_features = _check_positive_int("n_features", n_features)
    n_code = _check_positive_int("n_code", n_code)
    if n_code >= n_features:
        raise ValueError(f"n_code must be smaller than n_features ({n_features}) to force a summary, got {n_code}")
    return n_features, n_code


def linear_autoencoder(n_features: int, n_code: int, *, rng, dtype=np.float64) -> Sequential:
    """``Dense(n_features, n_code)`` then ``Dense(n_code, n_features)``, no activation.

    Parameters
    ----------
    n_features : int
        Inputs and outputs per sample.
    n_code : int
        Width of the code, ``1 <= n_code < n_features``.
    rng : numpy.random.Generator
        Initial weights.
    dtype : {numpy.float64, numpy.float32}
    """
    n_features, n_code = _check_code(n_features, n_code)
    return Sequential([Dense(n_features, n_code, rng=rng, dtype=dtype),
                       Dense(n_code, n_features, rng=rng, dtype=dtype)])


def mlp_autoencoder(n_features: int, n_hidden: int, n_code: int, *, rng, dtype=np.float64) -> Sequential:
    """A non-linear autoencoder: n_features -> n_hidden -> n_code -> n_hidden -> n_features.

    ReLU after each ``n_hidden`` layer (weights with He initialisation); the code and the
    output are linear, so the code can take any value and the output can match centred data.
    """
    n_features, n_code = _check_code(n_features, n_code)
    n_hidden = _check_positive_int("n_hidden", n_hidden)
    return Sequential([
        Dense(n_features, n_hidden, rng=rng, dtype=dtype, init="he"), ReLU(),
        Dense(n_hidden, n_code, rng=rng, dtype=dtype),
        Dense(n_code, n_hidden, rng=rng, dtype=dtype, init="he"), ReLU(),
        Dense(n_hidden, n_features, rng=rng, dtype=dtype),
    ])


def decoder_directions(model) -> np.ndarray:
    """The directions a linear autoencoder's decoder adds up: its weights, shape (n_code, n_features).

    Every output is ``bias + code @ weights``, so the outputs lie in the span of these rows
    (shifted by the bias).  Compare the span with PCA's through principal angles.
    """
    if not isinstance(model, Sequential) or len(model.layers) != 2 or not all(isinstance(l, Dense) for l in model.layers):
        raise ValueError("model must be a linear autoencoder: a Sequential of exactly two Dense layers")
    return model.layers[1].params["weights"].copy()


def reconstruction_error(model, x, target=None) -> float:
    """Mean squared difference per feature between ``model.predict(x)`` and ``target`` (default ``x``).

    Parameters
    ----------
    model : Sequential
        An autoencoder.
    x : array-like of shape (n_samples, n_features)
        What the model is given.
    target : array-like of the same shape, optional
        What its output should be: ``x`` itself, or the clean version of a corrupted ``x``.
    """
    if not hasattr(model, "predict"):
        raise TypeError(f"model must be a Sequential (with predict), got {type(model).__name__}")
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    target = x if target is None else _check_finite_array("target", target, ndim=2, dtype=float)
    if target.shape != x.shape:
        raise ValueError(f"target must have the shape of x {x.shape}, got {target.shape}")
    output = np.asarray(model.predict(x), dtype=float)
    if output.shape != target.shape:
        raise ValueError(f"the model's output has shape {output.shape}, but target has {target.shape}")
    return float(np.mean((output - target) ** 2))
