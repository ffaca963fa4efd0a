"""Pictures of sampling: error against draws, running estimates, rejection, chains, posteriors, KL fits.

Colours come from the theme being drawn (:func:`mlwiki.themes.current_theme`), curves take the
palette in order (blue, orange, green, red, purple), reference lines the theme's muted ink.
"""

from __future__ import annotations

import numpy as np
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter, NullLocator

from mlwiki._checks import _check_finite_array
from mlwiki.plots import _axes, _figure
from mlwiki.probability.rejection import RejectionResult
from mlwiki.themes import current_theme

__all__ = ["plot_error_vs_samples", "plot_running_estimates", "plot_rejection", "plot_traces",
           "plot_step_size_study", "plot_mixing", "plot_densities"]

_ORDER = ("blue", "orange", "green", "red", "purple")


def _colour(k: int) -> str:
    return current_theme().colors[_ORDER[k % len(_ORDER)]]


def _plain_log_ticks(axis, fmt="{:g}", subs=(1.0,)):
    """Label a logarithmic axis plainly (10, 100, 0.01), at ``subs`` times each power of ten.

    Matplotlib otherwise typesets labels such as 2 x 10^-2 on an axis that spans few decades;
    ``subs=(1, 2, 5)`` gives such an axis enough plain labels instead.
    """
    axis.set_major_locator(LogLocator(subs=subs))
    axis.set_major_formatter(FuncFormatter(lambda value, _: fmt.format(value)))
    _no_minor_ticks(axis)


def _no_minor_ticks(axis):
    """No minor ticks on a logarithmic axis: the grid marks the decades, and Matplotlib's eight
    minor ticks per decade double the time it takes to draw the figure."""
    axis.set_minor_locator(NullLocator())
    axis.set_minor_formatter(NullFormatter())


def plot_error_vs_samples(sample_sizes, rms_errors, predicted, *, ax=None):
    """Measured root-mean-square error against the number of draws (markers), and ``sigma / sqrt(n)`` (line).

    Parameters
    ----------
    sample_sizes, rms_errors, predicted : array-like of shape (k,)
        All > 0.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    n = _check_finite_array("sample_sizes", sample_sizes, ndim=1, dtype=float)
    rms = _check_finite_array("rms_errors", rms_errors, ndim=1, dtype=float)
    predicted = _check_finite_array("predicted", predicted, ndim=1, dtype=float)
    if not (n.shape == rms.shape == predicted.shape):
        raise ValueError("sample_sizes, rms_errors and predicted must have the same length")
    ax = _axes(ax)
    ax.plot(n, predicted, color=_colour(0), label=r"predicted $\sigma / \sqrt{n}$")
    ax.plot(n, rms, "o", color=_colour(1), label="measured (RMS over repeats)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    _plain_log_ticks(ax.xaxis, "{:,.0f}")
    _plain_log_ticks(ax.yaxis, subs=(1.0, 2.0, 5.0))
    ax.set_xlabel("number of draws n")
    ax.set_ylabel("root-mean-square error")
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def plot_running_estimates(estimates, truth, *, relative=False, ylim=None, ax=None):
    """Running averages against the number of draws (log axis), with the exact value as a dotted line.

    Parameters
    ----------
    estimates : dict[str, array-like of shape (n,)]
        Label -> per-draw values whose running average is drawn (e.g. indicator values, or
        weighted indicator values for importance sampling).
    truth : float
        The exact value (non-zero when ``relative``).
    relative : bool
        Divide every running average by ``truth``, so that 1 is exact.
    ylim : (float, float), optional
        Vertical limits.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(estimates, dict) or not estimates:
        raise ValueError("estimates must be a non-empty dict of label -> per-draw values")
    truth = float(_check_finite_array("truth", truth, ndim=0, dtype=float))
    if relative and truth == 0:
        raise ValueError("truth must be non-zero when relative=True")
    scale = truth if relative else 1.0
    ax = _axes(ax)
    for k, (label, values) in enumerate(estimates.items()):
        values = _check_finite_array(f"estimates[{label!r}]", values, ndim=1, dtype=float)
        draws = np.arange(1, values.size + 1)
        running = np.cumsum(values) / draws / scale
        # On a logarithmic axis a few thousand log-spaced points show every feature of the curve;
        # the steps where the average jumps (a rare hit) are kept as well, so no jump is lost.
        shown = np.unique(np.r_[np.geomspace(1, values.size, 3000).astype(int) - 1,
                                np.flatnonzero(np.abs(np.diff(running, prepend=0.0)) > 0.05)])
        ax.plot(draws[shown], running[shown], color=_colour(k), label=label)
    ax.axhline(truth / scale, color=current_theme().muted, linestyle=":", linewidth=1.5, label="exact value")
    ax.set_xscale("log")
    _plain_log_ticks(ax.xaxis, "{:,.0f}")
    ax.set_xlabel("number of draws")
    ax.set_ylabel("running estimate / exact value" if relative else "running estimate")
    if ylim is not None:
        ax.set_ylim(*ylim)
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def plot_rejection(result, target_pdf, proposal_pdf, envelope, *, x_range, max_points=2000, ax=None):
    """Proposals at their uniform heights under the envelope: accepted (below ``p``) and rejected.

    Parameters
    ----------
    result : RejectionResult
    target_pdf, proposal_pdf : callable
        The densities the sampler used.
    envelope : float
        ``M``.
    x_range : (float, float)
        Horizontal extent.
    max_points : int
        Draw at most this many proposals (the first ones), > 0.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if not isinstance(result, RejectionResult):
        raise TypeError(f"result must be a RejectionResult, got {type(result).__name__}")
    lo, hi = (float(v) for v in _check_finite_array("x_range", x_range, ndim=1, dtype=float))
    if not lo < hi:
        raise ValueError(f"x_range must be (low, high) with low < high, got {(lo, hi)}")
    max_points = int(max_points)
    if max_points < 1:
        raise ValueError(f"max_points must be > 0, got {max_points}")
    ax = _axes(ax)
    x = np.linspace(lo, hi, 400)
    shown = slice(0, max_points)
    accepted = result.accepted[shown]
    ax.scatter(result.proposals[shown][accepted], result.heights[shown][accepted], s=4, color=_colour(0),
               alpha=0.6, label="accepted", rasterized=True)
    ax.scatter(result.proposals[shown][~accepted], result.heights[shown][~accepted], s=4, color=_colour(3),
               alpha=0.6, label="rejected", rasterized=True)
    ax.plot(x, envelope * np.asarray(proposal_pdf(x)), color=current_theme().foreground, linewidth=1.5,
            label=f"envelope M q(x), M = {envelope:.3f}")
    ax.plot(x, np.asarray(target_pdf(x)), color=_colour(2), linewidth=2, label="target p(x)")
    ax.set_xlim(lo, hi)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("x")
    ax.set_ylabel("density")
    ax.legend(fontsize=9)
    return ax


def plot_traces(chains, labels, *, fig=None, n_shown=None):
    """One panel per chain: the state against the step, stacked with a shared time axis.

    Parameters
    ----------
    chains : array-like of shape (n_steps, n_chains)
    labels : sequence of str, one per chain
    fig : matplotlib.figure.Figure, optional
    n_shown : int, optional
        Show only the first ``n_shown`` steps.

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    chains = _check_finite_array("chains", chains, ndim=2, dtype=float)
    labels = list(labels)
    if len(labels) != chains.shape[1]:
        raise ValueError(f"labels must name each of the {chains.shape[1]} chains, got {len(labels)}")
    if n_shown is not None:
        chains = chains[: int(n_shown)]
    fig = _figure(fig, (8, 1.6 * chains.shape[1]))
    axes = list(np.atleast_1d(fig.subplots(chains.shape[1], 1)))
    _draw_traces(axes, chains, labels)
    return axes


def _draw_traces(axes, chains, labels):
    # Common limits set by hand rather than with shared axes: shared axes make Matplotlib lay out
    # every panel's tick labels against its siblings', which costs more than the drawing itself.
    bound = float(np.max(np.abs(chains))) * 1.08 if chains.size else 1.0
    steps = np.arange(1, chains.shape[0] + 1)
    for k, (ax, label) in enumerate(zip(axes, labels)):
        ax.plot(steps, chains[:, k], color=_colour(k), linewidth=0.8)
        ax.set_xlim(0, steps[-1] + 1)
        ax.set_ylim(-bound, bound)
        ax.set_ylabel("state")
        ax.set_title(label, fontsize=9, loc="left")
        ax.grid(True, alpha=0.3)
        if ax is not axes[-1]:
            ax.tick_params(labelbottom=False)
    axes[-1].set_xlabel("step")


def plot_step_size_study(steps, acceptance, predicted_acceptance, ess_per_draw, *, fig=None):
    """Two stacked panels against the proposal step: acceptance rate (measured, predicted) and ESS per draw.

    Parameters
    ----------
    steps : array-like of shape (k,)
        Proposal standard deviations, > 0.
    acceptance, predicted_acceptance : array-like of shape (k,)
        In [0, 1].
    ess_per_draw : array-like of shape (k,)
        Effective sample size divided by chain length; the largest is marked with a star.
    fig : matplotlib.figure.Figure or SubFigure, optional

    Returns
    -------
    list of matplotlib.axes.Axes
    """
    steps = _check_finite_array("steps", steps, ndim=1, dtype=float)
    acceptance = _check_finite_array("acceptance", acceptance, ndim=1, dtype=float)
    predicted_acceptance = _check_finite_array("predicted_acceptance", predicted_acceptance, ndim=1, dtype=float)
    ess = _check_finite_array("ess_per_draw", ess_per_draw, ndim=1, dtype=float)
    if not (steps.shape == acceptance.shape == predicted_acceptance.shape == ess.shape):
        raise ValueError("steps, acceptance, predicted_acceptance and ess_per_draw must have the same length")
    if np.any(steps <= 0):
        raise ValueError("steps must be > 0 (they are drawn on a logarithmic axis)")
    fig = _figure(fig, (5, 5))
    top, bottom = fig.subplots(2, 1)
    _draw_study(top, bottom, steps, acceptance, predicted_acceptance, ess)
    return [top, bottom]


def _draw_study(top, bottom, steps, acceptance, predicted_acceptance, ess):
    top.plot(steps, predicted_acceptance, color=_colour(0), label=r"predicted $\frac{2}{\pi}\arctan(2/s)$")
    top.plot(steps, acceptance, "o", color=_colour(1), label="measured")
    top.set_ylabel("acceptance rate")
    top.set_ylim(0, 1)
    top.legend(fontsize=8)
    bottom.plot(steps, ess, "o-", color=_colour(2))
    best = int(np.argmax(ess))
    bottom.plot(steps[best], ess[best], marker="*", markersize=14, color=current_theme().foreground, linestyle="none")
    bottom.set_ylabel("effective sample size\nper draw")
    bottom.set_ylim(bottom=0)
    bottom.set_xlabel("proposal step size s")
    limits = (steps.min() / 1.3, steps.max() * 1.3)
    for ax in (top, bottom):
        ax.set_xscale("log")
        ax.set_xlim(*limits)
        _plain_log_ticks(ax.xaxis)
        ax.grid(True, alpha=0.3)
    top.tick_params(labelbottom=False)


def plot_mixing(chains, steps, acceptance, predicted_acceptance, ess_per_draw, *, shown, n_shown=1000, fig=None):
    """Traces of a few chains (left) beside the acceptance and ESS study of all of them (right).

    Parameters
    ----------
    chains : array-like of shape (n_steps, k)
        One chain per step size.
    steps, acceptance, predicted_acceptance, ess_per_draw : array-like of shape (k,)
        As for :func:`plot_step_size_study`.
    shown : sequence of int
        Indices of the chains whose traces are drawn: 1, 2, 3 or 6 of them.
    n_shown : int
        Steps of each trace to draw.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    list of matplotlib.axes.Axes
        The trace panels, then the two study panels.
    """
    chains = _check_finite_array("chains", chains, ndim=2, dtype=float)
    steps = _check_finite_array("steps", steps, ndim=1, dtype=float)
    if chains.shape[1] != steps.size:
        raise ValueError(f"chains must have one column per step size ({steps.size}), got shape {chains.shape}")
    shown = [int(k) for k in shown]
    if not shown or 6 % len(shown) or any(not 0 <= k < steps.size for k in shown):
        raise ValueError(f"shown must list 1, 2, 3 or 6 chain indices in 0 .. {steps.size - 1}, got {shown}")
    acceptance = _check_finite_array("acceptance", acceptance, ndim=1, dtype=float)
    predicted_acceptance = _check_finite_array("predicted_acceptance", predicted_acceptance, ndim=1, dtype=float)
    ess = _check_finite_array("ess_per_draw", ess_per_draw, ndim=1, dtype=float)
    if not (steps.shape == acceptance.shape == predicted_acceptance.shape == ess.shape) or np.any(steps <= 0):
        raise ValueError("steps (> 0), acceptance, predicted_acceptance and ess_per_draw must have the same length")
    fig = _figure(fig, (11, 5))
    # One grid rather than two sub-figures: the traces take a third of the height each on the
    # left, the two study panels half each on the right (6 rows is divisible by both).
    grid = fig.add_gridspec(6, 2, width_ratios=[1.25, 1])
    rows = 6 // len(shown)
    traces = [fig.add_subplot(grid[i * rows:(i + 1) * rows, 0]) for i in range(len(shown))]
    _draw_traces(traces, chains[: int(n_shown), shown], [f"step s = {steps[k]:g}" for k in shown])
    top, bottom = fig.add_subplot(grid[:3, 1]), fig.add_subplot(grid[3:, 1])
    _draw_study(top, bottom, steps, acceptance, predicted_acceptance, ess)
    return traces + [top, bottom]


def plot_densities(x, curves, *, styles=None, xlabel="x", ylabel="density", ax=None):
    """Several densities on one axis, the palette in order.

    Parameters
    ----------
    x : array-like of shape (n,)
    curves : dict[str, array-like of shape (n,)]
        Label -> density values.
    styles : dict[str, str], optional
        Label -> Matplotlib line style (default solid).
    xlabel, ylabel : str
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = _check_finite_array("x", x, ndim=1, dtype=float)
    if not isinstance(curves, dict) or not curves:
        raise ValueError("curves must be a non-empty dict of label -> values")
    styles = {} if styles is None else dict(styles)
    ax = _axes(ax)
    for k, (label, values) in enumerate(curves.items()):
        values = _check_finite_array(f"curves[{label!r}]", values, ndim=1, dtype=float)
        if values.shape != x.shape:
            raise ValueError(f"curves[{label!r}] must have the shape of x {x.shape}, got {values.shape}")
        ax.plot(x, values, color=_colour(k), linestyle=styles.get(label, "-"), linewidth=2, label=label)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_ylim(bottom=0)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=9)
    return ax
