"""Generic plotting helpers shared by several chapters.

Every helper draws on ``ax`` (a new figure's Axes when ``ax`` is None) and returns the Axes;
none of them shows or saves anything.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

__all__ = ["plot_curves"]


def _axes(ax):
    if ax is None:
        _, ax = plt.subplots()
    return ax


def plot_curves(curves, *, x=None, xlabel="epoch", ylabel="loss", logy=False, ax=None):
    """Plot several named 1-D curves on shared axes.

    Parameters
    ----------
    curves : dict[str, array-like of shape (n_points,)]
        Legend label -> values.
    x : array-like of shape (n_points,) or dict[str, array-like], optional
        Horizontal positions (shared, or per curve); ``0, 1, ...`` when omitted.
    xlabel, ylabel : str
        Axis labels (state units).
    logy : bool
        Logarithmic vertical axis, for losses spanning decades.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ax = _axes(ax)
    for name, values in curves.items():
        values = np.asarray(values, dtype=float)
        xs = x.get(name) if isinstance(x, dict) else x
        xs = np.arange(values.size) if xs is None else np.asarray(xs)
        ax.plot(xs, values, label=name)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    if logy:
        ax.set_yscale("log")
    if len(curves) > 1:
        ax.legend()
    ax.grid(True, alpha=0.3)
    return ax
