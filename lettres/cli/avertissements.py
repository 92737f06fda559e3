"""The generation's warnings said in the terminal: the facts, then the command or the menu to use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lettres.cli.conseils import advice
from lettres.documents.avertissements import Avertissement, ErreurAvertie
from lettres.erreurs import LettresError
from lettres.procedure.regles import alerte_texte

_NOTE = "(à noter dans « lettres nouveau » : section « La note d'orientation »)"
_PREFECTURE_MENU = "« lettres config », menu « Une préfecture »"

# what follows the facts of a warning, by its code (and the reason, when the advice depends on it)
SUITES: dict[tuple[str, str], Callable[[Avertissement], str]] = {
    ("orientation", "consentement"): lambda a: f" {_NOTE}.",
    ("orientation", "destinataire"): lambda a: f" {_NOTE}.",
    ("prefecture", "rejet_implicite"): lambda a: (
        " ; pour écrire quand même à la préfecture (motifs de la décision, réexamen), demandez-le avec "
        "--lettres prefecture."
    ),
    ("prefecture", "deja_envoye"): lambda a: " ; pour écrire une relance, demandez-la avec --lettres prefecture.",
    ("refere_courrier", ""): lambda a: (
        f" : joignez-les, avant le dépôt, à la démarche n° {a.action.valeur if a.action else ''}, qui enregistre "
        "son envoi."
    ),
    ("refere_courrier", "sans_demarche"): lambda a: (
        f" : avant le dépôt, enregistrez son envoi comme une démarche « {_libelle_demarche(a)} », avec ces pièces."
    ),
    ("tribunal_adresse", ""): lambda a: (
        " ; indiquez-la dans le dossier (recours.tribunal_adresse) ou dans la configuration "
        f"(tribunaux.{a.action.valeur if a.action else ''}.adresse)."
    ),
    ("prefet_civilite", ""): lambda a: (
        ". Précisez-le dans le dossier (envoi.prefet_civilite) ou dans la configuration "
        f"(prefectures.{a.action.valeur if a.action else ''}.civilite)."
    ),
    ("prefecture_courriel", ""): lambda a: (
        f". Indiquez-la dans {_PREFECTURE_MENU}, pour tous vos dossiers, ou dans le récapitulatif de "
        "« lettres nouveau » (« Adresse électronique de la préfecture »)."
    ),
    ("modeles_introuvables", ""): lambda a: " (lettres modeles exporter DOSSIER le crée).",
    ("modeles_absents", ""): lambda a: (
        f" : exportez-les d'abord avec lettres modeles exporter {a.action.valeur if a.action else ''}."
    ),
    ("sortie_existante", ""): lambda a: (
        f" : ajoutez --force pour écrire les nouveaux documents (les précédents sont gardés dans "
        f"« {a.action.valeur if a.action else ''} »), ou choisissez un autre dossier avec --sortie."
    ),
    ("sortie_impossible", ""): lambda a: (
        " : choisissez un dossier où vous pouvez écrire avec --sortie, ou libérez de la place, puis recommencez."
    ),
    ("logo_introuvable", ""): lambda a: " (configuration, structure.logo).",
    ("prefecture_adresse", ""): lambda a: (
        f", ou indiquez-la avant l'envoi en recommandé : {_PREFECTURE_MENU}, ou récapitulatif de "
        "« lettres nouveau » (« Adresse postale du service des étrangers »)."
    ),
}


def _libelle_demarche(avertissement: Avertissement) -> str:
    """The French label of the démarche type an action names (« Courrier à la préfecture »), as the interview
    shows it."""
    from lettres.referentiel import charger_referentiel

    code = avertissement.action.valeur if avertissement.action else ""
    return charger_referentiel().types_demarche.get(code, "Autre démarche")


# the warnings whose advice names the command to type, after their facts
_AVEC_COMMANDE = ("refere_courrier",)


def phrase(avertissement: Avertissement, fichier: str | Path | None = None) -> str:
    """One warning as the terminal says it, naming the dossier's file in the commands it suggests."""
    alerte = avertissement.alerte
    if alerte is not None:
        texte = alerte_texte(alerte)
        if alerte.action is not None and fichier is not None:
            texte += f" {advice(alerte.action, fichier)}"
        return texte
    suite = SUITES.get((avertissement.code, avertissement.raison))
    texte = avertissement.texte + (suite(avertissement) if suite else ".")
    avec_commande = avertissement.raison == "pieces" or avertissement.code in _AVEC_COMMANDE
    if avec_commande and avertissement.action is not None and fichier is not None:
        texte += f" {advice(avertissement.action, fichier)}"  # the pièce the référé needs, and where it goes
    return texte


def message(exc: LettresError) -> str:
    """A user error as the terminal says it: its facts, then what to type when the engine gave a way out."""
    return phrase(exc.avertissement) if isinstance(exc, ErreurAvertie) else exc.message


def phrases(resultat) -> list[str]:
    """Every warning of a generation's result, as the terminal says them."""
    return [phrase(a, resultat.source) for a in resultat.avertissements]


def titres(resultat) -> list[str]:
    """Each warning's heading, in the order of ``phrases``: « À savoir » for what is to know rather than to
    correct (the rights kept), else « Attention »."""
    return ["À savoir" if a.alerte is not None and a.alerte.information else "Attention" for a in resultat.avertissements]
