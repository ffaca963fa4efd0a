"""Every figure twice: once for the site's light theme, once for its dark theme.

The site follows the reader's colour scheme (``theme: light: flatly, dark: darkly``).  A figure
drawn once, black on white, is a white slab on the dark page.  :func:`both_themes` draws a
figure function once per :class:`Theme` and returns both, light first; a page cell with
``#| renderings: [light, dark]`` shows the one that matches the reader's scheme::

    both_themes(plot_curves, {"train": losses}, ylabel="loss")

Inside a drawing, :func:`current_theme` tells plotting code which theme is being drawn, so a
helper takes its ink, grid and background colours from it instead of hard-coding black.  The
categorical palette is the Okabe--Ito set, safe for the common colour-vision deficiencies; the
first five colours keep their names (blue, orange, green, red, purple) in both themes, so a
caption may name them.  The sixth colour is the theme's ink (near-black or near-white).
"""

from __future__ import annotations

import contextlib
import contextvars
import inspect
from dataclasses import dataclass

import matplotlib as mpl
from cycler import cycler
from matplotlib.figure import Figure

__all__ = ["Theme", "LIGHT", "DARK", "THEMES", "current_theme", "use_theme", "both_themes", "ThemedFigure"]


@dataclass(frozen=True)
class Theme:
    """Colours of one site theme, and the Matplotlib settings that apply them.

    Attributes
    ----------
    name : str
        ``"light"`` or ``"dark"``: the rendering name Quarto matches to the reader's scheme.
    background, foreground : str
        Page background and text colour of the theme (hex).
    muted : str
        Secondary ink: reference lines, annotations, spines.
    grid : str
        Grid lines.
    palette : tuple of str
        Categorical colours, in order ``C0, C1, ...``.
    sequential, diverging : str
        Matplotlib colormap names for ordered and signed quantities.
    ink_on_paper : str
        Colormap for greyscale images such as digits: dark ink on light paper in the light
        theme, light ink on a dark page in the dark theme.
    """

    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    palette: tuple[str, ...]
    sequential: str = "viridis"
    diverging: str = "PuOr_r"
    ink_on_paper: str = "gray_r"

    @property
    def colors(self) -> dict[str, str]:
        """The palette by name: ``blue, orange, green, red, purple, ink``."""
        return dict(zip(("blue", "orange", "green", "red", "purple", "ink"), self.palette))

    def rc(self) -> dict:
        """Matplotlib ``rcParams`` that draw in this theme."""
        return {
            "figure.facecolor": self.background,
            "figure.edgecolor": self.background,
            "savefig.facecolor": self.background,
            "savefig.edgecolor": self.background,
            "axes.facecolor": self.background,
            "axes.edgecolor": self.muted,
            "axes.labelcolor": self.foreground,
            "axes.titlecolor": self.foreground,
            "axes.prop_cycle": cycler(color=list(self.palette)),
            "text.color": self.foreground,
            "xtick.color": self.foreground,
            "ytick.color": self.foreground,
            "grid.color": self.grid,
            "grid.alpha": 1.0,
            "legend.facecolor": self.background,
            "legend.edgecolor": self.muted,
            "legend.labelcolor": self.foreground,
            "lines.color": self.foreground,
            "patch.edgecolor": self.foreground,
            "hatch.color": self.muted,
            "boxplot.flierprops.markeredgecolor": self.foreground,
            "image.cmap": self.sequential,
        }


# Okabe & Ito (2008): blue, orange, bluish green, vermillion, reddish purple. The dark theme
# uses the set's lighter blue so that blue keeps its contrast on a dark page.
LIGHT = Theme(
    name="light",
    background="#ffffff",
    foreground="#212529",
    muted="#6c757d",
    grid="#dee2e6",
    palette=("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#212529"),
    ink_on_paper="gray_r",
)
DARK = Theme(
    name="dark",
    background="#222222",
    foreground="#dee2e6",
    muted="#adb5bd",
    grid="#444444",
    palette=("#56B4E9", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#dee2e6"),
    ink_on_paper="gray",
)
THEMES = (LIGHT, DARK)

_ACTIVE: contextvars.ContextVar[Theme] = contextvars.ContextVar("mlwiki_theme", default=LIGHT)


def current_theme() -> Theme:
    """The theme being drawn: the one :func:`use_theme` set, :data:`LIGHT` outside any."""
    return _ACTIVE.get()


@contextlib.contextmanager
def use_theme(theme: Theme):
    """Draw in ``theme`` inside the ``with`` block (its rcParams and :func:`current_theme`)."""
    if not isinstance(theme, Theme):
        raise TypeError(f"theme must be a Theme (LIGHT or DARK), got {type(theme).__name__}")
    token = _ACTIVE.set(theme)
    try:
        with mpl.rc_context(theme.rc()):
            yield theme
    finally:
        _ACTIVE.reset(token)


class ThemedFigure:
    """The same figure drawn in each theme, light first.

    A notebook displays it as one image per theme, in the order of ``THEMES`` -- what a cell
    with ``#| renderings: [light, dark]`` expects.

    Attributes
    ----------
    figures : dict[str, matplotlib.figure.Figure]
        Theme name -> figure.
    result : object
        What the drawing function returned for the light theme (e.g. its Axes).
    """

    def __init__(self, figures: dict, result=None):
        self.figures = figures
        self.result = result

    @property
    def light(self) -> Figure:
        return self.figures["light"]

    @property
    def dark(self) -> Figure:
        return self.figures["dark"]

    def _ipython_display_(self):
        from IPython.display import display  # only ever called inside a running kernel

        for figure in self.figures.values():
            display(figure)

    def __repr__(self) -> str:
        return f"ThemedFigure({', '.join(self.figures)})"


def both_themes(draw, *args, figsize=None, **kwargs) -> ThemedFigure:
    """Draw ``draw(*args, **kwargs)`` once per theme and return both figures.

    Parameters
    ----------
    draw : callable
        A plotting function that takes ``fig=`` (it lays out its own panels on the figure) or
        ``ax=`` (it draws on one Axes, created here).  It must take its colours from the
        Matplotlib defaults or :func:`current_theme`, never hard-coded black or white.
    *args, **kwargs
        Passed on to ``draw``.
    figsize : (float, float), optional
        Width and height in inches; default: Matplotlib's current default (7 x 5 in a page).

    Returns
    -------
    ThemedFigure
        Displayed as the light image, then the dark one.

    Raises
    ------
    TypeError
        When ``draw`` is not callable or takes neither ``fig`` nor ``ax``.
    """
    if not callable(draw):
        raise TypeError(f"both_themes: draw must be a plotting function, got {type(draw).__name__}")
    target = _target_parameter(draw)
    if figsize is None:
        figsize = tuple(mpl.rcParams["figure.figsize"])
    figures, result = {}, None
    for theme in THEMES:
        with use_theme(theme):
            fig = Figure(figsize=figsize, layout="constrained")
            drawn = draw(*args, fig=fig, **kwargs) if target == "fig" else draw(*args, ax=fig.add_subplot(), **kwargs)
            _decades_only(fig)
        if theme is THEMES[0]:
            result = drawn
        figures[theme.name] = fig
    return ThemedFigure(figures, result)


def _decades_only(fig: Figure) -> None:
    """Log axes keep their ticks and grid lines at powers of ten, without the eight unlabelled
    minor ticks per decade, which made drawing a figure with log axes up to three times slower."""
    from matplotlib.ticker import NullLocator

    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "log":
                axis.set_minor_locator(NullLocator())


def _target_parameter(draw) -> str:
    try:
        parameters = inspect.signature(draw).parameters
    except (TypeError, ValueError):
        parameters = {}
    for name in ("fig", "ax"):
        if name in parameters:
            return name
    raise TypeError(
        f"both_themes: {getattr(draw, '__name__', draw)!r} must accept a 'fig=' or an 'ax=' "
        f"keyword so it can be drawn once per theme"
    )
