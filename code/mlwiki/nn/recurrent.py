"""What every recurrent layer shares: sequences in, hidden states out, gradients back through time.

A recurrent layer reads a batch of sequences ``x`` of shape (batch, time, n_in), one time
step after another, and keeps a hidden state ``h`` of ``n_hidden`` numbers per sequence that
each step updates from the previous state and the current input.  The initial state ``h_0``
is zero.  The layer returns the last state ``h_T`` (batch, n_hidden), ready for a
:class:`~mlwiki.nn.Dense` read-out, or with ``return_sequences=True`` every state
(batch, time, n_hidden).

Inside, sequences are stored *time-major* (time, batch, features), so the slice of one time
step is one contiguous block; the input projections of all time steps are one matrix product
before the loop, and the loop writes into preallocated arrays.  Backward runs the loop in
reverse (backpropagation through time) and leaves ``dE/dh_t`` for every step, which
:func:`state_gradient_norms` uses to measure how fast gradients shrink with distance in time.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_positive_int, _check_rng
from mlwiki.nn.layer import Layer, _as_float_batch, _check_float_dtype

__all__ = ["state_gradient_norms"]


class _RecurrentLayer(Layer):
    """Shared plumbing of :class:`~mlwiki.nn.RNN` and :class:`~mlwiki.nn.GRU`.

    Subclasses set ``_n_blocks`` (how many n_hidden-wide blocks the input and recurrent
    weights have: 1 for the plain RNN, 3 for the GRU's r, z, n) and implement

    * ``_run(x_time) -> states``: x_time (time, batch, n_in) -> h_0..h_T as
      (time + 1, batch, n_hidden), with h_0 = 0;
    * ``_backpropagate(state_gradients) -> input_side_gradients``: takes dE/dh_t from the
      output (time, batch, n_hidden), adds the recurrent-side parameter gradients to
      ``grads``, stores the completed dE/dh_t as ``self._state_gradients`` and returns
      dE/d(x_t W_x + b), shape (time, batch, n_blocks * n_hidden), from which this class
      computes dE/dW_x, dE/db and dE/dx.
    """

    _n_blocks = 1

    def __init__(self, n_in: int, n_hidden: int, *, rng, dtype=np.float64, return_sequences: bool = False):
        super().__init__()
        self.n_in = _check_positive_int("n_in", n_in)
        self.n_hidden = _check_positive_int("n_hidden", n_hidden)
        rng = _check_rng("rng", rng)
        self.dtype = _check_float_dtype(dtype)
        if not isinstance(return_sequences, bool):
            raise ValueError(f"return_sequences must be True or False, got {return_sequences!r}")
        self.return_sequences = return_sequences
        # PyTorch's initialisation: every weight uniform in [-1/sqrt(n_hidden), 1/sqrt(n_hidden)].
        bound = 1.0 / np.sqrt(self.n_hidden)
        width = self._n_blocks * self.n_hidden
        self.params = {
            "input_weights": rng.uniform(-bound, bound, (self.n_in, width)).astype(self.dtype),
            "recurrent_weights": rng.uniform(-bound, bound, (self.n_hidden, width)).astype(self.dtype),
            "bias": np.zeros(width, dtype=self.dtype),
        }
        self.grads = {key: np.zeros_like(value) for key, value in self.params.items()}

    # ---- forward ------------------------------------------------------------------------

    def forward(self, x):
        """x : (batch, time, n_in) -> h_T (batch, n_hidden), or every h_t (batch, time, n_hidden)."""
        name = type(self).__name__
        x = _as_float_batch(name, x, dtype=self.dtype)
        if x.ndim != 3 or x.shape[2] != self.n_in or x.shape[1] == 0:
            raise ValueError(
                f"{name}: input x must have shape (batch, time, {self.n_in}) with time >= 1, got {x.shape}"
            )
        # Time-major copy: x_time[t] is the (batch, n_in) block of step t.
        self._x_time = np.ascontiguousarray(x.transpose(1, 0, 2))
        self._states = self._run(self._x_time)  # (time + 1, batch, n_hidden), states[0] = h_0 = 0
        if self.return_sequences:
            return self._remember_output_shape(self._states[1:].transpose(1, 0, 2))
        return self._remember_output_shape(self._states[-1])

    def _input_projections(self, x_time: np.ndarray) -> np.ndarray:
        """x_t W_x + b for every time step at once: (time, batch, n_blocks * n_hidden)."""
        n_steps, batch, _ = x_time.shape
        projections = x_time.reshape(n_steps * batch, self.n_in) @ self.params["input_weights"]
        projections += self.params["bias"]
        return projections.reshape(n_steps, batch, -1)

    # ---- backward -----------------------------------------------------------------------

    def _state_gradients_from_output(self, output_gradient) -> np.ndarray:
        """dE/dh_t coming directly from the layer's output, time-major (time, batch, n_hidden)."""
        grad = self._check_output_gradient(output_gradient)
        if self.return_sequences:
            return grad.transpose(1, 0, 2).copy()  # a copy: backward completes it in place
        state_gradients = np.zeros_like(self._states[1:])
        state_gradients[-1] = grad
        return state_gradients

    def accumulate_parameter_gradients(self, output_gradient) -> None:
        """Backpropagate through time and add dE/d(every parameter) to ``grads`` (no dE/dx)."""
        self._pre_gradients = self._backpropagate(self._state_gradients_from_output(output_gradient))
        n_steps, batch, width = self._pre_gradients.shape
        # dE/dW_x = sum over steps and sequences of x_t^T (dE/d pre-activation_t): one product.
        self.grads["input_weights"] += (
            self._x_time.reshape(n_steps * batch, self.n_in).T @ self._pre_gradients.reshape(n_steps * batch, width)
        )
        self.grads["bias"] += self._pre_gradients.sum(axis=(0, 1))

    def backward(self, output_gradient):
        """output_gradient shaped like the last output -> dE/dx of shape (batch, time, n_in)."""
        self.accumulate_parameter_gradients(output_gradient)
        input_gradient = self._pre_gradients @ self.params["input_weights"].T  # (time, batch, n_in)
        return input_gradient.transpose(1, 0, 2)

    def hidden_state_gradients(self) -> np.ndarray:
        """dE/dh_t for t = 1..T from the last backward pass, shape (batch, time, n_hidden).

        Each entry is the *total* derivative: through the output at step t (with
        ``return_sequences``) and through every later state.
        """
        grads = getattr(self, "_state_gradients", None)
        if grads is None:
            raise ValueError(f"{type(self).__name__}: hidden_state_gradients needs a backward pass first")
        return grads.transpose(1, 0, 2)

    def __repr__(self) -> str:
        return (f"{type(self).__name__}({self.n_in}, {self.n_hidden}, "
                f"return_sequences={self.return_sequences}, dtype={self.dtype.name})")


def state_gradient_norms(layer, x) -> np.ndarray:
    """Spectral norm of dh_T/dh_{T-k} for k = 0, 1, ..., T-1, averaged over sequences.

    How strongly the last hidden state depends on the state k steps earlier: the factor by
    which backpropagation through time scales a gradient on its way back over k steps.  The
    Jacobian is computed exactly, by backpropagating each of the ``n_hidden`` unit vectors
    from h_T (one batch of ``n_sequences * n_hidden`` copies of the input).

    Parameters
    ----------
    layer : RNN or GRU
        Any recurrent layer of :mod:`mlwiki.nn`; its parameters and gradients are left as
        they were (the accumulated gradients are saved and restored).
    x : ndarray of shape (n_sequences, time, n_in)
        The sequences along which to measure.

    Returns
    -------
    ndarray of float64, shape (time,)
        Entry k is the mean over sequences of ||dh_T / dh_{T-k}||_2 (largest singular value);
        entry 0 is 1 (the identity).
    """
    if not isinstance(layer, _RecurrentLayer):
        raise ValueError(f"layer must be a recurrent layer of mlwiki.nn (RNN or GRU), got {type(layer).__name__}")
    x = _as_float_batch("state_gradient_norms", x, dtype=layer.dtype, ndim=3)
    n_sequences, n_steps, _ = x.shape
    n_hidden = layer.n_hidden
    saved_grads = {key: grad.copy() for key, grad in layer.grads.items()}
    saved_mode = layer.return_sequences
    try:
        layer.return_sequences = False
        # Copy i of each sequence sends the unit vector e_i back from h_T.
        layer.forward(np.repeat(x, n_hidden, axis=0))
        layer.accumulate_parameter_gradients(np.tile(np.eye(n_hidden, dtype=layer.dtype), (n_sequences, 1)))
        # rows: (sequence, i); dE/dh_t of copy i is row i of dh_T/dh_t.
        jacobians = layer.hidden_state_gradients().reshape(n_sequences, n_hidden, n_steps, n_hidden)
    finally:
        layer.return_sequences = saved_mode
        for key, grad in saved_grads.items():
            layer.grads[key][...] = grad
    jacobians = jacobians.transpose(0, 2, 1, 3).astype(np.float64)  # (sequence, t, i, j)
    norms = np.linalg.norm(jacobians, ord=2, axis=(2, 3)).mean(axis=0)  # indexed by t = 1..T
    return norms[::-1].copy()  # k = T - t
