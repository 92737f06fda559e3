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

from lettres.documents.avertissements import Avertissement, ErreurAvertie, SortieDejaEcrite
from lettres.erreurs import EcritureImpossible, raison_systeme
from lettres.fichiers import PRIVATE_DIR, make_private_dirs
from lettres.francais import ascii_slug
from lettres.procedure.actions import Action, Quoi


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
ARCHIVES = "archives"  # inside an output folder: what earlier runs wrote there, one dated folder each
_NETTOYES: dict[Path, float] = {}  # output folder → when this process last cleaned it
NETTOYAGE = 60.0  # seconds: a batch writes thousands of folders into one output folder, cleaned once a minute


@contextmanager
def output_folder(
    final: Path, force: bool = False, gardes: list[Path] | None = None, garder_les_autres: bool = False
) -> Iterator[Path]:
    """Yield a hidden staging folder; on success it becomes ``final`` in one rename.

    An interrupted run leaves no half-filled folder under the final name; an existing folder is
    written again only with ``force``, its documents kept in ``final/archives/…`` (added to ``gardes``);
    ``garder_les_autres``: only the documents written again are moved there, the others stay in place. The
    staging folder is locked while it is written (``provisoire``): what a killed run left in the output
    folder is removed by the next one.
    """
    from lettres.fichiers import nettoyer, verrouille

    if final.exists() and not force:
        raise SortieDejaEcrite(
            Avertissement(
                "sortie_existante",
                f"Le dossier de sortie « {final} » existe déjà",
                action=Action(Quoi.REMPLACER, valeur=str(final / ARCHIVES)),
            )
        )
    parent = final.parent
    try:
        make_private_dirs(parent)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{final.name}."))
        os.chmod(staging, PRIVATE_DIR)
    except OSError as exc:
        raise ErreurAvertie(
            Avertissement(
                "sortie_impossible",
                f"Impossible de créer le dossier de sortie « {parent} » ({raison_systeme(exc)})",
                action=Action(Quoi.CONFIGURATION, champ="sortie"),
            )
        ) from None
    if time.monotonic() - _NETTOYES.get(parent, -NETTOYAGE) >= NETTOYAGE:
        nettoyer(parent, PROVISOIRE)
        _NETTOYES[parent] = time.monotonic()
    try:
        with verrouille(staging):
            yield staging
            try:
                _put_in_place(staging, final, gardes, garder_les_autres)
            except OSError as exc:
                raise EcritureImpossible.de(final, exc) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _put_in_place(
    staging: Path, final: Path, gardes: list[Path] | None = None, garder_les_autres: bool = False
) -> None:
    """The staging folder's files into ``final``. Documents already there are never deleted: they go into
    ``final/archives/<date of their writing>/`` first (a letter sent by registered mail, its bordereau), and
    that folder is added to ``gardes``. Each step only moves files, so a run killed midway loses nothing.
    ``garder_les_autres``: only what the new files replace goes (``_remplace``), the other documents stay."""
    if not final.exists():
        os.replace(staging, final)
        return
    anciens = sorted(
        p
        for p in final.iterdir()
        if p.name != ARCHIVES and (not garder_les_autres or _remplace(p.name, staging))
    )
    if anciens:
        archive = _archive_libre(final / ARCHIVES, anciens)
        archive.mkdir(parents=True, mode=PRIVATE_DIR)
        for ancien in anciens:
            os.replace(ancien, archive / ancien.name)
        if gardes is not None:
            gardes.append(archive)
    for nouveau in sorted(staging.iterdir()):
        os.replace(nouveau, final / nouveau.name)
    shutil.rmtree(staging, ignore_errors=True)


def _stem(name: str) -> str:
    return name.split(".", 1)[0]


def _remplace(ancien: str, staging: Path) -> bool:
    """A file or folder already in the output folder that a new one replaces: the same name, or the same
    document in another format (``2-courrier-prefecture.pdf`` goes with the new ``2-courrier-prefecture.docx``:
    never a PDF of the previous letter beside the new one)."""
    return any(n.name == ancien or _stem(n.name) == _stem(ancien) for n in staging.iterdir())


def _archive_libre(archives: Path, anciens: list[Path]) -> Path:
    """``archives/2026-12-01_10h42``: when the documents kept were written; ``…-2`` when taken."""
    from datetime import datetime

    quand = datetime.fromtimestamp(max(p.stat().st_mtime for p in anciens)).strftime("%Y-%m-%d_%Hh%M")
    candidate, n = archives / quand, 2
    while candidate.exists():
        candidate, n = archives / f"{quand}-{n}", n + 1
    return candidate
