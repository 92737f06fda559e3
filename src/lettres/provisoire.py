"""Temporary folders that hold personal data — a dossier's documents being written, the copies given
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
