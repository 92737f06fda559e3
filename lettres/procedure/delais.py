"""The deadlines of a dossier, told truthfully: titre and API expiry, implicit rejection by titre category
(R. 432-2 CESEDA: four months, 90 or 60 days, 30 with a blue card of another member State) and whether it is
certain, the renewal window (R. 431-5), the end of the appeal period stated prudently (délai franc, not opposable
without an accusé de réception giving the voies et délais, one year at most), the request for reasons
(L. 232-4 CRPA), rights kept after expiry (L. 433-3), the day from which the préfecture's silence makes a référé
ripe, and the most pressing of them first.

Every legal delay comes from ``delais.yaml``, as the value in force on the day that matters. Results are plain
dataclasses of dates, numbers and strings, usable as JSON (``as_dict``).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from lettres.dossier import Dossier
from lettres.francais import date_lettre
from lettres.procedure.titre import ControlePieces, controler_pieces, depot_effectue
from lettres.referentiel import charger_referentiel
from lettres.referentiel.accords import accord_de
from lettres.referentiel.delais import Delai

TYPES_COURRIER_PREFECTURE = ("courrier_prefecture", "courriel_prefecture")


def add_months(start: date, months: int) -> date:
    """Same day ``months`` later; the last day of the month when that day does not exist."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def delai(code: str) -> Delai:
    """One legal or practical delay of ``delais.yaml``."""
    return charger_referentiel().delais[code]


def ajouter(start: date, code: str, jour: date | None = None) -> date:
    """``start`` plus the delay ``code`` in force on ``jour`` (months or days)."""
    valeur = delai(code).au(jour)
    return add_months(start, valeur.mois) if valeur.mois else start + timedelta(days=valeur.jours or 0)


MOIS_EN_LETTRES = {1: "un mois", 2: "deux mois", 3: "trois mois", 4: "quatre mois", 12: "un an"}


@dataclass(frozen=True)
class DelaiRejet:
    """The implicit-rejection delay of a demande (R. 432-2 CESEDA and the articles it refers to)."""

    mois: int | None
    jours: int | None
    textes: tuple[str, ...]  # keys of textes.yaml
    categorie: str  # the derogation's label (« étudiant… »), "" for the general four months
    renvoi: str  # the article R. 432-2 refers to, when its own text was not read (« R. 421-60 »)
    statut: str  # of the category's attachment to that article
    variante: str  # a shorter case within the category that the dossier does not settle, in French
    note: str

    @property
    def duree(self) -> str:
        """« quatre mois », « 90 jours »."""
        return MOIS_EN_LETTRES.get(self.mois, f"{self.mois} mois") if self.mois else f"{self.jours} jours"

    @property
    def references(self) -> str:
        """« art. R. 432-1 et R. 432-2 du CESEDA », « art. R. 432-2 et R. 422-5 du CESEDA », « art. R. 432-2 du
        CESEDA, qui renvoie à l'article R. 421-60 »."""
        textes = charger_referentiel().textes
        numeros = [textes[t].numero for t in self.textes]
        articles = "art. " + (" et ".join([", ".join(numeros[:-1]), numeros[-1]]) if len(numeros) > 1 else numeros[0])
        return f"{articles} du CESEDA" + (f", qui renvoie à l'article {self.renvoi}" if self.renvoi else "")

    def echeance(self, depot: date) -> date:
        return add_months(depot, self.mois) if self.mois else depot + timedelta(days=self.jours or 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "duree": self.duree,
            "mois": self.mois,
            "jours": self.jours,
            "textes": list(self.textes),
            "references": self.references,
            "categorie": self.categorie or None,
            "statut": self.statut,
            "variante": self.variante or None,
            "note": self.note or None,
        }


def delai_rejet(dossier: Dossier) -> DelaiRejet:
    """The delay for the dossier's category, in force on the dépôt (R. 432-2 and its derogations)."""
    d = dossier.demande
    general = delai("rejet_implicite")
    jour = d.date_depot
    derogation = general.derogation(d.categorie) if d.categorie else None
    if derogation is None:
        valeur = general.au(jour)
        return DelaiRejet(valeur.mois, valeur.jours, valeur.textes, "", "", general.statut, "", "")
    valeur = derogation.au(jour)
    jours, variante = valeur.jours, ""
    if derogation.variante is not None:
        if getattr(d, derogation.variante.question, False):
            jours = derogation.variante.jours
        else:
            variante = f"{derogation.variante.jours} jours pour le ou la {derogation.variante.libelle}"
    return DelaiRejet(
        valeur.mois if jours == valeur.jours else None,
        jours,
        valeur.textes,
        derogation.libelle,
        derogation.renvoi,
        derogation.statut,
        variante,
        derogation.note,
    )


@dataclass(frozen=True)
class Fenetre:
    """The R. 431-5 window for filing a renewal: between the 120th and the 60th day before the titre expires."""

    debut: date
    fin: date
    depot: date | None

    @property
    def etat(self) -> str:
        """``dans_les_delais``, ``tardif`` (after the 60th day before expiry), ``anticipe`` (before the 120th)
        or ``non_depose``."""
        if self.depot is None:
            return "non_depose"
        if self.depot > self.fin:
            return "tardif"
        return "anticipe" if self.depot < self.debut else "dans_les_delais"

    def as_dict(self) -> dict[str, Any]:
        return {"debut": self.debut.isoformat(), "fin": self.fin.isoformat(), "etat": self.etat}


def fenetre_renouvellement(dossier: Dossier) -> Fenetre | None:
    """The window, for a renewal whose titre's expiry is known."""
    d = dossier.demande
    if d.nature != "renouvellement" or d.titre_actuel_expiration is None:
        return None
    expiration = d.titre_actuel_expiration
    return Fenetre(
        expiration - timedelta(days=delai("fenetre_renouvellement_debut").au(d.date_depot).jours or 0),
        expiration - timedelta(days=delai("fenetre_renouvellement_fin").au(d.date_depot).jours or 0),
        d.date_depot if depot_effectue(dossier) else None,
    )


def maintien_droits(dossier: Dossier) -> date | None:
    """L. 433-3 CESEDA: the holder of a pluriannual card of four years, a résident card or an agreement's titre of
    more than a year, who asked for its renewal, keeps their social rights and right to work for three months
    after expiry: the last day of that period, or None when it does not apply. Computed only for a renewal filed
    before the expiry (prudence: the tool does not say rights are kept across a gap), and for any CSP with the
    four-year condition said in words (``maintien_condition``); the second alinéa (other cards, in départements
    listed by an arrêté not found) is not applied."""
    d = dossier.demande
    expiration = d.titre_actuel_expiration
    if d.nature != "renouvellement" or expiration is None or d.date_depot is None or d.date_depot > expiration:
        return None
    famille = d.categorie.split()[0] if d.categorie else ""
    if not famille and " ".join(d.titre.lower().split()).startswith("carte de résident"):
        famille = "CR"  # the titre's own name says it, without a category chosen: a résident card
    accord = accord_de(dossier.personne.nationalite)
    plus_d_un_an = famille in ("CSP", "CR") or (accord is not None and accord.code == "algerien" and famille == "CR")
    return ajouter(expiration, "maintien_droits") if plus_d_un_an else None


def _condition_quatre_ans(categorie: str, expiration: date | None, aujourd_hui: date) -> str:
    """L. 433-3 for a carte pluriannuelle: only a four-year one, said in the tense of the day (« en cours (qui
    expire le …) … est » before its end, « expirée était » after)."""
    if not categorie.startswith("CSP"):
        return ""
    if expiration is not None and expiration >= aujourd_hui:
        en_cours = f"en cours (qui expire le {date_lettre(expiration)})"
        return f", si la carte pluriannuelle {en_cours} est d'une durée de quatre ans"
    return ", si la carte pluriannuelle expirée était d'une durée de quatre ans"


def completude(dossier: Dossier, controle: ControlePieces | None = None) -> str:
    """What is known of the demande's completeness (CE, avis, 10 octobre 2024, n° 494718 and n° 493514).

    ``prouvee``: an API or récépissé was issued, or the préfecture said it was complete;
    ``non``: the préfecture said it was incomplete; ``incertaine``: a pièce was asked for, or one cannot be
    uploaded or corrected, or the checklist lacks a pièce the titre's list requires; ``presumee``: the
    préfecture never said it was incomplete. Ticked pièces never make it ``prouvee``: the caseworker's list
    is not the préfecture's answer (docs/titres.md)."""
    d = dossier.demande
    if d.complet == "oui" or d.document_provisoire:
        return "prouvee"
    if d.complet == "non":
        return "non"
    familles = charger_referentiel().familles_blocage
    if d.piece_demandee or d.piece_demandee_le or dossier.blocage.piece_refusee or any(familles[t] == "completude" for t in dossier.blocage.types):
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
    delai_rejet: DelaiRejet | None = None  # the category's delay (R. 432-2), when the demande was filed
    fenetre: Fenetre | None = None  # R. 431-5, for a renewal whose expiry is known
    fin_recours_initiale: date | None = None  # implicit rejection + two months, before any request for reasons
    motifs_demandes_le: date | None = None  # L. 232-4 CRPA
    motifs_communiques_le: date | None = None
    droits_maintenus_jusqu_au: date | None = None  # L. 433-3 CESEDA
    # L. 433-3 al. 1 names the pluriannual card « d'une durée de quatre ans » (verified, docs/sources-juridiques.md):
    # the dossier does not say the expired card's length, so what is said of a CSP keeps the condition
    maintien_condition: str = ""
    alerte_rejet_jours: int = 30
    delai_reponse_jours: int = 15  # the reply delay letter 2 asks for by default
    courrier_par_courriel: bool = False  # letter 2 went by e-mail only: received the day it was sent
    acheminement_jours: int = 5  # a posted letter's presumed transit, when its avis de réception is not recorded

    # -- the implicit rejection, the appeal, the reasons ---------------------------------------------------

    @property
    def jours_avant_rejet(self) -> int | None:
        return (self.rejet_implicite - self.aujourd_hui).days if self.rejet_implicite else None

    @property
    def rejet_proche(self) -> bool:
        """The implicit rejection arises within the alert delay (30 days): it comes before any other step."""
        jours = self.jours_avant_rejet
        return jours is not None and 0 < jours <= self.alerte_rejet_jours

    @property
    def recours_limite_an(self) -> date | None:
        """The outer limit when the two months do not run (no accusé de réception giving the voies et délais,
        L. 112-6 CRPA): a reasonable delay of one year at most (CE, Section, 18 mars 2019, n° 417270), from the
        decision, or from the request for reasons (CE, avis, 2 octobre 2025, n° 504677)."""
        if self.motifs_demandes_le is not None:
            return ajouter(self.motifs_demandes_le, "motifs_plafond")
        return ajouter(self.rejet_implicite, "recours_delai_raisonnable") if self.rejet_implicite else None

    @property
    def motifs_reponse_due(self) -> date | None:
        """The préfecture must give the reasons within a month of the request (L. 232-4 CRPA)."""
        return ajouter(self.motifs_demandes_le, "motifs_reponse") if self.motifs_demandes_le else None

    @property
    def motifs_possibles(self) -> bool:
        """Reasons can still be asked for: the implicit rejection has arisen, none were asked, the appeal period
        runs (the request must be made within it)."""
        fin = self.fin_recours_initiale
        return (
            self.rejet_implicite_atteint
            and self.motifs_demandes_le is None
            and fin is not None
            and self.aujourd_hui <= fin
        )

    # -- what the letters may ask ---------------------------------------------------------------------------

    @property
    def reponse_avant_le(self) -> date | None:
        """When the titre expires or the implicit rejection arises before the usual reply delay runs out, the day
        a letter asks the answer by (never a date after either); None when the usual delay fits."""
        limites = [
            jour
            for jour in (self.titre_expiration, self.rejet_implicite if not self.rejet_implicite_atteint else None)
            if jour is not None and jour > self.aujourd_hui
        ]
        if not limites:
            return None
        limite = min(limites)
        return limite if limite <= self.aujourd_hui + timedelta(days=self.delai_reponse_jours) else None

    def pressantes(self) -> list[tuple[str, date]]:
        """The dated deadlines still ahead, the most pressing first: (code, date)."""
        candidates = [
            ("rejet_implicite", None if self.rejet_implicite_atteint else self.rejet_implicite),
            ("fin_recours", self.fin_recours if self.rejet_implicite_atteint else None),
            ("titre", self.titre_expiration),
            ("document_provisoire", self.document_provisoire_fin),
            ("reponse_prefecture", self.fin_delai_prefecture),
            ("motifs", self.motifs_reponse_due),
            ("droits_maintenus", self.droits_maintenus_jusqu_au),
        ]
        futures = [(code, jour) for code, jour in candidates if jour is not None and jour >= self.aujourd_hui]
        return sorted(futures, key=lambda c: c[1])

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
        """Start of the préfecture's delay, « à compter de la réception »: the date on the avis de réception, or
        the sending day of an e-mail; for a letter whose avis de réception is not recorded, None — the delay is
        then not computed rather than counted from the sending (an invented deadline)."""
        if self.accuse_reception is not None:
            return self.accuse_reception
        return self.courrier_prefecture if self.courrier_par_courriel else None

    @property
    def reception_inconnue(self) -> bool:
        """Letter 2 went by post and the date of its avis de réception is not in the dossier."""
        return self.courrier_prefecture is not None and self.reponse_attendue_depuis is None

    @property
    def fin_delai_prefecture(self) -> date | None:
        """The last day of the préfecture's delay (« dans un délai de 15 jours à compter de la réception »:
        the day of the AR is not counted, the delay runs to the end of its 15th day)."""
        debut = self.reponse_attendue_depuis
        return debut + timedelta(days=self.delai_prefecture_jours) if debut else None

    @property
    def jours_depuis_envoi(self) -> int | None:
        """Days since letter 2 was sent."""
        return (self.aujourd_hui - self.courrier_prefecture).days if self.courrier_prefecture else None

    @property
    def refere_possible_le(self) -> date | None:
        """The day after the delay: from then on the préfecture's silence makes a référé ripe. Without the date of
        the avis de réception, the delay is counted after a presumed transit (``acheminement_courrier``): the
        référé needs no prior request (L. 521-3 CJA), the delay is only our letter's courtesy (docs/delais.md)."""
        fin = self.fin_delai_prefecture
        if fin is None and self.reception_inconnue and self.courrier_prefecture is not None:
            fin = self.courrier_prefecture + timedelta(days=self.acheminement_jours + self.delai_prefecture_jours)
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
            "reception_inconnue": self.reception_inconnue,
            "delai_rejet": self.delai_rejet.as_dict() if self.delai_rejet else None,
            "rejet_proche": self.rejet_proche,
            "fenetre_renouvellement": self.fenetre.as_dict() if self.fenetre else None,
            "recours_limite_an": iso(self.recours_limite_an),
            "motifs_demandes_le": iso(self.motifs_demandes_le),
            "motifs_communiques_le": iso(self.motifs_communiques_le),
            "motifs_reponse_due": iso(self.motifs_reponse_due),
            "motifs_possibles": self.motifs_possibles,
            "droits_maintenus_jusqu_au": iso(self.droits_maintenus_jusqu_au),
            "reponse_avant_le": iso(self.reponse_avant_le),
            "pressantes": [{"echeance": code, "date": iso(jour)} for code, jour in self.pressantes()],
        }


def _fin_recours(rejet: date | None, motifs_demandes: date | None, motifs_communiques: date | None) -> date | None:
    """The prudent end of the appeal period: two months after the implicit rejection (R. 421-2 CJA), the same
    day two months later (the délai franc may give one day more); after a request for reasons made within it,
    two months after their communication (L. 232-4 CRPA), never beyond a year from the request (CE, avis,
    2 octobre 2025, n° 504677) — without an answer, that year is the limit."""
    if rejet is None:
        return None
    initiale = ajouter(rejet, "recours_contentieux")
    if motifs_demandes is None or motifs_demandes > initiale:
        return initiale
    plafond = ajouter(motifs_demandes, "motifs_plafond")
    if motifs_communiques is None:
        return plafond
    return min(ajouter(motifs_communiques, "motifs_prorogation"), plafond)


def compute_echeances(dossier: Dossier, aujourd_hui: date, controle: ControlePieces | None = None) -> Echeances:
    """Every deadline of the dossier (R. 432-1 / R. 432-2 CESEDA by category, R. 421-2 CJA, L. 232-4 CRPA,
    R. 431-5 and R. 431-15-1 CESEDA, L. 433-3 CESEDA). ``controle``: the dossier's pièce check, when the caller
    has it already (``analyse.analyser``)."""
    from lettres.procedure.titre import controler_pieces

    d = dossier.demande
    depot = d.date_depot if depot_effectue(dossier) else None
    controle = (controle or controler_pieces(dossier)) if depot else None
    etat = completude(dossier, controle) if depot else "inconnue"
    regle = delai_rejet(dossier) if depot else None
    rejet = regle.echeance(depot) if depot and regle and etat != "non" else None
    annonce = dossier.envoi.delai_prefecture_jours
    motifs = dossier.recours.motifs_demandes_le
    return Echeances(
        aujourd_hui=aujourd_hui,
        titre_expiration=d.titre_actuel_expiration,
        document_provisoire=d.document_provisoire,
        document_provisoire_fin=d.document_provisoire_fin,
        depot=depot,
        completude=etat,
        rejet_implicite=rejet,
        fin_recours=_fin_recours(rejet, motifs, dossier.recours.motifs_communiques_le),
        urgence_presumee=d.nature == "renouvellement",
        courrier_prefecture=courrier_prefecture_envoye(dossier),
        accuse_reception=dossier.envoi.accuse_reception_le,
        delai_prefecture_jours=annonce or dossier.envoi.delai_reponse_jours,
        delai_prefecture_annonce=annonce is not None,
        alerte_recours_jours=delai("alerte_fin_recours").nombre_jours,
        pieces_cochees=etat == "presumee" and controle is not None and controle.etat in ("complete", "communes"),
        delai_rejet=regle,
        fenetre=fenetre_renouvellement(dossier),
        fin_recours_initiale=ajouter(rejet, "recours_contentieux") if rejet else None,
        motifs_demandes_le=motifs,
        motifs_communiques_le=dossier.recours.motifs_communiques_le,
        droits_maintenus_jusqu_au=maintien_droits(dossier),
        maintien_condition=_condition_quatre_ans(d.categorie, d.titre_actuel_expiration, aujourd_hui),
        alerte_rejet_jours=delai("alerte_rejet_proche").nombre_jours,
        delai_reponse_jours=dossier.envoi.delai_reponse_jours,
        courrier_par_courriel=_par_courriel(dossier, courrier_prefecture_envoye(dossier)),
        acheminement_jours=delai("acheminement_courrier").nombre_jours,
    )


def _par_courriel(dossier: Dossier, envoye: date | None) -> bool:
    """Letter 2 was sent by e-mail that day, and no letter by post: received the day it was sent."""
    if envoye is None:
        return False
    types = {d.type for d in dossier.demarches if d.date == envoye and d.type in TYPES_COURRIER_PREFECTURE}
    return types == {"courriel_prefecture"}
