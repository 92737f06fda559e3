"""The verification of a dossier: what it proves, what is missing, the deadlines, and what to do next.

Every alert carries the reason and the source of its rule (data file ``regles.yaml``); the next
action names the concrete contact for the dossier's préfecture (data file ``prefectures.yaml``), or the
structure's own (configuration ``prefectures.CODE``), and never a regional contact outside its region.
What to do is said in French sentences without any command, and as :class:`Action` codes that each door
phrases (the terminal with the command to type, the web with a link or a button).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from lettres.dossier import Dossier
from lettres.francais import date_courte, date_lettre, duree_jours
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.analyse import analyser
from lettres.procedure.delais import Echeances, completude
from lettres.procedure.etapes import EtatEtape
from lettres.procedure.prefecture import FichePrefecture, rdv_connu
from lettres.procedure.refere import Refere, compute_refere
from lettres.procedure.regles import COURRIER_PREFECTURE, NOTE_ORIENTATION, Alerte
from lettres.procedure.situation import Situation
from lettres.procedure.titre import ControlePieces, controler_pieces, lignes_titre, titre_as_dict
from lettres.referentiel import charger_referentiel


@dataclass
class Contact:
    libelle: str
    telephone: str = ""
    horaires: str = ""
    courriel: str = ""
    url: str = ""
    source: str = ""


@dataclass
class ProchaineAction:
    etape: int | None
    quoi: str
    contacts: list[Contact] = field(default_factory=list)
    avant_le: date | None = None  # a deadline that overrides everything else (end of the appeal period)
    court: str = ""  # the same in a few words, for a table cell (the follow-up table)
    actions: list[Action] = field(default_factory=list)  # what the user can do for it, phrased by each door


@dataclass
class Verification:
    dossier: Dossier
    aujourd_hui: date
    etapes: list[EtatEtape]
    alertes: list[Alerte]
    echeances: Echeances
    prochaine: ProchaineAction
    situation: Situation
    refere: Refere | None = None
    pieces: ControlePieces | None = None
    prefecture: FichePrefecture | None = None

    @property
    def titre_lignes(self) -> list[str]:
        """The ANEF route, the pièces and the completeness (« Titre et pièces »)."""
        pieces = self.pieces or controler_pieces(self.dossier, suggerer=True)
        return lignes_titre(self.dossier, pieces, completude(self.dossier))

    @property
    def complet(self) -> bool:
        return all(e.prouvee for e in self.etapes)


def _contact(code: str) -> Contact:
    c = charger_referentiel().contacts[code]
    return Contact(c.libelle, c.telephone, c.horaires, c.courriel, c.url, c.source)


def _juridique(dossier: Dossier, locaux: dict[str, Any]) -> list[Contact]:
    """Legal help: the ESPACE hotline in PACA and Corse only; elsewhere the structure's local line when it gave
    one, and always the national networks (Défenseur des droits delegates, Points-justice)."""
    if charger_referentiel().en_paca(dossier.demande.prefecture):
        return [_contact("espace")]
    local = str(locaux.get("juridique") or "").strip()
    source = str(locaux.get("source") or "renseigné par votre structure")
    contacts = [Contact(f"Permanence juridique locale : {local}", source=source)] if local else []
    return [*contacts, _contact("defenseur_droits"), _contact("point_justice")]


QUOI = {
    1: "Faire des captures d'écran du blocage, la date et l'adresse de la page bien visibles, sur plusieurs jours.",
    2: "Signaler le blocage au service ANEF : formulaire « Nous contacter » ou courriel au support de la DGEF "
    "(le message se prépare à partir du dossier).",
    3: "Appeler l'assistance ANEF et faire une capture d'écran du journal d'appels.",
    4: "Demander un rendez-vous « blocage ANEF » au point d'accueil numérique de la préfecture ; sans créneau, "
    "faire des captures sur au moins une semaine.",
    5: "Écrire au service des étrangers de la préfecture en listant toutes les démarches.",
    6: "Se rapprocher d'un ou d'une juriste, du délégué ou de la déléguée du Défenseur des droits, ou d'un avocat "
    "(la note d'orientation présente le dossier).",
}
# what the user can do for each missing step: log the démarche, or produce the document that goes with it
ACTIONS_ETAPE = {
    1: [Action(Quoi.DEMARCHE, valeur="capture_ecran")],
    2: [Action(Quoi.PRODUIRE, ("dgef",)), Action(Quoi.DEMARCHE, valeur="formulaire_contact")],
    3: [Action(Quoi.DEMARCHE, valeur="appel_anef")],
    4: [Action(Quoi.DEMARCHE, valeur="demande_rdv")],
    5: [COURRIER_PREFECTURE],
    6: [NOTE_ORIENTATION],
}


def _avocat(situation: Situation, contacts: list[Contact]) -> ProchaineAction:
    """An implicit rejection, or a decision already notified: the route is the court, with a lawyer."""
    e = situation.echeances
    if "rejet_implicite" in situation.codes and e.fin_recours is not None:
        if e.recours_expire:
            quoi = (
                f"Consulter un avocat ou une avocate sans attendre : le délai de recours calculé a expiré le "
                f"{date_lettre(e.fin_recours)}, mais il n'est opposable que si l'accusé de réception de la demande "
                "mentionnait les voies et délais de recours."
            )
            return ProchaineAction(
                6,
                quoi,
                contacts,
                court="Consulter un avocat sans attendre (délai de recours expiré)",
                actions=[NOTE_ORIENTATION],
            )
        quoi = (
            f"Consulter un avocat ou une avocate avant le {date_lettre(e.fin_recours)} : la décision implicite de "
            f"rejet est née le {date_lettre(e.rejet_implicite)} ; elle se conteste devant le tribunal administratif, "
            f"au plus tard le {date_lettre(e.fin_recours)}, avec si besoin un référé-suspension (la note "
            "d'orientation présente le dossier à l'avocat)."
        )
        if e.motifs_possibles:
            quoi += (
                " Les motifs de la décision peuvent être demandés à la préfecture dans ce délai (article L. 232-4 du "
                "CRPA) : le délai de recours court alors jusqu'à deux mois après leur communication."
            )
        court = f"Consulter un avocat ou une avocate avant le {date_courte(e.fin_recours)}"
        return ProchaineAction(6, quoi, contacts, e.fin_recours, court, [NOTE_ORIENTATION])
    quoi = (
        "Consulter sans attendre un avocat ou une avocate : une décision a déjà été notifiée et les délais pour la "
        "contester sont courts (la note d'orientation présente le dossier à l'avocat)."
    )
    return ProchaineAction(
        6, quoi, contacts, court="Consulter un avocat sans attendre (décision notifiée)", actions=[NOTE_ORIENTATION]
    )


# the contact that goes with each missing step (None: every step proven); steps 4 and 5 name the préfecture's own,
# step 6 the legal help of the dossier's territory
CONTACT_ETAPE = {None: "site_anef", 1: "site_anef", 2: "dgef_support"}
# always useful: the ANEF assistance numbers, then the legal help (ESPACE in PACA-Corse, national networks elsewhere)
CONTACTS_TOUJOURS = ("assistance_anef_particuliers", "assistance_anef_professionnels")


def _rdv_contact(dossier: Dossier, locaux: dict[str, Any]) -> Contact:
    """Step 4: the appointment channel of the préfecture's PAN, from the data or the structure — or what to add."""
    prefecture = charger_referentiel().prefectures[dossier.demande.prefecture]
    rdv = prefecture.rdv_blocage
    if str(locaux.get("rdv") or "").strip():
        source = str(locaux.get("source") or "renseigné par votre structure")
        return Contact(
            f"Point d'accueil numérique de la {prefecture.nom[0].lower()}{prefecture.nom[1:]} : "
            f"{str(locaux['rdv']).strip()}",
            source=source,
        )
    if rdv is not None and rdv_connu(prefecture, locaux):
        return Contact(rdv.libelle, rdv.telephone, rdv.horaires, source=rdv.source)
    return Contact(
        f"{prefecture.nom} : aucune source ne donne le moyen d'obtenir un rendez-vous au point d'accueil "
        "numérique ; renseignez-vous auprès de la préfecture, puis ajoutez-le aux réglages de la préfecture"
    )


def _prefecture_contact(dossier: Dossier, manquante: int | None, locaux: dict[str, Any]) -> Contact | None:
    """Step 4 (an appointment) and step 5 (letter 2) go to the dossier's own préfecture."""
    prefecture = charger_referentiel().prefectures[dossier.demande.prefecture]
    if manquante == 4:
        return _rdv_contact(dossier, locaux)
    if manquante == 5:
        courriel = dossier.envoi.prefecture_courriel or prefecture.courriel
        return Contact(f"{prefecture.nom}, service des étrangers", courriel=courriel)
    return None


def _contacts(dossier: Dossier, manquante: int | None, locaux: dict[str, Any]) -> list[Contact]:
    """The contacts for the missing step first, then the ones always useful (each named once)."""
    contacts: list[Contact] = []
    local = _prefecture_contact(dossier, manquante, locaux)
    if manquante in CONTACT_ETAPE:
        contacts.append(_contact(CONTACT_ETAPE[manquante]))
    elif local is not None:
        contacts.append(local)
    for contact in [_contact(code) for code in CONTACTS_TOUJOURS] + _juridique(dossier, locaux):
        if contact.libelle not in {c.libelle for c in contacts}:
            contacts.append(contact)
    return contacts


def _step_texts(manquante: int | None) -> tuple[str, str]:
    """What to do for the missing step (``quoi``), and the same in a few words (``court``)."""
    if not manquante:
        return (
            "Toutes les étapes de la fiche sont prouvées : en l'absence de réponse de la préfecture, "
            "l'avocat ou l'avocate peut saisir le juge des référés."
        ), "Référé possible : voir un avocat ou une avocate"
    return QUOI[manquante], f"Étape {manquante} : " + next(
        x.libelle for x in charger_referentiel().etapes if x.numero == manquante
    )


def _piece_texts(dossier: Dossier, etat: EtatEtape) -> tuple[str, str, list[Action]]:
    """A step done but whose démarches lack their file: the file to attach, not the step to redo."""
    types = charger_referentiel().types_demarche
    index = max(etat.demarches, key=lambda i: dossier.demarches[i].date)  # the latest, counted from 0
    d = dossier.demarches[index]
    quoi = (
        f"Joindre le fichier qui prouve la démarche « {types[d.type]} » du {date_lettre(d.date)} (capture d'écran, "
        f"courriel, journal d'appels…) : l'étape {etat.etape.numero} est faite, mais sans pièce, les documents ne "
        "peuvent pas s'en prévaloir."
    )
    court = f"Étape {etat.etape.numero} : joindre la pièce de la démarche du {date_courte(d.date)}"
    return quoi, court, [Action(Quoi.PIECE_DEMARCHE, valeur=str(index + 1))]  # counted from 1, as the doors do


def _step_actions(dossier: Dossier, manquante: int | None, locaux: dict[str, Any]) -> list[Action]:
    """What the user can do for the missing step; for an appointment nobody knows how to get, add it to the
    préfecture's settings once found."""
    actions = list(ACTIONS_ETAPE[manquante]) if manquante else []
    code = dossier.demande.prefecture
    if manquante == 4 and not rdv_connu(charger_referentiel().prefectures[code], locaux):
        actions.append(Action(Quoi.PREFECTURE, valeur=code))
    return actions


def _refere_action(refere: Refere, contacts: list[Contact]) -> ProchaineAction:
    """The préfecture let its delay run out: the référé « mesures utiles » can be filed."""
    devant = refere.tribunal_nom[:1].lower() + refere.tribunal_nom[1:] if refere.tribunal else "tribunal administratif"
    delai = (
        f"{refere.reception[:-1]} : le juge"
        if refere.reception
        else f"Le délai laissé à la préfecture a expiré le {date_lettre(refere.possible_le)} sans réponse : le juge"
    )
    quoi = (
        f"{delai} des référés du {devant} peut être saisi (référé « mesures utiles », article L. 521-3 du code de justice "
        "administrative). Le projet de requête et les pièces pour Télérecours citoyens se préparent avec le "
        "dossier ; faites-les relire par un ou une juriste avant le dépôt."
    )
    court = f"Référé possible ({refere.tribunal['ville'] if refere.tribunal else 'tribunal administratif'})"
    return ProchaineAction(6, quoi, contacts, court=court, actions=[Action(Quoi.PRODUIRE, ("refere",))])


def _rejet_proche_action(
    situation: Situation,
    manquante: int | None,
    quoi: str,
    juridiques: list[Contact],
    etape: list[Action],
    refere: Refere | None = None,
) -> ProchaineAction:
    """The implicit rejection arises within 30 days: it overrides the usual next step. A référé already possible
    is the thing to do before it; step 6 (see a jurist) is said once, not again after « Ensuite »."""
    e = situation.echeances
    assert e.rejet_implicite is not None
    plus_tot = "" if e.rejet_implicite_certain else " au plus tôt"
    avant = date_lettre(e.rejet_implicite)
    naitra = (
        f"Agir avant le {avant} : la décision implicite de rejet naîtra{plus_tot} ce jour-là (dans "
        f"{duree_jours(e.jours_avant_rejet or 0)})."
    )
    apres = (
        "une fois la décision née, la voie sera le recours contre elle devant le tribunal administratif, avec si "
        "besoin un référé-suspension."
    )
    if refere is not None and refere.possible and refere.possible_le:
        devant = refere.tribunal_nom[:1].lower() + refere.tribunal_nom[1:] if refere.tribunal else "tribunal administratif"
        texte = (
            f"{naitra} Le juge des référés du {devant} peut être saisi dès maintenant, avant cette date (référé « "
            "mesures utiles », article L. 521-3 du code de justice administrative) : le projet de requête et les "
            "pièces pour Télérecours citoyens se préparent avec le dossier ; faites-les relire sans attendre par un "
            f"ou une juriste ou un avocat ; {apres}"
        )
        court = f"Référé avant le {date_courte(e.rejet_implicite)}, date de la décision implicite"
        return ProchaineAction(6, texte, juridiques, e.rejet_implicite, court, [Action(Quoi.PRODUIRE, ("refere",))])
    texte = f"{naitra} Consulter dès maintenant un ou une juriste ou un avocat ; {apres}"
    actions: list[Action] = []
    if e.courrier_prefecture is None and "diligences_incompletes" not in situation.codes:
        texte += f" Le courrier à la préfecture, s'il part, demande une réponse avant le {avant}."
        actions = [COURRIER_PREFECTURE]
    elif manquante == 6:  # « consult a jurist » is what the text just said: its document only
        actions = etape
    elif manquante:
        texte += " Ensuite : " + quoi[0].lower() + quoi[1:]
        actions = etape
    court = f"Agir avant le {date_courte(e.rejet_implicite)}, date de la décision implicite"
    return ProchaineAction(manquante, texte, juridiques, e.rejet_implicite, court, actions)


def _waiting(e: Echeances, manquante: int | None) -> bool:
    """Letter 2 is sent and the préfecture's delay still runs: the next thing is to wait for its answer."""
    return manquante in (6, None) and bool(e.courrier_prefecture) and not e.delai_prefecture_expire


def _wait_texts(
    e: Echeances, manquante: int | None, quoi: str, etape: list[Action]
) -> tuple[str, str, list[Action]]:
    """``quoi``, ``court`` and the actions while the préfecture's delay runs: wait, then (if any) the missing
    step. Without the date of the avis de réception, the delay is not computed: record it first."""
    suite = ("Ensuite : " + quoi[0].lower() + quoi[1:]) if manquante else quoi
    ensuite = etape if manquante else []
    if e.fin_delai_prefecture is None:
        court = "Reporter la date de l'avis de réception du courrier à la préfecture"
        attente = (
            f"Le courrier à la préfecture est parti le {date_lettre(e.courrier_prefecture)} : son délai de réponse "
            f"({duree_jours(e.delai_prefecture_jours)}) court de sa réception. Reportez la date de l'avis de "
            "réception dès qu'il revient. "
        )
        return attente + suite, court, [Action(Quoi.ACCUSE_RECEPTION), *ensuite]
    court = f"Attendre la réponse de la préfecture jusqu'au {date_courte(e.fin_delai_prefecture)}"
    attente = f"Le courrier à la préfecture est parti le {date_lettre(e.courrier_prefecture)} : attendre sa réponse jusqu'au {date_lettre(e.fin_delai_prefecture)}. "
    return attente + suite, court, ensuite


def next_action(
    dossier: Dossier,
    etats: list[EtatEtape],
    situation: Situation | None = None,
    locaux: dict[str, Any] | None = None,
    refere: Refere | None = None,
) -> ProchaineAction:
    """The most urgent thing to do: the lawyer when the appeal period runs, else the first missing step,
    with the concrete contacts for this dossier (``locaux``: the structure's own for its préfecture;
    ``refere``: the dossier's, when the caller has it already)."""
    locaux = locaux or {}
    if situation is not None and ("rejet_implicite" in situation.codes or dossier.demande.decision):
        return _avocat(situation, _juridique(dossier, locaux))
    etat = next((e for e in etats if e.a_faire), None)
    manquante = etat.etape.numero if etat else None
    contacts = _contacts(dossier, manquante, locaux)
    quoi, court = _step_texts(manquante)
    actions = _step_actions(dossier, manquante, locaux)
    if etat is not None and etat.sans_preuve and not etat.moins_d_une_semaine:
        quoi, court, actions = _piece_texts(dossier, etat)
    if situation is None:
        return ProchaineAction(manquante, quoi, contacts, court=court, actions=actions)
    refere = refere or compute_refere(dossier, situation)
    if situation.echeances.rejet_proche:
        return _rejet_proche_action(situation, manquante, quoi, _juridique(dossier, locaux), actions, refere)
    if refere.possible and refere.possible_le:
        return _refere_action(refere, _juridique(dossier, locaux))
    if _waiting(situation.echeances, manquante):
        quoi, court, actions = _wait_texts(situation.echeances, manquante, quoi, actions)
    return ProchaineAction(manquante, quoi, contacts, court=court, actions=actions)


def verify(dossier: Dossier, aujourd_hui: date, locaux: dict[str, Any] | None = None) -> Verification:
    """The whole check of a dossier at a given date (``locaux``: the structure's contacts for its préfecture),
    from the dossier's one analysis."""
    analyse = analyser(dossier, aujourd_hui, locaux, suggerer=True)
    etats = list(analyse.etapes)
    # dated alerts first: an implicit rejection already arisen matters more than a missing screenshot
    alertes = list(analyse.alertes)
    return Verification(
        dossier,
        aujourd_hui,
        etats,
        alertes,
        analyse.echeances,
        next_action(dossier, etats, analyse.situation, locaux, analyse.refere),
        analyse.situation,
        analyse.refere,
        analyse.pieces,
        analyse.prefecture,
    )


def action_as_dict(action: Action | None) -> dict[str, Any] | None:
    """An action for other programs: its kind and data (``quoi``, ``documents``, ``section``, ``champ``,
    ``valeur``)."""
    if action is None:
        return None
    return {**asdict(action), "quoi": action.quoi.value, "documents": list(action.documents)}


def as_json(v: Verification) -> dict[str, Any]:
    """A stable shape for other programs (dates as AAAA-MM-JJ)."""
    d = v.dossier
    e = v.echeances
    inconnu = [
        k for k, val in (("titre_expiration", e.titre_expiration), ("date_depot", d.demande.date_depot)) if val is None
    ]
    return {
        "date_du_jour": v.aujourd_hui.isoformat(),
        "complet": v.complet,
        "etapes": [
            {
                "numero": s.etape.numero,
                "libelle": s.etape.libelle,
                "prouvee": s.prouvee,
                "faite": s.faite,
                "demarches": [
                    {
                        "date": d.demarches[i].date.isoformat(),
                        "type": d.demarches[i].type,
                        "pieces": list(d.demarches[i].pieces),
                    }
                    for i in s.demarches
                ],
            }
            for s in v.etapes
        ],
        "alertes": [{**asdict(a), "action": action_as_dict(a.action)} for a in v.alertes],
        "situation": v.situation.as_dict(),
        "refere": v.refere.as_dict() if v.refere else None,
        "titre": titre_as_dict(d, v.pieces or controler_pieces(d, suggerer=True), completude(d)),
        "echeances": {
            **e.as_dict(),
            "date_depot": d.demande.date_depot.isoformat() if d.demande.date_depot else None,
            "inconnu": inconnu,
        },
        "prochaine_action": {
            "etape": v.prochaine.etape,
            "quoi": v.prochaine.quoi,
            "avant_le": v.prochaine.avant_le.isoformat() if v.prochaine.avant_le else None,
            "court": v.prochaine.court,
            "contacts": [asdict(c) for c in v.prochaine.contacts],
            "actions": [action_as_dict(a) for a in v.prochaine.actions],
        },
        "prefecture": v.prefecture.as_dict() if v.prefecture else None,
    }
