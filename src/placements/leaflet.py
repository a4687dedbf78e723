"""The service-user leaflet on paper: A4, A5 booklet, large print and easy read.

Every version is made from the one source, ``content/leaflet.yaml``, with the templates
and print CSS in ``workbook/`` (``leaflet.html.j2``, ``leaflet-easy-read.html.j2``,
``leaflet*.css``). The web versions are made by :func:`placements.web.leaflet` and
:func:`placements.web.leaflet_easy_read`.

- Each paper version carries a QR code that opens its web version. The address comes
  from ``site_url`` in ``mkdocs.yml``; when that is not set the QR code is left out and
  the build warns (see :func:`site_url_problems`).
- The A5 booklet is laid out on A5 pages, then imposed two-up onto A4 landscape sheets
  in booklet order (:func:`impose_booklet`): print double-sided, flipping on the short
  edge, fold the pile in half and it reads in order.
- Text that no installed font can show stops the build with the characters named
  (:mod:`placements.glyphs`), before anything is rendered.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import segno
import yaml
from mkdocs.utils.yaml import yaml_load
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

from . import model
from .content import Content
from .pdf import PdfOptions, Renderer, write_document
from .pictures import picture_path
from .problems import BuildError, Problem, Severity, quote

A4_LANDSCAPE_PT = (841.89, 595.28)
"""Width and height of an A4 landscape sheet in PostScript points (297 x 210 mm)."""

RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "syr", "ug", "ur", "yi"}
)
"""Primary language subtags written right to left (their usual scripts, Unicode CLDR)."""


@dataclass(frozen=True)
class Version:
    """One printed version of the leaflet.

    Attributes:
        key: a short id (``"a4"``).
        label: the link text on the web page.
        filename: the PDF's file name in ``site/downloads/``.
        template: the Jinja template in ``workbook/``.
        stylesheets: print CSS files in ``workbook/``, applied in order.
        min_font_pt: the smallest text size the version promises, in points.
        web_page: the site page (without suffix) its QR code opens.
        booklet: lay out on A5 and impose two-up on A4 landscape.
        note: one line for the web page on how to print or use it.
    """

    key: str
    label: str
    filename: str
    template: str
    stylesheets: tuple[str, ...]
    min_font_pt: float
    web_page: str
    booklet: bool = False
    note: str = ""


LEAFLET_PAGE = "leaflet"
EASY_READ_PAGE = "leaflet-easy-read"

A4 = Version(
    "a4",
    "Leaflet, A4 (PDF)",
    "leaflet-a4.pdf",
    "leaflet.html.j2",
    ("leaflet.css",),
    9,
    LEAFLET_PAGE,
    note="Print single or double-sided.",
)
BOOKLET = Version(
    "a5-booklet",
    "Leaflet, A5 booklet (PDF)",
    "leaflet-a5-booklet.pdf",
    "leaflet.html.j2",
    ("leaflet.css", "leaflet-a5.css"),
    9,
    LEAFLET_PAGE,
    booklet=True,
    note="Print on A4, double-sided, flipping on the short edge; fold the pages in half. "
    "For printing only: with a screen reader, use the A4 or large-print version.",
)
LARGE_PRINT = Version(
    "large-print",
    "Leaflet, large print (PDF)",
    "leaflet-large-print.pdf",
    "leaflet.html.j2",
    ("leaflet.css", "leaflet-large.css"),
    16,
    LEAFLET_PAGE,
    note="All text at least 16 point.",
)
EASY_READ = Version(
    "easy-read",
    "Leaflet, easy read (PDF)",
    "leaflet-easy-read.pdf",
    "leaflet-easy-read.html.j2",
    ("leaflet.css", "leaflet-easy-read.css"),
    14,
    EASY_READ_PAGE,
    note="Short sentences with pictures.",
)

VERSIONS: tuple[Version, ...] = (A4, BOOKLET, LARGE_PRINT, EASY_READ)
"""Every printed version, in the order the web page lists them."""


@dataclass(frozen=True)
class SiteAddress:
    """Where the site is published, from ``mkdocs.yml``.

    Attributes:
        base: ``site_url`` with a trailing ``/`` (``https://example.org/placements/``).
        directory_urls: MkDocs ``use_directory_urls`` (``page/`` rather than ``page.html``).
    """

    base: str
    directory_urls: bool = False

    def page(self, name: str) -> str:
        """Return the absolute URL of site page ``name`` (``"leaflet"``)."""
        return self.base + (f"{name}/" if self.directory_urls else f"{name}.html")


class SiteUrlError(BuildError):
    """``mkdocs.yml`` cannot be read, or its ``site_url`` is not a web address."""

    def __init__(self, message: str, got: str | None = None):
        self.message = message
        self.got = got
        super().__init__(f"mkdocs.yml: site_url: {message}" + (f" (got {got})" if got else ""))


def site_address(config_file: Path) -> SiteAddress | None:
    """Return the published address from ``mkdocs.yml``, or ``None`` when ``site_url`` is unset.

    The Material ``offline`` plugin, when enabled, turns directory URLs off (as MkDocs
    builds the pages), so page URLs end in ``.html``.

    Raises:
        SiteUrlError: ``mkdocs.yml`` cannot be read, or ``site_url`` is not an
            ``http``/``https`` address.
    """
    try:
        with config_file.open(encoding="utf-8") as handle:
            config = yaml_load(handle) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise SiteUrlError(f"mkdocs.yml cannot be read: {exc}") from None
    url = config.get("site_url")
    if not url:
        return None
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SiteUrlError("expected an http:// or https:// address", quote(str(url)))
    plugins = config.get("plugins") or []
    names = [p if isinstance(p, str) else next(iter(p), "") for p in plugins]
    directory_urls = bool(config.get("use_directory_urls", True)) and "offline" not in names
    return SiteAddress(str(url).rstrip("/") + "/", directory_urls)


def site_url_problems(config_file: Path, display: str = "mkdocs.yml") -> list[Problem]:
    """Return a warning when ``site_url`` is unset (the paper leaflets then have no QR code).

    Returns an error, at the ``site_url`` line, when it is set but is not a web address.
    """
    try:
        address = site_address(config_file)
    except SiteUrlError as exc:
        line = 0
        with contextlib.suppress(OSError, UnicodeDecodeError):
            lines = config_file.read_text(encoding="utf-8").splitlines()
            line = next((n for n, t in enumerate(lines, 1) if t.startswith("site_url:")), 0)
        return [Problem(display, line, 11 if line else 0, "site_url", exc.message, exc.got)]
    if address is not None:
        return []
    return [
        Problem(
            display,
            0,
            0,
            "site_url",
            "not set, so the paper leaflets have no QR code to open the web version; "
            "set it to the address the site is published at",
            severity=Severity.WARNING,
        )
    ]


def direction(language: str) -> str:
    """Return ``"rtl"`` or ``"ltr"``: the writing direction of BCP 47 tag ``language``."""
    return "rtl" if language.lower().split("-")[0] in RTL_LANGUAGES else "ltr"


def qr_data_uri(url: str) -> str:
    """Return a QR code (error correction M, 4-module quiet zone) for ``url`` as an SVG data URI."""
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=1, border=4)


def picture_uris(leaflet: model.Leaflet) -> dict[str, str]:
    """Return picture name -> ``file:`` URI of its SVG for every picture the leaflet uses.

    Raises:
        BuildError: a picture does not exist (``placements check`` reports it, located).
    """
    uris: dict[str, str] = {}
    for qa in leaflet.questions:
        for idea in qa.easy_read:
            path = picture_path(idea.picture)
            if path is None:
                raise BuildError(f"content/leaflet.yaml: no picture named {idea.picture!r}")
            uris[idea.picture] = path.as_uri()
    return uris


def context(content: Content, version: Version, address: SiteAddress | None) -> dict[str, Any]:
    """Return the template context for ``version``: scheme, leaflet, QR code and pictures."""
    leaflet = content.leaflet
    url = address.page(version.web_page) if address else None
    return {
        "scheme": content.scheme,
        "leaflet": leaflet,
        "version": version,
        "direction": direction(leaflet.language),
        "url": url,
        "qr": qr_data_uri(url) if url else None,
        "pictures": picture_uris(leaflet),
    }


def render_leaflets(
    content: Content,
    renderer: Renderer,
    folder: Path,
    address: SiteAddress | None,
    versions: tuple[Version, ...] = VERSIONS,
) -> list[Path]:
    """Write every paper version of the leaflet into ``folder``; return the paths.

    PDFs are tagged (PDF/UA-1) with the leaflet's title and language; the A5 booklet is
    imposed after layout, so it keeps the title and language but not the tags.

    Raises:
        BuildError: a picture is missing, WeasyPrint warned (a missing image or glyph),
            or a PDF could not be written.
    """
    written = []
    for version in versions:
        ctx = context(content, version, address)
        target = folder / version.filename
        options = PdfOptions(tagged=True, variant="pdf/ua-1")
        if not version.booklet:
            written.append(renderer.write(version.template, ctx, target, options))
            continue
        doc = renderer.document(version.template, ctx)
        with tempfile.TemporaryDirectory() as tmp:
            pages = write_document(doc, Path(tmp) / "a5.pdf", options)
            written.append(impose_booklet(pages, target))
    return written


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """Return the A5 pages on each side of each A4 sheet, as ``(left, right)`` pairs.

    Args:
        pages: number of A5 pages (the result uses 1-based page numbers).

    Returns:
        One pair per sheet side, front then back for each sheet in turn; ``None`` marks
        a blank page. The count is padded to a multiple of 4 with blanks placed before
        the last page, so the last page stays the back cover. For 8 pages:
        ``[(8, 1), (2, 7), (6, 3), (4, 5)]``; for 3: ``[(3, 1), (2, None)]``. Printed
        double-sided with a short-edge flip and folded, the pages read in order
        (saddle-stitch imposition).
    """
    total = -(-pages // 4) * 4
    sequence: list[int | None] = list(range(1, pages)) + [None] * (total - pages) + [pages]
    if pages <= 1:
        sequence = [pages or None] + [None] * (total - 1)

    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        low = 2 * sheet
        high = total - 1 - 2 * sheet
        sides.append((sequence[high], sequence[low]))
        sides.append((sequence[low + 1], sequence[high - 1]))
    return sides


def impose_booklet(source: Path, target: Path) -> Path:
    """Impose the A5 pages of ``source`` two-up onto A4 landscape sheets at ``target``.

    The result keeps the source's title, author and language and asks PDF viewers to
    print duplex, flipping on the short edge, at actual size. Written atomically.

    Returns:
        ``target``.
    """
    reader = PdfReader(source)
    writer = PdfWriter()
    sheet_w, sheet_h = A4_LANDSCAPE_PT
    for left, right in booklet_order(len(reader.pages)):
        sheet = PageObject.create_blank_page(width=sheet_w, height=sheet_h)
        for number, x in ((left, 0.0), (right, sheet_w / 2)):
            if number is None:
                continue
            page = reader.pages[number - 1]
            box = page.mediabox
            dx = x + (sheet_w / 2 - float(box.width)) / 2 - float(box.left)
            dy = (sheet_h - float(box.height)) / 2 - float(box.bottom)
            sheet.merge_transformed_page(page, Transformation().translate(dx, dy))
        writer.add_page(sheet)
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if isinstance(v, str)})
    root = reader.trailer["/Root"]
    if "/Lang" in root:
        writer._root_object[NameObject("/Lang")] = TextStringObject(str(root["/Lang"]))
    writer._root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
        {
            NameObject("/DisplayDocTitle"): BooleanObject(True),
            NameObject("/Duplex"): NameObject("/DuplexFlipShortEdge"),
            NameObject("/PrintScaling"): NameObject("/None"),
        }
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    with tmp.open("wb") as handle:
        writer.write(handle)
    tmp.replace(target)
    return target


def leaflet_texts(leaflet: model.Leaflet) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Yield ``(field, text)`` for every piece of text a leaflet version prints."""
    yield ("title",), leaflet.title
    yield ("easy_read_title",), leaflet.easy_read_title
    yield ("intro",), leaflet.intro
    for i, qa in enumerate(leaflet.questions):
        yield ("questions", i, "question"), qa.question
        yield ("questions", i, "answer"), qa.answer
        for j, idea in enumerate(qa.easy_read):
            yield ("questions", i, "easy_read", j, "text"), idea.text
            yield ("questions", i, "easy_read", j, "alt"), idea.alt
    for i, role in enumerate(leaflet.co_produced_by):
        yield ("co_produced_by", i), role
    yield ("other_formats",), leaflet.other_formats
