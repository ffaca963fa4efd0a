import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from mlwiki.feature_maps import concentric_classes, plot_feature_map, to_polar
from mlwiki.separability import is_linearly_separable
from mlwiki.themes import DARK, use_theme


def test_concentric_classes_lie_in_their_bands_and_are_reproducible():
    x, y = concentric_classes(200, rng=np.random.default_rng(0), inner_radius=(0.5, 1.0), outer_radius=(2.0, 3.0))
    r = np.hypot(x[:, 0], x[:, 1])
    assert x.shape == (400, 2) and y.tolist() == [1] * 200 + [0] * 200
    assert 0.5 <= r[:200].min() and r[:200].max() <= 1.0 and 2.0 <= r[200:].min() and r[200:].max() <= 3.0
    again, _ = concentric_classes(200, rng=np.random.default_rng(0), inner_radius=(0.5, 1.0), outer_radius=(2.0, 3.0))
    np.testing.assert_array_equal(x, again)


def test_points_are_uniform_over_the_area():
    x, _ = concentric_classes(20_000, rng=np.random.default_rng(1), inner_radius=(0.0, 1.0))
    r = np.hypot(x[:20_000, 0], x[:20_000, 1])
    # Uniform over a disk: P(r < 1/2) is the area ratio 1/4, not 1/2.
    assert np.mean(r < 0.5) == pytest.approx(0.25, abs=0.01)


def test_polar_coordinates_match_numpy_complex_numbers():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(50, 2))
    polar = to_polar(x)
    as_complex = x[:, 0] + 1j * x[:, 1]
    np.testing.assert_allclose(polar[:, 0], np.abs(as_complex))
    np.testing.assert_allclose(polar[:, 1], np.angle(as_complex))


def test_rings_are_separable_in_polar_but_not_cartesian_coordinates():
    x, y = concentric_classes(50, rng=np.random.default_rng(3))
    assert not is_linearly_separable(x, y)
    assert is_linearly_separable(to_polar(x), y)


@pytest.mark.parametrize("kwargs, match", [
    ({"n_per_class": 0}, "n_per_class"), ({"rng": 1}, "rng must be a numpy.random.Generator"),
    ({"inner_radius": (1.0, 0.5)}, "inner_radius must be"), ({"outer_radius": (-1.0, 2.0)}, "outer_radius must be"),
    ({"inner_radius": (0.0, 2.0)}, "inner_radius must end before outer_radius starts"),
    ({"inner_radius": (0.0, 1.0, 2.0)}, "inner_radius must be"),
])
def test_arguments_are_checked(kwargs, match):
    args = {"n_per_class": 5, "rng": np.random.default_rng(0)} | kwargs
    with pytest.raises(ValueError, match=match):
        concentric_classes(args.pop("n_per_class"), **args)


def test_to_polar_needs_two_columns():
    with pytest.raises(ValueError, match=r"x must have shape \(n_samples, 2\)"):
        to_polar(np.zeros((3, 3)))


def test_plot_feature_map_draws_both_views():
    x, y = concentric_classes(20, rng=np.random.default_rng(4))
    with use_theme(DARK):
        ax_plane, ax_polar = plot_feature_map(x, y, np.array([-1.0, 0.0]), 1.25, fig=Figure())
    assert len(ax_plane.collections) >= 2 and len(ax_polar.lines) == 1
    np.testing.assert_allclose(ax_polar.lines[0].get_xdata(), 1.25)      # the line r = 1.25
    with pytest.raises(ValueError, match="weights must have 2 entries"):
        plot_feature_map(x, y, np.array([1.0]), 0.0, fig=Figure())
    with pytest.raises(ValueError, match="y must hold one 0/1 label per row"):
        plot_feature_map(x, y[:-1], np.array([1.0, 0.0]), 0.0, fig=Figure())
