"""The Zen of Python, read without printing it."""

import subprocess
import sys

from mlwiki.text import zen_of_python


def test_zen_of_python_text():
    zen = zen_of_python()
    lines = zen.split("\n")
    assert len(zen) == 856 and len(lines) == 21
    assert lines[0] == "The Zen of Python, by Tim Peters" and lines[1] == ""
    assert lines[2] == "Beautiful is better than ugly."
    assert lines[-1].startswith("Namespaces are one honking great idea")


def test_first_import_prints_nothing():
    # A fresh interpreter, where `this` has never been imported: the poem must not reach stdout.
    code = "from mlwiki.text import zen_of_python; zen_of_python(); zen_of_python()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout == ""
    # Without the guard the import does print (so the test above can fail).
    plain = subprocess.run([sys.executable, "-c", "import this"], capture_output=True, text=True, check=True)
    assert plain.stdout.startswith("The Zen of Python")
