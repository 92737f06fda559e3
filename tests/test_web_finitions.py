"""The web door's leftovers (issue 24, « finitions »): a batch report forgotten by a restarted server, the
civilité of the préfet asked with the préfecture, the titre's category said at once, paths shown by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from navigateur import fill, key_id, onglet, sans_chromium
from web_outils import DEMANDE, PERSONNE, Serveur, form_fields, ident_in, new_dossier, new_web, ticked, visible_text


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


# --- a batch report after a restart ----------------------------------------------------------------


def test_a_batch_unknown_after_a_restart_says_where_its_files_are(web):
    sortie = web.racine / "sorties"
    (sortie / "lot-2026-11-26_143005").mkdir(parents=True)
    (sortie / "lot-2026-11-27_091500").mkdir()
    (sortie / "2026-11-27_DIALLO_Aminata_3fa2c1").mkdir()  # a dossier's documents, not a batch
    for adresse in ("/lot/3", "/lot/3/resultats.zip"):
        page = web.get(adresse)
        assert page.status_code == 404
        texte = visible_text(page.text)
        assert "Le compte rendu de ce lot n'est plus affiché" in texte
        assert "Rien n'est perdu" in texte and "rapport.csv" in texte
        assert f"Dossier des documents produits (à ouvrir depuis l'explorateur de fichiers) : {sortie}" in texte
        # newest first, by their date and time
        assert re.search(
            r"Lot du 27 novembre 2026 à 09 h 15 : lot-2026-11-27_091500 .*Lot du 26 novembre 2026 à 14 h 30", texte
        )
        assert "DIALLO" not in texte
        assert '<a class="bouton principal" href="/lot">Lancer un lot</a>' in page.text
        assert 'href="/static/lettres.css"' in page.text  # the door's own style


def test_a_batch_unknown_with_no_batch_folder_left_says_so(web):
    texte = visible_text(web.get("/lot/1").text)
    assert "Aucun dossier de lot n'y est plus rangé : il a été déplacé ou supprimé." in texte
    assert "Lancer un lot" in texte


# --- the civilité of the préfet, with the préfecture --------------------------------------------------------


def test_the_prefet_s_civilite_is_asked_with_the_prefecture_not_among_the_other_informations(web, data):
    from conftest import write_dossier

    data["envoi"].pop("prefet_civilite", None)
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    html = web.get(f"/dossier/{ident}/page/envoi").text
    bloc = html.index('id="bloc-champ-envoi-prefet-civilite"')
    autres = html.index("Autres informations (facultatives)")
    assert bloc < autres  # beside the préfecture's addresses, not folded under « Autres informations »
    civilite = visible_text(html[bloc:autres])
    assert "Le préfet ou la préfète Pour la formule d'appel (« Madame la Préfète », « Monsieur le Préfet »)" in civilite
    assert "madame pour" not in civilite and "configuration" not in civilite
    champs = form_fields(html, "Enregistrer et continuer")
    champs.update({"envoi.prefet_civilite": ["monsieur"], "envoi.recommande": ["oui"]})
    champs["envoi.bordereau_pieces_demande"] = ["oui"]
    assert web.post(f"/dossier/{ident}/page/envoi", champs).status_code == 303
    assert ticked(web.get(f"/dossier/{ident}/page/envoi").text, "envoi.prefet_civilite") == {"monsieur"}
    revue = visible_text(web.get(f"/dossier/{ident}/revue").text)
    assert "Le préfet ou la préfète Monsieur" in revue


# --- a titre that names no category, said beside it at once ------------------------------------------------

AVIS_TITRE = "Attention : ce titre ne correspond à aucune catégorie de la liste"


def _bloc(html: str, key: str) -> str:
    """The HTML of one question's block on the page."""
    match = re.search(rf'<div class="champ[^"]*" id="bloc-[^"]+" data-cle="{re.escape(key)}".*?(?=<div class="champ|</form>)', html, re.S)
    assert match, key
    return match.group(0)


def test_a_titre_naming_no_category_is_said_beside_it_on_the_page(web):
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    web.post(f"/dossier/{ident}/page/demande", {**DEMANDE, "demande.titre": "salarié"})
    html = web.get(f"/dossier/{ident}/page/demande").text
    texte = visible_text(_bloc(html, "demande.titre"))
    assert f"{AVIS_TITRE}. Choisissez l'une des propositions sous le champ, ou la catégorie du titre sous" in texte
    assert "les pièces de la demande ne sont pas contrôlées. Un autre texte reste accepté." in texte
    assert 'aria-describedby="champ-demande-titre-aide champ-demande-titre-attention"' in _bloc(html, "demande.titre")
    # what the page's script asks while she types: the notice, then none once the titre names a category
    visibles = web.post(f"/dossier/{ident}/visibles/demande", {**DEMANDE, "demande.titre": "salarié"}).json()
    assert visibles["_avis"]["demande.titre"].startswith("ce titre ne correspond à aucune catégorie")
    choisi = {**DEMANDE, "demande.titre": "carte de séjour temporaire « visiteur »"}
    assert web.post(f"/dossier/{ident}/visibles/demande", choisi).json()["_avis"] == {"demande.titre": ""}
    web.post(f"/dossier/{ident}/page/demande", choisi)
    assert AVIS_TITRE not in visible_text(web.get(f"/dossier/{ident}/page/demande").text)


def test_a_titre_resembling_a_category_names_it(web):
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    titre = "carte visiteur"
    assert web.post(f"/dossier/{ident}/visibles/demande", {**DEMANDE, "demande.titre": titre}).json()["_avis"][
        "demande.titre"
    ].startswith("ce titre ne correspond à aucune catégorie de la liste ; il semble relever de « CST 8 – visiteur ».")


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("finitions") / "dossiers"


@pytest.fixture(scope="module")
def serveur(dossiers):
    server = Serveur(dossiers, dossiers.parent / "config.yaml")
    yield server
    code, _, err = server.stop()
    assert code == 130, err


@pytest.fixture
def tab(browser, serveur):
    with onglet(browser, serveur) as page:
        yield page


@sans_chromium
def test_the_notice_on_the_titre_appears_as_soon_as_it_is_typed(tab):
    from playwright.sync_api import expect

    with tab.expect_navigation():
        tab.get_by_role("button", name="Nouveau dossier").click()
    bloc = tab.locator(f"#bloc-{key_id('demande.titre')[1:]}")
    tab.goto(tab.url.replace("/page/personne", "/page/demande"))
    fill(tab, {"demande.titre": "salarié"})
    tab.keyboard.press("Tab")  # leaving the field: the page asks the server
    avis = bloc.locator(".attention-champ")
    expect(avis).to_contain_text(AVIS_TITRE)
    assert avis.get_attribute("id") in (tab.get_attribute(key_id("demande.titre"), "aria-describedby") or "")
    fill(tab, {"demande.titre": "carte de séjour temporaire « visiteur »"})  # a suggestion of the list
    tab.keyboard.press("Tab")
    expect(avis).to_have_count(0)


# --- paths: the dossier's name, the full path only where the files are to be found -----------------------


def test_pages_show_names_and_the_full_path_only_where_the_files_are_found(web, data, sans_libreoffice):
    from conftest import write_dossier

    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    racine = str(web.racine)
    # every page names the dossiers folder; the home page alone gives where it is
    for adresse in (f"/dossier/{ident}", f"/dossier/{ident}/demarches", f"/dossier/{ident}/page/personne", "/bilan"):
        texte = visible_text(web.get(adresse).text)
        assert racine not in texte, adresse
        assert f"Dossiers : {web.racine.name} ." in texte
    accueil = visible_text(web.get("/").text)
    assert f"Les dossiers sont rangés dans {racine} (à ouvrir aussi depuis l'explorateur de fichiers)." in accueil
    assert "diallo/dossier.yaml" in accueil
    assert "Elles sont rangées avec le dossier de la personne, dans diallo/captures , sous un nom daté." in visible_text(
        web.get(f"/dossier/{ident}/demarches").text
    )
    # the documents: the folder of the day by its name; the output folder in full, to open it
    page = web.follow(web.post(f"/dossier/{ident}/documents", {"coches": "oui", "lettres": ["dgef"]}))
    texte = visible_text(page.text)
    (jour,) = (web.racine / "sorties").iterdir()
    assert f"2 fichiers produits dans le dossier {jour.name} :" in texte
    assert f"Dossier : {jour.name}" in texte and str(jour) not in texte
    assert f"Ils sont rangés dans {web.racine / 'sorties'} (à ouvrir aussi depuis l'explorateur de fichiers)." in texte
    again = web.follow(web.post(f"/dossier/{ident}/documents", {"coches": "oui", "lettres": ["dgef"], "remplacer": "oui"}))
    (archive,) = (jour / "archives").iterdir()
    assert f"gardées dans son sous-dossier archives/{archive.name} ;" in visible_text(again.text)


# --- the batch template: several answers in a cell, by their words --------------------------------------


def _template_filled(web, *people: dict[str, str]):
    """The template the Lot page gives, one row per person typed below its example row (by column header)."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(web.get("/lot/modele.xlsx").content))
    sheet = workbook["dossiers"]
    headers = [c.value for c in sheet[2]]
    example = [c.value for c in sheet[3]]
    for number, person in enumerate(people, start=4):
        values = list(example)
        for header, value in person.items():
            values[headers.index(header)] = value
        for column, value in enumerate(values, start=1):
            sheet.cell(row=number, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return workbook, buffer.getvalue()


def _batch(web, content: bytes) -> str:
    import time

    response = web.post("/lot", {}, files=[("tableur", ("cas.xlsx", content, "application/octet-stream"))])
    assert response.status_code == 303
    for _ in range(300):
        page = web.get(response.headers["location"])
        if "Lot terminé" in page.text:
            return visible_text(page.text)
        time.sleep(0.1)
    raise AssertionError("the batch did not end")


def test_the_batch_template_gives_and_reads_several_answers_by_their_words(web, aujourd_hui):
    workbook, _ = _template_filled(web)
    sheet = workbook["dossiers"]
    headers = [c.value for c in sheet[2]]
    types = headers.index("Types de blocage") + 1
    aide = sheet.cell(row=2, column=types).comment.text
    assert "Une ou plusieurs réponses, séparées par « ; »" in aide
    assert "erreur technique à la validation de la demande ; absence d'attestation de dépôt ;" in aide
    assert "erreur_validation" not in aide and "codes" not in aide
    pieces = sheet.cell(row=2, column=headers.index("Pièces de la demande réunies") + 1)
    assert "lettres verifier" not in pieces.comment.text and "nationalite" not in pieces.comment.text
    # the example row: words, not codes
    assert sheet.cell(row=3, column=types).value == "erreur technique à la validation de la demande"
    assert sheet.cell(row=3, column=headers.index("Pièces de la demande réunies") + 1).value == (
        "passeport ou, à défaut, autre justificatif de nationalité avec photo ; justificatif de domicile de moins "
        "de 6 mois ; 3 photos d'identité récentes et identiques"
    )
    # typed by their words (a full label with its commas, a short one) or their codes: the same dossier
    _, content = _template_filled(
        web,
        {
            "Identifiant du dossier": "P1",
            "Nom de famille": "KONÉ",
            "Types de blocage": "Échec du téléversement des pièces (format, taille, message d'erreur, pièce refusée "
            "sans explication) ; erreur technique à la validation de la demande",
        },
        {"Identifiant du dossier": "P2", "Nom de famille": "TRAORÉ", "Types de blocage": "televersement, pas_api"},
        {"Identifiant du dossier": "P3", "Nom de famille": "SOW", "Types de blocage": "panne ; erreur_validation"},
    )
    texte = _batch(web, content)
    assert "2 dossiers générés, 1 ligne rejetée" in texte
    kone = (web.racine / "KONE_Aminata" / "dossier.yaml").read_text(encoding="utf-8")
    assert re.search(r"types:\s*\n\s*- televersement\s*\n\s*- erreur_validation", kone), kone
    traore = (web.racine / "TRAORE_Aminata" / "dossier.yaml").read_text(encoding="utf-8")
    assert re.search(r"types:\s*\n\s*- televersement\s*\n\s*- pas_api", traore), traore
    # the refusal names the column by its header and the answers by their words
    assert "Types de blocage" in texte and "« panne » n'est pas une valeur acceptée (réponses possibles, séparées" in texte
    assert "« erreur technique à la validation de la demande » ; « absence d'attestation de dépôt »" in texte
    assert "blocage.types" not in texte and "pas_attestation_depot" not in texte


def test_no_key_of_the_configuration_in_the_help_of_a_question(web, data):
    from conftest import write_dossier

    ident = web.guichet.ident(write_dossier(web.racine / "diallo", data))
    texte = visible_text(web.get(f"/dossier/{ident}/page/orientation").text)
    assert (
        "Adresse du greffe du tribunal administratif À recopier du site du tribunal : les adresses ne sont pas "
        "fournies par lettres, faute de vérification" in texte
    )
    assert "tribunaux." not in texte and "CODE" not in texte
