"""The web's words for what the engine says to do (``procedure/actions.py``): a link to the page or the field
that does it, or a button when one click does it (« Produire le courrier à la préfecture » posts to the
documents page with those documents ticked)."""

from __future__ import annotations

from dataclasses import dataclass

from lettres.dossier.parcours import section_of
from lettres.procedure.actions import Action, Quoi, documents_nommes
from lettres.referentiel import charger_referentiel
from lettres.web.formulaire import html_id


@dataclass(frozen=True)
class Lien:
    """A link (``documents`` empty) or a button posting ``documents`` to ``href``."""

    texte: str
    href: str
    documents: tuple[str, ...] = ()

    @property
    def bouton(self) -> bool:
        return bool(self.documents)


def _field(ident: str, champ: str, section: str) -> str:
    found = section_of(champ)
    code = found.code if found is not None else section
    return f"/dossier/{ident}/page/{code}#{html_id(champ)}"


def _label(champ: str) -> str:
    from lettres.dossier.questions import question

    try:
        return question(champ).label
    except KeyError:
        return champ


def link_for(action: Action, ident: str) -> Lien | None:
    """Where the browser does ``action`` for the dossier ``ident`` (None: nothing the web can do for it)."""
    quoi = action.quoi
    dossier = f"/dossier/{ident}"
    if quoi is Quoi.PRODUIRE:
        texte = documents_nommes(action.documents)
        return Lien(f"Produire {texte}", f"{dossier}/documents", action.documents)
    if quoi is Quoi.ACCUSE_RECEPTION:
        return Lien(
            "Reporter la date de l'avis de réception", _field(ident, "envoi.accuse_reception_le", "envoi")
        )
    if quoi is Quoi.DEMARCHE:
        types = charger_referentiel().types_demarche
        if action.valeur in types:
            libelle = types[action.valeur]
            return Lien(f"Ajouter une démarche : {libelle}", f"{dossier}/demarches?type={action.valeur}#titre-ajout")
        return Lien("Ajouter une démarche", f"{dossier}/demarches#titre-ajout")
    if quoi in (Quoi.PIECE, Quoi.PIECE_DEMARCHE):
        return Lien("Voir les démarches et leurs pièces", f"{dossier}/demarches#chronologie")
    if quoi is Quoi.SUPPRIMER_DEMARCHE and action.valeur.isdigit() and int(action.valeur) > 0:
        return Lien(
            f"Retirer la démarche n° {action.valeur}", f"{dossier}/demarches/{int(action.valeur) - 1}/retirer"
        )
    if quoi is Quoi.COMPLETER and action.champ:
        return Lien(f"Corriger « {_label(action.champ)} »", _field(ident, action.champ, action.section))
    if quoi is Quoi.PREFECTURE:
        code = action.valeur
        return Lien("Compléter les réglages de la préfecture", f"/reglages?prefecture={code}#prefecture-{code}")
    if quoi is Quoi.CONFIGURATION:
        return Lien("Ouvrir les réglages", "/reglages")
    return None


def links(actions: list[Action], ident: str) -> list[Lien]:
    return [lien for action in actions if (lien := link_for(action, ident)) is not None]
