"""The one YAML reader: the traps in shared/cases/README.md, each with its exact outcome."""

from __future__ import annotations

from pathlib import Path

import pytest

from placements.problems import Severity
from placements.yamlio import read_yaml


def _read(tmp_path: Path, text: str | bytes):
    path = tmp_path / "file.yaml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return read_yaml(path, "file.yaml")


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "on", "off", "Off", "y", "n"])
def test_yaml_11_booleans_stay_text(tmp_path: Path, word: str) -> None:
    doc = _read(tmp_path, f"answer: {word}\nlanguages: [en, cy, {word}]\n")
    assert doc.data == {"answer": word, "languages": ["en", "cy", word]}


def test_only_true_and_false_are_booleans(tmp_path: Path) -> None:
    assert _read(tmp_path, "a: true\nb: False\n").data == {"a": True, "b": False}


@pytest.mark.parametrize(
    "value", ["0123", "1.10", "9:30", "2025-03-04", "2025-3-4", "1e3", "0x1F", "017"]
)
def test_numbers_times_and_dates_keep_their_written_form(tmp_path: Path, value: str) -> None:
    assert _read(tmp_path, f"value: {value}\n").data == {"value": value}


def test_byte_order_mark_is_read_normally(tmp_path: Path) -> None:
    doc = _read(tmp_path, b"\xef\xbb\xbfname: Maple Ward\n")
    assert doc.data == {"name": "Maple Ward"} and not doc.problems


def test_windows_1252_file_names_line_and_byte(tmp_path: Path) -> None:
    doc = _read(tmp_path, b"title: x\nrole: Coordinator\x92s office\n")
    assert doc.data is None
    [problem] = doc.problems
    assert (problem.line, problem.column) == (2, 18)
    assert (
        "byte 0x92" in problem.message and "'’'" in problem.message and "UTF-8" in problem.message
    )


def test_tab_indent_gives_line_column_and_hint(tmp_path: Path) -> None:
    doc = _read(tmp_path, "review:\n\towner: x\n")
    [problem] = doc.problems
    assert (problem.line, problem.column) == (2, 1)
    assert "tab" in problem.message and "spaces" in problem.message


def test_unclosed_quote_points_at_the_opening_quote(tmp_path: Path) -> None:
    doc = _read(tmp_path, "a: 1\nname: 'Maple Ward\nb: 2\n")
    [problem] = doc.problems
    assert (problem.line, problem.column) == (2, 7)
    assert "quote" in problem.message


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    doc = _read(tmp_path, "review:\n  owner: a\n  owner: b\n")
    [problem] = doc.problems
    assert problem.field == "review.owner"
    assert problem.message.startswith("duplicate key 'owner': first on line 2, again on line 3")


def test_object_constructing_tags_are_refused(tmp_path: Path) -> None:
    doc = _read(tmp_path, "name: !!python/object/apply:os.system ['echo hi']\n")
    assert any("tags are not allowed" in p.message for p in doc.problems)


def test_folded_block_with_markdown_warns(tmp_path: Path) -> None:
    doc = _read(tmp_path, "what_to_expect: >-\n  ## Heading\n  - item one\n  - item two\n")
    [problem] = doc.problems
    assert problem.severity is Severity.WARNING
    assert (problem.line, problem.field) == (1, "what_to_expect")
    assert "literal block ('|')" in problem.message


def test_folded_block_of_plain_prose_is_fine(tmp_path: Path) -> None:
    doc = _read(tmp_path, "summary: >-\n  one line\n  and another\n")
    assert doc.data == {"summary": "one line and another"} and not doc.problems


def test_positions_of_nested_values(tmp_path: Path) -> None:
    doc = _read(tmp_path, "officers:\n  - id: so-01\n    name: A\n")
    assert doc.locate(("officers", 0, "name")) == (3, 11)
    assert doc.locate(("officers", 0, "missing")) == (2, 5)
