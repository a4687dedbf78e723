"""Information governance (IG) check: nothing patient-identifiable or personal is published.

:func:`check_ig` looks at every published text (:func:`published_texts`: every field of
every file in ``content/`` except ``cohorts/``, and from cohorts only their names,
feedback words and the comments agreed for quoting; and the site's own pages,
``docs/**/*.md``, line by line) and reports:

- an **error** for anything that is a valid NHS number;
- an **error** for text that does not show as it is written: a bidirectional control
  character (:data:`BIDI_CONTROLS`), or a word that mixes letters from different
  alphabets (:func:`mixed_script_words`), the two ways look-alike text hides what it
  says (an officer's name, for one: :mod:`placements.privacy`);
- a **warning** for likely personal details: a date of birth, a UK personal phone number
  (mobile or landline), an email address outside the organisational domains listed in
  ``scheme.yaml`` (``ig.organisational_email_domains``).

Problems name the file, line, column and field; the offending value is never printed in
full (an NHS number is masked; a mixed word not at all), so the report itself does not
spread the data. HTML character references are decoded before looking for hidden text
(``&#x202E;`` is a right-to-left override on the page).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from confusable_homoglyphs import categories as unicode_scripts
from pydantic import BaseModel

from .content import Content
from .problems import Problem, Severity, quote
from .yamlio import Loc

_NHS_CANDIDATE = re.compile(r"(?<![\d])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d[\d\s()-]{7,14}\d(?!\d)")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{4}})"
)
_DOB = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|born(?:\s+on)?)\W{{0,5}}\s*{_DATE}",
    re.IGNORECASE,
)


HTML_ENTITY = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")
"""An HTML character reference, as :func:`html.unescape` finds them."""

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069):
they change the order in which the letters after them are shown, so that
``"\\u202eecyrP delA\\u202c"`` reads "Aled Pryce" (Unicode Standard Annex #9; the
"Trojan Source" attacks, CVE-2021-42574)."""


def nhs_number_is_valid(digits: str) -> bool:
    """Return whether ten digits form a valid NHS number (modulus 11 check digit).

    Rule (NHS Data Dictionary, "NHS number"): multiply each of the first nine digits by
    a weight from 10 down to 2 and add the products; the check digit is 11 minus the
    remainder of that sum divided by 11, where 11 becomes 0 and 10 means the number is
    invalid. The tenth digit must equal the check digit.

    Args:
        digits: exactly ten ASCII digits, no spaces.

    Raises:
        ValueError: when ``digits`` is not ten ASCII digits.
    """
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValueError(f"expected ten digits, got {len(digits)} characters")
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    if check == 10:
        return False
    return check == int(digits[9])


def mask_nhs_number(text: str) -> str:
    """Return ``text`` (an NHS number as written) with every digit but the last hidden."""
    positions = [i for i, c in enumerate(text) if c.isdigit()]
    keep = set(positions[-1:])
    return "".join("*" if c.isdigit() and i not in keep else c for i, c in enumerate(text))


def _mask_digits(text: str, keep: int = 2) -> str:
    positions = [i for i, c in enumerate(text) if c.isdigit()]
    shown = set(positions[-keep:]) if keep else set()
    return "".join("*" if c.isdigit() and i not in shown else c for i, c in enumerate(text))


@dataclass(frozen=True)
class Finding:
    """One IG finding in one piece of text.

    Attributes:
        message: what was found and what to do, in plain English.
        shown: the finding as it may be printed (masked), for ``(got ...)``; ``None``
            when nothing of it may be printed.
        severity: error for an NHS number or hidden text, warning otherwise.
    """

    message: str
    shown: str | None
    severity: Severity


def scan_text(text: str, email_domains: tuple[str, ...] = ()) -> list[Finding]:
    """Return every IG finding in ``text``, in order of position.

    Args:
        text: one field's text.
        email_domains: organisational email domains; addresses at these domains or their
            subdomains (``nhs.net`` allows ``x@nhs.net``; ``nhs.uk`` allows
            ``x@trust.nhs.uk``) are not reported.
    """
    return [f for _, f in _scan(text, email_domains)]


def _scan(text: str, email_domains: tuple[str, ...]) -> list[tuple[int, Finding]]:
    """Every finding in ``text`` with its 0-based start offset, in order."""
    found: list[tuple[int, Finding]] = []
    nhs_spans: list[tuple[int, int]] = []
    for m in _NHS_CANDIDATE.finditer(text):
        digits = m.group(1) + m.group(2) + m.group(3)
        if nhs_number_is_valid(digits):
            nhs_spans.append(m.span())
            found.append(
                (
                    m.start(),
                    Finding(
                        "a valid NHS number: patient-identifiable information must never be "
                        "published; remove it",
                        quote(mask_nhs_number(m.group(0))),
                        Severity.ERROR,
                    ),
                )
            )
    for m in _DOB.finditer(text):
        found.append(
            (
                m.start(),
                Finding(
                    "looks like a date of birth: personal details must not be published; "
                    "remove it or describe the situation without it",
                    quote(_mask_digits(m.group(0), keep=0)),
                    Severity.WARNING,
                ),
            )
        )
    for m in _PHONE_CANDIDATE.finditer(text):
        if any(a <= m.start() < b for a, b in nhs_spans):
            continue
        kind = _uk_phone_kind(m.group(0))
        if kind is None:
            continue
        found.append(
            (
                m.start(),
                Finding(
                    f"looks like a {kind} phone number: publish only organisational numbers, "
                    "never a person's own",
                    quote(_mask_digits(m.group(0).strip(), keep=3)),
                    Severity.WARNING,
                ),
            )
        )
    allowed = tuple(d.lower().lstrip("@.") for d in email_domains)
    for m in _EMAIL.finditer(text):
        domain = m.group(1).lower()
        if any(domain == d or domain.endswith("." + d) for d in allowed):
            continue
        found.append(
            (
                m.start(),
                Finding(
                    "an email address outside the organisational domains "
                    f"({', '.join(allowed) or 'none configured'}): publish only "
                    "organisational mailboxes; to allow a domain, add it to "
                    "ig.organisational_email_domains in scheme.yaml",
                    quote("…@" + domain),
                    Severity.WARNING,
                ),
            )
        )
    found += _hidden_text(text)
    return sorted(found, key=lambda item: item[0])


# --- Text that does not show as written --------------------------------------------------

_SCRIPTS_TOGETHER = [
    frozenset({"LATIN", "HAN", "HIRAGANA", "KATAKANA"}),  # Japanese
    frozenset({"LATIN", "HAN", "BOPOMOFO"}),  # Chinese
    frozenset({"LATIN", "HAN", "HANGUL"}),  # Korean
]
"""Alphabets that one word may mix: languages written without spaces between words, and
Latin letters next to them (the "highly restrictive" level of Unicode Technical Standard
#39, section 5.2)."""

_NO_SCRIPT = frozenset({"COMMON", "INHERITED", "Unknown"})
"""Values of Unicode's script property that are no alphabet: letters shared by all (the
micro sign of "µg"), marks that take the script of the letter they sit on."""

_MICRO_SIGN = "\u00b5"
"""The micro sign of "µg": of no script in Unicode, but NFKD makes it Greek mu."""

_SCRIPT_OF: dict[str, str | None] = {}
_LETTERS = frozenset({"Lu", "Ll", "Lt", "Lo"})  # not modifier letters (Lm), which are marks


def _script(char: str) -> str | None:
    """The alphabet of one character: ``""`` for a character that belongs to a word but
    to no alphabet (an accent, an invisible joiner, a modifier letter, the micro sign),
    ``None`` for one that ends a word (space, digit, punctuation...).

    A letter's alphabet is its Unicode script property (``Scripts.txt``, as the
    ``confusable_homoglyphs`` package ships it: "LATIN", "CYRILLIC", "HAN"...); for
    full-width, mathematical and other compatibility letters, their plain letter's
    (the mathematical letters themselves are "Common").
    """
    if char in _SCRIPT_OF:
        return _SCRIPT_OF[char]
    category = unicodedata.category(char)
    script: str | None = ""
    if category in _LETTERS and char != _MICRO_SIGN:
        decomposed = unicodedata.normalize("NFKD", char)
        letters = [c for c in decomposed if unicodedata.category(c) in _LETTERS] or [char]
        script = unicode_scripts.alias(letters[0])
        if script in _NO_SCRIPT:
            script = ""
    elif category[0] not in "LM" and category != "Cf":
        script = None
    _SCRIPT_OF[char] = script
    return script


def mixed_script_words(text: str) -> Iterator[tuple[int, list[str]]]:
    """``(start, alphabets)`` for every word of ``text`` whose letters come from more than
    one alphabet ("script"), Latin first and the others in order of appearance.

    A word is a run of letters, with the accents and invisible characters inside it
    (which do not split a word on screen); a letter's alphabet is its Unicode script
    (:func:`_script`: Cyrillic for "а"). Letters of no alphabet (the micro sign) mix
    with any. Japanese, Chinese and Korean words may mix their own alphabets and Latin
    (:data:`_SCRIPTS_TOGETHER`).

    Source: Unicode Technical Standard #39 (Unicode Security Mechanisms), section 5.1,
    mixed-script detection: a word of one language is written in one script, so a
    Latin word with a Cyrillic "а" in it ("Аled") is a look-alike spelling, which a
    reader cannot tell from the real word and a search for the real word misses. A
    word wholly in another alphabet (a translation: "Привет", "Καλημέρα") is not mixed.
    """
    if text.isascii():
        return
    start = -1
    scripts: list[str] = []
    for index, char in enumerate(f"{text} "):
        script = _script(char)
        if script is None:
            if len(scripts) > 1 and not any(set(scripts) <= ok for ok in _SCRIPTS_TOGETHER):
                yield start, sorted(scripts, key=lambda s: s != "LATIN")
            start, scripts = -1, []
            continue
        if start < 0:
            start = index
        if script and script not in scripts:
            scripts.append(script)


def _alphabets(scripts: list[str]) -> str:
    names = [s.replace("_", " ").title() for s in scripts]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _hidden_text(text: str) -> list[tuple[int, Finding]]:
    """Bidirectional controls and mixed-script words in ``text`` (HTML character
    references decoded), each with its start offset in ``text``."""
    decoded, origins = text, list(range(len(text) + 1))
    if "&" in text:
        chars: list[str] = []
        origins = []
        last = 0
        for m in HTML_ENTITY.finditer(text):
            value = html.unescape(m.group())
            chars += [text[last : m.start()], value]
            origins += [*range(last, m.start()), *[m.start()] * len(value)]
            last = m.end()
        chars.append(text[last:])
        origins += [*range(last, len(text) + 1)]
        decoded = "".join(chars)
    found: list[tuple[int, Finding]] = []
    for m in BIDI_CONTROLS.finditer(decoded):
        control = m.group()
        found.append(
            (
                origins[m.start()],
                Finding(
                    "a bidirectional control character, which can show the text after it "
                    "in a different order from how it is written (hiding what it says): "
                    "remove it",
                    f"U+{ord(control):04X} {unicodedata.name(control).lower()}",
                    Severity.ERROR,
                ),
            )
        )
    for start, scripts in mixed_script_words(decoded):
        found.append(
            (
                origins[start],
                Finding(
                    f"this word mixes letters from different alphabets ({_alphabets(scripts)}), "
                    "which is how look-alike spellings hide text: retype it",
                    None,
                    Severity.ERROR,
                ),
            )
        )
    return found


def scan_line(text: str, email_domains: tuple[str, ...] = ()) -> list[tuple[int, Finding]]:
    """Like :func:`scan_text`, with the 1-based column where each finding starts."""
    return [(start + 1, f) for start, f in _scan(text, email_domains)]


def _uk_phone_kind(candidate: str) -> str | None:
    """``"mobile"``/``"landline"`` for a UK mobile or geographic number, else ``None``.

    Numbers are 11 digits in national form (``07...`` mobiles; ``01...``/``02...``
    geographic landlines; Ofcom National Telephone Numbering Plan). Non-geographic
    numbers (``03``, ``08``) are organisational and not reported.
    """
    digits = re.sub(r"\D", "", candidate)
    if candidate.lstrip().startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0")
    if len(digits) != 11:
        return None
    if digits.startswith("07"):
        return "mobile"
    if digits.startswith(("01", "02")):
        return "landline"
    return None


def text_fields(obj: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text value in a model object, with its field path (lists walked)."""
    for name in type(obj).model_fields:
        yield from _values(getattr(obj, name), (*loc, name))


def _values(value: object, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, BaseModel):
        yield from text_fields(value, loc)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _values(item, (*loc, i))


def published_files(content: Content) -> Iterator[tuple[str, str, BaseModel]]:
    """``(kind, key, model)`` of every file published whole (every file but cohorts)."""
    yield "scheme", "", content.scheme
    yield "induction", "", content.induction
    yield "safeguarding", "", content.safeguarding
    yield "leaflet", "", content.leaflet
    glossary = getattr(content, "glossary", None)
    if glossary is not None:
        yield "glossary", "", glossary
    for slug, service in content.services.items():
        yield "service", slug, service


def published_texts(content: Content) -> Iterator[tuple[str, str, Loc, str]]:
    """``(kind, key, field path, text)`` of every text that is published or quoted.

    Every text field of every file but cohorts; from cohorts, only what leaves the
    private outputs: the cohort's name and its feedback's one-word answers (outcomes
    page) and the comments officers agreed may be quoted (evaluation report). Officers'
    names, ids and buddies are not published and not listed.
    """
    for kind, key, obj in published_files(content):
        for loc, text in text_fields(obj):
            yield kind, key, loc, text
    for cohort_id, cohort in content.cohorts.items():
        yield "cohort", cohort_id, ("name",), cohort.name
        feedback = getattr(cohort, "feedback", None)
        for i, response in enumerate(feedback.responses if feedback else []):
            loc = ("feedback", "responses", i)
            if response.one_word:
                yield "cohort", cohort_id, (*loc, "one_word"), response.one_word
            if response.comment and response.publish_comment:
                yield "cohort", cohort_id, (*loc, "comment"), response.comment


def check_ig(content: Content) -> Iterator[Problem]:
    """Report NHS numbers and hidden text (errors) and likely personal details (warnings)
    in published text.

    Source: IG rules for published material (UK GDPR, Data Protection Act 2018,
    Caldicott principles; DOMAIN.md): an NHS number must never appear in published
    material. Hidden text (bidirectional controls, mixed-script words): Unicode
    Technical Standard #39, section 5.1, and Unicode Standard Annex #9 (see
    :func:`mixed_script_words` and :data:`BIDI_CONTROLS`). What counts as published:
    :func:`published_texts`.
    """
    domains = tuple(content.scheme.ig.organisational_email_domains)
    for kind, key, loc, text in published_texts(content):
        for finding in scan_text(text, domains):
            yield content.locate(
                kind, key, loc, finding.message, finding.shown, severity=finding.severity
            )
    yield from check_pages(content.root.parent / "docs", domains)


def check_pages(docs: Path, email_domains: tuple[str, ...] = ()) -> Iterator[Problem]:
    """The same check over the site's own pages (``docs/**/*.md``), line by line.

    Problems are located at ``docs/<page>:<line>:<column>`` of the finding.
    """
    if not docs.is_dir():
        return
    for page in sorted(docs.rglob("*.md")):
        shown = f"docs/{page.relative_to(docs).as_posix()}"
        text = page.read_text(encoding="utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            for column, finding in scan_line(line, email_domains):
                yield Problem(
                    shown, number, column, "", finding.message, finding.shown, finding.severity
                )
