"""Helpers that read leaflet PDFs as a reader or a printer would (pypdf, pypdfium2, zxing-cpp)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import zxingcpp
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

A4_PT = (595.28, 841.89)
MM = 72 / 25.4


def size_pt(reader: PdfReader, index: int) -> tuple[float, float]:
    """Return page ``index``'s media box (width, height) in points."""
    box = reader.pages[index].mediabox
    return float(box.width), float(box.height)


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def font_sizes(pdf: Path) -> dict[float, str]:
    """Return each size of visible text in ``pdf`` (in pt, as printed) -> a sample of it.

    The size is the ``Tf`` operand scaled by the text and current transformation matrices,
    so text drawn at 12 px inside a 0.75 scale counts as 9 pt.
    """
    sizes: dict[float, str] = {}
    for page in PdfReader(pdf).pages:

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if not text.strip():
                return
            m = _multiply(list(tm), list(cm))
            printed = round(size * abs(m[0] * m[3] - m[1] * m[2]) ** 0.5, 2)
            sizes.setdefault(printed, text.strip())

        page.extract_text(visitor_text=visit)
    return sizes


def qr_codes(pdf: Path, dpi: int = 150) -> list[str]:
    """Render every page of ``pdf`` and return the text of each QR code found, in page order."""
    found = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            found += [
                b.text
                for b in zxingcpp.read_barcodes(image)
                if b.format == zxingcpp.BarcodeFormat.QRCode
            ]
    finally:
        document.close()
    return found


def text_in(pdf: Path, page: int, left: float, bottom: float, right: float, top: float) -> str:
    """Return the text of ``page`` inside the rectangle (points from the bottom left)."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        textpage = document[page].get_textpage()
        return textpage.get_text_bounded(left, bottom, right, top)
    finally:
        document.close()


def structure(pdf: Path) -> Iterator[DictionaryObject]:
    """Yield every structure element of the tagged ``pdf`` (depth first)."""
    root = PdfReader(pdf).trailer["/Root"]
    stack = [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        items = kids if isinstance(kids, ArrayObject) else [kids]
        for kid in items:
            kid = kid.get_object()
            if isinstance(kid, DictionaryObject) and "/S" in kid:
                yield kid
                stack.append(kid)
