"""Pictures of XOR: lines through the corners, the hand-wired network, a trained output, loss curves.

:func:`plot_line_attempts` draws lines through the four corners with their mistakes;
:func:`plot_hand_wired` the hand-wired network's input plane and hidden plane;
:func:`plot_network_output` a trained network's output over the square; :func:`plot_loss_curves`
the loss of many runs, solved or not.

Colours come from the theme being drawn (:mod:`mlwiki.themes`) -- class 0 in blue circles,
class 1 in orange squares, mistakes in red -- so each plot works on the light and the dark page.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FuncFormatter, NullLocator

from mlwiki._checks import _check_finite_array, _check_positive
from mlwiki.plots import _axes
from mlwiki.themes import current_theme
from mlwiki.xor._drawing import (_draw_line, _draw_points, _grid, _shade_classes, _shade_half_plane,
                                 _square_axes)
from mlwiki.xor.data import _check_line, _check_points, _targets
from mlwiki.xor.network import _check_network

__all__ = ["plot_line_attempt", "plot_line_attempts", "plot_hand_wired", "plot_network_output", "plot_loss_curves"]


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
