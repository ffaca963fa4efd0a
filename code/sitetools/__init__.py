"""sitetools: the wiki's own build tooling -- not what the pages teach.

* :mod:`sitetools.qmd` reads ``.qmd`` pages with Quarto's own fence, option and include rules.
* :mod:`sitetools.execute` runs a page in a Jupyter kernel exactly as Quarto's engine does
  (``python -m sitetools.execute PAGE.qmd --figures DIR``).
* :mod:`sitetools.schema` validates ``_quarto.yml``, front matter and cell options against
  Quarto's compiled schema; :mod:`sitetools.checks` checks navigation, links, figures and
  exercises.
* :mod:`sitetools.freshness` keeps Quarto's frozen outputs in step with the code behind them;
  :mod:`sitetools.hooks` is what Quarto runs before and after a render.
* :mod:`sitetools.render_log` is the CI gate on Quarto's render log; :mod:`sitetools.rendered`
  checks a rendered ``_site/``.
* :mod:`sitetools.preview` and :mod:`sitetools.gh_pages` publish the site and pull-request
  previews (standard library only: the privileged workflows run them as plain scripts).

The pages import :mod:`mlwiki` only, and :mod:`mlwiki` never imports this package.
"""
