"""The six steps of the fiche, and which démarches of the dossier prove each of them.

A step is ``faite`` once a démarche of its types is logged. It is ``prouvee`` — what the letters, the
situation and the référé rely on — only when the fiche's proof is there: for steps 1 to 5 (regles.yaml,
``piece_manquante``: screenshots, a copy of the message to the ANEF, the call log, the appointment attempts,
the letter to the préfecture's copy and its avis de réception), one of its démarches must carry a file; a step
logged without one is « faite, sans pièce » everywhere.

Step 4 asks more when the demande could not be filed — the appointment is then what the person needs to file it,
the case of CE, 10 juin 2020, n° 435594 and of the fiche (« capture d'écran sur une semaine si pas de rendez-vous
disponible »): an appointment obtained (a visit to the PAN, or an attempt whose result says the appointment was
obtained) proves it; otherwise attempts with their pièces on several days spanning at least a week
(``regles.yaml``, ``semaines``). Fewer are « tentatives sur moins d'une semaine » (docs/situations.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lettres.dossier import Dossier
from lettres.procedure.titre import depot_effectue
from lettres.referentiel import Etape, charger_referentiel


@dataclass(frozen=True)
class EtatEtape:
    etape: Etape
    demarches: tuple[int, ...]  # indexes into the dossier's démarches
    sans_piece: tuple[int, ...] = ()  # those of them without the pièce the fiche asks for
    # step 4 of a demande not filed: no appointment obtained, and the proven attempts span less than a week
    moins_d_une_semaine: bool = False

    @property
    def faite(self) -> bool:
        """A démarche of this step is logged (with or without its pièce)."""
        return bool(self.demarches)

    @property
    def prouvee(self) -> bool:
        """Done, and with the pièce the fiche asks for when it asks one (for step 4 of a demande not filed:
        an appointment obtained, or attempts over at least a week)."""
        return any(i not in self.sans_piece for i in self.demarches) and not self.moins_d_une_semaine

    @property
    def libelle_etat(self) -> str:
        """« prouvée », « tentatives sur moins d'une semaine », « faite, sans pièce » or « manquante »."""
        if self.prouvee:
            return "prouvée"
        if self.moins_d_une_semaine:
            return "tentatives sur moins d'une semaine"
        return "faite, sans pièce" if self.faite else "manquante"

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
        courte = etape.numero == 4 and not depot_effectue(dossier) and _moins_d_une_semaine(dossier, indexes, manque)
        etats.append(EtatEtape(etape, indexes, manque, courte))
    return etats


# an attempt's result that says the appointment was obtained
OBTENU = re.compile(r"\b(rendez-vous|rdv)\s+(obtenu|fixé|accordé|pris)\b", re.IGNORECASE)


def rendez_vous_obtenu(dossier: Dossier, indexes: tuple[int, ...]) -> bool:
    """Among these step-4 démarches, a visit to the PAN or an attempt whose result says it was obtained."""
    demarches = [dossier.demarches[i] for i in indexes]
    return any(d.type == "visite_pan" or OBTENU.search(d.resultat or "") for d in demarches)


def _moins_d_une_semaine(dossier: Dossier, indexes: tuple[int, ...], sans_piece: tuple[int, ...]) -> bool:
    """Step 4 with its pièces, but no appointment obtained and the proven attempts within less than a week."""
    prouvees = [i for i in indexes if i not in sans_piece]
    if not prouvees or rendez_vous_obtenu(dossier, tuple(prouvees)):
        return False
    dates = sorted({dossier.demarches[i].date for i in prouvees})
    return (dates[-1] - dates[0]).days < charger_referentiel().regles["semaines"]["jours_minimum"]


def diligences_accomplies(dossier: Dossier) -> bool:
    """Steps 1 to 4 proven: only then may letter 2 state that every diligence was accomplished."""
    return all(e.prouvee for e in etat_etapes(dossier) if e.etape.numero <= 4)
