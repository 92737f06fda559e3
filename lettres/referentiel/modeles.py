"""The reference data as typed values (pydantic): préfectures, tribunaux, contacts and legal texts, checked once
when the package's data files are loaded. A key the data does not know, a missing field or a wrong type stops the
loading with the file's and the entry's name: the data is the package's own, so this is a test's failure, never a
user's."""

from __future__ import annotations

import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

Statut = Literal["verifie", "secondaire", "a_verifier", "fiche", "non_verifie"]


class _Modele(BaseModel):
    # built when the data files are read, not when the cached referentiel is unpickled (the start of a command)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class RendezVous(_Modele):
    """How to get an « ANEF blocage » appointment at a préfecture's point d'accueil numérique, with its source."""

    mode: str
    libelle: str
    source: str
    verifie_le: datetime.date
    telephone: str = ""
    horaires: str = ""
    note: str = ""


class Prefecture(_Modele):
    nom: str
    departement: str
    ville: str  # where its foreigners' service sits
    chef_lieu: str
    tribunal: str  # code of tribunaux.yaml
    source: str
    statut: Literal["verifie", "secondaire", "a_verifier"]
    verifie_le: datetime.date
    territoire: str = ""  # paca_corse: the regional contacts apply
    rdv_blocage: RendezVous | None = None
    adresse: str = ""  # of its foreigners' service, once verified
    courriel: str = ""
    prefet_civilite: str = ""  # madame | monsieur, once verified
    prefet_titre: str = ""  # « de police » in Paris
    prefet_civilite_source: str = ""
    note: str = ""
    avertissements: tuple[str, ...] = ()  # codes of the warnings its dossiers get


class Tribunal(_Modele):
    """A tribunal administratif; ``code`` is its key in ``tribunaux.yaml``."""

    code: str
    nom: str
    ville: str
    cour_appel: str
    adresse: str = ""
    statut_adresse: str = ""


class Contact(_Modele):
    libelle: str
    source: str
    statut: Statut
    verifie_le: datetime.date
    courriel: str = ""
    telephone: str = ""
    horaires: str = ""
    url: str = ""
    territoire: str = ""
    adresse: str = ""  # a postal address, only once verified (its source in ``source``)


class Texte(_Modele):
    """A legal text the letters may cite; only those with ``statut: verifie`` are."""

    citation: str
    intitule: str
    source: str
    statut: Statut
    verifie_le: datetime.date
    abrege: str = ""  # a shorter citation, when the text is cited again
    redaction: str = ""  # the citation with the wording relied on (« dans sa rédaction issue du … »)
    numero: str = ""
    extrait: str = ""
    date: datetime.date | None = None
    note: str = ""
