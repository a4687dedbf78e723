"""Live preview that survives mistakes: a broken save is reported, the last good site stays."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from placements.build import Project, check
from placements.serve import KEPT, Preview

CERT = "content/services/cert.yaml"
GOOD = "name: Community Enhanced Recovery Team\n"
BROKEN = 'name: "Community Enhanced Recovery Team\n'  # the quote is never closed
FIXED = "name: Community Enhanced Recovery Team, renamed\n"


def _edit(project: Project, old: str, new: str) -> None:
    path = project.root / CERT
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _line_of(project: Project, start: str) -> int:
    lines = (project.root / CERT).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


def test_content_error_keeps_the_served_site_and_reports_each_problem(
    project: Project, tmp_path: Path
) -> None:
    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("last good site", encoding="utf-8")
    _edit(project, GOOD, BROKEN)
    maple = project.content / "services" / "maple-ward.yaml"
    maple.write_text(maple.read_text(encoding="utf-8") + "summry: blue\n", encoding="utf-8")
    maple_line = len(maple.read_text(encoding="utf-8").splitlines())
    messages: list[str] = []
    assert Preview(project, served, messages.append).rebuild() is False
    # leave out warnings the shipped project gives anyway (e.g. mkdocs.yml's site_url)
    messages = [m for m in messages if not m.endswith("[warning]")]
    assert messages[2].startswith("2 errors, ")
    messages[2] = "2 errors"
    line = _line_of(project, "name:")
    assert messages == [
        f"{CERT}:{line}:7: YAML syntax error: a quote was opened and never closed; "
        "add the closing quote",
        f"content/services/maple-ward.yaml:{maple_line}:1: summry: unknown field; "
        "did you mean 'summary'? (got \"blue\")",
        "2 errors",
        KEPT,
    ]
    assert (served / "index.html").read_text(encoding="utf-8") == "last good site"
    assert sorted(p.name for p in served.iterdir()) == ["index.html"]


def test_first_build_with_errors_serves_a_page_listing_them(
    project: Project, tmp_path: Path
) -> None:
    _edit(project, "setting: community", "setting: <comunity>")
    messages: list[str] = []
    assert Preview(project, tmp_path / "served", messages.append).rebuild() is False
    page = (tmp_path / "served" / "index.html").read_text(encoding="utf-8")
    assert "Content has errors" in page
    assert "setting: expected lower-case letters" in page and "&lt;comunity&gt;" in page
    assert "<comunity>" not in page


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _page(html: str | None) -> str:
    """The page without the live-reload script's build counter."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", html or "")


def _wait(condition, what: str, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_serve_reports_a_broken_save_keeps_serving_and_rebuilds_when_fixed(
    project: Project,
) -> None:
    """End to end: `placements serve` in a subprocess, a file broken and fixed while it runs."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/services/cert.html"
    process = subprocess.Popen(
        [sys.executable, "-m", "placements", "serve", "--project", str(project.root)]
        + ["--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.extend(process.stderr), daemon=True)
    reader.start()
    try:
        _wait(lambda: "Community Enhanced Recovery Team" in (_get(url) or ""), "the first build")
        first = _get(url)

        _edit(project, GOOD, BROKEN)
        line = _line_of(project, "name:")
        located = f"{CERT}:{line}:7: YAML syntax error"
        _wait(lambda: any(located in e for e in err), "the located error")
        _wait(lambda: any(KEPT in e for e in err), "the kept-site line")
        assert _page(_get(url)) == _page(first)  # the last good page, still served

        _edit(project, BROKEN, FIXED)
        _wait(lambda: "Team, renamed" in (_get(url) or ""), "the rebuild after the fix")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    reader.join(timeout=5)
    assert not any("Traceback" in e for e in err), "".join(err)


def test_the_preview_refuses_a_site_holding_an_officers_name(
    project: Project, tmp_path: Path
) -> None:
    """The preview can be served to others (--dev-addr): it is searched like the build's site."""
    from placements.content import load_or_raise

    name = load_or_raise(project.content).cohorts["2018-03-pilot"].officers[0].name
    # Made by the template from pieces, so only the built site's scan can see it.
    pieces = " ".join(
        f'{{{{ ("{word[:-1]}" ~ "#") | replace("#", "{word[-1]}") }}}}' for word in name.split()
    )
    page = project.root / "docs" / "workbook.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{pieces}\n", encoding="utf-8")
    _, problems = check(project)
    assert not [p for p in problems if p.path.startswith("docs/")]
    served = tmp_path / "served"
    served.mkdir()
    (served / "index.html").write_text("last good site", encoding="utf-8")
    messages: list[str] = []
    assert Preview(project, served, messages.append).rebuild() is False
    assert any("officers' names would be published" in m for m in messages), messages
    assert not any(name in m for m in messages)
    assert sorted(p.name for p in served.iterdir()) == ["index.html"]
