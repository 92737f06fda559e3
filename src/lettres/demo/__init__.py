"""The built-in fictitious dossiers: the first thing a new user runs.

The main one (``dossier.yaml``) shows the most common case: a renewal filed on ANEF that cannot be
completed, with the titre about to expire (situations ``depot_incomplet`` and ``api``). ``situations/``
holds one example per other situation, shown by ``lettres demo --situation CODE``, and one where the référé
is ripe (``--situation refere``).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from lettres.commandes import avec_fichier
from lettres.documents.generation import Resultat, generate
from lettres.documents.habillage import Habillage
from lettres.dossier import load_dossier
from lettres.erreurs import LettresError
from lettres.fichiers import copy_private

EXEMPLE = "exemple-dossier"
PRINCIPALE = "depot_incomplet"  # the situation of the main demo dossier


def demo_folder() -> Path:
    return Path(str(resources.files("lettres"))) / "demo"


def situations_demo() -> tuple[str, ...]:
    """What ``lettres demo --situation`` accepts: each situation, and ``refere`` (a dossier where the référé
    « mesures utiles » is ripe: Nice, letter to the préfecture unanswered)."""
    from lettres.referentiel import charger_referentiel

    return (*charger_referentiel().situations, "refere")


def demo_dossier(situation: str | None = None) -> Path:
    """The example dossier for a situation (the main one by default)."""
    if situation in (None, PRINCIPALE):
        return demo_folder() / "dossier.yaml"
    path = demo_folder() / "situations" / f"{situation}.yaml"
    if not path.is_file():
        raise LettresError(f"Situation inconnue « {situation} » : choisissez parmi {', '.join(situations_demo())}.")
    return path


def copy_example(sortie: Path, situation: str | None = None) -> Path:
    """Copy the example dossier and its pièces beside the documents, unless already there."""
    source = demo_dossier(situation)
    cible = sortie / (EXEMPLE if situation in (None, PRINCIPALE) else f"exemple-{situation}")
    if not (cible / "dossier.yaml").exists():
        copy_private(source, cible / "dossier.yaml")
        dossier = load_dossier(source)
        chemins = [c for d in dossier.demarches for c in d.pieces]
        justificatifs = dossier.justificatifs.model_dump()
        chemins += [c for liste in justificatifs.values() for c in liste]
        for chemin in sorted(set(chemins)):
            copy_private(source.parent / chemin, cible / chemin)
    return cible / "dossier.yaml"


def run_demo(
    sortie: Path, force: bool = False, habillage: Habillage | None = None, situation: str | None = None
) -> tuple[Resultat, Path]:
    """Generate every document of an example dossier into ``sortie``."""
    source = demo_dossier(situation)
    resultat = generate(load_dossier(source), source.parent, sortie, force=force, habillage=habillage)
    exemple = copy_example(sortie, situation)
    # the advice names the copy the user is told to edit, as a command ready to paste
    resultat.avertissements = [avec_fichier(a, exemple) for a in resultat.avertissements]
    return resultat, exemple
