"""Execute a ``.qmd`` page in a Jupyter kernel exactly as Quarto's Jupyter engine does.

What Quarto 1.10 does (``src/resources/jupyter/notebook.py`` and ``lang/python/setup.py``), and
what :func:`execute_page` therefore does:

1. Read the page with its ``{{< include >}}`` files expanded (:mod:`sitetools.qmd`) and resolve
   its options through ``_quarto.yml``, ``_metadata.yml`` and its front matter, top-level and
   ``format: html:`` (:mod:`sitetools.metadata`).
2. Start a fresh kernel named by the page's ``jupyter:`` front matter (``python3``) with the
   page's folder as working directory and Quarto's environment, and run Quarto's setup cell
   (:mod:`sitetools.kernel_setup`): figure size, dpi and format, ``%reset``, ``ojs_define``.
3. Walk the page's cells in order.  A Python cell runs with its ``#|`` lines stripped unless its
   ``eval`` (or the page's/project's ``execute: eval``) is false.  An error fails the page unless
   the cell (or ``execute: error``) says ``error: true``.  A Markdown chunk has its inline
   `` `{python} expr` `` expressions evaluated as ``user_expressions`` at that point in the flow.

A failure raises :class:`PageExecutionError` naming the page, the cell label and its ``.qmd`` line
(or the included file's).  Run ``python -m sitetools.execute PAGE.qmd --figures DIR`` to execute
a page by hand and save both renderings of every figure as ``<figure id>-light.png`` /
``-dark.png``.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import json
import re
import sys
import time
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from sitetools.kernel_setup import kernel_environment, setup_source
from sitetools.metadata import page_options
from sitetools.qmd import Cell, MarkdownChunk, Page, PageFormatError, read_page
from sitetools.runs import CellRun, PageExecutionError, PageRun

__all__ = ["PageExecutionError", "PageRun", "CellRun", "execute_page", "page_notebook", "project_root_of", "main"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def project_root_of(path) -> Path:
    """The nearest folder at or above ``path`` holding ``_quarto.yml``, or the page's own folder."""
    path = Path(path).resolve()
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "_quarto.yml").is_file():
            return folder
    return path.parent


def _kernel_name(page: Page) -> str:
    jupyter = page.front_matter.get("jupyter")
    if isinstance(jupyter, str):
        return jupyter
    if isinstance(jupyter, dict):
        spec = jupyter.get("kernelspec") or {}
        if isinstance(spec, dict) and spec.get("name"):
            return str(spec["name"])
    raise PageExecutionError(
        f"{page.path}: front matter must name its kernel ('jupyter: python3'); Quarto ignores a "
        f"project-level kernel when it picks a page's engine"
    )


def _traceback_text(outputs) -> str:
    for out in outputs:
        if out.get("output_type") == "error":
            lines = [_ANSI.sub("", line) for line in out.get("traceback", [])]
            return "\n".join(lines[-12:])
    return ""


def execute_page(path, *, project_root=None, probe: str | None = None, timeout: int = 600,
                 workdir=None) -> PageRun:
    """Execute the page at ``path`` as ``quarto render`` would, and return its outputs.

    Parameters
    ----------
    path : str or Path
        The ``.qmd`` file.
    project_root : str or Path, optional
        Folder of ``_quarto.yml`` (found upwards from the page when omitted).
    probe : str, optional
        A Python expression evaluated in the page's kernel after its last cell; its value must be
        JSON-serialisable and is returned as ``PageRun.probe`` (tests use it to read page values).
    timeout : int
        Seconds allowed per cell.
    workdir : str or Path, optional
        Folder the kernel starts in instead of the page's own (Quarto's choice).  The tests run
        pages in an empty folder: a page's notebook must run anywhere, without the repository.

    Raises
    ------
    PageExecutionError
        When a cell or inline expression fails (naming page, cell label and ``.qmd`` line), or the
        page cannot be read.
    """
    started = time.perf_counter()
    path = Path(path).resolve()
    root = Path(project_root).resolve() if project_root else project_root_of(path)
    shown = _shown_path(path, root)
    try:
        page = read_page(path, project_root=root)
        options = page_options(root, path, page.front_matter)
        project_config = _project_config(root)
    except (PageFormatError, OSError, ValueError) as exc:
        raise PageExecutionError(str(exc).replace(str(root) + "/", "")) from None
    page = dataclasses.replace(page, path=Path(shown), origins=tuple(
        (_shown_path(Path(name).resolve(), root) if Path(name).is_absolute() else name, line)
        for name, line in page.origins))
    result = PageRun(page)
    if not page.cells and not page.inline and "jupyter" not in page.front_matter:
        # Quarto renders such a page with its markdown engine: no kernel at all.
        result.seconds = time.perf_counter() - started
        return result
    if options["enabled"] is False:
        # `execute: false` (or `enabled: false`): Quarto starts no kernel and runs nothing.
        result.cells = [CellRun(cell, [], evaluated=False) for cell in page.cells]
        result.seconds = time.perf_counter() - started
        return result
    execute_dir = (project_config.get("project") or {}).get("execute-dir", "file")
    run_path = str(root) if execute_dir == "project" else ""
    notebook = page_notebook(page)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(setup_source(options, run_path)))
    client = NotebookClient(
        notebook,
        kernel_name=_kernel_name(page),
        timeout=timeout,
        allow_errors=bool(options["error"]),
        resources={"metadata": {"path": str(Path(workdir) if workdir is not None else path.parent)}},
    )
    try:
        with client.setup_kernel(env=kernel_environment(options)):
            setup_cell = client.execute_cell(notebook.cells[0], 0, execution_count=0, store_history=False)
            if any(out.get("output_type") == "error" for out in setup_cell.outputs):
                raise PageExecutionError(f"{shown}: Quarto's setup cell failed:\n{_traceback_text(setup_cell.outputs)}")
            count = 1
            for index, block in enumerate(page.blocks, start=1):
                if isinstance(block, MarkdownChunk):
                    result.inline.extend(_evaluate_inline(client, block, page))
                    continue
                result.cells.append(_run_cell(client, notebook, index, count, block, options, page, timeout))
                count += 1
            if probe is not None:
                result.probe = _evaluate_probe(client, probe, shown)
    except DeadKernelError as exc:
        raise PageExecutionError(f"{shown}: the kernel died while executing the page: {exc}") from None
    result.seconds = time.perf_counter() - started
    return result


def page_notebook(page: Page) -> nbformat.NotebookNode:
    """The page as the notebook Quarto's engine executes: Markdown chunks and code cells in order.

    Code cells hold their code without the ``#|`` option lines (as executed).
    """
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": _kernel_name(page), "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_code_cell(block.source) if isinstance(block, Cell) else nbformat.v4.new_markdown_cell(block.text)
        for block in page.blocks
    ]
    return notebook


def _project_config(root: Path) -> dict:
    config_file = root / "_quarto.yml"
    if not config_file.is_file():
        return {}
    return yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}


def _shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _run_cell(client, notebook, index, count, cell: Cell, options, page: Page, timeout) -> CellRun:
    where = page.where(cell.line)
    evaluate = cell.options.get("eval", options["eval"])
    # notebook.py tests `eval == True`, so 1 and 1.0 run a cell too.
    if not evaluate == True:  # noqa: E712
        return CellRun(cell, [], evaluated=False)
    allow_error = cell.options.get("error")
    allow_error = bool(options["error"]) if allow_error is None else bool(allow_error)
    nb_cell = notebook.cells[index]
    if allow_error:
        nb_cell.metadata["tags"] = ["raises-exception"]
    started = time.perf_counter()
    try:
        client.execute_cell(nb_cell, index, execution_count=count, store_history=True)
    except CellTimeoutError:
        raise PageExecutionError(
            f"{where}: cell {cell.name} did not finish within {timeout} s"
        ) from None
    except CellExecutionError:
        pass  # reported below from the outputs, with the .qmd line
    errors = [out for out in nb_cell.outputs if out.get("output_type") == "error"]
    if errors and not allow_error:
        error = errors[0]
        raise PageExecutionError(
            f"{where}: cell {cell.name} raised {error['ename']}: {error['evalue']}\n"
            f"{_code_line_hint(cell, error, page)}{_traceback_text(nb_cell.outputs)}"
        )
    run = CellRun(cell, [dict(out) for out in nb_cell.outputs], evaluated=True,
                  seconds=time.perf_counter() - started)
    renderings = run.renderings
    if renderings is not None and len(run.figures) != len(renderings):
        # Quarto only logs "(W) need 2 cell-output-display for renderings light,dark; got 1"
        # and then shows every image at once; fail here instead.
        raise PageExecutionError(
            f"{where}: cell {cell.name} has renderings {renderings} but displayed "
            f"{len(run.figures)} image(s); draw it with mlwiki.themes.both_themes, which displays one per theme"
        )
    return run


def _code_line_hint(cell: Cell, error, page: Page) -> str:
    """Point at the failing .qmd line when the traceback names a line of the cell's own code."""
    text = "\n".join(_ANSI.sub("", line) for line in error.get("traceback", []))
    frames = re.findall(r"^Cell In\[\d+\], line (\d+)", text, re.MULTILINE)
    if not frames:
        return ""
    # The first frame is the cell itself; its line counts from the stripped code.
    return f"  failing line: {page.where(cell.code_line + int(frames[0]) - 1)}\n"


def _user_expression(client, expressions: dict) -> dict:
    # The same request Quarto's notebook.py sends for a Markdown cell's inline expressions.
    msg_id = client.kc.execute("", user_expressions=expressions)
    reply = client.wait_for_reply(msg_id)
    content = reply.get("content", {})
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
    return content.get("user_expressions", {})


def _evaluate_inline(client, chunk: MarkdownChunk, page: Page):
    if not chunk.inline:
        return []
    expressions = {str(i): e.expression for i, e in enumerate(chunk.inline)}
    results = _user_expression(client, expressions)
    values = []
    for i, inline in enumerate(chunk.inline):
        result = results.get(str(i), {})
        if result.get("status") != "ok":
            raise PageExecutionError(
                f"{page.where(inline.line)}: inline expression `{{python}} {inline.expression}` raised "
                f"{result.get('ename')}: {result.get('evalue')}"
            )
        values.append((inline.expression, _inline_markdown(result.get("data", {}))))
    return values


def _inline_markdown(data: dict) -> str:
    """The Markdown Quarto puts in place of an inline expression (``jupyter-inline.ts``)."""
    if "text/markdown" in data:
        return str(data["text/markdown"])
    if "text/html" in data:
        return f"`{data['text/html']}`{{=html}}"
    text = str(data.get("text/plain", ""))
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        # A string's repr: Quarto drops the quotes and escapes Markdown's special characters.
        text = text[1:-1].replace("\\", "\\\\")
        text = re.sub(r"([\\`*_{}\[\]()>#+-.!])", r"\\\1", text)  # "+-." is a range, as in JS
    return text


def _evaluate_probe(client, probe: str, shown):
    results = _user_expression(client, {"probe": f"__import__('json').dumps({probe})"})
    result = results.get("probe", {})
    if result.get("status") != "ok":
        raise PageExecutionError(f"{shown}: probe `{probe}` raised {result.get('ename')}: {result.get('evalue')}")
    return json.loads(ast.literal_eval(result["data"]["text/plain"]))


def _figure_files(run: PageRun, cell_run: CellRun) -> dict[str, bytes]:
    """File names for a cell's images: ``<figure id or label>[-<rendering> | -<n>].png``."""
    figure_ids = [run.page.divs[i].id for i in cell_run.cell.divs if (run.page.divs[i].id or "").startswith("fig-")]
    stem = figure_ids[-1] if figure_ids else (cell_run.cell.label or f"cell-{cell_run.cell.index + 1}")
    if cell_run.images:
        return {f"{stem}-{name}.png": png for name, png in cell_run.images.items()}
    figures = cell_run.figures
    return {f"{stem}{f'-{i + 1}' if len(figures) > 1 else ''}.png": png for i, png in enumerate(figures)}


def main(argv=None) -> int:
    """Command line: execute pages, print a line per cell, optionally save figures as PNG."""
    parser = argparse.ArgumentParser(prog="python -m sitetools.execute", description=main.__doc__)
    parser.add_argument("pages", nargs="+", type=Path, help=".qmd files to execute")
    parser.add_argument("--figures", type=Path, help="folder to save every figure into, as <label>.png")
    args = parser.parse_args(argv)
    status = 0
    for page_path in args.pages:
        try:
            run = execute_page(page_path)
        except PageExecutionError as exc:
            print(f"FAILED {exc}", file=sys.stderr)
            status = 1
            continue
        print(f"{run.page.path}: {len(run.cells)} cells, {len(run.inline)} inline expressions, {run.seconds:.1f} s")
        for cell_run in run.cells:
            figures = cell_run.figures
            state = "skipped (eval: false)" if not cell_run.evaluated else f"{len(figures)} figure(s)"
            print(f"  line {cell_run.cell.line:>4}  {cell_run.cell.name:<32} {state}")
            if args.figures:
                args.figures.mkdir(parents=True, exist_ok=True)
                for name, png in _figure_files(run, cell_run).items():
                    (args.figures / name).write_bytes(png)
        for expression, value in run.inline:
            print(f"  inline  {expression!s:<40} -> {value}")
    return status


if __name__ == "__main__":
    sys.exit(main())
