"""Helpers for the tests that drive ``lettres web`` in Chromium (Playwright): fill, choose, add a démarche,
paste or drop a screenshot, take a screenshot for the docs, run axe-core.

``LETTRES_CAPTURES=DOSSIER`` keeps screenshots of the pages there (``outils/captures_web.py``: the docs').
"""

from __future__ import annotations

import base64
import json
import os
from contextlib import contextmanager
from pathlib import Path

import pytest

from lettres.dossier.entretien import asks_time
from web_outils import CHROMIUM, CHROMIUM_ARGS, visible_text

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"
CAPTURES = os.environ.get("LETTRES_CAPTURES")

# CI installs chromium (.ci/run): there, its absence is a failure, not a skip
sans_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="Chromium absent (paquet Debian chromium)"
)


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def key_id(key: str) -> str:
    return "#champ-" + key.replace(".", "-").replace("_", "-")


def fill(tab, values: dict[str, str]) -> None:
    for key, value in values.items():
        tab.fill(key_id(key), value)


def choose(tab, key: str, label: str) -> None:
    tab.locator(f"#bloc-{key_id(key)[1:]}").get_by_label(label, exact=True).check()


def continue_(tab) -> None:
    with tab.expect_navigation():
        tab.get_by_role("button", name="Enregistrer et continuer").click()


def shot(tab, name: str) -> None:
    if CAPTURES:
        Path(CAPTURES).mkdir(parents=True, exist_ok=True)
        tab.evaluate("window.scrollTo(0, 0)")
        tab.screenshot(path=str(Path(CAPTURES) / f"{name}.png"), full_page=False)


def paste_image(tab, selector: str, png: bytes, name: str = "image.png") -> None:
    """Ctrl-V of a screenshot: a paste event carrying a PNG file, on the focused element."""
    tab.focus(selector)
    tab.evaluate(
        """([b64, name]) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], name, {type: "image/png"}));
          document.activeElement.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""",
        [base64.b64encode(png).decode(), name],
    )


def drop_image(tab, selector: str, png: bytes, name: str) -> None:
    """A file dragged from the file explorer and dropped on the zone."""
    tab.evaluate(
        """([selector, b64, name]) => {
          const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], name, {type: "image/png"}));
          const zone = document.querySelector(selector);
          zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: data, bubbles: true, cancelable: true}));
          zone.dispatchEvent(new DragEvent("drop", {dataTransfer: data, bubbles: true, cancelable: true}));
        }""",
        [selector, base64.b64encode(png).decode(), name],
    )


def add_demarche(tab, values: dict[str, str], type_: str, pieces=None) -> None:
    from playwright.sync_api import expect

    assert tab.locator(key_id("demarches.type")).count() == 1, (tab.url, tab.inner_text("body")[:3000])
    tab.select_option(key_id("demarches.type"), type_)
    # the time is asked for calls and visits only, as in the terminal: the field shows as the type changes
    heure = expect(tab.locator(key_id("demarches.heure")))
    if asks_time(type_):
        heure.to_be_visible()
    else:
        heure.to_be_hidden()
    fill(tab, values)
    if pieces:
        pieces(tab)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Ajouter la démarche").click()
    assert "Démarche ajoutée au journal." in tab.inner_text("main"), tab.inner_text("main")[:3000]


def axe_violations(tab) -> list[str]:
    if not tab.evaluate("typeof window.axe !== 'undefined'"):
        tab.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = json.loads(
        tab.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    )
    assert len(result["passes"]) > 10, "axe-core n'a rien vérifié"
    assert any(p["id"] == "color-contrast" for p in result["passes"] + result["violations"])
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def two_row_csv(path: Path) -> Path:
    """A batch spreadsheet headed by the dossier's keys (as older spreadsheets are): one good row, L1, and one
    that names an unknown préfecture, L2."""
    from aides import LIGNE_LOT, batch_csv

    row = {**LIGNE_LOT, "id": "L1", "personne.nom": "SOW", "personne.prenoms": "Fatoumata", "demande.prefecture": "06"}
    path.write_bytes(batch_csv(row, {**row, "id": "L2", "demande.prefecture": "99"}))
    return path


def send_batch(tab, fichier: Path) -> str:
    """The spreadsheet sent from the Lot page; the report's text once the batch is done."""
    tab.set_input_files("#tableur", str(fichier))
    with tab.expect_navigation():
        tab.get_by_role("button", name="Lancer le lot").click()
    return wait_for_batch(tab)


def wait_for_batch(tab) -> str:
    """The report's text once the batch is done and its page loaded (it reloads itself every second until then)."""
    for _ in range(600):
        if tab.title().startswith("Lot terminé"):
            break
        tab.wait_for_timeout(100)
    assert tab.title().startswith("Lot terminé"), tab.inner_text("main")
    tab.wait_for_load_state("load")
    return visible_text(tab.content())


@contextmanager
def onglet(browser, serveur, largeur: int = 1366, hauteur: int = 768):
    """A tab of the server's browser session (the printed key exchanged on the first tab, its cookie given to the
    next ones); on leaving, no script error and no CSP violation may have been printed (each with its address)."""
    context = browser.new_context(viewport={"width": largeur, "height": hauteur}, locale="fr-FR")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type in ("error", "warning") and problems.append(f"{m.text} {m.location.get('url', '')}"))
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        if not hasattr(serveur, "cookies"):
            page.goto(serveur.adresse)
            serveur.cookies, serveur.accueil = context.cookies(), page.url
        else:
            context.add_cookies(serveur.cookies)
            page.goto(serveur.accueil)
        yield page
    finally:
        context.close()
    assert not problems, problems
