"""Offline security and behaviour checks of the GitHub Actions workflows and their scripts.

The workflows cannot run here, so their rules are checked by parsing the YAML:
pinned actions, least privilege, no credential persistence, no expressions in shell
scripts, and the preview split (an unprivileged ``pull_request`` build; a privileged
``workflow_run`` deploy and a ``pull_request_target`` cleanup that never touch PR
code).  Each rule is a function returning its violations, tested on the real files
(no violation) and on a crafted bad workflow (the violation is found), so a rule
that stopped working would fail.  ``zizmor --offline`` and ``check-jsonschema``
run on the real files.  The scripts the workflows call (render-log check, gh-pages
deploy, preview metadata) are exercised on scratch data and a local bare git
repository standing in for GitHub.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
SCRIPTS = ROOT / "code" / "sitetools"
BIN = Path(sys.executable).parent

SHA_USES = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+(\.\d+){1,2}\b")
# Contexts a pull-request author controls (titles, branch names, bodies, ...).
UNTRUSTED = re.compile(
    r"github\.event\.|github\.head_ref|inputs\.|steps\.[^}]*outputs|needs\.[^}]*outputs")
PR_HEAD_REF = re.compile(
    r"pull_request\.head|github\.head_ref|workflow_run\.head_(branch|sha)|refs/pull|merge_commit")
# Write scopes each privileged job may hold (job id -> scopes); anything else is read-only.
ALLOWED_WRITES = {
    ("publish.yml", "deploy"): {"contents"},
    ("preview-deploy.yml", "deploy"): {"contents", "pull-requests"},
    ("preview-cleanup.yml", "remove"): {"contents"},
}
PRIVILEGED_TRIGGERS = {"workflow_run", "pull_request_target"}


def load(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def workflow_files() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml"))


# ------------------------------------------------------------------------- rules

def unpinned_uses(text: str) -> list[str]:
    """`uses:` lines not pinned to a commit SHA with a `# vX.Y.Z` comment."""
    bad = []
    for number, line in enumerate(text.splitlines(), start=1):
        match = USES_LINE.match(line)
        if not match:
            continue
        target, comment = match.group(1).strip("'\""), match.group(2) or ""
        if not SHA_USES.match(target) or not VERSION_COMMENT.match(comment):
            bad.append(f"line {number}: {line.strip()}")
    return bad


def permission_problems(name: str, workflow: dict) -> list[str]:
    """Top level must be `{}` or read-only; every job declares least privilege."""
    problems = []
    top = workflow.get("permissions")
    if top is None:
        problems.append("no top-level permissions")
    elif top not in ({}, "read-all") and (
            not isinstance(top, dict) or set(top.values()) - {"read", "none"}):
        problems.append(f"top-level permissions not read-only: {top}")
    for job_id, job in workflow["jobs"].items():
        perms = job.get("permissions")
        if not isinstance(perms, dict):
            problems.append(f"job {job_id}: no explicit permissions mapping")
            continue
        writes = {scope for scope, level in perms.items() if level == "write"}
        allowed = ALLOWED_WRITES.get((name, job_id), set())
        if writes - allowed:
            problems.append(f"job {job_id}: unexpected write scopes {writes - allowed}")
    return problems


def checkout_problems(workflow: dict) -> list[str]:
    """Every actions/checkout must set persist-credentials: false."""
    return [f"job {job_id}: {step.get('name', step['uses'])}"
            for job_id, step in steps(workflow)
            if step.get("uses", "").startswith("actions/checkout@")
            and (step.get("with") or {}).get("persist-credentials") is not False]


def run_expression_problems(workflow: dict) -> list[str]:
    """No `${{ }}` in shell scripts (values must come in through `env:`)."""
    return [f"job {job_id}: {step.get('name', '?')}"
            for job_id, step in steps(workflow) if "${{" in step.get("run", "")]


def untrusted_expression_problems(text: str) -> list[str]:
    """Untrusted contexts may appear only as `env:`/`with:`/`if:`/`group:` values."""
    bad = []
    for number, line in enumerate(text.splitlines(), start=1):
        for expression in re.findall(r"\$\{\{(.*?)\}\}", line):
            key = re.match(r"^\s*(?:-\s+)?([A-Za-z_][A-Za-z0-9_-]*):\s", line)
            if UNTRUSTED.search(expression) and (key is None or key.group(1) == "run"):
                bad.append(f"line {number}: {line.strip()}")
    return bad


def privileged_problems(workflow: dict) -> list[str]:
    """A workflow_run / pull_request_target workflow never touches PR code."""
    if not PRIVILEGED_TRIGGERS & set(triggers(workflow)):
        return []
    problems = []
    for job_id, step in steps(workflow):
        uses, options = step.get("uses", ""), step.get("with") or {}
        if uses.startswith("actions/checkout@"):
            ref = str(options.get("ref", ""))
            if (ref != "${{ github.event.repository.default_branch }}"
                    or PR_HEAD_REF.search(ref) or "repository" in options
                    or options.get("allow-unsafe-pr-checkout")):
                problems.append(f"job {job_id}: checkout of {ref or 'the event ref'}")
        if uses.startswith(("actions/setup-python@", "quarto-dev/")):
            problems.append(f"job {job_id}: sets up a build toolchain ({uses})")
        script = step.get("run", "")
        for pattern in (r"\bmake\b", r"\bpip\b", r"\bquarto\b", r"\.venv", r"\bnpm\b",
                        r"\bbash\s+\S*pr-preview", r"\bsource\b"):
            if re.search(pattern, script):
                problems.append(f"job {job_id}: run script matches {pattern}")
        for program in re.findall(r"python3?\s+(\S+)", script):
            if not re.match(r"^(trusted/)?code/sitetools/[a-z_]+\.py$", program):
                problems.append(f"job {job_id}: runs {program}, not a trusted script")
    return problems


# -------------------------------------------------------------- rules, real files

def test_the_expected_workflows_exist():
    names = {path.name for path in workflow_files()}
    assert {"test.yml", "publish.yml", "preview-build.yml", "preview-deploy.yml",
            "preview-cleanup.yml"} <= names


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_follows_every_rule(path):
    text = path.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert unpinned_uses(text) == []
    assert permission_problems(path.name, workflow) == []
    assert checkout_problems(workflow) == []
    assert run_expression_problems(workflow) == []
    assert untrusted_expression_problems(text) == []
    assert privileged_problems(workflow) == []
    assert list(steps(workflow)), "a workflow without steps checks nothing"


def test_rules_catch_a_bad_workflow():
    text = """
on: pull_request_target
permissions: write-all
jobs:
  build:
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - uses: actions/setup-python@0123456789abcdef0123456789abcdef01234567
      - run: echo "${{ github.event.pull_request.title }}" && make test
      - run: python3 pr/evil.py
"""
    workflow = yaml.safe_load(text)
    assert len(unpinned_uses(text)) == 2  # a tag, and a SHA without version comment
    assert len(permission_problems("x.yml", workflow)) == 2
    assert len(checkout_problems(workflow)) == 1
    assert len(run_expression_problems(workflow)) == 1
    assert len(untrusted_expression_problems(text)) == 1
    found = "\n".join(privileged_problems(workflow))
    for needle in ("checkout of", "toolchain", r"\bmake\b", "pr/evil.py"):
        assert needle in found


def test_pull_request_build_is_unprivileged_and_secret_free():
    text = (WORKFLOWS / "preview-build.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert set(triggers(workflow)) == {"pull_request"}
    assert workflow["permissions"] == {"contents": "read"}
    for job in workflow["jobs"].values():
        assert job["permissions"] == {"contents": "read"}
    assert "secrets." not in text and "github.token" not in text
    uploads = [step for _, step in steps(workflow)
               if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [step["with"]["name"] for step in uploads] == ["pr-preview"]
    write = next(step for _, step in steps(workflow) if "preview.py write" in step.get("run", ""))
    assert set(write["env"]) == {"PR_NUMBER", "HEAD_SHA"}


def test_preview_deploy_validates_before_use_and_deploys_only_same_repo():
    workflow = load("preview-deploy.yml")
    assert triggers(workflow)["workflow_run"] == {
        "workflows": ["Preview build"], "types": ["completed"]}
    job = workflow["jobs"]["deploy"]
    assert "conclusion == 'success'" in job["if"]
    names = [step.get("run", step.get("uses", "")) for step in job["steps"]]
    validate = next(i for i, s in enumerate(names) if "preview.py validate" in s)
    deploy = next(i for i, s in enumerate(names) if "gh_pages.py deploy-preview" in s)
    comment = next(i for i, s in enumerate(names) if "preview.py comment" in s)
    download = next(i for i, s in enumerate(names) if "download-artifact" in s)
    assert download < validate < deploy < comment
    same_repo = ("github.event.workflow_run.head_repository.full_name == "
                 "github.repository")
    assert same_repo in job["steps"][deploy]["if"]
    # Every use of artifact data goes through the validated step output.
    for step in job["steps"][validate + 1:]:
        for value in (step.get("env") or {}).values():
            assert "pr_number" not in str(value) or "steps.meta.outputs" in str(value)
    assert "<!-- mlwiki-pr-preview -->" in job["steps"][comment]["run"]


def test_cleanup_runs_on_closed_pull_requests_only():
    workflow = load("preview-cleanup.yml")
    assert triggers(workflow) == {"pull_request_target": {"types": ["closed"]}}
    runs = [step.get("run", "") for _, step in steps(workflow)]
    assert any("gh_pages.py remove-preview" in run for run in runs)


def test_every_render_logs_json_and_is_checked():
    for path in workflow_files():
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        runs = [step.get("run", "") for _, step in steps(workflow)]
        renders = [i for i, run in enumerate(runs) if "quarto render" in run]
        for index in renders:
            assert "--log-format json-stream" in runs[index], path.name
            assert any("render_log.py" in run for run in runs[index + 1:]), path.name
        setups = [step for _, step in steps(workflow)
                  if step.get("uses", "").startswith("quarto-dev/quarto-actions/setup@")]
        assert all(step["with"]["version"] == "1.10.18" for step in setups), path.name


def test_test_workflow_runs_actionlint_and_the_suite():
    workflow = load("test.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    runs = "\n".join(step.get("run", "") for _, step in steps(workflow))
    assert "actionlint" in runs and "make test" in runs
    env = next(step["env"] for _, step in steps(workflow) if "actionlint" in step.get("run", ""))
    assert re.fullmatch(r"v\d+\.\d+\.\d+", env["ACTIONLINT_VERSION"])


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is a test dependency (requirements.lock) but is not "
                    f"installed next to {sys.executable}")
    return str(path)


def test_zizmor_offline_reports_no_findings():
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", str(WORKFLOWS)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_match_the_github_workflow_schema():
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
         *map(str, workflow_files())], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------------- scripts

def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"_script_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


check_render_log = _script("render_log")
gh_pages = _script("gh_pages")
preview = _script("preview")


def _record(level_name: str, msg: str) -> str:
    levels = {"DEBUG": 10, "INFO": 20, "WARN": 30, "ERROR": 40, "CRITICAL": 50}
    return json.dumps({"msg": msg, "level": levels[level_name], "levelName": level_name,
                       "loggerName": "default"})


@pytest.mark.parametrize("records, expected", [
    ([("INFO", "Rendering chapters/a.qmd"), ("INFO", "Output created: _site/index.html")], 0),
    ([("INFO", "ok"), ("WARN", "Unable to resolve crossref @fig-x")], 1),
    ([("ERROR", "Pandoc failed\n::error::injected")], 1),
    ([("INFO", "ok"), ("WARN", "   ")], 0),  # blank records carry no message
])
def test_check_render_log_fails_on_warnings_and_errors(tmp_path, capsys, records, expected):
    log = tmp_path / "render-log.jsonl"
    log.write_text("\n".join(_record(*r) for r in records) + "\n", encoding="utf-8")
    assert check_render_log.main([str(log)]) == expected
    out = capsys.readouterr().out
    for level, message in records:
        if level != "INFO" and message.strip():
            assert f"{level}: {message.splitlines()[0]}" in out
    # No logged line may start a workflow command.
    assert not any(line.startswith("::") for line in out.splitlines())


@pytest.mark.parametrize("content", [None, "", "Rendering page 1\n", "[1, 2]\n"])
def test_check_render_log_rejects_missing_empty_or_plain_logs(tmp_path, content):
    log = tmp_path / "render-log.jsonl"
    if content is not None:
        log.write_text(content, encoding="utf-8")
    assert check_render_log.main([str(log)]) == 2


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


def test_comment_site_url_comes_from_trusted_config(tmp_path):
    config = tmp_path / "_quarto.yml"
    config.write_text("website:\n  site-url: https://mlwiki.github.io/mlwiki/\n")
    assert preview.site_url_from_config(config, "x/y") == "https://mlwiki.github.io/mlwiki/"
    assert preview.site_url_from_config(None, "Org/Repo") == "https://org.github.io/Repo/"
