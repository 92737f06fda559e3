"""Zero terminal words in the web door: a caseworker who never opens a terminal reads no command to type, no
option, no dossier key and no internal code on any page — the pages reachable from the home page, every
warning a production gives, the settings, the bilan, the batch report and the error pages."""

from __future__ import annotations

import html as html_module
import re
import time
from collections import deque
from functools import cache
from urllib.parse import urldefrag

import pytest

from conftest import AUJOURD_HUI, write_dossier
from web_outils import new_web, visible_text

pytestmark = pytest.mark.usefixtures("aujourd_hui")

PAGES_MAX = 900  # the crawl's bound: far more than the pages of the dossiers below
# attributes a person reads (a placeholder, a tooltip, a screen reader's label, a picture's text)
ATTRIBUTS = re.compile(r"""\b(?:placeholder|title|aria-label|alt)\s*=\s*("[^"]*"|'[^']*')""")
LIEN = re.compile(r"""<a\b[^>]*\bhref\s*=\s*("[^"]*"|'[^']*')""")


@cache
def _motifs() -> list[tuple[str, re.Pattern[str]]]:
    """What the terminal says and a page must not: its commands, its options, the dossier's keys, the codes."""
    import click

    from lettres.cli import cli
    from lettres.dossier.schema import Dossier
    from lettres.referentiel import charger_referentiel

    commandes = cli.list_commands(click.Context(cli))
    cles = [re.escape(c) for c in sorted(_dotted_keys(Dossier), key=len, reverse=True)]
    situations = sorted(charger_referentiel().situations)
    return [
        ("commande", re.compile(rf"\blettres\s+({'|'.join(commandes)})\b")),
        ("option", re.compile(r"(?<![\w-])--[a-z][a-z-]*")),
        # « personne.nom », « envoi.prefet_civilite », « prefectures.13.courriel »
        ("clé du dossier", re.compile(rf"\b({'|'.join(cles)}|prefectures\.\w+\.[a-z_]+|structure\.[a-z_]+)\b")),
        # « prefet_civilite », « depot_incomplet », « deja_envoye »: no French word is written so
        ("code interne", re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")),
        ("situation", re.compile(rf"(?<![\w./-])({'|'.join(situations)})(?![\w./-])")),
    ]


def _dotted_keys(model, prefixe: str = "") -> set[str]:
    """Every key of the dossier written as in a YAML path or a spreadsheet column: « envoi.prefet_civilite »."""
    import typing

    from pydantic import BaseModel

    cles = set()
    for nom, champ in model.model_fields.items():
        cle = f"{prefixe}{nom}"
        if prefixe:
            cles.add(cle)
        for sous in (champ.annotation, *typing.get_args(champ.annotation)):
            for t in (sous, *typing.get_args(sous)):
                if isinstance(t, type) and issubclass(t, BaseModel):
                    cles |= _dotted_keys(t, f"{cle}.")
    return cles


def terminal_words(texte: str) -> list[str]:
    """The terminal's words in ``texte``: « commande : lettres verifier », « option : --lettres »…"""
    return [f"{nom} : {m.group(0)}" for nom, motif in _motifs() for m in motif.finditer(texte)]


def read(html: str, racine: str) -> str:
    """What a person reads on the page (text and read attributes), without the path of the user's own folder
    (named as it is on the disk)."""
    attributs = " ".join(html_module.unescape(m.group(1)[1:-1]) for m in ATTRIBUTS.finditer(html))
    return f"{visible_text(html)} {attributs}".replace(racine, "…")


def links(html: str) -> list[str]:
    """The page's links to other pages of the server (no file to download, no other site)."""
    found = []
    for m in LIEN.finditer(html):
        href = urldefrag(html_module.unescape(m.group(1)[1:-1]))[0]
        if not href.startswith("/") or href.startswith(("//", "/static/")):
            continue
        if re.search(r"/documents/\d{4}-\d{2}-\d{2}|\.(zip|xlsx|html)$|/piece/", href):
            continue  # a download, not a page
        found.append(href)
    return found


class Lecteur:
    """The pages read, and the terminal words found on each."""

    def __init__(self, web):
        self.web = web
        self.racine = str(web.racine.parent)  # the dossiers and the settings file, where the test put them
        self.fautes: dict[str, list[str]] = {}
        self.lues = 0

    def note(self, ou: str, response, *, statuts=(200,)) -> str:
        assert response.status_code in statuts, (ou, response.status_code, response.text[:1500])
        self.lues += 1
        mots = terminal_words(read(response.text, self.racine))
        if mots:
            self.fautes.setdefault(ou, []).extend(mots)
        return response.text

    def crawl(self, *departs: str) -> set[str]:
        """Every page reachable from ``departs`` by following links (GET, same server, bounded)."""
        vues = set(departs)
        file = deque(departs)
        while file:
            url = file.popleft()
            html = self.note(f"GET {url}", self.web.get(url))
            for href in links(html):
                if href not in vues:
                    assert len(vues) < PAGES_MAX, "le parcours ne finit pas"
                    vues.add(href)
                    file.append(href)
        return vues


def _sans_piece(data: dict) -> dict:
    for demarche in data["demarches"]:
        demarche["pieces"] = []
    return data


def _courrier_sans_accuse(data: dict) -> dict:
    """The préfecture letter sent by registered mail on 20 November, its acknowledgement not recorded: the référé
    waits for five days of transit and the fifteen of the reply."""
    data["demarches"].append(
        {
            "type": "courrier_prefecture",
            "date": "2026-11-20",
            "detail": "Courrier demandant une solution",
            "resultat": "sans réponse",
            "pieces": ["captures/courrier.png"],
        }
    )
    data["envoi"].update({"envoye_le": "2026-11-20", "prefecture_courriel": "etrangers@exemple.org"})
    return data


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


@pytest.fixture
def dossiers(web, data) -> list[str]:
    """Each demo situation's dossier, one without any pièce and one whose préfecture letter has no
    acknowledgement date, in the web's folder (folders named without any code): their identifiers."""
    import copy

    from lettres.demo import copy_example, situations_demo

    paths = []
    for numero, situation in enumerate((None, *situations_demo()), 1):
        exemple = copy_example(web.racine / "exemples", situation, AUJOURD_HUI)
        paths.append(exemple.parent.rename(web.racine / f"personne-{numero}") / "dossier.yaml")
    paths.append(write_dossier(web.racine / "sans-piece", _sans_piece(copy.deepcopy(data))))
    paths.append(write_dossier(web.racine / "sans-accuse", _courrier_sans_accuse(copy.deepcopy(data))))
    return [web.guichet.ident(p) for p in paths]


@pytest.fixture
def illisible(web, data) -> str:
    """A dossier file that does not follow the format (a date that does not exist, an unknown nature, an unknown
    key): what the page says of it names questions, not keys."""
    import copy

    casse = copy.deepcopy(data)
    casse["personne"]["date_naissance"] = "1990-02-31"
    casse["demande"]["nature"] = "inconnue"
    casse["envoi"]["prefet_civilite"] = "roi"
    casse["personne"]["surnom"] = "Ami"
    return web.guichet.ident(write_dossier(web.racine / "illisible", casse))


def test_the_detector_finds_what_the_terminal_says():
    """The words the issue found on the pages, each recognised (the crawl below can fail)."""
    for texte, attendu in [
        ("Dans un terminal : lettres verifier essai/dossier.yaml", "commande : lettres verifier"),
        ("demandez-la avec --lettres prefecture", "option : --lettres"),
        ("le champ envoi.prefet_civilite est vide", "clé du dossier : envoi.prefet_civilite"),
        ("indiquez-le avec lettres config", "commande : lettres config"),
        ("lettres nouveau : section « Blocage »", "commande : lettres nouveau"),
        ("Situation (depot_incomplet, api)", "code interne : depot_incomplet"),
        ("Situation (depot_incomplet, api)", "situation : api"),
        ("la clé prefectures.13.courriel", "clé du dossier : prefectures.13.courriel"),
    ]:
        assert attendu in terminal_words(texte), (texte, terminal_words(texte))
    assert (
        terminal_words(
            "Le courrier à la préfecture — 2-courrier-prefecture.docx, envoyé le 6 novembre 2026 — l'API n'est "
            "pas délivrée ; produit par lettres, dossier.yaml."
        )
        == []
    )


def test_no_page_reachable_from_home_shows_a_terminal_word(web, dossiers, illisible):
    lecteur = Lecteur(web)
    vues = lecteur.crawl("/")
    lecteur.note("dossier illisible", web.get(f"/dossier/{illisible}"), statuts=(400,))
    for ident in dossiers:  # every page of each dossier was reached from the home page
        assert {f"/dossier/{ident}/point", f"/dossier/{ident}/documents", f"/dossier/{ident}/demarches"} <= vues
    assert "/reglages" in vues and "/bilan" in vues and "/lot" in vues
    assert lecteur.fautes == {}


def _produce(lecteur: Lecteur, ident: str, donnees: dict, ou: str) -> str:
    response = lecteur.web.post(f"/dossier/{ident}/documents", donnees)
    assert response.status_code == 303, (ou, response.status_code)  # Post/Redirect/Get: the result is a page
    return lecteur.note(ou, lecteur.web.follow(response))


BOUTON = re.compile(r'<form method="post" action="(/dossier/[0-9a-f]+/documents)"[^>]*>(.*?)</form>', re.S)


def _buttons(html: str) -> list[dict]:
    """The warnings' and actions' buttons of a page: what each posts."""
    found = []
    for m in BOUTON.finditer(html):
        champs = re.findall(r'<input type="hidden" name="(lettres|remplacer)" value="([^"]*)"', m.group(2))
        donnees: dict = {"lettres": [v for k, v in champs if k == "lettres"]}
        if ("remplacer", "oui") in champs:
            donnees["remplacer"] = "oui"
        if donnees["lettres"] or "remplacer" in donnees:
            found.append(donnees)
    return found


def _written(document, page: str) -> bool:
    """``document`` is among the files listed on the page."""
    noms = [n for n in (document.docx, document.courriel) if n]
    return any(f"/{nom}" in page for nom in noms)


def test_no_warning_of_a_production_shows_a_terminal_word(web, dossiers, sans_libreoffice):
    """« Produire » on each dossier, each document alone, the same day again, then every button the warnings
    give: each warning and each refusal is phrased for the browser."""
    from lettres.documents.generation import DOCUMENTS

    lecteur = Lecteur(web)
    for ident in dossiers:
        page = _produce(lecteur, ident, {}, f"Produire {ident}")
        assert "fichiers produits dans" in visible_text(page)
        _produce(lecteur, ident, {}, f"Produire de nouveau {ident}")
        for donnees in _buttons(page):
            _produce(lecteur, ident, donnees, f"bouton {donnees} {ident}")
        # a document left out of the whole production, asked for alone: its refusal and what to do about it
        for document in (d for d in DOCUMENTS if not _written(d, page)):
            donnees = {"lettres": [document.code], "remplacer": "oui"}
            _produce(lecteur, ident, donnees, f"Produire {document.code} {ident}")
        lecteur.note(f"GET documents {ident}", web.get(f"/dossier/{ident}/documents"))
        lecteur.note(f"GET point {ident}", web.get(f"/dossier/{ident}/point"))
    assert lecteur.fautes == {}
    # the letter sent without its acknowledgement: the référé left out links to the field of its date
    sans_accuse = dossiers[-1]
    page = web.follow(web.post(f"/dossier/{sans_accuse}/documents", {"remplacer": "oui"})).text
    assert "ajoutez la date de l'avis de réception si vous l'avez." in visible_text(page)
    lien = f"/dossier/{sans_accuse}/page/envoi#champ-envoi-accuse-reception-le"
    assert f'<a href="{lien}">Reporter la date de l&#39;avis de réception</a>' in page
    assert 'id="champ-envoi-accuse-reception-le"' in web.get(lien.split("#")[0]).text


def test_settings_bilan_batch_and_error_pages_show_no_terminal_word(web, dossiers):
    from starlette.testclient import TestClient

    from web_outils import ORIGINE

    lecteur = Lecteur(web)
    for url in (
        "/reglages",
        "/bilan",
        "/lot",
        "/reglages?prefecture=13",
        "/bilan?du=2026-01&au=2026-12&nationalites=oui",
    ):
        lecteur.note(f"GET {url}", web.get(url))
    # settings refused (an unknown préfecture, a logo that is no picture), then saved
    refus = web.post(
        "/reglages", {"prefecture": "nulle part"}, files=[("logo", ("logo.png", b"pas une image", "image/png"))]
    )
    lecteur.note("réglages refusés", web.follow(refus))
    # the batch report: a good row and a refused one, from a spreadsheet headed as the template heads it;
    # its table of refused rows names the columns as the spreadsheet does
    rapport = _batch(web)
    assert "31 février 1990" in visible_text(rapport.text)
    lecteur.note("lot", rapport)
    # error pages: no such page, no such dossier, a form from elsewhere, no key, a dead key
    lecteur.note("404", web.get("/nulle-part"), statuts=(404,))
    lecteur.note("dossier inconnu", web.get("/dossier/0123456789abcdef/point"), statuts=(404,))
    lecteur.note("page inconnue", web.get(f"/dossier/{dossiers[0]}/page/rien"), statuts=(404,))
    lecteur.note("sans jeton anti-CSRF", web.post("/reglages", {"_csrf": "faux"}), statuts=(403,))
    lecteur.note("lot inconnu", web.get("/lot/999"), statuts=(400, 404))
    anonyme = TestClient(web.client.app, base_url=f"http://{web.guichet.cles.hote_session}")
    lecteur.note("sans clé", anonyme.get("/"), statuts=(403,))
    lecteur.note("clé fausse", anonyme.get("/?jeton=faux"), statuts=(403,))
    ailleurs = TestClient(web.client.app, base_url=ORIGINE)
    lecteur.note("adresse refusée", ailleurs.get("/", headers={"host": "ailleurs.example"}), statuts=(400,))
    assert lecteur.fautes == {}


def _batch(web):
    from aides import LIGNE_LOT, batch_csv

    bad = {**LIGNE_LOT, "id": "B2", "personne.date_naissance": "31/02/1990", "demande.nature": "inconnue"}
    csv = batch_csv(LIGNE_LOT, bad, francais=True)
    response = web.post("/lot", files=[("tableur", ("cas.csv", csv, "text/csv"))])
    assert response.status_code == 303
    for _ in range(600):
        page = web.get(response.headers["location"])
        if "Lot terminé" in page.text:
            return page
        time.sleep(0.1)
    raise AssertionError("le lot ne finit pas")


def test_an_unreadable_dossier_is_said_with_the_questions_labels(web, illisible):
    page = web.get(f"/dossier/{illisible}/point")
    assert page.status_code == 400
    texte = visible_text(page.text)
    assert "Ce dossier ne peut pas être ouvert : son fichier" in texte
    assert "« Date de naissance » : « 1990-02-31 » : le 31 février 1990 n'existe pas" in texte
    assert (
        "« Nature de la demande » : « inconnue » n'est pas une valeur acceptée (réponses possibles : "
        "« Première demande », « Renouvellement », « Changement de statut », « Autre demande »)"
    ) in texte
    assert (
        "« surnom » (partie « Personne accompagnée ») : information inconnue de lettres ; est-ce « Nom de famille » ?"
        in texte
    )
    accueil = visible_text(web.get("/").text)
    assert "illisible/dossier.yaml : « Date de naissance » : « 1990-02-31 »" in accueil
    assert "(et 3 autres erreurs)" in accueil and "lettres verifier" not in accueil


# --- the access page and the key that opens the door ------------------------------------------------------


def _anonyme(web, hote: str = ""):
    """A browser without the key (another user of the computer, a browser whose key is gone)."""
    from starlette.testclient import TestClient

    return TestClient(web.client.app, base_url=f"http://{hote or web.guichet.cles.hote_session}")


def test_without_the_key_a_styled_page_says_how_to_open_lettres_again(web):
    import base64
    import hashlib

    response = _anonyme(web).get("/")
    assert response.status_code == 403
    texte = visible_text(response.text)
    assert texte.startswith("Clé d'accès demandée — lettres")
    assert "ne montre les dossiers qu'au navigateur qui a reçu sa clé d'accès au lancement" in texte
    assert "elle vaut 12 heures, tant que lettres reste lancé" in texte
    assert (
        "Si la fenêtre où lettres a été lancé est encore ouverte, sa première ligne donne l'adresse à ouvrir" in texte
    )
    assert "relancez lettres comme la première fois (son raccourci ou son icône)" in texte
    assert "Rien n'est perdu" in texte
    assert terminal_words(texte) == [] and "terminal" not in texte
    # nothing of the server's: no folder, no form token
    assert str(web.racine) not in response.text and web.guichet.cles.csrf not in response.text
    # the look of the other pages: their stylesheet, allowed by its hash (no other inline style)
    style = re.search(r"<style>(.*?)</style>", response.text, re.S)
    assert style and ".bandeau" in style.group(1) and 'class="bandeau"' in response.text
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    assert f"style-src 'self' 'sha256-{digest}'" in response.headers["content-security-policy"]
    # the same page for every address, the stylesheet's file included
    for url in ("/reglages", "/static/lettres.css", f"/dossier/{'0' * 16}/point"):
        assert "Clé d'accès demandée" in visible_text(_anonyme(web).get(url).text)


def test_an_old_address_and_a_used_key_say_the_same_way_back(web):
    ancienne = _anonyme(web, "lettres-000000000000.localhost:8765").get("/")  # lettres started again since
    assert ancienne.status_code == 400
    texte = visible_text(ancienne.text)
    assert "lettres a peut-être été relancé depuis : son adresse change à chaque lancement" in texte
    assert "relancez lettres comme la première fois" in texte and terminal_words(texte) == []
    cles = web.guichet.cles
    assert _anonyme(web).get(f"/?jeton={cles.jeton}", follow_redirects=False).status_code == 303
    deja = _anonyme(web).get(f"/?jeton={cles.jeton}")
    assert deja.status_code == 403
    texte = visible_text(deja.text)
    assert "Cette adresse a déjà servi : sa clé d'accès ne vaut qu'une fois" in texte and terminal_words(texte) == []


def test_the_key_is_a_cookie_that_survives_a_browser_restart(web):
    """A persistent cookie (12 hours), HttpOnly, SameSite=Strict, named by the port, valued by this run's secret:
    a browser closed and opened again keeps it; the address of the start opened again leads to its page."""
    import time
    from http.cookies import SimpleCookie

    cles = web.guichet.cles
    navigateur = _anonyme(web)
    echange = navigateur.get(f"/lot?jeton={cles.jeton}", follow_redirects=False)
    assert echange.status_code == 303 and echange.headers["location"] == "/lot"
    cookie = SimpleCookie(echange.headers["set-cookie"])[f"lettres_{cles.port}"]
    assert cookie.value == cles.session and cles.jeton not in echange.headers["set-cookie"]
    assert cookie["max-age"] == "43200" and cookie["httponly"] and cookie["samesite"] == "Strict"
    assert cookie["path"] == "/" and not cookie["domain"] and not cookie["expires"]
    # the browser restarted: only its persistent cookie is left
    relance = _anonyme(web)
    relance.cookies.set(cookie.key, cookie.value)
    assert relance.get("/reglages").status_code == 200
    # the printed address, kept in a note and opened again: its page, without the key in the address
    rouverte = relance.get(f"/reglages?jeton={cles.jeton}", follow_redirects=False)
    assert rouverte.status_code == 303 and rouverte.headers["location"] == "/reglages"
    assert "set-cookie" not in rouverte.headers
    depuis_127 = relance.get(f"http://127.0.0.1:{cles.port}/?jeton={cles.jeton}", follow_redirects=False)
    assert depuis_127.headers["location"] == f"http://{cles.hote_session}/?jeton={cles.jeton}"
    # bound to the port and to this run of lettres
    for nom, valeur in ((f"lettres_{cles.port + 1}", cles.session), (cookie.key, "une-autre-session")):
        autre = _anonyme(web)
        autre.cookies.set(nom, valeur)
        assert autre.get("/").status_code == 403
    # bounded: twelve hours later the door is closed, and the page says how to open it again
    plus_tard = time.monotonic() + 12 * 3600 + 1
    import unittest.mock

    with unittest.mock.patch.object(time, "monotonic", lambda: plus_tard):
        fermee = relance.get("/")
        assert fermee.status_code == 403 and "Clé d'accès demandée" in visible_text(fermee.text)
        assert relance.get(f"/?jeton={cles.jeton}").status_code == 403


# --- réglages ------------------------------------------------------------------------------------------


def test_the_two_structures_of_the_settings_say_their_difference(web):
    page = web.get("/reglages").text
    texte = visible_text(page)
    assert "Structure où vous accompagnez la personne" in texte
    assert "Écrite après le nom et la fonction, sous la signature et dans la note" in texte
    assert "Nom imprimé en haut des lettres (en-tête)" in texte
    assert "Il peut différer de la « Structure où vous accompagnez la personne »" in texte
    labels = re.findall(r"<label[^>]*>(.*?)</label>", page, re.S)
    assert not [x for x in labels if x.strip() in ("Structure", "Nom de la structure")]


def test_settings_refused_then_saved_are_each_answered_by_a_redirection(web):
    from lettres.config import load_config

    refus = web.post("/reglages", {"accompagnant.nom": "MARTIN", "accompagnant.courriel": "pas-une-adresse"})
    assert refus.status_code == 303 and refus.headers["location"].startswith("/reglages?refus=")
    page = web.get(refus.headers["location"])
    texte = visible_text(page.text)
    assert "Les réglages n'ont pas été enregistrés" in texte and "n'est pas une adresse électronique valide" in texte
    assert 'value="MARTIN"' in page.text  # what was typed is shown again
    assert web.get(refus.headers["location"]).text == page.text  # a reload sends nothing, shows the same
    assert load_config().accompagnant is None or "MARTIN" not in str(load_config().accompagnant)
    enregistre = web.post("/reglages", {"accompagnant.nom": "MARTIN", "accompagnant.courriel": "p@exemple.org"})
    assert enregistre.status_code == 303 and enregistre.headers["location"] == "/reglages?fait=reglages"
    assert "Réglages enregistrés." in visible_text(web.follow(enregistre).text)
    assert load_config().accompagnant["nom"] == "MARTIN"


def test_settings_file_broken_outside_is_set_aside_by_one_click(web, tmp_path):
    """The settings' file edited by hand while lettres runs: every page says so without its keys, and one
    button puts it aside (renamed, never deleted)."""
    fichier = tmp_path / "config.yaml"
    fichier.write_text("accompagnant:\n  nom: X\n  courriel: pas-une-adresse\nrappel_jours: 9999\n", encoding="utf-8")
    for url in ("/", "/reglages", "/bilan"):
        page = web.get(url)
        assert page.status_code == 400, url
        texte = visible_text(page.text)
        assert (
            f"Les réglages ne peuvent pas être lus : leur fichier « {fichier} » a été modifié hors de lettres" in texte
        )
        assert terminal_words(read(page.text, str(tmp_path))) == []
        assert "Mettre ce fichier de côté et repartir de réglages vides" in texte
    ecarte = web.post("/reglages/ecarter")
    assert ecarte.status_code == 303 and ecarte.headers["location"] == "/reglages?fait=reglages_ecartes"
    assert not fichier.exists()
    assert (tmp_path / "config.yaml.illisible-2026-11-27").read_text(encoding="utf-8").startswith("accompagnant:")
    assert "Le fichier des réglages illisible est mis de côté" in visible_text(web.follow(ecarte).text)
    assert web.get("/").status_code == 200
    # a readable file is never set aside
    fichier.write_text("prefecture: '13'\n", encoding="utf-8")
    assert web.post("/reglages/ecarter").headers["location"] == "/reglages" and fichier.exists()


def test_an_answer_outside_the_list_is_refused_with_the_labels_of_the_list(web, data):
    """A value no option of the page sends (a page from an older version, a hand-made form): the refusal
    beside the field names the answers by their labels, never by their codes."""
    ident = web.guichet.ident(write_dossier(web.racine / "diallo", data))
    page = web.post(f"/dossier/{ident}/page/demande", {"demande.nature": "inconnue"})
    texte = visible_text(page.text if page.status_code != 303 else web.follow(page).text)
    assert (
        "« inconnue » n'est pas une valeur acceptée (réponses possibles : « Première demande », « Renouvellement », "
        "« Changement de statut », « Autre demande »)"
    ) in texte
    assert terminal_words(read(page.text, str(web.racine.parent))) == []
