"""What a picture file carries besides its pixels: the text a viewer's "properties" shows.

Pictures in ``docs/`` are published as they are, and cameras, phones and editors write
text into them: an author or artist, a comment, a caption, a place (EXIF, XMP, PNG text
chunks, JPEG and GIF comments, an ICC profile's description). :func:`picture_metadata`
reads all of it with Pillow so the name search (:mod:`placements.privacy`) can look
there too; :func:`picture_kind_problem` says when a file is not the picture its name
says (a ``.png`` that is really text or another format).
"""

from __future__ import annotations

import io
import unicodedata
import warnings
from dataclasses import dataclass, field

from PIL import ExifTags, Image, ImageCms, ImageSequence

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


@dataclass
class PictureMetadata:
    """What a picture carries besides its pixels.

    Attributes:
        texts: every text (EXIF and PNG text, comments, XMP, an ICC profile's
            description, copyright, maker and model...), to be searched as text.
        blobs: metadata that is binary data (an ICC profile, raw EXIF with its
            thumbnail, a JPEG segment Pillow does not read), decompressed as Pillow
            reads it: searched only for whole names run together (its bytes would spell
            short names by chance).
    """

    texts: list[str] = field(default_factory=list)
    blobs: list[bytes] = field(default_factory=list)

    def add(self, value: object, depth: int = 0) -> None:
        """Add a metadata value: text, bytes (text when :func:`_as_text` reads them, a
        blob otherwise), and the items of tuples, lists and dicts (keys too)."""
        if depth > 5:
            return
        if isinstance(value, str):
            self.texts.append(value)
        elif isinstance(value, bytes | bytearray):
            texts = _as_text(bytes(value))
            self.texts += texts
            if not texts:
                self.blobs.append(bytes(value))
        elif isinstance(value, dict):
            for key, item in value.items():
                self.add(key, depth + 1)
                self.add(item, depth + 1)
        elif isinstance(value, tuple | list):
            for item in value:
                self.add(item, depth + 1)

    def add_frame(self, frame: Image.Image) -> None:
        """The metadata of one frame: Pillow's ``info`` (PNG text chunks, comments, XMP,
        raw EXIF, ICC profile...), every EXIF tag in every EXIF folder, a JPEG's
        application segments (``applist``, kinds Pillow does not read too) and the text
        of an ICC colour profile (found by the eighth security trial: a profile whose
        description was an officer's name, shown by viewers as the colour profile)."""
        self.add(frame.info)
        exif = frame.getexif()
        self.add(dict(exif))
        for folder in _EXIF_FOLDERS:
            self.add(dict(exif.get_ifd(folder)))
        self.add(getattr(frame, "applist", []))
        icc = frame.info.get("icc_profile")
        if isinstance(icc, bytes) and icc:
            self.texts += _profile_texts(icc)


def _profile_texts(icc: bytes) -> list[str]:
    """The texts of an ICC colour profile (description, copyright, maker, model, the
    profile's information), read with Pillow's LittleCMS binding; none when it cannot
    read the profile (its bytes are still searched as a blob)."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    except Exception:  # a profile LittleCMS refuses
        return []
    readers = (
        ImageCms.getProfileDescription,
        ImageCms.getProfileCopyright,
        ImageCms.getProfileManufacturer,
        ImageCms.getProfileModel,
        ImageCms.getProfileInfo,
    )
    texts = []
    for read in readers:
        try:
            texts.append(read(profile))
        except Exception:  # a tag the profile does not have
            continue
    return texts


def picture_metadata(raw: bytes) -> PictureMetadata:
    """Everything the picture in ``raw`` carries in its metadata, in every frame.

    PNG text chunks after the image data are included (the picture is decoded to find
    them; Pillow's decompression-bomb limit applies), and compressed metadata (zTXt,
    iTXt, iCCP) comes decompressed. Each picture of an icon (``.ico``) is read, not only
    the one Pillow opens (:func:`icon_pictures`). The pixels are read elsewhere
    (:mod:`placements.pictureocr`).

    Raises:
        PIL.UnidentifiedImageError, OSError, ValueError: when Pillow cannot read the
            picture (callers treat it as a file that could not be searched).
    """
    found = PictureMetadata()
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(raw)) as picture:
            for index, frame in enumerate(ImageSequence.Iterator(picture)):
                if index >= MAX_FRAMES:
                    break
                frame.load()  # a PNG's text chunks after its image data
                found.add_frame(frame)
            found.add(getattr(picture, "text", {}))
            for icon in icon_pictures(picture, MAX_FRAMES):
                found.add_frame(icon)
                found.add(getattr(icon, "text", {}))
    return found


def icon_pictures(picture: Image.Image, most: int) -> list[Image.Image]:
    """Each picture an icon (``.ico``) holds, up to ``most``; none for another kind.

    Pillow opens one picture of an icon; the others (even of the same size) hold
    pixels and metadata of their own (found by the eleventh security trial).
    """
    icons = getattr(picture, "ico", None)
    return [icons.frame(index) for index in range(min(len(icons.entry), most))] if icons else []


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
