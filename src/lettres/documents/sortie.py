"""The output folder of a dossier: its name, and a staging folder renamed into place once complete."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from lettres.erreurs import EcritureImpossible, LettresError, SortieExistante, raison_systeme
from lettres.fichiers import PRIVATE_DIR, ascii_slug, make_private_dirs


def folder_name(jour: date, nom: str, prenoms: str) -> str:
    """``2026-11-27_DIALLO_Aminata``: date, family name, first given name."""
    premier_prenom = prenoms.split()[0] if prenoms.split() else ""
    parts = [jour.isoformat(), ascii_slug(nom, "-", 30).upper() or "SANS-NOM", ascii_slug(premier_prenom, "-", 20)]
    return "_".join(p for p in parts if p)


def dossier_key(path: Path) -> str:
    """Six hexadecimal digits naming one dossier file (its real path): two homonyms never share a folder."""
    import hashlib

    try:
        real = str(path.resolve())
    except (OSError, RuntimeError):
        real = os.path.abspath(path)
    return hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:6]


def dossier_folder_name(jour: date, nom: str, prenoms: str, path: Path) -> str:
    """``2026-11-27_DIALLO_Aminata_3fa2c1``: the folder of one dossier file's documents of a day."""
    return f"{folder_name(jour, nom, prenoms)}_{dossier_key(path)}"


# the staging folders of this module (« .2026-12-01_DIALLO_Aminata.k3j_x9qa ») and the old folder being
# replaced (« ….ancien.XXXXXXXX »)
PROVISOIRE = re.compile(r"^\.\d{4}-\d{2}-\d{2}_.+\.(?:ancien\.)?[A-Za-z0-9_]{8}$", re.DOTALL)
_NETTOYES: dict[Path, float] = {}  # output folder → when this process last cleaned it
NETTOYAGE = 60.0  # seconds: a batch writes thousands of folders into one output folder, cleaned once a minute


@contextmanager
def output_folder(final: Path, force: bool = False) -> Iterator[Path]:
    """Yield a hidden staging folder; on success it replaces ``final`` in one rename.

    An interrupted run leaves no half-filled folder under the final name; an existing folder is
    replaced only with ``force``. The staging folder is locked while it is written (``provisoire``):
    what a killed run left in the output folder is removed by the next one.
    """
    from lettres.provisoire import nettoyer, verrouille

    if final.exists() and not force:
        raise SortieExistante(
            f"Le dossier de sortie « {final} » existe déjà : ajoutez --force pour le remplacer, "
            "ou choisissez un autre dossier avec --sortie."
        )
    parent = final.parent
    try:
        make_private_dirs(parent)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{final.name}."))
        os.chmod(staging, PRIVATE_DIR)
    except OSError as exc:
        raise LettresError(
            f"Impossible de créer le dossier de sortie « {parent} » ({raison_systeme(exc)}) : choisissez un dossier "
            "où vous pouvez écrire avec --sortie, ou libérez de la place, puis recommencez."
        ) from None
    if time.monotonic() - _NETTOYES.get(parent, -NETTOYAGE) >= NETTOYAGE:
        nettoyer(parent, PROVISOIRE)
        _NETTOYES[parent] = time.monotonic()
    try:
        with verrouille(staging):
            yield staging
            try:
                _put_in_place(staging, final)
            except OSError as exc:
                raise EcritureImpossible.de(final, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _put_in_place(staging: Path, final: Path) -> None:
    from lettres.provisoire import verrouille

    if not final.exists():
        os.replace(staging, final)
        return
    trash = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}.ancien."))
    with verrouille(trash):
        os.replace(final, trash / final.name)
        os.replace(staging, final)
    shutil.rmtree(trash, ignore_errors=True)
