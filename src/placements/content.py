"""Load the whole ``content/`` folder into validated model objects.

:func:`load_content` reads every file with the one YAML reader, validates it against
its model class, and turns every validation error into a located :class:`Problem`
(``path:line:col: field: message (got value)``). It collects problems from every file
before returning ("collect, then stop", DESIGN.md).
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model
from .problems import ContentError, Problem, Severity, quote, relative
from .yamlio import Document, Loc, dotted, read_yaml

SINGLE_FILES: dict[str, type[model.Model]] = {
    "scheme": model.Scheme,
    "induction": model.Induction,
    "safeguarding": model.Safeguarding,
    "leaflet": model.Leaflet,
    "glossary": model.Glossary,
}
"""File stem -> model class for the files that sit directly in ``content/``."""

OPTIONAL_FILES: set[str] = {"glossary"}
"""Single files a project may leave out; the matching :class:`Content` field is then ``None``."""

FOLDERS: dict[str, type[model.Model]] = {
    "services": model.Service,
    "cohorts": model.Cohort,
}
"""Folder name -> model class for the one-file-per-item folders of ``content/``."""


@dataclass
class Content:
    """Every content file, validated.

    Attributes:
        root: the content folder.
        scheme, induction, safeguarding, leaflet, glossary: the single files (``glossary``
            is ``None`` when ``content/glossary.yaml`` does not exist).
        services: slug -> :class:`model.Service`, in slug order.
        cohorts: cohort id -> :class:`model.Cohort`, in id order.
        sources: display path -> :class:`Document`, for locating cross-file problems.
        paths: ``("service", slug)``, ``("cohort", id)`` or ``(stem, "")`` -> display path.
        broken: keys (as in ``paths``) of service and cohort files that had errors and
            are therefore missing from ``services``/``cohorts``; rules skip references
            to them rather than report them as unknown.
    """

    root: Path
    scheme: model.Scheme
    induction: model.Induction
    safeguarding: model.Safeguarding
    leaflet: model.Leaflet
    glossary: model.Glossary | None
    services: dict[str, model.Service]
    cohorts: dict[str, model.Cohort]
    sources: dict[str, Document] = field(default_factory=dict, repr=False)
    paths: dict[tuple[str, str], str] = field(default_factory=dict, repr=False)
    broken: set[tuple[str, str]] = field(default_factory=set, repr=False)

    def capacity(self, slug: str) -> int:
        """Officers ``slug`` may host at one time (its own figure or the scheme default)."""
        own = self.services[slug].capacity
        return own if own is not None else self.scheme.placement.default_capacity

    def capacity_on(self, slug: str, day: date) -> int:
        """Officers ``slug`` may host on ``day``: 0 when unavailable, else any change, else usual.

        Source: no more than two officers per service at a time (DOMAIN.md), with the
        service's ``unavailable`` and ``capacity_changes`` date ranges.
        """
        service = self.services[slug]
        if any(u.covers(day) for u in service.unavailable):
            return 0
        for change in service.capacity_changes:
            if change.covers(day):
                return change.capacity
        return self.capacity(slug)

    def unavailable_reason(self, slug: str, day: date) -> str | None:
        """Why ``slug`` cannot host on ``day``, or ``None`` when it can."""
        return next((u.reason for u in self.services[slug].unavailable if u.covers(day)), None)

    def hours(self, slug: str) -> model.Hours:
        """Opening hours of service ``slug`` (its own or the scheme's service hours)."""
        return self.services[slug].hours or self.scheme.service_hours

    def locate(
        self,
        kind: str,
        key: str,
        loc: Loc,
        message: str,
        got: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Problem:
        """Return a :class:`Problem` at field ``loc`` of file ``(kind, key)``."""
        path = self.paths[(kind, key)]
        doc = self.sources[path]
        line, col = doc.locate(loc)
        return Problem(path, line, col, dotted(loc), message, got, severity)


def load_content(
    root: Path, *, display_root: Path | None = None
) -> tuple[Content | None, list[Problem]]:
    """Read and validate every file under ``root`` (the ``content/`` folder).

    Args:
        root: the content folder.
        display_root: paths in problems are shown relative to this (default: the
            working directory).

    Returns:
        ``(content, problems)``: ``problems`` lists every error and warning in every
        file, in file order. ``content`` is ``None`` when one of the single files
        (scheme, induction, safeguarding, leaflet, glossary) has an error; otherwise it holds every
        service and cohort that validated, so the cross-file rules can still run on them
        (see :mod:`placements.rules`) and one typo does not hide the next. Callers must
        not build from content while ``problems`` holds an error.
    """
    problems: list[Problem] = []
    sources: dict[str, Document] = {}
    paths: dict[tuple[str, str], str] = {}
    singles: dict[str, model.Model | None] = {}
    absent: set[str] = set()  # optional files left out
    folders: dict[str, dict[str, model.Model | None]] = {name: {} for name in FOLDERS}

    if not root.is_dir():
        shown = relative(root, display_root)
        return None, [Problem(shown, 0, 0, "", "the content folder does not exist")]

    for stem, cls in SINGLE_FILES.items():
        path = root / f"{stem}.yaml"
        shown = relative(path, display_root)
        paths[(stem, "")] = shown
        if path.is_symlink():
            problems.append(_symlink_problem(shown))
            singles[stem] = None
            continue
        if not path.is_file() and stem in OPTIONAL_FILES:
            absent.add(stem)
            singles[stem] = None
            continue
        if not path.is_file():
            problems.append(Problem(shown, 0, 0, "", f"the file is missing; it holds the {stem}"))
            singles[stem] = None
            continue
        singles[stem] = _load_one(path, shown, cls, problems, sources)

    for folder, cls in FOLDERS.items():
        kind = folder.rstrip("s")
        if (root / folder).is_symlink():
            problems.append(_symlink_problem(relative(root / folder, display_root)))
            continue
        for path in sorted((root / folder).glob("*")):
            shown = relative(path, display_root)
            if path.suffix.lower() == ".yml" or (
                path.suffix.lower() == ".yaml" and path.suffix != ".yaml"
            ):
                problems.append(
                    Problem(shown, 0, 0, "", "content files end in .yaml; rename this file")
                )
                continue
            if path.is_symlink():  # hidden ones too: a writer's temporary name must not be a link
                problems.append(_symlink_problem(shown))
                continue
            if path.suffix != ".yaml" or path.name.startswith("."):
                continue
            if not is_slug(path.stem):
                problems.append(
                    Problem(
                        shown,
                        0,
                        0,
                        "",
                        "the file name must be lower-case letters, digits and single hyphens "
                        "(it becomes a web address), e.g. maple-ward.yaml",
                        quote(path.name),
                    )
                )
                continue
            paths[(kind, path.stem)] = shown
            folders[folder][path.stem] = _load_one(path, shown, cls, problems, sources)
        if not folders[folder] and folder == "services":
            problems.append(
                Problem(relative(root / folder, display_root), 0, 0, "", "no service files found")
            )

    if any(item is None for stem, item in singles.items() if stem not in absent):
        return None, problems
    broken = {
        (folder.rstrip("s"), key)
        for folder, items in folders.items()
        for key, item in items.items()
        if item is None
    }
    content = Content(
        root=root,
        scheme=typing.cast(model.Scheme, singles["scheme"]),
        induction=typing.cast(model.Induction, singles["induction"]),
        safeguarding=typing.cast(model.Safeguarding, singles["safeguarding"]),
        leaflet=typing.cast(model.Leaflet, singles["leaflet"]),
        glossary=typing.cast(model.Glossary | None, singles["glossary"]),
        services={k: typing.cast(model.Service, v) for k, v in folders["services"].items() if v},
        cohorts={k: typing.cast(model.Cohort, v) for k, v in folders["cohorts"].items() if v},
        sources=sources,
        paths=paths,
        broken=broken,
    )
    return content, problems


def _symlink_problem(shown: str) -> Problem:
    """A content file that is a symbolic link: refused, whatever it points at.

    Source: the issue "Information governance and security" (nothing outside the
    project reaches a page); a link could pull in any file the build can read.
    """
    return Problem(
        shown,
        0,
        0,
        "",
        "this is a symbolic link; content files and folders must be real ones in the "
        "content folder: copy the file here instead",
    )


def load_or_raise(root: Path, *, display_root: Path | None = None) -> Content:
    """Like :func:`load_content` plus the cross-file rules; raise on any error.

    Raises:
        ContentError: with every problem (errors and warnings) when any is an error.
    """
    from .rules import check_rules  # rules build on this module

    content, problems = load_content(root, display_root=display_root)
    if content is not None:
        problems += check_rules(content)
    if content is None or any(p.severity is Severity.ERROR for p in problems):
        raise ContentError(problems)
    return content


def load_file(
    path: Path, cls: type[model.Model], *, display_root: Path | None = None
) -> tuple[model.Model | None, list[Problem]]:
    """Read and validate one content file against ``cls``, on its own.

    Returns:
        ``(item, problems)``; ``item`` is ``None`` when the file has an error.
    """
    problems: list[Problem] = []
    shown = relative(path, display_root)
    if not path.is_file():
        return None, [Problem(shown, 0, 0, "", "the file is missing")]
    item = _load_one(path, shown, cls, problems, {})
    return item, problems


def is_slug(text: str) -> bool:
    """Return True when ``text`` is a slug (:data:`placements.model.SLUG_PATTERN`)."""
    return re.fullmatch(model.SLUG_PATTERN, text) is not None


def _load_one(
    path: Path,
    shown: str,
    cls: type[model.Model],
    problems: list[Problem],
    sources: dict[str, Document],
) -> model.Model | None:
    doc = read_yaml(path, shown)
    sources[shown] = doc
    problems.extend(doc.problems)
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(
            Problem(shown, 1, 1, "", "expected fields (name: value lines) at the top of the file")
        )
        return None
    try:
        return cls.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, doc, cls))
        return None


def validation_problems(exc: ValidationError, doc: Document, cls: type[BaseModel]) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into located problems in plain English.

    Args:
        exc: the error raised by ``cls.model_validate(doc.data)``.
        doc: the document the data came from (for positions).
        cls: the model class that was validated (for did-you-mean suggestions).
    """
    errors = exc.errors(include_url=False)
    misspelt = _misspelt_fields(errors, cls)
    result = []
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        if doc.refused(loc) or (kind == "missing" and loc in misspelt):
            continue  # the reader's problem, or the did-you-mean of an unknown key, says it
        if "at" in ctx:  # a check across fields names the field it is about
            loc = (*loc, *(int(p) if p.isdigit() else p for p in str(ctx["at"]).split(".")))
            value = ctx.get("got", value)
        message = _message(err, cls, loc)
        if isinstance(value, dict | list) or kind == "missing":
            got = None
        elif value is None:
            got = "nothing"
        else:
            got = quote(doc.written.get(loc, value) if not isinstance(value, str) else value)
        line, col = doc.locate(loc, key=kind in ("extra_forbidden", "missing"))
        result.append(Problem(doc.path, line, col, dotted(loc), message, got))
    return sorted(result, key=lambda p: (p.line, p.column))


def _misspelt_fields(errors: list[Any], cls: type[BaseModel]) -> set[Loc]:
    """Return the locations of missing fields that an unknown key is a close spelling of.

    ``sumary:`` gives both "unknown field ``sumary``" and "missing ``summary``"; the
    first, with its did-you-mean, is the one worth reading.
    """
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    found: set[Loc] = set()
    for err in errors:
        if err["type"] != "extra_forbidden":
            continue
        loc = tuple(err["loc"])
        guess = _closest(str(loc[-1]), sorted(field_names_at(cls, loc[:-1])))
        if guess and (*loc[:-1], guess) in missing:
            found.add((*loc[:-1], guess))
    return found


def _closest(word: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def _message(err: Any, cls: type[BaseModel], loc: Loc) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "missing":
        return "this required field is missing"
    if kind == "extra_forbidden":
        allowed = sorted(field_names_at(cls, loc[:-1]))
        close = _closest(str(loc[-1]), allowed)
        if close:
            return f"unknown field; did you mean {close!r}?"
        return f"unknown field (allowed here: {', '.join(allowed)})"
    if kind in ("string_type",):
        if isinstance(value, bool):
            return 'expected text; write the value in quotes, e.g. "true"'
        if value is None:
            return "expected text, but the value is empty"
        if isinstance(value, dict | list):
            kind_of = "a list" if isinstance(value, list) else "a group of fields"
            return f"expected text, not {kind_of}"
        return "expected text"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "expected a whole number"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bounds = _bounds(cls, loc)
        return f"expected a whole number from {bounds[0]} to {bounds[1]}" if bounds else err["msg"]
    if kind in ("bool_type", "bool_parsing"):
        return "expected true or false"
    if kind == "list_type":
        if isinstance(value, str) and re.match(r"-[^\s-]", value):
            return "expected a list; a list item needs a space after its '-' (write '- ' then the item)"
        return "expected a list (one '- ' line per item)"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        target = _unwrap(_annotation_at(cls, loc))
        fields = (
            target.model_fields
            if isinstance(target, type) and issubclass(target, BaseModel)
            else {}
        )
        required = [name for name, info in fields.items() if info.is_required()]
        if required and len(required) == len(fields):
            which = f" ({', '.join(required)})"
        elif required:
            which = f" (such as {', '.join(required)})"
        else:
            which = ""
        return f"expected a group of fields{which}, each on its own line indented under this one"
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return f"expected at least {n} item{'s' if n != 1 else ''}"
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} items"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"too long: at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        info = _field_info(cls, loc)
        about = info.description.rstrip(".") if info and info.description else ""
        what = f" ({about[:1].lower()}{about[1:]})" if about else ""
        message = f"expected lower-case letters, digits and single hyphens{what}"
        slug = "-".join(re.findall(r"[a-z0-9]+", str(value).lower()))
        if re.fullmatch(r"[\w\s-]+", str(value)) and slug and slug != value:
            message += f"; did you mean {slug!r}?"
        return message
    if kind == "literal_error":
        info = _field_info(cls, loc)
        options = [str(o) for o in typing.get_args(_unwrap(info.annotation))] if info else []
        close = _closest(str(value).strip().lower(), options) if options else None
        hint = f"; did you mean {close!r}?" if close else ""
        return f"expected one of: {ctx.get('expected')}{hint}"
    if kind in ("value_error", "assertion_error"):
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"])


def _annotation_at(cls: type[BaseModel], loc: Loc) -> Any:
    """Return the type annotation found by walking ``loc`` down from ``cls``."""
    current: Any = cls
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            current = info.annotation if info else None
        else:
            return None
    return current


def _unwrap(annotation: Any) -> Any:
    """Strip ``Optional``/``Annotated`` wrappers; keep ``list[...]`` as is."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0] if len(options) == 1 else annotation
            if len(options) != 1:
                return annotation
        else:
            return annotation


def field_names_at(cls: type[BaseModel], loc: Loc) -> set[str]:
    """Return the field names the model allows at ``loc`` (empty when not a model)."""
    target = _unwrap(_annotation_at(cls, loc))
    if isinstance(target, type) and issubclass(target, BaseModel):
        return set(target.model_fields)
    return set()


def _field_info(cls: type[BaseModel], loc: Loc) -> Any:
    """Return the pydantic ``FieldInfo`` of the field at ``loc`` (of its list, for an item)."""
    while loc and isinstance(loc[-1], int):
        loc = loc[:-1]
    if not loc:
        return None
    parent = _unwrap(_annotation_at(cls, loc[:-1]))
    if not (isinstance(parent, type) and issubclass(parent, BaseModel)):
        return None
    return parent.model_fields.get(str(loc[-1]))


def _bounds(cls: type[BaseModel], loc: Loc) -> tuple[int, int] | None:
    info = _field_info(cls, loc)
    if info is None:
        return None
    low = high = None
    for meta in info.metadata:
        low = getattr(meta, "ge", low)
        high = getattr(meta, "le", high)
    return (low, high) if low is not None and high is not None else None
