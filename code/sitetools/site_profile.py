"""The site's own addresses, derived from the repository being built, as a Quarto profile.

``_quarto.yml`` names no repository and no site URL: a fork, a rename or the real home each
build with their own.  Before rendering, this module writes ``_quarto-repo.yml`` (git-ignored)
and the render activates it with ``QUARTO_PROFILE=repo``; Quarto merges a profile's file over
``_quarto.yml`` (quarto-web ``docs/projects/profiles.qmd``).  It sets:

* ``website: repo-url`` and ``repo-actions: [edit, issue]`` -- the "Edit this page" and
  "Report an issue" links -- from ``--repository``, ``$GITHUB_REPOSITORY``, or a GitHub
  ``origin`` remote;
* in CI only (a repository given or in ``$GITHUB_REPOSITORY``): ``website: site-url``, the
  GitHub Pages address (``https://<owner>.github.io/<name>/``, or the root for a repository named
  ``<owner>.github.io``), which Quarto uses for the sitemap, Open Graph image URLs and to tell
  internal links from external ones.  A local build leaves it out: served from localhost, every
  internal link would otherwise be marked external;
* for a pull-request preview (``--preview-pr N``): the preview's own address
  (``.../pr-preview/pr-N/``) as ``site-url``, and ``<meta name="robots" content="noindex">`` on
  every page, so search engines never index a preview in place of the site.

The file is JSON, which is YAML.  Standard library only: workflows run it with the runner's
``python3`` (``python3 code/sitetools/site_profile.py``); ``--print-url`` prints the Pages address.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

__all__ = ["PROFILE", "pages_url", "repository_from_remote", "site_profile", "main"]

PROFILE = "repo"
NOINDEX = '<meta name="robots" content="noindex">'
_REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
_GITHUB_REMOTE = re.compile(r"^(?:https://github\.com/|git@github\.com:|ssh://git@github\.com/)"
                            r"([A-Za-z0-9-]+/[A-Za-z0-9._-]+?)(?:\.git)?/?$")


def _check_repository(repository: str) -> str:
    if not _REPOSITORY.match(repository or ""):
        raise ValueError(f"repository must look like owner/name, got {repository!r}")
    return repository


def pages_url(repository: str) -> str:
    """The GitHub Pages address of ``owner/name``, ending in ``/``."""
    owner, name = _check_repository(repository).split("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if name.lower() == host else f"https://{host}/{name}/"


def repository_from_remote(url: str) -> str | None:
    """``owner/name`` of a GitHub remote URL (https or ssh), or None for any other remote."""
    match = _GITHUB_REMOTE.match(url.strip())
    return match.group(1) if match else None


def site_profile(repository: str | None, *, ci: bool, preview_pr: int | None = None) -> dict:
    """The profile's configuration (see the module docstring).

    Parameters
    ----------
    repository : str or None
        ``owner/name``; None when unknown (the profile is then empty).
    ci : bool
        Whether the site is built for publishing (sets ``site-url``).
    preview_pr : int, optional
        The pull request a preview is built for.
    """
    if preview_pr is not None and (not isinstance(preview_pr, int) or isinstance(preview_pr, bool)
                                   or preview_pr < 1):
        raise ValueError(f"preview_pr must be a positive pull-request number, got {preview_pr!r}")
    if preview_pr is not None and not ci:
        raise ValueError("a preview is built in CI: give the repository")
    if repository is None:
        return {}
    website = {"repo-url": f"https://github.com/{_check_repository(repository)}", "repo-actions": ["edit", "issue"]}
    profile: dict = {"website": website}
    if ci:
        website["site-url"] = pages_url(repository)
    if preview_pr is not None:
        website["site-url"] = f"{pages_url(repository)}pr-preview/pr-{preview_pr}/"
        profile["format"] = {"html": {"include-in-header": {"text": NOINDEX}}}
    return profile


def _origin_repository(project: Path) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(project), "remote", "get-url", "origin"],
                                capture_output=True, text=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return repository_from_remote(result.stdout) if result.returncode == 0 else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="site_profile.py", description=__doc__.splitlines()[0])
    parser.add_argument("--repository", help="owner/name (default: $GITHUB_REPOSITORY, else the origin remote)")
    parser.add_argument("--preview-pr", type=int, help="build a pull-request preview of this number")
    parser.add_argument("--project", type=Path, default=Path.cwd(), help="project root")
    parser.add_argument("--print-url", action="store_true", help="print the Pages address and stop")
    args = parser.parse_args(argv)
    repository = args.repository or os.environ.get("GITHUB_REPOSITORY") or None
    ci = repository is not None
    if repository is None:
        repository = _origin_repository(args.project)
    try:
        if args.print_url:
            if repository is None:
                raise ValueError("no repository: give --repository or set GITHUB_REPOSITORY")
            print(pages_url(repository))
            return 0
        profile = site_profile(repository, ci=ci, preview_pr=args.preview_pr)
    except ValueError as exc:
        print(f"site_profile: {exc}", file=sys.stderr)
        return 2
    out = args.project / f"_quarto-{PROFILE}.yml"
    out.write_text(json.dumps(profile, indent=2) + "\n", encoding="utf-8")
    website = profile.get("website", {})
    print(f"site_profile: wrote {out.name} (render with QUARTO_PROFILE={PROFILE}): "
          f"repo-url {website.get('repo-url', 'none')}, site-url {website.get('site-url', 'none (local build)')}"
          + (", noindex (preview)" if args.preview_pr is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
