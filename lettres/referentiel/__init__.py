"""Reference data shipped with the package (``lettres/referentiel/donnees/*.yaml``): knowledge lives here, not in code."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from lettres.cache import read_cached, write_cached
from lettres.referentiel import prefectures as _prefectures
from lettres.referentiel.delais import Delai, charger_delais
from lettres.referentiel.modeles import Contact, Prefecture, RendezVous, Texte, Tribunal
from lettres.referentiel.titres import PieceTitre, Titre, Titres, charger_titres

__all__ = [
    "Contact",
    "Delai",
    "Etape",
    "PieceTitre",
    "Prefecture",
    "Referentiel",
    "RendezVous",
    "Texte",
    "Titre",
    "Titres",
    "Tribunal",
    "charger_referentiel",
]


M = TypeVar("M", bound="BaseModel")
T = TypeVar("T")


def _load(name: str) -> dict[str, Any]:
    from lettres.yamlio import parse_package_yaml

    text = resources.files("lettres.referentiel").joinpath("donnees", f"{name}.yaml").read_text(encoding="utf-8")
    return parse_package_yaml(text)


@dataclass(frozen=True)
class Etape:
    numero: int
    libelle: str
    explication: str
    types: dict[str, str]
    prefecture: bool = False  # its démarches go to the préfecture (rendez-vous, PAN, letter)


@dataclass(frozen=True)
class Referentiel:
    textes: dict[str, Texte]
    contacts: dict[str, Contact]
    prefectures: dict[str, Prefecture]
    blocages: dict[str, str]  # code → help label, for lists (never copied into a letter)
    blocages_courts: dict[str, str]  # code → short neutral label, for letters
    familles_blocage: dict[str, str]  # code → depot | completude | instruction | autre
    etapes: tuple[Etape, ...]
    autres_types: dict[str, str]
    regles: dict[str, dict[str, Any]]
    delais: dict[str, Delai]
    titres: Titres
    situations: dict[str, dict[str, Any]]  # in the order letters treat them
    tribunaux: dict[str, Tribunal]  # code → tribunal administratif
    ressorts: dict[str, str]  # préfecture code → tribunal code
    avertissements: dict[str, str]  # code → what a préfecture's dossiers are warned of (overseas, Mayotte…)

    def tribunal(self, prefecture: str) -> Tribunal | None:
        """The tribunal administratif competent for a préfecture (R. 312-1 and R. 221-3 CJA), if known."""
        code = self.ressorts.get(prefecture)
        return self.tribunaux[code] if code else None

    def avertissements_prefecture(self, prefecture: str, tribunal: bool = False) -> list[str]:
        """What the dossiers of this préfecture must be warned of, in the data's words (``tribunal``: only what
        concerns its tribunal)."""
        trouvee = self.prefectures.get(prefecture)
        codes: tuple[str, ...] | list[str] = trouvee.avertissements if trouvee else ()
        if tribunal:
            codes = [c for c in codes if c in _prefectures.AVERTISSEMENTS_TRIBUNAL]
        return [" ".join(self.avertissements[c].split()) for c in codes]

    def en_paca(self, prefecture: str) -> bool:
        """One of the eight préfectures of the FAS PACA Corse / ESPACE fiche: its regional contacts apply."""
        trouvee = self.prefectures.get(prefecture)
        return trouvee is not None and trouvee.territoire == _prefectures.TERRITOIRE_PACA

    def trouver_prefecture(self, texte: str) -> list[str]:
        """The codes of the préfectures a typed word names (code, département, city, chef-lieu)."""
        return _prefectures.trouver(self.prefectures, texte)

    @property
    def types_demarche(self) -> dict[str, str]:
        """Every démarche type code with its French label, in the order of the steps."""
        types: dict[str, str] = {}
        for etape in self.etapes:
            types.update(etape.types)
        types.update(self.autres_types)
        return types

    def etape_du_type(self, type_demarche: str) -> Etape | None:
        for etape in self.etapes:
            if type_demarche in etape.types:
                return etape
        return None


def _modeles(modele: type[M], fichier: str, entrees: dict[Any, dict[str, Any]], **cle: str) -> dict[str, M]:
    """Each entry of a data file as its model (``cle``: the field that receives the entry's key)."""
    from pydantic import ValidationError

    typed = {}
    for code, data in entrees.items():
        try:
            typed[str(code)] = modele.model_validate({**data, **{k: str(code) for k in cle}})
        except ValidationError as exc:
            raise ValueError(f"{fichier}.yaml, {code} : {exc.errors()[0]['loc']} {exc.errors()[0]['msg']}") from None
    return typed


@cache
def charger_referentiel() -> Referentiel:
    """Every data file of the package, read once per process (and kept loaded between commands: ``en_cache``)."""
    return en_cache("referentiel", _lire, Referentiel)


def en_cache(nom: str, lire: Callable[[], T], attendu: type) -> T:
    """What ``lire`` makes of the package's data files, kept in the user's cache folder under a name that changes
    with the data files, the code that reads them and the versions of Python and pydantic: the next command
    unpickles it (a few milliseconds instead of tens). ``attendu``: the type of what a cache file must hold."""
    import pickle

    name = f"{nom}-{_empreinte()}.pickle"
    stored = read_cached(name)
    if stored is not None:
        try:
            loaded = pickle.loads(stored)  # the user's own cache folder (0700), as Python's __pycache__
        except Exception:  # a damaged or truncated file: read the data files again
            loaded = None
        if isinstance(loaded, attendu):
            return cast(T, loaded)
    value = lire()
    write_cached(name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


@cache
def _empreinte() -> str:
    """What the loaded reference data depends on: the data files, this package's code, Python and pydantic."""
    import sys
    from hashlib import sha256

    from pydantic import VERSION

    here = Path(__file__).parent
    parts = [sys.version, VERSION]
    for folder in (here, here / "donnees"):
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.is_file():
                    stat = entry.stat()
                    parts.append(f"{folder.name}/{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return sha256("|".join(parts).encode()).hexdigest()[:32]


def _lire() -> Referentiel:
    """Read and check every data file of the package."""
    etapes = _load("etapes")
    blocages = _load("blocages")["blocages"]
    prefectures = _load("prefectures")
    liste = _modeles(Prefecture, "prefectures", prefectures["prefectures"])
    tribunaux = _modeles(Tribunal, "tribunaux", _load("tribunaux")["tribunaux"], code="code")
    _prefectures.controler(liste, tribunaux, prefectures["avertissements"])
    return Referentiel(
        textes=_modeles(Texte, "textes", _load("textes")["textes"]),
        contacts=_modeles(Contact, "contacts", _load("contacts")["contacts"]),
        prefectures=liste,
        blocages={code: b["libelle"] for code, b in blocages.items()},
        blocages_courts={code: b["court"] for code, b in blocages.items()},
        familles_blocage={code: b["famille"] for code, b in blocages.items()},
        etapes=tuple(Etape(**e) for e in etapes["etapes"]),
        autres_types=etapes["autres_types"],
        regles=_load("regles")["regles"],
        delais=charger_delais(_load("delais")["delais"]),
        titres=charger_titres(_load("titres")),
        situations=_load("situations")["situations"],
        tribunaux=tribunaux,
        ressorts=_prefectures.ressorts(liste),
        avertissements=prefectures["avertissements"],
    )
