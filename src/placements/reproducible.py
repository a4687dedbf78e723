"""The one fixed date of a build, so the same content gives the same bytes.

PDFs (creation and modification dates) and calendars (``DTSTAMP``) take their date from
here, never from the clock: ``SOURCE_DATE_EPOCH`` when it is set (the convention of
reproducible-builds.org: whole seconds since 1970-01-01 UTC), otherwise the newest
``review.last_reviewed`` date in the content (midnight UTC).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, time

from .content import Content
from .problems import BuildError


def build_date(content: Content) -> datetime:
    """Return the build's fixed date, an aware ``datetime`` in UTC.

    Raises:
        BuildError: ``SOURCE_DATE_EPOCH`` is set but is not a whole number of seconds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise BuildError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {epoch!r}")
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    reviews = [content.scheme.review, content.induction.review, content.safeguarding.review]
    reviews += [content.leaflet.review, *(s.review for s in content.services.values())]
    newest = max(r.last_reviewed for r in reviews)
    return datetime.combine(newest, time(0, 0), tzinfo=UTC)


def w3c(moment: datetime) -> str:
    """Return ``moment`` as a W3C date-time (``2026-10-01T00:00:00Z``) for PDF metadata."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
