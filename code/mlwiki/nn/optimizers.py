"""Optimizers: turn accumulated gradients into in-place parameter updates.

An optimizer never lives inside a layer.  ``optimizer.step(model)`` walks
``model.parameters()`` (a list of ``(params, grads)`` dict pairs, as given by a
:class:`~mlwiki.nn.Sequential` or a single layer) and updates every parameter array
in place from the gradient stored under the same key.  Stateful optimizers keep
their running averages per parameter array.  ``step`` does not zero the
gradients; the training loop does that.

Every optimizer takes ``weight_decay`` (default 0): the gradient of the penalty
``weight_decay / 2 * ||w||^2`` is added to each gradient before the update,
``g <- g + weight_decay * w``, for every parameter array, as ``torch.optim``
does with its ``weight_decay`` argument.
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
    def __init__(self, lr, weight_decay=0.0):
        self.lr = lr
        self.weight_decay = _check_positive("weight_decay", weight_decay, allow_zero=True)
        self.n_steps = 0
        # id(param array) -> (param array, state dict); holding the array keeps the id valid.
        self._state: dict[int, tuple[np.ndarray, dict]] = {}

    @property
    def lr(self) -> float:
        """Learning rate (step size), > 0; a schedule may change it between steps."""
        return self._lr

    @lr.setter
    def lr(self, value) -> None:
        self._lr = _check_positive("lr", value)

    def _pairs(self, model):
        parameters = getattr(model, "parameters", None)
        if not callable(parameters):
            raise TypeError(
                f"model must have a parameters() method (a Sequential or a Layer), got {type(model).__name__}"
            )
        for params, grads in parameters():
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
        pairs = list(self._pairs(model))
        self.n_steps += 1
        for param, grad in pairs:
            if self.weight_decay:
                grad = grad + self.weight_decay * param
            self._update(param, grad)

    def _update(self, param, grad):  # pragma: no cover - each subclass defines it
        raise NotImplementedError


class SGD(_Optimizer):
    """Plain gradient descent: w <- w - lr * dE/dw.

    Parameters
    ----------
    lr : float
        Learning rate (step size), > 0.
    weight_decay : float
        L2 penalty coefficient, >= 0 (see the module docstring).
    """

    def _update(self, param, grad):
        param -= self.lr * grad

    def __repr__(self) -> str:
        return f"SGD(lr={self.lr})"


class Momentum(_Optimizer):
    """Heavy-ball momentum: v <- beta v + dE/dw;  w <- w - lr v.

    The velocity v is a running sum of past gradients, so steps grow along
    directions where the gradient keeps its sign (towards lr / (1 - beta) times the
    gradient) and cancel where it oscillates.  The same update as
    ``torch.optim.SGD(momentum=beta)``.

    Parameters
    ----------
    lr : float
        Learning rate, > 0.
    beta : float
        Momentum coefficient in [0, 1).
    weight_decay : float
        L2 penalty coefficient, >= 0.
    """

    def __init__(self, lr, beta: float = 0.9, *, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
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

    Parameters
    ----------
    lr : float
        Learning rate, > 0.
    beta1, beta2 : float
        Decay rates of the two running averages, in [0, 1).
    eps : float
        Added to the denominator, > 0.
    weight_decay : float
        L2 penalty coefficient, >= 0.
    """

    def __init__(self, lr=1e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, *,
                 weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        self.beta1 = _check_beta("beta1", beta1)
        self.beta2 = _check_beta("beta2", beta2)
        self.eps = _check_positive("eps", eps)

    def _moments(self, param, grad):
        """Update and return (m, v, state) of this parameter array; state["t"] counts its steps."""
        state = self._state_for(param, "m", "v")
        m, v = state["m"], state["v"]
        state["t"] = state.get("t", 0) + 1
        # m <- beta1 m + (1 - beta1) g written as m += (1 - beta1)(g - m): fewer temporaries
        m += (1 - self.beta1) * (grad - m)
        v += (1 - self.beta2) * (grad * grad - v)
        return m, v, state

    def _update(self, param, grad):
        m, v, state = self._moments(param, grad)
        t = state["t"]
        # lr * m_hat / (sqrt(v_hat) + eps) with the bias corrections folded into scalars
        v_correction = math.sqrt(1 - self.beta2**t)  # a Python float keeps float32 math in float32
        denom = np.sqrt(v)
        denom += self.eps * v_correction
        denom *= (1 - self.beta1**t) / (self.lr * v_correction)
        param -= m / denom

    def __repr__(self) -> str:
        return f"{type(self).__name__}(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps})"


class NAdam(Adam):
    """Adam with Nesterov momentum ("NAdam", Dozat, 2016), as ``torch.optim.NAdam``.

    The step looks one momentum step ahead.  With a momentum coefficient mu_t at step t,

        w <- w - lr [ (1 - mu_t) g / (1 - prod_{i<=t} mu_i)
                      + mu_{t+1} m / (1 - prod_{i<=t+1} mu_i) ] / (sqrt(v_hat) + eps),

    with m and v_hat as in Adam.  Dozat warms the momentum up with the schedule
    mu_t = beta1 (1 - 0.5 * 0.96^(t * momentum_decay)) (momentum_decay = 0.004, the
    default here and in PyTorch): mu starts at beta1 / 2 and approaches beta1.  With a
    constant mu_t = beta1 the bracket becomes beta1 m / (1 - beta1^{t+1}) +
    (1 - beta1) g / (1 - beta1^t): Adam's bias-corrected m, decayed once more, plus the
    current gradient's share of the next step.

    Parameters
    ----------
    lr : float
        Learning rate, > 0.
    beta1, beta2, eps, weight_decay
        As in :class:`Adam`.
    momentum_decay : float
        psi of the schedule above, >= 0.  Large values make mu_t = beta1 from the start.
    """

    def __init__(self, lr=2e-3, beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, *,
                 weight_decay: float = 0.0, momentum_decay: float = 4e-3):
        super().__init__(lr, beta1, beta2, eps, weight_decay=weight_decay)
        self.momentum_decay = _check_positive("momentum_decay", momentum_decay, allow_zero=True)

    def _mu(self, t: int) -> float:
        return self.beta1 * (1.0 - 0.5 * 0.96 ** (t * self.momentum_decay))

    def _update(self, param, grad):
        m, v, state = self._moments(param, grad)
        t = state["t"]
        mu, mu_next = self._mu(t), self._mu(t + 1)
        state["mu_product"] = mu_product = state.get("mu_product", 1.0) * mu
        denom = np.sqrt(v / (1 - self.beta2**t))
        denom += self.eps
        step = ((1 - mu) / (1 - mu_product)) * grad + (mu_next / (1 - mu_product * mu_next)) * m
        param -= self.lr * (step / denom)

    def __repr__(self) -> str:
        return (f"NAdam(lr={self.lr}, beta1={self.beta1}, beta2={self.beta2}, eps={self.eps}, "
                f"momentum_decay={self.momentum_decay})")
