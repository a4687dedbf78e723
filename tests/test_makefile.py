"""The Makefile's install step never writes through a link planted at .venv or its stamp."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("planted", [".venv/.installed", ".venv"])
def test_a_linked_venv_or_stamp_is_refused(tmp_path: Path, planted: str) -> None:
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "Makefile", project)
    (project / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    if planted == ".venv/.installed":
        (project / ".venv").mkdir()
    (project / planted).symlink_to(outside / "made-by-make")
    result = subprocess.run(
        ["make", "-C", str(project), ".venv/.installed"], capture_output=True, text=True
    )
    assert result.returncode != 0
    assert f"{planted} is a symbolic link" in result.stderr
    assert list(outside.iterdir()) == []
