"""Generic plotting helpers shared by several chapters.

Every helper draws on ``ax`` (a new figure's Axes when ``ax`` is None) or lays out its
panels on ``fig``, and returns what it drew on; none of them shows or saves anything.
Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`): curves
take the palette in order, reference lines the theme's muted ink.
"""

from __future__ import annotations

import numbers

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from mlwiki._checks import _check_positive, _check_positive_int, _check_real_array
from mlwiki.themes import current_theme

__all__ = ["plot_curves", "plot_curve_panels", "plot_decision_regions"]


def _axes(ax):
    """The Axes to draw on: ``ax`` itself, or a new figure's when None."""
    if ax is None:
        _, ax = plt.subplots()
    elif not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure), got {type(ax).__name__}")
    return ax


def _figure(fig, figsize=None):
    """The Figure to lay panels out on: ``fig`` itself, or a new one (of ``figsize``) when None."""
    if fig is None:
        return plt.figure(figsize=figsize, layout="constrained")
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure (or None for a new one), got {type(fig).__name__}")
    return fig


def _curve(name: str, values) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind not in "fiu":
        raise TypeError(f"curve {name!r} must hold real numbers, got dtype {arr.dtype}")
    arr = arr.astype(float)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"curve {name!r} must be a non-empty 1-D array, got shape {arr.shape}")
    if np.isnan(arr).any():
        raise ValueError(f"curve {name!r} contains nan")
    return arr


def _positions(name: str, xs, n: int) -> np.ndarray:
    if xs is None:
        return np.arange(n)
    xs = _curve(f"x of {name}", xs)
    if xs.size != n:
        raise ValueError(f"x for curve {name!r} must have {n} entries like the curve, got {xs.size}")
    return xs


def _flags(**flags) -> None:
    for name, value in flags.items():
        if not isinstance(value, (bool, np.bool_)):
            raise TypeError(f"{name} must be True or False, got {value!r}")


def _levels(name: str, values) -> list[float]:
    if isinstance(values, numbers.Real):
        values = [values]
    try:
        levels = [float(v) for v in values]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of numbers, got {values!r}") from None
    if not all(np.isfinite(levels)):
        raise ValueError(f"{name} must be finite numbers, got {values!r}")
    return levels


def plot_curves(curves, *, x=None, xlabel="epoch", ylabel="loss", logy=False, logx=False,
                reference=None, hlines=(), vlines=(), ylim=None, title=None, marker=None, ax=None):
    """Plot several named 1-D curves on shared axes.

    Parameters
    ----------
    curves : dict[str, array-like of shape (n_points,)]
        Legend label -> values, drawn in the palette's order (blue, orange, green, red,
        purple).  Infinite values are left out of the line.
    x : array-like of shape (n_points,) or dict[str, array-like], optional
        Horizontal positions (shared, or per curve); ``0, 1, ...`` when omitted.
    xlabel, ylabel : str
        Axis labels (state units).
    logy, logx : bool
        Logarithmic vertical / horizontal axis, for values spanning decades.
    reference : dict[str, (array-like, array-like)], optional
        Label -> ``(x, y)`` of guide lines (e.g. a slope), drawn in the muted ink, dashed,
        dotted and dash-dotted in turn.
    hlines, vlines : sequence of float
        Levels / positions marked by dotted lines in the muted ink.
    ylim : (float, float), optional
        Limits of the vertical axis.
    title : str, optional
    marker : str, optional
        A Matplotlib marker (e.g. ``"o"``) drawn at every point, for curves of few points.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(curves, dict) or not curves:
        raise TypeError(f"curves must be a non-empty dict of label -> values, got {type(curves).__name__}")
    _flags(logy=logy, logx=logx)
    if marker is not None and not isinstance(marker, str):
        raise TypeError(f"marker must be a Matplotlib marker string such as 'o', got {marker!r}")
    hlines, vlines = _levels("hlines", hlines), _levels("vlines", vlines)
    if reference is not None and not isinstance(reference, dict):
        raise TypeError(f"reference must be a dict of label -> (x, y), got {type(reference).__name__}")
    if x is not None and not isinstance(x, dict):
        shared_x = x
    else:
        shared_x = None
    prepared = []
    for name, values in curves.items():
        values = _curve(name, values)
        xs = x.get(name) if isinstance(x, dict) else shared_x
        prepared.append((str(name), _positions(name, xs, values.size), values))
    theme = current_theme()
    ax = _axes(ax)
    for name, xs, values in prepared:
        ax.plot(xs, np.where(np.isfinite(values), values, np.nan), label=name, marker=marker)
    for index, (name, pair) in enumerate((reference or {}).items()):
        try:
            rx, ry = pair
        except (TypeError, ValueError):
            raise TypeError(f"reference[{name!r}] must be a pair (x, y), got {pair!r}") from None
        ry = _curve(f"reference {name}", ry)
        ax.plot(_positions(f"reference {name}", rx, ry.size), ry, linestyle=("--", ":", "-.")[index % 3],
                linewidth=1.2, color=theme.muted, label=str(name))
    for level in hlines:
        ax.axhline(level, color=theme.muted, linestyle=":", linewidth=1.0)
    for position in vlines:
        ax.axvline(position, color=theme.muted, linestyle=":", linewidth=1.0)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if logx:
        ax.set_xscale("log")
    elif all(np.all(xs == np.round(xs)) for _, xs, _ in prepared):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs, layers: no 2.5
    if ylim is not None:
        low, high = _levels("ylim", ylim)
        ax.set_ylim(low, high)
    if title is not None:
        ax.set_title(str(title))
    if len(prepared) + len(reference or {}) > 1:
        ax.legend()
    ax.grid(True, alpha=0.3)
    return ax


def plot_curve_panels(panels, *, sharey=False, fig=None):
    """Several :func:`plot_curves` panels side by side on one figure.

    Parameters
    ----------
    panels : sequence of dict
        One dict of :func:`plot_curves` keyword arguments per panel (``curves`` required).
    sharey : bool
        Share the vertical axis between the panels.
    fig : matplotlib.figure.Figure, optional
        Figure to draw on (a new one when None).

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    if isinstance(panels, dict) or not hasattr(panels, "__iter__"):
        raise TypeError(f"panels must be a list of dicts of plot_curves arguments, got {type(panels).__name__}")
    panels = list(panels)
    if not panels or not all(isinstance(panel, dict) and "curves" in panel for panel in panels):
        raise ValueError("panels must be a non-empty list of dicts, each with a 'curves' entry")
    _flags(sharey=sharey)
    fig = _figure(fig)
    axes = fig.subplots(1, len(panels), sharey=sharey, squeeze=False)[0]
    for ax, panel in zip(axes, panels):
        arguments = dict(panel)
        plot_curves(arguments.pop("curves"), ax=ax, **arguments)
    return list(axes)


def plot_decision_regions(predict, x, y, *, threshold=0.5, padding=0.5, resolution=200, ax=None):
    """Shade the region each class wins under a classifier and draw the labelled points on top.

    Parameters
    ----------
    predict : callable
        Maps an array of shape (n_points, 2) to scores of shape (n_points,) or (n_points, 1)
        (binary: class 1 where score > ``threshold``) or (n_points, n_classes) (class = argmax).
    x : array-like of shape (n_samples, 2)
        The points to draw; the plotted square spans their range plus ``padding`` on each side.
    y : array-like of shape (n_samples,) or (n_samples, 1)
        Integer class labels 0, 1, ...
    threshold : float
        Decision threshold for binary scores: 0.5 for probabilities, 0 for logits.
    padding : float
        Margin (in input units) added around the points' bounding box, >= 0.
    resolution : int
        Grid points per axis at which ``predict`` is evaluated, >= 2.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not callable(predict):
        raise TypeError(f"predict must be callable, got {type(predict).__name__}")
    x = _check_real_array("x", x, ndim=2, dtype=float)
    if x.shape[1] != 2 or x.shape[0] == 0:
        raise ValueError(f"x must have shape (n_samples, 2) with n_samples >= 1, got {x.shape}")
    labels = _check_real_array("y", y).reshape(-1)
    if labels.size != x.shape[0]:
        raise ValueError(f"y must hold one label per row of x ({x.shape[0]}), got {labels.size}")
    if np.any(labels < 0) or np.any(labels != np.round(labels)):
        raise ValueError(f"y must hold integer class labels >= 0, got {np.unique(labels).tolist()}")
    labels = labels.astype(int)
    padding = _check_positive("padding", padding, allow_zero=True)
    resolution = _check_positive_int("resolution", resolution)
    if resolution < 2:
        raise ValueError(f"resolution must be >= 2, got {resolution}")
    threshold = float(_check_real_array("threshold", threshold, ndim=0))

    lo = x.min(axis=0) - padding
    hi = x.max(axis=0) + padding
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], resolution), np.linspace(lo[1], hi[1], resolution))
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    scores = np.asarray(predict(grid))
    if scores.dtype.kind not in "fiu":
        raise TypeError(f"predict must return real scores, got dtype {scores.dtype}")
    scores = scores.astype(float)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.ndim != 2 or scores.shape[0] != grid.shape[0]:
        raise ValueError(
            f"predict must return one score row per input point ({grid.shape[0]}), got shape {scores.shape}"
        )
    if not np.all(np.isfinite(scores)):
        raise ValueError("predict returned non-finite scores (nan or inf)")

    binary = scores.shape[1] == 1
    predicted = (scores[:, 0] > threshold).astype(int) if binary else scores.argmax(axis=1)
    n_classes = max(2 if binary else scores.shape[1], int(labels.max()) + 1)
    theme = current_theme()
    palette = theme.palette[:5]  # the named colours; the sixth is the theme's ink
    colours = [palette[k % len(palette)] for k in range(n_classes)]
    markers = ["o", "s", "^", "D", "v", "P", "X", "*", "<", ">"]

    ax = _axes(ax)
    ax.contourf(grid_x, grid_y, predicted.reshape(grid_x.shape),
                levels=np.arange(n_classes + 1) - 0.5, colors=colours, alpha=0.25)
    # The boundary itself: the score's threshold level set (smooth) for binary scores,
    # the edges between argmax classes otherwise. Skip it when one class wins everywhere.
    if np.unique(predicted).size > 1:
        if binary:
            ax.contour(grid_x, grid_y, scores[:, 0].reshape(grid_x.shape), levels=[threshold],
                       colors=theme.foreground, linewidths=1.5)
        else:
            ax.contour(grid_x, grid_y, predicted.reshape(grid_x.shape),
                       levels=np.arange(1, n_classes) - 0.5, colors=theme.foreground, linewidths=1.0)
    for k in np.unique(labels):
        members = labels == k
        ax.scatter(x[members, 0], x[members, 1], s=90, c=colours[k], marker=markers[k % len(markers)],
                   edgecolors=theme.foreground, linewidths=1.0, label=f"class {k}", zorder=3)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    ax.legend(loc="upper right", framealpha=0.9)
    return ax
