"""Which files a render covers, as Quarto tells its project scripts.

Quarto runs project scripts from the project root and tells them what is being rendered:
``QUARTO_PROJECT_RENDER_ALL=1`` for a full render, the project-relative input files (one per
line) in ``QUARTO_PROJECT_INPUT_FILES`` (pre-render) and the output files in
``QUARTO_PROJECT_OUTPUT_FILES`` (post-render), or, when ``QUARTO_USE_FILE_FOR_PROJECT_INPUT_FILES``
/ ``..._OUTPUT_FILES`` name a file, in that file instead (``src/command/render/project.ts``).
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from sitetools.project import Project

__all__ = ["pages_being_rendered"]


def _listed_files(variable: str) -> list[str] | None:
    """Files Quarto passed to a project script (None when it passed none)."""
    file_variable = f"QUARTO_USE_FILE_FOR_{variable.removeprefix('QUARTO_')}"
    if os.environ.get(file_variable):
        text = Path(os.environ[file_variable]).read_text(encoding="utf-8")
    elif variable in os.environ:
        text = os.environ[variable]
    else:
        return None
    return [line.strip() for line in text.splitlines() if line.strip()]


def _output_dir(project: Project) -> str:
    config = project.root / "_quarto.yml"
    if config.is_file():
        data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        out = (data.get("project") or {}).get("output-dir")
        if out:
            return Path(out).as_posix().strip("/")
    return ""


def pages_being_rendered(project: Project, hook: str) -> list[str] | None:
    """The pages of the current render, or None for all of them."""
    if os.environ.get("QUARTO_PROJECT_RENDER_ALL") == "1":
        return None
    if hook == "refresh":
        inputs = _listed_files("QUARTO_PROJECT_INPUT_FILES")
        if inputs is None:
            return None
        candidates = [Path(p).as_posix() for p in inputs]
    else:
        outputs = _listed_files("QUARTO_PROJECT_OUTPUT_FILES")
        if outputs is None:
            return None
        prefix = _output_dir(project)
        candidates = []
        for output in outputs:
            path = Path(output).as_posix()
            if prefix and path.startswith(prefix + "/"):
                path = path[len(prefix) + 1:]
            candidates.append(str(Path(path).with_suffix(".qmd").as_posix()))
    pages = set(project.pages())
    return [page for page in candidates if page in pages]
