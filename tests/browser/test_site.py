"""The built site in a real browser (Debian's Chromium through Playwright).

Every page is visited once (the ``visits`` fixture); the tests below then read what was
recorded: console errors, requests to other hosts, axe-core violations. Search, opening
from disk, keyboard navigation and printing are driven directly.
"""

from __future__ import annotations

import html.parser
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Browser, Page
from sitewalk import DESKTOP, PHONE, Visit, guard, is_third_party, record, search, serve, walk

from placements.build import Project, build_site
from placements.content import load_content

SEARCHES = [
    # (query, the page that must come first, why)
    ("Single Point of Access", "services/single-point-of-access.html", "by name"),
    ("G1 Ward", "services/g1-ward.html", "by name"),
    ("CERT", "services/cert.html", "by abbreviation"),
    ("SPA", "services/single-point-of-access.html", "by abbreviation"),
    ("EIP", "services/early-intervention-in-psychosis.html", "by abbreviation"),
    ("dementia", "services/g1-ward.html", "by what it does"),
    ("psychosis", "services/early-intervention-in-psychosis.html", "by what it does"),
    ("gender", "services/gender-identity-service.html", "by what it does"),
    ("learning disability", "services/assessment-and-treatment-service.html", "by who it serves"),
    ("emergency department", "services/liaison-service.html", "by where it works"),
    ("Caldicott", "glossary.html", "a glossary term"),
    ("Section 136", "glossary.html", "a glossary term"),
]


def _report(visits: list[Visit], what: str) -> str:
    return "\n".join(f"{v.path}: {what}" for v in visits)


def test_every_page_is_visited(built: Project, visits: list[Visit]) -> None:
    content, _ = load_content(built.content)
    assert content is not None
    expected = {f"services/{slug}.html" for slug in content.services}
    expected |= {"index.html", "services/index.html", "404.html"}
    expected |= {p.with_suffix(".html").name for p in (built.root / "docs").glob("*.md")}
    visited = {v.path for v in visits}
    assert expected <= visited, f"not visited: {sorted(expected - visited)}"
    not_ok = [(v.path, v.status) for v in visits if v.status != 200]
    assert not not_ok


def test_no_page_logs_a_console_error(visits: list[Visit]) -> None:
    errors = [f"{v.path}: {e}" for v in visits for e in v.console_errors]
    assert not errors, "\n".join(errors)


def test_no_request_leaves_the_site(visits: list[Visit], base_url: str) -> None:
    assert sum(len(v.requests) for v in visits) > len(visits)  # pages load their assets
    outside = [f"{v.path}: {u}" for v in visits for u in v.third_party(base_url)]
    assert not outside, "\n".join(outside)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_axe_finds_no_violation_on_any_page(size: str, request: pytest.FixtureRequest) -> None:
    visits: list[Visit] = request.getfixturevalue("visits" if size == "desktop" else "phone_visits")
    assert visits
    found = [
        f"{v.path}: {x['id']} ({x['impact']}) {x['help']}: {x['targets'][:3]} {x['summary'][:1]}"
        for v in visits
        for x in v.axe_violations
    ]
    assert not found, "\n".join(found)


class _Resources(html.parser.HTMLParser):
    """Collect every URL an HTML page would load (not links the reader may follow)."""

    LOADS = {
        "script": ("src",),
        "img": ("src", "srcset"),
        "iframe": ("src",),
        "source": ("src", "srcset"),
        "video": ("src", "poster"),
        "audio": ("src",),
        "embed": ("src",),
        "object": ("data",),
        "input": ("src",),
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        names = self.LOADS.get(tag, ())
        if tag == "link" and not set(values.get("rel", "").split()) & {"canonical", "alternate"}:
            names = ("href",)
        for name in names:
            if values.get(name):
                self.urls += [u.strip().split(" ")[0] for u in values[name].split(",")]
        self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values.get("style", ""))


def test_built_site_loads_nothing_from_another_host(built: Project) -> None:
    base = "http://site.invalid/"
    found = []
    for path in sorted(built.site.rglob("*.html")):
        parser = _Resources()
        parser.feed(path.read_text(encoding="utf-8"))
        page_url = urljoin(base, path.relative_to(built.site).as_posix())
        found += [
            f"{path.name}: {u}" for u in parser.urls if is_third_party(urljoin(page_url, u), base)
        ]
    for path in sorted(built.site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8")):
            if is_third_party(urljoin(base, url), base):
                found.append(f"{path.name}: {url}")
        found += [
            f"{path.name}: {m}"
            for m in re.findall(r"@import\s+['\"]?https?://\S+", path.read_text(encoding="utf-8"))
        ]
    assert not found, "\n".join(found)
    # The CDN copy of the shim the offline plugin would add is replaced by the vendored one.
    index = (built.site / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in index
    assert (built.site / "assets/vendor/iframe-worker/shim.js").is_file()


@pytest.mark.parametrize(("query", "expected", "why"), SEARCHES, ids=[q for q, _, _ in SEARCHES])
def test_search_finds_the_service(
    page: Page, base_url: str, query: str, expected: str, why: str
) -> None:
    page.goto(base_url + "index.html")
    results = search(page, query)
    assert results, f"no results for {query!r}"
    assert results[0] == base_url + expected, (
        f"search {why} for {query!r}: first result {results[0]}, expected {expected}; all: {results}"
    )


def test_search_works_from_disk(browser: Browser, built: Project) -> None:
    start = (built.site / "index.html").as_uri()
    context = browser.new_context()
    guard(context, start)
    try:
        page = context.new_page()
        visit = Visit("index.html")
        record(page, visit)
        page.goto(start)
        results = search(page, "dementia")
        assert results[0] == (built.site / "services/g1-ward.html").as_uri()
        assert not visit.third_party(start), visit.third_party(start)
        assert not visit.console_errors, visit.console_errors
    finally:
        context.close()


def test_every_page_opened_from_disk_loads_clean(
    browser: Browser, built: Project, pages: list[str]
) -> None:
    """The site copied to a laptop: every page from ``file://``, no error, nothing fetched."""
    root = built.site.as_uri() + "/"
    # 404.html is only ever shown by a web server, for any missing path, so its links
    # start at the server's root (MkDocs); from disk nobody opens it.
    on_disk = [p for p in pages if p != "404.html"]
    visits = walk(browser, root, on_disk, axe=False)
    assert len(visits) == len(on_disk) > 12
    problems = [f"{v.path}: {e}" for v in visits for e in v.console_errors]
    problems += [f"{v.path}: {u}" for v in visits for u in v.third_party(root)]
    assert not problems, "\n".join(problems)
    assert all(any(u.endswith(".css") for u in v.requests) for v in visits)


@pytest.mark.parametrize("touch", [False, True], ids=["hover", "tap"])
def test_abbreviation_is_explained_on_hover_and_tap(
    browser: Browser, base_url: str, touch: bool
) -> None:
    size = PHONE if touch else DESKTOP
    context = browser.new_context(viewport=size, has_touch=touch, is_mobile=touch)
    guard(context, base_url)
    try:
        page = context.new_page()
        page.goto(base_url + "services/index.html", wait_until="networkidle")
        abbr = page.locator("abbr", has_text="SPA").first
        abbr.scroll_into_view_if_needed()
        abbr.tap() if touch else abbr.hover()
        tip = page.locator(".md-tooltip2--active")
        tip.wait_for(state="visible")
        assert tip.inner_text() == "Single Point of Access"
    finally:
        context.close()


def test_skip_link_takes_the_keyboard_to_the_main_content(page: Page, base_url: str) -> None:
    page.goto(base_url + "index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.matches('a.md-skip'), document.activeElement.textContent.trim()]"
    )
    assert focused[0], f"the first Tab focused {focused[1]!r}, not the skip link"
    assert focused[1] == "Skip to content"
    assert page.locator("a.md-skip").is_visible()  # shown when focused
    page.keyboard.press("Enter")
    target = page.evaluate("() => location.hash.slice(1)")
    assert page.locator(f"article [id='{target}']").count() == 1
    # The next Tab moves on inside the main content, not back to the header or the menu.
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('article.md-content__inner')")
    assert inside, page.evaluate("() => document.activeElement.outerHTML")


PRINT_PAGE = """\
# Print check

Before the note.

??? note "Collapsed note"
    Text inside a collapsed note.

=== "First tab"
    Text in the first tab.

=== "Second tab"
    Text in the second tab.

Read the [trust's site](https://example.org/trust/) and [the induction](index.md).
"""


@pytest.fixture
def print_site(project: Project) -> Path:
    """The site, with one extra page holding a collapsed note, tabs and an outside link."""
    proj = project
    (proj.root / "docs" / "print-check.md").write_text(PRINT_PAGE, encoding="utf-8")
    build_site(proj, proj.site)
    return proj.site


def test_printing_shows_collapsed_notes_tabs_and_link_targets(
    browser: Browser, print_site: Path
) -> None:
    context = browser.new_context()
    guard(context, (print_site / "index.html").as_uri())
    page = context.new_page()
    try:
        page.goto((print_site / "print-check.html").as_uri())
        note = page.get_by_text("Text inside a collapsed note.")
        second_tab = page.get_by_text("Text in the second tab.")
        assert not note.is_visible()  # collapsed on screen
        assert not second_tab.is_visible()
        page.emulate_media(media="print")
        assert note.is_visible()
        assert second_tab.is_visible()
        for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-search"):
            loc = page.locator(hidden)
            assert loc.count() == 0 or not loc.first.is_visible(), f"{hidden} prints"
        after = page.locator("a[href^='https://example.org']").evaluate(
            "a => getComputedStyle(a, '::after').content"
        )
        assert "https://example.org/trust/" in after
        inner = page.locator("article a[href='index.html']").evaluate(
            "a => getComputedStyle(a, '::after').content"
        )
        assert "index.html" not in inner  # links within the site are not spelt out
    finally:
        context.close()


def test_walk_catches_what_it_looks_for(browser: Browser, tmp_path: Path) -> None:
    """The recorder and axe can fail: a page with an outside script and an image with no
    text alternative is caught (the request is aborted before it leaves the machine)."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>x</title>'
        '<script src="http://cdn.example.invalid/x.js"></script>'
        '<main><h1>x</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></html>",
        encoding="utf-8",
    )
    with serve(tmp_path) as url:
        (visit,) = walk(browser, url, ["bad.html"])
    assert visit.third_party(url) == ["http://cdn.example.invalid/x.js"]
    assert visit.console_errors  # the aborted load is logged
    assert "image-alt" in [v["id"] for v in visit.axe_violations]
