"""Page snippets for the site, made from validated model objects.

Every function takes model objects and returns Markdown source for a page: headings
are Markdown (so they reach the table of contents and the search index), bodies are
HTML blocks built from escaped or cleaned text (:mod:`placements.text`). No function
here sees a cohort: officers' names never reach the public site.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from . import model
from .content import Content
from .leaflet import direction
from .pictures import inline_svg
from .text import escape, markdown_escape, markdown_to_html


def _block(html: str) -> str:
    """Wrap an HTML fragment so Python-Markdown passes it through as one raw block."""
    return "\n\n" + html.replace("\n\n", "\n") + "\n\n"


def _list(items: Iterable[str], tag: str = "ul", css: str | None = None) -> str:
    cls = f' class="{css}"' if css else ""
    inner = "".join(f"<li>{escape(i)}</li>" for i in items)
    return f"<{tag}{cls}>{inner}</{tag}>"


def heading(level: int, text: str) -> str:
    """Return a Markdown heading of ``level`` showing ``text`` literally."""
    return f"\n\n{'#' * level} {markdown_escape(text)}\n\n"


def review_note(review: model.Review) -> str:
    """Return the 'owned by, last reviewed, next review' line for the foot of a page."""
    return _block(
        f'<p class="review-note">Content owner: {escape(review.owner)}. '
        f"Last reviewed {review.last_reviewed:%-d %B %Y}; "
        f"next review due {review.next_review:%-d %B %Y}.</p>"
    )


def review_of(content: Content, file: str) -> model.Review:
    """Return the review block of content file ``file``.

    Args:
        file: ``"scheme"``, ``"induction"``, ``"safeguarding"``, ``"leaflet"`` or
            ``"services/<slug>"``.

    Raises:
        KeyError: when there is no such file.
    """
    if file.startswith("services/"):
        return content.services[file.removeprefix("services/")].review
    item = getattr(content, file, None)
    review = getattr(item, "review", None)
    if not isinstance(review, model.Review):
        raise KeyError(file)
    return review


def home(content: Content) -> str:
    """The home page body: what the scheme is, its aims, its history and its results."""
    s = content.scheme
    parts = [
        _block(f'<div class="lead">{markdown_to_html(s.summary)}</div>'),
        heading(2, "What the scheme is for"),
        _block(_list(s.aims)),
        heading(2, "How it started"),
        _block(str(markdown_to_html(s.history))),
        heading(2, "What officers said"),
        _block(_outcomes_table(s)),
    ]
    if s.one_word_examples:
        words = ", ".join(f"<q>{escape(w)}</q>" for w in s.one_word_examples)
        parts.append(
            _block(
                f"<p>Asked for one word to describe their placement, officers chose {words}.</p>"
            )
        )
    parts.append(review_note(s.review))
    return "".join(parts)


def _outcomes_table(s: model.Scheme) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(m.question)}</th>'
        f"<td>{'' if m.reported_percent is None else f'{m.reported_percent}%'}</td></tr>"
        for m in s.outcome_measures
    )
    return (
        "<table><caption>Share of officers answering yes, as last reported</caption>"
        f'<thead><tr><th scope="col">Question</th><th scope="col">Yes</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def induction(content: Content) -> str:
    """The induction day page body: purpose, timetable, each session, what to bring."""
    ind = content.induction
    rows = "".join(
        f'<tr><td>{x.start:%H:%M}&ndash;{x.end:%H:%M}</td><th scope="row">{escape(x.title)}</th>'
        f"<td>{escape(', '.join(x.delivered_by))}</td></tr>"
        for x in ind.sessions
    )
    parts = [
        _block(str(markdown_to_html(ind.purpose))),
        heading(2, "Timetable"),
        _block(
            "<table><caption>The induction day, in order</caption><thead><tr>"
            '<th scope="col">Time</th><th scope="col">Session</th><th scope="col">Delivered by</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>"
        ),
    ]
    for x in ind.sessions:
        parts.append(heading(3, x.title))
        body = [f"<p><strong>{x.start:%H:%M} to {x.end:%H:%M}</strong>. {escape(x.summary)}</p>"]
        if x.topics:
            body.append("<p>Covers:</p>" + _list(x.topics))
        if x.learning_outcomes:
            body.append("<p>By the end you should be able to:</p>" + _list(x.learning_outcomes))
        parts.append(_block("".join(body)))
    if ind.bring:
        parts += [heading(2, "What to bring"), _block(_list(ind.bring))]
    parts += [heading(2, "After the induction day"), _block(f"<p>{escape(ind.afterwards)}</p>")]
    parts.append(review_note(ind.review))
    return "".join(parts)


def placement(content: Content) -> str:
    """The 'your placement' page body: structure, rules, expectations, support."""
    s = content.scheme
    p = s.placement
    weeks = "".join(
        f"<li><strong>Week {i}:</strong> {escape(s.setting(w).name)}. {escape(s.setting(w).description)}</li>"
        for i, w in enumerate(p.weeks, start=1)
    )
    parts = [
        heading(2, "How the placement is structured"),
        _block(
            f"<p>After the induction day you spend {len(p.weeks)} weeks with the trust's clinical "
            f"services, {p.days_per_week} days a week:</p><ol>{weeks}</ol>"
        ),
        heading(2, "Hours and shifts"),
        _block(
            f"<p>Services run from {s.service_hours.start:%H:%M} to {s.service_hours.end:%H:%M}, "
            f"and every shift falls within those hours. The usual shift is "
            f"{p.default_shift.label()}; your buddy may agree a different pattern with you.</p>"
            f"<p>No service hosts more than {p.default_capacity} officers at the same time, "
            "unless its page says otherwise.</p>"
        ),
        heading(2, "Your buddy"),
        _block(
            "<p>Each officer is paired with a member of staff in each service: your buddy. "
            "Follow their lead, ask them questions and tell them straight away if anything "
            "worries you.</p>"
        ),
        heading(2, "What we expect of you"),
        _block(_list(s.expectations)),
        heading(2, "What you should get out of it"),
        _block(_list([o.text for o in s.learning_outcomes], tag="ol")),
        heading(2, s.reflective_practice.name),
        _block(
            f"<p>{escape(s.reflective_practice.description)} "
            f"It lasts about {s.reflective_practice.duration_minutes} minutes.</p>"
        ),
        heading(2, s.feedback_session.name),
        _block(
            f"<p>{escape(s.feedback_session.description)} "
            f"It lasts about {s.feedback_session.duration_minutes} minutes.</p>"
        ),
        heading(2, "Who to contact"),
        _block(coordinator(s)),
        review_note(s.review),
    ]
    return "".join(parts)


def coordinator(s: model.Scheme) -> str:
    """Return an HTML paragraph on how to reach the placement coordinator."""
    mail = ""
    if s.coordinator.email:
        mail = f' Email: <a href="mailto:{escape(s.coordinator.email)}">{escape(s.coordinator.email)}</a>.'
    return (
        f"<p>The {escape(s.coordinator.role.lower())} keeps in touch with every officer and "
        f"service throughout the placement. {escape(s.coordinator.how_to_contact)}{mail}</p>"
    )


def services_index(content: Content) -> str:
    """The services index body: one section per setting with a card per service."""
    parts = []
    for setting in content.scheme.settings:
        members = [
            (slug, svc) for slug, svc in content.services.items() if svc.setting == setting.id
        ]
        if not members:
            continue
        parts.append(heading(2, setting.name))
        parts.append(_block(f"<p>{escape(setting.description)}</p>"))
        cards = "".join(
            f'<li><p><a href="{slug}.html"><strong>{escape(svc.name)}</strong></a>'
            + (f" ({escape(svc.abbreviation)})" if svc.abbreviation else "")
            + f"</p><p>{escape(svc.summary)}</p></li>"
            for slug, svc in members
        )
        parts.append(_block(f'<div class="grid cards"><ul>{cards}</ul></div>'))
    parts.append(review_note(content.scheme.review))
    return "".join(parts)


def service_page(content: Content, slug: str) -> str:
    """A whole service page: title, key facts, what to expect, policing, learning."""
    svc = content.services[slug]
    s = content.scheme
    title = svc.name + (f" ({svc.abbreviation})" if svc.abbreviation else "")
    facts = [
        ("Setting", s.setting(svc.setting).name),
        ("Who it is for", svc.serves),
        ("Hours", content.hours(slug).label()),
        ("Officers at a time", str(content.capacity(slug))),
    ]
    if svc.based_at:
        facts.insert(1, ("Based at", svc.based_at))
    # Newlines between cells keep words apart in the search index and its snippets.
    rows = "\n".join(
        f'<tr><th scope="row">{escape(k)}</th>\n<td>{escape(v)}</td></tr>' for k, v in facts
    )
    outcomes = {o.id: o.text for o in s.learning_outcomes}
    parts = [
        heading(1, title),
        _block(f'<p class="lead">{escape(svc.summary)}</p>'),
        _block(f'<table class="facts"><caption>Key facts</caption>\n<tbody>{rows}</tbody></table>'),
        heading(2, "What to expect"),
        _block(str(markdown_to_html(svc.what_to_expect, shift_headings=2))),
        heading(2, "What you might do"),
        _block(_list(svc.activities)),
    ]
    if svc.what_to_bring:
        parts += [heading(2, "What to bring or wear"), _block(_list(svc.what_to_bring))]
    if svc.policing:
        parts.append(heading(2, "Where this service meets policing"))
        items = "\n".join(
            f"<dt>{escape(link.topic)}</dt>\n<dd>{escape(link.detail)}</dd>"
            for link in svc.policing
        )
        parts.append(_block(f"<dl>{items}</dl>"))
    parts += [heading(2, "Learning opportunities"), _block(_list(svc.learning_opportunities))]
    served = [outcomes[o] for o in svc.learning_outcomes if o in outcomes]
    if served:
        parts += [heading(2, "Learning outcomes this placement supports"), _block(_list(served))]
    if svc.keywords:
        parts.append(
            _block(f'<p class="keywords">Related terms: {escape(", ".join(svc.keywords))}</p>')
        )
    parts.append(review_note(svc.review))
    return "".join(parts)


def safeguarding(content: Content) -> str:
    """The safeguarding page body: meaning, what to do, record, never, confidentiality."""
    g = content.safeguarding
    parts = [_block(str(markdown_to_html(g.intro)))]
    for section in g.sections:
        parts += [
            heading(2, section.title),
            _block(str(markdown_to_html(section.body, shift_headings=2))),
        ]
    parts += [
        heading(2, "If you have a concern"),
        _block(_list(g.concern_steps, tag="ol")),
        heading(3, "What to record"),
        _block(_list(g.record)),
        heading(3, "What never to do"),
        _block(_list(g.never)),
        heading(2, "Confidentiality and information governance"),
        _block(str(markdown_to_html(g.confidentiality, shift_headings=2))),
        review_note(g.review),
    ]
    return "".join(parts)


def leaflet(
    content: Content,
    downloads: dict[str, str] | list[tuple[str, str, str]],
    easy_read_page: str = "",
) -> str:
    """The leaflet on the web: every question and answer, and links to every version.

    Args:
        content: the loaded content.
        downloads: each printable version (PDF) as ``(link text, relative URL, note)``,
            or a dict of link text -> relative URL.
        easy_read_page: the easy-read page's Markdown source path (``leaflet-easy-read.md``),
            or ``""`` for none.
    """
    lf = content.leaflet
    items = (
        [(label, url, "") for label, url in downloads.items()]
        if isinstance(downloads, dict)
        else downloads
    )
    links = "".join(
        f'<li><a href="{escape(url)}">{escape(label)}</a>'
        + (f": {escape(note)}" if note else "")
        + "</li>"
        for label, url, note in items
    )
    easy = (  # a Markdown link, so MkDocs checks the page exists and rewrites its URL
        f"\n\n[Easy read, with pictures: {markdown_escape(lf.easy_read_title)}]"
        f"({easy_read_page}){{ .easy-read-link }}\n\n"
        if easy_read_page
        else ""
    )
    lang = f' lang="{escape(lf.language)}" dir="{direction(lf.language)}"'
    parts = [
        _block(f'<div{lang}><p class="lead">{escape(lf.intro)}</p></div>'),
        easy,
        _block(f'<div class="leaflet-versions"><p>Print it:</p><ul>{links}</ul></div>'),
    ]
    for qa in lf.questions:
        parts += [
            _leaflet_heading(qa.question, lf.language),
            _block(f"<div{lang}><p>{escape(qa.answer)}</p></div>"),
        ]
    parts += [
        heading(2, "Who wrote this leaflet"),
        _block(f"<p>This leaflet was written together by {escape(_join(lf.co_produced_by))}.</p>"),
        heading(2, "Other formats"),
        _block(f"<p>{escape(lf.other_formats)}</p>"),
        review_note(lf.review),
    ]
    return "".join(parts)


def leaflet_easy_read(content: Content, downloads: dict[str, str]) -> str:
    """The easy-read leaflet on the web: each idea beside its picture (inline SVG, alt text).

    Args:
        content: the loaded content; every picture must exist (checked by the rules).
        downloads: link text -> relative URL of the printable versions to offer.
    """
    lf = content.leaflet
    lang = f' lang="{escape(lf.language)}" dir="{direction(lf.language)}"'
    links = "".join(
        f'<li><a href="{escape(url)}">{escape(label)}</a></li>' for label, url in downloads.items()
    )
    parts = [_block(f"<ul>{links}</ul>")]
    for qa in lf.questions:
        ideas = "".join(
            f"<li>{inline_svg(idea.picture, idea.alt)}<p>{escape(idea.text)}</p></li>"
            for idea in qa.easy_read
        )
        parts += [
            _leaflet_heading(qa.question, lf.language),
            _block(f'<ul class="easy-read"{lang}>{ideas}</ul>'),
        ]
    parts += [_block(f"<p>{escape(lf.other_formats)}</p>"), review_note(lf.review)]
    return "".join(parts)


def _leaflet_heading(text: str, language: str) -> str:
    """Return a level-2 Markdown heading marked with the leaflet's language and direction."""
    return (
        heading(2, text).rstrip("\n") + f' {{: lang="{language}" dir="{direction(language)}" }}\n\n'
    )


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def downloads_list(items: dict[str, str]) -> Markup:
    """Return an HTML list of download links (label -> relative URL)."""
    return Markup(
        "<ul>"
        + "".join(f'<li><a href="{escape(u)}">{escape(t)}</a></li>' for t, u in items.items())
        + "</ul>"
    )


def outcomes(content: Content) -> str:
    """The outcomes page body: overall figures (table and chart), per cohort, the words.

    Cohorts with fewer than :data:`placements.outcomes.MIN_PUBLISHED` responses are
    not shown on their own (their responses count in the overall figures). Only
    cohort names and counts appear: never an officer.
    """
    from .charts import outcomes_chart_svg
    from .outcomes import MIN_PUBLISHED, cohort_figures, overall_figures

    s = content.scheme
    labels = {m.id: m.label or m.question for m in s.outcome_measures}
    overall = overall_figures(s, content.cohorts)
    parts: list[str] = []
    if overall.illustrative:
        parts.append(
            _block(
                '<p class="admonition warning"><strong>Illustrative data.</strong> Responses '
                "below include made-up examples that show how this page works; they are not "
                "real feedback.</p>"
            )
        )
    if not overall.publishable:
        parts.append(
            _block(
                f"<p>There are not yet enough responses to publish figures (at least "
                f"{MIN_PUBLISHED} are needed, so that no answer can be traced to a person).</p>"
            )
        )
        return "".join(parts)
    left_out = (
        f" {overall.excluded} response{'s' if overall.excluded != 1 else ''} from cohorts too "
        "small to publish are left out, so that they cannot be worked out by subtraction."
        if overall.excluded
        else ""
    )
    parts += [
        heading(2, "All cohorts"),
        _block(
            f"<p>From {overall.responses} anonymous responses. Percentages are rounded to the "
            f"nearest whole number, halves rounded up.{left_out}</p>"
        ),
        _block(_figures_table([overall], labels, caption="Share answering yes, all cohorts")),
        _block(
            "<figure>"
            + outcomes_chart_svg(
                overall, labels, title="Bar chart: share answering yes, all cohorts"
            )
            + "<figcaption>The same figures as the table above.</figcaption></figure>"
        ),
    ]
    per_cohort = cohort_figures(s, content.cohorts)
    shown = [f for f in per_cohort if f.publishable]
    hidden = len(per_cohort) - len(shown)
    parts.append(heading(2, "By cohort"))
    if shown:
        parts.append(
            _block(_figures_table(shown, labels, caption="Share answering yes, by cohort"))
        )
    if hidden:
        parts.append(
            _block(
                f"<p>{hidden} cohort{'s have' if hidden != 1 else ' has'} fewer than "
                f"{MIN_PUBLISHED} responses and {'are' if hidden != 1 else 'is'} not shown on "
                "its own, so that no answer can be traced to a person.</p>"
            )
        )
    if overall.words:
        parts.append(heading(2, "In one word"))
        items = "".join(
            f'<li>{escape(word)} <span class="count">({count})</span></li>'
            for word, count in overall.words
        )
        parts.append(_block(f'<ol class="words">{items}</ol>'))
    return "".join(parts)


def _figures_table(groups: list, labels: dict[str, str], *, caption: str) -> str:
    head = "".join(f'<th scope="col">{escape(labels[i])}</th>' for i in labels)
    rows = "".join(
        f'<tr><th scope="row">{escape(g.name)}</th><td>{g.responses}</td>'
        + "".join(f"<td>{escape(g.shares[i].label())}</td>" for i in labels)
        + "</tr>"
        for g in groups
    )
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>"
        f'<th scope="col">Group</th><th scope="col">Responses</th>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def abbreviations(content: Content) -> dict[str, str]:
    """Every abbreviation the site explains on hover -> what it stands for.

    From the glossary (``abbreviation`` -> ``term``) and from each service that has an
    abbreviation (-> the service's name). Case-sensitive keys, e.g. ``"SPA"``.
    """
    terms = content.glossary.terms if content.glossary else []
    found = {t.abbreviation: t.term for t in terms if t.abbreviation}
    for svc in content.services.values():
        if svc.abbreviation:
            found.setdefault(svc.abbreviation, svc.name)
    return found


def glossary(content: Content) -> str:
    """The glossary page body: every term in alphabetical order under letter headings.

    Terms come from ``glossary.yaml``; every service with an abbreviation gets an entry
    too (its name, abbreviation and summary, and a link to its page), so the glossary
    and the service files never disagree. Without ``glossary.yaml`` only those entries.
    """
    g = content.glossary
    entries: list[tuple[str, str | None, str, str | None]] = [
        (t.term, t.abbreviation, t.meaning, None) for t in (g.terms if g else [])
    ]
    entries += [
        (svc.name, svc.abbreviation, svc.summary, f"services/{slug}.html")
        for slug, svc in content.services.items()
        if svc.abbreviation
    ]
    entries.sort(key=lambda e: e[0].casefold())
    parts = [_block(f'<p class="lead">{escape(g.intro)}</p>')] if g and g.intro else []
    letter = None
    for term, abbr, meaning, link in entries:
        first = term[0].upper() if term[0].isalpha() else "0–9"
        if first != letter:
            letter = first
            parts.append(heading(2, letter))
        parts.append(heading(3, f"{term} ({abbr})" if abbr else term))
        body = f"<p>{escape(meaning)}</p>"
        if link:
            body += f'<p><a href="{link}">The placement with the {escape(term)}</a></p>'
        parts.append(_block(body))
    if g:
        parts.append(review_note(g.review))
    return "".join(parts)
