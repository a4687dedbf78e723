"""The site builds with no network and names no outside host for anything it loads."""

from __future__ import annotations

import socket

import pytest

from placements.build import Project, build_site


def test_site_builds_with_the_network_cut_off(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise OSError("network use during the build")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    build_site(project, project.site)
    assert not attempts
    assert (project.site / "index.html").is_file()
    assert (project.site / "search" / "search_index.js").is_file()  # offline search index
