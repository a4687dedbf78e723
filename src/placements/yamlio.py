"""The one YAML reader: every content file is read by :func:`read_yaml`.

Rules (DESIGN.md, "one YAML entry point"; the traps are listed in
``shared/cases/README.md``):

- the file must be UTF-8; a UTF-8 byte-order mark is dropped; any other encoding gets
  an error naming the line and column of the first bad byte and how to re-save;
- only ``true`` and ``false`` are booleans and only ``null``, ``~`` or nothing is null
  (YAML 1.2 core schema); every other plain scalar stays text exactly as written, so
  ``no``, ``No``, ``0123``, ``1.10``, ``9:30`` and ``2025-3-4`` reach the model as text
  and the model decides what a field accepts;
- tags that construct objects (``!!python/...``, custom ``!tags``) are rejected;
- duplicate keys at any depth are an error naming the key and both lines;
- a folded block scalar (``>``) whose lines look like Markdown headings or list items
  gets a warning, because folding joins those lines into one paragraph;
- a plain value followed on the same line by ``#`` and a non-space character (``Ward
  #3``) gets a warning: YAML drops everything from `` #`` as a comment;
- YAML merge keys (``<<``) are refused (they silently copy fields);
- a file that expands aliases into more than ``_MAX_NODES`` values (an "alias bomb")
  is refused with one error.

The reader never raises for bad content: it returns a :class:`Document` whose
``problems`` say what is wrong and whose ``data`` is ``None`` when the file could not be
read at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from .problems import Problem, Severity, line_column
from .problems import quote as json_quote

Loc = tuple[str | int, ...]

_BOM = b"\xef\xbb\xbf"
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# Explicit standard tags that only ask for a scalar: the value is kept as text and the
# model parses it, so ``!!int 5`` and ``5`` mean the same.
_TEXT_TAGS = {_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
_MAX_NODES = 200_000  # guards against alias bombs ("billion laughs")
_MARKDOWN_LINE = re.compile(r"^\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s)")


class _CoreResolver(Resolver):
    """YAML 1.2 core booleans and nulls only; everything else plain is text."""


_CoreResolver.yaml_implicit_resolvers = {}
_CoreResolver.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_CoreResolver.add_implicit_resolver(
    _NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Loader(Reader, Scanner, Parser, Composer, SafeConstructor, _CoreResolver):
    """A composer-only loader with the core resolver (construction is done here)."""

    def __init__(self, stream: str):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)


@dataclass
class Document:
    """A YAML file read into plain Python values, with the position of every value.

    Attributes:
        path: the file's display path (used in every problem).
        data: the values (dicts, lists, ``str``, ``bool``, ``None``), or ``None`` when
            the file could not be parsed.
        marks: field path (tuple of keys and list indexes) -> (line, column), 1-based,
            of the value at that path.
        key_marks: field path -> (line, column) of the key that introduces it.
        problems: problems found while reading (errors and warnings).
        written: field path -> the scalar exactly as written in the file (for showing
            what was written, e.g. ``yes`` rather than a converted value).
        invalid: field paths whose value was refused by the reader (a tag, a merge
            key); validation errors at or under them repeat that problem and are dropped.
    """

    path: str
    data: Any = None
    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    written: dict[Loc, str] = field(default_factory=dict)
    invalid: set[Loc] = field(default_factory=set)

    def refused(self, loc: Loc) -> bool:
        """Return True when ``loc`` or one of its parents was refused by the reader."""
        loc = tuple(loc)
        return any(loc[:n] in self.invalid for n in range(len(loc) + 1))

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) for ``loc``, falling back to its nearest known parent.

        With ``key=True`` the key's position is preferred (for unknown or duplicate keys).
        """
        loc = tuple(loc)
        while True:
            if key and loc in self.key_marks:
                return self.key_marks[loc]
            if loc in self.marks:
                return self.marks[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]

    def error(
        self, loc: Loc, message: str, got: str | None = None, *, key: bool = False
    ) -> Problem:
        """Return an error :class:`Problem` located at ``loc`` (does not record it)."""
        line, col = self.locate(loc, key=key)
        return Problem(self.path, line, col, dotted(loc), message, got)


def dotted(loc: Loc) -> str:
    """Return a field path as dotted text: ``("officers", 2, "name")`` -> ``officers.2.name``."""
    return ".".join(str(part) for part in loc)


def read_yaml(path: Path, display: str | None = None) -> Document:
    """Read one YAML content file by the rules in this module's docstring.

    Args:
        path: the file to read.
        display: the path to show in problems (default: ``str(path)``).

    Returns:
        A :class:`Document`; its ``problems`` list every error and warning found.
    """
    shown = display or str(path)
    doc = Document(shown)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        doc.problems.append(Problem(shown, 0, 0, "", f"cannot read the file: {exc.strerror}"))
        return doc
    text = decode_text(raw, doc)
    if text is None:
        return doc
    return parse_yaml(text, doc)


def parse_yaml(text: str, doc: Document) -> Document:
    """Parse YAML ``text`` into ``doc`` (see :func:`read_yaml`); returns ``doc``."""
    loader: _Loader | None = None
    try:
        loader = _Loader(text)  # the reader checks every character on construction
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        doc.problems.append(_syntax_problem(doc.path, exc, text))
        return doc
    except yaml.YAMLError as exc:  # ReaderError: a character YAML does not allow
        doc.problems.append(_reader_problem(doc.path, exc, text))
        return doc
    except RecursionError:
        doc.problems.append(_too_deep(doc.path))
        return doc
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        doc.data = None
        message = "the file is empty" if not text.strip() else "the file holds only comments"
        doc.problems.append(
            Problem(doc.path, 1, 1, "", f"{message}; expected fields (name: value lines)")
        )
        return doc
    builder = _Builder(doc, text)
    try:
        doc.data = builder.build(node, ())
    except RecursionError:
        doc.data = None
        doc.marks.clear()
        doc.problems.append(_too_deep(doc.path))
    except _TooLarge as exc:
        doc.data = None
        doc.marks.clear()
        doc.problems[:] = [p for p in doc.problems if p.severity is Severity.WARNING]
        doc.problems.append(
            Problem(
                doc.path,
                exc.line,
                exc.column,
                "",
                f"the file expands to more than {_MAX_NODES} values (an alias such as "
                "'*name' is repeated too often); write the values out instead",
            )
        )
    return doc


def _too_deep(path: str) -> Problem:
    return Problem(
        path,
        1,
        1,
        "",
        "the file nests lists or groups of fields too deeply to read; "
        "content files need only a few levels",
    )


def decode_text(raw: bytes, doc: Document) -> str | None:
    """Decode ``raw`` as UTF-8 (BOM tolerated); else record a located problem in ``doc``, return None."""
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        doc.problems.append(
            Problem(
                doc.path,
                1,
                1,
                "",
                "the file is saved as UTF-16 (Unicode); open it in your editor and save it "
                "with the encoding 'UTF-8'",
            )
        )
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        column = len(raw[line_start : exc.start].decode("utf-8", errors="replace")) + 1
        bad = raw[exc.start : exc.start + 1]
        guess = bad.decode("cp1252", errors="replace")
        hint = f" (in Windows-1252 that byte is {guess!r})" if guess != "\ufffd" else ""
        doc.problems.append(
            Problem(
                doc.path,
                line,
                column,
                "",
                f"the file is not UTF-8: byte 0x{bad.hex()}{hint} cannot be read; "
                "open the file in your editor and save it with the encoding 'UTF-8'",
            )
        )
        return None


_SYNTAX_HINTS: list[tuple[str, str]] = [
    (
        "found character '\\t'",
        "a tab character: YAML indents with spaces only; replace the tab with spaces",
    ),
    (
        "found unexpected end of stream",
        "a quote was opened and never closed; add the closing quote",
    ),
    (
        "while scanning a quoted scalar",
        "a quote was opened and never closed; add the closing quote",
    ),
    (
        "mapping values are not allowed here",
        "a colon followed by a space inside a value; put the whole value in quotes, "
        "or check the indentation of this line",
    ),
    (
        "could not find expected ':'",
        "a line is missing the colon after its field name, or a quote is not closed",
    ),
    (
        "expected <block end>, but found",
        "the indentation is inconsistent; line this up with the fields above it "
        "(and start a new list item with '- ')",
    ),
    (
        "found undefined alias",
        "a '*' starts an alias in YAML; put a value that starts with '*' in quotes",
    ),
    (
        "found character '@' that cannot start any token",
        "a value cannot start with '@' or '`'; put it in quotes",
    ),
    (
        "found character '`' that cannot start any token",
        "a value cannot start with '@' or '`'; put it in quotes",
    ),
    (
        "expected ',' or ']'",
        "a list in square brackets is not closed or has a stray character; "
        "put items with commas or colons in quotes",
    ),
    (
        "expected ',' or '}'",
        "a mapping in braces is not closed or has a stray character",
    ),
    (
        "while parsing a block collection",
        "a list item ('- ') is not lined up with the items above it",
    ),
    (
        "found duplicate anchor",
        "the same '&anchor' name is used twice",
    ),
    (
        "while scanning an alias",
        "a value cannot start with '*' (YAML reads it as an alias); put the whole value "
        'in quotes, e.g. "*Note:* ..."',
    ),
    (
        "while scanning an anchor",
        "a value cannot start with '&' (YAML reads it as an anchor); put it in quotes",
    ),
    (
        "expected a single document",
        "a line '---' starts a second document, but a content file holds one; "
        "remove the '---' line or split the file",
    ),
    (
        "found character '%' that cannot start any token",
        "a value cannot start with '%'; put it in quotes",
    ),
]


_OPEN_QUOTE = re.compile(r"^\s*(?:- )?(?:[^\s:#'\"][^:#]*:\s+)?(['\"])")


def _unclosed_quote(text: str, before: int) -> tuple[int, int] | None:
    """Return (line, column) of the last value before line ``before`` whose quote never closes.

    A quoted YAML value may run over several lines, so an unclosed quote shows up as an
    error further down; this finds where the quote was opened.
    """
    lines = text.splitlines()
    for number in range(min(before, len(lines)), 0, -1):
        line = lines[number - 1]
        match = _OPEN_QUOTE.match(line)
        if not match:
            continue
        quote_char, start = match.group(1), match.end(1)
        rest = line[start:]
        closed = (
            rest.replace(quote_char * 2, "").count(quote_char)
            if quote_char == "'"
            else (len(re.findall(r'(?<!\\)"', rest)))
        )
        if closed == 0:
            return number, start
    return None


_KEY_LINE = re.compile(r"^(\s*)(- )?[^\s#'\"\[{|>&*!%@`-][^#]*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _previous_content_line(text: str, before: int) -> int:
    """Return the number of the last non-blank, non-comment line before ``before`` (or 0)."""
    lines = text.splitlines()
    for number in range(min(before, len(lines) + 1) - 1, 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 0


def _layout_problem(path: str, text: str, line: int) -> Problem | None:
    """Explain the two layout slips YAML reports a line late, at the line that has them.

    A line with no ``: `` (``name:Ward A``, or a value's continuation indented like a
    field) makes YAML join it to the next line, and the error shows up there.
    """
    prev = _previous_content_line(text, line)
    if not prev:
        return None
    above, here = _line(text, prev), _line(text, line)
    if not _KEY_LINE.match(above) or ": " in above or above.rstrip().endswith(":"):
        if ": " in above and _indent(here) > _indent(above) and ": " in here:
            return Problem(
                path,
                line,
                _indent(here) + 1,
                "",
                f"YAML syntax error: this line is indented more than line {prev}, so YAML "
                f"reads it as part of that line's value; line it up with the field above",
            )
        return None
    if _indent(above) != _indent(here):
        return None
    stripped = above.strip().removeprefix("- ")
    colon = re.search(r":(?=\S)", stripped)
    hint = (
        f"put a space after the colon: {stripped[: colon.start() + 1]} {stripped[colon.end() :]}"
        if colon
        else "write it as 'name: value' (a colon and a space after the field name)"
    )
    return Problem(
        path,
        prev,
        _indent(above) + 1,
        "",
        f"YAML syntax error: this line has no ': ' after a field name, so YAML joins it "
        f"to the next line; {hint}",
    )


def _quote_closes_at(line: str, index: int) -> bool:
    """Return True when the quote mark at ``index`` closes a value opened earlier on ``line``."""
    quote_char = line[index]
    match = _OPEN_QUOTE.match(line)
    if not match or match.group(1) != quote_char or match.end(1) > index:
        return False
    inner = line[match.end(1) : index]
    if quote_char == "'":
        return "'" not in inner.replace("''", "")
    return re.search(r'(?<!\\)"', inner) is None


def _syntax_problem(path: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context and "quoted scalar" in exc.context and exc.context_mark:
        mark = exc.context_mark  # point at the opening quote, not the end of the file
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    here = _line(text, line)
    for number in (line, line - 1):
        odd = _line(text, number)
        if "\u00a0" in odd[: len(odd) - len(odd.lstrip())]:  # str.lstrip() also strips NBSP
            column = odd.index("\u00a0") + 1
            return Problem(
                path,
                number,
                column,
                "",
                "YAML syntax error: an invisible non-breaking space (often pasted from Word) "
                "is in this line's indentation; delete the indentation and type ordinary spaces",
            )
    if 1 < col <= len(here) + 1 and here[col - 2] in "'\"" and _quote_closes_at(here, col - 2):
        quote_char = here[col - 2]
        fix = (
            "inside single quotes write an apostrophe as two ('') or use double quotes"
            if quote_char == "'"
            else 'inside double quotes write a quote mark as \\"'
        )
        return Problem(
            path,
            line,
            col - 1,
            "",
            f"YAML syntax error: the quoted value ends at this {quote_char}, but more text "
            f"follows it; {fix}",
        )
    layout_slip = any(
        needle in f"{exc.context or ''} {exc.problem or ''}"
        for needle in (
            "could not find expected ':'",
            "mapping values are not allowed here",
            "expected <block end>",
            "while parsing a block",
        )
    )
    for number in (line, _previous_content_line(text, line)) if layout_slip else ():
        if re.match(r"^\s*-[^\s-]", _line(text, number)) and number:
            dash = _line(text, number).index("-")
            return Problem(
                path,
                number,
                dash + 1,
                "",
                "YAML syntax error: a list item needs a space after its '-'; write '- ' "
                "then the item",
            )
    if exc.problem and (
        "could not find expected ':'" in exc.problem
        or "mapping values are not allowed here" in exc.problem
    ):
        layout = _layout_problem(path, text, line)
        if layout is not None:
            return layout
    opened = _unclosed_quote(text, line)
    if opened and opened[0] < line:
        return Problem(
            path,
            opened[0],
            opened[1],
            "",
            f"YAML syntax error: the quote opened here is not closed on this line, so YAML "
            f"reads on until line {line} and fails there; add the closing quote",
        )
    detail = f"{exc.context or ''} {exc.problem or ''}".strip()
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in detail), None)
    if "\t" in _line(text, line)[: max(col, 1)] and hint is None:
        hint = _SYNTAX_HINTS[0][1]
    message = f"YAML syntax error: {hint}" if hint else f"YAML syntax error: {detail}"
    return Problem(path, line, col, "", message)


def _reader_problem(path: str, exc: yaml.YAMLError, text: str) -> Problem:
    position = getattr(exc, "position", 0) or 0
    line, col = line_column(text, position)
    char = getattr(exc, "character", "")
    if isinstance(char, str) and char:
        char = ord(char)
    code = f"U+{char:04X}" if isinstance(char, int) else "?"
    return Problem(
        path,
        line,
        col,
        "",
        f"the file contains a control character ({code}) that YAML does not allow; delete it",
    )


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    return lines[number - 1] if 0 < number <= len(lines) else ""


class _TooLarge(Exception):
    """The document expands to more than ``_MAX_NODES`` values (an alias bomb)."""

    def __init__(self, line: int, column: int):
        self.line, self.column = line, column


_TAG_PREFIX = "tag:yaml.org,2002:"
_COMMENT_AFTER = re.compile(r"[ \t]#\S")


def _tag_as_written(tag: str) -> str:
    return "!!" + tag.removeprefix(_TAG_PREFIX) if tag.startswith(_TAG_PREFIX) else tag


class _Builder:
    """Turns composed nodes into plain values, recording positions and problems."""

    def __init__(self, doc: Document, text: str):
        self.doc = doc
        self.text = text
        self.visited = 0

    def build(self, node: Node, loc: Loc) -> Any:
        self.visited += 1
        if self.visited > _MAX_NODES:
            raise _TooLarge(node.start_mark.line + 1, node.start_mark.column + 1)
        self.doc.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return self._scalar(node, loc)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                return self._bad_tag(node, loc)
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                return self._bad_tag(node, loc)
            return self._mapping(node, loc)
        return None  # pragma: no cover - PyYAML has no other node kinds

    def _scalar(self, node: ScalarNode, loc: Loc) -> Any:
        if node.tag in (_BOOL, _NULL):
            self.doc.written[loc] = node.value
        if node.tag == _BOOL:
            return node.value.lower() == "true"
        if node.tag == _NULL:
            return None
        if node.tag not in _TEXT_TAGS:
            return self._bad_tag(node, loc)
        self.doc.written[loc] = node.value
        if node.style == ">":
            self._check_folded(node, loc)
        elif node.style is None:
            self._check_comment(node, loc)
        return node.value

    def _bad_tag(self, node: Node, loc: Loc) -> None:
        self.doc.problems.append(
            self.doc.error(
                loc,
                "YAML tags are not allowed in content; remove the tag "
                "(and put the value in quotes if it should be text)",
                _tag_as_written(node.tag),
            )
        )
        self.doc.invalid.add(loc)
        return None

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line, key_col = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, ScalarNode):
                self.doc.problems.append(
                    Problem(
                        self.doc.path,
                        key_line,
                        key_col,
                        dotted(loc),
                        "a field name must be plain text, not a list or mapping",
                    )
                )
                continue
            key = key_node.value
            if key == "<<":
                self.doc.problems.append(
                    Problem(
                        self.doc.path,
                        key_line,
                        key_col,
                        dotted(loc),
                        "YAML merge keys ('<<') are not used in content files; "
                        "write the fields out in full",
                        "<<",
                    )
                )
                self.doc.invalid.add(loc)
                continue
            if key in first_line:
                self.doc.problems.append(
                    Problem(
                        self.doc.path,
                        key_line,
                        key_col,
                        dotted((*loc, key)),
                        f"duplicate key {key!r}: first on line {first_line[key]}, "
                        f"again on line {key_line}; keep one of them"
                        + (
                            " (or, if this starts a new list item, begin its first line with '- ')"
                            if loc and isinstance(loc[-1], int)
                            else ""
                        ),
                    )
                )
                continue
            first_line[key] = key_line
            self.doc.key_marks[(*loc, key)] = (key_line, key_col)
            result[key] = self.build(value_node, (*loc, key))
        return result

    def _check_comment(self, node: ScalarNode, loc: Loc) -> None:
        """Warn when a comment glued to a plain value (``Ward #3``) cut the value short."""
        end = node.end_mark
        rest = _line(self.text, end.line + 1)[end.column :]
        if _COMMENT_AFTER.match(rest):
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    end.line + 1,
                    end.column + 2,
                    dotted(loc),
                    "YAML treats ' #' and what follows as a comment, so the value ends "
                    "before it; if '#' belongs to the value, put the whole value in quotes",
                    json_quote(node.value + rest.rstrip()),
                    severity=Severity.WARNING,
                )
            )

    def _check_folded(self, node: ScalarNode, loc: Loc) -> None:
        source = self.text[node.start_mark.index : node.end_mark.index]
        body = source.splitlines()[1:]  # the first line holds the '>' indicator
        if any(_MARKDOWN_LINE.match(line) for line in body):
            line, col = node.start_mark.line + 1, node.start_mark.column + 1
            self.doc.problems.append(
                Problem(
                    self.doc.path,
                    line,
                    col,
                    dotted(loc),
                    "this folded block ('>') joins its lines, so the headings or list "
                    "items in it are lost; use a literal block ('|') instead",
                    severity=Severity.WARNING,
                )
            )
