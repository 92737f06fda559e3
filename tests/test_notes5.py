"""The confirming read of the orientation notes (rapports A and B of relecture7, 7 December 2026), on the text of the
generated documents: the référé « mesures utiles » needs no prior decision, so the delay of the letter to the
préfecture is never said as a legal bar (A-1, A-2); the document due for a demande on the ANEF is the API (A-4); the
four-year condition of L. 433-3 in the tense of the day, « Demande : » said once (A-5); a missing date of receipt
is « non renseignée », never an avis « non retrouvé » (B-4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from aides import corps_eml, sans_pieces, texte_docx
from aides import documents_demo as documents

pytestmark = pytest.mark.usefixtures("sans_libreoffice")

NOTE = "3-note-orientation.docx"

RECEVABLE = (
    "Le référé « mesures utiles », recevable même en l'absence de décision administrative préalable (article L. "
    "521-3 du code de justice administrative), peut être introduit dès que ce délai expire sans réponse"
)


def note(tmp_path: Path, code: str | None, change: Callable[[dict], None] | None = None) -> str:
    return texte_docx(documents(tmp_path, code, change), NOTE)


def demande(texte: str) -> str:
    """§ 7 of the note."""
    return texte.split("7. Ce qui est demandé", 1)[1].split("8. Coordonnées", 1)[0]


def lettre_envoyee(envoye: str = "2026-11-20", recu: str | None = "2026-11-23") -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["demarches"].append({"type": "courrier_prefecture", "date": envoye, "detail": "", "resultat": "", "pieces": []})
        data["envoi"].update(envoye_le=envoye, accuse_reception_le=recu)

    return change


def titre_expire(jour: str) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        data["demande"]["titre_actuel_expiration"] = jour

    return change


def ensemble(*changes: Callable[[dict], None]) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        for c in changes:
            c(data)

    return change


def pas_de_legal_bar(texte: str) -> None:
    """No date before which the référé could not be filed."""
    assert not re.search(r"référé « mesures utiles » pourra être introduit (au plus tôt|à partir du)", texte)
    assert "lui laisse quinze jours à compter de sa réception pour répondre" not in texte


# --- DIALLO, the letter written today, the titre expiring near the end of its delay -------------------------


def test_diallo_the_refere_may_be_filed_once_the_delay_runs_out_or_earlier_for_the_titre(tmp_path):
    texte = demande(note(tmp_path, None))
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse dans les quinze jours de sa réception, et "
        f"en tout état de cause avant le 15 décembre 2026. {RECEVABLE}, ou plus tôt si l'expiration du titre de "
        "séjour le 15 décembre 2026 l'exige, et avant le 1er janvier 2027, date à laquelle une décision implicite de "
        "rejet est susceptible de naître." in texte
    )
    assert "au plus tôt le 13 décembre 2026" not in texte
    pas_de_legal_bar(texte)


def test_the_letter_of_the_note_asks_the_same_reply(tmp_path):
    resultat = documents(tmp_path, None)
    courrier = texte_docx(resultat, "2-courrier-prefecture.docx")
    assert "dans un délai de quinze jours à compter de la réception du présent courrier, et en tout état de cause avant le 15 décembre 2026" in courrier


def test_a_titre_far_after_the_delay_brings_no_earlier_filing(tmp_path):
    texte = demande(note(tmp_path, None, titre_expire("2027-06-30")))
    assert "ou plus tôt" not in texte
    assert f"{RECEVABLE}, et avant le 1er janvier 2027" in texte
    # the letter asks its reply before the rejection, which now comes before the titre's expiry
    assert "et en tout état de cause avant le 1er janvier 2027." in texte


def test_a_titre_already_expired_makes_the_urgency_said(tmp_path):
    texte = demande(note(tmp_path, None, titre_expire("2026-11-20")))
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse dans les quinze jours de sa réception : "
        "ce délai expire donc au plus tôt le 12 décembre 2026." in texte
    )
    assert f"{RECEVABLE}, ou plus tôt si l'urgence l'exige (le titre de séjour a expiré le 20 novembre 2026), et avant" in texte
    pas_de_legal_bar(texte)


def test_a_titre_expiring_within_the_delay_ends_the_reply_asked(tmp_path):
    texte = demande(note(tmp_path, None, titre_expire("2026-12-05")))
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse avant le 5 décembre 2026, date à laquelle "
        f"le titre de séjour expire. {RECEVABLE}, et avant le 1er janvier 2027" in texte
    )
    assert "à partir du 6 décembre 2026" not in texte
    pas_de_legal_bar(texte)


# --- ABEBE, no expiry to race -------------------------------------------------------------------------------


def test_abebe_the_delay_runs_from_the_receipt_and_is_no_bar(tmp_path):
    texte = demande(note(tmp_path, "depot_impossible"))
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse dans les quinze jours de sa réception : "
        "ce délai expire donc au plus tôt le 12 décembre 2026. Le référé « mesures utiles », recevable même en "
        "l'absence de décision administrative préalable, peut être introduit dès que ce délai expire sans réponse."
        in texte
    )
    # the article is cited once in § 7: by the request itself
    assert texte.count("article L. 521-3") == 1
    assert "ou plus tôt" not in texte
    pas_de_legal_bar(texte)


# --- the letter already sent: with and without the date of its avis de réception --------------------------------


def test_a_letter_sent_with_its_receipt_gives_the_last_day_of_its_delay(tmp_path):
    texte = demande(note(tmp_path, None, lettre_envoyee()))
    assert (
        "Le courrier à la préfecture du 20 novembre 2026 lui laisse quinze jours à compter de sa réception le 23 "
        f"novembre 2026, soit jusqu'au 8 décembre 2026. {RECEVABLE}, et avant le 1er janvier 2027" in texte
    )
    pas_de_legal_bar(texte)


def test_a_letter_sent_without_its_receipt_presumes_the_transit_and_says_so(tmp_path):
    texte = demande(note(tmp_path, None, ensemble(lettre_envoyee(recu=None), titre_expire("2026-12-08"))))
    assert (
        "Le courrier à la préfecture du 20 novembre 2026 lui laisse quinze jours à compter de sa réception, dont la "
        "date n'est pas renseignée : avec cinq jours d'acheminement, ce délai expirerait le 10 décembre 2026. "
        f"{RECEVABLE}, ou plus tôt si l'expiration du titre de séjour le 8 décembre 2026 l'exige, et avant le 1er "
        "janvier 2027" in texte
    )
    pas_de_legal_bar(texte)


def test_a_rejection_within_the_delay_comes_first(tmp_path):
    def depot_ancien(data: dict) -> None:
        data["demande"]["date_depot"] = "2026-08-05"  # rejection on 5 December, within the delay ending on 8 December

    texte = demande(note(tmp_path, None, ensemble(lettre_envoyee(), depot_ancien)))
    assert (
        "Une décision implicite de rejet étant susceptible de naître dès le 5 décembre 2026, avant la fin de ce délai, "
        "le référé « mesures utiles », recevable même en l'absence de décision administrative préalable (article L. "
        "521-3 du code de justice administrative), devra être introduit avant cette date" in texte
    )
    assert "peut être introduit dès que ce délai expire" not in texte


def test_no_refere_sentence_for_the_defenseur_des_droits(tmp_path):
    def ddd(data: dict) -> None:
        data["orientation"]["vers"] = "delegue_ddd"

    texte = demande(note(tmp_path, None, ddd))
    assert "recevable même en l'absence" not in texte and "au plus tôt" not in texte


# --- the API for a demande on the ANEF, the récépissé only off it -------------------------------------------


def test_the_stage_names_the_api_due_for_a_demande_on_the_anef(tmp_path):
    texte = note(tmp_path, None)
    assert (
        "Stade de la procédure : demande déposée mais impossible à compléter ; attestation de prolongation de "
        "l'instruction (API, art. R. 431-15-1 du CESEDA) à obtenir avant le 15 décembre 2026." in texte
    )
    assert "récépissé" not in texte


def test_variant_n_names_the_api_too(tmp_path):
    texte = note(tmp_path, None, sans_pieces)
    assert "attestation de prolongation de l'instruction (API, art. R. 431-15-1 du CESEDA) à obtenir avant le 15 décembre 2026." in texte
    assert "ou récépissé" not in texte


def test_an_api_already_due_is_said_due_since_the_titre_expired(tmp_path):
    def accompagne(data: dict) -> None:  # BENALI, whose note is written by a caseworker: the « Stade » line
        data["signataire"] = "accompagnant"
        data["accompagnant"] = {"civilite": "monsieur", "nom": "MARTIN", "prenom": "Paul", "fonction": "travailleur social"}

    texte = note(tmp_path, "api", accompagne)
    assert (
        "Stade de la procédure : attestation de prolongation de l'instruction (API, art. R. 431-15-1 du CESEDA) à "
        "obtenir (due depuis le 31 octobre 2026)." in texte
    )
    assert "ou récépissé" not in texte


def test_an_api_to_renew_gives_the_end_of_the_current_one(tmp_path):
    def api(data: dict) -> None:
        data["demande"].update(document_provisoire="api", document_provisoire_fin="2026-12-20")

    texte = note(tmp_path, None, api)
    assert (
        "renouvellement de l'attestation de prolongation de l'instruction (API, art. R. 431-15-1 du CESEDA) à obtenir "
        "avant le 20 décembre 2026." in texte
    )


def test_the_recepisse_only_when_the_dossier_says_the_demande_is_off_the_anef(tmp_path):
    def recepisse(data: dict) -> None:
        data["blocage"]["types"] = [*data["blocage"]["types"], "pas_recepisse"]

    texte = note(tmp_path, None, recepisse)
    assert "récépissé de demande de titre de séjour (art. R. 431-12 du CESEDA) à obtenir." in texte
    assert "(API, art. R. 431-15-1" not in texte


# --- the four-year condition in the tense of the day; « Demande : » once -------------------------------------


def test_the_card_not_yet_expired_is_said_current(tmp_path):
    resultat = documents(tmp_path, None)
    for texte in (texte_docx(resultat, NOTE), corps_eml(resultat, "3-note-orientation.eml")):
        assert (
            "si la carte pluriannuelle en cours (qui expire le 15 décembre 2026) est d'une durée de quatre ans "
            "(article L. 433-3 du CESEDA ; voir la pièce n° 1)" in texte
        )
        assert "expirée était" not in texte


def test_the_expired_card_keeps_the_past_tense(tmp_path):
    texte = note(tmp_path, None, titre_expire("2026-11-20"))
    assert "si la carte pluriannuelle expirée était d'une durée de quatre ans (article L. 433-3 du CESEDA ; voir la pièce n° 1)" in texte
    assert "en cours (qui expire" not in texte


def test_without_the_titre_among_the_pieces_no_piece_is_cited(tmp_path):
    texte = note(tmp_path, None, sans_pieces)
    assert "est d'une durée de quatre ans (article L. 433-3 du CESEDA)" in texte
    assert "voir la pièce" not in texte


def test_the_demande_line_says_the_noun_once(tmp_path):
    diallo = note(tmp_path / "diallo", None)
    assert (
        "Demande : renouvellement de titre de séjour (carte de séjour pluriannuelle « talent – salarié qualifié ») — "
        "Préfecture des Bouches-du-Rhône" in diallo
    )
    assert "Demande : demande" not in diallo
    abebe = note(tmp_path / "abebe", "depot_impossible")
    assert "Demande : premier titre de séjour (carte de séjour pluriannuelle « talent – salarié qualifié »)" in abebe
    assert "Demande : première demande" not in abebe


# --- B-4: a date of receipt not entered is not an avis « non retrouvé » -------------------------------------------


def test_variant_r_says_the_date_of_receipt_is_not_entered(tmp_path):
    def sans_avis(data: dict) -> None:
        data["envoi"].pop("accuse_reception_le", None)

    texte = note(tmp_path, "refere", sans_avis)
    # the letter and its date are named just before: its sending is not dated again (rapport2-B, B3-2)
    assert "courrier à la préfecture du 6 novembre 2026 (recommandé n° 1A 123 456 7890 1)" in texte
    assert "La date de réception de ce courrier, envoyé il y a 21 jours, n'est pas renseignée." in texte
    assert "il a été envoyé le" not in texte
    assert "non retrouvé" not in texte and "n'est pas connue" not in texte


def test_with_its_avis_the_receipt_is_dated(tmp_path):
    texte = note(tmp_path, "refere")
    assert "n'est pas renseignée" not in texte
    assert "9 novembre 2026" in texte
