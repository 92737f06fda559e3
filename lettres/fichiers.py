"""Files the tool writes: atomically, readable by their owner only.

Temporary folders that hold personal data — a dossier's documents being written, the copies given
to LibreOffice — removed when their work ends and, after a ``kill -9`` or a power cut, by the next run.

The process working in such a folder holds a lock on it (``flock``) for as long as it works there; a
later run removes the folders of the same kind that no process holds. A folder only just created,
not yet locked, is still empty (nothing is written before the lock is taken): an empty folder is
left alone unless it is old, so that the cleanup never removes the folder of a run that is starting.
Without ``flock`` (Windows), only folders older than a day are removed.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents, each 0700 from its creation (``mkdir(parents=True)``
    gives the parents the default mode: a folder named after a person, listed to every user)."""
    missing = []
    current = Path(folder)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_DIR)
        except FileExistsError:
            if not path.is_dir():
                raise
    if not Path(folder).is_dir():
        raise NotADirectoryError(20, "Not a directory", str(folder))


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a file.

    ``sync=False`` skips the flush to disk, for files written inside a staging folder that is itself
    renamed into place once complete (batches). A full disk or a read-only folder is a French error."""
    from lettres.erreurs import EcritureImpossible

    try:
        make_private_dirs(path.parent)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise EcritureImpossible.de(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise EcritureImpossible.de(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, data: bytes, sync: bool = True) -> None:
    """Create a file readable by its owner only, which must not exist yet.

    For the files of a fresh private staging folder (``documents.sortie.output_folder``): the folder is
    renamed into place once complete, so each file needs no temporary name of its own."""
    from lettres.erreurs import EcritureImpossible

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        try:
            fd = os.open(path, flags, PRIVATE_FILE)
        except FileNotFoundError:
            make_private_dirs(path.parent)
            fd = os.open(path, flags, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except OSError as exc:  # the staging folder is removed by its owner: nothing half-written stays
        raise EcritureImpossible.de(path, exc) from None


def copy_private(source: Path, target: Path) -> None:
    """Copy a file, readable by its owner only."""
    with open(source, "rb") as handle:
        write_atomic(target, handle.read())


# --- temporary folders: locked while in use, removed by the next run when abandoned ---------------

VIDE_ABANDONNE = 3600.0  # seconds: an empty folder this old was left by a run killed as it started
SANS_VERROU_ABANDONNE = 86400.0  # without flock, a day


@contextmanager
def verrouille(path: Path) -> Iterator[None]:
    """Hold the lock of the folder ``path`` while the block runs (it may be renamed meanwhile)."""
    if fcntl is None:
        yield
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


@contextmanager
def dossier_provisoire(parent: Path, prefix: str) -> Iterator[Path]:
    """A new private folder in ``parent``, locked and removed when the block ends."""
    path = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    try:
        with verrouille(path):
            yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _abandonne(path: Path, vides: bool = False) -> bool:
    """Whether no process works in ``path`` any more (and it holds something, or it is old, or
    ``vides``: empty folders count too)."""
    try:
        age = time.time() - path.stat().st_mtime
    except OSError:
        return False
    if fcntl is None:
        return age >= SANS_VERROU_ABANDONNE
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # another user's folder in the shared temporary folder, or gone already
        return False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a running process holds it
        with os.scandir(fd) as entries:
            rempli = any(True for _ in entries)
        return rempli or vides or age >= VIDE_ABANDONNE
    finally:
        os.close(fd)


def nettoyer(parent: Path, motif: re.Pattern[str], vides: bool = False) -> None:
    """Remove the folders of ``parent`` named like ``motif`` that a killed run left behind; ``vides``:
    the empty ones too (a caller that holds a lock of its own on ``parent``)."""
    try:
        entries = list(os.scandir(parent))
    except OSError:
        return
    for entry in entries:
        if motif.match(entry.name) and entry.is_dir(follow_symlinks=False) and _abandonne(Path(entry.path), vides):
            shutil.rmtree(entry.path, ignore_errors=True)
