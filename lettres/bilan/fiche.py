"""One dossier as the bilan counts it: an anonymous record (``Fiche``).

Anonymous by construction: a record is built from codes (préfecture, blocages, situation, titre category,
steps, answers, outcome), months (never a day) and durations in days. No name, birth date, address, number
or free text of the dossier is read into it; the only trace of the person is a salted hash
(``identifiant``), which finds the same person counted twice and cannot be reversed without the salt, kept
in the structure's configuration and never exported.

The situation and the steps come from the one analysis of the dossier (``procedure.analyse.analyser``), the
same object ``lettres verifier``, ``suivi`` and ``generer`` read: each is computed once per dossier.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NamedTuple

from lettres.dossier import Dossier
from lettres.francais import replier
from lettres.procedure.analyse import analyser

# what became of the letter to the préfecture (letter 2)
COURRIER = ("reponse_a_temps", "reponse_tardive", "sans_reponse", "en_cours")
# the rejections, the most formal first: a notified decision, the dossier closed as rejected, the silence
REJETS = ("refus", "oqtf", "rejet", "implicite")
# the référé « mesures utiles »: ripe (no answer after the delay), a lawyer seized, granted, rejected
REFERES = ("mur", "avocat", "accorde", "rejete")
# the durations, in days: from the blocage to letter 2, from letter 2 to the answer, from the answer to the
# close, from the blocage to the close
DUREES = ("blocage_courrier", "courrier_reponse", "reponse_cloture", "blocage_cloture")


class Fiche(NamedTuple):
    """One dossier, anonymous: codes, months (AAAA-MM) and durations in days (a tuple: a merge builds
    hundreds of thousands of them)."""

    identifiant: str  # salted hash of the person: duplicates only
    prefecture: str
    mois_blocage: str
    nature: str
    categorie: str  # titre category code, "" when outside the lists
    blocages: tuple[str, ...]
    situation: str  # the main situation (procedure.situation)
    etapes: tuple[int, ...]  # steps of the fiche done (logged, with or without their pièce)
    courrier: str  # "" (no letter 2) or one of COURRIER
    reponses: tuple[str, ...]  # what the préfecture answered (codes)
    api: bool  # an API or a récépissé was obtained
    rejet: str  # "" or one of REJETS
    refere: str  # "" or one of REFERES
    cloture: str  # "" (open) or the outcome code
    mois_cloture: str
    durees: tuple[int | None, ...]  # one per DUREES
    nationalite: str = ""  # its group, only when asked

    def as_dict(self) -> dict[str, Any]:
        data = {
            "id": self.identifiant,
            "prefecture": self.prefecture,
            "mois_blocage": self.mois_blocage,
            "nature": self.nature,
            "categorie": self.categorie,
            "blocages": list(self.blocages),
            "situation": self.situation,
            "etapes": list(self.etapes),
            "courrier": self.courrier,
            "reponses": list(self.reponses),
            "api": self.api,
            "rejet": self.rejet,
            "refere": self.refere,
            "cloture": self.cloture,
            "mois_cloture": self.mois_cloture,
            "durees": dict(zip(DUREES, self.durees, strict=True)),
        }
        if self.nationalite:
            data["nationalite"] = self.nationalite
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Fiche:
        """A record of an export, checked (ValueError, KeyError or TypeError when damaged)."""
        get = data.get
        mois_cloture = get("mois_cloture") or ""
        if mois_cloture and not MOIS_CODE.match(mois_cloture):
            raise ValueError(mois_cloture)
        durees = get("durees") or {}
        return cls(
            str(data["id"]),
            str(data["prefecture"]),
            _mois_lu(data["mois_blocage"]),
            str(get("nature", "")),
            str(get("categorie", "")),
            tuple(map(str, _liste(get("blocages")))),
            str(get("situation", "")),
            tuple(map(int, _liste(get("etapes")))),
            str(get("courrier", "")),
            tuple(map(str, _liste(get("reponses")))),
            get("api") is True,
            str(get("rejet", "")),
            str(get("refere", "")),
            str(get("cloture", "")),
            mois_cloture,
            tuple(_jours(durees.get(d)) for d in DUREES),
            str(get("nationalite", "")),
        )


MOIS_CODE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _mois_lu(valeur: Any) -> str:
    """A month of an export (AAAA-MM), checked: anything else makes the export unusable (ValueError)."""
    if isinstance(valeur, str) and MOIS_CODE.match(valeur):
        return valeur
    raise ValueError(valeur)


def _liste(valeur: Any) -> list:
    if valeur is None:
        return []
    if not isinstance(valeur, list):
        raise ValueError(valeur)
    return valeur


def _jours(valeur: Any) -> int | None:
    return valeur if type(valeur) is int and valeur >= 0 else None


def mois(jour: date | None) -> str:
    return f"{jour.year:04d}-{jour.month:02d}" if jour else ""


def identifiant(dossier: Dossier, sel: str) -> str:
    """The person's salted hash (HMAC-SHA-256 of name, first names and birth date; 24 hexadecimal digits)."""
    p = dossier.personne
    texte = f"{replier(p.nom)}|{replier(p.prenoms)}|{p.date_naissance.isoformat()}"
    return hmac.new(sel.encode("utf-8"), texte.encode("utf-8"), hashlib.sha256).hexdigest()[:24]


def _ecart(debut: date | None, fin: date | None) -> int | None:
    """Days from ``debut`` to ``fin``; None when either is missing or they are in the wrong order."""
    if debut is None or fin is None or fin < debut:
        return None
    return (fin - debut).days


def _courrier(dossier: Dossier, e: Any) -> str:
    if e.courrier_prefecture is None:
        return ""
    # for the figures, a letter whose avis de réception is not recorded counts from its sending day (the
    # deadlines of the dossier itself are not computed then: procedure/delais.py)
    fin = e.fin_delai_prefecture or e.courrier_prefecture + timedelta(days=e.delai_prefecture_jours)
    reponse = dossier.issue.reponse_prefecture_le
    if reponse is not None:
        return "reponse_a_temps" if reponse <= fin else "reponse_tardive"
    return "sans_reponse" if e.aujourd_hui > fin else "en_cours"


def _rejet(dossier: Dossier, situation_codes: tuple[str, ...]) -> str:
    decision = dossier.demande.decision
    if decision in ("refus", "oqtf"):
        return decision
    if dossier.issue.cloture == "rejet":
        return "rejet"
    return "implicite" if "rejet_implicite" in situation_codes else ""


def _refere(dossier: Dossier, courrier: str, envoi: date | None) -> str:
    cloture = dossier.issue.cloture
    if cloture in ("refere_accorde", "refere_rejete"):
        return cloture.removeprefix("refere_")
    if envoi is not None and any(d.type == "saisine_avocat" and d.date >= envoi for d in dossier.demarches):
        return "avocat"
    return "mur" if courrier == "sans_reponse" and not cloture else ""


def _api(dossier: Dossier) -> bool:
    issue = dossier.issue
    return bool(dossier.demande.document_provisoire) or "api" in issue.reponse_prefecture or issue.cloture == "api"


def build_fiche(dossier: Dossier, aujourd_hui: date, sel: str, nationalites: bool = False) -> Fiche:
    """The anonymous record of a dossier at ``aujourd_hui``."""
    analyse = analyser(dossier, aujourd_hui)
    situation, e = analyse.situation, analyse.echeances
    issue = dossier.issue
    courrier = _courrier(dossier, e)
    depuis = dossier.blocage.depuis
    durees = (
        _ecart(depuis, e.courrier_prefecture),
        _ecart(e.courrier_prefecture, issue.reponse_prefecture_le),
        _ecart(issue.reponse_prefecture_le, issue.cloture_le),
        _ecart(depuis, issue.cloture_le),
    )
    groupe = ""
    if nationalites:
        from lettres.bilan.nationalites import groupe_nationalite

        groupe = groupe_nationalite(dossier.personne.nationalite)
    return Fiche(
        identifiant=identifiant(dossier, sel),
        prefecture=dossier.demande.prefecture,
        mois_blocage=mois(depuis),
        nature=dossier.demande.nature,
        categorie=dossier.demande.categorie,
        blocages=tuple(dossier.blocage.types),
        situation=situation.principale,
        etapes=tuple(s.etape.numero for s in analyse.etapes if s.faite),
        courrier=courrier,
        reponses=tuple(issue.reponse_prefecture) if issue.reponse_prefecture_le else (),
        api=_api(dossier),
        rejet=_rejet(dossier, situation.codes),
        refere=_refere(dossier, courrier, e.courrier_prefecture),
        cloture=issue.cloture,
        mois_cloture=mois(issue.cloture_le),
        durees=durees,
        nationalite=groupe,
    )


def fiche_du_fichier(dossier: Dossier, fichier: Path, aujourd_hui: date, sel: str, nationalites: bool) -> Fiche:
    """``build_fiche`` in the shape ``suivi.read_dossiers`` calls (the file's path is not kept)."""
    return build_fiche(dossier, aujourd_hui, sel, nationalites)


def plus_avancee(fiche: Fiche) -> tuple:
    """Of two records of one person, the one kept: closed, then the latest blocage, then the most steps; then
    any fixed order, so that the result never depends on the order the records were read in."""
    return (
        bool(fiche.cloture),
        fiche.mois_cloture,
        fiche.mois_blocage,
        len(fiche.etapes),
        fiche.courrier != "",
        repr(fiche),
    )


def sans_doublons(fiches: list[Fiche]) -> tuple[list[Fiche], int]:
    """Each person once (same salted hash), and how many records were left aside."""
    gardees: dict[str, Fiche] = {}
    for fiche in fiches:
        deja = gardees.get(fiche.identifiant)
        if deja is None or plus_avancee(fiche) > plus_avancee(deja):
            gardees[fiche.identifiant] = fiche
    return list(gardees.values()), len(fiches) - len(gardees)
