"""Shared fixtures: a copy of the project in a temporary folder, and a built copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from placements.build import Project, build

REPO = Path(__file__).resolve().parent.parent


def copy_project(target: Path) -> Project:
    """Copy the project's inputs (not its outputs) into ``target``; return it as a Project."""
    return Project(REPO).copy_inputs(target)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A fresh, unbuilt copy of the shipped project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the shipped project, built once for the whole session."""
    proj = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(proj)
    return proj


@pytest.fixture(scope="module")
def published(built: Project, tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the built project, outputs included (no second full build), per module."""
    root = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(built.root, root)
    return Project(root)


def outputs(project: Project) -> dict[Path, bytes]:
    """Every published file of ``project`` (site and private outputs) with its bytes."""
    return {
        p: p.read_bytes()
        for p in [*project.site.rglob("*"), *project.private.rglob("*")]
        if p.is_file()
    }


def refused_build(project: Project, page: str, line: str) -> str:
    """Insert ``line`` as line 3 of ``docs/<page>``, build, and return the BuildError's text.

    The page is put back afterwards. Fails the test if the build succeeds or changes any
    published file.
    """
    from placements.problems import BuildError

    source = project.root / "docs" / page
    original = source.read_text(encoding="utf-8")
    lines = original.splitlines()
    lines.insert(2, line)
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = outputs(project)
    try:
        with pytest.raises(BuildError) as caught:
            build(project)
    finally:
        source.write_text(original, encoding="utf-8")
    assert outputs(project) == before
    assert not (project.root / ".build-tmp").exists()
    return str(caught.value)
