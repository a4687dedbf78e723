"""The service-user leaflet: five outputs from one source, read back as a reader would."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from placements import leaflet
from placements.build import Project, build, check
from placements.cli import main
from placements.content import load_or_raise

from .conftest import copy_project
from .leaflet_pdf import A4_PT, MM, font_sizes, qr_codes, size_pt, structure, text_in

SITE_URL = "https://example.nhs.uk/police-placements/"
PAPER = [leaflet.A4, leaflet.BOOKLET, leaflet.LARGE_PRINT, leaflet.EASY_READ]


def with_site_url(project: Project, url: str = SITE_URL) -> Project:
    """Set ``site_url`` in the project's mkdocs.yml."""
    config = project.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^#? ?site_url:.*$", f"site_url: {url}", text, count=1, flags=re.M)
    config.write_text(text, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The shipped project with a site_url, built once."""
    proj = with_site_url(copy_project(tmp_path_factory.mktemp("published") / "project"))
    build(proj)
    return proj


def pdf(project: Project, version: leaflet.Version) -> Path:
    return project.site / "downloads" / version.filename


def _close(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 1 and abs(a[1] - b[1]) < 1


# --- the five outputs ---------------------------------------------------------------


def test_web_page_links_every_paper_version_and_the_easy_read_page(published: Project) -> None:
    page = (published.site / "leaflet.html").read_text(encoding="utf-8")
    for version in PAPER:
        assert f'href="downloads/{version.filename}"' in page
        assert pdf(published, version).is_file()
    assert 'href="leaflet-easy-read.html"' in page
    easy = (published.site / "leaflet-easy-read.html").read_text(encoding="utf-8")
    content = load_or_raise(published.content)
    for qa in content.leaflet.questions:
        for idea in qa.easy_read:
            assert idea.text in easy.replace("&#x27;", "'")
            label = idea.alt.replace("'", "&#x27;")
            assert f'role="img" aria-label="{label}"' in easy
            assert f"<title>{label}</title>" in easy


def test_page_sizes(published: Project) -> None:
    for version in (leaflet.A4, leaflet.LARGE_PRINT, leaflet.EASY_READ):
        reader = PdfReader(pdf(published, version))
        assert len(reader.pages) >= 1
        for i in range(len(reader.pages)):
            assert _close(size_pt(reader, i), A4_PT), (version.key, i)
    booklet = PdfReader(pdf(published, leaflet.BOOKLET))
    for i in range(len(booklet.pages)):
        assert _close(size_pt(booklet, i), (A4_PT[1], A4_PT[0])), i  # A4 landscape


def test_booklet_sheets_hold_a5_pages_in_folding_order(published: Project) -> None:
    path = pdf(published, leaflet.BOOKLET)
    sides = len(PdfReader(path).pages)
    assert sides % 2 == 0  # whole sheets, printed on both sides
    half = A4_PT[1] / 2
    numbers = []
    for side in range(sides):
        pair = []
        for left in (0.0, half):  # the A5 page number sits at the foot of each half
            found = text_in(path, side, left, 0, left + half, 14 * MM).split()
            pair.append(int(found[0]) if found else None)
        numbers.append(tuple(pair))
    total = sides * 2
    printed = sorted(n for pair in numbers for n in pair if n is not None)
    last = printed[-1]
    assert printed == list(range(1, last + 1))  # every A5 page once
    # A saddle-stitched pile, folded, reads position 1..total; blanks sit before the
    # last page so it stays the back cover.
    by_position = {}
    for sheet in range(total // 4):
        front, back = numbers[2 * sheet], numbers[2 * sheet + 1]
        by_position[total - 2 * sheet], by_position[2 * sheet + 1] = front
        by_position[2 * sheet + 2], by_position[total - 2 * sheet - 1] = back
    reading = [by_position[p] for p in range(1, total + 1)]
    assert reading[-1] == last
    assert [n for n in reading if n is not None] == list(range(1, last + 1))


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (1, [(None, 1), (None, None)]),
        (3, [(3, 1), (2, None)]),
        (4, [(4, 1), (2, 3)]),
        (6, [(6, 1), (2, None), (None, 3), (4, 5)]),
        (8, [(8, 1), (2, 7), (6, 3), (4, 5)]),
    ],
)
def test_booklet_order(pages: int, expected: list[tuple[int | None, int | None]]) -> None:
    assert leaflet.booklet_order(pages) == expected


def test_imposing_pads_a_long_leaflet_to_whole_sheets(tmp_path: Path) -> None:
    import weasyprint

    pages = "".join(f'<p style="break-after: page">page-{n}</p>' for n in range(1, 7))
    source = tmp_path / "a5.pdf"
    weasyprint.HTML(string=f"<style>@page {{ size: A5 }}</style>{pages}").write_pdf(source)
    target = leaflet.impose_booklet(source, tmp_path / "booklet.pdf")
    reader = PdfReader(target)
    assert len(reader.pages) == 4  # 6 pages -> 8 positions -> 2 sheets, both sides
    half = A4_PT[1] / 2
    halves = [
        tuple(text_in(target, side, x, 0, x + half, A4_PT[0]).strip() or None for x in (0.0, half))
        for side in range(4)
    ]
    assert halves == [
        ("page-6", "page-1"),
        ("page-2", None),
        (None, "page-3"),
        ("page-4", "page-5"),
    ]
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"


def test_minimum_font_sizes(published: Project) -> None:
    standard = font_sizes(pdf(published, leaflet.A4))
    assert min(standard) < 14  # the measure sees small print where there is some
    for version, floor in ((leaflet.LARGE_PRINT, 16), (leaflet.EASY_READ, 14)):
        sizes = font_sizes(pdf(published, version))
        assert sizes, version.key
        smallest = min(sizes)
        assert smallest >= floor, f"{version.key}: {sizes[smallest]!r} is {smallest} pt"


# --- QR codes -----------------------------------------------------------------------


@pytest.mark.parametrize("version", PAPER, ids=lambda v: v.key)
def test_qr_code_opens_the_web_version(published: Project, version: leaflet.Version) -> None:
    page = "leaflet-easy-read.html" if version is leaflet.EASY_READ else "leaflet.html"
    assert qr_codes(pdf(published, version)) == [SITE_URL + page]
    assert (published.site / page).is_file()


def test_without_site_url_the_build_warns_and_prints_no_qr(built: Project) -> None:
    _, problems = check(built)
    warnings = [p for p in problems if p.path == "mkdocs.yml" and p.field == "site_url"]
    assert len(warnings) == 1 and "no QR code" in warnings[0].message
    assert qr_codes(pdf(built, leaflet.A4)) == []


def test_a_site_url_that_is_not_a_web_address_is_an_error(project: Project) -> None:
    with_site_url(project, "example.nhs.uk/placements")
    _, problems = check(project)
    (problem,) = [p for p in problems if p.field == "site_url"]
    assert problem.severity == "error" and "http" in problem.message
    assert problem.got == '"example.nhs.uk/placements"'
    lines = (project.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].startswith("site_url: example.nhs.uk")


# --- accessibility ------------------------------------------------------------------


@pytest.mark.parametrize(
    "version", [leaflet.A4, leaflet.LARGE_PRINT, leaflet.EASY_READ], ids=lambda v: v.key
)
def test_tagged_pdf_with_title_language_and_alt_text(
    published: Project, version: leaflet.Version
) -> None:
    path = pdf(published, version)
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    content = load_or_raise(published.content)
    title = (
        content.leaflet.easy_read_title if version is leaflet.EASY_READ else content.leaflet.title
    )
    assert reader.metadata.title == title
    assert 'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data().decode()
    figures = [e for e in structure(path) if e["/S"] == "/Figure"]
    assert all(str(f.get("/Alt", "")).strip() for f in figures)
    alts = {str(f["/Alt"]) for f in figures}
    if version is leaflet.EASY_READ:
        ideas = [i for qa in content.leaflet.questions for i in qa.easy_read]
        assert {i.alt for i in ideas} <= alts
        assert len(figures) == len(ideas) + 1  # every picture, and the QR code
    assert any(a.startswith("QR code") and SITE_URL in a for a in alts)


def test_booklet_keeps_title_and_language(published: Project) -> None:
    reader = PdfReader(pdf(published, leaflet.BOOKLET))
    assert reader.metadata.title == load_or_raise(published.content).leaflet.title
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_easy_read_pictures_are_drawn_beside_each_idea(published: Project) -> None:
    path = pdf(published, leaflet.EASY_READ)
    document = pypdfium2.PdfDocument(str(path))
    frames = drawn = 0
    try:
        for page in document:
            boxes = [
                obj.get_bounds()
                for obj in page.get_objects(max_depth=8)
                if obj.type == pypdfium2.raw.FPDF_PAGEOBJ_PATH
            ]
            # each picture sits in a square frame (24 mm and its padding) in the margin column
            square = [b for b in boxes if 25 * MM < b[2] - b[0] < 32 * MM and b[0] < 60 * MM]
            frames += len(square)
            for f in square:
                inside = [
                    b
                    for b in boxes
                    if b is not f
                    and b[0] > f[0] + MM
                    and b[2] < f[2] - MM
                    and b[1] > f[1] + MM
                    and b[3] < f[3] - MM
                ]
                drawn += bool(inside)
    finally:
        document.close()
    ideas = sum(len(qa.easy_read) for qa in load_or_raise(published.content).leaflet.questions)
    assert frames == ideas and drawn == ideas


# --- pictures, plain language -------------------------------------------------------


def _edit_leaflet(project: Project, old: str, new: str) -> Path:
    path = project.content / "leaflet.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(
        n
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if needle in line
    )


def test_unknown_picture_is_located_with_a_suggestion(project: Project) -> None:
    path = _edit_leaflet(project, "picture: material/police-badge", "picture: material/police-badg")
    _edit_leaflet(project, "picture: material/phone", "picture: ../../../etc/passwd")
    _, problems = check(project)
    line = _line_of(path, "material/police-badg")
    (badge,) = [p for p in problems if p.got == '"material/police-badg"']
    assert (badge.path, badge.line, badge.column) == ("content/leaflet.yaml", line, 18)
    assert (
        badge.field.endswith(".picture") and "did you mean 'material/police-badge'" in badge.message
    )
    assert any(p.got == '"../../../etc/passwd"' and p.severity == "error" for p in problems)


def test_check_prints_readability_figures(project: Project) -> None:
    result = CliRunner().invoke(main, ["check", "--project", str(project.root)])
    assert result.exit_code == 0, result.output
    standard = re.search(r"standard: SMOG (\d+\.\d) \(target <= 9\)", result.output)
    easy = re.search(r"easy read: .*longest (\d+) words \(target <= 15\)", result.output)
    assert standard and easy, result.output
    assert float(standard.group(1)) <= 9 and int(easy.group(1)) <= 15


def test_long_easy_read_sentence_is_a_located_warning(project: Project) -> None:
    long = "They want to learn about mental health and about how our teams look after people every day."
    path = _edit_leaflet(project, "They want to learn about mental health.", long)
    _, problems = check(project)
    (problem,) = [p for p in problems if "easy-read sentences" in p.message]
    assert problem.severity == "warning"
    assert problem.line == _line_of(path, long) and problem.field == "questions.0.easy_read.1.text"
    assert "this one has 17" in problem.message


def test_two_sentences_in_one_easy_read_idea_is_a_warning(project: Project) -> None:
    two = "They want to learn. They like mental health."
    path = _edit_leaflet(project, "They want to learn about mental health.", two)
    _, problems = check(project)
    (problem,) = [p for p in problems if "one sentence beside its picture" in p.message]
    assert problem.severity == "warning" and "has 2" in problem.message
    assert (problem.line, problem.field) == (_line_of(path, two), "questions.0.easy_read.1.text")


def test_hard_standard_text_warns_with_its_smog_grade(project: Project) -> None:
    hard = (
        "Organisational collaboration necessitates comprehensive interdisciplinary "
        "understanding of psychiatric vulnerability, institutional accountability and "
        "therapeutic communication. "
    )
    leaflet_yaml = project.content / "leaflet.yaml"
    text = leaflet_yaml.read_text(encoding="utf-8")
    text = re.sub(r"(    answer: )", lambda m: m.group(1) + hard * 3, text)
    leaflet_yaml.write_text(text, encoding="utf-8")
    _, problems = check(project)
    (problem,) = [p for p in problems if "SMOG" in p.message]
    grade = float(re.search(r"SMOG grade (\d+\.\d)", problem.message).group(1))
    assert grade > 9 and problem.severity == "warning" and problem.field == "questions"
