from __future__ import annotations

import pytest

from mlwiki.separability import is_linearly_separable
from mlwiki.source import show_source


def test_show_source_is_the_real_source_as_a_fenced_block():
    text = show_source(is_linearly_separable)._repr_markdown_()
    assert text.startswith("```python\ndef is_linearly_separable(") and text.endswith("\n```")


def test_show_source_of_a_builtin_is_a_clear_error():
    with pytest.raises(ValueError, match="cannot read the source of <built-in function len>"):
        show_source(len)


def test_show_source_picks_a_fence_longer_than_any_backtick_run_inside(tmp_path, monkeypatch):
    (tmp_path / "fenced_example.py").write_text('def example():\n    return "```python"\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    import fenced_example

    text = str(show_source(fenced_example.example))
    assert text.startswith("````python\ndef example():") and text.endswith("\n````")


def test_show_source_rejects_a_language_that_is_not_a_word():
    with pytest.raises(ValueError, match="language must be a plain word"):
        show_source(show_source, language="python\n```")
