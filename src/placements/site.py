"""The MkDocs side: content for the macros, generated service pages, and the site build.

``mkdocs.yml`` wires two thin adapters to this module: ``macros/__init__.py``
(mkdocs-macros ``define_env``) and ``hooks/services.py`` (MkDocs hooks that add one
page per service and put them in the navigation). Both get the validated
:class:`~placements.content.Content` from :func:`content_for`.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .content import Content, load_or_raise
from .problems import ContentError
from .text import mark_abbreviations
from .web import abbreviations

log = logging.getLogger("mkdocs.plugins.placements")

SERVICES_SECTION = "Clinical services"
"""Title of the navigation section the service pages are added to."""

_cache: dict[Path, tuple[tuple[tuple[str, int, int], ...], Content]] = {}


def _fingerprint(root: Path) -> tuple[tuple[str, int, int], ...]:
    return tuple(
        (str(p), p.stat().st_mtime_ns, p.stat().st_size)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    )


def content_for(config: MkDocsConfig | dict[str, Any]) -> Content:
    """Return the validated content for the site whose ``mkdocs.yml`` is ``config``.

    The content folder is ``content/`` beside ``mkdocs.yml``. Results are cached until
    a file in the folder changes (so the macros and the hooks share one load per build).

    Raises:
        mkdocs.exceptions.PluginError: when the content has errors; the message lists
            every problem as ``path:line:col: field: message``.
    """
    config_file = Path(config["config_file_path"]).resolve()
    project = config_file.parent
    root = project / "content"
    stamp = _fingerprint(root)
    cached = _cache.get(root)
    if cached and cached[0] == stamp:
        return cached[1]
    try:
        content = load_or_raise(root, display_root=project)
    except ContentError as exc:
        lines = "\n".join(p.format() for p in exc.problems)
        raise PluginError(f"content has errors ({exc}):\n{lines}") from None
    _cache[root] = (stamp, content)
    return content


SERVICE_SEARCH_BOOST = 2
"""Search weight of a service page against other pages (Material's ``search.boost``), so a
service's own page comes first when its name, abbreviation or work is searched for."""


def service_files(config: MkDocsConfig, files: Files) -> Files:
    """Add a generated ``services/<slug>.md`` page for every service (MkDocs ``on_files``)."""
    content = content_for(config)
    for slug in content.services:
        source = (
            f"---\nsearch:\n  boost: {SERVICE_SEARCH_BOOST}\n---\n\n"
            f"{{{{ service_page({slug!r}) }}}}\n"
        )
        files.append(File.generated(config, f"services/{slug}.md", content=source))
    return files


def service_nav(config: MkDocsConfig) -> MkDocsConfig:
    """Append every service page to the ``Clinical services`` nav section (``on_config``).

    Raises:
        mkdocs.exceptions.PluginError: when ``mkdocs.yml`` has no such section.
    """
    content = content_for(config)
    for item in config.nav or []:
        if isinstance(item, dict) and SERVICES_SECTION in item:
            section = item[SERVICES_SECTION]
            if not isinstance(section, list):
                section = item[SERVICES_SECTION] = [section]
            section.extend(f"services/{slug}.md" for slug in content.services)
            return config
    raise PluginError(f"mkdocs.yml: nav needs a section titled {SERVICES_SECTION!r}")


def explain_abbreviations(html: str, config: MkDocsConfig) -> str:
    """Mark every glossary or service abbreviation in a page's HTML (``on_page_content``).

    Each use becomes ``<abbr title="what it stands for">``, which Material shows as a
    tooltip (``content.tooltips``). The list comes from the content
    (:func:`placements.web.abbreviations`), so it is the same on every page.
    """
    return mark_abbreviations(html, abbreviations(content_for(config)))
