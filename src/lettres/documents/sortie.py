"""The output folder of a dossier: its name, and a staging folder renamed into place once complete."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from lettres.erreurs import LettresError, SortieExistante
from lettres.fichiers import PRIVATE_DIR, ascii_slug


def folder_name(jour: date, nom: str, prenoms: str) -> str:
    """``2026-11-27_DIALLO_Aminata``: date, family name, first given name."""
    premier_prenom = prenoms.split()[0] if prenoms.split() else ""
    parts = [jour.isoformat(), ascii_slug(nom, "-", 30).upper() or "SANS-NOM", ascii_slug(premier_prenom, "-", 20)]
    return "_".join(p for p in parts if p)


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
