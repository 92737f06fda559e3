"""Writing a bilan's files: atomically, readable by their owner only, and never over a file that is not an
earlier output of ``lettres bilan`` of the same kind (a dossier named by mistake stays untouched)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lettres.erreurs import SortieExistante

# how each kind of file begins (or, for a workbook, what it holds)
DEBUTS = {
    "html": b"<!DOCTYPE html>\n<!-- lettres bilan -->",
    "json": b'{\n  "format": "lettres-bilan-chiffres"',
    "export": b'{"format":"lettres-bilan",',
}
OPTIONS = {"html": "--html", "json": "--json", "export": "--export", "xlsx": "--xlsx"}


def _ours(chemin: Path, genre: str) -> bool:
    try:
        if genre == "xlsx":
            with zipfile.ZipFile(chemin) as archive:
                return 'name="Synthèse"' in archive.read("xl/workbook.xml").decode("utf-8")
        with open(chemin, "rb") as handle:
            return handle.read(len(DEBUTS[genre])) == DEBUTS[genre]
    except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return False


def ecrire(chemin: Path, contenu: bytes, genre: str) -> None:
    """Write ``contenu``; an existing file that is not a bilan output of this kind is refused (exit code 2)."""
    from lettres.fichiers import write_atomic

    if chemin.exists() and not _ours(chemin, genre):
        raise SortieExistante(
            f"« {chemin} » existe et n'a pas été écrit par lettres bilan : choisissez un autre nom de fichier pour "
            f"{OPTIONS[genre]}, ou supprimez celui-ci."
        )
    write_atomic(chemin, contenu)
