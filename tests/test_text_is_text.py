"""Text is text: hostile text in every field of every file shows exactly as written.

One build of a copy of the project whose every text field holds a numbered payload
(HTML, script, a ``javascript:`` link, template syntax, entities, quotes; see
``hostile.py``). The site is read by parsing the HTML with html5lib (as a browser would
parse it; no browser is run here), the search index as JSON, and the PDFs with pypdf.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from placements.build import Project, build

from .conftest import copy_project
from .hostile import (
    Injected,
    check_text,
    inject,
    markers,
    page_texts,
    page_unsafe,
    pdf_texts,
    readable,
    search_texts,
    unsafe_html,
)

# Fields no output shows yet (the easy-read leaflet and short names are not published).
NOT_PUBLISHED = {
    "trust.short_name",
    "partner.short_name",
    "partner.learner",
    "title",  # induction.yaml and safeguarding.yaml: the pages' own headings are used
    "easy_read_title",
}


# Easy-read lines are not published yet; feedback comments only when agreed for quoting.
PRIVATE_OR_LATER = re.compile(r"\.easy_read\.|^feedback\.responses\.\d+\.comment$")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, list[Injected]]:
    """A project with a payload in every text field, built."""
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    items = inject(project.content)
    build(project)
    return project, items


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_text_field_of_every_file_kind_holds_a_payload(hostile) -> None:
    _, items = hostile
    kinds = {i.path.split("/")[0] if "/" in i.path else i.path for i in items}
    assert kinds == {
        "scheme.yaml",
        "induction.yaml",
        "safeguarding.yaml",
        "leaflet.yaml",
        "glossary.yaml",
        "services",
        "cohorts",
    }
    fields = {(i.path, i.field) for i in items}
    assert ("services/maple-ward.yaml", "name") in fields
    assert ("services/maple-ward.yaml", "abbreviation") in fields  # optional, added
    assert ("cohorts/2018-03-pilot.yaml", "officers.0.name") in fields
    assert ("scheme.yaml", "coordinator.email") in fields
    assert any(i.markdown for i in items) and not all(i.markdown for i in items)


def test_site_pages_show_every_payload_exactly(hostile) -> None:
    project, items = hostile
    failures = []
    for page in _pages(project.site):
        for where, text in page_texts(page).items():
            failures += [f"{page.name} ({where}): {f}" for f in check_text(text, items)]
    assert failures == []


def test_titles_and_navigation_show_service_names_exactly(hostile) -> None:
    project, items = hostile
    names = {i.path: i for i in items if i.field == "name" and i.path.startswith("services/")}
    assert len(names) == 12
    for path, item in names.items():
        page = project.site / "services" / (Path(path).stem + ".html")
        texts = page_texts(page)
        assert item.number in markers(texts["title"]), page
        assert item.number in markers(texts["nav"]), page
        assert check_text(texts["title"] + texts["nav"], [item]) == []


def test_no_payload_becomes_active_content(hostile) -> None:
    project, _ = hostile
    found = {page.name: list(page_unsafe(page)) for page in _pages(project.site)}
    assert {k: v for k, v in found.items() if v} == {}


def test_search_index_shows_payloads_exactly(hostile) -> None:
    project, items = hostile
    texts = search_texts(project.site)
    assert markers(texts["search titles"]), "service names should be page titles in search"
    for where, text in texts.items():
        assert check_text(text, items) == [], where


def test_sitemap_holds_no_content_text(hostile) -> None:
    project, _ = hostile
    sitemap = project.site / "sitemap.xml"
    assert sitemap.is_file()
    assert markers(sitemap.read_text(encoding="utf-8")) == set()


def test_pdfs_show_payloads_exactly_in_text_bookmarks_and_title(hostile) -> None:
    project, items = hostile
    pdfs = sorted(
        [
            *project.site.rglob("*.pdf"),
            *(p for p in (project.root / "dist").rglob("*.pdf") if ".cache" not in p.parts),
        ]
    )
    assert len(pdfs) >= 4
    seen: set[int] = set()
    for pdf in pdfs:
        for where, text in pdf_texts(pdf).items():
            seen |= markers(text)
            if pdf.name.endswith("-booklet.pdf") and where == "text":
                continue  # two pages side by side: extracted text is not in reading order
            if pdf.name.endswith("-all.pdf") and where == "text":
                continue  # joined from the officers' PDFs, each checked on its own, by copying page streams
            assert check_text(text, items) == [], f"{pdf.name} ({where})"
    officer_names = [i for i in items if i.field.endswith(".name") and "officers" in i.field]
    assert officer_names
    for item in officer_names:
        assert item.number in seen, item.field
    quoted = [i for i in items if re.match(r"feedback\.responses\.\d+\.comment$", i.field)]
    assert {i.number for i in quoted} & seen, "comments agreed for quoting are in the report"


def test_every_published_field_reaches_an_output(hostile) -> None:
    project, items = hostile
    seen: set[int] = set()
    for page in _pages(project.site):
        for text in page_texts(page).values():
            seen |= markers(text)
    for pdf in [*project.site.rglob("*.pdf"), *(project.root / "dist").rglob("*.pdf")]:
        for text in pdf_texts(pdf).values():
            seen |= markers(text)
    missing = {
        i.field for i in items if i.number not in seen and not PRIVATE_OR_LATER.search(i.field)
    }
    assert missing <= NOT_PUBLISHED


# What a cohort file publishes on purpose: its name and feedback words (outcomes page).
COHORT_PUBLISHED = re.compile(r"^(name|feedback\.responses\.\d+\.one_word)$")


def test_no_private_cohort_text_reaches_any_site_file(hostile) -> None:
    project, items = hostile
    private = {
        i.number
        for i in items
        if i.path.startswith("cohorts/") and not COHORT_PUBLISHED.match(i.field)
    }
    assert len(private) > 8
    leaked: dict[str, set[int]] = {}
    for path in project.site.rglob("*"):
        if not path.is_file() or path.suffix in (".png", ".ico", ".woff2"):
            continue
        if found := markers(readable(path)) & private:
            leaked[str(path.relative_to(project.site))] = found
    assert leaked == {}


@pytest.mark.parametrize(
    "source",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x]( javascript:alert(1) )",
        "![x](javascript:alert(1))",
        "[x][1]\n\n[1]: javascript:alert(1)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](vbscript:msgbox(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<javascript:alert(1)>",
        '<img src=x onerror="alert(1)">',
        "<svg onload=alert(1)>",
        "<scr<script>ipt>alert(1)</script>",
    ],
)
def test_markdown_fields_never_render_active_content(source: str) -> None:
    from bs4 import BeautifulSoup

    from placements.text import markdown_to_html

    page = BeautifulSoup(f"<body>{markdown_to_html(source)}</body>", "html5lib")
    assert unsafe_html(page) == []
    assert page.find_all(["script", "img", "svg", "iframe", "object"]) == []
    for link in page.find_all("a"):  # a dropped target leaves the text, not a link
        assert link["href"].split(":")[0] in ("http", "https", "mailto", "tel"), link


def test_safe_links_in_markdown_stay_links() -> None:
    from placements.text import markdown_to_html

    html = str(markdown_to_html("[NHS](https://www.nhs.uk) and [bad](javascript:x)"))
    assert '<a href="https://www.nhs.uk" rel="noopener noreferrer">NHS</a>' in html
    assert "bad" in html and html.count("<a") == 1


def test_dropping_a_link_target_leaves_other_elements_alone() -> None:
    from placements.text import _HREFLESS_LINK

    html = '<abbr title="t">A</abbr> <a rel="x">b</a> <a href="https://c.uk">c</a>'
    assert (
        _HREFLESS_LINK.sub(r"\1", html) == '<abbr title="t">A</abbr> b <a href="https://c.uk">c</a>'
    )
