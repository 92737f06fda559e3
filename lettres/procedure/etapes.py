"""The six steps of the fiche, and which démarches of the dossier prove each of them.

A step is ``faite`` once a démarche of its types is logged. It is ``prouvee`` — what the letters, the
situation and the référé rely on — only when the fiche's proof is there: for steps 1 to 5 (regles.yaml,
``piece_manquante``: screenshots, a copy of the message to the ANEF, the call log, the appointment attempts,
the letter to the préfecture's copy and its avis de réception), one of its démarches must carry a file; a step
logged without one is « faite, sans pièce » everywhere."""

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
    def faite(self) -> bool:
        """A démarche of this step is logged (with or without its pièce)."""
        return bool(self.demarches)

    @property
    def prouvee(self) -> bool:
        """Done, and with the pièce the fiche asks for when it asks one."""
        return any(i not in self.sans_piece for i in self.demarches)

    @property
    def sans_preuve(self) -> bool:
        """Logged, but none of its démarches carries the pièce the fiche asks for."""
        return self.faite and not self.prouvee

    @property
    def a_faire(self) -> bool:
        """Still to do: missing, or one of the diligences (steps 1 to 4) not proven — redoing a capture or a
        call is how it gets its proof. A letter to the préfecture or a referral logged without its file is not
        sent again: what it lacks is its copy (the ``piece_manquante`` alert), not the step."""
        return not self.faite or (self.sans_preuve and self.etape.numero <= 4)


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
