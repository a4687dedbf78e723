"""The ``placements`` command: parses arguments, calls library functions, sets exit codes.

Exit status: 0 success; 2 content errors (or warnings with ``--strict``); 1 a build
step failed; 3 a scaffolding command refused to overwrite a file.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from .build import Project, build, check
from .paths import UnsafePathError
from .problems import (
    BuildError,
    ContentError,
    OutputExistsError,
    Problem,
    Severity,
    summary,
    to_json,
)
from .readability import measure

EXIT_CONTENT = 2
EXIT_BUILD = 1
EXIT_EXISTS = 3
EXIT_INTERRUPTED = 130  # as a shell reports a command stopped by Ctrl+C

project_option = click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Folder holding mkdocs.yml, content/ and workbook/.",
)


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)
    click.echo(summary(problems), err=True)


@contextmanager
def _refusals(after_problems: str) -> Iterator[None]:
    """Turn a command's refusals into messages and exit codes.

    ``ContentError`` prints its located problems and ``after_problems``, then exits 2;
    ``UnsafePathError`` (a symbolic link where a file is written) prints one line and
    exits 2; ``OutputExistsError`` prints one line and exits 3.
    """
    try:
        yield
    except ContentError as exc:
        _print_problems(exc.problems)
        click.echo(after_problems, err=True)
        sys.exit(EXIT_CONTENT)
    except OutputExistsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_EXISTS)
    except UnsafePathError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CONTENT)


@click.group()
@click.version_option(package_name="placements")
def main() -> None:
    """Build the police placement scheme's site, workbooks and leaflet from content/."""


@main.command("check")
@project_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check_command(project: Path, strict: bool, fmt: str) -> None:
    """Check every content file and the scheme's rules; report every problem."""
    content, problems = check(Project(project.resolve()))
    if strict:
        problems = [p.as_error() for p in problems]
    failed = any(p.severity is Severity.ERROR for p in problems)
    if fmt == "json":
        click.echo(to_json(problems))
    else:
        if content is not None:
            for figures in measure(content.leaflet):
                click.echo(f"info: leaflet readability, {figures.summary()}", err=True)
        _print_problems(problems)
    sys.exit(EXIT_CONTENT if failed else 0)


@main.command("build")
@project_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build_command(project: Path, strict: bool) -> None:
    """Check, then build site/ and the PDFs; on any error nothing is replaced."""
    proj = Project(project.resolve())
    # Stopped with SIGTERM (not only Ctrl+C), the build still removes its staging folder
    # (officers' workbooks, half made): the thirteenth security trial found it left behind.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        result = build(proj, strict=strict)
    except KeyboardInterrupt:
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except ContentError as exc:
        _print_problems(exc.problems)
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(EXIT_CONTENT)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(EXIT_BUILD)
    finally:
        signal.signal(signal.SIGTERM, previous)
    for warning in result.warnings:
        click.echo(warning.format(), err=True)
    click.echo(
        f"site: {len(result.public)} files in {proj.site}\n"
        f"private cohort outputs: {len(result.private)} files in {proj.private}"
    )


def _stop(signum: int, frame: object) -> None:
    """SIGTERM handler: stop as Ctrl+C would, so clean-up (``finally``) runs."""
    raise KeyboardInterrupt


@main.command("import-feedback")
@project_option
@click.argument("cohort")
@click.argument("csv_file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace the cohort's existing responses.")
def import_feedback_command(project: Path, cohort: str, csv_file: Path, replace: bool) -> None:
    """Import anonymous feedback for COHORT from CSV_FILE (never overwrites without --replace)."""
    import re

    from .content import load_content
    from .feedback_import import import_feedback
    from .model import SLUG_PATTERN

    proj = Project(project.resolve())
    if not re.fullmatch(SLUG_PATTERN, cohort):
        click.echo(
            f"error: {cohort!r} is not a cohort id (lower-case letters, digits, hyphens)", err=True
        )
        sys.exit(EXIT_CONTENT)
    cohort_file = proj.content / "cohorts" / f"{cohort}.yaml"
    if not cohort_file.is_file():
        known = (
            ", ".join(p.stem for p in sorted((proj.content / "cohorts").glob("*.yaml"))) or "none"
        )
        click.echo(
            f"error: no cohort file {cohort_file.relative_to(proj.root)} (cohorts: {known})",
            err=True,
        )
        sys.exit(EXIT_CONTENT)
    content, problems = load_content(proj.content, display_root=proj.root)
    if content is None:
        _print_problems(problems)
        sys.exit(EXIT_CONTENT)
    with _refusals("nothing was written"):
        result = import_feedback(
            cohort_file, csv_file.resolve(), content.scheme, replace=replace, display_root=proj.root
        )
    plural = "response" if result.added == 1 else "responses"
    click.echo(f"{result.added} {plural} written to {result.path.relative_to(proj.root)}")


@main.command("plan")
@project_option
@click.argument("cohort")
@click.option("--write", is_flag=True, help="Write the plan into the cohort file (comments kept).")
@click.option(
    "--replan-from",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Move officers whose service can no longer host them from this date (YYYY-MM-DD).",
)
def plan_command(project: Path, cohort: str, write: bool, replan_from) -> None:
    """Suggest every missing allocation of COHORT within the scheme's rules."""
    from .content import load_content
    from .planner import PlanError, capacity_clashes, plan_cohort, plan_yaml
    from .rules import RULES, check_capacity, check_rules
    from .writing import read_text_nofollow, write_text_atomic

    proj = Project(project.resolve())
    content, problems = load_content(proj.content, display_root=proj.root)
    if content is not None:
        # Capacity problems are what re-planning fixes; every other error must be fixed first.
        rules = [r for r in RULES if not (replan_from and r is check_capacity)]
        problems += check_rules(content, rules)
    if content is None or any(p.severity is Severity.ERROR for p in problems):
        _print_problems(problems)
        if content is not None and cohort in content.cohorts and not replan_from:
            clashes = capacity_clashes(content, cohort)
            if clashes:
                click.echo(
                    "to move the officers affected, run: placements plan "
                    f"{cohort} --replan-from {clashes[0][1]} --write",
                    err=True,
                )
        sys.exit(EXIT_CONTENT)
    if cohort not in content.cohorts:
        known = ", ".join(content.cohorts) or "none"
        click.echo(f"error: no cohort {cohort!r} (cohorts: {known})", err=True)
        sys.exit(EXIT_CONTENT)
    since = replan_from.date() if replan_from else None
    earlier = [c for c in capacity_clashes(content, cohort) if since and c[1] < since]
    if earlier:
        click.echo(
            f"warning: {len(earlier)} over-capacity day(s) before {since} are not moved "
            f"(first: {earlier[0][0]} on {earlier[0][1]}); use an earlier --replan-from",
            err=True,
        )
    try:
        plan = plan_cohort(content, cohort, replan_from=since)
    except PlanError as exc:
        click.echo("no plan is possible:", err=True)
        for reason in exc.reasons:
            click.echo(f"  {reason}", err=True)
        sys.exit(EXIT_CONTENT)
    names = {o.id: o.name for o in content.cohorts[cohort].officers}
    click.echo(f"{'officer':<10} {'name':<24} {'week':<5} {'service':<34} {'status'}")
    for a in plan.assignments:
        status = f"moved from {a.previous}" if a.status == "moved" else a.status
        click.echo(
            f"{a.officer:<10} {names[a.officer][:24]:<24} {a.week:<5} {a.service:<34} {status}"
        )
    click.echo(
        f"{len(plan.new)} new, {len(plan.moves)} moved, {len(plan.assignments)} allocations in all"
    )
    if write and (plan.new or plan.moves):
        path = proj.content / "cohorts" / f"{cohort}.yaml"
        with _refusals("nothing was written"):
            source = read_text_nofollow(path, within=proj.root)
            write_text_atomic(path, plan_yaml(source, plan), within=proj.root)
        click.echo(f"written to {path.relative_to(proj.root)}")
    elif write:
        click.echo("nothing to write: every week is already allocated")
    else:
        click.echo("(not written: add --write to save this plan into the cohort file)")


@main.command("serve")
@project_option
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
def serve_command(project: Path, dev_addr: str) -> None:
    """Preview the site, rebuilding whenever content/ changes."""
    from .serve import serve

    try:
        serve(Project(project.resolve()), dev_addr=dev_addr)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BUILD)


@main.command("schema")
@project_option
@click.option(
    "--check", "check_only", is_flag=True, help="Only report schemas that are out of date."
)
def schema_command(project: Path, check_only: bool) -> None:
    """Write JSON Schemas for editors into schemas/, generated from the content model."""
    from .schemas import stale, write_schemas

    folder = project.resolve() / "schemas"
    if check_only:
        out_of_date = stale(folder)
        for kind in out_of_date:
            click.echo(f"schemas/{kind}.schema.json is out of date; run: placements schema")
        sys.exit(1 if out_of_date else 0)
    with _refusals("nothing was written"):
        changed = write_schemas(folder)
    click.echo(
        f"{len(changed)} schema files written in {folder}" if changed else "schemas are up to date"
    )


def _slug_argument(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from .content import is_slug

    if not is_slug(value) or len(value) > 60:
        raise click.BadParameter(
            "use lower-case letters, digits and single hyphens, e.g. 2026-09-autumn"
        )
    return value


def _date_option(ctx: click.Context, param: click.Parameter, value: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise click.BadParameter("expected a date written YYYY-MM-DD, e.g. 2026-09-07")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("not a real calendar date; expected YYYY-MM-DD") from None


@main.command("new-cohort")
@click.argument("cohort_id", callback=_slug_argument)
@click.option(
    "--start", required=True, callback=_date_option, help="First placement day, YYYY-MM-DD."
)
@click.option(
    "--officers",
    type=click.IntRange(1, 40),
    default=8,
    show_default=True,
    help="Placeholder officers to list.",
)
@project_option
def new_cohort_command(cohort_id: str, start: date, officers: int, project: Path) -> None:
    """Write content/cohorts/COHORT_ID.yaml with the dates worked out; never overwrites."""
    from .problems import relative
    from .scaffold import new_cohort

    root = project.resolve()
    with _refusals("new-cohort needs a valid content/scheme.yaml; nothing was written"):
        path = new_cohort(root / "content", cohort_id, start, officers=officers, display_root=root)
    click.echo(f"wrote {relative(path, root)}")
    click.echo(
        "next: add the officers' names and placements; `placements check` lists what is left"
    )
