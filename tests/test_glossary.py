"""The glossary: content, rules, the glossary page, and abbreviations explained on every page."""

from __future__ import annotations

import html
import html.parser
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from placements import web
from placements.build import Project
from placements.content import load_content, load_or_raise
from placements.problems import ContentError
from placements.text import mark_abbreviations
from placements.web import abbreviations

TERMS = {"IG": "Information governance", "UK GDPR": "UK General Data Protection Regulation"}


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<p>The IG rules</p>", '<p>The <abbr title="Information governance">IG</abbr> rules</p>'),
        ("<p>IGNORE, ig, BIG, IG2</p>", "<p>IGNORE, ig, BIG, IG2</p>"),
        ("<p>(IG).</p>", '<p>(<abbr title="Information governance">IG</abbr>).</p>'),
        ("<code>IG</code><pre>IG</pre>", "<code>IG</code><pre>IG</pre>"),
        ('<abbr title="x">IG</abbr>', '<abbr title="x">IG</abbr>'),
        ('<a href="IG.html" title="IG">x</a>', '<a href="IG.html" title="IG">x</a>'),
        ("<!-- IG -->", "<!-- IG -->"),
        (
            "<p>under UK GDPR</p>",
            '<p>under <abbr title="UK General Data Protection Regulation">UK GDPR</abbr></p>',
        ),
        (
            "<p>UK GDPR and GDPR</p>",
            '<p><abbr title="UK General Data Protection Regulation">UK GDPR</abbr> and GDPR</p>',
        ),
        (
            "<script>var IG = 1;</script>IG",
            '<script>var IG = 1;</script><abbr title="Information governance">IG</abbr>',
        ),
    ],
)
def test_mark_abbreviations(source: str, expected: str) -> None:
    assert mark_abbreviations(source, TERMS) == expected


def test_mark_abbreviations_escapes_the_meaning_and_matches_escaped_text() -> None:
    result = mark_abbreviations("<p>A&amp;E</p>", {"A&E": 'Accident & "emergency"'})
    assert result == '<p><abbr title="Accident &amp; &quot;emergency&quot;">A&amp;E</abbr></p>'


def test_abbreviations_come_from_glossary_and_services(built: Project) -> None:
    content = load_or_raise(built.content)
    found = abbreviations(content)
    assert found["IG"] == "Information governance"
    assert found["CERT"] == "Community Enhanced Recovery Team"
    assert found["SPA"] == "Single Point of Access"
    assert found["EIP"] == content.services["early-intervention-in-psychosis"].name


def test_glossary_page_lists_every_term_and_service_abbreviation(built: Project) -> None:
    content = load_or_raise(built.content)
    page = (built.site / "glossary.html").read_text(encoding="utf-8")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    for term in content.glossary.terms:
        assert term.term in text
        assert term.meaning in text
    for slug in ("cert", "single-point-of-access", "early-intervention-in-psychosis"):
        assert f'href="services/{slug}.html"' in page
    assert "Glossary" in (built.site / "index.html").read_text(encoding="utf-8")  # in the nav


def test_abbreviations_are_explained_on_pages(built: Project) -> None:
    index = (built.site / "services" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="Single Point of Access">SPA</abbr>' in index
    safeguarding = (built.site / "safeguarding.html").read_text(encoding="utf-8")
    assert '<abbr title="National Health Service">NHS</abbr>' in safeguarding
    for page in built.site.rglob("*.html"):
        assert "<abbr title" not in re.sub(r"<abbr[^>]*>[^<]*</abbr>", "", page.read_text()), page


def _write_glossary(project: Project, terms: str) -> None:
    path = project.content / "glossary.yaml"
    head = path.read_text(encoding="utf-8").split("\nterms:\n")[0]
    path.write_text(head + "\nterms:\n" + terms, encoding="utf-8")


def test_duplicate_and_service_abbreviations_are_located_errors(project: Project) -> None:
    _write_glossary(
        project,
        "  - term: Information governance\n    abbreviation: IG\n    meaning: Rules.\n"
        "  - term: Information Governance\n    abbreviation: IG\n    meaning: Again.\n"
        "  - term: Community Enhanced Recovery Team\n    abbreviation: CERT\n    meaning: A team.\n",
    )
    with pytest.raises(ContentError) as caught:
        load_or_raise(project.content, display_root=project.root)
    lines = [p.format() for p in caught.value.problems]
    start = (project.content / "glossary.yaml").read_text(encoding="utf-8").split("\n").index(
        "terms:"
    ) + 1
    assert any(
        line.startswith(f"content/glossary.yaml:{start + 4}:")
        and "terms.1.term" in line
        and "already defined by entry 1" in line
        for line in lines
    ), lines
    assert any(
        "terms.1.abbreviation" in line and "already used by entry 1" in line for line in lines
    ), lines
    assert any("terms.2.abbreviation" in line and "services/cert.yaml" in line for line in lines), (
        lines
    )


def test_abbreviation_with_bad_characters_is_rejected(project: Project) -> None:
    _write_glossary(project, "  - term: Thing\n    abbreviation: 'I.G.'\n    meaning: Rules.\n")
    _, problems = load_content(project.content, display_root=project.root)
    assert [p.field for p in problems] == ["terms.0.abbreviation"]


def test_a_project_may_leave_out_the_glossary(project: Project) -> None:
    (project.content / "glossary.yaml").unlink()
    content, problems = load_content(project.content, display_root=project.root)
    assert content is not None and content.glossary is None
    assert not [p for p in problems if p.path == "content/glossary.yaml"]
    page = web.glossary(content)
    assert "### Single Point of Access \\(SPA\\)" in page  # services still listed
    assert abbreviations(content)["CERT"] == "Community Enhanced Recovery Team"


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def test_every_link_within_the_site_leads_to_a_page(built: Project) -> None:
    broken = []
    for page in sorted(built.site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.hrefs:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            # 404.html links from the site root: it is served at any depth
            base = built.site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if not target.is_file() and not (target / "index.html").is_file():
                broken.append(f"{page.relative_to(built.site)}: {href}")
    assert not broken, "\n".join(broken)


def test_site_has_no_link_to_markdown_sources(built: Project) -> None:
    for page in Path(built.site).rglob("*.html"):
        assert not re.search(r'href="[^":]+\.md(#[^"]*)?"', page.read_text(encoding="utf-8")), page
