"""The figures of a bilan, from anonymous records (``Fiche``): views (one count per category), durations
(quartiles) and the share of letters left unanswered — every small number hidden.

Statistical secrecy, applied to every output alike:

- a count under the threshold (``seuil``, 5 by default), and not zero, shows « < 5 »;
- in a view whose cells add up to its total (a partition), one hidden cell could be recomputed from the
  total: the smallest other non-zero cell is hidden too (secondary suppression);
- in a view where a dossier may count in several cells (blocages, steps, answers), each cell is a yes/no
  split of the total: it is hidden when either side is small (« > 295 » when only a few lack it);
- a percentage is shown only beside a count that is shown; a duration only over enough dossiers;
- a total under the threshold hides its whole view.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from lettres.bilan.fiche import Fiche
from lettres.francais import MOIS

SEUIL_PAR_DEFAUT = 5


@dataclass(frozen=True)
class Cellule:
    code: str
    libelle: str
    effectif: int | None  # None when hidden
    affiche: str  # « 12 », « < 5 », « > 295 »
    part: str  # « 12 % », or « — » when hidden

    @property
    def valeur(self) -> int:
        """The value a chart draws: a hidden cell draws nothing."""
        return self.effectif or 0

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "libelle": self.libelle, "effectif": self.effectif, "affiche": self.affiche}


@dataclass(frozen=True)
class Vue:
    """One table of the bilan: a count per category, with its total and a sentence saying what it counts."""

    code: str
    titre: str
    note: str
    cellules: tuple[Cellule, ...]
    total: int | None
    total_affiche: str
    partition: bool  # the cells add up to the total (else a dossier may count in several)
    chronologique: bool = False  # months: drawn as columns

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "titre": self.titre,
            "note": self.note,
            "total": self.total,
            "total_affiche": self.total_affiche,
            "plusieurs_par_dossier": not self.partition,
            "cellules": [c.as_dict() for c in self.cellules],
        }


@dataclass(frozen=True)
class Duree:
    """A duration in days over the dossiers where both dates are known: quartiles, or nothing when too few."""

    code: str
    libelle: str
    n: int | None
    n_affiche: str
    q1: float | None = None
    mediane: float | None = None
    q3: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "libelle": self.libelle,
            "dossiers": self.n,
            "dossiers_affiche": self.n_affiche,
            "premier_quartile": self.q1,
            "mediane": self.mediane,
            "troisieme_quartile": self.q3,
        }


@dataclass(frozen=True)
class Source:
    """One export merged: its structure (if it said), its period, how many records it brought."""

    structure: str
    du: str
    au: str
    fiches: int
    version: str

    def as_dict(self) -> dict[str, Any]:
        return {"structure": self.structure, "du": self.du, "au": self.au, "fiches": self.fiches, "outil": self.version}


@dataclass(frozen=True)
class Bilan:
    date: date  # the day the deadlines were evaluated
    du: str  # months AAAA-MM, "" when open
    au: str
    seuil: int
    dossiers: int | None
    dossiers_affiche: str
    vues: tuple[Vue, ...]
    durees: tuple[Duree, ...]
    sans_reponse: str  # share of letters 2 unanswered in their delay, or « — »
    doublons: int = 0
    sources: tuple[Source, ...] = field(default=(), compare=False)

    def vue(self, code: str) -> Vue:
        return next(v for v in self.vues if v.code == code)

    @property
    def periode(self) -> str:
        if self.du and self.au:
            return f"de {mois_texte(self.du)} à {mois_texte(self.au)}"
        if self.du:
            return f"depuis {mois_texte(self.du)}"
        if self.au:
            return f"jusqu'à {mois_texte(self.au)}"
        return "toute la période"

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": "lettres-bilan-chiffres",
            "date": f"{self.date.year:04d}-{self.date.month:02d}",
            "periode": {"du": self.du or None, "au": self.au or None},
            "seuil": self.seuil,
            "dossiers": self.dossiers,
            "dossiers_affiche": self.dossiers_affiche,
            "doublons_ecartes": self.doublons,
            "part_courriers_sans_reponse_dans_le_delai": self.sans_reponse,
            "vues": [v.as_dict() for v in self.vues],
            "durees": [d.as_dict() for d in self.durees],
            "sources": [s.as_dict() for s in self.sources],
        }


# --- secrecy -----------------------------------------------------------------------------------------


def _cache_partition(effectifs: Sequence[int], seuil: int) -> list[bool]:
    """Which cells of a partition to hide: the small ones, and one more when a single one is hidden."""
    caches = [0 < n < seuil for n in effectifs]
    if sum(caches) == 1:
        autres = [i for i, n in enumerate(effectifs) if not caches[i] and n > 0]
        if autres:
            caches[min(autres, key=lambda i: (effectifs[i], i))] = True
    return caches


def _pourcent(n: int, total: int) -> str:
    return f"{round(100 * n / total)} %" if total else "—"


def vue(
    code: str,
    titre: str,
    note: str,
    effectifs: Sequence[tuple[str, str, int]],
    total: int,
    seuil: int,
    partition: bool = True,
    chronologique: bool = False,
) -> Vue:
    """A view with its cells hidden as the rules above say. ``effectifs``: (code, label, count)."""
    if total < seuil:
        masque = "0" if total == 0 else f"< {seuil}"
        cellules = tuple(Cellule(c, lib, None, "0" if n == 0 else f"< {seuil}", "—") for c, lib, n in effectifs)
        return Vue(code, titre, note, cellules, None, masque, partition, chronologique)
    nombres = [n for _, _, n in effectifs]
    caches = _cache_partition(nombres, seuil) if partition else [False] * len(nombres)
    cellules_: list[Cellule] = []
    for (c, lib, n), cache in zip(effectifs, caches, strict=True):
        if partition and cache:
            cellules_.append(Cellule(c, lib, None, f"< {seuil}" if n < seuil else "masqué", "—"))
        elif not partition and 0 < n < seuil:
            cellules_.append(Cellule(c, lib, None, f"< {seuil}", "—"))
        elif not partition and 0 < total - n < seuil:
            cellules_.append(Cellule(c, lib, None, f"> {total - seuil}", "—"))
        else:
            cellules_.append(Cellule(c, lib, n, str(n), _pourcent(n, total)))
    return Vue(code, titre, note, tuple(cellules_), total, str(total), partition, chronologique)


def quartiles(valeurs: list[int]) -> tuple[float, float, float]:
    """First quartile, median, third quartile (the « inclusive » method, as a spreadsheet's QUARTILE)."""
    if len(valeurs) == 1:
        return float(valeurs[0]), float(valeurs[0]), float(valeurs[0])
    q1, q2, q3 = statistics.quantiles(valeurs, n=4, method="inclusive")
    return round(q1, 1), round(q2, 1), round(q3, 1)


def duree(code: str, libelle: str, valeurs: list[int], seuil: int) -> Duree:
    n = len(valeurs)
    if n < seuil:
        return Duree(code, libelle, None if n else 0, "0" if n == 0 else f"< {seuil}")
    q1, q2, q3 = quartiles(sorted(valeurs))
    return Duree(code, libelle, n, str(n), q1, q2, q3)


# --- counting ----------------------------------------------------------------------------------------


def compter(fiches: Iterable[Fiche], cle: Callable[[Fiche], Iterable[Any] | str]) -> Counter[Any]:
    """How many records have each value (a record counts once per value it has)."""
    from itertools import chain

    valeurs = list(map(cle, fiches))
    if all(isinstance(v, str) for v in valeurs):
        return Counter(valeurs)
    return Counter(chain.from_iterable((v,) if isinstance(v, str) else set(v) for v in valeurs))


def dans_periode(fiches: Iterable[Fiche], du: str, au: str) -> list[Fiche]:
    """The records whose blocage began within the months ``du`` to ``au`` (AAAA-MM, "" for open)."""
    return [f for f in fiches if (not du or f.mois_blocage >= du) and (not au or f.mois_blocage <= au)]


def sans_reponse(fiches: Sequence[Fiche], seuil: int) -> str:
    """The share of letters 2 whose delay is over that had no answer within it, shown only when every count
    it rests on is shown."""
    echus = [f.courrier for f in fiches if f.courrier in ("reponse_a_temps", "reponse_tardive", "sans_reponse")]
    manque = sum(1 for c in echus if c != "reponse_a_temps")
    if len(echus) < seuil or 0 < manque < seuil or 0 < len(echus) - manque < seuil:
        return "—"
    return _pourcent(manque, len(echus))


def mois_texte(code: str) -> str:
    """« 2026-03 » → « mars 2026 »."""
    annee, numero = code.split("-")
    return f"{MOIS[int(numero) - 1]} {annee}"
