"""Roster privacy: officers' names stay in the private cohort outputs, never the site.

Cohort files (``content/cohorts/``) hold personal data: officers' names. The site is
built without them (:mod:`placements.web` never sees a cohort), and two checks make sure
a name cannot arrive by another road:

- :func:`check_roster_in_published` (a rule of ``placements check``) reports an
  officer's name written into any published text (:func:`placements.ig.published_texts`,
  which includes a cohort's name and feedback words) or any page in ``docs/`` (its text
  and its file name, which becomes the page's address);
- :func:`roster_in_folder` (run by the build on the staged site, public PDFs included,
  before it is published) searches every text file of the site, search index and
  sitemap included, and the text of every PDF.

Both compare *folded* text (:func:`placements.namematch.fold`), so that case, accents, look-alike letters,
invisible characters and punctuation cannot hide a name, and both flag the same forms of
a name (:attr:`RosterName.pattern`): the whole name in any order, a double-barrelled
part, and a single distinctive part on its own.

Messages point at the cohort entry (``officers.2.name in content/cohorts/x.yaml``) and
never repeat the name itself. Buddies are recorded as roles, not people, so they are not
roster values; officer ids are pseudonymous and only ever used as private file names.
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from .content import Content
from .ig import published_texts
from .model import PLACEHOLDER
from .namematch import RosterName, fold, fold_with_origins
from .problems import Problem

TEXT_SUFFIXES = {
    *(".html", ".htm", ".js", ".mjs", ".map", ".json", ".webmanifest", ".xml", ".txt"),
    *(".css", ".svg", ".md", ".csv", ".ics", ".yml", ".yaml", ".gz"),
}
"""Site files searched as text (``.gz``: the compressed sitemap, decompressed first).

PDFs are searched too, through their extracted text (:func:`pdf_text`).
"""


def roster_names(content: Content) -> list[RosterName]:
    """Every officer's name in every cohort, with its cohort file and field.

    Placeholders written by ``placements new-cohort`` (``TBC officer 3``) are left out:
    they are not personal data (``placements check`` warns about them separately).
    """
    names = []
    for cohort_id, cohort in content.cohorts.items():
        path = content.paths.get(("cohort", cohort_id), f"content/cohorts/{cohort_id}.yaml")
        for i, officer in enumerate(cohort.officers):
            if officer.name.strip().upper().startswith(PLACEHOLDER):
                continue  # "TBC officer 3" (placements new-cohort) is nobody's name
            names.append(RosterName(officer.name, f"officers.{i}.name in {path}"))
    return names


def _message(name: RosterName) -> str:
    return (
        f"an officer's name ({name.where}) appears in published text; officers' names are "
        "personal data and belong only in their own workbooks: remove it"
    )


# --- Decoding what a reader sees -------------------------------------------------------

_ENTITY = r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)"
"""An HTML character reference, as :func:`html.unescape` finds them."""
_TAG = r"<[^<>]*>"
_ENTITIES = re.compile(_ENTITY)
_ENTITIES_AND_MARKUP = re.compile(rf"{_ENTITY}|{_TAG}|[*_~`]")
"""In a field's or a page's source: HTML entities (decoded), and tags and Markdown
emphasis marks (deleted), which can split a name that still reads as one (``Al*ed*``)."""
_TAGS = re.compile(_TAG)
_LINE_END_HYPHEN = re.compile(r"[-\u00ad\u2010\u2011]\s*[\r\n]\s*")
"""A word broken at the end of a line of a PDF ("Pry-" then "ce"): joined again."""
_JS_ESCAPE = re.compile(
    r"\\u([dD][89abAB][0-9a-fA-F]{2})\\u([dD][c-fC-F][0-9a-fA-F]{2})"
    r"|\\u([0-9a-fA-F]{4})|\\u\{([0-9a-fA-F]{1,6})\}|\\x([0-9a-fA-F]{2})"
)


def _js_unescape(match: re.Match[str]) -> str:
    high, low, code, braced, byte = match.groups()
    if high:
        return chr(0x10000 + ((int(high, 16) - 0xD800) << 10) + int(low, 16) - 0xDC00)
    value = int(code or braced or byte, 16)
    return chr(value) if value <= 0x10FFFF else match.group()


def _decoded(match: re.Match[str]) -> str:
    """An entity decoded, or markup deleted."""
    return html.unescape(match.group()) if match.group().startswith("&") else ""


def _field_variants(text: str) -> list[str]:
    """A field's text folded as readers will see it: entities decoded; and entities
    decoded with tags and Markdown emphasis marks deleted."""
    return [fold(pattern.sub(_decoded, text)) for pattern in (_ENTITIES, _ENTITIES_AND_MARKUP)]


def _page_variants(text: str) -> list[tuple[str, list[int]]]:
    """:func:`_field_variants` of a page, each with its characters' indexes in ``text``."""
    variants = []
    for pattern in (_ENTITIES, _ENTITIES_AND_MARKUP):
        chars: list[str] = []
        origins: list[int] = []
        last = 0
        for m in pattern.finditer(text):
            decoded = _decoded(m)
            chars += [text[last : m.start()], decoded]
            origins += [*range(last, m.start()), *[m.start()] * len(decoded)]
            last = m.end()
        chars.append(text[last:])
        origins += range(last, len(text))
        variants.append(fold_with_origins("".join(chars), origins))
    return variants


def _site_variants(text: str) -> list[str]:
    """A site text file folded as readers and search engines see it: JavaScript and JSON
    escapes and HTML entities decoded; with tags as separators, and deleted."""
    decoded = html.unescape(_JS_ESCAPE.sub(_js_unescape, text))
    return [fold(decoded), fold(_TAGS.sub("", decoded))]


def pdf_text(path: Path) -> str:
    """Everything a reader of the PDF at ``path`` can see or search for, as one text.

    The text of each page, extracted with PDFium (``pypdfium2``: pypdf garbles a whole
    page of WeasyPrint's output when it holds some characters, full-width letters among
    them), then, read with pypdf: the document information (title, author...), the XMP
    metadata, bookmark titles, named destinations, form fields (names, tooltips,
    values) and annotations (contents and link addresses).

    Raises:
        Exception: whatever pypdfium2 or pypdf raise for a file they cannot read.
    """
    document = pdfium.PdfDocument(path)
    try:
        texts = []
        for index in range(len(document)):
            pdf_page = document[index]
            text_page = pdf_page.get_textpage()
            texts.append(text_page.get_text_bounded())
            text_page.close()
            pdf_page.close()
    finally:
        document.close()
    reader = PdfReader(path)
    texts += [str(value) for value in (reader.metadata or {}).values()]
    root = reader.trailer["/Root"]
    if "/Metadata" in root:
        texts.append(root["/Metadata"].get_object().get_data().decode("utf-8", "replace"))

    def titles(items: list[object]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield str(getattr(item, "title", "") or "")

    texts += titles(reader.outline)
    texts += reader.named_destinations
    for field_name, field in (reader.get_fields() or {}).items():
        texts += [field_name, *(str(field.get(key, "")) for key in ("/TU", "/TM", "/V", "/DV"))]
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            texts += [str(annotation.get(key, "")) for key in ("/Contents", "/T", "/TU")]
            action = annotation.get("/A")
            if action is not None and "/URI" in action.get_object():
                texts.append(str(action.get_object()["/URI"]))
    return "\n".join(texts)


# --- The two checks ---------------------------------------------------------------------


def check_roster_in_published(content: Content) -> Iterator[Problem]:
    """Report every officer's name found in a published text field or a ``docs/`` page.

    Each text is searched folded (:func:`fold`; entities decoded, and once more with
    tags and Markdown emphasis deleted) for the forms of each name (:func:`placements.namematch.name_forms`).
    A page is reported at the line and column where the name starts, and at line 0 when
    its file name holds the name (it becomes the page's address).

    Source: officers' names are personal data; they go into the private output only
    and the public site must never contain them (DESIGN.md; UK GDPR).
    """
    names = roster_names(content)
    if not names:
        return
    for kind, key, loc, text in published_texts(content):
        variants = _field_variants(text)
        for name in names:
            if name.found_in(variants):
                yield content.locate(kind, key, loc, _message(name))
    docs = content.root.parent / "docs"
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        shown = f"docs/{page.relative_to(docs).as_posix()}"
        address = fold(page.relative_to(docs).with_suffix("").as_posix())
        text = page.read_text(encoding="utf-8", errors="replace")
        variants = _page_variants(text)
        for name in names:
            if name.search(address):
                yield Problem(shown, 0, 0, "", _message(name))
            for start in _starts(name, variants):
                line = text.count("\n", 0, start) + 1
                column = start - (text.rfind("\n", 0, start) + 1) + 1
                yield Problem(shown, line, column, "", _message(name))


def _starts(name: RosterName, variants: list[tuple[str, list[int]]]) -> list[int]:
    """Where each mention of ``name`` starts in the original text (one per mention,
    however many variants and forms found it)."""
    spans = sorted(
        (origins[m.start()], origins[m.end() - 1] + 1)
        for folded, origins in variants
        if name.search(folded)
        for m in name.pattern.finditer(folded)
    )
    starts: list[int] = []
    end = -1
    for start, stop in spans:
        if start >= end:
            starts.append(start)
        end = max(end, stop)
    return starts


def roster_in_folder(folder: Path, names: list[RosterName]) -> list[str]:
    """Return ``"<file>: <where the name is recorded>"`` for every name found in ``folder``.

    Every text file (see :data:`TEXT_SUFFIXES`) is read as UTF-8 with JavaScript and
    JSON escapes and HTML entities decoded (so ``&#65;led`` or ``\\u0041led`` cannot
    hide a name), then searched folded (:func:`fold`), with tags as separators and once
    more with tags deleted (``Al<b>ed</b>``). Every PDF is searched through
    :func:`pdf_text`, and once more with words hyphenated at the end of a line joined.
    A file that cannot be read (a PDF that PDFium or pypdf cannot parse, a ``.gz`` that
    is not gzip) cannot be vouched for, so it is reported as ``"<file>: could not be
    read to search for officers' names"``.
    """
    found = []
    for path in sorted(folder.rglob("*")):
        suffix = path.suffix.lower()
        if not path.is_file() or (suffix not in TEXT_SUFFIXES and suffix != ".pdf"):
            continue
        shown = path.relative_to(folder).as_posix()
        try:
            if suffix == ".pdf":
                text = pdf_text(path)
                variants = [fold(text), fold(_LINE_END_HYPHEN.sub("", text))]
            else:
                raw = path.read_bytes()
                if suffix == ".gz":
                    raw = gzip.decompress(raw)
                variants = _site_variants(raw.decode("utf-8", errors="replace"))
        except Exception:  # whatever the failure, the file was not searched
            found.append(f"{shown}: could not be read to search for officers' names")
            continue
        found += [f"{shown}: {name.where}" for name in names if name.found_in(variants)]
    return found
