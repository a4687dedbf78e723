"""The one place PDFs are made (WeasyPrint): build a document, then write it.

Templates and print CSS live in the project's ``workbook/`` folder (assets, not logic).
Templates are Jinja with autoescaping on and undefined names an error, so text from
content is always shown as text and a template typo fails the build.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pydyf
import weasyprint

from . import cacheseal
from .problems import BuildError
from .writing import write_bytes_atomic

_weasy_log = logging.getLogger("weasyprint")


@dataclass(frozen=True)
class PdfOptions:
    """Options for one PDF.

    Attributes:
        forms: make ``<input>``/``<textarea>`` elements real PDF form fields.
        tagged: write a tagged (structure tree) PDF for screen readers.
        variant: a WeasyPrint PDF variant such as ``"pdf/ua-1"``, or ``None``.
        title: the document title (PDF metadata; shown by readers instead of the file
            name), or ``None`` to keep the HTML ``<title>``.
        date: creation and modification date as a W3C date-time
            (``2026-10-01T00:00:00Z``), or ``None`` for no date. Builds pass the fixed
            date of :func:`placements.reproducible.build_date`, never the clock.
    """

    forms: bool = False
    tagged: bool = True
    variant: str | None = None
    title: str | None = None
    date: str | None = None


class _FailOnWarnings(logging.Handler):
    """Collects WeasyPrint's warnings (missing images, fonts, bad CSS) during one render."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Renderer:
    """Renders Jinja templates from one folder to PDF files with WeasyPrint.

    Args:
        templates: the folder holding ``*.html.j2`` templates and their CSS and images;
            relative URLs in templates resolve against it.
        cache: a folder where :meth:`write` keeps the PDFs it made, keyed by a hash of
            the HTML, every file in ``templates``, the options, this module's source and
            WeasyPrint's version; a later :meth:`write` with the same key copies the
            kept file instead of laying out again, if its seal matches
            (:mod:`placements.cacheseal`). ``None``: no cache.
    """

    def __init__(self, templates: Path, cache: Path | None = None):
        self.templates = templates
        self.cache = cache
        self._assets_digest: bytes | None = None
        self._used: set[Path] = set()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["day"] = lambda d: f"{d:%A %-d %B %Y}" if d else ""
        self.env.filters["short"] = lambda d: f"{d:%-d %b %Y}" if d else ""

    def html(self, template: str, context: dict[str, Any]) -> str:
        """Return the HTML of ``template`` rendered with ``context``.

        Raises:
            BuildError: when the template is missing or uses an undefined name.
        """
        try:
            return self.env.get_template(template).render(**context)
        except jinja2.TemplateError as exc:
            where = f"{exc.filename}:{exc.lineno}" if hasattr(exc, "lineno") else template  # type: ignore[attr-defined]
            raise BuildError(f"workbook/{template}: {where}: {exc}") from exc

    def document(self, template: str, context: dict[str, Any]) -> weasyprint.Document:
        """Lay out ``template`` as a WeasyPrint document (pages, not yet a file).

        Raises:
            BuildError: when WeasyPrint warns (a missing image or font, bad CSS): a PDF
                with a silently dropped picture must not be published.
        """
        source = self.html(template, context)
        handler = _FailOnWarnings()
        _weasy_log.addHandler(handler)
        try:
            doc = weasyprint.HTML(string=source, base_url=str(self.templates) + os.sep).render()
        finally:
            _weasy_log.removeHandler(handler)
        if handler.messages:
            raise BuildError(f"workbook/{template}: " + "; ".join(handler.messages))
        return doc

    def write(
        self, template: str, context: dict[str, Any], target: Path, options: PdfOptions
    ) -> Path:
        """Render ``template`` to the PDF file ``target``, atomically.

        The PDF is written to a temporary file beside ``target`` and renamed over it,
        so a reader never sees half a file.

        Returns:
            ``target``.
        """
        if self.cache is None or not cacheseal.available():
            return write_document(self.document(template, context), target, options)
        key = self._key(self.html(template, context), options)
        kept = self.cache / key[:2] / f"{key}.pdf"
        self._used.add(kept)
        # only a kept PDF whose seal matches is used: one changed by hand (a script
        # added, the seventeenth security trial) is made again
        data = cacheseal.read_sealed(kept, "pdf")
        if data is None:
            write_document(self.document(template, context), target, options)
            cacheseal.write_sealed(kept, target.read_bytes(), "pdf")
            return target
        write_bytes_atomic(target, data)
        return target

    def prune_cache(self) -> None:
        """Delete kept PDFs (and their seals) that no :meth:`write` of this renderer asked for."""
        if self.cache is None or not self.cache.is_dir():
            return
        for path in [p for p in self.cache.rglob("*") if p.is_file()]:
            kept = path.with_name(path.name.removesuffix(cacheseal.SEAL))
            if kept not in self._used:
                path.unlink(missing_ok=True)

    def _key(self, html: str, options: PdfOptions) -> str:
        """Hex SHA-256 of everything a PDF written by :meth:`write` depends on."""
        if self._assets_digest is None:
            assets = hashlib.sha256()
            for path in sorted(p for p in self.templates.rglob("*") if p.is_file()):
                assets.update(path.relative_to(self.templates).as_posix().encode() + b"\0")
                assets.update(hashlib.sha256(path.read_bytes()).digest())
            assets.update(Path(__file__).read_bytes())
            assets.update(weasyprint.__version__.encode() + pydyf.__version__.encode())
            self._assets_digest = assets.digest()
        h = hashlib.sha256(self._assets_digest)
        h.update(repr(options).encode() + b"\0" + html.encode())
        return h.hexdigest()


def write_document(doc: weasyprint.Document, target: Path, options: PdfOptions) -> Path:
    """Write a laid-out WeasyPrint document to ``target`` atomically; return ``target``.

    ``doc`` may be a copy of some pages of a larger document
    (``Document.copy(pages)``): its form fields, links and bookmarks come with its pages.
    The file is the same bytes for the same document and options (no clock time, and
    the PDF identifier is a hash of the content).

    Raises:
        BuildError: WeasyPrint warned while drawing (a glyph no font has, shown as an
            empty box; an image without alt text in a tagged PDF); nothing is written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique name beside the target (same file system, so the rename is atomic); not
    # mkstemp, whose 0600 mode would make public PDFs unreadable to a web server.
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    metadata = copy.copy(doc.metadata)
    if options.title is not None:
        metadata.title = options.title
    metadata.created = metadata.modified = options.date
    doc = doc.copy(doc.pages)
    doc.metadata = metadata
    handler = _FailOnWarnings()
    _weasy_log.addHandler(handler)
    try:
        try:
            doc.write_pdf(
                tmp,
                pdf_forms=options.forms or None,
                pdf_tags=options.tagged,
                pdf_variant=options.variant,
                pdf_identifier=True,
                finisher=_radio_groups_only_named_once if options.forms else None,
            )
        finally:
            _weasy_log.removeHandler(handler)
        if handler.messages:  # e.g. a glyph no font has, or an image without alt text
            raise BuildError(f"{target.name}: " + "; ".join(handler.messages))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def _radio_groups_only_named_once(_doc: weasyprint.Document, pdf: pydyf.PDF) -> None:
    """Make each radio group one field, as ISO 32000-1 (12.7.4.2.4) has it.

    WeasyPrint names each button of a group (``/T``) as well as the group and lists the
    buttons among the form's top-level fields, so readers see extra fields such as
    ``name.name``. Buttons of a group are its widgets: no name of their own, reached
    through the group only.
    """
    kids: set[bytes] = set()
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("FT") == "/Btn" and "Kids" in obj:
            for ref in obj["Kids"]:
                kids.add(ref)
                pdf.objects[int(ref.split()[0])].pop("T", None)
    form = pdf.catalog.get("AcroForm")
    if kids and form is not None:
        form["Fields"] = pydyf.Array(ref for ref in form["Fields"] if ref not in kids)
