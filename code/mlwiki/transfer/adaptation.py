"""Ways to adapt a trained network to a new domain, from retraining nothing to retraining everything.

Every method starts from a copy of the pretrained network (the original is never
changed), decides which parameters may move, and then trains on the few labelled
examples of the new domain:

==============  =============================================================
``scratch``     a fresh network of the same shape; everything trains
``last layer``  only the output layer trains (the features are kept)
``first layer`` only the layer that reads the pixels trains
``all layers``  every weight trains ("full fine-tuning")
``adapter``     everything is frozen; a small :class:`~mlwiki.nn.Adapter` is inserted
                after the first hidden layer and only it trains
``soft prompt`` everything is frozen; only the :class:`~mlwiki.nn.SoftPrompt` in
                front of the network trains (the network must have one)
==============  =============================================================
"""

from __future__ import annotations

import copy

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.nn.activations import ReLU
from mlwiki.nn.adapter import Adapter
from mlwiki.nn.dense import Dense
from mlwiki.nn.freezing import freeze, unfreeze
from mlwiki.nn.losses import CategoricalCrossEntropy, one_hot
from mlwiki.nn.optimizers import Adam
from mlwiki.nn.prompt import SoftPrompt
from mlwiki.nn.sequential import Sequential
from mlwiki.nn.training import fit

__all__ = ["METHODS", "LEARNING_RATES", "digits_mlp", "prepare", "adapt"]

METHODS = ("scratch", "last layer", "first layer", "all layers", "adapter", "soft prompt")

#: Adam step sizes, fixed in advance.  Prompt vectors take a much larger step than
#: weights, as in Lester et al. (2021), who tuned prompts at 0.3 against 0.001 for the model.
LEARNING_RATES = {method: 0.01 for method in METHODS} | {"soft prompt": 0.1}

_ADAPTER_BOTTLENECK = 8


def digits_mlp(rng, *, n_prompt: int = 0, n_in: int = 64, n_classes: int = 10) -> Sequential:
    """The network of this chapter: ``n_in -> 64 -> 32 -> n_classes``, ReLU hidden layers.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws the initial weights (He initialisation for the ReLU layers).
    n_prompt : int
        If > 0, a :class:`~mlwiki.nn.SoftPrompt` of that length is put in front and
        frozen at zero, and the first layer reads ``n_prompt + n_in`` inputs.
    n_in, n_classes : int

    Returns
    -------
    Sequential
        6,570 parameters for the default sizes without a prompt.
    """
    rng = _check_rng("rng", rng)
    n_prompt = _check_positive_int("n_prompt", n_prompt, allow_zero=True)
    n_in = _check_positive_int("n_in", n_in)
    n_classes = _check_positive_int("n_classes", n_classes)
    layers = [Dense(n_prompt + n_in, 64, rng=rng, init="he"), ReLU(),
              Dense(64, 32, rng=rng, init="he"), ReLU(), Dense(32, n_classes, rng=rng)]
    if n_prompt:
        prompt = SoftPrompt(n_prompt)
        freeze(prompt)           # zero and fixed until prompt tuning
        layers.insert(0, prompt)
    return Sequential(layers)


def _dense_layers(model) -> list:
    return [layer for layer in model.layers if isinstance(layer, Dense)]


def prepare(pretrained, method: str, *, rng) -> Sequential:
    """A copy of ``pretrained`` (or a fresh network) with exactly the parameters ``method`` trains.

    Parameters
    ----------
    pretrained : Sequential
        Built by :func:`digits_mlp` and trained; left unchanged.
    method : str
        One of :data:`METHODS`.
    rng : numpy.random.Generator
        Initial weights of a fresh network (``scratch``) or of an adapter.

    Returns
    -------
    Sequential
        Ready for :func:`adapt`.
    """
    if not isinstance(pretrained, Sequential):
        raise ValueError(f"pretrained must be a Sequential, got {type(pretrained).__name__}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    rng = _check_rng("rng", rng)
    has_prompt = isinstance(pretrained.layers[0], SoftPrompt)
    if method == "scratch":
        first = _dense_layers(pretrained)[0]
        n_prompt = pretrained.layers[0].n_prompt if has_prompt else 0
        return digits_mlp(rng, n_prompt=n_prompt, n_in=first.n_in - n_prompt,
                          n_classes=_dense_layers(pretrained)[-1].n_out)
    model = copy.deepcopy(pretrained)
    freeze(model)
    dense = _dense_layers(model)
    if method == "last layer":
        unfreeze(dense[-1])
    elif method == "first layer":
        unfreeze(dense[0])
    elif method == "all layers":
        unfreeze(dense)
    elif method == "adapter":
        after = next(i for i, layer in enumerate(model.layers) if isinstance(layer, ReLU)) + 1
        adapter = Adapter(dense[0].n_out, _ADAPTER_BOTTLENECK, rng=rng)
        model = Sequential(model.layers[:after] + [adapter] + model.layers[after:])
    else:  # soft prompt
        if not has_prompt:
            raise ValueError("method 'soft prompt' needs a network built with a SoftPrompt (digits_mlp(n_prompt=...))")
        unfreeze(model.layers[0])
    return model


def adapt(model, x, y, *, steps: int, lr: float, rng) -> Sequential:
    """Train ``model``'s trainable parameters on the labelled examples ``(x, y)``, full batch.

    Parameters
    ----------
    model : Sequential
        As returned by :func:`prepare`; changed in place.
    x : ndarray of shape (n_samples, n_features)
    y : ndarray of int, shape (n_samples,)
    steps : int
        Adam steps, each on all the examples.
    lr : float
        Adam learning rate.
    rng : numpy.random.Generator
        Handed to :func:`~mlwiki.nn.fit` (full-batch training does not shuffle).

    Returns
    -------
    Sequential
        ``model``, trained.
    """
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    y = _check_finite_array("y", y, ndim=1).astype(np.int64)
    if y.size != x.shape[0]:
        raise ValueError(f"y must hold one label per row of x ({x.shape[0]}), got {y.size}")
    steps = _check_positive_int("steps", steps)
    lr = _check_positive("lr", lr)
    n_classes = _dense_layers(model)[-1].n_out
    fit(model, CategoricalCrossEntropy(from_logits=True), Adam(lr), x, one_hot(y, n_classes),
        epochs=steps, rng=rng, metric=None)
    return model
