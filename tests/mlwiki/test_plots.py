"""Tests for the generic plotting helpers in mlwiki.plots."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from matplotlib.colors import to_hex

from mlwiki.plots import plot_curve_panels, plot_curves, plot_decision_regions
from mlwiki.themes import DARK, LIGHT, use_theme

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _xor_rule(points):
    """A hand-made XOR classifier: class 1 where exactly one coordinate exceeds 0.5."""
    return ((points[:, 0] > 0.5) != (points[:, 1] > 0.5)).astype(float)


def _filled_classes(ax):
    """Which class levels the shaded regions actually cover (non-empty contourf layers)."""
    filled = ax.collections[0]
    return [k for k, path in enumerate(filled.get_paths()) if len(path.vertices) > 0]


def test_plot_curves_draws_one_line_per_curve_with_log_axis():
    ax = plot_curves({"train": [1.0, 0.5, 0.25], "val": [1.0, 0.6, 0.4]}, logy=True)
    assert len(ax.lines) == 2
    assert ax.get_yscale() == "log"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["train", "val"]


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_plot_curves_colours_and_guides_come_from_the_theme(theme):
    with use_theme(theme):
        fig, ax = plt.subplots()
        plot_curves({"a": [3.0, 2.0, 1.0], "b": [1.0, 2.0, np.inf]}, x=[1, 2, 3], logx=True, logy=True,
                    reference={"slope 1": ([1, 3], [1.0, 3.0])}, hlines=[1.5], vlines=2, ylim=(0.5, 4), ax=ax)
    a, b, guide, hline, vline = ax.lines
    assert to_hex(a.get_color()) == theme.colors["blue"].lower()
    assert to_hex(b.get_color()) == theme.colors["orange"].lower()
    assert np.isnan(b.get_ydata()[-1])  # an infinite value is left out of the line
    for line in (guide, hline, vline):
        assert to_hex(line.get_color()) == theme.muted
    assert ax.get_xscale() == "log" and ax.get_ylim() == (0.5, 4.0)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["a", "b", "slope 1"]
    plt.close(fig)


def test_integer_positions_get_integer_ticks():
    ax = plot_curves({"a": [3.0, 2.0, 1.5, 1.2, 1.0]}, x=[1, 2, 3, 4, 5])
    ticks = [t for t in ax.get_xticks() if 1 <= t <= 5]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_plot_curve_panels_lays_out_one_axes_per_panel():
    fig = plt.figure()
    axes = plot_curve_panels([{"curves": {"a": [1, 2]}, "xlabel": "epoch"},
                              {"curves": {"a": [2, 1]}, "xlabel": "step", "logx": True}], sharey=True, fig=fig)
    assert [ax.get_xlabel() for ax in axes] == ["epoch", "step"]
    assert axes[1].get_xscale() == "log"


@pytest.mark.parametrize(
    "curves, kwargs, error, match",
    [
        ([1, 2], {}, TypeError, "curves must be a non-empty dict"),
        ({}, {}, TypeError, "curves must be a non-empty dict"),
        ({"a": [1.0, np.nan]}, {}, ValueError, "curve 'a' contains nan"),
        ({"a": [[1.0]]}, {}, ValueError, "must be a non-empty 1-D array"),
        ({"a": [1j]}, {}, TypeError, "curve 'a' must hold real numbers"),
        ({"a": [1.0, 2.0]}, {"x": [1.0]}, ValueError, "x for curve 'a' must have 2 entries"),
        ({"a": [1.0, 2.0]}, {"logy": "yes"}, TypeError, "logy must be True or False"),
        ({"a": [1.0, 2.0]}, {"hlines": ["a"]}, TypeError, "hlines must be a sequence of numbers"),
        ({"a": [1.0, 2.0]}, {"vlines": [np.inf]}, ValueError, "vlines must be finite"),
        ({"a": [1.0, 2.0]}, {"reference": [1, 2]}, TypeError, "reference must be a dict"),
        ({"a": [1.0, 2.0]}, {"reference": {"r": [1.0]}}, TypeError, "must be a pair"),
        ({"a": [1.0, 2.0]}, {"marker": 1}, TypeError, "marker must be a Matplotlib marker"),
    ],
)
def test_plot_curves_rejects_bad_input(curves, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_curves(curves, **kwargs)


@pytest.mark.parametrize(
    "panels, kwargs, error, match",
    [({"curves": {}}, {}, TypeError, "panels must be a list"), ([], {}, ValueError, "non-empty list"),
     ([{"x": [1]}], {}, ValueError, "each with a 'curves' entry"),
     ([{"curves": {"a": [1]}}], {"sharey": 1}, TypeError, "sharey must be True or False")],
)
def test_plot_curve_panels_rejects_bad_input(panels, kwargs, error, match):
    with pytest.raises(error, match=match):
        plot_curve_panels(panels, **kwargs)


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=["light", "dark"])
def test_decision_regions_take_colours_from_the_theme(theme):
    with use_theme(theme):
        ax = plot_decision_regions(_xor_rule, XOR_X, XOR_Y)
    boundary = ax.collections[1]
    assert to_hex(boundary.get_edgecolor()[0]) == theme.foreground
    points = [c for c in ax.collections if type(c).__name__ == "PathCollection"]
    assert to_hex(points[0].get_facecolor()[0]) == theme.colors["blue"].lower()
    assert to_hex(points[1].get_facecolor()[0]) == theme.colors["orange"].lower()


def test_decision_regions_span_padded_square_and_draw_points():
    ax = plot_decision_regions(_xor_rule, XOR_X, XOR_Y)
    assert ax.get_xlim() == pytest.approx((-0.5, 1.5))
    assert ax.get_ylim() == pytest.approx((-0.5, 1.5))
    offsets = np.vstack([c.get_offsets() for c in ax.collections if hasattr(c, "get_offsets")
                         and len(c.get_offsets()) and c.get_offsets().shape[1] == 2
                         and type(c).__name__ == "PathCollection"])
    assert sorted(map(tuple, offsets)) == sorted(map(tuple, XOR_X))
    assert _filled_classes(ax) == [0, 1]


def test_decision_regions_binary_threshold_moves_boundary():
    # A score equal to x1: with threshold 0.5 both classes appear, with threshold 10 only class 0.
    score = lambda points: points[:, 0]  # noqa: E731
    assert _filled_classes(plot_decision_regions(score, XOR_X, XOR_Y, threshold=0.5)) == [0, 1]
    assert _filled_classes(plot_decision_regions(score, XOR_X, XOR_Y, threshold=10.0)) == [0]


def test_decision_regions_multiclass_uses_argmax():
    x = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    y = np.array([0, 1, 2])

    def nearest(points):
        return -np.linalg.norm(points[:, None, :] - x[None, :, :], axis=2)

    ax = plot_decision_regions(nearest, x, y, padding=0.2, resolution=50)
    assert _filled_classes(ax) == [0, 1, 2]
    assert len(ax.get_legend().get_texts()) == 3


def test_decision_regions_uses_given_axes():
    _, ax = plt.subplots()
    assert plot_decision_regions(_xor_rule, XOR_X, XOR_Y, ax=ax) is ax


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"x": np.zeros((4, 3))}, "x must have shape"),
        ({"x": np.zeros((0, 2)), "y": np.zeros(0)}, "x must have shape"),
        ({"y": np.array([0, 1, 1])}, "y must hold one label per row"),
        ({"y": np.array([0, 1, 1, -1])}, "y must hold integer class labels"),
        ({"resolution": 1}, "resolution must be >= 2"),
        ({"padding": -1.0}, "padding must be >= 0"),
        ({"predict": lambda p: np.zeros(3)}, "predict must return one score row"),
        ({"predict": lambda p: np.full(len(p), np.nan)}, "predict returned non-finite"),
    ],
)
def test_decision_regions_rejects_bad_input(kwargs, message):
    args = {"predict": _xor_rule, "x": XOR_X, "y": XOR_Y} | kwargs
    predict, x, y = args.pop("predict"), args.pop("x"), args.pop("y")
    with pytest.raises(ValueError, match=message):
        plot_decision_regions(predict, x, y, **args)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"predict": "not callable"}, "predict must be callable"),
        ({"x": XOR_X + 1j}, "x must hold real numbers"),
        ({"predict": lambda p: np.array(["a"] * len(p))}, "predict must return real scores"),
    ],
)
def test_decision_regions_reject_wrong_types(kwargs, message):
    args = {"predict": _xor_rule, "x": XOR_X, "y": XOR_Y} | kwargs
    with pytest.raises(TypeError, match=message):
        plot_decision_regions(args.pop("predict"), args.pop("x"), args.pop("y"))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: plot_curves({"a": [1.0]}, ax="axes"), "ax must be a matplotlib Axes"),
        (lambda: plot_decision_regions(_xor_rule, XOR_X, XOR_Y, ax=plt.figure()), "ax must be a matplotlib Axes"),
        (lambda: plot_curve_panels([{"curves": {"a": [1.0]}}], fig=plt.subplots()[1]), "fig must be a matplotlib Figure"),
    ],
)
def test_drawing_targets_must_be_axes_or_figures(call, match):
    with pytest.raises(TypeError, match=match):
        call()
