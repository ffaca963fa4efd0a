"""quartodoc's Markdown renderer, with entry headers that say how to import a name and where it is used.

(No ``from __future__ import annotations`` here: quartodoc's renderer dispatches on the
annotations at run time, with plum.)
"""

import posixpath

from plum import dispatch
from quartodoc import MdRenderer, layout

__all__ = ["UsedOnRenderer"]


class UsedOnRenderer(MdRenderer):
    """Renders each entry's header as ``## name {#canonical}``, the import line and "Used on".

    Parameters
    ----------
    public : dict[str, str]
        Canonical name -> the shortest name it can be imported by.
    usage : dict[str, list[str]]
        Canonical name -> project-relative pages whose cells use it, in reading order.
    titles : dict[str, str]
        Page -> its title.
    reference_dir : str
        Project-relative folder of the reference pages (links are relative to it).
    """

    style = "mlwiki-used-on"

    def __init__(self, public: dict, usage: dict, titles: dict, reference_dir: str, **options):
        super().__init__(**options)
        self.public, self.usage, self.titles, self.reference_dir = public, usage, titles, reference_dir

    @dispatch
    def render_header(self, el: layout.Doc) -> str:
        path = el.obj.path
        module, _, short = self.public.get(path, path).rpartition(".")
        parts = [f"{'#' * self.crnt_header_level} {short} {{ #{path} }}", f"`from {module} import {short}`"]
        pages = self.usage.get(path, [])
        if pages:
            links = ", ".join(f"[{self.titles[p]}]({posixpath.relpath(p, self.reference_dir)})" for p in pages)
            parts.append(f"Used on: {links}")
        return "\n\n".join(parts)
