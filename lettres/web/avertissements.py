"""The generation's warnings on the web: the facts, then a link to the page or field where the missing fact is
given, or a button when the action is one click (« Écrire une relance »)."""

from __future__ import annotations

from dataclasses import dataclass

from lettres.documents.avertissements import Avertissement
from lettres.dossier.parcours import section
from lettres.dossier.questions import question
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.regles import alerte_texte
from lettres.web.formulaire import html_id

# the button that writes a document left out, by the reason it was left out
BOUTONS = {
    "deja_envoye": "Écrire une relance",
    "rejet_implicite": "Écrire quand même à la préfecture",
}
# the préfecture's fields on the settings page
CHAMPS_PREFECTURE = {"civilite": "civ-1", "courriel": "courriel", "adresse": "adresse"}
# the settings' fields on their page
CHAMPS_REGLAGES = {"sortie": "sortie", "structure.logo": "logo", "modeles": "modeles"}


@dataclass(frozen=True)
class AvertissementWeb:
    """A warning as the page shows it: its sentence, a link (``lien``, ``libelle``), or a button that produces
    ``documents`` again (``bouton``)."""

    texte: str
    lien: str = ""
    libelle: str = ""
    bouton: str = ""
    documents: tuple[str, ...] = ()


def _lien(action: Action, ident: str) -> tuple[str, str]:
    """Where the page sends the user to do ``action``, and the link's words."""
    if action.quoi is Quoi.COMPLETER:
        page = f"/dossier/{ident}/page/{action.section}"
        titre = section(action.section).titre
        if not action.champ:
            return page, f"Compléter « {titre} »"
        return f"{page}#{html_id(action.champ)}", f"Indiquer « {question(action.champ).label} » (page « {titre} »)"
    if action.quoi is Quoi.PREFECTURE:
        ancre = CHAMPS_PREFECTURE.get(action.champ)
        fin = f"#pref-{action.valeur}-{ancre}" if ancre else ""
        return f"/reglages?prefecture={action.valeur}{fin}", "L'indiquer dans les réglages, pour tous les dossiers"
    if action.quoi in (Quoi.PIECE, Quoi.DEMARCHE):
        return f"/dossier/{ident}/demarches", "Joindre la pièce à la démarche"
    if action.quoi is Quoi.CONFIGURATION:
        ancre = CHAMPS_REGLAGES.get(action.champ)
        return f"/reglages#{ancre}" if ancre else "/reglages", "Le régler dans les réglages"
    return "", ""


def avertissement_web(avertissement: Avertissement, ident: str) -> AvertissementWeb:
    """One warning for the documents page of the dossier ``ident``."""
    if avertissement.alerte is not None:
        return AvertissementWeb(alerte_texte(avertissement.alerte))
    texte = f"{avertissement.texte}."
    action = avertissement.action
    if action is None:
        return AvertissementWeb(texte)
    if action.quoi is Quoi.PRODUIRE:
        bouton = BOUTONS.get(avertissement.raison, "Produire ce document")
        return AvertissementWeb(texte, bouton=bouton, documents=action.documents)
    lien, libelle = _lien(action, ident)
    return AvertissementWeb(texte, lien, libelle)
