"""``lettres web``, page by page, in-process: what a caseworker sees and what lands in the files."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from aides import needs_libreoffice, pdf_text
from conftest import AUJOURD_HUI, PNG, write_dossier
from docx_texte import docx_text
from lettres.dossier import load_dossier, read_dossier_data
from lettres.dossier.demarches import add_demarche, build_demarche
from web_outils import BLOCAGE, DEMANDE, PERSONNE, Serveur, ident_in, new_dossier, new_web, post_page, visible_text


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


def create(web) -> tuple[str, object]:
    """A dossier created page by page, as a caseworker fills it; its identifier and its path."""
    page = new_dossier(web)
    ident = ident_in(page)
    for code, data in (
        ("personne", PERSONNE),
        ("demande", DEMANDE),
        ("signature", {"signataire": "personne"}),
        ("accompagnant", {"_accompagnant": "non"}),
        ("blocage", BLOCAGE),
    ):
        response = post_page(web, ident, code, data)
        assert response.status_code == 303, visible_text(web.follow(response).text)[:1500]
        location = response.headers["location"]
    assert "fait=cree" in location, location
    ident = ident_in(location)
    return ident, web.guichet.chemin(ident)


def test_a_new_dossier_is_created_page_by_page_in_a_folder_of_its_own(web):
    ident, path = create(web)
    assert path == web.racine / "DIALLO_Aminata" / "dossier.yaml"
    dossier = load_dossier(path)
    assert dossier.personne.prenoms == "Aminata Fatou"
    assert dossier.personne.adresse == "12 rue des Lilas\n13003 Marseille"
    assert dossier.personne.numero_etranger == "7501234567"
    assert dossier.demande.titre_actuel_expiration == date(2026, 12, 15)
    assert dossier.blocage.types == ["televersement"]
    assert not list(web.racine.glob("*.brouillon.yaml")), "the draft goes once the dossier is written"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    page = web.get(f"/dossier/{ident}/demarches")
    assert "Aucune démarche pour l'instant" in visible_text(page.text)


def test_an_error_is_shown_next_to_its_field_and_nothing_typed_is_lost(web):
    ident = ident_in(new_dossier(web))
    response = web.post(
        f"/dossier/{ident}/page/personne",
        {**PERSONNE, "personne.date_naissance": "31/02/1990", "personne.courriel": "aminata@exemple"},
    )
    page = web.follow(response)
    text = visible_text(page.text)
    assert "2 réponses à corriger" in text
    assert "le 31 février 1990 n'existe pas" in text
    assert "n'est pas une adresse électronique valide" in text
    # the refused answers are shown again, in their field, marked invalid and described by their message
    assert 'value="31/02/1990"' in page.text and 'value="aminata@exemple"' in page.text
    assert 'aria-invalid="true"' in page.text and 'champ-personne-date-naissance-erreur"' in page.text
    # a reload (or a browser closed and opened again) shows the same: it is in the draft
    again = web.get(f"/dossier/{ident}/page/personne")
    assert 'value="31/02/1990"' in again.text and "le 31 février 1990 n'existe pas" in visible_text(again.text)
    assert 'value="DIALLO"' in again.text
    fixed = web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    assert fixed.headers["location"].endswith("/page/demande")
    assert "réponse à corriger" not in visible_text(web.get(f"/dossier/{ident}/page/personne").text)


def test_the_draft_is_the_terminal_draft(web):
    """A dossier begun in the browser can be finished with « lettres nouveau », from the same draft."""
    from lettres.yamlio import parse_yaml

    page = new_dossier(web)
    web.post(page.replace("/page/personne", "/page/personne"), PERSONNE)
    (draft,) = web.racine.glob("*.brouillon.yaml")
    assert draft.name == "nouveau-1.brouillon.yaml"
    answers = parse_yaml(draft.read_text(encoding="utf-8"))
    assert answers["personne"]["nom"] == "DIALLO" and answers["personne"]["date_naissance"] == date(1990, 4, 12)


def test_required_choices_are_never_made_for_the_user(web):
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    page = web.follow(web.post(f"/dossier/{ident}/page/signature", {}))
    assert "Qui signe" in visible_text(page.text) and "choisissez une réponse" in visible_text(page.text)


def test_questions_follow_the_answers(web):
    """The renewal asks for the titre's expiry; a first application does not, and forgets it."""
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    web.post(f"/dossier/{ident}/page/demande", DEMANDE)
    renewal = web.get(f"/dossier/{ident}/page/demande").text
    assert 'id="bloc-champ-demande-titre-actuel-expiration" data-cle="demande.titre_actuel_expiration">' in renewal
    shown = web.post(f"/dossier/{ident}/visibles/demande", {**DEMANDE, "demande.nature": "premiere_demande"})
    assert shown.json()["demande.titre_actuel_expiration"] is False
    assert shown.json()["demande.titre"] is True


def test_a_question_asked_as_the_dossier_is_renamed_gets_no_error(web):
    """The page asks which questions apply as the field is left, while « Continuer » renames the new dossier:
    the late question gets an empty answer, not a 404 the browser would print in its console."""
    shown = web.post("/dossier/inconnu/visibles/demande", {"demande.nature": "premiere_demande"})
    assert shown.status_code == 200 and shown.json() == {}


def test_an_existing_file_keeps_its_comments_and_only_changed_answers_change(web, data):
    path = write_dossier(web.racine / "diallo", data)
    text = path.read_text(encoding="utf-8").replace("personne:\n", "personne:  # vue le 3 octobre\n", 1)
    path.write_text(text, encoding="utf-8")
    ident = web.guichet.ident(path)
    page = web.get(f"/dossier/{ident}/page/personne")
    assert 'value="DIALLO"' in page.text
    empreinte = page.text.split('name="empreinte" value="')[1].split('"')[0]
    form = {**PERSONNE, "personne.telephone": "07 00 00 00 00", "empreinte": empreinte}
    response = web.post(f"/dossier/{ident}/page/personne", form)
    assert "fait=enregistre" in response.headers["location"]
    after = path.read_text(encoding="utf-8")
    assert "# vue le 3 octobre" in after
    assert "07 00 00 00 00" in after
    assert read_dossier_data(path)["demarches"] == read_dossier_data(path)["demarches"]
    assert len(load_dossier(path).demarches) == 3


def test_a_file_changed_since_the_page_opened_is_not_overwritten(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    page = web.get(f"/dossier/{ident}/page/personne")
    empreinte = page.text.split('name="empreinte" value="')[1].split('"')[0]
    # meanwhile, in a terminal: « lettres etape »
    add_demarche(path, build_demarche("appel_anef", "02/10/2026", detail="Nouvel appel", base=path.parent))
    before = path.read_bytes()
    form = {**PERSONNE, "personne.telephone": "07 00 00 00 00", "empreinte": empreinte}
    response = web.post(f"/dossier/{ident}/page/personne", form)
    assert path.read_bytes() == before, "nothing overwritten"
    shown = visible_text(web.get(response.headers["location"]).text)
    assert "Le fichier a changé depuis l'ouverture de cette page" in shown
    assert 'value="07 00 00 00 00"' in web.get(f"/dossier/{ident}/page/personne").text, "kept in the draft"
    # « Enregistrer mes réponses de cette page par-dessus »: this page's answers, the terminal's démarche kept
    merged = web.post(f"/dossier/{ident}/page/personne", {**form, "action": "fusionner"})
    assert merged.status_code == 303
    dossier = load_dossier(path)
    assert dossier.personne.telephone == "07 00 00 00 00"
    assert [d.detail for d in dossier.demarches][-1] == "Nouvel appel"


def test_a_demarche_with_its_screenshot_is_added_under_a_dated_name(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    response = web.post(
        f"/dossier/{ident}/demarches",
        {
            "demarches.type": "capture_ecran",
            "demarches.date": "27/11/2026",
            "demarches.detail": "Erreur à la validation",
        },
        files=[("pieces", ("image.png", PNG, "image/png")), ("pieces", ("../../../etc/passwd.png", PNG, "image/png"))],
    )
    assert response.status_code == 303, visible_text(response.text)
    dossier = load_dossier(path)
    assert dossier.demarches[-1].pieces == [
        "captures/2026-11-27-capture-ecran-1.png",
        "captures/2026-11-27-capture-ecran-2.png",
    ]
    assert (path.parent / "captures" / "2026-11-27-capture-ecran-2.png").read_bytes() == PNG
    page = web.get(f"/dossier/{ident}/demarches")
    assert "27 novembre 2026 — Capture d'écran" in visible_text(page.text)
    image = web.get(f"/dossier/{ident}/piece/{len(dossier.demarches) - 1}/0")
    assert image.headers["content-type"] == "image/png" and image.content == PNG


def test_a_refused_demarche_keeps_its_pieces_for_the_corrected_form(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    before = path.read_bytes()
    response = web.post(
        f"/dossier/{ident}/demarches",
        {"demarches.type": "demande_rdv", "demarches.date": "32/10/2026"},
        files=[("pieces", ("capture.png", PNG, "image/png"))],
    )
    # Post/Redirect/Get: the refused form is a page of its own, a reload shows it again without sending it
    assert response.status_code == 303 and path.read_bytes() == before
    page = web.follow(response)
    assert web.get(response.headers["location"]).text == page.text
    text = visible_text(page.text)
    assert "La démarche n'a pas été ajoutée" in text and "32/10/2026" in page.text
    assert 'name="pieces_gardees" value="captures/' in page.text
    kept = page.text.split('name="pieces_gardees" value="')[1].split('"')[0]
    fixed = web.post(
        f"/dossier/{ident}/demarches",
        {"demarches.type": "demande_rdv", "demarches.date": "03/10/2026", "pieces_gardees": kept},
    )
    assert fixed.status_code == 303
    assert load_dossier(path).demarches[-1].pieces == [kept]


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("capture.png", b"BM\x01\x00\x00\x00", "n'est pas un fichier accepté ici"),  # BMP: not a pièce
        ("script.html", b"<script>alert(1)</script>", "n'est pas un fichier accepté ici"),
        ("vide.png", b"", "est vide"),
        ("", b"", None),
    ],
)
def test_pieces_are_checked_by_their_content(web, data, nom, contenu, message):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    before = sorted((path.parent / "captures").iterdir())
    response = web.post(
        f"/dossier/{ident}/demarches",
        {"demarches.type": "capture_ecran", "demarches.date": "27/11/2026"},
        files=[("pieces", (nom, contenu, "image/png"))],
    )
    if message is None:  # a file input left empty is no file: the démarche is added without pièce
        assert response.status_code == 303
        return
    assert response.status_code == 303 and message in visible_text(web.follow(response).text)
    assert sorted((path.parent / "captures").iterdir()) == before


def test_an_oversized_piece_is_refused(web, data, tmp_path):
    (tmp_path / "config.yaml").write_text("pieces:\n  taille_max_mo: 1\n", encoding="utf-8")
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    big = PNG + b"\x00" * (1024 * 1024 + 10)
    response = web.post(
        f"/dossier/{ident}/demarches",
        {"demarches.type": "capture_ecran", "demarches.date": "27/11/2026"},
        files=[("pieces", ("grande.png", big, "image/png"))],
    )
    assert response.status_code == 303
    assert "plus que la limite de 1 Mo" in visible_text(web.follow(response).text)
    assert len(load_dossier(path).demarches) == 3


def test_a_demarche_can_be_removed(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    page = web.get(f"/dossier/{ident}/demarches").text
    assert f'href="/dossier/{ident}/demarches/1/retirer"' in page
    confirm = web.get(f"/dossier/{ident}/demarches/1/retirer")
    assert "Retirer cette démarche du journal ?" in visible_text(confirm.text)
    assert "1er octobre 2026 — Appel à l'assistance ANEF" in visible_text(confirm.text)
    assert len(load_dossier(path).demarches) == 3, "nothing removed before the confirmation"
    empreinte = confirm.text.split('name="empreinte" value="')[1].split('"')[0]
    response = web.post(f"/dossier/{ident}/demarches/1/retirer", {"empreinte": empreinte})
    assert response.status_code == 303
    assert [d.type for d in load_dossier(path).demarches] == ["capture_ecran", "courriel_dgef"]


def test_the_point_says_what_verifier_says(web, data):
    path = write_dossier(web.racine / "diallo", data)
    text = visible_text(web.get(f"/dossier/{web.guichet.ident(path)}/point").text)
    assert "Les six étapes de la fiche" in text
    assert "1. Captures d'écran du blocage — prouvée" in text
    assert "4. Rendez-vous « blocage ANEF » — manquante" in text
    assert "Prochaine action (étape 4)" in text
    assert "Titre actuel : expire le 15 décembre 2026" in text or "Titre actuel : a expiré le 15 décembre 2026" in text


def test_a_step_logged_without_its_piece_is_done_not_proven(web, data):
    data["demarches"][2]["pieces"] = []  # the e-mail to the support, without its copy
    path = write_dossier(web.racine / "diallo", data)
    page = web.get(f"/dossier/{web.guichet.ident(path)}/point").text
    assert "2. Contact avec le service ANEF — faite, sans pièce" in visible_text(page)
    assert 'class="sans-piece"' in page  # amber, not the green of a proven step


def test_documents_are_generated_and_downloaded(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    response = web.follow(
        web.post(f"/dossier/{ident}/documents", {"lettres": ["dgef", "prefecture", "orientation", "bordereau"]})
    )
    assert response.status_code == 200
    text = visible_text(response.text)
    assert "fichiers produits dans" in text and "À vérifier avant l'envoi" in text
    jour = AUJOURD_HUI.isoformat()
    docx = web.get(f"/dossier/{ident}/documents/{jour}/2-courrier-prefecture.docx")
    assert docx.status_code == 200 and "attachment" in docx.headers["content-disposition"]
    assert "Aminata Fatou DIALLO" in docx_text(docx.content) or "DIALLO" in docx_text(docx.content)
    archive = zipfile.ZipFile(io.BytesIO(web.get(f"/dossier/{ident}/documents/{jour}.zip").content))
    names = {n.split("/", 1)[1] for n in archive.namelist()}
    assert {"1-signalement-dgef.eml", "2-courrier-prefecture.docx", "bordereau-pieces.docx"} <= names
    again = web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["dgef"]}))
    assert "déjà été produits aujourd'hui" in again.text and "Reprendre les documents cochés" in again.text
    replaced = web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["dgef"], "remplacer": "oui"}))
    assert "fichiers produits" in replaced.text


def test_the_home_page_is_the_tracking_table_most_urgent_first(web, data):
    """The rows of « lettres suivi »: the titre that expires soonest comes first; a broken file is named."""
    import copy

    far = copy.deepcopy(data)
    far["personne"].update(nom="KEITA", prenoms="Moussa")
    far["demande"]["titre_actuel_expiration"] = "2031-06-30"
    write_dossier(web.racine / "keita", far)
    write_dossier(web.racine / "diallo", data)
    (web.racine / "casse.yaml").write_text("personne: [\ndemande: x\n", encoding="utf-8")
    page = web.get("/").text
    home = visible_text(page)
    assert home.index("DIALLO Aminata Fatou") < home.index("KEITA Moussa")
    assert "2 dossiers au" in home
    assert "Fichiers qui n'ont pas pu être lus" in home and "casse.yaml" in home
    found = visible_text(web.follow(web.post("/", {"q": "keïta moussa"})).text)  # posted: no name in the history
    assert "KEITA Moussa" in found and "DIALLO" not in found
    # the table follows the files: a renewal done in a terminal moves KEITA's row
    path = web.racine / "keita" / "dossier.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2031-06-30", "2026-11-28"), encoding="utf-8")
    import os

    os.utime(path, ns=(1, 1))  # a different time, even on a coarse clock
    again = visible_text(web.get("/").text)
    assert again.index("KEITA Moussa") < again.index("DIALLO Aminata Fatou")
    # a dossier copied into a new sub-folder appears; one removed goes
    arrivee = copy.deepcopy(far)
    arrivee["personne"].update(nom="SOW", prenoms="Awa")
    write_dossier(web.racine / "2026" / "sow", arrivee)
    (web.racine / "diallo" / "dossier.yaml").unlink()
    last = visible_text(web.get("/").text)
    assert "SOW Awa" in last and "DIALLO Aminata Fatou" not in last


def test_settings_are_written_where_the_terminal_reads_them(web, tmp_path):
    from lettres.config import load_config

    response = web.post(
        "/reglages",
        {
            "accompagnant.civilite": "monsieur",
            "accompagnant.nom": "MARTIN",
            "accompagnant.prenom": "Paul",
            "accompagnant.courriel": "paul.martin@exemple.org",
            "prefecture": "13",
            "prefectures.13.courriel": "etrangers@prefecture.exemple.org",
            "structure.nom": "Association Exemple",
        },
        files=[("logo", ("logo.png", PNG, "image/png"))],
    )
    assert response.status_code == 303, visible_text(response.text)
    config = load_config()
    assert config.accompagnant["nom"] == "MARTIN" and config.prefecture == "13"
    assert config.prefecture_contact("13") == {"courriel": "etrangers@prefecture.exemple.org"}
    assert (tmp_path / "logo.png").read_bytes() == PNG
    refused = web.follow(web.post("/reglages", {"accompagnant.courriel": "pas-une-adresse"}))
    assert "n'est pas une adresse électronique valide" in visible_text(refused.text)
    assert load_config().accompagnant["courriel"] == "paul.martin@exemple.org"


def test_a_batch_reports_its_rejected_rows_and_zips_its_results(web, tmp_path):
    import time

    from aides import LIGNE_LOT, batch_csv

    csv = batch_csv(LIGNE_LOT, {**LIGNE_LOT, "id": "B2", "personne.date_naissance": "31/02/1990"})
    response = web.post("/lot", files=[("tableur", ("cas.csv", csv, "text/csv"))])
    assert response.status_code == 303
    suivi = response.headers["location"]
    for _ in range(300):
        page = web.get(suivi)
        if "Lot terminé" in page.text:
            break
        time.sleep(0.1)
    text = visible_text(page.text)
    assert "1 dossier généré, 1 ligne rejetée" in text
    assert "le 31 février 1990 n'existe pas" in text
    archive = zipfile.ZipFile(io.BytesIO(web.get(f"{suivi}/resultats.zip").content))
    assert "rapport.csv" in archive.namelist()
    assert any(n.endswith("2-courrier-prefecture.docx") for n in archive.namelist())
    assert not list(web.racine.glob(".lettres-lot-*")), "the hidden copy of the spreadsheet is removed"


def test_the_spreadsheet_template_is_downloaded(web):
    import openpyxl

    response = web.get("/lot/modele.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "demarches" in workbook.sheetnames


def test_the_letter_to_the_prefecture_records_its_sending(web, data):
    """One date for the démarche and for envoi.envoye_le: the file stays readable (no YAML alias)."""
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    response = web.post(
        f"/dossier/{ident}/demarches",
        {
            "demarches.type": "courrier_prefecture",
            "demarches.date": "03/11/2026",
            "envoi.numero_recommande": "1A 234 567 8901 2",
        },
    )
    assert response.status_code == 303, visible_text(response.text)
    assert "&" not in path.read_text(encoding="utf-8").split("envoi:")[1]
    dossier = load_dossier(path)
    assert dossier.envoi.envoye_le == date(2026, 11, 3) and dossier.envoi.numero_recommande == "1A 234 567 8901 2"
    assert web.get(f"/dossier/{ident}/demarches").status_code == 200


def test_the_command_prints_its_address_first_and_stops_cleanly(tmp_path):
    """The first line is the address with its token; a port taken is said in French; SIGTERM stops it (143)."""
    import os
    import signal
    import subprocess
    import sys

    from web_outils import Serveur

    server = Serveur(tmp_path / "essai", tmp_path / "config.yaml")
    try:
        assert server.adresse.startswith("http://127.0.0.1:") and "/?jeton=" in server.adresse
        assert (tmp_path / "essai").is_dir()
        port = server.base.rsplit(":", 1)[1]
        taken = subprocess.run(
            [sys.executable, "-m", "lettres", "web", "--dossiers", str(tmp_path), "--port", port, "--sans-navigateur"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "LETTRES_CONFIG": str(tmp_path / "config.yaml")},
        )
        assert taken.returncode == 2 and f"Le port {port} est déjà utilisé" in taken.stderr
        assert "Traceback" not in taken.stderr
    finally:
        server.process.send_signal(signal.SIGTERM)
        _, err = server.process.communicate(timeout=30)
    assert server.process.returncode == 143, err


def test_a_doubtful_date_is_a_warning_not_a_refusal(web):
    """A birth date in the future is kept, and pointed at, as the terminal does."""
    ident = ident_in(new_dossier(web))
    response = web.post(f"/dossier/{ident}/page/personne", {**PERSONNE, "personne.date_naissance": "12/04/2090"})
    assert response.headers["location"].endswith("/page/demande")
    page = visible_text(web.get(f"/dossier/{ident}/page/personne").text)
    assert "Attention : Le 12/04/2090 est dans le futur" in page


def test_justificatifs_are_added_in_the_dossier_folder(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    response = web.post(
        f"/dossier/{ident}/page/justificatifs",
        {
            "empreinte": web.get(f"/dossier/{ident}/page/justificatifs")
            .text.split('name="empreinte" value="')[1]
            .split('"')[0]
        },
        files=[("justificatifs.passeport.ajout", ("passeport scanné.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"))],
    )
    assert response.status_code == 303, visible_text(web.get(response.headers["location"]).text)[:1000]
    assert load_dossier(path).justificatifs.passeport == ["justificatifs/passeport-1.pdf"]
    page = web.get(f"/dossier/{ident}/page/justificatifs").text
    assert 'value="justificatifs/passeport-1.pdf" checked' in page
    # unticked: removed from the dossier (the file itself stays in the folder)
    empreinte = page.split('name="empreinte" value="')[1].split('"')[0]
    web.post(f"/dossier/{ident}/page/justificatifs", {"empreinte": empreinte})
    assert load_dossier(path).justificatifs.passeport == []
    assert (path.parent / "justificatifs" / "passeport-1.pdf").is_file()


def test_a_batch_from_the_spreadsheet_template(web, tmp_path):
    """The XLSX the page gives, filled in a spreadsheet program, goes back through the page."""
    import time

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(web.get("/lot/modele.xlsx").content))
    feuille = workbook.worksheets[0]
    headers = [c.value for c in feuille[2]]  # row 1: the sections, row 2: the headers, row 3: the example
    example = [c.value for c in feuille[3]]
    row = dict(zip(headers, example, strict=False))
    row.update({"Identifiant du dossier": "X9", "Nom de famille": "NGUYEN", "Prénoms": "Thi Lan"})
    feuille.append([row.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = web.post("/lot", files=[("tableur", ("cas.xlsx", buffer.getvalue(), "application/octet-stream"))])
    assert response.status_code == 303
    for _ in range(300):
        page = web.get(response.headers["location"])
        if "Lot terminé" in page.text:
            break
        time.sleep(0.1)
    text = visible_text(page.text)
    assert "1 dossier généré" in text, text[:2000]
    assert "dossiers, ligne 3 : exemple, ignorée" in text


@needs_libreoffice
def test_pdf_copies_are_offered_when_libreoffice_is_there(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    page = web.get(f"/dossier/{ident}/documents").text
    assert "Ajouter une copie PDF de chaque lettre" in page
    response = web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["prefecture"], "pdf": "oui"}))
    assert response.status_code == 200
    jour = AUJOURD_HUI.isoformat()
    pdf = web.get(f"/dossier/{ident}/documents/{jour}/2-courrier-prefecture.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    copie = web.racine / "lettre.pdf"
    copie.write_bytes(pdf.content)
    assert "DIALLO" in pdf_text(copie)


def test_ctrl_c_says_where_the_unsaved_answers_are(tmp_path):
    import http.client
    from urllib.parse import urlsplit

    serveur = Serveur(tmp_path / "dossiers", tmp_path / "config.yaml")
    connexion = http.client.HTTPConnection(urlsplit(serveur.adresse).netloc, timeout=20)
    connexion.request("GET", "/")
    assert connexion.getresponse().status > 0  # the server answers (a page or a refusal): Ctrl-C now
    connexion.close()
    code, _, err = serveur.stop()
    assert code == 130
    assert err.strip() == (
        "lettres web arrêté : ce qui a été enregistré est dans les dossiers, les réponses pas encore enregistrées "
        "dans les brouillons, fichiers .brouillon.yaml à côté des dossiers."
    )


def test_the_bilan_page_shows_the_anonymous_figures_and_offers_them_to_download(web, data):
    import copy

    from openpyxl import load_workbook

    for i in range(7):
        dossier = copy.deepcopy(data)
        dossier["personne"]["nom"] = f"PERSONNE{i}"
        dossier["demande"]["prefecture"] = "13" if i < 6 else "06"
        if i < 2:
            dossier["issue"] = {"cloture_le": "2026-11-02", "cloture": "titre"}
        write_dossier(web.racine / f"p{i}", dossier)
    page = web.get("/bilan")
    assert page.status_code == 200
    texte = visible_text(page.text)
    assert "Bilan des dossiers" in texte and 'aria-current="page">Bilan</a>' in page.text
    # one dossier in the Alpes-Maritimes: « < 5 », and the other préfecture masked with it (7 - 1 = 6)
    assert "Préfecture des Bouches-du-Rhône masqué — Préfecture des Alpes-Maritimes < 5 — Dossiers 7" in texte
    assert "Titre ou récépissé délivré < 5" in texte
    assert "<svg " in page.text and "PERSONNE" not in page.text and "DIALLO" not in page.text
    # a threshold of 2 shows the two closed dossiers, a period without dossier shows nothing
    assert "Dossier en cours 5 71 % Titre ou récépissé délivré 2 29 %" in visible_text(web.get("/bilan?seuil=2").text)
    vide = visible_text(web.get("/bilan?du=2025-01&au=2025-02").text)
    assert "0 Dossiers" in vide and "de janvier 2025 à février 2025" in vide
    html = web.get("/bilan/bilan.html?seuil=2")
    assert html.headers["content-disposition"] == 'attachment; filename="bilan.html"'
    assert "<style>" in html.text and "http://" not in html.text.replace('"http://127.0.0.1', "")
    classeur = web.get("/bilan/bilan.xlsx")
    fichier = web.racine.parent / "bilan.xlsx"
    fichier.write_bytes(classeur.content)
    assert load_workbook(fichier)["Synthèse"]["B3"].value == "7"


def test_the_outcome_page_closes_a_dossier_and_the_home_page_shows_it_closed(web, data):
    data["envoi"] = {"envoye_le": "2026-10-01"}
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    page = visible_text(web.get(f"/dossier/{ident}/page/issue").text)
    assert "Date de la réponse de la préfecture" in page and "Rendez-vous proposé" in page
    reponse = web.post(
        f"/dossier/{ident}/page/issue",
        {
            "issue.reponse_prefecture_le": "20/10/2026",
            "issue.reponse_prefecture": ["rendez_vous", "api"],
            "issue.cloture_le": "02/11/2026",
            "issue.cloture": "api",
        },
    )
    assert reponse.status_code == 303
    texte = path.read_text(encoding="utf-8")
    assert "issue:\n  reponse_prefecture_le: 2026-10-20\n  reponse_prefecture: [rendez_vous, api]\n" in texte
    accueil = visible_text(web.get("/").text)
    assert "Clos : API obtenue" in accueil and "Aucune (dossier clos le 02/11/2026)" in accueil


def test_names_typed_in_lower_case_are_written_as_the_letters_write_them_once_confirmed(web):
    ident = ident_in(new_dossier(web))
    response = web.post(
        f"/dossier/{ident}/page/personne", {**PERSONNE, "personne.nom": "camara", "personne.prenoms": "fatou binta"}
    )
    text = visible_text(web.follow(response).text)
    assert (
        "écrit « CAMARA » dans les lettres (nom de famille en capitales) : enregistrez de nouveau pour confirmer"
        in text
    )
    assert "écrit « Fatou Binta » dans les lettres : enregistrez de nouveau pour confirmer" in text
    # sent again as shown: kept
    response = web.post(
        f"/dossier/{ident}/page/personne", {**PERSONNE, "personne.nom": "CAMARA", "personne.prenoms": "Fatou Binta"}
    )
    assert response.status_code == 303


def test_the_point_page_says_when_the_configured_accompagnant_is_used(web, tmp_path):
    from lettres.yamlio import dump_yaml

    ident, _ = create(web)  # no accompagnant in the dossier
    page = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert "réglages de la structure" not in page  # nothing configured either
    (tmp_path / "config.yaml").write_text(
        dump_yaml({"accompagnant": {"nom": "BERNARD", "prenom": "Julie", "structure": "Point d'accès au droit"}}),
        encoding="utf-8",
    )
    page = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert "Accompagnant : Julie BERNARD, Point d'accès au droit (réglages de la structure)" in page
