"""Tests for the generic plotting helpers in mlwiki.plots."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from mlwiki.plots import plot_curves, plot_decision_regions

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
        ({"predict": "not callable"}, "predict must be callable"),
        ({"x": np.zeros((4, 3))}, "x must have shape"),
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
