"""``placements check`` and ``placements build`` as plain functions.

A build is all or nothing: content is checked first and any error stops it before a
file is written; the site and the PDFs are then made in a staging folder and only moved
into place (``site/``, ``dist/cohorts/``) when everything has succeeded, so a failed
build leaves the previous outputs exactly as they were.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .cohorts import render_cohorts
from .content import Content, load_content
from .formfont import DEFAULT_FONTS, field_font
from .leaflet import SiteAddress, render_leaflets, site_address, site_url_problems
from .paths import child
from .pdf import PdfOptions, Renderer
from .privacy import roster_in_folder, roster_names
from .problems import BuildError, ContentError, Problem, Severity
from .reproducible import build_date, w3c
from .rules import check_rules
from .schedule import week_dates
from .workbooks import blank_workbook

LEAFLET_A4 = "leaflet-a4.pdf"  # every leaflet version: placements.leaflet.VERSIONS
BLANK_WORKBOOK = "workbook-blank.pdf"


@dataclass(frozen=True)
class Project:
    """Where a project's inputs and outputs are.

    Attributes:
        root: the folder holding ``mkdocs.yml``, ``content/`` and ``workbook/``.
    """

    root: Path

    INPUTS = ("mkdocs.yml", "content", "docs", "workbook", "hooks", "macros", "overrides")
    """What a project is made of (everything else in it is output or tooling)."""

    def copy_inputs(self, target: Path) -> Project:
        """Copy this project's inputs (not its outputs) into ``target``; return that project.

        Used by the tests and the benchmark scripts, so a new input folder is added once.
        """
        target.mkdir(parents=True, exist_ok=True)
        for part in self.INPUTS:
            src = self.root / part
            if src.is_dir():
                shutil.copytree(src, target / part, ignore=shutil.ignore_patterns("__pycache__"))
            elif src.exists():
                shutil.copy2(src, target / part)
        return Project(target)

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def templates(self) -> Path:
        return self.root / "workbook"

    @property
    def site(self) -> Path:
        """The public site (safe to publish)."""
        return self.root / "site"

    @property
    def private(self) -> Path:
        """Private per-cohort outputs with officers' names (never published)."""
        return self.root / "dist" / "cohorts"

    @property
    def reports(self) -> Path:
        """Private reports for the coordinator (never published)."""
        return self.root / "dist" / "reports"

    @property
    def cache(self) -> Path:
        """Finished cohorts kept between builds (private; outside what is published)."""
        return self.root / "dist" / ".cache" / "cohorts"

    @property
    def fonts(self) -> Path:
        """The form fields' font, made once (:mod:`placements.formfont`)."""
        return self.root / "dist" / ".cache" / "fonts"


@dataclass
class BuildResult:
    """What a build wrote: the public files, the private files, and any warnings."""

    public: list[Path] = field(default_factory=list)
    private: list[Path] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check(project: Project) -> tuple[Content | None, list[Problem]]:
    """Load the project's content and apply every rule.

    Returns:
        ``(content, problems)``: every problem in each file, then those of the
        cross-file rules; ``content`` is ``None`` when a file could not be validated.
    """
    content, problems = load_content(project.content, display_root=project.root)
    if content is not None:
        problems += check_rules(content)
    problems += site_url_problems(project.root / "mkdocs.yml")
    return content, problems


def build(project: Project, *, strict: bool = False) -> BuildResult:
    """Check the content, then build the site and every PDF, then publish them at once.

    Args:
        project: the project to build.
        strict: treat warnings as errors.

    Returns:
        A :class:`BuildResult` listing the files now in ``site/`` and ``dist/cohorts/``.

    Raises:
        ContentError: the content has errors (or warnings, when ``strict``); nothing
            was written.
        BuildError: the site or a PDF could not be made, an output is a symbolic link
            (:func:`refuse_linked_outputs`), or another build of the project is running
            (:func:`one_build_at_a_time`); nothing was published.
    """
    content, problems = check(project)
    if strict:
        problems = [p.as_error() for p in problems]
    if content is None or any(p.severity is Severity.ERROR for p in problems):
        raise ContentError(problems)
    refuse_linked_outputs(project)
    with one_build_at_a_time(project):
        return _build_checked(project, content, problems)


def _build_checked(project: Project, content: Content, problems: list[Problem]) -> BuildResult:
    """Stage, check for names, and publish; the caller holds the project's build lock."""
    staging_root = project.root / ".build-tmp"
    staging_root.mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=staging_root))
    try:
        site = staging / "site"
        private = staging / "cohorts"
        # Workbooks first, while this process is still small (before MkDocs and the
        # other PDFs): its memory and the workers' do not peak together.
        render_cohorts(
            content, project.templates, private, cache=project.cache, fonts=project.fonts
        )
        build_site(project, site)
        renderer = Renderer(project.templates, cache=project.root / "dist" / ".cache" / "pdf")
        address = site_address(project.root / "mkdocs.yml")
        render_public_pdfs(content, renderer, site / "downloads", address, project.fonts)
        # The whole public site, its PDFs included, is searched before anything is
        # published or any more private output is made.
        refuse_names(site, content)
        render_rotas(content, renderer, private)
        render_report(content, renderer, staging / "reports")
        _publish(site, project.site)
        _publish(private, project.private)
        _publish(staging / "reports", project.reports)
        renderer.prune_cache()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        with contextlib.suppress(OSError):
            staging_root.rmdir()
    return BuildResult(
        public=sorted(p for p in project.site.rglob("*") if p.is_file()),
        private=sorted(p for p in project.private.rglob("*") if p.is_file()),
        warnings=problems,
    )


def refuse_names(site: Path, content: Content) -> None:
    """Raise if any officer's name is anywhere in the built ``site`` folder.

    Raises:
        BuildError: naming each file and the cohort entry of the name found (never the
            name itself); see :func:`placements.privacy.roster_in_folder`.
    """
    leaks = roster_in_folder(site, roster_names(content))
    if leaks:
        raise BuildError("officers' names would be published in the site: " + "; ".join(leaks))


def build_site(project: Project, target: Path) -> None:
    """Run MkDocs (strict) for the project into ``target``.

    Raises:
        BuildError: MkDocs or a plugin failed, or warned in strict mode.
    """
    _quiet_mkdocs()
    errors = _ErrorLog()
    logging.getLogger("mkdocs").addHandler(errors)
    try:
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(target))
        mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        if not errors.text() and errors.warnings:
            # strict mode: MkDocs aborts (Abort is a SystemExit too) after warnings only
            raise BuildError(
                "the site could not be built: MkDocs warned, and the build allows no "
                "warnings: " + " ".join(errors.warnings)
            ) from None
        if not errors.text() and isinstance(exc, SystemExit):
            # mkdocs-macros exits (status 100) when a page it renders fails, after
            # printing the page and its error itself.
            raise BuildError(
                "the site could not be built: a page's template failed while rendering "
                f"(mkdocs-macros stopped with status {exc.code}; its message above names the page)"
            ) from None
        raise BuildError(f"the site could not be built: {errors.text() or exc}") from None
    except Exception as exc:  # a macro or template error surfaces as any exception
        raise BuildError(f"the site could not be built: {type(exc).__name__}: {exc}") from None
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)


class _ErrorLog(logging.Handler):
    """Keeps the errors and warnings MkDocs logs during one build (it raises without them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.warnings: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        kept = self.messages if record.levelno >= logging.ERROR else self.warnings
        kept.append(record.getMessage().strip())

    def text(self) -> str:
        return " ".join(m.strip() for m in self.messages)


def _quiet_mkdocs() -> None:
    """Show MkDocs warnings and errors (not its info lines) on standard error."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_placements", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        handler._placements = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def render_public_pdfs(
    content: Content,
    renderer: Renderer,
    folder: Path,
    address: SiteAddress | None = None,
    fonts: Path | None = None,
) -> list[Path]:
    """Write the public PDFs (every leaflet version, blank workbook) into ``folder``.

    ``address`` is where the site is published (for the leaflets' QR codes), or ``None``;
    ``fonts`` where the form fields' font is kept (default: the system's temporary
    folder; see :func:`placements.formfont.field_font`). Returns the paths written.
    """
    scheme = content.scheme
    return [
        *render_leaflets(content, renderer, folder, address),
        renderer.write(
            "workbook.html.j2",
            {
                "scheme": scheme,
                "workbooks": [blank_workbook(content)],
                "title": f"Community engagement workbook: {scheme.title}",
                "field_font": field_font(fonts or DEFAULT_FONTS).as_uri(),
            },
            folder / BLANK_WORKBOOK,
            PdfOptions(forms=True, tagged=True, variant="pdf/ua-1", date=w3c(build_date(content))),
        ),
    ]


@dataclass(frozen=True)
class RotaRow:
    """One officer-week on a service's rota: who, which week, first and last day, shift, buddy."""

    officer: str
    week: int
    first: date
    last: date
    shift: str
    buddy: str


def render_rotas(content: Content, renderer: Renderer, folder: Path) -> list[Path]:
    """Write one private rota per service per cohort: ``folder/<cohort-id>/rota-<slug>.pdf``.

    Each lists the officers placed with the service, their dates, shift and buddy role,
    for the service's manager. Only services with officers in the cohort get a rota.
    """
    written = []
    scheme = content.scheme
    for cohort_id, cohort in content.cohorts.items():
        rows: dict[str, list[RotaRow]] = {}
        for officer in cohort.officers:
            for allocation in sorted(officer.placements, key=lambda a: a.week):
                if allocation.service not in content.services:
                    continue
                days = week_dates(scheme, cohort, allocation.week)
                shift = (allocation.shift or scheme.placement.default_shift).label()
                rows.setdefault(allocation.service, []).append(
                    RotaRow(
                        officer.name, allocation.week, days[0], days[-1], shift, allocation.buddy
                    )
                )
        for slug, service_rows in sorted(rows.items()):
            written.append(
                renderer.write(
                    "rota.html.j2",
                    {
                        "scheme": scheme,
                        "service": content.services[slug],
                        "cohort": cohort,
                        "rows": sorted(service_rows, key=lambda r: (r.first, r.officer)),
                        "capacity": content.capacity(slug),
                        "hours": content.hours(slug).label(),
                    },
                    child(child(folder, cohort_id), f"rota-{slug}", ".pdf"),
                    PdfOptions(tagged=True),
                )
            )
    return written


EVALUATION_REPORT = "evaluation-report.pdf"


def render_report(content: Content, renderer: Renderer, folder: Path) -> Path:
    """Write the coordinator's evaluation report to ``folder/evaluation-report.pdf``.

    Figures per cohort (cohorts with too few responses are left out, as on the site)
    and overall, the ranked words, and only the comments marked ``publish_comment``.
    """
    from .charts import outcomes_chart_svg
    from .outcomes import MIN_PUBLISHED, cohort_figures, overall_figures, published_comments

    scheme = content.scheme
    labels = {m.id: m.label or m.question for m in scheme.outcome_measures}
    overall = overall_figures(scheme, content.cohorts)
    per_cohort = cohort_figures(scheme, content.cohorts)
    order = {cid: c.placement_start for cid, c in content.cohorts.items()}
    shown = sorted((f for f in per_cohort if f.publishable), key=lambda f: order[f.key])
    chart = outcomes_chart_svg(overall, labels, title="Share answering yes, all cohorts")
    return renderer.write(
        "report.html.j2",
        {
            "scheme": scheme,
            "overall": overall,
            "cohorts": shown,
            "hidden": len(per_cohort) - len(shown),
            "labels": labels,
            "chart_uri": "data:image/svg+xml;base64," + base64.b64encode(chart.encode()).decode(),
            "comments": published_comments(content.cohorts),
            "min_published": MIN_PUBLISHED,
        },
        folder / EVALUATION_REPORT,
        PdfOptions(tagged=True),
    )


def refuse_linked_outputs(project: Project) -> None:
    """Raise if an output folder, or anything in the build's cache, is a symbolic link.

    The build replaces ``site/``, ``dist/cohorts/`` and ``dist/reports/``, keeps and
    prunes files in ``dist/.cache/`` and stages its work in ``.build-tmp/``: through a
    link it would write, replace and delete wherever the link points (the thirteenth
    security trial deleted a folder outside the project through a link planted in
    ``dist/.cache/``). A link there is named before anything is written, and what it
    points at is left alone.

    Raises:
        BuildError: naming the first link found (relative to the project).
    """
    dist = project.root / "dist"
    cache = dist / ".cache"
    folders = [project.site, dist, project.private, project.reports, cache]
    links = [p for p in [*folders, project.root / ".build-tmp"] if p.is_symlink()]
    if not links and cache.is_dir():
        for folder, dirs, files in os.walk(cache):  # links to folders are not followed
            here = Path(folder)
            links += [here / name for name in sorted([*dirs, *files]) if (here / name).is_symlink()]
            if links:
                break
    if links:
        shown = links[0].relative_to(project.root).as_posix()
        raise BuildError(
            f"{shown} is a symbolic link; the build writes only into real folders inside "
            "the project (through a link it would write and delete wherever it points): "
            "remove the link"
        )


@contextlib.contextmanager
def one_build_at_a_time(project: Project) -> Iterator[None]:
    """Hold the project's build lock, and clear what killed builds left in ``.build-tmp/``.

    The lock is an exclusive ``flock`` on the project folder itself (released by the
    kernel when the process ends, however it ends). Holding it proves no other build is
    running, so every folder already in ``.build-tmp/`` is a dead build's staging (a
    build killed with SIGKILL, or a power cut, leaves officers' workbooks there) and is
    removed before this build stages anything.

    Raises:
        BuildError: another build of this project is running; nothing was written.
    """
    fd = os.open(project.root, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(
                "another build of this project is running; run this one when it has "
                "finished (nothing was written)"
            ) from None
        leftovers = project.root / ".build-tmp"
        if leftovers.is_dir():
            for dead in leftovers.iterdir():  # rmtree neither follows nor keeps links
                if dead.is_dir() and not dead.is_symlink():
                    shutil.rmtree(dead)
                else:
                    dead.unlink()
        yield
    finally:
        os.close(fd)  # releases the lock


def _publish(staged: Path, target: Path) -> None:
    """Move the finished ``staged`` folder to ``target``, replacing what was there."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except OSError:
        if old.exists() and not target.exists():
            os.replace(old, target)  # put the previous output back
        raise
    shutil.rmtree(old, ignore_errors=True)
