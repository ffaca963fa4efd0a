"""The execution options Quarto resolves for a page, from every layer of its metadata.

Quarto 1.10 (``src/command/render/render-contexts.ts``) merges, in order, the project's
``_quarto.yml``, the ``_metadata.yml`` of each folder from the project down to the page
(``directoryMetadataForInputFile`` in ``src/project/project-shared.ts``), and the page's front
matter.  Within each layer the format-specific block (``format: html:``) overrides that layer's
top-level keys, and each later layer overrides the earlier ones.

Execution options may be written at the top level of a layer or under ``execute:`` -- Quarto
sorts both into the format's ``execute`` block (``metadataAsFormat`` in
``src/config/metadata.ts``), the later key of a mapping winning; ``execute: false`` means
``enabled: false``.  What the Jupyter engine then reads (``notebook.py``'s
``build_kernel_options``, ``jupyter.ts``):

* ``enabled`` (false: no execution at all), ``eval`` and ``error`` (defaults true and false);
* ``fig-width``, ``fig-height``, ``fig-dpi``, ``fig-format`` (HTML defaults 7 x 5 in, 96 dpi,
  ``retina``; ``src/format/formats-shared.ts``);
* ``ipynb-shell-interactivity`` (IPython's ``ast_node_interactivity``; unset by default).
"""

from __future__ import annotations

from pathlib import Path

import yaml

__all__ = ["HTML_DEFAULTS", "page_options", "metadata_layers", "metadata_files"]

HTML_DEFAULTS = {
    "enabled": None,
    "eval": True,
    "error": False,
    "fig-width": 7,
    "fig-height": 5,
    "fig-dpi": 96,
    "fig-format": "retina",
    "ipynb-shell-interactivity": None,
}
_KEYS = tuple(k for k in HTML_DEFAULTS)
_METADATA_NAMES = ("_metadata.yml", "_metadata.yaml")


def _load_yaml(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: must be a YAML mapping, got {type(data).__name__}")
    return data


def metadata_files(root: Path, page_path: Path) -> list[Path]:
    """The ``_metadata.yml`` files Quarto merges for a page, outermost first.

    Quarto walks the folders between the project and the page, starting *below* the project
    root -- so a root ``_metadata.yml`` applies only to pages in the root folder itself.
    """
    root, folder = Path(root).resolve(), Path(page_path).resolve().parent
    relative = folder.relative_to(root)
    parts = relative.parts or ("",)
    found, current = [], root
    for part in parts:
        current = current / part if part else current
        for name in _METADATA_NAMES:
            if (current / name).is_file():
                found.append(current / name)
                break
    return found


def metadata_layers(root: Path, page_path: Path, front_matter: dict) -> list[dict]:
    """``[_quarto.yml, *_metadata.yml, front matter]`` as mappings, in merge order."""
    root = Path(root)
    config = root / "_quarto.yml"
    layers = [_load_yaml(config) if config.is_file() else {}]
    layers += [_load_yaml(path) for path in metadata_files(root, page_path)]
    layers.append(front_matter or {})
    return layers


def _apply(options: dict, source: dict) -> None:
    for key, value in source.items():  # in the mapping's order, as Quarto's forEach
        if key == "execute":
            if isinstance(value, bool):
                options["enabled"] = value
            elif isinstance(value, dict):
                options.update({k: value[k] for k in _KEYS if k in value})
        elif key in _KEYS:
            options[key] = value


def page_options(root: Path, page_path: Path, front_matter: dict) -> dict:
    """The execution options Quarto's Jupyter engine uses for a page rendered to HTML.

    Returns
    -------
    dict
        The keys of :data:`HTML_DEFAULTS`, resolved through every metadata layer.
    """
    options = dict(HTML_DEFAULTS)
    for layer in metadata_layers(root, page_path, front_matter):
        _apply(options, layer)
        formats = layer.get("format")
        html = formats.get("html") if isinstance(formats, dict) else None
        if isinstance(html, dict):
            _apply(options, html)
    return options
