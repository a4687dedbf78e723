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
  build stops before anything is published;
- front matter (the ``---`` block at the top of a page) may only hold the keys in
  :data:`FRONT_MATTER_KEYS`, and :func:`escape_front_matter` (an MkDocs hook) makes its
  text values text: the theme puts ``title`` and ``description`` into the page as HTML,
  unescaped, so ``title: "<img src=x onerror=...>"`` would otherwise run;
- :func:`tooltip_safe_titles` (an MkDocs hook) escapes ``title`` attributes a second
  time: Material's tooltips (``content.tooltips``) put an element's title into the page
  with ``innerHTML``, so a glossary term or link title holding ``<img onerror=...>``
  would run when hovered;
- other files in ``docs/`` that a browser reads as markup (HTML, SVG, XML) are checked
  like pages: MkDocs copies them to the site as they are.

Source: the issue "Information governance and security" (no raw ``<script>``, no
event-handler attributes, no ``javascript:`` links); the OWASP XSS Prevention Cheat
Sheet for the list of elements and URL schemes.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import tinyhtml5
from mkdocs.exceptions import PluginError
from mkdocs.utils import meta as mkdocs_meta
from pygments.token import STANDARD_TYPES

from .content import Content
from .picturemeta import PICTURE_FORMATS, picture_kind_problem
from .problems import Problem, line_column, quote

UNSAFE_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
    | {"noscript"}  # parsed as markup by checks, as raw text by browsers running scripts
)
"""Elements that run code or load another document into the page."""

FRONT_MATTER_KEYS = frozenset({"title", "description", "hide", "search", "render_macros"})
"""Front-matter keys a page may use: its title and description (text), which parts of
the theme to hide, whether search skips it, and whether macros run in it."""

MARKUP_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".svg", ".xml", ".xsl", ".xslt"})
"""Files in ``docs/`` other than pages that a browser reads as markup (checked too)."""

_ANIMATION_ELEMENTS = frozenset({"set", "animate"})

DOCS_SUFFIXES = frozenset({".md", ".txt", *PICTURE_FORMATS})
"""Kinds of file ``docs/`` may hold (MkDocs publishes every file there as it is).

No scripts or style sheets: they are code (the site's own live in ``overrides/``, the
theme folder, reviewed like the rest of the code), and one in ``docs/`` could run on
every page or write a name into it with CSS. No SVG either: browsers read it as XML
(namespaces, entities, style sheets), which a check cannot follow as a browser does.
No PDFs: a PDF can carry JavaScript and text drawn where no text extraction looks (the
site's own PDFs are made by the build). Text files must be UTF-8 and pictures must be the
kind their name says (:func:`check_docs_pages`)."""

_DOCS_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

AUTHORED_ELEMENTS = frozenset(
    {"p", "br", "hr", "div", "span", "a", "abbr", "b", "strong", "i", "em", "code", "pre"}
    | {"kbd", "sub", "sup", "small", "mark", "q", "blockquote", "img", "figure", "figcaption"}
    | {"ul", "ol", "li", "dl", "dt", "dd", "details", "summary", "section"}
    | {"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
)
"""The only elements page authors may write in HTML: text structure, links, pictures and
tables. Everything else is refused, because each new kind of element has been a way
round the rules (styles and ``hidden`` hide text, ``<bdo>``, ``<math dir>`` and SVG
reorder letters, ``<noscript>`` is parsed one way by checks and another by browsers,
forms send what readers type elsewhere)."""

AUTHORED_ATTRIBUTES = frozenset(
    {"href", "title", "class", "id", "alt", "src", "width", "height", "colspan", "rowspan"}
    | {"scope", "open", "lang", "markdown"}
)
"""The only attributes page authors may write (``markdown`` is md_in_html's switch)."""

PROJECT_CLASSES = frozenset(
    {"lead", "facts", "keywords", "review-note", "grid", "cards", "picture", "count", "words"}
    | {"easy-read", "easy-read-link", "leaflet-versions"}
)
"""Classes the macros give their HTML (:mod:`placements.web`, :mod:`placements.pictures`)."""

ADMONITION_TYPES = frozenset(
    {"note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important"}
    | {"success", "check", "done", "question", "help", "faq", "warning", "caution"}
    | {"attention", "failure", "fail", "missing", "danger", "error", "bug", "example"}
    | {"quote", "cite"}
)
"""Material for MkDocs' admonition types (``!!! note``, ``??? tip``): each is a class."""

EXTENSION_CLASSES = frozenset(
    {"admonition", "admonition-title", "highlight", "highlighttable", "linenos", "linenodiv"}
    | {"hll", "filename", "tabbed-set", "tabbed-alternate", "tabbed-labels", "tabbed-content"}
    | {"tabbed-block", "md-button", "md-button--primary"}
    | {css for css in STANDARD_TYPES.values() if css}  # Pygments' code colours
)
"""Classes the Markdown extensions of ``mkdocs.yml`` write (notes, tabs, code), and
Material's buttons (``{ .md-button }``)."""

EXTENSION_DATA_ATTRIBUTES = frozenset({"data-tabs"})
"""The data- attributes the Markdown extensions write (``pymdownx.tabbed``: a set of
tabs' number and size); pages may carry no other (the theme acts on them)."""

PAGE_CLASSES = PROJECT_CLASSES | ADMONITION_TYPES | EXTENSION_CLASSES
"""The only classes a page's HTML may carry (also ``language-<name>`` on code). The
theme's other classes move and hide things: ``md-content__button`` floats to the right
(the eighth security trial spelt a name in letters that its floats put in order),
admonitions ``inline end`` float, ``headerlink`` is transparent; no check can read a
page laid out by them as a reader sees it."""

_LANGUAGE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#.-]+$")

_SIMPLE = "paragraphs, lists, tables, links, pictures, headings, details"

_LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
_EXTERNAL = re.compile(r"^(?:(?:https?|ftp|file):|//|\\\\)", re.IGNORECASE)

_MISREAD = re.compile(r"<!-->|<!--->|--!>|<!\[CDATA\[", re.IGNORECASE)
"""Comment and CDATA forms that Python's HTML parser reads differently from browsers."""

URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
)
"""Attributes whose value is an address the browser may follow or load."""

_UNSAFE_SCHEME = re.compile(r"(?:^|;)(javascript|vbscript|data):", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^data:image/(png|jpeg|gif|webp);", re.IGNORECASE)
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    """One piece of HTML that can run code: its line and column (1-based) and what it is."""

    line: int
    column: int
    what: str


def element_findings(tag: str, attrs: list[tuple[str, str | None]], *, authored: bool) -> list[str]:
    """What is unsafe about one start tag: a list of descriptions (empty when safe).

    Args:
        tag: the element's name, lower case, without namespace.
        attrs: its attributes (names lower case, values decoded).
        authored: the tag was written by a page author (the page's source), not made by a
            macro: only :data:`AUTHORED_ELEMENTS` and :data:`AUTHORED_ATTRIBUTES` are
            allowed.
    """
    found = []
    if tag in UNSAFE_ELEMENTS:
        found.append(f"a <{tag}> element")
    elif authored and tag not in AUTHORED_ELEMENTS:
        found.append(f"a <{tag}> element (pages may use only simple HTML: {_SIMPLE})")
    for name, value in attrs:
        value = value or ""
        if name.startswith("on"):
            found.append(f"an event-handler attribute ({name}=) on <{tag}>")
        elif name == "srcdoc":
            found.append(f"a srcdoc attribute on <{tag}>")
        elif name in URL_ATTRIBUTES and _unsafe_url(value, name):
            found.append(f"a {_scheme(value)}: address in {name}= on <{tag}>")
        elif tag in _ANIMATION_ELEMENTS and _UNSAFE_SCHEME.search(_IGNORED_IN_URL.sub("", value)):
            found.append(f"an animation of <{tag}> to a {_scheme(value)}: address")
        elif tag == "meta" and name == "http-equiv" and value.lower() == "refresh":
            found.append("a <meta http-equiv=refresh> (it can send the reader elsewhere)")
        elif authored and name not in AUTHORED_ATTRIBUTES:
            found.append(
                f"a {name}= attribute on <{tag}> (pages may use only simple HTML: {_SIMPLE})"
            )
        elif name == "class" and (unknown := unknown_classes(value)):
            found.append(
                f"the class {unknown[0]} on <{tag}> (the theme's classes move or hide text)"
            )
        elif (
            authored
            and name in _LOADING_ATTRIBUTES
            and _EXTERNAL.match(_IGNORED_IN_URL.sub("", value))
        ):
            found.append(
                f"a {name}= on <{tag}> loading from another site (the site works offline and "
                "loads nothing from elsewhere; save the file in docs/assets/)"
            )
    return found


def unknown_classes(value: str) -> list[str]:
    """The classes in a ``class=`` value that pages may not use (not in
    :data:`PAGE_CLASSES`, nor ``language-<name>``), in order."""
    return [c for c in value.split() if c not in PAGE_CLASSES and not _LANGUAGE_CLASS.match(c)]


class _Finder(HTMLParser):
    def __init__(self, authored: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []
        self.authored = authored

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        for what in element_findings(tag, attrs, authored=self.authored):
            self.found.append(Finding(line, offset + 1, what))

    handle_startendtag = handle_starttag


def _scheme(url: str) -> str:
    found = _UNSAFE_SCHEME.search(_IGNORED_IN_URL.sub("", url))
    return found.group(1).lower() if found else _IGNORED_IN_URL.sub("", url).split(":")[0]


def _unsafe_url(value: str, attribute: str) -> bool:
    """True if ``value`` uses a scheme that runs code (browsers ignore spaces/controls in it)."""
    url = _IGNORED_IN_URL.sub("", value)
    if not _UNSAFE_SCHEME.match(url):
        return False
    return not (attribute == "src" and _SAFE_DATA.match(url))


_MARKDOWN_TARGET = re.compile(r"(?m)\]\(\s*<?([^)\s>]*)|^ {0,3}\[[^\]\n]+\]:[ \t]*<?([^\s>]+)")
"""A Markdown link or picture target: inline (``[x](target)``) or in a reference
definition (``[x]: target``, found by the seventh security trial)."""
_ATTR_LIST_HANDLER = re.compile(r"\{:?[^}\n]*?\bon[a-z]+\s*=", re.IGNORECASE)
_ATTR_LIST_DATA = re.compile(r"\{:?[^}\n]*?(?<![\w-])data-[\w-]*\s*=", re.IGNORECASE)
_ATTR_LIST = re.compile(r"\{:?[ \t]*([^{}\n]*?)[ \t]*\}")
_ATTR_LIST_CLASSES = re.compile(
    r"""(?:^|\s)\.([^\s}]+)|\bclass=(?:"([^"]*)"|'([^']*)'|([^\s}]+))"""
)
_FENCE = re.compile(r"^[ \t]*(?:`{3,}|~{3,})[ \t]*$")
_ADMONITION = re.compile(r'(?m)^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*([^"\n]*)')
"""A note's opening line (``!!! note inline end "Title"``): its words are classes."""


def unsafe_markup(text: str, *, markdown: bool = True) -> list[Finding]:
    """Every element, attribute or address in ``text`` that can run code, in order.

    Args:
        text: HTML, or Markdown that may hold HTML.
        markdown: ``text`` is a Markdown page: its link and picture targets
            (``[x](javascript:...)``) and ``attr_list`` attributes (``{: onclick=...}``)
            are checked too, and so are the rules for HTML written by page authors
            (:func:`element_findings`). ``False`` for other markup (an SVG, an HTML
            asset), where only what runs code is reported.

    Returns:
        Findings with 1-based line and column; empty when the text is safe.
    """
    finder = _Finder(authored=markdown)
    finder.feed(text)
    finder.close()
    found = list(finder.found)
    for m in _MISREAD.finditer(text):
        found.append(
            Finding(
                *line_column(text, m.start()),
                f"{m.group(0)!r} (browsers read this comment form differently)",
            )
        )
    if markdown:
        found += _class_findings(text)
    for pattern, what in (
        ()
        if not markdown
        else (
            (_MARKDOWN_TARGET, "a link or picture to a {scheme}: address"),
            (_ATTR_LIST_HANDLER, "an event-handler attribute in {{: ... }}"),
            (_ATTR_LIST_DATA, "a data- attribute in {{: ... }} (the theme acts on them)"),
        )
    ):
        for m in pattern.finditer(text):
            if pattern is _MARKDOWN_TARGET:
                # Markdown keeps character references in an address; the browser
                # decodes them (``&#106;avascript:``)
                target = html.unescape(m.group(1) or m.group(2))
                if not _unsafe_url(target, "href"):
                    continue
                label = what.format(scheme=_IGNORED_IN_URL.sub("", target).split(":")[0].lower())
            else:
                label = what.format()
            found.append(Finding(*line_column(text, m.start()), label))
    return sorted(set(found), key=lambda f: (f.line, f.column))


def _class_findings(text: str) -> list[Finding]:
    """Classes outside :data:`PAGE_CLASSES` that a page's Markdown gives its HTML: in
    attribute lists (``{ .md-content__button }``, ``{: class="x" }``) and in the words
    after ``!!!`` or ``???`` (``!!! note inline end``)."""
    found = []
    for pattern, where in ((_ATTR_LIST, "in {: ... }"), (_ADMONITION, "of a note")):
        for m in pattern.finditer(text):
            if pattern is _ATTR_LIST:
                groups = _ATTR_LIST_CLASSES.findall(m.group(1))
                classes = [part for group in groups for part in group if part]
                before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
                if _FENCE.match(before):
                    classes = classes[1:]  # ```{ .python }: the first is the code's language
                value = " ".join(classes)
            else:
                value = m.group(1)
            unknown = unknown_classes(value)
            if unknown:
                what = f"the class {unknown[0]} {where} (the theme's classes move or hide text)"
                found.append(Finding(*line_column(text, m.start()), what))
    return found


def _message(finding: Finding) -> str:
    return (
        f"{finding.what}: pages may not hold it (it could run code in the reader's browser "
        "or show text no check can read): remove it"
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
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # MkDocs skips dot-folders
        for name in sorted([*dirs, *files]):
            if name.startswith("."):
                continue
            shown = f"docs/{(here / name).relative_to(docs).as_posix()}"
            if not _DOCS_NAME.match(name):
                yield Problem(shown, 0, 0, "", _NAME_MESSAGE, quote(name))
            elif name in files and Path(name).suffix.lower() not in DOCS_SUFFIXES:
                yield Problem(shown, 0, 0, "", _SUFFIX_MESSAGE, quote(Path(name).suffix))
        for name in sorted(files):
            path = here / name
            suffix = path.suffix.lower()
            if path.is_symlink() or name.startswith("."):
                continue
            shown = f"docs/{path.relative_to(docs).as_posix()}"
            if suffix in PICTURE_FORMATS:
                wrong = picture_kind_problem(path.read_bytes(), suffix)
                if wrong:
                    yield Problem(shown, 0, 0, "", f"this file {wrong}")
                continue
            if suffix in {".md", ".txt"}:
                try:
                    path.read_bytes().decode("utf-8")
                except UnicodeDecodeError as exc:
                    yield Problem(shown, 0, 0, "", _ENCODING_MESSAGE.format(byte=exc.start))
                    continue
            if suffix != ".md" and suffix not in MARKUP_SUFFIXES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if suffix == ".md":
                yield from _front_matter_problems(text, shown)
            for finding in unsafe_markup(text, markdown=suffix == ".md"):
                yield Problem(shown, finding.line, finding.column, "", _message(finding))


def _front_matter_problems(text: str, shown: str) -> Iterator[Problem]:
    """Front-matter keys outside :data:`FRONT_MATTER_KEYS`, each at its line."""
    try:
        _, meta = mkdocs_meta.get_data(text)
    except Exception:  # MkDocs itself reports front matter it cannot read
        return
    lines = text.splitlines()
    for key in meta:
        if key in FRONT_MATTER_KEYS:
            continue
        line = next(
            (i + 1 for i, row in enumerate(lines) if row.split(":", 1)[0].strip() == str(key)), 1
        )
        yield Problem(
            shown,
            line,
            1,
            f"front matter: {key}",
            "unknown front-matter key; a page may set only "
            + ", ".join(sorted(FRONT_MATTER_KEYS))
            + " (other keys reach the theme's HTML as they are)",
            quote(str(key)),
        )


def escape_front_matter(meta: dict[str, Any]) -> dict[str, Any]:
    """Return ``meta`` with every text value HTML-escaped (quotes too), lists and dicts walked.

    Used on each page's front matter before the theme sees it (``title`` goes into the
    page header and navigation, ``description`` into a ``<meta>`` attribute, both
    unescaped), so text written there shows as written.
    """
    return {key: _escaped(value) for key, value in meta.items()}


def _escaped(value: Any) -> Any:
    if isinstance(value, str):
        return html.escape(value, quote=True)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


_ENCODING_MESSAGE = (
    "this file is not UTF-8 (byte {byte}); save it as UTF-8 (browsers would guess "
    "another encoding and show what no check has read)"
)
_NAME_MESSAGE = (
    "file and folder names in docs/ become web addresses: use only letters, digits, "
    "dots, hyphens and underscores, starting with a letter or digit"
)
_SUFFIX_MESSAGE = (
    "docs/ holds pages (.md) and what they show (pictures, UTF-8 text files); MkDocs "
    "would publish this file as it is: move it out of docs/ (scripts and style sheets "
    "belong in overrides/, with the code)"
)

_LINK_MESSAGE = (
    "this is a symbolic link; MkDocs would publish whatever it points at: "
    "copy the file here instead"
)


THEME_IDS = frozenset({"__config", "__search", "__drawer", "__consent"})
"""Element ids Material for MkDocs looks up itself (``#__config`` holds its settings as
JSON). Other ``__`` ids are fine: the tabs of ``pymdownx.tabbed`` are ``__tabbed_1_1``."""


def _built_findings(tag: str, attrs: list[tuple[str, str | None]], html_element: bool) -> list[str]:
    """Rules for a built page body that Markdown's ``{: ... }`` could otherwise break.

    - ``style`` or ``hidden`` on an HTML element (only the charts' SVG is styled inline):
      styles reorder or hide letters, so a name could be shown that no check reads;
    - an id in :data:`THEME_IDS` or a ``data-...`` attribute: Material keeps its
      settings and components there (an element ``id="__config"`` in a page replaced the
      theme's settings and ran script through its translations; ``data-preview`` turns
      on its link previews, found by the tenth security trial).
    """
    found = []
    for name, value in attrs:
        if html_element and name in {"style", "hidden"}:
            found.append(f"a {name}= attribute on <{tag}> (it can hide or reorder text)")
        elif name == "id" and (value or "") in THEME_IDS:
            found.append(f"the id {value} on <{tag}> (the theme's own)")
        elif name.startswith("data-") and name not in EXTENSION_DATA_ATTRIBUTES:
            found.append(f"a {name}= attribute on <{tag}> (the theme acts on data- attributes)")
    return found


_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def leaves_site(url: str, dest_uri: str) -> bool:
    """Whether the address ``url``, in the built page ``dest_uri`` (e.g.
    ``services/cert.html``), points at a file outside the site: a relative path with
    more ``..`` than the page is deep, or a path from the root (``/tmp/x.html``: on a
    site opened from disk, the disk's root). A page linking to ``../content/x.html``
    ran that file's script in the reader's browser when the site was previewed from
    the project (the nineteenth security trial). Browsers ignore spaces and controls
    in addresses, read ``\\`` as ``/`` and ``%2e`` as ``.``; so does this.
    An address to another host without a scheme (``//host/x``) leaves too (opened from
    disk it names a network share); addresses with a scheme (``https:``, ``mailto:``)
    are other rules' business.
    """
    url = _IGNORED_IN_URL.sub("", url).replace("\\", "/")
    if not url or url.startswith(("#", "?")) or _HAS_SCHEME.match(url):
        return False
    path = unquote(url.split("#", 1)[0].split("?", 1)[0])
    if path.startswith("/"):
        return True
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(dest_uri), path))
    return joined == ".." or joined.startswith("../")


def _addresses(name: str, value: str) -> list[str]:
    """The addresses an attribute holds: one, or each candidate of a ``srcset``."""
    if name in {"srcset", "imagesrcset"}:
        return [c.strip().split()[0] for c in value.split(",") if c.strip()]
    return [value] if name in URL_ATTRIBUTES else []


def check_page_html(html: str, page_path: str, dest_uri: str | None = None) -> None:
    """Refuse the rendered body of a page if it still holds HTML that can run code.

    Args:
        html: the page's content as HTML (MkDocs ``on_page_content``), before the theme.
        page_path: the page as the author knows it, e.g. ``docs/workbook.md``.
        dest_uri: where the page is written in the site (``workbook.html``): with it,
            an address leading out of the site is refused too (:func:`leaves_site`).

    The HTML is parsed the way browsers parse it (``tinyhtml5``, WHATWG HTML), so a
    comment or CDATA trick cannot hide an element from this check.

    Raises:
        mkdocs.exceptions.PluginError: ``<page_path>: <what>`` for the first finding.
    """
    tree = tinyhtml5.parse(html, namespace_html_elements=False)
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        html_element = not element.tag.startswith("{")  # not SVG or MathML
        tag = element.tag.rsplit("}", 1)[-1].lower()
        attrs = [(k.rsplit("}", 1)[-1].lower(), v) for k, v in element.attrib.items()]
        found = element_findings(tag, attrs, authored=False)
        found += _built_findings(tag, attrs, html_element)
        if dest_uri is not None:
            found += [
                f"the address {url!r} on <{tag}>, which leads out of the site (link only to "
                "pages and files in docs/)"
                for name, value in attrs
                for url in _addresses(name, value or "")
                if leaves_site(url, dest_uri)
            ]
        if found:
            raise PluginError(
                f"{page_path}: {found[0]}: pages may not hold it (it could run code in the "
                "reader's browser or show text no check can read)"
            )


# Browsers' grammar, parse errors included: a name may hold quotes, and an unquoted
# value runs to the next space or ">" whatever it holds (a quote too).
_ATTRIBUTE_NAME = r"[^\s>/=]+"
_ATTRIBUTE_VALUE = r""""[^"]*"|'[^']*'|[^\s>]+"""
_ATTRIBUTE = rf"{_ATTRIBUTE_NAME}(?:\s*=\s*(?:{_ATTRIBUTE_VALUE}))?"
_TAG_NAME = re.compile(r"<[a-zA-Z][^\s/>]*")
_START_TAG = re.compile(rf"{_TAG_NAME.pattern}(?:\s*(?:{_ATTRIBUTE}|/))*\s*>")
# One attribute at a time, from where the last one ended: a quoted value is consumed
# whole, so ' title=' inside another attribute's value is never taken for a title.
_NEXT_ATTRIBUTE = re.compile(rf"(\s*)({_ATTRIBUTE_NAME})(?:(\s*=\s*)({_ATTRIBUTE_VALUE}))?|\s*/")


def tooltip_safe_titles(page: str) -> str:
    """Return ``page`` (HTML) with every ``title`` attribute holding ``<`` or ``&`` escaped twice.

    Material for MkDocs turns an element's title into a tooltip by adding the title's
    text to the page as HTML (``innerHTML``), so the title's text must itself be
    escaped HTML: ``title="&amp;lt;b&amp;gt;"`` shows ``<b>`` in the tooltip. Titles
    without ``<`` or ``&`` are left as they are. Without JavaScript the browser's own
    tooltip would show the entities (``&lt;b&gt;``); with it (the normal case) Material
    removes the attribute while its tooltip is open, so the reader sees the text as
    written. Only start tags are rewritten (text and comments are left alone).
    """

    return _START_TAG.sub(lambda tag: _escape_title(tag.group(0)), page)


def _escape_title(tag: str) -> str:
    """One start tag with its ``title`` value escaped twice (see :func:`tooltip_safe_titles`)."""
    name = _TAG_NAME.match(tag)
    assert name is not None  # _START_TAG matched
    out = [name.group(0)]
    pos = name.end()
    while True:
        found = _NEXT_ATTRIBUTE.match(tag, pos)
        if found is None or found.end() == pos:
            break
        space, attr, equals, raw = found.groups()
        if attr is not None and attr.lower() == "title" and raw is not None:
            quoted = raw[:1] in {'"', "'"}
            text = html.unescape(raw[1:-1] if quoted else raw)
            if "<" in text or "&" in text:
                raw = '"' + html.escape(html.escape(text, quote=False), quote=True) + '"'
            out.append(f"{space}{attr}{equals}{raw}")
        else:
            out.append(found.group(0))
        pos = found.end()
    out.append(tag[pos:])
    return "".join(out)
