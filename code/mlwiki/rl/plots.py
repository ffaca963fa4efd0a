"""Figures of the reinforcement-learning chapter: grid worlds, reach probabilities, learning curves.

Every helper draws on ``ax`` (or lays out panels on ``fig``), takes its colours from
:func:`mlwiki.themes.current_theme` and returns what it drew on; none shows or saves anything.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize, to_rgb
from matplotlib.ticker import NullLocator

from mlwiki._checks import _check_finite_array
from mlwiki.themes import current_theme
from mlwiki.plots import _axes

__all__ = ["ARROWS", "plot_lake", "plot_lakes", "plot_reach_probability", "plot_learning_curves",
           "plot_gradient_check"]

# FrozenLake's actions: 0 left, 1 down, 2 right, 3 up, as (dx, dy) in plot coordinates (y down).
ARROWS = {0: (-1.0, 0.0), 1: (0.0, 1.0), 2: (1.0, 0.0), 3: (0.0, -1.0)}


def _colour(k: int) -> str:
    """The k-th palette colour of the theme being drawn, as a concrete hex string.

    (A ``"C0"`` string would be resolved only when the figure is rendered, after the theme is gone.)
    """
    palette = current_theme().palette
    return palette[k % len(palette)]


def _check_desc(desc) -> np.ndarray:
    """The map as a 2-D array of single characters (``env.unwrapped.desc`` or a list of rows)."""
    problem = ValueError("desc must be a rectangular map: a list of equal-length strings or a 2-D array of characters")
    arr = np.asarray(desc)
    if arr.ndim == 1 and arr.dtype.kind in "US":
        rows = [row.decode() if isinstance(row, bytes) else str(row) for row in arr.tolist()]
        if not rows or len({len(row) for row in rows}) != 1 or not rows[0]:
            raise problem
        arr = np.array([list(row) for row in rows])
    elif arr.ndim == 2 and arr.dtype.kind == "S":
        arr = np.char.decode(arr, "ascii")
    if arr.ndim != 2 or arr.dtype.kind != "U" or arr.size == 0 or np.any(np.char.str_len(arr) != 1):
        raise problem
    return arr


def _contrasting_ink(rgb) -> str:
    """The theme's background or foreground colour, whichever stands out on ``rgb``."""
    theme = current_theme()
    luminance = float(np.dot(to_rgb(rgb), [0.299, 0.587, 0.114]))
    dark, light = sorted((theme.background, theme.foreground),
                         key=lambda c: float(np.dot(to_rgb(c), [0.299, 0.587, 0.114])))
    return dark if luminance > 0.5 else light


def plot_lake(desc, values, policy=None, *, title=None, vmin=None, vmax=None, colorbar=True,
              value_label="value", ax=None):
    """A grid world as a heat map of state values, with the policy's action as an arrow per tile.

    Parameters
    ----------
    desc : list of str or ndarray of shape (n_rows, n_cols)
        The map, one letter per tile (FrozenLake: S start, F frozen, H hole, G goal).
    values : array-like of shape (n_rows * n_cols,)
        One value per state, states numbered row by row.  Holes and the goal (terminal tiles)
        are drawn without colour.
    policy : array-like of int, shape (n_rows * n_cols,), optional
        Action per state (0 left, 1 down, 2 right, 3 up); arrows on the non-terminal tiles.
    title : str, optional
    vmin, vmax : float, optional
        Colour scale limits (default: the range of the non-terminal values).
    colorbar : bool
        Draw a colour bar labelled ``value_label``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    grid = _check_desc(desc)
    n_rows, n_cols = grid.shape
    values = _check_finite_array("values", values, ndim=1, dtype=float)
    if values.size != grid.size:
        raise ValueError(f"values must have one entry per tile ({grid.size}), got {values.size}")
    if policy is not None:
        policy = np.asarray(policy)
        if policy.shape != (grid.size,) or not np.issubdtype(policy.dtype, np.integer) \
                or np.any(policy < 0) or np.any(policy > 3):
            raise ValueError(f"policy must hold one action in 0..3 per tile ({grid.size}), got {policy!r}")
    theme = current_theme()
    ax = _axes(ax)
    terminal = np.isin(grid, ["H", "G"]).ravel()
    shown = np.ma.masked_array(values, mask=terminal).reshape(n_rows, n_cols)
    live_values = values[~terminal] if np.any(~terminal) else values
    norm = Normalize(vmin=live_values.min() if vmin is None else vmin,
                     vmax=live_values.max() if vmax is None else vmax)
    cmap = mpl.colormaps[theme.sequential]
    image = ax.imshow(shown, cmap=cmap, norm=norm)
    arrow_x, arrow_y, arrow_dx, arrow_dy, arrow_ink = [], [], [], [], []
    for row in range(n_rows):
        for col in range(n_cols):
            state, letter = row * n_cols + col, grid[row, col]
            if terminal[state]:
                ax.text(col, row, "hole" if letter == "H" else "goal", ha="center", va="center",
                        color=theme.colors["blue"] if letter == "H" else theme.colors["green"],
                        fontsize="small", fontweight="bold")
                continue
            ink = _contrasting_ink(cmap(norm(values[state])))
            ax.text(col, row + 0.32, f"{values[state]:.2f}", ha="center", va="center", fontsize="x-small", color=ink)
            if letter == "S":
                ax.text(col - 0.4, row - 0.32, "S", ha="left", va="center", fontsize="x-small", color=ink)
            if policy is not None:
                dx, dy = ARROWS[int(policy[state])]
                arrow_x.append(col - 0.28 * dx)
                arrow_y.append(row - 0.06 - 0.28 * dy)
                arrow_dx.append(0.56 * dx)
                arrow_dy.append(0.56 * dy)
                arrow_ink.append(ink)
    if arrow_x:
        # One collection for all arrows: far cheaper to render than one annotation per tile.
        ax.quiver(arrow_x, arrow_y, arrow_dx, arrow_dy, color=arrow_ink, angles="xy", scale_units="xy",
                  scale=1, width=0.012, headwidth=4, headlength=4, headaxislength=3.5, zorder=3)
    ax.set_xticks(np.arange(n_cols))
    ax.set_yticks(np.arange(n_rows))
    ax.set_xticks(np.arange(n_cols + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(n_rows + 1) - 0.5, minor=True)
    ax.grid(which="minor", color=theme.muted, linewidth=0.8)
    ax.tick_params(which="minor", length=0)
    ax.set_xlabel("column")
    ax.set_ylabel("row")
    if title:
        ax.set_title(title, fontsize="medium")
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=value_label, shrink=0.8)
    return ax


def plot_lakes(desc, panels, *, fig=None):
    """Several :func:`plot_lake` panels side by side.

    Parameters
    ----------
    desc : list of str or ndarray
        The map shared by all panels.
    panels : list of dict
        Keyword arguments of :func:`plot_lake` per panel (``values``, ``policy``, ``title``,
        ``vmin``, ``vmax``, ``value_label``, ``colorbar``).
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    if not isinstance(panels, (list, tuple)) or not panels or not all(isinstance(p, dict) for p in panels):
        raise ValueError("panels must be a non-empty list of dicts of plot_lake arguments")
    if fig is None:
        fig = plt.figure(layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, len(panels), sharey=True))
    drawn = [plot_lake(desc, ax=ax, **panel) for ax, panel in zip(axes, panels)]
    for ax in drawn[1:]:
        ax.set_ylabel("")           # the rows are labelled once, on the left
        ax.tick_params(labelleft=False)
    return drawn


def plot_reach_probability(exact, simulated=None, *, ax=None):
    """Probability of having reached the goal within ``n`` steps: exact curves, sampled markers.

    Parameters
    ----------
    exact : dict[str, array-like of shape (n_steps + 1,)]
        Label -> exact probabilities for ``n = 0, 1, ...`` (drawn as lines, log scale).
    simulated : dict[str, (array-like of int, array-like)], optional
        Label (the same as in ``exact``) -> ``(steps, fractions)`` drawn as open circles in the
        same colour.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(exact, dict) or not exact:
        raise ValueError("exact must be a non-empty dict of label -> probabilities")
    simulated = {} if simulated is None else simulated
    if not isinstance(simulated, dict) or not set(simulated) <= set(exact):
        raise ValueError("simulated must be a dict whose labels all appear in exact")
    ax = _axes(ax)
    for k, (label, probabilities) in enumerate(exact.items()):
        probabilities = _check_finite_array(f"exact[{label!r}]", probabilities, ndim=1, dtype=float)
        colour = _colour(k)
        steps = np.arange(probabilities.size)
        positive = probabilities > 0
        ax.plot(steps[positive], probabilities[positive], color=colour, label=f"{label}: exact")
        if label in simulated:
            at, fractions = simulated[label]
            ax.plot(np.asarray(at), np.asarray(fractions, dtype=float), "o", mfc="none", color=colour,
                    label=f"{label}: simulated")
    ax.set_yscale("log")
    ax.yaxis.set_minor_locator(NullLocator())  # decade lines only: minor log ticks cost much to lay out
    ax.set_xlabel("steps n")
    ax.set_ylabel("P(reached the goal within n steps)")
    ax.grid(True)
    ax.legend(fontsize="small")
    return ax


def plot_learning_curves(x, curves, *, optimum=None, optimum_label="optimum", xlabel="episodes",
                         ylabel="value", ax=None):
    """Learning curves against a dashed line at the known optimum.

    Parameters
    ----------
    x : array-like of shape (n_points,)
        Horizontal positions shared by all curves.
    curves : dict[str, array-like of shape (n_points,)]
        Label -> values.
    optimum : float, optional
        Drawn as a dashed horizontal line.
    optimum_label, xlabel, ylabel : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves must be a non-empty dict of label -> values")
    ax = _axes(ax)
    for label, values in curves.items():
        values = _check_finite_array(f"curves[{label!r}]", values, ndim=1, dtype=float)
        if values.shape != x.shape:
            raise ValueError(f"curves[{label!r}] must have the shape of x {x.shape}, got {values.shape}")
        ax.plot(x, values, label=label)
    if optimum is not None:
        ax.axhline(float(_check_finite_array("optimum", optimum, ndim=0)), color=current_theme().muted,
                   linestyle="--", label=optimum_label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(True)
    ax.legend(fontsize="small")
    return ax


def plot_gradient_check(exact, estimates, *, ax=None):
    """Estimated against exact gradient components, with two-standard-error bars.

    Parameters
    ----------
    exact : array-like
        The exact gradient (any shape; flattened).
    estimates : dict[str, (array-like, array-like)]
        Label -> ``(mean, standard_error)`` of an estimator, each of the shape of ``exact``.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    exact = _check_finite_array("exact", exact, dtype=float).ravel()
    if not isinstance(estimates, dict) or not estimates:
        raise ValueError("estimates must be a non-empty dict of label -> (mean, standard_error)")
    ax = _axes(ax)
    markers = ["o", "s", "^", "D"]
    for k, (label, (mean, se)) in enumerate(estimates.items()):
        mean = _check_finite_array(f"estimates[{label!r}] mean", mean, dtype=float).ravel()
        se = _check_finite_array(f"estimates[{label!r}] standard error", se, dtype=float).ravel()
        if mean.shape != exact.shape or se.shape != exact.shape:
            raise ValueError(f"estimates[{label!r}] must match the exact gradient's {exact.size} entries")
        ax.errorbar(exact, mean, yerr=2 * se, fmt=markers[k % len(markers)], color=_colour(k), mfc="none",
                    markersize=5, elinewidth=1, capsize=0, label=label)
    low = min(exact.min(), *(np.ravel(m).min() for m, _ in estimates.values()))
    high = max(exact.max(), *(np.ravel(m).max() for m, _ in estimates.values()))
    ax.plot([low, high], [low, high], color=current_theme().muted, linestyle="--", label="estimate = exact")
    ax.set_xlabel("exact gradient component")
    ax.set_ylabel("mean of the estimates")
    ax.grid(True)
    ax.legend(fontsize="small")
    return ax
