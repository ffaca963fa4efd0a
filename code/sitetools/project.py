"""A Quarto project as the freshness machinery sees it: pages, package, lock file, freezer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sitetools.qmd import PageFormatError, read_page

__all__ = ["FreshnessError", "Project", "read_project_page"]

# Folders Quarto never renders from, plus tool folders.
_SKIP_DIRS = {"node_modules", "venv", "site-packages"}


class FreshnessError(ValueError):
    """A page or module whose dependencies cannot be worked out (names file and line)."""


@dataclass(frozen=True)
class Project:
    """Where a Quarto project keeps its pages, package, lock file and freezer.

    Parameters
    ----------
    root : path
        Project root (the folder of ``_quarto.yml``).
    package_root : path, optional
        Folder that contains the package directory; default ``root / "code"``.
    package : str
        Name of the package whose imports are followed; default ``"mlwiki"``.
    lock_file : path, optional
        Default ``root / "requirements.lock"``.
    """

    root: Path
    package_root: Path | None = None
    package: str = "mlwiki"
    lock_file: Path | None = None

    def __post_init__(self):
        root = Path(self.root).resolve()
        if not root.is_dir():
            raise ValueError(f"root must be an existing directory, got {self.root!r}")
        if not self.package.isidentifier():
            raise ValueError(f"package must be a Python identifier, got {self.package!r}")
        object.__setattr__(self, "root", root)
        object.__setattr__(self, "package_root",
                           Path(self.package_root).resolve() if self.package_root else root / "code")
        object.__setattr__(self, "lock_file",
                           Path(self.lock_file).resolve() if self.lock_file else root / "requirements.lock")

    @property
    def freeze_dir(self) -> Path:
        return self.root / "_freeze"

    def rel(self, path: Path) -> str:
        """Project-relative POSIX path (how files are named in keys and messages)."""
        path = Path(path).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def freeze_entry(self, page: str) -> Path:
        """``_freeze/<page without extension>``: Quarto's freezer folder of a page."""
        return self.freeze_dir / Path(page).with_suffix("")

    def pages(self) -> list[str]:
        """Project-relative paths of the ``.qmd`` pages Quarto executes.

        Like Quarto, files and folders whose name starts with ``_`` or ``.`` are not
        pages.  A page with Python cells or inline expressions is executed; a page with
        neither has no outputs to keep fresh.
        """
        found = []
        for path in sorted(self.root.rglob("*.qmd")):
            parts = path.relative_to(self.root).parts
            if any(p.startswith(("_", ".")) or p in _SKIP_DIRS for p in parts):
                continue
            page = read_project_page(path, self)
            if page.cells or page.inline:
                found.append(self.rel(path))
        return found


def read_project_page(path: Path, project: Project):
    try:
        return read_page(path, project_root=project.root)
    except PageFormatError as exc:
        raise FreshnessError(f"cannot read page {project.rel(path)}: {exc}") from None
