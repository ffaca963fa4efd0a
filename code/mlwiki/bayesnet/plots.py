"""Picture of (conditional) dependence in small networks: one group of bars per network.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`).
"""

from __future__ import annotations

import numpy as np

from mlwiki.bayesnet.dependence import DependenceSummary
from mlwiki.themes import current_theme
from mlwiki.plots import _axes

__all__ = ["plot_dependence"]

_KEYS = ("overall", "given 0", "given 1")


def plot_dependence(summaries, *, a="X", b="Z", given="Y", ax=None):
    """Sampled correlation of ``a`` and ``b`` as bars, the exact value as a tick on each bar.

    Parameters
    ----------
    summaries : dict[str, DependenceSummary]
        Network name -> its summary; one group of three bars (overall, given = 0, given = 1) each.
    a, b, given : str
        Node names, for the legend.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(summaries, dict) or not summaries or \
            not all(isinstance(s, DependenceSummary) for s in summaries.values()):
        raise ValueError("summaries must be a non-empty dict name -> DependenceSummary")
    ax = _axes(ax)
    theme = current_theme()
    colours = (theme.colors["blue"], theme.colors["orange"], theme.colors["green"])
    labels = (f"corr({a}, {b})", f"corr({a}, {b} | {given} = 0)", f"corr({a}, {b} | {given} = 1)")
    width = 0.26
    for k, (key, colour, label) in enumerate(zip(_KEYS, colours, labels)):
        x = np.arange(len(summaries)) + (k - 1) * width
        sampled = [s.sampled[key] for s in summaries.values()]
        exact = [s.exact[key] for s in summaries.values()]
        ax.bar(x, sampled, width=width * 0.92, color=colour, label=label)
        ax.plot(x, exact, "_", markersize=16, markeredgewidth=2, color=theme.foreground,
                label="exact value" if k == 0 else None)
    ax.axhline(0.0, color=theme.muted, linewidth=1)
    ax.set_xticks(range(len(summaries)), list(summaries))
    ax.set_ylabel("correlation")
    ax.set_ylim(-0.75, 0.75)
    ax.grid(True, axis="y", alpha=0.4)
    ax.legend(loc="upper center", ncol=2, fontsize=9)
    return ax
