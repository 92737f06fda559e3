"""The web door's leftovers (issue 24, « finitions »): a batch report forgotten by a restarted server, the
civilité of the préfet asked with the préfecture, the titre's category said at once, paths shown by name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from navigateur import fill, key_id, sans_chromium
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
    assert "Le préfet ou la préfète" in visible_text(html[bloc:autres])
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
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    if not hasattr(serveur, "cookies"):
        page.goto(serveur.adresse)
        serveur.cookies, serveur.accueil = context.cookies(), page.url
    else:
        context.add_cookies(serveur.cookies)
        page.goto(serveur.accueil)
    yield page
    context.close()
    assert not problems, problems  # no script error, no CSP violation


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
