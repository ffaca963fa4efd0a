"""Publishing to gh-pages: main at the root, previews beside it, each deploy one commit."""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    """The privileged workflows run these modules as plain scripts (standard library only)."""
    spec = importlib.util.spec_from_file_location(f"_sitetools_{name}", ROOT / "code" / "sitetools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gh_pages = _load("gh_pages")


def _site(path: Path, marker: str, pages=("index.html",)) -> Path:
    for page in pages:
        (path / page).parent.mkdir(parents=True, exist_ok=True)
        (path / page).write_text(f"<p>{marker} {page}</p>", encoding="utf-8")
    return path


def _branch_files(remote: Path) -> dict[str, str]:
    listing = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only",
                              "gh-pages"], capture_output=True, text=True, check=True).stdout
    return {name: subprocess.run(["git", "--git-dir", str(remote), "show",
                                  f"gh-pages:{name}"], capture_output=True, text=True,
                                 check=True).stdout for name in listing.split()}


@pytest.fixture
def remote(tmp_path):
    path = tmp_path / "remote.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(path)], check=True)
    return path


def test_publishing_main_keeps_previews_and_cleanup_removes_them(tmp_path, remote):
    url = str(remote)
    main1 = _site(tmp_path / "main1", "v1", ("index.html", "chapters/old.html"))
    pr = _site(tmp_path / "pr", "pr", ("index.html", "chapters/new.html"))
    main2 = _site(tmp_path / "main2", "v2", ("index.html",))

    gh_pages.deploy("publish", url, "gh-pages", site=main1)
    gh_pages.deploy("deploy-preview", url, "gh-pages", site=pr, number=12)
    gh_pages.deploy("publish", url, "gh-pages", site=main2)
    files = _branch_files(remote)
    assert files == {
        ".nojekyll": "",
        "index.html": "<p>v2 index.html</p>",  # main replaced, old page gone
        "pr-preview/pr-12/index.html": "<p>pr index.html</p>",
        "pr-preview/pr-12/chapters/new.html": "<p>pr chapters/new.html</p>",
    }
    assert gh_pages.deploy("publish", url, "gh-pages", site=main2).endswith(
        "nothing changed on gh-pages")
    gh_pages.deploy("remove-preview", url, "gh-pages", number=12)
    assert set(_branch_files(remote)) == {".nojekyll", "index.html"}


def test_deploy_refuses_symlinks_reserved_paths_and_bad_numbers(tmp_path, remote):
    site = _site(tmp_path / "site", "x")
    (site / "leak").symlink_to("/etc/hostname")
    with pytest.raises(gh_pages.DeployError, match="symlink"):
        gh_pages.deploy("deploy-preview", str(remote), "gh-pages", site=site, number=3)
    reserved = _site(tmp_path / "reserved", "x", ("index.html", "pr-preview/pr-1/index.html"))
    with pytest.raises(gh_pages.DeployError, match="reserved"):
        gh_pages.deploy("publish", str(remote), "gh-pages", site=reserved)
    for bad in ("0", "07", "-1", "1/../2", "1e3", "", "²"):
        with pytest.raises(gh_pages.DeployError, match="pr: expected"):
            gh_pages.pr_number(bad)
    assert gh_pages.main(["remove-preview", "--pr", "../x", "--remote", str(remote)]) == 1


SHA = "0123456789abcdef0123456789abcdef01234567"


def test_a_deploy_that_loses_a_race_starts_over_from_the_new_tip(tmp_path, remote, monkeypatch):
    url = str(remote)
    gh_pages.deploy("publish", url, "gh-pages", site=_site(tmp_path / "main", "v1"))
    real_git, raced = gh_pages._git, []

    def git(work, *args, **kwargs):
        if args[:1] == ("push",) and not raced:
            # Another workflow deploys a preview between this one's checkout and its push.
            raced.append(True)
            gh_pages.deploy("deploy-preview", url, "gh-pages", site=_site(tmp_path / "pr", "pr"), number=5)
        return real_git(work, *args, **kwargs)

    monkeypatch.setattr(gh_pages, "_git", git)
    summary = gh_pages.deploy("publish", url, "gh-pages", site=_site(tmp_path / "main2", "v2"), backoff=0)
    assert summary.startswith("publish: pushed") and raced
    files = _branch_files(remote)
    assert files["index.html"] == "<p>v2 index.html</p>"
    assert files["pr-preview/pr-5/index.html"] == "<p>pr index.html</p>"  # the other deploy survives
