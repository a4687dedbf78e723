"""The ``placements`` command: parses arguments, calls library functions, sets exit codes.

Exit status: 0 success; 2 content errors (or warnings with ``--strict``); 1 a build
step failed; 3 a scaffolding command refused to overwrite a file.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .build import Project, build, check
from .problems import BuildError, ContentError, Problem, Severity, summary, to_json

EXIT_CONTENT = 2
EXIT_BUILD = 1

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
    _, problems = check(Project(project.resolve()))
    failed = any(p.severity is Severity.ERROR for p in problems) or (strict and bool(problems))
    if fmt == "json":
        click.echo(to_json(problems))
    else:
        _print_problems(problems)
    sys.exit(EXIT_CONTENT if failed else 0)


@main.command("build")
@project_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build_command(project: Path, strict: bool) -> None:
    """Check, then build site/ and the PDFs; on any error nothing is replaced."""
    proj = Project(project.resolve())
    try:
        result = build(proj, strict=strict)
    except ContentError as exc:
        _print_problems(exc.problems)
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(EXIT_CONTENT)
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        click.echo("build stopped: nothing was written", err=True)
        sys.exit(EXIT_BUILD)
    for warning in result.warnings:
        click.echo(warning.format(), err=True)
    click.echo(
        f"site: {len(result.public)} files in {proj.site}\n"
        f"private cohort outputs: {len(result.private)} files in {proj.private}"
    )


@main.command("serve")
@project_option
@click.option(
    "--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on."
)
def serve_command(project: Path, dev_addr: str) -> None:
    """Preview the site, rebuilding whenever content/ changes."""
    from .serve import serve

    serve(Project(project.resolve()), dev_addr=dev_addr)
