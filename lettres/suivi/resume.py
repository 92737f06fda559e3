"""The follow-up in one sentence, said the same by both doors (the terminal under its table, the web's home)."""

from __future__ import annotations

from lettres.francais import date_courte, nombre
from lettres.suivi.tableau import Suivi


def summary(suivi: Suivi) -> str:
    """« 12 dossiers au 01/12/2026 : 3 en retard, 2 à échéance proche. »"""
    n = len(suivi.lignes)
    retard = len(suivi.en_retard)
    proches = sum(1 for ligne in suivi.lignes if (p := ligne.prochaine) is not None and p.etat == "proche")
    filtre = f" (échéances dans les {suivi.avant} jours)" if suivi.avant is not None else ""
    dossiers = nombre(n, "dossier")
    return f"{dossiers} au {date_courte(suivi.aujourd_hui)}{filtre} : {retard} en retard, {proches} à échéance proche."
