"""The scheme's rules, checked across files once every file has validated.

Each ``_check_*`` function encodes one rule and names its source. All return located
:class:`Problem` objects; none raises for bad content.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import holidays

from . import pictures, readability
from .content import Content
from .glyphs import FontsUnavailable, describe, installed_coverage
from .ig import check_ig
from .leaflet import leaflet_texts
from .model import PLACEHOLDER
from .pagesafety import check_docs_pages
from .paths import check_output_names
from .privacy import check_roster_in_published
from .problems import Problem, Severity, quote
from .review import check_reviews
from .schedule import cohort_span, officer_days, placement_end

Rule = Callable[[Content], Iterator[Problem]]


def check_rules(content: Content, rules: list[Rule] | None = None) -> list[Problem]:
    """Apply ``rules`` (default: every rule in :data:`RULES`) to ``content``; return the problems."""
    problems: list[Problem] = []
    for rule in RULES if rules is None else rules:
        problems.extend(rule(content))
    return problems


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check_service_references(content: Content) -> Iterator[Problem]:
    """Each service's setting and learning outcomes exist in ``scheme.yaml``."""
    settings = [s.id for s in content.scheme.settings]
    outcomes = [o.id for o in content.scheme.learning_outcomes]
    for slug, service in content.services.items():
        if service.setting not in settings:
            yield content.locate(
                "service",
                slug,
                ("setting",),
                f"unknown setting{_suggest(service.setting, settings)} "
                f"(settings in scheme.yaml: {', '.join(settings)})",
                quote(service.setting),
            )
        for i, outcome in enumerate(service.learning_outcomes):
            if outcome not in outcomes:
                yield content.locate(
                    "service",
                    slug,
                    ("learning_outcomes", i),
                    f"unknown learning outcome{_suggest(outcome, outcomes)} "
                    "(ids are listed under learning_outcomes in scheme.yaml)",
                    quote(outcome),
                )


def _check_allocations(content: Content) -> Iterator[Problem]:
    """Each officer has one allocation per placement week, at a service of that week's setting.

    Source: a placement is one week in a community setting then one week on a ward
    (DOMAIN.md); the split is ``scheme.placement.weeks``.
    """
    weeks = content.scheme.placement.weeks
    slugs = list(content.services)
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            seen: dict[int, int] = {}
            for j, allocation in enumerate(officer.placements):
                loc = ("officers", i, "placements", j)
                if allocation.week > len(weeks):
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        (*loc, "week"),
                        f"the placement has {len(weeks)} weeks; expected a week from 1 to {len(weeks)}",
                        str(allocation.week),
                    )
                    continue
                if allocation.week in seen:
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        (*loc, "week"),
                        f"week {allocation.week} is allocated twice for officer {officer.id} "
                        f"(also placements.{seen[allocation.week]})",
                        str(allocation.week),
                    )
                    continue
                seen[allocation.week] = j
                service = content.services.get(allocation.service)
                if ("service", allocation.service) in content.broken:
                    continue  # that file's own errors are already reported
                if service is None:
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        (*loc, "service"),
                        f"unknown service{_suggest(allocation.service, slugs)} "
                        "(a service is named by its file name in content/services/)",
                        quote(allocation.service),
                    )
                    continue
                wanted = weeks[allocation.week - 1]
                known = service.setting in {s.id for s in content.scheme.settings}
                if known and service.setting != wanted:  # an unknown one is reported above
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        (*loc, "service"),
                        f"week {allocation.week} must be in a {wanted} setting, but "
                        f"{service.name} is in a {service.setting} setting",
                        quote(allocation.service),
                    )
            missing = [w for w in range(1, len(weeks) + 1) if w not in seen]
            if missing:
                yield content.locate(
                    "cohort",
                    cohort_id,
                    ("officers", i, "placements"),
                    f"officer {officer.id} has no allocation yet for week "
                    + ", ".join(str(w) for w in missing),
                    severity=Severity.WARNING,
                )


def check_capacity(content: Content) -> Iterator[Problem]:
    """On any date, officers placed with a service across all cohorts never exceed its capacity.

    Source: "each clinical service has no more than two officers on placement at a
    time" (DOMAIN.md); per-service ``capacity``, default ``placement.default_capacity``.
    """
    placed: dict[tuple[str, date], list[tuple[str, int, int, str]]] = defaultdict(list)
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            for day in officer_days(content.scheme, cohort, officer):
                if day.allocation.service not in content.services:
                    continue
                j = officer.placements.index(day.allocation)
                placed[(day.allocation.service, day.date)].append((cohort_id, i, j, officer.id))
    reported: set[tuple[str, int, int]] = set()
    for (slug, day), who in sorted(placed.items()):
        limit = content.capacity_on(slug, day)
        if len(who) <= limit:
            continue
        names = ", ".join(f"{o} ({c})" for c, _, _, o in who)
        reason = content.unavailable_reason(slug, day)
        for cohort_id, i, j, _ in who[limit:]:
            if (cohort_id, i, j) in reported:
                continue
            reported.add((cohort_id, i, j))
            if reason is not None:
                message = (
                    f"{content.services[slug].name} cannot host on {day:%a %d %b %Y} "
                    f"({reason}); placed there: {names}"
                )
            else:
                message = (
                    f"{content.services[slug].name} can host {limit} "
                    f"officer{'s' if limit != 1 else ''} at a time, but on "
                    f"{day:%a %d %b %Y} {len(who)} are placed there: {names}"
                )
            yield content.locate(
                "cohort",
                cohort_id,
                ("officers", i, "placements", j, "service"),
                message,
                quote(slug),
            )


def _check_preferences(content: Content) -> Iterator[Problem]:
    """Officers' ``prefer``/``avoid`` name real services, and no officer is placed where they avoid.

    Source: officers may ask not to be placed with a service they have a personal
    connection with (issue 9, allocation planner).
    """
    slugs = list(content.services)
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            for field_name in ("prefer", "avoid"):
                for k, slug in enumerate(getattr(officer, field_name)):
                    if slug not in content.services and ("service", slug) not in content.broken:
                        yield content.locate(
                            "cohort",
                            cohort_id,
                            ("officers", i, field_name, k),
                            f"unknown service{_suggest(slug, slugs)}",
                            quote(slug),
                        )
            for j, allocation in enumerate(officer.placements):
                if allocation.service in officer.avoid:
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        ("officers", i, "placements", j, "service"),
                        f"officer {officer.id} asked not to be placed with this service (see avoid)",
                        quote(allocation.service),
                    )


def _check_shifts(content: Content) -> Iterator[Problem]:
    """Shifts lie inside the service's hours (08:00 to 20:00 unless the service says).

    Source: services operate 8am to 8pm and shifts fall inside those hours (DOMAIN.md).
    """
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            for j, allocation in enumerate(officer.placements):
                if allocation.service not in content.services:
                    continue
                shift = allocation.shift or content.scheme.placement.default_shift
                hours = content.hours(allocation.service)
                if shift.start < hours.start or shift.end > hours.end:
                    name = content.services[allocation.service].name
                    loc: tuple[str | int, ...] = ("officers", i, "placements", j, "shift")
                    message = f"the shift must lie inside {name}'s hours ({hours.label()})"
                    if allocation.shift is None:
                        loc = loc[:-1]
                        message = (
                            f"the scheme's default shift lies outside {name}'s hours "
                            f"({hours.label()}); give this week a shift inside them"
                        )
                    yield content.locate("cohort", cohort_id, loc, message, shift.label())


REFLECTIVE_WITHIN_DAYS = 7
"""Reflective practice later than this after the last placement day is a warning."""
FEEDBACK_WITHIN_DAYS = 28
"""A feedback session later than this after the last placement day is a warning."""


def _check_dates(content: Content) -> Iterator[Problem]:
    """The cohort's dates follow the scheme's order and fit the induction timetable.

    Source (DOMAIN.md): an induction day comes first, then the two-week placement
    (five days a week, so it starts on a Monday); reflective practice is at the end of
    the placement, before officers return to duty, followed by the feedback session.
    The cohort's induction times must cover the sessions in induction.yaml.
    """
    scheme = content.scheme
    for cohort_id, cohort in content.cohorts.items():
        end = placement_end(scheme, cohort)
        if cohort.induction.date >= cohort.placement_start:
            yield content.locate(
                "cohort",
                cohort_id,
                ("induction", "date"),
                f"the induction day must come before the placement starts on {cohort.placement_start}",
                str(cohort.induction.date),
            )
        if cohort.reflective_practice.date < cohort.placement_start:
            yield content.locate(
                "cohort",
                cohort_id,
                ("reflective_practice", "date"),
                f"reflective practice is held at the end of the placement, "
                f"which runs {cohort.placement_start} to {end}",
                str(cohort.reflective_practice.date),
            )
        if cohort.feedback_session.date < end:
            yield content.locate(
                "cohort",
                cohort_id,
                ("feedback_session", "date"),
                f"the feedback session must come after the placement ends on {end}",
                str(cohort.feedback_session.date),
            )
        reflective = cohort.reflective_practice.date
        if reflective > cohort.feedback_session.date >= end:
            yield content.locate(
                "cohort",
                cohort_id,
                ("reflective_practice", "date"),
                f"reflective practice comes before the feedback session on "
                f"{cohort.feedback_session.date}",
                str(reflective),
            )
        elif reflective > end + timedelta(days=REFLECTIVE_WITHIN_DAYS):
            yield content.locate(
                "cohort",
                cohort_id,
                ("reflective_practice", "date"),
                f"reflective practice is held at the end of the placement (which ends on {end}), "
                f"before officers return to operational duty; this is more than "
                f"{REFLECTIVE_WITHIN_DAYS} days later",
                str(reflective),
                severity=Severity.WARNING,
            )
        if cohort.feedback_session.date > end + timedelta(days=FEEDBACK_WITHIN_DAYS):
            yield content.locate(
                "cohort",
                cohort_id,
                ("feedback_session", "date"),
                f"the feedback session is more than {FEEDBACK_WITHIN_DAYS} days after the "
                f"placement ends on {end}; check the year and month",
                str(cohort.feedback_session.date),
                severity=Severity.WARNING,
            )
        sessions = content.induction.sessions
        first, last = sessions[0].start, sessions[-1].end
        if cohort.induction.start > first or cohort.induction.end < last:
            yield content.locate(
                "cohort",
                cohort_id,
                ("induction", "start" if cohort.induction.start > first else "end"),
                f"the induction day's sessions (induction.yaml) run from {first:%H:%M} to "
                f"{last:%H:%M}; the cohort's induction must cover them",
                f"{cohort.induction.start:%H:%M} to {cohort.induction.end:%H:%M}",
            )
        if scheme.placement.days_per_week == 5 and cohort.placement_start.weekday() != 0:
            yield content.locate(
                "cohort",
                cohort_id,
                ("placement_start",),
                f"placement weeks run Monday to Friday, but {cohort.placement_start} is a "
                f"{cohort.placement_start:%A}",
                str(cohort.placement_start),
                severity=Severity.WARNING,
            )


def _check_working_days(content: Content) -> Iterator[Problem]:
    """Placement days, and the induction, reflective practice and feedback days, on a
    weekend or an England and Wales bank holiday are warnings.

    Source: bank holidays from the ``holidays`` library (UK, subdivision England).
    """
    sessions = {
        "induction": "the induction day",
        "reflective_practice": "reflective practice",
        "feedback_session": "the feedback session",
    }
    for cohort_id, cohort in content.cohorts.items():
        start, end = cohort_span(content.scheme, cohort)
        bank = holidays.country_holidays("GB", subdiv="ENG", years=range(start.year, end.year + 1))
        for name, label in sessions.items():
            when = getattr(cohort, name).date
            why = bank.get(when) or ("a weekend" if when.weekday() >= 5 else None)
            if why:
                yield content.locate(
                    "cohort",
                    cohort_id,
                    (name, "date"),
                    f"{label} falls on {when:%a %d %b %Y}, which is {why}; check the trust "
                    "can hold it that day",
                    str(when),
                    severity=Severity.WARNING,
                )
        warned: set[date] = set()
        for officer in cohort.officers:
            for day in officer_days(content.scheme, cohort, officer):
                if day.date in warned:
                    continue
                reason = bank.get(day.date)
                if reason is None and day.date.weekday() >= 5:
                    reason = "a weekend"
                if reason is None:
                    continue
                warned.add(day.date)
                yield content.locate(
                    "cohort",
                    cohort_id,
                    ("placement_start",),
                    f"placement day {day.date:%a %d %b %Y} (week {day.week}) is {reason}; "
                    "check the services can host that day",
                    severity=Severity.WARNING,
                )


def _check_officers(content: Content) -> Iterator[Problem]:
    """An officer id appears once per cohort; nobody is in two overlapping cohorts.

    Officers are matched across cohorts by name (case and spacing ignored).
    """
    spans = {cid: cohort_span(content.scheme, c) for cid, c in content.cohorts.items()}
    seen_names: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for cohort_id, cohort in content.cohorts.items():
        ids: dict[str, int] = {}
        for i, officer in enumerate(cohort.officers):
            if officer.id in ids:
                yield content.locate(
                    "cohort",
                    cohort_id,
                    ("officers", i, "id"),
                    f"officer id used twice in this cohort (first at officers.{ids[officer.id]})",
                    quote(officer.id),
                )
            ids.setdefault(officer.id, i)
            key = " ".join(officer.name.casefold().split())
            for other_id, other_i in seen_names[key]:
                a, b = spans[cohort_id], spans[other_id]
                if other_id == cohort_id:
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        ("officers", i, "name"),
                        f"this name is already given to officer {cohort.officers[other_i].id} "
                        "in this cohort",
                        quote(officer.name),
                    )
                elif a[0] <= b[1] and b[0] <= a[1]:
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        ("officers", i, "name"),
                        f"this officer is also in cohort {other_id}, whose dates overlap",
                        quote(officer.name),
                    )
            seen_names[key].append((cohort_id, i))


def _check_feedback(content: Content) -> Iterator[Problem]:
    """Feedback answers name outcome measures in ``scheme.yaml``; at most one response per officer.

    Source: the outcome measures are the scheme's end-of-placement questions (DOMAIN.md);
    more responses than officers would be a double import and would defeat the
    small-cohort protection in :mod:`placements.outcomes`.
    """
    measures = [m.id for m in content.scheme.outcome_measures]
    for cohort_id, cohort in content.cohorts.items():
        if cohort.feedback is None:
            continue
        if len(cohort.feedback.responses) > len(cohort.officers):
            yield content.locate(
                "cohort",
                cohort_id,
                ("feedback", "responses"),
                f"{len(cohort.feedback.responses)} feedback responses, but the cohort has only "
                f"{len(cohort.officers)} officers; each officer gives at most one response",
            )
        for i, response in enumerate(cohort.feedback.responses):
            for key in response.answers:
                if key not in measures:
                    yield content.locate(
                        "cohort",
                        cohort_id,
                        ("feedback", "responses", i, "answers", key),
                        f"unknown outcome measure{_suggest(key, measures)} "
                        f"(measures in scheme.yaml: {', '.join(measures)})",
                        quote(key),
                    )


def _check_leaflet_pictures(content: Content) -> Iterator[Problem]:
    """Every easy-read picture names an icon shipped with Material for MkDocs.

    Source: pictures come from openly licensed sets that ship with a package (issue 5).
    """
    root = pictures.icon_root()
    for i, qa in enumerate(content.leaflet.questions):
        for j, idea in enumerate(qa.easy_read):
            if pictures.picture_path(idea.picture) is not None:
                continue
            close = pictures.suggest(idea.picture)
            hint = f"; did you mean {close!r}?" if close else ""
            yield content.locate(
                "leaflet",
                "",
                ("questions", i, "easy_read", j, "picture"),
                f"no such picture{hint} (names are Material for MkDocs icons such as "
                f"'material/police-badge'; see {root})",
                quote(idea.picture),
            )


def _check_leaflet_glyphs(content: Content) -> Iterator[Problem]:
    """Every character of the leaflet has a glyph in some installed font.

    Source: a PDF must show every character or the build must fail naming the missing
    ones, never drop them silently (issue 5; shared/cases/README.md, case 11).
    """
    try:
        coverage = installed_coverage()
    except FontsUnavailable as exc:
        yield content.locate(
            "leaflet",
            "",
            (),
            f"cannot check that the fonts cover the leaflet's text: {exc}",
            severity=Severity.WARNING,
        )
        return
    for loc, text in leaflet_texts(content.leaflet):
        missing = coverage.missing(text)
        if missing:
            yield content.locate(
                "leaflet",
                "",
                loc,
                "no installed font can show "
                + ", ".join(describe(c) for c in missing)
                + "; install a font that has them (make fonts installs the Noto fonts) "
                "or remove them",
            )


def _check_leaflet_readability(content: Content) -> Iterator[Problem]:
    """The standard leaflet reads at SMOG <= 9; easy read: one sentence an idea, <= 15 words.

    Source: the targets in :mod:`placements.readability` (issue 5; NHS guidance treats
    SMOG above 14 as rework).
    """
    leaflet = content.leaflet
    standard = readability.measure(leaflet)[0]
    if standard.smog is not None and standard.smog > readability.SMOG_TARGET:
        hardest = ", ".join(".".join(map(str, loc)) for loc in readability.hardest_answers(leaflet))
        yield content.locate(
            "leaflet",
            "",
            ("questions",),
            f"the standard leaflet reads at SMOG grade {standard.smog:.1f}, above the target "
            f"of {readability.SMOG_TARGET:g}: use shorter words and sentences"
            + (f" (most long words in {hardest})" if hardest else ""),
            severity=Severity.WARNING,
        )
    for sentence in readability.long_sentences(leaflet):
        yield content.locate(
            "leaflet",
            "",
            sentence.loc,
            f"easy-read sentences have at most {readability.EASY_READ_MAX_WORDS} words; "
            f"this one has {sentence.words}: split it into shorter ideas",
            quote(sentence.text),
            severity=Severity.WARNING,
        )
    for loc, count in readability.crowded_ideas(leaflet):
        yield content.locate(
            "leaflet",
            "",
            loc,
            f"each easy-read idea is one sentence beside its picture; this one has {count}: "
            "give each sentence its own idea and picture",
            severity=Severity.WARNING,
        )


def _check_placeholders(content: Content) -> Iterator[Problem]:
    """Officer names still holding a placeholder (``TBC ...``) are warnings.

    Source: ``placements new-cohort`` writes placeholders for officers not yet known;
    a workbook must not be printed for "TBC officer 3".
    """
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            if officer.name.strip().upper().startswith(PLACEHOLDER):
                yield content.locate(
                    "cohort",
                    cohort_id,
                    ("officers", i, "name"),
                    "this officer's name is still a placeholder; write the officer's name",
                    quote(officer.name),
                    severity=Severity.WARNING,
                )


def _check_glossary(content: Content) -> Iterator[Problem]:
    """Glossary terms and abbreviations are unique, and services' abbreviations are not
    repeated in the glossary (they are added from the service files; the glossary page,
    DOMAIN.md "Terms")."""
    if content.glossary is None:
        return
    services = {s.abbreviation: slug for slug, s in content.services.items() if s.abbreviation}
    seen: dict[tuple[str, str], int] = {}  # (field, key) -> first entry index
    for i, entry in enumerate(content.glossary.terms):
        checks = [("term", entry.term.casefold(), entry.term, "this term is already defined")]
        if entry.abbreviation:
            checks.append(
                (
                    "abbreviation",
                    entry.abbreviation,
                    entry.abbreviation,
                    "this abbreviation is already used",
                )
            )
        for name, key, value, message in checks:
            first = seen.setdefault((name, key), i)
            if first != i:
                yield content.locate(
                    "glossary",
                    "",
                    ("terms", i, name),
                    f"{message} by entry {first + 1}",
                    quote(value),
                )
        if entry.abbreviation in services:
            yield content.locate(
                "glossary",
                "",
                ("terms", i, "abbreviation"),
                f"this is the abbreviation of the service in services/"
                f"{services[entry.abbreviation]}.yaml, which adds it to the glossary; "
                "remove this entry",
                quote(entry.abbreviation),
            )


RULES: list[Rule] = [
    _check_service_references,
    _check_allocations,
    check_capacity,
    _check_preferences,
    _check_shifts,
    _check_dates,
    _check_working_days,
    _check_officers,
    _check_feedback,
    _check_leaflet_pictures,
    _check_leaflet_glyphs,
    _check_leaflet_readability,
    _check_placeholders,
    _check_glossary,
    check_ig,
    check_roster_in_published,
    check_docs_pages,
    check_output_names,
    check_reviews,
]
"""Every cross-file rule, in the order its problems are reported."""
