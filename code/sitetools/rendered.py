"""Checks of a rendered site (the ``_site/`` folder ``quarto render`` writes).

Used by the rendered-site tests wherever Quarto is installed: every page present, the search
index covering every page, figures embedded with alt text, no broken internal link, and no
unresolved cross-reference (Quarto prints those as ``?@fig-...``).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["expected_html", "check_rendered_site"]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.references: list[str] = []
        self.images: list[dict] = []
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "img":
            self.images.append(attributes)
        for name in ("href", "src"):
            if attributes.get(name) and tag in ("a", "img", "link", "script", "source"):
                self.references.append(attributes[name])

    def handle_data(self, data):
        self.text.append(data)


def expected_html(page: str) -> str:
    """``chapters/x.qmd`` -> ``chapters/x.html``."""
    return str(Path(page).with_suffix(".html"))


def check_rendered_site(site_dir, pages: list[str]) -> list[str]:
    """Return every problem found in ``site_dir`` for the given source pages (``.qmd`` paths)."""
    site_dir = Path(site_dir)
    problems: list[str] = []
    for page in pages:
        if not (site_dir / expected_html(page)).is_file():
            problems.append(f"{expected_html(page)}: missing from the rendered site")
    search = site_dir / "search.json"
    if not search.is_file():
        problems.append("search.json: missing (site search needs it)")
    else:
        indexed = {urlsplit(entry.get("href", "")).path for entry in json.loads(search.read_text())}
        for page in pages:
            if expected_html(page) not in indexed:
                problems.append(f"search.json: no entry for {expected_html(page)}")
    for html_file in sorted(site_dir.rglob("*.html")):
        name = str(html_file.relative_to(site_dir))
        collector = _Collector()
        collector.feed(html_file.read_text(encoding="utf-8"))
        text = "".join(collector.text)
        if "?@" in text:
            start = text.index("?@")
            problems.append(f"{name}: unresolved cross-reference {text[start:start + 30].split()[0]!r}")
        for image in collector.images:
            if not (image.get("alt") or "").strip():
                problems.append(f"{name}: image {image.get('src')} has no alt text")
        for reference in collector.references:
            parts = urlsplit(reference)
            if parts.scheme or parts.netloc or reference.startswith(("#", "mailto:", "data:", "javascript:")):
                continue
            target = (html_file.parent / unquote(parts.path)).resolve()
            if parts.path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{name}: broken link to {reference}")
    return problems
