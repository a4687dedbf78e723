"""Text from content, made safe for HTML pages, Markdown pages and PDFs.

Rule: text from YAML is shown exactly as written. Plain text fields are HTML-escaped;
fields documented as Markdown are rendered to HTML and then cleaned so that only safe
elements remain (no scripts, no event-handler attributes, no ``javascript:`` links).
Nothing from content is ever given to a template engine as template source.
"""

from __future__ import annotations

import html
import re

import markdown as _markdown
import nh3
from markupsafe import Markup

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "a", "abbr", "table", "thead",
    "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def escape(text: str) -> Markup:
    """Return ``text`` HTML-escaped (``&``, ``<``, ``>``, quotes) as safe markup."""
    return Markup(html.escape(text, quote=True))


def markdown_to_html(text: str, *, shift_headings: int = 1) -> Markup:
    """Render a Markdown field to cleaned HTML.

    Args:
        text: the field's Markdown.
        shift_headings: how many levels to push headings down, so that a ``#`` in
            content never competes with the page's own title (1: ``#`` becomes ``h2``).

    Returns:
        HTML with only the elements in ``_ALLOWED_TAGS``; raw HTML in the Markdown is
        escaped (shown as text), links may only use http(s), mailto and tel.
    """
    rendered = _markdown.markdown(
        text.replace("<", "&lt;"),
        extensions=["sane_lists"],
        output_format="html",
    )
    for level in range(6 - shift_headings, 0, -1):
        rendered = re.sub(
            rf"<(/?)h{level}\b",
            lambda m, lv=level: f"<{m.group(1)}h{min(lv + shift_headings, 6)}",
            rendered,
        )
    cleaned = nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS | {"h5", "h6"},
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


def markdown_escape(text: str) -> str:
    """Return ``text`` safe to place inside Markdown source (e.g. a heading).

    HTML-significant characters become entities and Markdown punctuation is
    backslash-escaped, so the reader sees exactly ``text``.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
