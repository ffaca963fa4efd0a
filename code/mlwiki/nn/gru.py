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

import numbers

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
        PyTorch's; the biases start at zero except b_z (``update_bias``).
    dtype : {numpy.float64, numpy.float32}
    return_sequences : bool
        False: forward returns h_T (batch, n_hidden); True: every h_t (batch, time, n_hidden).
    update_bias : float
        Initial value of every entry of b_z.  With 0 the update gate starts near z = 1/2, so
        at first a state fades like (1/2)^k over k steps; with b the factor per step is
        sigmoid(b) (about 0.88 for b = 2), so a positive value starts the layer remembering.

    Shapes
    ------
    x : (batch, time, n_in).  ``params["input_weights"]`` (n_in, 3 n_hidden) and
    ``params["recurrent_weights"]`` (n_hidden, 3 n_hidden) hold the blocks [r | z | n];
    ``params["bias"]`` (3 n_hidden,) = [b_r | b_z | b_n] starts at [0 | update_bias | 0];
    ``params["recurrent_bias"]`` (n_hidden,) = b_hn starts at 0.
    """

    _n_blocks = 3

    def __init__(self, n_in: int, n_hidden: int, *, rng, dtype=np.float64, return_sequences: bool = False,
                 update_bias: float = 0.0):
        super().__init__(n_in, n_hidden, rng=rng, dtype=dtype, return_sequences=return_sequences)
        if isinstance(update_bias, bool) or not isinstance(update_bias, numbers.Real) or not np.isfinite(update_bias):
            raise ValueError(f"update_bias must be a finite real number, got {update_bias!r}")
        self.update_bias = float(update_bias)
        self.params["bias"][self.n_hidden : 2 * self.n_hidden] = self.update_bias
        self.params["recurrent_bias"] = np.zeros(self.n_hidden, dtype=self.dtype)
        self.grads["recurrent_bias"] = np.zeros(self.n_hidden, dtype=self.dtype)

    def __repr__(self) -> str:
        return (f"GRU({self.n_in}, {self.n_hidden}, return_sequences={self.return_sequences}, "
                f"update_bias={self.update_bias:g}, dtype={self.dtype.name})")

    # Inside, every per-step array is stored batch-last, (features, batch): the r, z and n
    # blocks of a (3 n_hidden, batch) product are then contiguous row blocks, and every
    # element-wise operation of the loop runs on contiguous memory (a strided column slice
    # of a (batch, 3 n_hidden) array costs several times more per call).

    def _run(self, x_time):
        n_hidden = self.n_hidden
        n_steps, batch, _ = x_time.shape
        # h W_h as W_h^T h^T; the r and z rows are pre-scaled by 1/2 because
        # sigmoid(a) = (1 + tanh(a / 2)) / 2, which never overflows.
        recurrent_weights_t = self.params["recurrent_weights"].T.copy()  # a copy: scaled below
        recurrent_weights_t[: 2 * n_hidden] *= 0.5
        projections = np.ascontiguousarray(self._input_projections(x_time).transpose(0, 2, 1))  # (time, 3H, batch)
        projections[:, : 2 * n_hidden] *= 0.5
        # b_hn repeated for every sequence: a contiguous add per step instead of a broadcast.
        recurrent_bias = np.repeat(self.params["recurrent_bias"][:, None], batch, axis=1)
        half = self.dtype.type(0.5)
        states = np.empty((n_steps + 1, n_hidden, batch), dtype=self.dtype)
        states[0] = 0.0
        # Per step: rows [r | z | h W_hn + b_hn] of the recurrent side, and the candidate n.
        steps = np.empty((n_steps, 3 * n_hidden, batch), dtype=self.dtype)
        candidates = np.empty((n_steps, n_hidden, batch), dtype=self.dtype)
        gate_inputs, candidate_inputs = projections[:, : 2 * n_hidden], projections[:, 2 * n_hidden :]
        for t in range(n_steps):
            h_previous, step, n = states[t], steps[t], candidates[t]
            np.matmul(recurrent_weights_t, h_previous, out=step)
            reset_update = step[: 2 * n_hidden]
            reset_update += gate_inputs[t]
            np.tanh(reset_update, out=reset_update)  # now r and z, after the next two lines
            reset_update *= half
            reset_update += half
            hn = step[2 * n_hidden :]
            hn += recurrent_bias
            np.multiply(step[:n_hidden], hn, out=n)  # r * (h W_hn + b_hn)
            n += candidate_inputs[t]
            np.tanh(n, out=n)
            h = states[t + 1]  # n + z (h_previous - n) = (1 - z) n + z h_previous
            np.subtract(h_previous, n, out=h)
            h *= reset_update[n_hidden:]
            h += n
        self._steps, self._candidates, self._states_hb = steps, candidates, states
        return states.transpose(0, 2, 1)  # (time + 1, batch, n_hidden) view for the base class

    def _backpropagate(self, state_gradients):
        """state_gradients: dE/dh_t from the output (time, batch, n_hidden).

        Returns dE/d(x_t W_x + b) for every step, (time, batch, 3 n_hidden).
        """
        n_hidden = self.n_hidden
        states, n, steps = self._states_hb, self._candidates, self._steps
        r, z, hn = steps[:, :n_hidden], steps[:, n_hidden : 2 * n_hidden], steps[:, 2 * n_hidden :]
        grads_hb = np.ascontiguousarray(state_gradients.transpose(0, 2, 1))  # (time, H, batch), completed below
        recurrent_weights = self.params["recurrent_weights"]  # (H, 3H): dE/dh_{t-1} = W_h dE/d(rows)
        # Local slopes of every step at once, before the sequential part:
        candidate_slope = (1.0 - z) * (1.0 - n * n)  # dh_t / d(pre-activation of n_t)
        update_slope = (states[:-1] - n) * z * (1.0 - z)  # dh_t / d(pre-activation of z_t)
        reset_slope = hn * r * (1.0 - r)  # d(pre-activation of n_t) / d(pre-activation of r_t)
        # Per step: dE/d of the rows [r pre-activation | z pre-activation | h W_hn + b_hn].
        row_gradients = np.empty_like(steps)
        candidate_gradients = np.empty_like(n)  # dE/d(pre-activation of n_t)
        carried = np.empty_like(grads_hb[0])
        for t in range(grads_hb.shape[0] - 1, -1, -1):
            grad, dn, rows = grads_hb[t], candidate_gradients[t], row_gradients[t]
            np.multiply(grad, candidate_slope[t], out=dn)
            np.multiply(dn, reset_slope[t], out=rows[:n_hidden])
            np.multiply(grad, update_slope[t], out=rows[n_hidden : 2 * n_hidden])
            np.multiply(dn, r[t], out=rows[2 * n_hidden :])
            if t > 0:
                # h_{t-1} reaches h_t through all three recurrent products and directly via z_t
                previous = grads_hb[t - 1]
                np.matmul(recurrent_weights, rows, out=carried)
                previous += carried
                np.multiply(grad, z[t], out=carried)
                previous += carried
        self._state_gradients = grads_hb.transpose(0, 2, 1)
        # dE/dW_h = sum over t of h_{t-1} (rows_t)^T: one contraction over time and batch.
        self.grads["recurrent_weights"] += np.tensordot(states[:-1], row_gradients, axes=([0, 2], [0, 2]))
        self.grads["recurrent_bias"] += row_gradients[:, 2 * n_hidden :].sum(axis=(0, 2))
        # The input side sees the same r and z gradients; for n it sees dE/d(pre-activation).
        row_gradients[:, 2 * n_hidden :] = candidate_gradients
        return np.ascontiguousarray(row_gradients.transpose(0, 2, 1))


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
