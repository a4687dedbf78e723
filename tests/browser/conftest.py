"""Fixtures for the browser tests: the built site served over HTTP, and Debian's Chromium.

The site is built once per session (the ``built`` fixture of ``tests/conftest.py``) and
served from 127.0.0.1 on a free port. Without Chromium the tests are skipped on a
developer's machine and fail under CI (``CI`` set), where ``make test`` installs it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from sitewalk import CHROMIUM, PHONE, Visit, guard, launch, serve, site_pages, walk

from placements.build import Project


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, driven by Playwright, for the whole session."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: run 'make chromium'"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as pw:
        b = launch(pw)
        yield b
        b.close()


@pytest.fixture(scope="session")
def base_url(built: Project) -> Iterator[str]:
    """The built site served over HTTP; the base URL ends in ``/``."""
    with serve(built.site) as url:
        yield url


@pytest.fixture(scope="session")
def pages(built: Project) -> list[str]:
    """Every HTML page of the built site, relative to its root."""
    return site_pages(built.site)


@pytest.fixture(scope="session")
def visits(browser: Browser, base_url: str, pages: list[str]) -> list[Visit]:
    """Every page visited once, with its requests, console errors and axe results."""
    return walk(browser, base_url, pages)


@pytest.fixture(scope="session")
def phone_visits(browser: Browser, base_url: str, pages: list[str]) -> list[Visit]:
    """Every page visited once in a phone-sized window (390x844), with axe results."""
    return walk(browser, base_url, pages, viewport=PHONE)


@pytest.fixture
def context(browser: Browser, base_url: str) -> Iterator[BrowserContext]:
    """A fresh browser context (no shared storage) whose requests to other hosts are aborted."""
    ctx = browser.new_context()
    guard(ctx, base_url)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A new tab in a fresh context."""
    return context.new_page()
