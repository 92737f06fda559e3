"""The field descriptions (``Saisie`` markers): declared for every field, consistent with validation,
usable as data by every door (terminal, spreadsheet, web)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from lettres.dossier import validate_dossier
from lettres.dossier.questions import (
    DEMARCHE_FIELDS,
    all_questions,
    condition_text,
    formulaire,
    question,
    schema_columns,
)
from lettres.dossier.saisie import Saisie, Si
from lettres.dossier.valeurs import options
from lettres.erreurs import DossierInvalide

# one answer each kind must accept, as a caseworker types it, and what the dossier keeps
ACCEPTED = {
    "date": ("12/04/1990", date(1990, 4, 12)),
    "heure": ("9h30", "09:30"),
    "courriel": ("Aminata@Example.org", "Aminata@example.org"),
    "numero": ("75 01 23 45 67", "7501234567"),
    "entier": ("15", 15),
    "booleen": ("oui", True),
}
REFUSED = {"date": "31/02/1990", "heure": "25h", "courriel": "pas-une-adresse", "numero": "123", "booleen": "peut-être"}


def test_every_field_declares_how_it_is_asked():
    questions = all_questions()
    assert [q.key for q in questions] == [*schema_columns(), *(f"demarches.{k}" for k in DEMARCHE_FIELDS)]
    assert all(isinstance(q.saisie, Saisie) and q.label and q.label != q.path[-1] for q in questions)


@pytest.mark.parametrize("q", all_questions(), ids=lambda q: q.key)
def test_declared_kind_agrees_with_validation(q):
    """The marker is explicit, and the field's validators behave as the declared kind says."""
    if q.kind in ACCEPTED:
        typed, kept = ACCEPTED[q.kind]
        assert q.check(typed) == (kept, None)
    if q.kind in REFUSED:
        value, message = q.check(REFUSED[q.kind])
        assert value is None and message
    if q.kind == "choix":
        for code in options(q.saisie.choix):
            assert q.check(code) == (code, None) or (code == "" and q.required)
        assert q.check("zzz")[1].startswith("« zzz » n'est pas une valeur acceptée")
    if q.kind == "choix_multiple":
        codes = list(options(q.saisie.choix))[:2]
        assert q.check(", ".join(codes)) == (codes, None)
    if q.kind == "fichiers":
        assert q.check("a.png; b.png") == (["a.png", "b.png"], None)
    if q.kind in {"ligne", "texte"}:
        assert q.check("  Conakry (Guinée)  ")[0].strip() == "Conakry (Guinée)"


def test_the_form_is_plain_data_for_a_web_page():
    form = formulaire()
    text = json.dumps(form, ensure_ascii=False)
    assert json.loads(text) == form
    prefecture = next(f for f in form if f["cle"] == "demande.prefecture")
    assert prefecture["genre"] == "choix" and prefecture["choix"]["06"] == "Préfecture des Alpes-Maritimes"
    assert prefecture["defaut_de"] == "configuration.prefecture"
    expiration = next(f for f in form if f["cle"] == "demande.titre_actuel_expiration")
    assert expiration["quand"] == {"champ": "demande.nature", "valeurs": ["premiere_demande"], "sauf": True}
    consent = next(f for f in form if f["cle"] == "consentement.transmission_tiers")
    assert consent["explicite"] is True


def test_conditions_read_the_answers():
    renouvellement = {"demande": {"nature": "renouvellement"}}
    premiere = {"demande": {"nature": "premiere_demande"}}
    expiration = question("demande.titre_actuel_expiration").saisie
    assert expiration.applicable(renouvellement) and not expiration.applicable(premiere)
    assert question("personne.numero_etranger").saisie.obligatoire(renouvellement)
    heure = question("demarches.heure").saisie
    assert not heure.demandee({"type": "capture_ecran"}) and heure.demandee({"type": "appel_anef"})
    assert condition_text(Si("envoi.recommande")) == "quand « Envoi en recommandé avec accusé de réception » vaut « oui »"


def test_required_when_is_enforced_for_every_door(data):
    """Declared once in the marker, the condition is checked for YAML files and spreadsheet rows too."""
    data["personne"]["numero_etranger"] = ""
    data["demande"]["nature"] = "changement_statut"
    with pytest.raises(DossierInvalide) as info:
        validate_dossier(data)
    assert info.value.erreurs == [
        "personne.numero_etranger : obligatoire pour un renouvellement ou un changement de statut "
        "(10 chiffres, inscrit sur le titre de séjour)"
    ]


def test_a_marker_says_what_is_wrong_in_it():
    with pytest.raises(ValueError):
        Saisie("choix")  # a list of choices is needed
    with pytest.raises(ValueError):
        Saisie("date", defaut_de="demain")


def test_the_spreadsheet_template_says_conditions_and_defaults(tmp_path):
    from openpyxl import load_workbook

    from lettres.lot.colonnes import dossier_columns
    from lettres.lot.vierge import write_xlsx

    write_xlsx(tmp_path / "modele.xlsx")
    workbook = load_workbook(tmp_path / "modele.xlsx")
    sheet = workbook["dossiers"]
    cles = {c.entete: c.cle for c in dossier_columns()}
    comments = {cles[cell.value]: cell.comment.text for cell in sheet[2] if cell.comment}
    workbook.close()
    assert (
        "Seulement quand « Nature de la demande » ne vaut pas « Première demande »"
        in comments["demande.titre_actuel_expiration"]
    )
    assert "Obligatoire quand « Nature de la demande » vaut « Renouvellement »" in comments["personne.numero_etranger"]
    assert "Vide : oui." in comments["envoi.recommande"]


def test_every_field_is_asked_in_one_section():
    from lettres.dossier.parcours import HORS_PARCOURS, SECTIONS

    asked = [key for section in SECTIONS for key in section.champs]
    assert sorted(asked) == sorted(k for k in schema_columns() if k not in HORS_PARCOURS)


def test_messages_name_the_question_not_the_key():
    from lettres.dossier.questions import name_fields

    assert name_fields("personne.nom : champ obligatoire manquant") == "« Nom de famille » : réponse obligatoire"
    assert name_fields("demarches[2].date : « hier » n'est pas une date") == (
        "Démarche n° 2, « Date » : « hier » n'est pas une date"
    )


def test_the_spreadsheet_headers_are_the_questions_labels():
    from lettres.dossier.questions import libelle
    from lettres.lot.colonnes import ID, dossier_columns

    colonnes = [c for c in dossier_columns() if c.cle != ID]
    assert [c.libelle for c in colonnes] == [question(c.cle).label for c in colonnes]
    assert [libelle(k) for k in schema_columns()] == [question(k).label for k in schema_columns()]
    assert libelle("personne.date_naissance") == "Date de naissance"
    with pytest.raises(KeyError):
        libelle("personne.inconnu")
