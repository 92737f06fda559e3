"""Alerts that depend on the date: a past date is said in the past, and the most urgent comes first.

These alerts come before the procedure rules of ``regles.py`` in ``verifier`` and ``generer``: an implicit
rejection already arisen, or an appeal period about to end, matters more than a missing screenshot.
"""

from __future__ import annotations

import re

from lettres.dossier import Dossier
from lettres.francais import date_lettre, duree_jours
from lettres.procedure.regles import Alerte, build_alerte
from lettres.procedure.situation import Situation

VOIX_TEXTES = ("description", "consequences")


def _rejet(situation: Situation) -> list[Alerte]:
    e = situation.echeances
    if not e.rejet_implicite_atteint or e.rejet_implicite is None:
        return []
    depuis = (e.aujourd_hui - e.rejet_implicite).days
    quand = "aujourd'hui" if depuis == 0 else f"il y a {duree_jours(depuis)}"
    base = f"dépôt du {date_lettre(e.depot)} + 4 mois"
    if "rejet_implicite" not in situation.calculee:
        return [
            build_alerte(
                "rejet_incertain",
                f"Quatre mois sont passés depuis le dépôt ({base}, le {date_lettre(e.rejet_implicite)}), mais le "
                "dossier n'est pas regardé comme complet : aucune décision implicite de rejet n'est née tant que "
                "la préfecture le tient pour incomplet.",
            )
        ]
    condition = "" if e.rejet_implicite_certain else ", si le dossier est regardé comme complet"
    alertes = [
        build_alerte(
            "rejet_implicite_ne",
            f"La décision implicite de rejet est née le {date_lettre(e.rejet_implicite)} ({quand} ; {base}){condition}. "
            f"Le délai de recours contentieux expire le {date_lettre(e.fin_recours)}.",
        )
    ]
    jours = e.jours_avant_fin_recours
    if e.alerte_recours and jours is not None:
        reste = "expire aujourd'hui" if jours == 0 else f"expire dans {duree_jours(jours)}"
        alertes.append(
            build_alerte(
                "fin_recours_proche",
                f"Le délai de recours contre la décision implicite de rejet {reste}, le {date_lettre(e.fin_recours)}.",
            )
        )
    if e.recours_expire:
        alertes.append(
            build_alerte(
                "recours_expire",
                f"Le délai de recours calculé a expiré le {date_lettre(e.fin_recours)} (deux mois après la décision "
                "implicite de rejet).",
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
    liste = " et ".join(f"blocage.{k}" for k in champs)
    return [
        build_alerte(
            "voix",
            f"{liste} nomme {dossier.personne.prenoms} {dossier.personne.nom} à la troisième personne, alors que "
            "le courrier est signé par la personne elle-même.",
        )
    ]


def check_deadlines(dossier: Dossier, situation: Situation) -> list[Alerte]:
    """Date alerts, most urgent first: they come before every other alert."""
    return _rejet(situation) + _decision(dossier) + _provisoire(situation) + _voix(dossier)
