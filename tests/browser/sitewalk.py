"""Drive the built site in Debian's Chromium: serve it, visit every page, record what happens.

Used by the browser tests (``tests/browser/``) and runnable on its own to print the figures
the issue asks for (pages visited, requests to other hosts, console errors, axe violations)::

    .venv/bin/python tests/browser/sitewalk.py site

Chromium is Debian's (``make chromium`` installs it); Playwright only drives it. The flags
below stop Chromium's own background traffic (updates, sync, safe browsing), so every
request it makes while a page is open is one the page asked for.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Locator,
    Page,
    Playwright,
    Route,
    sync_playwright,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (package ``chromium``), installed by ``make chromium``."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
"""Flags for headless runs as root with no network beyond this machine."""

LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}

PHONE = {"width": 390, "height": 844}
"""A phone-sized viewport in CSS pixels."""

DESKTOP = {"width": 1280, "height": 900}
"""A desktop-sized viewport in CSS pixels."""


def launch(playwright: Playwright) -> Browser:
    """Start headless Debian Chromium through Playwright.

    Raises:
        FileNotFoundError: Chromium is not installed (run ``make chromium``).
    """
    if not CHROMIUM.exists():
        raise FileNotFoundError(f"{CHROMIUM} is missing: run 'make chromium'")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
        pass


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve the folder ``root`` over HTTP on 127.0.0.1 at a free port.

    Yields:
        The base URL, ending in ``/`` (e.g. ``http://127.0.0.1:41234/``).
    """
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def site_pages(root: Path) -> list[str]:
    """Every HTML page of the built site ``root``, as paths relative to it (``/`` separated)."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


def is_third_party(url: str, base_url: str) -> bool:
    """True when ``url`` would reach a host other than the one serving ``base_url``.

    ``data:``, ``blob:`` and ``about:`` URLs stay in the browser; ``file:`` URLs are
    on this machine when the site is opened from disk.
    """
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return False
    base = urlsplit(base_url)
    if parts.scheme == "file":
        return base.scheme != "file"
    return (parts.scheme, parts.netloc) != (base.scheme, base.netloc)


@dataclass
class Visit:
    """What happened while one page was open.

    Attributes:
        path: the page, relative to the site root.
        status: HTTP status of the page itself (``None`` from ``file://``).
        requests: every URL the page requested, in order.
        console_errors: console messages of type ``error``, and uncaught exceptions.
        axe_violations: axe-core's violations (rule id, impact, help, targets).
    """

    path: str
    status: int | None = None
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    axe_violations: list[dict[str, Any]] = field(default_factory=list)

    def third_party(self, base_url: str) -> list[str]:
        """The requested URLs that went to another host."""
        return [u for u in self.requests if is_third_party(u, base_url)]


def guard(context: BrowserContext, base_url: str) -> None:
    """Abort, before it leaves the machine, every request of ``context`` to another host.

    The page still sees the request (the ``request`` event fires and :func:`record`
    logs it), so tests catch it; nothing is sent beyond this machine.
    """

    def handle(route: Route) -> None:
        if is_third_party(route.request.url, base_url):
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", handle)


def record(page: Page, visit: Visit) -> None:
    """Attach listeners that fill ``visit`` with the page's requests and errors."""
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on(
        "console",
        lambda m: visit.console_errors.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))


def visit_page(context: BrowserContext, base_url: str, path: str, *, axe: bool = True) -> Visit:
    """Open ``base_url + path`` in a new tab, let it settle, and (optionally) run axe-core.

    Console errors are collected before axe runs, so axe's own loading cannot hide or
    add to them. axe-core runs its default rule set (WCAG 2.0-2.2 A and AA plus best
    practices), from the copy bundled in the ``axe-playwright-python`` package.
    """
    visit = Visit(path)
    page = context.new_page()
    try:
        record(page, visit)
        response = page.goto(base_url + path, wait_until="load")
        visit.status = response.status if response else None
        page.wait_for_load_state("networkidle")
        if axe:
            errors = list(visit.console_errors)
            result = Axe().run(page)
            visit.console_errors = errors
            visit.axe_violations = [
                {
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "targets": [n["target"] for n in v["nodes"]],
                    "summary": [n.get("failureSummary", "") for n in v["nodes"]][:3],
                }
                for v in result.response["violations"]
            ]
    finally:
        page.close()
    return visit


def walk(
    browser: Browser,
    base_url: str,
    pages: list[str],
    *,
    axe: bool = True,
    viewport: dict[str, int] | None = None,
) -> list[Visit]:
    """Visit every page in ``pages`` (paths relative to ``base_url``), each in a fresh tab.

    ``viewport`` is the window size in CSS pixels (e.g. :data:`PHONE`); default 1280x720.
    """
    context = browser.new_context(viewport=viewport) if viewport else browser.new_context()
    guard(context, base_url)
    try:
        return [visit_page(context, base_url, p, axe=axe) for p in pages]
    finally:
        context.close()


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into the site's search box; return the pages found, best first.

    The page must already be open. Returns the absolute URL of each page in the results
    (Material lists one item per page, best first) without its ``?h=`` highlight query
    or ``#`` section.
    """
    page.wait_for_load_state("networkidle")  # the search index has loaded
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow screens: open search from the header button
        page.locator("label.md-header__button[for='__search']").click()
        box.wait_for(state="visible")
    box.focus()
    items = page.locator(".md-search-result__item > a")
    for attempt in range(3):  # a slow machine may still be building the index: type again
        box.fill("")
        box.press_sequentially(query, delay=20)  # key by key, as a person types
        try:
            items.first.wait_for(state="visible", timeout=5_000)
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    # Results update as each key is typed: read them until two readings agree.
    found = _results(items)
    for _ in range(10):
        page.wait_for_timeout(300)
        again = _results(items)
        if again == found:
            break
        found = again
    return found


def _results(items: Locator) -> list[str]:
    found: list[str] = []
    for href in items.evaluate_all("links => links.map(a => a.href)"):
        url = urlunsplit(urlsplit(href)._replace(query="", fragment=""))
        if url not in found:
            found.append(url)
    return found


SCREENSHOTS = [
    ("home", "index.html", None),
    ("service", "services/g1-ward.html", None),
    ("search", "index.html", "dementia"),
]
"""(name, page, search query or None) of each screenshot :func:`screenshots` takes."""


def screenshots(browser: Browser, base_url: str, out: Path) -> list[Path]:
    """Save PNGs of the home page, a service page and search results, phone and desktop.

    Returns the files written, named ``<name>-<phone|desktop>.png`` in ``out``.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=size, device_scale_factor=1)
        guard(context, base_url)
        try:
            for name, path, query in SCREENSHOTS:
                page = context.new_page()
                page.goto(base_url + path, wait_until="networkidle")
                if query:
                    search(page, query)
                target = out / f"{name}-{size_name}.png"
                page.screenshot(path=str(target), full_page=query is None)
                written.append(target)
                page.close()
        finally:
            context.close()
    return written


def main(argv: list[str]) -> int:
    """Walk the built site and print the figures; optionally save screenshots.

    Usage: ``sitewalk.py [SITE_DIR] [--screenshots OUT_DIR]`` (default ``site``).
    """
    shots = None
    if "--screenshots" in argv:
        i = argv.index("--screenshots")
        shots = Path(argv[i + 1])
        argv = argv[:i] + argv[i + 2 :]
    root = Path(argv[0] if argv else "site").resolve()
    pages = site_pages(root)
    with sync_playwright() as pw, serve(root) as base:
        browser = launch(pw)
        visits = walk(browser, base, pages)
        if shots:
            for path in screenshots(browser, base, shots):
                print(f"screenshot: {path}")
        browser.close()
    third = sum(len(v.third_party(base)) for v in visits)
    print(f"pages visited:            {len(visits)}")
    print(f"requests made:            {sum(len(v.requests) for v in visits)}")
    print(f"requests to other hosts:  {third}")
    print(f"console errors:           {sum(len(v.console_errors) for v in visits)}")
    print(f"axe violations (rules):   {sum(len(v.axe_violations) for v in visits)}")
    print(
        f"axe violations (nodes):   {sum(len(x['targets']) for v in visits for x in v.axe_violations)}"
    )
    for v in visits:
        for x in v.axe_violations:
            print(f"  {v.path}: {x['id']} ({x['impact']}): {x['help']}: {x['targets'][:3]}")
        for e in v.console_errors:
            print(f"  {v.path}: console: {e}")
        for u in v.third_party(base):
            print(f"  {v.path}: other host: {u}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
