"""Executing pages the way Quarto's Jupyter engine does, on scratch projects."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from sitetools.execute import PageExecutionError, execute_page, main


def _project(tmp_path: Path, page: str, config: str = "project:\n  type: website\n") -> Path:
    (tmp_path / "_quarto.yml").write_text(config)
    (tmp_path / "chapters").mkdir()
    path = tmp_path / "chapters" / "page.qmd"
    path.write_text("---\ntitle: T\njupyter: python3\n---\n\n" + page)
    return path


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_setup_working_directory_inline_and_eval_rules(tmp_path):
    page = _project(
        tmp_path,
        "```{python}\n#| label: fig-line\nimport os, matplotlib.pyplot as plt\n"
        "print(os.getcwd())\nprint(tuple(plt.rcParams['figure.figsize']), plt.rcParams['figure.dpi'])\n"
        "plt.plot([0, 1])\nvalue = 6 * 7\n```\n\n"
        "The answer is `{python} value`.\n\n"
        "```{python}\n#| eval: false\nraise RuntimeError('never runs')\n```\n",
    )
    run = execute_page(page, probe="{'value': value}")
    text = run.cell("fig-line").text.splitlines()
    assert text[0] == str(page.parent)  # the page's folder, as Quarto does
    assert text[1] == "(7.0, 5.0) 96.0"  # Quarto's HTML figure defaults
    width, height = _png_size(run.cell("fig-line").figures[0])
    assert width > 672 and height > 400  # retina: twice the 96-dpi pixels, cropped tight
    assert run.inline == [("value", "42")]
    assert run.cells[1].evaluated is False
    assert run.probe == {"value": 42}


def test_setup_resets_state_before_the_first_cell(tmp_path):
    page = _project(tmp_path, "```{python}\nprint(sorted(k for k in dir() if not k.startswith('_')))\n```\n")
    names = json.loads(execute_page(page).cells[0].text.replace("'", '"'))
    assert "fig_width" not in names and "plt" not in names and "os" not in names


def test_execute_dir_project_runs_from_the_project_root(tmp_path):
    page = _project(
        tmp_path,
        "```{python}\nimport os\nprint(os.getcwd())\n```\n",
        config="project:\n  type: website\n  execute-dir: project\n",
    )
    assert execute_page(page).cells[0].text.strip() == str(tmp_path)


def test_failing_cell_names_page_label_and_line(tmp_path):
    page = _project(tmp_path, "Text.\n\n```{python}\n#| label: fig-broken\nx = 1\nundefined_name + x\n```\n")
    with pytest.raises(PageExecutionError) as info:
        execute_page(page, project_root=tmp_path)
    message = str(info.value)
    assert message.startswith("chapters/page.qmd:8: cell 'fig-broken' raised NameError")
    assert "failing line: chapters/page.qmd:11" in message  # the failing code line itself


def test_error_true_lets_a_cell_fail_and_keeps_its_error(tmp_path):
    page = _project(tmp_path, "```{python}\n#| error: true\n1 / 0\n```\n\n```{python}\nprint('after')\n```\n")
    run = execute_page(page)
    assert "ZeroDivisionError" in run.cells[0].text and run.cells[1].text == "after\n"


def test_page_level_execute_options_apply(tmp_path):
    page = _project(tmp_path, "```{python}\nraise SystemExit\n```\n")
    page.write_text("---\ntitle: T\njupyter: python3\nexecute:\n  eval: false\n---\n\n```{python}\n1/0\n```\n")
    assert execute_page(page).cells[0].evaluated is False
    page.write_text("---\ntitle: T\njupyter: python3\nexecute: false\n---\n\n```{python}\n1/0\n```\n\n`{python} 1/0`\n")
    run = execute_page(page)  # no kernel at all: nothing runs, not even inline expressions
    assert run.cells[0].evaluated is False and run.inline == []


def test_failing_inline_expression_names_its_line(tmp_path):
    page = _project(tmp_path, "```{python}\nx = 1\n```\n\nValue: `{python} y`.\n")
    with pytest.raises(PageExecutionError, match=r"chapters/page.qmd:10: inline expression `\{python\} y` raised NameError"):
        execute_page(page, project_root=tmp_path)


def test_page_without_kernel_declaration_is_refused(tmp_path):
    page = _project(tmp_path, "")
    page.write_text("---\ntitle: T\n---\n\n```{python}\nx = 1\n```\n")
    with pytest.raises(PageExecutionError, match="jupyter: python3"):
        execute_page(page)


def test_command_line_saves_both_renderings_named_by_figure(tmp_path, capsys):
    page = _project(
        tmp_path,
        "::: {#fig-a}\n\n```{python}\n#| label: a-plot\n#| renderings: [light, dark]\n"
        "from mlwiki.themes import both_themes\nfrom mlwiki.plots import plot_curves\n"
        "both_themes(plot_curves, {'x': [1.0, 2.0]})\n```\n\nCaption.\n\n:::\n\n"
        "```{python}\n#| label: plain\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\n```\n",
    )
    assert main([str(page), "--figures", str(tmp_path / "figs")]) == 0
    saved = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert saved == ["fig-a-dark.png", "fig-a-light.png", "plain.png"]
    assert all((tmp_path / "figs" / name).read_bytes().startswith(b"\x89PNG") for name in saved)
    assert "'a-plot'" in capsys.readouterr().out


def test_renderings_must_match_the_images_a_cell_displays(tmp_path):
    page = _project(
        tmp_path,
        "```{python}\n#| label: one-image\n#| renderings: [light, dark]\nimport matplotlib.pyplot as plt\n"
        "plt.plot([1, 2])\n```\n",
    )
    with pytest.raises(PageExecutionError, match=r"chapters/page.qmd:6: cell 'one-image' has renderings "
                                                 r"\['light', 'dark'\] but displayed 1 image"):
        execute_page(page, project_root=tmp_path)


def test_what_quarto_does_that_a_plain_notebook_run_would_not(tmp_path, monkeypatch):
    # Each line of this page differs from a naive execution; Quarto 1.10.18 behaves as asserted.
    monkeypatch.setenv("MPLBACKEND", "Agg")  # a shell setting Quarto overrides
    page = _project(
        tmp_path,
        "{{< include _part.qmd >}}\n\n"
        "```{python}\n\n#| eval: false\nraise RuntimeError('options after a blank line still count')\n```\n\n"
        "```{python}\n#| eval: 1\nimport os, matplotlib\n"
        "print(matplotlib.get_backend(), os.environ['QUARTO_FIG_WIDTH'], os.environ['QUARTO_FIG_DPI'])\n"
        "print(tuple(matplotlib.rcParams['figure.figsize']), matplotlib.rcParams['figure.dpi'])\n"
        "print(callable(ojs_define), __spec__)\n```\n",
        config="project:\n  type: website\nfig-height: 3\n",
    )
    (page.parent / "_part.qmd").write_text("```{python}\nincluded = 42\n```\n")
    (page.parent / "_metadata.yml").write_text("format:\n  html:\n    fig-width: 4\n")
    page.write_text(page.read_text().replace("jupyter: python3\n", "jupyter: python3\nformat:\n  html:\n    fig-dpi: 50\n"))
    run = execute_page(page, probe="included")
    assert run.probe == 42  # the included file's cell ran
    assert [c.evaluated for c in run.cells] == [True, False, True]
    assert run.cells[2].text.splitlines() == [
        "module://matplotlib_inline.backend_inline 4 100",  # retina doubles the dpi
        "(4.0, 3.0) 50.0",
        "True None",
    ]


def test_a_failure_in_an_included_file_names_that_file(tmp_path):
    page = _project(tmp_path, "Intro.\n\n{{< include _part.qmd >}}\n")
    (page.parent / "_part.qmd").write_text("Some text.\n\n```{python}\n#| label: inner\n1 / 0\n```\n")
    with pytest.raises(PageExecutionError, match=r"^chapters/_part.qmd:3: cell 'inner' raised ZeroDivisionError"):
        execute_page(page, project_root=tmp_path)


def test_command_line_reports_a_failure_and_exits_non_zero(tmp_path, capsys):
    page = _project(tmp_path, "```{python}\n#| label: bad\nraise ValueError('boom')\n```\n")
    assert main([str(page)]) == 1
    assert "FAILED chapters/page.qmd:6: cell 'bad' raised ValueError: boom" in capsys.readouterr().err


def test_inline_values_are_the_markdown_quarto_inserts(tmp_path):
    page = _project(
        tmp_path,
        "```{python}\nfrom IPython.display import Markdown\nx = 1.5\n```\n\n"
        "A `{python} f'{x:.2f}'`, b `{python} x`, c `{python} Markdown('**bold**')`, d `{python} 'a_b'`.\n",
    )
    assert [value for _, value in execute_page(page).inline] == ["1\\.50", "1.5", "**bold**", "a\\_b"]
