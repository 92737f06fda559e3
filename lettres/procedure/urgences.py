"""Alerts that depend on the date: a past date is said in the past, and the most urgent comes first.

These alerts come before the procedure rules of ``regles.py`` in ``verifier`` and ``generer``: an implicit
rejection already arisen, or an appeal period about to end, matters more than a missing screenshot.
"""

from __future__ import annotations

import re
from datetime import date

from lettres.dossier import Dossier
from lettres.dossier.questions import question
from lettres.francais import date_lettre, duree_jours
from lettres.procedure.delais import Echeances
from lettres.procedure.regles import Alerte, build_alerte
from lettres.procedure.situation import Situation
from lettres.referentiel.accords import accord_de, accords_possibles

VOIX_TEXTES = ("description", "consequences")
# a suspension of benefits or of work, as a caseworker writes it in the consequences
SUSPENSION = re.compile(
    r"france\s*travail|p[ôo]le\s*emploi|\bcaf\b|allocation|employeur|suspen|licenci|droits?\s+sociaux",
    re.IGNORECASE,
)


def base_rejet(e: Echeances) -> str:
    """« dépôt du 20 septembre 2026 + 90 jours, art. R. 432-2 et R. 422-5 du CESEDA »."""
    regle = e.delai_rejet
    if regle is None:
        return f"dépôt du {date_lettre(e.depot)}"
    return f"dépôt du {date_lettre(e.depot)} + {regle.duree}, {regle.references}"


def phrase_recours(e: Echeances) -> str:
    """The end of the appeal period, stated prudently: « au plus tard le … », when it does not run, the outer
    limit of one year, and the request for reasons when one was made."""
    if e.fin_recours is None:
        return ""
    fin = date_lettre(e.fin_recours)
    if e.motifs_demandes_le is not None and e.motifs_communiques_le is None:
        return (
            f"Motifs demandés le {date_lettre(e.motifs_demandes_le)} (réponse due au plus tard le "
            f"{date_lettre(e.motifs_reponse_due)}) : le recours reste possible, au plus tard le {fin}, deux mois "
            "après la communication des motifs s'ils arrivent avant (article L. 232-4 du CRPA ; CE, avis, "
            "2 octobre 2025, n° 504677)."
        )
    if e.motifs_communiques_le is not None:
        return (
            f"Motifs communiqués le {date_lettre(e.motifs_communiques_le)} : recours au plus tard le {fin} "
            "(deux mois après, article L. 232-4 du CRPA)."
        )
    limite = date_lettre(e.recours_limite_an)
    return (
        f"Recours au plus tard le {fin} (deux mois, date prudente : le délai franc peut laisser un jour de plus). "
        "Ce délai ne court que si l'accusé de réception de la demande indiquait les voies et délais de recours "
        f"(articles L. 112-3, L. 112-6 et R. 112-5 du CRPA) ; sinon, au plus tard le {limite} (un an, CE, Section, "
        "18 mars 2019, n° 417270)."
    )


def _rejet(situation: Situation) -> list[Alerte]:
    e = situation.echeances
    if not e.rejet_implicite_atteint or e.rejet_implicite is None:
        return []
    depuis = (e.aujourd_hui - e.rejet_implicite).days
    quand = "aujourd'hui" if depuis == 0 else f"il y a {duree_jours(depuis)}"
    base = base_rejet(e)
    if "rejet_implicite" not in situation.calculee:
        duree = e.delai_rejet.duree if e.delai_rejet else "le délai"
        return [
            build_alerte(
                "rejet_incertain",
                f"{duree[:1].upper()}{duree[1:]} se sont écoulés depuis le dépôt ({base}, le "
                f"{date_lettre(e.rejet_implicite)}), mais le dossier n'est pas regardé comme complet : aucune "
                "décision implicite de rejet n'est née tant que la préfecture le tient pour incomplet.",
            )
        ]
    condition = "" if e.rejet_implicite_certain else ", si le dossier est regardé comme complet"
    alertes = [
        build_alerte(
            "rejet_implicite_ne",
            f"La décision implicite de rejet est née le {date_lettre(e.rejet_implicite)} ({quand} ; {base}){condition}. "
            f"{phrase_recours(e)}",
        )
    ]
    jours = e.jours_avant_fin_recours
    if e.alerte_recours and jours is not None:
        reste = "expire aujourd'hui" if jours == 0 else f"expire dans {duree_jours(jours)}"
        alertes.append(
            build_alerte(
                "fin_recours_proche",
                f"Le délai de recours contre la décision implicite de rejet {reste} : recours au plus tard le "
                f"{date_lettre(e.fin_recours)}.",
            )
        )
    if e.recours_expire:
        alertes.append(
            build_alerte(
                "recours_expire",
                f"Le délai de recours calculé a expiré le {date_lettre(e.fin_recours)} (deux mois après la décision "
                "implicite de rejet) ; s'il n'était pas opposable (accusé de réception sans les voies et délais), le "
                f"recours reste possible au plus tard le {date_lettre(e.recours_limite_an)}.",
            )
        )
    if e.motifs_possibles and e.fin_recours_initiale is not None:
        alertes.append(
            build_alerte(
                "motifs",
                f"Les motifs de cette décision peuvent être demandés à la préfecture jusqu'au "
                f"{date_lettre(e.fin_recours_initiale)} : elle doit les communiquer dans le mois, et le délai de "
                "recours court alors jusqu'à deux mois après leur communication (un an au plus après la demande).",
            )
        )
    return alertes


def _provisoire(situation: Situation) -> list[Alerte]:
    e = situation.echeances
    jours = e.jours_avant_fin_provisoire
    if jours is None or jours > 30 or (e.rejet_implicite_atteint and "rejet_implicite" in situation.codes):
        return []
    quoi = "Le récépissé" if e.document_provisoire == "recepisse" else "L'attestation de prolongation de l'instruction"
    if jours < 0:
        quand = f"a expiré le {date_lettre(e.document_provisoire_fin)}, il y a {duree_jours(jours)}"
    elif jours == 0:
        quand = "expire aujourd'hui"
    else:
        quand = f"expire le {date_lettre(e.document_provisoire_fin)}, dans {duree_jours(jours)}"
    return [build_alerte("fin_provisoire_proche", f"{quoi} {quand}.")]


def _decision(dossier: Dossier) -> list[Alerte]:
    d = dossier.demande
    if not d.decision:
        return []
    quoi = "Une obligation de quitter le territoire français" if d.decision == "oqtf" else "Un refus de titre de séjour"
    quand = f" le {date_lettre(d.decision_le)}" if d.decision_le else ""
    accord = "notifiée" if d.decision == "oqtf" else "notifié"
    return [build_alerte("decision_notifiee", f"{quoi} a été {accord}{quand}.")]


def _voix(dossier: Dossier) -> list[Alerte]:
    """The person signs, but a text they typed names them in the third person."""
    if dossier.signataire != "personne":
        return []
    nom = re.compile(rf"\b{re.escape(dossier.personne.nom)}\b", re.IGNORECASE)
    champs = [k for k in VOIX_TEXTES if nom.search(getattr(dossier.blocage, k))]
    if not champs:
        return []
    liste = " et ".join(f"« {question(f'blocage.{k}').label} »" for k in champs)
    return [
        build_alerte(
            "voix",
            f"{liste} nomme {dossier.personne.prenoms} {dossier.personne.nom} à la troisième personne, alors que "
            "le courrier est signé par la personne elle-même.",
        )
    ]


def _rejet_proche(situation: Situation) -> list[Alerte]:
    """The implicit rejection arises within 30 days: before it, the letters and the référé still fit."""
    e = situation.echeances
    if not e.rejet_proche or e.rejet_implicite is None or e.jours_avant_rejet is None:
        return []
    plus_tot = "" if e.rejet_implicite_certain else " au plus tôt"
    return [
        build_alerte(
            "rejet_proche",
            f"La décision implicite de rejet naîtra{plus_tot} le {date_lettre(e.rejet_implicite)}, dans "
            f"{duree_jours(e.jours_avant_rejet)} ({base_rejet(e)}).",
            # the letter is sent: it no longer has to ask anything
            variante="courrier_envoye" if e.courrier_prefecture is not None else "",
        )
    ]


def _reponse_avant(situation: Situation) -> list[Alerte]:
    """The titre expires, or the rejection arises, before a 15-day answer could come."""
    e = situation.echeances
    limite = e.reponse_avant_le
    if limite is None or e.courrier_prefecture is not None or "rejet_implicite" in situation.codes:
        return []
    plus_tot = "" if e.rejet_implicite_certain else " au plus tôt"
    quoi = "le titre actuel expire" if limite == e.titre_expiration else f"la décision implicite de rejet naîtra{plus_tot}"
    return [
        build_alerte(
            "reponse_avant_echeance",
            f"{quoi[:1].upper()}{quoi[1:]} le {date_lettre(limite)}, avant la fin d'un délai de réponse de "
            f"{duree_jours(e.delai_reponse_jours)} : le courrier à la préfecture demande une réponse avant le "
            f"{date_lettre(limite)}.",
        )
    ]


def _fenetre(situation: Situation) -> list[Alerte]:
    """A renewal filed outside the R. 431-5 window (between the 120th and the 60th day before expiry)."""
    f = situation.echeances.fenetre
    if f is None or f.depot is None or f.etat == "dans_les_delais":
        return []
    if f.etat == "tardif":
        quand = f"après le {date_lettre(f.fin)}, 60e jour avant l'expiration du titre"
    else:
        quand = f"avant le {date_lettre(f.debut)}, 120e jour avant l'expiration du titre"
    return [
        build_alerte(
            "depot_hors_fenetre",
            f"La demande de renouvellement a été déposée le {date_lettre(f.depot)}, {quand} (période du "
            f"{date_lettre(f.debut)} au {date_lettre(f.fin)}) : les lettres ne disent pas qu'elle a été déposée "
            "dans les délais.",
        )
    ]


def _maintien(dossier: Dossier, situation: Situation) -> list[Alerte]:
    """L. 433-3: raised when the dossier tells of a suspension by France Travail, the CAF or an employer."""
    fin = situation.echeances.droits_maintenus_jusqu_au
    if fin is None or fin < situation.echeances.aujourd_hui or not SUSPENSION.search(dossier.blocage.consequences):
        return []
    return [
        build_alerte(
            "maintien_droits",
            f"Jusqu'à la décision prise sur sa demande, et au plus tard le {date_lettre(fin)} (trois mois après "
            "l'expiration du titre), la personne conserve ses droits sociaux et son droit de "
            f"travailler{situation.echeances.maintien_condition} (article L. 433-3 du CESEDA) : une "
            "suspension par France Travail, la CAF ou l'employeur peut être contestée en l'invoquant.",
        )
    ]


def _delai_a_verifier(dossier: Dossier, situation: Situation) -> list[Alerte]:
    """The category's delay has a shorter case the dossier does not settle, rests on a secondary source, or the
    person's nationality falls under an agreement whose titres R. 432-2 does not name."""
    regle = situation.echeances.delai_rejet
    if regle is None or not regle.categorie:
        return []
    raisons = []
    if regle.variante:
        raisons.append(f"le délai est de {regle.variante}")
    if regle.statut != "verifie":
        raisons.append(f"le rattachement de ce titre à l'article {regle.renvoi} vient d'une source secondaire")
    if regle.note:
        raisons.append(regle.note[:1].lower() + regle.note[1:].rstrip("."))
    if accord_de(dossier.personne.nationalite) is not None:
        raisons.append(
            "pour un titre prévu par un accord bilatéral, le délai de droit commun de quatre mois pourrait s'appliquer"
        )
    if not raisons:
        return []
    return [
        build_alerte(
            "delai_a_verifier",
            f"Délai de la décision implicite retenu pour ce titre ({regle.categorie}) : {regle.duree} "
            f"({regle.references}) ; mais {' ; '.join(raisons)}.",
        )
    ]


def _accord(dossier: Dossier) -> list[Alerte]:
    """An agreement applies (or may): say which, and what the letters do."""
    possibles = accords_possibles(dossier.personne.nationalite)
    if not possibles:
        return []
    if len(possibles) > 1:
        noms = " ou ".join(a.libelle for a in possibles)
        return [
            build_alerte(
                "accord_bilateral",
                f"La nationalité « {dossier.personne.nationalite} » peut relever de l'{noms} : lettres ne peut pas "
                "dire lequel s'applique, les lettres gardent la rédaction du CESEDA.",
            )
        ]
    a = possibles[0]
    titre = a.titre_pour(dossier.demande.categorie)
    if titre:
        suite = f"les lettres nomment le titre « {titre} »"
    elif a.regime == "complet":
        suite = "la catégorie choisie n'a pas d'équivalent nommé dans l'accord : le titre est à vérifier"
    else:
        suite = "hors travail salarié, le CESEDA s'applique"
    return [
        build_alerte(
            "accord_bilateral",
            f"Nationalité relevant de l'{a.libelle} : {suite} ; la procédure reste celle du CESEDA et le contrat "
            "d'engagement républicain est facultatif"
            + (" pour le titre « salarié »" if a.engagement_facultatif == "salarie" else "")
            + ".",
        )
    ]


def check_deadlines(dossier: Dossier, situation: Situation) -> list[Alerte]:
    """Date alerts, most urgent first: they come before every other alert."""
    e = situation.echeances
    # the deadlines still ahead, by date: the nearest one first
    dates = {
        "rejet_proche": e.rejet_implicite,
        "reponse_avant_echeance": e.reponse_avant_le,
        "fin_provisoire_proche": e.document_provisoire_fin,
        "maintien_droits": e.droits_maintenus_jusqu_au,
    }
    a_venir = _rejet_proche(situation) + _reponse_avant(situation) + _provisoire(situation)
    a_venir += _maintien(dossier, situation)
    a_venir.sort(key=lambda a: dates[a.regle] or date.max)
    alertes = _rejet(situation) + _decision(dossier) + a_venir
    alertes += _fenetre(situation) + _delai_a_verifier(dossier, situation) + _accord(dossier)
    return alertes + _voix(dossier)
