"""Page templates (mkdocs-macros) that keep text as text and fail loudly.

mkdocs-macros renders each Markdown page in ``docs/`` as a Jinja template. Out of the box
it inserts variables into the Markdown unescaped (so ``<script>`` in a variable would run)
and, on an error, either leaves an error message in the page or exits without saying
where. :func:`prepare_page` (called by ``macros/__init__.py`` before each page is
rendered) changes that:

- macros are code: their output (page snippets from :mod:`placements.web`, which escape
  and clean every piece of content) is inserted as it is;
- everything else a page prints with ``{{ ... }}`` (variables, filters, ``config`` values)
  is data: it is escaped for Markdown, so it shows exactly as written;
- the page is rendered once as a trial; any error (an undefined name, a syntax error, a
  macro that raises) stops the build with ``docs/<page>:<line>: <what went wrong>``,
  before anything is written.

Text returned by a macro is never rendered again, so template syntax inside content
(``{{ 7*7 }}``, ``{% raw %}``) is shown literally.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from .text import markdown_escape

UNTRUSTED_MACROS = frozenset({"macros_info", "context"})
"""mkdocs-macros' own debugging macros: they print variables (content) as raw HTML, so
their output is escaped like any other value."""

ERROR_MARKERS = ("Macro Rendering Error", "Macro Syntax Error")
"""Headings mkdocs-macros writes into a page when it keeps an error message there."""


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` for pages: macro output as is, any other value Markdown-escaped.

    ``None`` prints as nothing. Values that are ``Markup`` (what :func:`trusted` returns)
    are inserted unchanged.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return markdown_escape(str(value))


def trusted(macro: Callable[..., Any]) -> Callable[..., Markup]:
    """Wrap ``macro`` so that its output is inserted into the page unescaped.

    Only for macros whose output is built by :mod:`placements.web` (which escapes or
    cleans every piece of content).
    """
    if getattr(macro, "_placements_trusted", False):
        return macro

    @functools.wraps(macro)
    def wrapper(*args: Any, **kwargs: Any) -> Markup:
        result = macro(*args, **kwargs)
        return result if isinstance(result, Markup) else Markup("" if result is None else result)

    wrapper._placements_trusted = True  # type: ignore[attr-defined]
    return wrapper


def prepare_page(plugin: Any) -> None:
    """Make the page about to be rendered safe and check it renders (``on_pre_page_macros``).

    Args:
        plugin: the mkdocs-macros plugin object (``env`` in its module API), with the
            page's source in ``plugin.markdown``, the page in ``plugin.page``, the Jinja
            environment in ``plugin.env`` and the page variables in ``plugin.variables``.

    Raises:
        mkdocs.exceptions.PluginError: ``docs/<page>:<line>: <error>`` when the page has a
            template syntax error, uses an undefined name, or a macro raises.
    """
    env: jinja2.Environment = plugin.env
    env.finalize = finalize
    page = plugin.page
    _titles[id(page)] = vars(page).get("title", _UNSET)
    for name, macro in plugin.macros.items():
        if name not in UNTRUSTED_MACROS:
            env.globals[name] = trusted(macro)
    where = f"{plugin.conf['docs_dir'].rstrip('/').rsplit('/', 1)[-1]}/{page.file.src_path}"
    source: str = plugin.markdown
    meta = getattr(page, "meta", None) or {}
    if meta.get("render_macros") is False:
        return
    variables = {**plugin.variables, "page": page, **meta}
    try:
        env.from_string(source).render(**variables)
    except jinja2.TemplateSyntaxError as exc:
        raise PluginError(f"{where}:{exc.lineno}: template syntax error: {exc.message}") from None
    except Exception as exc:
        line = _template_line(exc)
        if isinstance(exc, jinja2.UndefinedError):
            what = f"undefined name: {exc.message}"
        else:
            what = f"a macro failed: {type(exc).__name__}: {exc}"
        raise PluginError(f"{where}:{line}: {what}") from None


_UNSET = object()
_titles: dict[int, object] = {}


def restore_title(plugin: Any) -> None:
    """Undo mkdocs-macros' rendering of a page title (``on_post_page_macros``).

    When a page's first line is ``# {{ variable }}``, mkdocs-macros renders that line as
    the page title and sets it as is: with :func:`finalize` it is escaped for Markdown,
    which a title (HTML text in the theme) would show with its backslashes. Dropping it
    lets MkDocs take the title from the rendered heading instead, escaped as HTML.
    """
    page = plugin.page
    before = _titles.pop(id(page), _UNSET)
    if vars(page).get("title", _UNSET) is before:
        return
    if before is _UNSET:
        vars(page).pop("title", None)
    else:
        page.title = before


def _template_line(exc: BaseException) -> int:
    """The page line Jinja was rendering when ``exc`` was raised (0 when unknown)."""
    line = 0
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>" and frame.lineno:
            line = frame.lineno
    return line


def check_rendered(html: str, page_path: str) -> None:
    """Refuse a rendered page that carries an mkdocs-macros error message.

    Raises:
        mkdocs.exceptions.PluginError: naming ``page_path``.
    """
    for marker in ERROR_MARKERS:
        if marker in html:
            raise PluginError(f"{page_path}: the page contains an error message ({marker})")
