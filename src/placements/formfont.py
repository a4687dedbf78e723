"""The font the workbook's form fields are written in: DejaVu Sans, cut down to the
scripts officers' names and notes are written in.

WeasyPrint embeds a form field's font *whole* (a viewer may need any glyph for what the
officer types), with a width and Unicode entry for every glyph. DejaVu Sans has about
6,000 glyphs (757 KB), so every officer's PDF carried the whole font, and writing it
(parsing, mapping, compressing) was about a quarter of the time each workbook took.
:func:`field_font` makes a subset with the letters of Latin (Basic, Latin-1, Extended-A
and -B, Extended Additional: Welsh ŵ ŷ, Vietnamese), Greek and Cyrillic, with
punctuation, currency and letter-like symbols (about 116 KB, named "Workbook Fields"),
and the workbook CSS uses it for fields only. Printed text keeps the full DejaVu Sans
(subset by WeasyPrint to the glyphs used, as for any text).

Measured with ``scripts/bench_workbooks.py`` and an 8-officer cohort in one process:
0.74-0.85 CPU s per officer instead of 1.03-1.12, and 157 KB per officer's PDF
instead of 489 KB.

The subset is made with fontTools (WeasyPrint's own dependency) from the DejaVu Sans
that fontconfig finds, once per different source font: the file name carries a hash of
the source font, the ranges and the fontTools version, and is written atomically. The
same inputs give the same bytes (the font's own timestamps are kept), so builds stay
reproducible.

Licence: DejaVu fonts are under the Bitstream Vera licence (with public-domain
changes), which allows modified copies whose names do not contain "Bitstream" or
"Vera"; the subset is renamed and keeps the copyright and licence entries.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

from . import cacheseal
from .problems import BuildError

FAMILY = "Workbook Fields"
"""The font family name the workbook CSS uses for form fields."""

DEFAULT_FONTS = Path(tempfile.gettempdir()) / "placements-fonts"
"""Where the field font is kept when the caller names no folder."""

SOURCE_FAMILY = "DejaVu Sans"
DEBIAN_PATH = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

RANGES: tuple[tuple[int, int], ...] = (
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x024F),  # Latin-1 Supplement, Latin Extended-A and -B
    (0x0370, 0x03FF),  # Greek and Coptic
    (0x0400, 0x04FF),  # Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional (Welsh ẁ ẃ ẅ ỳ, Vietnamese)
    (0x2000, 0x206F),  # General Punctuation (dashes, quotes, ellipsis)
    (0x20A0, 0x20BF),  # Currency Symbols
    (0x2100, 0x214F),  # Letterlike Symbols (№, ™)
)
"""Unicode ranges kept in the field font (first and last code point, inclusive)."""


def source_font() -> Path:
    """The file of the regular DejaVu Sans, as fontconfig (``fc-match``) finds it.

    Without the ``fc-match`` program, Debian's path for the font is used if it exists.

    Raises:
        BuildError: fontconfig is missing, or gives another family (DejaVu Sans is not
            installed; on Debian: ``apt-get install fonts-dejavu-core``).
    """
    try:
        found = subprocess.run(
            ["fc-match", "-f", "%{family}\t%{file}", f"{SOURCE_FAMILY}:style=Book"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        if DEBIAN_PATH.is_file():  # no fc-match program: Debian's own place for the font
            return DEBIAN_PATH
        raise BuildError(f"cannot ask fontconfig for {SOURCE_FAMILY}: {exc}") from None
    families, _, file = found.partition("\t")
    if SOURCE_FAMILY not in families.split(",") or not file:
        raise BuildError(
            f"the font {SOURCE_FAMILY} is not installed (fontconfig offers {families or 'none'});"
            " on Debian: apt-get install fonts-dejavu-core"
        )
    return Path(file)


def field_font(folder: Path) -> Path:
    """Return the field font file in ``folder``, making it first if it is not there.

    Args:
        folder: where fonts are kept between builds (created if missing), e.g.
            ``dist/.cache/fonts``.

    Returns:
        ``folder/workbook-fields-<hash>.ttf`` (TrueType; family :data:`FAMILY`).

    Raises:
        BuildError: DejaVu Sans cannot be found (see :func:`source_font`).
    """
    source = source_font()
    data = source.read_bytes()
    key = hashlib.sha256()
    key.update(data)
    key.update(repr(RANGES).encode())
    key.update(version("fonttools").encode())
    target = folder / f"workbook-fields-{key.hexdigest()[:16]}.ttf"
    # a kept font is used only if its seal matches: a font changed by hand could draw
    # other letters than the text holds (a name where the PDF's text has none)
    if cacheseal.read_sealed(target, "font") is not None:
        return target
    font = _subset(data)
    if cacheseal.available():
        cacheseal.write_sealed(target, font, "font")
        return target
    # nothing can be sealed: a font of this run's own, never one found in the folder
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".font-", suffix=".ttf")
    with os.fdopen(fd, "wb") as out:
        out.write(font)
    return Path(tmp)


def _subset(data: bytes) -> bytes:
    """The subset of the font ``data`` (TrueType bytes) for :data:`RANGES`, renamed."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: not needed, not subsettable
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for first, last in RANGES for c in range(first, last + 1)])
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16) or record.nameID in (3, 4):  # family
            names.setName(FAMILY, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 6:  # PostScript name
            names.setName("WorkbookFields", 6, record.platformID, record.platEncID, record.langID)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
