"""The words a picture shows, read with Tesseract OCR, so names drawn in pixels are found.

A picture published on the site can show an officer's name in its pixels: a photograph
of a whiteboard or a name badge from induction day, or (the seventeenth security trial)
the name simply drawn as text. Metadata and file names are searched elsewhere
(:mod:`placements.picturemeta`, :mod:`placements.privacy`); this module reads what a
viewer sees. Tesseract reads printed text well and handwriting or text distorted on
purpose poorly: it catches the ordinary case, not a determined adversary.

Tesseract (Debian: ``tesseract-ocr``, with its English data) is called through
:mod:`pytesseract`. Each frame of an animated picture or icon is read, up to
:data:`MAX_FRAMES`; small pictures are enlarged first (Tesseract reads letters about
20-30 pixels tall best).
"""

from __future__ import annotations

import hashlib
import io

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, ImageOps, ImageSequence

from .picturemeta import icon_pictures

MAX_FRAMES = 20
"""Most frames of one picture read; a picture with more cannot be vouched for."""

_MIN_SIDE = 1000
"""Pictures whose longer side is shorter than this (pixels) are enlarged to it first."""

_MAX_SIDE = 4000
"""Pictures whose longer side is longer than this (pixels) are reduced to it first."""

INSTALL_HINT = "install Tesseract OCR (Debian: apt-get install tesseract-ocr; `make fonts` does)"


class PictureUnreadable(Exception):
    """A picture's words could not be read (Tesseract missing or failing, too many frames)."""


def _frames(picture: Image.Image) -> list[Image.Image]:
    """Every frame (animations) or every picture (icons: :func:`icon_pictures`) of
    ``picture``, as RGB on white."""
    frames = icon_pictures(picture, MAX_FRAMES + 1) or [
        frame.copy() for frame in ImageSequence.Iterator(picture)
    ]
    if len(frames) > MAX_FRAMES:
        raise PictureUnreadable(
            f"it has {len(frames)} frames; at most {MAX_FRAMES} are read for officers' names"
        )
    return [_on_white(frame) for frame in frames]


def _on_white(frame: Image.Image) -> Image.Image:
    """``frame`` in RGB, transparent parts white (as the site's light pages show it)."""
    rgba = frame.convert("RGBA")
    white = Image.new("RGBA", rgba.size, "white")
    return Image.alpha_composite(white, rgba).convert("RGB")


def _sized(frame: Image.Image) -> Image.Image:
    longer = max(frame.size)
    if longer < _MIN_SIDE:
        scale = _MIN_SIDE / longer
    elif longer > _MAX_SIDE:
        scale = _MAX_SIDE / longer
    else:
        return frame
    size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
    return frame.resize(size, Image.Resampling.LANCZOS)


_COLOURFUL = 48
"""Largest difference between two colour channels of a pixel (0-255) above which a
picture is read in each channel too."""


def _png(picture: Image.Image) -> bytes:
    data = io.BytesIO()
    picture.save(data, "PNG")
    return data.getvalue()


def _layers(frame: Image.Image) -> list[Image.Image]:
    """The greyscale pictures a frame (RGB) is read in: its brightness and, when it is
    colourful, each of its red, green and blue channels. Red letters on a green ground
    of the same brightness vanish in greyscale but stand out in the red channel (the
    nineteenth security trial)."""
    layers = [ImageOps.grayscale(frame)]
    red, green, blue = frame.split()
    spread = max(
        ImageChops.difference(a, b).getextrema()[1]
        for a, b in ((red, green), (green, blue), (red, blue))
    )
    if spread > _COLOURFUL:
        layers += [red, green, blue]
    return layers


MAX_RUN = 400
"""Most pictures of one run that are put together to be read (:func:`stitched`)."""


def stitched(pictures: list[bytes]) -> list[bytes]:
    """Pictures shown side by side, put together as a reader sees them: once in a row
    and once in a column (each picture's first frame at its own size, on white), as PNG
    bytes. A name cut into 70 strips six pixels wide, each strip a picture, showed
    whole in the browser while each strip alone read as nothing (the nineteenth
    security trial). Pictures that do not decode are left out (a browser shows
    nothing for them); at most :data:`MAX_RUN` are put together.
    """
    frames = []
    for raw in pictures[:MAX_RUN]:
        try:
            with Image.open(io.BytesIO(raw)) as picture:
                frames.append(_on_white(picture))
        except Exception:  # Pillow: not a picture it can decode
            continue
    if len(frames) < 2:
        return []
    wide = (sum(f.width for f in frames), max(f.height for f in frames))
    tall = (max(f.width for f in frames), sum(f.height for f in frames))
    out = []
    for size, step in ((wide, (1, 0)), (tall, (0, 1))):
        sheet = Image.new("RGB", size, "white")
        x = y = 0
        for frame in frames:
            sheet.paste(frame, (x, y))
            x, y = x + frame.width * step[0], y + frame.height * step[1]
        out.append(_png(sheet))
    return out


_MONOSPACE = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
"""The font text art is drawn in (Debian's fonts-dejavu-core, which the PDFs need too)."""


def text_art_pictures(block: str) -> list[bytes]:
    """A block of preformatted text (a code block) drawn as a reader sees it, in a
    monospace font: sharp, and blurred so that characters run together into the
    letters they draw (PNG bytes). Big letters drawn with "█" or "#" read as a name
    to a person, and as no name to any text search (the twentieth security trial).

    Raises:
        PictureUnreadable: the monospace font is not installed.
    """
    try:
        font = ImageFont.truetype(_MONOSPACE, 16)
    except OSError as exc:
        raise PictureUnreadable(f"the font {_MONOSPACE} is not installed") from exc
    lines = block.split("\n")[:200]
    width = min(max((len(line) for line in lines), default=1), 400)
    sheet = Image.new("L", (width * 10 + 40, len(lines) * 19 + 40), 255)
    ImageDraw.Draw(sheet).multiline_text((20, 20), "\n".join(lines), font=font, fill=0, spacing=0)
    return [_png(sheet), _png(sheet.filter(ImageFilter.GaussianBlur(3)))]


def is_picture(raw: bytes) -> bool:
    """Whether Pillow recognises the bytes ``raw`` as a picture, whatever the file's name
    (a browser shows a PNG called ``photo.bin`` all the same)."""
    try:
        with Image.open(io.BytesIO(raw)):
            return True
    except Exception:  # Pillow raises several kinds for what is not a picture
        return False


def picture_words(raw: bytes) -> list[str]:
    """The text Tesseract reads in each frame of the picture file ``raw`` (its bytes).

    Each frame is read as it is and inverted (light letters on a dark ground), in
    greyscale and, for a colourful frame, in each colour channel (:func:`_layers`).
    What was read is kept for the life of the process, by the picture's SHA-256 (a build
    reads each picture in ``check`` and again in the built site; the bytes themselves
    are not kept).

    Returns:
        One string per frame and reading, as Tesseract gives it (lines of words).

    Raises:
        PictureUnreadable: Tesseract is not installed or failed, or the picture has more
            than :data:`MAX_FRAMES` frames; a picture that cannot be read cannot be
            vouched for.
    """
    digest = hashlib.sha256(raw).hexdigest()
    if digest not in _READ:
        _READ[digest] = _words(raw)
    return list(_READ[digest])


_READ: dict[str, tuple[str, ...]] = {}
"""What :func:`picture_words` read, by each picture's SHA-256 (hex)."""


def _words(raw: bytes) -> tuple[str, ...]:
    import pytesseract

    try:
        with Image.open(io.BytesIO(raw)) as picture:
            frames = _frames(picture)
    except PictureUnreadable:
        raise
    except Exception as exc:  # Pillow: not a picture it can decode
        raise PictureUnreadable(f"it could not be decoded ({exc})") from exc
    texts = []
    for frame in frames:
        sized = _sized(frame)
        for variant in (
            reading for layer in _layers(sized) for reading in (layer, ImageOps.invert(layer))
        ):
            try:
                texts.append(pytesseract.image_to_string(variant, lang="eng", timeout=60))
            except pytesseract.TesseractNotFoundError:
                raise PictureUnreadable(f"Tesseract OCR is not installed: {INSTALL_HINT}") from None
            except (RuntimeError, pytesseract.TesseractError) as exc:
                raise PictureUnreadable(f"Tesseract OCR failed ({exc})") from exc
    return tuple(texts)
