"""The order of the dossier's pages and when each question applies: taken from the terminal interview
(``prompts.entretien.SECTIONS``), so that both doors ask the same questions under the same conditions.

This module is the only place the web reads the interview's sections; the pages see ``Page`` and
``ChampPage`` only. Questions that the interview asks only from its review screen (``envoi.lieu``…) are
offered on the page of their section, under « Autres informations ».
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from lettres.dossier.questions import schema_columns
from lettres.prompts.entretien import SECTIONS, VOIX, VOIX_ACCOMPAGNANT, VOIX_PERSONNE, Champ, Entretien

# never asked in a form: the format's version, and a situation imposed by hand (for those who edit the file)
HORS_FORMULAIRE = {"version", "situation"}


@dataclass(frozen=True)
class ChampPage:
    key: str
    label: str = ""  # for the yes/no questions that open a part of a page (``_orientation``…)
    complement: bool = False  # shown under « Autres informations »

    @property
    def private(self) -> bool:
        return self.key.startswith("_")


@dataclass(frozen=True)
class Page:
    code: str
    titre: str
    champs: tuple[ChampPage, ...]

    @property
    def demarches(self) -> bool:
        return self.code == "demarches"


@cache
def pages() -> tuple[Page, ...]:
    asked = {c.key for s in SECTIONS for c in s.champs}
    rest = [k for k in schema_columns() if k not in asked and k not in HORS_FORMULAIRE]
    result = []
    for section in SECTIONS:
        champs = [ChampPage(c.key, c.label) for c in section.champs]
        prefixes = {c.key.split(".")[0] for c in section.champs if not c.private}
        if section.code in prefixes:
            prefixes = {section.code}
        champs += [ChampPage(k, complement=True) for k in rest if k.split(".")[0] in prefixes]
        result.append(Page(section.code, section.titre, tuple(champs)))
    return tuple(result)


def page(code: str) -> Page | None:
    return next((p for p in pages() if p.code == code), None)


def _champ(key: str) -> Champ:
    return next((c for s in SECTIONS for c in s.champs if c.key == key), Champ(key))


def _entretien(answers: dict[str, Any]) -> Entretien:
    return Entretien(answers, asker=None, base=Path("."))  # type: ignore[arg-type]  # never asks anything


def applicable(champ: ChampPage, answers: dict[str, Any]) -> bool:
    """The question applies given the answers so far (the interview's own condition)."""
    return _entretien(answers).applicable(_champ(champ.key))


def prune(answers: dict[str, Any]) -> None:
    """Forget the answers to questions that no longer apply (as the interview does)."""
    _entretien(answers).prune()


def required(champ: ChampPage, answers: dict[str, Any]) -> bool | None:
    """Required by the interview's own rule for this page (``None``: the schema decides)."""
    rule = _champ(champ.key).required
    return None if rule is None else rule(answers)


def voice(key: str, answers: dict[str, Any]) -> str:
    """For texts copied as they are into the letters: in whose voice to write them (as the terminal says)."""
    if key not in VOIX:
        return ""
    text = VOIX_ACCOMPAGNANT if answers.get("signataire") == "accompagnant" else VOIX_PERSONNE
    return text[0].upper() + text[1:] + "."
