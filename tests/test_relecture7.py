"""After the confirming read of 7 December 2026: what the caseworker typed on several lines stays several
paragraphs in the référé, as it does in the letter and the note, and a list item keeps its dash."""

from __future__ import annotations

import io
import zipfile

import pytest

from aides import documents_demo, texte_docx
from docx_texte import paragraphs

REQUETE = "4-refere-mesures-utiles.docx"


@pytest.fixture(autouse=True)
def sans_soffice(monkeypatch):
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def paragraphes_requete(resultat) -> list[str]:
    with zipfile.ZipFile(io.BytesIO((resultat.dossier / REQUETE).read_bytes())) as z:
        return [" ".join(p.split()) for p in paragraphs(z.read("word/document.xml"))]


def test_a_description_typed_on_several_lines_is_several_quoted_paragraphs(tmp_path):
    def plusieurs_lignes(data: dict) -> None:
        data["blocage"]["description"] = (
            "Mon espace ANEF n'affiche aucun message depuis le dépôt\n"
            "- le bouton « Compléter » reste grisé\n"
            "- le support ne répond pas"
        )

    lignes = paragraphes_requete(documents_demo(tmp_path, "refere", plusieurs_lignes, ("refere",)))
    debut = lignes.index("Le requérant décrit ainsi la situation : « Mon espace ANEF n'affiche aucun message depuis le dépôt")
    # each typed line its own paragraph, a list item with the document's dash, the typed « » nested as “ ”
    assert lignes[debut + 1 : debut + 3] == ["– le bouton “Compléter” reste grisé", "– le support ne répond pas »"]
    assert not any("dépôt - le bouton" in ligne or "dépôt le bouton" in ligne for ligne in lignes)


def test_consequences_typed_on_several_lines_keep_their_separation_in_the_urgency(tmp_path):
    def plusieurs_lignes(data: dict) -> None:
        data["blocage"]["consequences"] = "Mon employeur ne peut pas me garder\nLa CAF a suspendu mes droits"

    texte = " ".join(paragraphes_requete(documents_demo(tmp_path, "refere", plusieurs_lignes, ("refere",))))
    assert "Mon employeur ne peut pas me garder ; La CAF a suspendu mes droits" in texte
    assert "garder La CAF" not in texte


def test_the_employer_threat_is_said_only_when_one_sentence_says_it(tmp_path):
    def caf(data: dict) -> None:  # an employer, and a suspension by someone else
        data["blocage"]["consequences"] = "Mon employeur ne peut pas me garder.\nLa CAF a suspendu mes droits."

    texte = " ".join(paragraphes_requete(documents_demo(tmp_path / "a", "refere", caf, ("refere",))))
    assert "menace de suspendre son contrat" not in texte
    sow = " ".join(paragraphes_requete(documents_demo(tmp_path / "b", "refere", None, ("refere",))))
    assert "indique en outre que son employeur menace de suspendre son contrat de travail" in sow


def test_the_bordereau_names_its_groups_in_their_order_and_the_harm_by_its_kind(tmp_path):

    resultat = documents_demo(tmp_path, "depot_impossible", None, ("bordereau",))
    texte = texte_docx(resultat, "bordereau-pieces.docx")
    assert (
        "Pièces d'identité et de situation, puis démarches dans l'ordre chronologique, puis pièces montrant les "
        "conséquences du blocage ; le nom de chaque fichier commence par le numéro de sa pièce." in texte
    )
    assert "puis courriers ;" not in texte
    # the letter showing the harm, named by its kind, gives its name to the file
    assert "10 Promesse d'embauche 10_promesse-d-embauche.png" in texte
    assert (resultat.dossier / "pieces" / "10_promesse-d-embauche.png").is_file()
    assert not (resultat.dossier / "pieces" / "10_consequences.png").exists()


def test_a_bordereau_without_the_harm_nor_a_mandate_does_not_announce_them(tmp_path):

    resultat = documents_demo(tmp_path, None, None, ("bordereau",))
    texte = texte_docx(resultat, "bordereau-pieces.docx")
    assert "puis démarches dans l'ordre chronologique ; le nom de chaque fichier" in texte
    assert "conséquences du blocage ;" not in texte and "mandat" not in texte.lower()


def test_a_dossier_without_any_piece_says_no_bordereau_and_asks_for_the_files_not_the_steps(tmp_path, run):
    from aides import copie_demo, sans_pieces

    chemin = copie_demo(tmp_path, None, sans_pieces)
    code, sortie, _ = run("verifier", str(chemin))
    texte = " ".join(sortie.split())
    assert code == 0
    assert (
        "Le dossier ne contient aucune pièce (ni copie du passeport, du titre de séjour ou du document provisoire, "
        "ni fichier d'une démarche) : aucun bordereau n'est produit et le courrier à la préfecture part sans pièce "
        "jointe." in texte
    )
    assert "ne portera aucune pièce d'identité" not in texte
    # the captures were taken: their files are missing, not the step
    assert "oindre le fichier qui prouve la démarche « Capture d'écran ANEF » du" in texte  # « Ensuite : joindre »
    assert "l'étape 1 est faite, mais sans pièce, les documents ne peuvent pas s'en prévaloir" in texte
    assert "--modifier" in texte and "--piece FICHIER" in texte
    assert "Faire des captures d'écran du blocage" not in texte


def test_a_step_with_its_file_is_still_asked_as_a_step(tmp_path, run):
    from aides import copie_demo

    def sans_appel(data: dict) -> None:  # step 3 missing altogether: the step is asked, not a file
        data["demarches"] = [d for d in data["demarches"] if d["type"] != "appel_anef"]

    code, sortie, _ = run("verifier", str(copie_demo(tmp_path, None, sans_appel)))
    texte = " ".join(sortie.split())
    assert code == 0
    assert "Appeler l'assistance ANEF et faire une capture d'écran du journal d'appels." in texte
    assert "joindre le fichier qui prouve" not in texte.lower()


def test_the_four_year_condition_of_l433_3_is_said_in_the_tense_of_the_day(tmp_path, run):
    """Before the card's end, verifier says « la carte pluriannuelle en cours … est » (never « expirée était »),
    in its alert and in its summary; after it, « expirée était »."""
    from aides import copie_demo

    def pluriannuelle(expiration: str):
        def change(data: dict) -> None:
            data["demande"].update(categorie="CSP 1.1", titre="carte de séjour pluriannuelle",
                                   titre_actuel_expiration=expiration, date_depot="2026-09-20")
            data["blocage"]["consequences"] = "France Travail a suspendu mes allocations."
        return change

    _, avant, _ = run("verifier", str(copie_demo(tmp_path / "a", None, pluriannuelle("2026-12-20"))))
    avant = " ".join(avant.split())
    assert "si la carte pluriannuelle en cours (qui expire le 20 décembre 2026) est d'une durée de quatre ans (article L. 433-3 du CESEDA)" in avant
    assert "expirée était" not in avant
    _, apres, _ = run("verifier", str(copie_demo(tmp_path / "b", None, pluriannuelle("2026-11-20"))))
    assert "si la carte pluriannuelle expirée était d'une durée de quatre ans" in " ".join(apres.split())


def test_the_refere_demo_last_capture_is_not_called_the_eve_of_the_filing(tmp_path):
    """rapport2-B, B3-1: the demo's last capture is the working day before today, a Friday on a Monday: its detail
    does not say « la veille du dépôt », which a judge would read against the requête's date."""
    from datetime import date

    import yaml

    from lettres.demo import demo_dossier

    texte = demo_dossier("refere").read_text(encoding="utf-8")
    assert "la veille" not in texte
    derniere = yaml.safe_load(texte)["demarches"][-1]
    assert derniere["type"] == "capture_ecran"
    assert derniere["detail"] == "Espace personnel ANEF, la demande toujours « en cours d'instruction »"
    assert isinstance(derniere["date"], date)


def test_unproven_demarches_and_a_rejection_within_the_delay(tmp_path):
    """rapport2-A, A3-2: with démarches not proven, a rejection that may arise before the letter's delay ends is
    the only limit said; no letter written nor sent: the rejection's day alone."""
    from aides import sans_pieces

    def ancien(data: dict) -> None:
        sans_pieces(data)
        data["demande"]["date_depot"] = "2026-08-05"  # rejection on 5 December, before the delay ends

    resultat = documents_demo(tmp_path / "a", None, ancien, ("orientation", "prefecture"))
    texte = texte_docx(resultat, "3-note-orientation.docx")
    assert (
        "Le courrier à la préfecture établi ce jour lui demande une réponse avant le 5 décembre 2026, date à laquelle "
        "une décision implicite de rejet est susceptible de naître. Le référé « mesures utiles » suppose que les "
        "démarches soient prouvées par pièces, ce qui n'est pas encore le cas ; ces pièces réunies, il devra être "
        "introduit avant cette date" in texte
    )
    assert "dès que ce délai expire" not in texte and "sans réponse rapide" not in texte

    seule = documents_demo(tmp_path / "b", None, sans_pieces, ("orientation",))
    texte = texte_docx(seule, "3-note-orientation.docx")
    assert (
        "Le référé « mesures utiles » suppose que les démarches soient prouvées par pièces, ce qui n'est pas encore le "
        "cas ; ces pièces réunies, il devra être introduit avant le 1er janvier 2027" in texte
    )


def test_unproven_demarches_a_letter_sent_and_a_rejection_before_its_delay_ends(tmp_path):
    from aides import sans_pieces

    def recent(data: dict) -> None:
        sans_pieces(data)
        data["demande"]["date_depot"] = "2026-08-05"  # rejection on 5 December
        for demarche in data["demarches"]:
            if demarche["type"] == "courrier_prefecture":
                demarche["date"] = "2026-11-25"
        data["envoi"]["accuse_reception_le"] = "2026-11-26"  # its delay ends on 11 December

    resultat = documents_demo(tmp_path, "refere", recent, ("orientation",))
    texte = texte_docx(resultat, "3-note-orientation.docx")
    assert (
        "ces pièces réunies, il devra être introduit avant le 5 décembre 2026, date à laquelle une décision implicite "
        "de rejet est susceptible de naître, sans attendre la fin de ce délai." in texte
    )
    assert "dès que ce délai expire" not in texte


def test_a_note_without_any_piece_still_names_the_letter_it_encloses(tmp_path):
    """rapport3-A, A4-1: no pièce, so no bordereau; the préfecture letter written the same day goes with the note
    (its e-mail attaches it): the note's « P. J. » line names it."""
    from aides import sans_pieces

    resultat = documents_demo(tmp_path / "n", None, sans_pieces)
    note = texte_docx(resultat, "3-note-orientation.docx")
    assert "P. J. : courrier à la préfecture du 27 novembre 2026" in note
    assert "bordereau de pièces" not in note and note.count("P. J.") == 1
    avec = documents_demo(tmp_path / "a", None)
    note = texte_docx(avec, "3-note-orientation.docx")
    assert "P. J. : bordereau de pièces (10 pièces) ; courrier à la préfecture du 27 novembre 2026" in note
    assert note.count("P. J.") == 1  # rapport4-A, A5-1: never « P. J. : P. J. : »
    for code in ("diligences_incompletes", "depot_impossible", "api", "refere", "rejet_implicite"):
        note = texte_docx(documents_demo(tmp_path / code, code, None, ("orientation",)), "3-note-orientation.docx")
        assert note.count("P. J.") == 1, code


def test_a_demande_on_the_anef_lists_the_e_photo_not_paper_photos(tmp_path):
    """rapport5-A, A6-1: the note's pièces « à vérifier dans le dossier ANEF » name what an ANEF dossier holds."""
    note = texte_docx(documents_demo(tmp_path, None, None, ("orientation",)), "3-note-orientation.docx")
    assert "; code de la e-photo (photo d'identité numérique) ;" in note
    assert "3 photos" not in note


def test_the_documents_carry_no_template_note_and_the_requete_is_not_titled_projet(tmp_path):
    """rapport5-B, B6-1: a PDF viewer shows the document's title to the greffe; the properties of every letter
    hold no note for template authors."""
    import docx

    resultat = documents_demo(tmp_path, "refere", None)
    for fichier in sorted(resultat.dossier.glob("*.docx")):
        proprietes = docx.Document(str(fichier)).core_properties
        assert "docxtpl" not in proprietes.comments and "balise" not in proprietes.comments, fichier.name
    requete = docx.Document(str(resultat.dossier / REQUETE)).core_properties
    assert requete.title == "Requête en référé « mesures utiles »"


def test_verifier_names_the_document_due_and_says_the_refere_before_the_rejection(tmp_path, run):
    """Seen on the tool's screen by the last jurists: the situation names the document the dossier calls for
    (an ANEF demande: the API, not « API ou récépissé »); with the référé possible and the rejection near, the
    next action is the référé before that day, and « consult a jurist » is said once."""
    from aides import copie_demo

    _, sortie, _ = run("verifier", str(copie_demo(tmp_path / "sow", "refere")))
    texte = " ".join(sortie.split())
    assert "Attestation de prolongation de l'instruction (API) à obtenir" in texte
    assert "(API) ou récépissé à obtenir" not in texte
    assert (
        "Le juge des référés du tribunal administratif de Nice peut être saisi dès maintenant, avant cette date "
        "(référé « mesures utiles », article L. 521-3 du code de justice administrative)" in texte
    )
    assert "--lettres refere" in texte
    assert "Ensuite : se rapprocher" not in texte

    def papier(data: dict) -> None:  # a récépissé at stake: the label says it
        data["blocage"]["types"] = ["pas_recepisse"]

    _, sortie, _ = run("verifier", str(copie_demo(tmp_path / "papier", "refere", papier)))
    assert "Récépissé de demande de titre de séjour à obtenir" in " ".join(sortie.split())


def test_the_near_rejection_alert_asks_no_letter_once_it_is_sent(tmp_path, run):
    """rapport6, C7-1: SOW's letter went out: the alert no longer says a letter « doit demander une réponse avant
    elle »; a dossier whose letter is not sent still says it."""
    from aides import copie_demo

    _, sortie, _ = run("verifier", str(copie_demo(tmp_path / "sow", "refere")))
    texte = " ".join(sortie.split())
    assert (
        "Agissez avant cette date : un ou une juriste ou un avocat doit être consulté dès maintenant, et le référé "
        "« mesures utiles », s'il est introduit, doit l'être avant elle." in texte
    )
    assert "un courrier à la préfecture doit demander une réponse avant elle" not in texte

    def pas_de_courrier(data: dict) -> None:
        data["demarches"] = [d for d in data["demarches"] if d["type"] != "courrier_prefecture"]
        for cle in ("envoye_le", "accuse_reception_le", "numero_recommande"):
            data["envoi"].pop(cle, None)

    _, sortie, _ = run("verifier", str(copie_demo(tmp_path / "sans", "refere", pas_de_courrier)))
    assert "un courrier à la préfecture doit demander une réponse avant elle" in " ".join(sortie.split())


def test_the_note_says_the_refusal_once_when_the_blocking_sentence_says_it(tmp_path):
    """rapport6, C7-2: the blocking's sentence, just after, says the refusal with its day: the line on the pièce
    asked for does not say it first (« refusée par le téléservice depuis … » then « Depuis …, le téléservice
    refuse … »)."""
    note = texte_docx(documents_demo(tmp_path, None, None, ("orientation",)), "3-note-orientation.docx")
    assert (
        "Pièce demandée par la préfecture le 18 septembre 2026 : attestation de l'employeur. – Depuis le 21 septembre "
        "2026, le téléservice ANEF refuse le téléversement de l'attestation de l'employeur ;" in note
    )
    assert "refusée par le téléservice" not in note
