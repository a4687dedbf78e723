"""Safe loading and safe paths: no YAML tag builds objects, no id leaves the output
folder, and outputs appear only by atomic rename."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import weasyprint

from placements import build as build_module
from placements.build import Project, check
from placements.model import Cohort
from placements.paths import UnsafePathError, child
from placements.pdf import PdfOptions, write_document
from placements.problems import Severity
from placements.yamlio import read_yaml

TAGS = [
    "name: !!python/object/apply:os.system ['touch {marker}']\n",
    "name: !!python/object/new:os.system ['touch {marker}']\n",
    "name: !!python/object:builtins.dict {{a: 1}}\n",
    "name: !!python/name:os.system\n",
    "name: !!python/module:os\n",
    "name: !!python/tuple [1, 2]\n",
    "name: !!binary aGVsbG8=\n",
    "name: !!set {{a, b}}\n",
    "name: !!timestamp 2020-01-01\n",
    "name: !custom thing\n",
    "!!python/object/apply:os.system\nargs: ['touch {marker}']\n",
    "name:\n  !!python/object/apply:subprocess.check_call\n  args: [[touch, '{marker}']]\n",
]


@pytest.mark.parametrize("source", TAGS)
def test_object_constructing_tags_are_refused_and_never_run(tmp_path: Path, source: str) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "file.yaml"
    path.write_text(source.format(marker=marker), encoding="utf-8")
    doc = read_yaml(path, "content/file.yaml")
    assert any("tags are not allowed" in p.message for p in doc.problems), doc.problems
    assert all(p.line >= 1 for p in doc.problems if "tags" in p.message)
    assert not marker.exists()


def test_a_tag_in_a_content_file_is_located(project: Project) -> None:
    service = project.content / "services" / "cert.yaml"
    text = service.read_text(encoding="utf-8")
    service.write_text(text.replace("\nname: ", "\nname: !!python/name:os.system ", 1))
    _, problems = check(project)
    tagged = [p for p in problems if "tags are not allowed" in p.message]
    assert [(p.path, p.field) for p in tagged] == [("content/services/cert.yaml", "name")]
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("name: "))
    assert tagged[0].line == line


def test_alias_bombs_are_refused(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(
            f"{chr(97 + i)}: &{chr(97 + i)} " + "[" + ", ".join([f"*{chr(96 + i)}"] * 10) + "]"
        )
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_yaml(path)
    bombs = [p for p in doc.problems if "alias" in p.message]
    assert bombs and all(p.severity is Severity.ERROR for p in bombs)


UNSAFE_NAMES = [
    "../x",
    "..",
    "a/b",
    "/etc/passwd",
    "a\\b",
    "C:",
    "",
    ".hidden",
    "A",
    "a..b",
    "so 01",
]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_unsafe_names_never_become_paths(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePathError):
        child(tmp_path, name, ".pdf")


def test_safe_names_stay_inside_the_folder(tmp_path: Path) -> None:
    assert child(tmp_path, "so-01", ".pdf") == tmp_path / "so-01.pdf"
    assert child(tmp_path, "2018-03-pilot", "-all.pdf").parent == tmp_path


@pytest.mark.parametrize("bad", ["../../escape", "a/b", "/tmp/abs", "a\\b", "..", "So-01"])
def test_officer_and_cohort_ids_are_refused_before_becoming_file_names(
    project: Project, bad: str
) -> None:
    cohort = next((project.content / "cohorts").glob("*.yaml"))
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(text.replace("- id: so-01", f"- id: '{bad}'", 1), encoding="utf-8")
    _, problems = check(project)
    assert [p.field for p in problems if p.path.endswith(cohort.name)] == ["officers.0.id"]


@pytest.mark.parametrize("stem", ["Pilot 2018", "a..b", "under_score", "-lead"])
def test_badly_named_cohort_files_are_refused(project: Project, stem: str) -> None:
    cohort = next((project.content / "cohorts").glob("*.yaml"))
    cohort.rename(cohort.with_name(f"{stem}.yaml"))
    _, problems = check(project)
    assert any("file name must be" in p.message and stem in p.path for p in problems)


def test_render_refuses_an_id_that_slipped_past_the_model(project: Project, tmp_path: Path) -> None:
    from placements.content import load_or_raise

    content = load_or_raise(project.content)
    cohort = next(iter(content.cohorts.values()))
    officer = cohort.officers[0].model_copy(update={"id": "../../outside"})
    forged = Cohort.model_construct(**{**dict(cohort), "officers": [officer]})
    content.cohorts = {"2018-03-pilot": forged}
    out = tmp_path / "out"

    from placements.cohorts import render_cohorts

    with pytest.raises(UnsafePathError):
        render_cohorts(content, project.templates, out)
    content.cohorts = {"../up": cohort}
    with pytest.raises(UnsafePathError):
        render_cohorts(content, project.templates, out)
    assert not (tmp_path / "outside.pdf").exists()
    assert not out.exists() or not any(out.rglob("*"))  # ids are checked before any work


def _doc() -> weasyprint.Document:
    return weasyprint.HTML(string='<html lang="en"><p>Hello</p></html>').render()


def test_pdf_writes_go_through_a_temporary_file_then_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src, dst):
        renames.append((Path(src).name, Path(dst).name))
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    write_document(_doc(), target, PdfOptions())
    assert len(renames) == 1 and renames[0][1] == "out.pdf"
    assert renames[0][0].startswith(".out.pdf.") and renames[0][0].endswith(".tmp")
    assert target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
    assert oct(target.stat().st_mode & 0o044) == oct(0o044)  # readable by a web server


def test_a_failed_pdf_write_leaves_the_previous_file_and_no_debris(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"previous")

    def broken(self, path, **kwargs):
        Path(path).write_bytes(b"%PDF-half")
        raise OSError("disk full")

    monkeypatch.setattr(weasyprint.Document, "write_pdf", broken)
    with pytest.raises(OSError, match="disk full"):
        write_document(_doc(), target, PdfOptions())
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_publishing_puts_the_previous_output_back_if_the_swap_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "index.html").write_text("previous")
    staged = tmp_path / "staged"
    staged.mkdir()
    (staged / "index.html").write_text("new")
    real_replace = os.replace

    def failing(src, dst):
        if Path(src) == staged:
            raise OSError("no space")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OSError):
        build_module._publish(staged, target)
    assert (target / "index.html").read_text() == "previous"
    monkeypatch.setattr(os, "replace", real_replace)
    build_module._publish(staged, target)
    assert (target / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


@pytest.mark.parametrize(
    "picture", ["../../etc/passwd", "/etc/passwd", "material/../x", "file:///x", "material"]
)
def test_easy_read_pictures_are_icon_names_not_paths(project: Project, picture: str) -> None:
    leaflet = project.content / "leaflet.yaml"
    text = leaflet.read_text(encoding="utf-8")
    leaflet.write_text(text.replace("picture: material/school", f"picture: '{picture}'", 1))
    _, problems = check(project)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert [p.field.rsplit(".", 1)[-1] for p in errors] == ["picture"]


@pytest.mark.parametrize("bad", ["2018-03-pilot-all", "rota-cert", "rota-new-service"])
def test_officer_ids_that_would_overwrite_another_output_are_refused(
    project: Project, bad: str
) -> None:
    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(text.replace("- id: so-01", f"- id: {bad}", 1), encoding="utf-8")
    _, problems = check(project)
    clashes = [p for p in problems if "same file" in p.message]
    assert [(p.field, p.got) for p in clashes] == [("officers.0.id", f'"{bad}"')]
    line = next(i for i, s in enumerate(text.splitlines(), 1) if "- id: so-01" in s)
    assert clashes[0].line == line


@pytest.mark.parametrize("bad", ["../../escape", "a/b", "/tmp/abs", "a\\b", "..", "Pilot"])
def test_new_cohort_refuses_ids_that_are_not_file_names(project: Project, bad: str) -> None:
    from click.testing import CliRunner

    from placements.cli import main

    before = sorted(p for p in project.root.parent.rglob("*") if p.is_file())
    result = CliRunner().invoke(
        main, ["new-cohort", bad, "--start", "2027-03-01", "--project", str(project.root)]
    )
    assert result.exit_code != 0
    assert sorted(p for p in project.root.parent.rglob("*") if p.is_file()) == before
