"""Output folders, safe file names and atomic writes: nothing half-written, nothing overwritten silently."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Iterator

from lettres.erreurs import LettresError, SortieExistante

PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def ascii_slug(text: str, separator: str = "-", max_length: int = 40) -> str:
    """ASCII, Windows-safe fragment of a file name: accents removed, other characters collapsed."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    text = text.encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", separator, text).strip(separator)
    return text[:max_length].rstrip(separator)


def folder_name(jour: date, nom: str, prenoms: str) -> str:
    """``2026-11-27_DIALLO_Aminata``: date, family name, first given name."""
    premier_prenom = prenoms.split()[0] if prenoms.split() else ""
    parts = [jour.isoformat(), ascii_slug(nom, "-", 30).upper() or "SANS-NOM", ascii_slug(premier_prenom, "-", 20)]
    return "_".join(p for p in parts if p)


def write_atomic(path: Path, data: bytes, sync: bool = True) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half a file.

    ``sync=False`` skips the flush to disk, for files written inside a staging folder that is itself
    renamed into place once complete (batches)."""
    path.parent.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(tmp, PRIVATE_FILE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def copy_private(source: Path, target: Path) -> None:
    """Copy a file, readable by its owner only."""
    with open(source, "rb") as handle:
        write_atomic(target, handle.read())


@contextmanager
def output_folder(final: Path, force: bool = False) -> Iterator[Path]:
    """Yield a hidden staging folder; on success it replaces ``final`` in one rename.

    An interrupted run leaves no half-filled folder under the final name; an existing folder is
    replaced only with ``force``.
    """
    if final.exists() and not force:
        raise SortieExistante(
            f"Le dossier de sortie « {final} » existe déjà : ajoutez --force pour le remplacer, "
            "ou choisissez un autre dossier avec --sortie."
        )
    parent = final.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{final.name}."))
    except OSError as exc:
        raise LettresError(f"Impossible de créer le dossier de sortie « {parent} » ({exc.strerror}).") from None
    os.chmod(staging, PRIVATE_DIR)
    try:
        yield staging
        if final.exists():
            trash = Path(tempfile.mkdtemp(dir=parent, prefix=f".{final.name}.ancien."))
            os.replace(final, trash / final.name)
            os.replace(staging, final)
            shutil.rmtree(trash, ignore_errors=True)
        else:
            os.replace(staging, final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
