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
  before anything is written;
- pages are rendered in a Jinja sandbox (:class:`PageSandbox`): no attribute that starts
  with ``_`` (so no way from ``cycler`` or ``lipsum`` to Python's ``os``), nothing
  changed in place, and the only things a page can call are the registered macros,
  Jinja's own helpers and methods of plain values (``"x".upper()``). mkdocs-macros runs
  Python's own Jinja environment; a page is code written by several people, so it must
  not be able to run a shell command or write a file, even in a build that is refused;
- a page reads only plain data: its variables (``config`` included) are copied as text,
  numbers, lists and mappings, without the plugins, hook modules and the build
  machine's paths (:func:`plain_data`), and nothing else can be reached from ``page``.

Text returned by a macro is never rendered again, so template syntax inside content
(``{{ 7*7 }}``, ``{% raw %}``) is shown literally.
"""

from __future__ import annotations

import datetime
import functools
import re
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup
from mkdocs.exceptions import PluginError

from .text import markdown_escape

HIDDEN_MACROS = frozenset({"macros_info", "context", "now"})
"""mkdocs-macros' own debugging macros, which pages never see: ``context(obj)`` lists
any object's attributes with their values, ``_``-prefixed ones too (the plugin's
Jinja environment, server paths), and ``macros_info()`` every variable and macro; and
``now()``, the build machine's clock (the same content must build the same bytes)."""

HIDDEN_GLOBALS = frozenset({"lipsum"})
"""Jinja's helpers pages never see: ``lipsum`` makes random text (builds must repeat)."""

HIDDEN_FILTERS = frozenset({"pretty"})
"""mkdocs-macros' debugging filter, the companion of ``context``: it returns HTML as is,
and on an error a Python traceback with the build machine's paths."""

UNTRUSTED_MACROS = frozenset({"fix_url"})
"""mkdocs-macros' other macro: not built by :mod:`placements.web`, so its output is
escaped like any other value."""

HIDDEN_VARIABLES = ("git", "environment", "plugin", "files", "navigation")
"""mkdocs-macros variables pages never see: ``git`` holds commit authors' names and
email addresses (personal data), ``environment`` the build machine's details,
``plugin`` the plugin's own settings, and ``files``/``navigation`` every file of the
site with properties that read them (``content_string``)."""

ERROR_MARKERS = ("Macro Rendering Error", "Macro Syntax Error")
"""Headings mkdocs-macros writes into a page when it keeps an error message there."""


SERVER_PATH_KEYS = frozenset({"config_file_path", "docs_dir", "site_dir", "watch"})
"""Settings of the MkDocs configuration that hold the build machine's own paths."""

_SCALARS = (str, int, float, bool, type(None), datetime.date, datetime.time)

_DROPPED = object()
"""What :func:`plain_data` returns for a value a page may not read."""


def plain_data(value: Any, depth: int = 0) -> Any:
    """``value`` as plain data a page may read, or :data:`_DROPPED`.

    Mappings become ``dict`` (entries whose key is not text, or whose value is not plain,
    left out), lists, tuples and sets become ``list``, text, numbers, booleans, ``None``
    and dates stay; anything else (plugin objects, modules, functions, the theme) is
    dropped, with any mapping or list that held nothing else; so is text naming an
    absolute path that exists on the build machine (a page must not publish where the
    project lives), and the configuration's :data:`SERVER_PATH_KEYS`. Nesting deeper
    than 20 levels is dropped.
    """
    if depth > 20:
        return _DROPPED
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return _DROPPED if _is_server_path(value) else str(value)
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, Mapping):
        items = (
            (key, plain_data(item, depth + 1))
            for key, item in value.items()
            if isinstance(key, str) and key not in SERVER_PATH_KEYS
        )
        mapping = {key: item for key, item in items if item is not _DROPPED}
        return mapping if mapping or not value else _DROPPED
    if isinstance(value, list | tuple | set | frozenset):
        items = (plain_data(item, depth + 1) for item in value)
        sequence = [item for item in items if item is not _DROPPED]
        return sequence if sequence or not value else _DROPPED
    return _DROPPED


def _is_server_path(text: str) -> bool:
    """Whether ``text`` is an absolute path that exists on the build machine."""
    if not text.startswith("/") or len(text) > 4096 or "\0" in text:
        return False
    try:
        return Path(text).exists()
    except OSError:
        return False


def is_plain(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` is plain data a page may print or pass to a filter: text,
    numbers, booleans, ``None``, dates, ranges, and lists, tuples and dicts of them
    (checked to 20 levels), or an undefined value (which fails on its own)."""
    if isinstance(value, (*_SCALARS, range, jinja2.Undefined)):
        return True
    if depth > 20 or type(value) not in (list, tuple, dict):
        return False
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
    return all(is_plain(item, depth + 1) for item in items)


def finalize(value: Any) -> Any:
    """Jinja ``finalize`` for pages: macro output as is, any other value Markdown-escaped.

    ``None`` prints as nothing. Values that are ``Markup`` (what :func:`trusted` returns)
    are inserted unchanged.

    Raises:
        jinja2.sandbox.SecurityError: for a value that is not plain data (:func:`is_plain`:
            a function, a class, the page object), whose printed form is Python's.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return value
    return markdown_escape(str(as_printed(value)))


def as_printed(value: Any) -> Any:
    """``value`` as a page prints or joins it (:func:`_printable`), if it is plain data.

    Raises:
        jinja2.sandbox.SecurityError: not plain data (:func:`is_plain`: a function, a
            class, the page object), whose printed form is Python's.
        jinja2.UndefinedError: an undefined name inside a list or mapping.
    """
    if not is_plain(value):
        raise SecurityError(_NOT_PLAIN.format(type(value).__name__))
    return _printable(value)


def _printable(value: Any) -> Any:
    """``value`` (plain data) with ranges as lists, and any undefined value inside it
    made to fail: ``{{ [coordinator_nmae] }}`` printed ``[Undefined]`` (a typo the
    seventeenth security trial kept out of the strict check) and ``{{ range(3) }}``
    printed ``range(0, 3)``."""
    if isinstance(value, jinja2.Undefined):
        return str(value)  # a strict undefined raises here, with its name
    if isinstance(value, range):
        return list(value)
    if type(value) in (list, tuple):
        return type(value)(_printable(item) for item in value)
    if type(value) is dict:
        return {key: _printable(item) for key, item in value.items()}
    return value


_NOT_PLAIN = "a page prints and passes on only text, numbers, lists and mappings (got a {})"


MAX_ARGUMENT = 100_000
"""Largest number a page may pass to a function or filter, as Jinja's own ``MAX_RANGE``:
``'x'|center(10**9)`` or ``'x'.ljust(10**9)`` would make a gigabyte of text."""

_WIDE_FORMAT = re.compile(r"%[-#0 +]*(?:\d*\.)?\d{6,}")
"""A ``%`` format field with a width or precision of six digits or more (``str.format``
is not callable in a page at all)."""


def refuse_huge(*values: Any) -> None:
    """Raise if a page passes a number above :data:`MAX_ARGUMENT` (or a format string
    with a width that large) to a function, a filter or ``%``.

    Raises:
        jinja2.sandbox.SecurityError: saying what was too large.
    """
    for value in values:
        if isinstance(value, tuple):
            refuse_huge(*value)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            raise SecurityError(
                f"numbers above {MAX_ARGUMENT} are not passed to functions in a page (got {value})"
            )
        elif isinstance(value, str) and (wide := _WIDE_FORMAT.search(value)):
            raise SecurityError(
                f"format widths above {MAX_ARGUMENT} are not used in a page ({wide.group()!r})"
            )


def _plain_arguments(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` (a Jinja filter) refusing any argument that is not plain data
    (``'%s'|format(page)``, ``x|tojson``): filters turn objects into text."""
    passes = getattr(function, "jinja_pass_arg", None)  # context or environment first

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = (*args[1 if passes else 0 :], *kwargs.values())
        for value in values:
            if not is_plain(value):  # Markup is text: plain
                raise SecurityError(_NOT_PLAIN.format(type(value).__name__))
            if type(value) in (list, tuple, dict):
                _printable(value)  # an undefined name inside fails ([nope]|string)
        # the value filtered may be large ({{ 1234567|round }}), not the settings, and
        # the format filter's text is a format string
        refuse_huge(*values[1:], *([values[0]] if function is jinja2.filters.do_format else []))
        return function(*args, **kwargs)

    return wrapper


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


_PLAIN_TYPES = frozenset({str, int, float, bool, tuple, list, dict, Markup})
"""Types whose methods a page may call (on an immutable sandbox: none that change them).

Exactly these types, not their subclasses: MkDocs' plugin collection is a ``dict``
subclass whose ``run_event`` would let a page fire any plugin's hook (and so write
files or import code), and mkdocs-macros' attribute dictionaries are ``dict``
subclasses too."""


class _PlainConcat(CodeGenerator):
    """Jinja's code generator with ``~`` (concatenation) passing each part through
    :meth:`PageSandbox.plain_part`: Jinja compiles ``~`` to a join no sandbox hook sees,
    so ``{{ 'x' ~ cycler }}`` printed a Python class's name."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        # As Jinja 3.1's CodeGenerator.visit_Concat, each part wrapped.
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"{join}((")
        for part in node.nodes:
            self.write("environment.plain_part(")
            self.visit(part, frame)
            self.write("), ")
        self.write("))")


class PageSandbox(ImmutableSandboxedEnvironment):
    """The Jinja environment pages are rendered in: Jinja's immutable sandbox, narrowed.

    On top of Jinja's sandbox (no ``_``-prefixed attributes, no in-place changes to
    lists and dicts), a page may call only:

    - the callables passed to :meth:`allow` (the macros, as wrapped by :func:`trusted`)
      and Jinja's own globals (``range``, ``dict``, ``lipsum``,
      ``cycler``, ``joiner``, ``namespace``);
    - methods of plain values (str, numbers, tuples, lists, dicts, Markup; exactly
      those types, not subclasses).

    Any other call (a method of the MkDocs config, of a page or of a plugin object)
    raises :class:`jinja2.sandbox.SecurityError`, which :func:`prepare_page` reports
    with the page and line.

    Source: Jinja documentation, "Sandbox" (jinja2.sandbox); the issue's rule that text
    and templates written by content authors never run as code.
    """

    code_generator_class = _PlainConcat
    intercepted_binops = frozenset({"*", "**", "%"})
    MAX_REPEAT = 10_000
    """Longest text or list a page may make with ``*`` (items), and largest power."""

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """``*`` and ``**`` with a size limit: ``"x" * 10**7`` would exhaust the build;
        ``%`` on plain data only (``"%s" % page`` would print a Python object)."""
        if operator == "%" and not (is_plain(left) and is_plain(right)):
            raise SecurityError(_NOT_PLAIN.format(type(right).__name__))
        if operator == "%" and isinstance(left, str):
            refuse_huge(left, right)
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"a power above 64 is not allowed in a page (got {right})")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                sized = isinstance(seq, str | list | tuple) and isinstance(n, int)
                if sized and len(seq) * n > self.MAX_REPEAT:
                    raise SecurityError(
                        f"text or lists longer than {self.MAX_REPEAT} are not made in a page"
                    )
        return super().call_binop(context, operator, left, right)

    @staticmethod
    def plain_part(value: Any) -> Any:
        """:func:`as_printed`, for each part joined with ``~``."""
        return as_printed(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Jinja's sandboxed call, refusing huge numbers (:func:`refuse_huge`)."""
        refuse_huge(*args, *kwargs.values())
        return super().call(__context, __obj, *args, **kwargs)

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        # Keyed by id, holding the object: an allowed callable stays alive, so its id
        # can never be reused by another object.
        self._allowed: dict[int, Any] = {}
        for value in self.globals.values():
            if callable(value):
                self.allow(value)

    def allow(self, value: Callable[..., Any]) -> None:
        """Let pages call ``value`` (a macro)."""
        self._allowed[id(value)] = value

    def allows(self, value: Any) -> bool:
        """True if ``value`` itself was allowed with :meth:`allow`."""
        return self._allowed.get(id(value)) is value

    def readable(self, value: Any) -> bool:
        """Whether a page may hold ``value`` read from an attribute or an item: plain
        data (text, numbers, booleans, ``None``, dates, and lists, tuples and dicts of
        exactly those types), the allowed callables, the page's own ``{% macro %}``s,
        methods of plain values and undefined values (which fail when printed)."""
        if isinstance(value, (jinja2.Undefined, jinja2.runtime.Macro, *_SCALARS)):
            return True
        if type(value) in _PLAIN_TYPES or self.allows(value):
            return True
        owner = getattr(value, "__self__", None)
        return owner is not None and type(owner) in _PLAIN_TYPES and callable(value)

    def _refuse(self, obj: Any, name: Any, value: Any) -> NoReturn:
        raise SecurityError(
            f"a page reads only text, numbers, lists and mappings: {name!r} of "
            f"{type(obj).__name__} is a {type(value).__name__}"
        )

    def unsafe_undefined(self, obj: Any, attribute: str) -> jinja2.Undefined:
        """Raise at once where Jinja's sandbox would return an undefined value (which
        ``map(attribute=...)`` or ``default`` could let through silently).

        Raises:
            jinja2.sandbox.SecurityError: naming the attribute and the object's type.
        """
        raise SecurityError(f"{attribute!r} of {type(obj).__name__} is not readable in a page")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's rule (no ``_`` names), and only :meth:`readable` values."""
        return super().is_safe_attribute(obj, attr, value) and self.readable(value)

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``, refused unless :meth:`readable` (Jinja's sandbox does not
        check a value found by key: ``config.plugins`` falls back to
        ``config["plugins"]``)."""
        value = super().getattr(obj, attribute)
        if not self.readable(value):
            self._refuse(obj, attribute, value)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]``, refused unless :meth:`readable` (``config["plugins"]``)."""
        value = super().getitem(obj, argument)
        if not self.readable(value):
            self._refuse(obj, argument, value)
        return value

    def is_safe_callable(self, obj: Any) -> bool:
        """True for the allowed callables and for methods of plain values only."""
        if not super().is_safe_callable(obj):
            return False
        if self.allows(obj) or isinstance(obj, jinja2.runtime.Macro):
            return True  # a {% macro %} of the page itself runs in this sandbox too
        owner = getattr(obj, "__self__", None)
        return owner is not None and type(owner) in _PLAIN_TYPES


def sandbox_of(env: jinja2.Environment) -> PageSandbox:
    """A :class:`PageSandbox` with ``env``'s settings, globals, filters and tests.

    Args:
        env: the environment mkdocs-macros made (loader, undefined, delimiters).

    Returns:
        A new sandboxed environment; ``env`` itself is left as it was.
    """
    if isinstance(env, PageSandbox):
        return env
    options = {
        name: getattr(env, name)
        for name in (
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string",
            "line_statement_prefix",
            "line_comment_prefix",
            "trim_blocks",
            "lstrip_blocks",
            "newline_sequence",
            "keep_trailing_newline",
            "undefined",
            "finalize",
            "autoescape",
            "loader",
        )
    }
    sandbox = PageSandbox(extensions=list(env.extensions), **options)
    for name, value in env.globals.items():
        sandbox.globals.setdefault(name, value)
    sandbox.filters.update(
        {
            name: _plain_arguments(value)
            for name, value in env.filters.items()
            if name not in HIDDEN_FILTERS
        }
    )
    for name in HIDDEN_GLOBALS:
        sandbox.globals.pop(name, None)
    sandbox.tests.update(env.tests)
    return sandbox


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
    # mkdocs-macros keeps its environment in ``_env`` (``env`` is a read-only property);
    # the page is rendered with whatever is there, so the sandbox goes there.
    env = plugin._env = sandbox_of(plugin.env)
    env.finalize = finalize
    for name in HIDDEN_VARIABLES:
        plugin.variables.pop(name, None)
    _make_variables_plain(plugin.variables)
    page = plugin.page
    _titles[id(page)] = vars(page).get("title", _UNSET)
    for name, macro in plugin.macros.items():
        if name in HIDDEN_MACROS:
            env.globals.pop(name, None)
            continue
        current = env.globals.get(name)
        if env.allows(current) and macro in (current, getattr(current, "__wrapped__", None)):
            continue  # set for an earlier page
        wrapped = macro if name in UNTRUSTED_MACROS else trusted(macro)
        env.globals[name] = wrapped
        env.allow(wrapped)
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
        if isinstance(exc, SecurityError):
            what = f"not allowed in a page: {_shortened(str(exc))}"
        elif isinstance(exc, jinja2.UndefinedError):
            what = f"undefined name: {exc.message}"
        else:
            what = f"a macro failed: {type(exc).__name__}: {exc}"
        raise PluginError(f"{where}:{line}: {what}") from None


def _make_variables_plain(variables: dict[str, Any]) -> None:
    """Replace each page variable but ``page`` with :func:`plain_data` (in place).

    ``config`` is MkDocs' configuration object, whose ``plugins`` and ``hooks`` hold the
    plugins and hook modules, and ``macros``/``filters`` hold functions: a page printing
    them would publish their innards and the build machine's paths. ``page`` stays the
    MkDocs page (mkdocs-macros reads its ``meta``); the sandbox lets a page read only
    plain values from it (:meth:`PageSandbox.readable`).
    """
    for name, value in list(variables.items()):
        if name == "page":
            continue
        data = plain_data(value)
        if data is _DROPPED:
            del variables[name]
        else:
            variables[name] = data


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


def _shortened(text: str, limit: int = 160) -> str:
    """``text`` cut to ``limit`` characters (Jinja's messages can hold a whole object's repr)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
