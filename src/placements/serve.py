"""Live preview: MkDocs' own server, watching content/ (see ``watch:`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.commands.serve import serve as mkdocs_serve

from .build import Project


def serve(project: Project, *, dev_addr: str = "127.0.0.1:8000") -> None:
    """Serve the site at ``dev_addr`` until interrupted, rebuilding on every change.

    A content error during a rebuild is printed with its location and the last good
    site stays served; fixing the file rebuilds.
    """
    mkdocs_serve(config_file=str(project.root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
