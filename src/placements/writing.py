"""Writing files safely: a temporary file beside the target, then an atomic rename."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from .paths import UnsafePathError


def refuse_links(path: Path, within: Path | None = None) -> None:
    """Raise if ``path``, or a folder between ``within`` and it, is a symbolic link.

    A content file or folder that is a link would make a write land wherever the link
    points (outside the project, or another person's file). Without ``within``, ``path``
    and its own folder are checked.

    Raises:
        UnsafePathError: naming the link; nothing has been written.
    """
    stop = within.absolute() if within is not None else path.absolute().parent.parent
    here = path.absolute()
    while here != stop and here != here.parent:
        if here.is_symlink():
            raise UnsafePathError(
                f"{here} is a symbolic link; content files and folders must be real ones "
                "inside the project: nothing was written"
            )
        here = here.parent


def write_text_atomic(path: Path, text: str, *, within: Path | None = None) -> Path:
    """Replace ``path`` with ``text`` (UTF-8) so a reader never sees half a file; return ``path``.

    The text goes to a new temporary file with a unique name in the same folder
    (created exclusively, so no file or link of that name is followed), is flushed to
    disk, then renamed over ``path`` (``os.replace`` is atomic on one file system).

    Raises:
        UnsafePathError: ``path`` or a folder up to ``within`` is a symbolic link
            (:func:`refuse_links`).
    """
    refuse_links(path, within)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        # mkstemp makes the file private (0600): keep the mode the file had.
        if path.exists():
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
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
