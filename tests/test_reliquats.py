"""The leftovers of issue 20, on what the user reads: the terminal's advice after a forced référé, the préfecture
letter's enclosure and its 15-day request, the caseworker's free text in the notes, the date examples."""

from __future__ import annotations

import pytest

from aides import copie_demo, needs_libreoffice, texte_docx
from aides import documents_demo as documents
from lettres.dossier import load_dossier

pytestmark = pytest.mark.usefixtures("sans_libreoffice")




def plat(texte: str) -> str:
    return " ".join(texte.split())


# --- 1. the advice after a forced référé names the démarche in French -------------------------------------------


def _courrier_sans_piece(data: dict) -> None:
    for demarche in data["demarches"]:
        if demarche["type"] == "courrier_prefecture":
            demarche["pieces"] = []


def _sans_courrier(data: dict) -> None:
    data["demarches"] = [d for d in data["demarches"] if d["type"] != "courrier_prefecture"]


def test_a_forced_refere_without_the_letter_copy_names_the_demarche_by_its_number(tmp_path, run):
    chemin = copie_demo(tmp_path, "refere", _courrier_sans_piece)
    numero = 1 + [d.type for d in load_dossier(chemin).demarches].index("courrier_prefecture")
    code, out, err = run("generer", str(chemin), "--lettres", "refere", "--force", "--sortie", str(tmp_path / "s"))
    texte = plat(out + err)
    assert code in (0, 1), texte
    assert (
        "La copie du courrier à la préfecture et son avis de réception ne figurent pas parmi les pièces : "
        f"joignez-les, avant le dépôt, à la démarche n° {numero}, qui enregistre son envoi. Pour joindre la "
        f"pièce : lettres etape {chemin} --modifier {numero} --piece FICHIER" in texte
    )
    assert "courrier_prefecture" not in texte


def test_a_forced_refere_with_no_letter_logged_names_the_demarche_as_the_interview_does(tmp_path, run):
    chemin = copie_demo(tmp_path, "refere", _sans_courrier)
    code, out, err = run("generer", str(chemin), "--lettres", "refere", "--force", "--sortie", str(tmp_path / "s"))
    texte = plat(out + err)
    assert code in (0, 1), texte
    assert (
        "ne figurent pas parmi les pièces : avant le dépôt, enregistrez son envoi comme une démarche « Courrier à la "
        f"préfecture », avec ces pièces. Pour ajouter une démarche au journal : lettres etape {chemin}" in texte
    )
    assert "courrier_prefecture" not in texte


# --- 2. the pièce enclosed with the préfecture letter is said once ------------------------------------------------


def test_diallo_s_letter_says_once_that_the_piece_is_enclosed_in_the_request(tmp_path):
    lettre = plat(texte_docx(documents(tmp_path, None), "2-courrier-prefecture.docx"))
    assert lettre.count("au présent courrier (pièce n° 3)") == 1  # after the titre and the attestation de dépôt
    assert lettre.count("jointe au présent courrier") == 1
    assert (
        "cette incomplétude tiendrait au seul téléservice, qui ne permet pas de la transmettre, et non à Mme DIALLO : "
        "elle ne saurait justifier que l'attestation de prolongation de l'instruction lui soit refusée. En conséquence, "
        "je vous demande de bien vouloir :"
        in lettre
    )
    assert (
        "prendre en compte la pièce demandée par vos services (attestation de l'employeur), jointe au présent "
        "courrier (pièce n° 3), et l'ajouter à sa demande déposée le" in lettre
    )


# --- 3. the 15-day request, before the titre expires -----------------------------------------------------------


def _expire_le(jour: str):
    def change(data: dict) -> None:
        data["demande"]["titre_actuel_expiration"] = jour

    return change


def test_the_request_to_answer_within_15_days_ends_before_the_titre_expires(tmp_path):
    lettre = plat(texte_docx(documents(tmp_path, None, _expire_le("2026-12-24")), "2-courrier-prefecture.docx"))
    assert (
        "répondre par écrit dans un délai de quinze jours à compter de la réception du présent courrier, et en tout état "
        "de cause avant le 24 décembre 2026. À défaut de réponse dans ce délai, Mme DIALLO se réserve" in lettre
    )


def test_an_implicit_rejection_before_the_expiry_is_the_day_asked(tmp_path):
    """Filed on 1 September 2026: the rejection may arise on 1 January 2027, before the titre expires."""
    lettre = plat(texte_docx(documents(tmp_path, None, _expire_le("2027-02-01")), "2-courrier-prefecture.docx"))
    assert (
        "dans un délai de quinze jours à compter de la réception du présent courrier, et en tout état de cause avant le "
        "1er janvier 2027, date à laquelle une décision implicite de rejet est susceptible de naître (articles "
        "R. 432-1 et R. 432-2 du CESEDA)." in lettre
    )
    assert "avant le 1er février 2027" not in lettre


def test_the_relance_asks_the_same_before_the_titre_expires(tmp_path):
    def relance(data: dict) -> None:
        _expire_le("2026-12-24")(data)
        data["demarches"].append(
            {"type": "courrier_prefecture", "date": "2026-11-02", "detail": "Premier courrier", "objet": ["piece"],
             "resultat": "sans réponse"}
        )
        data.setdefault("envoi", {})["accuse_reception_le"] = "2026-11-05"

    lettre = plat(texte_docx(documents(tmp_path, None, relance, ["prefecture"]), "2-relance-prefecture.docx"))
    assert "Relance" in lettre
    assert (
        "dans un délai de quinze jours à compter de la réception du présent courrier, et en tout état de cause avant le "
        "24 décembre 2026. À défaut de réponse dans ce délai," in lettre
    )


def test_no_date_after_the_titre_has_expired(tmp_path):
    lettre = plat(texte_docx(documents(tmp_path, "refere", lettres=["prefecture"]), "2-relance-prefecture.docx"))
    assert "en tout état de cause" not in lettre


# --- 4. the caseworker's free text in the note, as paragraphs -------------------------------------------------

DESCRIPTION = (
    "Premier paragraphe : le téléversement échoue < toujours > & encore.\n"
    "Il échoue même avec un autre navigateur.\n"
    "\n"
    "Second paragraphe, après une ligne vide :\n"
    "- essai avec un PDF de 200 Ko ;\n"
    "- essai avec une photo JPEG.\n"
)


def _texte_libre(data: dict) -> None:
    data["blocage"]["description"] = DESCRIPTION
    data["blocage"]["consequences"] = "Elle risque de perdre son emploi.\r\n\r\n• courrier de l'employeur ;\r\n• France Travail."
    data["demarches"][1]["detail"] = "Message envoyé\n- avec la capture <jointe> & le ticket"


def _paragraphes_note(resultat) -> list[str]:
    from docx_texte import paragraphs, xml_parts

    xml = xml_parts((resultat.dossier / "3-note-orientation.docx").read_bytes())["word/document.xml"]
    return paragraphs(xml)


def test_the_description_and_consequences_are_paragraphs_and_list_items_in_the_note(tmp_path):
    paragraphes = _paragraphes_note(documents(tmp_path, None, _texte_libre, ["orientation"]))
    suite = [
        "Premier paragraphe : le téléversement échoue < toujours > & encore.",
        "Il échoue même avec un autre navigateur.",
        "Second paragraphe, après une ligne vide :",
        "– essai avec un PDF de 200 Ko ;",
        "– essai avec une photo JPEG.",
    ]
    debut = paragraphes.index(suite[0])
    assert paragraphes[debut : debut + 5] == suite
    conseq = paragraphes.index("Elle risque de perdre son emploi.")
    assert paragraphes[conseq : conseq + 3] == [
        "Elle risque de perdre son emploi.",
        "– courrier de l'employeur ;",
        "– France Travail.",
    ]
    assert not any("\n" in p or "\r" in p for p in paragraphes[debut : debut + 5])
    # within a sentence (« Ce qui reste sans réponse »), the démarche's detail is on one line
    assert any("(message envoyé ; avec la capture <jointe> & le ticket)" in p for p in paragraphes)


def test_a_cited_description_is_quoted_once_across_its_paragraphs(tmp_path):
    def cite(data: dict) -> None:
        _texte_libre(data)
        data["signataire"] = "personne"

    paragraphes = _paragraphes_note(documents(tmp_path, None, cite, ["orientation"]))
    debut = next(i for i, p in enumerate(paragraphes) if "décrit ainsi la situation" in p)
    assert paragraphes[debut] == (
        "Madame Aminata Fatou DIALLO décrit ainsi la situation : « Premier paragraphe : le téléversement échoue "
        "< toujours > & encore."
    )
    assert paragraphes[debut + 4] == "– essai avec une photo JPEG. »"
    texte = "\n".join(paragraphes)
    assert texte.count("«") == texte.count("»")


@needs_libreoffice
def test_the_note_read_as_pdf_keeps_each_line_of_the_description(tmp_path):
    import subprocess

    from aides import pdf_text

    resultat = documents(tmp_path, None, _texte_libre, ["orientation"])
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"),
         str(resultat.dossier / "3-note-orientation.docx")],
        capture_output=True, check=True, timeout=180,
    )
    lignes = [" ".join(ligne.split()) for ligne in pdf_text(tmp_path / "pdf" / "3-note-orientation.pdf").splitlines()]
    for attendu in (
        "Premier paragraphe : le téléversement échoue < toujours > & encore.",
        "Il échoue même avec un autre navigateur.",
        "– essai avec un PDF de 200 Ko ;",
        "Elle risque de perdre son emploi.",
        "– courrier de l'employeur ;",
    ):
        assert attendu in lignes, attendu


# --- 5. a date refused: the example fits the question, relative to today ----------------------------------------


@pytest.fixture
def web(tmp_path, monkeypatch, aujourd_hui):
    from web_outils import new_web

    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def _erreur_de_date(web, code: str, donnees: dict) -> str:
    from web_outils import ident_in, new_dossier, post_page, visible_text

    ident = ident_in(new_dossier(web))
    reponse = post_page(web, ident, code, donnees)
    page = web.get(reponse.headers["location"]).text if reponse.status_code == 303 else reponse.text
    return visible_text(page)


def test_the_web_door_s_date_error_gives_a_filing_date_example_for_a_filing_date(web):
    from web_outils import DEMANDE

    page = _erreur_de_date(web, "demande", {**DEMANDE, "demande.date_depot": "hier"})
    assert "« hier » n'est pas une date : écrivez la date comme 03/10/2026 ou 3 octobre 2026" in page
    assert "1985" not in page


def test_the_web_door_s_date_error_gives_an_expiry_example_for_an_expiry(web):
    from web_outils import DEMANDE

    page = _erreur_de_date(web, "demande", {**DEMANDE, "demande.titre_actuel_expiration": "3 marz 2027"})
    assert "mois « marz » inconnu ; écrivez la date comme 15/02/2027 ou 15 février 2027" in page


def test_the_web_door_s_date_error_gives_a_birth_date_example_decades_ago(web):
    from web_outils import PERSONNE

    page = _erreur_de_date(web, "personne", {**PERSONNE, "personne.date_naissance": "hier"})
    assert "« hier » n'est pas une date : écrivez la date comme 03/06/1986 ou 3 juin 1986" in page


def _paragraphes_lettre(resultat) -> list[str]:
    from docx_texte import paragraphs, xml_parts

    xml = xml_parts((resultat.dossier / "2-courrier-prefecture.docx").read_bytes())["word/document.xml"]
    return paragraphs(xml)


def test_the_prefecture_letter_lays_the_typed_text_out_the_same_way(tmp_path):
    paragraphes = _paragraphes_lettre(documents(tmp_path, None, _texte_libre, ["prefecture"]))
    debut = paragraphes.index("Premier paragraphe : le téléversement échoue < toujours > & encore.")
    assert paragraphes[debut + 3 : debut + 5] == ["– essai avec un PDF de 200 Ko ;", "– essai avec une photo JPEG."]
    # the date at stake opens the consequences, then each typed line
    suite = next(i for i, p in enumerate(paragraphes) if p.endswith("Elle risque de perdre son emploi."))
    assert paragraphes[suite].startswith("Le titre de séjour de Mme DIALLO expire le ")
    assert paragraphes[suite + 1 : suite + 3] == ["– courrier de l'employeur ;", "– France Travail."]


def test_the_prefecture_letter_keeps_the_date_at_stake_without_consequences(tmp_path):
    def sans_consequences(data: dict) -> None:
        data["blocage"]["consequences"] = ""

    paragraphes = _paragraphes_lettre(documents(tmp_path, None, sans_consequences, ["prefecture"]))
    assert any(p.startswith("Le titre de séjour de Mme DIALLO expire le ") and p.endswith(".") for p in paragraphes)


# --- the rights kept are to know, not to correct ----------------------------------------------------------------


def test_generer_says_the_rights_kept_as_something_to_know_not_a_warning(tmp_path, run):
    """The L. 433-3 rights (DIALLO: a four-year card due to expire) are printed « À savoir : », the faults
    « Attention : »; nothing else changes in what the command prints."""
    chemin = copie_demo(tmp_path, None, lambda data: data["demarches"][0].update(pieces=[]))
    code, _, err = run("generer", str(chemin), "--sortie", str(tmp_path / "sorties"))
    assert code == 0
    assert "À savoir : Jusqu'à la décision prise sur sa demande" in err
    assert "Attention : Jusqu'à la décision" not in err
    assert "Attention : Capture d'écran ANEF du" in err and "sans pièce (étape 1)" in err
