"""``placements new-cohort``: dates worked out, placeholders that warn, and nothing ever lost."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from placements import scaffold
from placements.build import Project
from placements.cli import main
from placements.content import load_content, load_file
from placements.model import Scheme
from placements.problems import OutputExistsError
from placements.workbooks import officer_workbook
from placements.writing import write_new_file


def _run(project: Project, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project.root)])


def _scheme(project: Project) -> Scheme:
    scheme, problems = load_file(project.content / "scheme.yaml", Scheme)
    assert isinstance(scheme, Scheme), problems
    return scheme


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_dates_follow_the_pilot_pattern(project: Project) -> None:
    d = scaffold.plan_dates(_scheme(project), date(2018, 3, 12))
    assert d.induction == date(2018, 3, 5)  # the Monday before
    assert d.last_day == date(2018, 3, 23)  # two weeks of five days
    assert d.reflective_practice == date(2018, 3, 23)
    assert d.feedback == date(2018, 3, 26)  # the next working day


def test_dates_skip_bank_holidays(project: Project) -> None:
    scheme = _scheme(project)
    # A week before 13 April 2026 is Easter Monday; Good Friday is the 3rd.
    assert scaffold.plan_dates(scheme, date(2026, 4, 13)).induction == date(2026, 4, 2)
    # The placement from 11 May 2026 ends on Friday 22 May; Monday 25 May is a bank holiday.
    assert scaffold.plan_dates(scheme, date(2026, 5, 11)).feedback == date(2026, 5, 26)


def test_new_cohort_checks_with_warnings_only(project: Project) -> None:
    result = _run(project, "new-cohort", "2026-09-autumn", "--start", "2026-09-07")
    assert result.exit_code == 0, result.output
    assert "wrote content/cohorts/2026-09-autumn.yaml" in result.output
    path = project.content / "cohorts" / "2026-09-autumn.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/cohort.schema.json"

    check = _run(project, "check")
    assert check.exit_code == 0, check.output
    assert "Traceback" not in check.output
    lines = [line for line in check.output.splitlines() if "2026-09-autumn.yaml" in line]
    assert len(lines) == 16  # 8 officers: a placeholder name and no placements each
    assert all(line.endswith("[warning]") for line in lines)
    assert (
        "content/cohorts/2026-09-autumn.yaml:32:11: officers.0.name: this officer's name is "
        'still a placeholder; write the officer\'s name (got "TBC officer 1") [warning]' in lines
    )
    assert check.output.splitlines()[-1].startswith("0 errors, ")
    strict = _run(project, "check", "--strict")
    assert strict.exit_code == 2

    content, _ = load_content(project.content)
    assert content is not None
    cohort = content.cohorts["2026-09-autumn"]
    assert cohort.induction.date == date(2026, 8, 28)  # 31 August is a bank holiday
    assert cohort.placement_start == date(2026, 9, 7)
    assert cohort.reflective_practice.date == date(2026, 9, 18)
    assert cohort.feedback_session.date == date(2026, 9, 21)
    assert [o.id for o in cohort.officers] == [f"so-{n:02d}" for n in range(1, 9)]
    books = [officer_workbook(content, cohort, o) for o in cohort.officers]
    assert all(book.services == [] for book in books)


def test_new_cohort_refuses_to_overwrite(project: Project) -> None:
    path = project.content / "cohorts" / "2018-03-pilot.yaml"
    before = path.read_bytes()
    result = _run(project, "new-cohort", "2018-03-pilot", "--start", "2026-09-07")
    assert result.exit_code == 3
    assert "already exists; nothing was written" in result.output
    assert path.read_bytes() == before
    assert _leftovers(path.parent) == []


def test_a_file_created_meanwhile_is_not_replaced(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = project.content / "cohorts" / "late.yaml"
    real_link = os.link

    def racing_link(src, dst, **where):  # someone else saves the same file first
        target.write_text("name: theirs\n", encoding="utf-8")
        return real_link(src, dst, **where)

    monkeypatch.setattr(os, "link", racing_link)
    with pytest.raises(OutputExistsError):
        write_new_file(target, "name: ours\n", within=project.root)
    assert target.read_text(encoding="utf-8") == "name: theirs\n"
    assert _leftovers(target.parent) == []


def test_an_interrupted_write_leaves_nothing(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        scaffold.new_cohort(project.content, "2026-09-autumn", date(2026, 9, 7))
    folder = project.content / "cohorts"
    assert not (folder / "2026-09-autumn.yaml").exists()
    assert _leftovers(folder) == []


@pytest.mark.parametrize("bad", ["../escape", "Autumn 2026", "2026_09", "x-", "a--b", ""])
def test_cohort_id_must_be_a_slug(project: Project, bad: str) -> None:
    before = sorted(p.name for p in (project.content / "cohorts").iterdir())
    result = _run(project, "new-cohort", bad, "--start", "2026-09-07")
    assert result.exit_code == 2
    assert "use lower-case letters, digits and single hyphens" in result.output
    assert sorted(p.name for p in (project.content / "cohorts").iterdir()) == before
    with pytest.raises(scaffold.InvalidIdError):
        scaffold.new_cohort(project.content, bad, date(2026, 9, 7))


@pytest.mark.parametrize(
    ("start", "message"),
    [("2026-9-7", "expected a date written YYYY-MM-DD"), ("2026-02-30", "not a real calendar")],
)
def test_start_must_be_an_iso_date(project: Project, start: str, message: str) -> None:
    result = _run(project, "new-cohort", "x", "--start", start)
    assert result.exit_code == 2 and message in result.output
    assert not (project.content / "cohorts" / "x.yaml").exists()


def test_a_broken_scheme_stops_with_its_location(project: Project) -> None:
    scheme = project.content / "scheme.yaml"
    scheme.write_text(
        scheme.read_text(encoding="utf-8").replace("days_per_week: 5", "days_per_week: five"),
        encoding="utf-8",
    )
    result = _run(project, "new-cohort", "x", "--start", "2026-09-07")
    assert result.exit_code == 2
    assert "content/scheme.yaml:" in result.output
    assert "placement.days_per_week: expected a whole number" in result.output
    assert "Traceback" not in result.output
    assert not (project.content / "cohorts" / "x.yaml").exists()


def test_new_cohort_will_not_write_into_a_linked_content_folder(
    project: Project, tmp_path: Path
) -> None:
    # the fifteenth security trial: with content/ itself a link, the new cohort file
    # landed wherever it pointed
    elsewhere = tmp_path / "elsewhere"
    (project.root / "content").rename(elsewhere)
    (project.root / "content").symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in (elsewhere / "cohorts").iterdir())
    args = ["new-cohort", "2027-05-test", "--start", "2027-05-10", "--project", str(project.root)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "is a symbolic link" in result.output
    assert sorted(p.name for p in (elsewhere / "cohorts").iterdir()) == before


def test_schema_will_not_write_into_a_linked_schemas_folder(
    project: Project, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "schemas-elsewhere"
    elsewhere.mkdir()
    schemas = project.root / "schemas"
    if schemas.exists():
        import shutil

        shutil.rmtree(schemas)
    schemas.symlink_to(elsewhere, target_is_directory=True)
    result = CliRunner().invoke(main, ["schema", "--project", str(project.root)])
    assert result.exit_code == 2, result.output
    assert "is a symbolic link" in result.output
    assert list(elsewhere.iterdir()) == []
