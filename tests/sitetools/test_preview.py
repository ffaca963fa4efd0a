"""Pull-request preview metadata: written unprivileged, validated before any privileged use."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str):
    """The privileged workflows run these modules as plain scripts (standard library only)."""
    spec = importlib.util.spec_from_file_location(f"_sitetools_{name}", ROOT / "code" / "sitetools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


preview = _load("preview")
SHA = "0123456789abcdef0123456789abcdef01234567"


def _site(path: Path, marker: str, pages=("index.html",)) -> Path:
    for page in pages:
        (path / page).parent.mkdir(parents=True, exist_ok=True)
        (path / page).write_text(f"<p>{marker} {page}</p>", encoding="utf-8")
    return path


def _artifact(tmp_path: Path, **overrides) -> Path:
    directory = tmp_path / "artifact"
    _site(directory / "site", "pr", ("index.html", "chapters/a-b.html"))
    data = {"pr_number": 5, "head_sha": SHA, "changed_pages": ["chapters/a-b.html"]}
    data.update(overrides)
    (directory / "preview.json").write_text(json.dumps(data), encoding="utf-8")
    return directory


def test_valid_artifact_passes_and_comment_links_the_pages(tmp_path, monkeypatch):
    output = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(output))
    clean = tmp_path / "clean.json"
    assert preview.main(["validate", "--dir", str(_artifact(tmp_path)), "--head-sha", SHA,
                         "--write-clean", str(clean)]) == 0
    assert output.read_text() == "pr_number=5\n"
    meta = json.loads(clean.read_text())
    body = preview.comment_body(meta, mode="deployed", site_url="https://o.github.io/r/",
                                run_url="https://github.com/o/r/actions/runs/1")
    assert body.startswith(preview.COMMENT_MARKER)
    assert "https://o.github.io/r/pr-preview/pr-5/chapters/a-b.html" in body
    fork = preview.comment_body(meta, mode="artifact", site_url="https://o.github.io/r/",
                                run_url="https://github.com/o/r/actions/runs/1")
    assert "pr-preview/pr-5" not in fork and "actions/runs/1" in fork


@pytest.mark.parametrize("overrides, message", [
    ({"pr_number": "5"}, "pr_number"),
    ({"pr_number": True}, "pr_number"),
    ({"pr_number": 0}, "pr_number"),
    ({"pr_number": 5.0}, "pr_number"),
    ({"head_sha": "f" * 40}, "head_sha"),
    ({"changed_pages": ["../../etc/passwd.html"]}, "changed_pages"),
    ({"changed_pages": ["Chapters/A.html"]}, "changed_pages"),
    ({"changed_pages": ["chapters/a-b.html\n- [x](javascript:alert(1))"]}, "changed_pages"),
    ({"changed_pages": ["chapters/missing.html"]}, "not a page"),
    ({"changed_pages": "chapters/a-b.html"}, "changed_pages"),
    ({"extra": 1}, "keys"),
])
def test_invalid_metadata_is_rejected(tmp_path, overrides, message):
    with pytest.raises(preview.MetadataError, match=message):
        preview.validate_artifact(_artifact(tmp_path, **overrides), SHA)


def test_artifact_with_extra_files_or_symlinks_is_rejected(tmp_path):
    directory = _artifact(tmp_path)
    (directory / "site" / "key").symlink_to("/etc/hostname")
    with pytest.raises(preview.MetadataError, match="symlink"):
        preview.validate_artifact(directory, SHA)
    (directory / "site" / "key").unlink()
    (directory / "run.sh").write_text("echo hi")
    with pytest.raises(preview.MetadataError, match="exactly"):
        preview.validate_artifact(directory, SHA)


def test_write_lists_pages_changed_between_two_commits(tmp_path):
    repo = tmp_path / "repo"
    (repo / "chapters").mkdir(parents=True)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    (repo / "chapters" / "a-b.qmd").write_text("one")
    (repo / "chapters" / "c.qmd").write_text("one")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "base"], check=True)
    (repo / "chapters" / "a-b.qmd").write_text("two")
    (repo / "README.md").write_text("docs")
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "pr"], check=True)
    files = preview.changed_files("HEAD^1", "HEAD", cwd=repo)
    assert files == ["README.md", "chapters/a-b.qmd"]
    site = _site(tmp_path / "site", "x", ("index.html", "chapters/a-b.html", "chapters/c.html"))
    out = tmp_path / "out"
    preview.write_metadata(out, 9, SHA, preview.changed_pages(files, site, repo))
    shutil.copytree(site, out / "site")
    assert preview.validate_artifact(out, SHA)["changed_pages"] == ["chapters/a-b.html"]


def test_the_comment_links_the_preview_on_this_repositorys_pages(tmp_path):
    # The privileged workflow runs the module as a plain script, without site-packages (-S).
    meta = tmp_path / "meta.json"
    meta.write_text(json.dumps({"pr_number": 7, "head_sha": SHA, "changed_pages": ["chapters/a.html"]}))
    result = subprocess.run(
        [sys.executable, "-S", str(ROOT / "code" / "sitetools" / "preview.py"), "comment", "--meta", str(meta),
         "--mode", "deployed", "--repository", "Some-Org/wiki", "--run-url", "https://example.org/run"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "<https://some-org.github.io/wiki/pr-preview/pr-7/>" in result.stdout
    assert "(https://some-org.github.io/wiki/pr-preview/pr-7/chapters/a.html)" in result.stdout
    bad = subprocess.run(
        [sys.executable, "-S", str(ROOT / "code" / "sitetools" / "preview.py"), "comment", "--meta", str(meta),
         "--mode", "deployed", "--repository", "not a repo", "--run-url", "u"], capture_output=True, text=True)
    assert bad.returncode == 1 and "repository must look like owner/name" in bad.stderr
