"""The deadlines of a dossier, told truthfully: titre and API expiry, implicit rejection (and whether it is
certain), end of the appeal period, and the day from which the préfecture's silence makes a référé ripe.

Every legal delay comes from ``delais.yaml`` (R. 432-2 CESEDA, R. 421-2 CJA, R. 431-15-1 CESEDA…).
Results are plain dataclasses of dates, numbers and strings, usable as JSON (``as_dict``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from lettres.dossier import Dossier
from lettres.referentiel import charger_referentiel

if TYPE_CHECKING:  # procedure.titre reads the deadlines' data: imported where it is used
    from lettres.procedure.titre import ControlePieces

TYPES_COURRIER_PREFECTURE = ("courrier_prefecture", "courriel_prefecture")


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def delai(code: str) -> dict[str, Any]:
    """One legal or practical delay of ``delais.yaml``."""
    return charger_referentiel().delais[code]


def depot_effectue(dossier: Dossier) -> bool:
    """The demande was filed: a dépôt date, and no blockage saying the attestation de dépôt never came."""
    return dossier.demande.date_depot is not None and "pas_attestation_depot" not in dossier.blocage.types


def completude(dossier: Dossier, controle: ControlePieces | None = None) -> str:
    """What is known of the demande's completeness (CE, avis, 10 octobre 2024, n° 494718 and n° 493514).

    ``prouvee``: an API or récépissé was issued, or the préfecture said it was complete;
    ``non``: the préfecture said it was incomplete; ``incertaine``: a pièce was asked for, or one cannot be
    uploaded or corrected, or the checklist lacks a pièce the titre's list requires; ``presumee``: the
    préfecture never said it was incomplete. Ticked pièces never make it ``prouvee``: the caseworker's list
    is not the préfecture's answer (docs/titres.md)."""
    from lettres.procedure.titre import controler_pieces

    d = dossier.demande
    if d.complet == "oui" or d.document_provisoire:
        return "prouvee"
    if d.complet == "non":
        return "non"
    familles = charger_referentiel().familles_blocage
    if d.piece_demandee or d.piece_demandee_le or any(familles[t] == "completude" for t in dossier.blocage.types):
        return "incertaine"
    return "incertaine" if (controle or controler_pieces(dossier)).manquantes else "presumee"


def courrier_prefecture_envoye(dossier: Dossier) -> date | None:
    """When letter 2 was sent: ``envoi.envoye_le``, else the latest letter or e-mail to the préfecture logged."""
    if dossier.envoi.envoye_le is not None:
        return dossier.envoi.envoye_le
    dates = [d.date for d in dossier.demarches if d.type in TYPES_COURRIER_PREFECTURE]
    return max(dates) if dates else None


@dataclass(frozen=True)
class Echeances:
    """Deadlines of a dossier, evaluated at ``aujourd_hui``."""

    aujourd_hui: date
    titre_expiration: date | None
    document_provisoire: str  # "", "api" or "recepisse"
    document_provisoire_fin: date | None
    depot: date | None  # only when the demande was filed
    completude: str  # prouvee | presumee | incertaine | non (see ``completude``)
    rejet_implicite: date | None  # dépôt + 4 months; None when not filed or known incomplete
    fin_recours: date | None
    urgence_presumee: bool
    courrier_prefecture: date | None  # letter 2 sent
    accuse_reception: date | None
    delai_prefecture_jours: int
    delai_prefecture_annonce: bool  # the delay was stated by the préfecture (else: the one asked)
    alerte_recours_jours: int
    # every pièce the titre's checklist requires is ticked (verified list, or the common pièces of an
    # unverified one): with completeness presumed, the implicit rejection follows in principle
    pieces_cochees: bool = False

    # -- titre and API ---------------------------------------------------------------------------

    @property
    def jours_avant_expiration(self) -> int | None:
        """Days until the current titre expires (negative once it has expired)."""
        if self.titre_expiration is None:
            return None
        return (self.titre_expiration - self.aujourd_hui).days

    @property
    def jours_avant_fin_provisoire(self) -> int | None:
        if self.document_provisoire_fin is None:
            return None
        return (self.document_provisoire_fin - self.aujourd_hui).days

    # -- implicit rejection and appeal -----------------------------------------------------------

    @property
    def rejet_implicite_certain(self) -> bool:
        """The plain date is written when an API, a récépissé or the préfecture shows completeness, or when
        nothing says the dossier is incomplete and the checklist is fully ticked: the silence then gives, in
        principle, an implicit rejection (CE, avis, 10 octobre 2024, n° 494718 — the exception needs an
        incompleteness that is established)."""
        if self.rejet_implicite is None:
            return False
        return self.completude == "prouvee" or (self.completude == "presumee" and self.pieces_cochees)

    @property
    def rejet_implicite_atteint(self) -> bool:
        return self.rejet_implicite is not None and self.aujourd_hui >= self.rejet_implicite

    @property
    def jours_avant_fin_recours(self) -> int | None:
        if self.fin_recours is None:
            return None
        return (self.fin_recours - self.aujourd_hui).days

    @property
    def alerte_recours(self) -> bool:
        """The implicit rejection has arisen and fewer than 30 days (data) remain to appeal."""
        jours = self.jours_avant_fin_recours
        return self.rejet_implicite_atteint and jours is not None and 0 <= jours < self.alerte_recours_jours

    @property
    def recours_expire(self) -> bool:
        jours = self.jours_avant_fin_recours
        return self.rejet_implicite_atteint and jours is not None and jours < 0

    # -- the préfecture's answer -----------------------------------------------------------------

    @property
    def reponse_attendue_depuis(self) -> date | None:
        """Start of the préfecture's delay: the AR date when known, else the sending date."""
        return self.accuse_reception or self.courrier_prefecture

    @property
    def fin_delai_prefecture(self) -> date | None:
        """The last day of the préfecture's delay (« dans un délai de 15 jours à compter de la réception »:
        the day of the AR is not counted, the delay runs to the end of its 15th day)."""
        debut = self.reponse_attendue_depuis
        return debut + timedelta(days=self.delai_prefecture_jours) if debut else None

    @property
    def refere_possible_le(self) -> date | None:
        """The day after the delay: from then on the préfecture's silence makes a référé ripe."""
        fin = self.fin_delai_prefecture
        return fin + timedelta(days=1) if fin else None

    @property
    def delai_prefecture_expire(self) -> bool:
        ripe = self.refere_possible_le
        return ripe is not None and self.aujourd_hui >= ripe  # the delay's last day is over

    def as_dict(self) -> dict[str, Any]:
        """A stable JSON shape (dates as AAAA-MM-JJ)."""

        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "titre_expiration": iso(self.titre_expiration),
            "jours_avant_expiration": self.jours_avant_expiration,
            "document_provisoire": self.document_provisoire or None,
            "document_provisoire_fin": iso(self.document_provisoire_fin),
            "jours_avant_fin_provisoire": self.jours_avant_fin_provisoire,
            "depot_effectue": iso(self.depot),
            "completude": self.completude,
            "pieces_cochees": self.pieces_cochees,
            "rejet_implicite": iso(self.rejet_implicite),
            "rejet_implicite_certain": self.rejet_implicite_certain,
            "rejet_implicite_atteint": self.rejet_implicite_atteint,
            "fin_recours": iso(self.fin_recours),
            "jours_avant_fin_recours": self.jours_avant_fin_recours,
            "alerte_recours": self.alerte_recours,
            "urgence_presumee": self.urgence_presumee,
            "courrier_prefecture": iso(self.courrier_prefecture),
            "accuse_reception": iso(self.accuse_reception),
            "delai_prefecture_jours": self.delai_prefecture_jours,
            "delai_prefecture_annonce": self.delai_prefecture_annonce,
            "fin_delai_prefecture": iso(self.fin_delai_prefecture),
            "refere_possible_le": iso(self.refere_possible_le),
        }


def compute_echeances(dossier: Dossier, aujourd_hui: date) -> Echeances:
    """Every deadline of the dossier (R. 432-1 / R. 432-2 CESEDA, R. 421-2 CJA, R. 431-15-1 CESEDA)."""
    from lettres.procedure.titre import controler_pieces

    d = dossier.demande
    depot = d.date_depot if depot_effectue(dossier) else None
    controle = controler_pieces(dossier) if depot else None
    etat = completude(dossier, controle) if depot else "inconnue"
    rejet = add_months(depot, delai("rejet_implicite")["mois"]) if depot and etat != "non" else None
    annonce = dossier.envoi.delai_prefecture_jours
    return Echeances(
        aujourd_hui=aujourd_hui,
        titre_expiration=d.titre_actuel_expiration,
        document_provisoire=d.document_provisoire,
        document_provisoire_fin=d.document_provisoire_fin,
        depot=depot,
        completude=etat,
        rejet_implicite=rejet,
        fin_recours=add_months(rejet, delai("recours_contentieux")["mois"]) if rejet else None,
        urgence_presumee=d.nature == "renouvellement",
        courrier_prefecture=courrier_prefecture_envoye(dossier),
        accuse_reception=dossier.envoi.accuse_reception_le,
        delai_prefecture_jours=annonce or dossier.envoi.delai_reponse_jours,
        delai_prefecture_annonce=annonce is not None,
        alerte_recours_jours=delai("alerte_fin_recours")["jours"],
        pieces_cochees=etat == "presumee" and controle is not None and controle.etat in ("complete", "communes"),
    )
