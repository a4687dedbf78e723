"""Live preview that survives mistakes: MkDocs' live-reload server with our own builder.

MkDocs 1.6's ``mkdocs serve`` is not used as is: when a rebuild fails (our content
loader raises ``PluginError`` from ``on_config``), it prints a traceback and the server
then holds every request until a build succeeds ("the server will appear stuck"),
so the coordinator sees neither the error clearly nor the site. Here each rebuild:

1. checks the content first; on errors it prints every problem on its own line
   (``path:line:col: field: message (got value)``) and the summary, writes nothing
   and returns normally, so the last good site stays served;
2. otherwise builds the site into a staging folder and swaps it in only when MkDocs
   has finished, so a page that fails half-way never replaces a good one.

Saving the fixed file triggers the next rebuild. The preview serves the HTML site
only; the PDFs are made by ``placements build``.
"""

from __future__ import annotations

import errno
import html
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from .build import Project, _publish, _quiet_mkdocs, build_site, check, refuse_names
from .problems import BuildError, Problem, Severity, summary

KEPT = "the preview still shows the last good site; fix the file and save it to rebuild"
"""The line printed after a failed rebuild."""


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


class Preview:
    """Builds the site for the preview server, keeping the last good one on failure.

    Attributes:
        project: the project being previewed.
        served: the folder the server serves from (replaced whole on each good build).
        report: called with each message for the coordinator (default: standard error).
    """

    def __init__(
        self, project: Project, served: Path, report: Callable[[str], None] = _stderr
    ) -> None:
        self.project = project
        self.served = served
        self.report = report

    def rebuild(self) -> bool:
        """Check, then build and swap in the site; return whether the site was replaced.

        Never raises for bad content or a failed MkDocs build: both are reported.
        """
        content, problems = check(self.project)
        if content is None or any(p.severity is Severity.ERROR for p in problems):
            self._report_problems(problems)
            if not self.served.exists():
                self._placeholder(problems)
            self.report(KEPT)
            return False
        staging = Path(tempfile.mkdtemp(prefix="build-", dir=self.served.parent))
        try:
            build_site(self.project, staging / "site")
            refuse_names(staging / "site", content)  # the preview may be seen by others
        except BuildError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            self.report(f"error: {exc}")
            self.report(KEPT)
            return False
        _publish(staging / "site", self.served)
        shutil.rmtree(staging, ignore_errors=True)
        if problems:
            self._report_problems(problems)
        self.report("site rebuilt")
        return True

    def _report_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.report(problem.format())
        self.report(summary(problems))

    def _placeholder(self, problems: list[Problem]) -> None:
        """Serve a page listing the problems when there has never been a good build."""
        self.served.mkdir(parents=True, exist_ok=True)
        items = "".join(f"<li><code>{html.escape(p.format())}</code></li>" for p in problems)
        (self.served / "index.html").write_text(
            "<!doctype html><html lang='en'><meta charset='utf-8'><title>Content has errors"
            f"</title><body><h1>Content has errors</h1><ul>{items}</ul>"
            "<p>Fix them and save; this page reloads.</p></body></html>",
            encoding="utf-8",
        )


def serve(project: Project, *, dev_addr: str = "127.0.0.1:8000") -> None:
    """Serve the site at ``dev_addr`` (``host:port``) until interrupted, rebuilding on save.

    Watches ``mkdocs.yml``, the docs folder and every path under ``watch:`` in
    ``mkdocs.yml`` (``content/``, ``macros/``, ``workbook/``). A content error during a
    rebuild is printed with its location and the last good site stays served; fixing
    the file rebuilds.

    Raises:
        BuildError: ``mkdocs.yml`` itself cannot be read, or the address is taken.
    """
    _quiet_mkdocs()
    host, _, port = dev_addr.rpartition(":")
    try:
        config = load_config(str(project.root / "mkdocs.yml"))
    except BaseException as exc:  # MkDocs reports a bad config file as SystemExit
        raise BuildError(f"mkdocs.yml could not be read: {exc}") from None
    work = Path(tempfile.mkdtemp(prefix="placements-serve-"))
    # Stopped with SIGTERM (not only Ctrl+C), the preview still removes its folder.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    preview = Preview(project, work / "site")
    server = LiveReloadServer(
        builder=preview.rebuild, host=host or "127.0.0.1", port=int(port), root=str(work / "site")
    )
    try:
        preview.rebuild()
        server.watch(str(project.root / "mkdocs.yml"))
        server.watch(config.docs_dir)
        for path in config.watch:
            server.watch(path)
        _stderr(f"Serving on {server.url} (Ctrl+C to stop)")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        except OSError as exc:
            if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
                raise
            raise BuildError(
                f"cannot serve on {dev_addr}: {exc.strerror}; choose another address with "
                "--dev-addr, e.g. --dev-addr 127.0.0.1:8001"
            ) from None
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM handler: stop the server as Ctrl+C would, so clean-up runs."""
    raise KeyboardInterrupt
