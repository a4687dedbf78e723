"""Review dates: overdue content is a warning (an error with --strict); pages and PDFs
show the owner and the review dates. "Today" is always fixed here."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from placements.build import Project, check
from placements.cli import main
from placements.content import load_or_raise
from placements.ig import published_files
from placements.problems import Severity
from placements.review import TODAY_VARIABLE, check_reviews, london_today

from .hostile import pdf_texts, soup


def _dates(project: Project) -> dict[str, date]:
    content = load_or_raise(project.content)
    return {f"{kind}:{key}": obj.review.next_review for kind, key, obj in published_files(content)}


def test_nothing_is_overdue_on_the_day_it_is_due(project: Project) -> None:
    content = load_or_raise(project.content)
    earliest = min(_dates(project).values())
    assert list(check_reviews(content, today=earliest)) == []


def test_overdue_files_are_warnings_located_at_next_review(project: Project) -> None:
    leaflet = project.content / "leaflet.yaml"
    text = leaflet.read_text(encoding="utf-8")
    lines = text.splitlines()
    number = next(i for i, line in enumerate(lines) if "next_review:" in line)
    lines[number] = "  next_review: 2026-11-01"
    leaflet.write_text("\n".join(lines) + "\n", encoding="utf-8")
    content = load_or_raise(project.content, display_root=project.root)
    problems = list(check_reviews(content, today=date(2026, 11, 3)))
    assert len(problems) == 1
    p = problems[0]
    assert (p.path, p.line, p.column, p.field) == (
        "content/leaflet.yaml",
        number + 1,
        16,
        "review.next_review",
    )
    assert p.severity is Severity.WARNING
    assert "due 2 days ago" in p.message and content.leaflet.review.owner in p.message
    assert p.got == "2026-11-01"


def test_every_published_file_is_checked(project: Project) -> None:
    content = load_or_raise(project.content)
    latest = max(_dates(project).values())
    problems = list(check_reviews(content, today=latest + timedelta(days=1)))
    paths = {p.path for p in problems}
    assert content.glossary is not None
    assert len(paths) == 5 + len(content.services)
    assert any(p.endswith("content/glossary.yaml") for p in paths)
    assert not any("cohorts" in p for p in paths)


def test_today_is_london_or_fixed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TODAY_VARIABLE, "2030-01-02")
    assert london_today() == date(2030, 1, 2)
    monkeypatch.setenv(TODAY_VARIABLE, "2 Jan 2030")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        london_today()


def test_strict_check_fails_on_overdue_content(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    latest = max(_dates(project).values())
    monkeypatch.setenv(TODAY_VARIABLE, (latest + timedelta(days=1)).isoformat())
    runner = CliRunner()
    args = ["check", "--project", str(project.root)]
    relaxed = runner.invoke(main, args)
    assert relaxed.exit_code == 0, relaxed.output
    assert "review was due" in relaxed.output
    strict = runner.invoke(main, [*args, "--strict"])
    assert strict.exit_code == 2
    monkeypatch.setenv(TODAY_VARIABLE, min(_dates(project).values()).isoformat())
    _, problems = check(project)
    assert not [p for p in problems if "review" in p.field]


def test_every_page_shows_owner_and_review_dates(built: Project) -> None:
    content = load_or_raise(built.content)
    pages = [p for p in built.site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= 7 + len(content.services)
    for page in pages:
        notes = soup(page).select(".review-note")
        assert len(notes) == 1, page
        assert "Content owner:" in notes[0].get_text() and "next review due" in notes[0].get_text()
    maple = soup(built.site / "services" / "maple-ward.html").select_one(".review-note")
    review = content.services["maple-ward"].review
    assert review.owner in maple.get_text()
    assert f"{review.next_review:%-d %B %Y}" in maple.get_text()


def test_every_pdf_shows_owner_and_review_dates(built: Project) -> None:
    content = load_or_raise(built.content)
    # dist/.cache holds copies of the same PDFs under hashed names: skip them.
    pdfs = [
        *built.site.rglob("*.pdf"),
        *(p for p in (built.root / "dist").rglob("*.pdf") if ".cache" not in p.parts),
    ]
    assert len(pdfs) >= 5
    for pdf in pdfs:
        text = " ".join(pdf_texts(pdf)["text"].split())
        if pdf.name.startswith("rota-"):
            review = content.services[pdf.stem.removeprefix("rota-")].review
            owner = f"content owner {review.owner}."
        else:
            review = content.leaflet.review if "leaflet" in pdf.name else content.scheme.review
            owner = f"Content owner: {review.owner}."
        assert owner in text, pdf
        assert f"Last reviewed {review.last_reviewed:%-d %b %Y}" in text, pdf
        assert f"next review due {review.next_review:%-d %b %Y}" in text, pdf
