"""The CLI's contract: located messages, exit status 2 on content errors, no tracebacks."""

from __future__ import annotations

import json

from click.testing import CliRunner

from placements.build import Project
from placements.cli import main


def _run(project: Project, *args: str):
    return CliRunner().invoke(main, [*args, "--project", str(project.root)])


def test_check_passes_on_shipped_content(project: Project) -> None:
    result = _run(project, "check")
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output or "no problems" in result.output


def test_broken_yaml_exits_2_with_file_and_line(project: Project) -> None:
    path = project.content / "services" / "cert.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[index] = "name: 'Community Enhanced Recovery Team"  # unclosed quote
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(project, "check")
    assert result.exit_code == 2
    assert f"content/services/cert.yaml:{index + 1}:7: YAML syntax error" in result.output
    assert "Traceback" not in result.output


def test_check_reports_every_file_in_one_run(project: Project) -> None:
    cert = project.content / "services" / "cert.yaml"
    cert.write_text(
        cert.read_text(encoding="utf-8").replace("setting: community", "setting: comunity"),
        encoding="utf-8",
    )
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    cohort.write_text(cohort.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    scheme = project.content / "scheme.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    maple = project.content / "services" / "maple-ward.yaml"
    maple.write_text(maple.read_text(encoding="utf-8") + "capacity: two\n", encoding="utf-8")
    result = _run(project, "check")
    assert result.exit_code == 2
    assert (
        "content/cohorts/2018-03-pilot.yaml" in result.output
        and "colour: unknown field" in result.output
    )
    assert "content/scheme.yaml" in result.output and "did you mean 'title'" in result.output
    assert "capacity: expected a whole number" in result.output
    assert "3 errors" in result.output


def test_cross_file_rules_still_run_when_another_file_is_broken(project: Project) -> None:
    cert = project.content / "services" / "cert.yaml"
    cert.write_text(
        cert.read_text(encoding="utf-8").replace("setting: community", "setting: comunity"),
        encoding="utf-8",
    )
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    cohort.write_text(cohort.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    result = _run(project, "check")
    assert result.exit_code == 2
    assert (
        "content/services/cert.yaml" in result.output
        and "did you mean 'community'" in result.output
    )
    assert "colour: unknown field" in result.output
    assert "2 errors" in result.output


def test_json_format_lists_problems(project: Project) -> None:
    scheme = project.content / "scheme.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    result = _run(project, "check", "--format", "json")
    assert result.exit_code == 2
    problems = json.loads(result.stdout)
    assert problems[0]["path"] == "content/scheme.yaml"
    assert problems[0]["field"] == "titel"
    assert "did you mean 'title'" in problems[0]["message"]


def test_build_with_errors_exits_2_and_writes_nothing(project: Project) -> None:
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    cohort.write_text(
        cohort.read_text(encoding="utf-8").replace(
            "placement_start: 2018-03-12", "placement_start: 2018-3-12"
        ),
        encoding="utf-8",
    )
    result = _run(project, "build")
    assert result.exit_code == 2
    assert "placement_start: expected a date written YYYY-MM-DD" in result.output
    assert not project.site.exists() and not project.private.exists()
