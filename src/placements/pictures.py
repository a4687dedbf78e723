"""Pictures for the easy-read leaflet: the SVG icon sets shipped with Material for MkDocs.

A picture is named as Material for MkDocs names icons, ``<set>/<icon>``, for example
``material/police-badge`` (Material Design Icons, Apache-2.0), ``fontawesome/solid/heart``
(Font Awesome Free, CC BY 4.0) or ``octicons/person-24`` (Octicons, MIT). The files are
read from the installed ``mkdocs-material`` package (``material/templates/.icons``):
nothing is fetched at run time.
"""

from __future__ import annotations

import difflib
import functools
import re
from pathlib import Path

import material
from markupsafe import Markup

from .text import escape

_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)+$")
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")


def icon_root() -> Path:
    """Return the folder of icon sets shipped in the installed ``mkdocs-material`` package."""
    return Path(material.__file__).resolve().parent / "templates" / ".icons"


def picture_path(name: str) -> Path | None:
    """Return the SVG file for picture ``name`` (``set/icon``), or ``None`` if there is none.

    Names are lower-case words and hyphens separated by ``/``; anything else (``..``,
    a file extension, spaces) is no picture, so a name can never leave the icon folder.
    """
    if not _NAME.match(name):
        return None
    path = icon_root() / f"{name}.svg"
    return path if path.is_file() else None


@functools.cache
def _names_in(folder: str) -> tuple[str, ...]:
    root = icon_root()
    return tuple(
        str(p.relative_to(root).with_suffix("")) for p in sorted((root / folder).rglob("*.svg"))
    )


def suggest(name: str) -> str | None:
    """Return the shipped picture name closest to ``name``, or ``None`` when none is close.

    Searches the icon set ``name`` starts with (``material`` when that set is unknown).
    """
    folder = name.split("/", 1)[0] if "/" in name else "material"
    if not (icon_root() / folder).is_dir():
        folder = "material"
    candidates = _names_in(folder)
    if "/" not in name:
        name = f"{folder}/{name}"
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def inline_svg(name: str, alt: str, css_class: str = "picture") -> Markup:
    """Return picture ``name`` as inline SVG markup for a web page, labelled with ``alt``.

    The SVG gets ``role="img"``, an ``aria-label`` and a ``<title>`` (its accessible
    name), and ``fill="currentColor"`` so it takes the text colour.

    Raises:
        FileNotFoundError: there is no such picture (the content rules report it first).
    """
    path = picture_path(name)
    if path is None:
        raise FileNotFoundError(f"no picture named {name!r} in {icon_root()}")
    svg = path.read_text(encoding="utf-8")
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise FileNotFoundError(f"{path} is not an SVG file")
    label = escape(alt)
    tag = opening.group(0)[:-1].rstrip("/")
    new_open = (
        f'{tag} class="{css_class}" role="img" aria-label="{label}" fill="currentColor" '
        f'focusable="false"><title>{label}</title>'
    )
    return Markup(svg[: opening.start()] + new_open + svg[opening.end() :])
