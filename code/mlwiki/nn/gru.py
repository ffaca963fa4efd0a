"""Gated recurrent unit (GRU), in PyTorch's convention.

Row-vector form (x_t is (batch, n_in), h_t is (batch, n_hidden)); sigma is the logistic
sigmoid and * the element-wise product:

    r_t = sigma(x_t W_xr + h_{t-1} W_hr + b_r)                  reset gate
    z_t = sigma(x_t W_xz + h_{t-1} W_hz + b_z)                  update gate
    n_t = tanh(x_t W_xn + b_n + r_t * (h_{t-1} W_hn + b_hn))    candidate state
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

A gate near z = 1 copies the state unchanged, and with it the gradient: dh_t/dh_{t-1}
contains the term diag(z_t), which does not shrink the way tanh'(a) W_h does.

This is ``torch.nn.GRU``: gates ordered r, z, n in the weight blocks, the reset gate applied
*after* the recurrent product, and a separate bias b_hn inside it.  (Cho et al. 2014 apply
r to h_{t-1} *before* multiplying by W_hn; that is a different function.)  PyTorch's two
bias vectors add up for r and z, so this layer keeps one bias per gate (``bias``, 3
n_hidden) plus ``recurrent_bias`` = b_hn (n_hidden): 2 n_hidden parameters fewer than
PyTorch's, the same functions.
"""

from __future__ import annotations

import numpy as np

from mlwiki.nn.activations import sigmoid
from mlwiki.nn.recurrent import _RecurrentLayer

__all__ = ["GRU"]


def _sigmoid_in_place(a: np.ndarray) -> None:
    """a <- 1 / (1 + e^{-a}) as (1 + tanh(a / 2)) / 2: exact, and tanh never overflows."""
    a *= 0.5
    np.tanh(a, out=a)
    a *= 0.5
    a += 0.5


class GRU(_RecurrentLayer):
    """Gated recurrent layer (PyTorch's GRU equations); h_0 = 0.

    Parameters
    ----------
    n_in : int
        Features per time step.
    n_hidden : int
        Size of the hidden state.
    rng : numpy.random.Generator
        Draws the initial weights, uniform in [-1/sqrt(n_hidden), 1/sqrt(n_hidden)] like
        PyTorch's; the biases start at zero.
    dtype : {numpy.float64, numpy.float32}
    return_sequences : bool
        False: forward returns h_T (batch, n_hidden); True: every h_t (batch, time, n_hidden).

    Shapes
    ------
    x : (batch, time, n_in).  ``params["input_weights"]`` (n_in, 3 n_hidden) and
    ``params["recurrent_weights"]`` (n_hidden, 3 n_hidden) hold the blocks [r | z | n];
    ``params["bias"]`` (3 n_hidden,) = [b_r | b_z | b_n]; ``params["recurrent_bias"]``
    (n_hidden,) = b_hn.
    """

    _n_blocks = 3

    def __init__(self, n_in: int, n_hidden: int, *, rng, dtype=np.float64, return_sequences: bool = False):
        super().__init__(n_in, n_hidden, rng=rng, dtype=dtype, return_sequences=return_sequences)
        self.params["recurrent_bias"] = np.zeros(self.n_hidden, dtype=self.dtype)
        self.grads["recurrent_bias"] = np.zeros(self.n_hidden, dtype=self.dtype)

    def _run(self, x_time):
        n_hidden = self.n_hidden
        recurrent_weights = self.params["recurrent_weights"]
        recurrent_bias = self.params["recurrent_bias"]
        projections = self._input_projections(x_time)  # x_t W_x + b, (time, batch, 3 n_hidden)
        n_steps, batch, _ = projections.shape
        states = np.empty((n_steps + 1, batch, n_hidden), dtype=self.dtype)
        states[0] = 0.0
        gates = np.empty((n_steps, batch, 2 * n_hidden), dtype=self.dtype)  # [r | z]
        candidates = np.empty((n_steps, batch, n_hidden), dtype=self.dtype)  # n
        recurrent_candidates = np.empty((n_steps, batch, n_hidden), dtype=self.dtype)  # h W_hn + b_hn
        recurrent_projection = np.empty((batch, 3 * n_hidden), dtype=self.dtype)
        for t in range(n_steps):
            h_previous = states[t]
            np.matmul(h_previous, recurrent_weights, out=recurrent_projection)
            reset_update = gates[t]
            np.add(projections[t, :, : 2 * n_hidden], recurrent_projection[:, : 2 * n_hidden], out=reset_update)
            _sigmoid_in_place(reset_update)
            hn = recurrent_candidates[t]
            np.add(recurrent_projection[:, 2 * n_hidden :], recurrent_bias, out=hn)
            n = candidates[t]
            np.multiply(reset_update[:, :n_hidden], hn, out=n)
            n += projections[t, :, 2 * n_hidden :]
            np.tanh(n, out=n)
            h = states[t + 1]  # n + z (h_previous - n) = (1 - z) n + z h_previous
            np.subtract(h_previous, n, out=h)
            h *= reset_update[:, n_hidden:]
            h += n
        self._gates, self._candidates, self._recurrent_candidates = gates, candidates, recurrent_candidates
        return states

    def _backpropagate(self, state_gradients):
        """state_gradients: dE/dh_t from the output (time, batch, n_hidden), completed in place.

        Returns dE/d(x_t W_x + b) for every step, (time, batch, 3 n_hidden).
        """
        n_hidden = self.n_hidden
        states, n, hn = self._states, self._candidates, self._recurrent_candidates
        r, z = self._gates[..., :n_hidden], self._gates[..., n_hidden:]
        recurrent_weights_t = np.ascontiguousarray(self.params["recurrent_weights"].T)
        # Local slopes of every step at once, before the sequential part:
        candidate_slope = (1.0 - z) * (1.0 - n * n)  # dh_t / d(pre-activation of n_t)
        update_slope = (states[:-1] - n) * z * (1.0 - z)  # dh_t / d(pre-activation of z_t)
        reset_slope = hn * r * (1.0 - r)  # d(pre-activation of n_t) / d(pre-activation of r_t)
        # Per step: dE/d of [r pre-activation | z pre-activation | h W_hn + b_hn].
        recurrent_gradients = np.empty(state_gradients.shape[:2] + (3 * n_hidden,), dtype=self.dtype)
        candidate_gradients = np.empty_like(state_gradients)  # dE/d(pre-activation of n_t)
        carried = np.empty_like(state_gradients[0])
        for t in range(state_gradients.shape[0] - 1, -1, -1):
            grad = state_gradients[t]
            dn = candidate_gradients[t]
            np.multiply(grad, candidate_slope[t], out=dn)
            step = recurrent_gradients[t]
            np.multiply(dn, reset_slope[t], out=step[:, :n_hidden])
            np.multiply(grad, update_slope[t], out=step[:, n_hidden : 2 * n_hidden])
            np.multiply(dn, r[t], out=step[:, 2 * n_hidden :])
            if t > 0:
                # h_{t-1} reaches h_t through all three recurrent products and directly via z_t
                np.matmul(step, recurrent_weights_t, out=carried)
                state_gradients[t - 1] += carried
                np.multiply(grad, z[t], out=carried)
                state_gradients[t - 1] += carried
        self._state_gradients = state_gradients
        n_steps, batch, width = recurrent_gradients.shape
        self.grads["recurrent_weights"] += (
            states[:-1].reshape(n_steps * batch, n_hidden).T @ recurrent_gradients.reshape(n_steps * batch, width)
        )
        self.grads["recurrent_bias"] += recurrent_gradients[..., 2 * n_hidden :].sum(axis=(0, 1))
        # The input side sees the same r and z gradients; for n it sees dE/d(pre-activation).
        recurrent_gradients[..., 2 * n_hidden :] = candidate_gradients
        return recurrent_gradients


def _plain_step(x_t, h_previous, params):
    """One GRU step written as the equations: x_t (batch, n_in), h_previous (batch, n_hidden) -> h_t."""
    w_x, w_h, b = params["input_weights"], params["recurrent_weights"], params["bias"]
    w_xr, w_xz, w_xn = np.split(w_x, 3, axis=1)
    w_hr, w_hz, w_hn = np.split(w_h, 3, axis=1)
    b_r, b_z, b_n = np.split(b, 3)
    r = sigmoid(x_t @ w_xr + h_previous @ w_hr + b_r)
    z = sigmoid(x_t @ w_xz + h_previous @ w_hz + b_z)
    n = np.tanh(x_t @ w_xn + b_n + r * (h_previous @ w_hn + params["recurrent_bias"]))
    return (1 - z) * n + z * h_previous


def _plain_forward(x, params):
    """x (batch, time, n_in) -> every state h_1..h_T (batch, time, n_hidden), one step at a time."""
    h = np.zeros((x.shape[0], params["recurrent_weights"].shape[0]))
    states = []
    for t in range(x.shape[1]):
        h = _plain_step(x[:, t], h, params)
        states.append(h)
    return np.stack(states, axis=1)
