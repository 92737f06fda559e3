"""``lettres verifier`` and the titre: the ANEF route of its category, the pièces its checklist lacks, and what
that changes for the deadlines and the situation (docs/titres.md)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from conftest import AUJOURD_HUI, write_dossier
from lettres.dossier import validate_dossier
from lettres.procedure.verification import as_json, verify
from lettres.referentiel import charger_referentiel

COMMUNES_RENOUVELLEMENT = ["nationalite", "domicile", "photos", "polygamie", "taxes", "engagement_republique"]


def salarie(data: dict, pieces: list[str]) -> dict:
    """The renewal of a « salarié » card, filed on 20 September 2026 (CST 3: an unverified list)."""
    data["demande"].update(categorie="CST 3", pieces_fournies=pieces)
    return data


def said(run, path, *options: str) -> str:
    code, out, err = run("verifier", str(path), "--date-du-jour", "2026-11-27", *options)
    assert code == 0, err
    return " ".join(out.split())  # the terminal wraps long lines


def test_two_pieces_missing_make_the_dates_uncertain(run, tmp_path, data):
    path = write_dossier(tmp_path, salarie(data, ["nationalite", "taxes", "engagement_republique"]))
    out = said(run, path)
    assert "Titre et pièces" in out
    assert "Catégorie : CST 3 – salarié, travailleur temporaire, entrepreneur/profession libérale." in out
    assert (
        "Pièces exigées non cochées (CST 3, renouvellement) : justificatif de domicile de moins de 6 mois ; "
        "3 photos d'identité récentes et identiques." in out
    )
    assert "liste à vérifier sur le site de la préfecture" in out
    assert "Complétude : incertaine" in out
    assert (
        "Décision implicite de rejet : au plus tôt le 20 janvier 2027, si le dossier est regardé comme complet" in out
    )
    assert "Pourquoi : Une demande incomplète n'est pas enregistrée" in out
    report = json.loads(run("verifier", str(path), "--json", "--date-du-jour", "2026-11-27")[1])
    pieces = report["titre"]["pieces"]
    assert pieces["etat"] == "manquantes" and pieces["liste_verifiee"] is False
    assert [p["code"] for p in pieces["manquantes"]] == ["domicile", "photos"]
    assert report["titre"]["completude"] == "incertaine" and report["echeances"]["completude"] == "incertaine"
    assert report["echeances"]["rejet_implicite_certain"] is False
    assert "pieces_manquantes" in [a["regle"] for a in report["alertes"]]


def test_every_piece_ticked_gives_the_plain_date(run, tmp_path, data):
    path = write_dossier(tmp_path, salarie(data, COMMUNES_RENOUVELLEMENT))
    out = said(run, path)
    assert "Les pièces communes à tous les titres sont cochées (CST 3, renouvellement)." in out
    assert "Pièces exigées non cochées" not in out
    # nothing says the dossier is incomplete and the checklist is ticked: the silence gives, in principle,
    # an implicit rejection (CE, avis, 10 octobre 2024): the date without « au plus tôt »
    assert "Complétude : présumée — aucune demande de pièce ni incomplétude n'est notée au dossier et toutes les pièces" in out
    assert "seules les pièces communes sont contrôlées" in out  # CST 3: an unverified list
    assert "Décision implicite de rejet : naîtra le 20 janvier 2027 (dans 54 jours)" in out
    assert "au plus tôt" not in out
    report = json.loads(run("verifier", str(path), "--json", "--date-du-jour", "2026-11-27")[1])
    assert report["titre"]["pieces"]["etat"] == "communes" and report["echeances"]["completude"] == "presumee"
    assert report["echeances"]["pieces_cochees"] is True and report["echeances"]["rejet_implicite_certain"] is True


def test_ticks_never_outweigh_a_piece_the_prefecture_asked_for(run, tmp_path, data):
    d = salarie(data, COMMUNES_RENOUVELLEMENT)
    d["demande"]["piece_demandee"] = "attestation de l'employeur"
    out = said(run, write_dossier(tmp_path, d))
    assert "Complétude : incertaine" in out
    assert "au plus tôt le 20 janvier 2027, si le dossier est regardé comme complet" in out


def test_an_api_proves_completeness_whatever_the_checklist(data):
    d = salarie(data, ["nationalite"])
    d["demande"].update(
        document_provisoire="api", document_provisoire_debut="2026-10-10", document_provisoire_fin="2027-01-10"
    )
    v = verify(validate_dossier(d), AUJOURD_HUI)
    assert v.echeances.completude == "prouvee" and v.echeances.rejet_implicite_certain
    assert any("Les pièces non cochées ne changent pas cette présomption" in line for line in v.titre_lignes)


def test_a_verified_list_complete_and_a_visitor_on_the_anef(data):
    d = data
    d["demande"].update(nature="premiere_demande", titre="carte de séjour temporaire « visiteur »")
    d["demande"].pop("titre_actuel_expiration")
    titre = charger_referentiel().titres["CST 8"]
    d["demande"]["pieces_fournies"] = [p.code for p in titre.pieces("premiere") if p.obligatoire]
    v = verify(validate_dossier(d), AUJOURD_HUI)
    assert v.dossier.demande.categorie == "CST 8"  # the titre names the category exactly
    lignes = v.titre_lignes
    assert "Toutes les pièces exigées de la liste (CST 8, première demande) sont cochées." in lignes
    assert lignes[1].startswith("ANEF : oui — demande déposée sur internet (ANEF)")
    assert not any("liste à vérifier" in line for line in lignes)
    assert v.echeances.completude == "presumee"


def test_four_months_with_pieces_missing_is_no_implicit_rejection(data):
    d = salarie(data, ["nationalite"])
    d["demande"]["date_depot"] = "2026-06-20"
    v = verify(validate_dossier(d), AUJOURD_HUI)
    assert "rejet_implicite" not in v.situation.codes
    assert "rejet_incertain" in [a.regle for a in v.alertes]
    raisons = " ".join(r.texte for r in v.situation.raisons)
    assert "l'attestation n'est due que pour une demande complète (article R. 431-15-1 du CESEDA)" in raisons
    json_report = as_json(v)
    assert json_report["echeances"]["rejet_implicite_atteint"] is True
    assert json_report["situation"]["codes"] == ["api"]


def test_a_titre_filed_at_the_prefecture_is_not_an_anef_matter(run, tmp_path, data, monkeypatch):
    # no category of the data is « non » today (docs/titres.md); one that becomes so is said at once
    titres = charger_referentiel().titres
    source = "Arrêté de test"
    monkeypatch.setitem(titres.par_code, "CST 5", dataclasses.replace(titres["CST 5"], anef="non", anef_source=source))
    data["demande"].update(categorie="CST 5", titre="carte de séjour temporaire « stagiaire »")
    out = said(run, write_dossier(tmp_path, data))
    assert (
        "ANEF : non — la demande de carte de séjour temporaire « stagiaire » ne se fait pas sur l'ANEF (Arrêté de "
        "test) ; la procédure ANEF n'est pas la bonne : la demande se dépose à la préfecture ou à la "
        "sous-préfecture (à Paris, à la préfecture de police), ou par courrier si le préfet l'a prévu (article "
        "R. 431-3 du CESEDA)." in out
    )
    assert "! La demande de carte de séjour temporaire « stagiaire » (CST 5) ne se fait pas sur l'ANEF." in out
    assert "Articles R. 431-2 et R. 431-3 du CESEDA ; annexe 9 du CESEDA ; Arrêté de test" in out


@pytest.mark.parametrize(
    ("code", "dit"),
    [("CST 5", "sans que les sources lues le confirment"), ("CST 1", "seulement dans certains cas")],
)
def test_an_unconfirmed_anef_route_is_warned_before_filing(data, code, dit):
    data["demande"].update(categorie=code)
    data["demande"].pop("date_depot")
    v = verify(validate_dossier(data), AUJOURD_HUI)
    (alerte,) = [a for a in v.alertes if a.regle == "titre_anef_incertain"]
    assert dit in alerte.message and "R. 431-3" in alerte.source
    assert "https://" in alerte.source or "arrêtés" in alerte.source  # where the category's status comes from
    # once filed on the ANEF, the facts settle it
    data["demande"]["date_depot"] = "2026-09-20"
    v = verify(validate_dossier(data), AUJOURD_HUI)
    assert "titre_anef_incertain" not in [a.regle for a in v.alertes]
    assert "ANEF : oui, la demande y a été déposée le 20 septembre 2026" in v.titre_lignes[1]


def test_a_free_titre_is_only_suggested_a_category(data):
    data["demande"]["titre"] = "carte visiteur"
    v = verify(validate_dossier(data), AUJOURD_HUI)
    assert v.dossier.demande.categorie == ""
    assert (
        "Le titre semble relever de « CST 8 – visiteur » : si c'est bien elle, choisissez CST 8 comme catégorie "
        "du titre." in (v.titre_lignes[0])
    )
    assert v.echeances.completude == "presumee"


def test_hostile_free_titre_is_shown_never_obeyed(run, tmp_path, data):
    data["demande"]["titre"] = "[bold red]carte[/bold red] \x1b[31m{{ 7*7 }} <script>"
    code, out, _ = run("verifier", str(write_dossier(tmp_path, data)), "--date-du-jour", "2026-11-27")
    assert code == 0 and "\x1b[31m" not in out
    assert "[bold red]carte[/bold red]" in out and "{{ 7*7 }} <script>" in out
    assert "Catégorie du titre inconnue : les pièces de la demande" in " ".join(out.split())
