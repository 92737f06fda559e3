"""``lettres web`` on a desk screen (1366×768) and on a phone (390×844), in Chromium: every page of the demo
dossiers fits the width (no sideways scroll; tables become cards with their headers as labels), long paths
wrap, the first Tab reaches « Aller au formulaire » / « Aller au contenu » and the first field is three Tabs
away, and axe-core finds nothing.

``LETTRES_CAPTURES=DOSSIER`` keeps the screenshots the docs show there, ``NOM.png`` at 1366 px and
``NOM-telephone.png`` at 390 px (``outils/captures_web.py`` copies them to docs/captures/).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AUJOURD_HUI
from navigateur import axe_violations, key_id, sans_chromium, shot
from web_outils import Serveur

pytestmark = sans_chromium

ECRANS = {"bureau": {"width": 1366, "height": 768}, "telephone": {"width": 390, "height": 844}}

# the first field of the form, reached from the page's top by Tab alone (the skip link followed or not)
CHAMP = "el => !!el.closest && !!el.closest('form.page-dossier') && el.matches('input, select, textarea')"


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> Path:
    """The demo dossiers, one per situation, in the folder the server shows."""
    from lettres.demo import copy_example, situations_demo

    racine = tmp_path_factory.mktemp("telephone") / "essai"
    for situation in (None, *situations_demo()):
        copy_example(racine, situation, AUJOURD_HUI)
    return racine


@pytest.fixture(scope="module")
def serveur(dossiers):
    server = Serveur(dossiers, dossiers.parent / "config.yaml")
    yield server
    code, _, err = server.stop()
    assert code == 130, err


@pytest.fixture(params=list(ECRANS))
def ecran(request) -> str:
    return request.param


@pytest.fixture
def onglet(browser, serveur, ecran):
    """A tab of the given width, logged in (the printed key once, then the same session's cookie)."""
    context = browser.new_context(viewport=ECRANS[ecran], accept_downloads=True, locale="fr-FR")
    tab = context.new_page()
    problems: list[str] = []
    # the error page answers 404 and a second « Produire » 409: the status of the page, not a script error
    tab.on(
        "console",
        lambda m: m.type in ("error", "warning")
        and not m.text.startswith("Failed to load resource: the server responded with a status of 4")
        and problems.append(m.text),
    )
    tab.on("pageerror", lambda e: problems.append(str(e)))
    if not hasattr(serveur, "cookies"):
        tab.goto(serveur.adresse)
        assert "jeton" not in tab.url, tab.url
        serveur.cookies, serveur.accueil = context.cookies(), tab.url
    else:
        context.add_cookies(serveur.cookies)
        tab.goto(serveur.accueil)
    yield tab
    context.close()
    assert not problems, problems


def capture(tab, ecran: str, name: str) -> None:
    shot(tab, name if ecran == "bureau" else f"{name}-telephone")


def sideways(tab) -> str:
    """What sticks out on the right of the window (empty when the page fits its width)."""
    return tab.evaluate(
        """() => {
          const width = window.innerWidth;
          if (document.documentElement.scrollWidth <= width) { return ""; }
          const wide = Array.from(document.querySelectorAll("body *"))
            .filter(e => e.getBoundingClientRect().right > width + 0.5)
            .map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " "
                 + Math.round(e.getBoundingClientRect().right) + "px");
          return document.documentElement.scrollWidth + "px > " + width + "px : " + wide.slice(0, 6).join(", ");
        }"""
    )


def origine(tab) -> str:
    """The server's address as the browser knows it (its own host name, which carries the cookie)."""
    parts = urlsplit(tab.url)
    return f"{parts.scheme}://{parts.netloc}"


def dossier_de(tab, nom: str) -> str:
    """The address of a dossier's pages (without its last part), from the home page's link."""
    tab.goto(origine(tab) + "/")
    with tab.expect_navigation():
        tab.get_by_role("link", name=re.compile(nom)).first.click()
    return tab.url.rsplit("/", 2)[0] if "/page/" in tab.url else tab.url.rsplit("/", 1)[0]


def run_batch(tab, tmp_path: Path) -> None:
    """A two-row batch, one row refused: the report and its table of refused rows."""
    from lettres.dossier.questions import schema_columns

    tab.goto(origine(tab) + "/lot")
    columns = ["id", *schema_columns()]
    row = {
        "id": "L1",
        "personne.nom": "SOW",
        "personne.prenoms": "Fatoumata",
        "personne.date_naissance": "01/01/1992",
        "personne.nationalite": "sénégalaise",
        "demande.nature": "premiere_demande",
        "demande.titre": "carte de séjour temporaire",
        "demande.prefecture": "06",
        "blocage.types": "erreur_validation",
        "blocage.depuis": "20/09/2026",
    }
    bad = {**row, "id": "L2", "demande.prefecture": "99"}
    csv = tmp_path / "cas.csv"
    csv.write_text(
        "\n".join([";".join(columns)] + [";".join(r.get(c, "") for c in columns) for r in (row, bad)]) + "\n",
        encoding="utf-8",
    )
    tab.set_input_files("#tableur", str(csv))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Lancer le lot").click()
    for _ in range(600):
        if tab.title().startswith("Lot terminé"):
            break
        tab.wait_for_timeout(100)
    assert tab.title().startswith("Lot terminé"), tab.inner_text("main")


def produce(tab, dossier: str) -> None:
    """« Produire les documents » (again, the second time: the day's documents are replaced)."""
    tab.goto(f"{dossier}/documents")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Produire les documents").click()
    remplacer = tab.get_by_role("button", name=re.compile("^Remplacer"))
    if remplacer.count():
        with tab.expect_navigation():
            remplacer.first.click()
    assert tab.get_by_role("link", name=re.compile("Tout télécharger")).count() >= 1, tab.inner_text("main")


def check(tab, found: dict[str, list[str]], label: str) -> None:
    """One page: a single h1, French, no sideways scroll, nothing for axe-core."""
    assert tab.locator("h1").count() == 1 and tab.get_attribute("html", "lang") == "fr", label
    problems = []
    trop = sideways(tab)
    if trop:
        problems.append(f"défilement horizontal : {trop}")
    problems += axe_violations(tab)
    if problems:
        found[label] = problems


def test_every_page_fits_the_screen_and_passes_axe(onglet, ecran, serveur, tmp_path):
    tab = onglet
    base = origine(tab)
    found: dict[str, list[str]] = {}
    tab.goto(f"{base}/")
    check(tab, found, "accueil")
    capture(tab, ecran, "accueil")
    dossier = dossier_de(tab, "DIALLO Aminata")
    tab.goto(f"{dossier}/page/personne")
    sections = tab.eval_on_selector_all(".sections a", "links => links.map(a => a.href)")
    assert len(sections) >= 6, sections
    for url in sections:
        tab.goto(url)
        check(tab, found, urlsplit(url).path.rsplit("/", 1)[1])
    tab.goto(f"{dossier}/demarches")
    capture(tab, ecran, "demarches")
    tab.goto(f"{dossier}/point")
    check(tab, found, "point")
    capture(tab, ecran, "point")
    produce(tab, dossier)
    check(tab, found, "documents")
    capture(tab, ecran, "documents")
    for chemin in ("/reglages", "/bilan", "/lot", "/dossier/0123456789abcdef/point"):
        tab.goto(base + chemin)
        check(tab, found, chemin)
    assert "Impossible d'afficher cette page" in tab.inner_text("h1")
    run_batch(tab, tmp_path)
    check(tab, found, "lot terminé")
    capture(tab, ecran, "lot")
    # a page with an error beside its field
    tab.goto(f"{dossier}/page/personne")
    tab.fill(key_id("personne.date_naissance"), "31/02/1990")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer et continuer").click()
    assert "le 31 février 1990 n'existe pas" in tab.inner_text("main")
    check(tab, found, "saisie avec une erreur")
    capture(tab, ecran, "saisie-erreur")
    tab.fill(key_id("personne.date_naissance"), "12/04/1990")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer et continuer").click()
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def tabs_to_first_field(tab, skip: bool) -> int:
    """How many Tabs from the top of the page to the form's first field (Enter on the skip link if ``skip``)."""
    for count in range(1, 80):
        tab.keyboard.press("Tab")
        if count == 1 and skip:
            tab.keyboard.press("Enter")
        if tab.evaluate(f"({CHAMP})(document.activeElement)"):
            return count
    raise AssertionError("le premier champ n'est jamais atteint au clavier")


def test_measure(onglet, ecran, serveur):
    tab = onglet
    dossier = dossier_de(tab, "DIALLO Aminata")
    tab.goto(f"{dossier}/page/demande")
    print(ecran, "sans évitement", tabs_to_first_field(tab, False))
    tab.goto(f"{dossier}/page/demande")
    print(ecran, "avec évitement", tabs_to_first_field(tab, True))
