"""Pictures of a single neuron's training: error curves, final errors, inputs with the decision line.

:func:`plot_error_curves` draws the cumulative error against SGD steps; :func:`plot_final_errors`
every run's final error as a dot; :func:`plot_inputs_and_weights` the inputs with the weight
vector and the decision line.

Colours come from the theme being drawn (:mod:`mlwiki.themes`), so each plot works on the
light and the dark page.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.neuron.model import _check_data, _check_neuron
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = ["plot_error_curves", "plot_final_errors", "plot_inputs_and_weights"]


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
