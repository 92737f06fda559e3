"""Opening a file beneath a folder so that no race can lead outside it.

Checking a path (links resolved) and then opening it leaves a window: a parent folder swapped for a link
between the check and the ``open`` sends the read elsewhere. Here the folder is opened once, then each
component is opened relative to the descriptor of the previous one, with ``O_NOFOLLOW`` (and
``O_DIRECTORY`` for folders): a link at any level is refused at the moment it is met, whatever is renamed
meanwhile. What is read or written is therefore always a file reached from the folder's descriptor.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
DIRECTORY = getattr(os, "O_DIRECTORY", 0)
CLOEXEC = getattr(os, "O_CLOEXEC", 0)
NONBLOCK = getattr(os, "O_NONBLOCK", 0)
DIR_FLAGS = os.O_RDONLY | DIRECTORY | NOFOLLOW | CLOEXEC
DOSSIER_SUFFIXES = (".yaml", ".yml")


class HorsDossier(OSError):
    """The path leads out of the folder: a link, ``..``, or a component that is not a folder."""

    def __init__(self, raison: str, composant: str, cible: str = ""):
        super().__init__(errno.ELOOP, raison)
        self.raison = raison  # "lien", "parent", "pas_un_dossier", "autre_dossier"
        self.composant = composant  # the path, inside the folder, up to the offending component
        self.cible = cible  # where a link points (shown to the user; never followed)


def parts_of(relatif: str | PurePosixPath) -> tuple[str, ...]:
    """The components of a relative path; HorsDossier for ``..``, an absolute path or an empty name."""
    text = str(relatif).replace(os.sep, "/") if os.sep != "/" else str(relatif)
    if text.startswith("/"):
        raise HorsDossier("parent", text)
    parts = tuple(p for p in text.split("/") if p not in ("", "."))
    if not parts or ".." in parts or any("\x00" in p for p in parts):
        raise HorsDossier("parent", text)
    return parts


def _refuse_link(dir_fd: int, name: str, done: tuple[str, ...]) -> None:
    """Raise HorsDossier for ``name`` in ``dir_fd``, which could not be opened as a folder: a link (its target
    read, never followed), not a folder, or swapped meanwhile."""
    shown = "/".join((*done, name))
    try:
        info = os.stat(name, dir_fd=dir_fd, follow_symlinks=False)
    except OSError:
        raise HorsDossier("lien", shown) from None  # gone since: swapped meanwhile
    if stat.S_ISLNK(info.st_mode):
        try:
            cible = os.readlink(name, dir_fd=dir_fd)
        except OSError:
            cible = ""
        raise HorsDossier("lien", shown, cible)
    if not stat.S_ISDIR(info.st_mode):
        raise HorsDossier("pas_un_dossier", shown)
    raise HorsDossier("lien", shown)  # a folder now, a link when it was opened: swapped meanwhile


def holds_dossier(dir_fd: int) -> bool:
    """Whether the folder open at ``dir_fd`` holds a dossier file (a person's folder)."""
    try:
        with os.scandir(dir_fd) as entries:
            return any(
                e.name.lower().endswith(DOSSIER_SUFFIXES) and not e.name.startswith(".") and e.is_file()
                for e in entries
            )
    except OSError:
        return False


def _open_dir(dir_fd: int, name: str, done: tuple[str, ...], create: bool) -> int:
    try:
        return os.open(name, DIR_FLAGS, dir_fd=dir_fd)
    except FileNotFoundError:
        if not create:
            raise
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            _refuse_link(dir_fd, name, done)
        raise
    with suppress(FileExistsError):
        os.mkdir(name, 0o700, dir_fd=dir_fd)
    return _open_dir(dir_fd, name, done, False)


@contextmanager
def folder_beneath(
    root: Path, parts: tuple[str, ...], create: bool = False, foreign_dossiers: bool = True
) -> Iterator[int]:
    """The descriptor of ``root/parts…``, reached component by component without following any link.

    ``create`` makes missing folders (0700); ``foreign_dossiers=False`` refuses to go through a folder that
    holds a dossier file (another person's folder) below ``root``."""
    fd = os.open(root, os.O_RDONLY | DIRECTORY | CLOEXEC)
    try:
        for i, name in enumerate(parts):
            next_fd = _open_dir(fd, name, parts[:i], create)
            os.close(fd)
            fd = next_fd
            if not foreign_dossiers and holds_dossier(fd):
                raise HorsDossier("autre_dossier", "/".join(parts[: i + 1]))
        yield fd
    finally:
        os.close(fd)


def open_beneath(
    root: Path,
    relatif: str | PurePosixPath,
    flags: int = os.O_RDONLY,
    mode: int = 0o600,
    create_dirs: bool = False,
    foreign_dossiers: bool = True,
) -> int:
    """A descriptor of the file ``relatif`` beneath ``root``; no link followed at any level, no ``..``.

    Raises HorsDossier (a link, ``..``, another person's folder) or the OSError of the system."""
    parts = parts_of(relatif)
    with folder_beneath(root, parts[:-1], create_dirs, foreign_dossiers) as dir_fd:
        try:
            return os.open(parts[-1], flags | NOFOLLOW | CLOEXEC, mode, dir_fd=dir_fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                _refuse_link_final(dir_fd, parts)
            raise


def _refuse_link_final(dir_fd: int, parts: tuple[str, ...]) -> None:
    try:
        cible = os.readlink(parts[-1], dir_fd=dir_fd)
    except OSError:
        return
    raise HorsDossier("lien", "/".join(parts), cible)


def read_beneath(root: Path, relatif: str | PurePosixPath, limit: int | None = None) -> bytes | None:
    """The content of the regular file ``relatif`` beneath ``root`` (no link followed at any level), or
    None when it is missing, reached through a link, not a regular file, or larger than ``limit``."""
    try:
        fd = open_beneath(root, relatif, os.O_RDONLY | NONBLOCK)
    except (OSError, ValueError):
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode) or (limit is not None and info.st_size > limit):
            return None
        data = handle.read() if limit is None else handle.read(limit + 1)
    return None if limit is not None and len(data) > limit else data
