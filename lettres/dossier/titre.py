"""The titre asked for, as a category of the pièce lists (``referentiel/titres.py``), and its checklist.

``demande.titre`` stays the text the letters write; ``demande.categorie`` holds the category's code when one
was chosen (or when the titre names one exactly: « CST 8 », « CST 8 – visiteur », the category's label or
name). A free text that only resembles a category is never turned into one: ``verifier`` suggests it.
``demande.pieces_fournies`` lists the pièce codes the caseworker ticked, offered only when the category and
the kind of demande (première demande or renouvellement) tell which list applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import cache
from typing import Any

from lettres.dossier.saisie import Si, get
from lettres.francais import replier_mots
from lettres.referentiel import charger_referentiel
from lettres.referentiel.accords import accord_de
from lettres.referentiel.titres import Demande, PieceTitre, Titre, Titres, code_canonique, demande_du_dossier

AUTRE = "Autre titre, ou catégorie inconnue (texte libre)"
A_VERIFIER = "liste à vérifier sur le site de la préfecture"


def catalogue() -> Titres:
    return charger_referentiel().titres


def categorie_nommee(texte: str) -> Titre | None:
    """The category a text names exactly: a code at its start (« cst8 », « CST 8 – visiteur »), or its
    label or name, accents and case ignored; None for anything else (« carte salarié » names no category)."""
    titres = catalogue()
    code = code_canonique(texte)
    if code in titres.par_code:
        return titres[code]
    code = _noms_plies().get(replier_mots(texte))
    return titres.par_code.get(code) if code else None


@cache
def _noms_plies() -> dict[str, str]:
    """Each category's label, name and « CODE – label », folded, to its code (every dossier read asks)."""
    index: dict[str, str] = {}
    for t in catalogue():
        for nom in (t.libelle, t.nom, t.intitule, *(n for _, n in t.noms)):
            index.setdefault(replier_mots(nom), t.code)
    return index


def categorie_de(categorie: str, titre: str) -> Titre | None:
    """The dossier's category: ``demande.categorie``, else the one its titre names exactly."""
    titres = catalogue()
    if categorie:
        code = code_canonique(categorie) or categorie
        return titres.par_code.get(code)
    return categorie_nommee(titre) if titre else None


def categorie_des_reponses(answers: Mapping[str, Any]) -> Titre | None:
    """The category from raw answers (interview, web form): same rule as the dossier."""
    return categorie_de(
        str(get(answers, ("demande", "categorie")) or ""), str(get(answers, ("demande", "titre")) or "")
    )


@dataclass(frozen=True)
class ListePieces:
    """The pièces a demande of this category needs, and whether the category's own list was verified."""

    titre: Titre
    demande: Demande
    pieces: tuple[PieceTitre, ...]
    verifiee: bool

    def note(self) -> str:
        """What the caseworker must know before ticking (« liste à vérifier… » for an unverified list)."""
        quoi = "première demande" if self.demande == "premiere" else "renouvellement"
        if self.verifiee:
            return f"Liste de {self.titre.code} ({quoi}) : {self.titre.pieces_source or 'source dans les données'}."
        return (
            f"Seules les pièces communes à tous les titres sont proposées : la liste propre à {self.titre.code} "
            f"({quoi}) n'a pas pu être vérifiée, {A_VERIFIER}."
        )


def liste_pieces(
    titre: Titre | None, nature: str | None, jour: date | None = None, nationalite: str = ""
) -> ListePieces | None:
    """The list for a category and a ``demande.nature``, as the law stood on ``jour`` (the dépôt; today's law
    without one) and for the person's nationality (an agreement makes the engagement républicain optional);
    None when no list applies (no category, or a changement de statut: the lists distinguish only première
    demande and renouvellement)."""
    demande = demande_du_dossier(nature)
    if titre is None or demande is None:
        return None
    accord = accord_de(nationalite)
    pieces = []
    for piece in titre.pieces(demande):
        if not piece.en_vigueur(jour):
            continue
        if piece.accords_facultatif and accord is not None and accord.engagement_facultatif_pour(titre.code):
            piece = replace(piece, obligatoire=False, condition=f"facultatif ({accord.libelle})")
        pieces.append(piece)
    return ListePieces(titre, demande, tuple(pieces), titre.liste_verifiee(demande))


def liste_des_reponses(answers: Mapping[str, Any]) -> ListePieces | None:
    depot = get(answers, ("demande", "date_depot"))
    return liste_pieces(
        categorie_des_reponses(answers),
        str(get(answers, ("demande", "nature")) or ""),
        depot if isinstance(depot, date) else None,
        str(get(answers, ("personne", "nationalite")) or ""),
    )


def libelle_piece(piece: PieceTitre) -> str:
    """A pièce as a tick box reads it: its label, when it is needed, and whether it makes the dossier complete."""
    texte = piece.libelle
    if piece.condition:
        texte += f" — {piece.condition}"
    if piece.moment == "remise":
        texte += " — à la remise du titre"
    return texte


def options_pieces(answers: Mapping[str, Any]) -> dict[str, str]:
    """The tick boxes offered for the dossier's category and demande (empty when no list applies)."""
    liste = liste_des_reponses(answers)
    return {p.code: libelle_piece(p) for p in liste.pieces} if liste else {}


def toutes_les_pieces() -> dict[str, str]:
    """Every pièce code of every list (the spreadsheet's help list, and what a code is checked against first)."""
    titres = catalogue()
    codes: dict[str, str] = {}
    for demande in ("premiere", "renouvellement"):
        for piece in titres.pieces_communes[demande]:
            codes.setdefault(piece.code, piece.libelle)
    for titre in titres:
        for piece in (*titre.pieces_premiere, *titre.pieces_renouvellement):
            codes.setdefault(piece.code, piece.libelle)
    return codes


def intitules() -> dict[str, str]:
    """The categories as a list of choices: « CST 8 – visiteur », and the free text."""
    return {"": AUTRE, **{t.code: t.intitule for t in catalogue()}}


@dataclass(frozen=True)
class SiListePieces(Si):
    """The checklist applies when the category and the demande give a list of pièces."""

    champ: str = "demande.categorie"

    def vraie(self, answers: Mapping[str, Any]) -> bool:
        return liste_des_reponses(answers) is not None

    def texte(self) -> str:
        return "quand la catégorie du titre est connue (colonne demande.categorie), pour une première demande ou un renouvellement"

    def as_dict(self) -> dict[str, Any]:
        return {"champ": self.champ, "valeurs": [], "sauf": True, "liste_pieces": True}


def completer_demande(data: dict[str, Any]) -> dict[str, Any]:
    """``demande`` data before validation: the titre's text from a chosen category when it is empty, and the
    category from a titre that names one exactly; a titre written as a code (« CST 8 ») becomes the category's
    name, so that no letter says « CST 8 »."""
    titre = data.get("titre")
    categorie = data.get("categorie")
    titre_texte = " ".join(titre.split()) if isinstance(titre, str) else ""
    if isinstance(categorie, str) and categorie.strip():
        choisie = catalogue().par_code.get(code_canonique(categorie) or "")
        if choisie is not None and not titre_texte:
            return {**data, "titre": choisie.nom}
        return data
    if categorie not in (None, "") or not titre_texte:
        return data
    nommee = categorie_nommee(titre_texte)
    if nommee is None:
        return data
    completee = {**data, "categorie": nommee.code}
    if code_canonique(titre_texte):
        completee["titre"] = nommee.nom
    return completee
