"""Personal data stays private: no roster value in any file of the public site.

Roster values: each officer's name (whole, and each part of four letters or more) and
each officer id. Buddies are roles, not people; cohort names, dates and anonymous
feedback words are not personal and are published on purpose (the outcomes page).

The hostile spellings below (surname first, one part alone, invisible characters,
look-alike letters, accents, markup, bidirectional overrides, spaced letters,
percent-encoding) each got a name past the checks once; each is tried in every kind of
published text (``placements check``) and every kind of site file, public PDFs, files of
any name and file names included (the build's scan).
"""

from __future__ import annotations

import gzip
import io
import json
import random
import re
import struct
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageCms, PngImagePlugin
from weasyprint import HTML

from placements.build import Project, build, check
from placements.content import load_content, load_or_raise
from placements.namematch import (
    INITIAL_MARK,
    RosterName,
    fold,
    fold_split,
    fold_with_origins,
    name_forms,
    names_in,
    run_together_forms,
)
from placements.privacy import check_roster_in_published, read_text, roster_in_folder
from placements.problems import BuildError, Problem, Severity

from .conftest import REPO
from .hostile import readable


def _roster_values(project: Project) -> list[str]:
    content = load_or_raise(project.content)
    values: set[str] = set()
    for cohort in content.cohorts.values():
        for officer in cohort.officers:
            values |= {officer.name, officer.id}
            values |= {part for part in officer.name.split() if len(part) >= 4}
    return sorted(values)


def test_no_roster_value_in_any_site_file(built: Project) -> None:
    values = _roster_values(built)
    assert len(values) >= 8 * 3
    patterns = {v: re.compile(rf"(?<!\w){re.escape(v)}(?!\w)", re.IGNORECASE) for v in values}
    files = [p for p in built.site.rglob("*") if p.is_file()]
    assert any(p.name == "search_index.json" for p in files)
    assert any(p.name.startswith("sitemap.xml") for p in files)
    found = []
    for path in files:
        if path.suffix in (".png", ".jpg", ".ico", ".woff", ".woff2"):
            continue
        text = readable(path)
        found += [
            f"{path.relative_to(built.site)}: {v}" for v, p in patterns.items() if p.search(text)
        ]
    assert found == []
    # ... while the private workbooks do hold them:
    assert any("Aled" in readable(p) for p in built.private.rglob("*.pdf"))


def test_private_outputs_are_ignored_by_git() -> None:
    for path in ["dist/cohorts/2018-03-pilot/so-01.pdf", "dist/anything"]:
        result = subprocess.run(
            ["git", "check-ignore", "-q", path], cwd=REPO, capture_output=True, check=False
        )
        assert result.returncode == 0, f"{path} is not ignored by git"


def _officer(project: Project) -> str:
    content = load_or_raise(project.content)
    return next(iter(content.cohorts.values())).officers[2].name


def test_check_reports_a_name_in_published_text_without_repeating_it(project: Project) -> None:
    name = _officer(project)
    service = project.content / "services" / "cert.yaml"
    text = service.read_text(encoding="utf-8")
    service.write_text(
        text.replace("\nsummary: ", f"\nsummary: Ask {name.upper()} about it. ", 1),
        encoding="utf-8",
    )
    page = project.root / "docs" / "placement.md"
    page.write_text(f"# Your placement\n\nThanks to {name}.\n\n{{{{ placement() }}}}\n")
    _, problems = check(project)
    leaks = [p for p in problems if "officer's name" in p.message]
    assert [(p.path, p.field, p.line, p.column) for p in leaks] == [
        ("content/services/cert.yaml", "summary", _line(text, "summary:"), 10),
        ("docs/placement.md", "", 3, 11),
    ]
    assert all(p.severity is Severity.ERROR for p in leaks)
    assert all("officers.2.name in content/cohorts/" in p.message for p in leaks)
    assert not any(name.casefold() in p.format().casefold() for p in problems)


def _line(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith(start))


def test_build_refuses_a_site_with_a_name_from_any_source(project: Project) -> None:
    name = _officer(project)
    config = project.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_description: ", f"site_description: Written with {name}. ", 1
        ),
        encoding="utf-8",
    )
    # Only in the public PDFs (the blank workbook), surname first with a soft hyphen:
    # they are rendered after the site, and searched before anything is published.
    template = project.templates / "workbook.html.j2"
    template.write_text(
        template.read_text(encoding="utf-8").replace(
            "<p>{{ scheme.title }}: ", "<p>PRYCE,&nbsp;Al&shy;ed. {{ scheme.title }}: ", 1
        ),
        encoding="utf-8",
    )
    # Only once the page is rendered, backwards (the check sees no form of the name in
    # its source: "willmay" run together is too short to be searched for).
    _with_will_may(project)
    page = project.root / "docs" / "placement.md"
    page.write_text(
        page.read_text(encoding="utf-8") + '\n{{ ("Wi" ~ "ll M" ~ "ay") | reverse }}\n', "utf-8"
    )
    with pytest.raises(BuildError, match="officers' names would be published") as caught:
        build(project)
    message = str(caught.value)
    assert name not in message and "Pryce" not in message
    assert "index.html: officers.2.name in content/cohorts/2018-03-pilot.yaml" in message
    assert "placement.html: officers.4.name in content/cohorts/" in message
    assert "downloads/workbook-blank.pdf: officers.0.name in content/cohorts/" in message
    assert not project.site.exists() and not project.private.exists()


# --- Hostile spellings of a name ----------------------------------------------------------
#
# The shipped pilot cohort, with officer so-05 renamed "Will May": a name made of two
# everyday words, flagged only whole (in either order), so the cases that spell it show
# the whole-name rule working on its own. Each case was seen to get past the checks.

COHORT = "content/cohorts/2018-03-pilot.yaml"
ALED, PRIYA, DANIEL, WILL, RUTH, ZOE = 0, 1, 2, 4, 5, 7
OFFICERS = {
    ALED: "Aled Pryce",
    PRIYA: "Priya Lomax",
    DANIEL: "Daniel Okafor-Reid",
    WILL: "Will May",
    RUTH: "Ruth Gannaway",
    ZOE: "Zoë Ellis-Núñez",
}

HOSTILE = {
    # 1. surname first
    "surname first, comma": ("May, Will", WILL),
    "surname first, capitals": ("MAY Will", WILL),
    "surname first, rare name": ("Pryce, Aled", ALED),
    # 2. one part alone
    "double-barrelled surname alone": ("Ellis-Núñez", ZOE),
    "half of a double-barrelled surname": ("Okafor", DANIEL),
    "rare surname alone": ("Pryce", ALED),
    "rare given name alone": ("Aled", ALED),
    # 3. invisible and format characters, other spaces and dashes, decomposed accents
    "soft hyphen": ("Al\u00aded", ALED),
    "zero-width space": ("Pr\u200byce", ALED),
    "zero-width joiners and word joiner": ("W\u200cil\u200dl M\u2060ay", WILL),
    "byte order mark": ("Will M\ufeffay", WILL),
    "braille blank": ("A\u2800led", ALED),
    "next-line control": ("Gann\u0085away", RUTH),  # the fourteenth trial: shown as nothing
    "vertical tab": ("Gann\u000baway", RUTH),
    "zero-width space between the words": ("Will\u200bMay", WILL),
    "non-breaking space": ("Will\u00a0May", WILL),
    "em space": ("Will\u2003May", WILL),
    "ideographic space": ("Will\u3000May", WILL),
    "non-breaking hyphen": ("Will\u2011May", WILL),
    "decomposed accents": ("Nu\u0301n\u0303ez", ZOE),
    # 4. look-alike letters
    "Cyrillic letters": ("W\u0456ll M\u0430\u0443", WILL),
    "Cyrillic capital": ("\u0410l\u0435d", ALED),
    "Greek omicron": ("\u039fkaf\u03bfr", DANIEL),
    "full-width letters": ("ＷＩＬＬ\u3000ＭＡＹ", WILL),
    "mathematical letters": ("\U0001d40f\U0001d42b\U0001d432\U0001d41c\U0001d41e", ALED),
    "Lisu letters": ("\ua4d1\ua4e3yce", ALED),  # ꓑꓣyce
    "Lisu capital G": ("Ruth \ua4d6annaway", RUTH),  # ꓖannaway
    "Cherokee capitals": ("\u13aaled \u13e2ryce", ALED),  # Ꭺled Ꮲryce
    "Cherokee small letters": ("\uab7aled", ALED),  # ꭺled
    "Latin small capitals": ("\u1d21\u026a\u029f\u029f \u1d0d\u1d00\u028f", WILL),  # ᴡɪʟʟ ᴍᴀʏ
    "Latin small capital O": ("Okaf\u1d0fr", DANIEL),  # Okafᴏr
    # found by the second security trial: enclosed letters with no decomposition
    "negative circled letters": ("\U0001f150\U0001f15b\U0001f154\U0001f153 Pryce", ALED),
    "negative squared letters": ("Aled \U0001f17f\U0001f181\U0001f188\U0001f172\U0001f174", ALED),
    "regional indicator letters": ("Aled \U0001f1f5\U0001f1f7\U0001f1fe\U0001f1e8\U0001f1ea", ALED),
    # the third security trial: Canadian Syllabics, Coptic, the estimated sign
    "Canadian Syllabics": ("\u15e9\u14aa\u15f4\u15de \u146d\u1587\u15bb\u1455\u15f4", ALED),
    "estimated sign for e": ("Al\u212ed Pryc\u212e", ALED),
    # the fifth: APL alpha, r with fishhook, divides
    "APL alpha": ("Priy\u237a Lom\u237ax", PRIYA),
    "r with fishhook": ("Aled P\u027eyce", ALED),
    "divides for l": ("A\u2223ed Pryce", ALED),
    "Latin letter dental click": ("A\u01c0ed", ALED),  # Aǀed
    "Armenian vo": ("Da\u0578iel", DANIEL),  # Daոiel
    "Cyrillic ghe": ("P\u0433yce", ALED),  # Pгyce
    # letters only Unicode's confusables data maps (Canadian Syllabics, Runic,
    # Tifinagh, Georgian, symbols): ᗅᛁⴹd ℗ɽყ¢ꬲ
    "Unicode confusables": ("\u15c5\u16c1\u2d39d \u2117\u027d\u10e7\u00a2\uab32", ALED),
    # the eleventh trial: Latin letters whose hook, curl or stroke nothing strips
    "Latin letters with hooks": ("Ruʈh Ganȵaway", RUTH),
    "Latin letters with curls and strokes": ("ⱥleȡ Pryᶜe", ALED),
    "m with hook": ("Lo\u0271ax", PRIYA),  # Loɱax: Unicode's prototype of m is "rn"
    # a capital bar in capitals is an I, although Unicode gives I and l one prototype
    "Cyrillic capital palochka": ("PR\u04c0YA", PRIYA),
    # 6. accents stripped, or added
    "accents stripped": ("Nunez", ZOE),
    "accents added": ("Wíll Mäy", WILL),
    # markup that splits a name that still reads as one
    "HTML tag inside": ("Al<b>ed</b>", ALED),
    "HTML entity": ("&#65;led", ALED),
    # 7. shown in another order than stored: a right-to-left override, a reversed text
    "right-to-left override": ("\u202eecyrP delA\u202c", ALED),
    "written backwards": ("ecyrP delA", ALED),
    "written backwards, run together": ("ecyrPdelA", ALED),
    "right-to-left override, short name": ("\u202eyaM lliW\u202c", WILL),
    "written backwards, short name": ("yaM lliW", WILL),  # under 8 letters: not a run
    # the ninth trial: right-to-left marks between pieces stored out of order; a
    # right-to-left paragraph (an Arabic leaflet's list) shows them as "Aled Pryce"
    "right-to-left marks": ("\u200fce\u200fPry\u200f \u200fled\u200fA\u200f", ALED),
    # 8. spelt out with spaces, or cut into pieces no part of which is a whole part
    "spaced letters": ("P r i y a   L o m a x", PRIYA),
    "spaced letters, surname first": ("L O M A X ,  P R I Y A", PRIYA),
    "spaced letters, backwards": ("x a m o L  a y i r P", PRIYA),
    # the fifteenth trial: one part spelt out, with hair spaces that show no gap
    "one part spelt out with hair spaces": ("P\u200ar\u200ay\u200ac\u200ae", ALED),
    "one part spelt out": ("L o m a x", PRIYA),
    # the sixteenth trial: a hyphen inside a part still reads as one word
    "hyphen inside a part": ("Oka-for", DANIEL),
    "pieces of markup": ("<text>Ru</text> <text>th Ganna</text> <text>way</text>", RUTH),
    # 9. percent-encoding, as in an address
    "percent-encoding": ("x.org/%41led-%50ryce", ALED),
    "percent-encoded UTF-8": ("x.org/N%C3%BA%C3%B1ez", ZOE),
    # 10. the eighteenth trial: an initial, or a title, with an everyday-word surname
    "initial and everyday surname": ("W. May", WILL),
    "everyday surname and initial": ("May, W.", WILL),
    "initial without a full stop": ("W May", WILL),
    "title and everyday surname": ("PC May", WILL),
}
MARKDOWN = {"Markdown emphasis inside": ("Al*ed*", ALED)}


def _yaml_text(text: str) -> str:
    """``text`` as a YAML double-quoted scalar, invisible characters escaped."""
    chars = [c if c.isprintable() and c not in '"\\' else f"\\U{ord(c):08x}" for c in text]
    return '"' + "".join(chars) + '"'


def _with_will_may(project: Project) -> Path:
    cohort = project.root / COHORT
    text = cohort.read_text(encoding="utf-8")
    cohort.write_text(text.replace("name: Sam Thistlewood", "name: Will May", 1), "utf-8")
    return cohort


def _leaks(project: Project) -> list[Problem]:
    content, problems = load_content(project.content, display_root=project.root)
    assert content is not None, [p.format() for p in problems]
    return list(check_roster_in_published(content))


# Where the name starts in each case's text, when not at its first character.
STARTS = {
    "right-to-left override": 2,
    "right-to-left override, short name": 2,
    "pieces of markup": 7,
    "percent-encoding": 7,
    "percent-encoded UTF-8": 7,
}


@pytest.mark.parametrize("case", [*HOSTILE, *MARKDOWN])
def test_check_finds_a_hostile_spelling_in_each_kind_of_published_text(
    project: Project, case: str
) -> None:
    text, officer = {**HOSTILE, **MARKDOWN}[case]
    cohort = _with_will_may(project)
    service = project.content / "services" / "cert.yaml"
    service.write_text(
        re.sub(
            r"(?m)^summary: .*$",
            lambda _: f"summary: {_yaml_text(f'Ask {text} about it.')}",
            service.read_text(encoding="utf-8"),
            count=1,
        ),
        encoding="utf-8",
    )
    cohort_text = cohort.read_text(encoding="utf-8")
    cohort_text = cohort_text.replace(
        "\nname: Pilot cohort, March 2018", f"\nname: {_yaml_text(f'Pilot with {text}')}", 1
    )
    one_word = not re.search(r"\s", text)  # one_word takes no spaces of any kind
    if one_word:
        cohort_text = cohort_text.replace(
            "one_word: eye-opening", f"one_word: {_yaml_text(text)}", 1
        )
    cohort.write_text(cohort_text, encoding="utf-8")
    page = project.root / "docs" / "placement.md"
    page.write_text(f"# Your placement\n\nThanks to\n{text}.\n\n{{{{ placement() }}}}\n", "utf-8")

    leaks = _leaks(project)
    assert {(p.path, p.field) for p in leaks} == {
        ("content/services/cert.yaml", "summary"),
        (COHORT, "name"),
        *([(COHORT, "feedback.responses.0.one_word")] if one_word else []),
        ("docs/placement.md", ""),
    }
    assert len(leaks) == 3 + one_word
    assert all(f"(officers.{officer}.name in {COHORT})" in p.message for p in leaks)
    column = STARTS.get(case, 1)
    assert [(p.line, p.column) for p in leaks if p.path.startswith("docs/")] == [(4, column)]


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        # the seventh security trial: names in scripts written without spaces
        ("王伟", "感谢王伟的帮助。", True),  # a Chinese name of two letters, in a sentence
        ("田中 太郎", "田中太郎さん、ありがとう。", True),  # Japanese, written without a space
        ("김민준", "김민준은 경찰입니다.", True),  # Korean: a particle joined to the name
        ("สมชาย ใจดี", "ขอบคุณสมชายใจดีมาก", True),  # Thai
        ("王伟", "王先生很伟大。", False),  # its letters, not together
        ("田中 太郎", "田中さん", False),  # one part of it
    ],
)
def test_names_in_scripts_without_spaces_are_found_anywhere(
    tmp_path: Path, name: str, text: str, found: bool
) -> None:
    roster = [RosterName(name, "officers.0.name")]
    assert bool(names_in(roster, [fold(text)])) is found
    (tmp_path / "index.html").write_text(f"<p>{text}</p>", "utf-8")
    assert roster_in_folder(tmp_path, roster) == (["index.html: officers.0.name"] if found else [])


def test_check_finds_a_name_in_a_page_address(project: Project) -> None:
    (project.root / "docs" / "pryce-aled.md").write_text("# Thanks\n\nWith thanks.\n", "utf-8")
    assert [(p.path, p.line, p.column) for p in _leaks(project)] == [("docs/pryce-aled.md", 0, 0)]


def test_check_finds_a_name_in_any_file_of_docs_and_its_name(project: Project) -> None:
    assets = project.root / "docs" / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "roster.tsv").write_text("id\tname\nso-02\tLomax, Priya\n", "utf-8")
    (assets / "hannah-whitcombe.jpg").write_bytes(_jpeg({}))
    (assets / "%41led.png").write_bytes(_png())
    (assets / "team.svg").write_text(
        "<svg>\n  <text>Ru</text>\n  <text>th Ganna</text><text>way</text>\n</svg>\n", "utf-8"
    )
    leaks = _leaks(project)
    assert [(p.path, p.line, p.column, _officer_of(p)) for p in leaks] == [
        ("docs/assets/%41led.png", 0, 0, 0),
        ("docs/assets/hannah-whitcombe.jpg", 0, 0, 3),
        ("docs/assets/roster.tsv", 2, 7, 1),
        ("docs/assets/team.svg", 2, 9, 5),
    ]


def test_check_finds_a_name_in_a_pictures_metadata(project: Project) -> None:
    # the seventh security trial: a PNG's "Author", a JPEG's EXIF "Artist" and Windows'
    # UTF-16 comment, and a name run together after the end of a picture
    assets = project.root / "docs" / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "a.png").write_bytes(_png({"Author": "Aled Pryce"}))
    (assets / "b.jpg").write_bytes(_jpeg({ARTIST: "Lomax, Priya"}))
    (assets / "c.jpg").write_bytes(_jpeg({XP_COMMENT: "Zoë Ellis-Núñez".encode("utf-16-le")}))
    (assets / "d.jpg").write_bytes(_jpeg({}, comment=b"with Ruth Gannaway"))
    (assets / "e.png").write_bytes(_png(after=b"\x00RuthGannaway\x00"))
    (assets / "f.png").write_bytes(_png(profile="Priya Lomax"))  # the eighth trial
    (assets / "g.ico").write_bytes(_icon(_png(), _png({"Author": "Aled Pryce"})))  # eleventh
    leaks = _leaks(project)
    assert [(p.path, p.line, _officer_of(p)) for p in leaks] == [
        ("docs/assets/a.png", 0, 0),
        ("docs/assets/b.jpg", 0, 1),
        ("docs/assets/c.jpg", 0, 7),
        ("docs/assets/d.jpg", 0, 5),
        ("docs/assets/e.png", 0, 5),
        ("docs/assets/f.png", 0, 1),
        ("docs/assets/g.ico", 0, 0),
    ]
    assert all("picture's metadata" in p.message and "exiftool" in p.message for p in leaks)


def test_pictures_with_ordinary_metadata_and_noise_hold_no_name(tmp_path: Path) -> None:
    # Binary data is searched only for whole names run together: random pixels, read as
    # Latin-1 or UTF-16, must not spell "Zoë" (three letters) or "Aled" by chance.
    rng = random.Random(7)
    noise = Image.frombytes("RGB", (300, 300), rng.randbytes(300 * 300 * 3))
    for kind in ("PNG", "JPEG", "GIF", "WEBP"):
        out = io.BytesIO()
        noise.save(out, kind, **({"exif": _exif_make_model()} if kind == "JPEG" else {}))
        (tmp_path / f"noise.{kind.lower()}").write_bytes(out.getvalue())
    (tmp_path / "edited.png").write_bytes(_png({"Software": "GIMP 2.10", "Title": "Maple Ward"}))
    assert roster_in_folder(tmp_path, ROSTER) == []


def _exif_make_model() -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "Camera maker", "Model 7"
    return exif.tobytes()


@pytest.mark.parametrize(
    "line",
    [
        # the tenth trial: a picture that does not load shows its text alternative
        'Thanks to <img src="index.html" alt="A">led <img src="index.html" alt="P">ryce.',
        "Thanks to ![A](index.html)led P![r](x.png)yce.",
    ],
)
def test_check_finds_a_name_spelt_with_pictures_text_alternatives(
    project: Project, line: str
) -> None:
    page = project.root / "docs" / "placement.md"
    page.write_text(f"# Your placement\n\n{line}\n", "utf-8")
    leaks = _leaks(project)
    assert [(p.path, p.line, _officer_of(p)) for p in leaks] == [("docs/placement.md", 3, 0)]


def test_site_scan_finds_a_name_spelt_with_pictures_text_alternatives(tmp_path: Path) -> None:
    _site(tmp_path, "html", '<img src="x.png" alt="A">led <img src="x.png" alt=\'P\'>ryce')
    assert roster_in_folder(tmp_path, ROSTER) == [
        f"placement/index.html: officers.0.name in {COHORT}"
    ]


def test_check_leaves_everyday_words_that_are_parts_of_a_name(project: Project) -> None:
    _with_will_may(project)
    page = project.root / "docs" / "placement.md"
    page.write_text(
        "# Your placement\n\nYou will be there in May, when the next cohort starts.\n\n"
        "In May\nwill start the next cohort.\n",
        "utf-8",
    )
    # Everyday words alone are left; the whole name, either way round, is always flagged
    # (name_forms), so "May will" across the line break is reported.
    leaks = _leaks(project)
    assert [(p.path, p.line, p.column) for p in leaks] == [("docs/placement.md", 5, 4)]
    assert "officers.4.name" in leaks[0].message


def _png(text: dict[str, str] | None = None, *, after: bytes = b"", profile: str = "") -> bytes:
    """A real PNG picture (grey, 4 pixels square) with ``text`` as compressed
    international text chunks (iTXt), ``after`` written after its end, and a colour
    profile (iCCP, compressed) whose description is ``profile`` (13 letters at most)."""
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_itxt(key, value, zip=True)
    options = {"icc_profile": _icc_profile(profile)} if profile else {}
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 200, 200)).save(out, "PNG", pnginfo=info, **options)
    return out.getvalue() + after


def _icon(*pngs: bytes) -> bytes:
    """An icon (.ico) holding ``pngs`` as they are (Pillow's writer would re-encode)."""
    head = struct.pack("<HHH", 0, 1, len(pngs))
    offset, entries, data = 6 + 16 * len(pngs), b"", b""
    for png in pngs:
        entries += struct.pack("<BBBBHHII", 4, 4, 0, 0, 1, 32, len(png), offset + len(data))
        data += png
    return head + entries + data


def _icc_profile(description: str) -> bytes:
    """LittleCMS's sRGB profile with its description ("sRGB built-in") replaced."""
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    built_in = "sRGB built-in".encode("utf-16-be")
    assert built_in in srgb
    return srgb.replace(built_in, description.ljust(13).encode("utf-16-be"))


def _jpeg(tags: dict[int, str | bytes], comment: bytes = b"") -> bytes:
    """A real JPEG picture with ``tags`` in its EXIF (first folder) and a comment."""
    exif = Image.Exif()
    for tag, value in tags.items():
        exif[tag] = value
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 200, 200)).save(
        out, "JPEG", exif=exif.tobytes(), comment=comment
    )
    return out.getvalue()


def _webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 200, 200)).save(out, "WEBP")
    return out.getvalue()


ARTIST, XP_COMMENT = 0x013B, 0x9C9C  # EXIF tags: the artist, Windows' comment (UTF-16)


def _site(folder: Path, kind: str, text: str) -> Path:
    """Write ``text`` into one kind of site file in ``folder``; return the file."""
    if kind == "html":
        path = folder / "placement" / "index.html"
        content: bytes = f"<!doctype html><html><p>Thanks to {text}.</p></html>".encode()
    elif kind == "html attribute":
        path = folder / "placement" / "index.html"
        content = f'<!doctype html><html><img src="x.png" alt="Thanks to {text}."></html>'.encode()
    elif kind == "search index":
        path = folder / "search" / "search_index.json"
        content = json.dumps({"docs": [{"text": f"<p>Thanks to {text}.</p>"}]}).encode()
        assert b"\\u" in content or text.isascii()
    elif kind == "sitemap":
        path = folder / "sitemap.xml.gz"
        content = gzip.compress(f"<urlset><loc>https://x.org/{text}/</loc></urlset>".encode())
    elif kind == "tsv":  # a file of a kind no list of text files names
        path = folder / "assets" / "roster.tsv"
        content = f"id\tofficer\nso-01\t{text}\n".encode()
    elif kind == "file name":  # a picture with no text: only its name holds the name
        path = folder / "assets" / f"thanks {text}.png"
        content = _png()
    elif kind == "picture metadata":  # a PNG's compressed text chunk (iTXt)
        path = folder / "assets" / "team.png"
        content = _png({"Description": f"Thanks to {text}."})
    elif kind == "photo metadata":  # a JPEG's EXIF comment as Windows writes it (UTF-16)
        path = folder / "assets" / "team.jpg"
        content = _jpeg({XP_COMMENT: f"Thanks to {text}.".encode("utf-16-le")})
    else:
        path = folder / "downloads" / "leaflet-a4.pdf"
        content = HTML(string=f"<p>Thanks to {text}.</p>").write_pdf()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


ROSTER = [RosterName(name, f"officers.{i}.name in {COHORT}") for i, name in OFFICERS.items()]
KINDS = [
    *["html", "html attribute", "search index", "sitemap", "tsv", "file name", "pdf"],
    *["picture metadata", "photo metadata"],
]
# A PDF shows the braille blank as a blank glyph, which PDFium extracts as a space: the
# content check (fold drops it) stands in front of the PDF for that one.
NOT_IN_PDF = {"braille blank", "right-to-left marks"}  # a PDF's lines run left to right
# File names are not decoded as markup, and hold no "/".
NOT_IN_FILE_NAME = {"HTML tag inside", "HTML entity", "pieces of markup", "right-to-left marks"}
NOT_IN_FILE_NAME |= {"one part spelt out", "one part spelt out with hair spaces"}
NOT_IN_FILE_NAME |= {"hyphen inside a part"}  # file names are full of hyphens
# an initial is told from a word by its capital and full stop, which file names lose
NOT_IN_FILE_NAME |= {"initial and everyday surname", "everyday surname and initial"}
NOT_IN_FILE_NAME |= {"initial without a full stop"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", HOSTILE)
def test_site_scan_finds_a_hostile_spelling_in_each_kind_of_file(
    tmp_path: Path, kind: str, case: str
) -> None:
    if kind == "pdf" and case in NOT_IN_PDF:
        pytest.skip("not what a PDF holds (see NOT_IN_PDF)")
    text, officer = HOSTILE[case]
    if kind == "file name" and (case in NOT_IN_FILE_NAME or "/" in text):
        pytest.skip("not what a file name holds (see NOT_IN_FILE_NAME)")
    path = _site(tmp_path, kind, text)
    shown = path.relative_to(tmp_path).as_posix()
    assert roster_in_folder(tmp_path, ROSTER) == [f"{shown}: officers.{officer}.name in {COHORT}"]


@pytest.mark.parametrize("kind", KINDS)
def test_site_scan_leaves_everyday_words_and_longer_words(tmp_path: Path, kind: str) -> None:
    _site(tmp_path, kind, "you, who will be there in May, scaled the Prycelands with Okaforo")
    assert roster_in_folder(tmp_path, ROSTER) == []


@pytest.mark.parametrize(
    "text",
    [
        "Come in May. A may tree, a W-shaped path; Plan A. May is fine.",
        "Ask W. Smith in May",
        "W. S. Gilbert; the May Ward team",
    ],
)
def test_initials_and_everyday_words_apart_are_not_names(tmp_path: Path, text: str) -> None:
    _site(tmp_path, "html", text)
    assert roster_in_folder(tmp_path, ROSTER) == []


def test_a_table_laid_out_sideways_is_read_down_its_columns(
    project: Project, tmp_path: Path
) -> None:
    # the eighteenth trial: "Will" above "Green" in a column reads as a name
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        "<table><thead><tr><th>First name</th><th>Will</th><th>Rose</th></tr></thead>"
        "<tbody><tr><td>Surname</td><td><em>May</em></td><td>Baker</td></tr></tbody></table>",
        encoding="utf-8",
    )
    assert roster_in_folder(site, ROSTER) == [f"index.html: officers.{WILL}.name in {COHORT}"]
    _with_will_may(project)
    page = project.root / "docs" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8")
        + "\nThanks to:\n\n| First name | Will | Rose |\n| --- | --- | --- |\n"
        "| Surname | May | Baker |\n\nAfter the table.\n",
        encoding="utf-8",
    )
    lines = page.read_text(encoding="utf-8").split("\n")
    first = lines.index("| First name | Will | Rose |") + 1
    assert [(p.path, p.line) for p in _leaks(project)] == [("docs/index.md", first)]


@pytest.mark.parametrize("kind", KINDS)
def test_site_scan_leaves_parts_of_a_name_spelt_out_but_not_the_whole_name(
    tmp_path: Path, kind: str
) -> None:
    # Without spaces this reads "...halomaximum...priyanka...": "lomax" and "priya" are
    # there ("gannaway" too), the whole name run together is not.
    _site(tmp_path, kind, "the ha lo max imum for pri yan ka, truth less, Gann a way")
    assert roster_in_folder(tmp_path, ROSTER) == []


@pytest.mark.parametrize(
    "text",
    [
        "a casa dela",  # Portuguese: "Aled" backwards, a stop word of the site's search
        "ecyrP alone",  # a single part backwards is not searched for
        "P ryc e",  # letters spaced out, but not one by one (see privacy._SPELT_OUT)
        "QWxlZCBQcnljZQ==",  # Base64 is not decoded
    ],
)
def test_site_scan_leaves_what_it_does_not_decode(tmp_path: Path, text: str) -> None:
    _site(tmp_path, "html", text)
    assert roster_in_folder(tmp_path, ROSTER) == []


def test_site_scan_reads_every_file_that_is_text_whatever_its_name(tmp_path: Path) -> None:
    files = {
        "assets/roster": b"id,name\nso-01,Aled Pryce\n",  # no suffix
        "assets/roster.utf16.txt": "Zoë Ellis-Núñez".encode("utf-16"),  # with its BOM
        "assets/roster.utf32.dat": "Zoë Ellis-Núñez".encode("utf-32"),
        "assets/roster-1252.csv": "id;name\nso-08;Zoë Ellis-Núñez\n".encode("cp1252"),
        "assets/mostly-utf8.csv": "Núñez ".encode("cp1252") + b"\x92 " + "Núñez".encode(),
        "assets/handout.bin": HTML(string="<p>Thanks to Daniel Okafor-Reid.</p>").write_pdf(),
        # A picture: its metadata and its name are searched, not its pixels.
        "assets/picture.webp": _webp(),
        # Named and begun as a picture but not one: it cannot be vouched for.
        "assets/fake.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 Okafor-Reid",
        "assets/list.txt": b"OTTO list\nRuth Gannaway\n",  # a font's signature in text
        # A NUL byte does not make a text file binary (the third security trial).
        "assets/notes.txt": b"Rota notes\n" + b" " * 5000 + b"\x00\nWith Priya Lomax\n",
    }
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    assert roster_in_folder(tmp_path, ROSTER) == [
        "assets/fake.webp: could not be read to search for officers' names",
        f"assets/handout.bin: officers.2.name in {COHORT}",
        f"assets/list.txt: officers.5.name in {COHORT}",
        f"assets/mostly-utf8.csv: officers.7.name in {COHORT}",
        f"assets/notes.txt: officers.1.name in {COHORT}",
        f"assets/roster: officers.0.name in {COHORT}",
        f"assets/roster-1252.csv: officers.7.name in {COHORT}",
        f"assets/roster.utf16.txt: officers.7.name in {COHORT}",
        f"assets/roster.utf32.dat: officers.7.name in {COHORT}",
    ]


def test_site_scan_finds_a_name_in_a_path(tmp_path: Path) -> None:
    for name in ["assets/hannah-whitcombe.jpg", "team/%41led-%50ryce/index.html"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(_jpeg({}))
    roster = [*ROSTER, RosterName("Hannah Whitcombe", f"officers.3.name in {COHORT}")]
    assert roster_in_folder(tmp_path, roster) == [
        f"assets/hannah-whitcombe.jpg: officers.3.name in {COHORT}",
        f"team/%41led-%50ryce/index.html: officers.0.name in {COHORT}",
    ]


def test_read_text() -> None:
    assert read_text(b"\x89PNG\r\n\x1a\nAled Pryce", ".png") == []  # a picture: binary
    # A picture's signature in a text file does not hide it (the sixth security trial).
    assert read_text(b"GIF8 notes\nAled Pryce\n", ".txt") == ["GIF8 notes\nAled Pryce\n"]
    assert read_text(b"OTTO Aled Pryce", "") == ["OTTO Aled Pryce"]
    assert read_text(b"Aled\x00 Pryce") == ["Aled Pryce"]  # a NUL hides nothing
    assert read_text("Zoë".encode("utf-16-be").join([b"\xfe\xff", b""])) == ["Zoë"]
    assert read_text("Zoë".encode("cp1252")) == ["Zo\ufffd", "Zoë"]


def test_site_scan_finds_a_word_hyphenated_across_lines_of_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "downloads" / "leaflet-a4.pdf"
    path.parent.mkdir()
    HTML(string='<p lang="en" style="width: 4.5em; hyphens: manual">Okaf&shy;or</p>').write_pdf(
        path
    )
    assert roster_in_folder(tmp_path, ROSTER) == [
        f"downloads/leaflet-a4.pdf: officers.2.name in {COHORT}"
    ]


def test_site_scan_reports_a_file_it_cannot_read(tmp_path: Path) -> None:
    (tmp_path / "downloads").mkdir()
    (tmp_path / "downloads" / "leaflet-a4.pdf").write_bytes(b"%PDF-1.7 not really")
    (tmp_path / "sitemap.xml.gz").write_bytes(b"<urlset>Aled Pryce</urlset>")
    assert roster_in_folder(tmp_path, ROSTER) == [
        "downloads/leaflet-a4.pdf: could not be read to search for officers' names",
        "sitemap.xml.gz: could not be read to search for officers' names",
    ]


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("PRYCE,\u00a0A\u00adled", "pryce aled"),
        ("Ellis\u2011Nu\u0301n\u0303ez", "ellis nunez"),
        ("\u0410l\u0435d \u0420r\u0443\u0441\u0435", "aled pryce"),
        ("ＡＬＥＤ\u3000Ｐｒｙｃｅ", "aled pryce"),
        ("Łukasz Øyvind Straße", "lukasz oyvind strasse"),
        ("  O’Dwyer--Smith\t(3) ", "o dwyer smith"),
        ("\ua4d1\ua4e3yce \ua4d6annaway", "pryce gannaway"),  # Lisu
        ("\u13aaled \u13e2ryce \uab7aled", "aled pryce aled"),  # Cherokee, and its small a
        ("\u1d00\u029f\u1d07\u1d05 \ua731\u1d0f", "aled so"),  # Latin small capitals
        ("A\u01c0ed Wi\u01c1", "aled will"),  # Latin letters dental and lateral click
        ("Da\u0578iel Ha\u057c\u057cah \u054fAM", "daniel hannah sam"),  # Armenian
        ("P\u0433yce", "pryce"),  # Cyrillic ghe
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def testfold_with_origins_agrees_with_fold(text: str) -> None:
    folded, origins = fold_with_origins(text)
    assert folded == fold(text)
    assert len(origins) == len(folded)
    assert origins == sorted(origins) and all(0 <= i < len(text) for i in origins)


def test_name_forms() -> None:
    marked = f"{INITIAL_MARK}w"
    assert name_forms("Will May")[:5] == [f"may {marked}", f"{marked} may"] + [
        "constable may",
        "may will",
        "pcso may",
    ]
    assert {"will may", "maywill", "willmay", "pc may", "ms may"} <= set(name_forms("Will May"))
    assert (
        name_forms("PC Aled Pryce")
        == name_forms("Aled Pryce")
        == [
            *("aled pryce", "pryce aled", "aledpryce", "prycealed", "pryce", "aled"),
        ]
    )
    zoe = name_forms("Zoë Ellis-Núñez")
    assert {"zoe ellis nunez", "nunez ellis zoe", "ellis nunez", "nunez ellis"} <= set(zoe)
    assert {"ellisnunez", "ellis", "nunez", "zoe"} <= set(zoe)
    assert {"grace hall", "hall grace", "gracehall", "hallgrace", "dr hall"} <= set(
        name_forms("Grace Hall")
    )
    assert "hall" not in name_forms("Grace Hall")  # an everyday word is never alone
    # Nothing left to search for (a title and a short id): nothing matches, not even "".
    assert name_forms("Officer so-01") == []
    assert RosterName("Officer so-01", "").search("") is None


def test_run_together_forms() -> None:
    assert run_together_forms("Priya Lomax") == [
        *("ayirpxamol", "lomaxpriya", "priyalomax", "xamolayirp"),
    ]
    assert run_together_forms("Will May") == []  # "willmay": under 8 letters
    assert {"maryjanesmith", "smithjanemary", "marysmith", "yramhtims"} <= set(
        run_together_forms("PC Mary Jane Smith")
    )


def test_names_in() -> None:
    priya = RosterName("Priya Lomax", "")
    assert names_in([priya], [fold("p r i y a l o m a x")]) == [priya]
    assert names_in([priya], [fold("the halo maximum"), fold("priyanka")]) == []
    assert names_in([priya], [fold("PRIYA")]) == [priya]  # a distinctive part alone
    assert priya.spans(fold("so p r i y a l o m a x!")) == [(3, 22)]
    aled = RosterName("Aled Pryce", "")
    assert names_in([aled], [fold("ecyrP delA"), fold("a casa dela")]) == [aled]
    assert names_in([aled], [fold("a casa dela")]) == []


@given(st.lists(st.text(), max_size=5))
def test_fold_split_agrees_with_fold(parts: list[str]) -> None:
    assert fold_split(parts) == (fold("".join(parts)), fold("".join(parts[::2])))


def _officer_of(problem: Problem) -> int:
    """The officer a problem points at (``officers.2.name in ...``)."""
    found = re.search(r"\(officers\.(\d+)\.name in ", problem.message)
    assert found, problem.message
    return int(found.group(1))


def test_only_new_cohort_placeholders_are_left_out_of_the_search(project: Project) -> None:
    from placements.privacy import roster_names

    cohort = project.content / "cohorts" / "2018-03-pilot.yaml"
    text = cohort.read_text(encoding="utf-8")
    text = text.replace("name: Aled Pryce", "name: TBC Aled Pryce", 1)
    text = text.replace("name: Priya Lomax", "name: TBC officer 2", 1)
    cohort.write_text(text, encoding="utf-8")
    names = [n.name for n in roster_names(load_or_raise(project.content))]
    assert "TBC Aled Pryce" in names and "TBC officer 2" not in names


def test_the_quick_bidirectional_test_finds_every_character_that_reorders() -> None:
    # visual_orders asks a regular expression, not each character's class: it must
    # find every character of those classes (a few neighbours more do no harm).
    import unicodedata

    from placements.privacy import _BIDI_CLASSES, _MAY_REORDER

    missed = [
        hex(code)
        for code in range(0x110000)
        if unicodedata.bidirectional(chr(code)) in _BIDI_CLASSES
        and not _MAY_REORDER.match(chr(code))
    ]
    assert missed == []
