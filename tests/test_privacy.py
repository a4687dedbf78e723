"""Personal data stays private: no roster value in any file of the public site.

Roster values: each officer's name (whole, and each part of four letters or more) and
each officer id. Buddies are roles, not people; cohort names, dates and anonymous
feedback words are not personal and are published on purpose (the outcomes page).

The hostile spellings below (surname first, one part alone, invisible characters,
look-alike letters, accents, markup) each got a name past the checks once; each is
tried in every kind of published text (``placements check``) and every kind of site
file, public PDFs included (the build's scan).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from weasyprint import HTML

from placements.build import Project, build, check
from placements.content import load_content, load_or_raise
from placements.namematch import RosterName, fold, fold_with_origins, name_forms
from placements.privacy import check_roster_in_published, roster_in_folder
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
    with pytest.raises(BuildError, match="officers' names would be published") as caught:
        build(project)
    message = str(caught.value)
    assert name not in message and "Pryce" not in message
    assert "index.html: officers.2.name in content/cohorts/2018-03-pilot.yaml" in message
    assert "downloads/workbook-blank.pdf: officers.0.name in content/cohorts/" in message
    assert not project.site.exists() and not project.private.exists()


# --- Hostile spellings of a name ----------------------------------------------------------
#
# The shipped pilot cohort, with officer so-05 renamed "Will May": a name made of two
# everyday words, flagged only whole (in either order), so the cases that spell it show
# the whole-name rule working on its own. Each case was seen to get past the checks.

COHORT = "content/cohorts/2018-03-pilot.yaml"
ALED, DANIEL, WILL, ZOE = 0, 2, 4, 7
OFFICERS = {
    ALED: "Aled Pryce",
    DANIEL: "Daniel Okafor-Reid",
    WILL: "Will May",
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
    # 6. accents stripped, or added
    "accents stripped": ("Nunez", ZOE),
    "accents added": ("Wíll Mäy", WILL),
    # markup that splits a name that still reads as one
    "HTML tag inside": ("Al<b>ed</b>", ALED),
    "HTML entity": ("&#65;led", ALED),
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


@pytest.mark.parametrize(
    ("text", "officer"), [*HOSTILE.values(), *MARKDOWN.values()], ids=[*HOSTILE, *MARKDOWN]
)
def test_check_finds_a_hostile_spelling_in_each_kind_of_published_text(
    project: Project, text: str, officer: int
) -> None:
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
    assert [(p.line, p.column) for p in leaks if p.path.startswith("docs/")] == [(4, 1)]


def test_check_finds_a_name_in_a_page_address(project: Project) -> None:
    (project.root / "docs" / "pryce-aled.md").write_text("# Thanks\n\nWith thanks.\n", "utf-8")
    assert [(p.path, p.line, p.column) for p in _leaks(project)] == [("docs/pryce-aled.md", 0, 0)]


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


def _site(folder: Path, kind: str, text: str) -> Path:
    """Write ``text`` into one kind of site file in ``folder``; return the file."""
    if kind == "html":
        path = folder / "placement" / "index.html"
        content: bytes = f"<!doctype html><html><p>Thanks to {text}.</p></html>".encode()
    elif kind == "search index":
        path = folder / "search" / "search_index.json"
        content = json.dumps({"docs": [{"text": f"<p>Thanks to {text}.</p>"}]}).encode()
        assert b"\\u" in content or text.isascii()
    elif kind == "sitemap":
        path = folder / "sitemap.xml.gz"
        content = gzip.compress(f"<urlset><loc>https://x.org/{text}/</loc></urlset>".encode())
    else:
        path = folder / "downloads" / "leaflet-a4.pdf"
        content = HTML(string=f"<p>Thanks to {text}.</p>").write_pdf()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


ROSTER = [RosterName(name, f"officers.{i}.name in {COHORT}") for i, name in OFFICERS.items()]
KINDS = ["html", "search index", "sitemap", "pdf"]
# A PDF shows the braille blank as a blank glyph, which PDFium extracts as a space: the
# content check (fold drops it) stands in front of the PDF for that one.
NOT_IN_PDF = {"braille blank"}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("case", HOSTILE)
def test_site_scan_finds_a_hostile_spelling_in_each_kind_of_file(
    tmp_path: Path, kind: str, case: str
) -> None:
    if kind == "pdf" and case in NOT_IN_PDF:
        pytest.skip("not what a PDF holds (see NOT_IN_PDF)")
    text, officer = HOSTILE[case]
    path = _site(tmp_path, kind, text)
    shown = path.relative_to(tmp_path).as_posix()
    assert roster_in_folder(tmp_path, ROSTER) == [f"{shown}: officers.{officer}.name in {COHORT}"]


@pytest.mark.parametrize("kind", KINDS)
def test_site_scan_leaves_everyday_words_and_longer_words(tmp_path: Path, kind: str) -> None:
    _site(tmp_path, kind, "you, who will be there in May, scaled the Prycelands with Okaforo")
    assert roster_in_folder(tmp_path, ROSTER) == []


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
    assert name_forms("Will May") == ["may will", "will may", "maywill", "willmay"]
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
    assert name_forms("Grace Hall") == ["grace hall", "hall grace", "gracehall", "hallgrace"]
    # Nothing left to search for (a title and a short id): nothing matches, not even "".
    assert name_forms("Officer so-01") == []
    assert RosterName("Officer so-01", "").search("") is None
