"""XOR: the smallest problem no single line can solve, and a two-layer network that can.

The four corners of the unit square, labelled by exclusive-or, are not linearly separable:
every straight line leaves at least one corner on the wrong side.  Two lines combined do the
job, which is what a network with one hidden layer computes::

    h = f(x W1 + b1)          hidden layer: n_hidden units, each one line through the plane
    y = f(h . w2 + b2)        output unit: one line through the hidden units' outputs

with ``f`` a threshold (``step``: 1 where its input is > 0, else 0) or the sigmoid.  This module
holds the data, the network, its squared error ``E = sum_i (y_i - t_i)^2`` and that error's
gradient written out by the chain rule for exactly this network, and plain gradient descent.
(The general method -- backpropagation through any stack of layers -- comes later in the wiki;
nothing here uses it.)
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, NullLocator

from mlwiki._checks import _check_finite_array, _check_positive, _check_positive_int, _check_rng
from mlwiki.neuron import _sigmoid
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = [
    "ACTIVATIONS",
    "xor_data",
    "count_misclassified",
    "plot_line_attempt",
    "plot_line_attempts",
    "TwoLayerNetwork",
    "hand_wired_network",
    "squared_error",
    "gradients",
    "gradient_check",
    "TrainingRun",
    "train",
    "train_many",
    "max_target_error",
    "pinned_corners",
    "plot_hand_wired",
    "plot_network_output",
    "plot_loss_curves",
]

ACTIVATIONS = ("sigmoid", "step")


def xor_data(dtype=np.float64):
    """The four XOR inputs and their labels.

    Parameters
    ----------
    dtype : numpy dtype
        Floating dtype of both arrays.

    Returns
    -------
    x : ndarray of shape (4, 2)
        The corners (0, 0), (0, 1), (1, 0), (1, 1).
    y : ndarray of shape (4, 1)
        ``x_1 XOR x_2``: 0, 1, 1, 0 (a column, matching a one-output network).
    """
    try:
        dtype = np.dtype(dtype)
    except TypeError as exc:
        raise TypeError(f"dtype must be a NumPy floating dtype, got {dtype!r}") from exc
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be a floating dtype, got {dtype}")
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=dtype)
    y = np.array([[0], [1], [1], [0]], dtype=dtype)
    return x, y


def _targets():
    x, y = xor_data()
    return x, y.ravel()


def _check_points(x, y):
    x = _check_finite_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != 2 or x.shape[0] == 0:
        raise ValueError(f"x must have shape (n_samples, 2) with n_samples >= 1, got {x.shape}")
    y = _check_finite_array("y", y, dtype=float)
    if y.ndim not in (1, 2) or (y.ndim == 2 and y.shape[1] != 1):
        raise ValueError(f"y must have shape (n_samples,) or (n_samples, 1), got {y.shape}")
    y = y.reshape(-1)
    if y.size != x.shape[0]:
        raise ValueError(f"y must hold one label per row of x ({x.shape[0]}), got {y.size}")
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must contain only 0 and 1, got {np.unique(y).tolist()}")
    return x, y.astype(int)


def _check_line(w, b):
    w = _check_finite_array("w", w, ndim=1, dtype=float)
    if w.shape != (2,) or not np.any(w != 0):
        raise ValueError(f"w must be a non-zero vector of shape (2,), got {w.tolist()}")
    b = float(_check_finite_array("b", b, ndim=0, dtype=float))
    return w, b


def count_misclassified(x, y, w, b) -> int:
    """How many points the line ``w . x + b = 0`` puts on the wrong side.

    The line predicts class 1 where ``w . x + b > 0`` and class 0 elsewhere.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Labels 0 or 1.
    w : array-like of shape (2,)
        Normal vector of the line (non-zero); it points towards the class-1 side.
    b : float
        Offset.

    Returns
    -------
    int
    """
    x, y = _check_points(x, y)
    w, b = _check_line(w, b)
    predicted = (x @ w + b > 0).astype(int)
    return int(np.sum(predicted != y))


def _class_style(theme):
    """Colour and marker of each class: blue circles for 0, orange squares for 1."""
    return {0: (theme.colors["blue"], "o"), 1: (theme.colors["orange"], "s")}


def _draw_points(ax, x, y, theme, *, size=110):
    for label, (colour, marker) in _class_style(theme).items():
        members = y == label
        ax.scatter(x[members, 0], x[members, 1], s=size, color=colour, marker=marker,
                   edgecolors=theme.foreground, linewidths=1.0, label=f"class {label}", zorder=3)


def _shade_classes(ax, answer, lo, hi, theme):
    """Shade a grid of 0/1 answers (rows along the second axis) blue and orange, as an image.

    An image of the answer grid draws faster than a filled contour of a 0/1 field, whose many
    polygons are slow to render at print resolution.
    """
    from matplotlib.colors import ListedColormap

    ax.imshow(answer, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), interpolation="nearest",
              cmap=ListedColormap([theme.colors["blue"], theme.colors["orange"]]), vmin=0, vmax=1,
              alpha=0.22, aspect="auto", zorder=0)


def _half_plane_polygon(w, b, lo, hi):
    """Corners of the part of the box [lo, hi] where ``w . x + b > 0`` (clipped, convex)."""
    box = [(lo[0], lo[1]), (hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1])]
    score = [w[0] * px + w[1] * py + b for px, py in box]
    corners = []
    for k in range(4):  # walk the box's edges, keeping the inside part of each
        (p, sp), (q, sq) = (box[k], score[k]), (box[(k + 1) % 4], score[(k + 1) % 4])
        if sp > 0:
            corners.append(p)
        if (sp > 0) != (sq > 0):
            f = sp / (sp - sq)
            corners.append((p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1])))
    return np.array(corners).reshape(-1, 2)


def _shade_half_plane(ax, w, b, lo, hi, theme):
    """The side ``w . x + b > 0`` of the box in orange, the other side in blue: two exact polygons."""
    w = np.asarray(w, dtype=float)
    for sign, colour in ((1.0, theme.colors["orange"]), (-1.0, theme.colors["blue"])):
        side = _half_plane_polygon(sign * w, sign * b, lo, hi)
        if len(side):
            ax.fill(side[:, 0], side[:, 1], color=colour, alpha=0.22, linewidth=0, zorder=0)


def _grid(lo, hi, n=201):
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n))
    return grid_x, grid_y


def _draw_line(ax, w, b, theme, **style):
    """The infinite line ``w . x + b = 0`` (w non-zero), through two of its points."""
    if w[1] != 0:
        points = [(0.0, -b / w[1]), (1.0, -(w[0] + b) / w[1])]
    else:
        points = [(-b / w[0], 0.0), (-b / w[0], 1.0)]
    return ax.axline(*points, color=theme.foreground, **style)


def _square_axes(ax, lo, hi, xlabel="$x_1$", ylabel="$x_2$"):
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xticks(np.arange(np.ceil(lo[0] * 2) / 2, hi[0] + 1e-9, 0.5))
    ax.set_yticks(np.arange(np.ceil(lo[1] * 2) / 2, hi[1] + 1e-9, 0.5))
    ax.set_aspect("equal")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)


def plot_line_attempt(x, y, w, b, *, padding=0.5, ax=None):
    """Draw one straight-line classifier on labelled 2-D points, crossing out its mistakes.

    The side the line calls class 1 (``w . x + b > 0``) is shaded orange, the class-0 side
    blue, matching the colours of the points of each class; misclassified points get a red
    cross and the title states how many there are.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Labels 0 or 1.
    w : array-like of shape (2,)
        Non-zero normal vector pointing to the class-1 side.
    b : float
        Offset.
    padding : float
        Margin around the points, in input units (>= 0).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x, y = _check_points(x, y)
    w, b = _check_line(w, b)
    padding = _check_positive("padding", padding, allow_zero=True)
    ax = _axes(ax)
    theme = current_theme()
    lo = x.min(axis=0) - padding
    hi = x.max(axis=0) + padding
    _shade_half_plane(ax, w, b, lo, hi, theme)
    _draw_line(ax, w, b, theme, linewidth=1.5)
    _draw_points(ax, x, y, theme)
    wrong = (x @ w + b > 0).astype(int) != y
    if np.any(wrong):
        ax.scatter(x[wrong, 0], x[wrong, 1], s=300, marker="x", color=theme.colors["red"], linewidths=2.5,
                   label="misclassified", zorder=4)
    _square_axes(ax, lo, hi)
    n_wrong = int(wrong.sum())
    ax.set_title(f"{n_wrong} point{'s' if n_wrong != 1 else ''} wrong")
    return ax


def plot_line_attempts(x, y, lines, *, titles=None, fig=None):
    """:func:`plot_line_attempt` for several lines, side by side, with one shared legend.

    Parameters
    ----------
    x, y
        As in :func:`plot_line_attempt`.
    lines : sequence of (w, b)
        The lines to draw, one panel each (at least one).
    titles : sequence of str, optional
        A name for each line, put before the panel's error count.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    lines = list(lines)
    if not lines:
        raise ValueError("lines must hold at least one (w, b) pair")
    if not all(isinstance(line, (tuple, list)) and len(line) == 2 for line in lines):
        raise ValueError("lines must hold (w, b) pairs: a normal vector and an offset each")
    if titles is not None and len(titles) != len(lines):
        raise ValueError(f"titles must name each of the {len(lines)} lines, got {len(titles)}")
    if fig is None:
        fig = plt.figure(figsize=(3.7 * len(lines), 4), layout="constrained")
    axes = fig.subplots(1, len(lines), sharey=True, squeeze=False)[0]
    for k, (ax, (w, b)) in enumerate(zip(axes, lines)):
        plot_line_attempt(x, y, w, b, ax=ax)
        if titles is not None:
            ax.set_title(f"{titles[k]}: {ax.get_title()}")
        if k:
            ax.set_ylabel("")
    handles, labels = axes[0].get_legend_handles_labels()
    for ax in axes[1:]:  # a panel may be the only one with a misclassified corner of a kind
        for handle, label in zip(*ax.get_legend_handles_labels()):
            if label not in labels:
                handles.append(handle)
                labels.append(label)
    fig.legend(handles, labels, loc="outside lower center", ncols=len(labels), fontsize="small")
    return list(axes)


def _activate(z, activation):
    if activation == "step":
        return (z > 0).astype(float)
    return _sigmoid(z)


@dataclass(frozen=True)
class TwoLayerNetwork:
    """``2 -> n_hidden -> 1``: ``h = f(x W1 + b1)``, ``y = f(h . w2 + b2)``; immutable.

    Attributes
    ----------
    hidden_weights : ndarray of shape (2, n_hidden)
        Column ``j`` holds hidden unit ``j``'s two input weights.
    hidden_bias : ndarray of shape (n_hidden,)
    output_weights : ndarray of shape (n_hidden,)
    output_bias : float
    activation : {"sigmoid", "step"}
        ``f`` of every unit: the sigmoid, or the threshold ``1 if z > 0 else 0``.
    """

    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    output_weights: np.ndarray
    output_bias: float
    activation: str = "sigmoid"

    def __post_init__(self):
        w1 = _check_finite_array("hidden_weights", self.hidden_weights, ndim=2, dtype=float).copy()
        if w1.shape[0] != 2 or w1.shape[1] == 0:
            raise ValueError(f"hidden_weights must have shape (2, n_hidden) with n_hidden >= 1, got {w1.shape}")
        n_hidden = w1.shape[1]
        b1 = _check_finite_array("hidden_bias", self.hidden_bias, ndim=1, dtype=float).copy()
        if b1.shape != (n_hidden,):
            raise ValueError(f"hidden_bias must have shape ({n_hidden},), got {b1.shape}")
        w2 = _check_finite_array("output_weights", self.output_weights, ndim=1, dtype=float).copy()
        if w2.shape != (n_hidden,):
            raise ValueError(f"output_weights must have shape ({n_hidden},), got {w2.shape}")
        b2 = float(_check_finite_array("output_bias", self.output_bias, ndim=0, dtype=float))
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {self.activation!r}")
        for name, value in (("hidden_weights", w1), ("hidden_bias", b1), ("output_weights", w2)):
            value.flags.writeable = False
            object.__setattr__(self, name, value)
        object.__setattr__(self, "output_bias", b2)

    @classmethod
    def random(cls, n_hidden=2, *, rng):
        """Every weight and bias drawn from a standard normal distribution (sigmoid units).

        Drawn in the order hidden weights, hidden biases, output weights, output bias.
        """
        n_hidden = _check_positive_int("n_hidden", n_hidden)
        rng = _check_rng("rng", rng)
        return cls(rng.standard_normal((2, n_hidden)), rng.standard_normal(n_hidden),
                   rng.standard_normal(n_hidden), rng.standard_normal())

    @property
    def n_hidden(self) -> int:
        return self.hidden_weights.shape[1]

    def _inputs(self, x):
        x = _check_finite_array("x", x, dtype=float)
        if x.ndim != 2 or x.shape[1] != 2:
            raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
        return x

    def hidden(self, x):
        """Hidden-unit outputs ``h``: x of shape (n_samples, 2) -> (n_samples, n_hidden)."""
        return _activate(self._inputs(x) @ self.hidden_weights + self.hidden_bias, self.activation)

    def predict(self, x):
        """Network output ``y``: x of shape (n_samples, 2) -> (n_samples,), in [0, 1]."""
        return _activate(self.hidden(x) @ self.output_weights + self.output_bias, self.activation)

    def classify(self, x):
        """Class 1 where the output exceeds 0.5, else 0: ints of shape (n_samples,)."""
        return (self.predict(x) > 0.5).astype(int)


def hand_wired_network(*, scale=1.0, activation="step") -> TwoLayerNetwork:
    """The network that solves XOR by design: ``(x1 OR x2) AND NOT (x1 AND x2)``.

    Hidden unit 1 is OR (``x1 + x2 - 0.5 > 0``), hidden unit 2 is NAND
    (``-x1 - x2 + 1.5 > 0``) and the output is AND of the two (``h1 + h2 - 1.5 > 0``).
    Every weight and bias is multiplied by ``scale``: that changes nothing for threshold
    units, and makes sigmoid units sharper (closer to thresholds) as it grows.

    Parameters
    ----------
    scale : float
        Positive factor on every weight and bias.
    activation : {"step", "sigmoid"}

    Returns
    -------
    TwoLayerNetwork
    """
    scale = _check_positive("scale", scale)
    return TwoLayerNetwork(
        hidden_weights=scale * np.array([[1.0, -1.0], [1.0, -1.0]]),
        hidden_bias=scale * np.array([-0.5, 1.5]),
        output_weights=scale * np.array([1.0, 1.0]),
        output_bias=scale * -1.5,
        activation=activation,
    )


def _check_network(network, *, trainable=False):
    if not isinstance(network, TwoLayerNetwork):
        raise TypeError(f"network must be a TwoLayerNetwork, got {type(network).__name__}")
    if trainable and network.activation != "sigmoid":
        raise ValueError("network must use sigmoid units to be trained: a threshold has no useful gradient")
    return network


def _check_data(x, targets):
    if x is None and targets is None:
        return _targets()
    if x is None or targets is None:
        raise ValueError("x and targets must be given together (or both left out for the XOR corners)")
    x, targets = _check_points(x, targets)
    return x, targets.astype(float)


def squared_error(network, x=None, targets=None) -> float:
    """``E = sum_i (y_i - t_i)^2`` over the points (the four XOR corners by default).

    Parameters
    ----------
    network : TwoLayerNetwork
    x : array-like of shape (n_samples, 2), optional
    targets : array-like of shape (n_samples,), optional
        0 or 1.

    Returns
    -------
    float
    """
    network = _check_network(network)
    x, targets = _check_data(x, targets)
    return float(np.sum((network.predict(x) - targets) ** 2))


def gradients(network, x=None, targets=None):
    """Gradient of :func:`squared_error` with respect to every weight and bias.

    Parameters
    ----------
    network : TwoLayerNetwork
        With sigmoid units.
    x : array-like of shape (n_samples, 2), optional
    targets : array-like of shape (n_samples,), optional
        The four XOR corners and their labels when both are left out.

    Returns
    -------
    grad_hidden_weights : ndarray of shape (2, n_hidden)
    grad_hidden_bias : ndarray of shape (n_hidden,)
    grad_output_weights : ndarray of shape (n_hidden,)
    grad_output_bias : float
    """
    network = _check_network(network, trainable=True)
    x, targets = _check_data(x, targets)
    return _gradients(network.hidden_weights, network.hidden_bias, network.output_weights,
                      network.output_bias, x, targets)


def _gradients(w1, b1, w2, b2, x, targets):
    """The chain rule for E = sum_i (y_i - t_i)^2, written out for this one network."""
    # Forward pass, keeping what the chain rule needs.
    h = _sigmoid(x @ w1 + b1)  # (n, H): hidden outputs
    y = _sigmoid(h @ w2 + b2)  # (n,): network outputs
    # Output unit: z_out = h . w2 + b2 and y = sigmoid(z_out), as for the single neuron:
    # dE/dz_out = dE/dy * dy/dz_out = 2 (y - t) * y (1 - y).
    d_out = 2.0 * (y - targets) * y * (1.0 - y)  # (n,)
    grad_w2 = h.T @ d_out  # dz_out/dw2 = h, summed over the points
    grad_b2 = float(d_out.sum())  # dz_out/db2 = 1
    # Hidden unit j: z_out depends on h_j through w2[j], and h_j = sigmoid(z_j), so
    # dE/dz_j = dE/dz_out * w2[j] * h_j (1 - h_j).
    d_hidden = d_out[:, None] * w2[None, :] * h * (1.0 - h)  # (n, H)
    grad_w1 = x.T @ d_hidden  # dz_j/dW1[:, j] = x
    grad_b1 = d_hidden.sum(axis=0)  # dz_j/db1[j] = 1
    return grad_w1, grad_b1, grad_w2, grad_b2


def _parameters(network):
    return [network.hidden_weights, network.hidden_bias, network.output_weights,
            np.array(network.output_bias)]


def gradient_check(network, x=None, targets=None, *, eps=1e-6) -> float:
    """Largest relative difference between :func:`gradients` and central finite differences.

    Every weight and bias is nudged by ``+eps`` and ``-eps`` in turn and the slope of
    :func:`squared_error`, ``(E(+) - E(-)) / (2 eps)``, is compared with the chain-rule
    gradient: ``|g - slope| / max(|g|, |slope|, 1e-12)``, maximised over all parameters.

    Parameters
    ----------
    network : TwoLayerNetwork
        With sigmoid units.
    x, targets
        As in :func:`gradients`.
    eps : float
        Nudge (> 0).

    Returns
    -------
    float
        Around 1e-8 or smaller when the gradient is right.
    """
    network = _check_network(network, trainable=True)
    x, targets = _check_data(x, targets)
    eps = _check_positive("eps", eps)
    analytic = [np.asarray(g, dtype=float) for g in gradients(network, x, targets)]
    worst = 0.0
    for k, parameter in enumerate(_parameters(network)):
        for index in np.ndindex(parameter.shape):
            slopes = []
            for sign in (1.0, -1.0):
                nudged = [p.copy() for p in _parameters(network)]
                nudged[k][index] += sign * eps
                moved = TwoLayerNetwork(nudged[0], nudged[1], nudged[2], float(nudged[3]))
                slopes.append(float(np.sum((moved.predict(x) - targets) ** 2)))
            slope = (slopes[0] - slopes[1]) / (2 * eps)
            g = float(analytic[k][index])
            worst = max(worst, abs(g - slope) / max(abs(g), abs(slope), 1e-12))
    return worst


@dataclass(frozen=True)
class TrainingRun:
    """What :func:`train` returns.

    Attributes
    ----------
    loss : ndarray of shape (epochs + 1,)
        :func:`squared_error` before training and after every epoch.
    network : TwoLayerNetwork
        The trained network (the one passed in is left unchanged).
    """

    loss: np.ndarray
    network: TwoLayerNetwork


def train(network, *, lr, epochs, x=None, targets=None) -> TrainingRun:
    """Gradient descent on :func:`squared_error`: one step per epoch on all points at once.

    Parameters
    ----------
    network : TwoLayerNetwork
        Starting point, with sigmoid units; not modified.
    lr : float
        Learning rate (> 0).
    epochs : int
        Number of steps (> 0).
    x, targets
        As in :func:`gradients`; the XOR corners by default.

    Returns
    -------
    TrainingRun
    """
    network = _check_network(network, trainable=True)
    lr = _check_positive("lr", lr)
    epochs = _check_positive_int("epochs", epochs)
    x, targets = _check_data(x, targets)
    w1, b1, w2, b2 = (network.hidden_weights.copy(), network.hidden_bias.copy(),
                      network.output_weights.copy(), network.output_bias)
    losses = []
    for _ in range(epochs):
        losses.append(float(np.sum((_sigmoid(_sigmoid(x @ w1 + b1) @ w2 + b2) - targets) ** 2)))
        g_w1, g_b1, g_w2, g_b2 = _gradients(w1, b1, w2, b2, x, targets)
        w1, b1, w2, b2 = w1 - lr * g_w1, b1 - lr * g_b1, w2 - lr * g_w2, b2 - lr * g_b2
    trained = TwoLayerNetwork(w1, b1, w2, b2)
    losses.append(squared_error(trained, x, targets))
    return TrainingRun(np.array(losses), trained)


def train_many(networks, *, lr, epochs, x=None, targets=None) -> list[TrainingRun]:
    """:func:`train` for many networks at once; the same runs, faster.

    All networks take their gradient steps together, as arrays with a leading "run" axis,
    instead of one Python loop per network.  The arithmetic is the same as in
    :func:`_gradients`; the tests check the results agree with :func:`train`.

    Parameters
    ----------
    networks : sequence of TwoLayerNetwork
        At least one, all with sigmoid units and the same ``n_hidden``.
    lr, epochs, x, targets
        As in :func:`train`.

    Returns
    -------
    list of TrainingRun
        One per network, in order.
    """
    networks = [networks] if isinstance(networks, TwoLayerNetwork) else list(networks)
    if not networks:
        raise ValueError("networks must contain at least one TwoLayerNetwork")
    for network in networks:
        _check_network(network, trainable=True)
    if len({n.n_hidden for n in networks}) != 1:
        raise ValueError(f"networks must all have the same n_hidden, got {sorted({n.n_hidden for n in networks})}")
    lr = _check_positive("lr", lr)
    epochs = _check_positive_int("epochs", epochs)
    x, targets = _check_data(x, targets)

    w1 = np.stack([n.hidden_weights for n in networks])  # (R, 2, H)
    b1 = np.stack([n.hidden_bias for n in networks])[:, None, :]  # (R, 1, H)
    w2 = np.stack([n.output_weights for n in networks])[:, :, None]  # (R, H, 1)
    b2 = np.array([n.output_bias for n in networks])[:, None, None]  # (R, 1, 1)
    t = targets[None, :, None]  # (1, n, 1)
    x_t = x.T  # (2, n)
    losses = np.empty((len(networks), epochs + 1))
    for epoch in range(epochs + 1):
        h = _sigmoid(x @ w1 + b1)  # (R, n, H)
        y = _sigmoid(h @ w2 + b2)  # (R, n, 1)
        losses[:, epoch] = np.sum((y - t) ** 2, axis=(1, 2))
        if epoch == epochs:
            break
        d_out = 2.0 * (y - t) * y * (1.0 - y)  # (R, n, 1)
        d_hidden = d_out * np.swapaxes(w2, 1, 2) * h * (1.0 - h)  # (R, n, H)
        w2 = w2 - lr * (np.swapaxes(h, 1, 2) @ d_out)
        b2 = b2 - lr * d_out.sum(axis=1, keepdims=True)
        w1 = w1 - lr * (x_t @ d_hidden)
        b1 = b1 - lr * d_hidden.sum(axis=1, keepdims=True)
    return [
        TrainingRun(losses[r], TwoLayerNetwork(w1[r], b1[r, 0], w2[r, :, 0], float(b2[r, 0, 0])))
        for r in range(len(networks))
    ]


def pinned_corners(network, *, tol=0.01):
    """Which of the four XOR corners the network's output sits at 0.5 (within ``tol``).

    Returns
    -------
    ndarray of bool, shape (4,)
        For the corners (0, 0), (0, 1), (1, 0), (1, 1).
    """
    network = _check_network(network)
    tol = _check_positive("tol", tol)
    x, _ = _targets()
    return np.abs(network.predict(x) - 0.5) < tol


def max_target_error(network, x=None, targets=None) -> float:
    """Largest ``|y_i - t_i|`` over the points (the four XOR corners by default).

    Below 0.5 means every point is classified correctly; below 0.1 means each output is
    also within 0.1 of its target.
    """
    network = _check_network(network)
    x, targets = _check_data(x, targets)
    return float(np.max(np.abs(network.predict(x) - targets)))


def plot_hand_wired(network, *, fig=None):
    """Two panels: the hidden units' lines in the input plane, and the corners in hidden space.

    Left: the four XOR corners with each hidden unit's line ``x . W1[:, j] + b1[j] = 0``
    (shaded where the network answers 1).  Right: every corner moved to its hidden outputs
    ``(h1, h2)``, with the output unit's line ``h . w2 + b2 = 0``.  In the hidden plane one
    line is enough.

    Parameters
    ----------
    network : TwoLayerNetwork
        With exactly two hidden units.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    (matplotlib.axes.Axes, matplotlib.axes.Axes)
        Input-plane and hidden-plane axes.
    """
    network = _check_network(network)
    if network.n_hidden != 2:
        raise ValueError(f"network must have n_hidden = 2 to draw its hidden plane, got {network.n_hidden}")
    if fig is None:
        fig = plt.figure(figsize=(9, 4.4), layout="constrained")
    theme = current_theme()
    x, targets = _targets()
    labels = targets.astype(int)
    ax_in, ax_hidden = fig.subplots(1, 2)
    lo, hi = np.array([-0.5, -0.5]), np.array([1.5, 1.5])
    grid_x, grid_y = _grid(lo, hi)
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    _shade_classes(ax_in, network.classify(grid).reshape(grid_x.shape).astype(float), lo, hi, theme)
    styles = ["--", ":"]
    for j in range(2):
        _draw_line(ax_in, network.hidden_weights[:, j], network.hidden_bias[j], theme,
                   linestyle=styles[j], linewidth=1.6, label=f"line of hidden unit {j + 1}")
    _draw_points(ax_in, x, labels, theme)
    _square_axes(ax_in, lo, hi)
    ax_in.set_title("input plane")
    ax_in.legend(loc="upper right", fontsize="x-small", framealpha=0.9)

    hidden = network.hidden(x)
    h_lo, h_hi = np.array([-0.3, -0.3]), np.array([1.3, 1.3])
    _shade_half_plane(ax_hidden, network.output_weights, network.output_bias, h_lo, h_hi, theme)
    _draw_line(ax_hidden, network.output_weights, network.output_bias, theme, linewidth=1.6)
    _draw_points(ax_hidden, hidden, labels, theme)
    for i, ((h1, h2), corner) in enumerate(zip(hidden, x.astype(int))):
        # Corners that land on the same hidden point get their labels stacked.
        rank = sum(bool(np.allclose(hidden[k], hidden[i])) for k in range(i))
        ax_hidden.annotate(f"({corner[0]}, {corner[1]})", (h1, h2), xytext=(10, -4 - 12 * rank),
                           textcoords="offset points", fontsize="small", color=theme.foreground)
    _square_axes(ax_hidden, h_lo, h_hi, xlabel="$h_1$", ylabel="$h_2$")
    ax_hidden.set_title("hidden plane")
    return ax_in, ax_hidden


def plot_network_output(network, *, ax=None):
    """The network's output over the square [-0.5, 1.5]², its 0.5 contour, and the corners.

    Parameters
    ----------
    network : TwoLayerNetwork
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    network = _check_network(network)
    ax = _axes(ax)
    theme = current_theme()
    x, targets = _targets()
    lo, hi = np.array([-0.5, -0.5]), np.array([1.5, 1.5])
    grid_x, grid_y = _grid(lo, hi)
    output = network.predict(np.column_stack([grid_x.ravel(), grid_y.ravel()])).reshape(grid_x.shape)
    image = ax.imshow(output, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), cmap=theme.diverging,
                      vmin=0.0, vmax=1.0, interpolation="bilinear", aspect="auto", zorder=0)
    ax.figure.colorbar(image, ax=ax, label="network output $y$")
    if output.min() < 0.5 < output.max():
        # Green, not the ink colour: the colour map is white at 0.5 in both themes.
        ax.contour(grid_x, grid_y, output, levels=[0.5], colors=[theme.colors["green"]], linewidths=2.2)
        ax.plot([], [], color=theme.colors["green"], linewidth=2.2, label="output = 0.5")
    _draw_points(ax, x, targets.astype(int), theme)
    _square_axes(ax, lo, hi)
    ax.legend(loc="upper right", fontsize="small", framealpha=0.9)
    return ax


def plot_loss_curves(losses, *, solved, references=None, ax=None):
    """Loss against epochs for many runs: solved runs in blue, the others in orange.

    Parameters
    ----------
    losses : array-like of shape (n_runs, n_epochs + 1)
    solved : array-like of bool, shape (n_runs,)
    references : dict[str, float], optional
        Label -> loss level, drawn as muted horizontal lines.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    losses = _check_finite_array("losses", losses, ndim=2, dtype=float)
    if np.any(losses <= 0):
        raise ValueError("losses must be > 0 to be drawn on a logarithmic axis")
    solved = np.asarray(solved)
    if solved.dtype != bool or solved.shape != (losses.shape[0],):
        raise ValueError(f"solved must be a boolean array of shape ({losses.shape[0]},), got {solved.dtype} {solved.shape}")
    if references is not None and not isinstance(references, dict):
        raise TypeError(f"references must be a dict of label -> value, got {type(references).__name__}")
    ax = _axes(ax)
    theme = current_theme()
    # At most about 500 points per curve: enough for the eye, and each point costs drawing time.
    stride = max(1, losses.shape[1] // 500)
    epochs = np.arange(losses.shape[1])[::stride]
    if epochs[-1] != losses.shape[1] - 1:
        epochs = np.append(epochs, losses.shape[1] - 1)
    for mask, colour, label in ((solved, theme.colors["blue"], "solved"),
                                (~solved, theme.colors["orange"], "not solved")):
        for k, run in enumerate(losses[mask]):
            ax.plot(epochs, run[epochs], color=colour, linewidth=1.2, alpha=0.85,
                    label=f"{label} ({int(mask.sum())} runs)" if k == 0 else None)
    for (label, value), style in zip((references or {}).items(), ("--", ":", "-.")):
        value = float(_check_finite_array("references", value, ndim=0, dtype=float))
        ax.axhline(value, color=theme.muted, linestyle=style, linewidth=1.2, label=f"{label} ({value:g})")
    ax.set_yscale("log")
    # Plain numbers (1, 0.1, 0.01) instead of powers of ten, and no minor ticks: easier to read,
    # and much quicker to draw than typeset exponents.
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_locator(NullLocator())
    ax.set_xlabel("epoch (one gradient step on all four corners)")
    ax.set_ylabel("squared error $E$")
    ax.grid(True)
    ax.legend(fontsize="small")
    return ax
