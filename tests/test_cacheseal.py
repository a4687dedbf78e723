"""What the build keeps in dist/.cache is used again only while its seal matches.

The seventeenth security trial changed a cached leaflet PDF in place (a JavaScript
action run on opening) and the next build published it as it was.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from placements import cacheseal
from placements.build import Project, build


def _cached_copy_of(cache: Path, published: Path) -> Path:
    data = published.read_bytes()
    matches = [p for p in cache.rglob("*.pdf") if p.read_bytes() == data]
    assert len(matches) == 1, matches
    return matches[0]


def test_changed_cache_entries_are_made_again_not_published(project: Project) -> None:
    build(project)
    leaflet = project.site / "downloads" / "leaflet-a4.pdf"
    workbook = sorted((project.private / "2018-03-pilot").glob("so-*.pdf"))[0]
    before = {p: p.read_bytes() for p in (leaflet, workbook)}
    kept_leaflet = _cached_copy_of(project.root / "dist" / ".cache" / "pdf", leaflet)
    kept_workbook = _cached_copy_of(project.cache, workbook)
    (font,) = project.fonts.glob("*.ttf")
    font_before = font.read_bytes()
    doctored = b"\n1 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj\n"
    for kept in (kept_leaflet, kept_workbook, font):
        kept.write_bytes(kept.read_bytes() + doctored)

    build(project)

    for path, data in before.items():
        assert path.read_bytes() == data, path  # made again, identical to the first build
        assert b"JavaScript" not in path.read_bytes()
    assert font.read_bytes() == font_before


def test_a_cache_entry_without_a_seal_is_not_used(project: Project) -> None:
    build(project)
    leaflet = project.site / "downloads" / "leaflet-a4.pdf"
    kept = _cached_copy_of(project.root / "dist" / ".cache" / "pdf", leaflet)
    planted = b"%PDF-1.7 planted, with a seal file of its own making"
    kept.write_bytes(planted)
    kept.with_name(kept.name + cacheseal.SEAL).write_text("0" * 64, encoding="ascii")
    build(project)
    assert leaflet.read_bytes() != planted
    assert leaflet.read_bytes().startswith(b"%PDF-")


def test_seals_bind_bytes_kind_and_name(tmp_path: Path) -> None:
    kept = tmp_path / "ab" / "abcd.pdf"
    cacheseal.write_sealed(kept, b"%PDF-1.7 the real one", "pdf")
    assert cacheseal.read_sealed(kept, "pdf") == b"%PDF-1.7 the real one"
    assert cacheseal.read_sealed(kept, "font") is None  # another kind
    moved = kept.with_name("other.pdf")
    moved.write_bytes(kept.read_bytes())
    moved.with_name(moved.name + cacheseal.SEAL).write_bytes(
        kept.with_name(kept.name + cacheseal.SEAL).read_bytes()
    )
    assert cacheseal.read_sealed(moved, "pdf") is None  # another name
    kept.write_bytes(b"%PDF-1.7 the real one ")
    assert cacheseal.read_sealed(kept, "pdf") is None  # other bytes


@pytest.mark.parametrize("change", ["edit", "add", "remove", "link"])
def test_a_sealed_folder_is_checked_file_by_file(tmp_path: Path, change: str) -> None:
    folder = tmp_path / "entry"
    folder.mkdir()
    (folder / "so-01.pdf").write_bytes(b"one")
    (folder / "so-02.ics").write_bytes(b"two")
    cacheseal.seal_folder(folder, "cohort", "c/k")
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    if change == "edit":
        (copy / "so-01.pdf").write_bytes(b"One")
    elif change == "add":
        (copy / "so-03.pdf").write_bytes(b"three")
    elif change == "remove":
        (copy / "so-02.ics").unlink()
    else:
        (copy / "so-01.pdf").unlink()
        (copy / "so-01.pdf").symlink_to(folder / "so-01.pdf")
    assert not cacheseal.unseal_folder(copy, "cohort", "c/k")
    assert not (copy / cacheseal.SEAL).exists()


def test_an_unchanged_folder_copy_passes(tmp_path: Path) -> None:
    folder = tmp_path / "entry"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "a.pdf").write_bytes(b"a")
    cacheseal.seal_folder(folder, "cohort", "c/k")
    assert cacheseal.unseal_folder(folder, "cohort", "c/k")
    assert sorted(p.name for p in folder.rglob("*")) == ["a.pdf", "sub"]


def test_a_secret_others_can_read_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = tmp_path / "placements" / "cache-seal.key"
    monkeypatch.setattr(cacheseal, "secret_file", lambda: key)
    cacheseal._secret.cache_clear()
    try:
        assert cacheseal.available()
        assert (key.stat().st_mode & 0o777) == 0o600 and len(key.read_bytes()) == 32
        os.chmod(key, 0o644)
        cacheseal._secret.cache_clear()
        assert not cacheseal.available()
        target = tmp_path / "x.pdf"
        cacheseal.write_sealed(target, b"x", "pdf")
        assert not target.exists()  # nothing is kept without a private secret
    finally:
        cacheseal._secret.cache_clear()
