"""The interview in Chromium, with its script: the questions an answer opens appear at once (a filing date typed
shows « Document provisoire délivré », an API its dates), and what is typed survives a reload of the page
before it is sent (kept in the tab, dropped once the server has it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lettres.yamlio import parse_yaml
from navigateur import choose, continue_, fill, key_id, onglet, sans_chromium
from web_outils import Serveur

pytestmark = sans_chromium


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("entretien") / "dossiers"


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


def bloc(key: str) -> str:
    return f"#bloc-{key_id(key)[1:]}"


def new_dossier(tab) -> None:
    with tab.expect_navigation():
        tab.get_by_role("button", name="Nouveau dossier").click()


def personne(tab, nom: str) -> None:
    choose(tab, "personne.civilite", "Madame")
    fill(
        tab,
        {
            "personne.nom": nom,
            "personne.prenoms": "Awa",
            "personne.date_naissance": "12/04/1990",
            "personne.nationalite": "sénégalaise",
            "personne.adresse": "3 rue Exemple\n13003 Marseille",
        },
    )
    continue_(tab)


def test_follow_up_questions_appear_as_soon_as_the_answer_changes(tab, dossiers):
    from playwright.sync_api import expect

    new_dossier(tab)
    personne(tab, "NDIAYE")
    assert "Étape 2 sur" in tab.inner_text("main")
    provisoire = tab.locator(bloc("demande.document_provisoire"))
    expect(provisoire).to_be_hidden()
    choose(tab, "demande.nature", "Première demande")
    expect(tab.locator(bloc("demande.titre_actuel_expiration"))).to_be_hidden()
    fill(tab, {"demande.titre": "carte de séjour temporaire", "demande.prefecture": "13"})
    fill(tab, {"demande.date_depot": "02/09/2026"})
    tab.keyboard.press("Tab")  # leaving the field: the page asks the server which questions now apply
    expect(provisoire).to_be_visible()
    expect(tab.locator(bloc("demande.complet"))).to_be_visible()
    expect(tab.locator(bloc("demande.document_provisoire_debut"))).to_be_hidden()
    choose(tab, "demande.document_provisoire", "Attestation de prolongation de l'instruction (API)")
    expect(tab.locator(bloc("demande.document_provisoire_debut"))).to_be_visible()
    fill(tab, {"demande.document_provisoire_fin": "15/01/2027"})
    fill(tab, {"demande.piece_demandee": "attestation de l'employeur"})
    tab.keyboard.press("Tab")
    expect(tab.locator(bloc("demande.piece_demandee_le"))).to_be_visible()
    # seen, then sent: the page moves on, without a detour
    continue_(tab)
    assert "/page/demande" not in tab.url and "Étape 3 sur" in tab.inner_text("main"), tab.url
    (draft,) = dossiers.glob("*.brouillon.yaml")
    demande = parse_yaml(draft.read_text(encoding="utf-8"))["demande"]
    assert demande["document_provisoire"] == "api" and demande["document_provisoire_fin"].isoformat() == "2027-01-15"
    assert demande["piece_demandee"] == "attestation de l'employeur"
    # the choice made disappears again with the answer that opened it
    with tab.expect_navigation():
        tab.get_by_role("button", name="Page précédente").click()
    choose(tab, "demande.document_provisoire", "Aucun")
    expect(tab.locator(bloc("demande.document_provisoire_fin"))).to_be_hidden()


def test_what_is_typed_survives_a_reload_before_it_is_sent(tab, dossiers):
    new_dossier(tab)
    choose(tab, "personne.civilite", "Monsieur")
    fill(tab, {"personne.nom": "TRAORE", "personne.lieu_naissance": "Bamako (Mali)"})
    fill(tab, {"personne.adresse": "8 avenue Exemple\n69003 Lyon"})
    address = tab.url
    tab.reload()
    assert tab.url == address
    assert tab.input_value(key_id("personne.nom")) == "TRAORE"
    assert tab.input_value(key_id("personne.lieu_naissance")) == "Bamako (Mali)"
    assert tab.input_value(key_id("personne.adresse")) == "8 avenue Exemple\n69003 Lyon"
    assert tab.locator(bloc("personne.civilite")).get_by_label("Monsieur", exact=True).is_checked()
    assert "pas encore enregistré, est repris" in tab.inner_text("main")
    # nothing of it was sent to the server: it stayed in the tab
    assert not any("TRAORE" in p.read_text(encoding="utf-8") for p in dossiers.glob("*.brouillon.yaml"))
    fill(tab, {"personne.prenoms": "Issa", "personne.date_naissance": "02/02/1988", "personne.nationalite": "malienne"})
    continue_(tab)
    assert tab.url.endswith("/page/demande")
    # once sent, the server's draft has it; the tab's copy is dropped
    with tab.expect_navigation():
        tab.get_by_role("button", name="Page précédente").click()
    assert tab.input_value(key_id("personne.nom")) == "TRAORE"
    assert "est repris" not in tab.inner_text("main")
    assert tab.evaluate("Object.keys(sessionStorage).filter(k => k.includes('/personne'))") == []
    assert re.search(r"Reprendre le dossier de TRAORE Issa", tab.goto(tab.url.split("/dossier")[0] + "/").text())
