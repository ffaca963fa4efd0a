"""Stochastic gradient descent for one sigmoid neuron, or for many at once.

Stochastic gradient descent picks one sample at random (with replacement) per iteration and
steps against that sample's gradient.  :func:`train_sgd` records the *cumulative* squared
error, summed over all samples, every ``record_every`` steps; :func:`train_sgd_many` does the
same for many starting neurons at once and gives the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.neuron.model import (SigmoidNeuron, _check_data, _check_loss, _check_neuron, _gradient, _sigmoid,
                                 _sum_squared_error)

__all__ = ["TrainingHistory", "train_sgd", "train_sgd_many"]


@dataclass(frozen=True)
class TrainingHistory:
    """What :func:`train_sgd` returns.

    Attributes
    ----------
    iterations : ndarray of shape (n_records,)
        Number of SGD steps taken when each error was recorded (0, record_every, ...).
    cumulative_error : ndarray of shape (n_records,)
        Squared error summed over all samples at those moments (whichever loss was minimised).
    neuron : SigmoidNeuron
        The trained neuron (the one passed in is left unchanged).
    """

    iterations: np.ndarray
    cumulative_error: np.ndarray
    neuron: SigmoidNeuron

    def jitter(self):
        """How noisy the end of the run is: the standard deviation of the change between
        consecutive records over the second half of the records."""
        second_half = self.cumulative_error[self.cumulative_error.size // 2:]
        return float(np.diff(second_half).std()) if second_half.size > 1 else 0.0

    def first_step_below(self, level):
        """The first recorded step whose cumulative error is below ``level``, or None if none is."""
        level = float(_check_finite_array("level", level, ndim=0, dtype=float))
        below = np.flatnonzero(self.cumulative_error < level)
        return int(self.iterations[below[0]]) if below.size else None


def _check_training(x, targets, n_in, lr, iterations, record_every, loss):
    x, targets = _check_data(n_in, x, targets)
    lr = _check_positive("lr", lr)
    iterations = _check_positive_int("iterations", iterations)
    record_every = _check_positive_int("record_every", record_every)
    return x, targets, lr, iterations, record_every, _check_loss(loss)


def train_sgd(neuron, x, targets, *, lr, iterations, rng, record_every=100,
              loss="squared_error") -> TrainingHistory:
    """Stochastic gradient descent, one random sample per step.

    Each step draws a sample index uniformly with replacement from ``rng`` and moves
    the weights and bias by ``-lr`` times that sample's gradient.  The cumulative squared
    error is recorded before the first step and after every ``record_every`` steps.  (The
    tutorial this follows recorded just *after* steps 0, 100, ..., so its curve is
    shifted by one step and lacks the starting value.)

    Parameters
    ----------
    neuron : SigmoidNeuron
        Starting point; not modified (a new neuron is returned in the history).
    x : array-like of shape (n_samples, n_in)
    targets : array-like of shape (n_samples,)
        In [0, 1].
    lr : float
        Learning rate (> 0).
    iterations : int
        Number of SGD steps (> 0).
    rng : numpy.random.Generator
        Source of the sample order.
    record_every : int
        Steps between error records (> 0).
    loss : {"squared_error", "cross_entropy"}
        The loss whose gradient is followed.  What is *recorded* is always the cumulative
        squared error, so runs with either loss are compared on one scale.

    Returns
    -------
    TrainingHistory
    """
    neuron = _check_neuron(neuron)
    x, targets, lr, iterations, record_every, loss = _check_training(
        x, targets, neuron.n_in, lr, iterations, record_every, loss)
    rng = _check_rng("rng", rng)

    # The loop works on plain arrays: inputs were checked once above, and rebuilding a
    # validated SigmoidNeuron every step would cost more than the step itself.
    weights, bias = neuron.weights.copy(), neuron.bias
    picks = rng.integers(x.shape[0], size=iterations)
    recorded_at, errors = [0], [_sum_squared_error(weights, bias, x, targets)]
    for step, i in enumerate(picks, start=1):
        grad_w, grad_b = _gradient(weights, bias, x[i], targets[i], loss)
        weights = weights - lr * grad_w
        bias = bias - lr * grad_b
        if step % record_every == 0:
            recorded_at.append(step)
            errors.append(_sum_squared_error(weights, bias, x, targets))
    return TrainingHistory(np.array(recorded_at), np.array(errors), SigmoidNeuron(weights, bias))


def train_sgd_many(neurons, x, targets, *, lr, iterations, rngs, record_every=100,
                   loss="squared_error") -> list[TrainingHistory]:
    """:func:`train_sgd` for many starting neurons at once; the same histories, faster.

    Run ``k`` starts from ``neurons[k]`` with samples drawn from ``rngs[k]``, exactly as
    ``train_sgd(neurons[k], x, targets, rng=rngs[k], ...)`` would, but every step updates
    all neurons together with array operations instead of one Python step per neuron.

    Parameters
    ----------
    neurons : sequence of SigmoidNeuron
        Starting points (at least one), all with the same ``n_in``.
    rngs : sequence of numpy.random.Generator
        One per neuron.
    x, targets, lr, iterations, record_every, loss
        As in :func:`train_sgd`.

    Returns
    -------
    list of TrainingHistory
        One per neuron, in order.
    """
    neurons = list(neurons) if not isinstance(neurons, SigmoidNeuron) else [neurons]
    if not neurons:
        raise ValueError("neurons must contain at least one SigmoidNeuron")
    for neuron in neurons:
        _check_neuron(neuron)
    n_in = neurons[0].n_in
    if any(neuron.n_in != n_in for neuron in neurons):
        raise ValueError(f"neurons must all have the same n_in, got {sorted({n.n_in for n in neurons})}")
    rngs = list(rngs) if not isinstance(rngs, np.random.Generator) else [rngs]
    if len(rngs) != len(neurons):
        raise ValueError(f"rngs must hold one generator per neuron ({len(neurons)}), got {len(rngs)}")
    for rng in rngs:
        _check_rng("rngs", rng)
    x, targets, lr, iterations, record_every, loss = _check_training(
        x, targets, n_in, lr, iterations, record_every, loss)

    weights = np.stack([n.weights for n in neurons])  # (n_runs, n_in)
    bias = np.array([n.bias for n in neurons])  # (n_runs,)
    picks = np.stack([rng.integers(x.shape[0], size=iterations) for rng in rngs], axis=1)  # (iterations, n_runs)

    def sum_squared_errors():
        return np.sum((_sigmoid(weights @ x.T + bias[:, None]) - targets) ** 2, axis=1)

    recorded_at, errors = [0], [sum_squared_errors()]
    picked_x, picked_t = x[picks], targets[picks]  # (iterations, n_runs, n_in), (iterations, n_runs)
    squared = loss == "squared_error"
    for step in range(1, iterations + 1):
        xi, ti = picked_x[step - 1], picked_t[step - 1]
        p = _sigmoid((xi * weights).sum(axis=1) + bias)
        delta = 2.0 * (p - ti) * p * (1.0 - p) if squared else p - ti
        weights = weights - lr * (delta[:, None] * xi)
        bias = bias - lr * delta
        if step % record_every == 0:
            recorded_at.append(step)
            errors.append(sum_squared_errors())
    errors = np.stack(errors, axis=1)  # (n_runs, n_records)
    return [
        TrainingHistory(np.array(recorded_at), errors[k], SigmoidNeuron(weights[k], bias[k]))
        for k in range(len(neurons))
    ]
