"""Figures of the attention chapter: attention maps, the scaling experiment, encodings, blocks.

Every helper draws into ``ax`` (or ``fig`` for several panels), creating one when None, and
returns what it drew on; colours come from :func:`mlwiki.themes.current_theme`, so the same
call draws correctly for the light and the dark page.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle

from mlwiki._checks import _check_finite_array, _check_positive_int
from mlwiki.themes import DARK, LIGHT, current_theme
from mlwiki.plots import _axes

__all__ = [
    "plot_attention", "plot_attention_heads", "plot_scaling", "plot_positional_encoding",
    "plot_transformer_blocks",
]


def _labels(name: str, labels, n: int) -> list[str]:
    if labels is None:
        return [str(i) for i in range(n)]
    labels = [str(label) for label in labels]
    if len(labels) != n:
        raise ValueError(f"{name} must have {n} entries (one per row/column of weights), got {len(labels)}")
    return labels


def _ink_for(rgb) -> str:
    """Readable text colour on a cell of colour ``rgb``: the dark or the light theme's ink."""
    r, g, b = rgb[:3]
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return LIGHT.foreground if luminance > 0.5 else DARK.foreground


def _cells(highlight, shape) -> list[tuple[int, int]]:
    if highlight is None:
        return []
    cells = [tuple(int(v) for v in cell) for cell in highlight]
    for row, col in cells:
        if not (0 <= row < shape[0] and 0 <= col < shape[1]):
            raise ValueError(f"highlight cells must lie inside the {shape[0]} x {shape[1]} weights, "
                             f"got ({row}, {col})")
    return cells


def plot_attention(weights, query_labels=None, key_labels=None, *, mask=None, annotate=True,
                   colorbar=True, highlight=None, ax=None):
    """Heat map of one attention matrix: row = query position, column = key position.

    Parameters
    ----------
    weights : array-like of shape (n_queries, n_keys)
        Attention weights in [0, 1], rows summing to 1.
    query_labels, key_labels : sequence of str, optional
        Tick labels (tokens); positions 0, 1, ... when omitted.
    mask : array-like of bool, shape (n_queries, n_keys), optional
        False marks pairs the mask removed; they are left blank instead of drawn as 0.
    annotate : bool
        Write each weight in its cell (two decimals).
    colorbar : bool
        Draw a colour bar for the weights.
    highlight : sequence of (row, column), optional
        Cells to outline in red (e.g. where a trained model should look).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    weights = _check_finite_array("weights", weights, ndim=2, dtype=float)
    cells = _cells(highlight, weights.shape)
    n_queries, n_keys = weights.shape
    query_labels = _labels("query_labels", query_labels, n_queries)
    key_labels = _labels("key_labels", key_labels, n_keys)
    shown = np.ma.masked_array(weights, mask=np.zeros_like(weights, dtype=bool))
    if mask is not None:
        mask = np.asarray(mask)
        if mask.shape != weights.shape or mask.dtype != bool:
            raise ValueError(f"mask must be a boolean array of shape {weights.shape}, got shape "
                             f"{mask.shape} dtype {mask.dtype}")
        shown.mask = ~mask
    theme = current_theme()
    cmap = plt.get_cmap(theme.sequential).with_extremes(bad=theme.background)
    ax = _axes(ax)
    image = ax.imshow(shown, cmap=cmap, vmin=0.0, vmax=1.0)
    ax.set_xticks(range(n_keys), key_labels, rotation=45 if max(map(len, key_labels)) > 3 else 0)
    ax.set_yticks(range(n_queries), query_labels)
    ax.set_xlabel("key position (attended to)")
    ax.set_ylabel("query position (attending)")
    # Thin separators in the page colour make the blank (masked) cells read as cells.  Two
    # line collections, not minor grid lines: each tick costs a text layout at every draw.
    ax.hlines(np.arange(1, n_queries) - 0.5, -0.5, n_keys - 0.5, color=theme.background, linewidth=1.5)
    ax.vlines(np.arange(1, n_keys) - 0.5, -0.5, n_queries - 0.5, color=theme.background, linewidth=1.5)
    for spine in ax.spines.values():
        spine.set_visible(False)
    if annotate:
        for i in range(n_queries):
            for j in range(n_keys):
                if shown.mask[i, j]:
                    continue
                colour = cmap(weights[i, j])
                ax.text(j, i, f"{weights[i, j]:.2f}", ha="center", va="center", fontsize=8,
                        color=_ink_for(colour))
    for row, col in cells:
        # above the cell separators (zorder 3), inset so the outline is not half hidden
        ax.add_patch(Rectangle((col - 0.42, row - 0.42), 0.84, 0.84, fill=False,
                               edgecolor=theme.colors["red"], linewidth=2.2, zorder=3))
    if colorbar:
        ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="attention weight")
    return ax


def plot_attention_heads(weights, query_labels=None, key_labels=None, *, mask=None, highlight=None,
                         fig=None):
    """One attention heat map per head, side by side, sharing one colour bar.

    Parameters
    ----------
    weights : array-like of shape (n_heads, n_queries, n_keys)
    query_labels, key_labels : sequence of str, optional
    mask : array-like of bool, shape (n_queries, n_keys), optional
        As in :func:`plot_attention`.
    highlight : sequence of (row, column), optional
        Cells outlined in red in every panel.
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    list of matplotlib.axes.Axes
        One per head.
    """
    weights = _check_finite_array("weights", weights, ndim=3, dtype=float)
    n_heads = weights.shape[0]
    if fig is None:
        fig = plt.figure(figsize=(4.2 * n_heads + 1, 4.2), layout="constrained")
    axes = fig.subplots(1, n_heads, squeeze=False)[0]
    for h, ax in enumerate(axes):
        plot_attention(weights[h], query_labels, key_labels, mask=mask, annotate=False,
                       colorbar=False, highlight=highlight, ax=ax)
        ax.set_title(f"head {h + 1}")
        if h:
            ax.set_ylabel("")
    fig.colorbar(axes[0].images[0], ax=list(axes), fraction=0.046 / n_heads * 2, pad=0.02,
                 label="attention weight")
    return list(axes)


def plot_scaling(d_ks, variance_unscaled, variance_scaled, saturation, *, n_keys: int, fig=None):
    """Three panels: the spread of q . k, the largest softmax weight, the softmax's gradient.

    Parameters
    ----------
    d_ks : array-like of int, shape (n_dims,)
    variance_unscaled, variance_scaled : array-like of shape (n_dims,)
        From :func:`mlwiki.transformer.dot_product_variance`.
    saturation : dict
        From :func:`mlwiki.transformer.softmax_saturation`.
    n_keys : int
        Keys per query used for ``saturation`` (marks uniform attention, 1 / n_keys).
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    list of matplotlib.axes.Axes
        The three panels.
    """
    d_ks = _check_finite_array("d_ks", d_ks, ndim=1, dtype=float)
    curves = {"variance_unscaled": variance_unscaled, "variance_scaled": variance_scaled}
    if not isinstance(saturation, dict):
        raise ValueError(f"saturation must be the dict softmax_saturation returns, got {type(saturation).__name__}")
    for key in ("max_weight_unscaled", "max_weight_scaled", "gradient_unscaled", "gradient_scaled"):
        if key not in saturation:
            raise ValueError(f"saturation is missing {key!r} (pass what softmax_saturation returns)")
        curves[f"saturation[{key!r}]"] = saturation[key]
    for name, values in curves.items():
        values = _check_finite_array(name, values, ndim=1, dtype=float)
        if values.shape != d_ks.shape:
            raise ValueError(f"{name} must have one value per d_k ({d_ks.size}), got {values.size}")
    n_keys = _check_positive_int("n_keys", n_keys)
    theme = current_theme()
    blue, orange = theme.colors["blue"], theme.colors["orange"]
    if fig is None:
        fig = plt.figure(figsize=(11, 3.6), layout="constrained")
    ax_var, ax_max, ax_grad = fig.subplots(1, 3)
    ax_var.plot(d_ks, d_ks, color=theme.muted, linestyle=":", label="$d_k$")
    ax_var.plot(d_ks, variance_unscaled, "o-", color=orange, label=r"$q \cdot k$")
    ax_var.plot(d_ks, variance_scaled, "s-", color=blue, label=r"$q \cdot k / \sqrt{d_k}$")
    ax_var.set_xscale("log", base=2)
    ax_var.set_yscale("log", base=2)
    ax_var.set_xlabel("$d_k$")
    ax_var.set_ylabel("variance of the score")
    ax_var.legend()
    ax_max.axhline(1.0 / n_keys, color=theme.muted, linestyle=":", label=f"uniform, 1/{n_keys}")
    ax_max.plot(d_ks, saturation["max_weight_unscaled"], "o-", color=orange, label="unscaled")
    ax_max.plot(d_ks, saturation["max_weight_scaled"], "s-", color=blue, label=r"scaled by $1/\sqrt{d_k}$")
    ax_max.set_xscale("log", base=2)
    ax_max.set_ylim(0, 1.05)
    ax_max.set_xlabel("$d_k$")
    ax_max.set_ylabel("largest attention weight (mean)")
    ax_max.legend()
    ax_grad.plot(d_ks, saturation["gradient_unscaled"], "o-", color=orange, label="unscaled")
    ax_grad.plot(d_ks, saturation["gradient_scaled"], "s-", color=blue, label=r"scaled by $1/\sqrt{d_k}$")
    ax_grad.set_xscale("log", base=2)
    ax_grad.set_ylim(bottom=0)
    ax_grad.set_xlabel("$d_k$")
    ax_grad.set_ylabel("softmax Jacobian norm (mean)")
    ax_grad.legend()
    # Plain-number ticks at every other power of two, and no minor ticks: easier to read than
    # 2^k labels, and each tick label costs a text layout at every draw.
    ticks = [int(v) for v in d_ks[::2]]
    for ax in (ax_var, ax_max, ax_grad):
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.minorticks_off()
        ax.grid(True, alpha=0.3)
    var_ticks = [t for t in (1, 4, 16, 64, 256, 1024, 4096) if t <= 2 * max(d_ks.max(), 1)]
    ax_var.set_yticks(var_ticks, [str(t) for t in var_ticks])
    ax_var.minorticks_off()
    return [ax_var, ax_max, ax_grad]


def plot_positional_encoding(table, *, ax=None):
    """Heat map of a positional-encoding table: row = position, column = dimension.

    Parameters
    ----------
    table : array-like of shape (n_positions, d_model)
        Values in [-1, 1] (e.g. :func:`mlwiki.nn.sinusoidal_positional_encoding`).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = _check_finite_array("table", table, ndim=2, dtype=float)
    ax = _axes(ax)
    image = ax.imshow(table, cmap=current_theme().diverging, vmin=-1, vmax=1, aspect="auto",
                      interpolation="nearest")
    ax.set_xlabel("dimension (even: sin, odd: cos)")
    ax.set_ylabel("position")
    ax.figure.colorbar(image, ax=ax, label="encoding value")
    return ax


# ---- block diagrams ---------------------------------------------------------------------

_BOX_HEIGHT, _GAP, _BOX_WIDTH = 0.62, 0.38, 2.6

# Each column: (title, groups); a group is (branch boxes bottom to top, label of its add box).
# A box is (label, colour name); "cross" boxes also get an arrow from the encoder.
_COLUMNS = (
    ("Encoder layer, 6 stacked\n(Vaswani et al., post-norm)", (
        ([("Multi-head\nself-attention (no mask)", "blue")], "Add & LayerNorm"),
        ([("Feed-forward", "purple")], "Add & LayerNorm"),
    )),
    ("Decoder layer, 6 stacked\n(Vaswani et al., post-norm)", (
        ([("Masked multi-head\nself-attention", "orange")], "Add & LayerNorm"),
        ([("Cross-attention\n(no causal mask)", "green")], "Add & LayerNorm"),
        ([("Feed-forward", "purple")], "Add & LayerNorm"),
    )),
    ("Decoder-only block\n(pre-norm, as on this page)", (
        ([("LayerNorm", "muted"), ("Masked multi-head\nself-attention", "orange")], "Add"),
        ([("LayerNorm", "muted"), ("Feed-forward", "purple")], "Add"),
    )),
)


def _box(ax, x, y, label, colour, theme, *, width=_BOX_WIDTH):
    ax.add_patch(FancyBboxPatch((x - width / 2, y), width, _BOX_HEIGHT,
                                boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=(*to_rgb(colour), 0.22), edgecolor=colour, linewidth=1.4))
    ax.text(x, y + _BOX_HEIGHT / 2, label, ha="center", va="center", fontsize=8.5, color=theme.foreground)


def _arrow(ax, start, end, theme, *, colour=None, style="-|>"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=10,
                                 color=colour or theme.foreground, linewidth=1.1, shrinkA=0, shrinkB=0))


def plot_transformer_blocks(*, fig=None):
    """The encoder and decoder layers of the paper beside the pre-norm decoder-only block.

    Boxes are coloured by kind: unmasked self-attention blue, masked (causal)
    self-attention orange, cross-attention green, feed-forward purple.  The line on the
    right of each sub-layer is its residual connection.

    Parameters
    ----------
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    theme = current_theme()
    if fig is None:
        fig = plt.figure(figsize=(10.5, 6.4))
    ax = fig.add_subplot()
    colours = {**theme.colors, "muted": theme.muted}
    column_x = (1.7, 6.4, 11.1)
    top = 0.0
    for x, (title, groups) in zip(column_x, _COLUMNS):
        y = 0.0
        ax.text(x, y - 0.25, "input", ha="center", va="top", fontsize=8.5, color=theme.muted)
        y += 0.1
        for branch, add_label in groups:
            branch_y = y
            y += _GAP
            for label, colour in branch:
                _arrow(ax, (x, y - _GAP), (x, y), theme)
                _box(ax, x, y, label, colours[colour], theme)
                if "Cross" in label:
                    # keys and values come from the encoder's output, queries from below
                    _arrow(ax, (x - _BOX_WIDTH / 2 - 0.6, y + _BOX_HEIGHT / 2),
                           (x - _BOX_WIDTH / 2, y + _BOX_HEIGHT / 2), theme, colour=colours["green"])
                    ax.text(x - _BOX_WIDTH / 2 - 0.65, y + _BOX_HEIGHT / 2, "keys, values:\nencoder\noutput",
                            ha="right", va="center", fontsize=7.5, color=colours["green"])
                y += _BOX_HEIGHT + _GAP
            _arrow(ax, (x, y - _GAP), (x, y), theme)
            _box(ax, x, y, add_label, theme.muted, theme)
            # residual: from the branch point around the right side into the add box
            right = x + _BOX_WIDTH / 2 + 0.25
            ax.plot([x, right, right], [branch_y + 0.12, branch_y + 0.12, y + _BOX_HEIGHT / 2],
                    color=theme.muted, linewidth=1.1)
            _arrow(ax, (right, y + _BOX_HEIGHT / 2), (x + _BOX_WIDTH / 2, y + _BOX_HEIGHT / 2), theme,
                   colour=theme.muted)
            y += _BOX_HEIGHT
        _arrow(ax, (x, y), (x, y + _GAP), theme)
        ax.text(x, y + _GAP + 0.05, "output", ha="center", va="bottom", fontsize=8.5, color=theme.muted)
        ax.text(x, -0.75, title, ha="center", va="top", fontsize=9.5, color=theme.foreground,
                fontweight="bold")
        top = max(top, y + _GAP + 0.4)
    ax.set_xlim(0.0, 12.8)
    ax.set_ylim(-1.5, top)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
