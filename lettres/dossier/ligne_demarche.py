"""A démarche said in one line, as people note it: « 21/10 appel ANEF », « 01/10 9h30 appel », « capture ».

The date (with or without its year), then the time if there is one, then the words that find the type. What
is not understood as a date or a time stays in the words: the interview asks the date (or the time) on its
own when the line does not give it. No input or output here: the doors show what was understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lettres.dossier.valeurs import FieldError, complete_year, parse_date, parse_heure
from lettres.francais import date_courte

# a first word that is meant as a date: digits with / . or - (« 21/10 », « 21.10.2026 »)
_RESSEMBLE_A_UNE_DATE = re.compile(r"^\d{1,2}\s*[/.-]\s*\d{1,2}(\s*[/.-]\s*\d{2,4})?$")
_RESSEMBLE_A_UNE_HEURE = re.compile(r"^\d{1,2}\s*(h|H|:)\s*(\d{2})?$")


@dataclass(frozen=True)
class LigneDemarche:
    """What a line gives: the date and time when it starts with them, the words left to find the type."""

    mots: str
    date: date | None = None
    heure: str = ""
    sans_annee: bool = False  # the year was not typed (this year, or last year's)
    date_illisible: str = ""  # the first word looked like a date but is none (« 32/10 »)

    def note(self) -> str:
        """What was understood, said under the list before Enter (empty when the line has no date)."""
        if self.date_illisible:
            return f"« {self.date_illisible} » n'est pas une date : elle sera demandée ensuite."
        if self.date is None:
            return ""
        quand = date_courte(self.date) + (f" à {self.heure.replace(':', 'h')}" if self.heure else "")
        return f"Démarche du {quand}" + (" (sans année : compris ainsi)" if self.sans_annee else "") + "."


def _date(mot: str, aujourd_hui: date) -> tuple[date | None, bool]:
    complete = complete_year(mot, aujourd_hui)
    if complete is not None:
        return complete, True
    try:
        return parse_date(mot), False
    except FieldError:
        return None, False


def lire_ligne(texte: str, aujourd_hui: date) -> LigneDemarche:
    """« 21/10 9h30 appel ANEF » → the 21st of October (this year, or last year's when later than today),
    09:30, and « appel ANEF » to find the type."""
    mots = texte.split()
    if not mots or not _RESSEMBLE_A_UNE_DATE.match(mots[0]):
        return LigneDemarche(" ".join(mots))
    jour, sans_annee = _date(mots[0], aujourd_hui)
    if jour is None:
        return LigneDemarche(" ".join(mots[1:]), date_illisible=mots[0])
    heure = ""
    if len(mots) > 1 and _RESSEMBLE_A_UNE_HEURE.match(mots[1]):
        try:
            heure = parse_heure(mots[1])
            mots = mots[1:]
        except FieldError:
            pass  # « 25h » is no time: a word of the search, which finds nothing and says so
    return LigneDemarche(" ".join(mots[1:]), jour, heure, sans_annee)
