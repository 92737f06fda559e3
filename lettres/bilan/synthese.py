"""The whole bilan of a period: the figures of ``calcul`` under the labels of ``libelles``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lettres.bilan.calcul import (
    SEUIL_PAR_DEFAUT,
    Bilan,
    Source,
    dans_periode,
    duree,
    sans_reponse,
)
from lettres.bilan.fiche import DUREES, Fiche
from lettres.bilan.libelles import LIBELLES_DUREES, vues


def calculer(
    fiches: Sequence[Fiche],
    aujourd_hui: date,
    seuil: int = SEUIL_PAR_DEFAUT,
    du: str = "",
    au: str = "",
    nationalites: bool = False,
    doublons: int = 0,
    sources: Sequence[Source] = (),
) -> Bilan:
    """Every figure of the bilan for the records of the period (the records are already without duplicates)."""
    retenues = dans_periode(fiches, du, au)
    total = len(retenues)
    durees = tuple(
        duree(code, LIBELLES_DUREES[code], [d for f in retenues if (d := f.durees[i]) is not None], seuil)
        for i, code in enumerate(DUREES)
    )
    return Bilan(
        date=aujourd_hui,
        du=du,
        au=au,
        seuil=seuil,
        dossiers=total if total >= seuil or total == 0 else None,
        dossiers_affiche=str(total) if total >= seuil or total == 0 else f"< {seuil}",
        vues=vues(retenues, seuil, du, au, nationalites),
        durees=durees,
        sans_reponse=sans_reponse(retenues, seuil),
        doublons=doublons,
        sources=tuple(sources),
    )
