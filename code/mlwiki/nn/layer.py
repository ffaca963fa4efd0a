"""The contract every layer of :mod:`mlwiki.nn` follows.

A layer is a small object with two methods:

* ``forward(x) -> y`` computes the output for a batch and remembers whatever the
  backward pass will need;
* ``backward(output_gradient) -> input_gradient`` receives dE/dy for that same
  batch, adds dE/d(parameter) into ``layer.grads`` and returns dE/dx.

Parameters and their gradients live side by side in two dicts with the same keys
(``layer.params["weights"]`` and ``layer.grads["weights"]``).  Gradients
*accumulate* over backward calls until :meth:`Layer.zero_grad`; a layer never
changes its own parameters -- that is the optimizer's job.  Every array carries a
leading batch axis.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Layer"]


class Layer:
    """Base class of every layer: the shared bookkeeping, and no parameters by default.

    Attributes
    ----------
    params : dict[str, ndarray]
        Trainable arrays, updated in place by an optimizer.  Empty for layers
        without parameters.
    grads : dict[str, ndarray]
        dE/d(param) for each key of ``params``, same shapes and dtypes.
    trainable : bool
        Whether optimizers update ``params`` (class default True; see :func:`mlwiki.nn.freeze`).
    """

    trainable = True  # False: parameters() hides the params, so nothing updates or counts them

    def __init__(self):
        self.params: dict[str, np.ndarray] = {}
        self.grads: dict[str, np.ndarray] = {}
        # Training or evaluation mode.  Only layers that behave differently while training
        # (Dropout) read it; Sequential.predict switches it off for the duration of a call.
        self.training = True

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Output for the batch ``x`` (leading axis = samples)."""
        raise NotImplementedError(f"{type(self).__name__} must implement forward")

    def backward(self, output_gradient: np.ndarray) -> np.ndarray:
        """dE/dx for the batch of the last :meth:`forward`, accumulating dE/d(params)."""
        raise NotImplementedError(f"{type(self).__name__} must implement backward")

    def accumulate_parameter_gradients(self, output_gradient: np.ndarray) -> None:
        """The parameter half of :meth:`backward`, without returning dE/dx.

        The first layer of a network gets raw data as input; nobody needs dE/dx
        there, and for a convolution skipping it saves a third of the backward work.
        This default simply runs :meth:`backward` and drops the result.
        """
        self.backward(output_gradient)

    def zero_grad(self) -> None:
        """Reset every accumulated gradient to zero (in place, keeping the arrays)."""
        for grad in self.grads.values():
            grad.fill(0)

    def parameters(self) -> list[tuple[dict, dict]]:
        """``[(params, grads)]`` if the layer has parameters and is trainable, else ``[]``."""
        return [(self.params, self.grads)] if self.params and self.trainable else []

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x)

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"

    # ---- helpers for subclasses -------------------------------------------------

    def _remember_output_shape(self, y: np.ndarray) -> np.ndarray:
        self._output_shape = y.shape
        self._output_dtype = y.dtype
        return y

    def _check_output_gradient(self, output_gradient) -> np.ndarray:
        """Validate dE/dy against the last forward output: real, finite, same shape.

        Returned in the output's dtype, so that a float32 network never drifts to float64.
        """
        shape = getattr(self, "_output_shape", None)
        name = type(self).__name__
        if shape is None:
            raise ValueError(f"{name}: backward called before forward")
        grad = np.asarray(output_gradient)
        if grad.dtype.kind not in "fiu":
            raise TypeError(f"{name}: output_gradient must hold real numbers, got dtype {grad.dtype}")
        if grad.shape != shape:
            raise ValueError(
                f"{name}: output_gradient must have shape {shape} (the last forward output), got {grad.shape}"
            )
        if not _all_finite(grad):
            raise ValueError(f"{name}: output_gradient contains non-finite values (nan or inf)")
        return grad.astype(self._output_dtype, copy=False)


def _as_float_batch(layer_name: str, x, *, dtype=None, ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as a floating array with a batch axis, checking type, rank and finiteness.

    ``dtype`` None keeps a floating input's own dtype (float32 stays float32) and turns
    integers into float64.  Complex, boolean and non-numeric input is refused *before* any
    cast, so that it can never be silently turned into real numbers.

    Raises
    ------
    TypeError
        When ``x`` is not an array of real numbers (complex, bool, strings, objects).
    ValueError
        When its rank is wrong, its batch axis is empty or it holds nan or inf.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"{layer_name}: input x must be an array of real numbers: {exc}") from None
    kind = arr.dtype.kind  # (a dtype-kind test is much cheaper than np.issubdtype)
    if kind not in "fiu":
        what = {"c": "complex", "b": "boolean"}.get(kind, str(arr.dtype))
        raise TypeError(f"{layer_name}: input x must hold real numbers (float or int), got {what} values")
    if dtype is not None and arr.dtype != dtype:
        arr = arr.astype(dtype)
    elif kind != "f":
        arr = arr.astype(np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{layer_name}: input x must have {ndim} dimensions, got shape {arr.shape}")
    if arr.ndim < 1 or arr.shape[0] == 0:
        raise ValueError(f"{layer_name}: input x needs a non-empty batch axis, got shape {arr.shape}")
    if not _all_finite(arr):
        raise ValueError(f"{layer_name}: input x contains non-finite values (nan or inf)")
    return arr


def _all_finite(arr: np.ndarray) -> bool:
    """Whether every entry of an integer or floating array is finite."""
    return arr.dtype.kind != "f" or bool(np.isfinite(arr).all())


def _check_float_dtype(dtype) -> np.dtype:
    """Accept only float32 or float64 parameter dtypes."""
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dtype!r}") from None
    if dt not in (np.dtype(np.float32), np.dtype(np.float64)):
        raise TypeError(f"dtype must be numpy.float32 or numpy.float64, got {dt}")
    return dt


def _check_init(init, allowed: tuple[str, ...]) -> str:
    """The name of a weight initialisation scheme, one of ``allowed``."""
    if not isinstance(init, str) or init not in allowed:
        raise ValueError(f"init must be one of {', '.join(repr(a) for a in allowed)}, got {init!r}")
    return init
