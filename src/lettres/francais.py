"""French writing rules the letters need: dates with « 1er », times, agreement by civilité."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache


def date_lettre(jour: date | None) -> str:
    """``1er décembre 2026``, ``3 juin 2022``: full month name, « 1er » for the first day (Babel)."""
    if jour is None:
        return ""
    return f"{'1er' if jour.day == 1 else jour.day} {_mois_annee(jour.year, jour.month)}"


@cache
def _mois_annee(annee: int, mois: int) -> str:
    # Babel's formatting costs more than the rest of a letter's dates: each month is asked once
    from babel.dates import format_date

    return format_date(date(annee, mois, 1), "MMMM y", locale="fr_FR")


def date_courte(jour: date | None) -> str:
    """``20/09/2026``, for tables and file names read by people."""
    return jour.strftime("%d/%m/%Y") if jour else ""


def heure_lettre(heure: str) -> str:
    """``10:42`` becomes ``10 h 42`` (French typography)."""
    if not heure:
        return ""
    hours, minutes = heure.split(":")
    return f"{int(hours)} h {minutes}" if minutes != "00" else f"{int(hours)} h"


def duree_jours(jours: int) -> str:
    return "1 jour" if abs(jours) == 1 else f"{abs(jours)} jours"


@dataclass(frozen=True)
class Accord:
    """Words that agree with a person's civilité; neutral wording when it is not given."""

    civilite: str  # "Madame", "Monsieur" or ""
    e: str  # ending of a past participle: "e" or "" (neutral texts avoid participles)
    ne: str  # "née", "né", or "" (neutral texts write « date de naissance : »)
    interesse: str  # "l'intéressée", "l'intéressé", "la personne concernée"
    pronom: str  # "elle", "il", "la personne"
    neutre: bool


ACCORDS = {
    "madame": Accord("Madame", "e", "née", "l'intéressée", "elle", False),
    "monsieur": Accord("Monsieur", "", "né", "l'intéressé", "il", False),
    "": Accord("", "", "", "la personne concernée", "la personne", True),
}


def accord(civilite: str) -> Accord:
    return ACCORDS[civilite]


def liste_fr(items: list[str] | tuple[str, ...]) -> str:
    """« 3 », « 3 et 4 », « 2, 3 et 4 »."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"
