"""Review dates: health content shows when it was last reviewed and is flagged when overdue.

Every published content file has ``review: {owner, last_reviewed, next_review}``
(:class:`placements.model.Review`). Each site page and PDF shows it; :func:`check_reviews`
warns when ``next_review`` has passed (an error with ``--strict``, like every warning).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .content import Content
from .ig import published_files
from .problems import Problem, Severity

LONDON = ZoneInfo("Europe/London")
TODAY_VARIABLE = "PLACEMENTS_TODAY"
"""Environment variable that fixes "today" (``YYYY-MM-DD``) for reproducible checks."""


def london_today() -> date:
    """Return today's date in Europe/London, or ``$PLACEMENTS_TODAY`` when it is set.

    Raises:
        ValueError: when ``PLACEMENTS_TODAY`` is set but not a ``YYYY-MM-DD`` date.
    """
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            raise ValueError(
                f"{TODAY_VARIABLE} must be a date written YYYY-MM-DD, got {fixed!r}"
            ) from None
    return datetime.now(LONDON).date()


def check_reviews(content: Content, today: date | None = None) -> Iterator[Problem]:
    """Warn for every published file whose ``review.next_review`` is before today.

    Args:
        content: the loaded content.
        today: the date to compare with (default :func:`london_today`).

    Source: health content must show when it was last reviewed and when the next review
    is due, and content past its review date is flagged (issue 7; NHS trusts' document
    control policies).
    """
    when = today or london_today()
    files = [(kind, key, obj.review) for kind, key, obj in published_files(content)]
    for kind, key, review in files:
        if review.next_review < when:
            days = (when - review.next_review).days
            yield content.locate(
                kind,
                key,
                ("review", "next_review"),
                f"the review was due {days} day{'s' if days != 1 else ''} ago; the "
                f"{review.owner} should review this content and set new review dates",
                str(review.next_review),
                severity=Severity.WARNING,
            )
