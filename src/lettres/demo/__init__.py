"""The built-in fictitious dossier: the first thing a new user runs."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from lettres.documents.generation import Resultat, generate
from lettres.documents.habillage import Habillage
from lettres.dossier import load_dossier
from lettres.fichiers import copy_private

EXEMPLE = "exemple-dossier"


def demo_folder() -> Path:
    return Path(str(resources.files("lettres"))) / "demo"


def copy_example(sortie: Path) -> Path:
    """Copy the demo dossier and its captures beside the documents, unless already there."""
    source = demo_folder()
    cible = sortie / EXEMPLE
    if not (cible / "dossier.yaml").exists():
        copy_private(source / "dossier.yaml", cible / "dossier.yaml")
        for capture in sorted((source / "captures").glob("*.png")):
            copy_private(capture, cible / "captures" / capture.name)
    return cible / "dossier.yaml"


def run_demo(sortie: Path, force: bool = False, habillage: Habillage | None = None) -> tuple[Resultat, Path]:
    """Generate every document of the demo dossier into ``sortie``."""
    source = demo_folder()
    resultat = generate(load_dossier(source / "dossier.yaml"), source, sortie, force=force, habillage=habillage)
    return resultat, copy_example(sortie)
