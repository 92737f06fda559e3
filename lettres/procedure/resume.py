"""The situation and the deadlines as French sentences, for ``verifier``, tracking tables and the web page.

A date already past is written in the past tense; an implicit rejection whose dossier is not shown to be
complete is given « au plus tôt », with its condition (CE, avis, 10 octobre 2024, n° 494718).
"""

from __future__ import annotations

from datetime import date

from lettres.francais import date_lettre, duree_jours
from lettres.procedure.delais import Echeances
from lettres.procedure.situation import Situation
from lettres.procedure.titre import refus_enregistrement
from lettres.procedure.urgences import base_rejet, phrase_recours


def _dans(jours: int) -> str:
    if jours > 0:
        return f"dans {duree_jours(jours)}"
    return "aujourd'hui" if jours == 0 else f"il y a {duree_jours(jours)}"


def situation_lines(situation: Situation) -> list[str]:
    """« Situation : … », then one line per reason."""
    titre = " + ".join(situation.libelles)
    lines = [f"Situation : {titre} ({', '.join(situation.codes)})."]
    lines += [r.texte for r in situation.raisons]
    if situation.forcee and situation.calculee != situation.codes:
        lines.append(f"Sans la situation imposée, les faits donneraient : {', '.join(situation.calculee)}.")
    return lines


def _titre(e: Echeances) -> str:
    jours = e.jours_avant_expiration
    if jours is None or e.titre_expiration is None:
        return "Titre actuel : date d'expiration non renseignée (« Date d'expiration du titre actuel »)."
    verbe = "a expiré" if jours < 0 else "expire"
    return f"Titre actuel : {verbe} le {date_lettre(e.titre_expiration)}, {_dans(jours)}."


def _provisoire(e: Echeances) -> str | None:
    if not e.document_provisoire:
        return None
    quoi = "Récépissé" if e.document_provisoire == "recepisse" else "Attestation de prolongation de l'instruction (API)"
    jours = e.jours_avant_fin_provisoire
    if jours is None or e.document_provisoire_fin is None:
        return f"{quoi} : délivrée, date de fin non renseignée (« Fin de validité de l'API ou du récépissé »)."
    verbe = "valable jusqu'au" if jours >= 0 else "a expiré le"
    return f"{quoi} : {verbe} {date_lettre(e.document_provisoire_fin)}, {_dans(jours)}."


def _rejet(e: Echeances, depot_declare: date | None) -> list[str]:
    if e.depot is None:
        if depot_declare is not None:
            return [
                "Pas d'attestation de dépôt : la demande n'est pas regardée comme déposée, la date de la décision "
                "implicite de rejet ne peut pas être calculée."
            ]
        return [
            "Date de dépôt inconnue : la date de la décision implicite de rejet et la fin du délai de recours ne "
            "peuvent pas être calculées (si la demande a été déposée, renseignez la « Date de dépôt de la demande »)."
        ]
    if e.rejet_implicite is None or e.fin_recours is None:
        return [
            f"Dossier dit incomplet par la préfecture : pas de décision implicite de rejet ; {refus_enregistrement()}."
        ]
    jours = (e.rejet_implicite - e.aujourd_hui).days
    base = base_rejet(e)
    rejet = date_lettre(e.rejet_implicite)
    if e.rejet_implicite_certain:
        phrase = f"née le {rejet}" if jours <= 0 else f"naîtra le {rejet}"
    elif e.completude == "incertaine":
        phrase = (
            f"serait née le {rejet} si le dossier était regardé comme complet"
            if jours <= 0
            else f"au plus tôt le {rejet}, si le dossier est regardé comme complet"
        )
    else:
        phrase = (
            f"née le {rejet}, si le dossier est regardé comme complet"
            if jours <= 0
            else f"au plus tôt le {rejet}, si le dossier est regardé comme complet"
        )
    lines = [f"Décision implicite de rejet : {phrase} ({_dans(jours)}) — {base}."]
    condition = "" if e.rejet_implicite_certain else " (même condition)"
    if jours > 0:
        fin = date_lettre(e.fin_recours)
        lines.append(f"Délai de recours contentieux de deux mois : jusqu'au {fin} au plus tard{condition}.")
    else:
        lines.append(f"Délai de recours contentieux{condition} : {phrase_recours(e)}")
    return lines


def _fenetre(e: Echeances) -> str | None:
    """R. 431-5: was the renewal filed between the 120th and the 60th day before expiry?"""
    f = e.fenetre
    if f is None:
        return None
    periode = f"du {date_lettre(f.debut)} au {date_lettre(f.fin)}"
    etat = {
        "dans_les_delais": f"déposée le {date_lettre(f.depot)}, dans les délais",
        "tardif": f"déposée le {date_lettre(f.depot)}, après la période",
        "anticipe": f"déposée le {date_lettre(f.depot)}, avant la période",
        "non_depose": "pas encore déposée",
    }[f.etat]
    return f"Renouvellement (art. R. 431-5 du CESEDA) : à déposer {periode} ; demande {etat}."


def _maintien(e: Echeances) -> str | None:
    if e.droits_maintenus_jusqu_au is None:
        return None
    verbe = "conservés" if e.droits_maintenus_jusqu_au >= e.aujourd_hui else "ont été conservés"
    return (
        f"Droits sociaux et droit au travail : {verbe} jusqu'à la décision prise sur la demande, et au plus tard "
        f"le {date_lettre(e.droits_maintenus_jusqu_au)}, trois mois après l'expiration du "
        f"titre{e.maintien_condition} (art. L. 433-3 du CESEDA)."
    )


def _pressante(e: Echeances) -> str | None:
    """The nearest deadline ahead, named first in ``verifier``."""
    pressantes = e.pressantes()
    if not pressantes:
        return None
    code, jour = pressantes[0]
    quoi = NOMS_ECHEANCES[code]
    return f"Échéance la plus proche : {quoi}, le {date_lettre(jour)} ({_dans((jour - e.aujourd_hui).days)})."


NOMS_ECHEANCES = {
    "rejet_implicite": "la décision implicite de rejet",
    "fin_recours": "la fin du délai de recours",
    "titre": "l'expiration du titre actuel",
    "document_provisoire": "la fin de l'attestation ou du récépissé",
    "reponse_prefecture": "la fin du délai de réponse de la préfecture",
    "motifs": "la réponse due sur les motifs",
    "droits_maintenus": "la fin des droits maintenus (art. L. 433-3 du CESEDA)",
}


def _prefecture(e: Echeances) -> str | None:
    if e.courrier_prefecture is None:
        return None
    if e.fin_delai_prefecture is None:
        return (
            f"Courrier à la préfecture : envoyé le {date_lettre(e.courrier_prefecture)} ; date de l'avis de réception "
            f"non enregistrée : le délai de réponse de {duree_jours(e.delai_prefecture_jours)} court de la réception "
            "et n'est pas calculé."
        )
    ar = f", accusé de réception du {date_lettre(e.accuse_reception)}" if e.accuse_reception else ""
    qui = "annoncé par la préfecture" if e.delai_prefecture_annonce else "demandé"
    fin = (e.fin_delai_prefecture - e.aujourd_hui).days
    quand = "a expiré le" if fin < 0 else "expire le"
    return (
        f"Courrier à la préfecture : envoyé le {date_lettre(e.courrier_prefecture)}{ar} ; délai de réponse {qui} "
        f"de {duree_jours(e.delai_prefecture_jours)}, qui {quand} {date_lettre(e.fin_delai_prefecture)} ({_dans(fin)})."
    )


def deadline_lines(situation: Situation, depot_declare: date | None) -> list[str]:
    """Every deadline of the dossier, in the tense its date calls for, the nearest one named first."""
    e = situation.echeances
    pressante = _pressante(e)
    lines = [pressante] if pressante else []
    if e.titre_expiration is not None or e.urgence_presumee:  # a first demande has no current titre to date
        lines.append(_titre(e))
    provisoire = _provisoire(e)
    if provisoire:
        lines.append(provisoire)
    lines += _rejet(e, depot_declare)
    lines += [x for x in (_fenetre(e), _maintien(e)) if x]
    prefecture = _prefecture(e)
    if prefecture:
        lines.append(prefecture)
    lines.append(
        "Urgence : présumée (renouvellement)."
        if e.urgence_presumee
        else "Urgence : non présumée (pas un renouvellement) ; elle se démontre par les conséquences concrètes."
    )
    return lines


def deadline_sentences(e: Echeances) -> dict[str, str]:
    """The sentence of each dated deadline, by kind (``titre``, ``document_provisoire``, ``rejet_implicite``,
    ``fin_recours``, ``reponse_prefecture``): what tracking tables show beside the date."""
    phrases: dict[str, str] = {}
    if e.titre_expiration is not None:
        phrases["titre"] = _titre(e)
    provisoire = _provisoire(e)
    if provisoire and e.document_provisoire_fin is not None:
        phrases["document_provisoire"] = provisoire
    if e.rejet_implicite is not None and e.fin_recours is not None:
        phrases["rejet_implicite"], phrases["fin_recours"] = _rejet(e, e.depot)
    prefecture = _prefecture(e)
    if prefecture:
        phrases["reponse_prefecture"] = prefecture
    return phrases
