"""The plain (Elman) recurrent layer: h_t = tanh(x_t W_x + h_{t-1} W_h + b).

Row-vector convention, as in :class:`~mlwiki.nn.Dense`: x_t is (batch, n_in), h_t is
(batch, n_hidden), W_x is (n_in, n_hidden), W_h is (n_hidden, n_hidden).  PyTorch's
``nn.RNN`` computes the same function with ``weight_ih = W_x^T``, ``weight_hh = W_h^T`` and
``bias_ih + bias_hh = b``.

Backpropagation through time, with a_t = x_t W_x + h_{t-1} W_h + b and G_t = dE/dh_t
(from the output at step t, if any, plus from h_{t+1}):

    dE/da_t     = G_t * (1 - h_t^2)
    G_{t-1}    += (dE/da_t) W_h^T
    dE/dW_h     = sum_t h_{t-1}^T dE/da_t,   dE/dW_x = sum_t x_t^T dE/da_t,   dE/db = sum_t dE/da_t

:func:`_plain_forward` and :func:`_plain_backward` spell this out step by step; the layer
computes the same with one matrix product for all input projections, one for each weight
gradient, and in-place updates inside the time loop.
"""

from __future__ import annotations

import numpy as np

from mlwiki.nn.recurrent import _RecurrentLayer

__all__ = ["RNN"]


class RNN(_RecurrentLayer):
    """Elman recurrent layer with a tanh non-linearity; h_0 = 0.

    Parameters
    ----------
    n_in : int
        Features per time step (e.g. the number of symbols, for one-hot inputs).
    n_hidden : int
        Size of the hidden state.
    rng : numpy.random.Generator
        Draws the initial weights, uniform in [-1/sqrt(n_hidden), 1/sqrt(n_hidden)] like
        PyTorch's; the bias starts at zero.
    dtype : {numpy.float64, numpy.float32}
    return_sequences : bool
        False: forward returns h_T, shape (batch, n_hidden).  True: every h_t, shape
        (batch, time, n_hidden).

    Shapes
    ------
    x : (batch, time, n_in).  ``params["input_weights"]`` (n_in, n_hidden),
    ``params["recurrent_weights"]`` (n_hidden, n_hidden), ``params["bias"]`` (n_hidden,).
    """

    _n_blocks = 1

    def _run(self, x_time):
        recurrent_weights = self.params["recurrent_weights"]
        pre = self._input_projections(x_time)  # x_t W_x + b for every step, (time, batch, n_hidden)
        n_steps, batch, n_hidden = pre.shape
        states = np.empty((n_steps + 1, batch, n_hidden), dtype=self.dtype)
        states[0] = 0.0
        np.tanh(pre[0], out=states[1])  # h_0 = 0: no recurrent term at the first step
        for t in range(1, n_steps):
            h = states[t + 1]
            np.matmul(states[t], recurrent_weights, out=h)
            h += pre[t]
            np.tanh(h, out=h)
        return states

    def _backpropagate(self, state_gradients):
        """state_gradients: dE/dh_t from the output (time, batch, n_hidden), completed in place."""
        states = self._states
        recurrent_weights_t = np.ascontiguousarray(self.params["recurrent_weights"].T)
        tanh_slope = 1.0 - states[1:] * states[1:]  # dh_t/da_t for every step at once
        pre_gradients = np.empty_like(state_gradients)
        carried = np.empty_like(state_gradients[0])
        for t in range(state_gradients.shape[0] - 1, -1, -1):
            np.multiply(state_gradients[t], tanh_slope[t], out=pre_gradients[t])
            if t > 0:
                # what h_{t-1} receives back through W_h, added to its own output gradient
                np.matmul(pre_gradients[t], recurrent_weights_t, out=carried)
                state_gradients[t - 1] += carried
        self._state_gradients = state_gradients
        n_steps, batch, n_hidden = pre_gradients.shape
        self.grads["recurrent_weights"] += (
            states[:-1].reshape(n_steps * batch, n_hidden).T @ pre_gradients.reshape(n_steps * batch, n_hidden)
        )
        return pre_gradients


def _plain_forward(x, input_weights, recurrent_weights, bias):
    """One sequence batch, one step at a time: x (batch, time, n_in) -> states h_1..h_T (batch, time, n_hidden)."""
    batch, n_steps, _ = x.shape
    h = np.zeros((batch, recurrent_weights.shape[0]))
    states = []
    for t in range(n_steps):
        h = np.tanh(x[:, t] @ input_weights + h @ recurrent_weights + bias)
        states.append(h)
    return np.stack(states, axis=1)


def _plain_backward(x, states, state_gradients, input_weights, recurrent_weights):
    """Backpropagation through time, one step at a time, newest first.

    ``state_gradients`` (batch, time, n_hidden) holds dE/dh_t from the output at each step
    (zeros where the output is not used).  Returns dE/dx and the three parameter gradients.
    """
    batch, n_steps, n_hidden = states.shape
    grads = {"input_weights": np.zeros_like(input_weights),
             "recurrent_weights": np.zeros_like(recurrent_weights),
             "bias": np.zeros(n_hidden)}
    input_gradient = np.zeros_like(x)
    from_later = np.zeros((batch, n_hidden))  # dE/dh_t arriving from step t + 1
    for t in reversed(range(n_steps)):
        h = states[:, t]
        h_previous = states[:, t - 1] if t > 0 else np.zeros_like(h)
        pre_gradient = (state_gradients[:, t] + from_later) * (1 - h**2)  # dE/da_t
        grads["input_weights"] += x[:, t].T @ pre_gradient
        grads["recurrent_weights"] += h_previous.T @ pre_gradient
        grads["bias"] += pre_gradient.sum(axis=0)
        input_gradient[:, t] = pre_gradient @ input_weights.T
        from_later = pre_gradient @ recurrent_weights.T
    return input_gradient, grads
