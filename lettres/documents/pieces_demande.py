"""« Pièces de la demande »: the pièces of the titre's list that the caseworker ticked (docs/titres.md). Only a
pièce the dossier gives as a file (the passport, the current titre, among the justificatifs) is enclosed: the
bordereau lists those, with their number, after the pièces of the démarches; the note names the others, gathered
but not enclosed (a bordereau sent to the préfecture lists nothing it does not enclose)."""

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
    """``pieces_demande``: the bordereau's section of the ticked pièces it encloses (those the dossier gives as a
    file, with their number: a bordereau sent to the préfecture lists nothing it does not enclose), and the
    sentence the note gives the others (``controle``: the dossier's pièce check)."""
    liste = controle.liste
    if liste is None or not liste_presente(dossier, controle):
        return {"presente": False, "phrase": "", "liste": [], "non_jointes": ""}
    lignes, autres = [], []
    anef = liste.titre.anef != "non"  # the ANEF's own form of a pièce (the e-photo's code, not 3 photos)
    for piece in controle.cochees:
        cle = FICHIERS.get(piece.code)
        numeros = [p.numero for p in pieces if cle and p.nature == cle]
        court = piece.court_pour(anef)
        lignes.append({"code": piece.code, "libelle": court[:1].upper() + court[1:], "jointe": _numeros(numeros)})
        if not numeros:
            autres.append(court[:1].lower() + court[1:])
    jointes = [ligne for ligne in lignes if ligne["jointe"]]
    quoi = "première demande" if liste.demande == "premiere" else "renouvellement"
    # an unverified list is not presented as the official one: only the pièces common to every demande
    reunies = (
        f"Pièces réunies pour la demande de titre de séjour, selon la liste {liste.titre.code} ({quoi})"
        if liste.verifiee
        else f"Pièces communes réunies pour la demande de titre de séjour ({quoi})"
    )
    # the pièces not given as a file: gathered is not proven, only what the list requires
    exigees = (
        f"Pièces exigées pour la demande de titre de séjour, selon la liste {liste.titre.code} ({quoi})"
        if liste.verifiee
        else f"Pièces communes exigées pour la demande de titre de séjour ({quoi})"
    )
    non_jointes = ""
    if autres:
        non_jointes = (
            f"{exigees}, non jointes à la présente note (à vérifier dans le dossier ANEF) : {' ; '.join(autres)}."
        )
    return {
        "presente": bool(jointes),
        "phrase": f"{reunies}, jointes au présent envoi :" if jointes else "",
        "liste": lignes,  # the bordereau shows those with a number
        "non_jointes": non_jointes,
    }
