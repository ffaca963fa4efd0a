"""Freshness of frozen outputs, on scratch projects that mimic the wiki's layout.

Each test builds, in ``tmp_path``, a tiny Quarto-like project: a package
``code/mlwiki`` (``a`` imports ``b``; ``c`` imports the subpackage ``sub`` whose
``__init__`` imports ``sub.d``), pages that import different parts of it, a lock
file, a data file under ``assets/`` and a fake ``_freeze`` written the way Quarto
lays it out.  Editing one file must make exactly the dependent pages stale.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sitetools import freshness
from sitetools.freshness import FreshnessError, Project

ROOT = Path(__file__).resolve().parents[2]

MODULES = {
    "__init__.py": '"""Scratch package."""\n',
    "a.py": "from . import b\n\nVALUE = b.X + 1\n",
    "b.py": "X = 1\n",
    "c.py": "from mlwiki import sub\n",
    "sub/__init__.py": "from .d import f\n",
    "sub/d.py": "def f():\n    return 2\n",
}
PAGES = {
    # one -> a -> b
    "chapters/one.qmd": "---\ntitle: One\njupyter: python3\n---\n\n```{python}\n"
                        "#| label: setup\n%matplotlib inline\nimport mlwiki.a\n```\n",
    # two -> c -> sub -> sub.d
    "chapters/two.qmd": "---\ntitle: Two\njupyter: python3\n---\n\n```{python}\n"
                        "from mlwiki import c\nprint(c)\n```\n",
    # three reads a data file and imports nothing of the package
    "chapters/three.qmd": "---\ntitle: Three\njupyter: python3\n---\n\n```{python}\n"
                          "import json\ntext = open('../assets/data.csv').read()\n```\n",
    # no code cells: never executed, so never stale
    "chapters/prose.qmd": "---\ntitle: Prose\n---\n\nJust text.\n",
}
ALL = ["chapters/one.qmd", "chapters/three.qmd", "chapters/two.qmd"]


@pytest.fixture
def project(tmp_path) -> Project:
    for name, text in MODULES.items():
        path = tmp_path / "code" / "mlwiki" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, text in PAGES.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "_quarto.yml").write_text("project:\n  type: website\n  output-dir: _site\n")
    (tmp_path / "requirements.lock").write_text("numpy==2.4.0\n")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "data.csv").write_text("x,y\n1,2\n")
    return Project(tmp_path)


_RUNS = {"n": 0}


def execute(project: Project, *pages: str) -> None:
    """Do what Quarto does when it executes a page: write its frozen results."""
    for page in pages:
        _RUNS["n"] += 1
        results = project.freeze_entry(page) / "execute-results" / "html.json"
        results.parent.mkdir(parents=True, exist_ok=True)
        results.write_text(json.dumps({"hash": "x", "result": {"run": _RUNS["n"]}}))
        figure = project.freeze_entry(page) / "figure-html" / "fig-x-output-1.png"
        figure.parent.mkdir(parents=True, exist_ok=True)
        figure.write_bytes(b"png")


def render(project: Project, pages=None) -> list[str]:
    """pre-render refresh, Quarto executing what has no frozen results, post-render record."""
    freshness.refresh(project, pages)
    for page in pages or project.pages():
        if not (project.freeze_entry(page) / "execute-results" / "html.json").exists():
            execute(project, page)
    return freshness.record(project, pages)


def stale(project: Project) -> dict[str, tuple]:
    return {s.page: s.reasons for s in freshness.project_status(project) if s.stale}


def edit(project: Project, name: str, extra: str = "# edited\n") -> None:
    path = project.root / name
    path.write_text(path.read_text() + extra)


NOT_FILES = ["(Python version)", "(Quarto version)", "(execute options)"]


@pytest.fixture(autouse=True)
def quarto_1_10_18(tmp_path_factory, monkeypatch):
    share = tmp_path_factory.mktemp("quarto-share")
    (share / "version").write_text("1.10.18\n")
    monkeypatch.setenv("QUARTO_SHARE_PATH", str(share))
    return share


def test_pages_and_their_transitive_dependencies(project):
    assert project.pages() == ALL
    deps = {page: sorted(freshness.page_dependencies(project, page)) for page in ALL}
    assert deps["chapters/one.qmd"] == NOT_FILES + [
        "chapters/one.qmd", "code/mlwiki/__init__.py", "code/mlwiki/a.py",
        "code/mlwiki/b.py", "requirements.lock"]
    assert deps["chapters/two.qmd"] == NOT_FILES + [
        "chapters/two.qmd", "code/mlwiki/__init__.py", "code/mlwiki/c.py",
        "code/mlwiki/sub/__init__.py", "code/mlwiki/sub/d.py", "requirements.lock"]
    assert deps["chapters/three.qmd"] == NOT_FILES + [
        "assets/data.csv", "chapters/three.qmd", "requirements.lock"]
    assert freshness.page_dependencies(project, "chapters/one.qmd")["(Quarto version)"] == "1.10.18"


def test_execute_options_included_files_and_versions_are_inputs(project, quarto_1_10_18, monkeypatch):
    render(project)
    config = project.root / "_quarto.yml"
    config.write_text(config.read_text() + "website:\n  title: Renamed\n")
    assert stale(project) == {}  # a change that does not reach execution re-executes nothing
    config.write_text(config.read_text() + "format:\n  html:\n    fig-width: 9\n")
    assert stale(project) == {page: ("changed: (execute options)",) for page in ALL}
    render(project)
    (project.root / "chapters" / "_metadata.yml").write_text("execute:\n  error: true\n")
    assert set(stale(project)) == set(ALL)
    render(project)
    (project.root / "chapters" / "_part.qmd").write_text("```{python}\nx = 1\n```\n")
    edit(project, "chapters/two.qmd", "\n{{< include _part.qmd >}}\n")
    render(project)
    edit(project, "chapters/_part.qmd")
    assert stale(project) == {"chapters/two.qmd": ("changed: chapters/_part.qmd",)}
    render(project)
    (quarto_1_10_18 / "version").write_text("1.11.0\n")
    assert stale(project) == {page: ("changed: (Quarto version)",) for page in ALL}


def test_a_page_with_only_inline_expressions_is_executed_and_kept_fresh(project):
    (project.root / "chapters" / "inline.qmd").write_text("---\ntitle: I\njupyter: python3\n---\n\n"
                                                          "Two is `{python} 1 + 1`.\n")
    assert "chapters/inline.qmd" in project.pages()
    assert stale(project)["chapters/inline.qmd"] == ("never executed (no frozen results)",)


def test_never_executed_pages_are_stale_until_rendered(project):
    assert stale(project) == {page: ("never executed (no frozen results)",) for page in ALL}
    assert render(project) == ALL
    assert stale(project) == {}
    assert freshness.main(["--check", "--project", str(project.root)]) == 0
    # The key sits beside Quarto's results and lists every dependency's hash.
    key = json.loads((project.freeze_entry("chapters/one.qmd") / "execute-results"
                      / freshness.KEY_FILE).read_text())
    assert set(key["dependencies"]) == set(freshness.page_dependencies(project, "chapters/one.qmd"))


def test_nothing_edited_nothing_stale_nothing_invalidated(project):
    render(project)
    assert freshness.refresh(project) == []
    assert all((project.freeze_entry(p) / "figure-html").is_dir() for p in ALL)
    assert freshness.record(project) == []


@pytest.mark.parametrize("edited, expected", [
    ("code/mlwiki/b.py", ["chapters/one.qmd"]),            # transitive: one -> a -> b
    ("code/mlwiki/a.py", ["chapters/one.qmd"]),
    ("code/mlwiki/sub/d.py", ["chapters/two.qmd"]),        # via sub/__init__
    ("code/mlwiki/__init__.py", ["chapters/one.qmd", "chapters/two.qmd"]),
    ("chapters/two.qmd", ["chapters/two.qmd"]),
    ("assets/data.csv", ["chapters/three.qmd"]),
    ("requirements.lock", ALL),
])
def test_an_edit_makes_exactly_the_dependent_pages_stale(project, edited, expected):
    render(project)
    edit(project, edited)
    reasons = stale(project)
    assert sorted(reasons) == expected
    assert all(reason == (f"changed: {edited}",) for reason in reasons.values())
    before = {p: (project.freeze_entry(p) / "execute-results" / "html.json").read_text()
              for p in ALL}
    invalidated = [s.page for s in freshness.refresh(project)]
    assert invalidated == expected
    for page in ALL:
        # exactly the stale pages lose their frozen results (figures too)
        assert project.freeze_entry(page).exists() == (page not in expected)
    assert render(project) == expected
    assert stale(project) == {}
    for page in set(ALL) - set(expected):  # fresh pages were not re-executed
        assert (project.freeze_entry(page) / "execute-results" / "html.json").read_text() \
            == before[page]


def test_check_fails_and_report_says_why(project, capsys):
    render(project)
    edit(project, "code/mlwiki/b.py")
    assert freshness.main(["--check", "--project", str(project.root)]) == 1
    out = capsys.readouterr().out
    assert "stale chapters/one.qmd: changed: code/mlwiki/b.py" in out
    assert "1 of 3 executed pages stale" in out
    assert freshness.main(["--project", str(project.root)]) == 0  # report only


def test_new_import_and_declared_data_file_are_dependencies(project):
    render(project)
    (project.root / "assets" / "extra.npz").write_bytes(b"data")
    page = project.root / "chapters" / "one.qmd"
    page.write_text(page.read_text()
                    .replace("jupyter: python3", "jupyter: python3\ndata-files: [assets/extra.npz]")
                    .replace("import mlwiki.a", "import mlwiki.a\nfrom mlwiki.sub import d"))
    reasons = stale(project)["chapters/one.qmd"]
    assert "changed: chapters/one.qmd" in reasons
    for new in ("assets/extra.npz", "code/mlwiki/sub/__init__.py", "code/mlwiki/sub/d.py"):
        assert f"new dependency: {new}" in reasons
    render(project)
    edit(project, "assets/extra.npz", "more")
    assert sorted(stale(project)) == ["chapters/one.qmd"]


def test_results_rewritten_outside_a_recorded_render_are_stale(project):
    render(project)
    execute(project, "chapters/two.qmd")  # e.g. quarto render without the hooks
    assert stale(project) == {
        "chapters/two.qmd": ("frozen results changed after they were recorded",)}
    assert freshness.record(project) == ["chapters/two.qmd"]


def test_partial_render_hooks_touch_only_the_rendered_page(project, monkeypatch, capsys):
    render(project)
    edit(project, "code/mlwiki/b.py")
    edit(project, "code/mlwiki/sub/d.py")
    root = str(project.root)
    monkeypatch.chdir(project.root)
    monkeypatch.delenv("QUARTO_PROJECT_RENDER_ALL", raising=False)
    monkeypatch.setenv("QUARTO_PROJECT_INPUT_FILES", "chapters/one.qmd")
    assert freshness.main(["--refresh", "--project", root]) == 0
    assert "re-executing chapters/one.qmd: changed: code/mlwiki/b.py" in capsys.readouterr().out
    assert not project.freeze_entry("chapters/one.qmd").exists()
    assert project.freeze_entry("chapters/two.qmd").exists()  # stale, but not being rendered
    execute(project, "chapters/one.qmd")
    monkeypatch.setenv("QUARTO_PROJECT_OUTPUT_FILES", "_site/chapters/one.html")
    assert freshness.main(["--record", "--project", root]) == 0
    assert capsys.readouterr().out == "freshness: recorded chapters/one.qmd\n"
    assert sorted(stale(project)) == ["chapters/two.qmd"]


def test_full_render_hooks_and_file_lists(project, monkeypatch, tmp_path):
    render(project)
    edit(project, "requirements.lock")
    listing = tmp_path / "inputs.txt"
    listing.write_text("chapters/two.qmd\nchapters/prose.qmd\n")
    monkeypatch.setenv("QUARTO_USE_FILE_FOR_PROJECT_INPUT_FILES", str(listing))
    assert freshness.main(["--refresh", "--project", str(project.root)]) == 0
    assert [p for p in ALL if not project.freeze_entry(p).exists()] == ["chapters/two.qmd"]
    monkeypatch.setenv("QUARTO_PROJECT_RENDER_ALL", "1")  # a full render wins over lists
    assert freshness.main(["--refresh", "--project", str(project.root)]) == 0
    assert not any(project.freeze_entry(p).exists() for p in ALL)


def test_quarto_project_script_wrapper_runs_the_hook(project, quarto_1_10_18):
    # Quarto runs `code/sitetools/hooks.py pre-render` with QUARTO_PYTHON from the project root.
    render(project)
    edit(project, "code/mlwiki/a.py")
    result = subprocess.run(
        [sys.executable, str(ROOT / "code" / "sitetools" / "hooks.py"), "pre-render"],
        cwd=project.root, capture_output=True, text=True, check=False,
        env={"QUARTO_PROJECT_RENDER_ALL": "1", "PATH": "", "QUARTO_SHARE_PATH": str(quarto_1_10_18)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("reference: ")  # the API reference is written first
    assert lines[1] == "freshness: re-executing chapters/one.qmd: changed: code/mlwiki/a.py"
    assert not project.freeze_entry("chapters/one.qmd").exists()


@pytest.mark.parametrize("page_text, message", [
    ("```{python}\nx = 1\n\nimport mlwiki.nope\n```\n", r"chapters/bad\.qmd:4: imports mlwiki\.nope"),
    ("```{python}\nfrom mlwiki.sub import d\nfrom mlwiki.gone import f\n```\n",
     r"chapters/bad\.qmd:3: imports mlwiki\.gone"),
    ("text\n\n```{python}\nx = (\n```\n", r"chapters/bad\.qmd:4: cell #1 .* not valid Python"),
    ("```{python}\nx = 1\n", r"cannot read page chapters/bad\.qmd: .*:1: the ```\{python\} cell"),
])
def test_unreadable_pages_and_missing_modules_name_page_and_line(project, page_text, message,
                                                                capsys):
    (project.root / "chapters" / "bad.qmd").write_text(page_text)
    with pytest.raises(FreshnessError, match=message):
        freshness.project_status(project)
    assert freshness.main(["--project", str(project.root)]) == 2
    assert "chapters/bad.qmd" in capsys.readouterr().err


def test_module_importing_a_missing_module_is_named(project):
    (project.root / "code" / "mlwiki" / "b.py").write_text("X = 1\nfrom .missing import y\n")
    with pytest.raises(FreshnessError, match=r"code/mlwiki/b\.py:2: imports mlwiki\.missing"):
        freshness.module_graph(project)


def test_affected_pages_for_a_change_list(project):
    root = project.root
    assert freshness.affected_pages(root, ["code/mlwiki/b.py"]) == ["chapters/one.qmd"]
    assert freshness.affected_pages(root, ["README.md"]) == []
    assert freshness.affected_pages(root, ["requirements.lock"]) == ALL


def test_package_root_and_name_are_configurable(tmp_path):
    (tmp_path / "src" / "wiki").mkdir(parents=True)
    (tmp_path / "src" / "wiki" / "__init__.py").write_text("from .core import run\n")
    (tmp_path / "src" / "wiki" / "core.py").write_text("def run():\n    return 1\n")
    (tmp_path / "page.qmd").write_text("```{python}\nimport wiki\nimport mlwiki.a\n```\n")
    project = Project(tmp_path, package_root=tmp_path / "src", package="wiki",
                      lock_file=tmp_path / "deps.txt")
    # mlwiki is not this project's package, so its import is not followed
    deps = freshness.page_dependencies(project, "page.qmd")
    assert {k: v for k, v in deps.items() if not k.startswith("(")} == {
        "deps.txt": "absent", "page.qmd": freshness._sha256(tmp_path / "page.qmd"),
        "src/wiki/__init__.py": freshness._sha256(tmp_path / "src/wiki/__init__.py"),
        "src/wiki/core.py": freshness._sha256(tmp_path / "src/wiki/core.py")}
    assert freshness.main(["--project", str(tmp_path), "--package-root", str(tmp_path / "src"),
                           "--package", "wiki"]) == 0


def test_bad_project_arguments(tmp_path):
    with pytest.raises(ValueError, match="root must be an existing directory"):
        Project(tmp_path / "missing")
    with pytest.raises(ValueError, match="package must be a Python identifier"):
        Project(tmp_path, package="ml-wiki")


def test_quarto_runs_the_hooks_around_every_render():
    import yaml

    project = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))["project"]
    assert project["pre-render"] == "code/sitetools/hooks.py pre-render"
    assert project["post-render"] == "code/sitetools/hooks.py post-render"
    assert (ROOT / "code" / "sitetools" / "hooks.py").is_file()


def _committed_freeze_files() -> list[str]:
    result = subprocess.run(["git", "-C", str(ROOT), "ls-files", "--", "_freeze"],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:  # not a git checkout: judge by what is on disk
        return [str(p) for p in (ROOT / "_freeze").rglob("*")] if (ROOT / "_freeze").is_dir() else []
    return result.stdout.split()


def test_the_repository_committed_outputs_are_fresh(capsys):
    if not _committed_freeze_files():
        local = " (a local, uncommitted _freeze/ exists)" if (ROOT / "_freeze").is_dir() else ""
        pytest.skip("no _freeze/ is committed to the repository: Quarto has not rendered "
                    f"and committed executed outputs, so none can be stale{local}")
    status = freshness.main(["--check", "--project", str(ROOT)])
    assert status == 0, capsys.readouterr().out


def test_the_preview_watcher_resaves_pages_whose_code_changed(project):
    import os

    from sitetools.watch import Watcher

    watcher = Watcher(project.root)
    assert watcher.poll() == ([], [])
    page = project.root / "chapters" / "two.qmd"
    before_text, before_time = page.read_bytes(), page.stat().st_mtime_ns
    module = project.root / "code" / "mlwiki" / "sub" / "d.py"
    module.write_text(module.read_text() + "# edited\n")
    os.utime(module, ns=(before_time + 10**9, before_time + 10**9))  # a clearly later save
    changed, pages = watcher.poll()
    assert changed == ["code/mlwiki/sub/d.py"] and pages == ["chapters/two.qmd"]
    assert page.read_bytes() == before_text and page.stat().st_mtime_ns != before_time
    assert watcher.poll() == ([], [])  # its own saves are not reported again
