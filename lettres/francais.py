"""French text, written once: dates with « 1er », times, agreement by civilité and by number (plurals), and
the folded form two French words are compared in (accents, case, spacing)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MOIS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def date_lettre(jour: date | None) -> str:
    """``1er décembre 2026``, ``3 juin 2022``: the full month name, never abbreviated, without capital, and
    « 1er » for the first day of the month (the French ordinal; the other days are cardinals)."""
    if jour is None:
        return ""
    return f"{'1er' if jour.day == 1 else jour.day} {MOIS[jour.month - 1]} {jour.year}"


def du_au(debut: date, fin: date) -> str:
    """« du 10 juillet au 9 octobre 2026 »: the year said once when both days share it."""
    du = date_lettre(debut)
    if debut.year == fin.year:
        du = du.rsplit(" ", 1)[0]
    return f"du {du} au {date_lettre(fin)}"


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


_UNITES = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
    "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit", "dix-neuf", "vingt", "vingt et un",
    "vingt-deux", "vingt-trois", "vingt-quatre", "vingt-cinq", "vingt-six", "vingt-sept", "vingt-huit",
    "vingt-neuf", "trente", "trente et un",
)


def jours_en_lettres(jours: int) -> str:
    """« quinze jours »: a delay written out in words, as a court document writes it (in figures beyond 31)."""
    n = abs(jours)
    if n == 1:
        return "un jour"
    return f"{_UNITES[n]} jours" if n < len(_UNITES) else f"{n} jours"


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


def liste_fr(items: list[str] | tuple[str, ...], conjonction: str = "et") -> str:
    """« 3 », « 3 et 4 », « 2, 3 et 4 » ; « PNG, JPEG ou PDF » with ``conjonction="ou"``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjonction} {items[-1]}"


def accorder(n: float, singulier: str, pluriel: str | None = None) -> str:
    """The word agreed with a number: the singular for 0 and 1, as French writes « 0 dossier », « 1 dossier »,
    « 2 dossiers ». Without ``pluriel``, the singular takes an « s » unless it already ends in s, x or z;
    several words (« pièce exigée », « contact local ») give their plural."""
    if abs(n) < 2:
        return singulier
    if pluriel is not None:
        return pluriel
    return singulier if singulier.endswith(("s", "x", "z")) else f"{singulier}s"


def nombre(n: int, singulier: str, pluriel: str | None = None) -> str:
    """« 1 dossier », « 3 dossiers », « 2 PDF écrits » (``nombre(2, "PDF écrit", "PDF écrits")``)."""
    return f"{n} {accorder(n, singulier, pluriel)}"


# the letters NFKD does not split: ligatures written as two letters, so that « oe » typed finds « œ »
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def sans_accents(texte: str) -> str:
    """Accents dropped and ligatures spelled out, case and spacing kept: « Œuvre d'Étienne » → « OEuvre
    d'Etienne ». For what keeps its case (file names); to compare words, ``replier``."""
    decompose = unicodedata.normalize("NFKD", texte)
    return "".join(c for c in decompose if not unicodedata.combining(c)).translate(_LIGATURES)


def replier(texte: str) -> str:
    """The form two French words are compared in — a search, a choice typed, a column name, a person's name in a
    stable identifier: case folded (``casefold``), accents dropped, ligatures spelled out, spaces around
    removed and runs of spaces made one. « Préfecture », « prefecture » and « PRÉFECTURE  » are the same
    word; punctuation is kept (``replier_mots`` drops it)."""
    return " ".join(sans_accents(texte.casefold()).split())


_PAS_UNE_LETTRE = re.compile(r"[\W_]+")


def replier_mots(texte: str) -> str:
    """``replier``, and every character that is neither a letter nor a digit read as a space: the words of a
    name, whatever joins them. « Saint-Étienne » is « saint etienne », « L'Isère » is « l isere »."""
    return " ".join(_PAS_UNE_LETTRE.sub(" ", replier(texte)).split())


def ascii_slug(text: str, separator: str = "-", max_length: int = 40) -> str:
    """ASCII, Windows-safe fragment of a file name: accents removed, other characters collapsed."""
    text = sans_accents(text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", separator, text).strip(separator)
    return text[:max_length].rstrip(separator)


# words that open a sentence and are written lower-case inside one (never a name: « France Travail » stays)
_MOTS_COMMUNS = frozenset({
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "au", "aux", "son", "sa", "ses", "leur", "leurs",
    "mon", "ma", "mes", "notre", "nos", "il", "elle", "ils", "elles", "on", "je", "j", "nous", "cette", "ce", "cet",
    "ces", "depuis", "sans", "aucun", "aucune", "plus", "pas", "faute", "en", "dans", "par", "pour", "avec", "apres",
})  # fmt: skip


def suite_de_phrase(texte: str) -> str | None:
    """A free text continued after a colon: its first letter lower-cased when its first word is a common word
    (« L'employeur a… » → « l'employeur a… »); ``None`` when it opens with a name or anything else, which the
    caller quotes instead."""
    texte = " ".join(texte.split())
    mot = re.match(r"[^\W\d_]+", texte)
    if mot is None or replier(mot.group()) not in _MOTS_COMMUNS or (mot.group().isupper() and len(mot.group()) > 1):
        return None
    return texte[:1].lower() + texte[1:]
