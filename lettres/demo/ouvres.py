"""Working days in France: the demo's calls, letters and appointments never fall on a Saturday, a Sunday or a public
holiday (the eleven public holidays of metropolitan France, article L. 3133-1 of the code du travail)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache


def paques(annee: int) -> date:
    """Easter Sunday of ``annee`` (Gregorian calendar, anonymous algorithm of Meeus, Jones and Butcher)."""
    a, b, c = annee % 19, annee // 100, annee % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    mois, jour = divmod(h + ell - 7 * m + 114, 31)
    return date(annee, mois, jour + 1)


@cache
def feries(annee: int) -> frozenset[date]:
    """The public holidays of ``annee``: 1 January, Easter Monday, 1 and 8 May, Ascension Day, Whit Monday,
    14 July, 15 August, 1 and 11 November, 25 December."""
    p = paques(annee)
    fixes = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    mobiles = (p + timedelta(days=1), p + timedelta(days=39), p + timedelta(days=50))
    return frozenset((*(date(annee, m, j) for m, j in fixes), *mobiles))


def ouvre(jour: date) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday."""
    return jour.weekday() < 5 and jour not in feries(jour.year)


def ouvre_precedent(jour: date) -> date:
    """``jour`` if it is a working day, else the nearest working day before it."""
    while not ouvre(jour):
        jour -= timedelta(days=1)
    return jour
