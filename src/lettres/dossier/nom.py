"""How a new dossier file is named, for every door (the terminal interview, the web forms): a dossier file always
ends in ``.yaml``, so that the follow-up table (which reads the ``.yaml`` files of a folder) finds it."""

from __future__ import annotations

from pathlib import Path

from lettres.francais import ascii_slug

SUFFIXE = ".yaml"
SUFFIXES = (".yaml", ".yml")


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


def nouveau_fichier(dossier: Path, nom: str, prenoms: str) -> Path:
    """The file of a new dossier named after its person, in ``dossier``: ``CAMARA_Fatou.yaml``."""
    return libre(dossier, radical(nom, prenoms))
