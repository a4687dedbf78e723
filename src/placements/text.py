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
_HREFLESS_LINK = re.compile(r"<a(?=[\s>])(?![^>]*\shref=)[^>]*>(.*?)</a>", re.DOTALL)
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
    # A link whose target was dropped (javascript:, data:...) keeps its text, not its look.
    return Markup(_HREFLESS_LINK.sub(r"\1", cleaned))


def markdown_escape(text: str) -> str:
    """Return ``text`` safe to place inside Markdown source (e.g. a heading).

    HTML-significant characters become entities and Markdown punctuation is
    backslash-escaped, so the reader sees exactly ``text``.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


_TAG = re.compile(
    r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(/?)>", re.S
)
_NO_ABBR = {"abbr", "code", "kbd", "pre", "samp", "script", "style", "svg", "textarea", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}  # fmt: skip


def mark_abbreviations(page_html: str, abbreviations: dict[str, str]) -> str:
    """Wrap every whole-word use of each abbreviation in ``<abbr title="...">``.

    Args:
        page_html: an HTML fragment (a page's content as MkDocs renders it).
        abbreviations: abbreviation (as written, case-sensitive, e.g. ``"IG"``) -> what
            it stands for, shown on hover (Material's ``content.tooltips``).

    Returns:
        The fragment with each abbreviation marked, except inside elements where markup
        would be wrong or unwanted (``abbr``, ``code``, ``pre``, ``script``, ``style``,
        ``svg``...) and inside tags and comments. Matches are whole words: ``IG`` is not
        marked inside ``IGNORE`` or ``ig``.
    """
    if not abbreviations:
        return page_html
    escaped = {
        html.escape(k, quote=False): html.escape(v, quote=True) for k, v in abbreviations.items()
    }
    words = sorted(escaped, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w&])(" + "|".join(re.escape(w) for w in words) + r")(?!\w)")

    def wrap(text: str) -> str:
        return pattern.sub(
            lambda m: f'<abbr title="{escaped[m.group(1)]}">{m.group(1)}</abbr>', text
        )

    out: list[str] = []
    skip = 0  # depth inside elements listed in _NO_ABBR
    pos = 0
    for tag in _TAG.finditer(page_html):
        text = page_html[pos : tag.start()]
        out.append(wrap(text) if skip == 0 else text)
        out.append(tag.group(0))
        pos = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _NO_ABBR and name not in _VOID and not tag.group(3):
            skip += -1 if tag.group(1) else 1
            skip = max(skip, 0)
    rest = page_html[pos:]
    out.append(wrap(rest) if skip == 0 else rest)
    return "".join(out)
