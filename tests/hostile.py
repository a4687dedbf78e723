"""Hostile text for every text field of every content file, and readers of the outputs.

:func:`inject` walks each content file's pydantic model alongside its YAML data and puts a
numbered payload into every text field (adding optional fields and empty lists so that
every field is exercised). The payload holds HTML, script, a ``javascript:`` link,
Jinja/Jinja-like template syntax, entities and quotes: a correct build shows it exactly as
written. The readers below turn every output (HTML pages, the search index, the sitemap,
PDF text and bookmarks) into plain text the way a reader would see it, so tests can look
for each payload.
"""

from __future__ import annotations

import functools
import gzip
import html
import json
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from pydantic import BaseModel
from pypdf import PdfReader

from placements.content import FOLDERS, SINGLE_FILES
from placements.yamlio import read_yaml

PARTS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "${x}",
    "$a$ \\(b\\)",
    "&amp;",
    "\"quotes'",
    "Drug & Alcohol Service",
    "<b>Ward</b>",
    "</title></textarea><!--",
]
"""The hostile pieces every injected value carries (from the issue and cases/README.md)."""

# Fields kept valid: they are not free text (a BCP 47 tag, an icon name, an email address
# is checked separately by the IG check).
SKIP = {("Leaflet", "language"), ("EasyReadIdea", "picture")}


def payload(n: int) -> str:
    """Return the hostile text for field number ``n`` (``§n§`` marks where it starts)."""
    return f"§{n}§ " + " ".join(PARTS) + f" §{n}§"


def short_payload(n: int) -> str:
    """Hostile text for fields that take one word of at most 30 characters."""
    return f"§{n}§<b>W</b>{{{{7*7}}}}&amp;"


# Fields that only take one word (no spaces, at most 30 characters).
ONE_WORD = {("FeedbackResponse", "one_word")}


def name_payload(n: int) -> str:
    """Hostile text for officers' names: HTML, an entity, quotes and template syntax,
    in words of its own. Every part of a name that is distinctive enough is searched for
    in published text (``placements.privacy``), so a name must not share words with the
    payloads of published fields ("script", "Alcohol"...), as no real name does."""
    return f'§{n}§ <i>Ysolde</i> Quenby-Vantreight &amp; "O\'Dwyfor" {{{{ 8*8 }}}} §{n}§'


NAMES = {("Officer", "name")}


def markdown_shown(text: str) -> str:
    """What a reader sees of ``text`` in a field documented as Markdown.

    Markdown renders links (the ``javascript:`` target is dropped, the link text ``x``
    stays), character references (``&amp;`` shows as ``&``) and backslash escapes
    (``\\(`` shows as ``(``); everything else is shown as written.
    """
    shown = text.replace("[x](javascript:alert(1))", "x").replace("&amp;", "&")
    return shown.replace("\\(", "(").replace("\\)", ")")


@dataclass(frozen=True)
class Injected:
    """One injected field: its file, dotted field path, text, and whether it is Markdown."""

    path: str
    field: str
    text: str
    markdown: bool

    @property
    def number(self) -> int:
        """The value's number (its marker is ``§number§``)."""
        return int(self.text.split("§")[1])

    @property
    def shown(self) -> str:
        """The text a reader must see."""
        return markdown_shown(self.text) if self.markdown else self.text


def _unwrap(annotation: Any) -> tuple[Any, list[Any], bool]:
    """Return (bare type, Annotated metadata, optional) for ``annotation``."""
    metadata: list[Any] = []
    optional = False
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            args = typing.get_args(annotation)
            annotation = args[0]
            metadata.extend(args[1:])
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            optional = True
            annotation = options[0]
        else:
            return annotation, metadata, optional


def _is_text(annotation: Any, metadata: list[Any]) -> bool:
    if annotation is not str:
        return False
    return not any(getattr(m, "pattern", None) for m in metadata)


def _is_markdown(metadata: list[Any]) -> bool:
    """True when a ``Field(json_schema_extra=...)`` in ``metadata`` marks Markdown."""
    for m in metadata:
        extra = getattr(m, "json_schema_extra", None)
        if isinstance(extra, dict) and extra.get("contentMediaType") == "text/markdown":
            return True
    return False


def inject_data(
    cls: type[BaseModel], data: dict[str, Any], path: str, start: int = 1
) -> tuple[dict[str, Any], list[Injected]]:
    """Return ``data`` with a payload in every text field of ``cls``, and what was put where.

    Optional text fields and empty or absent lists of text are filled too; nested models
    and lists of models are walked. Numbers start at ``start``.
    """
    found: list[Injected] = []
    counter = [start]

    def text(field: str, markdown: bool, short: bool = False, name: bool = False) -> str:
        value = (name_payload if name else short_payload if short else payload)(counter[0])
        counter[0] += 1
        found.append(Injected(path, field, value, markdown))
        return value

    def walk(cls: type[BaseModel], data: dict[str, Any], prefix: str) -> dict[str, Any]:
        out = dict(data)
        for name, info in cls.model_fields.items():
            if (cls.__name__, name) in SKIP:
                continue
            where = f"{prefix}{name}"
            bare, metadata, _ = _unwrap(info.annotation)
            metadata = [*metadata, *info.metadata]
            if _is_text(bare, metadata):
                short = (cls.__name__, name) in ONE_WORD
                is_name = (cls.__name__, name) in NAMES
                out[name] = text(where, _is_markdown([*metadata, info]), short, is_name)
            elif typing.get_origin(bare) is list:
                item, item_meta, _ = _unwrap(typing.get_args(bare)[0])
                current = out.get(name) or []
                if _is_text(item, item_meta):
                    out[name] = [
                        text(f"{where}.{i}", _is_markdown(item_meta))
                        for i in range(max(1, len(current)))
                    ]
                elif isinstance(item, type) and issubclass(item, BaseModel):
                    out[name] = [
                        walk(item, element, f"{where}.{i}.") for i, element in enumerate(current)
                    ]
            elif isinstance(bare, type) and issubclass(bare, BaseModel) and name in out:
                out[name] = walk(bare, out[name], f"{where}.")
        return out

    return walk(cls, data, ""), found


def content_files(content: Path) -> Iterator[tuple[Path, type[BaseModel]]]:
    """Every content file under ``content`` with its model class."""
    for stem, cls in SINGLE_FILES.items():
        yield content / f"{stem}.yaml", cls
    for folder, cls in FOLDERS.items():
        for path in sorted((content / folder).glob("*.yaml")):
            yield path, cls


def inject(content: Path) -> list[Injected]:
    """Rewrite every file under ``content`` with a payload in each text field.

    Returns:
        every injected field, numbered across all files.
    """
    found: list[Injected] = []
    for path, cls in content_files(content):
        doc = read_yaml(path)
        assert isinstance(doc.data, dict), path
        data, items = inject_data(cls, doc.data, str(path.relative_to(content)), len(found) + 1)
        found += items
        path.write_text(_dump(data), encoding="utf-8")
    return found


def _dump(data: dict[str, Any]) -> str:
    class Dumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')

    def day(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.isoformat(), style='"')

    Dumper.add_representer(str, text)
    for kind in (__import__("datetime").date, __import__("datetime").time):
        Dumper.add_representer(kind, day)
    return yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)


# --- reading the outputs ------------------------------------------------------------


def flat(text: str) -> str:
    """``text`` with all whitespace removed and case folded, for robust comparison."""
    return re.sub(r"\s+", "", text).casefold()


def soup(path: Path) -> BeautifulSoup:
    """Parse an HTML file the way a browser does (html5lib)."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@functools.cache
def page_texts(path: Path) -> dict[str, str]:
    """:func:`html_texts` of the HTML file at ``path``, parsed once (cached)."""
    return html_texts(soup(path))


@functools.cache
def page_unsafe(path: Path) -> tuple[str, ...]:
    """:func:`unsafe_html` of the HTML file at ``path`` (cached)."""
    return tuple(unsafe_html(soup(path)))


def html_texts(page: BeautifulSoup) -> dict[str, str]:
    """The texts a reader sees on a page: body, document title, navigation, attributes."""
    for hidden in page.find_all(["script", "style", "template"]):
        hidden.decompose()
    title = page.title.get_text() if page.title else ""
    nav = " ".join(n.get_text(" ") for n in page.find_all("nav"))
    attrs = " ".join(
        # A title is shown by Material's tooltip as HTML (so the build escapes it twice):
        # the reader sees it decoded once more.
        html.unescape(str(v)) if k == "title" else str(v)
        for el in page.find_all(True)
        for k, v in el.attrs.items()
        if k in ("title", "alt", "aria-label", "content", "data-md-component")
    )
    return {"title": title, "nav": nav, "body": page.get_text(" "), "attributes": attrs}


def search_texts(site: Path) -> dict[str, str]:
    """Titles and texts of the search index, as the search results show them (HTML)."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        js = site / "search" / "search_index.js"
        raw = js.read_text(encoding="utf-8")
        raw = raw[raw.index("{") : raw.rindex("}") + 1]
    else:
        raw = index.read_text(encoding="utf-8")
    docs = json.loads(raw)["docs"]
    titles = " ".join(BeautifulSoup(d["title"], "html5lib").get_text(" ") for d in docs)
    texts = " ".join(BeautifulSoup(d["text"], "html5lib").get_text(" ") for d in docs)
    return {"search titles": titles, "search text": texts}


_FOOTER = re.compile(r"Page \d+ of \d+")


@functools.cache
def pdf_texts(path: Path) -> dict[str, str]:
    """Extracted page text, bookmark titles and the document title of a PDF (cached)."""
    reader = PdfReader(path)

    def titles(items: list[Any]) -> Iterator[str]:
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    meta = reader.metadata
    # Running footers ("Page 3 of 8") are extracted where a page ends, which may be in
    # the middle of a paragraph that runs on to the next page: drop them.
    pages = [_FOOTER.sub(" ", p.extract_text()) for p in reader.pages]
    return {
        "text": "\n".join(pages),
        "bookmarks": "\n".join(titles(reader.outline)),
        "title": (meta.title or "") if meta else "",
    }


def readable(path: Path) -> str:
    """Any site file as a reader or a crawler could read it.

    PDFs: extracted text, bookmarks and title; ``.gz``: decompressed; text files: HTML
    entities and JSON ``\\uXXXX`` escapes decoded.
    """
    if path.suffix == ".pdf":
        return " ".join(pdf_texts(path).values())
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    text = raw.decode("utf-8", errors="ignore")
    return html.unescape(re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m[1], 16)), text))


def check_text(text: str, items: list[Injected]) -> list[str]:
    """Return a message for every injected value whose marker occurs in ``text`` mangled.

    Wherever a value's marker ``§n§`` occurs, the whole value must follow it exactly as a
    reader should see it (whitespace and case aside).
    """
    flat_text = flat(text)
    failures = []
    for item in items:
        marker = flat(f"§{item.number}§")
        start = flat_text.find(marker)
        while start != -1:
            want = flat(item.shown)
            got = flat_text[start : start + len(want)]
            if got != want:
                failures.append(f"{item.path}: {item.field}: shown as {got!r}")
                break
            start = flat_text.find(marker, start + len(want))
    return failures


def markers(text: str) -> set[int]:
    """The numbers of every injected value whose marker occurs in ``text``."""
    return {int(m) for m in re.findall(r"§(\d+)§", text)}


def unsafe_html(page: BeautifulSoup) -> list[str]:
    """Elements or attributes in ``page`` that the payloads could have made run.

    Theme scripts are allowed (they have a ``src`` under ``assets/`` or are the theme's
    own inline configuration); any script mentioning ``alert``, any ``on*`` attribute, any
    ``javascript:`` URL, any ``<img src=x>`` or ``<b>`` made from the payload is reported.
    """
    found = []
    for script in page.find_all("script"):
        if "alert" in (script.string or "") or script.get("src") == "x":
            found.append(f"script: {script}")
    for el in page.find_all(True):
        for name, value in el.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{el.name} {name}=...>")
            if name.lower() in ("href", "src", "action", "formaction", "xlink:href") and (
                re.sub(r"\s", "", text).lower().startswith("javascript:")
            ):
                found.append(f"<{el.name} {name}={text!r}>")
        if el.name == "img" and el.get("src") == "x":
            found.append("<img src=x>")
        if el.name == "b" and el.get_text() == "Ward":
            found.append("<b>Ward</b>")
    return found
