"""How plain the leaflet's language is, measured with ``textstat``.

Targets, and where they come from:

- the standard leaflet (and its A5 and large-print forms, which carry the same words):
  SMOG grade at most :data:`SMOG_TARGET` (9). NHS health-information guidance treats a
  SMOG score above 14 as "rework"; the scheme aims for everyday reading (issue 5);
- the easy-read leaflet: no sentence longer than :data:`EASY_READ_MAX_WORDS` (15) words,
  one idea per sentence (easy-read practice, issue 5).

SMOG is defined for English only; for a leaflet in another language the figures are not
measured and only the easy-read sentence lengths are checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import textstat

from . import model
from .yamlio import Loc

SMOG_TARGET = 9.0
"""Highest SMOG grade accepted for the standard leaflet without a warning."""

EASY_READ_MAX_WORDS = 15
"""Most words accepted in one easy-read sentence without a warning."""

_SENTENCE_END = re.compile(r"(?<=[.!?؟۔])\s+")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass(frozen=True)
class Sentence:
    """One sentence of a leaflet field.

    Attributes:
        loc: the field it comes from (``("questions", 2, "easy_read", 0, "text")``).
        text: the sentence as written.
        words: its number of words.
    """

    loc: Loc
    text: str
    words: int


@dataclass(frozen=True)
class Readability:
    """Readability figures for one version of the leaflet.

    Attributes:
        version: which version (``"standard"`` or ``"easy read"``).
        sentences: number of sentences measured.
        words: number of words.
        longest: the longest sentence.
        smog: SMOG grade (school years), or ``None`` when not measured (not English).
        flesch: Flesch reading ease (0-100, higher is easier), or ``None``.
    """

    version: str
    sentences: int
    words: int
    longest: Sentence
    smog: float | None
    flesch: float | None

    def summary(self) -> str:
        """Return one line of figures, e.g. ``standard: SMOG 6.9 (target <= 9), ...``."""
        parts = [f"{self.version}:"]
        if self.smog is not None:
            parts.append(f"SMOG {self.smog:.1f}")
            if self.version == "standard":
                parts[-1] += f" (target <= {SMOG_TARGET:g})"
            parts[-1] += ","
            parts.append(f"Flesch reading ease {self.flesch:.0f},")
        parts.append(
            f"{self.sentences} sentences, longest {self.longest.words} words"
            + (f" (target <= {EASY_READ_MAX_WORDS})" if self.version == "easy read" else "")
        )
        return " ".join(parts)


def split_sentences(text: str) -> list[str]:
    """Split ``text`` into sentences at ``.``, ``!``, ``?`` (and Arabic-script stops)."""
    return [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def count_words(sentence: str) -> int:
    """Return the number of words in ``sentence`` (hyphenated and ``don't`` count once)."""
    return len(_WORD.findall(sentence))


def standard_fields(leaflet: model.Leaflet) -> Iterator[tuple[Loc, str]]:
    """Yield ``(field, text)`` for the words of the standard leaflet, in reading order."""
    yield ("title",), leaflet.title
    yield ("intro",), leaflet.intro
    for i, qa in enumerate(leaflet.questions):
        yield ("questions", i, "question"), qa.question
        yield ("questions", i, "answer"), qa.answer
    yield ("other_formats",), leaflet.other_formats


def easy_read_fields(leaflet: model.Leaflet) -> Iterator[tuple[Loc, str]]:
    """Yield ``(field, text)`` for the words of the easy-read leaflet, in reading order."""
    yield ("easy_read_title",), leaflet.easy_read_title
    for i, qa in enumerate(leaflet.questions):
        yield ("questions", i, "question"), qa.question
        for j, idea in enumerate(qa.easy_read):
            yield ("questions", i, "easy_read", j, "text"), idea.text


def sentences(fields: Iterator[tuple[Loc, str]]) -> list[Sentence]:
    """Split each field into :class:`Sentence` objects, keeping where each came from."""
    return [Sentence(loc, s, count_words(s)) for loc, text in fields for s in split_sentences(text)]


def is_english(language: str) -> bool:
    """Return whether BCP 47 tag ``language`` is English (``en``, ``en-GB``...)."""
    return language.lower().split("-")[0] == "en"


def measure(leaflet: model.Leaflet) -> list[Readability]:
    """Return the readability of the standard and the easy-read leaflet, in that order.

    SMOG (``textstat.smog_index``) and Flesch reading ease are measured on English text
    only; the longest sentence is found in any language.
    """
    english = is_english(leaflet.language)
    results = []
    for version, fields in (
        ("standard", standard_fields(leaflet)),
        ("easy read", easy_read_fields(leaflet)),
    ):
        found = sentences(fields)
        text = " ".join(_terminated(s.text) for s in found)
        results.append(
            Readability(
                version=version,
                sentences=len(found),
                words=sum(s.words for s in found),
                longest=max(found, key=lambda s: s.words),
                smog=float(textstat.smog_index(text)) if english else None,
                flesch=float(textstat.flesch_reading_ease(text)) if english else None,
            )
        )
    return results


def long_sentences(leaflet: model.Leaflet) -> list[Sentence]:
    """Return the easy-read sentences over :data:`EASY_READ_MAX_WORDS` words."""
    return [s for s in sentences(easy_read_fields(leaflet)) if s.words > EASY_READ_MAX_WORDS]


def crowded_ideas(leaflet: model.Leaflet) -> list[tuple[Loc, int]]:
    """Return ``(field, sentences)`` for easy-read ideas written as more than one sentence.

    Source: easy read puts one idea on each line, beside its picture (issue 5).
    """
    crowded = []
    for i, qa in enumerate(leaflet.questions):
        for j, idea in enumerate(qa.easy_read):
            count = len(split_sentences(idea.text))
            if count > 1:
                crowded.append((("questions", i, "easy_read", j, "text"), count))
    return crowded


def hardest_answers(leaflet: model.Leaflet, count: int = 2) -> list[Loc]:
    """Return the answers with the most words of three or more syllables, hardest first."""
    scored = [
        (textstat.polysyllabcount(qa.answer), ("questions", i, "answer"))
        for i, qa in enumerate(leaflet.questions)
    ]
    scored.sort(key=lambda item: -item[0])
    return [loc for score, loc in scored[:count] if score > 0]


def _terminated(sentence: str) -> str:
    """Give a heading-like sentence a full stop so textstat counts it as a sentence."""
    return sentence if sentence[-1:] in ".!?" else sentence + "."
