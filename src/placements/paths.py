"""Safe output paths: ids and slugs become file names only after validation.

Cohort ids and officer ids come from content and become file names
(``dist/cohorts/<cohort-id>/<officer-id>.pdf``). The model already requires them to be
slugs; :func:`child` checks again at the moment a path is made, so no value (however it
got past the model) can name a file outside the output folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from .content import Content
from .model import SLUG_PATTERN
from .problems import BuildError, Problem, quote

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


def check_output_names(content: Content) -> Iterator[Problem]:
    """Officer ids that would name the same file as another cohort output are errors.

    A cohort folder holds ``<officer-id>.pdf``, ``<cohort-id>-all.pdf`` and
    ``rota-<service>.pdf``: an officer id of ``<cohort-id>-all`` or one starting
    ``rota-`` would overwrite (or be overwritten by) another output.
    """
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            if officer.id == f"{cohort_id}-all":
                clash = "the file of the whole cohort's workbooks"
            elif officer.id.startswith("rota-"):
                clash = "a service's rota (ids starting rota- are reserved)"
            else:
                continue
            yield content.locate(
                "cohort",
                cohort_id,
                ("officers", i, "id"),
                f"this id would name the same file as {clash}; choose another, e.g. so-01",
                quote(officer.id),
            )
