"""An independent jurist's second reading (issue 20), read back as a user reads the documents: the OUALI note to
a lawyer, the référé's urgency and its variant without pièce, the note's layout, the DGEF wording, the bordereau
sent to the préfecture, the messages of the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from aides import copie_demo as copie
from aides import corps_eml, message_eml, needs_libreoffice, pdf_text, texte_docx
from conftest import AUJOURD_HUI
from docx_texte import xml_parts
from lettres.documents import pdf
from lettres.documents.generation import generate
from lettres.documents.pdf import find_soffice as VRAI_SOFFICE
from lettres.dossier import load_dossier

pytestmark = pytest.mark.usefixtures("sans_libreoffice")



def variante(tmp_path: Path, code: str, change: Callable[[dict], None] | None = None, lettres=None):
    """That dossier's documents, generated as « lettres generer » does."""
    chemin = copie(tmp_path, code, change)
    return generate(load_dossier(chemin), chemin.parent, tmp_path / "sorties", lettres, aujourd_hui=AUJOURD_HUI)


def plat(texte: str) -> str:
    return " ".join(texte.split())


# --- A. the OUALI note (#1, #2, #3) -------------------------------------------------------------------------------


def test_the_ouali_note_to_a_lawyer_says_at_the_latest_and_sends_to_no_lawyer(tmp_path):
    r = variante(tmp_path, "rejet_implicite")
    note = plat(texte_docx(r, "3-note-orientation.docx"))
    sujet = "décision implicite de rejet née le 15 octobre 2026 : recours au plus tard le 15 décembre 2026"
    assert f"Objet : Note d'orientation — Madame Fatima OUALI — {sujet}" in note
    assert message_eml(r, "3-note-orientation.eml")["Subject"].endswith(sujet)
    assert "recours avant le" not in note
    assert (
        "est à déposer au plus tard à cette date (date prudente, le délai étant franc). Ce délai ne court que" in note
    )
    assert "avec un avocat ou une avocate" not in note and "avec l'avocat ou l'avocate" not in note
    assert "(du 3 mars 2026 au 2 mai 2026) : point à examiner avant le recours." in note
    assert (
        "dans un délai raisonnable d'un an au plus (CE, Section, 18 mars 2019, n° 417270), par prudence, au plus "
        "tard le 15 octobre 2027." in note
    )
    assert "soit au plus tard" not in note


def test_the_ouali_note_to_a_jurist_still_sends_to_a_lawyer(tmp_path):
    def juriste(data: dict) -> None:
        data["orientation"].update(vers="juriste", nom="Mme Claire ROCHE", structure="Point-justice")

    note = plat(texte_docx(variante(tmp_path, "rejet_implicite", juriste), "3-note-orientation.docx"))
    assert "(date prudente, le délai étant franc), avec un avocat ou une avocate. Ce délai" in note
    assert ": point à examiner avec l'avocat ou l'avocate avant le recours." in note
    assert "par prudence, au plus tard le 15 octobre 2027." in note


# --- B. the référé's L. 433-3 paragraph (#4) ----------------------------------------------------------------------


def urgence(requete: str) -> str:
    return requete[requete.index("2. Sur l'urgence") : requete.index("3. Sur l'utilité")]


def test_the_refere_never_concedes_the_right_to_work_until_the_three_months(tmp_path):
    requete = urgence(texte_docx(variante(tmp_path, "refere", lettres=("refere",)), "4-refere-mesures-utiles.docx"))
    assert (
        "Depuis l'expiration de son titre de séjour, le 20 octobre 2026, le requérant ne dispose d'aucune attestation "
        "de prolongation de l'instruction ni d'aucun récépissé en cours de validité. Si l'article L. 433-3 du CESEDA "
        "permet au requérant de justifier de la régularité de son séjour par sa carte expirée, cette garantie prend "
        "fin au plus tard le 20 janvier 2027, alors qu'aucune décision n'est annoncée ; le requérant indique en outre "
        "que son employeur menace de suspendre son contrat de travail faute de document de séjour valable. "
        "Seule l'attestation prévue à l'article R. 431-15-1 du CESEDA met fin à cette situation." in requete
    )
    # B-B2: the paragraph no longer tells the préfet the requérant may work until the decision
    assert "cesse à la date de la décision" not in requete
    assert "attache au titre expiré" not in requete and "ne dure que" not in requete
    assert "avant qu'il ne prenne fin" not in requete


def test_a_refere_states_no_hypothesis_on_the_card_s_length(tmp_path):
    """DIALLO: a pluriannual card whose length the dossier does not give: L. 433-3 is left out, no « si »."""
    requete = texte_docx(variante(tmp_path, "depot_incomplet", lettres=("refere",)), "4-refere-mesures-utiles.docx")
    assert "L. 433-3" not in requete and "quatre ans" not in requete and "si la carte" not in requete
    assert "la condition d'urgence est en principe regardée comme remplie" in urgence(requete)

    def expiree(data: dict) -> None:  # the same card, expired without any API: the fact stays, not the hypothesis
        data["demande"]["titre_actuel_expiration"] = "2026-11-20"

    requete = texte_docx(variante(tmp_path / "expiree", "depot_incomplet", expiree, ("refere",)), "4-refere-mesures-utiles.docx")
    assert (
        "Depuis l'expiration de son titre de séjour, le 20 novembre 2026, la requérante ne dispose d'aucune "
        "attestation de prolongation de l'instruction ni d'aucun récépissé en cours de validité." in urgence(requete)
    )
    assert "L. 433-3" not in requete and "quatre ans" not in requete


# --- C. the référé of a dossier whose démarches have no pièce (#14, SOW-a) ------------------------------------------


def sans_pieces(data: dict) -> None:
    for demarche in data["demarches"]:
        demarche["pieces"] = []


def test_a_refere_without_any_piece_of_demarche_refers_to_no_number(tmp_path):
    r = variante(tmp_path, "refere", sans_pieces, ("refere",))
    requete = texte_docx(r, "4-refere-mesures-utiles.docx")
    assert "Pour surmonter ce blocage, le requérant a effectué les démarches suivantes : Date Démarche" in requete
    assert "les numéros renvoient" not in requete
    # the receipt is not among the pièces: the silence counts from the sending, no fifteen days computed
    assert (
        "Par courrier recommandé avec avis de réception n° 1A 123 456 7890 1, le requérant a demandé au préfet des "
        "Alpes-Maritimes la délivrance de l'attestation de prolongation de l'instruction. Ce courrier est resté sans "
        "réponse depuis son envoi le 6 novembre 2026." in requete
    )
    assert "quinze jours" not in requete and "sa réception le" not in requete
    # the header keeps « blocage ANEF » together (non-breaking space inside the quotation marks)
    entete = xml_parts((r.dossier / "4-refere-mesures-utiles.docx").read_bytes())["word/header1.xml"].decode()
    assert "aucune pièce ne prouve les démarches suivantes" in entete
    assert "«\u00a0blocage ANEF\u00a0»" in entete and "« blocage" not in entete


def test_a_refere_with_the_letter_s_receipt_among_the_pieces_counts_from_it(tmp_path):
    requete = texte_docx(variante(tmp_path, "refere", lettres=("refere",)), "4-refere-mesures-utiles.docx")
    assert "les démarches suivantes (les numéros renvoient à l'inventaire des pièces) :" in requete
    assert (
        "de l'attestation de prolongation de l'instruction (pièce n° 8). Reçu le 9 novembre 2026, ce courrier est "
        "resté sans réponse à ce jour." in requete
    )


# --- D. the SOW note: its last page, its § 7, its draft (#8) ------------------------------------------------------


def test_the_note_asks_for_the_review_of_the_draft_requete_and_carries_it(tmp_path):
    r = variante(tmp_path, "refere")
    assert "4-refere-mesures-utiles.docx" in r.fichiers
    note = texte_docx(r, "3-note-orientation.docx")
    assert (
        "7. Ce qui est demandé La relecture du projet de requête en référé « mesures utiles » joint (article L. 521-3 "
        "du code de justice administrative), à déposer avant le 1er décembre 2026, date à laquelle une décision "
        "implicite de rejet est susceptible de naître. 8. Coordonnées" in note
    )
    assert "l'orientation vers un avocat" not in note
    assert "P. J. : bordereau de pièces (9 pièces) ; projet de requête en référé" in note
    brouillon = message_eml(r, "3-note-orientation.eml")
    assert [p.get_filename() for p in brouillon.iter_attachments()] == [
        "3-note-orientation.docx",
        "bordereau-pieces.docx",
        "4-refere-mesures-utiles.docx",
    ]
    joint = next(p for p in brouillon.iter_attachments() if p.get_filename() == "4-refere-mesures-utiles.docx")
    assert joint.get_content() == (r.dossier / "4-refere-mesures-utiles.docx").read_bytes()
    assert (
        "Vous trouverez en pièces jointes la note, le bordereau de pièces et le projet de requête en référé ;"
        in corps_eml(r, "3-note-orientation.eml")
    )


def test_without_the_draft_requete_the_note_asks_what_it_asked(tmp_path):
    r = variante(tmp_path, "refere", lettres=("orientation",))
    note = texte_docx(r, "3-note-orientation.docx")
    assert (
        "7. Ce qui est demandé Une analyse juridique de la situation et, si besoin, l'orientation vers un avocat ou une "
        "avocate." in note
    )
    assert "projet de requête" not in note
    brouillon = message_eml(r, "3-note-orientation.eml")
    assert [p.get_filename() for p in brouillon.iter_attachments()] == [
        "3-note-orientation.docx",
        "bordereau-pieces.docx",
    ]
    assert "la note et le bordereau de pièces ;" in corps_eml(r, "3-note-orientation.eml")


def test_the_delegate_of_the_defenseur_des_droits_gets_no_draft_requete(tmp_path):
    def ddd(data: dict) -> None:
        data["orientation"] = {"vers": "delegue_ddd", "nom": "M. Jean PETIT", "courriel": "j.petit@ddd.exemple.org"}

    r = variante(tmp_path, "refere", ddd)
    assert "4-refere-mesures-utiles.docx" in r.fichiers
    assert "projet de requête" not in texte_docx(r, "3-note-orientation.docx")
    noms = [p.get_filename() for p in message_eml(r, "3-note-orientation.eml").iter_attachments()]
    assert "4-refere-mesures-utiles.docx" not in noms


@needs_libreoffice
def test_the_note_s_last_page_never_holds_only_the_closing(tmp_path, monkeypatch):
    r = variante(tmp_path, "refere")
    monkeypatch.setattr(pdf, "find_soffice", VRAI_SOFFICE)
    (document,) = pdf.convert([r.dossier / "3-note-orientation.docx"])
    pages = pdf_text(document).split("\f")
    derniere = next(page for page in reversed(pages) if page.strip())
    assert "Je vous prie d'agréer" in derniere and "P. J. :" in derniere
    # the last section's lines go with the closing, not the closing alone
    assert "8. Coordonnées" in derniere and "Ibrahima SOW — tél. 06 21 43 65 87" in derniere


# --- E. the notes' layout (#10) -----------------------------------------------------------------------------------


def test_the_keita_note_puts_the_steps_never_done_first(tmp_path):
    note = texte_docx(variante(tmp_path, "diligences_incompletes"), "3-note-orientation.docx")
    priorite = note[note.index("À traiter en priorité") : note.index("1. Situation")]
    assert (
        "si la demande relève de l'ANEF, les démarches préalables qui ne figurent pas au dossier restent à faire, et "
        "à prouver par une pièce, avant toute saisine du juge des référés : appel à l'assistance ANEF "
        "(0 806 001 620) ; rendez-vous « blocage ANEF »." in priorite
    )
    assert "formulaire de contact ANEF (« Nous contacter ») du 4 novembre 2026" in priorite  # logged, no pièce
    # the contact form is logged: not among the steps missing; the screenshots are proven
    assert "contact avec le service ANEF" not in priorite and "captures d'écran" not in priorite.lower()

    def appel(data: dict) -> None:  # the call made: only the appointment is left
        data["demarches"].append({"type": "appel_anef", "date": "2026-11-05", "pieces": []})

    note = texte_docx(variante(tmp_path / "appel", "diligences_incompletes", appel), "3-note-orientation.docx")
    assert (
        "la démarche préalable qui ne figure pas au dossier reste à faire, et à prouver par une pièce, avant toute "
        "saisine du juge des référés : rendez-vous « blocage ANEF »." in note
    )


def test_with_steps_one_to_four_logged_nothing_is_said_missing(tmp_path):
    note = texte_docx(variante(tmp_path, "api"), "3-note-orientation.docx")
    assert "ne figure" not in note and "préalables" not in note


def test_the_person_s_account_goes_with_the_blockage(tmp_path):
    note = texte_docx(variante(tmp_path, "diligences_incompletes"), "3-note-orientation.docx")
    assert (
        "je ne peux pas créer mon compte sur le téléservice ANEF. Le message suivant s'affiche : « Impossible de "
        "créer votre compte ». "
        "Je n'ai jamais reçu le courriel de validation, ce qui m'empêche de déposer ma demande. "
        "– Interprète" in note
    )
    assert note.index("Je n'ai jamais reçu") < note.index("Tribunal compétent")


def test_the_situation_section_has_no_situation_label_and_section_5_no_repeated_label(tmp_path):
    note = texte_docx(variante(tmp_path, "rejet_implicite"), "3-note-orientation.docx")
    section = note[note.index("1. Situation") : note.index("2. Dates clés")]
    assert "– Situation :" not in section
    assert "– Stade de la procédure : décision implicite de rejet née." in section
    # a detail that says something else than the label stays
    assert (
        "– Formulaire de contact ANEF (« Nous contacter ») du 2 octobre 2026 (demande de renouvellement de "
        "l'attestation) : sans réponse." in note
    )
    keita = texte_docx(variante(tmp_path / "keita", "diligences_incompletes"), "3-note-orientation.docx")
    assert (
        "5. Ce qui reste sans réponse – Formulaire de contact ANEF (« Nous contacter ») du 4 novembre 2026 : sans "
        "réponse. 6. Consentement" in keita
    )


# --- F. the DGEF message when the account could not be created (#11) ----------------------------------------------


def test_the_dgef_message_names_the_address_used_to_create_the_account(tmp_path):
    r = variante(tmp_path, "diligences_incompletes")
    corps = corps_eml(r, "1-signalement-dgef.eml")
    assert "- Adresse électronique utilisée pour créer le compte : moussa.keita@example.org" in corps
    assert "Adresse électronique du compte ANEF" not in corps
    assert "Adresse électronique utilisée pour créer le compte" in (r.dossier / "1-signalement-dgef.txt").read_text()
    autre = corps_eml(variante(tmp_path / "api", "api"), "1-signalement-dgef.eml")
    assert "- Adresse électronique du compte ANEF : " in autre and "pour créer le compte" not in autre


# --- G. what the bordereau lists (#12, #6) ------------------------------------------------------------------------


def test_the_bordereau_sent_to_the_prefecture_lists_only_what_it_encloses(tmp_path):
    r = variante(tmp_path, "depot_incomplet")
    bordereau = texte_docx(r, "bordereau-pieces.docx")
    assert "non jointe" not in bordereau and "Pièces de la demande" not in bordereau
    assert bordereau.endswith("Total : 10 pièces. Bordereau de pièces — Aminata Fatou DIALLO — page /")
    note = texte_docx(r, "3-note-orientation.docx")
    assert (
        "– Pièces communes exigées pour la demande de titre de séjour (renouvellement), non jointes à la présente "
        "note (à vérifier dans le dossier ANEF) : passeport ou, à défaut, autre justificatif de nationalité avec photo ; justificatif de domicile de "
        "moins de 6 mois ; code de la e-photo (photo d'identité numérique) ; exemplaire signé du contrat d'engagement à "
        "respecter les principes de la République." in note
    )

    def passeport(data: dict) -> None:  # the passport given as a file: enclosed, numbered, named by the bordereau
        data["justificatifs"] = {"passeport": ["captures/attestation-employeur.png"]}

    r = variante(tmp_path / "passeport", "depot_incomplet", passeport)
    bordereau = texte_docx(r, "bordereau-pieces.docx")
    assert (
        "Pièces communes réunies pour la demande de titre de séjour (renouvellement), jointes au présent envoi : "
        "– Passeport ou, à défaut, autre justificatif de nationalité avec photo — pièce n° 1" in bordereau
    )
    assert "domicile" not in bordereau and "non jointe" not in bordereau
    note = texte_docx(r, "3-note-orientation.docx")
    assert "non jointes à la présente note (à vérifier dans le dossier ANEF) : justificatif de domicile de moins de 6 mois ;" in note
    assert "non jointes à la présente note : passeport" not in note


def test_the_letter_s_piece_says_it_holds_the_acknowledgement(tmp_path):
    r = variante(tmp_path, "refere", lettres=("refere",))
    libelle = (
        "Courrier à la préfecture du 6 novembre 2026 et avis de réception du 9 novembre 2026 — Demande de "
        "l'attestation de prolongation de l'instruction"
    )
    assert f"8 {libelle} 08_2026-11-06_courrier-prefecture.png" in texte_docx(r, "bordereau-pieces.docx")
    assert f"8 {libelle} 08-courrier-prefecture-2026-11-06" in texte_docx(r, "4-refere-mesures-utiles.docx")

    def sans_ar(data: dict) -> None:
        data["envoi"]["accuse_reception_le"] = None

    bordereau = texte_docx(variante(tmp_path / "b", "refere", sans_ar), "bordereau-pieces.docx")
    assert "Courrier à la préfecture du 6 novembre 2026 — Demande de l'attestation" in bordereau
    assert "avis de réception" not in bordereau


# --- H. what the command line says (#15, variant a) ---------------------------------------------------------------


def generer(run, chemin: Path, sortie: Path, *options: str) -> tuple[int, str, str]:
    code, out, err = run("generer", str(chemin), "--sortie", str(sortie), "--date", "27/11/2026", *options)
    return code, " ".join(out.split()), " ".join(err.split())


def test_the_advice_on_the_reasons_does_not_contradict_the_letter_left_out(run, tmp_path):
    code, _, out = generer(run, copie(tmp_path, "rejet_implicite"), tmp_path / "sorties")
    assert code == 0
    assert "Le courrier à la préfecture n'est pas produit" in out
    assert (
        "Demandez les motifs à la préfecture avant la fin du délai de recours (le courrier à la préfecture, produit "
        "dans cette situation seulement si vous le demandez, le fait)" in out
    )
    assert "le fait dans cette situation" not in out


def test_keita_s_refere_refusal_gives_the_real_reason(run, tmp_path):
    code, out, err = generer(run, copie(tmp_path, "diligences_incompletes"), tmp_path / "sorties", "--lettres", "refere")
    assert code == 2 and out == ""
    assert err == (
        "Erreur : Le projet de requête en référé ne peut pas encore être produit : les étapes 2, 3 et 4 de la fiche "
        "restent à prouver ; pièce à joindre aux justificatifs (« Courriers montrant les conséquences ») : le document "
        "qui prouve les conséquences concrètes du blocage (promesse d'embauche, courrier de l'employeur, de France "
        "Travail ou de la CAF…), l'urgence n'étant pas présumée hors renouvellement ; le courrier à la préfecture n'a "
        "pas encore été envoyé (son envoi s'enregistre comme une démarche « Courrier à la préfecture »)."
    )
    assert "n'appelle aucune injonction" not in err


def test_the_greffe_address_is_asked_where_it_can_be_given(run, tmp_path):
    code, _, out = generer(run, copie(tmp_path, "refere"), tmp_path / "sorties", "--lettres", "refere")
    assert code == 0
    assert (
        "Attention : Adresse du greffe du tribunal administratif de Nice non renseignée : la requête n'en porte "
        "aucune ; indiquez-la dans le dossier (recours.tribunal_adresse) ou dans la configuration "
        "(tribunaux.nice.adresse)." in out
    )
    assert "dans la requête" not in out


def test_without_any_piece_every_run_names_the_demarches_without_their_file(run, tmp_path):
    """SOW-a: letter 2 is already sent (not written again), yet each run, a forced one too, says which démarches
    no file proves, the letter to the préfecture and its acknowledgement included."""
    chemin = copie(tmp_path, "refere", sans_pieces)
    sortie = tmp_path / "sorties"
    for options in ((), ("--force",), ("--lettres", "refere", "--force"), ("--lettres", "refere", "--force")):
        code, _, out = generer(run, chemin, sortie, *options)
        assert code == 0, options
        for demarche in (
            "Capture d'écran ANEF du 21/10/2026 sans pièce (étape 1).",
            "Appel à l'assistance ANEF du 23/10/2026 sans pièce (étape 3).",
            "Courrier à la préfecture du 06/11/2026 sans pièce (étape 5).",
        ):
            assert f"Attention : {demarche}" in out, (options, demarche)
        assert "copie du courrier à la préfecture et son avis de réception" in out, options
    # with letter 2 written, the same alerts come once (among the rules said before it)
    code, _, out = generer(run, chemin, sortie, "--lettres", "prefecture", "--force")
    assert code == 0 and out.count("Courrier à la préfecture du 06/11/2026 sans pièce (étape 5).") == 1


# --- I. the BENALI letter: the date of the four months (#16) ------------------------------------------------------


def test_the_letter_names_the_date_as_the_one_a_rejection_may_arise(tmp_path):
    lettre = texte_docx(variante(tmp_path, "api", lettres=("prefecture",)), "2-courrier-prefecture.docx")
    assert (
        "me répondre par écrit avant le 10 décembre 2026, date à laquelle une décision implicite de rejet est "
        "susceptible de naître (articles R. 432-1 et R. 432-2 du CESEDA)." in lettre
    )
    assert "terme du délai de quatre mois" not in lettre
