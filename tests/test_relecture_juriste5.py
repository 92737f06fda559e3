"""A fresh jurist's last reading (issue 20), on the text of the generated documents: the DGEF message once the
implicit rejection is born, the préfecture letter's silence in the note (counted from a receipt only a pièce
proves, said once), the pièces of the demande, the titre's category, the lawyer's renunciation, the demo's titre."""

from __future__ import annotations

import pytest

from aides import corps_eml, texte_docx
from aides import documents_demo as documents

pytestmark = pytest.mark.usefixtures("sans_libreoffice")




def plat(texte: str) -> str:
    return " ".join(texte.split())


def sans_pieces(data: dict) -> None:
    for demarche in data["demarches"]:
        demarche["pieces"] = []


# --- 1. the DGEF message once the implicit rejection is born -------------------------------------------------------


def test_the_dgef_message_after_an_implicit_rejection_no_longer_says_the_prefet_renews(tmp_path):
    dgef = plat(corps_eml(documents(tmp_path, "rejet_implicite"), "1-signalement-dgef.eml"))
    assert (
        "l'attestation de prolongation de l'instruction de sa demande de renouvellement de titre de séjour (carte de "
        "séjour pluriannuelle « vie privée et familiale ») n'a pas été renouvelée sur le téléservice ANEF "
        "(Administration numérique pour les étrangers en France) depuis le 30 septembre 2026, date de son "
        "expiration." in dgef
    )
    assert "la renouvelle tant qu'il n'a pas statué" not in dgef
    assert "décision implicite de rejet" not in dgef  # the technical support cannot confirm a decision (B-C1)


# --- 2 and 3. the préfecture letter's silence, in the note ----------------------------------------------------------


def test_the_note_counts_the_delay_from_a_receipt_the_pieces_prove_and_says_no_answer_once(tmp_path):
    note = plat(texte_docx(documents(tmp_path, "refere"), "3-note-orientation.docx"))
    assert (
        "courrier à la préfecture du 6 novembre 2026 (recommandé n° 1A 123 456 7890 1), resté sans réponse plus de "
        "quinze jours après sa réception le 9 novembre 2026. –" in note
    )
    assert ": sans réponse. Le courrier est resté sans réponse" not in note
    assert note.count("resté sans réponse plus de quinze jours après sa réception") == 1


def test_without_the_letter_among_the_pieces_the_note_counts_from_no_receipt(tmp_path):
    note = plat(texte_docx(documents(tmp_path, "refere", sans_pieces), "3-note-orientation.docx"))
    assert (
        "courrier à la préfecture du 6 novembre 2026 (recommandé n° 1A 123 456 7890 1), resté sans réponse depuis "
        "son envoi (aucune pièce ne prouve la date de sa réception, d'où court le délai de quinze jours)." in note
    )
    assert "après sa réception le" not in note


# --- 4. the pièces of the demande the dossier does not hold are required, not « réunies » -------------------------


def test_the_diallo_note_says_the_pieces_are_required_not_gathered(tmp_path):
    note = plat(texte_docx(documents(tmp_path, None), "3-note-orientation.docx"))
    assert (
        "– Pièces communes exigées pour la demande de titre de séjour (renouvellement), non jointes à la présente "
        "note (à vérifier dans le dossier ANEF) : passeport ou, à défaut, autre justificatif de nationalité avec "
        "photo ;" in note
    )
    assert "réunies" not in note


# --- 5. the categories by their names, not their codes ----------------------------------------------------------------


def test_the_keita_note_names_the_categories_whose_filing_way_is_open(tmp_path):
    note = plat(texte_docx(documents(tmp_path, "diligences_incompletes"), "3-note-orientation.docx"))
    assert (
        "Voie de dépôt à vérifier : selon son fondement (liens personnels et familiaux, état de santé, autres situations), la carte de "
        "séjour temporaire « vie privée et familiale » ne se demande sur le téléservice ANEF que dans certains cas "
        "(article R. 431-2 du CESEDA)" in note
    )
    assert "CST 1" not in note and "CST 2" not in note


# --- 6. the lawyer who renounces the State's contribution, by name ------------------------------------------------


def test_the_refere_names_the_lawyer_who_renounces_the_states_contribution(tmp_path):
    def avocate(data: dict) -> None:
        data["recours"] = {"avocat": "Maître Claire DUPONT", "aide_juridictionnelle": "demandee", "frais_euros": 1200}

    requete = plat(texte_docx(documents(tmp_path, "refere", avocate), "4-refere-mesures-utiles.docx"))
    assert (
        "METTRE À LA CHARGE de l'État le versement à Maître Claire DUPONT de la somme de 1 200 euros au titre des "
        "articles L. 761-1 du code de justice administrative et 37 de la loi n° 91-647 du 10 juillet 1991, sous "
        "réserve que Maître Claire DUPONT renonce à percevoir la part contributive de l'État" in requete
    )
    assert "qu'il renonce" not in requete


# --- 7. the préfecture receives a copy of DIALLO's titre ---------------------------------------------------------------


def test_the_diallo_bordereau_encloses_a_copy_of_the_titre(tmp_path):
    r = documents(tmp_path, None)
    bordereau = plat(texte_docx(r, "bordereau-pieces.docx"))
    assert "N° Pièce Fichier 1 Carte de séjour pluriannuelle « talent – salarié qualifié » valable jusqu'au " in (
        bordereau
    )
    assert "01_titre-sejour.png 2 Attestation de dépôt" in bordereau
    assert (r.dossier / "pieces" / "01_titre-sejour.png").is_file()


# --- 8. the SOW demo's démarches follow the titre's expiry; verifier says when they do not ----------------------------


def test_the_sow_demo_asks_for_the_attestation_after_the_titre_expired(tmp_path, run):
    requete = plat(texte_docx(documents(tmp_path, "refere"), "4-refere-mesures-utiles.docx"))
    assert "Depuis l'expiration de son titre de séjour, le 20 octobre 2026" in requete
    assert "21/10/2026 à 8 h 47 Capture d'écran ANEF" in requete and "27/10/2026 à 9 h 04 Demande de rendez-vous" in (
        requete
    )
    code, out, err = run("verifier", str(tmp_path / "dossier" / "dossier.yaml"))
    assert code in (0, 1) and "avant l'expiration du titre" not in out + err


def test_verifier_says_when_demarches_for_the_attestation_precede_the_expiry(tmp_path, run):
    def trop_tot(data: dict) -> None:
        data["demarches"][0]["date"] = "2026-10-05"
        data["demarches"][2]["date"] = "2026-10-12"

    documents(tmp_path, "refere", trop_tot)
    code, out, err = run("verifier", str(tmp_path / "dossier" / "dossier.yaml"))
    assert (
        "Les démarches « capture d'écran ANEF du 05/10/2026 », « appel à l'assistance ANEF du 12/10/2026 » sont "
        "datées avant l'expiration du titre le 20/10/2026 : l'attestation de prolongation de l'instruction n'était "
        "pas encore due, et les documents présentent ces démarches comme faites pour l'obtenir."
    ) in " ".join((out + err).split())
    assert code == 0  # a warning: the dossier stays usable
