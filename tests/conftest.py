"""Shared fixtures: a copy of the project in a temporary folder, and a built copy."""

from __future__ import annotations

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
