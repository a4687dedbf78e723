"""Outcome figures from small hand-checkable datasets, and small-cohort suppression."""

from __future__ import annotations

from pathlib import Path

import pytest

from placements.build import Project, build
from placements.content import load_or_raise
from placements.model import FeedbackResponse
from placements.outcomes import MIN_PUBLISHED, Share, figures_for, rank_words

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def scheme():
    return load_or_raise(REPO / "content").scheme


def _r(answers: dict[str, bool | None], word: str | None = None) -> FeedbackResponse:
    return FeedbackResponse(answers=answers, one_word=word)


@pytest.mark.parametrize(
    ("yes", "answered", "label"),
    [
        (64, 66, "97% (64 of 66)"),  # 96.97 -> 97
        (1, 8, "13% (1 of 8)"),  # 12.5 -> 13: halves round up
        (7, 8, "88% (7 of 8)"),  # 87.5 -> 88
        (1, 3, "33% (1 of 3)"),  # 33.3 -> 33
        (2, 3, "67% (2 of 3)"),  # 66.7 -> 67
        (0, 5, "0% (0 of 5)"),
        (5, 5, "100% (5 of 5)"),
        (0, 0, "no responses"),
    ],
)
def test_share_rounding_rule(yes: int, answered: int, label: str) -> None:
    assert Share(yes, answered).label() == label


def test_no_responses_is_not_zero_percent(scheme) -> None:
    figures = figures_for(scheme, [], key="c", name="C")
    assert figures.responses == 0
    assert all(s.percent is None and s.label() == "no responses" for s in figures.shares.values())
    assert figures.words == []


def test_one_response_and_unanswered_questions(scheme) -> None:
    figures = figures_for(
        scheme, [_r({"recommend-placement": False, "recommend-scheme": None})], key="c", name="C"
    )
    assert figures.shares["recommend-placement"].label() == "0% (0 of 1)"
    assert figures.shares["recommend-scheme"].label() == "no responses"
    assert figures.shares["inter-professional"].label() == "no responses"


def test_all_yes(scheme) -> None:
    ids = [m.id for m in scheme.outcome_measures]
    figures = figures_for(
        scheme, [_r(dict.fromkeys(ids, True)) for _ in range(6)], key="c", name="C"
    )
    assert {s.label() for s in figures.shares.values()} == {"100% (6 of 6)"}


def test_words_ranked_by_frequency_ties_alphabetical_case_ignored() -> None:
    assert rank_words(["Useful", "useful ", "eye-opening", "valuable", "Valuable", "calm"]) == [
        ("useful", 2),
        ("valuable", 2),
        ("calm", 1),
        ("eye-opening", 1),
    ]


def test_small_cohort_is_not_shown_on_its_own(project: Project) -> None:
    path = project.content / "cohorts" / "2018-03-pilot.yaml"
    text = path.read_text(encoding="utf-8")
    head, _, responses = text.partition("  responses:\n")
    items = responses.split("    - answers:")[1:]
    kept = "    - answers:" + "    - answers:".join(items[: MIN_PUBLISHED - 1])
    path.write_text(head + "  responses:\n" + kept, encoding="utf-8")
    build(project)
    page = (project.site / "outcomes.html").read_text(encoding="utf-8")
    assert "not yet enough responses" in page
    assert "Pilot cohort, March 2018" not in page
    assert "of 4)" not in page


def test_outcomes_page_shows_figures_chart_and_words(built: Project) -> None:
    content = load_or_raise(built.content)
    page = (built.site / "outcomes.html").read_text(encoding="utf-8")
    assert "100% (8 of 8)" in page and "88% (7 of 8)" in page
    assert '<svg role="img" aria-label="Bar chart: share answering yes, all cohorts"' in page
    assert "Illustrative data" in page
    assert "eye-opening <span" in page
    for response in content.cohorts["2018-03-pilot"].feedback.responses:
        if response.comment:
            assert response.comment not in page  # comments only go in the private report


def test_evaluation_report_pdf(built: Project) -> None:
    from pypdf import PdfReader

    content = load_or_raise(built.content)
    report = built.root / "dist" / "reports" / "evaluation-report.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(report).pages).split())
    assert "Evaluation report" in text
    assert "100% (8 of 8)" in text and "88% (7 of 8)" in text
    assert "Pilot cohort, March 2018" in text
    assert "eye-opening (2)" in text
    for response in content.cohorts["2018-03-pilot"].feedback.responses:
        if response.comment:
            assert (response.comment in text) is response.publish_comment
    assert not any(o.name in text for o in content.cohorts["2018-03-pilot"].officers)


def _pilot_with(project: Project, old: str, new: str) -> None:
    path = project.content / "cohorts" / "2018-03-pilot.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_one_word_must_be_one_word(project: Project) -> None:
    from placements.build import check

    _pilot_with(project, "one_word: insightful", "one_word: Aled Pryce was great")
    _, problems = check(project)
    [problem] = [p for p in problems if p.field.endswith("one_word")]
    assert problem.message.startswith("expected a single word without spaces")
    assert problem.path == "content/cohorts/2018-03-pilot.yaml"


def test_answers_are_true_or_false_only(project: Project) -> None:
    from placements.build import check

    _pilot_with(project, "recommend-scheme: false", "recommend-scheme: no")
    _, problems = check(project)
    assert any(
        p.field.endswith("answers.recommend-scheme") and "true or false" in p.message
        for p in problems
    )


def test_more_responses_than_officers_is_an_error(project: Project) -> None:
    from placements.build import check

    path = project.content / "cohorts" / "2018-03-pilot.yaml"
    extra = "    - answers: {recommend-placement: true}\n"
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    _, problems = check(project)
    assert any(
        "9 feedback responses, but the cohort has only 8 officers" in p.message for p in problems
    )


def test_small_cohort_cannot_be_worked_out_by_subtraction(project: Project) -> None:
    pilot = (project.content / "cohorts" / "2018-03-pilot.yaml").read_text(encoding="utf-8")
    small = (
        pilot.split("\nofficers:")[0]
        .replace("2018-03", "2019-03")
        .replace("Pilot cohort, March 2018", "Small cohort")
    )
    small += (
        "\nofficers:\n  - id: so-01\n    name: Solo Officer\n"
        "feedback:\n  responses:\n"
        "    - answers: {recommend-placement: false, met-learning-outcomes: false, recommend-scheme: false, inter-professional: false}\n"
        "      one_word: awful\n"
    )
    (project.content / "cohorts" / "2019-03-small.yaml").write_text(small, encoding="utf-8")
    content = load_or_raise(project.content)
    from placements.outcomes import overall_figures

    overall = overall_figures(content.scheme, content.cohorts)
    assert overall.responses == 8 and overall.excluded == 1
    assert overall.shares["recommend-placement"].label() == "100% (8 of 8)"
    assert "awful" not in dict(overall.words)
