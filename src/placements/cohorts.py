"""Every cohort's private outputs, fast and cached.

For each cohort ``<id>`` this writes into ``<folder>/<id>/``:

- ``<officer-id>.pdf``: the officer's fillable, tagged workbook;
- ``<officer-id>.ics``: the officer's calendar (:mod:`placements.ical`);
- ``<id>-all.pdf``: every officer's workbook in one file for printing double-sided, each
  officer starting on a right-hand (odd) page, for printing double-sided.

How it stays fast at cohort scale:

- **Laid out once.** Officers are split into a few chunks; each chunk is laid out as one
  WeasyPrint document and every officer's PDF is written from that layout's pages
  (``Document.copy(pages)``, which keeps the pages' form fields, links and bookmarks).
  Each officer's part restarts the page counter, so "Page x of y" counts that officer's
  pages, wherever they are laid out.
- **Both cores.** Chunks of every cohort run in a process pool (one worker per CPU, at
  most :data:`MAX_WORKERS`), started from a ``forkserver`` that has imported only this
  module, so workers do not carry the caller's memory.
- **Combined PDF without a second layout.** ``<id>-all.pdf`` is put together from the
  officers' finished PDFs with pikepdf (qpdf), adding a blank page after any officer
  whose part has an odd number of pages. Their form fields come along (their names are
  unique in the cohort, ``<officer-id>-...``; checked by the tests), and so do their
  bookmarks. It is *not* tagged: page copying does not carry structure trees, and this
  file is the coordinator's print stack; each officer's own PDF is the tagged,
  accessible one. (pypdf does the same join about ten times slower.)
- **Cached.** A cohort whose inputs (its model data, the scheme and its services, every
  file in ``workbook/``, this package's source, the libraries' versions and the build
  date) hash to a key seen before is copied from ``<cache>/<id>/<key>/`` instead of
  being rendered again, if the copy matches the entry's seal (:mod:`placements.cacheseal`:
  workbooks changed in the cache by hand are made again). The cache lives outside the
  published folders.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import pikepdf

from . import cacheseal
from .content import Content
from .formfont import DEFAULT_FONTS, field_font
from .ical import officer_calendar
from .paths import child
from .pdf import PdfOptions, Renderer, write_document
from .problems import BuildError
from .reproducible import build_date, w3c
from .workbooks import officer_workbook
from .writing import write_bytes_atomic

WORKBOOK_TEMPLATE = "workbook.html.j2"
MAX_WORKERS = 2
"""Worker processes at most: the machines this runs on have two cores."""
CHUNK_OFFICERS = 4
"""Officers laid out together in one document at most (bounds a worker's memory: about
20 MB of layout per officer)."""

_LIBRARIES = ("weasyprint", "pydyf", "pikepdf", "icalendar", "jinja2")


@dataclass(frozen=True)
class _Chunk:
    cohort_id: str
    officer_ids: tuple[str, ...]
    folder: str


# What _render_chunk works from: set in this process, or in each worker by _init_worker.
_STATE: dict[str, object] = {}


def _init_worker(content: Content, templates: Path, date: str, field_font: str) -> None:
    _STATE.update(content=content, templates=templates, date=date, field_font=field_font)


def combined_name(cohort_id: str) -> str:
    """Return the file name of a cohort's combined print PDF: ``<cohort-id>-all.pdf``."""
    return f"{cohort_id}-all.pdf"


def cohort_key(
    content: Content, cohort_id: str, templates: Path, stamp: datetime, field_font: Path
) -> str:
    """Return a hex SHA-256 of everything that goes into ``cohort_id``'s outputs.

    Hashed: the cohort (less its ``feedback``, which no workbook shows), the scheme, the
    induction file, the services the cohort uses (as validated model data), every file
    under ``templates``, the form fields' font file, this package's Python source, the
    versions of the libraries that write the files, and ``stamp`` (the build date).
    """
    cohort = content.cohorts[cohort_id]
    h = hashlib.sha256()

    def part(label: str, data: bytes) -> None:
        h.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    # Feedback collected after the placement is not in the workbooks or calendars.
    part("cohort", cohort_id.encode() + cohort.model_dump_json(exclude={"feedback"}).encode())
    part("scheme", content.scheme.model_dump_json().encode())
    part("induction", content.induction.model_dump_json().encode())
    slugs = sorted({a.service for o in cohort.officers for a in o.placements})
    for slug in slugs:
        service = content.services.get(slug)
        part(f"service:{slug}", service.model_dump_json().encode() if service else b"")
    for path in sorted(p for p in templates.rglob("*") if p.is_file()):
        part(f"template:{path.relative_to(templates).as_posix()}", path.read_bytes())
    part("field-font", field_font.read_bytes())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        part(f"source:{path.name}", path.read_bytes())
    for lib in _LIBRARIES:
        part(f"lib:{lib}", version(lib).encode())
    part("date", w3c(stamp).encode())
    return h.hexdigest()


def render_cohorts(
    content: Content,
    templates: Path,
    folder: Path,
    *,
    cache: Path | None = None,
    fonts: Path | None = None,
    workers: int | None = None,
    progress: bool = True,
) -> list[Path]:
    """Write every cohort's workbooks, calendars and combined PDF into ``folder/<id>/``.

    Args:
        content: validated content.
        templates: the ``workbook/`` folder (templates and print CSS).
        folder: where cohort folders are written (a staging folder during a build).
        cache: a folder to keep finished cohorts in between builds (outside any
            published folder), or ``None`` for no cache.
        fonts: where the form fields' font is kept between builds
            (:func:`placements.formfont.field_font`); default: the system's
            temporary folder.
        workers: worker processes; default: the CPUs available, at most
            :data:`MAX_WORKERS`. ``1`` renders in this process.
        progress: show a progress bar on standard error when rendering takes more than
            a second (and standard error is a terminal).

    Returns:
        The files written, sorted.

    Raises:
        BuildError: a template or WeasyPrint failed (see :class:`Renderer`).
        UnsafePathError: a cohort or officer id is not a safe file name (checked before
            anything is rendered).
    """
    for cohort_id, cohort in content.cohorts.items():  # every file name proven safe first
        for officer in cohort.officers:
            child(child(folder, cohort_id), officer.id, ".pdf")
    stamp = build_date(content)
    font = field_font(fonts or DEFAULT_FONTS)
    folder.mkdir(parents=True, exist_ok=True)
    todo: list[tuple[str, Path | None]] = []
    for cohort_id in content.cohorts:
        out = child(folder, cohort_id)
        entry = None
        if cache is not None:
            entry = cache / cohort_id / cohort_key(content, cohort_id, templates, stamp, font)
            if entry.is_dir():
                # the copy is checked against the entry's seal, and used only if it
                # matches: workbooks changed in the cache by hand are made again
                shutil.copytree(entry, out)
                if cacheseal.unseal_folder(out, "cohort", _entry_name(entry)):
                    continue
                shutil.rmtree(out)
        todo.append((cohort_id, entry))
    chunks = [
        _Chunk(cohort_id, ids, str(folder / cohort_id))
        for cohort_id, _ in todo
        for ids in _split([o.id for o in content.cohorts[cohort_id].officers])
    ]
    if chunks:
        _render_chunks(content, templates, chunks, stamp, font, workers, progress)
    if cache is not None and cache.is_dir():  # forget cohorts that no longer exist
        for stale in cache.iterdir():
            if stale.name not in content.cohorts:
                shutil.rmtree(stale, ignore_errors=True)
    for cohort_id, entry in todo:
        cohort = content.cohorts[cohort_id]
        out = folder / cohort_id
        for officer in cohort.officers:
            write_bytes_atomic(
                out / f"{officer.id}.ics",
                officer_calendar(content, cohort_id, cohort, officer, stamp),
            )
        combine_workbooks(
            [out / f"{o.id}.pdf" for o in cohort.officers],
            out / combined_name(cohort_id),
            title=f"Community engagement workbooks: {cohort.name}",
            date=stamp,
        )
        if entry is not None:
            _store(out, entry)
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _split(ids: list[str]) -> list[tuple[str, ...]]:
    """Split a cohort's officers into a multiple of MAX_WORKERS near-equal chunks."""
    n = MAX_WORKERS * -(-len(ids) // (MAX_WORKERS * CHUNK_OFFICERS))
    n = max(1, min(n, len(ids)))
    size = -(-len(ids) // n)
    return [tuple(ids[i : i + size]) for i in range(0, len(ids), size)]


def _render_chunks(
    content: Content,
    templates: Path,
    chunks: list[_Chunk],
    stamp: datetime,
    font: Path,
    workers: int | None,
    progress: bool,
) -> None:
    total = sum(len(c.officer_ids) for c in chunks)
    n = workers or min(MAX_WORKERS, len(os.sched_getaffinity(0)))
    n = max(1, min(n, len(chunks)))
    state = (content, templates, w3c(stamp), font.as_uri())
    _init_worker(*state)
    bar = _progress(total, progress)
    try:
        if n == 1:
            for chunk in chunks:
                bar(_render_chunk(chunk))
            return
        # Workers start from a small server process that has imported only this module
        # (not MkDocs, the planner or whatever the caller has loaded): less memory each.
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        with concurrent.futures.ProcessPoolExecutor(
            n, mp_context=ctx, initializer=_init_worker, initargs=state
        ) as pool:
            futures = [pool.submit(_render_chunk, c) for c in chunks]
            for future in concurrent.futures.as_completed(futures):
                bar(future.result())
    finally:
        bar(None)
        _STATE.clear()


def _progress(total: int, enabled: bool) -> Callable[[int | None], None]:
    """Return ``advance(n)``: a tqdm bar on stderr shown after one second; ``None`` closes."""
    from tqdm import tqdm

    bar = tqdm(
        total=total,
        unit="workbook",
        desc="Workbooks",
        delay=1.0,
        disable=None if enabled else True,
        leave=False,
    )

    def advance(n: int | None) -> None:
        if n is None:
            bar.close()
        else:
            bar.update(n)

    return advance


def _render_chunk(chunk: _Chunk) -> int:
    """Lay out one chunk of officers once; write each officer's PDF from its pages.

    Runs in a worker process (or in-process); returns the number of officers written.
    """
    content: Content = _STATE["content"]  # type: ignore[assignment]
    templates: Path = _STATE["templates"]  # type: ignore[assignment]
    date: str = _STATE["date"]  # type: ignore[assignment]
    cohort = content.cohorts[chunk.cohort_id]
    officers = {o.id: o for o in cohort.officers}
    books = [officer_workbook(content, cohort, officers[i]) for i in chunk.officer_ids]
    renderer = Renderer(templates)
    doc = renderer.document(
        WORKBOOK_TEMPLATE,
        {
            "scheme": content.scheme,
            "workbooks": books,
            "title": cohort.name,
            "field_font": _STATE["field_font"],
        },
    )
    folder = Path(chunk.folder)
    for book, (first, last) in zip(books, officer_page_ranges(doc, books), strict=True):
        write_document(
            doc.copy(doc.pages[first : last + 1]),
            folder / f"{book.key}.pdf",
            PdfOptions(
                forms=True,
                tagged=True,
                title=f"Community engagement workbook: {book.officer}",
                date=date,
            ),
        )
    return len(books)


def officer_page_ranges(doc: object, books: list) -> list[tuple[int, int]]:
    """Return each workbook's ``(first, last)`` page index in a laid-out document.

    A workbook starts on the page holding the anchor ``wb-<key>`` (its cover) and ends on
    the page holding ``end-<key>`` (the template puts both there).

    Raises:
        BuildError: an anchor is missing (the template lost it).
    """
    where: dict[str, int] = {}
    for index, page in enumerate(doc.pages):  # type: ignore[attr-defined]
        for anchor in page.anchors:
            where.setdefault(anchor, index)
    ranges = []
    for book in books:
        try:
            ranges.append((where[f"wb-{book.key}"], where[f"end-{book.key}"]))
        except KeyError as exc:
            raise BuildError(f"workbook/{WORKBOOK_TEMPLATE}: anchor {exc} missing") from None
    return ranges


def combine_workbooks(parts: list[Path], target: Path, *, title: str, date: datetime) -> Path:
    """Join officers' workbook PDFs into one print PDF, each part starting on an odd page.

    A blank page follows any part with an odd number of pages, so double-sided printing
    never puts one officer's cover on the back of another's last page. Form fields (their
    names must be unique across parts; pikepdf would rename clashes), bookmarks and links
    are kept; the result is not tagged (see the module docstring). Written atomically;
    the same inputs give the same bytes (the file identifier is a hash of the content).

    Args:
        parts: the officers' PDFs, in roster order.
        target: the file to write.
        title: the document title (PDF metadata).
        date: creation and modification date (the build's fixed date, UTC).

    Returns:
        ``target``.
    """
    out = pikepdf.new()
    for part in parts:
        with pikepdf.open(part) as src:
            out.add_pages_from(src, forms="preserve", outlines="preserve")
            if len(src.pages) % 2:
                box = src.pages[-1].mediabox
                out.add_blank_page(page_size=(float(box[2]), float(box[3])))
    stamp = "D:" + date.strftime("%Y%m%d%H%M%SZ")
    out.docinfo["/Title"] = title
    out.docinfo["/CreationDate"] = stamp
    out.docinfo["/ModDate"] = stamp
    out.Root.Lang = pikepdf.String("en-GB")
    out.Root.PageMode = pikepdf.Name.UseOutlines
    out.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
    if "/AcroForm" in out.Root:
        out.Root.AcroForm.NeedAppearances = True
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    out.save(
        tmp,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,  # copy page streams as they are
    )
    out.close()
    os.replace(tmp, target)
    return target


def _entry_name(entry: Path) -> str:
    """A cohort cache entry's name as its seal covers it: ``<cohort-id>/<key>``."""
    return f"{entry.parent.name}/{entry.name}"


def _store(out: Path, entry: Path) -> None:
    """Keep ``out`` as cache ``entry``, replacing older entries of the same cohort."""
    entry.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=".new-"))
    shutil.copytree(out, tmp, dirs_exist_ok=True)
    cacheseal.seal_folder(tmp, "cohort", _entry_name(entry))
    for old in entry.parent.iterdir():
        if old != tmp:
            shutil.rmtree(old, ignore_errors=True)
    os.replace(tmp, entry)
