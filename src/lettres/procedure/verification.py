"""``lettres verifier``: what the dossier proves, what is missing, the deadlines, and what to do next.

Every alert carries the reason and the source of its rule (data file ``regles.yaml``); the next
action names the concrete contact for the dossier's préfecture (data file ``prefectures.yaml``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from lettres.dossier.schema import Dossier
from lettres.francais import date_courte, date_lettre, duree_jours
from lettres.procedure.etapes import Echeances, EtatEtape, compute_echeances, etat_etapes
from lettres.referentiel import charger_referentiel

TYPES_PREFECTURE = {"courriel_prefecture", "courrier_prefecture"}


@dataclass
class Alerte:
    regle: str
    message: str
    raison: str
    quoi_faire: str
    source: str


@dataclass
class Contact:
    libelle: str
    telephone: str = ""
    horaires: str = ""
    courriel: str = ""
    url: str = ""


@dataclass
class ProchaineAction:
    etape: int | None
    quoi: str
    contacts: list[Contact] = field(default_factory=list)


@dataclass
class Verification:
    dossier: Dossier
    aujourd_hui: date
    etapes: list[EtatEtape]
    alertes: list[Alerte]
    echeances: Echeances
    prochaine: ProchaineAction

    @property
    def complet(self) -> bool:
        return all(e.prouvee for e in self.etapes)


def _alerte(code: str, message: str) -> Alerte:
    regle = charger_referentiel().regles[code]
    return Alerte(code, message, " ".join(regle["raison"].split()), " ".join(regle["quoi_faire"].split()), regle["source"])


def _weeks(dossier: Dossier) -> list[Alerte]:
    """Captures (step 1) and appointment attempts (step 4) must not all fall within one week."""
    referentiel = charger_referentiel()
    types = {t for e in referentiel.etapes if e.numero in (1, 4) for t in e.types}
    concernees = [d for d in dossier.demarches if d.type in types]
    dates = sorted({d.date for d in concernees})
    if not dates:
        return []
    etapes = {referentiel.etape_du_type(d.type).numero for d in concernees}
    quoi = {frozenset({1}): "Les captures d'écran", frozenset({4}): "Les demandes de rendez-vous"}.get(
        frozenset(etapes), "Les captures et les demandes de rendez-vous")
    weeks = len({d.isocalendar()[:2] for d in dates})
    span = (dates[-1] - dates[0]).days
    if span >= referentiel.regles["semaines"]["jours_minimum"]:
        return []
    periode = f"le {date_lettre(dates[0])}" if span == 0 else f"du {date_lettre(dates[0])} au {date_lettre(dates[-1])}"
    semaines = f"{weeks} semaine{'s' if weeks > 1 else ''} civile{'s' if weeks > 1 else ''}"
    return [_alerte("semaines", f"{quoi} tiennent toutes en {duree_jours(span + 1)} "
                               f"({periode}, {semaines}) : elles doivent s'étaler sur plusieurs semaines.")]


def _missing_pieces(dossier: Dossier) -> list[Alerte]:
    referentiel = charger_referentiel()
    etapes = referentiel.regles["piece_manquante"]["etapes"]
    types = referentiel.types_demarche
    alertes = []
    for d in sorted(dossier.demarches, key=lambda d: d.date):
        etape = referentiel.etape_du_type(d.type)
        if etape and etape.numero in etapes and not d.pieces:
            alertes.append(_alerte("piece_manquante", f"{types[d.type]} du {date_courte(d.date)} sans pièce (étape {etape.numero})."))
    return alertes


def _order(dossier: Dossier, etats: list[EtatEtape]) -> list[Alerte]:
    alertes = []
    by_step = {e.etape.numero: sorted(dossier.demarches[i].date for i in e.demarches) for e in etats}
    if by_step[6] and (not by_step[5] or by_step[6][0] < by_step[5][0]):
        avant = f"avant le courrier à la préfecture du {date_courte(by_step[5][0])}" if by_step[5] else "sans courrier à la préfecture enregistré"
        alertes.append(_alerte("ordre_prefecture_orientation", f"Orientation (étape 6) du {date_courte(by_step[6][0])} {avant}."))
    premier_prefecture = min((d.date for d in dossier.demarches if d.type in TYPES_PREFECTURE), default=None)
    for d in dossier.demarches:
        if d.type == "saisine_ddd" and (premier_prefecture is None or premier_prefecture > d.date):
            alertes.append(_alerte("ddd_demarche_prealable",
                                   f"Saisine du Défenseur des droits du {date_courte(d.date)} sans démarche préalable auprès de la préfecture."))
    wants_ddd = dossier.orientation is not None and dossier.orientation.vers == "delegue_ddd"
    if wants_ddd and premier_prefecture is None and not any(d.type == "saisine_ddd" for d in dossier.demarches):
        alertes.append(_alerte("ddd_demarche_prealable",
                               "La note d'orientation vise le Défenseur des droits, mais aucune démarche auprès de la préfecture n'est enregistrée."))
    return alertes


def _diligences(etats: list[EtatEtape]) -> list[Alerte]:
    manquantes = [f"{e.etape.numero} ({e.etape.libelle})" for e in etats if e.etape.numero <= 4 and not e.prouvee]
    if not manquantes:
        return []
    return [_alerte("diligences", "Étapes 1 à 4 de la fiche non toutes prouvées (manquent : " + ", ".join(manquantes) +
                    ") : le courrier à la préfecture liste les démarches faites sans affirmer que toutes les diligences ont été accomplies.")]


def alerte_texte(alerte: Alerte) -> str:
    """One warning as a sentence: what, why (with its source), what to do."""
    return f"{alerte.message} Pourquoi : {alerte.raison} ({alerte.source}). À faire : {alerte.quoi_faire}"


def check_rules(dossier: Dossier) -> list[Alerte]:
    """Every procedure rule, in the order of the fiche."""
    etats = etat_etapes(dossier)
    return _weeks(dossier) + _missing_pieces(dossier) + _diligences(etats) + _order(dossier, etats)


def _contact(code: str) -> Contact:
    c = charger_referentiel().contacts[code]
    return Contact(c["libelle"], c.get("telephone", ""), c.get("horaires", ""), c.get("courriel", ""), c.get("url", ""))


QUOI = {
    1: "Faire des captures d'écran du blocage, la date et l'adresse de la page bien visibles, sur plusieurs jours.",
    2: "Signaler le blocage au service ANEF : formulaire « Nous contacter » ou courriel au support de la DGEF "
       "(lettres generer DOSSIER.yaml --lettres dgef prépare le message).",
    3: "Appeler l'assistance ANEF et faire une capture d'écran du journal d'appels.",
    4: "Demander un rendez-vous « blocage ANEF » au point d'accueil numérique de la préfecture ; sans créneau, "
       "faire des captures sur au moins une semaine.",
    5: "Écrire au service des étrangers de la préfecture en listant toutes les démarches "
       "(lettres generer DOSSIER.yaml --lettres prefecture,bordereau).",
    6: "Se rapprocher d'un ou d'une juriste, du délégué ou de la déléguée du Défenseur des droits, ou d'un avocat "
       "(lettres generer DOSSIER.yaml --lettres orientation,bordereau).",
}


def next_action(dossier: Dossier, etats: list[EtatEtape], fichier: str = "DOSSIER.yaml") -> ProchaineAction:
    """The first missing step, with the concrete contacts for this dossier."""
    referentiel = charger_referentiel()
    manquante = next((e.etape.numero for e in etats if not e.prouvee), None)
    prefecture = referentiel.prefectures[dossier.demande.prefecture]
    rdv = prefecture.get("rdv_blocage", {})
    contacts: list[Contact] = []
    if manquante in (1, None):
        contacts.append(_contact("site_anef"))
    if manquante == 2:
        contacts.append(_contact("dgef_support"))
    if manquante == 4:
        contacts.append(Contact(rdv.get("libelle", prefecture["nom"]), rdv.get("telephone", ""), rdv.get("horaires", "")))
    if manquante == 5:
        courriel = dossier.envoi.prefecture_courriel or prefecture.get("courriel", "")
        contacts.append(Contact(f"{prefecture['nom']}, service des étrangers", courriel=courriel))
    if manquante == 6:
        contacts.append(_contact("espace"))
    # always useful: the ANEF assistance numbers and, for professionals, the ESPACE legal hotline
    for code in ("assistance_anef_particuliers", "assistance_anef_professionnels", "espace"):
        contact = _contact(code)
        if contact.libelle not in {c.libelle for c in contacts}:
            contacts.append(contact)
    quoi = QUOI[manquante].replace("DOSSIER.yaml", fichier) if manquante else ("Toutes les étapes de la fiche sont prouvées : en l'absence de réponse de la préfecture, "
                                               "l'avocat ou l'avocate peut saisir le juge des référés.")
    return ProchaineAction(manquante, quoi, contacts)


def verify(dossier: Dossier, aujourd_hui: date, fichier: str = "DOSSIER.yaml") -> Verification:
    """The whole check of a dossier at a given date."""
    etats = etat_etapes(dossier)
    alertes = check_rules(dossier)
    for alerte in alertes:
        alerte.quoi_faire = alerte.quoi_faire.replace("DOSSIER.yaml", fichier)
    return Verification(dossier, aujourd_hui, etats, alertes, compute_echeances(dossier, aujourd_hui),
                        next_action(dossier, etats, fichier))


def as_json(v: Verification) -> dict[str, Any]:
    """A stable shape for other programs (dates as AAAA-MM-JJ)."""
    d = v.dossier
    e = v.echeances
    inconnu = [k for k, val in (("titre_expiration", e.titre_expiration), ("date_depot", d.demande.date_depot)) if val is None]
    return {
        "date_du_jour": v.aujourd_hui.isoformat(),
        "complet": v.complet,
        "etapes": [{
            "numero": s.etape.numero, "libelle": s.etape.libelle, "prouvee": s.prouvee,
            "demarches": [{"date": d.demarches[i].date.isoformat(), "type": d.demarches[i].type, "pieces": list(d.demarches[i].pieces)}
                          for i in s.demarches],
        } for s in v.etapes],
        "alertes": [asdict(a) for a in v.alertes],
        "echeances": {
            "titre_expiration": e.titre_expiration.isoformat() if e.titre_expiration else None,
            "jours_avant_expiration": e.jours_avant_expiration,
            "date_depot": d.demande.date_depot.isoformat() if d.demande.date_depot else None,
            "rejet_implicite": e.rejet_implicite.isoformat() if e.rejet_implicite else None,
            "fin_recours": e.fin_recours.isoformat() if e.fin_recours else None,
            "urgence_presumee": e.urgence_presumee,
            "inconnu": inconnu,
        },
        "prochaine_action": {"etape": v.prochaine.etape, "quoi": v.prochaine.quoi,
                             "contacts": [asdict(c) for c in v.prochaine.contacts]},
    }
