"""Names drawn in a picture's pixels are found (Tesseract OCR), in check and the site scan.

The seventeenth security trial drew "Aled Pryce" as black text on a white PNG in docs/
and the build published it: metadata and file names were searched, not what the
picture shows.
"""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps, PngImagePlugin

from placements import pictureocr
from placements.build import Project
from placements.content import Content, load_content
from placements.privacy import RosterName, check_roster_in_published, roster_in_folder

from .test_privacy import _icon

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
COHORT = "content/cohorts/2018-03-pilot.yaml"
ROSTER = [
    RosterName("Aled Pryce", f"officers.0.name in {COHORT}"),
    RosterName("Hannah Whitcombe", f"officers.3.name in {COHORT}"),
]


def _drawn(
    text: str, *, ink: str = "black", ground: str = "white", size: int = 40, smooth: bool = True
) -> Image.Image:
    font = ImageFont.truetype(DEJAVU, size)
    picture = Image.new("RGB", (int(size * 0.7 * len(text)) + 40, size * 2), ground)
    draw = ImageDraw.Draw(picture)
    draw.fontmode = "L" if smooth else "1"  # without smoothing: only the two colours
    draw.text((20, size // 2), text, font=font, fill=ink)
    return picture


def _saved(picture: Image.Image, kind: str, **options) -> bytes:
    out = io.BytesIO()
    picture.save(out, kind, **options)
    return out.getvalue()


def _animation(*frames: Image.Image) -> bytes:
    size = max(f.width for f in frames), max(f.height for f in frames)
    frames = tuple(f.resize(size) for f in frames)
    return _saved(frames[0], "GIF", save_all=True, append_images=list(frames[1:]), duration=200)


def _content(project: Project) -> Content:
    content, problems = load_content(project.content, display_root=project.root)
    assert content is not None, [p.format() for p in problems]
    return content


@pytest.fixture(autouse=True)
def _fresh_reading():
    pictureocr._READ.clear()
    yield
    pictureocr._READ.clear()


def test_check_finds_names_drawn_in_pictures(project: Project) -> None:
    assets = project.root / "docs" / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "a.png").write_bytes(_saved(_drawn("Aled Pryce"), "PNG"))
    (assets / "b.jpg").write_bytes(
        _saved(_drawn("H. Whitcombe", ink="white", ground="navy"), "JPEG")
    )
    blank = Image.new("RGB", (400, 80), "white")
    (assets / "c.gif").write_bytes(_animation(blank, blank, _drawn("Thanks Ruth Gannaway")))
    (assets / "d.png").write_bytes(_saved(_drawn("Maple Ward, induction day"), "PNG"))
    # the nineteenth trial: red on green of the same brightness, blank in greyscale
    same_grey = _drawn("Priya Lomax", ink="#ff0000", ground="#008200", size=48, smooth=False)
    assert ImageOps.grayscale(same_grey).getextrema() == (76, 76)
    (assets / "e.png").write_bytes(_saved(same_grey, "PNG"))
    content = _content(project)
    found = [
        (p.path, p.message.split("(officers.")[1].split(".")[0])
        for p in check_roster_in_published(content)
    ]
    assert found == [
        ("docs/assets/a.png", "0"),
        ("docs/assets/b.jpg", "3"),
        ("docs/assets/c.gif", "5"),
        ("docs/assets/e.png", "1"),
    ]
    messages = [p.message for p in check_roster_in_published(content)]
    assert all("read by OCR" in m for m in messages)


def test_the_site_scan_reads_pictures_whatever_their_name(tmp_path: Path) -> None:
    (tmp_path / "team.webp").write_bytes(_saved(_drawn("with Aled Pryce"), "WEBP"))
    (tmp_path / "badge").write_bytes(_saved(_drawn("Hannah Whitcombe"), "PNG"))  # no suffix
    (tmp_path / "ward.png").write_bytes(_saved(_drawn("Maple Ward"), "PNG"))
    assert roster_in_folder(tmp_path, ROSTER) == [
        f"badge: officers.3.name in {COHORT}",
        f"team.webp: officers.0.name in {COHORT}",
    ]


def test_without_tesseract_a_picture_is_not_vouched_for(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-tesseract"))
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "ward.png").write_bytes(_saved(_drawn("Maple Ward"), "PNG"))
    (found,) = roster_in_folder(tmp_path / "site", ROSTER)
    assert found.startswith("ward.png: could not be read to search for officers' names")
    assert "apt-get install tesseract-ocr" in found
    assets = project.root / "docs" / "assets"
    assets.mkdir(exist_ok=True)
    (assets / "ward.png").write_bytes(_saved(_drawn("Maple Ward"), "PNG"))
    (problem,) = check_roster_in_published(_content(project))
    assert (
        problem.path == "docs/assets/ward.png"
        and "Tesseract OCR is not installed" in problem.message
    )


def test_a_picture_with_too_many_frames_is_not_vouched_for(tmp_path: Path) -> None:
    frames = [Image.new("RGB", (40, 20), (i, i, i)) for i in range(pictureocr.MAX_FRAMES + 1)]
    (tmp_path / "long.gif").write_bytes(_animation(*frames))
    (found,) = roster_in_folder(tmp_path, ROSTER)
    assert "frames" in found and found.startswith("long.gif: could not be read")


def _data_address(raw: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(raw).decode("ascii")


def test_pictures_written_into_a_page_as_data_addresses_are_read(
    project: Project, tmp_path: Path
) -> None:
    drawn = _data_address(_saved(_drawn("Aled Pryce"), "PNG"))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Hannah Whitcombe")
    tagged = _data_address(_saved(Image.new("RGB", (8, 8), "white"), "PNG", pnginfo=info))
    page = project.root / "docs" / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f'\n<img alt="team" src="{drawn}">\n\n![x]({tagged})\n',
        encoding="utf-8",
    )
    found = sorted(
        (p.path, p.message.split("(officers.")[1].split(".")[0], "OCR" in p.message)
        for p in check_roster_in_published(_content(project))
    )
    assert found == [("docs/index.md", "0", True), ("docs/index.md", "3", False)]
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(f'<p><img alt="team" src="{drawn}"></p>', encoding="utf-8")
    assert roster_in_folder(site, ROSTER) == [f"index.html: officers.0.name in {COHORT}"]


@pytest.mark.parametrize("way", ["strips side by side", "bands one above another"])
def test_a_name_cut_into_many_pictures_is_read_whole(tmp_path: Path, way: str) -> None:
    # the nineteenth trial: 70 strips six pixels wide, each read alone as nothing
    whole = _drawn("Aled Pryce", size=48)
    site = tmp_path / "site"
    (site / "strips").mkdir(parents=True)
    tags = []
    if way == "strips side by side":
        boxes = [(x, 0, min(x + 6, whole.width), whole.height) for x in range(0, whole.width, 6)]
        joiner = ""
    else:
        boxes = [(0, y, whole.width, min(y + 4, whole.height)) for y in range(0, whole.height, 4)]
        joiner = "<br>\n"
    for i, box in enumerate(boxes):
        (site / "strips" / f"s{i:03}.png").write_bytes(_saved(whole.crop(box), "PNG"))
        tags.append(f'<img alt="" src="strips/s{i:03}.png">')
    assert all(
        "Pryce" not in " ".join(pictureocr.picture_words(p.read_bytes()))
        for p in sorted((site / "strips").iterdir())[:3]
    )
    (site / "team.html").write_text(f"<p>Our team</p><p>{joiner.join(tags)}</p>", "utf-8")
    assert roster_in_folder(site, ROSTER) == [f"team.html: officers.0.name in {COHORT}"]


BLOCK_LETTERS = """\
 ###   #      #####  ####        ####   ####   #   #   ####  #####
#   #  #      #      #   #       #   #  #   #   # #   #      #
#####  #      ####   #   #       ####   ####     #    #      ####
#   #  #      #      #   #       #      #  #     #    #      #
#   #  #####  #####  ####        #      #   #    #     ####  #####"""


@pytest.mark.parametrize("ink", ["#", "\u2588"])
def test_a_name_drawn_in_block_letters_in_a_code_block_is_found(tmp_path: Path, ink: str) -> None:
    # the twentieth trial: no letter of the name in the page, yet it reads "ALED PRYCE"
    art = html.escape(BLOCK_LETTERS.replace("#", ink))
    code = "def rota(week):\n    # the price of a day\n    return week * 5\n"
    (tmp_path / "thanks.html").write_text(
        f"<p>With thanks to</p><pre><code>{art}</code></pre><pre><code>{code}</code></pre>",
        encoding="utf-8",
    )
    (tmp_path / "code.html").write_text(f"<pre><code>{code}</code></pre>", encoding="utf-8")
    assert roster_in_folder(tmp_path, ROSTER) == [f"thanks.html: officers.0.name in {COHORT}"]


def test_near_misses_are_whole_names_one_letter_out_per_long_word() -> None:
    aled, will = RosterName("Aled Pryce", ""), RosterName("Will May", "")
    assert aled.near_miss_in(["thanks", "to", "aleo", "fryce"])
    assert aled.near_miss_in(["fryce", "aled"])
    assert not aled.near_miss_in(["the", "price", "list"])  # never one word alone
    assert not aled.near_miss_in(["alxx", "pryce"])
    assert not will.near_miss_in(["will", "say"])  # short words must match exactly


@pytest.mark.filterwarnings("ignore:Image was not the expected size")  # declared 4x4
def test_every_picture_of_an_icon_is_read(tmp_path: Path) -> None:
    # two pictures the icon's directory gives one size: each is read, not one per size
    blank = _saved(Image.new("RGB", (400, 80), "white"), "PNG")
    (tmp_path / "favicon.ico").write_bytes(_icon(blank, _saved(_drawn("Aled Pryce"), "PNG")))
    assert roster_in_folder(tmp_path, ROSTER) == [f"favicon.ico: officers.0.name in {COHORT}"]
