"""``lettres web`` in a real browser (Chromium driven by Playwright), as a new user tries it: the command
run in a terminal, its address opened, a dossier created from nothing, screenshots given by the file
picker, by drag-and-drop and by pasting, the point, the letters downloaded and read; a batch; the keyboard
alone; every page checked for accessibility (axe-core); then the same folder in the terminal.

``LETTRES_CAPTURES=DOSSIER`` keeps screenshots of the pages there (``outils/captures_web.py``: the docs').
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from docx_texte import docx_text
from lettres.dossier import load_dossier
from navigateur import (
    add_demarche,
    axe_violations,
    choose,
    continue_,
    drop_image,
    fill,
    key_id,
    paste_image,
    sans_chromium,
    send_batch,
    shot,
    two_row_csv,
)
from web_outils import Serveur

DEMO = Path(__file__).resolve().parent.parent / "lettres" / "demo" / "captures"

pytestmark = sans_chromium


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("web") / "essai"


@pytest.fixture(scope="module")
def serveur(dossiers):
    server = Serveur(dossiers, dossiers.parent / "config.yaml")
    yield server
    code, out, err = server.stop()
    # Ctrl-C: a clean stop (130), and nothing personal in what the server printed
    assert code == 130, err
    assert "lettres web arrêté" in err
    assert "DIALLO" not in out + err and "Aminata" not in out + err
    assert server.adresse.split("jeton=")[1] not in err


@pytest.fixture
def page(browser, serveur):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True, locale="fr-FR")
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: m.type in ("error", "warning") and problems.append(f"{m.text} {m.location.get('url', '')}"))
    tab.on("pageerror", lambda e: problems.append(str(e)))
    if not hasattr(serveur, "cookies"):
        # the printed address, once: its key is exchanged on the server's own host name, then dead
        tab.goto(serveur.adresse)
        assert "jeton" not in tab.url and re.match(r"http://lettres-[0-9a-f]{12}\.localhost:\d+/$", tab.url), tab.url
        serveur.cookies, serveur.accueil = context.cookies(), tab.url
        assert [c["domain"] for c in serveur.cookies] == [urlsplit(tab.url).hostname]  # not 127.0.0.1
    else:  # the other tests of the module: the same browser session (the key is good for one visit)
        context.add_cookies(serveur.cookies)
        tab.goto(serveur.accueil)
    yield tab
    context.close()
    assert not problems, problems  # no script error, no CSP violation


def test_a_new_user_creates_a_dossier_and_gets_its_letters(page, serveur, dossiers, run, monkeypatch, tmp_path):
    tab = page
    shot(tab, "accueil-vide")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Nouveau dossier").click()
    choose(tab, "personne.civilite", "Madame")
    fill(
        tab,
        {
            "personne.nom": "DIALLO",
            "personne.prenoms": "Aminata Fatou",
            "personne.date_naissance": "31/02/1990",
            "personne.lieu_naissance": "Conakry (Guinée)",
            "personne.nationalite": "guinéenne",
            "personne.adresse": "12 rue des Lilas\n13003 Marseille",
            "personne.courriel": "aminata.diallo@example.org",
        },
    )
    continue_(tab)
    # the error is next to its field, the summary takes the focus, nothing typed is lost
    assert "le 31 février 1990 n'existe pas" in tab.inner_text(f"#bloc-{key_id('personne.date_naissance')[1:]}")
    assert tab.evaluate("document.activeElement.id") == "erreurs"
    assert tab.input_value(key_id("personne.lieu_naissance")) == "Conakry (Guinée)"
    shot(tab, "saisie-erreur")
    tab.reload()
    assert tab.input_value(key_id("personne.date_naissance")) == "31/02/1990"
    fill(tab, {"personne.date_naissance": "12/04/1990"})
    continue_(tab)

    choose(tab, "demande.nature", "Renouvellement")
    fill(tab, {"demande.titre": "carte de séjour pluriannuelle « salarié »", "personne.numero_etranger": "7501234567"})
    fill(tab, {"demande.prefecture": "Marseille"})  # typed: the number, the département or the city
    fill(tab, {"demande.numero_anef": "13-2026-0081527", "demande.date_depot": "24/08/2026"})
    # the renewal's question appears as soon as the choice is made (the page asks the server which apply)
    tab.wait_for_selector(key_id("demande.titre_actuel_expiration"), state="visible")
    fill(tab, {"demande.titre_actuel_expiration": "15/12/2026"})
    # the filing date typed opens the questions of a demande filed: shown at once, left blank
    tab.wait_for_selector(f"#bloc-{key_id('demande.document_provisoire')[1:]}", state="visible")
    continue_(tab)
    assert "Étape 3 sur 10" in tab.inner_text("main")

    choose(tab, "signataire", "L'accompagnant ou l'accompagnante")
    continue_(tab)
    choose(tab, "accompagnant.civilite", "Monsieur")
    fill(
        tab,
        {
            "accompagnant.nom": "MARTIN",
            "accompagnant.prenom": "Paul",
            "accompagnant.fonction": "travailleur social",
            "accompagnant.structure": "Association Exemple",
            "accompagnant.adresse": "1 place Exemple\n13001 Marseille",
            "accompagnant.courriel": "paul.martin@exemple.org",
        },
    )
    continue_(tab)

    tab.locator(f"#bloc-{key_id('blocage.types')[1:]}").get_by_label("Échec du téléversement", exact=False).check()
    fill(
        tab,
        {
            "blocage.depuis": "21/09/2026",
            "blocage.message_erreur": "Une erreur technique est survenue",
            "blocage.description": "Le téléversement de l'attestation de l'employeur échoue à chaque tentative.",
            "blocage.consequences": "Mme DIALLO risque de perdre son emploi d'aide-soignante.",
        },
    )
    continue_(tab)
    assert "Dossier créé" in tab.inner_text("main")
    path = dossiers / "DIALLO_Aminata" / "dossier.yaml"
    assert path.is_file()

    capture = (DEMO / "2026-09-21-erreur-televersement.png").read_bytes()
    add_demarche(
        tab,
        {"demarches.date": "21/09/2026", "demarches.detail": "Échec du téléversement"},
        "capture_ecran",
        lambda t: t.set_input_files("#champ-pieces", str(DEMO / "2026-09-21-erreur-televersement.png")),
    )
    add_demarche(
        tab,
        {"demarches.date": "22/09/2026", "demarches.detail": "Formulaire « Nous contacter »"},
        "formulaire_contact",
        lambda t: t.set_input_files("#champ-pieces", str(DEMO / "2026-09-22-accuse-formulaire.png")),
    )

    def pasted(t):
        paste_image(t, "#champ-pieces", (DEMO / "2026-09-29-journal-appels.png").read_bytes())
        assert "sera ajouté" in t.inner_text("[data-apercus]")
        shot(t, "demarche-collee")

    add_demarche(
        tab,
        {"demarches.date": "29/09/2026", "demarches.heure": "10:42", "demarches.resultat": "ticket n° 2026-48213"},
        "appel_anef",
        pasted,
    )
    add_demarche(
        tab,
        {"demarches.date": "07/10/2026", "demarches.resultat": "aucun créneau disponible"},
        "demande_rdv",
        lambda t: drop_image(t, "[data-depot]", (DEMO / "2026-10-07-rdv-pan.png").read_bytes(), "rdv.png"),
    )
    add_demarche(tab, {"demarches.date": "15/10/2026", "demarches.resultat": "aucun créneau disponible"}, "demande_rdv")
    add_demarche(
        tab,
        {"demarches.date": "03/11/2026", "demarches.detail": "Courrier listant les démarches"},
        "courrier_prefecture",
    )
    add_demarche(
        tab, {"demarches.date": "10/11/2026", "demarches.detail": "Dossier transmis à ESPACE"}, "saisine_juriste"
    )
    shot(tab, "demarches")
    # the démarches are step 6 of 10; the sections after them are each shown in turn, then the review
    assert "Étape 6 sur 10" in tab.inner_text("main")
    with tab.expect_navigation():
        tab.get_by_role("link", name="Continuer : Les justificatifs").click()
    for numero, titre in ((7, "Les justificatifs"), (8, "L'envoi à la préfecture"), (9, "La note d'orientation")):
        assert f"Étape {numero} sur 10" in tab.inner_text("main") and titre in tab.inner_text("h2")
        continue_(tab)
    assert "Étape 10 sur 10" in tab.inner_text("main") and "L'issue du dossier" in tab.inner_text("h2")
    continue_(tab)
    assert tab.url.split("?")[0].endswith("/revue"), tab.url
    revue = tab.inner_text("main")
    assert "Vérifier avant de produire les documents" in revue and revue.count("Modifier") >= 10
    assert "Lieu de naissance\nConakry (Guinée)" in revue or "Conakry (Guinée)" in revue
    shot(tab, "revue")
    # corrected from the review: the page, then back to the review
    with tab.expect_navigation():
        tab.get_by_role("link", name="Modifier : La personne accompagnée").click()
    fill(tab, {"personne.telephone": "06 12 34 56 78"})
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer et revenir à la vérification").click()
    assert tab.url.split("?")[0].endswith("/revue") and "06 12 34 56 78" in tab.inner_text("main")

    dossier = load_dossier(path)
    assert dossier.personne.telephone == "06 12 34 56 78"
    assert [d.type for d in dossier.demarches] == [
        "capture_ecran",
        "formulaire_contact",
        "appel_anef",
        "demande_rdv",
        "demande_rdv",
        "courrier_prefecture",
        "saisine_juriste",
    ]
    assert dossier.demarches[0].pieces == ["captures/2026-09-21-capture-ecran-1.png"]
    assert (path.parent / dossier.demarches[0].pieces[0]).read_bytes() == capture
    assert dossier.demarches[2].pieces == ["captures/2026-09-29-appel-anef-1.png"]
    assert dossier.demarches[3].pieces == ["captures/2026-10-07-demande-rdv-1.png"]

    with tab.expect_navigation():
        tab.get_by_role("link", name="Voir le point sur le dossier").click()
    text = tab.inner_text("main")
    for numero in range(1, 7):
        assert f"{numero}. " in text
    # the letter to the préfecture was logged without its copy: done, not proven (issue 20)
    assert text.count("— prouvée") == 5 and text.count("— faite, sans pièce") == 1 and "— manquante" not in text
    assert "Titre actuel : expire le 15 décembre 2026" in text or "Titre actuel : a expiré le 15 décembre 2026" in text
    shot(tab, "point")

    tab.go_back()  # to the review: the documents are reached from it
    with tab.expect_navigation():
        tab.get_by_role("link", name="Produire les documents").click()
    with tab.expect_navigation():
        tab.get_by_role("button", name="Produire les documents").click()
    assert "fichiers produits dans" in tab.inner_text("main")
    shot(tab, "documents")
    # the letter to the préfecture is in the chronology as sent: it is not written a second time
    assert "Le courrier à la préfecture n'est pas produit de nouveau" in tab.inner_text("main")
    with tab.expect_download() as download:
        tab.get_by_role("link", name="bordereau-pieces.docx").click()
    saved = tmp_path / "bordereau.docx"
    download.value.save_as(saved)
    lettre = docx_text(saved.read_bytes())
    assert "DIALLO" in lettre and "Total : 4 pièces." in lettre
    assert "2026-09-21" in lettre and "2026-09-29" in lettre and "04_2026-10-07_demande-rdv.png" in lettre
    with tab.expect_download() as archive:
        tab.get_by_role("link", name="Tout télécharger (ZIP)").click()
    assert re.search(r"_DIALLO_Aminata_[0-9a-f]{6}\.zip$", archive.value.suggested_filename)

    # the same folder, in the terminal
    monkeypatch.setenv("LETTRES_CONFIG", str(dossiers.parent / "config.yaml"))
    code, out, err = run("verifier", str(path))
    assert code == 0, err
    assert (
        out.count("│ prouvée") == 5 and out.count("│ faite, sans pièce") == 1 and not re.search(r"\bmanquante\b", out)
    )
    code, out, err = run("generer", str(path), "--sortie", str(tmp_path / "terminal"), "--lettres", "prefecture")
    assert code == 0, err
    # the letter went already (a step of the chronology): asked for by name, it is written as its relance
    lettre = docx_text((next((tmp_path / "terminal").iterdir()) / "2-relance-prefecture.docx").read_bytes())
    # a pièce the téléservice refuses: transmission on R. 431-11, not the substitution (R. 431-2, al. 3)
    assert "DIALLO" in lettre and "article R. 431-11 du CESEDA" in lettre and "solution de substitution" not in lettre
    assert "21/09/2026" in lettre and "29/09/2026" in lettre and "07/10/2026" in lettre


def test_the_keyboard_alone_fills_a_new_dossier(page):
    """Tab to each answer, type, Enter sends the page: no mouse needed."""
    tab = page
    tab.keyboard.press("Tab")  # « Aller au contenu »
    while tab.evaluate("document.activeElement.textContent.trim()") != "Nouveau dossier":
        tab.keyboard.press("Tab")
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    answers = {
        "personne.nom": "KEITA",
        "personne.prenoms": "Moussa",
        "personne.date_naissance": "03/06/1985",
        "personne.nationalite": "malienne",
    }
    answers["personne.civilite"] = " "  # a radio button: Space ticks it (the civilité is never chosen for her)
    for _ in range(60):
        tab.keyboard.press("Tab")
        focused = tab.evaluate("document.activeElement.name")
        if focused == "personne.civilite" and focused in answers:
            tab.keyboard.press("Space")
            answers.pop(focused)
        elif focused in answers:
            tab.keyboard.type(answers.pop(focused))
        if not answers:
            break
    assert not answers, f"jamais atteint au clavier : {answers}"
    with tab.expect_navigation():
        tab.keyboard.press("Enter")
    assert tab.url.endswith("/page/demande"), tab.url
    assert "KEITA Moussa" in tab.inner_text("h1")


def test_every_page_passes_the_accessibility_checks(page, serveur, dossiers):
    tab = page
    base = serveur.base
    source = Path(__file__).resolve().parent.parent / "lettres" / "demo"
    target = dossiers / "demo"
    if not target.exists():
        shutil.copytree(source / "captures", target / "captures")
        shutil.copy(source / "dossier.yaml", target / "dossier.yaml")
    tab.goto(f"{base}/")
    shot(tab, "accueil")
    with tab.expect_navigation():
        tab.get_by_role("link", name="DIALLO Aminata Fatou").first.click()
    dossier = tab.url.rsplit("/", 1)[0]
    urls = [
        f"{base}/",
        f"{dossier}/page/personne",
        f"{dossier}/page/demande",
        f"{dossier}/page/blocage",
        f"{dossier}/page/orientation",
        f"{dossier}/demarches",
        f"{dossier}/revue",
        f"{dossier}/point",
        f"{dossier}/documents",
        f"{base}/lot",
        f"{base}/reglages",
    ]
    found = {}
    for url in urls:
        tab.goto(url)
        assert tab.locator("h1").count() == 1 and tab.get_attribute("html", "lang") == "fr"
        violations = axe_violations(tab)
        if violations:
            found[url] = violations
    # a page with errors shown: messages are tied to their fields
    with tab.expect_navigation():
        tab.goto(f"{dossier}/page/personne")
    tab.fill(key_id("personne.date_naissance"), "99/99/1990")
    continue_(tab)
    violations = axe_violations(tab)
    if violations:
        found["erreurs"] = violations
    assert not found, found
    # leave the demo's file as it was
    tab.fill(key_id("personne.date_naissance"), "12/04/1990")
    continue_(tab)


def test_a_small_batch_in_the_browser(page, tmp_path):
    tab = page
    with tab.expect_navigation():
        tab.get_by_role("link", name="Lot (tableur)").click()
    with tab.expect_download() as modele:
        tab.get_by_role("link", name="Télécharger le tableur à remplir (XLSX)").click()
    assert modele.value.suggested_filename == "tableur-lettres.xlsx"
    text = send_batch(tab, two_row_csv(tmp_path / "cas.csv"))
    assert "1 dossier généré, 1 ligne rejetée" in text
    assert "L2" in text and "demande.prefecture" in text
    shot(tab, "lot")
    with tab.expect_download() as resultats:
        tab.get_by_role("link", name="Télécharger les résultats (ZIP)").click()
    assert resultats.value.suggested_filename.startswith("lot-")
