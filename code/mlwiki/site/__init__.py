"""The site's own tooling -- not what the pages teach.

* :mod:`mlwiki.site.qmd` reads ``.qmd`` pages with Quarto's own fence and option rules.
* :mod:`mlwiki.site.execute` runs a page in a Jupyter kernel exactly as Quarto's engine does.
* :mod:`mlwiki.site.schema` validates ``_quarto.yml``, front matter and cell options against
  Quarto's compiled schema.
* :mod:`mlwiki.site.source` shows the package's real source inside a page.
"""

from mlwiki.site.source import show_source

__all__ = ["show_source"]
