"""Keep ``quarto preview`` honest: re-render the pages whose package code or data changed.

``quarto preview`` re-renders a page when its own ``.qmd`` is saved, and nothing else: after an
edit to ``code/mlwiki/`` the preview goes on showing outputs of the old code.  ``make preview``
runs this watcher beside it.  Every second it looks at the files pages depend on (the package,
the lock file, data under ``assets/``, ``_quarto.yml``, ``_metadata.yml`` files, included files);
when one changes, it re-saves each affected page unchanged.  Quarto sees the save and re-renders
the page; the pre-render hook (:mod:`sitetools.hooks`) finds its frozen outputs stale and drops
them, so the page is executed again with the new code.

Command line: ``python -m sitetools.watch [--project DIR] [--interval SECONDS]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sitetools.freshness import FreshnessError, affected_pages

__all__ = ["Watcher", "main"]

_WATCHED_SUFFIXES = {".py", ".yml", ".yaml", ".lock", ".qmd", ".md", ".csv", ".npz", ".json", ".txt"}
_SKIP_PARTS = {".venv", "_site", "_freeze", ".quarto", ".git", "__pycache__", "node_modules"}


class Watcher:
    """Polls a project's inputs and re-saves the pages a change affects.

    Parameters
    ----------
    root : Path
        The project root (folder of ``_quarto.yml``).
    """

    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.snapshot = self._scan()

    def _scan(self) -> dict[str, float]:
        found = {}
        for path in self.root.rglob("*"):
            relative = path.relative_to(self.root)
            if _SKIP_PARTS & set(relative.parts) or path.suffix not in _WATCHED_SUFFIXES or not path.is_file():
                continue
            found[relative.as_posix()] = path.stat().st_mtime_ns
        return found

    def poll(self) -> tuple[list[str], list[str]]:
        """Look once; return ``(changed files, pages re-saved)``.

        A changed page source is left to Quarto (it already watches pages); only pages affected
        through their dependencies are re-saved.
        """
        current = self._scan()
        changed = sorted(name for name in set(current) | set(self.snapshot)
                         if current.get(name) != self.snapshot.get(name))
        self.snapshot = current
        if not changed:
            return [], []
        pages = [page for page in affected_pages(self.root, changed) if page not in changed]
        for page in pages:
            path = self.root / page
            path.write_bytes(path.read_bytes())  # same bytes, new modification: Quarto re-renders
        self.snapshot = self._scan()
        return changed, pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitetools.watch", description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project root")
    parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks")
    args = parser.parse_args(argv)
    watcher = Watcher(args.project)
    print("watch: re-rendering pages whose package code, data or options change", flush=True)
    while True:
        time.sleep(args.interval)
        try:
            changed, pages = watcher.poll()
        except FreshnessError as exc:
            print(f"watch: {exc}", file=sys.stderr, flush=True)
            continue
        if pages:
            print(f"watch: {', '.join(changed)} changed: re-rendering {', '.join(pages)}", flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
