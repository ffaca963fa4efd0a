"""Execute a ``.qmd`` page in a Jupyter kernel exactly as Quarto's Jupyter engine does.

What Quarto 1.10 does (``src/resources/jupyter/notebook.py`` and ``lang/python/setup.py``), and
what :func:`execute_page` therefore does:

1. Start a fresh kernel named by the page's ``jupyter:`` front matter (``python3``) with the
   page's folder as working directory.
2. Run a setup cell: Matplotlib figures 7 x 5 in at 96 dpi, ``retina`` PNG output (Quarto's HTML
   defaults, or the page's ``fig-width``/``fig-height``/``fig-dpi``/``fig-format``), a ``chdir`` to
   the project root when ``execute-dir: project`` is set, then ``%reset`` so pages start clean.
3. Walk the page's cells in order.  A Python cell runs with its ``#|`` lines stripped unless its
   ``eval`` (or the page's/project's ``execute: eval``) is false.  An error fails the page unless
   the cell (or ``execute: error``) says ``error: true``.  A Markdown chunk has its inline
   `` `{python} expr` `` expressions evaluated as ``user_expressions`` at that point in the flow.

A failure raises :class:`PageExecutionError` naming the page, the cell label and its ``.qmd`` line.
Run ``python -m sitetools.execute PAGE.qmd --figures DIR`` to execute a page by hand and save its
figures as PNG files named after their labels.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import base64
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from sitetools.qmd import Cell, MarkdownChunk, Page, PageFormatError, read_page

__all__ = ["PageExecutionError", "PageRun", "CellRun", "execute_page", "project_root_of", "main"]

_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")

# Quarto's HTML format defaults (src/format/formats-shared.ts: createHtmlFormat and the
# shared execute defaults).
_HTML_FIGURE_DEFAULTS = {"fig-width": 7, "fig-height": 5, "fig-dpi": 96, "fig-format": "retina"}

_SETUP = """\
import os
fig_width = {fig_width!r}
fig_height = {fig_height!r}
fig_format = {fig_format!r}
fig_dpi = {fig_dpi!r}
try:
  import matplotlib.pyplot as plt
  plt.rcParams['figure.figsize'] = (fig_width, fig_height)
  plt.rcParams['figure.dpi'] = fig_dpi
  plt.rcParams['savefig.dpi'] = "figure"
  from matplotlib_inline.backend_inline import set_matplotlib_formats
  set_matplotlib_formats(fig_format)
except Exception:
  pass
run_path = {run_path!r}
if run_path:
  os.chdir(base64.b64decode(run_path.encode("utf-8")).decode("utf-8"))
%reset
"""


class PageExecutionError(RuntimeError):
    """A page failed the way ``quarto render`` would fail on it, with a pointer into the ``.qmd``."""


@dataclass
class CellRun:
    """One executed cell: the parsed cell and the outputs the kernel sent back (nbformat dicts)."""

    cell: Cell
    outputs: list
    evaluated: bool

    @property
    def figures(self) -> list[bytes]:
        """PNG images the cell displayed, decoded."""
        return [
            base64.b64decode(out["data"]["image/png"])
            for out in self.outputs
            if out.get("output_type") in ("display_data", "execute_result") and "image/png" in out.get("data", {})
        ]

    @property
    def renderings(self) -> list[str] | None:
        """The cell's ``renderings`` option (e.g. ``["light", "dark"]``), or None."""
        value = self.cell.options.get("renderings")
        return [str(v) for v in value] if isinstance(value, list) else None

    @property
    def images(self) -> dict[str, bytes]:
        """Rendering name -> PNG, for a cell with ``renderings`` (its images in that order)."""
        names = self.renderings or []
        return dict(zip(names, self.figures))

    @property
    def text(self) -> str:
        """Everything textual the cell produced (streams, plain/markdown/html results, errors)."""
        parts = []
        for out in self.outputs:
            kind = out.get("output_type")
            if kind == "stream":
                parts.append(out["text"])
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                if any(mime.startswith("image/") for mime in data):
                    continue  # a figure: its text/plain is only "<Figure size ...>"
                for mime in ("text/markdown", "text/html", "text/plain"):
                    if mime in data:
                        parts.append(str(data[mime]))
                        break
            elif kind == "error":
                parts.append(f"{out['ename']}: {out['evalue']}")
        return "".join(parts)


@dataclass
class PageRun:
    """The result of executing one page.

    Attributes
    ----------
    page : Page
    cells : list[CellRun]
        In document order, including cells that were not evaluated.
    inline : list[tuple[str, str]]
        ``(expression, value as text)`` for every inline expression, in document order.
    probe : object
        The JSON-decoded value of the ``probe`` expression, or None when none was given.
    seconds : float
        Wall-clock execution time, kernel start included.
    """

    page: Page
    cells: list[CellRun] = field(default_factory=list)
    inline: list[tuple[str, str]] = field(default_factory=list)
    probe: object = None
    seconds: float = 0.0

    def cell(self, label: str) -> CellRun:
        for run in self.cells:
            if run.cell.label == label:
                return run
        raise KeyError(f"{self.page.path}: no cell labelled {label!r}")

    def figure(self, figure_id: str) -> CellRun:
        """The run of the cell inside the figure div ``::: {#figure_id}``."""
        for index, div in enumerate(self.page.divs):
            if div.id == figure_id:
                cells = [run for run in self.cells if index in run.cell.divs]
                if len(cells) == 1:
                    return cells[0]
                raise KeyError(f"{self.page.path}: figure {figure_id!r} holds {len(cells)} cells, not one")
        raise KeyError(f"{self.page.path}: no figure div '::: {{#{figure_id}}}'")

    def figure_ids(self) -> list[str]:
        """The ids of the page's figure divs, in order."""
        return [div.id for div in self.page.divs if (div.id or "").startswith("fig-")]

    def text_outputs(self) -> list[str]:
        """Every text output and inline value in order: what must not change between runs."""
        return [run.text for run in self.cells] + [value for _, value in self.inline]


def project_root_of(path) -> Path:
    """The nearest folder at or above ``path`` holding ``_quarto.yml``, or the page's own folder."""
    path = Path(path).resolve()
    for folder in [path.parent, *path.parent.parents]:
        if (folder / "_quarto.yml").is_file():
            return folder
    return path.parent


def _execute_options(page: Page, project_config: dict) -> dict:
    """Merge ``execute:`` and figure options: Quarto defaults < project < page front matter."""
    merged = {"eval": True, "error": False, **_HTML_FIGURE_DEFAULTS}
    for source in (project_config, page.front_matter):
        execute = source.get("execute") or {}
        if isinstance(execute, dict):
            merged.update({k: v for k, v in execute.items() if k in ("eval", "error")})
        for key in _HTML_FIGURE_DEFAULTS:
            if key in source:
                merged[key] = source[key]
        html = ((source.get("format") or {}) if isinstance(source.get("format"), dict) else {}).get("html")
        if isinstance(html, dict):
            merged.update({k: html[k] for k in _HTML_FIGURE_DEFAULTS if k in html})
    return merged


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
        page = read_page(path)
    except (PageFormatError, OSError) as exc:
        raise PageExecutionError(str(exc)) from None
    page = dataclasses.replace(page, path=Path(shown))
    result = PageRun(page)
    if not page.cells and not page.inline and "jupyter" not in page.front_matter:
        # Quarto renders such a page with its markdown engine: no kernel at all.
        result.seconds = time.perf_counter() - started
        return result
    config_file = root / "_quarto.yml"
    project_config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.is_file() else {}
    project_config = project_config or {}
    options = _execute_options(page, project_config)
    execute_dir = (project_config.get("project") or {}).get("execute-dir", "file")
    run_path = str(root) if execute_dir == "project" else ""

    setup = _SETUP.format(
        fig_width=options["fig-width"],
        fig_height=options["fig-height"],
        fig_format=options["fig-format"],
        fig_dpi=options["fig-dpi"],
        run_path=base64.b64encode(run_path.encode("utf-8")).decode("utf-8"),
    )
    setup = "import base64\n" + setup
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(setup)] + [
        nbformat.v4.new_code_cell(block.source) if isinstance(block, Cell) else nbformat.v4.new_markdown_cell(block.text)
        for block in page.blocks
    ]
    client = NotebookClient(
        notebook,
        kernel_name=_kernel_name(page),
        timeout=timeout,
        allow_errors=bool(options["error"]),
        resources={"metadata": {"path": str(Path(workdir) if workdir is not None else path.parent)}},
    )
    try:
        with client.setup_kernel():
            setup_cell = client.execute_cell(notebook.cells[0], 0, execution_count=0, store_history=False)
            if any(out.get("output_type") == "error" for out in setup_cell.outputs):
                raise PageExecutionError(f"{shown}: Quarto's setup cell failed:\n{_traceback_text(setup_cell.outputs)}")
            count = 1
            for index, block in enumerate(page.blocks, start=1):
                if isinstance(block, MarkdownChunk):
                    result.inline.extend(_evaluate_inline(client, block, shown))
                    continue
                result.cells.append(_run_cell(client, notebook, index, count, block, options, shown, timeout))
                count += 1
            if probe is not None:
                result.probe = _evaluate_probe(client, probe, shown)
    except DeadKernelError as exc:
        raise PageExecutionError(f"{shown}: the kernel died while executing the page: {exc}") from None
    result.seconds = time.perf_counter() - started
    return result


def _shown_path(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _run_cell(client, notebook, index, count, cell: Cell, options, shown, timeout) -> CellRun:
    evaluate = cell.options.get("eval", options["eval"])
    # notebook.py tests `eval == True`, so 1 and 1.0 run a cell too.
    if not evaluate == True:  # noqa: E712
        return CellRun(cell, [], evaluated=False)
    allow_error = cell.options.get("error")
    allow_error = bool(options["error"]) if allow_error is None else bool(allow_error)
    nb_cell = notebook.cells[index]
    if allow_error:
        nb_cell.metadata["tags"] = ["raises-exception"]
    try:
        client.execute_cell(nb_cell, index, execution_count=count, store_history=True)
    except CellTimeoutError:
        raise PageExecutionError(
            f"{shown}: cell {cell.name} (line {cell.line}) did not finish within {timeout} s"
        ) from None
    except CellExecutionError:
        pass  # reported below from the outputs, with the .qmd line
    errors = [out for out in nb_cell.outputs if out.get("output_type") == "error"]
    if errors and not allow_error:
        error = errors[0]
        raise PageExecutionError(
            f"{shown}: cell {cell.name} (line {cell.line}) raised {error['ename']}: {error['evalue']}\n"
            f"{_code_line_hint(cell, error, shown)}{_traceback_text(nb_cell.outputs)}"
        )
    run = CellRun(cell, [dict(out) for out in nb_cell.outputs], evaluated=True)
    renderings = run.renderings
    if renderings is not None and len(run.figures) != len(renderings):
        # Quarto only logs "(W) need 2 cell-output-display for renderings light,dark; got 1"
        # and then shows every image at once; fail here instead.
        raise PageExecutionError(
            f"{shown}: cell {cell.name} (line {cell.line}) has renderings {renderings} but displayed "
            f"{len(run.figures)} image(s); draw it with mlwiki.themes.both_themes, which displays one per theme"
        )
    return run


def _code_line_hint(cell: Cell, error, shown: str) -> str:
    """Point at the failing .qmd line when the traceback names a line of the cell's own code."""
    text = "\n".join(_ANSI.sub("", line) for line in error.get("traceback", []))
    frames = re.findall(r"^Cell In\[\d+\], line (\d+)", text, re.MULTILINE)
    if not frames:
        return ""
    # The first frame is the cell itself; its line counts from the stripped code.
    return f"  failing line: {shown}:{cell.code_line + int(frames[0]) - 1}\n"


def _user_expression(client, expressions: dict) -> dict:
    # The same request Quarto's notebook.py sends for a Markdown cell's inline expressions.
    msg_id = client.kc.execute("", user_expressions=expressions)
    reply = client.wait_for_reply(msg_id)
    content = reply.get("content", {})
    if content.get("status") != "ok":
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
    return content.get("user_expressions", {})


def _evaluate_inline(client, chunk: MarkdownChunk, shown):
    if not chunk.inline:
        return []
    expressions = {str(i): e.expression for i, e in enumerate(chunk.inline)}
    results = _user_expression(client, expressions)
    values = []
    for i, inline in enumerate(chunk.inline):
        result = results.get(str(i), {})
        if result.get("status") != "ok":
            raise PageExecutionError(
                f"{shown}:{inline.line}: inline expression `{{python}} {inline.expression}` raised "
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
