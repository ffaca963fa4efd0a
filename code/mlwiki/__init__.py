"""mlwiki: the small, tested machine-learning library behind the wiki's chapters.

Everything here is what the pages teach -- :mod:`mlwiki.lif`, :mod:`mlwiki.nn`, ... (NumPy code
that returns arrays, histories and Matplotlib Axes) -- plus the two display helpers pages call:
:mod:`mlwiki.themes` (every figure drawn for the light and the dark theme) and
:mod:`mlwiki.source` (the package's own source shown in a page).  The site's build tooling lives
in a separate package, ``sitetools``; nothing here imports it.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
