"""How a new dossier file is named, for every door (the terminal interview, the web forms): a dossier file always
ends in ``.yaml``, so that the follow-up table (which reads the ``.yaml`` files of a folder) finds it.

A new dossier named after its person gets a folder of its own, ``CAMARA_Fatou/dossier.yaml``, in both doors:
its pièces (captures, scans) live beside it, and the follow-up table, which walks sub-folders, finds it. The
pièces a caseworker picked from the folder the interview was started in are copied into that folder (never
moved); a dossier already kept as one file (``CAMARA_Fatou.yaml``) stays where it is and opens as before."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from lettres.francais import ascii_slug

if TYPE_CHECKING:
    from lettres.dossier.schema import Dossier

SUFFIXE = ".yaml"
SUFFIXES = (".yaml", ".yml")
FICHIER_A_PART = "dossier.yaml"  # the file of a dossier in its folder of its own


def avec_suffixe(path: Path) -> Path:
    """``Fatou Camara`` → ``Fatou Camara.yaml``; a name already ending in ``.yaml`` or ``.yml`` is kept."""
    if path.name.lower().endswith(SUFFIXES):
        return path
    return path.with_name(f"{path.name}{SUFFIXE}")


def radical(nom: str, prenoms: str) -> str:
    """``CAMARA_Fatou``: the family name in capitals and the first given name, in ASCII; ``dossier`` without."""
    premier = prenoms.split()[0] if prenoms.split() else ""
    return "_".join(p for p in (ascii_slug(nom).upper(), ascii_slug(premier)) if p) or "dossier"


def libre(dossier: Path, stem: str, fichier: bool = True) -> Path:
    """``stem.yaml`` (or the folder ``stem``) in ``dossier``, numbered ``stem-2``, ``stem-3``… when taken."""
    nom = (lambda s: f"{s}{SUFFIXE}") if fichier else (lambda s: s)
    candidate, n = dossier / nom(stem), 2
    while candidate.exists():
        candidate, n = dossier / nom(f"{stem}-{n}"), n + 1
    return candidate


def nouveau_dossier(racine: Path, nom: str, prenoms: str) -> Path:
    """The one rule naming a new dossier after its person, for both doors: ``CAMARA_Fatou/dossier.yaml`` in
    ``racine``, a folder of its own for its pièces; ``CAMARA_Fatou-2/…`` when the folder (or a file of that
    name) is taken."""
    return libre(racine, radical(nom, prenoms), fichier=False) / FICHIER_A_PART


def _copied(chemin: str, depuis: Path, vers: Path) -> str:
    """One pièce named relative to ``depuis``: copied to the same place under ``vers``; its new name."""
    if not chemin or Path(chemin).is_absolute():
        return chemin
    source = (depuis / chemin).resolve()
    if not source.is_file():
        return chemin  # not there (yet): the check of pièces says so, as for any dossier
    if not source.is_relative_to(depuis.resolve()):
        return str(source)  # « ../scan.pdf »: kept where it is, by its full path
    cible = vers / source.relative_to(depuis.resolve())
    if not cible.exists():
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, cible)
    return chemin


def pieces_jointes(dossier: Dossier, depuis: Path, vers: Path) -> None:
    """Bring the pièces of a new dossier, named relative to ``depuis`` (where the interview looked for them),
    into its own folder ``vers``: each copied under the same relative name, so the dossier's text is unchanged."""
    if depuis.resolve() == vers.resolve():
        return
    for demarche in dossier.demarches:
        demarche.pieces = [_copied(p, depuis, vers) for p in demarche.pieces]
    justificatifs = dossier.justificatifs
    for nom in type(justificatifs).model_fields:
        valeur = getattr(justificatifs, nom)
        if isinstance(valeur, list):
            setattr(justificatifs, nom, [_copied(str(p), depuis, vers) for p in valeur])
