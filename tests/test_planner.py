"""The allocation planner: plans pass the rules, failures are explained, writes keep the file."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placements.build import Project
from placements.cli import main
from placements.content import load_content
from placements.planner import PlanError, plan_cohort, plan_yaml
from placements.problems import Severity
from placements.rules import check_rules

from .conftest import copy_project

COMMUNITY = [
    "cert",
    "early-intervention-in-psychosis",
    "gender-identity-service",
    "liaison-service",
    "recovery-team-north",
    "single-point-of-access",
]
WARDS = [
    "assessment-and-treatment-service",
    "burbage-ward",
    "g1-ward",
    "intensive-rehabilitation-service",
    "maple-ward",
    "stanage-ward",
]


def _cohort_yaml(start: date, officers: list[dict], prefix: str = "") -> str:
    """A cohort file: induction the week before, reflective practice last day, feedback after."""
    end = start + timedelta(days=11)
    lines = [
        "# A generated cohort for the planner tests.",
        "name: Test cohort",
        f"induction: {{date: {start - timedelta(days=7)}, start: '09:00', end: '16:30'}}",
        f"placement_start: {start}",
        f"reflective_practice: {{date: {end}, start: '14:00', end: '15:30'}}",
        f"feedback_session: {{date: {end + timedelta(days=4)}, start: '10:00', end: '12:00'}}",
        "officers:",
    ]
    for o in officers:
        lines.append(f"  - id: {o['id']}  # keep this comment")
        lines.append(f"    name: Officer {prefix}{o['id']}")
        if o.get("avoid"):
            lines.append(f"    avoid: [{', '.join(o['avoid'])}]")
        if o.get("placements"):
            lines.append("    placements:")
            for week, service in o["placements"]:
                lines.append(f"      - {{week: {week}, service: {service}, buddy: staff nurse}}")
    return "\n".join(lines) + "\n"


def _set_cohort(project: Project, cohort_id: str, text: str) -> Path:
    path = project.content / "cohorts" / f"{cohort_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _errors(project: Project) -> list[str]:
    content, problems = load_content(project.content, display_root=project.root)
    assert content is not None, [p.format() for p in problems]
    problems += check_rules(content)
    return [p.format() for p in problems if p.severity is Severity.ERROR]


def _plan_and_write(project: Project, cohort_id: str) -> None:
    content, problems = load_content(project.content)
    assert content is not None, [p.format() for p in problems]
    plan = plan_cohort(content, cohort_id)
    path = project.content / "cohorts" / f"{cohort_id}.yaml"
    path.write_text(plan_yaml(path.read_text(encoding="utf-8"), plan), encoding="utf-8")


def test_planner_fills_missing_weeks_and_keeps_written_ones(project: Project) -> None:
    officers = [{"id": f"so-{n:02d}"} for n in range(1, 9)]
    officers[0]["placements"] = [(1, "cert")]
    officers[1]["avoid"] = ["maple-ward", "cert"]
    path = _set_cohort(project, "2027-03", _cohort_yaml(date(2027, 3, 8), officers))
    _plan_and_write(project, "2027-03")
    assert _errors(project) == []
    text = path.read_text(encoding="utf-8")
    assert text.count("# keep this comment") == 8
    assert "- {week: 1, service: cert, buddy: staff nurse}" in text  # written allocation untouched
    content, _ = load_content(project.content)
    cohort = content.cohorts["2027-03"]
    assert all(len(o.placements) == 2 for o in cohort.officers)
    assert not {a.service for a in cohort.officers[1].placements} & {"maple-ward", "cert"}


def test_plans_spread_across_services(project: Project) -> None:
    officers = [{"id": f"so-{n:02d}"} for n in range(1, 7)]
    _set_cohort(project, "2027-03", _cohort_yaml(date(2027, 3, 8), officers))
    content, _ = load_content(project.content)
    plan = plan_cohort(content, "2027-03")
    services = [a.service for a in plan.assignments]
    assert len(set(services)) == 12  # six officers, six community and six ward services


def test_plan_is_deterministic(project: Project) -> None:
    _set_cohort(
        project,
        "2027-03",
        _cohort_yaml(date(2027, 3, 8), [{"id": f"so-{n:02d}"} for n in range(1, 11)]),
    )
    content, _ = load_content(project.content)
    assert plan_cohort(content, "2027-03") == plan_cohort(content, "2027-03")


def test_infeasible_week_is_explained(project: Project) -> None:
    for slug in WARDS[:-1]:
        path = project.content / "services" / f"{slug}.yaml"
        path.write_text(
            path.read_text(encoding="utf-8")
            + "unavailable:\n  - {start: 2027-03-15, end: 2027-03-19, reason: high clinical activity}\n",
            encoding="utf-8",
        )
    _set_cohort(
        project,
        "2027-03",
        _cohort_yaml(date(2027, 3, 8), [{"id": f"so-{n:02d}"} for n in range(1, 6)]),
    )
    content, _ = load_content(project.content)
    with pytest.raises(PlanError) as caught:
        plan_cohort(content, "2027-03")
    assert caught.value.reasons == [
        "week of 2027-03-15 (ward): 5 officers to place, but the ward services have 2 places free "
        "all week; move the cohort's dates, give a service more places (capacity_changes) or "
        "place fewer officers"
    ]


def test_officer_avoiding_every_ward_is_told_so(project: Project) -> None:
    _set_cohort(
        project, "2027-03", _cohort_yaml(date(2027, 3, 8), [{"id": "so-01", "avoid": WARDS}])
    )
    content, _ = load_content(project.content)
    with pytest.raises(PlanError) as caught:
        plan_cohort(content, "2027-03")
    assert caught.value.reasons == [
        "officer so-01 avoids every ward service; remove one from their avoid list"
    ]


def test_officers_competing_for_too_few_allowed_places_are_named(project: Project) -> None:
    only_liaison = [s for s in COMMUNITY if s != "liaison-service"]
    officers = [{"id": f"so-0{n}", "avoid": only_liaison} for n in (1, 2, 3)]
    _set_cohort(project, "2027-03", _cohort_yaml(date(2027, 3, 8), officers))
    content, _ = load_content(project.content)
    with pytest.raises(PlanError) as caught:
        plan_cohort(content, "2027-03")
    assert caught.value.reasons == [
        "week of 2027-03-08: officers so-01, so-02, so-03 can only go to liaison-service (their "
        "avoid lists and full services rule out the rest), which have 2 places free; relax an "
        "avoid list or free a place"
    ]


def test_eight_officers_use_every_community_service(project: Project) -> None:
    _set_cohort(
        project,
        "2027-03",
        _cohort_yaml(date(2027, 3, 8), [{"id": f"so-{n:02d}"} for n in range(1, 9)]),
    )
    content, _ = load_content(project.content)
    plan = plan_cohort(content, "2027-03")
    assert {a.service for a in plan.assignments if a.week == 1} == set(COMMUNITY)


def test_replan_moves_only_the_excess_officer(project: Project) -> None:
    maple = project.content / "services" / "maple-ward.yaml"
    maple.write_text(
        maple.read_text(encoding="utf-8")
        + "capacity_changes:\n  - {start: 2018-03-21, end: 2018-03-23, capacity: 1}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["plan", "2018-03-pilot", "--project", str(project.root)])
    assert result.exit_code == 2
    assert (
        "to move the officers affected, run: placements plan 2018-03-pilot --replan-from 2018-03-21 --write"
        in result.output
    )
    result = CliRunner().invoke(
        main,
        [
            "plan",
            "2018-03-pilot",
            "--replan-from",
            "2018-03-19",
            "--write",
            "--project",
            str(project.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "0 new, 1 moved" in result.output
    assert _errors(project) == []


def test_replan_from_after_the_clash_warns(project: Project) -> None:
    maple = project.content / "services" / "maple-ward.yaml"
    maple.write_text(
        maple.read_text(encoding="utf-8")
        + "unavailable:\n  - {start: 2018-03-19, end: 2018-03-23, reason: outbreak}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["plan", "2018-03-pilot", "--replan-from", "2018-03-24", "--project", str(project.root)],
    )
    assert (
        "warning: 5 over-capacity day(s) before 2018-03-24 are not moved (first: maple-ward on 2018-03-19)"
        in result.output
    )


def test_write_keeps_comments_about_the_next_officer(project: Project) -> None:
    text = _cohort_yaml(
        date(2027, 3, 8), [{"id": "so-01"}, {"id": "so-02", "placements": [(1, "cert")]}]
    )
    text = text.replace("  - id: so-02", "\n  # so-02 joined from the March intake\n  - id: so-02")
    text = text.replace("buddy: staff nurse}", "buddy: staff nurse}  # agreed by phone")
    path = _set_cohort(project, "2027-03", text)
    _plan_and_write(project, "2027-03")
    lines = path.read_text(encoding="utf-8").splitlines()
    comment = lines.index("  # so-02 joined from the March intake")
    assert lines[comment + 1].startswith("  - id: so-02")
    assert lines[comment - 1] == ""
    assert any(line.endswith("# agreed by phone") for line in lines)
    assert _errors(project) == []


def test_replan_moves_only_the_affected_officers(project: Project) -> None:
    maple = project.content / "services" / "maple-ward.yaml"
    maple.write_text(
        maple.read_text(encoding="utf-8")
        + "unavailable:\n  - {start: 2018-03-21, end: 2018-03-23, reason: too many students}\n",
        encoding="utf-8",
    )
    before, _ = load_content(project.content)
    at_maple = {
        o.id
        for o in before.cohorts["2018-03-pilot"].officers
        for a in o.placements
        if a.service == "maple-ward"
    }
    assert at_maple
    result = CliRunner().invoke(
        main,
        [
            "plan",
            "2018-03-pilot",
            "--replan-from",
            "2018-03-20",
            "--write",
            "--project",
            str(project.root),
        ],
    )
    assert result.exit_code == 0, result.output
    assert f"{len(at_maple)} moved" in result.output
    after, _ = load_content(project.content)
    for o_before, o_after in zip(
        before.cohorts["2018-03-pilot"].officers,
        after.cohorts["2018-03-pilot"].officers,
        strict=True,
    ):
        if o_before.id in at_maple:
            assert [a.service for a in o_after.placements if a.week == 2] != ["maple-ward"]
            assert [a for a in o_after.placements if a.week == 1] == [
                a for a in o_before.placements if a.week == 1
            ]
        else:
            assert o_after.placements == o_before.placements
    assert _errors(project) == []


def test_plan_without_write_changes_nothing(project: Project) -> None:
    path = _set_cohort(project, "2027-03", _cohort_yaml(date(2027, 3, 8), [{"id": "so-01"}]))
    before = path.read_bytes()
    result = CliRunner().invoke(main, ["plan", "2027-03", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 moved" in result.output and "not written" in result.output
    assert path.read_bytes() == before


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sizes=st.tuples(st.integers(1, 12), st.integers(1, 12)),
    offset_weeks=st.integers(min_value=-1, max_value=2),
    closed=st.lists(st.tuples(st.sampled_from(COMMUNITY + WARDS), st.integers(0, 20)), max_size=5),
    avoid=st.lists(st.sampled_from(COMMUNITY + WARDS), max_size=4),
)
def test_cohorts_planned_one_after_another_always_pass_the_rules(
    tmp_path_factory, sizes, offset_weeks, closed, avoid
) -> None:
    """Whatever the cohorts, closures and avoid lists: a plan passes check, or it is explained."""
    project = copy_project(tmp_path_factory.mktemp("prop") / "project")
    (project.content / "cohorts" / "2018-03-pilot.yaml").unlink()
    first_start = date(2027, 3, 8)
    by_service: dict[str, set[date]] = {}
    for slug, day in closed:
        by_service.setdefault(slug, set()).add(first_start + timedelta(days=day))
    for slug, days in by_service.items():
        path = project.content / "services" / f"{slug}.yaml"
        ranges = "".join(f"  - {{start: {d}, end: {d}, reason: closed}}\n" for d in sorted(days))
        path.write_text(
            path.read_text(encoding="utf-8") + "unavailable:\n" + ranges, encoding="utf-8"
        )
    starts = [first_start, first_start + timedelta(weeks=offset_weeks)]
    for k, (size, start) in enumerate(zip(sizes, starts, strict=True)):
        officers = [
            {"id": f"so-{n:02d}", "avoid": avoid if n == 1 else []} for n in range(1, size + 1)
        ]
        _set_cohort(project, f"c{k}", _cohort_yaml(start, officers, prefix=f"c{k} "))
    for k in range(2):
        content, problems = load_content(project.content)
        assert content is not None, problems
        try:
            plan = plan_cohort(content, f"c{k}")
        except PlanError as exc:
            assert exc.reasons and all(exc.reasons)
            return
        path = project.content / "cohorts" / f"c{k}.yaml"
        path.write_text(plan_yaml(path.read_text(encoding="utf-8"), plan), encoding="utf-8")
    assert _errors(project) == []


def test_rota_per_service_lists_its_officers_on_one_private_page(built: Project) -> None:
    from pypdf import PdfReader

    content, _ = load_content(built.content)
    cohort = content.cohorts["2018-03-pilot"]
    for slug, service in content.services.items():
        placed = [o.name for o in cohort.officers for a in o.placements if a.service == slug]
        rota = built.private / "2018-03-pilot" / f"rota-{slug}.pdf"
        if not placed:
            assert not rota.exists()
            continue
        reader = PdfReader(rota)
        assert len(reader.pages) == 1
        text = "".join(reader.pages[0].extract_text().split())  # names may wrap in cells
        assert "".join(service.name.split()) in text
        others = [o.name for o in cohort.officers if o.name not in placed]
        assert all("".join(n.split()) in text for n in placed)
        assert not any("".join(n.split()) in text for n in others)
    assert not list(built.site.rglob("rota-*"))
