"""The IG check: NHS numbers and hidden text are errors, likely personal details warnings,
all located."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from placements.build import Project, check
from placements.ig import check_ig, mask_nhs_number, nhs_number_is_valid, scan_line, scan_text
from placements.problems import Severity


def _check_digit(nine: str) -> int | None:
    """An independent computation of the modulus 11 check digit (None: no valid number)."""
    remainder = sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return {0: 0, 1: None}.get(remainder, 11 - remainder)


# 943 476 5919 is the NHS Data Dictionary's worked example of a valid NHS number.
VALID = ["9434765919", "4010232137", "9990001234" if _check_digit("999000123") == 4 else ""]
VALID = [v for v in VALID if v]


@pytest.mark.parametrize("number", VALID)
def test_valid_numbers_pass_the_check(number: str) -> None:
    assert _check_digit(number[:9]) == int(number[9])
    assert nhs_number_is_valid(number)


def test_every_wrong_check_digit_fails() -> None:
    for nine in ["943476591", "401023213", "123456789", "000000001"]:
        right = _check_digit(nine)
        for last in range(10):
            assert nhs_number_is_valid(nine + str(last)) == (last == right), nine + str(last)


def test_a_check_digit_of_ten_means_no_valid_number() -> None:
    nine = next(f"{n:09d}" for n in range(10**8, 10**9) if _check_digit(f"{n:09d}") is None)
    assert not any(nhs_number_is_valid(nine + str(d)) for d in range(10))


def test_only_ten_digits_are_accepted() -> None:
    with pytest.raises(ValueError):
        nhs_number_is_valid("943 476 5919")


@pytest.mark.parametrize(
    "text", ["NHS no 9434765919.", "ref 943 476 5919", "(943-476-5919)", "patient 943 4765919"]
)
def test_nhs_numbers_in_text_are_errors_and_masked(text: str) -> None:
    findings = scan_text(text)
    assert [f.severity for f in findings] == [Severity.ERROR]
    assert "NHS number" in findings[0].message
    assert "943" not in findings[0].shown and "4765" not in findings[0].shown


@pytest.mark.parametrize(
    "text",
    [
        "9434765918",  # wrong check digit
        "19434765919",  # eleven digits
        "943 476 59190",
        "Sessions run 2018-2019, rooms 101 to 110",
        "943.476.5919",  # not a way NHS numbers are written
    ],
)
def test_other_numbers_are_not_nhs_numbers(text: str) -> None:
    assert [f for f in scan_text(text) if f.severity is Severity.ERROR] == []


def test_mask_keeps_layout_and_last_digit_only() -> None:
    assert mask_nhs_number("943 476 5919") == "*** *** ***9"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Call me on 07700 900123 any time", "mobile"),
        ("mobile: +44 7700 900123", "mobile"),
        ("+44 (0)7700 900 123", "mobile"),
        ("home 0114 496 0123", "landline"),
        ("(020) 7946 0123", "landline"),
        ("01632960123", "landline"),
    ],
)
def test_personal_phone_numbers_are_warnings(text: str, kind: str) -> None:
    findings = scan_text(text)
    assert [f.severity for f in findings] == [Severity.WARNING], findings
    assert kind in findings[0].message
    assert "900123" not in findings[0].shown and "4960123" not in findings[0].shown


@pytest.mark.parametrize(
    "text",
    ["Ring 0300 123 4567 or 0800 123 4567", "Dial 111 or 999", "open 08:00 to 20:00", "1 2 3"],
)
def test_organisational_and_other_numbers_are_not_phones(text: str) -> None:
    assert scan_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "DOB 04/03/1987",
        "d.o.b.: 4.3.87",
        "date of birth 1987-03-04",
        "born on 4th March 1987",
        "Born 4 Mar 1987",
    ],
)
def test_dates_of_birth_are_warnings(text: str) -> None:
    findings = scan_text(text)
    assert [f.severity for f in findings] == [Severity.WARNING]
    assert "date of birth" in findings[0].message
    assert "1987" not in findings[0].shown and "87" not in findings[0].shown


def test_dates_without_birth_are_fine() -> None:
    assert scan_text("The pilot started on 4 March 2018; reviewed 2026-10-01.") == []


def test_email_outside_organisational_domains_is_a_warning() -> None:
    domains = ("nhs.net", "nhs.uk")
    assert scan_text("mail placements@nhs.net or team@example.trust.nhs.uk", domains) == []
    findings = scan_text("or jo.bloggs1987@gmail.com", domains)
    assert [f.severity for f in findings] == [Severity.WARNING]
    assert findings[0].shown == '"…@gmail.com"'
    assert "nhs.net, nhs.uk" in findings[0].message
    assert len(scan_text("x@notnhs.net", domains)) == 1  # not a subdomain


def _replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_locates_each_finding_at_its_field(project: Project) -> None:
    service = project.content / "services" / "maple-ward.yaml"
    text = service.read_text(encoding="utf-8")
    lines = text.splitlines()
    first_activity = lines[lines.index("activities:") + 1]
    _replace(service, first_activity, first_activity + " (patient 943 476 5919)")
    leaflet = project.content / "leaflet.yaml"
    _replace(leaflet, "\nintro: ", "\nintro: Text Jo on 07700 900123. ")
    _, problems = check(project)
    ig = [p for p in problems if "NHS number" in p.message or "phone" in p.message]
    assert len(ig) == 2, [p.format() for p in problems]
    nhs, phone = sorted(ig, key=lambda p: "phone" in p.message)
    assert nhs.path == "content/services/maple-ward.yaml"
    assert nhs.severity is Severity.ERROR
    line_no = lines.index(first_activity) + 1
    assert (nhs.line, nhs.column) == (line_no, 5)
    assert nhs.field.startswith("activities.")
    assert "943 476 5919" not in nhs.format() and "*** *** ***9" in nhs.format()
    assert phone.path == "content/leaflet.yaml" and phone.field == "intro"
    assert phone.severity is Severity.WARNING


def test_only_what_a_cohort_publishes_is_checked(project: Project) -> None:
    cohort = next((project.content / "cohorts").glob("*.yaml"))
    text = cohort.read_text(encoding="utf-8")
    text = text.replace("buddy: community mental health nurse", "buddy: nurse 943 476 5919", 1)
    cohort.write_text(text, encoding="utf-8")
    _, problems = check(project)
    assert not [p for p in problems if "NHS number" in p.message]  # buddies stay private
    cohort.write_text(
        text.replace("name: Pilot cohort, March 2018", "name: Pilot 943 476 5919", 1),
        encoding="utf-8",
    )
    _, problems = check(project)
    assert [p.field for p in problems if "NHS number" in p.message] == ["name"]


def test_email_domains_come_from_scheme(project: Project) -> None:
    scheme = project.content / "scheme.yaml"
    _replace(scheme, "\ncoordinator:\n", "\ncoordinator:\n  email: placements@example.nhs.uk\n")
    _, problems = check(project)
    assert not [p for p in problems if "email" in p.message]  # nhs.uk is allowed by default
    _replace(scheme, "\ntitle: ", "\nig:\n  organisational_email_domains: [nhs.net]\ntitle: ")
    _, problems = check(project)
    emails = [p for p in problems if "email" in p.message]
    assert [(p.field, p.got) for p in emails] == [("coordinator.email", '"…@example.nhs.uk"')]


def test_shipped_content_passes_the_ig_check(project: Project) -> None:
    content, problems = check(project)
    assert content is not None
    assert [p.format() for p in check_ig(content)] == []
    assert not [p for p in problems if p.severity is Severity.ERROR]


def test_feedback_words_and_quotable_comments_are_checked(project: Project) -> None:
    cohort = next((project.content / "cohorts").glob("*.yaml"))
    text = cohort.read_text(encoding="utf-8")
    text = text.replace("one_word: insightful", "one_word: '07700900123'", 1)
    text = text.replace(
        "comment: Seeing a ward from the inside", "comment: DOB 04/03/1987. Seeing a ward", 1
    )
    text = text.replace(  # not agreed for quoting: stays private, not checked
        "comment: The first days were quiet;", "comment: 943 476 5919 The first days were quiet;"
    )
    cohort.write_text(text, encoding="utf-8")
    _, problems = check(project)
    found = sorted(
        (p.field, p.severity) for p in problems if p.path == "content/cohorts/" + cohort.name
    )
    assert found == [
        ("feedback.responses.0.comment", Severity.WARNING),
        ("feedback.responses.1.one_word", Severity.WARNING),
    ]


def test_site_pages_are_checked_line_by_line(project: Project) -> None:
    page = project.root / "docs" / "safeguarding.md"
    page.write_text(
        "# Safeguarding\n\nAsk about 943-476-5919 or\nring  07700 900123.\n\n"
        "{{ safeguarding() }}\n",
        encoding="utf-8",
    )
    _, problems = check(project)
    problems = [p for p in problems if p.path.startswith("docs/")]
    found = [(p.path, p.line, p.column, p.severity) for p in problems]
    assert found == [
        ("docs/safeguarding.md", 3, 11, Severity.ERROR),
        ("docs/safeguarding.md", 4, 7, Severity.WARNING),
    ]
    assert "5919" not in problems[0].format()


# --- Text that does not show as written ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "alphabets"),
    [
        ("Thanks to \u0410led.", "Latin and Cyrillic"),  # Аled
        ("P\u0433yce", "Latin and Cyrillic"),  # Pгyce
        ("\u03a1ryce", "Latin and Greek"),  # Ρryce
        ("\u13aaled", "Latin and Cherokee"),  # Ꭺled
        ("\uab7aled", "Latin and Cherokee"),  # ꭺled: a Cherokee small letter
        ("\ua4d1ryce", "Latin and Lisu"),  # ꓑryce
        ("Da\u0578iel", "Latin and Armenian"),  # Daոiel
        ("\ua4d1\u0433yce", "Latin, Lisu and Cyrillic"),  # ꓑгyce
        ("A\u200b\u0430ed", "Latin and Cyrillic"),  # an invisible space does not split it
        ("&#1040;led", "Latin and Cyrillic"),  # an HTML character reference, decoded
        ("\uff30\u0433yce", "Latin and Cyrillic"),  # a full-width P is Latin
        ("https://\u0430pple.example/", "Latin and Cyrillic"),  # an address
        # alphabets come from Unicode's script property, not from a character's name
        ("\U00010300led", "Latin and Old Italic"),  # 𐌀led: named "OLD ITALIC LETTER A"
        ("\U0001d6c2led", "Latin and Greek"),  # 𝛂led: a mathematical alpha is Greek
    ],
)
def test_a_word_mixing_alphabets_is_an_error_and_not_shown(text: str, alphabets: str) -> None:
    findings = scan_text(text)
    assert [(f.severity, f.shown) for f in findings] == [(Severity.ERROR, None)]
    assert findings[0].message == (
        f"this word mixes letters from different alphabets ({alphabets}), which is how "
        "look-alike spellings hide text: retype it"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Здравствуйте, полиция",  # Russian
        "Καλημέρα, αστυνομία",  # Greek
        "Բարեւ",  # Armenian
        "Croeso i'r ŵyl; Zoë Ellis-Núñez, Łukasz Øyvind",  # Latin with accents
        "nai\u0308ve",  # a decomposed accent
        "Hawai\u02bbi",  # a modifier letter
        "NHSトラストの病院",  # Japanese, with Latin letters
        "NHS병원",  # Korean, with Latin letters
        "NHS中文医院",  # Chinese, with Latin letters
        "5 \u00b5g",  # the micro sign
        "\u1d00\u029f\u1d07\u1d05",  # Latin small capitals are Latin (the name check folds them)
        "ＰＲＹＣＥ and \U0001d40f\U0001d42b\U0001d432\U0001d41c\U0001d41e",  # full-width, bold
        "Alexei Алексей",  # two words, two alphabets
        "مرحبا \u200f(NHS)",  # Arabic, a right-to-left mark (not an override)
    ],
)
def test_words_in_one_alphabet_are_fine(text: str) -> None:
    assert scan_text(text) == []


@pytest.mark.parametrize(
    "control", [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
)
def test_bidirectional_controls_are_errors(control: str) -> None:
    findings = scan_text(f"Thanks to {control}ecyrP delA.")
    name = unicodedata.name(control).lower()
    assert [(f.severity, f.shown) for f in findings] == [
        (Severity.ERROR, f"U+{ord(control):04X} {name}")
    ]
    assert "bidirectional control character" in findings[0].message


def test_bidirectional_controls_are_found_as_character_references() -> None:
    found = scan_line("Thanks to &#x202E;ecyrP delA&#8236;.")
    assert [(column, f.shown) for column, f in found] == [
        (11, "U+202E right-to-left override"),
        (29, "U+202C pop directional formatting"),
    ]


def test_check_locates_hidden_text(project: Project) -> None:
    service = project.content / "services" / "maple-ward.yaml"
    lines = service.read_text(encoding="utf-8").splitlines()
    first_activity = lines[lines.index("activities:") + 1]
    _replace(service, first_activity, first_activity + " (ask \u0410led)")
    leaflet = project.content / "leaflet.yaml"
    _replace(leaflet, "\nintro: ", "\nintro: Thanks to \u202eecyrP delA\u202c. ")
    intro = _line(leaflet, "intro:")
    page = project.root / "docs" / "safeguarding.md"
    page.write_text(
        "# Safeguarding\n\nThanks to \u13aaled.\nAnd to &#x202e;ecyrP delA.\n\n"
        "Здравствуйте.\n\n{{ safeguarding() }}\n",
        encoding="utf-8",
    )
    _, problems = check(project)
    hidden = [p for p in problems if "alphabets" in p.message or "bidirectional" in p.message]
    assert [(p.path, p.line, p.column, p.severity, p.got) for p in hidden] == [
        ("content/leaflet.yaml", intro, 8, Severity.ERROR, "U+202E right-to-left override"),
        ("content/leaflet.yaml", intro, 8, Severity.ERROR, "U+202C pop directional formatting"),
        ("content/services/maple-ward.yaml", lines.index(first_activity) + 1, 5,
         Severity.ERROR, None),
        ("docs/safeguarding.md", 3, 11, Severity.ERROR, None),
        ("docs/safeguarding.md", 4, 8, Severity.ERROR, "U+202E right-to-left override"),
    ]  # fmt: skip
    assert hidden[0].field == "intro" and hidden[2].field.startswith("activities.")
    assert "(Latin and Cyrillic)" in hidden[2].message
    assert "(Latin and Cherokee)" in hidden[3].message
    assert not any("led" in p.format() for p in hidden)  # the word is never repeated


def _line(path: Path, start: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))
