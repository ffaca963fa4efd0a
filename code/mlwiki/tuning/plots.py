"""Figures of the hyperparameter-search chapter.  Each takes ``ax=`` or ``fig=`` and returns it."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import Normalize
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from mlwiki.themes import current_theme
from mlwiki.tuning.halving import HalvingResult
from mlwiki.tuning.search import best_so_far
from mlwiki.tuning.toy import GridRandomComparison, one_relevant_score
from mlwiki.plots import _axes, _figure

__all__ = ["plot_grid_and_random_points", "plot_best_found", "plot_trials", "plot_search_progress"]


def plot_grid_and_random_points(grid_configs, random_configs, *, fig=None):
    """Bergstra & Bengio's picture: where a grid and a random search put the same number of trials.

    Two columns (grid, random).  Top: the score as a function of the relevant
    hyperparameter ``x``, with a dot at every value of ``x`` the search tried.
    Bottom: the trials in the (x, y) square, shaded by the score (which ignores y).

    Parameters
    ----------
    grid_configs, random_configs : list of dict
        Configurations with keys ``"x"`` and ``"y"`` in [0, 1].
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(fig)
    theme = current_theme()
    axes = fig.subplots(2, 2, sharex=True, height_ratios=[1, 2.2])
    xs = np.linspace(0, 1, 401)
    curve = one_relevant_score(xs, 0.0)
    for column, (title, configs, colour) in enumerate(
        (("grid", grid_configs, theme.colors["blue"]), ("random", random_configs, theme.colors["orange"]))
    ):
        x = np.array([c["x"] for c in configs])
        y = np.array([c["y"] for c in configs])
        top, square = axes[0, column], axes[1, column]
        top.plot(xs, curve, color=theme.foreground, lw=1.2)
        # clip_on=False: grid points sit on the edges of the square and must show whole.
        top.plot(x, one_relevant_score(x, 0.0), "o", color=colour, ms=6, mec=theme.foreground, mew=0.6,
                 clip_on=False, zorder=3)
        top.set_title(f"{title}: {len(configs)} trials, {np.unique(x).size} values of x")
        top.set_ylim(-0.05, 1.1)
        top.set_ylabel("score")
        top.grid(True, alpha=0.3)
        square.imshow(np.tile(curve, (2, 1)), extent=(0, 1, 0, 1), origin="lower", aspect="auto",
                      cmap=theme.sequential, alpha=0.55, vmin=0, vmax=1)
        square.plot(x, y, "o", color=colour, ms=8, mec=theme.foreground, mew=0.8, clip_on=False, zorder=3)
        square.set_xlim(0, 1)
        square.set_ylim(0, 1)
        square.set_xlabel("x (matters)")
        square.set_ylabel("y (does not matter)")
    return fig


def plot_best_found(comparison: GridRandomComparison, *, ax=None):
    """Best score found against the number of trials: the grid, and random search over many seeds.

    Parameters
    ----------
    comparison : GridRandomComparison
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(comparison, GridRandomComparison):
        raise ValueError(f"comparison must be a GridRandomComparison, got {type(comparison).__name__}")
    theme = current_theme()
    ax = _axes(ax)
    n = comparison.n_trials
    low, high = np.percentile(comparison.random_best, [10, 90], axis=1)
    ax.fill_between(n, low, high, color=theme.colors["orange"], alpha=0.25, lw=0,
                    label="random, 10th to 90th percentile")
    ax.plot(n, comparison.random_median, "o-", color=theme.colors["orange"], label="random, median")
    ax.plot(n, comparison.grid_best, "s-", color=theme.colors["blue"], label="grid")
    ax.set_xticks(n)
    ax.set_xlabel("trials (k × k grid, or k² random)")
    ax.set_ylabel("best score found")
    ax.set_ylim(-0.03, 1.03)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right")
    return ax


def plot_trials(searches, *, fig=None):
    """Where each search put its trials in (learning rate, width), coloured by validation accuracy.

    Parameters
    ----------
    searches : dict[str, list of Trial or HalvingResult]
        Panel title -> the search's trials.  For a :class:`HalvingResult`, marker size
        grows with the epochs a configuration reached.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(searches, dict) or not searches:
        raise ValueError("searches must be a non-empty dict of title -> trials")
    fig = _figure(fig)
    theme = current_theme()
    axes = np.atleast_1d(fig.subplots(1, len(searches), sharex=True, sharey=True))
    norm = Normalize(0.0, 1.0)
    mappable = None
    for ax, (title, result) in zip(axes, searches.items()):
        trials = result.trials if isinstance(result, HalvingResult) else list(result)
        lr = np.array([t.config["lr"] for t in trials])
        width = np.array([t.config["width"] for t in trials])
        score = np.array([t.score for t in trials])
        epochs = np.array([t.epochs for t in trials], dtype=float)
        sizes = 18 + 55 * epochs / epochs.max()
        mappable = ax.scatter(lr, width, c=score, s=sizes, cmap=theme.sequential, norm=norm,
                              edgecolors=theme.foreground, linewidths=0.5)
        ax.set_xscale("log")
        ax.set_yscale("log")
        # Widths are powers of two apart: label those rather than only 10 and 100.
        powers = 2 ** np.arange(np.floor(np.log2(width.min())), np.ceil(np.log2(width.max())) + 1)
        ax.set_yticks(powers, [f"{p:g}" for p in powers])
        ax.set_title(f"{title} ({len(trials)})")
        ax.set_xlabel("learning rate")
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("hidden units")
    fig.colorbar(mappable, ax=list(axes), label="validation accuracy", shrink=0.9)
    return fig


def plot_search_progress(curves, *, points=None, ax=None):
    """Lowest validation error so far against epochs spent, one line per search run.

    The error (1 - accuracy) is drawn on a log scale, so that the early, poor trials
    and the small differences between good ones are both visible.

    Parameters
    ----------
    curves : dict[str, list of list of Trial]
        Method -> its runs (one list of trials per seed); drawn as step lines in the
        method's colour.
    points : dict[str, list of (epochs, accuracy)], optional
        Method -> results known only at the end (a grid, successive halving), drawn as markers.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(curves, dict):
        raise ValueError(f"curves must be a dict of method -> list of runs, got {type(curves).__name__}")
    theme = current_theme()
    ax = _axes(ax)
    colours = iter(theme.colors[name] for name in ("orange", "green", "blue", "purple", "red"))
    markers = iter("sDv^")
    for method, runs in curves.items():
        colour = next(colours)
        for i, trials in enumerate(runs):
            epochs, best = best_so_far(trials)
            # A run's best is known from the end of its first trial on; "post" holds it until the next.
            ax.step(epochs, 1 - best, where="post", color=colour, lw=1.4, alpha=0.85,
                    label=method if i == 0 else None)
    for method, coords in (points or {}).items():
        coords = np.asarray(coords, dtype=float).reshape(-1, 2)
        ax.plot(coords[:, 0], 1 - coords[:, 1], next(markers), color=next(colours), ms=8,
                mec=theme.foreground, mew=0.7, ls="none", label=method)
    ax.set_yscale("log")
    # Labels at 1, 2, 4 and 6 times each power of ten, written 0.06 rather than 6 x 10^-2.
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 4.0, 6.0)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_xlabel("training epochs spent")
    ax.set_ylabel("lowest validation error so far")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper right")
    return ax
