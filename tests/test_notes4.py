"""The second reading of the orientation notes and the demo texts (rapports A2 and B2 of 6 December 2026), on the
text of the generated documents: the reply asked before the implicit rejection, the référé while no démarche is
proven, the pièce of R. 412-1 CJA, a result no pièce proves, the way of filing to check first, the demo's typed
descriptions, the person's line, the consent of the e-mail."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aides import corps_eml, sans_pieces, texte_docx
from aides import documents_demo as documents

pytestmark = pytest.mark.usefixtures("sans_libreoffice")

NOTE = "3-note-orientation.docx"




def note(tmp_path: Path, code: str | None, change: Callable[[dict], None] | None = None) -> str:
    return texte_docx(documents(tmp_path, code, change), NOTE)




# --- B2-4: the letter written today asks an answer before the implicit rejection ----------------------------------


def test_the_note_gives_the_reply_date_the_letter_asks_when_the_rejection_comes_first(tmp_path):
    resultat = documents(tmp_path, "api")
    texte = texte_docx(resultat, NOTE)
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse avant le 10 décembre 2026, date à "
        "laquelle une décision implicite de rejet est susceptible de naître : sans réponse rapide, le référé « mesures "
        "utiles » devra être introduit avant cette date (voir « À traiter en priorité »)." in texte
    )
    assert "lui laisse quinze jours à compter de sa réception" not in texte
    assert "pourra être introduit au plus tôt le 13 décembre 2026" not in texte
    # the letter asks the same day
    assert "avant le 10 décembre 2026" in texte_docx(resultat, "2-courrier-prefecture.docx")


# --- A2-7: no date from which the référé may be filed while no démarche is proven ---------------------------------


def test_the_note_dates_no_refere_while_the_demarches_are_not_proven(tmp_path):
    texte = note(tmp_path, None, sans_pieces)
    # proving them is what the référé needs, not a bar to filing it (rapport2-A, A3-2): the letter's delay, the
    # titre's end and the rejection's day are said as for proven démarches
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse dans les quinze jours de sa réception, et "
        "en tout état de cause avant le 15 décembre 2026. Le référé « mesures utiles » suppose que les démarches "
        "soient prouvées par pièces, ce qui n'est pas encore le cas ; ces pièces réunies, il pourra être introduit "
        "dès que ce délai expire sans réponse, ou plus tôt si l'expiration du titre de séjour le 15 décembre 2026 "
        "l'exige, et avant le 1er janvier 2027, date à laquelle une décision implicite de rejet est susceptible de "
        "naître." in texte
    )
    assert "pourra être introduit au plus tôt" not in texte and "ne pourra être envisagé" not in texte


def test_the_proven_demarches_keep_the_date_from_which_the_refere_may_be_filed(tmp_path):
    texte = note(tmp_path, None)
    assert "suppose que les démarches soient prouvées" not in texte


# --- A2-1: the pièce R. 412-1 CJA asks for --------------------------------------------------------------------------


def test_the_attestation_de_depot_line_admits_another_piece_and_says_the_irrecevabilite_rightly(tmp_path):
    texte = note(tmp_path, None, sans_pieces)
    assert (
        "Joindre l'attestation de dépôt ANEF du 1er septembre 2026 (ou une autre pièce justifiant de la date de "
        "dépôt) : un recours contre un rejet implicite doit en être accompagné, à peine d'irrecevabilité (article "
        "R. 412-1 du code de justice administrative)." in texte
    )
    assert "sans elle, un recours contre un rejet implicite serait irrecevable" not in texte


# --- B2-6: a préfecture démarche's result no pièce proves -------------------------------------------------------


def test_a_prefecture_result_no_piece_proves_is_said_as_the_persons_word(tmp_path):
    texte = note(tmp_path, "rejet_implicite")
    assert (
        "demande de rendez-vous « blocage ANEF » du 16 octobre 2026 (aucun créneau disponible, selon Mme OUALI ; "
        "aucune pièce ne le prouve)" in texte
    )
    assert "du 16 octobre 2026 (aucun créneau disponible)." not in texte


def test_a_proven_prefecture_result_is_stated_plainly(tmp_path):
    texte = note(tmp_path, None)
    assert "(aucun créneau disponible)" in texte
    assert "aucune pièce ne le prouve" not in texte


# --- A2-5: the way of filing checked before the ANEF steps ------------------------------------------------------


def test_the_way_of_filing_is_checked_before_the_anef_steps(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    priorite = texte[texte.index("À traiter en priorité") : texte.index("1. Situation")]
    assert priorite.startswith(
        "À traiter en priorité – Vérifier d'abord la voie de dépôt (ANEF ou préfecture, articles R. 431-2 et "
        "R. 431-3 du CESEDA) ; si la demande relève de l'ANEF, les démarches préalables qui ne figurent pas au "
        "dossier restent à faire, et à prouver par une pièce, avant toute saisine du juge des référés : appel à "
        "l'assistance ANEF (0 806 001 620) ; rendez-vous « blocage ANEF »."
    )
    assert "Démarches préalables qui ne figurent pas au dossier :" not in texte


def test_a_demande_surely_on_the_anef_lists_its_missing_steps_without_the_way(tmp_path):
    def sans_appel(data: dict) -> None:
        data["demarches"] = [d for d in data["demarches"] if d["type"] != "appel_anef"]

    texte = note(tmp_path, "depot_impossible", sans_appel)
    assert "Démarche préalable qui ne figure pas au dossier : appel à l'assistance ANEF" in texte
    assert "Vérifier d'abord la voie de dépôt" not in texte


# --- A2-2: the grounds of the « vie privée et familiale » card ---------------------------------------------------


def test_the_grounds_of_the_card_do_not_read_as_the_only_two(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    assert (
        "Voie de dépôt à vérifier : selon son fondement (liens personnels et familiaux, état de santé, autres "
        "situations), la carte de séjour temporaire « vie privée et familiale » ne se demande sur le téléservice "
        "ANEF que dans certains cas" in texte
    )
    assert "(membre de famille ou situations diverses)" not in texte


# --- A2-9, A2-10, B2-7: the demo's typed texts add to the generated sentence -----------------------------------


def test_keita_description_adds_to_the_account_sentence(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    assert "Je n'ai jamais reçu le courriel de validation, ce qui m'empêche de déposer ma demande." in texte
    assert "je ne peux pas créer mon compte ni déposer ma demande" not in texte


def test_diallo_description_does_not_repeat_that_the_demande_cannot_be_completed(tmp_path):
    texte = note(tmp_path, None)
    assert "Le téléversement échoue à chaque tentative avec le même message." in texte
    assert "avec le même message : la demande ne peut pas être complétée" not in texte


def test_abebe_contact_form_detail_says_what_it_is(tmp_path):
    texte = note(tmp_path, "depot_impossible")
    assert "Formulaire envoyé avec la capture d'écran du 8 septembre 2026" in texte
    assert "Avec la capture —" not in texte and "(avec la capture)" not in texte


def test_abebe_consequences_say_the_promesse_once(tmp_path):
    texte = note(tmp_path, "depot_impossible")
    assert "attend le dépôt de la demande pour fixer la date d'embauche" in texte
    assert "l'embauche est subordonnée à ce dépôt" not in texte


@pytest.mark.parametrize("code", ["api", "refere"])
def test_the_api_descriptions_do_not_repeat_the_missing_attestation(tmp_path, code):
    texte = note(tmp_path, code)
    assert "Ma demande apparaît toujours « en cours d'instruction »" in texte
    assert "aucune attestation n'est disponible au téléchargement" not in texte
    assert texte.count("aucune attestation de prolongation de l'instruction n'est disponible") == 1


def test_ouali_description_no_longer_repeats_the_expired_attestation(tmp_path):
    texte = note(tmp_path, "rejet_implicite")
    assert "Aucune pièce n'a été demandée depuis le dépôt." in texte
    assert "prolongation d'instruction" not in texte


# --- A2-11, A2-14: the person's line ---------------------------------------------------------------------------------


def test_without_civilite_the_persons_line_sets_the_birth_off_by_dashes(tmp_path):
    texte = note(tmp_path, "depot_impossible")
    assert (
        "– Eden ABEBE — date et lieu de naissance : 17 février 1998, Addis-Abeba (Éthiopie) — nationalité "
        "éthiopienne." in texte
    )
    assert "Addis-Abeba (Éthiopie), de nationalité éthiopienne" not in texte


def test_the_person_writing_the_note_introduces_himself_in_the_first_person(tmp_path):
    texte = note(tmp_path, "diligences_incompletes")
    assert "– Je suis Moussa KEITA, né le 3 juin 1985 à Bamako (Mali), de nationalité malienne." in texte
    assert "– Moussa KEITA, né le" not in texte


def test_a_note_written_by_the_accompagnant_names_the_person_with_civilite(tmp_path):
    texte = note(tmp_path, None)
    assert "– Madame Aminata Fatou DIALLO, née le 12 avril 1990 à Conakry (Guinée), de nationalité guinéenne." in texte
    assert "Je suis" not in texte


# --- A2-13: the consent in the e-mail of a note the person writes ------------------------------------------------


def test_the_persons_email_gives_consent_once_after_the_pieces(tmp_path):
    corps = corps_eml(documents(tmp_path, "diligences_incompletes"), "3-note-orientation.eml")
    assert "les pièces qu'il recense (3 pièces) peuvent vous être transmises, ce que j'accepte." in corps
    assert "J'accepte que les informations et pièces de ce dossier vous soient transmises." not in corps


def test_the_accompagnants_email_keeps_the_persons_consent_sentence(tmp_path):
    corps = corps_eml(documents(tmp_path, None), "3-note-orientation.eml")
    assert "peuvent vous être transmises. Madame Aminata Fatou DIALLO a donné son accord" in corps
    assert "ce que j'accepte" not in corps


# --- A2-4: the note cites the pièce showing the consequences ----------------------------------------------------


def test_the_note_cites_the_promesse_by_its_piece_number(tmp_path):
    texte = note(tmp_path, "depot_impossible")
    conséquences = texte[texte.index("3. Conséquences concrètes") : texte.index("4. Chronologie")]
    assert (
        "L'employeur qui a signé une promesse d'embauche attend le dépôt de la demande pour fixer la date "
        "d'embauche (pièce n° 10)." in conséquences
    )
    assert "d'embauche." not in conséquences


def test_without_the_pieces_proof_the_consequences_cite_no_number(tmp_path):
    def sans_promesse(data: dict) -> None:
        data["justificatifs"].pop("consequences")

    texte = note(tmp_path, "depot_impossible", sans_promesse)
    conséquences = texte[texte.index("3. Conséquences concrètes") : texte.index("4. Chronologie")]
    assert "pour fixer la date d'embauche." in conséquences and "pièce n°" not in conséquences


# --- A2-12: same-type, same-result démarches said once in § 2 ------------------------------------------------------


def test_the_repeated_appointment_requests_are_said_once_with_their_dates(tmp_path):
    texte = note(tmp_path, "depot_impossible")
    assert (
        "Des démarches ont déjà été effectuées auprès de la préfecture : trois demandes de rendez-vous « blocage "
        "ANEF » des 22, 25 septembre et 2 octobre 2026 (aucun créneau disponible)." in texte
    )
    assert "demande de rendez-vous « blocage ANEF » du 25 septembre 2026 (aucun créneau disponible)" not in texte


def test_a_different_result_or_proof_keeps_the_demarches_apart(tmp_path):
    def differents(data: dict) -> None:
        data["demarches"][4]["resultat"] = "rendez-vous proposé puis annulé"

    texte = note(tmp_path, "depot_impossible", differents)
    assert (
        "demande de rendez-vous « blocage ANEF » du 22 septembre 2026 (aucun créneau disponible) ; demande de "
        "rendez-vous « blocage ANEF » du 25 septembre 2026 (rendez-vous proposé puis annulé) ; demande de "
        "rendez-vous « blocage ANEF » du 2 octobre 2026 (aucun créneau disponible)." in texte
    )
    assert "trois demandes" not in texte
