"""The interview in the browser, in-process, as a page without its script behaves: the questions an answer opens
come back on the same page instead of being answered for the person, every page is visited in order with
« Étape n sur N », a review page with « Modifier » links comes before the documents, every page sent is
answered with a redirection (Post/Redirect/Get)."""

from __future__ import annotations

import html as html_module
import re

import pytest

from lettres.dossier import load_dossier
from lettres.yamlio import parse_yaml
from web_outils import BLOCAGE, DEMANDE, PERSONNE, ident_in, new_dossier, new_web, post_page, visible_text

pytestmark = pytest.mark.usefixtures("aujourd_hui")


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def montrees(html: str) -> str:
    """The list of questions the page shows, as the page sends it back with its answers."""
    match = re.search(r'name="_montrees" value="([^"]*)"', html)
    assert match, html[:2000]
    return match.group(1)


def hidden(html: str, key: str) -> bool:
    match = re.search(rf'<div class="champ[^"]*" id="bloc-[^"]+" data-cle="{re.escape(key)}"( hidden)?', html)
    assert match, key
    return match.group(1) is not None


def as_browser(web, ident: str, code: str, data: dict):
    """The page sent as a browser without script sends it: with the list of questions it showed, and the choices
    ticked in advance of the questions it hid (« Aucun » for the provisional document)."""
    html = web.get(f"/dossier/{ident}/page/{code}").text
    sent = dict(re.findall(r'<input type="text" id="[^"]+" name="([^"]+)" value="([^"]*)"', html))
    sent.update(re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S))
    sent.update(re.findall(r'name="([^"]+)" value="([^"]*)" checked', html))
    sent = {k: html_module.unescape(v) for k, v in sent.items()}
    return web.post(f"/dossier/{ident}/page/{code}", {**sent, "_montrees": montrees(html), **data})


def draft(web) -> dict:
    (path,) = web.racine.glob("*.brouillon.yaml")
    return parse_yaml(path.read_text(encoding="utf-8"))


def test_answers_that_open_questions_bring_the_page_back_with_them(web):
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    page = web.get(f"/dossier/{ident}/page/demande").text
    # every question of the page is there, those that do not apply yet hidden
    assert hidden(page, "demande.document_provisoire") and not hidden(page, "demande.titre_actuel_expiration")
    assert "demande.document_provisoire" not in montrees(page).split()
    sent = {**DEMANDE, "demande.titre_actuel_expiration": ""}
    response = as_browser(web, ident, "demande", sent)
    # the filing date and the renewal open questions: the same page again, not the next one
    assert response.status_code == 303
    location = response.headers["location"]
    assert location.startswith(f"/dossier/{ident}/page/demande?fait=nouvelles#bloc-champ-demande-"), location
    again = web.get(location).text
    assert "De nouvelles questions s'appliquent à votre réponse" in visible_text(again)
    assert "Document provisoire délivré Nouvelle question" in visible_text(again)
    assert "Nature de la demande (obligatoire) Nouvelle" not in visible_text(again)
    for key in ("demande.document_provisoire", "demande.piece_demandee", "demande.complet", "demande.decision"):
        assert not hidden(again, key), key
    # nothing was recorded for the questions the person did not see (« Aucun » was ticked, hidden)
    assert "document_provisoire" not in draft(web)["demande"] and "complet" not in draft(web)["demande"]
    assert 'value="24/08/2026"' in again  # what was typed is there
    # an API: its dates are asked in turn
    response = as_browser(web, ident, "demande", {**sent, "demande.document_provisoire": "api"})
    assert "fait=nouvelles#bloc-champ-demande-document-provisoire-debut" in response.headers["location"]
    assert draft(web)["demande"]["document_provisoire"] == "api"
    response = as_browser(
        web, ident, "demande", {**sent, "demande.document_provisoire": "api", "demande.document_provisoire_fin": "12/12/2026"}
    )
    assert "/page/demande" not in response.headers["location"], visible_text(web.follow(response).text)[:2000]
    assert draft(web)["demande"]["document_provisoire_fin"].isoformat() == "2026-12-12"


def test_the_script_s_list_of_what_was_shown_lets_the_page_move_on(web):
    """With its script the page showed the new questions at once: left blank, they were seen, and the page moves
    on."""
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    page = web.get(f"/dossier/{ident}/page/demande").text
    shown = montrees(page) + " demande.titre_actuel_expiration demande.document_provisoire demande.piece_demandee"
    shown += " demande.complet demande.decision"
    response = web.post(f"/dossier/{ident}/page/demande", {**DEMANDE, "_montrees": shown})
    assert "fait=nouvelles" not in response.headers["location"] and "/page/demande" not in response.headers["location"]


def test_a_civilite_left_blank_is_asked_not_made_up(web):
    ident = ident_in(new_dossier(web))
    sans = {k: v for k, v in PERSONNE.items() if k != "personne.civilite"}
    page = web.follow(web.post(f"/dossier/{ident}/page/personne", sans))
    assert "choisissez une réponse (« Non précisée (formulation neutre) » si vous ne savez pas)" in visible_text(page.text)
    assert "civilite" not in draft(web)["personne"]
    response = web.post(f"/dossier/{ident}/page/personne", {**sans, "personne.civilite": ""})
    assert response.headers["location"].endswith("/page/demande")
    assert draft(web)["personne"]["civilite"] == ""


def test_date_examples_fit_the_question_and_today(web):
    ident = ident_in(new_dossier(web))
    personne = visible_text(web.get(f"/dossier/{ident}/page/personne").text)
    assert "Exemple : 03/06/1986 ou 3 juin 1986" in personne  # a birth date, decades ago
    demande = visible_text(web.get(f"/dossier/{ident}/page/demande").text)
    assert "Exemple : 03/10/2026 ou 3 octobre 2026" in demande  # a filing date, last month
    assert "Exemple : 15/02/2027 ou 15 février 2027" in demande  # an expiry, in the coming months
    assert "1985" not in personne + demande


PAGES = {
    "personne": PERSONNE,
    "demande": DEMANDE,
    "signature": {"signataire": "personne"},
    "accompagnant": {"_accompagnant": "non"},
    "blocage": BLOCAGE,
    "orientation": {"_orientation": "non"},
}


def test_every_page_is_visited_in_order_with_its_number_then_the_review(web):
    location = new_dossier(web)
    visited: list[tuple[str, str]] = []
    for _ in range(20):
        page = web.get(location)
        assert page.status_code == 200
        code = location.split("?")[0].split("#")[0].rsplit("/", 1)[-1]
        if code == "revue":
            break
        numero = re.search(r"Étape (\d+) sur (\d+)", visible_text(page.text))
        assert numero, code
        visited.append((code, numero.group(0)))
        ident = ident_in(location)
        if code == "demarches":  # the list of démarches is a step: a link goes on to the next one
            suite = re.search(r'<a class="bouton principal" href="([^"]+)">Continuer : Les justificatifs', page.text)
            assert suite, visible_text(page.text)[-800:]
            location = suite.group(1)
            continue
        response = as_browser(web, ident, code, PAGES.get(code, {}))
        if "fait=nouvelles" in response.headers["location"]:  # the new questions, left blank
            response = as_browser(web, ident, code, PAGES.get(code, {}))
        assert response.status_code == 303
        assert "#erreurs" not in response.headers["location"], visible_text(web.follow(response).text)[:1500]
        location = response.headers["location"]
    assert [code for code, _ in visited] == [
        "personne",
        "demande",
        "signature",
        "accompagnant",
        "blocage",
        "demarches",
        "justificatifs",
        "envoi",
        "orientation",
        "issue",
    ]
    assert [n for _, n in visited] == [f"Étape {n} sur 10" for n in range(1, 11)]
    assert code == "revue" and "fait=enregistre" in location, visible_text(web.get(location).text)[:3000]


def _created(web) -> str:
    ident = ident_in(new_dossier(web))
    for code in ("personne", "demande", "signature", "accompagnant", "blocage"):
        response = post_page(web, ident, code, PAGES[code])
    assert "fait=cree" in response.headers["location"]
    return ident_in(response.headers["location"])


def test_the_review_lists_every_answer_with_a_link_back_and_what_to_know(web):
    ident = _created(web)
    page = web.get(f"/dossier/{ident}/revue")
    text = visible_text(page.text)
    assert "Vérifier avant de produire les documents" in text
    for titre in ("La personne accompagnée", "Sa demande de titre de séjour", "Les démarches déjà faites"):
        assert titre in text
    assert "Nom de famille DIALLO" in text or "DIALLO" in text
    assert "Date de dépôt de la demande 24/08/2026" in text
    assert "Aucune démarche pour l'instant." in text
    assert f'href="/dossier/{ident}/page/personne?retour=revue"' in page.text
    assert f'href="/dossier/{ident}/demarches?retour=revue"' in page.text
    # what the generation would warn of, with the field or page that fixes it
    assert "À savoir avant de produire les documents" in text
    assert "L'indiquer dans les réglages" in text or "Joindre la pièce" in text or "Indiquer" in text
    assert f'href="/dossier/{ident}/documents">Produire les documents' in page.text
    # « Modifier »: the page, then back to the review once saved
    personne = web.get(f"/dossier/{ident}/page/personne?retour=revue").text
    assert "Enregistrer et revenir à la vérification" in personne and 'name="retour" value="revue"' in personne
    response = web.post(
        f"/dossier/{ident}/page/personne",
        {**PERSONNE, "personne.lieu_naissance": "Kindia (Guinée)", "retour": "revue", "_montrees": montrees(personne)},
    )
    assert response.status_code == 303 and response.headers["location"] == f"/dossier/{ident}/revue?fait=enregistre"
    assert "Kindia (Guinée)" in visible_text(web.get(response.headers["location"]).text)
    assert load_dossier(web.guichet.chemin(ident)).personne.lieu_naissance == "Kindia (Guinée)"


def test_a_review_before_the_dossier_is_complete_says_what_is_missing(web):
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    text = visible_text(web.get(f"/dossier/{ident}/revue").text)
    assert "Pour enregistrer le dossier, il manque encore" in text
    assert "Produire les documents" not in text


def test_every_page_sent_is_answered_by_a_redirection(web):
    """Post/Redirect/Get: Back and Forward never ask to send a form again."""
    ident = ident_in(new_dossier(web))
    cases = [
        ("personne", {**PERSONNE, "personne.date_naissance": "31/02/1990"}, "/page/personne#erreurs"),
        ("personne", PERSONNE, "/page/demande"),
        ("demande", {**DEMANDE, "demande.titre": ""}, "/page/demande?fait=nouvelles#erreurs"),
        ("demande", DEMANDE, "/page/signature"),
        ("signature", {"action": "precedente"}, "/page/demande"),
    ]
    for code, data, expected in cases:
        response = web.post(f"/dossier/{ident}/page/{code}", data)
        assert response.status_code == 303, (code, response.status_code)
        assert expected in response.headers["location"], (expected, response.headers["location"])
        assert web.get(response.headers["location"]).status_code == 200


def test_the_home_page_names_the_person_of_an_unfinished_dossier(web):
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", {"personne.civilite": "madame"})
    text = visible_text(web.get("/").text)
    assert re.search(r"Reprendre le nouveau dossier \(non terminé\) — dernière saisie le \d+ \w+ \d{4}", text), text
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    text = visible_text(web.get("/").text)
    assert "Reprendre le dossier de DIALLO Aminata Fatou" in text and "brouillon.yaml" not in text


def test_the_prefecture_is_typed_as_its_hint_says(web):
    """« tapez la ville ou le département »: a line to type in, with suggestions, never a plain list."""
    ident = ident_in(new_dossier(web))
    page = web.get(f"/dossier/{ident}/page/demande").text
    assert "tapez la ville ou le département" in visible_text(page)
    assert re.search(r'<input type="text" id="champ-demande-prefecture" name="demande.prefecture"', page)
    assert '<select id="champ-demande-prefecture"' not in page
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    post_page(web, ident, "demande", {**DEMANDE, "demande.prefecture": "marseille"})
    assert draft(web)["demande"]["prefecture"] == "13"


def test_a_civilite_to_choose_is_marked_as_such(web):
    ident = ident_in(new_dossier(web))
    page = visible_text(web.get(f"/dossier/{ident}/page/personne").text)
    assert "Civilité (obligatoire)" in page and "Non précisée (formulation neutre)" in page


def test_the_demarches_opened_from_the_review_lead_back_to_it(web):
    ident = _created(web)
    page = web.get(f"/dossier/{ident}/demarches?retour=revue").text
    assert "Étape 6 sur 10" in visible_text(page)
    assert f'href="/dossier/{ident}/revue">Revenir à la vérification' in page
    page = web.get(f"/dossier/{ident}/demarches").text
    assert f'href="/dossier/{ident}/page/justificatifs">Continuer : Les justificatifs' in page
    assert f'href="/dossier/{ident}/page/blocage">Page précédente' in page


def test_a_damaged_draft_is_still_listed_on_the_home_page(web):
    (web.racine / "nouveau-3.brouillon.yaml").write_text("personne: [nom: {\n", encoding="utf-8")
    page = web.get("/")
    assert page.status_code == 200
    assert "Reprendre le nouveau dossier (non terminé)" in visible_text(page.text)
