"""What a picture file carries besides its pixels: the text a viewer's "properties" shows.

Pictures in ``docs/`` are published as they are, and cameras, phones and editors write
text into them: an author or artist, a comment, a caption, a place (EXIF, XMP, PNG text
chunks, JPEG and GIF comments, an ICC profile's description). :func:`picture_texts`
reads all of it with Pillow so the name search (:mod:`placements.privacy`) can look
there too; :func:`picture_kind_problem` says when a file is not the picture its name
says (a ``.png`` that is really text or another format).
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from collections.abc import Iterator

from PIL import ExifTags, Image, ImageSequence

PICTURE_FORMATS = {
    ".png": "PNG",
    ".jpg": "JPEG",
    ".jpeg": "JPEG",
    ".gif": "GIF",
    ".webp": "WEBP",
    ".ico": "ICO",
}
"""Picture name endings ``docs/`` may hold, and the format (Pillow's name) each must be."""

MAX_FRAMES = 1000
"""Most frames of an animated picture read for text (each frame may carry its own)."""

_EXIF_FOLDERS = (ExifTags.IFD.Exif, ExifTags.IFD.GPSInfo, ExifTags.IFD.Interop)


def _is_text(char: str) -> bool:
    """Printable, a space, or an invisible format character (a soft hyphen, a zero-width
    space: text that hides letters is still text)."""
    return char.isprintable() or char.isspace() or unicodedata.category(char) == "Cf"


def _as_text(data: bytes) -> list[str]:
    """``data`` as text, when it is text: UTF-8, or UTF-16 in either byte order (Windows'
    XPAuthor and XPComment tags), every character text (:func:`_is_text`) once NULs
    are dropped;
    with the NULs dropped and, once more, read as spaces (``ASCII\\0\\0\\0Aled``, an
    EXIF user comment). ``[]`` for binary data (a thumbnail, an ICC profile's tables):
    read as text, its random letters would spell short names by chance, so the whole
    file is searched only for whole names run together instead
    (:func:`placements.privacy.roster_in_folder`)."""
    for codec in ("utf-8", "utf-16-le", "utf-16-be"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        dropped = text.replace("\0", "")
        if dropped and all(_is_text(c) for c in dropped):
            return [dropped, text.replace("\0", " ")]
    return []


def _texts_of(value: object, depth: int = 0) -> Iterator[str]:
    """Every text in a metadata value: text, bytes that are text (:func:`_as_text`),
    and the items of tuples, lists and dicts (keys too)."""
    if depth > 5:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes | bytearray):
        yield from _as_text(bytes(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts_of(key, depth + 1)
            yield from _texts_of(item, depth + 1)
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _texts_of(item, depth + 1)


def _frame_texts(frame: Image.Image) -> Iterator[str]:
    """The metadata of one frame: Pillow's ``info`` (PNG text chunks, comments, XMP,
    raw EXIF, ICC profile...), every EXIF tag in every EXIF folder, and a JPEG's
    application segments (``applist``, including kinds Pillow does not read)."""
    yield from _texts_of(frame.info)
    exif = frame.getexif()
    yield from _texts_of(dict(exif))
    for folder in _EXIF_FOLDERS:
        yield from _texts_of(dict(exif.get_ifd(folder)))
    yield from _texts_of(getattr(frame, "applist", []))


def picture_texts(raw: bytes) -> list[str]:
    """Every text the picture in ``raw`` carries in its metadata, in every frame.

    PNG text chunks after the image data are included (the picture is decoded to find
    them; Pillow's decompression-bomb limit applies). Metadata held as bytes is read
    when it is text (:func:`_as_text`). The pixels are not read as text: words drawn in
    a picture are beyond this search.

    Raises:
        PIL.UnidentifiedImageError, OSError, ValueError: when Pillow cannot read the
            picture (callers treat it as a file that could not be searched).
    """
    texts: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(raw)) as picture:
            for index, frame in enumerate(ImageSequence.Iterator(picture)):
                if index >= MAX_FRAMES:
                    break
                frame.load()  # a PNG's text chunks after its image data
                texts += _frame_texts(frame)
            texts += _texts_of(getattr(picture, "text", {}))
    return texts


def picture_kind_problem(raw: bytes, suffix: str) -> str | None:
    """Why ``raw`` is not the picture its name ending ``suffix`` says, or ``None``.

    Args:
        raw: the file's bytes.
        suffix: its name ending, with the dot (``".png"``); any case.

    Returns:
        ``None`` when Pillow reads it as the format of :data:`PICTURE_FORMATS` (or the
        ending is not a picture's), else a message saying what it is instead.
    """
    expected = PICTURE_FORMATS.get(suffix.lower())
    if expected is None:
        return None
    try:
        with Image.open(io.BytesIO(raw)) as picture:
            found = picture.format
    except Exception:  # Pillow raises several kinds for what is not a picture
        return f"is not a picture Pillow can read, although its name ends {suffix}"
    if found != expected and not (expected == "ICO" and found in {"ICO", "CUR"}):
        return f"is a {found} picture, although its name ends {suffix}: rename it"
    return None
