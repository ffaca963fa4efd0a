"""Drawing helpers shared by the XOR plots: class markers, half-planes, lines and square axes.

Every helper takes the theme being drawn, so the pictures work on the light and the dark page.
"""

from __future__ import annotations

import numpy as np

__all__: list[str] = []


def _class_style(theme):
    """Colour and marker of each class: blue circles for 0, orange squares for 1."""
    return {0: (theme.colors["blue"], "o"), 1: (theme.colors["orange"], "s")}


def _draw_points(ax, x, y, theme, *, size=110):
    for label, (colour, marker) in _class_style(theme).items():
        members = y == label
        ax.scatter(x[members, 0], x[members, 1], s=size, color=colour, marker=marker,
                   edgecolors=theme.foreground, linewidths=1.0, label=f"class {label}", zorder=3)


def _shade_classes(ax, answer, lo, hi, theme):
    """Shade a grid of 0/1 answers (rows along the second axis) blue and orange, as an image.

    An image of the answer grid draws faster than a filled contour of a 0/1 field, whose many
    polygons are slow to render at print resolution.
    """
    from matplotlib.colors import ListedColormap

    ax.imshow(answer, origin="lower", extent=(lo[0], hi[0], lo[1], hi[1]), interpolation="nearest",
              cmap=ListedColormap([theme.colors["blue"], theme.colors["orange"]]), vmin=0, vmax=1,
              alpha=0.22, aspect="auto", zorder=0)


def _half_plane_polygon(w, b, lo, hi):
    """Corners of the part of the box [lo, hi] where ``w . x + b > 0`` (clipped, convex)."""
    box = [(lo[0], lo[1]), (hi[0], lo[1]), (hi[0], hi[1]), (lo[0], hi[1])]
    score = [w[0] * px + w[1] * py + b for px, py in box]
    corners = []
    for k in range(4):  # walk the box's edges, keeping the inside part of each
        (p, sp), (q, sq) = (box[k], score[k]), (box[(k + 1) % 4], score[(k + 1) % 4])
        if sp > 0:
            corners.append(p)
        if (sp > 0) != (sq > 0):
            f = sp / (sp - sq)
            corners.append((p[0] + f * (q[0] - p[0]), p[1] + f * (q[1] - p[1])))
    return np.array(corners).reshape(-1, 2)


def _shade_half_plane(ax, w, b, lo, hi, theme):
    """The side ``w . x + b > 0`` of the box in orange, the other side in blue: two exact polygons."""
    w = np.asarray(w, dtype=float)
    for sign, colour in ((1.0, theme.colors["orange"]), (-1.0, theme.colors["blue"])):
        side = _half_plane_polygon(sign * w, sign * b, lo, hi)
        if len(side):
            ax.fill(side[:, 0], side[:, 1], color=colour, alpha=0.22, linewidth=0, zorder=0)


def _grid(lo, hi, n=201):
    grid_x, grid_y = np.meshgrid(np.linspace(lo[0], hi[0], n), np.linspace(lo[1], hi[1], n))
    return grid_x, grid_y


def _draw_line(ax, w, b, theme, **style):
    """The infinite line ``w . x + b = 0`` (w non-zero), through two of its points."""
    if w[1] != 0:
        points = [(0.0, -b / w[1]), (1.0, -(w[0] + b) / w[1])]
    else:
        points = [(-b / w[0], 0.0), (-b / w[0], 1.0)]
    return ax.axline(*points, color=theme.foreground, **style)


def _square_axes(ax, lo, hi, xlabel="$x_1$", ylabel="$x_2$"):
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xticks(np.arange(np.ceil(lo[0] * 2) / 2, hi[0] + 1e-9, 0.5))
    ax.set_yticks(np.arange(np.ceil(lo[1] * 2) / 2, hi[1] + 1e-9, 0.5))
    ax.set_aspect("equal")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
