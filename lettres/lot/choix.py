"""The cells of a column of several answers (types of blockage, pièces of the demande, what a letter asked):
the answers in French words, as the template lists them, separated by « ; » — or their codes, separated by
commas, as older spreadsheets wrote them. A label holds commas: a part of the cell between « ; » that names a
choice whole is that choice; only the other parts are split at their commas."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from lettres.francais import replier_mots

SEPARATEUR = " ; "


def _court(libelle: str) -> str:
    """A label without its details in brackets or after a semicolon (as a pièce's short name)."""
    return re.sub(r" \([^()]*\)", "", libelle).split(" ; ")[0]


@cache
def libelles(nom: str) -> dict[str, str]:
    """Code → the words the template shows for a choice of the list ``nom`` (the short ones when the list has
    them: « erreur technique à la validation de la demande », « justificatif de domicile de moins de 6 mois »)."""
    from lettres.dossier.valeurs import options

    if nom == "blocages":
        from lettres.referentiel import charger_referentiel

        courts = charger_referentiel().blocages_courts
        return {code: courts.get(code) or libelle for code, libelle in options(nom).items() if code}
    if nom == "pieces_titre":
        return {code: _court(libelle) for code, libelle in options(nom).items() if code}
    return {code: libelle for code, libelle in options(nom).items() if code}


@cache
def _accepted(nom: str) -> dict[str, str]:
    """Folded words → code: each code, its full label and the template's words."""
    from lettres.dossier.valeurs import options

    found: dict[str, str] = {}
    for code, libelle in options(nom).items():
        if code:
            for mots in (code, libelle, libelles(nom).get(code, ""), _court(libelle)):
                if mots:
                    found.setdefault(replier_mots(mots), code)
    return found


def codes_of_cell(nom: str, value: Any) -> Any:
    """The codes a cell of the list ``nom`` names; words that name none are kept as typed (the dossier's
    check refuses them, saying the answers possible). Anything else than text is returned unchanged."""
    if not isinstance(value, str):
        return value
    accepted = _accepted(nom)
    codes: list[str] = []
    for part in re.split(r"[;\n]", value):
        part = part.strip()
        if not part:
            continue
        code = accepted.get(replier_mots(part))
        if code is not None:
            codes.append(code)
            continue
        for item in (i.strip() for i in part.split(",")):
            if item:
                codes.append(accepted.get(replier_mots(item), item))
    return codes


def cell_text(nom: str, codes: list[str] | str) -> str:
    """The cell the template writes for these codes: their words, separated by « ; »."""
    items = [c.strip() for c in codes.split(",")] if isinstance(codes, str) else codes
    return SEPARATEUR.join(libelles(nom).get(c, c) for c in items if c)


@cache
def liste_multiple(path: str) -> str:
    """The list of a column of several answers (``blocage.types`` → ``blocages``); "" for any other column."""
    from lettres.dossier.questions import question

    try:
        q = question(path)
    except (KeyError, StopIteration, TypeError, ValueError):
        return ""
    return q.saisie.choix if q.kind == "choix_multiple" else ""


def cell_value(path: str, value: Any) -> Any:
    """A cell as the dossier reads it: the codes of a column of several answers, any other cell unchanged."""
    nom = liste_multiple(path) if isinstance(value, str) else ""
    return codes_of_cell(nom, value) if nom else value
