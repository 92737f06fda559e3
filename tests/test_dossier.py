"""The dossier model: what it accepts, how it normalises, and each French message it gives."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import write_dossier
from lettres.dossier import load_dossier, save_dossier, validate_dossier
from lettres.erreurs import DossierInvalide, FichierIntrouvable


def messages(data) -> list[str]:
    with pytest.raises(DossierInvalide) as info:
        validate_dossier(data)
    return info.value.erreurs


def test_complete_dossier_is_valid_and_normalised(data):
    data["personne"]["courriel"] = "Aminata.Diallo@EXAMPLE.org"
    data["personne"]["numero_etranger"] = "75 01 23 45 67"
    data["demande"]["prefecture"] = 6
    data["demarches"][0]["heure"] = "9h05"
    dossier = validate_dossier(data)
    assert dossier.personne.courriel == "Aminata.Diallo@example.org"
    assert dossier.personne.numero_etranger == "7501234567"
    assert dossier.demande.prefecture == "06"
    assert dossier.demarches[0].heure == "09:05"
    assert dossier.demarches[1].date == date(2026, 10, 1)  # given as JJ/MM/AAAA
    assert dossier.personne.date_naissance == date(1990, 4, 12)


def test_dates_exported_by_spreadsheets_with_a_time(data):
    data["blocage"]["depuis"] = "2026-09-20 0:00:00"  # a date cell exported as text by LibreOffice Calc
    data["personne"]["date_naissance"] = "12/04/1990 00:00"
    dossier = validate_dossier(data)
    assert dossier.blocage.depuis == date(2026, 9, 20) and dossier.personne.date_naissance == date(1990, 4, 12)


def test_impossible_date_names_field_and_value(data):
    data["personne"]["date_naissance"] = "31/02/1990"
    assert messages(data) == [
        "personne.date_naissance : « 31/02/1990 » : le 31 février 1990 n'existe pas (février 1990 compte 28 jours)"
    ]


def test_date_in_a_demarche_is_located(data):
    data["demarches"][2]["date"] = "hier"
    assert messages(data) == [
        "demarches[3].date : « hier » n'est pas une date : écrivez la date comme 03/06/1985 ou 3 juin 1985"
    ]


def test_email_checked_offline(data):
    data["personne"]["courriel"] = "jean..dupont@exemple"
    assert messages(data) == ["personne.courriel : « jean..dupont@exemple » n'est pas une adresse électronique valide"]


def test_numero_etranger_has_ten_digits(data):
    data["personne"]["numero_etranger"] = "12345"
    (message,) = messages(data)
    assert message == "personne.numero_etranger : « 12345 » : le numéro étranger compte 10 chiffres ; vous en avez tapé 5"
    data["personne"]["numero_etranger"] = 750123456  # read from the file without quotes: its zero lost
    (message,) = messages(data)
    assert message.endswith("vous en avez tapé 9 ; dans le fichier, écrivez-le entre guillemets pour garder ses zéros")


def test_numero_etranger_optional_for_first_application_only(data):
    data["personne"]["numero_etranger"] = ""
    data["demande"]["nature"] = "premiere_demande"
    assert validate_dossier(data).personne.numero_etranger == ""
    data["demande"]["nature"] = "renouvellement"
    (message,) = messages(data)
    assert message.startswith("personne.numero_etranger : obligatoire pour un renouvellement")


def test_unknown_key_is_reported_with_suggestion(data):
    data["personne"]["nomm"] = data["personne"].pop("nom")
    assert messages(data) == [
        "personne.nom : champ obligatoire manquant",
        "personne.nomm : clé inconnue ; vouliez-vous dire « nom » ?",
    ]


def test_unknown_top_level_key(data):
    data["demarche"] = []
    assert messages(data) == ["demarche : clé inconnue ; vouliez-vous dire « demarches » ?"]


def test_enumeration_lists_accepted_values(data):
    data["demande"]["nature"] = "renouvelement"
    assert messages(data) == [
        "demande.nature : « renouvelement » n'est pas une valeur acceptée "
        "(valeurs possibles : premiere_demande, renouvellement, changement_statut, autre)"
    ]


def test_enumeration_accepts_french_label_any_case(data):
    data["demande"]["nature"] = "Première demande"
    data["personne"]["civilite"] = "MONSIEUR"
    data["demarches"][0]["type"] = "Capture d'écran ANEF"
    dossier = validate_dossier(data)
    assert dossier.demande.nature == "premiere_demande"
    assert dossier.personne.civilite == "monsieur"
    assert dossier.demarches[0].type == "capture_ecran"


def test_unknown_prefecture_and_blocking_type(data):
    data["demande"]["prefecture"] = "99"
    data["blocage"]["types"] = ["erreur_validation", "panne"]
    found = messages(data)
    assert found[0] == (
        "demande.prefecture : « 99 » n'est pas une valeur acceptée : donnez le numéro du département (69), son nom "
        "(Rhône) ou la ville de la préfecture (Lyon)"
    )
    assert found[1].startswith("blocage.types[2] : « panne » n'est pas une valeur acceptée")


def test_missing_required_section(data):
    del data["blocage"]
    assert messages(data) == ["blocage : champ obligatoire manquant"]


def test_wrong_type_for_section(data):
    data["personne"] = "Aminata"
    assert messages(data) == ["personne : une section (des clés et des valeurs) est attendue, pas « Aminata »"]


def test_bad_heure_and_boolean(data):
    data["demarches"][0]["heure"] = "25:00"
    data["consentement"]["transmission_tiers"] = "peut-être"
    assert messages(data) == [
        "consentement.transmission_tiers : « peut-être » n'est pas une réponse oui/non valide (attendu : oui ou non)",
        "demarches[1].heure : « 25:00 » n'est pas une heure valide (attendu : HH:MM, par exemple 10:42)",
    ]


def test_accompagnant_required_when_signing(data):
    data["signataire"] = "accompagnant"
    del data["accompagnant"]
    assert messages(data) == ["accompagnant : section obligatoire quand signataire vaut « accompagnant »"]


def test_text_is_cleaned(data):
    data["blocage"]["description"] = "ligne 1\r\nligne 2\x00\x0b\x1f fin"
    data["personne"]["nom"] = "DI\nALLO"
    dossier = validate_dossier(data)
    assert dossier.blocage.description == "ligne 1\nligne 2 fin"
    assert dossier.personne.nom == "DI ALLO"


def test_yaml_round_trip(tmp_path, data):
    path = write_dossier(tmp_path, data)
    dossier = load_dossier(path)
    save_dossier(dossier, tmp_path / "copie.yaml")
    assert load_dossier(tmp_path / "copie.yaml") == dossier
    assert (tmp_path / "copie.yaml").stat().st_mode & 0o777 == 0o600


def test_missing_file(tmp_path):
    with pytest.raises(FichierIntrouvable) as info:
        load_dossier(tmp_path / "absent.yaml")
    assert "est introuvable" in info.value.message


def test_invalid_yaml_gives_line(tmp_path):
    path = tmp_path / "casse.yaml"
    path.write_text("personne:\n  nom: [DIALLO\n  prenoms: A\n", encoding="utf-8")
    with pytest.raises(DossierInvalide) as info:
        load_dossier(path)
    assert "YAML invalide à la ligne" in info.value.message


def test_list_instead_of_mapping(tmp_path):
    path = tmp_path / "liste.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(DossierInvalide) as info:
        load_dossier(path)
    assert "pas une liste" in info.value.message
