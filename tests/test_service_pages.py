"""Each service page gives an officer what they need to prepare (issue: the site as officers use it)."""

from __future__ import annotations

import html
import re

from placements.build import Project
from placements.content import load_or_raise


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_every_service_page_covers_what_an_officer_needs(built: Project) -> None:
    content = load_or_raise(built.content)
    for slug, svc in content.services.items():
        page = (built.site / "services" / f"{slug}.html").read_text(encoding="utf-8")
        text = _text(page)
        facts = re.search(r'<table class="facts">.*?</table>', page, re.S)
        assert facts, slug
        facts_text = _text(facts.group(0))
        setting = content.scheme.setting(svc.setting).name
        assert f"Setting {setting}" in facts_text, slug
        assert f"Hours {content.hours(slug).label()}" in facts_text, slug
        assert f"Officers at a time {content.capacity(slug)}" in facts_text, slug
        assert f"Who it is for {' '.join(svc.serves.split())}" in facts_text, slug
        headings = [_text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page, re.S)]
        assert "What to expect" in headings, slug
        assert ("What to bring or wear" in headings) == bool(svc.what_to_bring), slug
        assert ("Where this service meets policing" in headings) == bool(svc.policing), slug
        assert "Learning outcomes this placement supports" in headings, slug
        for link in svc.policing:
            assert " ".join(link.topic.split()) in text, slug
        outcomes = {o.id: o.text for o in content.scheme.learning_outcomes}
        for outcome in svc.learning_outcomes:
            assert " ".join(outcomes[outcome].split()) in text, (slug, outcome)
