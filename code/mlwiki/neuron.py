"""One sigmoid neuron trained by stochastic gradient descent.

The neuron maps an input ``x`` of ``n_in`` features to ``p = sigmoid(w . x + b)``.
For one sample with target ``t`` the squared error is ``E = (p - t)^2`` and the chain rule
gives::

    dE/dp = 2 (p - t)
    dp/dz = sigmoid(z) (1 - sigmoid(z)) = p (1 - p)      with z = w . x + b
    dz/dw = x,  dz/db = 1
    => dE/dw = 2 (p - t) p (1 - p) x,   dE/db = 2 (p - t) p (1 - p)

The factor ``p (1 - p)`` is tiny when the neuron is saturated (``p`` near 0 or 1), so a
neuron that starts out confidently wrong barely moves.  The cross-entropy
``E = -[t ln p + (1 - t) ln(1 - p)]`` has ``dE/dp = (p - t) / (p (1 - p))``, which cancels
that factor: ``dE/dz = p - t``.  Both losses are available (``loss="squared_error"`` or
``"cross_entropy"``).

Stochastic gradient descent picks one sample at random (with replacement) per iteration and
steps against that sample's gradient.  :func:`train_sgd` records the *cumulative* squared
error, summed over all samples, every ``record_every`` steps; :func:`train_sgd_many` does the
same for many starting neurons at once and gives the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = [
    "LOSSES",
    "sigmoid_derivative",
    "SigmoidNeuron",
    "TrainingHistory",
    "tutorial_points",
    "gradients",
    "cumulative_error",
    "train_sgd",
    "train_sgd_many",
    "lowest_cumulative_error",
    "plot_error_curves",
    "plot_final_errors",
    "plot_inputs_and_weights",
]

LOSSES = ("squared_error", "cross_entropy")


def _sigmoid(z):
    """The logistic function ``1 / (1 + exp(-z))`` on an unchecked float array, without overflow.

    SciPy's ``expit`` evaluates it stably for any ``z`` (``exp`` never sees a large positive
    argument), in one pass, which matters inside loops that call it thousands of times.
    """
    return expit(z)


def sigmoid_derivative(z):
    """Derivative of the sigmoid at the pre-activation ``z``: ``sigmoid(z) (1 - sigmoid(z))``.

    Note the argument is ``z``, not the output ``sigmoid(z)``; ``p (1 - p)`` is the same
    number written in terms of the output.

    Parameters
    ----------
    z : float or array-like of any shape

    Returns
    -------
    float or ndarray of the same shape, in (0, 0.25]
    """
    s = _sigmoid(_check_finite_array("z", z, dtype=float))
    out = s * (1.0 - s)
    return float(out) if np.ndim(out) == 0 else out


def tutorial_points():
    """The eight labelled 2-D points of the single-neuron tutorial (Mesquita, Real Python).

    Returns
    -------
    x : ndarray of shape (8, 2)
        Inputs.
    targets : ndarray of shape (8,)
        Targets, 0 or 1 (as floats).
    """
    x = np.array([[3, 1.5], [2, 1], [4, 1.5], [3, 4], [3.5, 0.5], [2, 0.5], [5.5, 1], [1, 1]], dtype=float)
    targets = np.array([0, 1, 0, 1, 0, 1, 1, 0], dtype=float)
    return x, targets


@dataclass(frozen=True)
class SigmoidNeuron:
    """A single neuron ``p = sigmoid(w . x + b)``; immutable, so training returns a new one.

    Attributes
    ----------
    weights : ndarray of shape (n_in,)
        Read-only copy of the weights.
    bias : float
    """

    weights: np.ndarray
    bias: float

    def __post_init__(self):
        weights = _check_finite_array("weights", self.weights, ndim=1, dtype=float).copy()
        if weights.size == 0:
            raise ValueError("weights must have at least one entry")
        weights.flags.writeable = False
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "bias", float(_check_finite_array("bias", self.bias, ndim=0, dtype=float)))

    @classmethod
    def random(cls, n_in=2, *, rng):
        """Weights and bias drawn from a standard normal distribution, as in the tutorial."""
        n_in = _check_positive_int("n_in", n_in)
        rng = _check_rng("rng", rng)
        return cls(rng.standard_normal(n_in), rng.standard_normal())

    @property
    def n_in(self) -> int:
        return self.weights.size

    def _inputs(self, x):
        x = _check_finite_array("x", x, dtype=float)
        if x.ndim not in (1, 2) or x.shape[-1] != self.n_in:
            raise ValueError(f"x must have shape (n_in,) or (n_samples, n_in) with n_in = {self.n_in}, got {x.shape}")
        return x

    def pre_activation(self, x):
        """``z = x . w + b``: x of shape (n_in,) or (n_samples, n_in) -> float or (n_samples,)."""
        return self._inputs(x) @ self.weights + self.bias

    def predict(self, x):
        """Output ``sigmoid(z)`` in (0, 1): x of shape (n_in,) or (n_samples, n_in) -> float or (n_samples,)."""
        return _sigmoid(self.pre_activation(x))

    def classify(self, x):
        """Class 1 where the output exceeds 0.5 (i.e. ``z > 0``), else 0; ints of shape (n_samples,)."""
        return (self.pre_activation(x) > 0).astype(int)


def _check_neuron(neuron):
    if not isinstance(neuron, SigmoidNeuron):
        raise TypeError(f"neuron must be a SigmoidNeuron, got {type(neuron).__name__}")
    return neuron


def _check_data(n_in, x, targets):
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != n_in:
        raise ValueError(f"x must have shape (n_samples, {n_in}), got {x.shape}")
    if x.shape[0] == 0:
        raise ValueError("x must contain at least one sample")
    targets = _check_finite_array("targets", targets, ndim=1, dtype=float)
    if targets.shape[0] != x.shape[0]:
        raise ValueError(f"targets must have one entry per row of x ({x.shape[0]}), got {targets.shape[0]}")
    if np.any((targets < 0) | (targets > 1)):
        raise ValueError(f"targets must lie in [0, 1] (outputs of a sigmoid), got {np.unique(targets).tolist()}")
    return x, targets


def _check_loss(loss):
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    return loss


def gradients(neuron, x, target, *, loss="squared_error"):
    """Gradient of the loss on ONE sample with respect to the weights and the bias.

    Parameters
    ----------
    neuron : SigmoidNeuron
    x : array-like of shape (n_in,)
    target : float
        In [0, 1].
    loss : {"squared_error", "cross_entropy"}

    Returns
    -------
    grad_weights : ndarray of shape (n_in,)
        ``2 (p - t) p (1 - p) x`` for squared error, ``(p - t) x`` for cross-entropy.
    grad_bias : float
        The same without the factor ``x``.
    """
    neuron = _check_neuron(neuron)
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    target = _check_finite_array("target", target, ndim=0, dtype=float)
    x, targets = _check_data(neuron.n_in, x[None, :], target[None])
    loss = _check_loss(loss)
    return _gradient(neuron.weights, neuron.bias, x[0], targets[0], loss)


def _gradient(weights, bias, x, target, loss="squared_error"):
    """(dE/dw, dE/db) for one sample, on unchecked arrays (shared by gradients and train_sgd)."""
    z = float(x @ weights + bias)
    # Stable scalar sigmoid: exp only ever sees -|z|.  (Plain floats: this runs once per
    # SGD step, where NumPy's per-call overhead would dominate.)
    e = math.exp(-abs(z))
    p = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    if loss == "squared_error":
        # E = (p - t)^2:  dE/dz = dE/dp * dp/dz = 2 (p - t) * p (1 - p)
        delta = 2.0 * (p - target) * p * (1.0 - p)
    else:
        # E = -[t ln p + (1 - t) ln(1 - p)]:  dE/dp = (p - t) / (p (1 - p)), so dE/dz = p - t
        delta = p - target
    return delta * x, delta


def cumulative_error(neuron, x, targets) -> float:
    """Squared error summed over all samples: ``sum_i (p_i - t_i)^2``.

    x : array-like of shape (n_samples, n_in); targets : array-like of shape (n_samples,).
    """
    neuron = _check_neuron(neuron)
    x, targets = _check_data(neuron.n_in, x, targets)
    return _sum_squared_error(neuron.weights, neuron.bias, x, targets)


def _sum_squared_error(weights, bias, x, targets) -> float:
    return float(np.sum((_sigmoid(x @ weights + bias) - targets) ** 2))


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


def lowest_cumulative_error(x, targets, *, rng, n_starts=20):
    """The smallest cumulative squared error any single sigmoid neuron reaches on the data.

    The error is minimised over ``w`` and ``b`` with SciPy's quasi-Newton BFGS method, using
    the exact gradient, from ``n_starts`` standard-normal starting points; the best result
    is returned.  (The error surface has several valleys, hence many starts.)

    Parameters
    ----------
    x : array-like of shape (n_samples, n_in)
    targets : array-like of shape (n_samples,)
        In [0, 1].
    rng : numpy.random.Generator
        Draws the starting points.
    n_starts : int
        Number of starting points (> 0).

    Returns
    -------
    error : float
        The lowest cumulative squared error found.
    neuron : SigmoidNeuron
        A neuron that reaches it.
    """
    from scipy.optimize import minimize  # imported here: only this function needs it

    x = _check_finite_array("x", x, ndim=2, dtype=float)
    x, targets = _check_data(x.shape[1], x, targets)
    rng = _check_rng("rng", rng)
    n_starts = _check_positive_int("n_starts", n_starts)
    n_in = x.shape[1]

    def error_and_gradient(params):
        weights, bias = params[:n_in], params[n_in]
        p = _sigmoid(x @ weights + bias)
        delta = 2.0 * (p - targets) * p * (1.0 - p)  # dE/dz for each sample
        return float(np.sum((p - targets) ** 2)), np.append(delta @ x, delta.sum())

    best = None
    for _ in range(n_starts):
        result = minimize(error_and_gradient, rng.standard_normal(n_in + 1), jac=True, method="BFGS")
        if best is None or result.fun < best.fun:
            best = result
    return float(best.fun), SigmoidNeuron(best.x[:n_in], best.x[n_in])


def _check_references(references):
    if references is None:
        return {}
    if not isinstance(references, dict):
        raise TypeError(f"references must be a dict of label -> value, got {type(references).__name__}")
    return {str(k): float(_check_finite_array("references", v, ndim=0, dtype=float)) for k, v in references.items()}


def _draw_references(ax, references):
    theme = current_theme()
    styles = ["--", ":", "-."]
    for k, (label, value) in enumerate(references.items()):
        ax.axhline(value, color=theme.muted, linestyle=styles[k % len(styles)], linewidth=1.2,
                   label=f"{label} ({value:.3g})")


def plot_error_curves(curves, *, iterations, references=None, ax=None):
    """Cumulative error against SGD steps, one colour per label, with horizontal reference levels.

    Parameters
    ----------
    curves : dict[str, array-like of shape (n_records,) or (n_runs, n_records)]
        Legend label -> recorded errors of one run, or of several runs drawn in the same colour.
    iterations : array-like of shape (n_records,) or dict[str, array-like]
        Steps at which the errors were recorded (shared, or one array per label).
    references : dict[str, float], optional
        Label -> error level, drawn as muted horizontal lines (a baseline, an optimum).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError("curves must be a non-empty dict of label -> recorded errors")
    references = _check_references(references)
    ax = _axes(ax)
    palette = list(current_theme().colors.values())
    for k, (label, values) in enumerate(curves.items()):
        values = np.atleast_2d(_check_finite_array("curves", values, dtype=float))
        if values.ndim != 2:
            raise ValueError(f"curves[{label!r}] must have shape (n_records,) or (n_runs, n_records), got {values.shape}")
        steps = iterations[label] if isinstance(iterations, dict) else iterations
        steps = _check_finite_array("iterations", steps, ndim=1, dtype=float)
        if steps.shape != values.shape[1:]:
            raise ValueError(f"iterations for {label!r} must have shape ({values.shape[1]},), got {steps.shape}")
        for run, row in enumerate(values):
            ax.plot(steps, row, color=palette[k % 5], linewidth=1.6, alpha=0.9 if values.shape[0] > 1 else 1.0,
                    label=label if run == 0 else None)
    _draw_references(ax, references)
    ax.set_xlabel("SGD steps (iterations)")
    ax.set_ylabel("cumulative squared error")
    ax.grid(True)
    ax.legend(fontsize="small")
    return ax


def plot_final_errors(final_errors, *, highlight=(), highlight_label="highlighted starts",
                      references=None, xlabel=None, ax=None):
    """Each run's final error as one dot, one column per setting, so no average hides a run.

    Parameters
    ----------
    final_errors : dict[str, array-like of shape (n_runs,)]
        Setting -> final cumulative error of every run (runs in the same order in each).
    highlight : sequence of int
        Run indices drawn in a second colour and shape (e.g. saturated starts).
    highlight_label : str
        Legend text for them.
    references : dict[str, float], optional
        Label -> error level, drawn as muted horizontal lines.
    xlabel : str, optional
        What the settings are (the horizontal axis' label).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(final_errors, dict) or not final_errors:
        raise TypeError("final_errors must be a non-empty dict of setting -> final errors")
    columns = [_check_finite_array("final_errors", v, ndim=1, dtype=float) for v in final_errors.values()]
    n_runs = columns[0].size
    if any(c.size != n_runs for c in columns):
        raise ValueError("final_errors must hold the same number of runs for every setting")
    highlight = _check_finite_array("highlight", highlight).reshape(-1)
    if np.any(highlight != np.round(highlight)):
        raise ValueError(f"highlight must hold whole run indices, got {highlight.tolist()}")
    highlight = highlight.astype(int)
    if np.any((highlight < 0) | (highlight >= n_runs)):
        raise ValueError(f"highlight must hold run indices in [0, {n_runs}), got {highlight.tolist()}")
    references = _check_references(references)
    theme = current_theme()
    ax = _axes(ax)
    marked = np.zeros(n_runs, dtype=bool)
    marked[highlight] = True
    # A fixed, deterministic horizontal spread so that equal values do not hide each other.
    spread = (np.arange(n_runs) / max(n_runs - 1, 1) - 0.5) * 0.3
    for k, values in enumerate(columns):
        ax.scatter(k + spread[~marked], values[~marked], s=28, color=theme.colors["blue"],
                   label="other starts" if k == 0 else None, zorder=3)
        ax.scatter(k + spread[marked], values[marked], s=40, marker="D", color=theme.colors["orange"],
                   label=highlight_label if k == 0 and marked.any() else None, zorder=3)
        median = float(np.median(values))
        ax.plot([k - 0.25, k + 0.25], [median, median], color=theme.foreground, linewidth=2.2,
                label="median" if k == 0 else None)
    _draw_references(ax, references)
    ax.set_xticks(range(len(columns)), list(final_errors), fontsize="small")
    ax.set_xlim(-0.6, len(columns) - 0.4)
    if xlabel is not None:
        ax.set_xlabel(str(xlabel))
    ax.set_ylabel("final cumulative squared error")
    ax.grid(True, axis="y")
    ax.legend(fontsize="small")
    return ax


def plot_inputs_and_weights(x, targets, neuron, *, ax=None):
    """Plot 2-D inputs by class, the weight vector as an arrow from the origin, and the decision line.

    Class 0 is drawn as blue circles, class 1 as orange squares (a colour-blind-safe pair);
    every point the neuron classifies wrongly is ringed in red, and each point carries the
    neuron's output ``p`` so a point close to the line shows which side it is on.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    targets : array-like of shape (n_samples,)
        0 or 1.
    neuron : SigmoidNeuron
        With ``n_in == 2``.  Its decision line ``w . x + b = 0`` is where the output is 0.5;
        the weight vector is perpendicular to it and points towards class 1.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    neuron = _check_neuron(neuron)
    if neuron.n_in != 2:
        raise ValueError(f"neuron must have n_in = 2 to be drawn in the plane, got {neuron.n_in}")
    x, targets = _check_data(2, x, targets)
    if not np.all((targets == 0) | (targets == 1)):
        raise ValueError(f"targets must be 0 or 1 to be drawn as classes, got {np.unique(targets).tolist()}")
    theme = current_theme()
    ax = _axes(ax)
    w = neuron.weights
    outputs = neuron.predict(x)
    wrong = neuron.classify(x) != targets
    for label, colour, marker in ((0, theme.colors["blue"], "o"), (1, theme.colors["orange"], "s")):
        chosen = targets == label
        ax.scatter(x[chosen, 0], x[chosen, 1], color=colour, marker=marker, s=70,
                   edgecolor=theme.foreground, linewidth=0.8, zorder=3, label=f"target {label}")
    ax.scatter(x[wrong, 0], x[wrong, 1], s=300, facecolors="none", edgecolors=theme.colors["red"],
               linewidths=2, zorder=4, label=f"classified wrongly ({int(wrong.sum())})")
    for (x1, x2), p in zip(x, outputs):
        ax.annotate(f"p={p:.3f}", (x1, x2), xytext=(7, 5), textcoords="offset points",
                    fontsize="x-small", color=theme.foreground)
    points = np.vstack([x, [0.0, 0.0], w])
    pad = 0.6
    xlim = (points[:, 0].min() - pad, points[:, 0].max() + 2 * pad)  # room for the p labels
    ylim = (points[:, 1].min() - pad, points[:, 1].max() + pad)
    ax.annotate("", xy=tuple(w), xytext=(0, 0),
                arrowprops={"arrowstyle": "-|>", "color": theme.colors["purple"], "linewidth": 2})
    ax.plot([], [], color=theme.colors["purple"], linewidth=2, label=f"weights w = ({w[0]:.2f}, {w[1]:.2f})")
    if np.any(w != 0):  # with w = 0 the output is the same everywhere: there is no line
        xs, ys = _decision_line(w, neuron.bias, xlim, ylim)
        ax.plot(xs, ys, color=theme.foreground, linestyle="--", label="decision line w·x + b = 0")
    ax.set_xlim(xlim)
    ax.set_ylim(ylim)
    ax.set_aspect("equal")
    ax.set_xlabel("input $x_1$")
    ax.set_ylabel("input $x_2$")
    ax.grid(True)
    ax.legend(loc="upper left", fontsize="x-small")
    return ax


def _decision_line(weights, bias, xlim, ylim):
    """Two points of the line ``w . x + b = 0`` spanning the box (solved for the better-conditioned coordinate)."""
    w1, w2 = weights
    if abs(w2) >= abs(w1):
        xs = np.array(xlim, dtype=float)
        ys = -(w1 * xs + bias) / w2
    else:
        ys = np.array(ylim, dtype=float)
        xs = -(w2 * ys + bias) / w1
    return xs, ys
