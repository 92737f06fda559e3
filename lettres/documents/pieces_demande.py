"""« Pièces de la demande » in the bordereau: the pièces of the titre's list that the caseworker ticked, by name,
after the pièces of the démarches (docs/titres.md). They are not attached: only a pièce the dossier gives as a
file (the passport, the current titre, among the justificatifs) carries its number in the bordereau."""

from __future__ import annotations

from typing import Any

from lettres.documents.pieces import Piece
from lettres.dossier import Dossier
from lettres.procedure.titre import ControlePieces

# a pièce of the list, and the justificatif whose files are that pièce
FICHIERS = {"nationalite": "passeport", "visa_ou_titre": "titre_sejour"}


def _numeros(numeros: list[int]) -> str:
    if not numeros:
        return ""
    return f"pièce n° {numeros[0]}" if len(numeros) == 1 else f"pièces n° {', '.join(map(str, numeros))}"


def liste_presente(dossier: Dossier, controle: ControlePieces) -> bool:
    """The bordereau lists the pièces of the titre's list the caseworker ticked (unless
    ``envoi.bordereau_pieces_demande`` is off)."""
    return controle.liste is not None and bool(controle.cochees) and dossier.envoi.bordereau_pieces_demande


def pieces_demande_context(dossier: Dossier, pieces: list[Piece], controle: ControlePieces) -> dict[str, Any]:
    """``pieces_demande``: whether the section shows (a filled checklist, unless ``envoi.bordereau_pieces_demande``
    is off), its heading sentence and its lines (``controle``: the dossier's pièce check)."""
    liste = controle.liste
    if liste is None or not liste_presente(dossier, controle):
        return {"presente": False, "phrase": "", "liste": []}
    lignes = []
    for piece in controle.cochees:
        cle = FICHIERS.get(piece.code)
        numeros = [p.numero for p in pieces if cle and p.nature == cle]
        lignes.append(
            {"code": piece.code, "libelle": piece.court[:1].upper() + piece.court[1:], "jointe": _numeros(numeros)}
        )
    quoi = "première demande" if liste.demande == "premiere" else "renouvellement"
    jointes = [ligne for ligne in lignes if ligne["jointe"]]
    if not jointes:
        suite = ", non jointes au présent envoi"
    else:
        for ligne in lignes:
            ligne["jointe"] = ligne["jointe"] or "non jointe"
        suite = "" if len(jointes) == len(lignes) else " ; celles qui ne portent pas de numéro ne sont pas jointes"
    # an unverified list is not presented as the official one: only the pièces common to every demande
    phrase = (
        f"Pièces réunies pour la demande de titre de séjour, selon la liste {liste.titre.code} ({quoi}){suite} :"
        if liste.verifiee
        else f"Pièces communes réunies pour la demande de titre de séjour ({quoi}){suite} :"
    )
    return {
        "presente": True,
        "phrase": phrase,
        "liste": lignes,
    }
