"""The deadlines of a dossier: titre expiry, implicit rejection, end of the appeal period."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from lettres.dossier import Dossier
from lettres.referentiel import charger_referentiel


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
    delais = charger_referentiel().delais  # R. 432-2 CESEDA, R. 421-2 CJA: data, with their sources
    rejet = add_months(depot, delais["rejet_implicite"]["mois"]) if depot else None
    return Echeances(
        aujourd_hui=aujourd_hui,
        titre_expiration=dossier.demande.titre_actuel_expiration,
        rejet_implicite=rejet,
        fin_recours=add_months(rejet, delais["recours_contentieux"]["mois"]) if rejet else None,
        urgence_presumee=dossier.demande.nature == "renouvellement",
    )
