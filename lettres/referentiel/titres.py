"""Titre de séjour categories (``donnees/titres.yaml``): where the demande is filed (ANEF or préfecture) and which
pièces make it complete, plus a tolerant lookup from what a person types (« cst1 », « Visiteur », « étudiant »)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from lettres.francais import replier, replier_mots

Demande = Literal["premiere", "renouvellement"]
DEMANDES: tuple[Demande, ...] = ("premiere", "renouvellement")

# Words that say nothing about which titre is meant: dropped from a free-text query.
_MOTS_VIDES = frozenset({"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "pour"})
_CODE = re.compile(r"^(cst|csp|cr)\s*[.\-_]?\s*(\d+)(?:\s*[.,]\s*(\d+))?(?=$|[\s\-–—:(])")


@dataclass(frozen=True)
class PieceTitre:
    code: str
    libelle: str
    obligatoire: bool
    condition: str | None = None
    note: str | None = None
    # « remise » : asked when the card is handed over, so its absence does not make the dossier incomplete.
    moment: Literal["depot", "remise"] = "depot"
    depuis: date | None = None  # required only for a demande presented from that day (a law's entry into force)
    accords_facultatif: bool = False  # optional for the nationalities of an agreement (accords.yaml)
    familles: tuple[str, ...] = ()  # a common pièce that only these families of cards need (CSP, CR)
    sauf_categories: tuple[str, ...] = ()  # … except these categories and their sub-categories

    def en_vigueur(self, jour: date | None) -> bool:
        """Whether a demande presented on ``jour`` needs it (without a day: as of today's law)."""
        return self.depuis is None or jour is None or jour >= self.depuis

    def concerne(self, code: str) -> bool:
        """Whether a common pièce applies to the category ``code`` (« CSP 1.4 » is within « CSP 1 »)."""
        if self.familles and code.split()[0] not in self.familles:
            return False
        return not any(code == c or code.startswith(f"{c}.") for c in self.sauf_categories)

    @property
    def court(self) -> str:
        """The label without its details in brackets or after a semicolon: « justificatif de domicile de moins
        de 6 mois » (a list of missing pièces reads better so; the full label stays for the checklist)."""
        return re.sub(r" \([^()]*\)", "", self.libelle).split(" ; ")[0]

    def court_pour(self, anef: bool) -> str:
        """``court``; for a demande made on the ANEF, the form the label gives after « ; sur l'ANEF, » when it has
        one (« code de la e-photo (photo d'identité numérique) », not « 3 photos d'identité »)."""
        if anef and " ; sur l'ANEF, " in self.libelle:
            return self.libelle.split(" ; sur l'ANEF, ", 1)[1]
        return self.court


@dataclass(frozen=True)
class Titre:
    code: str
    libelle: str
    famille: str
    anef: Literal["oui", "partiel", "non", "inconnu"]
    anef_detail: str
    anef_source: str
    anef_statut: str
    anef_depuis: date | None
    pieces_premiere: tuple[PieceTitre, ...]
    pieces_renouvellement: tuple[PieceTitre, ...]
    pieces_statut: dict[Demande, str]
    pieces_source: str | None
    pieces_note: str | None
    source: str
    statut: str
    verifie_le: date
    note: str | None = None
    nom: str = ""  # how a letter names the titre (« carte de séjour temporaire « visiteur » »)
    # later names, each from the day it took effect (« passeport talent » became « talent » on 16 June 2025)
    noms: tuple[tuple[date, str], ...] = ()
    # the label before a renaming (« Passeport talent … » before décret n° 2025-539): still found by a search
    ancien_libelle: str = ""

    def nom_au(self, jour: date | None) -> str:
        """The titre's name in force on ``jour`` (today's name without a day)."""
        nom = self.nom
        for depuis, suivant in sorted(self.noms):
            if jour is None or jour >= depuis:
                nom = suivant
        return nom

    @property
    def anciens_noms(self) -> tuple[str, ...]:
        return (self.nom, *(n for _, n in sorted(self.noms)[:-1])) if self.noms else ()

    @property
    def intitule(self) -> str:
        """« CST 8 – visiteur »: how a category is offered in a list."""
        return f"{self.code} – {self.libelle}"

    def pieces(self, demande: Demande) -> tuple[PieceTitre, ...]:
        return self.pieces_premiere if demande == "premiere" else self.pieces_renouvellement

    def liste_verifiee(self, demande: Demande) -> bool:
        """Whether the category's own pièces are known; if not, only the common pièces are listed."""
        return self.pieces_statut[demande] == "verifie"


def demande_du_dossier(type_demande: str | None) -> Demande | None:
    """The dossier's ``demande.type`` as a pièce-list key; None when no list applies (changement de statut…)."""
    correspondance: dict[str, Demande] = {"premiere_demande": "premiere", "renouvellement": "renouvellement"}
    return correspondance.get(type_demande or "")


def code_canonique(texte: str) -> str | None:
    """« cst1 », « CST-1 », « CST.1 », « csp 1,10 » → « CST 1 », « CSP 1.10 »; None if the text starts with no code."""
    found = _CODE.match(replier(texte))
    if not found:
        return None
    famille, numero, sous_numero = found.groups()
    code = f"{famille.upper()} {int(numero)}"
    return f"{code}.{int(sous_numero)}" if sous_numero else code


@dataclass(frozen=True)
class Titres:
    """Every category in file order, with the pièces any demande needs."""

    par_code: dict[str, Titre]
    pieces_communes: dict[Demande, tuple[PieceTitre, ...]]
    familles: dict[str, str]

    def __iter__(self) -> Iterator[Titre]:
        return iter(self.par_code.values())

    def __len__(self) -> int:
        return len(self.par_code)

    def __getitem__(self, code: str) -> Titre:
        return self.par_code[code]

    def chercher(self, texte: str) -> list[Titre]:
        """Categories matching free text, best first: a code, an exact label, else every word found in the label."""
        code = code_canonique(texte)
        if code in self.par_code:
            return [self.par_code[code]]
        query = replier_mots(texte)
        if not query:
            return []
        exact = [t for t in self if query in {replier_mots(t.libelle), replier_mots(t.intitule), replier_mots(t.ancien_libelle)}]
        if exact:
            return exact
        mots = [m for m in query.split() if m not in _MOTS_VIDES]
        if not mots:
            return []
        found = []
        for titre in self:
            words = f"{replier_mots(titre.libelle)} {replier_mots(titre.ancien_libelle)} {replier_mots(titre.famille)}".split()
            if all(any(w.startswith(m) for w in words) for m in mots):
                found.append(titre)
        # The shortest label is the most general one (« Passeport talent » before its ten variants).
        return sorted(found, key=lambda t: len(replier_mots(t.libelle)))

    def trouver(self, texte: str) -> Titre | None:
        """The one category free text designates, or None when it names none or several."""
        found = self.chercher(texte)
        return found[0] if len(found) == 1 else None


def _piece(data: Mapping[str, Any]) -> PieceTitre:
    return PieceTitre(
        code=data["code"],
        libelle=data["libelle"],
        obligatoire=data["obligatoire"],
        condition=data.get("condition"),
        note=data.get("note"),
        moment=data.get("moment", "depot"),
        depuis=data.get("depuis"),
        accords_facultatif=bool(data.get("accords_facultatif", False)),
        familles=tuple(data.get("familles", ())),
        sauf_categories=tuple(data.get("sauf_categories", ())),
    )


def _pour(pieces: list[Mapping[str, Any]], demande: Demande) -> list[PieceTitre]:
    return [_piece(p) for p in pieces if demande in p.get("demandes", DEMANDES)]


def _fusion(code: str, communes: tuple[PieceTitre, ...], propres: list[PieceTitre]) -> tuple[PieceTitre, ...]:
    """Common pièces first (those that concern the category); a category's own version of a common pièce
    replaces it in place."""
    propres_par_code = {p.code: p for p in propres}
    merged = [propres_par_code.pop(p.code, p) for p in communes if p.concerne(code)]
    return (*merged, *(p for p in propres if p.code in propres_par_code))


def charger_titres(data: Mapping[str, Any]) -> Titres:
    """Build the catalogue from the parsed ``titres.yaml``."""
    brutes = data["pieces_communes"]["pieces"]
    communes = {demande: tuple(_pour(brutes, demande)) for demande in DEMANDES}
    familles = dict(data["familles"])
    par_code: dict[str, Titre] = {}
    for code, entry in data["titres"].items():
        propres = entry.get("pieces", [])
        par_code[code] = Titre(
            code=code,
            libelle=entry["libelle"],
            famille=familles[code.split()[0]],
            anef=entry["anef"],
            anef_detail=entry["anef_detail"],
            anef_source=entry["anef_source"],
            anef_statut=entry["anef_statut"],
            anef_depuis=entry.get("anef_depuis"),
            pieces_premiere=_fusion(code, communes["premiere"], _pour(propres, "premiere")),
            pieces_renouvellement=_fusion(code, communes["renouvellement"], _pour(propres, "renouvellement")),
            pieces_statut=dict(entry["pieces_statut"]),
            pieces_source=entry.get("pieces_source"),
            pieces_note=entry.get("pieces_note"),
            source=entry["source"],
            statut=entry["statut"],
            verifie_le=entry["verifie_le"],
            note=entry.get("note"),
            nom=_nom(entry, familles[code.split()[0]]),
            noms=tuple((n["depuis"], n["nom"]) for n in entry.get("noms", ())),
            ancien_libelle=entry.get("ancien_libelle", ""),
        )
    return Titres(par_code=par_code, pieces_communes=communes, familles=familles)


def _nom(entry: Mapping[str, Any], famille: str) -> str:
    """The titre as a letter names it: the data's ``nom``, else the family and the label in quotes."""
    if entry.get("nom"):
        return str(entry["nom"])
    # the first name is the one before any renaming (``noms`` gives the later ones)
    libelle = str(entry.get("ancien_libelle") or entry["libelle"])
    return f"{famille} « {libelle[:1].lower()}{libelle[1:]} »"
