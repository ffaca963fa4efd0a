"""Publish the site and PR previews side by side on the ``gh-pages`` branch.

Layout of the branch (GitHub Pages serves it from the root)::

    index.html, chapters/, ...     the site rendered from main
    pr-preview/pr-<N>/...          the preview of pull request N
    .nojekyll                      serve folders starting with "_" as they are

Three commands, each one commit on top of the branch's current tip:

* ``publish --site DIR``            replace everything except ``pr-preview/``
                                    with DIR, so publishing main keeps previews;
* ``deploy-preview --site DIR --pr N``  replace ``pr-preview/pr-N/`` with DIR;
* ``remove-preview --pr N``         delete ``pr-preview/pr-N/``.

A push that loses a race with another deploy is retried from a fresh fetch (the
workflows also serialise on one concurrency group).  Nothing is pushed when the
tree did not change.  The site directory is data (for previews: produced by
untrusted pull-request code), so it is only copied, never executed, and a symlink
anywhere in it is refused (it could point at files of the runner).

Authentication: for an ``https://`` remote the token in ``GITHUB_TOKEN`` is handed
to git through ``GIT_CONFIG_*`` environment variables of the push/fetch
processes only -- it is never written to disk or put on a command line.  Tests
use a local bare repository as the remote and need no token.

Standard library only: the privileged workflows run it with the runner's python3
from a checkout of the default branch, without installing anything.
"""

from __future__ import annotations

import argparse
import base64
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PREVIEW_ROOT = "pr-preview"
_BOT_NAME = "github-actions[bot]"
_BOT_EMAIL = "41898273+github-actions[bot]@users.noreply.github.com"
_MAX_PR_NUMBER = 10**7


class DeployError(RuntimeError):
    """A deploy that cannot go ahead (bad input, git failure)."""


def pr_number(value: str | int) -> int:
    """Return ``value`` as a positive pull-request number or raise DeployError."""
    text = str(value)
    if not text.isascii() or not text.isdigit() or text.startswith("0"):
        raise DeployError(f"pr: expected a positive integer, got {value!r}")
    number = int(text)
    if number > _MAX_PR_NUMBER:
        raise DeployError(f"pr: expected at most {_MAX_PR_NUMBER}, got {number}")
    return number


def preview_path(number: int) -> str:
    """Branch-relative folder of pull request ``number``'s preview."""
    return f"{PREVIEW_ROOT}/pr-{number}"


def _check_site(site: Path) -> None:
    if not site.is_dir():
        raise DeployError(f"site: {site} is not a directory")
    if not (site / "index.html").is_file():
        raise DeployError(f"site: {site} has no index.html; is it a rendered site?")
    for path in [site, *site.rglob("*")]:
        if path.is_symlink():
            raise DeployError(f"site: refusing symlink {path.relative_to(site)}")


def _git_env(remote: str) -> dict[str, str]:
    env = dict(os.environ)
    token = env.pop("GITHUB_TOKEN", "")
    if token and remote.startswith("https://"):
        credentials = base64.b64encode(f"x-access-token:{token}".encode()).decode()
        env.update(
            GIT_CONFIG_COUNT="1",
            GIT_CONFIG_KEY_0="http.extraheader",
            GIT_CONFIG_VALUE_0=f"AUTHORIZATION: basic {credentials}",
        )
    # Never prompt in CI: a missing credential must fail, not hang.
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


def _git(work: Path, *args: str, env: dict[str, str] | None = None,
         check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["git", "-C", str(work), *args], capture_output=True, text=True,
        env=env, check=False,
    )
    if check and result.returncode != 0:
        raise DeployError(f"git {args[0]} failed: {result.stderr.strip()}")
    return result


def _checkout_branch(work: Path, remote: str, branch: str,
                     env: dict[str, str]) -> None:
    _git(work, "init", "--quiet")
    _git(work, "config", "user.name", _BOT_NAME)
    _git(work, "config", "user.email", _BOT_EMAIL)
    heads = _git(work, "ls-remote", "--heads", remote, branch, env=env).stdout
    if heads.strip():
        _git(work, "fetch", "--quiet", "--depth", "1", remote,
             f"refs/heads/{branch}", env=env)
        _git(work, "checkout", "--quiet", "-B", branch, "FETCH_HEAD")
    else:
        # First deploy ever: start the branch without history.
        _git(work, "checkout", "--quiet", "--orphan", branch)


def _remove(path: Path) -> bool:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
        return True
    if path.exists() or path.is_symlink():
        path.unlink()
        return True
    return False


def _apply_publish(work: Path, site: Path) -> None:
    if (site / PREVIEW_ROOT).exists():
        raise DeployError(f"site: {site} has a top-level {PREVIEW_ROOT}/, which "
                          "is reserved for pull-request previews")
    for entry in work.iterdir():
        if entry.name not in {".git", PREVIEW_ROOT}:
            _remove(entry)
    shutil.copytree(site, work, dirs_exist_ok=True)
    (work / ".nojekyll").touch()


def _apply_preview(work: Path, site: Path, number: int) -> None:
    target = work / preview_path(number)
    _remove(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, target)
    (work / ".nojekyll").touch()


def _apply_remove(work: Path, number: int) -> None:
    _remove(work / preview_path(number))


def deploy(action: str, remote: str, branch: str, *, site: Path | None = None,
           number: int | None = None, attempts: int = 5, backoff: float = 3.0) -> str:
    """Apply ``action`` to ``branch`` of ``remote``; return a one-line summary.

    Publishing, previews and cleanups run in separate concurrency groups, so two of them can
    race: a rejected push starts over from the branch's new tip, after ``backoff * attempt``
    seconds, up to ``attempts`` times.
    """
    if site is not None:
        _check_site(site)
    env = _git_env(remote)
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory(prefix="gh-pages-") as tmp:
            work = Path(tmp)
            _checkout_branch(work, remote, branch, env)
            if action == "publish":
                _apply_publish(work, site)
                message = "Publish site from main"
            elif action == "deploy-preview":
                _apply_preview(work, site, number)
                message = f"Deploy preview of PR #{number}"
            else:
                _apply_remove(work, number)
                message = f"Remove preview of PR #{number}"
            _git(work, "add", "--all")
            if _git(work, "diff", "--cached", "--quiet", check=False).returncode == 0:
                return f"{action}: nothing changed on {branch}"
            _git(work, "commit", "--quiet", "-m", message)
            pushed = _git(work, "push", "--quiet", remote,
                          f"HEAD:refs/heads/{branch}", env=env, check=False)
            if pushed.returncode == 0:
                return f"{action}: pushed to {branch} ({message})"
            # Most likely another deploy moved the branch: start over from it.
            last_error = pushed.stderr.strip()
        if attempt < attempts:
            time.sleep(backoff * attempt)
    raise DeployError(f"push to {branch} failed {attempts} times: {last_error}")


def _default_remote() -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    repository = os.environ.get("GITHUB_REPOSITORY", "")
    if not repository:
        raise DeployError("remote: pass --remote or set GITHUB_REPOSITORY")
    return f"{server}/{repository}.git"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["publish", "deploy-preview", "remove-preview"])
    parser.add_argument("--site", type=Path, help="rendered site directory")
    parser.add_argument("--pr", help="pull-request number (previews)")
    parser.add_argument("--remote", help="git remote (default: this GitHub repository)")
    parser.add_argument("--branch", default="gh-pages")
    args = parser.parse_args(argv)
    try:
        number = pr_number(args.pr) if args.action != "publish" else None
        if args.action != "remove-preview" and args.site is None:
            raise DeployError(f"site: {args.action} needs --site")
        summary = deploy(args.action, args.remote or _default_remote(), args.branch,
                         site=args.site if args.action != "remove-preview" else None,
                         number=number)
    except DeployError as exc:
        print(f"gh_pages: {exc}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
