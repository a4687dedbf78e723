"""Script injection, tried in a real browser: hostile text in every field runs nothing.

The project is built with a payload in every text field of every content file (see
``tests/hostile.py``: ``<script>``, ``onerror=``, ``javascript:`` links, template syntax).
Chromium then opens every page, searches for the payloads (Material's search results are
built from the index in the browser, a classic place for injected HTML to come alive),
and clicks every link whose text is a payload. Any ``alert``, ``confirm`` or ``prompt``
dialog, or any navigation to a ``javascript:`` address, fails the test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from sitewalk import guard, serve, site_pages

from placements.build import Project, build
from tests.conftest import copy_project
from tests.hostile import inject

# Every payload calls alert(1); the page also records any call of these functions.
TRAP = """
window.__ran = [];
for (const name of ['alert', 'confirm', 'prompt']) {
  window[name] = (...args) => { window.__ran.push(name + '(' + args.join(',') + ')'); };
}
"""


FRONT_MATTER = (
    "---\n"
    'title: "Notes \\x3cimg src=x onerror=alert(1)\\x3e"\n'
    'description: "\\x22\\x3e\\x3cscript\\x3ealert(1)\\x3c/script\\x3e"\n'
    "---\n"
)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, str]]:
    project = copy_project(tmp_path_factory.mktemp("inject") / "project")
    inject(project.content)
    # Front matter reaches the theme's HTML unescaped unless the build escapes it.
    page = project.root / "docs" / "workbook.md"
    page.write_text(FRONT_MATTER + page.read_text(encoding="utf-8"), encoding="utf-8")
    build(project)
    with serve(project.site) as url:
        yield project, url


@pytest.fixture
def trapped(browser: Browser, hostile_site: tuple[Project, str]) -> Iterator[tuple[Page, list]]:
    _, base_url = hostile_site
    context = browser.new_context()
    guard(context, base_url)
    context.add_init_script(TRAP)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page, dialogs
    finally:
        context.close()


def _ran(page: Page) -> list[str]:
    return page.evaluate("window.__ran || []")


def test_no_payload_runs_on_any_page(hostile_site, trapped) -> None:
    project, base_url = hostile_site
    page, dialogs = trapped
    pages = site_pages(project.site)
    assert len(pages) > 20
    ran = {}
    for path in pages:
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        if _ran(page):
            ran[path] = _ran(page)
    assert not ran, ran
    assert not dialogs, dialogs


def test_payloads_show_as_text_in_the_browser(hostile_site, trapped) -> None:
    _, base_url = hostile_site
    page, _ = trapped
    page.goto(base_url + "services/maple-ward.html")
    shown = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "{{ 7*7 }}" in shown
    page.goto(base_url + "workbook.html")
    assert page.title().startswith("Notes <img src=x onerror=alert(1)>")
    assert "Notes <img src=x onerror=alert(1)>" in page.locator("header").inner_text()
    description = page.locator("meta[name=description]").get_attribute("content")
    assert description == '"><script>alert(1)</script>'


@pytest.mark.parametrize("query", ["script", "onerror", "alert", "javascript"])
def test_search_results_do_not_run_payloads(hostile_site, trapped, query: str) -> None:
    _, base_url = hostile_site
    page, dialogs = trapped
    page.goto(base_url + "index.html")
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    box.focus()
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    page.wait_for_timeout(500)
    assert not _ran(page), _ran(page)
    assert not dialogs, dialogs


def test_payload_links_lead_nowhere_unsafe(hostile_site, trapped) -> None:
    project, base_url = hostile_site
    page, dialogs = trapped
    hrefs: set[str] = set()
    for path in site_pages(project.site):
        page.goto(base_url + path)
        hrefs |= set(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"))
    unsafe = sorted(
        h for h in hrefs if h.split(":", 1)[0].lower() in {"javascript", "data", "vbscript"}
    )
    assert not unsafe, unsafe


def test_the_trap_catches_a_script_that_runs(browser: Browser, tmp_path: Path) -> None:
    """The check can fail: a page that does run alert() is caught by the same trap."""
    (tmp_path / "bad.html").write_text("<p>x</p><img src=x onerror=alert(1)>", encoding="utf-8")
    with serve(tmp_path) as url:
        context = browser.new_context()
        context.add_init_script(TRAP)
        page = context.new_page()
        try:
            page.goto(url + "bad.html")
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)
            assert _ran(page) == ["alert(1)"]
        finally:
            context.close()


@pytest.mark.parametrize("path", ["glossary.html"])
def test_tooltips_show_hostile_titles_as_text(hostile_site, trapped, path: str) -> None:
    """Material's tooltips add a title to the page as HTML: hovering must run nothing."""
    _, base_url = hostile_site
    page, dialogs = trapped
    page.goto(base_url + path, wait_until="networkidle")
    titled = page.locator("article [title]")
    count = titled.count()
    assert count > 0
    shown = []
    for i in range(min(count, 40)):
        element = titled.nth(i)
        element.scroll_into_view_if_needed()
        element.hover()
        tip = page.locator(".md-tooltip2--active")
        try:
            tip.wait_for(state="visible", timeout=2_000)
            shown.append(tip.inner_text())
        except Exception:
            pass  # not every titled element gets a tooltip
        page.mouse.move(0, 0)
    assert not _ran(page), _ran(page)
    assert not dialogs, dialogs
    assert any("<img src=x onerror=alert(1)>" in text for text in shown), shown[:3]


CUT_OFF = """() => [...document.querySelectorAll('.md-ellipsis, .site-ellipsis')]
  .filter((e) => e.offsetWidth > 0 && e.offsetWidth < e.scrollWidth).length"""


def test_cut_off_titles_in_the_header_and_navigation_run_nothing(hostile_site, trapped) -> None:
    """Material makes a tooltip of a cut-off title's text (header, navigation) by inserting
    it as HTML: a service named "<img src=x onerror=...>" ran script on hover (the eighth
    security trial). Titles with the payload are cut off at both widths."""
    project, base_url = hostile_site
    page, dialogs = trapped
    service = sorted((project.site / "services").glob("*.html"))[1]
    cut_off = 0
    for width, selector in ((1300, ".md-sidebar--primary .md-nav__link"), (600, ".md-header")):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{base_url}services/{service.name}", wait_until="networkidle")
        page.mouse.wheel(0, 1500)  # the header now shows the page's title
        page.wait_for_timeout(300)
        cut_off += page.evaluate(CUT_OFF)
        targets = page.locator(selector)
        for i in range(min(targets.count(), 30)):
            box = targets.nth(i).bounding_box()
            if box and box["width"] and 0 <= box["y"] < 800:
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                page.wait_for_timeout(150)
    assert cut_off > 0  # what the trial needed: a title cut off
    assert not _ran(page), _ran(page)
    assert not dialogs, dialogs
