"""The titre and its pièces in ``lettres web``: the categories offered beside the free text (a datalist),
and the pièces of the category's own list as tick boxes, on their own page."""

from __future__ import annotations

import html
import re

import pytest

from lettres.dossier import load_dossier
from web_outils import BLOCAGE, DEMANDE, PERSONNE, ident_in, new_dossier, new_web, post_page, visible_text

# what these tests check depends on the day: today is AUJOURD_HUI (conftest.py)
pytestmark = pytest.mark.usefixtures("aujourd_hui")


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def pieces_offered(page: str) -> list[str]:
    """The values of the tick boxes of the checklist (hidden ones included: the block says if it shows)."""
    return re.findall(r'name="demande\.pieces_fournies" value="([a-z_]+)"', page)


def shown(page: str, key: str) -> bool:
    match = re.search(rf'<div class="champ[^"]*" id="bloc-[^"]+" data-cle="{re.escape(key)}"( hidden)?', page)
    assert match, key
    return match.group(1) is None


def start(web, demande: dict, suivante: str = "pieces") -> str:
    ident = ident_in(new_dossier(web))
    web.post(f"/dossier/{ident}/page/personne", PERSONNE)
    response = post_page(web, ident, "demande", {**DEMANDE, **demande})
    assert response.headers["location"].endswith(f"/page/{suivante}"), response.headers["location"]
    return ident


def test_the_titre_offers_the_categories_and_keeps_free_text(web):
    ident = ident_in(new_dossier(web))
    page = web.get(f"/dossier/{ident}/page/demande").text
    assert 'list="champ-demande-titre-propositions"' in page
    (datalist,) = re.findall(r'<datalist id="champ-demande-titre-propositions">(.*?)</datalist>', page)
    options = {html.unescape(v): html.unescape(t) for v, t in re.findall(r'<option value="([^"]*)">([^<]*)<', datalist)}
    assert options["carte de séjour temporaire « visiteur »"] == "CST 8 – visiteur" and len(options) == 28
    # the category as a list with « autre », among the other informations
    assert "Autre titre, ou catégorie inconnue (texte libre)" in page


def test_a_verified_list_is_offered_and_the_ticks_are_saved(web):
    visiteur = {"demande.nature": "premiere_demande", "demande.titre": "carte de séjour temporaire « visiteur »"}
    ident = start(web, {**visiteur, "personne.numero_etranger": "", "demande.titre_actuel_expiration": ""})
    page = web.get(f"/dossier/{ident}/page/pieces").text
    assert shown(page, "demande.pieces_fournies")
    assert pieces_offered(page)[:3] == ["etat_civil", "nationalite", "domicile"]
    assert "assurance_maladie" in pieces_offered(page) and "liste à vérifier" not in visible_text(page)
    assert "fiche F302" in visible_text(page)
    web.post(f"/dossier/{ident}/page/pieces", {"demande.pieces_fournies": ["nationalite", "photos", "ressources"]})
    for code, data in (("signature", {"signataire": "personne"}), ("accompagnant", {"_accompagnant": "non"})):
        web.post(f"/dossier/{ident}/page/{code}", data)
    response = post_page(web, ident, "blocage", BLOCAGE)
    dossier = load_dossier(web.guichet.chemin(ident_in(response.headers["location"])))
    assert dossier.demande.categorie == "CST 8"
    assert dossier.demande.pieces_fournies == ["nationalite", "photos", "ressources"]


def test_an_unverified_list_offers_the_common_pieces_and_says_so(web):
    ident = start(web, {"demande.titre": "CST 3 – salarié - travailleur temporaire - entrepreneur profession libérale"})
    page = web.get(f"/dossier/{ident}/page/pieces").text
    assert pieces_offered(page) == ["nationalite", "domicile", "photos", "polygamie", "taxes", "engagement_republique"]
    text = visible_text(page)
    assert "la liste propre à CST 3 (renouvellement) n'a pas pu être vérifiée, liste à vérifier sur le site" in text
    assert "à la remise du titre" in text  # the taxes: not needed for the dossier to be complete


def test_a_free_titre_has_no_checklist(web):
    # the page of the pièces is passed over: nothing on it applies
    ident = start(web, {"demande.titre": "carte <b>salarié</b> {{ 7*7 }}"}, suivante="signature")
    page = web.get(f"/dossier/{ident}/page/pieces").text
    assert not shown(page, "demande.pieces_fournies") and pieces_offered(page) == []
    assert "<b>salarié</b>" not in web.get(f"/dossier/{ident}/page/demande").text


def test_the_point_says_the_missing_pieces_as_verifier_does(web, data):
    from conftest import write_dossier

    data["demande"].update(categorie="CST 3", pieces_fournies=["nationalite"])
    path = write_dossier(web.racine / "diallo", data)
    text = visible_text(web.get(f"/dossier/{web.guichet.ident(path)}/point").text)
    assert "Titre et pièces" in text
    assert (
        "Pièces exigées non cochées (CST 3, renouvellement) : justificatif de domicile de moins de 6 mois ; "
        "3 photos d'identité récentes et identiques ; exemplaire signé du contrat d'engagement à respecter les "
        "principes de la République." in text
    )
    assert "Complétude : incertaine" in text and "au plus tôt le 20 janvier 2027" in text
