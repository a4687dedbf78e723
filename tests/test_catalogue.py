"""The catalogue of bad inputs: one small edit each, with the exact problems it must give.

Every case starts from the small, valid project in ``tests/cases/base/content/``, applies
its edits (a replaced line, an added file, a file saved in the wrong encoding...), runs
``placements check`` through the CLI, and asserts the complete output: every problem as
``path:line:col: field: message (got value)`` in order, then the summary line, the exit
status, and that no traceback was printed. The kinds come from the issue and from
``shared/cases/README.md`` (kinds 1, 2, 3, 5, 6, 16, 17) plus the mistakes a coordinator
makes by hand.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from datetime import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from placements.cli import main
from placements.content import load_content
from placements.rules import check_rules

BASE = Path(__file__).parent / "cases" / "base"
COHORT = "cohorts/2026-03.yaml"
WARD = "services/ward-a.yaml"
TEAM = "services/team-b.yaml"


@dataclass(frozen=True)
class Sub:
    """Replace the one occurrence of ``old`` with ``new`` (fails if not exactly one)."""

    old: str
    new: str


@dataclass(frozen=True)
class Append:
    """Add ``text`` at the end of the file."""

    text: str


Edit = Sub | Append | str | bytes | None  # str/bytes: the whole file; None: delete it


@dataclass(frozen=True)
class Case:
    """One bad (or tricky) input and what ``placements check`` must say about it.

    Attributes:
        id: the case's name in test output.
        edits: path under ``content/`` -> edit.
        expect: every problem line, exactly, in the order printed.
        exit: the expected exit status (2 when any error, 0 when only warnings).
        args: extra arguments for ``placements check``.
        keeps: ``(path, dotted field, value)``: the value the model must hold afterwards
            (for inputs that must be read as written, not rejected).
    """

    id: str
    edits: dict[str, Edit]
    expect: list[str]
    exit: int = 2
    args: tuple[str, ...] = ()
    keeps: tuple[str, str, object] | None = None


def _apply(root: Path, path: str, edit: Edit) -> None:
    target = root / path
    if edit is None:
        target.unlink()
    elif isinstance(edit, bytes):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(edit)
    elif isinstance(edit, str):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(edit, encoding="utf-8")
    elif isinstance(edit, Append):
        target.write_text(target.read_text(encoding="utf-8") + edit.text, encoding="utf-8")
    else:
        text = target.read_text(encoding="utf-8")
        assert text.count(edit.old) == 1, f"{edit.old!r} must occur once in {path}"
        target.write_text(text.replace(edit.old, edit.new), encoding="utf-8")


def _summary(lines: list[str]) -> str:
    warnings = sum(1 for line in lines if line.endswith("[warning]"))
    errors = len(lines) - warnings
    files = len({line.split(":", 1)[0] for line in lines})

    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    if not lines:
        return "no problems found"
    return f"{n(errors, 'error')}, {n(warnings, 'warning')} in {n(files, 'file')}"


def _problem_lines(output: str) -> list[str]:
    """The output without ``info:`` lines (figures such as the leaflet's readability)."""
    return [line for line in output.splitlines() if not line.startswith("info: ")]


def _project(tmp_path: Path, case: Case) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    for path, edit in case.edits.items():
        _apply(root / "content", path, edit)
    return root


def _text(path: str) -> str:
    return (BASE / "content" / path).read_text(encoding="utf-8")


def _moved_cohort(induction: str, start: str, reflective: str, feedback: str) -> str:
    """The base cohort with its four dates changed."""
    text = _text(COHORT)
    for old, new in [
        ("2026-02-23", induction),
        ("2026-03-02", start),
        ("2026-03-13", reflective),
        ("2026-03-16", feedback),
    ]:
        text = text.replace(old, new)
    return text


OTHER_COHORT = """\
name: Second cohort
induction:
  date: 2026-03-02
  start: "09:00"
  end: "16:30"
placement_start: 2026-03-09
reflective_practice:
  date: 2026-03-20
  start: "14:00"
  end: "15:30"
feedback_session:
  date: 2026-03-23
  start: "10:00"
  end: "12:00"
officers:
  - id: so-01
    name: Kim Other
    placements:
      - week: 1
        service: team-b
        buddy: nurse
      - week: 2
        service: ward-a
        buddy: nurse
"""
"""A second cohort, valid beside the base one: it starts a week later, so its officer is
at Team B while the base cohort's are at Ward A."""

SAME_WEEKS_COHORT = (
    OTHER_COHORT.replace("2026-03-02", "2026-02-24")
    .replace("2026-03-09", "2026-03-02")
    .replace("2026-03-20", "2026-03-13")
    .replace("2026-03-23", "2026-03-17")
    .replace("service: team-b", "service: team-c")
)
"""A second cohort on the same dates as the base one, using Team C and then Ward A."""

TEAM_C = _text(TEAM).replace("Team B", "Team C").replace("abbreviation: TB\n", "")

ALIAS_BOMB = 'a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]\n' + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}]\n"
    for i in range(8)
)

CASES: list[Case] = [
    # --- read as written (shared/cases kinds 1, 2, 3, 17) ---------------------------
    Case(
        "yaml11-no-stays-text",
        {"leaflet.yaml": Sub("answer: You are not in trouble.", "answer: No")},
        [],
        exit=0,
        keeps=("leaflet.yaml", "questions.0.answer", "No"),
    ),
    Case(
        "yaml11-language-no-stays-text",
        {"leaflet.yaml": Append("language: no\n")},
        [],
        exit=0,
        keeps=("leaflet.yaml", "language", "no"),
    ),
    Case(
        "leading-zero-kept",
        {TEAM: Sub("abbreviation: TB", "abbreviation: 0123")},
        [],
        exit=0,
        keeps=(TEAM, "abbreviation", "0123"),
    ),
    Case(
        "trailing-zero-kept",
        {TEAM: Append("based_at: 1.10\n")},
        [],
        exit=0,
        keeps=(TEAM, "based_at", "1.10"),
    ),
    Case(
        "unquoted-clock-time-kept",
        {COHORT: Sub('start: "09:00"\n  end: "16:30"', "start: 09:00\n  end: 16:30")},
        [],
        exit=0,
    ),
    Case(
        "byte-order-mark",
        {WARD: b"\xef\xbb\xbf" + (BASE / "content" / WARD).read_bytes()},
        [],
        exit=0,
    ),
    Case(
        "windows-line-endings",
        {WARD: (BASE / "content" / WARD).read_bytes().replace(b"\n", b"\r\n")},
        [],
        exit=0,
    ),
    # --- encodings (kind 5) ------------------------------------------------------------
    Case(
        "windows-1252-apostrophe",
        {
            TEAM: (BASE / "content" / TEAM)
            .read_bytes()
            .replace(b"Team manager", b"Team\x92s manager")
        },
        [
            "content/services/team-b.yaml:2:14: the file is not UTF-8: byte 0x92 (in Windows-1252 that byte is '’') cannot be read; open the file in your editor and save it with the encoding 'UTF-8'",
        ],
    ),
    Case(
        "latin-1-accent",
        {
            TEAM: (BASE / "content" / TEAM)
            .read_bytes()
            .replace(b"Adults at home.", b"Adults at h\xe9me.")
        },
        [
            "content/services/team-b.yaml:8:20: the file is not UTF-8: byte 0xe9 (in Windows-1252 that byte is 'é') cannot be read; open the file in your editor and save it with the encoding 'UTF-8'",
        ],
    ),
    Case(
        "utf-16-without-bom",
        {TEAM: (BASE / "content" / TEAM).read_text(encoding="utf-8").encode("utf-16-le")},
        [
            "content/services/team-b.yaml:1:1: the file is saved as UTF-16 (Unicode); open it in your editor and save it with the encoding 'UTF-8'",
        ],
    ),
    Case(
        "utf-16-file",
        {TEAM: (BASE / "content" / TEAM).read_text(encoding="utf-8").encode("utf-16")},
        [
            "content/services/team-b.yaml:1:1: the file is saved as UTF-16 (Unicode); open it in your editor and save it with the encoding 'UTF-8'",
        ],
    ),
    Case(
        "control-character",
        {TEAM: Sub("name: Team B", "name: Team\x07B")},
        [
            "content/services/team-b.yaml:5:11: the file contains a control character (U+0007) that YAML does not allow; delete it",
        ],
    ),
    # --- syntax (kind 16 and friends) ----------------------------------------------
    Case(
        "tab-indent",
        {WARD: Sub("  owner: Ward manager", "\towner: Ward manager")},
        [
            "content/services/ward-a.yaml:2:1: YAML syntax error: a tab character: YAML indents with spaces only; replace the tab with spaces",
        ],
    ),
    Case(
        "tab-after-colon",
        {WARD: Sub("name: Ward A", "name:\tWard A")},
        [
            "content/services/ward-a.yaml:5:6: YAML syntax error: a tab character: YAML indents with spaces only; replace the tab with spaces",
        ],
    ),
    Case(
        "unclosed-double-quote",
        {WARD: Sub("name: Ward A", 'name: "Ward A')},
        [
            "content/services/ward-a.yaml:5:7: YAML syntax error: a quote was opened and never closed; add the closing quote",
        ],
    ),
    Case(
        "unclosed-single-quote-in-list",
        {WARD: Sub("  - Spending time on the ward", "  - 'Spending time on the ward")},
        [
            "content/services/ward-a.yaml:12:5: YAML syntax error: a quote was opened and never closed; add the closing quote",
        ],
    ),
    Case(
        "colon-in-plain-value",
        {WARD: Sub("summary: An adult acute ward.", "summary: Note: an adult acute ward.")},
        [
            "content/services/ward-a.yaml:8:14: YAML syntax error: a colon followed by a space inside a value; put the whole value in quotes, or check the indentation of this line",
        ],
    ),
    Case(
        "missing-space-after-colon",
        {WARD: Sub("name: Ward A", "name:Ward A")},
        [
            "content/services/ward-a.yaml:5:1: YAML syntax error: this line has no ': ' after a field name, so YAML joins it to the next line; put a space after the colon: name: Ward A",
        ],
    ),
    Case(
        "markdown-emphasis-starts-value",
        {WARD: Sub("  - Spending time on the ward", "  - *Spending* time on the ward")},
        [
            "content/services/ward-a.yaml:12:14: YAML syntax error: a value cannot start with '*' (YAML reads it as an alias); put the whole value in quotes, e.g. \"*Note:* ...\"",
        ],
    ),
    Case(
        "value-starts-with-at",
        {WARD: Sub("name: Ward A", "name: @Ward A")},
        [
            "content/services/ward-a.yaml:5:7: YAML syntax error: a value cannot start with '@' or '`'; put it in quotes",
        ],
    ),
    Case(
        "inconsistent-indent",
        {WARD: Sub("  last_reviewed: 2026-01-05", "   last_reviewed: 2026-01-05")},
        [
            "content/services/ward-a.yaml:3:4: YAML syntax error: this line is indented more than line 2, so YAML reads it as part of that line's value; line it up with the field above",
        ],
    ),
    Case(
        "list-item-out-of-line",
        {COHORT: Sub("  - id: so-02", "   - id: so-02")},
        [
            "content/cohorts/2026-03.yaml:25:4: YAML syntax error: the indentation is inconsistent; line this up with the fields above it (and start a new list item with '- ')",
        ],
    ),
    Case(
        "value-starts-with-percent",
        {WARD: Sub("name: Ward A", "name: %Ward")},
        [
            "content/services/ward-a.yaml:5:7: YAML syntax error: a value cannot start with '%'; put it in quotes",
        ],
    ),
    Case(
        "two-documents",
        {WARD: Append("---\nname: Ward B\n")},
        [
            "content/services/ward-a.yaml:17:1: YAML syntax error: a line '---' starts a second document, but a content file holds one; remove the '---' line or split the file",
        ],
    ),
    Case(
        "unclosed-flow-list",
        {"induction.yaml": Sub("[Trainer]", "[Trainer")},
        [
            "content/induction.yaml:18:12: YAML syntax error: a list in square brackets is not closed or has a stray character; put items with commas or colons in quotes",
        ],
    ),
    Case(
        "hash-starts-comment",
        {WARD: Sub("name: Ward A", "name: Ward #3")},
        [
            "content/services/ward-a.yaml:5:12: name: YAML treats ' #' and what follows as a comment, so the value ends before it; if '#' belongs to the value, put the whole value in quotes (got \"Ward #3\") [warning]",
        ],
        exit=0,
    ),
    # --- duplicates, tags, aliases ------------------------------------------------------
    Case(
        "duplicate-key",
        {WARD: Append("name: Ward B\n")},
        [
            "content/services/ward-a.yaml:17:1: name: duplicate key 'name': first on line 5, again on line 17; keep one of them",
        ],
    ),
    Case(
        "duplicate-key-in-list-item",
        {COHORT: Sub("    name: Sam Sample\n", "    name: Sam Sample\n    name: Sam Other\n")},
        [
            "content/cohorts/2026-03.yaml:27:5: officers.1.name: duplicate key 'name': first on line 26, again on line 27; keep one of them (or, if this starts a new list item, begin its first line with '- ')",
        ],
    ),
    Case(
        "custom-tag",
        {WARD: Sub("name: Ward A", "name: !include ward.txt")},
        [
            "content/services/ward-a.yaml:5:7: name: YAML tags are not allowed in content; remove the tag (and put the value in quotes if it should be text) (got !include)",
        ],
    ),
    Case(
        "python-tag",
        {WARD: Sub("name: Ward A", "name: !!python/object/apply:os.system ['true']")},
        [
            "content/services/ward-a.yaml:5:7: name: YAML tags are not allowed in content; remove the tag (and put the value in quotes if it should be text) (got !!python/object/apply:os.system)",
        ],
    ),
    Case(
        "nested-too-deep",
        {WARD: Append("deep: " + "[" * 3000 + "]" * 3000 + "\n")},
        [
            "content/services/ward-a.yaml:1:1: the file nests lists or groups of fields too deeply to read; content files need only a few levels",
        ],
    ),
    Case(
        "alias-bomb",
        {WARD: Append(ALIAS_BOMB)},
        [
            "content/services/ward-a.yaml:17:23: the file expands to more than 200000 values (an alias such as '*name' is repeated too often); write the values out instead",
        ],
    ),
    Case(
        "merge-key",
        {WARD: Append("<<: {capacity: 3}\n")},
        [
            "content/services/ward-a.yaml:17:1: YAML merge keys ('<<') are not used in content files; write the fields out in full (got <<)",
        ],
    ),
    # --- file shape -------------------------------------------------------------------
    Case(
        "empty-file",
        {WARD: ""},
        [
            "content/services/ward-a.yaml:1:1: the file is empty; expected fields (name: value lines)",
        ],
    ),
    Case(
        "blank-lines-only",
        {WARD: "\n\n   \n"},
        [
            "content/services/ward-a.yaml:1:1: the file is empty; expected fields (name: value lines)",
        ],
    ),
    Case(
        "only-comments",
        {WARD: "# Ward A: to be written\n"},
        [
            "content/services/ward-a.yaml:1:1: the file holds only comments; expected fields (name: value lines)",
        ],
    ),
    Case(
        "list-at-top",
        {WARD: "- name: Ward A\n- setting: ward\n"},
        [
            "content/services/ward-a.yaml:1:1: expected fields (name: value lines) at the top of the file",
        ],
    ),
    Case(
        "text-at-top",
        {WARD: "Ward A\n"},
        [
            "content/services/ward-a.yaml:1:1: expected fields (name: value lines) at the top of the file",
        ],
    ),
    Case(
        "missing-scheme-file",
        {"scheme.yaml": None},
        [
            "content/scheme.yaml:0:0: the file is missing; it holds the scheme",
        ],
    ),
    Case(
        "unreadable-byte-in-field-name",
        {WARD: b"n\xe4me: Ward A\n"},
        [
            "content/services/ward-a.yaml:1:2: the file is not UTF-8: byte 0xe4 (in Windows-1252 that byte is 'ä') cannot be read; open the file in your editor and save it with the encoding 'UTF-8'",
        ],
    ),
    Case(
        "key-is-a-list",
        {WARD: Append("[a, b]: c\n")},
        [
            "content/services/ward-a.yaml:17:1: a field name must be plain text, not a list or mapping",
        ],
    ),
    Case(
        "text-field-given-a-list",
        {WARD: Sub("name: Ward A", "name: [Ward, A]")},
        [
            "content/services/ward-a.yaml:5:7: name: expected text, not a list",
        ],
    ),
    Case(
        "week-as-word",
        {
            COHORT: Sub(
                "      - week: 2\n        service: ward-a\n        buddy: charge",
                "      - week: two\n        service: ward-a\n        buddy: charge",
            )
        },
        [
            'content/cohorts/2026-03.yaml:31:15: officers.1.placements.1.week: expected a whole number (got "two")',
        ],
    ),
    Case(
        "days-per-week-too-many",
        {"scheme.yaml": Sub("days_per_week: 5", "days_per_week: 8")},
        [
            'content/scheme.yaml:31:18: placement.days_per_week: expected a whole number from 1 to 7 (got "8")',
        ],
    ),
    Case(
        "no-service-files",
        {WARD: None, TEAM: None, COHORT: None},
        [
            "content/services:0:0: no service files found",
        ],
    ),
    Case(
        "file-name-not-a-slug",
        {"services/Ward C.yaml": "name: Ward C\n"},
        [
            'content/services/Ward C.yaml:0:0: the file name must be lower-case letters, digits and single hyphens (it becomes a web address), e.g. maple-ward.yaml (got "Ward C.yaml")',
        ],
    ),
    Case(
        "yml-extension",
        {"services/ward-c.yml": "name: Ward C\n"},
        [
            "content/services/ward-c.yml:0:0: content files end in .yaml; rename this file",
        ],
    ),
    # --- slips found by editing the content as a coordinator would -------------------
    Case(
        "apostrophe-inside-single-quotes",
        {WARD: Sub("name: Ward A", "name: 'St Anne's Ward'")},
        [
            "content/services/ward-a.yaml:5:15: YAML syntax error: the quoted value ends at this ', but more text follows it; inside single quotes write an apostrophe as two ('') or use double quotes",
        ],
    ),
    Case(
        "list-item-without-space",
        {WARD: Sub("  - Spending time on the ward", "  -Spending time on the ward")},
        [
            "content/services/ward-a.yaml:12:3: activities: expected a list; a list item needs a space after its '-' (write '- ' then the item) (got \"-Spending time on the ward\")",
        ],
    ),
    Case(
        "new-officer-without-dash",
        {COHORT: Sub("  - id: so-02", "    id: so-02")},
        [
            "content/cohorts/2026-03.yaml:25:5: officers.0.id: duplicate key 'id': first on line 16, again on line 25; keep one of them (or, if this starts a new list item, begin its first line with '- ')",
            "content/cohorts/2026-03.yaml:26:5: officers.0.name: duplicate key 'name': first on line 17, again on line 26; keep one of them (or, if this starts a new list item, begin its first line with '- ')",
            "content/cohorts/2026-03.yaml:27:5: officers.0.placements: duplicate key 'placements': first on line 18, again on line 27; keep one of them (or, if this starts a new list item, begin its first line with '- ')",
        ],
    ),
    Case(
        "display-name-for-service",
        {
            COHORT: Sub(
                "        service: ward-a\n        buddy: charge nurse",
                "        service: Ward A\n        buddy: charge nurse",
            )
        },
        [
            "content/cohorts/2026-03.yaml:32:18: officers.1.placements.1.service: expected lower-case letters, digits and single hyphens (a service's file name without .yaml); did you mean 'ward-a'? (got \"Ward A\")",
        ],
    ),
    Case(
        "template-placeholder-left",
        {
            COHORT: Sub(
                "        service: ward-a\n        buddy: charge nurse",
                "        service: <a ward>\n        buddy: charge nurse",
            )
        },
        [
            'content/cohorts/2026-03.yaml:32:18: officers.1.placements.1.service: expected lower-case letters, digits and single hyphens (a service\'s file name without .yaml) (got "<a ward>")',
        ],
    ),
    Case(
        "shift-as-one-line",
        {
            COHORT: Sub(
                "        buddy: charge nurse",
                "        buddy: charge nurse\n        shift: 09:00-17:00",
            )
        },
        [
            'content/cohorts/2026-03.yaml:34:16: officers.1.placements.1.shift: expected a group of fields (start, end), each on its own line indented under this one (got "09:00-17:00")',
        ],
    ),
    Case(
        "capitalised-field-name",
        {WARD: Sub("name: Ward A", "Name: Ward A")},
        [
            "content/services/ward-a.yaml:5:1: Name: unknown field; did you mean 'name'? (got \"Ward A\")",
        ],
    ),
    Case(
        "time-without-leading-zero",
        {COHORT: Sub('start: "09:00"\n  end: "16:30"', 'start: "9:00"\n  end: "16:30"')},
        [],
        exit=0,
        keeps=(COHORT, "induction.start", time(9, 0)),
    ),
    # --- fields and types -------------------------------------------------------------
    Case(
        "unknown-field-did-you-mean",
        {WARD: Sub("summary:", "sumary:")},
        [
            "content/services/ward-a.yaml:8:1: sumary: unknown field; did you mean 'summary'? (got \"An adult acute ward.\")",
        ],
    ),
    Case(
        "unknown-nested-field",
        {WARD: Sub("  owner:", "  owmer:")},
        [
            "content/services/ward-a.yaml:2:3: review.owmer: unknown field; did you mean 'owner'? (got \"Ward manager\")",
        ],
    ),
    Case(
        "unknown-field-lists-allowed",
        {WARD: Sub("  owner: Ward manager\n", "  owner: Ward manager\n  colour: blue\n")},
        [
            'content/services/ward-a.yaml:3:3: review.colour: unknown field (allowed here: last_reviewed, next_review, owner) (got "blue")',
        ],
    ),
    Case(
        "unknown-field-in-list-item",
        {
            COHORT: Sub(
                "        service: team-b\n        buddy: nurse",
                "        servce: team-b\n        buddy: nurse",
            )
        },
        [
            "content/cohorts/2026-03.yaml:20:9: officers.0.placements.0.servce: unknown field; did you mean 'service'? (got \"team-b\")",
        ],
    ),
    Case(
        "missing-required-field",
        {WARD: Sub("serves: Adults in hospital.\n", "")},
        [
            "content/services/ward-a.yaml:1:1: serves: this required field is missing",
        ],
    ),
    Case(
        "boolean-in-text-field",
        {WARD: Sub("name: Ward A", "name: true")},
        [
            'content/services/ward-a.yaml:5:7: name: expected text; write the value in quotes, e.g. "true" (got "true")',
        ],
    ),
    Case(
        "empty-text-field",
        {WARD: Sub("name: Ward A", "name:")},
        [
            "content/services/ward-a.yaml:5:6: name: expected text, but the value is empty (got nothing)",
        ],
    ),
    Case(
        "blank-text-field",
        {WARD: Sub("name: Ward A", 'name: "  "')},
        [
            'content/services/ward-a.yaml:5:7: name: must not be blank (got "  ")',
        ],
    ),
    Case(
        "list-where-fields-expected",
        {
            WARD: Sub(
                "  owner: Ward manager\n  last_reviewed: 2026-01-05\n  next_review: 2027-01-05\n",
                "  - Ward manager\n",
            )
        },
        [
            "content/services/ward-a.yaml:2:3: review: expected a group of fields (owner, last_reviewed, next_review), each on its own line indented under this one",
        ],
    ),
    Case(
        "text-where-list-expected",
        {WARD: Sub("activities:\n  - Spending", "activities: Spending")},
        [
            "content/services/ward-a.yaml:11:13: activities: expected a list (one '- ' line per item) (got \"Spending time on the ward\")",
        ],
    ),
    Case(
        "fields-where-list-expected",
        {
            WARD: Sub(
                "activities:\n  - Spending time on the ward", "activities:\n  ward: Spending time"
            )
        },
        [
            "content/services/ward-a.yaml:12:3: activities: expected a list (one '- ' line per item)",
        ],
    ),
    Case(
        "null-list",
        {COHORT: _text(COHORT).split("officers:")[0] + "officers:\n"},
        [
            "content/cohorts/2026-03.yaml:15:10: officers: expected a list (one '- ' line per item) (got nothing)",
        ],
    ),
    Case(
        "capacity-in-words",
        {WARD: Append("capacity: two\n")},
        [
            'content/services/ward-a.yaml:17:11: capacity: expected a whole number (got "two")',
        ],
    ),
    Case(
        "capacity-out-of-range",
        {WARD: Append("capacity: 11\n")},
        [
            'content/services/ward-a.yaml:17:11: capacity: expected a whole number from 1 to 10 (got "11")',
        ],
    ),
    Case(
        "percent-sign",
        {"scheme.yaml": Sub("reported_percent: 97", "reported_percent: 97%")},
        [
            'content/scheme.yaml:53:23: outcome_measures.0.reported_percent: expected a whole number (got "97%")',
        ],
    ),
    Case(
        "status-not-allowed",
        {COHORT: Append("status: done\n")},
        [
            "content/cohorts/2026-03.yaml:34:9: status: expected one of: 'planned', 'running' or 'finished' (got \"done\")",
        ],
    ),
    Case(
        "status-capitalised",
        {COHORT: Append("status: Finished\n")},
        [
            "content/cohorts/2026-03.yaml:34:9: status: expected one of: 'planned', 'running' or 'finished'; did you mean 'finished'? (got \"Finished\")",
        ],
    ),
    Case(
        "feedback-on-bank-holiday",
        {COHORT: _moved_cohort("2026-04-20", "2026-04-27", "2026-05-08", "2026-05-25")},
        [
            "content/cohorts/2026-03.yaml:12:9: feedback_session.date: the feedback session falls on Mon 25 May 2026, which is Spring Bank Holiday; check the trust can hold it that day (got 2026-05-25) [warning]",
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement day Mon 04 May 2026 (week 2) is May Day; check the services can host that day [warning]",
        ],
        exit=0,
    ),
    Case(
        "officer-id-upper-case",
        {COHORT: Sub("id: so-02", "id: SO-02")},
        [
            "content/cohorts/2026-03.yaml:25:9: officers.1.id: expected lower-case letters, digits and single hyphens (short id unique in the cohort, e.g. 'so-01'); did you mean 'so-02'? (got \"SO-02\")",
        ],
    ),
    Case(
        "list-of-text-where-officers-expected",
        {
            COHORT: Sub(
                "  - id: so-02\n    name: Sam Sample\n",
                "  - so-02\n  - id: so-03\n    name: Sam Sample\n",
            )
        },
        [
            'content/cohorts/2026-03.yaml:25:5: officers.1: expected a group of fields (such as id, name), each on its own line indented under this one (got "so-02")',
        ],
    ),
    # --- dates and times (kind 3) -------------------------------------------------------
    Case(
        "date-without-leading-zeros",
        {COHORT: Sub("placement_start: 2026-03-02", "placement_start: 2026-3-2")},
        [
            'content/cohorts/2026-03.yaml:6:18: placement_start: expected a date written YYYY-MM-DD, for example 2026-03-02 (got "2026-3-2")',
        ],
    ),
    Case(
        "date-day-first",
        {COHORT: Sub("placement_start: 2026-03-02", "placement_start: 02/03/2026")},
        [
            'content/cohorts/2026-03.yaml:6:18: placement_start: expected a date written YYYY-MM-DD, for example 2026-03-02 (got "02/03/2026")',
        ],
    ),
    Case(
        "date-not-in-calendar",
        {COHORT: Sub("placement_start: 2026-03-02", "placement_start: 2026-02-30")},
        [
            'content/cohorts/2026-03.yaml:6:18: placement_start: not a real calendar date; expected YYYY-MM-DD, for example 2026-03-02 (got "2026-02-30")',
        ],
    ),
    Case(
        "date-with-time",
        {COHORT: Sub("placement_start: 2026-03-02", "placement_start: 2026-03-02 09:00")},
        [
            'content/cohorts/2026-03.yaml:6:18: placement_start: expected a date written YYYY-MM-DD, for example 2026-03-02 (got "2026-03-02 09:00")',
        ],
    ),
    Case(
        "date-empty",
        {COHORT: Sub("placement_start: 2026-03-02", "placement_start:")},
        [
            "content/cohorts/2026-03.yaml:6:17: placement_start: expected a date written YYYY-MM-DD, for example 2026-03-02 (got nothing)",
        ],
    ),
    Case(
        "time-25-00",
        {COHORT: Sub('  start: "14:00"', '  start: "25:00"')},
        [
            'content/cohorts/2026-03.yaml:9:10: reflective_practice.start: expected a time written HH:MM on the 24-hour clock, for example 09:30 (got "25:00")',
        ],
    ),
    Case(
        "time-with-dot",
        {COHORT: Sub('  start: "14:00"', '  start: "14.00"')},
        [
            'content/cohorts/2026-03.yaml:9:10: reflective_practice.start: expected a time written HH:MM on the 24-hour clock, for example 09:30 (got "14.00")',
        ],
    ),
    Case(
        "time-12-hour",
        {COHORT: Sub('  start: "14:00"', "  start: 2pm")},
        [
            'content/cohorts/2026-03.yaml:9:10: reflective_practice.start: expected a time written HH:MM on the 24-hour clock, for example 09:30 (got "2pm")',
        ],
    ),
    Case(
        "end-before-start",
        {"induction.yaml": Sub('end: "12:00"', 'end: "09:00"')},
        [
            'content/induction.yaml:16:10: sessions.1.end: end must be later than start (09:30) (got "09:00")',
        ],
    ),
    Case(
        "sessions-overlap",
        {
            "induction.yaml": Sub(
                'start: "09:30"\n    end: "12:00"', 'start: "09:15"\n    end: "12:00"'
            )
        },
        [
            'content/induction.yaml:15:12: sessions.1.start: session 2 starts at 09:15, before session 1 ends at 09:30; list sessions in time order without overlaps (got "09:15")',
        ],
    ),
    Case(
        "review-order",
        {WARD: Sub("next_review: 2027-01-05", "next_review: 2025-01-05")},
        [
            'content/services/ward-a.yaml:4:16: review.next_review: next_review must come after last_reviewed (2026-01-05) (got "2025-01-05")',
        ],
    ),
    # --- folded blocks (kind 6) ---------------------------------------------------------
    Case(
        "folded-block-with-markdown",
        {
            WARD: Sub(
                "what_to_expect: |\n  A week on the ward.",
                "what_to_expect: >-\n  ## On the ward\n  - a list item\n  - another",
            )
        },
        [
            "content/services/ward-a.yaml:9:17: what_to_expect: this folded block ('>') joins its lines, so the headings or list items in it are lost; use a literal block ('|') instead [warning]",
        ],
        exit=0,
    ),
    Case(
        "folded-block-with-markdown-strict",
        {
            WARD: Sub(
                "what_to_expect: |\n  A week on the ward.",
                "what_to_expect: >\n  1. first\n  2. second",
            )
        },
        [
            "content/services/ward-a.yaml:9:17: what_to_expect: this folded block ('>') joins its lines, so the headings or list items in it are lost; use a literal block ('|') instead",
        ],
        args=("--strict",),
    ),
    # --- references and the scheme's rules -------------------------------------------
    Case(
        "unknown-service",
        {
            COHORT: Sub(
                "        service: ward-a\n        buddy: charge nurse",
                "        service: ward-aa\n        buddy: charge nurse",
            )
        },
        [
            "content/cohorts/2026-03.yaml:32:18: officers.1.placements.1.service: unknown service; did you mean 'ward-a'? (a service is named by its file name in content/services/) (got \"ward-aa\")",
        ],
    ),
    Case(
        "unknown-setting",
        {WARD: Sub("setting: ward", "setting: wards")},
        [
            "content/services/ward-a.yaml:6:10: setting: unknown setting; did you mean 'ward'? (settings in scheme.yaml: community, ward) (got \"wards\")",
        ],
    ),
    Case(
        "unknown-learning-outcome",
        {WARD: Sub("  - recognise-distress", "  - recognise-distres")},
        [
            "content/services/ward-a.yaml:16:5: learning_outcomes.0: unknown learning outcome; did you mean 'recognise-distress'? (ids are listed under learning_outcomes in scheme.yaml) (got \"recognise-distres\")",
        ],
    ),
    Case(
        "week-weeks-unknown-setting",
        {"scheme.yaml": Sub("weeks: [community, ward]", "weeks: [community, wards]")},
        [
            'content/scheme.yaml:30:22: placement.weeks.1: each week must name a setting listed under settings (community, ward) (got "wards")',
        ],
    ),
    Case(
        "wrong-setting-in-week-2",
        {
            COHORT: Sub(
                "        service: ward-a\n        buddy: charge nurse",
                "        service: team-b\n        buddy: charge nurse",
            )
        },
        [
            'content/cohorts/2026-03.yaml:32:18: officers.1.placements.1.service: week 2 must be in a ward setting, but Team B is in a community setting (got "team-b")',
        ],
    ),
    Case(
        "week-beyond-placement",
        {
            COHORT: Sub(
                "      - week: 2\n        service: ward-a\n        buddy: charge",
                "      - week: 3\n        service: ward-a\n        buddy: charge",
            )
        },
        [
            "content/cohorts/2026-03.yaml:31:15: officers.1.placements.1.week: the placement has 2 weeks; expected a week from 1 to 2 (got 3)",
            "content/cohorts/2026-03.yaml:28:7: officers.1.placements: officer so-02 has no allocation yet for week 2 [warning]",
        ],
    ),
    Case(
        "week-twice",
        {
            COHORT: Sub(
                "      - week: 2\n        service: ward-a\n        buddy: charge",
                "      - week: 1\n        service: ward-a\n        buddy: charge",
            )
        },
        [
            "content/cohorts/2026-03.yaml:31:15: officers.1.placements.1.week: week 1 is allocated twice for officer so-02 (also placements.0) (got 1)",
            "content/cohorts/2026-03.yaml:28:7: officers.1.placements: officer so-02 has no allocation yet for week 2 [warning]",
        ],
    ),
    Case("second-cohort-is-fine", {"cohorts/2026-03-b.yaml": OTHER_COHORT}, [], exit=0),
    Case(
        "capacity-across-cohorts",
        {"services/team-c.yaml": TEAM_C, "cohorts/2026-03-b.yaml": SAME_WEEKS_COHORT},
        [
            'content/cohorts/2026-03.yaml:32:18: officers.1.placements.1.service: Ward A can host 2 officers at a time, but on Mon 09 Mar 2026 3 are placed there: so-01 (2026-03-b), so-01 (2026-03), so-02 (2026-03) (got "ward-a")',
        ],
    ),
    Case(
        "capacity-lowered",
        {WARD: Append("capacity: 1\n")},
        [
            'content/cohorts/2026-03.yaml:32:18: officers.1.placements.1.service: Ward A can host 1 officer at a time, but on Mon 09 Mar 2026 2 are placed there: so-01 (2026-03), so-02 (2026-03) (got "ward-a")',
        ],
    ),
    Case(
        "shift-outside-hours",
        {
            COHORT: Sub(
                "        buddy: charge nurse",
                '        buddy: charge nurse\n        shift: {start: "07:00", end: "15:00"}',
            )
        },
        [
            "content/cohorts/2026-03.yaml:34:16: officers.1.placements.1.shift: the shift must lie inside Ward A's hours (08:00 to 20:00) (got 07:00 to 15:00)",
        ],
    ),
    Case(
        "service-hours-narrow",
        {WARD: Append('hours:\n  start: "10:00"\n  end: "16:00"\n')},
        [
            "content/cohorts/2026-03.yaml:22:9: officers.0.placements.1: the scheme's default shift lies outside Ward A's hours (10:00 to 16:00); give this week a shift inside them (got 09:00 to 17:00)",
            "content/cohorts/2026-03.yaml:31:9: officers.1.placements.1: the scheme's default shift lies outside Ward A's hours (10:00 to 16:00); give this week a shift inside them (got 09:00 to 17:00)",
        ],
    ),
    Case(
        "induction-after-start",
        {COHORT: Sub("date: 2026-02-23", "date: 2026-03-03")},
        [
            "content/cohorts/2026-03.yaml:3:9: induction.date: the induction day must come before the placement starts on 2026-03-02 (got 2026-03-03)",
        ],
    ),
    Case(
        "reflective-practice-before-start",
        {COHORT: Sub("date: 2026-03-13", "date: 2026-02-27")},
        [
            "content/cohorts/2026-03.yaml:8:9: reflective_practice.date: reflective practice is held at the end of the placement, which runs 2026-03-02 to 2026-03-13 (got 2026-02-27)",
        ],
    ),
    Case(
        "feedback-before-end",
        {COHORT: Sub("date: 2026-03-16", "date: 2026-03-12")},
        [
            "content/cohorts/2026-03.yaml:12:9: feedback_session.date: the feedback session must come after the placement ends on 2026-03-13 (got 2026-03-12)",
        ],
    ),
    Case(
        "placement-starts-on-saturday",
        {COHORT: Sub("placement_start: 2026-03-02", "placement_start: 2026-02-28")},
        [
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement weeks run Monday to Friday, but 2026-02-28 is a Saturday (got 2026-02-28) [warning]",
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement day Sat 28 Feb 2026 (week 1) is a weekend; check the services can host that day [warning]",
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement day Sun 01 Mar 2026 (week 1) is a weekend; check the services can host that day [warning]",
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement day Sat 07 Mar 2026 (week 2) is a weekend; check the services can host that day [warning]",
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement day Sun 08 Mar 2026 (week 2) is a weekend; check the services can host that day [warning]",
        ],
        exit=0,
    ),
    Case(
        "bank-holiday",
        {COHORT: _moved_cohort("2026-04-20", "2026-04-27", "2026-05-08", "2026-05-11")},
        [
            "content/cohorts/2026-03.yaml:6:18: placement_start: placement day Mon 04 May 2026 (week 2) is May Day; check the services can host that day [warning]",
        ],
        exit=0,
    ),
    Case(
        "duplicate-officer-id",
        {COHORT: Sub("id: so-02", "id: so-01")},
        [
            'content/cohorts/2026-03.yaml:25:9: officers.1.id: officer id used twice in this cohort (first at officers.0) (got "so-01")',
        ],
    ),
    Case(
        "officer-in-overlapping-cohorts",
        {"cohorts/2026-03-b.yaml": OTHER_COHORT.replace("Kim Other", "Alex Example")},
        [
            'content/cohorts/2026-03.yaml:17:11: officers.0.name: this officer is also in cohort 2026-03-b, whose dates overlap (got "Alex Example")',
        ],
    ),
    Case(
        "missing-allocation",
        {
            COHORT: Sub(
                "      - week: 2\n        service: ward-a\n        buddy: charge nurse\n", ""
            )
        },
        [
            "content/cohorts/2026-03.yaml:28:7: officers.1.placements: officer so-02 has no allocation yet for week 2 [warning]",
        ],
        exit=0,
    ),
    # Found by a fresh coordinator trial: dates that were silently accepted.
    Case(
        "reflective-practice-after-feedback",
        {COHORT: Sub("date: 2026-03-13", "date: 2026-03-17")},
        [
            "content/cohorts/2026-03.yaml:8:9: reflective_practice.date: reflective practice comes before the feedback session on 2026-03-16 (got 2026-03-17)",
        ],
    ),
    Case(
        "feedback-a-year-late",
        {COHORT: Sub("date: 2026-03-16", "date: 2027-03-16")},
        [
            "content/cohorts/2026-03.yaml:12:9: feedback_session.date: the feedback session is more than 28 days after the placement ends on 2026-03-13; check the year and month (got 2027-03-16) [warning]",
        ],
        exit=0,
    ),
    Case(
        "induction-shorter-than-its-sessions",
        {COHORT: Sub('end: "16:30"', 'end: "11:00"')},
        [
            "content/cohorts/2026-03.yaml:5:8: induction.end: the induction day's sessions (induction.yaml) run from 09:00 to 12:00; the cohort's induction must cover them (got 09:00 to 11:00)",
        ],
    ),
    Case(
        "same-name-twice-in-a-cohort",
        {COHORT: Sub("name: Sam Sample", "name: Alex Example")},
        [
            'content/cohorts/2026-03.yaml:26:11: officers.1.name: this name is already given to officer so-01 in this cohort (got "Alex Example")',
        ],
    ),
    Case(
        "upper-case-extension",
        {"services/ward-c.YAML": "name: Ward C\n"},
        ["content/services/ward-c.YAML:0:0: content files end in .yaml; rename this file"],
    ),
    Case(
        "non-breaking-space-in-indentation",
        {COHORT: Sub("    name: Sam Sample", "\u00a0   name: Sam Sample")},
        [
            "content/cohorts/2026-03.yaml:26:1: YAML syntax error: an invisible non-breaking space (often pasted from Word) is in this line's indentation; delete the indentation and type ordinary spaces",
        ],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_catalogue(tmp_path: Path, case: Case) -> None:
    root = _project(tmp_path, case)
    result = CliRunner().invoke(main, ["check", "--project", str(root), *case.args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _problem_lines(result.output) == [*case.expect, _summary(case.expect)]
    assert result.exit_code == case.exit
    if case.keeps:
        path, dotted, value = case.keeps
        content, _ = load_content(root / "content", display_root=root)
        assert content is not None
        item = _find(content, path)
        for part in dotted.split("."):
            item = item[int(part)] if part.isdigit() else getattr(item, part)
        assert item == value


def _find(content, path: str):
    if path.startswith("services/"):
        return content.services[Path(path).stem]
    if path.startswith("cohorts/"):
        return content.cohorts[Path(path).stem]
    return getattr(content, Path(path).stem)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_catalogue_as_json(tmp_path: Path, case: Case) -> None:
    """``--format json`` gives the same problems, field by field, with no traceback."""
    root = _project(tmp_path, case)
    result = CliRunner().invoke(
        main, ["check", "--project", str(root), "--format", "json", *case.args]
    )
    assert "Traceback" not in result.output
    problems = json.loads(result.stdout)
    assert len(problems) == len(case.expect)
    for problem, line in zip(problems, case.expect, strict=True):
        assert line.startswith(f"{problem['path']}:{problem['line']}:{problem['column']}: ")
        assert problem["message"] in line
        assert (problem["severity"] == "warning") == line.endswith("[warning]")
    assert result.exit_code == case.exit


def test_catalogue_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


def test_base_project_is_valid(tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    result = CliRunner().invoke(main, ["check", "--project", str(root), "--strict"])
    assert result.exit_code == 0, result.output


_SLIPS = [
    "\t",
    ":",
    ": ",
    "'",
    '"',
    "- ",
    "-",
    "#",
    " #x",
    "*",
    "&",
    "!",
    "%",
    "@",
    "`",
    "|",
    ">",
    "[",
    "]",
    "{",
    "}",
    "\n",
    "\n  ",
    "  ",
    "---\n",
    "~",
    "<<: ",
    "\x00",
    "\x85",
    "é",
]


def test_random_slips_never_crash_the_checker(tmp_path: Path) -> None:
    """120 seeded random edits (typed characters, deletions, stray bytes, pasted text) to the
    base project: every one gives located problems or none, never an exception."""
    rng = random.Random(20261129)
    files = sorted((BASE / "content").rglob("*.yaml"))
    for n in range(120):
        root = tmp_path / f"p{n}"
        shutil.copytree(BASE, root)
        source = rng.choice(files)
        path = root / source.relative_to(BASE)
        data = path.read_bytes()
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(data) + 1)
            roll = rng.random()
            if roll < 0.5:
                data = data[:i] + rng.choice(_SLIPS).encode() + data[i:]
            elif roll < 0.8:
                data = data[:i] + data[i + rng.randint(1, 5) :]
            elif roll < 0.9:
                data = data[:i] + b"\x92" + data[i:]
            else:
                j = rng.randrange(len(data) + 1)
                data = data[:i] + data[j : j + 12] + data[i:]
        path.write_bytes(data)
        content, problems = load_content(root / "content", display_root=root)
        if content is not None:
            problems += check_rules(content)
        for problem in problems:
            assert problem.path.startswith("content/"), problem
            assert problem.line >= 0 and problem.column >= 0 and problem.message, problem
            problem.format()
        shutil.rmtree(root)
