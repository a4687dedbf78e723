"""Twelve mistakes a new coordinator makes editing the shipped content, as the README describes.

Each edits the real ``content/`` (a copy), runs ``placements check`` and expects one
problem, at the line the mistake is on, naming the field and saying how to fix it. The
line is found from the edit, so these tests follow the shipped content as it changes;
exact columns and whole messages are pinned in ``tests/test_catalogue.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from placements.build import Project
from placements.cli import main

PILOT = "content/cohorts/2018-03-pilot.yaml"
MAPLE = "content/services/maple-ward.yaml"
CERT = "content/services/cert.yaml"


@dataclass(frozen=True)
class Mistake:
    """One edit (``old`` -> ``new``, first occurrence) and what ``check`` must say."""

    what: str
    path: str
    old: str
    new: str
    marker: str  # unique text (after the edit) starting on the line the problem points at
    says: str  # words the message must contain
    warning: bool = False
    encoding: str = "utf-8"
    offset: int = 0  # lines below the marker's first line


MISTAKES = [
    Mistake(
        "copies an officer and forgets to change the id",
        PILOT,
        "  - id: so-08\n",
        "  - id: so-07\n",
        "  - id: so-07\n    name: Zo",
        "officer id used twice in this cohort",
    ),
    Mistake(
        "names a service by its title",
        PILOT,
        "service: maple-ward",
        "service: Maple Ward",
        "service: Maple Ward",
        "did you mean 'maple-ward'?",
    ),
    Mistake(
        "writes a date the British way",
        PILOT,
        "placement_start: 2018-03-12",
        "placement_start: 12/03/2018",
        "placement_start:",
        "expected a date written YYYY-MM-DD",
    ),
    Mistake(
        "writes the capacity in words",
        MAPLE,
        "setting: ward\n",
        "setting: ward\ncapacity: two\n",
        "capacity: two",
        "capacity: expected a whole number",
    ),
    Mistake(
        "uses a colon in a sentence",
        MAPLE,
        "summary: An adult",
        "summary: Note: an adult",
        "summary: Note:",
        "a colon followed by a space inside a value; put the whole value in quotes",
    ),
    Mistake(
        "indents with a tab",
        "content/leaflet.yaml",
        "  owner: ",
        "\towner: ",
        "\towner: ",
        "YAML indents with spaces only",
    ),
    Mistake(
        "saves a service file from an old editor",
        CERT,
        "abbreviation: CERT",
        "abbreviation: CERT\u2019s",
        "abbreviation: CERT",
        "the file is not UTF-8",
        encoding="cp1252",
    ),
    Mistake(
        "misspells a field",
        MAPLE,
        "summary:",
        "sumary:",
        "sumary:",
        "unknown field; did you mean 'summary'?",
    ),
    Mistake(
        "puts the ward week first",
        PILOT,
        "      - week: 1\n        service: cert\n",
        "      - week: 1\n        service: maple-ward\n",
        "      - week: 1\n        service: maple-ward\n",
        "week 1 must be in a community setting",
        offset=1,
    ),
    Mistake(
        "books feedback before the placement ends",
        PILOT,
        "  date: 2018-03-27",
        "  date: 2018-03-20",
        "  date: 2018-03-20",
        "the feedback session must come after the placement ends",
    ),
    Mistake(
        "gives a shift that starts before the service opens",
        PILOT,
        '          start: "08:00"\n          end: "16:00"',
        '          start: "07:00"\n          end: "15:00"',
        '          start: "07:00"',
        "the shift must lie inside",
    ),
    Mistake(
        "writes a list with a folded block",
        MAPLE,
        "what_to_expect: |",
        "what_to_expect: >",
        "what_to_expect: >",
        "use a literal block ('|') instead",
        warning=True,
    ),
]


def _problems(project: Project) -> tuple[list[str], str, int]:
    result = CliRunner().invoke(main, ["check", "--project", str(project.root)])
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if not line.startswith("info: ")]
    return lines[:-1], result.output, result.exit_code


@pytest.mark.parametrize("mistake", MISTAKES, ids=[m.what for m in MISTAKES])
def test_each_mistake_gets_one_located_message(project: Project, mistake: Mistake) -> None:
    before, _, status = _problems(project)
    assert status == 0  # what the shipped content already gives (warnings)
    path = project.root / mistake.path
    text = path.read_text(encoding="utf-8")
    assert mistake.old in text, f"the shipped content changed: {mistake.old!r} not found"
    edited = text.replace(mistake.old, mistake.new, 1)
    path.write_bytes(edited.encode(mistake.encoding))
    assert edited.count(mistake.marker) == 1, f"{mistake.marker!r} must be unique"
    line = edited.count("\n", 0, edited.index(mistake.marker)) + 1 + mistake.offset

    after, output, status = _problems(project)
    new = [problem for problem in after if problem not in before]
    assert len(new) == 1, output
    [problem] = new
    assert problem.startswith(f"{mistake.path}:{line}:"), (problem, line)
    assert mistake.says in problem
    assert problem.endswith("[warning]") == mistake.warning
    assert status == (0 if mistake.warning else 2)
