"""Personal data stays private: no roster value in any file of the public site.

Roster values: each officer's name (whole, and each part of four letters or more) and
each officer id. Buddies are roles, not people; cohort names, dates and anonymous
feedback words are not personal and are published on purpose (the outcomes page).
"""

from __future__ import annotations

import re
import subprocess

import pytest

from placements.build import Project, build, check
from placements.content import load_or_raise
from placements.problems import BuildError, Severity

from .conftest import REPO
from .hostile import readable


def _roster_values(project: Project) -> list[str]:
    content = load_or_raise(project.content)
    values: set[str] = set()
    for cohort in content.cohorts.values():
        for officer in cohort.officers:
            values |= {officer.name, officer.id}
            values |= {part for part in officer.name.split() if len(part) >= 4}
    return sorted(values)


def test_no_roster_value_in_any_site_file(built: Project) -> None:
    values = _roster_values(built)
    assert len(values) >= 8 * 3
    patterns = {v: re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE) for v in values}
    files = [p for p in built.site.rglob("*") if p.is_file()]
    assert any(p.name == "search_index.json" for p in files)
    assert any(p.name.startswith("sitemap.xml") for p in files)
    found = []
    for path in files:
        if path.suffix in (".png", ".jpg", ".ico", ".woff", ".woff2"):
            continue
        text = readable(path)
        found += [
            f"{path.relative_to(built.site)}: {v}" for v, p in patterns.items() if p.search(text)
        ]
    assert found == []
    # ... while the private workbooks do hold them:
    assert any("Aled" in readable(p) for p in built.private.rglob("*.pdf"))


def test_private_outputs_are_ignored_by_git() -> None:
    for path in ["dist/cohorts/2018-03-pilot/so-01.pdf", "dist/anything"]:
        result = subprocess.run(
            ["git", "check-ignore", "-q", path], cwd=REPO, capture_output=True, check=False
        )
        assert result.returncode == 0, f"{path} is not ignored by git"


def _officer(project: Project) -> str:
    content = load_or_raise(project.content)
    return next(iter(content.cohorts.values())).officers[2].name


def test_check_reports_a_name_in_published_text_without_repeating_it(project: Project) -> None:
    name = _officer(project)
    service = project.content / "services" / "cert.yaml"
    text = service.read_text(encoding="utf-8")
    service.write_text(
        text.replace("\nsummary: ", f"\nsummary: Ask {name.upper()} about it. ", 1),
        encoding="utf-8",
    )
    page = project.root / "docs" / "placement.md"
    page.write_text(f"# Your placement\n\nThanks to {name}.\n\n{{{{ placement() }}}}\n")
    _, problems = check(project)
    leaks = [p for p in problems if "officer's name" in p.message]
    assert [(p.path, p.field, p.line, p.column) for p in leaks] == [
        ("content/services/cert.yaml", "summary", _line(text, "summary:"), 10),
        ("docs/placement.md", "", 3, 11),
    ]
    assert all(p.severity is Severity.ERROR for p in leaks)
    assert all("officers.2.name in content/cohorts/" in p.message for p in leaks)
    assert not any(name.casefold() in p.format().casefold() for p in problems)


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_build_refuses_a_site_with_a_name_from_any_source(project: Project) -> None:
    name = _officer(project)
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_description: ", f"site_description: Written with {name}. ", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(BuildError, match="officers' names would be published") as caught:
        build(project)
    assert name not in str(caught.value)
    assert not project.site.exists() and not project.private.exists()
