"""Shared fixtures: a copy of the project in a temporary folder, and a built copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from placements.build import Project, build

REPO = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["mkdocs.yml", "content", "docs", "workbook", "hooks", "macros", "overrides"]


def copy_project(target: Path) -> Project:
    """Copy the project's inputs (not its outputs) into ``target``; return it as a Project."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, target / part)
    return Project(target)


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
