"""The scheme's outcome figures from anonymous feedback: shares answering yes, and words.

Rules:

- a share is ``yes / answered`` for one outcome measure; a response that left the
  question blank does not count towards ``answered``;
- percentages are rounded half up to a whole number (64 of 66 = 96.97 -> 97%;
  1 of 8 = 12.5 -> 13%), so the figures match how the scheme has reported them;
- a question nobody answered has no percentage ("no responses"), never 0%;
- a cohort with fewer than :data:`MIN_PUBLISHED` responses is not shown on its own
  anywhere public, so no answer can be traced to a person. Its responses count in the
  overall figures only when all such small cohorts together have at least
  :data:`MIN_PUBLISHED` responses; otherwise subtracting the cohorts shown from the
  overall figures would reveal them, so they are left out (and the page says so).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Cohort, FeedbackResponse, Scheme

MIN_PUBLISHED = 5
"""Fewest responses a cohort needs before its figures are shown on their own."""


@dataclass(frozen=True)
class Share:
    """How many answered one question, and how many of those said yes."""

    yes: int
    answered: int

    @property
    def percent(self) -> int | None:
        """The share of yes answers in whole per cent, rounded half up; ``None`` if unanswered."""
        if self.answered == 0:
            return None
        return (200 * self.yes + self.answered) // (2 * self.answered)

    def label(self) -> str:
        """Return ``97% (64 of 66)``, or ``no responses``."""
        if self.percent is None:
            return "no responses"
        return f"{self.percent}% ({self.yes} of {self.answered})"


@dataclass(frozen=True)
class Figures:
    """The outcome figures of one group of responses (a cohort, or every cohort).

    Attributes:
        key: the cohort id, or ``"all"``.
        name: the cohort's name, or ``"All cohorts"``.
        responses: how many responses the figures come from.
        shares: outcome measure id -> :class:`Share`, in ``scheme.yaml`` order.
        words: (word, count) pairs, most frequent first, ties in alphabetical order;
            words are compared ignoring case and surrounding space.
        illustrative: ``True`` when any response is marked as a made-up example.
        excluded: responses left out of overall figures to protect small cohorts.
    """

    key: str
    name: str
    responses: int
    shares: dict[str, Share]
    words: list[tuple[str, int]]
    illustrative: bool = False
    excluded: int = 0

    @property
    def publishable(self) -> bool:
        """Whether there are enough responses to show these figures on their own."""
        return self.responses >= MIN_PUBLISHED


def rank_words(words: Iterable[str]) -> list[tuple[str, int]]:
    """Return (word, count) pairs, most frequent first, ties alphabetical; case ignored."""
    counts = Counter(w.strip().casefold() for w in words if w and w.strip())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def figures_for(
    scheme: Scheme,
    responses: list[FeedbackResponse],
    *,
    key: str,
    name: str,
    illustrative: bool = False,
) -> Figures:
    """Compute the :class:`Figures` of ``responses`` for every outcome measure in ``scheme``."""
    shares = {}
    for measure in scheme.outcome_measures:
        answers = [r.answers.get(measure.id) for r in responses]
        given = [a for a in answers if a is not None]
        shares[measure.id] = Share(yes=sum(given), answered=len(given))
    words = rank_words(r.one_word for r in responses if r.one_word)
    return Figures(key, name, len(responses), shares, words, illustrative)


def cohort_figures(scheme: Scheme, cohorts: dict[str, Cohort]) -> list[Figures]:
    """Return the figures of every cohort that has feedback, in cohort id order."""
    result = []
    for cohort_id, cohort in cohorts.items():
        if cohort.feedback is None or not cohort.feedback.responses:
            continue
        result.append(
            figures_for(
                scheme,
                list(cohort.feedback.responses),
                key=cohort_id,
                name=cohort.name,
                illustrative=cohort.feedback.illustrative,
            )
        )
    return result


def overall_figures(scheme: Scheme, cohorts: dict[str, Cohort]) -> Figures:
    """Return the figures of every cohort's responses together, protecting small cohorts.

    Responses of cohorts below :data:`MIN_PUBLISHED` are included only when together
    they reach :data:`MIN_PUBLISHED` (see the module docstring); ``excluded`` counts
    those left out.
    """
    with_feedback = [c for c in cohorts.values() if c.feedback and c.feedback.responses]
    small = [c for c in with_feedback if len(c.feedback.responses) < MIN_PUBLISHED]  # type: ignore[union-attr]
    small_total = sum(len(c.feedback.responses) for c in small)  # type: ignore[union-attr]
    leave_out = small if 0 < small_total < MIN_PUBLISHED else []
    used = [c for c in with_feedback if c not in leave_out]
    responses = [r for c in used for r in c.feedback.responses]  # type: ignore[union-attr]
    illustrative = any(c.feedback.illustrative for c in used)  # type: ignore[union-attr]
    figures = figures_for(
        scheme, responses, key="all", name="All cohorts", illustrative=illustrative
    )
    return Figures(
        figures.key,
        figures.name,
        figures.responses,
        figures.shares,
        figures.words,
        figures.illustrative,
        excluded=small_total if leave_out else 0,
    )


def published_comments(cohorts: dict[str, Cohort]) -> list[str]:
    """Return the comments whose authors agreed to publication, in cohort order.

    Comments from cohorts with fewer than :data:`MIN_PUBLISHED` responses are left out.
    """
    return [
        r.comment
        for c in cohorts.values()
        if c.feedback and len(c.feedback.responses) >= MIN_PUBLISHED
        for r in c.feedback.responses
        if r.comment and r.publish_comment
    ]
