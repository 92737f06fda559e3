"""Finding and reading the dossiers of a structure: every YAML file under the given folders whose
top-level keys are those of a dossier (``personne`` and ``demande``).

Drafts (``*.brouillon.yaml``), hidden folders, the demo (``lettres-demo/``), output folders (``sorties/``
and the one of the configuration) and YAML files that are not dossiers (a configuration, a template list) are left aside
without a word; a dossier that cannot be read or is invalid is reported in one French line, and the
others are still read.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lettres.erreurs import DossierInvalide, FichierIntrouvable, LettresError
from lettres.francais import nombre

SUFFIXES = (".yaml", ".yml")
DRAFTS = (".brouillon.yaml", ".brouillon.yml")
# the demo's copy, the default output folder (``generer``, ``lot``) and tools' folders
IGNORED_FOLDERS = {"lettres-demo", "sorties", "__pycache__", "node_modules"}
# the two sections every dossier has, at the start of a line (top level): a cheap look before parsing
_PERSONNE = re.compile(rb"^[\"']?personne[\"']?[ \t]*:", re.MULTILINE)
_DEMANDE = re.compile(rb"^[\"']?demande[\"']?[ \t]*:", re.MULTILINE)


class RepertoireIntrouvable(FichierIntrouvable):
    """A folder given to ``lettres suivi`` does not exist (exit code 2)."""


@dataclass(frozen=True)
class Probleme:
    """A dossier file that could not be read, with one French line saying why."""

    fichier: Path
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"fichier": str(self.fichier), "message": self.message}


def looks_like_dossier(raw: bytes) -> bool:
    """Top-level ``personne:`` and ``demande:`` keys: a dossier, not a configuration or another YAML file."""
    return _PERSONNE.search(raw) is not None and _DEMANDE.search(raw) is not None


def _is_draft(name: str) -> bool:
    return name.lower().endswith(DRAFTS)


def find_dossier_files(chemins: Sequence[Path], exclus: Iterable[Path] = ()) -> list[Path]:
    """The YAML files under ``chemins`` (folders walked recursively, or files named directly), sorted,
    each once; ``exclus`` are folders to leave aside (the output folder)."""
    for chemin in chemins:
        if not chemin.exists():
            raise RepertoireIntrouvable(f"Le répertoire « {chemin} » est introuvable : vérifiez le chemin.")
    skipped = {p.resolve() for p in exclus}
    # each file once, even when two folders given overlap; keys built from the resolved folder (os.walk does
    # not follow links below it), not by resolving each of hundreds of files
    found: dict[Path, Path] = {}
    for chemin in chemins:
        if chemin.is_file():
            found.setdefault(chemin.resolve(), chemin)
            continue
        reel = chemin.resolve()
        for root, folders, files in os.walk(chemin):
            here = Path(root)
            cle = reel / here.relative_to(chemin)
            folders[:] = sorted(
                f for f in folders if not f.startswith(".") and f not in IGNORED_FOLDERS and cle / f not in skipped
            )
            for name in files:
                if name.lower().endswith(SUFFIXES) and not name.startswith(".") and not _is_draft(name):
                    found.setdefault(cle / name, here / name)
    return sorted(found.values())


def one_line(exc: LettresError) -> str:
    """A user error in one line: the first problem, and how many others ``lettres verifier`` will list."""
    if isinstance(exc, DossierInvalide) and exc.erreurs:
        autres = len(exc.erreurs) - 1
        suite = ""
        if autres:
            suite = f" (et {nombre(autres, 'autre erreur', 'autres erreurs')} : lettres verifier les liste)"
        return exc.erreurs[0].replace("\n", " ") + suite
    return exc.message.splitlines()[0]


def read_dossier_file(path: Path, config: Any = None, named: bool = False) -> Any:
    """The dossier in ``path``, completed by the configuration; None when the file is not a dossier
    (and was not named on the command line). Raises LettresError for an unreadable or invalid dossier."""
    from lettres.dossier.fichier import dossier_data, read_dossier_text
    from lettres.dossier.schema import validate_dossier

    try:
        raw = read_dossier_text(path)
    except DossierInvalide:
        # beyond the size limit: reported only if it looks like a dossier (not a large export lying there)
        with open(path, "rb") as handle:
            debut = handle.read(64 * 1024)
        if not named and not looks_like_dossier(debut):
            return None
        raise
    if not named and not looks_like_dossier(raw):
        return None
    data = dossier_data(raw, path)
    if config is not None:
        from lettres.config import apply_config

        data = apply_config(data, config)
    return validate_dossier(data, str(path))
