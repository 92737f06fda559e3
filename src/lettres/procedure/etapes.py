"""The procedure of the fiche: steps proven by démarches, and the deadlines that run."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from lettres.dossier.schema import Dossier
from lettres.referentiel import Etape, charger_referentiel

DELAI_REJET_IMPLICITE_MOIS = 4  # art. R. 432-2 CESEDA
DELAI_RECOURS_MOIS = 2  # recours contentieux contre la décision implicite de rejet


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Echeances:
    """Deadlines of a dossier, evaluated at ``aujourd_hui``."""

    aujourd_hui: date
    titre_expiration: date | None
    rejet_implicite: date | None
    fin_recours: date | None
    urgence_presumee: bool

    @property
    def jours_avant_expiration(self) -> int | None:
        """Days until the current titre expires (negative once it has expired)."""
        if self.titre_expiration is None:
            return None
        return (self.titre_expiration - self.aujourd_hui).days

    @property
    def rejet_implicite_atteint(self) -> bool:
        return self.rejet_implicite is not None and self.aujourd_hui >= self.rejet_implicite


def compute_echeances(dossier: Dossier, aujourd_hui: date) -> Echeances:
    """Titre expiry, implicit rejection (dépôt + 4 months, R. 432-1 / R. 432-2 CESEDA), appeal end."""
    depot = dossier.demande.date_depot
    rejet = add_months(depot, DELAI_REJET_IMPLICITE_MOIS) if depot else None
    return Echeances(
        aujourd_hui=aujourd_hui,
        titre_expiration=dossier.demande.titre_actuel_expiration,
        rejet_implicite=rejet,
        fin_recours=add_months(rejet, DELAI_RECOURS_MOIS) if rejet else None,
        urgence_presumee=dossier.demande.nature == "renouvellement",
    )


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
