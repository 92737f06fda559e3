"""The procedure rules: each alert says what is wrong, why (with its source, ``regles.yaml``), what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lettres.dossier import Dossier
from lettres.francais import date_courte, date_lettre, duree_jours
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.blocage import attestation_due, blocage_trop_tot
from lettres.procedure.etapes import EtatEtape, etat_etapes, rendez_vous_obtenu
from lettres.procedure.titre import depot_effectue
from lettres.referentiel import charger_referentiel

if TYPE_CHECKING:
    from lettres.procedure.titre import ControlePieces

TYPES_PREFECTURE = {"courriel_prefecture", "courrier_prefecture"}


@dataclass
class Alerte:
    regle: str
    message: str
    raison: str
    quoi_faire: str  # a French sentence, without any command: each door phrases ``action``
    source: str
    action: Action | None = None

    @property
    def information(self) -> bool:
        """Something to know rather than to correct (``information`` in regles.yaml): the rights kept."""
        regle = charger_referentiel().regles.get(self.regle)
        return bool(regle and regle.get("information"))


COURRIER_PREFECTURE = Action(Quoi.PRODUIRE, ("prefecture", "bordereau"))
NOTE_ORIENTATION = Action(Quoi.PRODUIRE, ("orientation", "bordereau"))
# what the user can do for each rule's alert (the data file says it in words)
ACTIONS_REGLE = {
    "semaines": Action(Quoi.DEMARCHE),
    "piece_manquante": Action(Quoi.PIECE),
    "ordre_prefecture_orientation": COURRIER_PREFECTURE,
    "ddd_demarche_prealable": COURRIER_PREFECTURE,
    "diligences": Action(Quoi.DEMARCHE),
    "rejet_implicite_ne": NOTE_ORIENTATION,
    "rejet_incertain": Action(Quoi.COMPLETER, section="demande", champ="demande.complet"),
    "fin_provisoire_proche": COURRIER_PREFECTURE,
    "voix": Action(Quoi.COMPLETER, section="blocage", champ="blocage.description"),
    "pieces_manquantes": Action(Quoi.COMPLETER, section="pieces", champ="demande.pieces_fournies"),
    "titre_hors_anef": Action(Quoi.COMPLETER, section="demande", champ="demande.categorie"),
    "motifs": Action(Quoi.COMPLETER, section="orientation", champ="recours.motifs_demandes_le"),
}


def build_alerte(code: str, message: str, action: Action | None = None, variante: str = "") -> Alerte:
    """The alert of rule ``code`` (regles.yaml); ``variante``: its « quoi_faire_<variante> » instead of its
    « quoi_faire », for a case the rule's own advice does not fit."""
    regle = charger_referentiel().regles[code]
    quoi_faire = regle[f"quoi_faire_{variante}"] if variante else regle["quoi_faire"]
    return Alerte(
        code,
        message,
        " ".join(regle["raison"].split()),
        " ".join(quoi_faire.split()),
        regle["source"],
        action or ACTIONS_REGLE.get(code),
    )


def _weeks(dossier: Dossier) -> list[Alerte]:
    """CE 435594: when the demande could not be filed and no appointment was obtained, the appointment attempts
    (step 4, with their pièces) must spread over at least a week. A filed demande is not concerned (an API is
    owed as of right, whatever the attempts)."""
    if depot_effectue(dossier):
        return []
    referentiel = charger_referentiel()
    types = {t for e in referentiel.etapes if e.numero == 4 for t in e.types}
    indexes = tuple(i for i, d in enumerate(dossier.demarches) if d.type in types and d.pieces)
    if not indexes or rendez_vous_obtenu(dossier, indexes):
        return []
    dates = sorted({dossier.demarches[i].date for i in indexes})
    span = (dates[-1] - dates[0]).days
    if span >= referentiel.regles["semaines"]["jours_minimum"]:
        return []
    if len(indexes) == 1:
        sujet = f"La seule demande de rendez-vous prouvée date du {date_lettre(dates[0])}"
    elif span == 0:
        sujet = f"Les demandes de rendez-vous prouvées datent toutes du {date_lettre(dates[0])}"
    else:
        sujet = (
            f"Les demandes de rendez-vous prouvées tiennent en {duree_jours(span + 1)} "
            f"(du {date_lettre(dates[0])} au {date_lettre(dates[-1])})"
        )
    return [
        build_alerte(
            "semaines",
            f"{sujet} : sans rendez-vous obtenu, les tentatives doivent s'étaler sur au moins une semaine.",
        )
    ]


def missing_pieces(dossier: Dossier) -> list[Alerte]:
    """The « sans pièce » alerts alone: each démarche of steps 1 to 5 logged without its file (what the
    documents rest on, said even when letter 2, before which every rule is said, is not written)."""
    return _missing_pieces(dossier)


def _missing_pieces(dossier: Dossier) -> list[Alerte]:
    referentiel = charger_referentiel()
    etapes = referentiel.regles["piece_manquante"]["etapes"]
    types = referentiel.types_demarche
    alertes = []
    for numero, d in sorted(enumerate(dossier.demarches, 1), key=lambda n_d: n_d[1].date):
        etape = referentiel.etape_du_type(d.type)
        if etape and etape.numero in etapes and not d.pieces:
            alertes.append(
                build_alerte(
                    "piece_manquante",
                    f"{types[d.type]} du {date_courte(d.date)} sans pièce (étape {etape.numero}).",
                    Action(Quoi.PIECE_DEMARCHE, valeur=str(numero)),  # counted from 1, as the doors number them
                )
            )
    return alertes


def _order(dossier: Dossier, etats: list[EtatEtape]) -> list[Alerte]:
    alertes = []
    by_step = {e.etape.numero: sorted(dossier.demarches[i].date for i in e.demarches) for e in etats}
    if by_step[6] and (not by_step[5] or by_step[6][0] < by_step[5][0]):
        avant = (
            f"avant le courrier à la préfecture du {date_courte(by_step[5][0])}"
            if by_step[5]
            else "sans courrier à la préfecture enregistré"
        )
        alertes.append(
            build_alerte(
                "ordre_prefecture_orientation", f"Orientation (étape 6) du {date_courte(by_step[6][0])} {avant}."
            )
        )
    premier_prefecture = min((d.date for d in dossier.demarches if d.type in TYPES_PREFECTURE), default=None)
    for d in dossier.demarches:
        if d.type == "saisine_ddd" and (premier_prefecture is None or premier_prefecture > d.date):
            alertes.append(
                build_alerte(
                    "ddd_demarche_prealable",
                    f"Saisine du Défenseur des droits du {date_courte(d.date)} sans démarche préalable auprès de la préfecture.",
                )
            )
    wants_ddd = dossier.orientation is not None and dossier.orientation.vers == "delegue_ddd"
    if wants_ddd and premier_prefecture is None and not any(d.type == "saisine_ddd" for d in dossier.demarches):
        alertes.append(
            build_alerte(
                "ddd_demarche_prealable",
                "La note d'orientation vise le Défenseur des droits, mais aucune démarche auprès de la préfecture n'est enregistrée.",
            )
        )
    return alertes


def _diligences(etats: list[EtatEtape]) -> list[Alerte]:
    manquantes = [f"{e.etape.numero} ({e.etape.libelle})" for e in etats if e.etape.numero <= 4 and not e.prouvee]
    if not manquantes:
        return []
    return [
        build_alerte(
            "diligences",
            "Étapes 1 à 4 de la fiche non toutes prouvées (manquent : "
            + ", ".join(manquantes)
            + ") : le courrier à la préfecture liste les démarches faites sans affirmer que toutes les diligences ont été accomplies.",
        )
    ]


def _titre(dossier: Dossier, controle: ControlePieces | None = None) -> list[Alerte]:
    """Before any letter: a titre that is not (or not surely) asked on the ANEF, and the pièces its list
    requires that the checklist lacks."""
    from lettres.procedure.titre import controler_pieces, depot_effectue, libelles

    controle = controle or controler_pieces(dossier)
    titre = controle.titre
    alertes = []
    if titre is not None and titre.anef == "non":
        alertes.append(
            _avec_source(
                build_alerte("titre_hors_anef", f"La demande de {titre.nom} ({titre.code}) ne se fait pas sur l'ANEF."),
                titre.anef_source,
            )
        )
    elif titre is not None and titre.anef in ("inconnu", "partiel") and not depot_effectue(dossier):
        quoi = "seulement dans certains cas" if titre.anef == "partiel" else "sans que les sources lues le confirment"
        alertes.append(
            _avec_source(
                build_alerte(
                    "titre_anef_incertain",
                    f"La demande de {titre.nom} ({titre.code}) se fait sur l'ANEF {quoi} : {titre.anef_detail}",
                ),
                titre.anef_source,
            )
        )
    elif titre is None:
        alertes += _titre_libre_incertain(dossier)
    if controle.manquantes and controle.liste is not None:
        liste = controle.liste
        quoi = f"{liste.titre.code}, {'première demande' if liste.demande == 'premiere' else 'renouvellement'}"
        pluriel = "s" if len(controle.manquantes) > 1 else ""
        alertes.append(
            build_alerte(
                "pieces_manquantes",
                f"Pièce{pluriel} exigée{pluriel} non cochée{pluriel} ({quoi}) : {libelles(controle.manquantes)}.",
            )
        )
    return alertes


def _titre_libre_incertain(dossier: Dossier) -> list[Alerte]:
    """No category, and the titre's words name only categories partly (or not surely) on the ANEF: the letters
    ask the préfecture which way the demande goes (documents/courrier.py), and the user is told why."""
    from lettres.procedure.titre import anef_incertain

    candidats = anef_incertain(dossier)
    if not candidats:
        return []
    codes = " ou ".join(c.code for c in candidats)
    alerte = build_alerte(
        "titre_anef_incertain",
        f"« {dossier.demande.titre} » peut désigner {codes} ; aucune de ces catégories ne se demande sur l'ANEF "
        "dans tous les cas : les lettres demandent à la préfecture si la demande relève du téléservice, sans "
        "l'affirmer. Choisissez la catégorie du titre.",
        Action(Quoi.COMPLETER, section="demande", champ="demande.categorie"),
    )
    return [_avec_source(alerte, " ; ".join(dict.fromkeys(c.anef_source for c in candidats)))]


def _avec_source(alerte: Alerte, source: str) -> Alerte:
    """The rule's texts, and where the category's ANEF status comes from."""
    alerte.source = f"{alerte.source} ; {source}"
    return alerte


def alerte_texte(alerte: Alerte) -> str:
    """One warning as a sentence: what, why (with its source), what to do."""
    return f"{alerte.message} Pourquoi : {alerte.raison} ({alerte.source}). À faire : {alerte.quoi_faire}"


def check_rules(
    dossier: Dossier, controle: ControlePieces | None = None, etats: list[EtatEtape] | None = None
) -> list[Alerte]:
    """Every procedure rule, in the order of the fiche (the titre and its pièces come before it); ``controle``
    and ``etats``: the dossier's pièce check and steps, when the caller has them already."""
    etats = etat_etapes(dossier) if etats is None else etats
    return (
        _titre(dossier, controle)
        + _weeks(dossier)
        + _missing_pieces(dossier)
        + _diligences(etats)
        + _order(dossier, etats)
        + _doublons(dossier)
        + _blocage_avant_echeance(dossier)
        + _demarches_avant_echeance(dossier)
        + _piece_identite(dossier)
    )


def _blocage_avant_echeance(dossier: Dossier) -> list[Alerte]:
    """A missing attestation dated before it was due: the documents date it from the expiry instead."""
    trop_tot = blocage_trop_tot(dossier)
    if trop_tot is None:
        return []
    return [
        build_alerte(
            "blocage_avant_echeance",
            f"Le blocage est daté du {date_courte(dossier.blocage.depuis)}, avant l'expiration {trop_tot.quoi} le "
            f"{date_courte(trop_tot.jour)} : aucune attestation de prolongation de l'instruction n'était due avant "
            f"cette date ; les documents écrivent « depuis l'expiration {trop_tot.quoi}, le "
            f"{date_lettre(trop_tot.jour)} ».",
            Action(Quoi.COMPLETER, section="blocage", champ="blocage.depuis"),
        )
    ]


def _demarches_avant_echeance(dossier: Dossier) -> list[Alerte]:
    """The démarches of steps 1 to 5, meant to obtain a missing attestation, dated before it was due."""
    due = attestation_due(dossier)
    if due is None:
        return []
    referentiel = charger_referentiel()
    types = {t for e in referentiel.etapes if e.numero <= 5 for t in e.types}
    avant = sorted((d for d in dossier.demarches if d.type in types and d.date < due.jour), key=lambda d: d.date)
    if not avant:
        return []
    libelles = referentiel.types_demarche
    noms = [f"{libelles[d.type][:1].lower()}{libelles[d.type][1:]} du {date_courte(d.date)}" for d in avant]
    if len(noms) == 1:
        quelles, ces = f"La démarche « {noms[0]} » est datée", "cette démarche comme faite"
    else:
        quelles, ces = f"Les démarches « {' », « '.join(noms)} » sont datées", "ces démarches comme faites"
    return [
        build_alerte(
            "demarches_avant_echeance",
            f"{quelles} avant l'expiration {due.quoi} le {date_courte(due.jour)} : l'attestation de prolongation de "
            f"l'instruction n'était pas encore due, et les documents présentent {ces} pour l'obtenir.",
            Action(Quoi.DEMARCHE),
        )
    ]


def _piece_identite(dossier: Dossier) -> list[Alerte]:
    """No passport, titre, API or récépissé among the justificatifs: the préfecture letter's bordereau would
    carry none."""
    j = dossier.justificatifs
    if j.passeport or j.titre_sejour or j.document_provisoire:
        return []
    aucune = not any(d.pieces for d in dossier.demarches) and not any(fichiers for _, fichiers in j)
    texte = (
        "Le dossier ne contient aucune pièce (ni copie du passeport, du titre de séjour ou du document provisoire, "
        "ni fichier d'une démarche) : aucun bordereau n'est produit et le courrier à la préfecture part sans pièce "
        "jointe."
        if aucune
        else "Aucune copie du passeport, du titre de séjour ni du document provisoire n'est jointe au dossier : le "
        "bordereau du courrier à la préfecture ne portera aucune pièce d'identité ou de séjour."
    )
    return [
        build_alerte(
            "piece_identite",
            texte,
            Action(Quoi.COMPLETER, section="justificatifs", champ="justificatifs.passeport"),
        )
    ]


def _doublons(dossier: Dossier) -> list[Alerte]:
    """Two démarches of the same type on the same day: one logged twice (the registered letter recorded again
    after the interview), which the letters would list twice."""
    types = charger_referentiel().types_demarche
    vues: dict[tuple, list[int]] = {}
    for numero, d in enumerate(dossier.demarches, 1):
        vues.setdefault((d.type, d.date), []).append(numero)
    return [
        build_alerte(
            "doublon",
            f"« {types.get(type_, type_)} » du {date_courte(jour)} enregistré {len(numeros)} fois (démarches n° "
            f"{', '.join(map(str, numeros))}) : vérifiez que ce n'est pas la même.",
            Action(Quoi.SUPPRIMER_DEMARCHE, valeur=str(numeros[-1])),
        )
        for (type_, jour), numeros in vues.items()
        if len(numeros) > 1
    ]
