"""What the user can do next, said in codes and data, never in a door's words.

The engine (``procedure/``, ``documents/``, ``dossier/``) says *what* is to be done — produce these documents,
record the acknowledgement date, fill in this field, set up this préfecture — as an :class:`Action`. Each door
phrases it: the terminal with the command to type, the web with a link to the page or field, or a button when
the action is one click. No command name, option or dossier key is written below the doors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Quoi(StrEnum):
    """The kinds of action the engine can ask for; each door knows how to phrase every one."""

    PRODUIRE = "produire"  # produce ``documents`` for the dossier
    ACCUSE_RECEPTION = "accuse_reception"  # record the acknowledgement date of the préfecture letter
    DEMARCHE = "demarche"  # log a démarche of type ``valeur`` (or any when empty)
    PIECE = "piece"  # attach a file to the démarche(s) of type ``valeur``
    COMPLETER = "completer"  # fill in ``champ`` (a dossier field) of interview ``section``
    PREFECTURE = "prefecture"  # set up the structure's préfecture ``valeur`` (département code), ``champ`` missing
    CONFIGURATION = "configuration"  # fill in the structure's settings (``champ``)
    EXPORTER_MODELES = "exporter_modeles"  # export the built-in templates into ``valeur`` (a folder)
    VERIFIER_MODELES = "verifier_modeles"  # check a structure's templates in ``valeur``
    PIECE_DEMARCHE = "piece_demarche"  # attach a file to démarche n° ``valeur`` (counted from 1)
    SUPPRIMER_DEMARCHE = "supprimer_demarche"  # remove démarche n° ``valeur`` (counted from 1), logged twice
    REMPLACER = "remplacer"  # write the day's documents again, those already written kept in ``valeur`` (a folder)


@dataclass(frozen=True)
class Action:
    """One thing to do. ``documents``: document codes (« prefecture », « bordereau ») for PRODUIRE; ``section``:
    an interview section code; ``champ``: a dossier or settings field (dotted path, for the door to find its label
    or its form field — never shown as such); ``valeur``: the démarche type, département code or folder."""

    quoi: Quoi
    documents: tuple[str, ...] = ()
    section: str = ""
    champ: str = ""
    valeur: str = ""


# what each document code produces, to name it in a sentence (« Produire le courrier à la préfecture »)
NOMS_DOCUMENTS = {
    "dgef": "le signalement au support ANEF",
    "prefecture": "le courrier à la préfecture",
    "orientation": "la note d'orientation",
    "bordereau": "le bordereau de pièces",
    "refere": "le projet de requête en référé",
}


def documents_nommes(codes: tuple[str, ...]) -> str:
    """« le courrier à la préfecture et le bordereau de pièces »."""
    noms = [NOMS_DOCUMENTS.get(c, c) for c in codes]
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]
