"""Officers' workbooks, calendars and the cohort's print PDF, read back with pypdf/icalendar."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

from placements import cohorts as cohorts_module
from placements.build import BLANK_WORKBOOK, Project
from placements.cohorts import cohort_key, combine_workbooks, combined_name, render_cohorts
from placements.content import Content, load_or_raise
from placements.formfont import FAMILY, field_font, source_font
from placements.reproducible import build_date
from placements.schedule import officer_days

COHORT = "2018-03-pilot"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _field_names(reader: PdfReader) -> list[str]:
    """Every terminal field's full name, duplicates kept (get_fields() would hide them)."""
    names: list[str] = []

    def walk(ref: object, prefix: str) -> None:
        field = ref.get_object()  # type: ignore[attr-defined]
        assert isinstance(field, DictionaryObject)
        name = f"{prefix}.{field['/T']}" if prefix and "/T" in field else field.get("/T", prefix)
        kids = field.get("/Kids")
        if kids and any("/T" in k.get_object() for k in kids):
            for kid in kids:
                walk(kid, str(name))
        else:
            names.append(str(name))

    for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]:
        walk(ref, "")
    return names


def _expected_fields(content: Content) -> int:
    """About you 3, three per day, reflective 3, one per outcome measure, one word,
    comments, and buddy's name and date per week."""
    scheme = content.scheme
    days = len(scheme.placement.weeks) * scheme.placement.days_per_week
    return 3 + 3 * days + 3 + len(scheme.outcome_measures) + 2 + 2 * len(scheme.placement.weeks)


@pytest.fixture(scope="module")
def content(built: Project) -> Content:
    return load_or_raise(built.content)


def test_every_officer_pdf_has_name_services_days_and_unique_fields(
    built: Project, content: Content
) -> None:
    cohort = content.cohorts[COHORT]
    for officer in cohort.officers:
        reader = PdfReader(built.private / COHORT / f"{officer.id}.pdf")
        pages = [_flat(p.extract_text()) for p in reader.pages]
        text = " ".join(pages)
        assert officer.name in pages[0]
        for allocation in officer.placements:
            assert _flat(content.services[allocation.service].name) in text
        days = officer_days(content.scheme, cohort, officer)
        headings = re.findall(r"Day (\d+): (\w+day \d+ \w+ \d{4})", text)
        assert headings == [(str(d.day), f"{d.date:%A %-d %B %Y}") for d in days]
        names = _field_names(reader)
        assert len(names) == _expected_fields(content)
        assert len(set(names)) == len(names)
        assert all(n.startswith(f"{officer.id}-") for n in names)


def test_footer_numbers_each_officer_from_one(built: Project, content: Content) -> None:
    officer = content.cohorts[COHORT].officers[0]
    reader = PdfReader(built.private / COHORT / f"{officer.id}.pdf")
    n = len(reader.pages)
    for i, page in enumerate(reader.pages[1:], start=2):
        assert f"Page {i} of {n}" in page.extract_text()
        assert officer.name in page.extract_text()


def test_combined_pdf_starts_each_officer_on_an_odd_page(built: Project, content: Content) -> None:
    cohort = content.cohorts[COHORT]
    reader = PdfReader(built.private / COHORT / combined_name(COHORT))
    assert len(reader.pages) % 2 == 0
    texts = [_flat(page.extract_text()) for page in reader.pages]
    covers = [
        i
        for i, text in enumerate(texts)
        if text.startswith("Community engagement workbook") and "Page " not in text
    ]
    assert len(covers) == len(cohort.officers)
    for index, officer in zip(covers, cohort.officers, strict=True):
        assert officer.name in texts[index]
        assert index % 2 == 0, f"{officer.name} starts on page {index + 1}"
        second = texts[index + 1]
        assert officer.name in second and "Page 2 of" in second
    names = _field_names(reader)
    assert len(names) == len(set(names)) == len(cohort.officers) * _expected_fields(content)


def test_filled_value_with_accents_survives(built: Project, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=built.private / COHORT / "so-08.pdf")
    value = "Zoë Café: ŵ, ŷ and naïve"
    for page in writer.pages:
        if "/Annots" in page:
            writer.update_page_form_field_values(
                page, {"so-08-about-learning-objectives": value}, auto_regenerate=False
            )
    filled = tmp_path / "filled.pdf"
    writer.write(filled)
    field = PdfReader(filled).get_fields()["so-08-about-learning-objectives"]
    assert field.get("/V") == value
    assert field.get("/Ff", 0) & (1 << 12), "long answers are multi-line fields"


def test_officer_pdf_is_tagged_with_title_and_language(built: Project) -> None:
    reader = PdfReader(built.private / COHORT / "so-01.pdf")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title == "Community engagement workbook: Aled Pryce"


def test_blank_workbook_is_pdf_ua_with_fields(built: Project) -> None:
    reader = PdfReader(built.site / "downloads" / BLANK_WORKBOOK)
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp or b'pdfuaid="http' in xmp and b"part" in xmp
    assert "/StructTreeRoot" in root and root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    names = _field_names(reader)
    assert len(names) == len(set(names)) > 30
    assert all(n.startswith("blank-") for n in names)


def test_calendar_has_induction_days_and_sessions(built: Project, content: Content) -> None:
    cohort = content.cohorts[COHORT]
    officer = cohort.officers[5]
    cal = icalendar.Calendar.from_ical((built.private / COHORT / f"{officer.id}.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    days = officer_days(content.scheme, cohort, officer)
    assert len(events) == 1 + len(days) + 2
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    starts = [e.decoded("DTSTART") for e in events]
    assert all(str(s.tzinfo) == "Europe/London" for s in starts)
    placement = [e for e in events if str(e["SUMMARY"]).startswith("Placement day")]
    assert [(e.decoded("DTSTART").date(), e.decoded("DTSTART").time()) for e in placement] == [
        (d.date, d.shift.start) for d in days
    ]
    assert {e.decoded("DTSTAMP") for e in events} == {build_date(content)}


def test_outputs_are_byte_identical_across_builds(
    content: Content, built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    render_cohorts(content, built.templates, one, workers=1)
    render_cohorts(content, built.templates, two)
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel
    # and the same as the real build
    assert (one / COHORT / "so-03.pdf").read_bytes() == (
        built.private / COHORT / "so-03.pdf"
    ).read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build_date(content) == datetime.fromtimestamp(1700000000, tz=UTC)
    three = tmp_path / "three"
    render_cohorts(content, built.templates, three, workers=1)
    reader = PdfReader(three / COHORT / "so-01.pdf")
    assert reader.metadata["/CreationDate"].startswith("D:20231114")
    assert b"DTSTAMP:20231114T221320Z" in (three / COHORT / "so-01.ics").read_bytes()


def test_unchanged_cohort_comes_from_the_cache(
    content: Content, built: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = render_cohorts(content, built.templates, tmp_path / "a", cache=cache, workers=1)
    calls: list[int] = []
    real = cohorts_module._render_chunks
    monkeypatch.setattr(cohorts_module, "_render_chunks", lambda *a, **k: calls.append(1))
    second = render_cohorts(content, built.templates, tmp_path / "b", cache=cache)
    assert calls == []
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    # A changed template makes a new key, so the cohort is rendered again.
    templates = tmp_path / "templates"
    templates.mkdir()
    for f in built.templates.iterdir():
        (templates / f.name).write_bytes(f.read_bytes())
    css = templates / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    monkeypatch.setattr(cohorts_module, "_render_chunks", real)
    render_cohorts(content, templates, tmp_path / "c", cache=cache, workers=1)
    assert len(list((cache / COHORT).iterdir())) == 1  # the old entry was replaced


def test_combining_pads_odd_parts_so_each_starts_on_an_odd_page(tmp_path: Path) -> None:
    parts = []
    for name, pages in [("a", 3), ("b", 1), ("c", 2)]:
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(width=595, height=842)
        writer.add_outline_item(title=f"start of {name}", page_number=0)
        parts.append(tmp_path / f"{name}.pdf")
        writer.write(parts[-1])
    target = tmp_path / "all.pdf"
    combine_workbooks(parts, target, title="t", date=datetime(2026, 1, 1, tzinfo=UTC))
    reader = PdfReader(target)
    assert len(reader.pages) == 4 + 2 + 2
    starts = [reader.get_destination_page_number(o) for o in reader.outline]
    assert starts == [0, 4, 6]
    assert reader.metadata.title == "t"


def test_cache_key_follows_what_the_workbooks_show(
    built: Project, content: Content, tmp_path: Path
) -> None:
    stamp = build_date(content)
    font = field_font(built.fonts)
    key = cohort_key(content, COHORT, built.templates, stamp, font)
    assert cohort_key(content, COHORT, built.templates, stamp, font) == key
    other_font = tmp_path / "other.ttf"
    other_font.write_bytes(font.read_bytes() + b"\0")
    assert cohort_key(content, COHORT, built.templates, stamp, other_font) != key
    cohort = content.cohorts[COHORT]
    renamed = cohort.model_copy(
        update={"officers": [cohort.officers[0].model_copy(update={"name": "A N Other"})]}
    )
    content.cohorts[COHORT] = renamed
    try:
        assert cohort_key(content, COHORT, built.templates, stamp, font) != key
        content.cohorts[COHORT] = cohort.model_copy(update={"feedback": None})
        assert cohort.feedback is not None  # the pilot has feedback: dropping it keeps the key
        assert cohort_key(content, COHORT, built.templates, stamp, font) == key
    finally:
        content.cohorts[COHORT] = cohort
    assert (
        cohort_key(content, COHORT, built.templates, datetime(2030, 1, 1, tzinfo=UTC), font) != key
    )


def test_renderer_cache_copies_unchanged_pdfs_and_prunes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from placements.pdf import PdfOptions, Renderer

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html.j2").write_text(
        '<html lang="en-GB"><title>{{ word }}</title><p>{{ word }}</p></html>', encoding="utf-8"
    )
    cache = tmp_path / "cache"
    first = Renderer(templates, cache=cache)
    first.write("t.html.j2", {"word": "Café"}, tmp_path / "a.pdf", PdfOptions())
    first.write("t.html.j2", {"word": "Tea"}, tmp_path / "b.pdf", PdfOptions())
    second = Renderer(templates, cache=cache)
    monkeypatch.setattr(second, "document", lambda *a: pytest.fail("laid out again"))
    second.write("t.html.j2", {"word": "Café"}, tmp_path / "c.pdf", PdfOptions())
    assert (tmp_path / "c.pdf").read_bytes() == (tmp_path / "a.pdf").read_bytes()
    second.prune_cache()
    assert len(list(cache.rglob("*.pdf"))) == 1
    (templates / "t.html.j2").write_text("<html lang='en-GB'><p>{{ word }}!</p></html>")
    third = Renderer(templates, cache=cache)
    third.write("t.html.j2", {"word": "Café"}, tmp_path / "d.pdf", PdfOptions())
    assert (tmp_path / "d.pdf").read_bytes() != (tmp_path / "a.pdf").read_bytes()


def test_the_field_font_is_a_small_renamed_subset_made_the_same_each_time(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    first = field_font(tmp_path / "a")
    again = field_font(tmp_path / "b")
    assert first.read_bytes() == again.read_bytes()  # reproducible builds
    assert field_font(tmp_path / "a") == first  # made once, then found
    assert first.stat().st_size < source_font().stat().st_size / 4
    font = TTFont(first)
    assert font["name"].getDebugName(1) == FAMILY
    cmap = font.getBestCmap()
    for letter in "AzÀÿŵŷẁẃỳŁőșĞ€–“”…№ΩжЖ":
        assert ord(letter) in cmap, letter
    assert ord("中") not in cmap


def test_officers_pdfs_embed_the_field_font_not_the_whole_dejavu(built: Project) -> None:
    import pikepdf

    path = sorted((built.private / COHORT).glob("so-*.pdf"))[0]
    with pikepdf.open(path) as pdf:
        fonts = {
            str(obj.get("/FontName"))
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        }
        biggest = max(
            len(obj.read_raw_bytes()) for obj in pdf.objects if isinstance(obj, pikepdf.Stream)
        )
    assert any("Workbook-Fields" in f for f in fonts), fonts
    assert biggest < 150_000  # the whole DejaVu Sans compressed is about 380 KB
