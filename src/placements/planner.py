"""The allocation planner: fill in every officer's missing placement weeks within the rules.

Rules honoured (the same the check command applies, :mod:`placements.rules`):

- each placement week is at a service of that week's setting (``scheme.placement.weeks``);
- on every date, officers placed with a service across all cohorts stay within
  :meth:`Content.capacity_on` (capacity, capacity changes, unavailable dates);
- no officer is placed with a service listed in their ``avoid``;
- allocations the coordinator already wrote are kept (except, with ``replan_from``,
  those at a service that can no longer host them from that date).

Among the plans that satisfy the rules, the solver (OR-Tools CP-SAT, one worker and a
fixed seed, so the same input always gives the same plan) prefers, in order: the fewest
officers at any one service in this cohort; officers' ``prefer`` lists; services used
least so far across all cohorts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ortools.sat.python import cp_model

from .content import Content
from .model import Cohort
from .problems import PlacementsError
from .schedule import officer_days, week_dates

TO_BE_CONFIRMED = "to be confirmed by the service"
"""The buddy written for a planned allocation until the service names one (a role)."""


class PlanError(PlacementsError):
    """No plan satisfies every rule; ``reasons`` says which constraint fails and for whom."""

    def __init__(self, reasons: list[str]):
        self.reasons = reasons
        super().__init__("; ".join(reasons))


@dataclass(frozen=True)
class Slot:
    """One officer-week to allocate: officer index in the cohort, officer id, week (1-based)."""

    index: int
    officer: str
    week: int


@dataclass(frozen=True)
class Assignment:
    """One allocation in a plan.

    Attributes:
        officer: the officer's id.
        week: placement week, 1-based.
        service: the service's slug.
        buddy: the buddy's role.
        status: ``"kept"`` (already written), ``"new"`` (planned) or ``"moved"`` (re-planned).
        previous: the service before a move, else ``None``.
    """

    officer: str
    week: int
    service: str
    buddy: str
    status: str
    previous: str | None = None


@dataclass
class Plan:
    """A whole cohort's allocations after planning, in officer then week order."""

    cohort: str
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def moves(self) -> list[Assignment]:
        """The allocations that changed service (re-planning)."""
        return [a for a in self.assignments if a.status == "moved"]

    @property
    def new(self) -> list[Assignment]:
        """The allocations the planner added."""
        return [a for a in self.assignments if a.status == "new"]


def _load(content: Content, skip: set[tuple[str, int, int]]) -> dict[tuple[str, date], int]:
    """Officers already placed per (service, date), across all cohorts, minus ``skip``.

    ``skip`` holds (cohort id, officer index, week) allocations being re-planned.
    """
    load: dict[tuple[str, date], int] = defaultdict(int)
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            for day in officer_days(content.scheme, cohort, officer):
                if (
                    cohort_id,
                    i,
                    day.week,
                ) in skip or day.allocation.service not in content.services:
                    continue
                load[(day.allocation.service, day.date)] += 1
    return load


def affected_by(content: Content, cohort_id: str, since: date) -> set[tuple[str, int, int]]:
    """Allocations of ``cohort_id`` whose service cannot host them on some day from ``since``.

    Returns (cohort id, officer index, week) triples: the officers to move, and only those.
    An officer is moved for a whole placement week (allocations are per week).
    """
    cohort = content.cohorts[cohort_id]
    load = _load(content, set())
    affected: set[tuple[str, int, int]] = set()
    for i, officer in enumerate(cohort.officers):
        for day in officer_days(content.scheme, cohort, officer):
            slug = day.allocation.service
            if day.date < since or slug not in content.services:
                continue
            if load[(slug, day.date)] > content.capacity_on(slug, day.date):
                affected.add((cohort_id, i, day.week))
    return affected


def plan_cohort(content: Content, cohort_id: str, *, replan_from: date | None = None) -> Plan:
    """Plan every missing allocation of cohort ``cohort_id``.

    Args:
        content: validated content (every cohort's allocations count towards capacity).
        cohort_id: the cohort to plan.
        replan_from: also move allocations whose service cannot host them on a day on or
            after this date (unavailable, or over capacity); only those officers move.

    Returns:
        The :class:`Plan` (kept, new and moved allocations).

    Raises:
        KeyError: no such cohort.
        PlanError: no plan satisfies every rule; the reasons name the week, the setting,
            the places needed and free, or the officer who cannot be placed.
    """
    scheme = content.scheme
    cohort = content.cohorts[cohort_id]
    weeks = scheme.placement.weeks
    moving = affected_by(content, cohort_id, replan_from) if replan_from else set()
    load = _load(content, moving)
    slots: list[Slot] = []
    kept: dict[tuple[int, int], Assignment] = {}
    previous: dict[tuple[int, int], str] = {}
    for i, officer in enumerate(cohort.officers):
        by_week = {a.week: a for a in officer.placements}
        for week in range(1, len(weeks) + 1):
            allocation = by_week.get(week)
            if allocation is not None and (cohort_id, i, week) not in moving:
                kept[(i, week)] = Assignment(
                    officer.id, week, allocation.service, allocation.buddy, "kept"
                )
                continue
            if allocation is not None:
                previous[(i, week)] = allocation.service
            slots.append(Slot(i, officer.id, week))

    candidates = {
        slot: _candidates(content, cohort, slot, load, previous.get((slot.index, slot.week)))
        for slot in slots
    }
    reasons = _explain(content, cohort, slots, candidates, load)
    if reasons:
        raise PlanError(reasons)
    chosen = _solve(content, cohort, cohort_id, slots, candidates, load, kept) if slots else {}
    if slots and chosen is None:
        raise PlanError(
            [
                "no plan satisfies every rule at once: the officers' avoid lists and the "
                "services' free places do not fit together; free a place or relax an avoid"
            ]
        )
    plan = Plan(cohort_id)
    for i, officer in enumerate(cohort.officers):
        for week in range(1, len(weeks) + 1):
            if (i, week) in kept:
                plan.assignments.append(kept[(i, week)])
                continue
            slot = Slot(i, officer.id, week)
            old = previous.get((i, week))
            plan.assignments.append(
                Assignment(
                    officer.id,
                    week,
                    chosen[slot],  # type: ignore[index]
                    TO_BE_CONFIRMED,
                    "moved" if old else "new",
                    old,
                )
            )
    return plan


def _candidates(
    content: Content, cohort: Cohort, slot: Slot, load: dict[tuple[str, date], int], old: str | None
) -> list[str]:
    """Services that could take ``slot`` on every day of its week, by setting, avoid and room."""
    officer = cohort.officers[slot.index]
    setting = content.scheme.placement.weeks[slot.week - 1]
    days = week_dates(content.scheme, cohort, slot.week)
    shift = content.scheme.placement.default_shift
    return [
        slug
        for slug, service in content.services.items()
        if service.setting == setting
        and slug not in officer.avoid
        and slug != old
        and content.hours(slug).start <= shift.start
        and shift.end <= content.hours(slug).end
        and all(content.capacity_on(slug, d) - load[(slug, d)] >= 1 for d in days)
    ]


def _explain(
    content: Content,
    cohort: Cohort,
    slots: list[Slot],
    candidates: dict[Slot, list[str]],
    load: dict[tuple[str, date], int],
) -> list[str]:
    """Return the reasons no plan can exist that counting alone shows (empty if none)."""
    scheme = content.scheme
    reasons: list[str] = []
    for week in sorted({s.week for s in slots}):
        setting = scheme.placement.weeks[week - 1]
        need = sum(1 for s in slots if s.week == week)
        days = week_dates(scheme, cohort, week)
        free = sum(
            min(max(0, content.capacity_on(slug, d) - load[(slug, d)]) for d in days)
            for slug, svc in content.services.items()
            if svc.setting == setting
        )
        if need > free:
            label = scheme.setting(setting).name.lower()
            reasons.append(
                f"week of {days[0]}: {need} officer{'s' if need != 1 else ''} need a {label} "
                f"place, {label} places free all week: {free}"
            )
    for slot, options in candidates.items():
        if not options:
            officer = cohort.officers[slot.index]
            setting = scheme.setting(scheme.placement.weeks[slot.week - 1]).name.lower()
            avoid = f" (avoids: {', '.join(officer.avoid)})" if officer.avoid else ""
            reasons.append(
                f"officer {slot.officer}, week {slot.week}: no {setting} service has a free "
                f"place every day that week{avoid}"
            )
    return reasons


def _solve(
    content: Content,
    cohort: Cohort,
    cohort_id: str,
    slots: list[Slot],
    candidates: dict[Slot, list[str]],
    load: dict[tuple[str, date], int],
    kept: dict[tuple[int, int], Assignment],
) -> dict[Slot, str] | None:
    """Choose a service per slot with CP-SAT; ``None`` when infeasible."""
    model = cp_model.CpModel()
    x = {
        (slot, s): model.NewBoolVar(f"x_{slot.index}_{slot.week}_{s}")
        for slot in slots
        for s in candidates[slot]
    }
    for slot in slots:
        model.AddExactlyOne(x[(slot, s)] for s in candidates[slot])
    # Capacity on every date, on top of what is already placed (all cohorts).
    by_day: dict[tuple[str, date], list[cp_model.IntVar]] = defaultdict(list)
    for slot in slots:
        for d in week_dates(content.scheme, cohort, slot.week):
            for s in candidates[slot]:
                by_day[(s, d)].append(x[(slot, s)])
    for (s, d), variables in by_day.items():
        model.Add(sum(variables) <= content.capacity_on(s, d) - load[(s, d)])
    # Spread: the most officers of this cohort at any one service, as low as possible.
    in_cohort: dict[str, list] = defaultdict(list)
    for (_slot, s), var in x.items():
        in_cohort[s].append(var)
    fixed = defaultdict(int)
    for assignment in kept.values():
        fixed[assignment.service] += 1
    peak = model.NewIntVar(0, len(slots) + len(kept), "peak")
    for s in content.services:
        model.Add(sum(in_cohort.get(s, [])) + fixed[s] <= peak)
    history: dict[str, int] = defaultdict(int)
    for other_id, other in content.cohorts.items():
        if other_id == cohort_id:
            continue
        for officer in other.officers:
            for allocation in officer.placements:
                history[allocation.service] += 1
    preferred = [var for (slot, s), var in x.items() if s in cohort.officers[slot.index].prefer]
    usage = [history[s] * var for (slot, s), var in x.items()]
    model.Minimize(1000 * peak - 100 * sum(preferred) + sum(usage))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = 20.0
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {slot: s for (slot, s), var in x.items() if solver.Value(var)}


def plan_yaml(source: str, plan: Plan) -> str:
    """Return the cohort file text ``source`` with ``plan``'s allocations written in.

    Uses a round-trip YAML library (ruamel.yaml) so comments, key order and the
    allocations already written are kept exactly; only new and moved weeks change.
    """
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .writing import round_trip_yaml

    yaml = round_trip_yaml()
    data = yaml.load(source)
    by_officer: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in plan.assignments:
        by_officer[assignment.officer].append(assignment)
    for officer in data["officers"]:
        changes = {a.week: a for a in by_officer.get(str(officer["id"]), []) if a.status != "kept"}
        if not changes:
            continue
        existing = officer.get("placements") or CommentedSeq()
        kept = [p for p in existing if int(p["week"]) not in changes]
        for assignment in changes.values():
            entry = CommentedMap()
            entry["week"] = assignment.week
            entry["service"] = assignment.service
            entry["buddy"] = assignment.buddy
            kept.append(entry)
        kept.sort(key=lambda p: int(p["week"]))
        seq = CommentedSeq(kept)
        officer["placements"] = seq
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
