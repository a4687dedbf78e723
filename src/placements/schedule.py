"""Placement dates: which day each officer spends at which service.

Rule (DOMAIN.md, "a placement is two weeks"): placement week *n* (1-based) starts
``7 * (n - 1)`` days after the cohort's ``placement_start`` and has
``scheme.placement.days_per_week`` consecutive days. The setting of each week comes from
``scheme.placement.weeks`` (default: community, then ward). All dates are calendar dates
in UK local time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import Allocation, Cohort, Hours, Officer, Scheme


@dataclass(frozen=True)
class PlacementDay:
    """One day of one officer's placement.

    Attributes:
        date: the calendar day.
        week: placement week, 1-based.
        day: day within the whole placement, 1-based (1..weeks * days_per_week).
        allocation: the officer's allocation for that week.
        shift: the shift worked that day (the allocation's, or the scheme's default).
    """

    date: date
    week: int
    day: int
    allocation: Allocation
    shift: Hours


def week_dates(scheme: Scheme, cohort: Cohort, week: int) -> list[date]:
    """Return the placement dates of ``week`` (1-based) for ``cohort``."""
    first = cohort.placement_start + timedelta(days=7 * (week - 1))
    return [first + timedelta(days=i) for i in range(scheme.placement.days_per_week)]


def placement_dates(scheme: Scheme, cohort: Cohort) -> list[date]:
    """Return every placement date of ``cohort``, all weeks, in order."""
    return dates_from(scheme, cohort.placement_start)


def dates_from(scheme: Scheme, start: date) -> list[date]:
    """Return every placement date of a placement starting on ``start``, in order."""
    return [
        start + timedelta(days=7 * week + day)
        for week in range(len(scheme.placement.weeks))
        for day in range(scheme.placement.days_per_week)
    ]


def placement_end(scheme: Scheme, cohort: Cohort) -> date:
    """Return the last placement date of ``cohort``."""
    return placement_dates(scheme, cohort)[-1]


def officer_days(scheme: Scheme, cohort: Cohort, officer: Officer) -> list[PlacementDay]:
    """Return the placement days of ``officer``, for the weeks they are allocated.

    Weeks without an allocation are skipped; weeks beyond the scheme's placement
    length are ignored (the rules report them).
    """
    days: list[PlacementDay] = []
    n_weeks = len(scheme.placement.weeks)
    for allocation in sorted(officer.placements, key=lambda a: a.week):
        if allocation.week > n_weeks:
            continue
        shift = allocation.shift or scheme.placement.default_shift
        for i, day in enumerate(week_dates(scheme, cohort, allocation.week)):
            number = (allocation.week - 1) * scheme.placement.days_per_week + i + 1
            days.append(PlacementDay(day, allocation.week, number, allocation, shift))
    return days


def allocation_for(officer: Officer, week: int) -> Allocation | None:
    """Return ``officer``'s allocation for ``week`` or ``None``."""
    return next((a for a in officer.placements if a.week == week), None)


def cohort_span(scheme: Scheme, cohort: Cohort) -> tuple[date, date]:
    """Return the first and last day the cohort is with the trust (induction to feedback)."""
    days = [cohort.induction.date, cohort.feedback_session.date, *placement_dates(scheme, cohort)]
    return min(days), max(days)
