"""The content model: the one definition of every YAML file's shape (pydantic v2).

Every file kind has a model class here; the JSON Schemas editors use are generated
from these classes (``placements schema``). Field descriptions are written for the
placement coordinator: they appear in editor tooltips.

Conventions:

- every model forbids unknown keys;
- text is ``str`` exactly as written; fields documented as *Markdown* may use Markdown
  (headings, lists, emphasis, links), every other text field is shown literally;
- dates are ``YYYY-MM-DD`` (:data:`IsoDate`), clock times ``HH:MM`` on the 24-hour
  clock in UK local time (:data:`ClockTime`);
- references between files use slugs: a service's slug is its file name without
  ``.yaml``, a cohort's id is its file name without ``.yaml``.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^([01]?\d|2[0-3]):[0-5]\d$")
PLACEHOLDER = "TBC"
"""An officer name starting with this is a placeholder (``placements new-cohort`` writes
them); ``placements check`` warns until each is replaced."""
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""Slugs and ids: lower-case letters, digits, single hyphens (safe as file names)."""


def _iso_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD`` text (or a ``date``); raise a located-friendly error."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise PydanticCustomError(
            "iso_date", "expected a date written YYYY-MM-DD, for example 2026-03-02"
        )
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError(
            "iso_date", "not a real calendar date; expected YYYY-MM-DD, for example 2026-03-02"
        ) from None


def _clock_time(value: Any) -> Any:
    """Accept only ``HH:MM`` or ``H:MM`` (24-hour) text, or a ``time``."""
    if isinstance(value, time):
        return value
    if not isinstance(value, str) or not _TIME.match(value.strip()):
        raise PydanticCustomError(
            "clock_time", "expected a time written HH:MM on the 24-hour clock, for example 09:30"
        )
    hour, minute = value.strip().split(":")
    return time(int(hour), int(minute))


IsoDate = Annotated[
    date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": _DATE.pattern}),
]
"""A calendar date written ``YYYY-MM-DD``."""

ClockTime = Annotated[
    time,
    BeforeValidator(_clock_time),
    # no "format": JSON Schema's "time" means HH:MM:SS with a UTC offset
    WithJsonSchema({"type": "string", "pattern": _TIME.pattern}),
]
"""A clock time written ``HH:MM`` (24-hour, UK local time)."""

Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
"""Plain text, shown exactly as written (never interpreted as Markdown or HTML)."""

_MARKDOWN_PICTURE = re.compile(r"!\[[^\]\n]*\]\s*[(\[]")


def _no_pictures(value: str) -> str:
    """Refuse Markdown picture syntax: pages never show pictures from a text field.

    The cleaner (:mod:`placements.text`) would drop the picture, and Python-Markdown
    can take the words after a broken picture address with it, so the coordinator is
    told instead of losing text silently.
    """
    m = _MARKDOWN_PICTURE.search(value)
    if m:
        line = value.count("\n", 0, m.start()) + 1
        raise PydanticCustomError(
            "markdown_picture",
            "pictures (![...](...)) are not shown in this field (line {line} of the text): "
            "remove the ! to make it a link, or remove it",
            {"line": line},
        )
    return value


Markdown = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_no_pictures),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""Text that may use safe Markdown (headings, lists, emphasis, links); no pictures."""

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
"""Lower-case letters, digits and single hyphens, e.g. ``maple-ward``."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "must not be blank")
    return value


NonBlank = Annotated[Text, AfterValidator(_not_blank)]


def _end_before_start(start: time, end: time) -> PydanticCustomError:
    """The error for a span whose ``end`` is not after its ``start``, located at ``end``.

    The ``at`` and ``got`` context keys tell :func:`placements.content.validation_problems`
    which field the error is about (a model validator's own location is the whole model).
    """
    return PydanticCustomError(
        "hours_order",
        "end must be later than start ({start})",
        {"start": f"{start:%H:%M}", "at": "end", "got": f"{end:%H:%M}"},
    )


class Model(BaseModel):
    """Base of every content model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Review(Model):
    """Who owns a content file and when it was last and will next be reviewed."""

    owner: NonBlank = Field(description="The role that owns this content, never a person's name.")
    last_reviewed: IsoDate = Field(description="When the content was last reviewed.")
    next_review: IsoDate = Field(description="When the content must next be reviewed.")

    @model_validator(mode="after")
    def _order(self) -> Review:
        if self.next_review <= self.last_reviewed:
            raise PydanticCustomError(
                "review_order",
                "next_review must come after last_reviewed ({last})",
                {
                    "last": self.last_reviewed.isoformat(),
                    "at": "next_review",
                    "got": self.next_review.isoformat(),
                },
            )
        return self


class Hours(Model):
    """A span of clock time on one day, ``start`` before ``end`` (UK local time)."""

    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _order(self) -> Hours:
        if self.end <= self.start:
            raise _end_before_start(self.start, self.end)
        return self

    @property
    def minutes(self) -> int:
        """Length of the span in minutes."""
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def label(self) -> str:
        """Return ``09:00 to 17:00``."""
        return f"{self.start:%H:%M} to {self.end:%H:%M}"


# --- scheme.yaml -------------------------------------------------------------------


class Organisation(Model):
    """An organisation taking part in the scheme."""

    name: NonBlank
    short_name: NonBlank


class Partner(Organisation):
    """The partner organisation whose staff come on placement (not hard-coded as police)."""

    learner: NonBlank = Field(
        description="What one person on placement is called, e.g. 'student police officer'."
    )
    learners: NonBlank = Field(description="The plural, e.g. 'student police officers'.")


class Setting(Model):
    """A kind of clinical setting an officer spends a placement week in."""

    id: Slug
    name: NonBlank
    description: NonBlank


class PlacementRules(Model):
    """How a placement is structured (the scheme's rules, DOMAIN.md)."""

    weeks: list[Slug] = Field(
        min_length=1,
        description="The setting of each placement week, in order (default: community, ward).",
    )
    days_per_week: int = Field(5, ge=1, le=7, description="Placement days in each week.")
    default_capacity: int = Field(
        2, ge=1, le=10, description="Officers a service may host at one time, unless it says."
    )
    default_shift: Hours = Field(description="The usual shift when an allocation gives none.")


class Coordinator(Model):
    """The placement coordinator, as a role (never a person's name)."""

    role: NonBlank
    how_to_contact: NonBlank = Field(
        description="How officers and services reach the coordinator (no personal numbers)."
    )
    email: str | None = Field(None, description="An organisational mailbox, if there is one.")


class LearningOutcome(Model):
    """One thing an officer should be able to do by the end of the placement."""

    id: Slug
    text: NonBlank


class OutcomeMeasure(Model):
    """One of the scheme's outcome questions and the figure last reported for it."""

    id: Slug
    question: NonBlank
    label: NonBlank | None = Field(None, description="A short label for charts and tables.")
    reported_percent: int | None = Field(None, ge=0, le=100)


class Session(Model):
    """A fixed session outside the placement days (reflective practice, feedback)."""

    name: NonBlank
    duration_minutes: int = Field(ge=15, le=480)
    description: NonBlank


DEFAULT_EMAIL_DOMAINS = ("nhs.net", "nhs.uk", "police.uk")
"""Organisational email domains allowed by default (NHS mail, NHS trusts, police forces)."""


class IgSettings(Model):
    """Information governance settings for the IG check (:mod:`placements.ig`)."""

    organisational_email_domains: list[NonBlank] = Field(
        default_factory=lambda: list(DEFAULT_EMAIL_DOMAINS),
        description="Email domains that may appear in published text; subdomains are "
        "included (nhs.uk allows name@trust.nhs.uk). Any other address is a warning.",
    )


class Scheme(Model):
    """``content/scheme.yaml``: the scheme as a whole."""

    review: Review
    title: NonBlank
    summary: Markdown
    trust: Organisation
    partner: Partner
    aims: list[NonBlank] = Field(min_length=1)
    history: Markdown
    service_hours: Hours
    settings: list[Setting] = Field(min_length=1)
    placement: PlacementRules
    coordinator: Coordinator
    reflective_practice: Session
    feedback_session: Session
    learning_outcomes: list[LearningOutcome] = Field(min_length=1)
    outcome_measures: list[OutcomeMeasure] = Field(min_length=1)
    one_word_examples: list[NonBlank] = Field(default_factory=list)
    expectations: list[NonBlank] = Field(min_length=1)
    ig: IgSettings = Field(
        default_factory=IgSettings, description="Information governance check settings."
    )

    @model_validator(mode="after")
    def _weeks_use_settings(self) -> Scheme:
        known = {s.id for s in self.settings}
        for i, week in enumerate(self.placement.weeks):
            if week not in known:
                raise PydanticCustomError(
                    "unknown_setting",
                    "each week must name a setting listed under settings ({known})",
                    {"known": ", ".join(sorted(known)), "at": f"placement.weeks.{i}", "got": week},
                )
        return self

    def setting(self, setting_id: str) -> Setting:
        """Return the :class:`Setting` with ``setting_id``; raises ``KeyError``."""
        for s in self.settings:
            if s.id == setting_id:
                return s
        raise KeyError(setting_id)


# --- services/<slug>.yaml ----------------------------------------------------------


class PolicingLink(Model):
    """How a clinical service meets policing (Section 136, street triage, crisis line...)."""

    topic: NonBlank
    detail: NonBlank


class DateRange(Model):
    """An inclusive span of calendar dates, ``start`` on or before ``end``."""

    start: IsoDate
    end: IsoDate

    @model_validator(mode="after")
    def _order(self) -> DateRange:
        if self.end < self.start:
            raise PydanticCustomError("date_order", "end must be on or after start")
        return self

    def covers(self, day: date) -> bool:
        """Whether ``day`` falls in the range (both ends included)."""
        return self.start <= day <= self.end


class Unavailable(DateRange):
    """Dates a service cannot host officers (high clinical activity, too many students...)."""

    reason: NonBlank


class CapacityChange(DateRange):
    """Dates on which a service can host a different number of officers than usual."""

    capacity: int = Field(ge=0, le=10)


class Service(Model):
    """``content/services/<slug>.yaml``: one clinical service that hosts officers."""

    review: Review
    name: NonBlank
    abbreviation: str | None = None
    setting: Slug = Field(description="One of the setting ids in scheme.yaml.")
    based_at: NonBlank | None = Field(None, description="Where the team works, in general terms.")
    serves: NonBlank = Field(description="Who the service is for.")
    summary: NonBlank = Field(description="One or two sentences for the services index.")
    what_to_expect: Markdown
    activities: list[NonBlank] = Field(min_length=1)
    learning_opportunities: list[NonBlank] = Field(min_length=1)
    learning_outcomes: list[Slug] = Field(
        default_factory=list, description="Ids of the scheme's learning outcomes it serves."
    )
    policing: list[PolicingLink] = Field(default_factory=list)
    what_to_bring: list[NonBlank] = Field(default_factory=list)
    keywords: list[NonBlank] = Field(default_factory=list)
    capacity: int | None = Field(
        None, ge=1, le=10, description="Officers at one time; default from scheme.yaml."
    )
    hours: Hours | None = Field(None, description="Default: the scheme's service hours.")
    unavailable: list[Unavailable] = Field(
        default_factory=list, description="Date ranges when the service cannot host, with why."
    )
    capacity_changes: list[CapacityChange] = Field(
        default_factory=list, description="Date ranges with a different capacity."
    )


# --- induction.yaml ----------------------------------------------------------------


class InductionSession(Model):
    """One session of the induction day."""

    title: NonBlank
    start: ClockTime
    end: ClockTime
    delivered_by: list[NonBlank] = Field(min_length=1, description="Roles, never names.")
    summary: NonBlank
    topics: list[NonBlank] = Field(default_factory=list)
    learning_outcomes: list[NonBlank] = Field(default_factory=list)

    @model_validator(mode="after")
    def _order(self) -> InductionSession:
        if self.end <= self.start:
            raise _end_before_start(self.start, self.end)
        return self


class Induction(Model):
    """``content/induction.yaml``: the induction day, sessions in order."""

    review: Review
    title: NonBlank
    purpose: Markdown
    sessions: list[InductionSession] = Field(min_length=1)
    bring: list[NonBlank] = Field(default_factory=list)
    afterwards: NonBlank

    @model_validator(mode="after")
    def _in_order(self) -> Induction:
        for i, (a, b) in enumerate(zip(self.sessions, self.sessions[1:], strict=False)):
            if b.start < a.end:
                raise PydanticCustomError(
                    "session_order",
                    "session {n} starts at {start}, before session {m} ends at {end}; "
                    "list sessions in time order without overlaps",
                    {
                        "n": i + 2,
                        "m": i + 1,
                        "start": f"{b.start:%H:%M}",
                        "end": f"{a.end:%H:%M}",
                        "at": f"sessions.{i + 1}.start",
                        "got": f"{b.start:%H:%M}",
                    },
                )
        return self


# --- safeguarding.yaml -------------------------------------------------------------


class Section(Model):
    """A titled block of Markdown."""

    title: NonBlank
    body: Markdown


class Safeguarding(Model):
    """``content/safeguarding.yaml``: safeguarding and confidentiality guidance."""

    review: Review
    title: NonBlank
    intro: Markdown
    sections: list[Section] = Field(min_length=1)
    concern_steps: list[NonBlank] = Field(min_length=1, description="What to do, in order.")
    record: list[NonBlank] = Field(min_length=1, description="What to write down.")
    never: list[NonBlank] = Field(min_length=1, description="What not to do.")
    confidentiality: Markdown


# --- leaflet.yaml ------------------------------------------------------------------


class EasyReadIdea(Model):
    """One short easy-read sentence with the picture shown beside it."""

    text: NonBlank
    picture: NonBlank = Field(
        description="An icon from Material for MkDocs, e.g. 'material/police-badge'."
    )
    alt: NonBlank = Field(description="What the picture shows, for screen readers.")


class LeafletQuestion(Model):
    """One question of the leaflet with its plain-English and easy-read answers."""

    question: NonBlank
    answer: NonBlank
    easy_read: list[EasyReadIdea] = Field(min_length=1)


class Leaflet(Model):
    """``content/leaflet.yaml``: the co-produced leaflet for service users."""

    review: Review
    title: NonBlank
    easy_read_title: NonBlank
    intro: NonBlank
    questions: list[LeafletQuestion] = Field(min_length=1)
    co_produced_by: list[NonBlank] = Field(min_length=1, description="Roles, never names.")
    other_formats: NonBlank
    language: str = Field(
        "en-GB",
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$",
        description="BCP 47 language tag of the text, e.g. 'en-GB', 'cy', 'pl', 'ur', 'ar'.",
    )


# --- cohorts/<id>.yaml -------------------------------------------------------------


class Event(Model):
    """A dated event with start and end times (UK local time)."""

    date: IsoDate
    start: ClockTime
    end: ClockTime

    @model_validator(mode="after")
    def _order(self) -> Event:
        if self.end <= self.start:
            raise _end_before_start(self.start, self.end)
        return self


class Allocation(Model):
    """One placement week of one officer: where, with which buddy, on which shift."""

    week: int = Field(ge=1, le=8, description="Placement week, 1 for the first.")
    service: Slug = Field(description="A service's file name without .yaml.")
    buddy: NonBlank = Field(description="The buddy's role, e.g. 'community psychiatric nurse'.")
    shift: Hours | None = Field(None, description="Default: the scheme's default shift.")


class Officer(Model):
    """One person on placement. Personal data: only ever in private outputs."""

    id: Slug = Field(description="Short id unique in the cohort, e.g. 'so-01'.")
    name: NonBlank
    placements: list[Allocation] = Field(default_factory=list)
    prefer: list[Slug] = Field(
        default_factory=list, description="Services the officer would like, if possible."
    )
    avoid: list[Slug] = Field(
        default_factory=list,
        description="Services the officer must not be placed with (e.g. a personal connection).",
    )


def _one_word(value: str) -> str:
    if not re.fullmatch(r"[^\s]{1,30}", value.strip()):
        raise PydanticCustomError(
            "one_word",
            "expected a single word without spaces (hyphens allowed, at most 30 characters)",
        )
    return value.strip()


OneWord = Annotated[str, AfterValidator(_one_word)]
"""One word, no spaces (``eye-opening``): free text here could carry a name."""


class FeedbackResponse(Model):
    """One officer's anonymous end-of-placement feedback. Never holds who gave it.

    ``answers`` maps an outcome measure id from ``scheme.yaml`` to ``true`` (yes),
    ``false`` (no) or ``null`` (not answered); a measure left out was not answered.
    """

    answers: dict[Slug, StrictBool | None] = Field(default_factory=dict)
    one_word: OneWord | None = Field(None, description="One word describing the placement.")
    comment: NonBlank | None = Field(None, description="Optional free-text comment.")
    publish_comment: StrictBool = Field(
        False, description="true only when the officer agreed the comment may be quoted."
    )


class Feedback(Model):
    """The anonymous feedback responses of one cohort."""

    illustrative: StrictBool = Field(
        False, description="true when the responses are made-up examples, not real data."
    )
    responses: list[FeedbackResponse] = Field(default_factory=list)


class Cohort(Model):
    """``content/cohorts/<id>.yaml``: officers starting a placement together."""

    name: NonBlank
    induction: Event
    placement_start: IsoDate = Field(description="First day of placement week 1.")
    reflective_practice: Event
    feedback_session: Event
    officers: list[Officer] = Field(min_length=1)
    status: Literal["planned", "running", "finished"] = "planned"
    feedback: Feedback | None = Field(None, description="Anonymous end-of-placement feedback.")


# --- glossary.yaml -----------------------------------------------------------------

ABBREVIATION_PATTERN = r"^[A-Za-z0-9&]+(?: [A-Za-z0-9&]+)*$"
"""Letters, digits and ``&``, words separated by single spaces, e.g. ``IG``, ``UK GDPR``."""


class GlossaryTerm(Model):
    """One term officers meet on placement, what it means and its abbreviation if any."""

    term: NonBlank = Field(description="The term in full, e.g. 'Information governance'.")
    abbreviation: (
        Annotated[str, StringConstraints(pattern=ABBREVIATION_PATTERN, max_length=16)] | None
    ) = Field(
        None,
        description="Short form, e.g. 'IG'. Wherever it appears on the site, the full term "
        "is shown on hover. Case matters: 'SPA' is not 'spa'.",
    )
    meaning: NonBlank = Field(description="What it means, in one to three plain sentences.")


class Glossary(Model):
    """``content/glossary.yaml``: the terms officers meet, for the glossary page and hovers.

    Services' own abbreviations (``abbreviation`` in ``services/<slug>.yaml``) are added
    to the glossary from the service files; do not repeat them here.
    """

    review: Review
    intro: NonBlank | None = None
    terms: list[GlossaryTerm] = Field(min_length=1)
