"""Editor schemas: generated from the model, committed, and pointed at by every content file."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from placements.cli import main
from placements.schemas import COMMENT_PREFIX, kind_of, kinds, render, schema_comment, stale

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
CONTENT = REPO / "content"
CONTENT_FILES = sorted(CONTENT.rglob("*.yaml"))


def test_kinds_cover_every_file_kind() -> None:
    assert set(kinds()) == {
        "scheme",
        "induction",
        "safeguarding",
        "leaflet",
        "glossary",
        "service",
        "cohort",
    }


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_committed_schema_matches_the_model(kind: str) -> None:
    path = SCHEMAS / f"{kind}.schema.json"
    assert path.is_file(), f"{path} is missing: run `placements schema`"
    assert path.read_text(encoding="utf-8") == render(kind), (
        f"{path.name} is out of date with the model: run `placements schema` and commit it"
    )


def test_stale_reports_an_edited_schema(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["schema", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert stale(tmp_path / "schemas") == []
    edited = tmp_path / "schemas" / "service.schema.json"
    edited.write_text(edited.read_text(encoding="utf-8").replace("capacity", "capacty"))
    assert stale(tmp_path / "schemas") == ["service"]
    check = CliRunner().invoke(main, ["schema", "--check", "--project", str(tmp_path)])
    assert check.exit_code == 1
    assert "schemas/service.schema.json is out of date" in check.output


def test_schema_command_writes_only_what_changed(tmp_path: Path) -> None:
    first = CliRunner().invoke(main, ["schema", "--project", str(tmp_path)])
    assert f"{len(kinds())} schema files written" in first.output
    again = CliRunner().invoke(main, ["schema", "--project", str(tmp_path)])
    assert "schemas are up to date" in again.output
    for kind in kinds():
        assert (tmp_path / "schemas" / f"{kind}.schema.json").read_text() == render(kind)


@pytest.mark.parametrize(
    "path", CONTENT_FILES, ids=[str(p.relative_to(REPO)) for p in CONTENT_FILES]
)
def test_content_file_points_at_its_schema(path: Path) -> None:
    kind = kind_of(path, CONTENT)
    assert kind is not None
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == schema_comment(kind, path, SCHEMAS)
    target = (path.parent / first.removeprefix(COMMENT_PREFIX)).resolve()
    assert target == (SCHEMAS / f"{kind}.schema.json").resolve() and target.is_file()


def _as_an_editor_reads(path: Path) -> object:
    """Load YAML roughly as an editor's language server would: dates stay text."""

    def text_dates(value: object) -> object:
        if isinstance(value, dict):
            return {k: text_dates(v) for k, v in value.items()}
        if isinstance(value, list):
            return [text_dates(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    return text_dates(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "path", CONTENT_FILES, ids=[str(p.relative_to(REPO)) for p in CONTENT_FILES]
)
def test_shipped_content_is_valid_against_its_schema(path: Path) -> None:
    kind = kind_of(path, CONTENT)
    assert kind is not None
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(_as_an_editor_reads(path), schema)


def test_schema_flags_an_unknown_field_and_a_bad_time() -> None:
    schema = json.loads((SCHEMAS / "cohort.schema.json").read_text(encoding="utf-8"))
    data = _as_an_editor_reads(CONTENT / "cohorts" / "2018-03-pilot.yaml")
    assert isinstance(data, dict)
    errors = list(jsonschema.Draft7Validator(schema).iter_errors({**data, "colour": "blue"}))
    assert any("colour" in e.message for e in errors)
    data["induction"] = {**data["induction"], "start": "25:00"}
    errors = list(jsonschema.Draft7Validator(schema).iter_errors(data))
    assert [list(e.absolute_path) for e in errors] == [["induction", "start"]]


def test_schema_agrees_with_the_reader_on_numbers_and_booleans_in_text() -> None:
    """YAML 1.2 editors read ``0123`` as a number; ``check`` keeps it as text, so both accept it."""
    schema = json.loads((SCHEMAS / "service.schema.json").read_text(encoding="utf-8"))
    data = _as_an_editor_reads(CONTENT / "services" / "cert.yaml")
    assert isinstance(data, dict)
    validator = jsonschema.Draft7Validator(schema)
    assert list(validator.iter_errors({**data, "abbreviation": 123})) == []
    assert list(validator.iter_errors({**data, "based_at": 1.1})) == []
    [error] = validator.iter_errors({**data, "name": True})
    assert list(error.absolute_path) == ["name"]
