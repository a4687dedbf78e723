"""Writing coordinator files: never through a link, even one swapped in half-way.

The sixteenth security trial swapped ``content/cohorts`` for a symbolic link (with
``renameat2(RENAME_EXCHANGE)`` in a loop) between ``new-cohort``'s check and its write,
and the cohort file landed outside the project. These tests make the same swap at the
worst moment, deterministically: just as the temporary file is opened.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from placements.build import Project
from placements.content import load_file
from placements.feedback_import import import_feedback
from placements.model import Scheme
from placements.paths import UnsafePathError
from placements.problems import OutputExistsError
from placements.schemas import write_schemas
from placements.writing import (
    opened_folder,
    write_new_file,
    write_text_atomic,
)


def _new_cohort(project: Project) -> Path:
    path = project.content / "cohorts" / "2031-01-new.yaml"
    write_new_file(path, "id: new\n", within=project.root)
    return path


def _plan(project: Project) -> Path:
    path = project.content / "cohorts" / "2018-03-pilot.yaml"
    write_text_atomic(path, "id: replaced\n", within=project.root)
    return path


def _schemas(project: Project) -> Path:
    folder = project.content / "cohorts"  # any folder two below the project
    write_schemas(folder)
    return folder / "cohort.schema.json"


WRITERS: dict[str, Callable[[Project], Path]] = {
    "new-cohort": _new_cohort,
    "plan --write / import-feedback": _plan,
    "schema": _schemas,
}


def _swap_when_temporary_opens(
    monkeypatch: pytest.MonkeyPatch, folder: Path, outside: Path
) -> list[Path]:
    """Swap ``folder`` for a link to ``outside`` the moment a temporary file is opened."""
    real_open = os.open
    moved: list[Path] = []

    def racing_open(path, flags, mode=0o777, *, dir_fd=None):
        if str(path).endswith(".tmp") and not moved:
            aside = folder.with_name(folder.name + "-moved-aside")
            folder.rename(aside)
            folder.symlink_to(outside, target_is_directory=True)
            moved.append(aside)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    monkeypatch.setattr(os, "open", racing_open)
    return moved


@pytest.mark.parametrize("swapped", ["content", "content/cohorts"])
@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_folder_swapped_for_a_link_mid_write_is_not_followed(
    project: Project,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    writer: Callable[[Project], Path],
    swapped: str,
) -> None:
    outside = tmp_path / "outside"
    (outside / "cohorts").mkdir(parents=True)
    moved = _swap_when_temporary_opens(monkeypatch, project.root / swapped, outside)
    target = writer(project)
    assert moved, "the swap never happened: the test proves nothing"
    monkeypatch.undo()
    assert [p for p in outside.rglob("*")] == [outside / "cohorts"], "written outside"
    # the file went to the folder that was opened, now under its moved-aside name
    landed = moved[0] / target.relative_to(project.root / swapped)
    assert landed.is_file()
    assert [p.name for p in landed.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("writer", WRITERS.values(), ids=WRITERS.keys())
def test_a_linked_folder_is_refused_with_its_name(
    project: Project, tmp_path: Path, writer: Callable[[Project], Path]
) -> None:
    outside = tmp_path / "outside"
    (project.content / "cohorts").rename(outside)
    (project.content / "cohorts").symlink_to(outside, target_is_directory=True)
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    with pytest.raises(UnsafePathError, match=r"content/cohorts is a symbolic link"):
        writer(project)
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_a_file_where_a_folder_should_be_is_refused(project: Project) -> None:
    blocker = project.root / "blocked"
    blocker.write_text("a file, not a folder\n", encoding="utf-8")
    with pytest.raises(UnsafePathError, match="blocked is not a folder"):
        write_new_file(blocker / "x.yaml", "x\n", within=project.root)
    assert blocker.read_text(encoding="utf-8") == "a file, not a folder\n"


def test_a_folder_outside_the_trusted_one_is_refused(project: Project, tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError, match="outside"):
        write_new_file(tmp_path / "elsewhere" / "x.yaml", "x\n", within=project.root)
    with (
        pytest.raises(UnsafePathError, match="leaves"),
        opened_folder(project.content / ".." / "..", project.root),
    ):
        pass


def test_missing_folders_are_made_without_following_links(project: Project) -> None:
    path = project.root / "new" / "deeper" / "x.yaml"
    write_new_file(path, "x: 1\n", within=project.root)
    assert path.read_text(encoding="utf-8") == "x: 1\n"
    with pytest.raises(OutputExistsError):
        write_new_file(path, "x: 2\n", within=project.root)
    assert path.read_text(encoding="utf-8") == "x: 1\n"


def test_modes_kept_for_a_replaced_file_and_the_umask_for_a_new_one(project: Project) -> None:
    old = project.content / "cohorts" / "2018-03-pilot.yaml"
    old.chmod(0o640)
    write_text_atomic(old, "id: x\n", within=project.root)
    assert stat.S_IMODE(old.stat().st_mode) == 0o640
    umask = os.umask(0o027)
    try:
        new = project.content / "cohorts" / "2031-02-new.yaml"
        write_new_file(new, "id: y\n", within=project.root)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o640  # 0666 less 027


def test_a_cohort_file_swapped_for_a_link_is_not_read_through(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seventeenth trial: plan --write and import-feedback read the cohort file by
    its path, so a link swapped in after the check (and out again before the write)
    would copy a file from outside the project into it."""
    from placements import feedback_import as module

    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    real = tmp_path / "real.yaml"
    outside = tmp_path / "outside.yaml"
    outside.write_text("# from outside the project\n" + cohort.read_text(encoding="utf-8"))
    real_yaml, real_write = module.round_trip_yaml, module.write_text_atomic

    def swap_in():  # called just before the cohort file is read
        cohort.rename(real)
        cohort.symlink_to(outside)
        return real_yaml()

    def swap_back(path, text, **where):  # and the real file put back before the write
        cohort.unlink()
        real.rename(cohort)
        return real_write(path, text, **where)

    monkeypatch.setattr(module, "round_trip_yaml", swap_in)
    monkeypatch.setattr(module, "write_text_atomic", swap_back)
    csv_file = tmp_path / "feedback.csv"
    csv_file.write_text("recommend-placement\nyes\n", encoding="utf-8")
    scheme = load_file(project.content / "scheme.yaml", Scheme)[0]
    with pytest.raises(UnsafePathError, match="2018-03-pilot.yaml is a symbolic link"):
        import_feedback(cohort, csv_file, scheme, replace=True, display_root=project.root)
    text = (real if real.exists() else cohort).read_text(encoding="utf-8")
    assert "from outside the project" not in text
