"""Seals on what the build keeps between builds, so a changed cache entry is never used.

The build keeps finished PDFs (``dist/.cache/pdf``), each cohort's workbooks
(``dist/.cache/cohorts``) and the form fields' font (``dist/.cache/fonts``), and a later
build publishes or hands them out as they are. Anyone who can write in the project can
change them: the seventeenth security trial added a JavaScript action to a cached leaflet
and the next build published it. So every entry carries a seal, an HMAC-SHA-256 of what
kind of entry it is, its name and its bytes, keyed by a secret kept outside the project
(in the user's cache folder, readable by them alone); an entry whose seal is missing or
does not match is not used, and is made again.

Source: RFC 2104 (HMAC) through Python's :mod:`hmac`; the secret's folder from
:mod:`platformdirs` (``~/.cache/placements`` on Linux).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

import platformdirs

from .writing import write_bytes_atomic

SEAL = ".seal"
"""Suffix of a file's seal (``<name>.pdf.seal``), and a folder's seal file name."""

_SECRET_BYTES = 32


def secret_file() -> Path:
    """Where the sealing secret is kept: ``<user cache folder>/placements/cache-seal.key``."""
    return platformdirs.user_cache_path("placements") / "cache-seal.key"


@functools.cache
def _secret() -> bytes | None:
    """The user's sealing secret (32 random bytes), made on first use; ``None`` if it
    cannot be read or made, or others could read or change it (then nothing is cached)."""
    path = secret_file()
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            _make_secret(path)
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        try:
            status = os.fstat(fd)
            data = os.read(fd, _SECRET_BYTES + 1)
        finally:
            os.close(fd)
    except OSError:
        return None
    private = status.st_uid == os.getuid() and not status.st_mode & (stat.S_IRWXG | stat.S_IRWXO)
    return data if private and len(data) == _SECRET_BYTES else None


def _make_secret(path: Path) -> None:
    """Write a new secret to ``path`` whole (a temporary file linked into place), or raise
    ``FileExistsError`` if another process made one first."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(_SECRET_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def available() -> bool:
    """Whether entries can be sealed (the secret could be read or made)."""
    return _secret() is not None


def _tag(kind: str, name: str, data: bytes) -> str:
    secret = _secret()
    if secret is None:
        raise OSError("the cache's sealing secret is not available")
    message = kind.encode() + b"\0" + name.encode() + b"\0" + data
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def _read(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a regular file (a link is not followed)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def write_sealed(path: Path, data: bytes, kind: str) -> None:
    """Keep ``data`` at ``path`` with its seal beside it (``<path>.seal``).

    ``kind`` names the cache (``"pdf"``, ``"font"``): an entry is never accepted as
    another kind's. Folders are made as needed; both files are written whole (a
    temporary file renamed into place). Does nothing when sealing is unavailable.
    """
    if not available():
        return
    write_bytes_atomic(path, data)
    write_bytes_atomic(path.with_name(path.name + SEAL), _tag(kind, path.name, data).encode())


def read_sealed(path: Path, kind: str) -> bytes | None:
    """The bytes kept at ``path`` if its seal matches them, else ``None`` (a miss).

    The bytes returned are the ones checked: use them, not the file, which may change.
    """
    if not available():
        return None
    data, seal = _read(path), _read(path.with_name(path.name + SEAL))
    if data is None or seal is None:
        return None
    return data if hmac.compare_digest(seal, _tag(kind, path.name, data).encode()) else None


def _manifest(folder: Path) -> bytes | None:
    """Every file below ``folder`` but its seal, as ``path\\0sha256\\n`` lines in order;
    ``None`` if anything there is neither a folder nor a regular file (a link)."""
    lines = []
    for here, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = Path(here) / name
            mode = path.lstat().st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                return None
            if stat.S_ISREG(mode) and path != folder / SEAL:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                lines.append(f"{path.relative_to(folder).as_posix()}\0{digest}\n")
    return "".join(sorted(lines)).encode()


def seal_folder(folder: Path, kind: str, name: str) -> None:
    """Write ``folder/.seal`` covering every file in ``folder`` (names and bytes).

    ``name`` is the entry's name in its cache (e.g. ``<cohort-id>/<key>``), so an
    entry moved to another name does not match. Does nothing when sealing is
    unavailable.
    """
    manifest = _manifest(folder)
    if available() and manifest is not None:
        write_bytes_atomic(folder / SEAL, _tag(kind, name, manifest).encode())


def unseal_folder(folder: Path, kind: str, name: str) -> bool:
    """Whether ``folder`` (a copy of a cache entry) holds exactly what its seal covers.

    The seal file is removed from ``folder`` either way, so the copy can be used as
    it is when this returns true. Check the copy, not the cache entry: the copy
    cannot change after it has been checked.
    """
    seal = _read(folder / SEAL)
    (folder / SEAL).unlink(missing_ok=True)
    manifest = _manifest(folder)
    if seal is None or manifest is None or not available():
        return False
    return hmac.compare_digest(seal, _tag(kind, name, manifest).encode())
