"""Files the tool writes: atomically, readable by their owner only, with safe ASCII names."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lettres.francais import sans_accents

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ascii_slug(text: str, separator: str = "-", max_length: int = 40) -> str:
    """ASCII, Windows-safe fragment of a file name: accents removed, other characters collapsed."""
    text = sans_accents(text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", separator, text).strip(separator)
    return text[:max_length].rstrip(separator)


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


# a spreadsheet runs a cell starting with one of these as a formula (« =HYPERLINK(…) », « +1+1 », « @SUM(1) »)
FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule_tableur(value: object) -> str:
    """A cell of a CSV the tool writes: what came from the user is shown as text, never run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULE) else text
