"""The kernel Quarto starts for a page: its environment and the setup cell it runs first.

From Quarto 1.10.18's ``src/execute/jupyter/jupyter-kernel.ts`` (the environment of the Python
process that starts the kernel), ``src/resources/jupyter/notebook.py`` (``set_env_vars``) and
``src/resources/jupyter/lang/python/setup.py`` (the setup cell).  The parts of Quarto's setup
cell that concern libraries this site does not use (Plotly, Altair, pandas, itables, Shiny) are
left out; everything that changes how a page's code behaves is here:

* ``MPLBACKEND=module://matplotlib_inline.backend_inline`` whatever the shell says, so figures
  are captured inline; ``PYDEVD_DISABLE_FILE_VALIDATION=1``;
* ``QUARTO_FIG_WIDTH``/``HEIGHT``/``DPI``/``FORMAT`` (retina doubles the dpi and means PNG);
* Matplotlib's figure size, dpi and output format; IPython's ``ast_node_interactivity`` when
  ``ipynb-shell-interactivity`` is set; a ``chdir`` for ``execute-dir: project``;
* ``%reset``, then ``ojs_define`` (hands Python values to Observable JS cells) and
  ``__spec__ = None``.
"""

from __future__ import annotations

import base64
import os

__all__ = ["kernel_environment", "setup_source"]

_SETUP = """\
import os
import sys
import base64

fig_width = {fig_width!r}
fig_height = {fig_height!r}
fig_format = {fig_format!r}
fig_dpi = {fig_dpi!r}
interactivity = {interactivity!r}

try:
  import matplotlib.pyplot as plt
  plt.rcParams['figure.figsize'] = (fig_width, fig_height)
  plt.rcParams['figure.dpi'] = fig_dpi
  plt.rcParams['savefig.dpi'] = "figure"
  from matplotlib_inline.backend_inline import set_matplotlib_formats
  set_matplotlib_formats(fig_format)
except Exception:
  pass

if interactivity:
  from IPython.core.interactiveshell import InteractiveShell
  InteractiveShell.ast_node_interactivity = interactivity

run_path = {run_path!r}
if run_path:
  run_path = base64.b64decode(run_path.encode("utf-8")).decode("utf-8")
  os.chdir(run_path)

%reset

def ojs_define(**kwargs):
  import json
  from IPython.display import display, HTML
  v = dict(contents=list(dict(name=key, value=value) for (key, value) in kwargs.items()))
  display(HTML('<script type="ojs-define">' + json.dumps(v) + '</script>'), metadata=dict(ojs_define = True))
globals()["ojs_define"] = ojs_define
globals()["__spec__"] = None
"""


def kernel_environment(options: dict, base: dict | None = None) -> dict:
    """The environment the page's kernel starts with.

    Parameters
    ----------
    options : dict
        Resolved page options (:func:`sitetools.metadata.page_options`).
    base : dict, optional
        The environment to start from (default: this process's).
    """
    env = dict(os.environ if base is None else base)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env["QUARTO_FIG_WIDTH"] = str(options["fig-width"])
    env["QUARTO_FIG_HEIGHT"] = str(options["fig-height"])
    if options["fig-format"] == "retina":
        env["QUARTO_FIG_DPI"] = str(options["fig-dpi"] * 2)
        env["QUARTO_FIG_FORMAT"] = "png"
    else:
        env["QUARTO_FIG_DPI"] = str(options["fig-dpi"])
        env["QUARTO_FIG_FORMAT"] = str(options["fig-format"])
    return env


def setup_source(options: dict, run_path: str = "") -> str:
    """The setup cell's code for a page with the given resolved options.

    ``run_path`` is the folder to ``chdir`` into (``execute-dir: project``), or ``""``.
    """
    return _SETUP.format(
        fig_width=options["fig-width"],
        fig_height=options["fig-height"],
        fig_format=options["fig-format"],
        fig_dpi=options["fig-dpi"],
        interactivity=options.get("ipynb-shell-interactivity") or "",
        run_path=base64.b64encode(run_path.encode("utf-8")).decode("utf-8"),
    )
