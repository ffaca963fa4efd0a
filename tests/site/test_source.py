from __future__ import annotations

import pytest

from mlwiki.separability import is_linearly_separable
from mlwiki.site import show_source


def test_show_source_is_the_real_source_as_a_fenced_block():
    text = show_source(is_linearly_separable).data
    assert text.startswith("```python\ndef is_linearly_separable(") and text.endswith("\n```")


def test_show_source_of_a_builtin_is_a_clear_error():
    with pytest.raises(ValueError, match="cannot read the source of <built-in function len>"):
        show_source(len)
