"""Dates as French people type them, in every door (YAML file, spreadsheet cell, command option,
interview), and messages that say what is wrong in a date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from lettres.dossier import validate_dossier
from lettres.dossier.valeurs import FieldError, parse_date
from lettres.erreurs import DossierInvalide


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/06/1985", date(1985, 6, 3)),
        ("3/6/1985", date(1985, 6, 3)),
        ("1985-06-03", date(1985, 6, 3)),
        ("2026-10-01 0:00:00", date(2026, 10, 1)),  # a spreadsheet's date cell, as text
        ("18.12.2026", date(2026, 12, 18)),
        ("18-12-2026", date(2026, 12, 18)),
        ("18 12 2026", date(2026, 12, 18)),
        ("18/12/26", date(2026, 12, 18)),
        ("03/06/85", date(1985, 6, 3)),
        ("3 mars 1985", date(1985, 3, 3)),
        ("3 MARS 1985", date(1985, 3, 3)),
        ("1er mars 1985", date(1985, 3, 1)),
        ("le 3 mars 1985", date(1985, 3, 3)),
        ("mardi 3 mars 2026", date(2026, 3, 3)),
        ("3 fév. 1985", date(1985, 2, 3)),
        ("3 fevrier 1985", date(1985, 2, 3)),
        ("15 août 2026", date(2026, 8, 15)),
        ("29/02/2024", date(2024, 2, 29)),
        (date(2026, 1, 2), date(2026, 1, 2)),
        (datetime(2026, 1, 2, 10, 0), date(2026, 1, 2)),
        ("", None),
    ],
)
def test_dates_typed_the_french_ways(typed, expected):
    assert parse_date(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/1985", "« 31/02/1985 » : le 31 février 1985 n'existe pas (février 1985 compte 28 jours)"),
        ("29/02/2023", "« 29/02/2023 » : le 29 février 2023 n'existe pas (février 2023 compte 28 jours)"),
        ("31 avril 2026", "« 31 avril 2026 » : le 31 avril 2026 n'existe pas (avril 2026 compte 30 jours)"),
        ("12/13/2020", "« 12/13/2020 » : il n'y a pas de mois 13 ; le jour s'écrit en premier (JJ/MM/AAAA)"),
        ("32/01/2020", "« 32/01/2020 » : il n'y a pas de jour 32 dans un mois"),
        ("3 marz 1985", "« 3 marz 1985 » : mois « marz » inconnu ; écrivez la date comme 03/06/1985 ou 3 juin 1985"),
        ("hier", "« hier » n'est pas une date : écrivez la date comme 03/06/1985 ou 3 juin 1985"),
    ],
)
def test_a_wrong_date_says_what_is_wrong(typed, message):
    with pytest.raises(FieldError) as info:
        parse_date(typed)
    assert str(info.value) == message


def test_the_yaml_door_and_the_spreadsheet_door_share_the_parser(data):
    data["personne"]["date_naissance"] = "3 juin 1985"
    data["demarches"][0]["date"] = "20.09.2026"
    dossier = validate_dossier(data)
    assert dossier.personne.date_naissance == date(1985, 6, 3) and dossier.demarches[0].date == date(2026, 9, 20)
    data["personne"]["date_naissance"] = "31/02/1985"
    with pytest.raises(DossierInvalide) as info:
        validate_dossier(data)
    assert info.value.erreurs == [
        "personne.date_naissance : « 31/02/1985 » : le 31 février 1985 n'existe pas (février 1985 compte 28 jours)"
    ]


def test_the_command_door_shares_the_parser(run, tmp_path, data):
    from conftest import write_dossier

    path = write_dossier(tmp_path, data)
    code, out, _ = run("etape", str(path), "--type", "appel_anef", "--date", "1er novembre 2026")
    assert code == 0 and "« Appel à l'assistance ANEF » du 01/11/2026" in out
