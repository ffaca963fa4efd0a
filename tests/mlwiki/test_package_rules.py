"""Rules every module of mlwiki keeps, read from the source (``ast``), so a new module keeps them too.

* it imports nothing of the site's tooling and no Jupyter client library (only the display
  helper may reach IPython's ``display``, lazily, inside a running kernel);
* all randomness comes from a ``numpy.random.Generator`` passed in: no global NumPy random state
  and no ``random`` module;
* it never prints, shows or saves: it returns values.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "code" / "mlwiki"
MODULES = sorted(PACKAGE.rglob("*.py"))
FORBIDDEN_IMPORTS = ("sitetools", "nbclient", "jupyter_client", "nbformat", "random")
# numpy.random names that build or seed a Generator explicitly, rather than use global state.
EXPLICIT_RANDOM = {"default_rng", "Generator", "SeedSequence", "PCG64", "BitGenerator"}
FORBIDDEN_CALLS = {"print", "show", "savefig", "imsave", "input"}


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _chain(node) -> list[str]:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return parts[::-1]


def rule_problems(tree: ast.AST, file_name: str) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                if name.split(".")[0] in FORBIDDEN_IMPORTS:
                    problems.append(f"line {node.lineno}: imports {name}")
                if name.split(".")[0] == "IPython" and file_name != "themes.py":
                    problems.append(f"line {node.lineno}: imports {name} (only mlwiki.themes may, to display)")
        elif isinstance(node, ast.Attribute):
            chain = _chain(node)
            if len(chain) >= 3 and chain[0] in ("np", "numpy") and chain[1] == "random" \
                    and chain[2] not in EXPLICIT_RANDOM:
                problems.append(f"line {node.lineno}: global random state {'.'.join(chain[:3])}")
        elif isinstance(node, ast.Call):
            chain = _chain(node.func)
            if chain and chain[-1] in FORBIDDEN_CALLS:
                problems.append(f"line {node.lineno}: calls {'.'.join(chain)} (library code returns values)")
    return sorted(problems, key=lambda problem: int(problem.split(":")[0].split()[1]))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_keeps_the_package_rules(path):
    problems = rule_problems(_tree(path), path.name)
    assert not problems, f"{path.relative_to(PACKAGE)}:\n" + "\n".join(problems)


def test_the_rules_catch_each_breach():
    bad = ast.parse("import random\nfrom sitetools.qmd import read_page\nfrom IPython.display import display\n"
                    "import numpy as np\nnp.random.seed(0)\nx = np.random.rand(3)\nrng = np.random.default_rng(0)\n"
                    "print(x)\nplt.show()\nfig.savefig('a.png')\n")
    assert rule_problems(bad, "lif.py") == [
        "line 1: imports random", "line 2: imports sitetools.qmd",
        "line 3: imports IPython.display (only mlwiki.themes may, to display)",
        "line 5: global random state np.random.seed", "line 6: global random state np.random.rand",
        "line 8: calls print (library code returns values)", "line 9: calls plt.show (library code returns values)",
        "line 10: calls fig.savefig (library code returns values)",
    ]
