"""Freezing layers: keep some parameters fixed while the rest of a network trains.

Fine-tuning often updates only part of a pretrained network.  A layer whose
``trainable`` flag is False hides its parameters from :meth:`Layer.parameters`,
so every optimizer skips them and :meth:`Sequential.n_parameters` no longer counts
them.  Gradients still flow *through* a frozen layer to the layers before it --
freezing fixes the layer's weights, not its role in backpropagation.  (PyTorch's
``requires_grad = False`` does the same.)

    freeze(model.layers[:-1])          # retrain only the last layer
    count_parameters(model)            # ParameterCount(trainable=330, total=6570)
"""

from __future__ import annotations

from typing import NamedTuple

from mlwiki.nn.layer import Layer

__all__ = ["freeze", "unfreeze", "count_parameters", "ParameterCount"]


class ParameterCount(NamedTuple):
    """Numbers of scalar parameters: those an optimizer updates, and all of them."""

    trainable: int
    total: int


def _layers(name: str, layers) -> list[Layer]:
    """Accept one Layer, a Sequential (its layers) or an iterable of Layers."""
    if isinstance(layers, Layer):
        return [layers]
    if hasattr(layers, "layers") and not isinstance(layers, (str, bytes)):
        layers = layers.layers
    try:
        items = list(layers)
    except TypeError:
        raise TypeError(f"{name} must be a Layer, a Sequential or an iterable of Layers, "
                        f"got {type(layers).__name__}") from None
    for i, layer in enumerate(items):
        if not isinstance(layer, Layer):
            raise TypeError(f"{name}[{i}] must be a Layer, got {type(layer).__name__}")
    return items


def _set_trainable(layers, value: bool) -> list[Layer]:
    items = _layers("layers", layers)
    for layer in items:
        layer.trainable = value
    return items


def freeze(layers) -> list[Layer]:
    """Mark ``layers`` as not trainable; optimizers then leave their parameters unchanged.

    Parameters
    ----------
    layers : Layer, Sequential or iterable of Layer
        E.g. ``model.layers[:-1]`` to keep everything but the last layer fixed.

    Returns
    -------
    list of Layer
        The layers that were frozen.
    """
    return _set_trainable(layers, False)


def unfreeze(layers) -> list[Layer]:
    """Mark ``layers`` as trainable again (the default of every layer).

    Parameters
    ----------
    layers : Layer, Sequential or iterable of Layer

    Returns
    -------
    list of Layer
    """
    return _set_trainable(layers, True)


def count_parameters(model) -> ParameterCount:
    """Count the scalar parameters of ``model``: trainable ones and all, frozen included.

    Parameters
    ----------
    model : Sequential, Layer or iterable of Layer

    Returns
    -------
    ParameterCount
        ``(trainable, total)``.
    """
    items = _layers("model", model)
    total = sum(p.size for layer in items for p in layer.params.values())
    trainable = sum(p.size for layer in items for params, _ in layer.parameters() for p in params.values())
    return ParameterCount(trainable=int(trainable), total=int(total))
