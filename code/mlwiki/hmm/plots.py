"""Pictures of HMM decoding: the observed rolls over the hidden truth, and what inference recovers.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.themes import current_theme
from mlwiki.plots import _axes

__all__ = ["plot_decoding", "plot_underflow"]


def _shade_runs(ax, mask, color):
    """Shade every run of consecutive True entries of ``mask`` (x = step index, centred)."""
    edges = np.flatnonzero(np.diff(np.r_[0, mask.astype(int), 0]))
    for begin, end in zip(edges[::2], edges[1::2]):
        ax.axvspan(begin - 0.5, end - 0.5, color=color, alpha=0.18, linewidth=0)


def plot_decoding(observations, true_states, filtered, smoothed, path, *, state=1, state_name="loaded",
                  symbol_labels=None, highlight_symbol=None, fig=None):
    """The observations above; filtered and smoothed ``P(state)`` and the Viterbi path below.

    Steps where the true hidden state is ``state`` are shaded in both panels.

    Parameters
    ----------
    observations, true_states, path : array-like of shape (n_steps,), int
    filtered, smoothed : array-like of shape (n_steps,)
        ``P(z_t = state | x_1..x_t)`` and ``P(z_t = state | x_1..x_T)``.
    state : int
        The state whose probability is drawn.
    state_name : str
        Its name, for labels.
    symbol_labels : sequence of str, optional
        Tick labels of the symbols (e.g. die faces); ``0, 1, ...`` when omitted.
    highlight_symbol : int, optional
        A symbol drawn in orange rather than the theme's ink (e.g. the loaded die's six).
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The two panels, top first.
    """
    observations = _check_finite_array("observations", observations, ndim=1)
    n = observations.size
    arrays = {"true_states": true_states, "filtered": filtered, "smoothed": smoothed, "path": path}
    true_states, filtered, smoothed, path = (_check_finite_array(k, v, ndim=1) for k, v in arrays.items())
    for name, arr in zip(arrays, (true_states, filtered, smoothed, path)):
        if arr.size != n:
            raise ValueError(f"{name} must have {n} entries like observations, got {arr.size}")
    if fig is None:
        fig = plt.figure(layout="constrained")
    theme = current_theme()
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[1, 1.3])
    steps = np.arange(n)
    in_state = true_states == state
    for ax in (top, bottom):
        _shade_runs(ax, in_state, theme.muted)
    plain = np.ones(n, dtype=bool) if highlight_symbol is None else observations != highlight_symbol
    top.plot(steps[plain], observations[plain], "o", markersize=2.5, color=theme.foreground)
    if highlight_symbol is not None:
        top.plot(steps[~plain], observations[~plain], "o", markersize=3, color=theme.colors["orange"])
    n_symbols = int(observations.max()) + 1
    top.set_yticks(range(n_symbols), symbol_labels if symbol_labels is not None else range(n_symbols))
    top.set_ylabel("observed")
    top.set_title(f"shaded: steps where the hidden state was '{state_name}'", fontsize=10, loc="left")
    bottom.plot(steps, filtered, color=theme.colors["blue"], linewidth=1, label="filtered, from the past")
    bottom.plot(steps, smoothed, color=theme.colors["orange"], linewidth=1.8, label="smoothed, from all rolls")
    bottom.step(steps, (path == state).astype(float), where="mid", color=theme.colors["green"],
                linestyle="--", linewidth=1.4, label="Viterbi path (1 = " + state_name + ")")
    bottom.set_ylim(-0.05, 1.05)
    bottom.set_ylabel(f"P({state_name})")
    bottom.set_xlabel("step")
    bottom.set_xlim(-0.5, n - 0.5)
    bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3, fontsize=9, frameon=False)
    return top, bottom


def plot_underflow(lengths, unscaled_likelihood, scaled_log_likelihood, *, ax=None):
    """log10 of the likelihood against sequence length: raw products hit 0.0, scaled sums do not.

    Parameters
    ----------
    lengths : array-like of shape (n,)
        Sequence lengths.
    unscaled_likelihood : array-like of shape (n,)
        ``alpha_T.sum()`` of the unscaled recursion (0.0 once it has underflowed).
    scaled_log_likelihood : array-like of shape (n,)
        Natural-log likelihood of the scaled recursion.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    lengths = _check_finite_array("lengths", lengths, ndim=1)
    unscaled = _check_finite_array("unscaled_likelihood", unscaled_likelihood, ndim=1)
    scaled = _check_finite_array("scaled_log_likelihood", scaled_log_likelihood, ndim=1)
    if not lengths.size == unscaled.size == scaled.size:
        raise ValueError(f"lengths, unscaled_likelihood and scaled_log_likelihood must have equal sizes, "
                         f"got {lengths.size}, {unscaled.size}, {scaled.size}")
    ax = _axes(ax)
    theme = current_theme()
    ax.plot(lengths, scaled / np.log(10), color=theme.colors["blue"], linewidth=2,
            label="scaled: sum of log10 c_t")
    alive = unscaled > 0
    ax.plot(lengths[alive], np.log10(unscaled[alive]), "--", color=theme.colors["orange"], linewidth=2,
            label="unscaled: log10 of the product")
    if np.any(~alive):
        first_zero = lengths[~alive][0]
        ax.axvline(first_zero, color=theme.colors["red"], linestyle=":", linewidth=1.5)
        # Upper right of the line: the falling curve is below it there.
        ax.annotate(f"unscaled result is 0.0\nfrom T = {first_zero:.0f} on", (first_zero, 0.25 * ax.get_ylim()[0]),
                    xytext=(6, 0), textcoords="offset points", color=theme.foreground, fontsize=9)
    ax.axhline(np.log10(np.finfo(float).tiny), color=theme.muted, linestyle=":", linewidth=1)
    ax.annotate("smallest normal double, 1e-308", (lengths[0], np.log10(np.finfo(float).tiny)),
                xytext=(0, 3), textcoords="offset points", color=theme.muted, fontsize=9)
    ax.set_xlabel("number of rolls T")
    ax.set_ylabel("log10 P(rolls)")
    ax.grid(True, alpha=0.4)
    ax.legend(loc="lower left")
    return ax
