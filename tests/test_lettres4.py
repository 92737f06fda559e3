"""Second reading of the préfecture letter, the DGEF messages and the bordereaux (rapport of 6 December 2026,
22:30, items A2-3, A2-4, A2-10, A2-14, B2-7, B2-8): each new wording is in the generated text, the old one gone."""

from __future__ import annotations

import copy

import pytest

from aides import corps_eml, produire, sans_pieces, texte_docx
from aides import documents_demo as documents
from conftest import AUJOURD_HUI, BASE

pytestmark = pytest.mark.usefixtures("sans_libreoffice")

DGEF = "1-signalement-dgef.eml"
LETTRE = "2-courrier-prefecture.docx"
BORDEREAU = "bordereau-pieces.docx"






# --- A2-3: what no pièce proves is stated by the person -----------------------------------------------------------


def test_without_a_piece_the_letter_says_the_person_states_the_blocking(tmp_path):
    lettre = texte_docx(documents(tmp_path, None, sans_pieces), LETTRE)
    assert (
        "Mme DIALLO constate que, depuis le 21 septembre 2026, le téléservice ANEF en refuse le téléversement et que "
        "sa demande ne peut plus y être complétée ni corrigée." in lettre
    )
    assert "Depuis le 21 septembre 2026, le téléservice ANEF en refuse le téléversement ;" not in lettre
    assert "la demande de Mme DIALLO ne peut plus être complétée" not in lettre
    # the aside is said once, in the paragraph on R. 431-11 (rapport2-A, A3-1)
    assert lettre.count("selon les constatations de Mme DIALLO") == 1
    assert "cette incomplétude tiendrait au téléservice, qui ne permet pas de la transmettre, et non à " \
        "l'intéressée :" in lettre
    assert "et non à Mme DIALLO" not in lettre


def test_with_its_pieces_the_letter_states_the_blocking_as_a_fact(tmp_path):
    lettre = texte_docx(documents(tmp_path, None), LETTRE)
    assert "Depuis le 21 septembre 2026, le téléservice ANEF en refuse le téléversement ;" in lettre
    assert "constate que" not in lettre


def test_the_person_writing_without_a_piece_says_je_constate(tmp_path):
    data = copy.deepcopy(BASE)
    data["blocage"].update(types=["compte_creation", "modification_impossible"], message_erreur="")
    for demarche in data["demarches"]:
        demarche["pieces"] = []
    lettre = texte_docx(produire(tmp_path, data, ("prefecture",)), LETTRE)
    assert (
        "Je constate que, depuis le 20 septembre 2026, je ne peux pas créer mon compte sur le téléservice ANEF et que "
        "ma demande ne peut plus y être complétée ni corrigée." in lettre
    )


# --- B2-7: « en cours d'instruction » and the missing attestation in one sentence --------------------------------


def _redit_en_cours(data: dict) -> None:
    """A description that only repeats the blocking's sentence (« en cours d'instruction », no attestation)."""
    data["blocage"]["description"] = (
        "Dans mon espace ANEF, la demande apparaît « en cours d'instruction », mais aucune attestation n'est "
        "disponible au téléchargement."
    )


def _redit_api_expiree(data: dict) -> None:
    data["blocage"]["description"] = (
        "L'attestation de prolongation d'instruction a expiré le 30 septembre 2026 et n'a pas été renouvelée ; "
        "la demande reste « en cours d'instruction » sans demande de pièce."
    )


def test_the_letter_says_en_cours_and_the_missing_attestation_once(tmp_path):
    resultat = documents(tmp_path, "api", _redit_en_cours)
    lettre = texte_docx(resultat, LETTRE)
    assert (
        "Depuis le 1er novembre 2026, ma demande apparaît « en cours d'instruction » dans mon espace ANEF, mais aucune "
        "attestation de prolongation de l'instruction n'y est disponible." in lettre
    )
    assert "aucune attestation n'est disponible au téléchargement" not in lettre
    assert "n'est disponible dans mon espace ANEF. Dans mon espace ANEF" not in lettre
    note = texte_docx(resultat, "3-note-orientation.docx")
    assert "aucune attestation n'est disponible au téléchargement" not in note
    assert lettre.count("« en cours d'instruction »") == 1


def test_a_description_saying_more_is_kept(tmp_path):
    def plus(data: dict) -> None:
        data["blocage"]["description"] = (
            "Dans mon espace ANEF, la demande apparaît « en cours d'instruction ». Aucune attestation n'est disponible, "
            "et le bouton « Télécharger » a disparu depuis la dernière mise à jour du site."
        )

    lettre = texte_docx(documents(tmp_path, "api", plus), LETTRE)
    assert "le bouton « Télécharger » a disparu" in lettre
    assert "Depuis le 1er novembre 2026, aucune attestation de prolongation de l'instruction n'est disponible dans " \
        "mon espace ANEF." in lettre


def test_the_expired_api_is_said_in_one_sentence_in_the_signalement_and_the_note(tmp_path):
    resultat = documents(tmp_path, "rejet_implicite", _redit_api_expiree)
    phrase = (
        "L'attestation de prolongation de l'instruction a expiré le 30 septembre 2026 et n'a pas été renouvelée ; "
        "dans l'espace ANEF de Mme OUALI, la demande apparaît toujours « en cours d'instruction », sans évolution ni "
        "demande de pièce."
    )
    dgef = corps_eml(resultat, DGEF)
    note = texte_docx(resultat, "3-note-orientation.docx")
    for texte in (dgef, note):
        assert phrase in texte
        assert "prolongation d'instruction" not in texte
        assert "la demande reste « en cours d'instruction » sans demande de pièce" not in texte
    assert "expirée, n'est pas renouvelée dans l'espace ANEF de Mme OUALI, où la demande" not in note


# --- B2-7 and A2-10: a label says its type once, and its detail never reads as a cut sentence --------------------


@pytest.mark.parametrize(
    ("type_", "detail", "attendu"),
    [
        ("courrier_prefecture", "Courrier demandant l'attestation de prolongation de l'instruction",
         "Demande de l'attestation de prolongation de l'instruction"),
        ("appel_anef", "Appel au 0 806 001 620, 7 minutes", "0 806 001 620, 7 minutes"),
        ("demande_rdv", "Demande de rendez-vous en ligne au point d'accueil numérique de Nice",
         "Demande en ligne au point d'accueil numérique de Nice"),
        ("demande_rdv", "Nouvelle demande de rendez-vous en ligne au point d'accueil numérique de Nice",
         "Nouvelle demande en ligne au point d'accueil numérique de Nice"),
        ("demande_rdv", "Demande de rendez-vous à la préfecture par courriel", "Demande à la préfecture par courriel"),
        ("formulaire_contact", "Formulaire « Nous contacter » avec la capture", "Formulaire avec la capture"),
        ("formulaire_contact", "Formulaire envoyé avec la capture d'écran du 17 septembre 2026",
         "Formulaire envoyé avec la capture d'écran du 17 septembre 2026"),
        ("courrier_prefecture", "Courrier à la préfecture", ""),
    ],
)
def test_a_detail_loses_what_its_type_says_and_never_starts_with_a_preposition(type_, detail, attendu):
    from lettres.documents.pieces import detail_sans_redite
    from lettres.dossier import Demarche

    assert detail_sans_redite(Demarche(type=type_, date=AUJOURD_HUI, detail=detail)) == attendu


def test_the_bordereau_labels_say_their_type_once(tmp_path):
    bordereau = texte_docx(documents(tmp_path, "refere"), BORDEREAU)
    assert "— Demande de l'attestation de prolongation de l'instruction" in bordereau
    assert "— Courrier demandant" not in bordereau
    assert "Appel à l'assistance ANEF du 23 octobre 2026 — 0 806 001 620, 11 minutes" in bordereau
    assert "— Appel au" not in bordereau
    assert "— Demande de rendez-vous" not in bordereau
    abebe = texte_docx(documents(tmp_path / "abebe", "depot_impossible"), BORDEREAU)
    assert "— Avec la capture" not in abebe
    assert "— Demande de rendez-vous en ligne" not in abebe
    assert "— Demande en ligne au point d'accueil numérique de Nice" in abebe
    assert "— Nouvelle demande en ligne au point d'accueil numérique de Nice" in abebe


# --- A2-14: « quinze jours » in words; a blank line before « IDENTITÉ » ----------------------------------------------


def test_the_delay_is_written_in_words(tmp_path):
    lettre = texte_docx(produire(tmp_path, copy.deepcopy(BASE), ("prefecture",)), LETTRE)
    assert "dans un délai de quinze jours à compter de la réception du présent courrier" in lettre
    assert "dans un délai de 15 jours" not in lettre


def test_the_dgef_message_leaves_a_blank_line_before_identite(tmp_path):
    for code in ("api", None):
        resultat = documents(tmp_path / str(code), code)
        corps = (resultat.dossier / "1-signalement-dgef.txt").read_text(encoding="utf-8")
        avant = corps[: corps.index("IDENTITÉ")]
        assert avant.endswith(".\n\n"), repr(avant[-60:])


# --- B2-8: « avis de réception »; the titre and the dépôt cited by their pièce; « deux captures » in words ---------


def test_the_letter_says_avis_de_reception(tmp_path):
    data = copy.deepcopy(BASE)
    data["envoi"].update(recommande=True, numero_recommande="1A 234 567 8901 2")
    resultat = produire(tmp_path, data, ("prefecture",))
    lettre = texte_docx(resultat, LETTRE)
    assert "Lettre recommandée avec avis de réception n° 1A 234 567 8901 2" in lettre
    assert "accusé de réception" not in lettre
    courriel = corps_eml(resultat, "2-courrier-prefecture.eml")
    assert "par lettre recommandée avec avis de réception (n° 1A 234 567 8901 2)" in courriel
    assert "accusé de réception" not in courriel


def test_benali_s_letter_cites_the_titre_and_the_filing_by_their_pieces(tmp_path):
    resultat = documents(tmp_path, "api")
    lettre = texte_docx(resultat, LETTRE)
    assert "Mon titre de séjour a expiré le 31 octobre 2026 (pièce n° 1)." in lettre
    assert "La demande de renouvellement a été déposée le 10 août 2026 (pièce n° 2), dans la période prévue" in lettre
    assert "Mon titre de séjour a expiré le 31 octobre 2026. " not in lettre
    bordereau = texte_docx(resultat, BORDEREAU)
    assert "1 Carte de résident expirée le 31 octobre 2026" in bordereau
    assert "2 Attestation de dépôt de la demande sur l'ANEF" in bordereau
    dgef = corps_eml(resultat, DGEF)
    assert "Vous trouverez en pièces jointes deux captures d'écran datées." in dgef
    assert "2 captures d'écran" not in dgef


# --- A2-4: the promesse d'embauche cited by its pièce, its clause said once -------------------------------------------


def test_abebe_s_letter_cites_the_promesse_by_its_piece(tmp_path):
    resultat = documents(tmp_path, "depot_impossible")
    lettre = texte_docx(resultat, LETTRE)
    assert (
        "L'employeur qui a signé une promesse d'embauche (pièce n° 10) attend le dépôt de la demande pour fixer la "
        "date d'embauche." in lettre
    )
    assert "l'embauche est subordonnée à ce dépôt" not in lettre
    assert "10 Promesse d'embauche 10_promesse-d-embauche.png" in texte_docx(resultat, BORDEREAU)


def test_without_the_promesse_in_the_bordereau_no_number_is_cited(tmp_path):
    def sans_promesse(data: dict) -> None:
        data["justificatifs"].pop("consequences", None)

    lettre = texte_docx(documents(tmp_path, "depot_impossible", sans_promesse), LETTRE)
    assert "L'employeur qui a signé une promesse d'embauche attend le dépôt de la demande" in lettre
    assert "(pièce n° 10)" not in lettre


def test_the_stated_blocking_agrees_with_the_person(tmp_path):
    from lettres.documents import constat
    from lettres.dossier import validate_dossier

    data = copy.deepcopy(BASE)
    data["personne"]["civilite"] = "monsieur"
    data["blocage"].update(types=["etat_civil", "pas_recepisse"], message_erreur="")
    texte = constat.difficultes(validate_dossier(data), constate=True)
    assert (
        texte == "M. DIALLO constate que, depuis le 20 septembre 2026, ses données d'état civil, erronées, ne peuvent "
        "pas être corrigées sur le téléservice ANEF et qu'aucun récépissé ne lui a été remis."
    )
    data["blocage"]["types"] = ["compte_creation", "modification_impossible"]
    texte = constat.difficultes(validate_dossier(data), constate=True)
    assert "M. DIALLO constate que, depuis le 20 septembre 2026, il ne peut pas créer son compte" in texte
    assert "M. DIALLO ne peut pas" not in texte and "et que la demande de M. DIALLO" not in texte
