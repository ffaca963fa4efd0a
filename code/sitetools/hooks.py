"""What Quarto runs before and after every render of the site.

``_quarto.yml`` names this file as the project's render scripts::

    project:
      pre-render: code/sitetools/hooks.py pre-render
      post-render: code/sitetools/hooks.py post-render

Quarto runs a ``.py`` project script with the Python of ``QUARTO_PYTHON`` (the project's venv,
see the Makefile) from the project root, passing the files being rendered in environment
variables (see :mod:`sitetools.freshness`).

* ``pre-render`` writes the API reference from the docstrings (:mod:`sitetools.reference`; Quarto
  re-reads the project after this step, so it renders the new pages), then drops the frozen
  outputs of stale pages among those being rendered, so Quarto re-executes exactly those;
* ``post-render`` records the freshness key of every page Quarto executed, and finishes the
  pages' notebooks (:mod:`sitetools.notebooks`: the install cell, "Open in Colab").
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_STEPS = {"pre-render": "--refresh", "post-render": "--record"}


def main(argv: list[str] | None = None) -> int:
    """Run one hook step; returns the exit status (non-zero stops Quarto's render)."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1 or argv[0] not in _STEPS:
        print(f"usage: hooks.py {{{' | '.join(_STEPS)}}}", file=sys.stderr)
        return 2
    try:
        from sitetools import freshness, notebooks, reference
    except ImportError as exc:  # Quarto's Python is not the project's venv
        print(f"sitetools hooks: {exc} in {sys.executable}. Render with `make site` / `make preview`, "
              f"or set QUARTO_PYTHON to the project's .venv/bin/python.", file=sys.stderr)
        return 1
    if argv[0] == "pre-render" and reference.main(["--project", str(Path.cwd())]) != 0:
        return 1
    status = freshness.main([_STEPS[argv[0]]])
    if status != 0 or argv[0] != "post-render":
        return status
    site = Path(os.environ.get("QUARTO_PROJECT_OUTPUT_DIR") or "_site")
    try:
        finished = notebooks.finish_site(site, notebooks.notebook_source(Path.cwd()))
    except ValueError as exc:
        print(f"sitetools hooks: notebooks: {exc}", file=sys.stderr)
        return 1
    print(f"notebooks: {len(finished)} finished (install cell{', Colab links' if os.environ.get('GITHUB_REPOSITORY') else ''})")
    return 0


if __name__ == "__main__":
    # Run as a file, Python puts this folder first on sys.path; the package's parent belongs
    # there instead, so that `sitetools` (and nothing in it by a bare name) is importable.
    sys.path[0] = str(Path(__file__).resolve().parents[1])
    sys.exit(main())
