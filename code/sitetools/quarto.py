"""Find the Quarto that renders the site, or install the pinned one into the project's venv.

``make site`` and ``make preview`` run ``python -m sitetools.quarto --ensure 1.10.18 --venv .venv``
before calling ``quarto``:

* a ``quarto`` in the venv or on ``PATH`` is used as it is (with a note when its version is not
  the one the site is validated against);
* with none, the ``quarto-cli`` Python package of the pinned version is installed into the venv.
  Its build downloads Quarto's binary from GitHub, so it needs an internet connection; when that
  fails, one line says what to install by hand.

Exit status 0 when a ``quarto`` is ready, 1 when none could be found or installed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

__all__ = ["find_quarto", "quarto_version", "ensure_quarto", "main"]

DOWNLOAD_PAGE = "https://quarto.org/docs/download/"


def find_quarto(venv: Path | None = None) -> Path | None:
    """The ``quarto`` executable: the venv's own first, then the first on ``PATH``."""
    if venv is not None:
        candidate = Path(venv) / ("Scripts" if os.name == "nt" else "bin") / "quarto"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("quarto")
    return Path(found) if found else None


def quarto_version(executable: Path) -> str | None:
    """What ``quarto --version`` prints (e.g. ``"1.10.18"``), or None when it does not run."""
    try:
        result = subprocess.run([str(executable), "--version"], capture_output=True, text=True,
                                timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r"\d+\.\d+\.\d+", result.stdout)
    return match.group(0) if result.returncode == 0 and match else None


def ensure_quarto(version: str, venv: Path, *, say=print, run=subprocess.run) -> int:
    """Make sure a ``quarto`` is available; install ``quarto-cli==version`` into ``venv`` if not.

    Parameters
    ----------
    version : str
        The Quarto version the site is validated against, e.g. ``"1.10.18"``.
    venv : Path
        The project's virtual environment (its ``bin/python`` installs the package).
    say : callable
        Where progress lines go (``print``).
    run : callable
        ``subprocess.run`` (replaceable in tests).

    Returns
    -------
    int
        0 when ``quarto`` is ready, 1 otherwise.
    """
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise ValueError(f"version must look like 1.10.18, got {version!r}")
    venv = Path(venv)
    existing = find_quarto(venv)
    if existing is not None:
        found = quarto_version(existing)
        if found == version:
            say(f"Quarto {found}: {existing}")
        else:
            say(f"Quarto {found or '(version unknown)'} at {existing}; the site is validated against "
                f"{version}, so output may differ. Install {version} to match CI.")
        return 0
    python = venv / ("Scripts" if os.name == "nt" else "bin") / "python"
    say(f"Quarto is not on PATH: installing quarto-cli=={version} into {venv} "
        f"(its build downloads Quarto {version} from GitHub, about 150 MB)...")
    # --no-deps: the venv already has what Quarto's Jupyter engine needs (ipykernel, nbclient,
    # nbformat); quarto-cli's own requirements would add the whole Jupyter application suite.
    result = run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", f"quarto-cli=={version}"],
                 check=False)
    installed = find_quarto(venv)
    if result.returncode != 0 or installed is None or quarto_version(installed) is None:
        say(f"Could not install Quarto {version} automatically (no connection to GitHub?). "
            f"Install Quarto {version} from {DOWNLOAD_PAGE} and run the command again.")
        return 1
    say(f"Quarto {quarto_version(installed)}: {installed}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitetools.quarto", description=__doc__.splitlines()[0])
    parser.add_argument("--ensure", metavar="VERSION", required=True, help="the Quarto version to use")
    parser.add_argument("--venv", type=Path, default=Path(".venv"), help="the project's virtual environment")
    args = parser.parse_args(argv)
    try:
        return ensure_quarto(args.ensure, args.venv)
    except ValueError as exc:
        parser.error(str(exc))
    return 2


if __name__ == "__main__":
    sys.exit(main())
