"""Steps as living records in ``lettres web``: a démarche edited in place (never over a file changed
elsewhere), its pièces added, replaced or removed later, the letter to the préfecture with its registered-mail
number and acknowledgement, « faite, sans pièce » (amber) until the file is there — in-process, then in Chromium."""

from __future__ import annotations

import re
from datetime import date

import pytest

from conftest import PNG, write_dossier
from lettres.dossier import load_dossier
from lettres.dossier.demarches import add_demarche, build_demarche
from navigateur import sans_chromium
from web_outils import Serveur, new_web, visible_text

pytestmark = pytest.mark.usefixtures("aujourd_hui")


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def hidden(html: str, name: str) -> str:
    return html.split(f'name="{name}" value="')[1].split('"')[0]


def form_of(html: str) -> dict[str, str]:
    """What the edit page sends as it is: its text fields, its choices, its ticked boxes."""
    form = html.split('enctype="multipart/form-data"')[1].split("</form>")[0]
    values: dict = {}
    for name, value in re.findall(r'<input type="(?:text|hidden)"[^>]*?name="([^"]+)" value="([^"]*)"', form):
        values[name] = value
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        values[name] = value
    for name, value in re.findall(r'<input type="text" id="[^"]+" name="([^"]+)" value="([^"]*)"', form):
        values[name] = value
    for name, value in re.findall(r'<input type="checkbox" id="[^"]+" name="([^"]+)" value="([^"]*)" checked', form):
        values.setdefault(name, value)
    for name, body in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', body)
        values[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = body
    import html as html_module

    return {k: html_module.unescape(v) for k, v in values.items()}


def edit_page(web, ident: str, index: int) -> str:
    page = web.get(f"/dossier/{ident}/demarches/{index}/modifier")
    assert page.status_code == 200, visible_text(page.text)[:1500]
    return page.text


def test_a_demarche_is_edited_in_place_and_the_rest_of_the_file_stays(web, data):
    path = write_dossier(web.racine / "diallo", data)
    path.write_text(path.read_text(encoding="utf-8").replace("demarches:\n", "demarches:  # journal\n"), "utf-8")
    ident = web.guichet.ident(path)
    liste = web.get(f"/dossier/{ident}/demarches").text
    assert f'href="/dossier/{ident}/demarches/1/modifier"' in liste
    page = edit_page(web, ident, 1)
    text = visible_text(page)
    assert "Modifier ou compléter la démarche du 1er octobre 2026 — Appel à l'assistance ANEF" in text
    form = form_of(page)
    assert form["demarches.date"] == "01/10/2026" and form["demarches.type"] == "appel_anef"
    assert form["demarches.resultat"] == "ticket n° 1234" and form["garder-0"] == "oui"
    form.update({"demarches.heure": "09:15", "demarches.resultat": "ticket n° 5678"})
    response = web.post(f"/dossier/{ident}/demarches/1/modifier", form)
    assert response.status_code == 303 and "fait=demarche_modifiee" in response.headers["location"]
    assert "Démarche modifiée." in visible_text(web.follow(response).text)
    dossier = load_dossier(path)
    modifiee = dossier.demarches[1]
    assert (modifiee.heure, modifiee.resultat, modifiee.detail) == ("09:15", "ticket n° 5678", "Appel au 0 806 001 620")
    assert modifiee.pieces == ["captures/journal-appels.png"] and modifiee.date == date(2026, 10, 1)
    after = path.read_text(encoding="utf-8")
    assert "# journal" in after and "01/10/2026" in after, "what did not change is left as it was written"
    assert [d.type for d in dossier.demarches] == ["capture_ecran", "appel_anef", "courriel_dgef"]
    # the same form sent again: nothing changes, and the page says so
    again = web.post(f"/dossier/{ident}/demarches/1/modifier", form_of(edit_page(web, ident, 1)))
    assert "fait=demarche_inchangee" in again.headers["location"]
    assert path.read_text(encoding="utf-8") == after


def test_an_edit_is_checked_like_an_addition_and_shown_again_after_a_redirection(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    before = path.read_bytes()
    form = {**form_of(edit_page(web, ident, 1)), "demarches.date": "31/09/2026", "demarches.detail": "Rappel"}
    response = web.post(f"/dossier/{ident}/demarches/1/modifier", form)
    assert response.status_code == 303 and "reprise=" in response.headers["location"]
    assert path.read_bytes() == before
    page = web.follow(response)
    assert web.get(response.headers["location"]).text == page.text  # a reload shows it again, sends nothing
    text = visible_text(page.text)
    assert "La démarche n'a pas été modifiée" in text and "le 31 septembre 2026 n'existe pas" in text
    assert 'value="31/09/2026"' in page.text and 'value="Rappel"' in page.text


def test_an_edit_never_overwrites_a_file_changed_elsewhere(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    form = {**form_of(edit_page(web, ident, 1)), "demarches.resultat": "ticket n° 9999"}
    # meanwhile, in a terminal, a démarche is added to the same file
    add_demarche(path, build_demarche("appel_anef", "02/10/2026", detail="Nouvel appel", base=path.parent))
    changed = path.read_bytes()
    response = web.post(f"/dossier/{ident}/demarches/1/modifier", form)
    assert response.status_code == 303 and path.read_bytes() == changed
    page = web.follow(response)
    text = visible_text(page.text)
    assert "Rien n'a été enregistré" in text and "modifié ailleurs" in text
    assert 'value="ticket n° 9999"' in page.text, "what was typed is not lost"
    # sent again from that page: applied over the new version, the terminal's addition kept
    response = web.post(f"/dossier/{ident}/demarches/1/modifier", form_of(page.text))
    assert "fait=demarche_modifiee" in response.headers["location"]
    dossier = load_dossier(path)
    assert dossier.demarches[1].resultat == "ticket n° 9999"
    assert [d.detail for d in dossier.demarches][-1] == "Nouvel appel"


def test_a_demarche_removed_elsewhere_keeps_what_was_typed_on_screen(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    form = {**form_of(edit_page(web, ident, 2)), "demarches.resultat": "réponse reçue le 3 octobre"}
    confirm = web.get(f"/dossier/{ident}/demarches/2/retirer").text
    assert (
        web.post(f"/dossier/{ident}/demarches/2/retirer", {"empreinte": hidden(confirm, "empreinte")}).status_code
        == 303
    )
    response = web.post(f"/dossier/{ident}/demarches/2/modifier", form)
    page = visible_text(web.follow(response).text)
    assert "la démarche n'est plus dans le journal" in page and "réponse reçue le 3 octobre" in page
    assert len(load_dossier(path).demarches) == 2


def test_a_step_without_its_piece_is_amber_until_its_file_is_added_later(web, data):
    data["demarches"][2]["pieces"] = []  # the e-mail to the support, logged without its copy
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    liste = web.get(f"/dossier/{ident}/demarches").text
    entree = liste.split('id="demarche-2"')[1].split("</li>")[0]
    assert 'class="sans-piece"' in liste.split('id="demarche-2"')[0][-40:] + entree[:40]
    assert "⚠ Faite, sans pièce" in visible_text(entree) and "Prouvée" not in visible_text(entree)
    assert f'href="/dossier/{ident}/demarches/2/modifier#pieces"' in entree
    point = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert "2. Contact avec le service ANEF — faite, sans pièce" in point
    accueil = web.get("/").text.split("DIALLO")[1].split("</tr>")[0]  # the home page says it too, in amber
    assert '<span class="sans-piece">⚠ faite, sans pièce : 2</span>' in accueil

    form = form_of(edit_page(web, ident, 2))
    response = web.post(
        f"/dossier/{ident}/demarches/2/modifier", form, files=[("pieces", ("courriel.png", PNG, "image/png"))]
    )
    assert response.status_code == 303, visible_text(web.follow(response).text)[:1500]
    assert load_dossier(path).demarches[2].pieces == ["captures/2026-09-25-courriel-dgef-1.png"]
    assert (path.parent / "captures/2026-09-25-courriel-dgef-1.png").read_bytes() == PNG
    entree = web.get(f"/dossier/{ident}/demarches").text.split('id="demarche-2"')[1].split("</li>")[0]
    assert "✓ Prouvée" in visible_text(entree) and "sans pièce" not in visible_text(entree)
    point = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert "2. Contact avec le service ANEF — prouvée" in point
    assert "sans pièce" not in visible_text(web.get("/").text.split("DIALLO")[1].split("</tr>")[0])


def test_a_piece_is_replaced_or_removed(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    form = form_of(edit_page(web, ident, 0))
    assert form["actuelle-0"] == "captures/erreur.png"
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = web.post(
        f"/dossier/{ident}/demarches/0/modifier",
        form,
        files=[("remplacer-0", ("nouvelle.pdf", pdf, "application/pdf"))],
    )
    assert response.status_code == 303
    assert load_dossier(path).demarches[0].pieces == ["captures/2026-09-20-capture-ecran-1.pdf"]
    assert (path.parent / "captures/erreur.png").exists(), "the file replaced stays in the person's folder"
    form = form_of(edit_page(web, ident, 0))
    del form["garder-0"]  # unticked: removed from the démarche
    assert web.post(f"/dossier/{ident}/demarches/0/modifier", form).status_code == 303
    assert load_dossier(path).demarches[0].pieces == []
    point = visible_text(web.get(f"/dossier/{ident}/point").text)
    assert "1. Captures d'écran du blocage — faite, sans pièce" in point


def test_the_letter_to_the_prefecture_shows_its_number_and_gets_its_receipt_later(web, data):
    del data["envoi"]
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    form = visible_text(
        web.get(f"/dossier/{ident}/demarches?type=courrier_prefecture").text.split('id="titre-ajout"')[1]
    )
    assert "Numéro du recommandé" in form and "Date de l'avis de réception" in form
    response = web.post(
        f"/dossier/{ident}/demarches",
        {
            "demarches.type": "courrier_prefecture",
            "demarches.date": "03/11/2026",
            "envoi.numero_recommande": "1A 234 567 8901 2",
        },
    )
    assert response.status_code == 303
    index = 3
    entree = web.follow(response).text.split(f'id="demarche-{index}"')[1].split("</li>")[0]
    assert "Recommandé n° 1A 234 567 8901 2 — AR pas encore reçu" in visible_text(entree)
    assert f"/demarches/{index}/modifier#champ-envoi-accuse-reception-le" in entree
    page = edit_page(web, ident, index)
    form = form_of(page)
    assert form["envoi.numero_recommande"] == "1A 234 567 8901 2" and form["envoi.accuse_reception_le"] == ""
    # a date still to come is refused, nothing written
    before = path.read_bytes()
    futur = web.post(
        f"/dossier/{ident}/demarches/{index}/modifier", {**form, "envoi.accuse_reception_le": "30/11/2026"}
    )
    assert "dans le futur" in visible_text(web.follow(futur).text) and path.read_bytes() == before
    response = web.post(
        f"/dossier/{ident}/demarches/{index}/modifier", {**form, "envoi.accuse_reception_le": "6/11/2026"}
    )
    assert response.status_code == 303
    dossier = load_dossier(path)
    assert dossier.envoi.accuse_reception_le == date(2026, 11, 6)
    assert dossier.envoi.numero_recommande == "1A 234 567 8901 2" and dossier.envoi.envoye_le == date(2026, 11, 3)
    entree = web.follow(response).text.split(f'id="demarche-{index}"')[1].split("</li>")[0]
    assert "Recommandé n° 1A 234 567 8901 2 — AR reçu le 6 novembre 2026" in visible_text(entree)
    # the letter's date corrected: the sending date follows
    form = form_of(edit_page(web, ident, index))
    web.post(f"/dossier/{ident}/demarches/{index}/modifier", {**form, "demarches.date": "04/11/2026"})
    assert load_dossier(path).envoi.envoye_le == date(2026, 11, 4)


def test_a_removal_over_a_file_changed_elsewhere_is_asked_again(web, data):
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    confirm = web.get(f"/dossier/{ident}/demarches/1/retirer").text
    add_demarche(path, build_demarche("appel_anef", "02/10/2026", detail="Nouvel appel", base=path.parent))
    changed = path.read_bytes()
    response = web.post(f"/dossier/{ident}/demarches/1/retirer", {"empreinte": hidden(confirm, "empreinte")})
    assert response.status_code == 303 and path.read_bytes() == changed
    again = web.follow(response).text
    assert "Rien n'a été retiré" in visible_text(again) and "Appel à l'assistance ANEF" in visible_text(again)
    assert (
        web.post(f"/dossier/{ident}/demarches/1/retirer", {"empreinte": hidden(again, "empreinte")}).status_code == 303
    )
    assert [d.type for d in load_dossier(path).demarches] == ["capture_ecran", "courriel_dgef", "appel_anef"]


def test_the_point_links_a_step_without_its_piece_to_where_it_is_added(web, data):
    data["demarches"][2]["pieces"] = []
    path = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(path)
    point = web.get(f"/dossier/{ident}/point").text
    etape = point.split('class="sans-piece"')[1].split("</li>")[0]
    assert "faite, sans pièce" in visible_text(etape) and "ajouter sa pièce" in visible_text(etape)
    assert f'href="/dossier/{ident}/demarches/2/modifier#pieces"' in etape


# --- in Chromium: the caseworker edits a step, gives it its file later, sees amber turn green ---------------


@pytest.fixture
def onglet(browser, tmp_path, data):
    data["demarches"][2]["pieces"] = []  # the e-mail to the support, logged without its copy
    del data["envoi"]
    dossiers = tmp_path / "essai"
    path = write_dossier(dossiers / "DIALLO_Aminata", data)
    server = Serveur(dossiers, tmp_path / "config.yaml")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: m.type in ("error", "warning") and problems.append(m.text))
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.goto(server.adresse)
    try:
        yield tab, path
    finally:
        context.close()
        code, _, err = server.stop()
        assert code == 130, err
    assert not problems, problems


def _entry(tab, index: int):
    return tab.locator(f"#demarche-{index}")


def _colour(locator) -> str:
    return locator.locator(".etat").first.evaluate("e => getComputedStyle(e).color")


@sans_chromium
def test_a_step_is_edited_and_gets_its_file_in_the_browser(onglet):
    from navigateur import axe_violations, paste_image, shot

    tab, path = onglet
    with tab.expect_navigation():
        tab.get_by_role("link", name="DIALLO").first.click()
    with tab.expect_navigation():
        tab.get_by_role("link", name="Démarches", exact=True).click()
    courriel = _entry(tab, 2)
    assert "⚠ Faite, sans pièce" in courriel.inner_text()
    amber = _colour(courriel)
    assert amber == "rgb(122, 75, 0)", amber  # the amber of « attention », not the green of a proven step
    assert "✓ Prouvée" in _entry(tab, 0).inner_text() and _colour(_entry(tab, 0)) == "rgb(30, 107, 44)"
    assert axe_violations(tab) == []

    # edit one step: its result changed, nothing else
    with tab.expect_navigation():
        _entry(tab, 1).get_by_role("link", name=re.compile("^Modifier ou compléter")).click()
    assert tab.input_value("#champ-demarches-date") == "01/10/2026"
    tab.fill("#champ-demarches-resultat", "ticket n° 5678")
    assert axe_violations(tab) == []
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer la démarche").click()
    assert "Démarche modifiée." in tab.inner_text("main")
    assert "ticket n° 5678" in _entry(tab, 1).inner_text()
    assert load_dossier(path).demarches[1].resultat == "ticket n° 5678"

    # its file, later: pasted into the zone of the démarche's page
    with tab.expect_navigation():
        _entry(tab, 2).get_by_role("link", name=re.compile("^Ajouter sa pièce")).click()
    paste_image(tab, "#champ-pieces", PNG)
    assert "sera ajouté" in tab.inner_text("[data-apercus]")
    shot(tab, "demarche-modifier")
    # on a phone: nothing overflows sideways, and the page stays accessible
    tab.set_viewport_size({"width": 390, "height": 844})
    assert tab.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(tab) == []
    tab.set_viewport_size({"width": 1366, "height": 768})
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer la démarche").click()
    courriel = _entry(tab, 2)
    assert "✓ Prouvée" in courriel.inner_text() and "sans pièce" not in courriel.inner_text()
    assert _colour(courriel) == "rgb(30, 107, 44)"
    assert load_dossier(path).demarches[2].pieces == ["captures/2026-09-25-courriel-dgef-1.png"]
    with tab.expect_navigation():
        tab.get_by_role("link", name="Point", exact=True).click()
    assert "2. Contact avec le service ANEF — prouvée" in tab.inner_text("main")


@sans_chromium
def test_the_letter_sent_shows_its_number_and_its_receipt_in_the_browser(onglet):
    tab, path = onglet
    with tab.expect_navigation():
        tab.get_by_role("link", name="DIALLO").first.click()
    with tab.expect_navigation():
        tab.get_by_role("link", name="Démarches", exact=True).click()
    tab.select_option("#champ-demarches-type", "courrier_prefecture")
    tab.wait_for_selector("#champ-envoi-numero-recommande", state="visible")
    tab.fill("#champ-demarches-date", "03/11/2026")
    tab.fill("#champ-envoi-numero-recommande", "1A 234 567 8901 2")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Ajouter la démarche").click()
    lettre = _entry(tab, 3)
    assert "Recommandé n° 1A 234 567 8901 2 — AR pas encore reçu" in lettre.inner_text()
    # the acknowledgement comes back: noted from the letter itself
    with tab.expect_navigation():
        lettre.get_by_role("link", name="Noter l'avis de réception").click()
    tab.fill("#champ-envoi-accuse-reception-le", "06/11/2026")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer la démarche").click()
    assert "Recommandé n° 1A 234 567 8901 2 — AR reçu le 6 novembre 2026" in _entry(tab, 3).inner_text()
    # reload after the POST: the page is shown again, nothing is sent twice
    tab.reload()
    assert "AR reçu le 6 novembre 2026" in _entry(tab, 3).inner_text()
    assert load_dossier(path).envoi.accuse_reception_le == date(2026, 11, 6)


def test_a_demarche_whose_file_went_missing_can_still_be_corrected(web, data):
    path = write_dossier(web.racine / "diallo", data)
    (path.parent / "captures" / "journal-appels.png").unlink()
    ident = web.guichet.ident(path)
    form = {**form_of(edit_page(web, ident, 1)), "demarches.detail": "Appel au 3430"}
    response = web.post(f"/dossier/{ident}/demarches/1/modifier", form)
    assert "fait=demarche_modifiee" in response.headers["location"]
    assert load_dossier(path).demarches[1].detail == "Appel au 3430"
    # a path forged into the form is checked: never a file outside the person's folder
    forged = {**form_of(edit_page(web, ident, 1)), "actuelle-0": "../../etc/passwd"}
    response = web.post(f"/dossier/{ident}/demarches/1/modifier", forged)
    assert "reprise=" in response.headers["location"]
    assert load_dossier(path).demarches[1].pieces == ["captures/journal-appels.png"]
