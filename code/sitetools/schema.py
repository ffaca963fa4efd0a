"""Validate Quarto configuration against Quarto's own compiled option schema, without Quarto.

Quarto ships ``all-schema-definitions.json`` (in an installation under
``share/editor/tools/yaml/``), written in its own schema language: ``object`` (``properties``,
``patternProperties``, ``additionalProperties``, ``required``, ``closed``, ``propertyNames``),
``anyOf``, ``allOf``, ``enum``, ``ref``, ``array``, ``string`` (``pattern``), ``number``,
``boolean``, ``null`` and ``any``.  :class:`QuartoSchema` implements those rules as Quarto's
``validator.ts`` does (JavaScript ``match`` semantics for patterns, ``closed`` meaning "no key
outside ``properties``").  Useful ids: ``project-config`` (``_quarto.yml``), ``front-matter``
(a page's YAML header), ``engine-jupyter`` (a Jupyter cell's ``#|`` options).

The schema is read where it lives -- ``$QUARTO_SCHEMA``, an installed Quarto's ``share/``, or the
``quarto-schema/`` folder shared beside the project -- and never copied into the repository.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["QuartoSchema", "SchemaError", "SchemaNotFound", "find_schema_file"]

_SCHEMA_NAME = "all-schema-definitions.json"


class SchemaNotFound(FileNotFoundError):
    """No copy of Quarto's schema is reachable from this machine."""


@dataclass(frozen=True)
class SchemaError:
    """One violation: where in the YAML (``a.b[2].c``) and what was wrong."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where or '(top level)'}: {self.message}"


def find_schema_file(project_root=None) -> Path:
    """Locate Quarto's ``all-schema-definitions.json``.

    Looks, in order, at ``$QUARTO_SCHEMA`` (a file path), the ``share/`` folder of a ``quarto`` on
    PATH (``$QUARTO_SHARE_PATH`` when set), and ``../shared/quarto-schema/`` beside the project.

    Raises
    ------
    SchemaNotFound
        Listing every place looked at.
    """
    candidates = []
    if os.environ.get("QUARTO_SCHEMA"):
        candidates.append(Path(os.environ["QUARTO_SCHEMA"]))
    share = os.environ.get("QUARTO_SHARE_PATH")
    if share:
        candidates.append(Path(share) / "editor" / "tools" / "yaml" / _SCHEMA_NAME)
    quarto = shutil.which("quarto")
    if quarto:
        bin_dir = Path(quarto).resolve().parent
        for share_dir in (bin_dir.parent / "share", bin_dir.parent.parent / "share"):
            candidates.append(share_dir / "editor" / "tools" / "yaml" / _SCHEMA_NAME)
    if project_root is not None:
        candidates.append(Path(project_root).resolve().parent / "shared" / "quarto-schema" / _SCHEMA_NAME)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    looked = "\n  ".join(str(c) for c in candidates) or "(nowhere: no project root, no quarto on PATH)"
    raise SchemaNotFound(
        "Quarto's compiled schema was not found. Install Quarto, or set QUARTO_SCHEMA to a copy of "
        f"{_SCHEMA_NAME}. Looked at:\n  {looked}"
    )


class QuartoSchema:
    """Quarto's schema definitions, loaded once, with a validator for any of its ids."""

    def __init__(self, definitions: dict):
        self.definitions = definitions

    @classmethod
    def load(cls, path) -> "QuartoSchema":
        return _load(str(Path(path).resolve()))

    def validate(self, value, schema_id: str, *, closed: bool = False) -> list[SchemaError]:
        """Return every violation of schema ``schema_id`` by ``value`` (empty when valid).

        ``closed=True`` also rejects top-level keys the schema does not name (Quarto itself
        ignores unknown cell options; a misspelt ``fig-altt`` should not pass silently).
        """
        if schema_id not in self.definitions:
            raise KeyError(f"no schema with id {schema_id!r}")
        schema = self.definitions[schema_id]
        errors: list[SchemaError] = []
        self._check(_plain(value), schema, "", errors)
        if closed and isinstance(value, dict):
            known = self._top_level_keys(schema)
            for key in value:
                if key not in known:
                    errors.append(SchemaError(str(key), f"unknown option '{key}' (not in Quarto's {schema_id} schema)"))
        return list(dict.fromkeys(errors))  # one report per distinct violation

    def _top_level_keys(self, schema) -> set:
        schema = self._resolve(schema)
        keys = set(schema.get("properties", {}))
        for part in schema.get("allOf", []) + schema.get("anyOf", []):
            keys |= self._top_level_keys(part)
        return keys

    def _resolve(self, schema):
        while schema.get("type") == "ref":
            schema = self.definitions[schema["$ref"]]
        return schema

    def _check(self, value, schema, where, errors) -> bool:
        kind = schema.get("type")
        if kind == "ref":
            return self._check(value, self.definitions[schema["$ref"]], where, errors)
        if kind == "any":
            return True
        if kind == "anyOf":
            attempts = []
            for option in schema["anyOf"]:
                trial: list[SchemaError] = []
                if self._check(value, option, where, trial):
                    return True
                attempts.append(trial)
            # Report the alternative that got furthest into the value: the likeliest intent.
            best = max(attempts, key=lambda errs: max((len(e.where) for e in errs), default=-1), default=[])
            if best and max(len(e.where) for e in best) > len(where):
                errors.extend(best)
            else:
                errors.append(SchemaError(where, f"must {schema.get('description', 'match one of the allowed forms')}"))
            return False
        if kind == "allOf":
            ok = True
            for part in schema["allOf"]:
                ok = self._check(value, part, where, errors) and ok
            return ok
        if kind == "enum":
            if any(_same(value, allowed) for allowed in schema["enum"]):
                return True
            errors.append(SchemaError(where, f"{value!r} is not one of {schema['enum']}"))
            return False
        if kind == "null":
            return self._type(value is None, value, "null", where, errors)
        if kind == "boolean":
            return self._type(isinstance(value, bool), value, "true or false", where, errors)
        if kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            return self._type(ok, value, "a number", where, errors)
        if kind == "string":
            if not self._type(isinstance(value, str), value, "a string", where, errors):
                return False
            pattern = schema.get("pattern")
            if pattern is not None and not _js_regex(pattern).search(value):
                errors.append(SchemaError(where, f"{value!r} does not match the pattern {pattern}"))
                return False
            return True
        if kind == "array":
            if not self._type(isinstance(value, list), value, "a list", where, errors):
                return False
            ok = True
            if "items" in schema:
                for i, item in enumerate(value):
                    ok = self._check(item, schema["items"], f"{where}[{i}]", errors) and ok
            return ok
        if kind == "object":
            return self._check_object(value, schema, where, errors)
        raise ValueError(f"unsupported schema type {kind!r} in Quarto's schema at {where or 'top level'}")

    def _check_object(self, value, schema, where, errors) -> bool:
        if not self._type(isinstance(value, dict), value, "a mapping", where, errors):
            return False
        ok = True
        properties = schema.get("properties", {})
        inspected = set()

        def at(key):
            return f"{where}.{key}" if where else str(key)

        if schema.get("closed"):
            for key in value:
                if key not in properties:
                    errors.append(SchemaError(at(key), f"unknown field '{key}'"))
                    ok = False
        for key, sub in properties.items():
            if key in value:
                inspected.add(key)
                ok = self._check(value[key], sub, at(key), errors) and ok
        for pattern, sub in schema.get("patternProperties", {}).items():
            for key in value:
                if _js_regex(pattern).search(str(key)):
                    inspected.add(key)
                    ok = self._check(value[key], sub, at(key), errors) and ok
        if "additionalProperties" in schema:
            for key in value:
                if key not in inspected:
                    ok = self._check(value[key], schema["additionalProperties"], at(key), errors) and ok
        if "propertyNames" in schema:
            for key in value:
                ok = self._check(str(key), schema["propertyNames"], at(key), errors) and ok
        for key in schema.get("required", []):
            if key not in value:
                errors.append(SchemaError(where, f"missing required field '{key}'"))
                ok = False
        return ok

    @staticmethod
    def _type(ok, value, expected, where, errors) -> bool:
        if not ok:
            errors.append(SchemaError(where, f"must be {expected}, got {value!r}"))
        return ok


@lru_cache(maxsize=4)
def _load(path: str) -> QuartoSchema:
    with open(path, encoding="utf-8") as handle:
        return QuartoSchema(json.load(handle))


@lru_cache(maxsize=None)
def _js_regex(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def _same(value, allowed) -> bool:
    # JavaScript's === : true is not 1, and 1 is 1.0.
    if isinstance(value, bool) or isinstance(allowed, bool):
        return isinstance(value, bool) and isinstance(allowed, bool) and value == allowed
    return value == allowed and type(value) is not dict and type(value) is not list


def _plain(value):
    """YAML as JavaScript sees it: dates stay strings, keys are strings."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
