"""Quarto project-script entry point for :mod:`mlwiki.site.freshness`.

``_quarto.yml`` runs it as ``pre-render: scripts/freshness.py --refresh`` and
``post-render: scripts/freshness.py --record``.  Quarto runs ``.py`` project
scripts with the Python of ``QUARTO_PYTHON`` (the project's venv, see the
Makefile) from the project root, so the installed ``mlwiki`` package is importable.
"""

import sys

from mlwiki.site.freshness import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
