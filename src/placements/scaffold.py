"""Scaffolding: new content files with the dates worked out, never overwriting anything.

``content/`` is the coordinator's (DESIGN.md): the only writes the product makes there
are new files, created whole and only if no file of that name exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

import holidays

from . import model
from .content import FOLDERS, is_slug, load_file
from .problems import ContentError, PlacementsError, Severity
from .schedule import dates_from
from .schemas import schema_comment
from .writing import write_new_file

DEFAULT_INDUCTION = model.Hours(start=time(9, 0), end=time(16, 30))
"""Induction hours when ``induction.yaml`` cannot be read (the shipped day's hours)."""
REFLECTIVE_START = time(14, 0)
"""Reflective practice starts at 14:00 on the last placement day (the pilot's pattern)."""
FEEDBACK_START = time(10, 0)
"""The feedback session starts at 10:00 on its day (the pilot's pattern)."""


class InvalidIdError(PlacementsError):
    """A cohort id is not a slug (lower-case letters, digits, single hyphens)."""


@dataclass(frozen=True)
class CohortDates:
    """The dates of a new cohort (UK calendar dates; times are UK local time).

    Attributes:
        induction: the induction day: the working day a week before the placement
            starts, or the nearest working day before that.
        placement_start: first placement day (as given).
        last_day: last placement day.
        reflective_practice: the last placement day, or the nearest working day before.
        feedback: the first working day after the placement.
    """

    induction: date
    placement_start: date
    last_day: date
    reflective_practice: date
    feedback: date


def _working(day: date, bank: holidays.HolidayBase) -> bool:
    return day.weekday() < 5 and day not in bank


def plan_dates(scheme: model.Scheme, start: date) -> CohortDates:
    """Work out a cohort's dates from its placement start.

    Source: an induction day at the trust comes before the placement, reflective
    practice at its end, then the feedback session (DOMAIN.md). Working days skip
    weekends and England and Wales bank holidays (the ``holidays`` library).
    """
    days = dates_from(scheme, start)
    last = days[-1]
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year - 1, last.year + 2))
    induction = start - timedelta(days=7)
    while not _working(induction, bank):
        induction -= timedelta(days=1)
    reflective = last
    while not _working(reflective, bank) and reflective > start:
        reflective -= timedelta(days=1)
    feedback = last + timedelta(days=1)
    while not _working(feedback, bank):
        feedback += timedelta(days=1)
    return CohortDates(induction, start, last, reflective, feedback)


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _not_working(scheme: model.Scheme, start: date) -> list[tuple[date, str]]:
    """Return the placement days that fall on a weekend or a bank holiday, with why."""
    days = dates_from(scheme, start)
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, days[-1].year + 1))
    found = []
    for day in days:
        if day in bank:
            found.append((day, f"a bank holiday ({bank[day]})"))
        elif day.weekday() >= 5:
            found.append((day, "a weekend"))
    return found


def _plus(start: time, minutes: int) -> time:
    return (datetime.combine(date.min, start) + timedelta(minutes=minutes)).time()


def cohort_text(
    scheme: model.Scheme,
    cohort_id: str,
    start: date,
    *,
    officers: int,
    induction_hours: model.Hours,
    comment: str,
) -> str:
    """Return the YAML text of a new cohort file (valid; ``check`` warns on placeholders).

    Args:
        scheme: the scheme (placement length, session lengths, setting of each week).
        cohort_id: the cohort id (the file name without ``.yaml``).
        start: the first placement day.
        officers: how many placeholder officers to list (at least 1).
        induction_hours: the induction day's start and end.
        comment: the ``yaml-language-server`` schema comment for the first line.
    """
    d = plan_dates(scheme, start)
    reflective_end = _plus(REFLECTIVE_START, scheme.reflective_practice.duration_minutes)
    feedback_end = _plus(FEEDBACK_START, scheme.feedback_session.duration_minutes)
    weeks = ", ".join(
        f"week {i} {scheme.setting(s).name.lower()}"
        for i, s in enumerate(scheme.placement.weeks, 1)
    )
    lines = [
        comment,
        f"# Cohort {cohort_id}, made by `placements new-cohort`. Placement: {weeks}.",
        f"# Placement days: {_day(start)} to {_day(d.last_day)}.",
        *(f"# Note: {_day(day)} is {why}." for day, why in _not_working(scheme, start)),
        f"# Replace each '{model.PLACEHOLDER}' name and add each officer's placements, e.g.",
        "#       - week: 1",
        "#         service: <a service's file name, e.g. cert>",
        "#         buddy: <the buddy's role>",
        "# `placements check` lists what is still to fill in. Names are personal data.",
        "",
        f"name: Cohort starting {start.day} {start:%B %Y}",
        "status: planned",
        "",
        "induction:",
        f"  date: {d.induction.isoformat()}",
        f'  start: "{induction_hours.start:%H:%M}"',
        f'  end: "{induction_hours.end:%H:%M}"',
        "",
        f"placement_start: {start.isoformat()}",
        "",
        "reflective_practice:",
        f"  date: {d.reflective_practice.isoformat()}",
        f'  start: "{REFLECTIVE_START:%H:%M}"',
        f'  end: "{reflective_end:%H:%M}"',
        "",
        "feedback_session:",
        f"  date: {d.feedback.isoformat()}",
        f'  start: "{FEEDBACK_START:%H:%M}"',
        f'  end: "{feedback_end:%H:%M}"',
        "",
        "officers:",
    ]
    for n in range(1, officers + 1):
        lines += [
            f"  - id: so-{n:02d}",
            f"    name: {model.PLACEHOLDER} officer {n}",
            "    placements: []",
        ]
    return "\n".join(lines) + "\n"


def new_cohort(
    content: Path,
    cohort_id: str,
    start: date,
    *,
    officers: int = 8,
    display_root: Path | None = None,
) -> Path:
    """Write ``content/cohorts/<cohort_id>.yaml`` for a cohort whose placement starts on ``start``.

    Dates come from :func:`plan_dates`; the induction day's hours from ``induction.yaml``
    (first session's start to last session's end) when it is valid.

    Returns:
        The path written.

    Raises:
        InvalidIdError: ``cohort_id`` is not a slug.
        ContentError: ``scheme.yaml`` has errors (the dates depend on it).
        OutputExistsError: the cohort file already exists (nothing is written).
    """
    if not is_slug(cohort_id) or len(cohort_id) > 60:
        raise InvalidIdError(
            f"{cohort_id!r} is not a valid cohort id: use lower-case letters, digits and "
            "single hyphens, e.g. 2026-09-autumn"
        )
    if officers < 1:
        raise ValueError("officers must be at least 1")
    scheme, problems = load_file(content / "scheme.yaml", model.Scheme, display_root=display_root)
    if scheme is None:
        raise ContentError([p for p in problems if p.severity is Severity.ERROR] or problems)
    assert isinstance(scheme, model.Scheme)
    induction, _ = load_file(content / "induction.yaml", model.Induction)
    hours = DEFAULT_INDUCTION
    if isinstance(induction, model.Induction):
        hours = model.Hours(start=induction.sessions[0].start, end=induction.sessions[-1].end)
    folder = next(name for name, cls in FOLDERS.items() if cls is model.Cohort)
    path = content / folder / f"{cohort_id}.yaml"
    comment = schema_comment("cohort", path, content.parent / "schemas")
    text = cohort_text(
        scheme, cohort_id, start, officers=officers, induction_hours=hours, comment=comment
    )
    # content/ itself too: a linked content folder took the new file outside the project
    # (the fifteenth security trial)
    write_new_file(path, text, within=content.parent)
    return path
