"""The terminal's words for what the engine says to do (``procedure/actions.py``): the command to type, with
the dossier's own file name quoted as a shell reads it (« lettres generer "Fatou Camara.yaml" --lettres … »)."""

from __future__ import annotations

from pathlib import Path

from lettres.cli.commandes import commande
from lettres.dossier.doublons import describe
from lettres.dossier.schema import Demarche
from lettres.procedure.actions import Action, Quoi, documents_nommes


def command_for(action: Action, fichier: str | Path) -> str:
    """The command that does ``action`` for the dossier ``fichier``."""
    quoi = action.quoi
    if quoi is Quoi.PRODUIRE:
        return commande("generer", fichier, "--lettres", ",".join(action.documents))
    if quoi is Quoi.ACCUSE_RECEPTION:
        return commande("etape", fichier, "--accuse-reception") + " JJ/MM/AAAA"
    if quoi in (Quoi.DEMARCHE, Quoi.PIECE):
        return commande("etape", fichier)
    if quoi is Quoi.PIECE_DEMARCHE:
        return commande("etape", fichier, "--modifier", action.valeur)
    if quoi is Quoi.SUPPRIMER_DEMARCHE:
        return commande("etape", fichier, "--supprimer", action.valeur)
    if quoi is Quoi.COMPLETER:
        return commande("nouveau", fichier)
    if quoi is Quoi.EXPORTER_MODELES:
        return commande("modeles", "exporter", action.valeur)
    if quoi is Quoi.VERIFIER_MODELES:
        return commande("modeles", "verifier", action.valeur)
    return commande("config")  # PREFECTURE, CONFIGURATION


def _question(champ: str) -> str:
    from lettres.dossier.questions import question

    try:
        return question(champ).label
    except KeyError:
        return champ


def advice(action: Action, fichier: str | Path) -> str:
    """One line saying how to do ``action`` in the terminal (« Pour préparer le courrier à la préfecture et le
    bordereau de pièces : lettres generer … »)."""
    cmd = command_for(action, fichier)
    quoi = action.quoi
    if quoi is Quoi.PRODUIRE:
        return f"Pour préparer {documents_nommes(action.documents)} : {cmd}"
    if quoi is Quoi.ACCUSE_RECEPTION:
        return f"Pour reporter la date de l'avis de réception : {cmd}"
    if quoi is Quoi.DEMARCHE:
        return f"Pour ajouter une démarche au journal : {cmd}"
    if quoi is Quoi.PIECE_DEMARCHE:
        return f"Pour joindre la pièce : {cmd} --piece FICHIER"
    if quoi is Quoi.PIECE:
        liste = commande("etape", fichier, "--liste")
        return (
            f"Pour joindre une pièce : {liste} numérote les démarches, « --modifier N --piece FICHIER » la joint à "
            f"la démarche n° N ; ou une nouvelle démarche avec {cmd}"
        )
    if quoi is Quoi.SUPPRIMER_DEMARCHE:
        liste = commande("etape", fichier, "--liste")
        return f"Pour supprimer la démarche n° {action.valeur} : {cmd} ({liste} les numérote)"
    if quoi is Quoi.COMPLETER:
        return f"À corriger avec {cmd}, question « {_question(action.champ)} » (dans le récapitulatif)"
    if quoi is Quoi.PREFECTURE:
        return f"À ajouter avec {cmd}, menu « Une préfecture »"
    return f"Avec {cmd}"


def where_to_add_prefecture() -> str:
    """Where the structure adds what no source gives for its préfecture (« lettres config, menu … »)."""
    return f"{commande('config')}, menu « Une préfecture »"


def duplicate_warning(demarche: Demarche, fichier: str | Path) -> str:
    """A démarche of the same type was already logged that day: check it is not the same one."""
    return (
        f"Une démarche {describe(demarche)} était déjà enregistrée : vérifiez que ce n'est pas la même "
        f"(« {commande('etape', fichier, '--liste')} » les numérote, « --supprimer N » retire celle en trop)."
    )
