"""Metadata of a pull-request preview: written unprivileged, validated privileged.

The preview is built in two workflows (the "secure split"):

1. ``preview-build.yml`` runs on ``pull_request`` with a read-only token.  It
   renders the PR's site and calls ``preview.py write``, which records the PR
   number, the PR head commit and the pages the PR changes (from ``git diff``
   between the merge commit's two parents) in ``preview.json`` beside ``site/``.
   Both go into one artifact.
2. ``preview-deploy.yml`` runs on ``workflow_run`` with write access.  Everything
   in the artifact was produced by code from the PR, so before using any of it it
   calls ``preview.py validate`` (from a checkout of the default branch, never of
   the PR), which accepts only the exact expected shape: an integer PR number, the
   head SHA GitHub reports for the build run, page paths matching
   ``^[a-z0-9/-]+\\.html$`` that exist in the site, and no symlinks.  Then
   ``preview.py comment`` renders the sticky PR comment from validated data only.

Standard library only (the privileged job runs it with the runner's python3).  The
``write`` step may use the project's ``sitetools.freshness`` (installed in the
build job) to add pages whose imported code changed; without it only edited
``.qmd`` pages are listed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

try:
    from sitetools.site_profile import pages_url
except ImportError:  # run as a plain script by the privileged workflow, beside site_profile.py
    from site_profile import pages_url

METADATA_NAME = "preview.json"
SITE_NAME = "site"
COMMENT_MARKER = "<!-- mlwiki-pr-preview -->"
PAGE_PATTERN = re.compile(r"^[a-z0-9/-]+\.html$")
SHA_PATTERN = re.compile(r"^[0-9a-f]{40}$")
_KEYS = {"pr_number", "head_sha", "changed_pages"}
_MAX_METADATA_BYTES = 64 * 1024
_MAX_PAGES = 500
_MAX_PR_NUMBER = 10**7


class MetadataError(ValueError):
    """The artifact does not have exactly the expected, safe shape."""


# --------------------------------------------------------------------------- write

def changed_files(base: str, head: str, cwd: Path | None = None) -> list[str]:
    """Paths (relative to the repository root) that differ between two commits."""
    result = subprocess.run(
        ["git", "diff", "--name-only", "-z", "--no-renames", base, head],
        capture_output=True, text=True, cwd=cwd, check=False,
    )
    if result.returncode != 0:
        raise MetadataError(f"git diff {base} {head} failed: {result.stderr.strip()}")
    return sorted(path for path in result.stdout.split("\0") if path)


def _output_page(source: str) -> str:
    return re.sub(r"\.(qmd|ipynb)$", ".html", source)


def changed_pages(files: list[str], site: Path, project: Path) -> list[str]:
    """Rendered pages (``.html`` paths in ``site``) affected by ``files``."""
    sources = {path for path in files if path.endswith((".qmd", ".ipynb"))}
    try:
        from sitetools.freshness import affected_pages
    except ImportError:
        affected_pages = None
    if affected_pages is not None:
        sources.update(affected_pages(project, files))
    pages = {_output_page(source) for source in sources}
    return sorted(page for page in pages
                  if PAGE_PATTERN.match(page) and (site / page).is_file())


def write_metadata(out: Path, number: int, head_sha: str, pages: list[str]) -> Path:
    """Write ``preview.json`` into ``out`` and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / METADATA_NAME
    data = {"pr_number": number, "head_sha": head_sha, "changed_pages": pages}
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------------ validate

def _check_page(page: object, site: Path) -> str:
    if not isinstance(page, str) or not PAGE_PATTERN.match(page):
        raise MetadataError(
            f"changed_pages: expected paths matching {PAGE_PATTERN.pattern}, "
            f"got {page!r}")
    if page.startswith("/") or "//" in page:
        raise MetadataError(f"changed_pages: expected a relative path, got {page!r}")
    if not (site / page).is_file():
        raise MetadataError(f"changed_pages: {page!r} is not a page of the site")
    return page


def validate_artifact(directory: Path, expected_head_sha: str) -> dict:
    """Check a downloaded preview artifact; return its metadata, cleaned.

    ``directory`` must hold exactly ``preview.json`` and ``site/``.  Raises
    MetadataError naming the first thing that is not as expected.
    """
    if not SHA_PATTERN.match(expected_head_sha):
        raise MetadataError(f"head-sha: expected 40 lowercase hex digits, got "
                            f"{expected_head_sha!r}")
    if not directory.is_dir():
        raise MetadataError(f"artifact: {directory} is not a directory")
    entries = sorted(entry.name for entry in directory.iterdir())
    if entries != sorted([METADATA_NAME, SITE_NAME]):
        raise MetadataError(f"artifact: expected exactly {METADATA_NAME} and "
                            f"{SITE_NAME}/, found {entries}")
    site = directory / SITE_NAME
    for path in [directory / METADATA_NAME, site, *site.rglob("*")]:
        if path.is_symlink():
            raise MetadataError(f"artifact: refusing symlink {path.relative_to(directory)}")
    if not site.is_dir() or not (site / "index.html").is_file():
        raise MetadataError(f"artifact: {SITE_NAME}/ has no index.html")

    raw = (directory / METADATA_NAME).read_bytes()
    if len(raw) > _MAX_METADATA_BYTES:
        raise MetadataError(f"{METADATA_NAME}: {len(raw)} bytes, expected at most "
                            f"{_MAX_METADATA_BYTES}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MetadataError(f"{METADATA_NAME}: not UTF-8 JSON ({exc})") from None
    if not isinstance(data, dict) or set(data) != _KEYS:
        keys = sorted(data) if isinstance(data, dict) else type(data).__name__
        raise MetadataError(f"{METADATA_NAME}: expected an object with keys "
                            f"{sorted(_KEYS)}, got {keys}")

    number = data["pr_number"]
    # bool is an int subclass: reject true/false explicitly.
    if type(number) is not int or not 1 <= number <= _MAX_PR_NUMBER:
        raise MetadataError(f"pr_number: expected an integer in 1..{_MAX_PR_NUMBER}, "
                            f"got {number!r}")
    head_sha = data["head_sha"]
    if not isinstance(head_sha, str) or head_sha != expected_head_sha:
        raise MetadataError(f"head_sha: expected {expected_head_sha} (the commit the "
                            f"build ran on), got {head_sha!r}")
    pages = data["changed_pages"]
    if not isinstance(pages, list) or len(pages) > _MAX_PAGES:
        raise MetadataError(f"changed_pages: expected a list of at most {_MAX_PAGES} "
                            "paths")
    clean_pages = [_check_page(page, site) for page in pages]
    if len(set(clean_pages)) != len(clean_pages):
        raise MetadataError("changed_pages: duplicate entries")
    return {"pr_number": number, "head_sha": head_sha, "changed_pages": clean_pages}


# ------------------------------------------------------------------------- comment

def comment_body(meta: dict, *, mode: str, site_url: str, run_url: str) -> str:
    """Markdown of the sticky PR comment, built from validated metadata only."""
    number = meta["pr_number"]
    lines = [COMMENT_MARKER]
    if mode == "deployed":
        preview = f"{site_url}pr-preview/pr-{number}/"
        lines += [f"### Preview of #{number}",
                  "",
                  f"The rendered site of commit `{meta['head_sha'][:12]}` is at "
                  f"<{preview}>.",
                  ""]
        link = lambda page: f"- [{page}]({preview}{page})"  # noqa: E731
    else:
        lines += [f"### Preview of #{number} (artifact only)",
                  "",
                  "Pull requests from forks are not deployed to the site. The "
                  f"rendered site of commit `{meta['head_sha'][:12]}` is attached "
                  f"as the `pr-preview` artifact of [the build run]({run_url}): "
                  "download it and open `site/index.html`.",
                  ""]
        link = lambda page: f"- `{page}`"  # noqa: E731
    pages = meta["changed_pages"]
    if pages:
        lines.append(f"Pages this pull request changes ({len(pages)}):")
        lines += [link(page) for page in pages]
    else:
        lines.append("No rendered page changes in this pull request.")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    write = commands.add_parser("write", help="record metadata (unprivileged build)")
    write.add_argument("--out", type=Path, required=True)
    write.add_argument("--site", type=Path, required=True)
    write.add_argument("--pr", required=True)
    write.add_argument("--head-sha", required=True)
    write.add_argument("--base", default="HEAD^1", help="commit to diff against")
    write.add_argument("--head", default="HEAD")
    write.add_argument("--project", type=Path, default=Path.cwd())

    validate = commands.add_parser("validate", help="check a downloaded artifact")
    validate.add_argument("--dir", type=Path, required=True)
    validate.add_argument("--head-sha", required=True)
    validate.add_argument("--write-clean", type=Path,
                          help="where to store the validated metadata")

    comment = commands.add_parser("comment", help="print the sticky comment body")
    comment.add_argument("--meta", type=Path, required=True,
                         help="metadata written by validate --write-clean")
    comment.add_argument("--mode", choices=["deployed", "artifact"], required=True)
    comment.add_argument("--repository", required=True, help="owner/name: the previews live on its Pages site")
    comment.add_argument("--run-url", required=True)

    args = parser.parse_args(argv)
    try:
        if args.command == "write":
            if not args.pr.isdigit() or not SHA_PATTERN.match(args.head_sha):
                raise MetadataError("write: --pr must be digits and --head-sha 40 hex")
            files = changed_files(args.base, args.head, cwd=args.project)
            pages = changed_pages(files, args.site, args.project)
            path = write_metadata(args.out, int(args.pr), args.head_sha, pages)
            print(f"wrote {path}: {len(files)} changed files, {len(pages)} pages")
        elif args.command == "validate":
            meta = validate_artifact(args.dir, args.head_sha)
            if args.write_clean:
                args.write_clean.write_text(json.dumps(meta), encoding="utf-8")
            output = os.environ.get("GITHUB_OUTPUT")
            if output:
                with open(output, "a", encoding="utf-8") as handle:
                    handle.write(f"pr_number={meta['pr_number']}\n")
            print(f"artifact valid: PR #{meta['pr_number']}, "
                  f"{len(meta['changed_pages'])} changed pages")
        else:
            meta = json.loads(args.meta.read_text(encoding="utf-8"))
            try:
                url = pages_url(args.repository)
            except ValueError as exc:
                raise MetadataError(f"comment: {exc}") from None
            sys.stdout.write(comment_body(meta, mode=args.mode, site_url=url,
                                          run_url=args.run_url))
    except MetadataError as exc:
        print(f"preview: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
