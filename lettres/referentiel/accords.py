"""Nationalities under a bilateral agreement (``donnees/accords.yaml``): the Algerian one governs residence as a
whole (certificats de résidence), the Moroccan and Tunisian ones the salaried worker's card (article 3). The
procedure stays the CESEDA's; the titre's name, its basis and the engagement républicain follow the agreement."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from lettres.francais import replier_mots
from lettres.yamlio import parse_package_yaml


class _Modele(BaseModel):
    # built when the data files are read, not when the cached referentiel is unpickled (the start of a command)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Salarie(_Modele):
    categories: tuple[str, ...]
    titre: str


class Accord(_Modele):
    code: str
    libelle: str
    nationalites: tuple[str, ...] = Field(..., min_length=1)
    regime: Literal["complet", "partiel"]
    titres: dict[str, str] = Field(default_factory=dict)  # family of cards (CST, CR) → the agreement's titre
    salarie: Salarie | None = None
    engagement_facultatif: Literal["tous", "salarie"]
    source: str
    statut: str
    verifie_le: date
    note: str = ""

    def titre_pour(self, categorie: str) -> str | None:
        """The agreement's name of the titre for a CESEDA category, or None when the agreement does not name it."""
        if self.salarie is not None and categorie in self.salarie.categories:
            return self.salarie.titre
        return self.titres.get(categorie.split()[0]) if categorie else None

    def engagement_facultatif_pour(self, categorie: str) -> bool:
        if self.engagement_facultatif == "tous":
            return True
        return self.salarie is not None and categorie in self.salarie.categories


@cache
def charger_accords() -> dict[str, Accord]:
    from lettres.referentiel import en_cache

    return en_cache("accords", _lire_accords, dict)


def _lire_accords() -> dict[str, Accord]:

    text = resources.files("lettres.referentiel").joinpath("donnees", "accords.yaml").read_text(encoding="utf-8")
    return {code: Accord(code=code, **entry) for code, entry in parse_package_yaml(text)["accords"].items()}


def accord_de(nationalite: str) -> Accord | None:
    """The agreement a nationality written in a dossier falls under (« algérienne », « Algérie », « marocain »),
    or None. A dual nationality naming two agreements gives None: ``verifier`` then says it cannot tell."""
    mots = replier_mots(nationalite).split()
    trouves = {a.code: a for a in charger_accords().values() for m in mots if m.startswith(a.nationalites)}
    return next(iter(trouves.values())) if len(trouves) == 1 else None


def accords_possibles(nationalite: str) -> tuple[Accord, ...]:
    """Every agreement a nationality may fall under (two for « franco-algérienne et marocaine »)."""
    mots = replier_mots(nationalite).split()
    return tuple(a for a in charger_accords().values() if any(m.startswith(a.nationalites) for m in mots))
