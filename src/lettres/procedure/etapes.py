"""The six steps of the fiche, and which démarches of the dossier prove each of them."""

from __future__ import annotations

from dataclasses import dataclass

from lettres.dossier import Dossier
from lettres.referentiel import Etape, charger_referentiel


@dataclass(frozen=True)
class EtatEtape:
    etape: Etape
    demarches: tuple[int, ...]  # indexes into the dossier's démarches

    @property
    def prouvee(self) -> bool:
        return bool(self.demarches)


def etat_etapes(dossier: Dossier) -> list[EtatEtape]:
    """For each of the six steps, the démarches (by index) that prove it."""
    return [
        EtatEtape(etape, tuple(i for i, d in enumerate(dossier.demarches) if d.type in etape.types))
        for etape in charger_referentiel().etapes
    ]


def diligences_accomplies(dossier: Dossier) -> bool:
    """Steps 1 to 4 proven: only then may letter 2 state that every diligence was accomplished."""
    return all(e.prouvee for e in etat_etapes(dossier) if e.etape.numero <= 4)
