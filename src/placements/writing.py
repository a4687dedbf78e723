"""Writing files safely: a temporary file beside the target, then an atomic rename.

Every write is made relative to one open descriptor of the target's folder, and that
folder is reached one part at a time from a trusted starting folder (the project) with
``O_NOFOLLOW``: a folder swapped for a symbolic link between a check and the write
cannot send the file elsewhere (the sixteenth security trial did exactly that with
``renameat2(RENAME_EXCHANGE)`` in a loop while ``new-cohort`` ran).
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path

from .paths import UnsafePathError
from .problems import OutputExistsError

_FOLDER_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
_NEW_FILE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _link_refusal(path: Path) -> UnsafePathError:
    return UnsafePathError(
        f"{path} is a symbolic link; content files and folders must be real ones "
        "inside the project: nothing was written"
    )


def _open_part(parent_fd: int, name: str, shown: Path, *, create: bool) -> int:
    """Open folder ``name`` inside ``parent_fd`` without following a link; return its fd."""
    for _ in range(2):
        try:
            return os.open(name, _FOLDER_FLAGS, dir_fd=parent_fd)
        except FileNotFoundError:
            if not create:
                raise
            with contextlib.suppress(FileExistsError):  # made meanwhile: open it next time
                os.mkdir(name, 0o777, dir_fd=parent_fd)
        except OSError as exc:
            if exc.errno not in (errno.ELOOP, errno.ENOTDIR):
                raise
            if stat.S_ISLNK(os.stat(name, dir_fd=parent_fd, follow_symlinks=False).st_mode):
                raise _link_refusal(shown) from None
            raise UnsafePathError(f"{shown} is not a folder: nothing was written") from None
    return os.open(name, _FOLDER_FLAGS, dir_fd=parent_fd)


@contextlib.contextmanager
def opened_folder(folder: Path, within: Path, *, create: bool = False) -> Iterator[int]:
    """Yield a descriptor of ``folder``, reached from ``within`` without following links.

    ``within`` (the project, or the folder above) is trusted and opened as it is; every
    part of ``folder`` below it is opened with ``O_NOFOLLOW`` relative to the one above,
    so a part that is (or becomes, at any moment) a symbolic link is refused, never
    followed. With ``create``, missing parts are made (mode 0777 less the umask).

    Raises:
        UnsafePathError: a part is a symbolic link or not a folder, or ``folder`` is not
            inside ``within``; nothing has been written.
        FileNotFoundError: a part is missing and ``create`` is false.
    """
    try:
        parts = folder.absolute().relative_to(within.absolute()).parts
    except ValueError:
        raise UnsafePathError(f"{folder} is outside {within}: nothing was written") from None
    if ".." in parts:
        raise UnsafePathError(f"{folder} leaves {within}: nothing was written")
    fd = os.open(within, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    shown = within
    try:
        for part in parts:
            shown = shown / part
            child = _open_part(fd, part, shown, create=create)
            os.close(fd)
            fd = child
        yield fd
    finally:
        os.close(fd)


def _existing(folder_fd: int, name: str, shown: Path) -> os.stat_result | None:
    """The target's own status (a link is refused), or ``None`` if there is none."""
    try:
        status = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode):
        raise _link_refusal(shown)
    return status


@contextlib.contextmanager
def _temporary(folder_fd: int, name: str, text: str, mode: int | None) -> Iterator[str]:
    """Yield the name of a new hidden file in the folder holding ``text``, flushed to disk.

    The name is random and the file is created exclusively (``O_EXCL|O_NOFOLLOW``), so
    nothing already there, a planted link included, is ever opened. It is removed on the
    way out unless it has been renamed.
    """
    for _ in range(100):
        tmp = f".{name}.{secrets.token_hex(6)}.tmp"
        try:
            fd = os.open(tmp, _NEW_FILE_FLAGS, 0o666 if mode is None else 0o600, dir_fd=folder_fd)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 clashes of 48 random bits
        raise FileExistsError(errno.EEXIST, "no free temporary name", name)
    try:
        try:
            if mode is not None:
                os.fchmod(fd, mode)
            with os.fdopen(fd, "wb", closefd=False) as handle:
                handle.write(text.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())
        finally:
            os.close(fd)
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp, dir_fd=folder_fd)


def _default_within(path: Path, within: Path | None) -> Path:
    return within if within is not None else path.absolute().parent.parent


def replace_in_folder(folder_fd: int, name: str, text: str, shown: Path) -> None:
    """Replace file ``name`` in the open folder ``folder_fd`` with ``text`` (UTF-8), atomically.

    The new file keeps the old one's permission bits (a file that did not exist gets
    0666 less the umask, as an editor's would). ``shown`` is the path used in messages.

    Raises:
        UnsafePathError: the file is a symbolic link; nothing has been written.
    """
    status = _existing(folder_fd, name, shown)
    mode = stat.S_IMODE(status.st_mode) if status is not None else None
    with _temporary(folder_fd, name, text, mode) as tmp:
        os.replace(tmp, name, src_dir_fd=folder_fd, dst_dir_fd=folder_fd)
    os.fsync(folder_fd)  # the rename itself reaches the disk


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace the output file ``path`` with ``data`` so a reader never sees half a file.

    For the build's own outputs and cache (folders made as needed): the bytes go to a
    temporary file with a random name beside ``path`` (0666 less the umask, so
    published files stay readable), which is renamed over it and removed if anything
    fails. Content files are written with :func:`write_text_atomic` instead.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def read_text_nofollow(path: Path, *, within: Path | None = None) -> str:
    """The text (UTF-8, a byte order mark dropped) of ``path``, reached as
    :func:`write_text_atomic` reaches it: never through a symbolic link, even one swapped
    in after a check (a cohort file swapped for a link to a file outside the project
    would otherwise be copied into the project when it is written back).

    Raises:
        UnsafePathError: ``path`` or a folder below ``within`` is a symbolic link.
        FileNotFoundError: there is no such file.
    """
    with opened_folder(path.parent, _default_within(path, within)) as folder_fd:
        try:
            fd = os.open(path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder_fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _link_refusal(path) from None
            raise
        with os.fdopen(fd, "rb") as handle:
            return handle.read().decode("utf-8-sig")


def write_text_atomic(path: Path, text: str, *, within: Path | None = None) -> Path:
    """Replace ``path`` with ``text`` (UTF-8) so a reader never sees half a file; return ``path``.

    The text goes to a new temporary file with a unique name in the same folder
    (created exclusively, so no file or link of that name is followed), is flushed to
    disk, then renamed over ``path`` (``os.replace`` is atomic on one file system). All
    of it happens through one descriptor of the folder (:func:`opened_folder`), so the
    folder cannot be swapped for a link half-way.

    Args:
        within: the trusted folder the path is reached from (default: the folder above
            ``path``'s folder).

    Raises:
        UnsafePathError: ``path`` or a folder below ``within`` is a symbolic link.
    """
    with opened_folder(path.parent, _default_within(path, within)) as folder_fd:
        replace_in_folder(folder_fd, path.name, text, path)
    return path


def write_new_file(path: Path, text: str, *, within: Path | None = None) -> None:
    """Create ``path`` holding ``text`` (UTF-8), atomically and only if it does not exist.

    Missing folders are made. The text is written and flushed to a hidden temporary file
    in the same folder, then linked to ``path`` with ``link(2)``, which fails if ``path``
    exists: the file appears whole or not at all, and a file created meanwhile by someone
    else is never replaced (a rename would replace it). Everything is done relative to
    one descriptor of the folder (:func:`opened_folder`).

    Args:
        within: the trusted folder the path is reached from (default: the folder above
            ``path``'s folder).

    Raises:
        OutputExistsError: ``path`` already exists.
        UnsafePathError: it, or a folder below ``within``, is a symbolic link.
    """
    with opened_folder(path.parent, _default_within(path, within), create=True) as folder_fd:
        if _existing(folder_fd, path.name, path) is not None:
            raise OutputExistsError(f"{path} already exists; nothing was written")
        with _temporary(folder_fd, path.name, text, None) as tmp:
            try:
                os.link(
                    tmp,
                    path.name,
                    src_dir_fd=folder_fd,
                    dst_dir_fd=folder_fd,
                    follow_symlinks=False,
                )
            except FileExistsError:
                raise OutputExistsError(f"{path} already exists; nothing was written") from None
        os.fsync(folder_fd)


def round_trip_yaml():
    """Return a ruamel.yaml ``YAML`` object that keeps comments, order, quotes and layout.

    Indentation matches the shipped content files: mappings by 2 spaces, list items
    as ``  - `` under their key. Long lines are never re-wrapped.
    """
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml
