"""Writing files safely: a temporary file beside the target, then an atomic rename."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomic(path: Path, text: str) -> Path:
    """Replace ``path`` with ``text`` (UTF-8) so a reader never sees half a file; return ``path``.

    The text goes to ``.<name>.tmp`` in the same folder, is flushed to disk, then renamed
    over ``path`` (``os.replace`` is atomic on one file system).
    """
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def round_trip_yaml():
    """Return a ruamel.yaml ``YAML`` object that keeps comments, order, quotes and layout.

    Indentation matches the shipped content files: mappings by 2 spaces, list items
    as ``  - `` under their key. Long lines are never re-wrapped.
    """
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
