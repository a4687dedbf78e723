"""JSON Schemas for editors, generated from the content model (never written by hand).

One schema per kind of content file (``scheme``, ``induction``, ``safeguarding``,
``leaflet``, ``service``, ``cohort``), written to ``schemas/<kind>.schema.json``. Each
shipped YAML file's first line points an editor at its schema::

    # yaml-language-server: $schema=../schemas/scheme.schema.json

so editors using the YAML language server (VS Code's YAML extension and others)
autocomplete field names and flag mistakes while the coordinator types. DESIGN.md:
"The JSON Schemas that editors use for autocompletion are generated from it [the
model], never written by hand."
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from . import model
from .content import FOLDERS, SINGLE_FILES
from .writing import opened_folder, replace_in_folder

SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"
"""Declared dialect: draft-07 is the one every YAML language server supports; what
pydantic emits here (``$ref`` to ``#/$defs/...``, ``anyOf``, ``enum``, ``pattern``,
``additionalProperties``) reads the same in draft-07 and 2020-12."""
COMMENT_PREFIX = "# yaml-language-server: $schema="


class _EditorSchema(GenerateJsonSchema):
    """Pydantic's generator, with text fields that also accept numbers.

    Editors read YAML 1.2, where ``0123`` or ``1.10`` is a number; the one YAML reader
    keeps such values as the text written (``placements.yamlio``), so a text field must
    accept them in the editor too, or the editor would flag what ``check`` accepts.
    ``true``/``false`` stay errors in both.
    """

    def str_schema(self, schema: Any) -> JsonSchemaValue:
        result = super().str_schema(schema)
        result["type"] = ["string", "number"]
        return result


def kinds() -> dict[str, type[model.Model]]:
    """Return kind -> model class: the single files by stem, folders in the singular."""
    result = dict(SINGLE_FILES)
    result.update({folder.rstrip("s"): cls for folder, cls in FOLDERS.items()})
    return result


def kind_of(content_path: Path, content_root: Path) -> str | None:
    """Return the kind of the content file at ``content_path`` (``None`` if not content).

    ``content/scheme.yaml`` -> ``scheme``; ``content/services/x.yaml`` -> ``service``.
    """
    relative = content_path.relative_to(content_root)
    if len(relative.parts) == 1:
        return relative.stem if relative.stem in SINGLE_FILES else None
    if len(relative.parts) == 2 and relative.parts[0] in FOLDERS:
        return relative.parts[0].rstrip("s")
    return None


def schema_for(kind: str) -> dict[str, Any]:
    """Return the JSON Schema for files of ``kind`` (see :data:`SCHEMA_DIALECT`).

    Raises:
        KeyError: ``kind`` is not a kind of content file.
    """
    cls = kinds()[kind]
    schema = cls.model_json_schema(mode="validation", schema_generator=_EditorSchema)
    return {"$schema": SCHEMA_DIALECT, **schema}


def render(kind: str) -> str:
    """Return the schema for ``kind`` as the text written to its file (stable, sorted)."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def file_name(kind: str) -> str:
    """Return ``<kind>.schema.json``."""
    return f"{kind}.schema.json"


def stale(folder: Path) -> list[str]:
    """Return the kinds whose file in ``folder`` is missing or differs from the model."""
    out = []
    for kind in kinds():
        path = folder / file_name(kind)
        if not path.is_file() or path.read_text(encoding="utf-8") != render(kind):
            out.append(kind)
    return out


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into ``folder``; return the files that changed.

    Each file is written to a temporary file beside it and moved into place, so an
    interrupted run never leaves half a schema. Unchanged files are not touched.

    Raises:
        UnsafePathError: ``folder`` is a symbolic link (the files would land wherever
            it points; found by the fifteenth security trial).
    """
    changed = []
    # one descriptor of the folder, reached without following links: through a link (or
    # one swapped in half-way) the files would land wherever it points
    with opened_folder(folder, folder.parent, create=True) as folder_fd:
        for kind in kinds():
            path = folder / file_name(kind)
            text = render(kind)
            if path.is_file() and path.read_text(encoding="utf-8") == text:
                continue
            replace_in_folder(folder_fd, path.name, text, path)
            changed.append(path)
    return changed


def schema_comment(kind: str, content_file: Path, schemas: Path) -> str:
    """Return the ``yaml-language-server`` comment line for ``content_file`` of ``kind``.

    The path is relative to the file's folder, as the language server resolves it.
    """
    target = Path(os.path.relpath(schemas / file_name(kind), content_file.parent))
    return f"{COMMENT_PREFIX}{target.as_posix()}"
