"""The Documents page's safe actions (issue 24): a relance in one click once the letter to the préfecture went,
« Reprendre les documents cochés » writing only what is ticked (the ticks kept), Post/Redirect/Get after every
POST of the page and of the home page, « en cours… » while LibreOffice converts, counts that match the list."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import AUJOURD_HUI, write_dossier
from docx_texte import docx_text
from navigateur import axe_violations, sans_chromium, shot
from web_outils import Serveur, form_fields, new_web, ticked, visible_text, wait_for

PREMIER_ENVOI = "2026-10-20"
RELANCE = "Un premier courrier vous a été adressé à ce sujet le 20 octobre 2026"
# what the web door never shows: a command, an option
TERMINAL = re.compile(r"\blettres (generer|etape|verifier)\b|--\w")


@pytest.fixture
def web(tmp_path, monkeypatch, sans_libreoffice):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def sent(data: dict, jour: str = PREMIER_ENVOI) -> dict:
    """The letter to the préfecture recorded as sent by registered mail on ``jour``."""
    data["demarches"].append(
        {"type": "courrier_prefecture", "date": jour, "detail": "Courrier en recommandé", "resultat": "", "pieces": []}
    )
    data["envoi"]["envoye_le"] = jour
    return data


def documents_of(web, data: dict, nom: str = "diallo") -> str:
    """The address of the Documents page of a new dossier."""
    return f"/dossier/{web.guichet.ident(write_dossier(web.racine / nom, data))}/documents"


def produce(web, page: str, champs: dict) -> tuple[str, Path | None]:
    """POST the form, follow its redirect: the page shown, and the output folder it names."""
    response = web.post(page, champs)
    assert response.status_code == 303, response.text[:2000]
    shown = web.follow(response)
    assert shown.status_code == 200
    folder = re.search(r"produits? dans le dossier <code>([^<]+)</code>", shown.text)
    # the page names the folder; it is in the output folder the page shows in full
    return shown.text, web.guichet.sortie(web.guichet.config()) / folder.group(1) if folder else None


def state(folder: Path) -> dict[str, tuple[int, bytes]]:
    """Each file of the day's folder (archives aside): its time and its bytes."""
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
        for p in folder.rglob("*")
        if p.is_file() and p.relative_to(folder).parts[0] != "archives"
    }


# --- « Écrire une relance » ------------------------------------------------------------------------


def test_a_letter_sent_earlier_is_one_button_from_its_relance(web, data):
    page = documents_of(web, sent(data))
    html = web.get(page).text
    texte = visible_text(html)
    assert "Le courrier à la préfecture est parti le 20 octobre 2026." in texte
    assert TERMINAL.search(texte) is None, TERMINAL.search(texte)
    champs = form_fields(html, "Écrire une relance")
    assert champs["lettres"] == ["prefecture"] and champs["remplacer"] == ["oui"]
    shown, folder = produce(web, page, champs)
    assert folder is not None and folder.name.startswith(AUJOURD_HUI.isoformat())
    assert not (folder / "2-courrier-prefecture.docx").exists()  # the relance has its own name
    lettre = docx_text((folder / "2-relance-prefecture.docx").read_bytes())
    assert "Objet : Relance — délivrance de l'attestation de prolongation de l'instruction" in lettre
    assert f"{RELANCE} ; il est resté sans réponse à ce jour." in lettre
    # dated today, it does not carry the first letter's registered-mail number
    assert "Marseille, le 27 novembre 2026" in lettre and "1A 234 567 8901 2" not in lettre
    courriel = (folder / "2-relance-prefecture.eml").read_bytes().decode("utf-8", "replace")
    assert "Relance" in courriel and "1A 234 567 8901 2" not in courriel
    assert 'filename="2-relance-prefecture.docx"' in courriel  # the letter it carries is the relance
    assert "2-relance-prefecture.docx" in visible_text(shown)
    assert TERMINAL.search(visible_text(shown)) is None
    # back on the page: where the relance is, and where to note it once sent
    again = web.get(page).text
    assert "La relance d'aujourd'hui est écrite : 2-relance-prefecture.docx" in visible_text(again)
    jour = AUJOURD_HUI.isoformat()
    assert f'href="{page}/{jour}/2-relance-prefecture.docx"' in again
    assert f'href="{page.removesuffix("/documents")}/demarches"' in again


def test_the_first_letter_produced_today_is_not_called_a_relance(web, data):
    """The letter written today, then recorded as sent on an earlier day: today's file is the first letter, and
    the page offers the relance without saying it is already among the documents."""
    page = documents_of(web, data)
    _, folder = produce(web, page, {"coches": "oui"})
    assert folder is not None and (folder / "2-courrier-prefecture.docx").exists()
    write_dossier(web.racine / "diallo", sent(data))
    texte = visible_text(web.get(page).text)
    assert "Le courrier à la préfecture est parti le 20 octobre 2026." in texte
    assert "La relance d'aujourd'hui" not in texte


def test_the_relance_leaves_the_days_other_documents_as_they_are(web, data):
    page = documents_of(web, sent(data))
    _, folder = produce(web, page, {"coches": "oui", "lettres": ["dgef"]})
    assert folder is not None
    avant = state(folder)
    produce(web, page, form_fields(web.get(page).text, "Écrire une relance"))
    apres = state(folder)
    assert {n: avant[n] for n in ("1-signalement-dgef.eml", "1-signalement-dgef.txt")} == {
        n: apres[n] for n in ("1-signalement-dgef.eml", "1-signalement-dgef.txt")
    }
    assert RELANCE in docx_text(apres["2-relance-prefecture.docx"][1])


def test_the_relance_written_the_day_of_the_first_letter_leaves_it_in_place(web, data):
    """The first letter produced today, then recorded as sent on an earlier day: the relance is written beside
    it under its own name; the letter sent stays where it is, listed, never moved to the archives."""
    page = documents_of(web, data)
    _, folder = produce(web, page, {"coches": "oui"})
    assert folder is not None
    premier = state(folder)["2-courrier-prefecture.docx"]
    write_dossier(web.racine / "diallo", sent(data))
    produce(web, page, form_fields(web.get(page).text, "Écrire une relance"))
    apres = state(folder)
    assert apres["2-courrier-prefecture.docx"] == premier
    assert "Relance" not in docx_text(premier[1]) and RELANCE in docx_text(apres["2-relance-prefecture.docx"][1])
    assert not any("2-courrier-prefecture" in p.name for p in (folder / "archives").rglob("*"))
    liste = visible_text(web.get(page).text)
    assert "2-courrier-prefecture.docx" in liste and "2-relance-prefecture.docx" in liste
    assert "La relance d'aujourd'hui est écrite" in liste


def test_a_letter_written_elsewhere_and_logged_as_a_step_is_enough(web, data):
    data = sent(data)
    del data["envoi"]["envoye_le"]  # only the step « Courrier à la préfecture » of the journal
    page = documents_of(web, data)
    _, folder = produce(web, page, form_fields(web.get(page).text, "Écrire une relance"))
    assert folder is not None and RELANCE in docx_text((folder / "2-relance-prefecture.docx").read_bytes())


@pytest.mark.parametrize("jour", [None, AUJOURD_HUI.isoformat()])
def test_no_relance_before_the_letter_went_nor_on_its_own_day(web, data, jour):
    page = documents_of(web, sent(data, jour) if jour else data)
    assert "Écrire une relance" not in web.get(page).text


def test_a_letter_answered_is_recalled_without_saying_it_went_unanswered(web, data):
    data = sent(data)
    data["issue"] = {"reponse_prefecture_le": "2026-11-02"}
    data["envoi"]["accuse_reception_le"] = "2026-10-22"
    page = documents_of(web, data)
    _, folder = produce(web, page, {"lettres": ["prefecture"], "remplacer": "oui"})
    assert folder is not None
    lettre = docx_text((folder / "2-relance-prefecture.docx").read_bytes())
    assert f"{RELANCE}, reçu le 22 octobre 2026." in lettre and "sans réponse à ce jour" not in lettre


# --- « Reprendre les documents cochés » --------------------------------------------------------------


def test_reprendre_writes_only_the_ticked_documents_and_keeps_the_ticks(web, data):
    page = documents_of(web, data)
    _, folder = produce(web, page, {"coches": "oui", "lettres": ["dgef", "prefecture", "orientation"]})
    assert folder is not None
    import os

    for p in folder.rglob("*"):
        os.utime(p, ns=(10**18, 10**18))  # an earlier time, even on a coarse clock
    avant = state(folder)
    # a return to the page: her ticks, and the action that writes them again
    html = web.get(page).text
    assert ticked(html, "lettres") == {"dgef", "prefecture", "orientation"}
    assert form_fields(html, "Reprendre les documents cochés")["remplacer"] == ["oui"]
    # she ticks one of the three, and takes it again
    shown, _ = produce(web, page, {"coches": "oui", "lettres": ["dgef"], "remplacer": "oui"})
    apres = state(folder)
    changes = {n for n in apres if apres[n][0] != avant.get(n, (0, b""))[0]}
    assert changes == {"1-signalement-dgef.eml", "1-signalement-dgef.txt"}
    assert all(apres[n] == avant[n] for n in avant if n not in changes)  # the others untouched, byte for byte
    (archive,) = (folder / "archives").iterdir()
    assert sorted(p.name for p in archive.iterdir()) == ["1-signalement-dgef.eml", "1-signalement-dgef.txt"]
    assert "Les versions précédentes des documents repris sont gardées dans" in visible_text(shown)
    # « Tout télécharger (ZIP) »: the files listed for the day, not the versions kept aside
    import io
    import zipfile

    zip_url = re.search(r'href="([^"]+\.zip)"', shown)
    assert zip_url is not None
    archive_zip = zipfile.ZipFile(io.BytesIO(web.get(zip_url.group(1)).content))
    assert sorted(n.split("/", 1)[1] for n in archive_zip.namelist()) == sorted(apres)
    assert ticked(shown, "lettres") == {"dgef"} and ticked(web.get(page).text, "lettres") == {"dgef"}


def test_a_pdf_copy_goes_with_the_document_it_copies(web, data):
    """The PDF of the letter replaced would no longer match it: it is kept aside with it; the others stay."""
    page = documents_of(web, data)
    _, folder = produce(web, page, {"coches": "oui", "lettres": ["dgef", "prefecture"]})
    assert folder is not None
    for nom in ("2-courrier-prefecture.pdf", "1-signalement-dgef.pdf"):
        (folder / nom).write_bytes(b"%PDF-1.4\n" + nom.encode())
    produce(web, page, {"coches": "oui", "lettres": ["prefecture"], "remplacer": "oui"})
    assert not (folder / "2-courrier-prefecture.pdf").exists()
    assert (folder / "1-signalement-dgef.pdf").read_bytes() == b"%PDF-1.4\n1-signalement-dgef.pdf"
    (archive,) = (folder / "archives").iterdir()
    assert {"2-courrier-prefecture.pdf", "2-courrier-prefecture.docx", "pieces"} <= {p.name for p in archive.iterdir()}
    assert "1-signalement-dgef.eml" not in {p.name for p in archive.iterdir()}


def test_after_an_error_the_ticks_are_shown_again(web, data):
    page = documents_of(web, data)
    produce(web, page, {"coches": "oui", "lettres": ["dgef"]})
    # « Produire » again the same day (another tab): said, with the button that takes the ticked ones again
    shown, folder = produce(web, page, {"coches": "oui", "lettres": ["orientation", "bordereau"]})
    assert folder is None and "Les documents de ce dossier ont déjà été produits aujourd'hui" in visible_text(shown)
    assert re.search(r'<button type="submit" form="produire" name="remplacer" value="oui"[^>]*>Reprendre', shown)
    assert ticked(shown, "lettres") == {"orientation", "bordereau"}
    # a refusal of the engine: the facts, the link, the ticks
    data["consentement"]["transmission_tiers"] = False
    autre = documents_of(web, data, "sans-accord")
    shown, folder = produce(web, autre, {"coches": "oui", "lettres": ["orientation"], "pdf": "oui"})
    assert folder is None and "n'a pas donné son accord" in visible_text(shown)
    assert ticked(shown, "lettres") == {"orientation"}


# --- Post/Redirect/Get -------------------------------------------------------------------------------


def test_every_post_answers_with_a_redirect_to_a_page_that_shows_the_result(web, data):
    page = documents_of(web, data)
    response = web.post(page, {"coches": "oui", "lettres": ["dgef"]})
    assert response.status_code == 303
    adresse = response.headers["location"]
    assert re.fullmatch(rf"{re.escape(page)}\?resultat=[A-Za-z0-9_-]{{16}}", adresse), adresse
    premier = web.get(adresse)
    assert "fichiers produits dans" in visible_text(premier.text)
    sorties = web.racine / "sorties"
    avant = {p: p.stat().st_mtime_ns for p in sorties.rglob("*")}
    # a reload, Back then Forward: the same page, read again; nothing is sent nor written twice
    assert visible_text(web.get(adresse).text) == visible_text(premier.text)
    assert {p: p.stat().st_mtime_ns for p in sorties.rglob("*")} == avant
    # another dossier's page, or a key forgotten (server restarted): the page without a result
    autre = documents_of(web, data, "autre")
    cle = adresse.split("=", 1)[1]
    for ailleurs in (f"{autre}?resultat={cle}", f"{page}?resultat=inconnue"):
        shown = web.get(ailleurs)
        assert shown.status_code == 200 and "fichiers produits dans" not in shown.text


def test_the_home_page_posts_redirect_too_without_a_name_in_the_address(web, data):
    write_dossier(web.racine / "diallo", data)
    posted = web.post("/", {"q": "Aminata"})
    assert posted.status_code == 303
    adresse = posted.headers["location"]
    assert adresse.startswith("/?recherche=") and "aminata" not in adresse.lower()
    assert "1 dossier trouvé" in visible_text(web.get(adresse).text)
    assert web.post("/", {"q": "  "}).headers["location"] == "/"
    assert "Les dossiers, les plus urgents d'abord" in visible_text(web.get("/?recherche=oubliee").text)
    nouveau = web.post("/nouveau")
    assert nouveau.status_code == 303 and "/page/" in nouveau.headers["location"]


# --- counts ------------------------------------------------------------------------------------------


def test_the_count_is_the_number_of_files_listed(web, data, monkeypatch):
    """« 6 fichiers produits » while 8 were listed: the PDF copies were not counted."""
    from lettres.documents import pdf

    def copies(folders, noms=None):  # LibreOffice's work: a PDF beside each Word document written
        ecrits = []
        for folder in folders:
            for docx in folder.glob("*.docx"):
                if noms is None or docx.name in noms:
                    docx.with_suffix(".pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
                    ecrits.append(docx.with_suffix(".pdf"))
        return ecrits

    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "convert_folders", copies)
    page = documents_of(web, data)
    shown, folder = produce(web, page, {"coches": "oui", "lettres": ["dgef", "prefecture"], "pdf": "oui"})
    assert folder is not None
    sur_disque = [p for p in folder.rglob("*") if p.is_file()]
    jour = AUJOURD_HUI.isoformat()
    listes = re.findall(rf'href="{re.escape(page)}/{jour}/([^"]+)" download', shown)
    annonce = re.search(r"(\d+) fichiers produits dans", visible_text(shown))
    assert annonce is not None and int(annonce.group(1)) == len(listes) == len(sur_disque)
    texte = visible_text(shown)
    assert "2 copies PDF" in texte and f"{len(listes)} fichiers : " in texte
    assert ticked(shown, "pdf") == {"oui"}


def test_each_kind_of_file_is_counted():
    from lettres.web.pages.documents import count

    fichiers = [
        "1-signalement-dgef.eml",
        "1-signalement-dgef.txt",
        "2-courrier-prefecture.docx",
        "2-courrier-prefecture.pdf",
        "bordereau-pieces.docx",
        "pieces/01_capture.png",
        "pieces-telerecours/requete.pdf",
    ]
    assert count(fichiers) == (
        "7 fichiers : 2 documents Word, 1 brouillon de courriel, 1 texte à coller, 1 copie PDF, 1 pièce numérotée "
        "et 1 fichier pour Télérecours"
    )
    assert count(["a.docx"]) == "1 fichier" and count(["a.docx", "b.docx"]) == "2 fichiers"


# --- in Chromium: « en cours… » while the server works -------------------------------------------------


@sans_chromium
def test_the_button_says_en_cours_until_the_page_of_the_result(browser, tmp_path, data):
    """The POST is held by the browser's test harness (as a slow LibreOffice would): the status text and the
    disabled button show before the page of the result; then Back, Forward and reload send nothing again."""
    from playwright.sync_api import expect

    from lettres.web.etat import identifiant

    dossiers = tmp_path / "dossiers"
    write_dossier(dossiers / "diallo", data)
    serveur = Serveur(dossiers, tmp_path / "config.yaml")
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR")
    try:
        tab = context.new_page()
        problems: list[str] = []
        tab.on("console", lambda m: m.type == "error" and problems.append(m.text))
        tab.on("pageerror", lambda e: problems.append(str(e)))
        tab.goto(serveur.adresse)
        origine = tab.url.rstrip("/")
        tab.goto(f"{origine}/dossier/{identifiant('diallo/dossier.yaml')}/documents")
        held = []
        tab.route(
            re.compile(r"/documents$"),
            lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
        )
        pdf = tab.locator("#pdf").count() == 1
        if pdf:  # LibreOffice is there: its conversion runs for real once the request goes on
            tab.check("#pdf")
        # what the page shows 0.1 s after the click, noted where the next page can read it (Playwright
        # itself waits for a navigation under way before it reads a page)
        tab.evaluate(
            """() => document.querySelector("#produire").addEventListener("submit", () => setTimeout(() => {
              const b = document.querySelector("#produire button[type=submit]");
              const s = document.querySelector("#produire [role=status]");
              const vu = [s.textContent, s.getBoundingClientRect().height > 0, b.textContent, b.disabled];
              sessionStorage.setItem("vu", JSON.stringify(vu));
            }, 100))"""
        )
        tab.locator("#produire button[type=submit]").click(no_wait_after=True)
        wait_for(lambda: held or tab.wait_for_timeout(50), timeout=30)
        tab.wait_for_timeout(500)  # the answer is still held: the page of the form is still shown
        with tab.expect_navigation(timeout=120_000):
            held[0].continue_()
        tab.unroute(re.compile(r"/documents$"))
        statut, visible, libelle, desactive = json.loads(tab.evaluate("sessionStorage.getItem('vu')"))
        assert "Production des documents en cours" in statut and visible, statut
        assert not pdf or "conversion en PDF par LibreOffice" in statut, statut
        assert libelle == "En cours…" and desactive
        expect(tab.locator("main")).to_contain_text("fichiers produits dans", timeout=120_000)
        assert "?resultat=" in tab.url and "DIALLO" not in tab.url
        resultat = tab.url
        shot(tab, "documents-produits")
        texte = tab.inner_text("main")
        if pdf:
            assert "copies PDF" in texte
        sorties = dossiers / "sorties"
        avant = sorted(p.relative_to(sorties).as_posix() for p in sorties.rglob("*"))
        tab.go_back()
        expect(tab.locator("#produire button[type=submit]")).to_be_enabled()
        tab.go_forward()
        assert tab.url == resultat
        tab.reload()
        assert tab.inner_text("main") == texte
        assert sorted(p.relative_to(sorties).as_posix() for p in sorties.rglob("*")) == avant
        assert axe_violations(tab) == []
        assert not problems, problems
    finally:
        context.close()
        code, _, err = serveur.stop()
        assert code == 130, err
