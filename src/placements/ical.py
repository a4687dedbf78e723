"""An officer's personal calendar (iCalendar, RFC 5545) from the model, with ``icalendar``.

One ``.ics`` file per officer sits next to their workbook: the induction day, each
placement day at its service with the shift times, the reflective practice session and
the feedback session. Times are UK local time (``Europe/London``, with its ``VTIMEZONE``
included), UIDs are derived from the cohort, officer and event, and ``DTSTAMP`` is the
build's fixed date, so the same content always gives the same bytes.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import icalendar

from . import model
from .content import Content
from .schedule import officer_days

LONDON = ZoneInfo("Europe/London")
"""Every clock time in the content is UK local time (model.ClockTime)."""

PRODID = "-//placements//community engagement workbook//EN"


def _local(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


def _event(
    uid: str,
    summary: str,
    day: date,
    start: time,
    end: time,
    stamp: datetime,
    *,
    location: str | None = None,
    description: str | None = None,
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", _local(day, start))
    event.add("dtend", _local(day, end))
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    return event


def officer_calendar(
    content: Content, cohort_id: str, cohort: model.Cohort, officer: model.Officer, stamp: datetime
) -> bytes:
    """Return ``officer``'s calendar as iCalendar bytes (CRLF line ends, UTF-8).

    Args:
        content: the validated content.
        cohort_id: the cohort's id (its file name), used in UIDs.
        cohort: the officer's cohort.
        officer: the officer.
        stamp: ``DTSTAMP`` of every event, an aware ``datetime`` (the build's fixed date,
            see :func:`placements.reproducible.build_date`), never the clock.

    Events (UK local time, ``Europe/London``): the induction day; one per placement day at
    its service, with the allocation's shift (or the scheme's default shift); the
    reflective practice session; the feedback session. UIDs look like
    ``<cohort>.<officer>.day-03@placements`` and do not change between builds.
    """
    scheme = content.scheme
    uid = f"{cohort_id}.{officer.id}"
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{scheme.title}: {cohort.name}")
    cal.add("x-wr-timezone", "Europe/London")
    ind = cohort.induction
    cal.add_component(
        _event(
            f"{uid}.induction@placements",
            f"Induction day: {scheme.title}",
            ind.date,
            ind.start,
            ind.end,
            stamp,
            location=scheme.trust.name,
            description=content.induction.title,
        )
    )
    for day in officer_days(scheme, cohort, officer):
        service = content.services.get(day.allocation.service)
        name = service.name if service else day.allocation.service
        cal.add_component(
            _event(
                f"{uid}.day-{day.day:02d}@placements",
                f"Placement day {day.day}: {name}",
                day.date,
                day.shift.start,
                day.shift.end,
                stamp,
                location=f"{name}, {scheme.trust.name}",
                description=f"Week {day.week}. Buddy: {day.allocation.buddy}.",
            )
        )
    for key, session, event in [
        ("reflective-practice", scheme.reflective_practice, cohort.reflective_practice),
        ("feedback-session", scheme.feedback_session, cohort.feedback_session),
    ]:
        cal.add_component(
            _event(
                f"{uid}.{key}@placements",
                session.name,
                event.date,
                event.start,
                event.end,
                stamp,
                location=scheme.trust.name,
                description=session.description,
            )
        )
    cal.add_missing_timezones()
    return cal.to_ical()
