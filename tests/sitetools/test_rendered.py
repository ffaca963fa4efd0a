"""The rendered-site checker catches each problem it looks for (on a hand-made _site)."""

from __future__ import annotations

import json

from sitetools.rendered import check_rendered_site

GOOD = '<html><body><a href="chapters/a.html">A</a><img src="f.png" alt="a plot"></body></html>'


def _site(tmp_path, index=GOOD, search=("index.html", "chapters/a.html")):
    (tmp_path / "chapters").mkdir()
    (tmp_path / "index.html").write_text(index)
    (tmp_path / "f.png").write_bytes(b"png")
    (tmp_path / "chapters" / "a.html").write_text('<p>See <a href="../index.html#top">home</a>.</p>')
    (tmp_path / "search.json").write_text(json.dumps([{"href": h + "#s"} for h in search]))
    return tmp_path


def test_clean_site_passes(tmp_path):
    assert check_rendered_site(_site(tmp_path), ["index.qmd", "chapters/a.qmd"]) == []


def test_each_problem_is_reported(tmp_path):
    index = '<a href="gone.html">x</a><img src="f.png"><p>See ?@fig-lost.</p>'
    site = _site(tmp_path, index=index, search=("index.html",))
    assert check_rendered_site(site, ["index.qmd", "chapters/a.qmd", "chapters/b.qmd"]) == [
        "chapters/b.html: missing from the rendered site",
        "search.json: no entry for chapters/a.html",
        "search.json: no entry for chapters/b.html",
        "index.html: unresolved cross-reference '?@fig-lost.'",
        "index.html: image f.png has no alt text",
        "index.html: broken link to gone.html",
    ]
