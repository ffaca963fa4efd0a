"""Feature maps: describe the same points with other numbers, and a curve can become a line.

The example is two concentric classes: points of a disk around the origin (class 1) and of a
ring around it (class 0).  No straight line in the plane separates them.  Described in polar
coordinates ``(r, theta)`` instead of ``(x1, x2)``, the classes differ in ``r`` alone, and
the line ``r = const`` separates them.
"""

from __future__ import annotations

import numpy as np

from mlwiki._checks import _check_finite_array, _check_positive_int, _check_rng

__all__ = ["concentric_classes", "to_polar", "plot_feature_map"]


def concentric_classes(n_per_class: int, *, rng, inner_radius=(0.0, 1.0), outer_radius=(1.5, 2.5)):
    """Points of a disk (class 1) inside a ring (class 0), uniform over each area.

    Parameters
    ----------
    n_per_class : int
        Points in each class, >= 1.
    rng : numpy.random.Generator
    inner_radius, outer_radius : (float, float)
        Smallest and largest distance from the origin of each class; the inner band must end
        before the outer one starts.

    Returns
    -------
    x : ndarray of shape (2 * n_per_class, 2)
        Class-1 points first, then class-0 points.
    y : ndarray of int64, shape (2 * n_per_class,)
    """
    n_per_class = _check_positive_int("n_per_class", n_per_class)
    rng = _check_rng("rng", rng)
    bands = {}
    for name, band in (("inner_radius", inner_radius), ("outer_radius", outer_radius)):
        band = _check_finite_array(name, band, ndim=1).astype(float)
        if band.shape != (2,) or not 0 <= band[0] < band[1]:
            raise ValueError(f"{name} must be (smallest, largest) with 0 <= smallest < largest, got {band.tolist()}")
        bands[name] = band
    if bands["inner_radius"][1] >= bands["outer_radius"][0]:
        raise ValueError("inner_radius must end before outer_radius starts, so the classes do not overlap")

    def _annulus(low, high):
        # Uniform over the area: r^2 is uniform between low^2 and high^2.
        r = np.sqrt(rng.uniform(low**2, high**2, size=n_per_class))
        theta = rng.uniform(-np.pi, np.pi, size=n_per_class)
        return np.column_stack([r * np.cos(theta), r * np.sin(theta)])

    x = np.vstack([_annulus(*bands["inner_radius"]), _annulus(*bands["outer_radius"])])
    y = np.repeat(np.array([1, 0], dtype=np.int64), n_per_class)
    return x, y


def to_polar(x) -> np.ndarray:
    """Map points ``(x1, x2)`` to ``(r, theta)``: distance from the origin and angle in (-pi, pi].

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)

    Returns
    -------
    ndarray of shape (n_samples, 2)
    """
    x = _check_finite_array("x", x, ndim=2).astype(float)
    if x.shape[1] != 2:
        raise ValueError(f"x must have shape (n_samples, 2), got {x.shape}")
    return np.column_stack([np.hypot(x[:, 0], x[:, 1]), np.arctan2(x[:, 1], x[:, 0])])


def plot_feature_map(x, y, weights, bias, *, fig=None):
    """The points in Cartesian and in polar coordinates, with one linear boundary in polar terms.

    The boundary is ``weights . (r, theta) + bias = 0``: a straight line in the right panel,
    drawn as the curve it becomes in the plane in the left panel.

    Parameters
    ----------
    x : array-like of shape (n_samples, 2)
        Cartesian points.
    y : array-like of int, shape (n_samples,)
        Labels 0 and 1.
    weights : array-like of shape (2,)
        Weights on ``(r, theta)``.
    bias : float
    fig : matplotlib.figure.Figure, optional

    Returns
    -------
    tuple of matplotlib.axes.Axes
        (Cartesian panel, polar-feature panel).
    """
    import matplotlib.pyplot as plt

    from mlwiki.themes import current_theme

    x = _check_finite_array("x", x, ndim=2).astype(float)
    polar = to_polar(x)
    y = np.asarray(y)
    if y.shape != (x.shape[0],) or not np.all((y == 0) | (y == 1)):
        raise ValueError(f"y must hold one 0/1 label per row of x ({x.shape[0]})")
    weights = _check_finite_array("weights", weights, ndim=1).astype(float)
    if weights.shape != (2,):
        raise ValueError(f"weights must have 2 entries (for r and theta), got {weights.shape[0]}")
    bias = float(_check_finite_array("bias", bias, ndim=0))
    if fig is None:
        fig = plt.figure(figsize=(10, 4.2), layout="constrained")
    theme = current_theme()
    ax_plane, ax_polar = fig.subplots(1, 2)
    styles = {1: ("o", theme.colors["blue"], "class 1 (disk)"), 0: ("s", theme.colors["orange"], "class 0 (ring)")}
    for label, (marker, colour, name) in styles.items():
        members = y == label
        ax_plane.scatter(x[members, 0], x[members, 1], marker=marker, s=14, color=colour, label=name)
        ax_polar.scatter(polar[members, 0], polar[members, 1], marker=marker, s=14, color=colour, label=name)
    # The boundary in the plane: where the score of (r, theta) changes sign.
    limit = 1.1 * float(np.abs(x).max())
    grid = np.linspace(-limit, limit, 250)
    gx, gy = np.meshgrid(grid, grid)
    score = to_polar(np.column_stack([gx.ravel(), gy.ravel()])) @ weights + bias
    ax_plane.contour(gx, gy, score.reshape(gx.shape), levels=[0.0], colors=[theme.colors["green"]], linewidths=2)
    theta = np.linspace(-np.pi, np.pi, 200)
    if abs(weights[0]) > 1e-12:  # solve w_r r + w_theta theta + b = 0 for r
        ax_polar.plot(-(weights[1] * theta + bias) / weights[0], theta, color=theme.colors["green"], linewidth=2,
                      label="perceptron's line")
    ax_plane.set_aspect("equal")
    ax_plane.set_xlabel("$x_1$")
    ax_plane.set_ylabel("$x_2$")
    ax_polar.set_xlabel(r"$r = \sqrt{x_1^2 + x_2^2}$")
    ax_polar.set_ylabel(r"$\theta$ (radians)")
    ax_polar.set_ylim(-np.pi - 0.2, np.pi + 0.2)
    # Above the panel: inside it the legend would hide points of the outer band.
    ax_polar.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, fontsize="small", frameon=False)
    for ax in (ax_plane, ax_polar):
        ax.grid(True, alpha=0.3)
    return ax_plane, ax_polar
