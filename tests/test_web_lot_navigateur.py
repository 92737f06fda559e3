"""The batch in Chromium, as a caseworker who never opens a terminal does it: the template downloaded from the
page, filled below its example row, sent back; its people then listed on the home page (1366 px), or kept out
of it with the page's box (a 390 px phone, the form sent with the keyboard alone)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aides import template_with_people
from navigateur import axe_violations, sans_chromium, send_batch, shot, wait_for_batch
from web_outils import Serveur, visible_text

pytestmark = sans_chromium


@pytest.fixture
def serveur(tmp_path):
    server = Serveur(tmp_path / "dossiers", tmp_path / "config.yaml")
    yield server
    server.stop()


def open_tab(browser, serveur, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True, locale="fr-FR")
    tab = context.new_page()
    tab.goto(serveur.adresse)
    assert "jeton" not in tab.url
    return context, tab


def fill_downloaded_template(download, target: Path, *people: dict[str, str]) -> Path:
    """The template as the page gave it, one row per person typed below the example row."""
    download.save_as(target)
    return template_with_people(target, *people)


def test_a_two_row_batch_whose_people_appear_on_the_home_page(browser, serveur, tmp_path):
    context, tab = open_tab(browser, serveur, 1366, 768)
    with tab.expect_navigation():
        tab.get_by_role("link", name="Lot (tableur)").click()
    assert axe_violations(tab) == []
    with tab.expect_download() as modele:
        tab.get_by_role("link", name="Télécharger le tableur à remplir (XLSX)").click()
    source = fill_downloaded_template(
        modele.value,
        tmp_path / "cas.xlsx",
        {"id": "1", "personne.nom": "KONÉ", "personne.prenoms": "Moussa"},
        {"id": "2", "personne.nom": "TRAORÉ", "personne.prenoms": "Awa"},
    )
    text = send_batch(tab, source)
    assert "2 dossiers générés, 0 ligne rejetée" in text
    assert "dossiers, ligne 3 : exemple, ignorée" in text
    assert re.search(r"Dossiers suivis : 2 écrits dans \S+dossiers\.", text), text
    assert axe_violations(tab) == []
    shot(tab, "lot-personnes")
    # Back then Forward after sending: nothing is sent twice (the page was reached by a redirect)
    tab.go_back()
    tab.go_forward()
    assert tab.title().startswith("Lot terminé")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Voir les personnes à l'accueil").click()
    accueil = visible_text(tab.content())
    assert "KONÉ" in accueil and "TRAORÉ" in accueil and "DIALLO" not in accueil
    shot(tab, "lot-accueil")
    context.close()
    assert sorted(p.name for p in (tmp_path / "dossiers").iterdir() if p.name.endswith(("Moussa", "Awa"))) == [
        "KONE_Moussa",
        "TRAORE_Awa",
    ]


def test_on_a_phone_the_box_keeps_people_out_the_form_sent_with_the_keyboard(browser, serveur, tmp_path):
    context, tab = open_tab(browser, serveur, 390, 844)
    tab.goto(tab.url.rstrip("/") + "/lot")
    with tab.expect_download() as modele:
        tab.get_by_role("link", name="Télécharger le tableur à remplir (XLSX)").click()
    source = fill_downloaded_template(modele.value, tmp_path / "cas.xlsx", {"id": "1", "personne.nom": "SOW"})
    tab.set_input_files("#tableur", str(source))
    tab.focus("#tableur")
    tab.keyboard.press("Tab")  # to the file of démarches
    tab.keyboard.press("Tab")  # to the box
    assert tab.evaluate("document.activeElement.id") == "sans_dossiers"
    tab.keyboard.press("Space")
    assert tab.is_checked("#sans_dossiers")
    tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    text = wait_for_batch(tab)
    assert "1 dossier généré" in text and "Dossiers suivis" not in text
    context.close()
    assert not [p for p in (tmp_path / "dossiers").iterdir() if p.name.startswith("SOW")]
