"""The whole pipeline on the shipped content: site pages, PDFs, and privacy of rosters."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from placements.build import BLANK_WORKBOOK, LEAFLET_A4, Project, build, one_build_at_a_time
from placements.content import load_or_raise
from placements.problems import BuildError, ContentError


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_service_has_a_page(built: Project) -> None:
    content = load_or_raise(built.content)
    assert len(content.services) == 12
    for slug, service in content.services.items():
        page = built.site / "services" / f"{slug}.html"
        assert page.is_file(), slug
        assert service.name in page.read_text(encoding="utf-8").replace("&amp;", "&")


def test_top_level_pages_exist(built: Project) -> None:
    for name in ["index", "induction", "placement", "safeguarding", "leaflet", "workbook"]:
        assert (built.site / f"{name}.html").is_file(), name
    assert (built.site / "services" / "index.html").is_file()


def test_each_officer_workbook_names_officer_and_both_services(built: Project) -> None:
    content = load_or_raise(built.content)
    for cohort_id, cohort in content.cohorts.items():
        for officer in cohort.officers:
            pdf = built.private / cohort_id / f"{officer.id}.pdf"
            text = _flat(_text(pdf))
            assert officer.name in text
            for allocation in officer.placements:
                assert _flat(content.services[allocation.service].name) in text


def test_workbook_has_one_daily_record_per_placement_day(built: Project) -> None:
    content = load_or_raise(built.content)
    cohort = content.cohorts["2018-03-pilot"]
    text = _flat(_text(built.private / "2018-03-pilot" / "so-01.pdf"))
    days = len(content.scheme.placement.weeks) * content.scheme.placement.days_per_week
    for n in range(1, days + 1):
        assert f"Day {n}:" in text
    assert f"Day {days + 1}:" not in text
    assert "Monday 12 March 2018" in text and "Friday 23 March 2018" in text
    assert cohort.name in text


def test_combined_cohort_pdf_holds_every_officer(built: Project) -> None:
    content = load_or_raise(built.content)
    combined = built.private / "2018-03-pilot" / "2018-03-pilot-all.pdf"
    text = _flat(_text(combined))
    for officer in content.cohorts["2018-03-pilot"].officers:
        assert officer.name in text


def test_workbook_fields_are_unique_form_fields(built: Project) -> None:
    fields = PdfReader(built.private / "2018-03-pilot" / "so-01.pdf").get_fields()
    assert fields is not None
    assert "so-01-day-01-involved" in fields
    assert "so-01-feedback-recommend-placement" in fields
    combined = PdfReader(built.private / "2018-03-pilot" / "2018-03-pilot-all.pdf").get_fields()
    assert combined is not None and len(combined) == 8 * len(fields)


def test_public_pdfs_are_linked_from_the_site(built: Project) -> None:
    assert (built.site / "downloads" / LEAFLET_A4).is_file()
    assert (built.site / "downloads" / BLANK_WORKBOOK).is_file()
    assert f"downloads/{LEAFLET_A4}" in (built.site / "leaflet.html").read_text(encoding="utf-8")
    assert f"downloads/{BLANK_WORKBOOK}" in (built.site / "workbook.html").read_text(
        encoding="utf-8"
    )


def test_pdfs_have_a4_pages_and_bookmarks(built: Project) -> None:
    reader = PdfReader(built.private / "2018-03-pilot" / "so-01.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in pt

    def flatten(items):
        for item in items:
            yield from flatten(item) if isinstance(item, list) else [item.title]

    titles = list(flatten(reader.outline))
    assert "Aled Pryce: community engagement workbook" in titles
    assert "Placement plan" in titles and "Day 1: Monday 12 March 2018" in titles


def test_no_officer_name_anywhere_in_the_site(built: Project) -> None:
    content = load_or_raise(built.content)
    names = [o.name for c in content.cohorts.values() for o in c.officers]
    assert names
    for path in built.site.rglob("*"):
        if not path.is_file():
            continue
        data = (
            path.read_text(encoding="utf-8", errors="ignore")
            if path.suffix != ".pdf"
            else _text(path)
        )
        for name in names:
            assert name not in data, f"{name} found in {path}"
            assert name.split()[-1] not in data or len(name.split()[-1]) < 5, f"{name} in {path}"


def _outputs(project: Project) -> dict[Path, bytes]:
    return {
        p: p.read_bytes()
        for p in [*project.site.rglob("*"), *project.private.rglob("*")]
        if p.is_file()
    }


def _break(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


BREAKAGES = [
    # (what, file, old, new, exception, words in the error)
    (
        "content",
        "content/services/maple-ward.yaml",
        "setting: ward",
        "setting: wrad",
        ContentError,
        "maple-ward.yaml",
    ),
    (
        "page variable typo",
        "docs/index.md",
        "{{ learners }}",
        "{{ lerners }}",
        BuildError,
        "the site could not be built",
    ),
    (
        "workbook template",
        "workbook/workbook.html.j2",
        "{%- endmacro -%}",
        "{%- endmacr -%}",
        BuildError,
        "workbook/workbook.html.j2",
    ),
    (
        "missing image in print CSS",
        "workbook/print.css",
        "@page",
        "body { background: url(no-such.png) }\n@page",
        BuildError,
        "workbook/",
    ),
]


def test_failed_build_leaves_earlier_outputs_untouched(project: Project) -> None:
    """Content, page, template and PDF failures: each leaves site/ and dist/ byte-identical.

    The template and PDF failures happen after the site has been built in staging, so
    they show that nothing is published until every output has been made.
    """
    build(project)
    before = _outputs(project)
    assert any(p.suffix == ".pdf" for p in before)
    for what, name, old, new, error, words in BREAKAGES:
        path = project.root / name
        original = _break(path, old, new)
        try:
            build(project)
        except error as exc:
            problems = getattr(exc, "problems", [])
            assert words in str(exc) or any(words in p.path for p in problems), (what, exc)
        else:  # pragma: no cover - the assertion below explains
            raise AssertionError(f"a build with a broken {what} should fail")
        finally:
            path.write_text(original, encoding="utf-8")
        assert _outputs(project) == before, what
        assert not (project.root / ".build-tmp").exists(), what
        assert sorted(p.name for p in project.root.iterdir() if p.name.startswith(".")) == []


@pytest.mark.parametrize(
    "link",
    [
        "dist/.cache/cohorts/2018-03-pilot",  # the thirteenth trial: pruned through it
        "dist/.cache/pdf",
        "dist/.cache/fonts",
        "dist/cohorts",
        "dist",
        "site",
        ".build-tmp",
    ],
)
def test_a_link_among_the_outputs_is_refused_and_its_target_left_alone(
    project: Project, tmp_path: Path, link: str
) -> None:
    outside = tmp_path / "elsewhere"
    (outside / "important").mkdir(parents=True)
    (outside / "important" / "thesis.txt").write_text("do not delete", encoding="utf-8")
    (outside / "ab").mkdir()
    (outside / "ab" / "abcd.pdf").write_bytes(b"%PDF-1.7 someone else's")
    planted = project.root / link
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.symlink_to(outside, target_is_directory=True)
    before = sorted((p, p.read_bytes()) for p in outside.rglob("*") if p.is_file())
    with pytest.raises(BuildError, match=f"{re.escape(link)} is a symbolic link"):
        build(project)
    assert sorted((p, p.read_bytes()) for p in outside.rglob("*") if p.is_file()) == before
    assert not (project.root / "site").is_dir() or link == "site"


def test_a_build_stopped_with_sigterm_removes_its_staging_folder(project: Project) -> None:
    """The staging folder holds officers' workbooks as they are made: a build stopped
    with SIGTERM must not leave it behind (the thirteenth security trial found it)."""
    staging = project.root / ".build-tmp"
    process = subprocess.Popen(
        [sys.executable, "-m", "placements", "build", "--project", str(project.root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(staging.glob("*/cohorts/*/*")):
        time.sleep(0.1)
    assert any(staging.glob("*/cohorts/*/*")), "the build never started its workbooks"
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 130, err
    assert "nothing was written" in err
    assert not staging.exists() or not any(staging.iterdir())
    assert not (project.root / "site").exists()


def test_what_a_killed_build_left_is_removed_by_the_next(project: Project) -> None:
    """A build killed with SIGKILL cannot clean up: its staging folder, workbooks and all,
    stays in .build-tmp/. The next build, holding the lock, knows it is a dead one's."""
    dead = project.root / ".build-tmp" / "tmpdead" / "cohorts" / "2018-03-pilot"
    dead.mkdir(parents=True)
    (dead / "so-01.pdf").write_bytes(b"%PDF-1.7 an officer's workbook")
    (project.root / ".build-tmp" / "stray").write_text("x", encoding="utf-8")
    with one_build_at_a_time(project):
        assert list((project.root / ".build-tmp").iterdir()) == []


def test_a_second_build_at_the_same_time_is_refused(project: Project) -> None:
    before = _outputs(project)
    with (
        one_build_at_a_time(project),
        pytest.raises(BuildError, match="another build of this project is running"),
    ):
        build(project)
    assert _outputs(project) == before
    assert not (project.root / ".build-tmp").exists()
