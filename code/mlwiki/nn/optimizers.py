"""Optimizers: turn accumulated gradients into in-place parameter updates.

An optimizer never lives inside a layer.  ``optimizer.step(model)`` walks
``model.parameters()`` (a list of ``(params, grads)`` dict pairs, as given by a
:class:`~mlwiki.nn.Sequential` or a single layer) and updates every parameter array
in place from the gradient stored under the same key.  Stateful optimizers keep
their running averages per parameter array.  ``step`` does not zero the
gradients; the training loop does that.
"""

from __future__ import annotations

import math

import numpy as np

from mlwiki._checks import _check_positive

__all__ = ["SGD", "Momentum", "Adam", "NAdam"]


def _check_beta(name: str, value) -> float:
    value = _check_positive(name, value, allow_zero=True)
    if value >= 1:
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


class _Optimizer:
    def __init__(self, lr):
        self.lr = _check_positive("lr", lr)
        self.n_steps = 0
        # id(param array) -> (param array, state dict); holding the array keeps the id valid.
        self._state: dict[int, tuple[np.ndarray, dict]] = {}

    def _pairs(self, model):
        if not hasattr(model, "parameters"):
            raise ValueError(
                f"model must have a parameters() method (a Sequential or a Layer), "
                f"got {type(model).__name__}"
            )
        for params, grads in model.parameters():
            for key, param in params.items():
                yield param, grads[key]

    def _state_for(self, param: np.ndarray, *names: str) -> dict:
        """This parameter array's state, created as zero arrays called ``names`` on first use."""
        entry = self._state.get(id(param))
        if entry is None or entry[0] is not param:
            state = {name: np.zeros_like(param) for name in names}
            self._state[id(param)] = (param, state)
            return state
        return entry[1]

    def step(self, model) -> None:
        """Update every parameter of ``model`` in place from its accumulated gradient."""
        self.n_steps += 1
        for param, grad in self._pairs(model):
            self._update(param, grad)

    def _update(self, param, grad):  # pragma: no cover - each subclass defines it
        raise NotImplementedError


class SGD(_Optimizer):
    """Plain gradient descent: w <- w - lr * dE/dw.

    Parameters
    ----------
    lr : float
        Learning rate (step size), > 0.
    """

    def _update(self, param, grad):
        param -= self.lr * grad

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr})"


class Momentum(_Optimizer):
    """Heavy-ball momentum: v <- beta v + dE/dw;  w <- w - lr v.

    The velocity v is a running sum of past gradients, so steps grow along
    directions where the gradient keeps its sign and cancel where it oscillates.
    """

    def __init__(self, lr, beta: float = 0.9):
        super().__init__(lr)
        self.beta = _check_beta("beta", beta)

    def _update(self, param, grad):
        velocity = self._state_for(param, "velocity")["velocity"]
        velocity *= self.beta
        velocity += grad
        param -= self.lr * velocity

    def __repr__(self) -> str:
        return f"Momentum(lr={self.lr}, beta={self.beta})"


class Adam(_Optimizer):
    """Adam (Kingma & Ba, 2015): per-parameter steps scaled by running gradient moments.

    m <- beta1 m + (1 - beta1) g,   v <- beta2 v + (1 - beta2) g^2,
    w <- w - lr * m_hat / (sqrt(v_hat) + eps), with the bias corrections
    m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t) at step t = 1, 2, ...
    """

    def __init__(self, lr=1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8):
        super().__init__(lr)
        self.beta1 = _check_beta("beta1", beta1)
        self.beta2 = _check_beta("beta2", beta2)
        self.eps = _check_positive("eps", eps)

    def _moments(self, param, grad):
        """Update and return (m, v, t) of this parameter array; t counts its own steps."""
        state = self._state_for(param, "m", "v")
        m, v = state["m"], state["v"]
        state["t"] = t = state.get("t", 0) + 1
        # m <- beta1 m + (1 - beta1) g written as m += (1 - beta1)(g - m): fewer temporaries
        m += (1 - self.beta1) * (grad - m)
        v += (1 - self.beta2) * (grad * grad - v)
        return m, v, t

    def _update(self, param, grad):
        m, v, t = self._moments(param, grad)
        # lr * m_hat / (sqrt(v_hat) + eps) with the bias corrections folded into scalars
        v_correction = math.sqrt(1 - self.beta2**t)  # a Python float keeps float32 math in float32
        denom = np.sqrt(v)
        denom += self.eps * v_correction
        denom *= (1 - self.beta1**t) / (self.lr * v_correction)
        param -= m / denom

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


class NAdam(Adam):
    """Adam with Nesterov momentum (Dozat, 2016), without the momentum schedule.

    Like Adam, but the step looks one momentum step ahead:
    m_bar = beta1 m / (1 - beta1^{t+1}) + (1 - beta1) g / (1 - beta1^t),
    w <- w - lr * m_bar / (sqrt(v_hat) + eps).
    """

    def _update(self, param, grad):
        m, v, t = self._moments(param, grad)
        b1 = self.beta1
        m_bar = (b1 / (1 - b1 ** (t + 1))) * m + ((1 - b1) / (1 - b1**t)) * grad
        denom = np.sqrt(v / (1 - self.beta2**t))
        denom += self.eps
        param -= self.lr * (m_bar / denom)
