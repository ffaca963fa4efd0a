"""Offline security and behaviour checks of the GitHub Actions workflows and their scripts.

The workflows cannot run here, so their rules are checked by parsing the YAML:
pinned actions, least privilege, no credential persistence, no expressions in shell
scripts, and the preview split (an unprivileged ``pull_request`` build; a privileged
``workflow_run`` deploy and a ``pull_request_target`` cleanup that never touch PR
code).  Each rule is a function returning its violations, tested on the real files
(no violation) and on a crafted bad workflow (the violation is found), so a rule
that stopped working would fail.  ``zizmor --offline`` and ``check-jsonschema``
run on the real files.  The modules the workflows call are tested beside their code:
test_render_log.py, test_gh_pages.py, test_preview.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
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
