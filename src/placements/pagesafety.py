"""Pages in ``docs/`` may hold HTML, but never HTML that runs code.

The pages under ``docs/`` are Markdown written by several people, and Markdown lets
raw HTML through (and ``attr_list`` lets any attribute onto an element). Content from
YAML is escaped or cleaned before it reaches a page (:mod:`placements.text`); this
module covers what the page authors write themselves:

- :func:`unsafe_markup` finds, in HTML or in Markdown with HTML in it, every element
  and attribute that can run code: ``<script>``, frames, plug-ins, ``<base>``, a
  refreshing ``<meta>``, ``on...`` event-handler attributes, ``srcdoc``, and links or
  sources whose address uses the ``javascript:``, ``vbscript:`` or ``data:`` scheme
  (``data:image/...`` is allowed in ``src``);
- :func:`check_docs_pages` (a rule of ``placements check``) reports each one in the
  Markdown source with its page, line and column;
- :func:`check_page_html` (an MkDocs hook) refuses a page whose rendered body still has
  one, however it got there (a Markdown link, ``attr_list``, a template filter), so the
  build stops before anything is published.

Source: the issue "Information governance and security" (no raw ``<script>``, no
event-handler attributes, no ``javascript:`` links); the OWASP XSS Prevention Cheat
Sheet for the list of elements and URL schemes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.exceptions import PluginError

from .content import Content
from .problems import Problem

UNSAFE_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
"""Elements that run code or load another document into the page."""

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
)
"""Attributes whose value is an address the browser may follow or load."""

_UNSAFE_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    """One piece of HTML that can run code: its line and column (1-based) and what it is."""

    line: int
    column: int
    what: str


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []

    def _add(self, what: str) -> None:
        line, offset = self.getpos()
        self.found.append(Finding(line, offset + 1, what))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_ELEMENTS:
            self._add(f"a <{tag}> element")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self._add(f"an event-handler attribute ({name}=) on <{tag}>")
            elif name == "srcdoc":
                self._add(f"a srcdoc attribute on <{tag}>")
            elif name in URL_ATTRIBUTES and _unsafe_url(value, name):
                self._add(f"a {_scheme(value)}: address in {name}= on <{tag}>")
            elif tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
                self._add("a <meta http-equiv=refresh> (it can send the reader elsewhere)")

    handle_startendtag = handle_starttag


def _scheme(url: str) -> str:
    return _IGNORED_IN_URL.sub("", url).split(":", 1)[0].lower()


def _unsafe_url(value: str, attribute: str) -> bool:
    """True if ``value`` uses a scheme that runs code (browsers ignore spaces/controls in it)."""
    url = _IGNORED_IN_URL.sub("", value)
    if not _UNSAFE_SCHEME.match(url):
        return False
    return not (attribute == "src" and _SAFE_DATA.match(url))


_MARKDOWN_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)")
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^}\n]*?\bon[a-z]+\s*=", re.IGNORECASE)


def unsafe_markup(text: str, *, markdown: bool = True) -> list[Finding]:
    """Every element, attribute or address in ``text`` that can run code, in order.

    Args:
        text: HTML, or Markdown that may hold HTML.
        markdown: ``text`` is Markdown: its link and picture targets
            (``[x](javascript:...)``) and ``attr_list`` attributes (``{: onclick=...}``)
            are checked too. ``False`` for rendered HTML, where such text is only text.

    Returns:
        Findings with 1-based line and column; empty when the text is safe.
    """
    finder = _Finder()
    finder.feed(text)
    finder.close()
    found = list(finder.found)
    for pattern, what in (
        ()
        if not markdown
        else (
            (_MARKDOWN_TARGET, "a link or picture to a {scheme}: address"),
            (_ATTR_LIST_HANDLER, "an event-handler attribute in {{: ... }}"),
        )
    ):
        for m in pattern.finditer(text):
            if pattern is _MARKDOWN_TARGET:
                if not _unsafe_url(m.group(1), "href"):
                    continue
                label = what.format(
                    scheme=_IGNORED_IN_URL.sub("", m.group(1)).split(":")[0].lower()
                )
            else:
                label = what.format()
            line = text.count("\n", 0, m.start()) + 1
            column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
            found.append(Finding(line, column, label))
    return sorted(set(found), key=lambda f: (f.line, f.column))


def _message(finding: Finding) -> str:
    return (
        f"{finding.what}: it could run code in the reader's browser, and pages may not "
        "hold scripts, event handlers or script addresses: remove it"
    )


def check_docs_pages(content: Content) -> Iterator[Problem]:
    """Report every piece of HTML that can run code in the Markdown pages of ``docs/``.

    The pages are found beside the content folder (``<project>/docs``). Any symbolic
    link under ``docs/`` is an error too: MkDocs would follow it and publish whatever it
    points at (any file the build can read). Source: see the module.
    """
    docs = content.root.parent / "docs"
    if not docs.is_dir():
        return
    for folder, dirs, files in os.walk(docs):
        here = Path(folder)
        for name in sorted([*dirs, *files]):
            if (here / name).is_symlink():
                shown = f"docs/{(here / name).relative_to(docs).as_posix()}"
                yield Problem(shown, 0, 0, "", _LINK_MESSAGE)
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".md") or (here / name).is_symlink():
                continue
            page = here / name
            shown = f"docs/{page.relative_to(docs).as_posix()}"
            text = page.read_text(encoding="utf-8", errors="replace")
            for finding in unsafe_markup(text):
                yield Problem(shown, finding.line, finding.column, "", _message(finding))


_LINK_MESSAGE = (
    "this is a symbolic link; MkDocs would publish whatever it points at: "
    "copy the file here instead"
)


def check_page_html(html: str, page_path: str) -> None:
    """Refuse the rendered body of a page if it still holds HTML that can run code.

    Args:
        html: the page's content as HTML (MkDocs ``on_page_content``), before the theme.
        page_path: the page as the author knows it, e.g. ``docs/workbook.md``.

    Raises:
        mkdocs.exceptions.PluginError: ``<page_path>: <what>`` for the first finding.
    """
    found = unsafe_markup(html, markdown=False)
    if found:
        raise PluginError(f"{page_path}: {_message(found[0])}")
