"""The pièce the ANEF refuses, a fact of its own (blocage.piece_refusee), distinct from a pièce the préfecture
asked for: what each letter says of it, on which basis, and the pièce enclosed when a letter offers it."""

from __future__ import annotations

import copy

from aides import corps_eml, message_eml, produire, texte_docx
from conftest import AUJOURD_HUI, BASE, write_dossier
from lettres.dossier import load_dossier
from lettres.dossier.parcours import SECTIONS
from lettres.procedure.situation import compute_situation


def refusee(**blocage) -> dict:
    """Filed, the upload of one pièce refused; the préfecture asked for nothing."""
    data = copy.deepcopy(BASE)
    data["blocage"].update(
        types=["televersement"],
        piece_refusee="attestation de l'employeur",
        piece_refusee_depuis="2026-09-28",
        piece_refusee_erreur="Le format du fichier n'est pas accepté",
        **blocage,
    )
    return data


def test_the_fields_are_asked_in_the_interview_after_the_blocking():
    blocage = next(s for s in SECTIONS if s.code == "blocage")
    assert blocage.champs[3:6] == ("blocage.piece_refusee", "blocage.piece_refusee_depuis", "blocage.piece_refusee_erreur")
    justificatifs = next(s for s in SECTIONS if s.code == "justificatifs")
    assert "justificatifs.piece_a_transmettre" in justificatifs.champs


def test_a_refused_piece_makes_the_demande_incomplete_and_is_named(tmp_path):
    data = refusee()
    situation = compute_situation(load_dossier(write_dossier(tmp_path, data)), AUJOURD_HUI)
    assert "depot_incomplet" in situation.codes
    raison = next(r.texte for r in situation.raisons if r.code == "depot_incomplet")
    assert "l'ANEF refuse la pièce « attestation de l'employeur » depuis le 28 septembre 2026" in raison
    assert "la préfecture a demandé" not in raison


def test_the_prefecture_letter_argues_the_refused_piece_without_a_request_it_never_made(tmp_path):
    lettre = texte_docx(produire(tmp_path, refusee()), "2-courrier-prefecture.docx")
    assert (
        "Depuis le 28 septembre 2026, le téléservice refuse le téléversement de la pièce suivante : attestation de "
        "l'employeur. Le message suivant s'affiche alors : « Le format du fichier n'est pas accepté »." in lettre
    )
    assert "(art. R. 431-2 et R. 431-11 du CESEDA)" in lettre  # the objet
    assert "du seul fait du téléservice, qui en refuse le dépôt" in lettre
    assert "accepter que la pièce que le téléservice refuse (attestation de l'employeur) vous soit transmise" in lettre
    for faux in ("pièce demandée", "Vos services ont demandé", "ayant demandé", "solution de substitution"):
        assert faux not in lettre, faux
    # R. 431-2 al. 3 (registering a demande) is not the basis of a transmission
    assert "permettant l'enregistrement de la demande" not in lettre


def test_a_piece_asked_for_by_the_prefecture_rests_on_its_request(tmp_path):
    data = refusee()
    data["demande"].update(piece_demandee="attestation de l'employeur", piece_demandee_le="2026-09-25")
    lettre = texte_docx(produire(tmp_path, data), "2-courrier-prefecture.docx")
    # the préfecture asked for the very pièce the ANEF refuses: one sentence, the pièce named once
    assert (
        "Le 25 septembre 2026, vos services ont demandé l'attestation de l'employeur ; le téléservice en refuse le "
        "téléversement depuis le 28 septembre 2026, avec le message « Le format du fichier n'est pas accepté »."
        in lettre
    )
    assert "refuse le téléversement de la pièce suivante" not in lettre
    assert "Vos services ayant demandé cette pièce, sa transmission ne saurait dépendre du seul téléservice" in lettre
    assert "la pièce demandée par vos services (attestation de l'employeur)" in lettre


def test_the_piece_is_enclosed_when_the_dossier_holds_it(tmp_path):
    data = refusee()
    data["justificatifs"] = {"piece_a_transmettre": ["pieces/attestation-employeur.png"]}
    r = produire(tmp_path, data)
    lettre = texte_docx(r, "2-courrier-prefecture.docx")
    assert (
        "prendre en compte la pièce que le téléservice refuse (attestation de l'employeur), jointe au présent courrier "
        "(pièce n° 1)" in lettre
    )
    assert "vous soit transmise" not in lettre
    bordereau = texte_docx(r, "bordereau-pieces.docx")
    # named by what it is, not by what is to be done with it
    assert "Attestation de l'employeur" in bordereau
    assert "Pièce à transmettre par une autre voie que le téléservice" not in bordereau
    assert "01_piece-a-transmettre.png" in bordereau
    jointes = [p.get_filename() for p in message_eml(r, "2-courrier-prefecture.eml").iter_attachments()]
    assert "01_piece-a-transmettre.png" in jointes


def test_without_the_file_nothing_is_said_to_be_enclosed(tmp_path):
    r = produire(tmp_path, refusee())
    assert "jointe au présent courrier" not in texte_docx(r, "2-courrier-prefecture.docx")
    assert "piece-a-transmettre" not in texte_docx(r, "bordereau-pieces.docx")


def test_the_api_request_says_the_incompleteness_is_the_teleservice_doing(tmp_path):
    data = refusee()
    data["demande"]["titre_actuel_expiration"] = "2026-12-05"  # due soon: the API is asked too
    lettre = texte_docx(produire(tmp_path, data), "2-courrier-prefecture.docx")
    assert "attestation de prolongation de l'instruction" in lettre
    # a condition, not an assertion that nothing else is missing (the dossier cannot prove it)
    assert (
        "Si la demande n'était pas regardée comme complète faute de la pièce que le téléservice refuse (attestation "
        "de l'employeur), cette incomplétude tiendrait au seul téléservice, qui ne permet pas de la transmettre, et "
        "non à moi : elle ne saurait justifier que l'attestation de prolongation de l'instruction me soit refusée, "
        "alors que la pièce est offerte par une autre voie." in lettre
    )
    assert "ce serait seulement parce que" not in lettre
    data["justificatifs"] = {"piece_a_transmettre": ["pieces/attestation-employeur.png"]}
    lettre = texte_docx(produire(tmp_path / "jointe", data), "2-courrier-prefecture.docx")
    assert "elle ne saurait justifier que l'attestation de prolongation de l'instruction me soit refusée." in lettre
    assert lettre.count("jointe au présent courrier (pièce n° 1)") == 1  # said once, in the request


def test_the_dgef_message_and_the_note_name_the_refused_piece(tmp_path):
    r = produire(tmp_path, refusee())
    dgef = corps_eml(r, "1-signalement-dgef.eml")
    assert "corriger l'anomalie qui empêche la transmission de la pièce que le téléservice refuse (attestation de l'employeur)" in dgef
    assert "pièce demandée" not in dgef
    note = texte_docx(r, "3-note-orientation.docx")
    assert (
        "Pièce refusée par le téléservice depuis le 28 septembre 2026 : attestation de l'employeur (message : « Le "
        "format du fichier n'est pas accepté »)." in note
    )
    assert "Pièce demandée par la préfecture" not in note


def test_the_piece_to_transmit_keeps_its_generic_name_when_unnamed(tmp_path):
    data = refusee()
    data["blocage"]["piece_refusee"] = ""
    data["justificatifs"] = {"piece_a_transmettre": ["pieces/attestation-employeur.png"]}
    bordereau = texte_docx(produire(tmp_path, data), "bordereau-pieces.docx")
    assert "Pièce à transmettre par une autre voie que le téléservice" in bordereau


def test_without_any_file_the_teleservice_s_doing_is_said_as_observed(tmp_path):
    data = refusee()
    data["demande"]["titre_actuel_expiration"] = "2026-12-05"
    for demarche in data["demarches"]:
        demarche["pieces"] = []
    lettre = texte_docx(produire(tmp_path, data), "2-courrier-prefecture.docx")
    assert (
        "faute de la pièce que le téléservice refuse (attestation de l'employeur), cette incomplétude tiendrait au "
        "téléservice, qui ne permet pas de la transmettre" in lettre
    )
    assert "Si la pièce manque, c'est, selon mes constatations, du fait du téléservice, qui en refuse le dépôt" in lettre
    assert lettre.count("selon mes constatations") == 1  # said once, where the rule is stated
    assert "du seul fait" not in lettre
    data["signataire"] = "accompagnant"
    lettre = texte_docx(produire(tmp_path / "accompagnant", data), "2-courrier-prefecture.docx")
    assert lettre.count("selon les constatations de Mme DIALLO") == 1
    assert "cette incomplétude tiendrait au téléservice" in lettre


def test_the_refusal_told_by_the_description_is_not_repeated(tmp_path):
    """The caseworker's description names the refused pièce, with the blocking's date and message: the letter
    does not say the refusal a second time in its own words."""
    data = refusee(
        depuis="2026-09-28",
        message_erreur="Le format du fichier n'est pas accepté",
        description="Le téléversement de l\u2019attestation de l'Employeur échoue à chaque tentative.",
    )
    data["demande"].update(piece_demandee="attestation de l'employeur", piece_demandee_le="2026-09-25")
    lettre = " ".join(texte_docx(produire(tmp_path, data), "2-courrier-prefecture.docx").split())
    # the letter's own sentence says the refusal, its date and its message: once (rapport A-20), and the
    # description that only retells it is left out
    assert (
        "Le 25 septembre 2026, vos services ont demandé l'attestation de l'employeur. Depuis le 28 septembre 2026, "
        "le téléservice ANEF en refuse le téléversement. Le message suivant s'affiche : « Le format du fichier n'est "
        "pas accepté »." in lettre
    )
    assert lettre.count("refuse le téléversement") == 1
    assert "échoue à chaque tentative" not in lettre
    # a refusal date the description does not carry: the refusal is said, once
    data["blocage"]["piece_refusee_depuis"] = "2026-10-02"
    lettre = " ".join(texte_docx(produire(tmp_path / "date", data), "2-courrier-prefecture.docx").split())
    assert lettre.count("en refuse le téléversement depuis le 2 octobre 2026") == 1


def test_the_note_names_one_piece_once_when_asked_for_and_refused(tmp_path):
    data = refusee()
    data["demande"].update(piece_demandee="Attestation de l'employeur", piece_demandee_le="2026-09-25")
    note = " ".join(texte_docx(produire(tmp_path, data), "3-note-orientation.docx").split())
    assert (
        "Pièce demandée par la préfecture le 25 septembre 2026, refusée par le téléservice depuis le 28 septembre "
        "2026 : Attestation de l'employeur (message : « Le format du fichier n'est pas accepté »)." in note
    )
    assert "Pièce refusée par le téléservice" not in note
    # two different pièces: two lines
    data["blocage"]["piece_refusee"] = "avis d'imposition"
    note = " ".join(texte_docx(produire(tmp_path / "deux", data), "3-note-orientation.docx").split())
    assert "Pièce demandée par la préfecture le 25 septembre 2026 : Attestation de l'employeur." in note
    assert "Pièce refusée par le téléservice depuis le 28 septembre 2026 : avis d'imposition" in note
