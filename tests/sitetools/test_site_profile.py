"""The site's URLs follow the repository being built; previews are noindex and point at themselves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitetools import site_profile
from sitetools.site_profile import pages_url, repository_from_remote

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("repository, url", [
    ("mlwiki/mlwiki", "https://mlwiki.github.io/mlwiki/"),
    ("Some-Org/ml-wiki", "https://some-org.github.io/ml-wiki/"),
    ("someone/someone.github.io", "https://someone.github.io/"),
])
def test_pages_address_of_a_repository(repository, url):
    assert pages_url(repository) == url


@pytest.mark.parametrize("remote, repository", [
    ("https://github.com/owner/wiki.git\n", "owner/wiki"),
    ("git@github.com:owner/wiki.git", "owner/wiki"),
    ("ssh://git@github.com/owner/wiki", "owner/wiki"),
    ("https://gitlab.com/owner/wiki.git", None),
    ("/srv/git/wiki.git", None),
])
def test_repository_from_a_remote(remote, repository):
    assert repository_from_remote(remote) == repository


def _run(tmp_path, *args, env=None):
    import os

    environment = {k: v for k, v in os.environ.items() if k != "GITHUB_REPOSITORY"}
    environment.update(env or {})
    result = subprocess.run([sys.executable, "-S", str(ROOT / "code" / "sitetools" / "site_profile.py"),
                             "--project", str(tmp_path), *args],
                            capture_output=True, text=True, env=environment, check=False)
    profile = tmp_path / "_quarto-repo.yml"
    return result, (yaml.safe_load(profile.read_text()) if profile.is_file() else None)


def test_ci_builds_follow_github_repository(tmp_path):
    result, profile = _run(tmp_path, env={"GITHUB_REPOSITORY": "fork-owner/mlwiki"})
    assert result.returncode == 0, result.stderr
    assert profile == {"website": {"repo-url": "https://github.com/fork-owner/mlwiki", "repo-actions": ["edit", "issue"],
                                   "site-url": "https://fork-owner.github.io/mlwiki/"}}


def test_a_preview_is_noindex_and_points_at_itself(tmp_path):
    result, profile = _run(tmp_path, "--preview-pr", "12", env={"GITHUB_REPOSITORY": "owner/wiki"})
    assert result.returncode == 0, result.stderr
    assert profile["website"]["site-url"] == "https://owner.github.io/wiki/pr-preview/pr-12/"
    assert profile["format"]["html"]["include-in-header"]["text"] == '<meta name="robots" content="noindex">'


def test_a_local_build_links_the_origin_repository_and_sets_no_site_url(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "remote", "add", "origin", "git@github.com:me/wiki.git"], check=True)
    result, profile = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    assert profile == {"website": {"repo-url": "https://github.com/me/wiki", "repo-actions": ["edit", "issue"]}}
    assert "site-url none (local build)" in result.stdout


def test_no_repository_gives_an_empty_profile(tmp_path):
    result, profile = _run(tmp_path)
    assert result.returncode == 0 and profile == {}


@pytest.mark.parametrize("args, message", [
    (["--repository", "no slash"], "repository must look like owner/name"),
    (["--repository", "a/b", "--preview-pr", "0"], "preview_pr must be a positive pull-request number"),
])
def test_bad_input_is_named(tmp_path, args, message):
    result, _ = _run(tmp_path, *args)
    assert result.returncode == 2 and message in result.stderr


def test_the_merged_configuration_is_valid_quarto(schema):
    config = yaml.safe_load((ROOT / "_quarto.yml").read_text())
    assert "site-url" not in config["website"] and "repo-url" not in config["website"]
    profile = site_profile.site_profile("owner/wiki", ci=True, preview_pr=3)
    merged = json.loads(json.dumps(config))
    merged["website"].update(profile["website"])
    merged["format"]["html"].update(profile["format"]["html"])
    assert schema.validate(merged, "project-config") == []


def test_every_render_in_ci_writes_the_profile_first():
    for name in ("test.yml", "publish.yml", "preview-build.yml"):
        text = (ROOT / ".github" / "workflows" / name).read_text()
        render = text.index("quarto render")
        assert "python3 code/sitetools/site_profile.py" in text[:render], name
        assert "export QUARTO_PROFILE=repo" in text[:render], name
    assert '--preview-pr "$PR_NUMBER"' in (ROOT / ".github" / "workflows" / "preview-build.yml").read_text()
