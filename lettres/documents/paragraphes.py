"""What the caseworker typed on several lines (the blocking's description, its consequences, a démarche's
detail), laid out in a Word document: one paragraph per line, a line that starts like a list item (« - », « – »,
« • », « * ») a list item of the document's own kind, blank lines dropped (each paragraph has its spacing).

A value with line breaks inserted in one Word paragraph keeps them as manual breaks, and a justified paragraph
then stretches every broken line across the page; paragraphs do not. The text stays text: docxtpl escapes it
(« < & > » are written as they are, never read as Word XML)."""

from __future__ import annotations

import re

_PUCE = re.compile(r"^[-–—•*·]\s+")


def lignes(texte: str) -> list[str]:
    """The non-blank lines of ``texte`` (any line ending), each with its spaces collapsed."""
    return [" ".join(ligne.split()) for ligne in texte.splitlines() if ligne.strip()]


def paragraphes(texte: str, intro: str = "", guillemets: bool = False) -> list[dict[str, object]]:
    """``texte`` as paragraphs: ``{"texte": …, "puce": True}`` for a list item (its marker removed: the template
    writes its own). ``intro`` opens the first paragraph (« Madame … décrit ainsi la situation : »), and with
    ``guillemets`` the whole text is quoted, « at its start and » at its end."""
    faits: list[dict[str, object]] = []
    for ligne in lignes(texte):
        puce = _PUCE.match(ligne)
        faits.append({"texte": ligne[puce.end():] if puce else ligne, "puce": bool(puce)})
    if not faits:
        return []
    if guillemets:
        faits[0]["texte"] = f"« {faits[0]['texte']}"
        faits[-1]["texte"] = f"{faits[-1]['texte']} »"
    if intro:
        if faits[0]["puce"]:
            faits.insert(0, {"texte": intro, "puce": False})
        else:
            faits[0]["texte"] = f"{intro} {faits[0]['texte']}"
    return faits


def sur_une_ligne(texte: str) -> str:
    """``texte`` within a sentence: its lines joined by « ; » (a list item's marker removed)."""
    return " ; ".join(_PUCE.sub("", ligne) for ligne in lignes(texte))
