"""The generation's warnings on the web: the facts, then a link to the page or field where the missing fact is
given, or a button when the action is one click (« Écrire une relance »); and the errors of a dossier file
that cannot be read, said with the questions' labels instead of the file's keys and codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lettres.documents.avertissements import Avertissement
from lettres.dossier.parcours import section
from lettres.dossier.questions import question
from lettres.erreurs import DossierInvalide
from lettres.procedure.actions import Action, Quoi
from lettres.procedure.regles import Alerte, alerte_texte
from lettres.web.conseils import link_for
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
    lien = link_for(action, ident)  # the others, as the point page says them
    return (lien.href, lien.texte) if lien is not None and not lien.bouton else ("", "")


def _alerte_web(alerte: Alerte, ident: str) -> AvertissementWeb:
    """A procedure alert, whole, and the link or button of what to do about it."""
    texte = alerte_texte(alerte)
    conseil = link_for(alerte.action, ident) if alerte.action else None
    if conseil is None:
        return AvertissementWeb(texte)
    if conseil.bouton:
        return AvertissementWeb(texte, bouton=conseil.texte, documents=conseil.documents)
    return AvertissementWeb(texte, conseil.href, conseil.texte)


def avertissement_web(avertissement: Avertissement, ident: str) -> AvertissementWeb:
    """One warning for the documents page of the dossier ``ident``."""
    if avertissement.alerte is not None:
        return _alerte_web(avertissement.alerte, ident)
    texte = f"{avertissement.texte}."
    action = avertissement.action
    if action is None:
        return AvertissementWeb(texte)
    if action.quoi is Quoi.PRODUIRE:
        bouton = BOUTONS.get(avertissement.raison, "Produire ce document")
        return AvertissementWeb(texte, bouton=bouton, documents=action.documents)
    lien, libelle = _lien(action, ident)
    return AvertissementWeb(texte, lien, libelle)


# « … n'est pas une valeur acceptée (valeurs possibles : premiere_demande, renouvellement, …) »: the codes
VALEURS_POSSIBLES = re.compile(r" \(valeurs possibles : .*\)$", re.S)
CLE_PROCHE = re.compile(r"vouliez-vous dire « (\w+) » \?")


def _section_title(section: str) -> str:
    from lettres.dossier.schema import Dossier

    champ = Dossier.model_fields.get(section)
    return champ.title or section if champ is not None else section


def erreur_dossier(message: str) -> str:
    """One error of a dossier file (« personne.date_naissance : … ») as the web says it: the question's label
    instead of its key, the labels of the accepted answers instead of their codes."""
    from lettres.dossier.messages import LOCATED

    match = LOCATED.match(message)
    if match is None:
        return message
    demarche, numero, key, reste = match.groups()
    reste = reste.replace("champ obligatoire manquant", "réponse obligatoire")
    try:
        q = question(f"demarches.{key}" if demarche else key)
    except (KeyError, StopIteration, TypeError):  # a section, or a key lettres does not know
        section, _, nom = key.rpartition(".")
        if "clé inconnue" in reste:
            proche = CLE_PROCHE.search(reste)
            suite = ""
            if proche:
                try:
                    suite = f" ; est-ce « {question(f'{section}.{proche.group(1)}').label} » ?"
                except (KeyError, StopIteration, TypeError):
                    suite = ""
            partie = f" (partie « {_section_title(section)} »)" if section else ""
            return f"« {nom} »{partie} : information inconnue de lettres{suite}"
        return f"Partie « {_section_title(key)} » : {reste.replace('réponse obligatoire', 'à remplir')}"
    if q.choices:
        libelles = ", ".join(f"« {libelle} »" for libelle in q.choices().values())
        reste = VALEURS_POSSIBLES.sub(f" (réponses possibles : {libelles})", reste)
    return f"{f'Démarche n° {numero}, ' if demarche else ''}« {q.label} » : {reste}"


def erreurs_dossier(exc: DossierInvalide) -> list[str]:
    """Each error of an unreadable dossier file, as the web says it."""
    return [erreur_dossier(e) for e in exc.erreurs]
