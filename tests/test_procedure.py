"""Deadlines of the procedure, and the small French rules the letters rely on."""

from __future__ import annotations

from datetime import date

import pytest

from lettres.dossier import validate_dossier
from lettres.francais import date_lettre, heure_lettre
from lettres.procedure.delais import add_months, compute_echeances
from lettres.procedure.etapes import diligences_accomplies, etat_etapes


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 9, 20), 4, date(2027, 1, 20)),
        (date(2026, 10, 31), 4, date(2027, 2, 28)),
        (date(2027, 10, 31), 4, date(2028, 2, 29)),
        (date(2026, 1, 31), 2, date(2026, 3, 31)),
    ],
)
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_echeances_renewal(data):
    e = compute_echeances(validate_dossier(data), date(2026, 11, 27))
    assert e.jours_avant_expiration == 18
    assert e.rejet_implicite == date(2027, 1, 20) and e.fin_recours == date(2027, 3, 20)
    assert e.urgence_presumee and not e.rejet_implicite_atteint


def test_echeances_without_depot(data):
    data["demande"].update(date_depot="", nature="premiere_demande", titre_actuel_expiration="")
    e = compute_echeances(validate_dossier(data), date(2026, 11, 27))
    assert e.rejet_implicite is None and e.fin_recours is None and e.jours_avant_expiration is None
    assert not e.urgence_presumee


def test_steps(data):
    dossier = validate_dossier(data)
    proven = {s.etape.numero: s.prouvee for s in etat_etapes(dossier)}
    assert proven == {1: True, 2: True, 3: True, 4: False, 5: False, 6: False}
    assert not diligences_accomplies(dossier)


def test_french_dates_and_times():
    assert date_lettre(date(2026, 12, 1)) == "1er décembre 2026"
    assert date_lettre(date(2022, 6, 3)) == "3 juin 2022"
    assert date_lettre(date(2024, 2, 1)) == "1er février 2024"
    assert heure_lettre("09:05") == "9 h 05" and heure_lettre("14:00") == "14 h"
