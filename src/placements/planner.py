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
officers at any one service in this cohort; as many different services as possible;
officers' ``prefer`` lists; services used least so far across all cohorts.
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


def _placed(content: Content) -> dict[tuple[str, date], list[tuple[str, int, int]]]:
    """(service, date) -> the (cohort id, officer index, week) placed there, in file order."""
    placed: dict[tuple[str, date], list[tuple[str, int, int]]] = defaultdict(list)
    for cohort_id, cohort in content.cohorts.items():
        for i, officer in enumerate(cohort.officers):
            for day in officer_days(content.scheme, cohort, officer):
                if day.allocation.service in content.services:
                    placed[(day.allocation.service, day.date)].append((cohort_id, i, day.week))
    return placed


def capacity_clashes(content: Content, cohort_id: str) -> list[tuple[str, date]]:
    """(service, date) pairs, in date order, where ``cohort_id``'s officers are over capacity."""
    return sorted(
        (
            (slug, day)
            for (slug, day), who in _placed(content).items()
            if len(who) > content.capacity_on(slug, day) and any(w[0] == cohort_id for w in who)
        ),
        key=lambda pair: (pair[1], pair[0]),
    )


def affected_by(content: Content, cohort_id: str, since: date) -> set[tuple[str, int, int]]:
    """The fewest allocations of ``cohort_id`` to move so no service is over capacity from ``since``.

    Returns (cohort id, officer index, week) triples. On each over-capacity day only the
    excess officers move, this cohort's last-listed first (matching the officers the
    check command reports); an officer moves for a whole placement week, since
    allocations are per week. Officers of other cohorts never move.
    """
    affected: set[tuple[str, int, int]] = set()
    for (slug, day), who in sorted(
        _placed(content).items(), key=lambda item: (item[0][1], item[0][0])
    ):
        if day < since:
            continue
        staying = [w for w in who if w not in affected]
        excess = len(staying) - content.capacity_on(slug, day)
        for w in reversed(staying):
            if excess <= 0:
                break
            if w[0] == cohort_id:
                affected.add(w)
                excess -= 1
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
    """Return the reasons no plan can exist that counting shows (empty if none).

    Three kinds, each saying what the coordinator can change: a week with more officers
    than places in its setting; an officer whose ``avoid`` list rules out every service
    of a setting, or for whom no service has room all week; and a group of officers whose
    avoid lists leave them fewer places than officers (Hall's condition).
    """
    scheme = content.scheme
    reasons: list[str] = []

    def free(slug: str, days: list[date]) -> int:
        return min(max(0, content.capacity_on(slug, d) - load[(slug, d)]) for d in days)

    for week in sorted({s.week for s in slots}):
        setting = scheme.setting(scheme.placement.weeks[week - 1])
        days = week_dates(scheme, cohort, week)
        in_setting = [slug for slug, svc in content.services.items() if svc.setting == setting.id]
        need = sum(1 for s in slots if s.week == week)
        places = sum(free(slug, days) for slug in in_setting)
        if need > places:
            reasons.append(
                f"week of {days[0]} ({setting.name.lower()}): {need} officer"
                f"{'s' if need != 1 else ''} to place, but the {setting.name.lower()} services "
                f"have {places} place{'s' if places != 1 else ''} free all week; move the "
                "cohort's dates, give a service more places (capacity_changes) or place "
                "fewer officers"
            )
            continue
        week_slots = [s for s in slots if s.week == week]
        for slot in week_slots:
            if candidates[slot]:
                continue
            officer = cohort.officers[slot.index]
            if all(slug in officer.avoid for slug in in_setting):
                reasons.append(
                    f"officer {slot.officer} avoids every {setting.name.lower()} service; "
                    "remove one from their avoid list"
                )
            else:
                reasons.append(
                    f"officer {slot.officer}, week {week}: no {setting.name.lower()} service "
                    "they can go to has a place free every day that week"
                    + (f" (they avoid: {', '.join(officer.avoid)})" if officer.avoid else "")
                )
        reported: set[frozenset[str]] = set()
        for slot in week_slots:
            allowed = frozenset(candidates[slot])
            if not allowed or allowed in reported or len(allowed) == len(in_setting):
                continue
            group = [s for s in week_slots if candidates[s] and set(candidates[s]) <= allowed]
            room = sum(free(slug, days) for slug in allowed)
            if len(group) > room:
                reported.add(allowed)
                reasons.append(
                    f"week of {days[0]}: officers {', '.join(s.officer for s in group)} can only "
                    f"go to {', '.join(sorted(allowed))} (their avoid lists and full services "
                    f"rule out the rest), which have {room} place{'s' if room != 1 else ''} "
                    "free; relax an avoid list or free a place"
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
    # Spread: as many different services as possible.
    used = {}
    for s, variables in in_cohort.items():
        used[s] = model.NewBoolVar(f"used_{s}")
        model.Add(sum(variables) + fixed[s] >= used[s])
    preferred = [var for (slot, s), var in x.items() if s in cohort.officers[slot.index].prefer]
    usage = [history[s] * var for (slot, s), var in x.items()]
    model.Minimize(1000 * peak - 200 * sum(used.values()) - 100 * sum(preferred) + sum(usage))
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

    Uses a round-trip YAML library (ruamel.yaml) and edits in place, so comments, key
    order and the allocations already written are kept: a moved week keeps its entry
    (only ``service`` and ``buddy`` change), a new week is inserted in week order, and a
    comment that stood after an officer (often about the next officer) stays there.
    """
    import io

    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    from .writing import round_trip_yaml

    yaml = round_trip_yaml()
    data = yaml.load(source)
    by_officer: dict[str, dict[int, Assignment]] = defaultdict(dict)
    for assignment in plan.assignments:
        if assignment.status != "kept":
            by_officer[assignment.officer][assignment.week] = assignment
    for officer in data["officers"]:
        changes = by_officer.get(str(officer["id"]))
        if not changes:
            continue
        trailing = _take_trailing_comment(officer)
        seq = officer.get("placements")
        if not isinstance(seq, CommentedSeq):
            seq = CommentedSeq()
            officer["placements"] = seq
        seq.fa.set_block_style()
        entries = {int(entry["week"]): entry for entry in seq}
        for week, assignment in sorted(changes.items()):
            if week in entries:
                entries[week]["service"] = assignment.service
                entries[week]["buddy"] = assignment.buddy
                continue
            entry = CommentedMap()
            entry["week"] = week
            entry["service"] = assignment.service
            entry["buddy"] = assignment.buddy
            position = sum(1 for w in entries if w < week)
            seq.insert(position, entry)
            entries[week] = entry
        _put_trailing_comment(officer, trailing)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _last_slot(node):  # type: ignore[no-untyped-def]
    """Return (container, key) of the last scalar value in block-style ``node``."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    while True:
        if isinstance(node, CommentedMap) and node:
            key = list(node)[-1]
        elif isinstance(node, CommentedSeq) and node:
            key = len(node) - 1
        else:
            return None
        value = node[key]
        if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
            node = value
            continue
        return node, key


def _take_trailing_comment(node) -> str | None:  # type: ignore[no-untyped-def]
    """Detach the comment lines after ``node``'s last value, keeping any inline comment there."""
    slot = _last_slot(node)
    if slot is None:
        return None
    container, key = slot
    entry = container.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    token = entry[2]
    value: str = token.value
    if value.startswith("#"):
        inline, _, rest = value.partition("\n")
        token.value = inline + "\n"
    else:
        rest = value.removeprefix("\n")
        entry[2] = None
    return ("\n" + rest) if rest.strip() or rest.count("\n") else None


def _put_trailing_comment(node, text: str | None) -> None:  # type: ignore[no-untyped-def]
    """Attach ``text`` (from :func:`_take_trailing_comment`) after ``node``'s last value."""
    if not text:
        return
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    slot = _last_slot(node)
    if slot is None:
        return
    container, key = slot
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    if entry[2] is not None:
        entry[2].value = entry[2].value.rstrip("\n") + text
    else:
        entry[2] = CommentToken(text, CommentMark(0), None)
