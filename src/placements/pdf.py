"""The one place PDFs are made (WeasyPrint): build a document, then write it.

Templates and print CSS live in the project's ``workbook/`` folder (assets, not logic).
Templates are Jinja with autoescaping on and undefined names an error, so text from
content is always shown as text and a template typo fails the build.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import weasyprint

from .problems import BuildError

_weasy_log = logging.getLogger("weasyprint")


@dataclass(frozen=True)
class PdfOptions:
    """Options for one PDF.

    Attributes:
        forms: make ``<input>``/``<textarea>`` elements real PDF form fields.
        tagged: write a tagged (structure tree) PDF for screen readers.
        variant: a WeasyPrint PDF variant such as ``"pdf/ua-1"``, or ``None``.
    """

    forms: bool = False
    tagged: bool = True
    variant: str | None = None


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
    """

    def __init__(self, templates: Path):
        self.templates = templates
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
        doc = self.document(template, context)
        return write_document(doc, target, options)


def write_document(doc: weasyprint.Document, target: Path, options: PdfOptions) -> Path:
    """Write a laid-out WeasyPrint document to ``target`` atomically; return ``target``.

    Raises:
        BuildError: WeasyPrint warned while drawing (a glyph no font has, shown as an
            empty box; an image without alt text in a tagged PDF); nothing is written.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    # A unique name beside the target (same file system, so the rename is atomic); not
    # mkstemp, whose 0600 mode would make public PDFs unreadable to a web server.
    tmp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    handler = _FailOnWarnings()
    _weasy_log.addHandler(handler)
    try:
        try:
            doc.write_pdf(
                tmp,
                pdf_forms=options.forms or None,
                pdf_tags=options.tagged,
                pdf_variant=options.variant,
            )
        finally:
            _weasy_log.removeHandler(handler)
        if handler.messages:  # e.g. a glyph no font has, or an image without alt text
            raise BuildError(f"{target.name}: " + "; ".join(handler.messages))
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target
