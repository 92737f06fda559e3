"""Legal and practical delays (``donnees/delais.yaml``) as typed, dated values.

Like OpenFisca's parameters, a value that changed keeps its dates: ``valeurs`` lists each value with the day it
came into force, and :meth:`Delai.au` gives the one in force on the day that matters (the dépôt for an
implicit rejection). R. 432-2 of the CESEDA sets shorter delays for some titres: they are ``derogations`` of
``rejet_implicite``, keyed by the categories of the pièce lists (``titres.yaml``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

STATUTS = ("verifie", "secondaire", "non_verifie", "usage")


class _Modele(BaseModel):
    # built when the data files are read, not when the cached referentiel is unpickled (the start of a command)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Valeur(_Modele):
    """One value of a delay, in force from ``depuis``: a number of months or of days, and the texts it rests on."""

    depuis: date
    mois: int | None = Field(None, ge=1)
    jours: int | None = Field(None, ge=1)
    textes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_unit(self) -> Valeur:
        if (self.mois is None) == (self.jours is None):
            raise ValueError("une valeur de délai a des mois ou des jours, pas les deux")
        return self


class Variante(_Modele):
    """A shorter delay for a case within a category (R. 421-23: a blue card of another member State)."""

    question: str
    libelle: str
    jours: int = Field(..., ge=1)


def _au(valeurs: tuple[Valeur, ...], jour: date | None) -> Valeur:
    """The value in force on ``jour`` (the earliest one for an earlier day, the latest one without a day)."""
    ordonnees = sorted(valeurs, key=lambda v: v.depuis)
    if jour is None:
        return ordonnees[-1]
    en_vigueur = [v for v in ordonnees if v.depuis <= jour]
    return en_vigueur[-1] if en_vigueur else ordonnees[0]


class Derogation(_Modele):
    categories: tuple[str, ...]
    libelle: str
    valeurs: tuple[Valeur, ...] = Field(..., min_length=1)
    renvoi: str = ""  # the article R. 432-2 refers to, when its text was not read
    variante: Variante | None = None
    source: str
    statut: str
    verifie_le: date
    note: str = ""

    def au(self, jour: date | None) -> Valeur:
        return _au(self.valeurs, jour)


class Delai(_Modele):
    """One delay of ``delais.yaml``: a fixed number (``mois`` or ``jours``) or dated ``valeurs``."""

    code: str
    libelle: str
    mois: int | None = None
    jours: int | None = None
    valeurs: tuple[Valeur, ...] = ()
    textes: tuple[str, ...] = ()
    derogations: tuple[Derogation, ...] = ()
    source: str
    statut: str
    verifie_le: date
    note: str = ""

    @model_validator(mode="after")
    def _has_value(self) -> Delai:
        if not self.valeurs and self.mois is None and self.jours is None:
            raise ValueError(f"le délai {self.code} n'a pas de valeur")
        if self.statut not in STATUTS:
            raise ValueError(f"statut inconnu pour le délai {self.code} : {self.statut}")
        return self

    def au(self, jour: date | None = None) -> Valeur:
        """The value in force on ``jour``."""
        if self.valeurs:
            return _au(self.valeurs, jour)
        return Valeur(depuis=date.min, mois=self.mois, jours=self.jours, textes=self.textes)

    @property
    def nombre_jours(self) -> int:
        """A delay counted in days (a practical delay, or one of R. 431-5): its number."""
        jours = self.au().jours
        if jours is None:
            raise ValueError(f"le délai {self.code} ne se compte pas en jours")
        return jours

    def derogation(self, categorie: str) -> Derogation | None:
        return next((d for d in self.derogations if categorie in d.categories), None)


def charger_delais(data: Mapping[str, Any]) -> dict[str, Delai]:
    """Every delay of the parsed ``delais.yaml``, validated."""
    return {code: Delai(code=code, **entry) for code, entry in data.items()}
