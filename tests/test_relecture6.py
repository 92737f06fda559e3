"""A last jurists' check (6 December 2026, on 532e831): the points they still corrected, on the generated text."""

from __future__ import annotations

import pytest

from aides import corps_eml, documents_demo, sans_pieces, texte_docx

pytestmark = pytest.mark.usefixtures("sans_libreoffice")

NOTE = "3-note-orientation.docx"


def plat(texte: str) -> str:
    return " ".join(texte.split())


def test_the_one_year_limit_runs_from_the_request_for_reasons(tmp_path):
    note = plat(texte_docx(documents_demo(tmp_path, "rejet_implicite"), NOTE))
    assert "sans dépasser un an à compter de la demande de motifs (CE, avis, 2 octobre 2025, n° 504677)" in note
    assert "sans dépasser un an à compter de la demande (CE" not in note


def test_without_any_piece_the_note_reports_the_blocking_as_the_person_states_it(tmp_path):
    note = plat(texte_docx(documents_demo(tmp_path, None, sans_pieces), NOTE))
    assert "Mme DIALLO constate que, depuis le " in note
    assert "ne peut plus y être complétée ni corrigée" in note
    assert "ni corrigée sur le téléservice ANEF" not in note


def test_the_note_e_mail_heads_what_is_urgent(tmp_path):
    corps = plat(corps_eml(documents_demo(tmp_path, None, sans_pieces), "3-note-orientation.eml"))
    assert "À traiter en priorité : - Joindre l'attestation de dépôt ANEF du " in corps


def test_the_neutral_requete_says_date_and_place_of_birth(tmp_path):
    requete = plat(texte_docx(documents_demo(tmp_path, "depot_impossible", lettres=("refere",)), "4-refere-mesures-utiles.docx"))
    assert "date et lieu de naissance : 17 février 1998, Addis-Abeba (Éthiopie)" in requete
    assert "date de naissance : 17 février 1998 à" not in requete


def test_a_requete_quotes_no_employer_threat_it_already_argued(tmp_path):
    requete = plat(texte_docx(documents_demo(tmp_path, "refere", lettres=("refere",)), "4-refere-mesures-utiles.docx"))
    assert "que son employeur menace de suspendre son contrat de travail" in requete
    assert "Mon employeur m'a indiqué qu'il suspendrait mon contrat" not in requete


def test_the_note_e_mail_carries_the_prefecture_letter_written_with_it(tmp_path):
    resultat = documents_demo(tmp_path, "api")
    eml = (resultat.dossier / "3-note-orientation.eml").read_bytes()
    assert b'filename="2-courrier-prefecture.docx"' in eml or b"2-courrier-prefecture.docx" in eml
    corps = plat(corps_eml(resultat, "3-note-orientation.eml"))
    assert "Vous trouverez en pièces jointes la note, le bordereau de pièces et le courrier à la préfecture établi ce jour ;" in corps
    note = plat(texte_docx(resultat, NOTE))
    assert "P. J. : bordereau de pièces (7 pièces) ; courrier à la préfecture du " in note


def test_a_note_alone_carries_no_letter(tmp_path):
    resultat = documents_demo(tmp_path, "api", lettres=("orientation",))
    eml = (resultat.dossier / "3-note-orientation.eml").read_bytes()
    assert b"2-courrier-prefecture.docx" not in eml
    assert "courrier à la préfecture établi ce jour" not in plat(corps_eml(resultat, "3-note-orientation.eml"))
