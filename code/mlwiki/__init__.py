"""mlwiki: the small, tested machine-learning library behind the wiki's chapters.

Two rooms live here and never mix:

* what the pages teach -- :mod:`mlwiki.lif`, :mod:`mlwiki.xor`, :mod:`mlwiki.nn`, ...
  (NumPy code that returns arrays, histories and Matplotlib Axes);
* the site's own tooling -- :mod:`mlwiki.site` (reading ``.qmd`` pages, executing
  them the way Quarto does, checking configuration against Quarto's schema,
  keeping executed outputs fresh).  Nothing in the teaching modules imports it.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
