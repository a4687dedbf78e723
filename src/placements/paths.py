"""Safe output paths: ids and slugs become file names only after validation.

Cohort ids and officer ids come from content and become file names
(``dist/cohorts/<cohort-id>/<officer-id>.pdf``). The model already requires them to be
slugs; :func:`child` checks again at the moment a path is made, so no value (however it
got past the model) can name a file outside the output folder.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import SLUG_PATTERN
from .problems import BuildError

_SLUG = re.compile(SLUG_PATTERN)


class UnsafePathError(BuildError):
    """A name from content would not make a safe file name inside the output folder."""


def child(folder: Path, name: str, suffix: str = "") -> Path:
    """Return ``folder / (name + suffix)`` once ``name`` is proven a safe file name.

    Args:
        folder: the output folder the file must stay in.
        name: an id or slug from content: lower-case letters, digits and single hyphens
            (:data:`placements.model.SLUG_PATTERN`), so never ``/``, ``\\``, ``..``, an
            absolute path, a drive letter or an empty name.
        suffix: appended to the name, e.g. ``".pdf"`` or ``"-all.pdf"``.

    Raises:
        UnsafePathError: when ``name`` is not a slug, or the result would leave ``folder``.
    """
    if not isinstance(name, str) or not _SLUG.fullmatch(name):
        raise UnsafePathError(
            f"{name!r} cannot be used as a file name: expected lower-case letters, digits "
            "and single hyphens"
        )
    path = folder / f"{name}{suffix}"
    if path.resolve().parent != folder.resolve():
        raise UnsafePathError(f"{name!r} would be written outside {folder}")
    return path
