"""Roster privacy: officers' names stay in the private cohort outputs, never the site.

Cohort files (``content/cohorts/``) hold personal data: officers' names. The site is
built without them (:mod:`placements.web` never sees a cohort), and two checks make sure
a name cannot arrive by another road:

- :func:`check_roster_in_published` (a rule of ``placements check``) reports an
  officer's name written into any published text (:func:`placements.ig.published_texts`,
  which includes a cohort's name and feedback words) or any page in ``docs/``;
- :func:`roster_in_folder` (run by the build on the staged site before it is published)
  searches every text file of the site, search index and sitemap included.

Messages point at the cohort entry (``officers.2.name in content/cohorts/x.yaml``) and
never repeat the name itself. Buddies are recorded as roles, not people, so they are not
roster values; officer ids are pseudonymous and only ever used as private file names.
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .content import Content
from .ig import published_texts
from .problems import Problem

TEXT_SUFFIXES = {".html", ".htm", ".js", ".json", ".xml", ".txt", ".css", ".svg", ".md", ".gz"}
"""Site files searched for names (``.gz``: the compressed sitemap, decompressed first)."""
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class RosterName:
    """One officer's name and where it is recorded (for messages that do not repeat it)."""

    name: str
    where: str

    @property
    def pattern(self) -> re.Pattern[str]:
        """The name as a whole-word, case-insensitive pattern; any whitespace between words."""
        words = [re.escape(w) for w in self.name.split()]
        return re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)


def roster_names(content: Content) -> list[RosterName]:
    """Every officer's name in every cohort, with its cohort file and field."""
    names = []
    for cohort_id, cohort in content.cohorts.items():
        path = content.paths.get(("cohort", cohort_id), f"content/cohorts/{cohort_id}.yaml")
        for i, officer in enumerate(cohort.officers):
            names.append(RosterName(officer.name, f"officers.{i}.name in {path}"))
    return names


def _message(name: RosterName) -> str:
    return (
        f"an officer's name ({name.where}) appears in published text; officers' names are "
        "personal data and belong only in their own workbooks: remove it"
    )


def check_roster_in_published(content: Content) -> Iterator[Problem]:
    """Report every officer's name found in a published text field or a ``docs/`` page.

    Source: officers' names are personal data; they go into the private output only
    and the public site must never contain them (DESIGN.md; UK GDPR).
    """
    names = roster_names(content)
    if not names:
        return
    for kind, key, loc, text in published_texts(content):
        for name in names:
            if name.pattern.search(text):
                yield content.locate(kind, key, loc, _message(name))
    docs = content.root.parent / "docs"
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        text = page.read_text(encoding="utf-8", errors="replace")
        for name in names:
            for m in name.pattern.finditer(text):
                line = text.count("\n", 0, m.start()) + 1
                column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
                shown = f"docs/{page.relative_to(docs).as_posix()}"
                yield Problem(shown, line, column, "", _message(name))


def roster_in_folder(folder: Path, names: list[RosterName]) -> list[str]:
    """Return ``"<file>: <where the name is recorded>"`` for every name found in ``folder``.

    Every text file (see :data:`TEXT_SUFFIXES`) is read as UTF-8 with HTML entities
    decoded, so ``&#65;led`` cannot hide a name.
    """
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        raw = path.read_bytes()
        if path.suffix.lower() == ".gz":
            try:
                raw = gzip.decompress(raw)
            except OSError:
                continue
        text = html.unescape(raw.decode("utf-8", errors="replace"))
        text = _JSON_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
        lowered = text.lower()
        for name in names:
            # A plain substring test first: the regex only runs where the name might be.
            if name.name.split()[0].lower() in lowered and name.pattern.search(text):
                found.append(f"{path.relative_to(folder).as_posix()}: {name.where}")
    return found
