"""``lettres web`` on a desk screen (1366×768) and on a phone (390×844), in Chromium: every page of the demo
dossiers fits the width (no sideways scroll; tables become cards with their headers as labels), long paths
wrap, the first Tab reaches « Aller au formulaire » / « Aller au contenu » and the first field is at most
three Tabs away, and axe-core finds nothing.

``LETTRES_CAPTURES=DOSSIER`` keeps the screenshots the docs show there, ``NOM.png`` at 1366 px and
``NOM-telephone.png`` at 390 px (``outils/captures_web.py`` copies them to docs/captures/).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import AUJOURD_HUI
from navigateur import CAPTURES, axe_violations, key_id, sans_chromium, send_batch, shot, two_row_csv
from web_outils import Serveur

pytestmark = sans_chromium

ECRANS = {"bureau": {"width": 1366, "height": 768}, "telephone": {"width": 390, "height": 844}}

# the home table's columns
COLONNES = ["Personne", "Situation", "Prochaine échéance", "Étapes manquantes", "Prochaine action"]
# the first field of the form, reached from the page's top by Tab alone (the skip link followed or not)
CHAMP = "el => !!el.closest && !!el.closest('form.page-dossier') && el.matches('input, select, textarea')"


@pytest.fixture(scope="module")
def dossiers(tmp_path_factory) -> Path:
    """The demo dossiers, one per situation, in the folder the server shows."""
    from lettres.demo import copy_example, situations_demo

    # a long folder name without a hyphen (as a Windows user may name it): it shows in every page's footer,
    # in the documents' and the batch's paths, and must wrap on a phone
    racine = tmp_path_factory.mktemp("telephone") / "DossiersAccueilEtAccompagnementDesPersonnesEtrangeres2026"
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
        lambda m: (
            m.type in ("error", "warning")
            and not m.text.startswith("Failed to load resource: the server responded with a status of 4")
            and problems.append(m.text)
        ),
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


def capture(tab, ecran: str, name: str, ancre: str = "") -> None:
    """The screenshot of the docs; on a phone, ``ancre`` at the top of the screen (what the page is about)."""
    if ecran == "bureau" or not ancre:
        shot(tab, name if ecran == "bureau" else f"{name}-telephone")
    elif CAPTURES:
        tab.evaluate("a => document.querySelector(a).scrollIntoView()", ancre)
        tab.screenshot(path=str(Path(CAPTURES) / f"{name}-telephone.png"))


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
    tab.goto(origine(tab) + "/lot")
    send_batch(tab, two_row_csv(tmp_path / "cas.csv"))


def produce(tab, dossier: str) -> None:
    """« Produire les documents », or the second time « Reprendre les documents cochés »."""
    tab.goto(f"{dossier}/documents")
    with tab.expect_navigation():
        tab.get_by_role("button", name=re.compile("^(Produire les documents|Reprendre les documents cochés)$")).click()
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
    check(tab, found, "demarches")
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
    if ecran == "telephone":
        raison = tab.eval_on_selector(
            "table.cartes td[data-label=Raison]", "c => getComputedStyle(c, '::before').content"
        )
        assert raison == '"Raison : " / ""', raison
    capture(tab, ecran, "lot", "#lignes-refusees")
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


def test_the_first_tab_skips_to_the_form(onglet, ecran):
    """« Aller au formulaire » is the first Tab of a dossier page, and the first field the next one (the
    sections' list and the menus are skipped); other pages: « Aller au contenu »."""
    tab = onglet
    tab.keyboard.press("Tab")
    assert tab.evaluate("[document.activeElement.textContent, document.activeElement.hash]") == [
        "Aller au contenu",
        "#contenu",
    ]
    dossier = dossier_de(tab, "DIALLO Aminata")
    for code in ("personne", "demande", "blocage"):
        tab.goto(f"{dossier}/page/{code}")
        # the menus and the list of sections: a dozen Tabs and more before the first field without the link
        assert tabs_to_first_field(tab, skip=False) >= 15
        tab.goto(f"{dossier}/page/{code}")
        tab.keyboard.press("Tab")
        lien = tab.evaluate("document.activeElement.textContent")
        assert lien == "Aller au formulaire", lien
        # shown on the screen when it has the focus
        box = tab.evaluate("JSON.stringify(document.activeElement.getBoundingClientRect())")
        assert '"x":-' not in box and tab.locator(".evitement").is_visible(), box
        # on a phone the list of sections comes after the form, beside it on a desk screen
        top, bottom = tab.evaluate(
            """() => [document.querySelector(".sections").getBoundingClientRect().top,
                      document.querySelector("#formulaire").getBoundingClientRect().bottom]"""
        )
        assert (top > bottom) == (ecran == "telephone"), (top, bottom)
        tab.goto(f"{dossier}/page/{code}")
        assert tabs_to_first_field(tab, skip=True) <= 3
        # the very first answer of the form (a radio group: its chosen button), not one further down
        assert tab.evaluate(
            """() => document.activeElement.name === document.querySelector("#formulaire").querySelector(
                 "input:not([type=hidden]), select, textarea").name"""
        ), (code, tab.evaluate("document.activeElement.outerHTML"))


def accessibility_tree(tab) -> list[tuple[str, str]]:
    """What Chromium gives screen readers, in order: (role, name) of each node shown."""
    cdp = tab.context.new_cdp_session(tab)
    nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [
        (n["role"]["value"], n.get("name", {}).get("value", ""))
        for n in nodes
        if not n.get("ignored") and n["role"]["value"] not in ("none", "generic", "InlineTextBox")
    ]


def test_tables_become_cards_on_a_phone(onglet, ecran):
    """Under 600 px each row of the home table is a card as wide as the screen, each cell shows its column's
    name; screen readers still get a table with its column headers, at both widths, without the name read twice."""
    tab = onglet
    # the six demo dossiers (and the people of a batch run before, where a batch writes dossiers)
    rows = tab.locator("table.suivi tbody tr").count()
    assert rows >= 6
    labels = tab.eval_on_selector_all(
        "table.suivi tbody tr:first-child td",
        "cells => cells.map(c => getComputedStyle(c, '::before').content)",
    )
    widths = tab.eval_on_selector_all(
        "table.suivi tbody tr", "rows => rows.map(r => Math.round(r.getBoundingClientRect().right))"
    )
    if ecran == "telephone":
        # each cell shows its column's name, not given to screen readers (« / "" »: they have the header)
        assert labels == [f'"{name} : " / ""' for name in COLONNES[1:]], labels
        assert tab.evaluate("document.querySelector('table.suivi thead').getBoundingClientRect().height") <= 1
        assert max(widths) <= 390 - 16, widths
    else:
        assert set(labels) == {"none"}, labels
        assert tab.evaluate("getComputedStyle(document.querySelector('table.suivi')).display") == "table"
    tree = accessibility_tree(tab)
    headers = [name for role, name in tree if role == "columnheader"]
    assert headers == COLONNES
    assert ("table", "Dossiers, du plus urgent au moins urgent") in tree
    cells = [name for role, name in tree if role == "cell"]
    assert len(cells) == rows * 4 and not any(c.startswith(("Situation", "Prochaine", "Étapes")) for c in cells), cells
    assert not any(name.startswith("Situation :") for _, name in tree)
