"""Figures of the fine-tuning chapter.  Each takes ``fig=`` and returns it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from mlwiki._checks import _check_finite_array
from mlwiki.images import tile_images
from mlwiki.themes import current_theme
from mlwiki.transfer.experiment import AdaptationResults

__all__ = ["plot_domains", "plot_adaptation", "METHOD_STYLE"]

#: Colour name (a theme palette entry, or "ink") and line style of each method.
METHOD_STYLE = {
    "scratch": ("ink", "--", "o"),
    "last layer": ("blue", "-", "s"),
    "first layer": ("orange", "-", "^"),
    "all layers": ("green", "-", "D"),
    "adapter": ("purple", "-", "v"),
    "soft prompt": ("red", "-", "P"),
}


def plot_domains(domains, *, side: int = 8, fig=None):
    """One row of images per domain, all drawn on the same intensity scale.

    Parameters
    ----------
    domains : dict[str, array-like of shape (n_images, side * side)]
        Row title -> flattened images (the same digits in every row, ideally).
    side : int
        Images are ``side`` x ``side`` pixels.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(domains, dict) or not domains:
        raise ValueError("domains must be a non-empty dict of title -> images")
    rows = {name: _check_finite_array(f"domains[{name!r}]", imgs, ndim=2, dtype=float) for name, imgs in domains.items()}
    for name, imgs in rows.items():
        if imgs.shape[1] != side * side:
            raise ValueError(f"domains[{name!r}] must hold images of {side * side} pixels, got {imgs.shape[1]}")
    fig = plt.figure(layout="constrained") if fig is None else fig
    theme = current_theme()
    # One shared scale, so a faded row looks faded rather than being stretched back to full contrast.
    low = min(float(imgs.min()) for imgs in rows.values())
    high = max(float(imgs.max()) for imgs in rows.values())
    axes = np.atleast_1d(fig.subplots(len(rows), 1))
    for ax, (name, imgs) in zip(axes, rows.items()):
        mosaic = tile_images(imgs.reshape(-1, side, side), n_cols=imgs.shape[0])
        ax.imshow(mosaic, cmap=theme.ink_on_paper, vmin=low, vmax=high, interpolation="nearest")
        ax.set_title(name, fontsize=10, loc="left")
        ax.set_axis_off()
    return fig


def plot_adaptation(results, *, fig=None):
    """Test accuracy against labelled examples per class, one panel per target domain.

    Each method is a line through its mean over the repeats, with a bar from the worst
    to the best repeat; the dotted line is the pretrained network before adaptation.

    Parameters
    ----------
    results : dict[str, AdaptationResults]
        Panel title -> results.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not isinstance(results, dict) or not results or not all(
            isinstance(r, AdaptationResults) for r in results.values()):
        raise ValueError("results must be a non-empty dict of title -> AdaptationResults")
    fig = plt.figure(layout="constrained") if fig is None else fig
    theme = current_theme()
    colours = theme.colors | {"ink": theme.foreground}
    axes = np.atleast_1d(fig.subplots(1, len(results), sharey=True))
    for ax, (title, result) in zip(axes, results.items()):
        shots = np.array(result.shots)
        for i, method in enumerate(result.methods):
            colour, style, marker = METHOD_STYLE[method]
            acc = result.accuracy[i]
            mean = acc.mean(axis=1)
            ax.errorbar(shots, mean, yerr=[mean - acc.min(axis=1), acc.max(axis=1) - mean], color=colours[colour],
                        ls=style, marker=marker, ms=6, capsize=3, lw=1.5,
                        label=f"{method} ({result.trainable[method]:,})")
        ax.axhline(result.unadapted, color=theme.muted, ls=":", lw=1.5, label="not adapted")
        ax.set_xscale("log")
        ax.set_xticks(shots, [str(k) for k in shots])
        ax.minorticks_off()
        ax.set_xlabel("labelled examples per class")
        ax.set_title(title)
        ax.set_ylim(0, 1)
        ax.grid(True, alpha=0.3)
    axes[0].set_ylabel("test accuracy on the new domain")
    # One legend for all panels, below them, so it never covers a line.
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 6), fontsize=8,
               title="method (trainable parameters)", title_fontsize=8)
    return fig
