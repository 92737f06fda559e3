"""The six steps of the fiche, and which démarches of the dossier prove each of them.

A step is done (``prouvee``, what the letters rely on) once a démarche of its types is logged. When the
fiche asks a screenshot or a call log for it (regles.yaml, ``piece_manquante``), it is shown « sans pièce »
rather than proven until one of its démarches carries a file (``justifiee``)."""

from __future__ import annotations

from dataclasses import dataclass

from lettres.dossier import Dossier
from lettres.referentiel import Etape, charger_referentiel


@dataclass(frozen=True)
class EtatEtape:
    etape: Etape
    demarches: tuple[int, ...]  # indexes into the dossier's démarches
    sans_piece: tuple[int, ...] = ()  # those of them without the pièce the fiche asks for

    @property
    def prouvee(self) -> bool:
        return bool(self.demarches)

    @property
    def justifiee(self) -> bool:
        """Done, and with the pièce the fiche asks for when it asks one."""
        return any(i not in self.sans_piece for i in self.demarches)


def etat_etapes(dossier: Dossier) -> list[EtatEtape]:
    """For each of the six steps, the démarches (by index) that prove it."""
    referentiel = charger_referentiel()
    avec_piece = set(referentiel.regles["piece_manquante"]["etapes"])
    etats = []
    for etape in referentiel.etapes:
        indexes = tuple(i for i, d in enumerate(dossier.demarches) if d.type in etape.types)
        manque = tuple(i for i in indexes if etape.numero in avec_piece and not dossier.demarches[i].pieces)
        etats.append(EtatEtape(etape, indexes, manque))
    return etats


def diligences_accomplies(dossier: Dossier) -> bool:
    """Steps 1 to 4 proven: only then may letter 2 state that every diligence was accomplished."""
    return all(e.prouvee for e in etat_etapes(dossier) if e.etape.numero <= 4)
