"""Problems found in content, and the exceptions the library raises.

The library collects :class:`Problem` objects and raises small exceptions; only the
CLI turns them into messages and exit codes ("library raises, CLI translates",
DESIGN.md).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    """How bad a problem is: errors stop the build, warnings do not (unless strict)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in one content file.

    Attributes:
        path: file the problem is in, as given to the loader (usually relative to the
            project root, e.g. ``content/services/maple-ward.yaml``).
        line: 1-based line number, 0 when the problem belongs to the whole file.
        column: 1-based column number, 0 when unknown.
        field: dotted field path inside the file (``officers.2.placement.0.service``),
            or ``""`` for the whole file.
        message: what was expected, in plain English.
        got: the offending value as written, or ``None`` when there is nothing to show.
        severity: :class:`Severity`.
    """

    path: str
    line: int
    column: int
    field: str
    message: str
    got: str | None = None
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """Return ``path:line:col: field: message (got value)`` on one line."""
        where = f"{self.path}:{self.line}:{self.column}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        if self.got is not None:
            text += f" (got {self.got})"
        if self.severity is Severity.WARNING:
            text += " [warning]"
        return text

    def as_error(self) -> Problem:
        """Return this problem with severity error (for ``--strict``)."""
        return dataclasses.replace(self, severity=Severity.ERROR)

    def as_dict(self) -> dict[str, object]:
        """Return the problem as a JSON-ready dict (keys as the dataclass fields)."""
        data = asdict(self)
        data["severity"] = str(self.severity)
        return data


def summary(problems: Iterable[Problem]) -> str:
    """Return one summary line such as ``3 errors, 1 warning in 2 files``."""
    items = list(problems)
    errors = sum(1 for p in items if p.severity is Severity.ERROR)
    warnings = len(items) - errors
    files = len({p.path for p in items})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}" + ("" if n == 1 else "s")

    if not items:
        return "no problems found"
    return f"{plural(errors, 'error')}, {plural(warnings, 'warning')} in {plural(files, 'file')}"


def to_json(problems: Iterable[Problem]) -> str:
    """Return the problems as a JSON list (one object per problem, stable order)."""
    return json.dumps([p.as_dict() for p in problems], indent=2, ensure_ascii=False)


def quote(value: object, limit: int = 60) -> str:
    """Return ``value`` quoted for a message, shortened to ``limit`` characters."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return json.dumps(text, ensure_ascii=False)


def relative(path: Path, root: Path | None = None) -> str:
    """Return ``path`` relative to ``root`` (or the working directory) when inside it.

    Only the folders above ``path`` are resolved, never ``path`` itself: a symbolic link
    is shown where it is, not where it points. A folder changing while it is resolved
    (a link swapped in and out: ``realpath`` then fails) leaves the path unresolved.
    """
    base = _resolved(root or Path.cwd())
    where = path.absolute()
    where = _resolved(where.parent) / where.name
    try:
        return str(where.relative_to(base))
    except ValueError:
        return str(path)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # e.g. EINVAL: a link became a folder between two system calls
        return path.absolute()


class PlacementsError(Exception):
    """Base class of every error the library raises on purpose."""


class ContentError(PlacementsError):
    """Content has errors; ``problems`` holds every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(summary(problems))


class BuildError(PlacementsError):
    """A build step (site or PDF) failed for a reason other than content errors."""


class OutputExistsError(PlacementsError):
    """A scaffolding command refused to overwrite an existing file."""


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based ``(line, column)`` of character ``offset`` (0-based) in ``text``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
