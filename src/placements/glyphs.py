"""Which characters no installed font can show.

WeasyPrint (through Pango and fontconfig) falls back from the stylesheet's fonts to any
installed font that has a character; when none has it, the PDF gets an empty box (the
``.notdef`` glyph) and the text is silently lost. This module asks fontconfig, once per
process, for every installed font file and the characters it covers (``fc-list``), so a
build can refuse text it cannot print and name the characters.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

_SKIP_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
"""Controls, format characters (ZWJ, direction marks) and spaces: never drawn as glyphs."""


class FontsUnavailable(RuntimeError):
    """fontconfig's ``fc-list`` is not installed, so coverage cannot be checked."""


class Coverage:
    """The set of characters at least one installed font covers.

    Args:
        ranges: inclusive ``(first, last)`` code point ranges, in any order.
    """

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        merged: list[tuple[int, int]] = []
        for first, last in sorted(ranges):
            if merged and first <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        self._starts = [r[0] for r in merged]
        self._ends = [r[1] for r in merged]

    def covers(self, char: str) -> bool:
        """Return whether some installed font has a glyph for the one character ``char``."""
        point = ord(char)
        i = bisect_right(self._starts, point) - 1
        return i >= 0 and point <= self._ends[i]

    def missing(self, text: str) -> list[str]:
        """Return the characters of ``text`` no font covers, once each, in order of appearance.

        Spaces, controls, format characters (zero-width joiners, direction marks) and
        variation selectors are ignored: they are not drawn as glyphs of their own.
        """
        seen: dict[str, None] = {}
        for char in text:
            if char in seen or not needs_glyph(char):
                continue
            if not self.covers(char):
                seen[char] = None
        return list(seen)


def needs_glyph(char: str) -> bool:
    """Return whether ``char`` is drawn with a glyph of its own (not a space or control)."""
    point = ord(char)
    if 0xFE00 <= point <= 0xFE0F or 0xE0100 <= point <= 0xE01EF:  # variation selectors
        return False
    return unicodedata.category(char) not in _SKIP_CATEGORIES


def describe(char: str) -> str:
    """Return ``'ŵ' (U+0175 LATIN SMALL LETTER W WITH CIRCUMFLEX)`` for a message."""
    name = unicodedata.name(char, "unnamed character")
    return f"{char!r} (U+{ord(char):04X} {name})"


def parse_charset(text: str) -> list[tuple[int, int]]:
    """Parse fontconfig's ``%{charset}`` format (``20-7e a0-17f 2013``) into ranges."""
    ranges = []
    for part in text.split():
        first, _, last = part.partition("-")
        try:
            ranges.append((int(first, 16), int(last or first, 16)))
        except ValueError:
            continue
    return ranges


@functools.cache
def installed_coverage() -> Coverage:
    """Return the characters covered by the fonts fontconfig lists on this machine.

    Cached for the life of the process (install fonts, then start a new build).

    Raises:
        FontsUnavailable: ``fc-list`` (Debian package ``fontconfig``) is not installed
            or failed.
    """
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise FontsUnavailable("fc-list was not found; install fontconfig")
    try:
        out = subprocess.run(
            [fc_list, "--format", "%{charset}\n"],
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise FontsUnavailable(f"fc-list failed: {exc}") from exc
    return Coverage(r for line in out.splitlines() for r in parse_charset(line))
