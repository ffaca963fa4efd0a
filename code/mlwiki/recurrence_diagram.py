"""A diagram of a recurrent layer, folded (one cell with a loop) and unrolled in time."""

from __future__ import annotations

from mlwiki._checks import _check_positive_int

__all__ = ["plot_unrolled"]


def _box(ax, x, y, text, *, color, theme, width=0.9, height=0.55):
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.04",
                                facecolor=theme.background, edgecolor=color, linewidth=1.8))
    ax.text(x, y, text, ha="center", va="center", fontsize=12, color=theme.foreground)


def _arrow(ax, start, end, *, color, label=None, label_offset=(0.0, 0.0), connection="arc3"):
    ax.annotate("", xy=end, xytext=start,
                arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 1.5, "shrinkA": 0, "shrinkB": 0,
                            "connectionstyle": connection})
    if label:
        mid = ((start[0] + end[0]) / 2 + label_offset[0], (start[1] + end[1]) / 2 + label_offset[1])
        ax.text(*mid, label, ha="center", va="center", fontsize=11, color=color)


def plot_unrolled(n_steps: int = 4, *, ax=None):
    """Draw h_t = tanh(x_t W_x + h_{t-1} W_h + b) folded, then unrolled over ``n_steps`` steps.

    Left: one cell whose state feeds back into itself through W_h.  Right: the same cell
    copied once per time step, with h_0 = 0, the inputs x_1..x_T entering through W_x, and
    the last state h_T going to the read-out.  Every copy shares the same W_x, W_h and b.
    States are outlined in blue, inputs in orange, the read-out in green.

    Parameters
    ----------
    n_steps : int
        Time steps drawn in the unrolled part (2 to 8).
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    from mlwiki.plots import _axes  # local: importing this module needs no Matplotlib

    from mlwiki.themes import current_theme

    n_steps = _check_positive_int("n_steps", n_steps)
    if not 2 <= n_steps <= 8:
        raise ValueError(f"n_steps must be between 2 and 8, got {n_steps}")
    ax = _axes(ax)
    theme = current_theme()
    state, given, readout, ink = theme.colors["blue"], theme.colors["orange"], theme.colors["green"], theme.muted

    # Folded: one cell, its input below, a loop from its right side back to its left.
    _box(ax, 0.0, 1.0, "$h_t$", color=state, theme=theme)
    _box(ax, 0.0, -0.4, "$x_t$", color=given, theme=theme)
    _arrow(ax, (0.0, -0.12), (0.0, 0.72), color=given, label="$W_x$", label_offset=(0.3, 0.0))
    _arrow(ax, (0.45, 1.15), (-0.45, 1.15), color=state, connection="arc3,rad=1.9")
    ax.text(0.0, 2.2, "$W_h$", ha="center", va="center", fontsize=11, color=state)
    ax.text(1.35, 1.0, "=", ha="center", va="center", fontsize=20, color=theme.foreground)

    # Unrolled: h_0, then one copy of the cell per step.
    spacing, left = 1.6, 2.6
    ax.text(left, 1.0, "$h_0 = 0$", ha="center", va="center", fontsize=12, color=ink)
    for t in range(1, n_steps + 1):
        x = left + spacing * t
        label = "T" if t == n_steps else str(t)
        _box(ax, x, 1.0, f"$h_{{{label}}}$", color=state, theme=theme)
        _box(ax, x, -0.4, f"$x_{{{label}}}$", color=given, theme=theme)
        _arrow(ax, (x, -0.12), (x, 0.72), color=given, label="$W_x$", label_offset=(0.3, 0.0))
        start = left + spacing * (t - 1) + (0.45 if t > 1 else 0.5)
        _arrow(ax, (start, 1.0), (x - 0.45, 1.0), color=state, label="$W_h$", label_offset=(0.0, 0.25))
    end = left + spacing * n_steps
    _box(ax, end, 2.35, "read-out", color=readout, theme=theme, width=1.3)
    _arrow(ax, (end, 1.28), (end, 2.07), color=readout)
    ax.set_xlim(-1.0, end + 0.9)
    ax.set_ylim(-0.9, 2.8)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
