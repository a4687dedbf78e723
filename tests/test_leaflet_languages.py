"""A translated leaflet prints every glyph, right to left where the script is, or fails by name.

Needs the fonts ``make fonts`` installs (Debian ``fonts-noto-core``); ``make test`` runs it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
import pytest
import yaml
from pypdf import PdfReader

from placements import leaflet, readability
from placements.build import Project, build, check
from placements.content import load_or_raise
from placements.glyphs import installed_coverage, needs_glyph
from placements.pdf import PdfOptions, Renderer
from placements.problems import BuildError, ContentError

ADDRESS = leaflet.SiteAddress("https://example.nhs.uk/police-placements/")

TRANSLATIONS = {
    "cy": {
        "title": "Pam mae swyddog heddlu yma?",
        "intro": "Mae swyddog heddlu dan hyfforddiant yn dysgu gyda'n tîm. Gallwch ddweud na. "
        "Mae'r ŵyr yn y tŷ, ac mae'r ŷd yn y cae: ŵ ŷ Ŵ Ŷ.",
        "idea": "Gallwch ofyn cwestiwn i'r swyddog.",
    },
    "pl": {
        "title": "Dlaczego jest tu policjant?",
        "intro": "Policjant uczy się o zdrowiu psychicznym. Możesz odmówić w każdej chwili: "
        "ą ę ł ś ż ź ć ń ó Ą Ę Ł.",
        "idea": "Możesz zadać pytanie.",
    },
    "ur": {
        "title": "یہاں پولیس افسر کیوں ہے؟",
        "intro": "ایک زیر تربیت پولیس افسر ہماری ٹیم سے ذہنی صحت کے بارے میں سیکھ رہا ہے۔ "
        "آپ کسی بھی وقت انکار کر سکتے ہیں۔",
        "idea": "آپ افسر سے سوال پوچھ سکتے ہیں۔",
    },
    "ar": {
        "title": "لماذا يوجد ضابط شرطة هنا؟",
        "intro": "يتعلم ضابط شرطة متدرب مع فريقنا عن الصحة النفسية. يمكنك الرفض في أي وقت.",
        "idea": "يمكنك أن تسأل الضابط.",
    },
}


def translate(project: Project, language: str, **fields: str) -> Path:
    """Rewrite the project's leaflet.yaml with ``language`` and some fields translated."""
    path = project.content / "leaflet.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["language"] = language
    for key in ("title", "intro"):
        if key in fields:
            data[key] = fields[key]
    if "idea" in fields:
        data["questions"][0]["easy_read"][0]["text"] = fields["idea"]
        data["questions"][0]["question"] = fields.get("title", data["questions"][0]["question"])
    for review_key, value in data["review"].items():
        data["review"][review_key] = str(value)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def render(project: Project, *versions: leaflet.Version) -> list[Path]:
    content = load_or_raise(project.content)
    return leaflet.render_leaflets(
        content, Renderer(project.templates), project.root / "out", ADDRESS, versions
    )


def _extracted(pdf: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def _fonts(pdf: Path) -> set[str]:
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def _line_edges(pdf: Path) -> list[tuple[float, float]]:
    """Return (left, right) of each line of text on page 1, in points."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        textpage = document[0].get_textpage()
        lines: dict[int, list[float]] = {}
        for i in range(textpage.count_chars()):
            left, bottom, right, _top = textpage.get_charbox(i)
            if right - left < 0.5:
                continue
            edges = lines.setdefault(round(bottom / 4), [left, right])
            edges[0], edges[1] = min(edges[0], left), max(edges[1], right)
        return [(a, b) for a, b in lines.values()]
    finally:
        document.close()


@pytest.mark.parametrize("language", TRANSLATIONS)
def test_translated_leaflet_prints_every_character(project: Project, language: str) -> None:
    texts = TRANSLATIONS[language]
    translate(project, language, **texts)
    _, problems = check(project)
    assert not [p for p in problems if p.severity == "error"], problems
    a4, easy = render(project, leaflet.A4, leaflet.EASY_READ)
    for path, wanted in ((a4, texts["title"] + texts["intro"]), (easy, texts["idea"])):
        reader = PdfReader(path)
        assert reader.trailer["/Root"]["/Lang"] == language
        printed = set(_extracted(path))
        letters = {c for c in wanted if needs_glyph(c)}
        lost = letters - printed
        if language == "ur":
            # Nastaliq draws dots as glyphs shared between letters, so a glyph's text in
            # the PDF names only the first letter it was drawn for: extraction is lossy
            # even when every letter is drawn. Missing glyphs are caught by the renderer
            # (test_renderer_refuses_a_pdf_with_an_empty_glyph_box); here most letters
            # must still come back.
            assert len(lost) <= len(letters) // 4, f"{language}: {sorted(lost)}"
        else:
            assert not lost, f"{language}: {sorted(lost)} missing from {path.name}"


@pytest.mark.parametrize(
    ("language", "font"), [("ur", "Noto-Nastaliq-Urdu"), ("ar", "Noto-Naskh-Arabic")]
)
def test_right_to_left_text_is_set_right_to_left(
    project: Project, language: str, font: str
) -> None:
    translate(project, language, **TRANSLATIONS[language])
    (a4,) = render(project, leaflet.A4)
    assert any(name.startswith(font) for name in _fonts(a4)), _fonts(a4)
    lines = _line_edges(a4)
    right_edge = max(r for _, r in lines)
    left_edge = min(left for left, _ in lines)
    flush_right = sum(1 for _, r in lines if right_edge - r < 2)
    flush_left = sum(1 for left, _ in lines if left - left_edge < 2)
    assert flush_right > 2 * flush_left, (flush_right, flush_left)


def test_left_to_right_text_stays_left_to_right(project: Project) -> None:
    translate(project, "cy", **TRANSLATIONS["cy"])
    (a4,) = render(project, leaflet.A4)
    lines = _line_edges(a4)
    left_edge = min(left for left, _ in lines)
    right_edge = max(r for _, r in lines)
    flush_left = sum(1 for left, _ in lines if left - left_edge < 2)
    flush_right = sum(1 for _, r in lines if right_edge - r < 2)
    assert flush_left > 2 * flush_right


def test_a_character_no_font_has_stops_the_build_by_name(project: Project) -> None:
    path = translate(project, "en-GB", intro="A private sign \U0010fffd here.")
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "intro:" in text
    )
    _, problems = check(project)
    (problem,) = [p for p in problems if "no installed font" in p.message]
    assert (problem.path, problem.line, problem.field) == ("content/leaflet.yaml", line, "intro")
    assert "U+10FFFD" in problem.message and problem.severity == "error"
    with pytest.raises(ContentError):
        build(project)


def test_an_emoji_renders_or_is_named(project: Project) -> None:
    emoji = "\N{GRINNING FACE}"
    translate(project, "en-GB", idea=f"You can smile {emoji}")
    _, problems = check(project)
    named = [p for p in problems if "U+1F600" in p.message]
    if installed_coverage().covers(emoji):
        assert not named
        (easy,) = render(project, leaflet.EASY_READ)
        assert emoji in _extracted(easy)
    else:
        assert named and named[0].field == "questions.0.easy_read.0.text"


def test_renderer_refuses_a_pdf_with_an_empty_glyph_box(tmp_path: Path) -> None:
    (tmp_path / "t.html.j2").write_text(
        '<html lang="en"><body><p>{{ text }}</p></body></html>', encoding="utf-8"
    )
    renderer = Renderer(tmp_path)
    with pytest.raises(BuildError, match="U\\+10FFFD"):
        renderer.write("t.html.j2", {"text": "box \U0010fffd"}, tmp_path / "t.pdf", PdfOptions())
    assert not (tmp_path / "t.pdf").exists()


def test_translated_site_page_marks_language_and_direction(project: Project) -> None:
    translate(project, "ur", **TRANSLATIONS["ur"])
    build(project)
    page = (project.site / "leaflet.html").read_text(encoding="utf-8")
    assert re.search(r'<h2 [^>]*dir="rtl"[^>]*lang="ur"[^>]*>یہاں پولیس', page), page[:2000]
    assert '<div dir="rtl" lang="ur">' in page or '<div lang="ur" dir="rtl">' in page
    easy = (project.site / "leaflet-easy-read.html").read_text(encoding="utf-8")
    assert 'class="easy-read" lang="ur" dir="rtl"' in easy
    assert TRANSLATIONS["ur"]["idea"] in easy


def test_a_language_that_is_not_a_tag_is_located(project: Project) -> None:
    path = translate(project, 'ur" onload="x')
    _, problems = check(project)
    (problem,) = [p for p in problems if p.field == "language"]
    assert problem.path == "content/leaflet.yaml" and problem.line == len(
        path.read_text(encoding="utf-8").splitlines()
    )


def test_readability_is_measured_for_english_only(project: Project) -> None:
    translate(project, "cy", **TRANSLATIONS["cy"])
    standard, easy = readability.measure(load_or_raise(project.content).leaflet)
    assert standard.smog is None and easy.smog is None
    assert "SMOG" not in standard.summary() and standard.sentences > 0
    _, problems = check(project)
    assert not [p for p in problems if "SMOG" in p.message]
