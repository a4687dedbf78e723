"""Roster privacy: officers' names stay in the private cohort outputs, never the site.

Cohort files (``content/cohorts/``) hold personal data: officers' names. The site is
built without them (:mod:`placements.web` never sees a cohort), and two checks make sure
a name cannot arrive by another road:

- :func:`check_roster_in_published` (a rule of ``placements check``) reports an
  officer's name written into any published text (:func:`placements.ig.published_texts`,
  which includes a cohort's name and feedback words) or any file in ``docs/`` (its text
  and its file name, which becomes the page's address);
- :func:`roster_in_folder` (run by the build on the staged site, public PDFs included,
  before it is published) searches every file of the site that is text, search index
  and sitemap included, the text of every PDF, and every file's path.

Both compare *folded* text (:func:`placements.namematch.fold`), so that case, accents,
look-alike letters, invisible characters and punctuation cannot hide a name; both search
each text as written and percent-decoded (``%41led``); and both flag the same forms of a
name (:class:`placements.namematch.RosterName`): the whole name in any order, a
double-barrelled part, and a single distinctive part on its own, as whole words; the
forms of several words written backwards (``ecyrP delA``, a right-to-left override or a
template's ``reverse`` filter); and the whole name run together however it is spaced or
cut up (``P r y c e``, ``<text>Ruth</text> <text>Gann</text>``).

Not decoded: Base64 and other encodings a reader does not see as text
(``QWxlZCBQcnljZQ==``), images of text, and archives inside the site.

Messages point at the cohort entry (``officers.2.name in content/cohorts/x.yaml``) and
never repeat the name itself. Buddies are recorded as roles, not people, so they are not
roster values; officer ids are pseudonymous and only ever used as private file names.
"""

from __future__ import annotations

import base64
import codecs
import contextlib
import gzip
import html
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

import pypdfium2 as pdfium
from bidi import get_display
from pypdf import PdfReader

from .content import Content
from .ig import HTML_ENTITY, published_texts
from .model import PLACEHOLDER
from .namematch import (
    INITIAL_MARK,
    RosterName,
    fold,
    fold_split,
    fold_with_origins,
    names_in,
)
from .picturemeta import PICTURE_FORMATS, picture_metadata
from .pictureocr import (
    PictureUnreadable,
    is_picture,
    picture_words,
    stitched,
    text_art_pictures,
)
from .problems import Problem, line_column

BINARY_MAGIC = {
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".gif": b"GIF8",
    ".webp": b"RIFF",
    ".ico": b"\x00\x00\x01\x00",
    ".woff": b"wOFF",
    ".woff2": b"wOF2",
    ".ttf": b"\x00\x01\x00\x00",
    ".otf": b"OTTO",
    ".zip": b"PK\x03\x04",
    ".gz": b"\x1f\x8b",
}
"""The binary kinds of file a site holds: name ending and how the file begins. A file is
binary only when both agree (:func:`read_text`): "GIF8" at the start of a ``.txt`` file
is text (found by the sixth security trial)."""

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def read_text(raw: bytes, suffix: str = "") -> list[str]:
    """The texts a file's bytes may be read as: none for a binary file.

    A file is binary only when its name (``suffix``, e.g. ``".png"``) says it is an
    image, font or archive and it begins as one does (:data:`BINARY_MAGIC`); anything
    else is read as text, NUL bytes
    dropped (one NUL must not hide a file a browser shows as text: found by a security
    trial). A file starting with a UTF-16 or UTF-32 byte order mark is read in that
    encoding. Text is read as UTF-8; when it is not valid UTF-8 it is also read as
    Windows-1252 (a spreadsheet saved as CSV), so a stray byte cannot hide the rest.
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return [raw.decode(codec, errors="replace")]
    magic = BINARY_MAGIC.get(suffix.lower())
    if magic is not None and raw.startswith(magic):
        return []
    raw = raw.replace(b"\x00", b"")
    try:
        return [raw.decode("utf-8")]
    except UnicodeDecodeError:
        return [raw.decode("utf-8", errors="replace"), raw.decode("cp1252", errors="replace")]


_UTF16 = ("utf-16-le", "utf-16-be")


def binary_texts(raw: bytes, suffix: str) -> tuple[list[str], list[str]]:
    """What a binary file (:func:`read_text` found none) holds for a reader:
    ``(texts, runs)``.

    ``texts``: a picture's metadata (:func:`placements.picturemeta.picture_metadata`:
    author, comments, captions, its colour profile's description...), to be searched
    like any text. ``runs``: the whole file, and each piece of binary metadata as Pillow
    decompresses it (an ICC profile), read as Latin-1 and as UTF-16 in both byte
    orders, folded with its spaces removed, to be searched only for whole names run
    together (:attr:`RosterName.runs`, eight letters or more), which binary data does
    not spell by chance: so a name in a part of the file no reader decodes (an unknown PNG chunk, bytes after the picture's end) is
    found too. Found by the seventh security trial (an officer's name as a PNG's
    "Author" and a JPEG's EXIF "Artist").

    Raises:
        Exception: whatever Pillow raises for a picture it cannot read.
    """
    metadata = picture_metadata(raw) if suffix.lower() in PICTURE_FORMATS else None
    runs = []
    for blob in [raw, *(metadata.blobs if metadata else [])]:
        even = blob[: len(blob) // 2 * 2]
        for text in (blob.decode("latin-1"), *(even.decode(c, "replace") for c in _UTF16)):
            runs.append(fold(text).replace(" ", ""))
    return (metadata.texts if metadata else []), runs


_DATA_PICTURE = re.compile(
    r"data:image/(?:png|jpeg|gif|webp)((?:;[\w=.+-]*)*),([^\"'\s)>]*)", re.IGNORECASE
)
"""A picture written into a page as a ``data:`` address (pages may show PNG, JPEG, GIF
and WebP pictures that way): its parameters and its data."""


def embedded_pictures(text: str) -> list[bytes]:
    """The bytes of every ``data:image/...`` picture written in ``text`` (base64 or
    percent-encoded); what a page shows without any picture file (data that does not
    decode is left out: a browser shows nothing for it either)."""
    pictures = []
    for match in _DATA_PICTURE.finditer(text):
        params, data = match.groups()
        try:
            if ";base64" in params.lower():
                letters = re.sub(r"[^A-Za-z0-9+/]", "", unquote(data))  # as browsers skip them
                pictures.append(base64.b64decode(letters + "=" * (-len(letters) % 4)))
            else:
                pictures.append(unquote_to_bytes(data))
        except ValueError:  # binascii.Error: not base64
            continue
    return pictures


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r"""\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_BETWEEN_PICTURES = re.compile(r"(?:\s|<(?!img\b)[^>]*>)*", re.IGNORECASE)
"""What may stand between two pictures of one run: white space and tags, no text."""


def _picture_runs(page: str, path: Path, site: Path) -> list[list[bytes]]:
    """Runs of two or more pictures in the HTML ``page`` (the file ``path`` in ``site``)
    with no text between them, each as its pictures' bytes in order: files of the site
    (addresses relative to the page) and ``data:`` pictures. A picture that cannot be
    found is left out."""
    runs: list[list[bytes]] = []
    current: list[bytes] = []
    end = None
    for match in _IMG.finditer(page):
        if end is None or not _BETWEEN_PICTURES.fullmatch(page, end, match.start()):
            if len(current) >= 2:
                runs.append(current)
            current = []
        end = match.end()
        source = _SRC.search(match.group())
        address = next((g for g in source.groups() if g is not None), "") if source else ""
        if address.lower().startswith("data:"):
            current += embedded_pictures(address)
            continue
        target = (path.parent / unquote(address.split("#")[0].split("?")[0])).resolve()
        if address and target.is_relative_to(site.resolve()) and target.is_file():
            current.append(target.read_bytes())
    if len(current) >= 2:
        runs.append(current)
    return runs


def _composed_pictures(text: str, page: str, path: Path, site: Path) -> list[bytes]:
    """Pictures a site page shows that no single picture is: its runs of pictures put
    together (:func:`placements.pictureocr.stitched`) and its code blocks that draw
    (:func:`placements.pictureocr.text_art_pictures`). ``text`` is the page file
    ``path`` in ``site`` as read, ``page`` the same with entities decoded."""
    return [
        *(sheet for run in _picture_runs(page, path, site) for sheet in stitched(run)),
        *(sheet for block in _art_blocks(text) for sheet in text_art_pictures(block)),
    ]


_PRE = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.IGNORECASE | re.DOTALL)


def _art_blocks(page: str) -> list[str]:
    """Preformatted blocks of an HTML page that draw rather than write: three lines or
    more, fewer than half of their visible characters letters or digits (a code
    block is mostly letters; block capitals drawn with "█" or "#" have none)."""
    blocks = []
    for match in _PRE.finditer(page):
        block = html.unescape(_TAGS.sub("", match.group(1)))
        visible = [c for c in block if not c.isspace()]
        letters = sum(c.isalnum() for c in visible)
        if block.count("\n") >= 2 and visible and letters < len(visible) / 2:
            blocks.append(block)
    return blocks


def _near_misses(names: list[RosterName], read: list[str]) -> list[RosterName]:
    """The names OCR nearly read in ``read`` (:meth:`RosterName.near_miss_in`)."""
    words = [fold(text).split() for text in read]
    return [name for name in names if any(name.near_miss_in(w) for w in words)]


def _pictures_metadata(pictures: list[bytes]) -> tuple[list[str], list[str]]:
    """:func:`binary_texts` of several pictures at once (a picture Pillow cannot read
    adds nothing: a browser shows nothing for it)."""
    texts: list[str] = []
    runs: list[str] = []
    for picture in pictures:
        try:
            more_texts, more_runs = binary_texts(picture, ".png")
        except Exception:  # Pillow: not a picture it can read
            continue
        texts += more_texts
        runs += more_runs
    return texts, runs


def _runs_in(names: list[RosterName], runs: list[str]) -> list[RosterName]:
    return [name for name in names if any(name.run_in(joined) for joined in runs)]


def _is_pdf(path: Path, raw: bytes) -> bool:
    return path.suffix.lower() == ".pdf" or raw.startswith(b"%PDF-")


_PLACEHOLDER_NAME = re.compile(rf"{re.escape(PLACEHOLDER)} officer \d+", re.IGNORECASE)
"""The names ``placements new-cohort`` writes; "TBC Aled Pryce" is still searched for."""


def roster_names(content: Content) -> list[RosterName]:
    """Every officer's name in every cohort, with its cohort file and field.

    Placeholders written by ``placements new-cohort`` (``TBC officer 3``) are left out:
    they are not personal data (``placements check`` warns about them separately).
    """
    names = []
    for cohort_id, cohort in content.cohorts.items():
        path = content.paths.get(("cohort", cohort_id), f"content/cohorts/{cohort_id}.yaml")
        for i, officer in enumerate(cohort.officers):
            if _PLACEHOLDER_NAME.fullmatch(officer.name.strip()):
                continue  # "TBC officer 3" (placements new-cohort) is nobody's name
            names.append(RosterName(officer.name, f"officers.{i}.name in {path}"))
    return names


def _message(name: RosterName) -> str:
    return (
        f"an officer's name ({name.where}) appears in published text; officers' names are "
        "personal data and belong only in their own workbooks: remove it"
    )


_METADATA_HINT = (
    " (it is in the picture's metadata, such as its author or a comment, which viewers "
    "show: save the picture again without it, e.g. exiftool -all= FILE)"
)

_PIXELS_HINT = (
    " (the picture itself shows it, read by OCR: a badge, a whiteboard, a caption drawn "
    "in; crop or blur it out, or use another picture)"
)


# --- Decoding what a reader sees -------------------------------------------------------

_ENTITY = HTML_ENTITY.pattern
"""An HTML character reference, as :func:`html.unescape` finds them."""
_TAG = r"<[^<>]*>"
_ENTITIES = re.compile(_ENTITY)
_ENTITIES_AND_MARKUP = re.compile(rf"{_ENTITY}|{_TAG}|[*_~`]")
"""In a field's or a page's source: HTML entities (decoded), and tags and Markdown
emphasis marks (deleted), which can split a name that still reads as one (``Al*ed*``)."""
_TAGS = re.compile(f"({_TAG})")  # a group: re.split keeps the tags (fold_split)
_PERCENT = re.compile(r"(?:%[0-9A-Fa-f]{2})+")
"""A run of percent-encoded bytes (``%41``, ``%C3%A9``), decoded as ``unquote`` does."""
_PERCENT_BYTE = re.compile(r"%[0-9A-Fa-f]{2}")  # found far faster than a run
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


def _with_percent_decoded(texts: list[str]) -> list[str]:
    """``texts``, and the first of them percent-decoded (``urllib.parse.unquote``) when
    that changes it: ``%41led`` in an address is "Aled" to whoever follows the link."""
    return [*texts, unquote(texts[0])] if _PERCENT_BYTE.search(texts[0]) else texts


_BIDI_CLASSES = frozenset({"R", "AL", "AN", "RLE", "RLO", "RLI", "LRE", "LRO", "LRI", "FSI"})
"""Unicode bidirectional classes that can make a browser show letters in another order
than they are stored: right-to-left letters and marks (U+200F), embeddings, overrides
and isolates."""


_MAY_REORDER = re.compile(
    "[\u05be-\u08e2\u200f\u202a-\u202e\u2066-\u2068\ufb1d-\ufefc"
    "\U00010800-\U00010d39\U00010e60-\U00010ff6\U0001e800-\U0001eebb]"
)
"""Every character of :data:`_BIDI_CLASSES` (a test holds it to that), and a few of
their neighbours: found at C speed, where asking each character's class is not."""


def visual_orders(text: str) -> list[str]:
    """``text`` as a browser lays it out, in a left-to-right and in a right-to-left
    paragraph, when it holds anything that reorders letters (:data:`_BIDI_CLASSES`);
    else nothing.

    The Unicode Bidirectional Algorithm (UAX #9, with ``python-bidi``) puts runs of text
    in display order: "‏ce‏Pry‏ ‏led‏A" (right-to-left marks between the pieces) shows as
    "Aled Pryce" in a right-to-left list (found by the ninth security trial). Each line
    is laid out on its own, as a paragraph.
    """
    if text.isascii() or not _MAY_REORDER.search(text):
        return []
    lines = text.split("\n")
    return [
        "\n".join(get_display(line, base_dir=direction) for line in lines)
        for direction in ("L", "R")
    ]


_SPELT_OUT = re.compile(r"(?<!\w)\w(?:[^\S\n]\w){2,}(?!\w)")
"""Three or more letters each followed by one space of any kind, on one line: a word
spelt out ("P r y c e"), which reads as the word; with hair spaces (U+200A) it shows
no gap at all (found by the fifteenth security trial)."""
_SPACE = re.compile(r"[^\S\n]")


_HYPHEN_IN_WORD = re.compile(r"(?<=\w)[-\u00ad\u2010\u2011](?=\w)")
"""A hyphen between two letters: "Oka-for" still reads "Okafor" (the sixteenth
security trial); searched once more with such hyphens deleted."""


def _joined(match: re.Match[str]) -> str:
    """A spelt-out word (:data:`_SPELT_OUT`) written as one word."""
    return _SPACE.sub("", match.group())


def _no_hyphen(match: re.Match[str]) -> str:
    return ""


_INITIAL = re.compile(r"(?<![^\W\d_])[A-ZÀ-ÖØ-Þ](?=\.|[^\S\n]+[A-ZÀ-ÖØ-Þ])(?![^\W\d_])")
"""A capital letter standing alone, followed by a full stop or by a capitalised word:
an initial ("W. Green", "A Hill", "Green, W.")."""


def _marked_initial(match: re.Match[str]) -> str:
    """An initial (:data:`_INITIAL`) with :data:`placements.namematch.INITIAL_MARK`
    before it, so "W. Green" can be told from "a green" once folded."""
    return INITIAL_MARK + match.group()


_REJOININGS = (
    (_SPELT_OUT, _joined),
    (_HYPHEN_IN_WORD, _no_hyphen),
    (_INITIAL, _marked_initial),
)
"""Ways a reader joins what the text keeps apart, or tells apart what folding joins: a
word spelt out letter by letter, a hyphen inside a word, a capital standing alone as an
initial. Each gives one more reading where it applies."""


def _rejoined(text: str, *, initials: bool = True) -> list[str]:
    """``text`` once more for each of :data:`_REJOININGS` that applies to it (without
    ``initials``, not the marking of initials: no name searched for needs it)."""
    return [
        pattern.sub(join, text)
        for pattern, join in _REJOININGS
        if (initials or pattern is not _INITIAL) and pattern.search(text)
    ]


def _field_variants(text: str) -> list[str]:
    """A field's text folded as readers will see it: entities decoded; entities decoded
    with tags and Markdown emphasis marks deleted; entities and percent-encoding
    decoded; when its letters can be shown in another order, in the order shown
    (:func:`visual_orders`); and as a reader joins words spelt out or hyphenated
    (:func:`_rejoined`)."""
    texts = [pattern.sub(_decoded, text) for pattern in (_ENTITIES, _ENTITIES_AND_MARKUP)]
    texts = [*_with_percent_decoded(texts), *visual_orders(texts[1]), *_rejoined(texts[1])]
    return [fold(t) for t in texts]


def _substituted(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str], origins: list[int]
) -> tuple[str, list[int]]:
    """``pattern.sub(replace, text)``, with each character's index in the original text
    (``origins`` holds ``text``'s own)."""
    chars: list[str] = []
    where: list[int] = []
    last = 0
    for m in pattern.finditer(text):
        new = replace(m)
        chars += [text[last : m.start()], new]
        where += [*origins[last : m.start()], *[origins[m.start()]] * len(new)]
        last = m.end()
    chars.append(text[last:])
    where += origins[last:]
    return "".join(chars), where


_ATTRIBUTE_TEXT = r"""(?:[^>"']|"[^"]*"|'[^']*')*?"""
_PICTURE = re.compile(
    rf"""<img\b{_ATTRIBUTE_TEXT}\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)){_ATTRIBUTE_TEXT}>"""
    r"|!\[([^\]\n]*)\]\([^)\n]*\)",
    re.IGNORECASE,
)
"""A picture with its text alternative: ``<img alt="H">`` or Markdown's ``![H](x.png)``.
A browser shows the alternative where the picture does not load, in the line of text:
``<img src="none" alt="H">annah`` reads "Hannah" (found by the tenth security trial)."""


def _alternative(match: re.Match[str]) -> str:
    return next((group for group in match.groups() if group is not None), "")


def _page_variants(text: str) -> list[tuple[str, list[int]]]:
    """:func:`_field_variants` of a page, each with its characters' indexes in ``text``,
    and once more with each picture replaced by its text alternative (:data:`_PICTURE`)."""
    own = list(range(len(text)))
    texts = [_substituted(text, p, _decoded, own) for p in (_ENTITIES, _ENTITIES_AND_MARKUP)]
    decoded, origins = texts[0]
    if _PERCENT_BYTE.search(decoded):
        texts.append(_substituted(decoded, _PERCENT, lambda m: unquote(m.group()), origins))
    if _PICTURE.search(text):
        shown, shown_origins = _substituted(text, _PICTURE, _alternative, own)
        texts.append(_substituted(shown, _ENTITIES_AND_MARKUP, _decoded, shown_origins))
    bare, bare_origins = texts[1]
    for pattern, join in _REJOININGS:
        if pattern.search(bare):
            texts.append(_substituted(bare, pattern, join, bare_origins))
    return [fold_with_origins(decoded, origins) for decoded, origins in texts]


def _page_visual_lines(text: str) -> list[tuple[int, list[str]]]:
    """Each line of a page (tags and emphasis deleted) that a browser can show in
    another order than stored, with its number and its folded visual orders
    (:func:`visual_orders`); and each Markdown table's columns read downwards
    (:func:`_columns`), at the table's first line."""
    bare = _ENTITIES_AND_MARKUP.sub(_decoded, text)
    found = []
    lines = bare.split("\n")
    for number, line in enumerate(lines, start=1):
        shown = visual_orders(line)
        if shown:
            found.append((number, [fold(s) for s in shown]))
    start = 0
    for number, line in enumerate([*lines, ""], start=1):
        if line.lstrip().startswith("|") and not start:
            start = number
        elif not line.lstrip().startswith("|") and start:
            rows = [
                _PIPE_CELLS.split(row.strip().strip("|")) for row in lines[start - 1 : number - 1]
            ]
            found.append((start, [fold(column) for column in _columns(rows)]))
            start = 0
    return found


_PIPE_CELLS = re.compile(r"(?<!\\)\|")
_TABLE = re.compile(r"<table\b.*?</table>", re.IGNORECASE | re.DOTALL)
_ROW = re.compile(r"<tr\b.*?</tr>", re.IGNORECASE | re.DOTALL)
_CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.IGNORECASE | re.DOTALL)


def _columns(rows: list[list[str]]) -> list[str]:
    """Each column of a table (rows of cells' text), its cells joined top to bottom: a
    table laid out sideways ("First name | Will", "Surname | Green") reads "Will Green"
    down a column (the eighteenth security trial)."""
    width = max((len(row) for row in rows), default=0)
    return [" ".join(row[i] for row in rows if i < len(row)) for i in range(width)]


def _table_columns(decoded: str) -> list[str]:
    """The columns (:func:`_columns`) of every HTML table in ``decoded``, tags deleted."""
    return [
        column
        for table in _TABLE.findall(decoded)
        for column in _columns(
            [[_TAGS.sub("", cell) for cell in _CELL.findall(row)] for row in _ROW.findall(table)]
        )
    ]


def _site_variants(text: str, *, initials: bool = True) -> list[str]:
    """A site text file folded as readers and search engines see it: JavaScript and JSON
    escapes and HTML entities decoded; with tags as separators, and deleted; in the
    order shown (:func:`visual_orders`); with pictures shown as their text alternative
    (:data:`_PICTURE`); and percent-decoded."""
    decoded = html.unescape(_JS_ESCAPE.sub(_js_unescape, text))
    variants = list(fold_split(_TAGS.split(decoded)))
    bare = _TAGS.sub("", decoded)
    for laid_out in (decoded, bare):  # attribute values too; tags gone
        rejoined = _rejoined(laid_out, initials=initials)
        variants += [fold(shown) for shown in (*visual_orders(laid_out), *rejoined)]
    variants += [fold(column) for column in _table_columns(decoded)]
    if _PICTURE.search(decoded):  # a picture that does not load shows its alternative
        variants.append(fold(_TAGS.sub("", _PICTURE.sub(_alternative, decoded))))
    return [*variants, fold(unquote(decoded))] if _PERCENT_BYTE.search(decoded) else variants


def _path_variants(path: str) -> list[str]:
    """A file's path folded (``hannah-whitcombe.jpg`` is "hannah whitcombe jpg"), as
    written and percent-decoded."""
    return [fold(p) for p in _with_percent_decoded([path])]


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
    """Report every officer's name found in a published text field or a ``docs/`` file.

    Each text is searched folded (:func:`fold`; entities decoded, once more with tags
    and Markdown emphasis deleted, and once more percent-decoded) for the forms of each
    name (:class:`placements.namematch.RosterName`). Every file in ``docs/`` is searched
    that is text (:func:`read_text`: pages, pictures in SVG, tables in CSV or TSV...),
    and every file's path. A file is reported at the line and column where the name
    starts, and at line 0 when its path holds the name (it becomes an address of the
    site: a page's without its ``.md``). PDFs in ``docs/`` are searched by path only
    here; the build searches their text (:func:`roster_in_folder`).

    Source: officers' names are personal data; they go into the private output only
    and the public site must never contain them (DESIGN.md; UK GDPR).
    """
    names = roster_names(content)
    if not names:
        return
    for kind, key, loc, text in published_texts(content):
        for name in names_in(names, _field_variants(text)):
            yield content.locate(kind, key, loc, _message(name))
    docs = content.root.parent / "docs"
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        if not path.is_file():
            continue
        relative = path.relative_to(docs)
        shown = f"docs/{relative.as_posix()}"
        address = relative.with_suffix("") if path.suffix == ".md" else relative
        raw = path.read_bytes()
        texts = [] if _is_pdf(path, raw) else read_text(raw, path.suffix)
        if path.suffix == ".md" and not texts:
            texts = [raw.decode("utf-8", errors="replace")]  # a page is always read
        in_address = names_in(names, _path_variants(address.as_posix()))
        metadata: list[str] = []
        runs: list[str] = []
        if not texts and not _is_pdf(path, raw):
            # the check of docs/ files reports a picture it cannot read
            with contextlib.suppress(Exception):
                metadata, runs = binary_texts(raw, path.suffix)
        embedded = [p for text in texts for p in embedded_pictures(text)]
        embedded_metadata, embedded_runs = _pictures_metadata(embedded)  # data: pictures
        metadata, runs = [*metadata, *embedded_metadata], [*runs, *embedded_runs]
        in_metadata = names_in(names, [v for t in metadata for v in _field_variants(t)])
        in_metadata += _runs_in(names, runs)
        try:
            words = [w for p in [raw, *embedded] if is_picture(p) for w in picture_words(p)]
        except PictureUnreadable as exc:
            yield Problem(shown, 0, 0, "", f"could not be read for officers' names: {exc}")
            words = []
        in_pixels = names_in(names, [v for t in words for v in _field_variants(t)])
        in_pixels += _near_misses([n for n in names if n not in in_pixels], words)
        variants = [(text, _page_variants(text)) for text in texts]
        visual_lines = [line for text in texts for line in _page_visual_lines(text)]
        for name in names:
            if name in in_address:
                yield Problem(shown, 0, 0, "", _message(name))
            if name in in_metadata:
                yield Problem(shown, 0, 0, "", _message(name) + _METADATA_HINT)
            if name in in_pixels:
                yield Problem(shown, 0, 0, "", _message(name) + _PIXELS_HINT)
            places: set[tuple[int, int]] = set()  # one per place, however many readings
            for text, folded in variants:
                places.update(line_column(text, start) for start in _starts(name, folded))
            lines = {line for line, _ in places}
            for line, folded in visual_lines:  # shown in another order than stored
                if line not in lines and names_in([name], folded):
                    places.add((line, 1))
            yield from (Problem(shown, *place, "", _message(name)) for place in sorted(places))


def _starts(name: RosterName, variants: list[tuple[str, list[int]]]) -> list[int]:
    """Where each mention of ``name`` starts in the original text (one per mention,
    however many variants and forms found it)."""
    spans = sorted(
        (origins[start], origins[end - 1] + 1)
        for folded, origins in variants
        for start, end in name.spans(folded)
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

    Every file is searched whatever its name: as text when it is text
    (:func:`read_text`; a ``.gz`` file decompressed first), with JavaScript and JSON
    escapes and HTML entities decoded (so ``&#65;led`` or ``\\u0041led`` cannot hide a
    name), then folded (:func:`fold`), with tags as separators, once more with tags
    deleted (``Al<b>ed</b>``) and once more percent-decoded; as a PDF when it is one
    (by its name or its first bytes), through :func:`pdf_text`, once more with words
    hyphenated at the end of a line joined, and once more percent-decoded (a link).
    Binary files (pictures, fonts) are searched through :func:`binary_texts`: a
    picture's metadata as text, and the whole file for names run together. Every
    file's path is searched too (``assets/hannah-whitcombe.jpg``, folded: "assets
    hannah whitcombe jpg"), as written and percent-decoded.

    A file that cannot be read (a PDF that PDFium or pypdf cannot parse, a ``.gz`` that
    is not gzip) cannot be vouched for, so it is reported as ``"<file>: could not be
    read to search for officers' names"``.
    """
    found = []
    initials = any(name.needs_initials for name in names)  # else one reading less
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        shown = path.relative_to(folder).as_posix()
        runs: list[str] = []
        read: list[str] = []  # what OCR read: also searched for near misses
        try:
            raw = path.read_bytes()
            if _is_pdf(path, raw):
                text = pdf_text(path)
                texts = [text, _LINE_END_HYPHEN.sub("", text), *_rejoined(text, initials=initials)]
                variants = [fold(t) for t in _with_percent_decoded(texts)]
            else:
                if path.suffix.lower() == ".gz":
                    raw = gzip.decompress(raw)
                    suffix = Path(path.stem).suffix  # sitemap.xml.gz: read as .xml
                else:
                    suffix = path.suffix
                texts = read_text(raw, suffix)
                shown_pictures = [raw]  # what it shows, read by OCR, whatever its name
                if texts:
                    page = html.unescape(texts[0])
                    embedded = embedded_pictures(page)
                    metadata, runs = _pictures_metadata(embedded)  # data: pictures
                    shown_pictures += [*embedded, *_composed_pictures(texts[0], page, path, folder)]
                    texts = [*texts, *metadata]
                else:
                    texts, runs = binary_texts(raw, suffix)
                for picture in shown_pictures:
                    if is_picture(picture):
                        read.extend(picture_words(picture))
                texts = [*texts, *read]
                variants = [v for t in texts for v in _site_variants(t, initials=initials)]
        except PictureUnreadable as exc:
            found.append(f"{shown}: could not be read to search for officers' names: {exc}")
            variants, runs = [], []
        except Exception:  # whatever the failure, the file was not searched
            found.append(f"{shown}: could not be read to search for officers' names")
            variants, runs = [], []
        leaks = names_in(names, [*_path_variants(shown), *variants])
        leaks += _near_misses([n for n in names if n not in leaks], read)
        leaks += [name for name in _runs_in(names, runs) if name not in leaks]
        found += [f"{shown}: {name.where}" for name in leaks]
    return found
