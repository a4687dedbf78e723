"""What goes into a community engagement workbook, worked out from the model.

:func:`officer_workbook` turns one officer of one cohort into a :class:`Workbook`
(plain data the templates lay out); :func:`blank_workbook` gives the public, unnamed
version. Templates never compute dates or look up services themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from . import model
from .content import Content
from .schedule import officer_days, week_dates


@dataclass(frozen=True)
class WeekPlan:
    """One placement week of the plan page.

    Attributes:
        week: 1-based week number.
        setting: the setting's display name (e.g. "Ward").
        service: the service (``None`` in the blank workbook or when not yet allocated).
        dates: the week's placement dates (empty in the blank workbook).
        buddy: the buddy's role, or ``None``.
        shift: the shift label (``09:00 to 17:00``, UK local time), or ``None``.
        shifts: how many shifts (placement days) the week has: ``days_per_week`` in
            ``scheme.yaml``.
    """

    week: int
    setting: str
    service: model.Service | None
    dates: list[date]
    buddy: str | None
    shift: str | None
    shifts: int = 0


@dataclass(frozen=True)
class DayRecord:
    """One daily record page: the day number, its date, service and shift (or blanks).

    ``shift`` is a label such as ``09:00 to 17:00`` (UK local time), or ``None``.
    """

    number: int
    date: date | None
    service: str | None
    shift: str | None = None


@dataclass(frozen=True)
class Workbook:
    """Everything one workbook shows.

    Attributes:
        key: a slug for file and form field names (``so-01``, or ``blank``).
        officer: the officer's name, or ``None`` for the blank workbook.
        cohort: the cohort's name, or ``None``.
        induction: the induction day's date, or ``None``.
        first_day, last_day: the placement's first and last days, or ``None``.
        weeks: one :class:`WeekPlan` per placement week.
        services: the officer's services in week order (for the profile pages).
        days: one :class:`DayRecord` per placement day.
        reflective_practice, feedback_session: the cohort's events, or ``None``.
    """

    key: str
    officer: str | None
    cohort: str | None
    induction: date | None
    first_day: date | None
    last_day: date | None
    weeks: list[WeekPlan]
    services: list[model.Service] = field(default_factory=list)
    days: list[DayRecord] = field(default_factory=list)
    reflective_practice: model.Event | None = None
    feedback_session: model.Event | None = None

    @property
    def blank(self) -> bool:
        """``True`` for the public, unnamed workbook (its plan and dates are fields)."""
        return self.officer is None


def officer_workbook(content: Content, cohort: model.Cohort, officer: model.Officer) -> Workbook:
    """Return the workbook of ``officer`` in ``cohort`` (one daily record per placement day)."""
    scheme = content.scheme
    by_week = {a.week: a for a in officer.placements}
    weeks: list[WeekPlan] = []
    services: list[model.Service] = []
    for number, setting_id in enumerate(scheme.placement.weeks, start=1):
        allocation = by_week.get(number)
        service = content.services.get(allocation.service) if allocation else None
        if service is not None and service not in services:
            services.append(service)
        shift = (allocation.shift or scheme.placement.default_shift).label() if allocation else None
        weeks.append(
            WeekPlan(
                number,
                scheme.setting(setting_id).name,
                service,
                week_dates(scheme, cohort, number),
                allocation.buddy if allocation else None,
                shift,
                scheme.placement.days_per_week,
            )
        )
    days = [
        DayRecord(d.day, d.date, content.services[d.allocation.service].name, d.shift.label())
        for d in officer_days(scheme, cohort, officer)
        if d.allocation.service in content.services
    ]
    all_dates = [d for w in weeks for d in w.dates]
    return Workbook(
        key=officer.id,
        officer=officer.name,
        cohort=cohort.name,
        induction=cohort.induction.date,
        first_day=min(all_dates),
        last_day=max(all_dates),
        weeks=weeks,
        services=services,
        days=days,
        reflective_practice=cohort.reflective_practice,
        feedback_session=cohort.feedback_session,
    )


def blank_workbook(content: Content) -> Workbook:
    """Return the public blank workbook: no names, no dates, every day left to fill in."""
    scheme = content.scheme
    weeks = [
        WeekPlan(n, scheme.setting(s).name, None, [], None, None, scheme.placement.days_per_week)
        for n, s in enumerate(scheme.placement.weeks, start=1)
    ]
    n_days = len(scheme.placement.weeks) * scheme.placement.days_per_week
    return Workbook(
        key="blank",
        officer=None,
        cohort=None,
        induction=None,
        first_day=None,
        last_day=None,
        weeks=weeks,
        days=[DayRecord(i, None, None) for i in range(1, n_days + 1)],
    )
