"""Pictures of optimisation: descent paths on contours, error curves, step counts, budgets.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`); curves take the
palette in order (blue, orange, green, red, purple), and contours the theme's muted ink.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter, NullFormatter, NullLocator

from mlwiki._checks import _check_finite_array
from mlwiki.optim.conditioning import ConditionSweep
from mlwiki.optim.evaluation_budget import SearchTrace
from mlwiki.optim.quadratic import Quadratic
from mlwiki.plots import _axes
from mlwiki.themes import current_theme

__all__ = ["plot_descent", "plot_error_curves", "plot_condition_sweep", "plot_search_traces"]

_ORDER = ("blue", "orange", "green", "red", "purple")


def _plain_log_ticks(axis, fmt="{:g}"):
    """Label a logarithmic axis's decades plainly (10, 1000), without minor ticks."""
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt.format(value)))
    _no_minor_ticks(axis)


def _no_minor_ticks(axis):
    """No minor ticks on a logarithmic axis: the grid marks the decades, and Matplotlib's eight
    minor ticks per decade double the time it takes to draw the figure."""
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())


def _colour(k: int) -> str:
    return current_theme().colors[_ORDER[k % len(_ORDER)]]


def _check_named_arrays(name: str, curves) -> dict:
    if not isinstance(curves, dict) or not curves:
        raise ValueError(f"{name} must be a non-empty dict of label -> array, got {type(curves).__name__}")
    return {label: _check_finite_array(f"{name}[{label!r}]", values, dtype=float) for label, values in curves.items()}


def plot_error_curves(errors, *, predicted=None, xlabel="step", ylabel="distance to the minimiser",
                      markers=False, ax=None):
    """Errors per step on a logarithmic axis, each with an optional predicted curve (dotted, same colour).

    Parameters
    ----------
    errors : dict[str, array-like of shape (n_points,)]
        Label -> error after 0, 1, 2, ... steps (all > 0 to show on the log axis).
    predicted : dict[str, array-like], optional
        Label (a key of ``errors``) -> predicted error at the same steps.
    xlabel, ylabel : str
    markers : bool or collection of str
        Mark every point of every curve (True), or of the curves with these labels (for short
        runs such as Newton's few steps).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    errors = _check_named_arrays("errors", errors)
    predicted = {} if predicted is None else _check_named_arrays("predicted", predicted)
    unknown = set(predicted) - set(errors)
    if unknown:
        raise ValueError(f"predicted has labels that errors lacks: {sorted(unknown)}")
    marked = set(errors) if markers is True else set() if markers is False else set(markers)
    ax = _axes(ax)
    for k, (label, values) in enumerate(errors.items()):
        colour = _colour(k)
        ax.plot(np.arange(values.size), values, color=colour, label=label,
                marker="o" if label in marked else None, markersize=4)
        if label in predicted:
            ax.plot(np.arange(predicted[label].size), predicted[label], color=colour, linestyle=":", linewidth=1.5)
    ax.set_yscale("log")
    _no_minor_ticks(ax.yaxis)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True, alpha=0.4)
    ax.legend(fontsize=9)
    return ax


def plot_descent(quadratic, runs, *, fig=None, margin=0.6):
    """Two panels: descent paths over the loss's contours (left) and their errors per step (right).

    Parameters
    ----------
    quadratic : Quadratic
        A 2-D quadratic.
    runs : dict[str, (float, array-like of shape (n_iterates, 2))]
        Label -> (learning rate, iterates).  The right panel dots the predicted error bound
        ``contraction(lr) ** t * |w_0 - w*|`` beside each measured curve.
    fig : matplotlib.figure.Figure, optional
    margin : float
        Fraction of the start's distance from the minimiser added around the drawn region.

    Returns
    -------
    list of matplotlib.axes.Axes
        The two panels.
    """
    if not isinstance(quadratic, Quadratic) or quadratic.dim != 2:
        raise ValueError("quadratic must be a 2-D Quadratic")
    if not isinstance(runs, dict) or not runs:
        raise ValueError("runs must be a non-empty dict of label -> (lr, iterates)")
    checked = {}
    for label, run in runs.items():
        if not isinstance(run, tuple) or len(run) != 2:
            raise ValueError(f"runs[{label!r}] must be a pair (lr, iterates)")
        iterates = _check_finite_array(f"runs[{label!r}] iterates", run[1], ndim=2, dtype=float)
        if iterates.shape[1] != 2:
            raise ValueError(f"runs[{label!r}] iterates must have shape (n, 2), got {iterates.shape}")
        checked[label] = (float(run[0]), iterates)
    margin = float(margin)
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(10, 4.5), layout="constrained")
    theme = current_theme()
    left, right = fig.subplots(1, 2)
    centre = quadratic.minimiser
    # The window is set by the starting points, so a diverging run is seen leaving it.
    radius = max(np.abs(iterates[0] - centre).max() for _, iterates in checked.values()) * (1 + margin)
    u = np.linspace(centre[0] - radius, centre[0] + radius, 201)
    v = np.linspace(centre[1] - radius, centre[1] + radius, 201)
    grid = np.stack(np.meshgrid(u, v), axis=-1)
    heights = quadratic.value(grid) - quadratic.minimum
    levels = np.quantile(heights, np.linspace(0.02, 0.9, 9) ** 2)
    left.contour(u, v, heights, levels=np.unique(levels), colors=theme.muted, linewidths=0.8)
    errors, predicted = {}, {}
    for k, (label, (lr, iterates)) in enumerate(checked.items()):
        diverges = quadratic.contraction(lr) >= 1
        left.plot(iterates[:, 0], iterates[:, 1], marker="o", markersize=2.5 if diverges else 3.5,
                  linewidth=0.8 if diverges else 1.4, color=_colour(k), label=label, zorder=2 if diverges else 3)
        errors[label] = np.linalg.norm(iterates - centre, axis=1)
        predicted[label] = errors[label][0] * quadratic.contraction(lr) ** np.arange(len(iterates))
    left.plot(*centre, marker="*", markersize=14, color=theme.foreground, linestyle="none", label="minimiser")
    left.set_xlim(u[0], u[-1])
    left.set_ylim(v[0], v[-1])
    left.set_aspect("equal")
    left.set_xlabel("$w_1$")
    left.set_ylabel("$w_2$")
    left.legend(fontsize=8, loc="lower left")
    plot_error_curves(errors, predicted=predicted, ax=right)
    right.set_title("solid: measured, dotted: predicted bound", fontsize=9, color=theme.foreground)
    return [left, right]


def plot_condition_sweep(sweep, *, ax=None):
    """Steps to shrink the error against the condition number: measured (markers), predicted (lines).

    Parameters
    ----------
    sweep : ConditionSweep
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(sweep, ConditionSweep):
        raise TypeError(f"sweep must be a ConditionSweep (from condition_sweep), got {type(sweep).__name__}")
    ax = _axes(ax)
    names = {"optimal": r"$\eta = 2/(\lambda_{min}+\lambda_{max})$", "1/lam_max": r"$\eta = 1/\lambda_{max}$"}
    for k, (rule, steps) in enumerate(sweep.measured.items()):
        colour = _colour(k)
        ax.plot(sweep.kappas, sweep.predicted[rule], color=colour, linewidth=1.5, label=f"{names.get(rule, rule)}: predicted")
        ax.plot(sweep.kappas, steps, color=colour, marker="o", linestyle="none", markersize=5,
                label=f"{names.get(rule, rule)}: measured")
    ax.set_xscale("log")
    ax.set_yscale("log")
    _plain_log_ticks(ax.xaxis, "{:,.0f}")
    _plain_log_ticks(ax.yaxis, "{:,.0f}")
    ax.set_xlabel(r"condition number $\kappa = \lambda_{max} / \lambda_{min}$")
    exponent = np.log10(sweep.factor)
    factor = f"$10^{{{exponent:.0f}}}$" if exponent == round(exponent) else f"{sweep.factor:g}"
    ax.set_ylabel(f"steps to shrink the error by {factor}")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9)
    return ax


def plot_search_traces(panels, *, fig=None, floor=1e-12):
    """One panel per problem: best loss against evaluations spent, one line per method.

    Parameters
    ----------
    panels : dict[str, dict[str, SearchTrace]]
        Panel title -> (method label -> trace).  Methods keep their colour across panels.
    fig : matplotlib.figure.Figure, optional
    floor : float
        Losses below it are drawn at it (a logarithmic axis cannot show 0), > 0.

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    if not isinstance(panels, dict) or not panels:
        raise ValueError("panels must be a non-empty dict of title -> {label: SearchTrace}")
    for title, traces in panels.items():
        if not isinstance(traces, dict) or not traces or not all(isinstance(t, SearchTrace) for t in traces.values()):
            raise ValueError(f"panels[{title!r}] must be a non-empty dict of label -> SearchTrace")
    floor = float(floor)
    if not floor > 0:
        raise ValueError(f"floor must be > 0, got {floor}")
    if fig is None:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=(10, 4), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
    labels = list(dict.fromkeys(label for traces in panels.values() for label in traces))
    for ax, (title, traces) in zip(axes, panels.items()):
        for label, trace in traces.items():
            ax.step(trace.evaluations, np.maximum(trace.losses, floor), where="post", color=_colour(labels.index(label)),
                    label=label, linewidth=1.5)
        ax.set_yscale("log")
        _no_minor_ticks(ax.yaxis)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("loss evaluations spent")
        ax.grid(True, alpha=0.4)
    axes[0].set_ylabel("best loss so far (above the minimum)")
    axes[-1].legend(fontsize=8)
    return list(axes)
