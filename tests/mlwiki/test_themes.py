"""Figures drawn once per theme: colours, order, display, and clear errors."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb

from mlwiki.plots import plot_curves
from mlwiki.themes import DARK, LIGHT, THEMES, ThemedFigure, both_themes, current_theme, use_theme


def _luminance(colour) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_light_then_dark_in_the_order_quarto_renderings_expect():
    assert [t.name for t in THEMES] == ["light", "dark"]


@pytest.mark.parametrize("theme", THEMES)
def test_text_and_palette_stand_out_from_the_background(theme):
    assert _contrast(theme.foreground, theme.background) >= 7  # WCAG AAA for text
    assert _contrast(theme.muted, theme.background) >= 3
    # Okabe-Ito's orange reaches only 2.25:1 on white; it is kept for its colour-blind safety
    # and drawn as lines and markers, never as text.
    for name, colour in theme.colors.items():
        assert _contrast(colour, theme.background) >= 2.2, f"{theme.name} {name} {colour} on {theme.background}"


def test_palette_names_mean_the_same_hue_in_both_themes():
    # Okabe-Ito: only blue changes shade between themes; every other named colour is identical.
    for name in ("orange", "green", "red", "purple"):
        assert LIGHT.colors[name] == DARK.colors[name]
    assert LIGHT.colors["blue"] != DARK.colors["blue"]


def test_both_themes_draws_each_figure_in_its_theme():
    themed = both_themes(plot_curves, {"a": [3.0, 2.0, 1.0], "b": [1.0, 1.5, 2.0]})
    assert isinstance(themed, ThemedFigure) and list(themed.figures) == ["light", "dark"]
    for theme in THEMES:
        fig = themed.figures[theme.name]
        ax = fig.axes[0]
        assert to_hex(fig.get_facecolor()) == theme.background
        assert to_hex(ax.get_facecolor()) == theme.background
        assert to_hex(ax.xaxis.label.get_color()) == theme.foreground
        assert [to_hex(line.get_color()) for line in ax.lines] == [c.lower() for c in theme.palette[:2]]
    assert themed.result is themed.light.axes[0]


def test_drawing_with_a_fig_parameter_gets_the_whole_figure():
    def two_panels(values, *, fig):
        left, right = fig.subplots(1, 2)
        left.plot(values)
        right.plot(values[::-1])
        return fig

    themed = both_themes(two_panels, [1, 2, 3], figsize=(6, 2))
    assert len(themed.dark.axes) == 2
    assert tuple(themed.dark.get_size_inches()) == (6, 2)


def test_current_theme_follows_the_drawing_and_is_restored():
    seen = []

    def record(*, ax):
        seen.append(current_theme().name)
        return ax

    both_themes(record)
    assert seen == ["light", "dark"]
    assert current_theme() is LIGHT
    with use_theme(DARK):
        assert current_theme() is DARK
        assert matplotlib.rcParams["axes.facecolor"] == DARK.background
    assert current_theme() is LIGHT


def test_figures_are_not_left_to_pyplot():
    # pyplot would show them again at the end of the cell: three images instead of two.
    before = plt.get_fignums()
    both_themes(plot_curves, {"a": [1.0, 2.0]})
    assert plt.get_fignums() == before


def test_displayed_as_one_image_per_theme(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj: shown.append(obj))
    themed = both_themes(plot_curves, {"a": [1.0, 2.0]})
    themed._ipython_display_()
    assert shown == [themed.light, themed.dark]


def test_a_function_without_fig_or_ax_is_a_clear_error():
    with pytest.raises(TypeError, match="must accept a 'fig=' or an 'ax=' keyword"):
        both_themes(np.mean, [1, 2])
    with pytest.raises(TypeError, match="draw must be a plotting function"):
        both_themes("plot_curves")
    with pytest.raises(TypeError, match="theme must be a Theme"):
        with use_theme("dark"):
            pass


def test_log_axes_keep_decades_without_minor_ticks():
    def log_plot(*, ax):
        ax.plot([1e-3, 1.0], [1.0, 100.0])
        ax.set_xscale("log")
        return ax

    ax = both_themes(log_plot).result
    assert len(ax.xaxis.get_minor_locator()()) == 0
    assert list(ax.get_xticks()[1:-1]) == [1e-3, 1e-2, 1e-1, 1.0]
    assert ax.yaxis.get_scale() == "linear" and len(ax.get_yticks()) > 2
