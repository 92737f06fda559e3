"""The titre categories (``titres.yaml``): every fact sourced and dated, and a lookup that accepts what people type."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources

import pytest

from lettres.francais import replier_mots
from lettres.referentiel import charger_referentiel
from lettres.referentiel.titres import code_canonique, demande_du_dossier
from lettres.yamlio import parse_yaml

STATUTS = {"verifie", "secondaire", "non_verifie"}
ANEF = {"oui", "partiel", "non", "inconnu"}
DEMANDES = {"premiere", "renouvellement"}
URL = re.compile(r"https?://\S+")
# A source without a link must at least name an official text or site.
DOCUMENT_OFFICIEL = re.compile(r"arrêté|décret|CESEDA|service-public|préfecture", re.IGNORECASE)


@pytest.fixture(scope="module")
def donnees():
    text = resources.files("lettres.referentiel").joinpath("donnees", "titres.yaml").read_text(encoding="utf-8")
    return parse_yaml(text)


@pytest.fixture(scope="module")
def titres():
    return charger_referentiel().titres


def sourced(text) -> bool:
    return isinstance(text, str) and bool(URL.search(text) or DOCUMENT_OFFICIEL.search(text))


def check_pieces(pieces, where):
    codes = [p["code"] for p in pieces]
    assert len(codes) == len(set(codes)), f"{where} : code de pièce en double"
    for piece in pieces:
        label = f"{where}, pièce {piece['code']}"
        assert re.fullmatch(r"[a-z_]+", piece["code"]), label
        assert piece["libelle"].strip(), label
        assert isinstance(piece["obligatoire"], bool), label
        if not piece["obligatoire"]:
            assert piece.get("condition", "").strip(), f"{label} : « selon la situation » sans dire laquelle"
        assert set(piece.get("demandes", DEMANDES)) <= DEMANDES, label
        assert piece.get("moment", "depot") in {"depot", "remise"}, label


def test_common_pieces_are_sourced_verified_and_well_formed(donnees):
    communes = donnees["pieces_communes"]
    assert sourced(communes["source"])
    assert communes["statut"] == "verifie"
    assert isinstance(communes["verifie_le"], date)
    check_pieces(communes["pieces"], "pièces communes")
    assert {"nationalite", "domicile", "photos"} <= {p["code"] for p in communes["pieces"]}


def test_every_category_is_sourced_dated_and_has_a_known_status(donnees):
    assert donnees["titres"], "aucune catégorie"
    for code, entry in donnees["titres"].items():
        assert re.fullmatch(r"(CST|CSP|CR) \d+(\.\d+)?", code), code
        assert code.split()[0] in donnees["familles"], code
        assert entry["libelle"].strip(), code
        assert sourced(entry["source"]), code
        assert entry["statut"] in STATUTS, code
        assert isinstance(entry["verifie_le"], date), code
        assert entry["anef"] in ANEF, code
        assert entry["anef_statut"] in STATUTS, code
        assert entry["anef_detail"].strip(), code
        if "anef_depuis" in entry:
            assert isinstance(entry["anef_depuis"], date), code


def test_categories_on_anef_say_where_that_comes_from(donnees):
    for code, entry in donnees["titres"].items():
        if entry["anef"] in {"oui", "partiel"}:
            assert URL.search(entry["anef_source"]), f"{code} : ANEF sans source consultable"
            assert entry["anef_statut"] != "non_verifie", code


def test_category_codes_are_unique_once_written_the_canonical_way(donnees):
    canonical = [code_canonique(code) for code in donnees["titres"]]
    assert canonical == list(donnees["titres"]), "un code n'est pas écrit sous sa forme canonique"
    assert len(set(canonical)) == len(canonical)


def test_pieces_are_listed_only_where_a_source_verifies_them(donnees):
    for code, entry in donnees["titres"].items():
        statuts = entry["pieces_statut"]
        assert set(statuts) == DEMANDES, code
        assert set(statuts.values()) <= STATUTS, code
        pieces = entry.get("pieces", [])
        check_pieces(pieces, code)
        for demande, statut in statuts.items():
            listed = [p for p in pieces if demande in p.get("demandes", DEMANDES)]
            if statut == "non_verifie":
                assert not listed, f"{code} : pièces écrites pour une liste non vérifiée ({demande})"
            else:
                assert sourced(entry.get("pieces_source")), f"{code} : liste de pièces sans source"


def test_loader_merges_common_and_category_pieces(titres):
    visiteur = titres["CST 8"]
    codes = [p.code for p in visiteur.pieces("premiere")]
    assert codes[:3] == ["etat_civil", "nationalite", "domicile"]
    assert {"assurance_maladie", "non_travail", "ressources"} <= set(codes)
    # CST 8 asks for the birth certificate on renewal too, where the common list does not.
    assert "etat_civil" not in [p.code for p in titres.pieces_communes["renouvellement"]]
    assert "etat_civil" in [p.code for p in visiteur.pieces("renouvellement")]
    ofii = next(p for p in visiteur.pieces("premiere") if p.code == "certificat_ofii")
    assert ofii.moment == "remise"


def test_a_category_version_of_a_common_piece_replaces_it(titres):
    etudiant = titres["CSP 5"]
    pieces = {p.code: p for p in etudiant.pieces("renouvellement")}
    assert not pieces["etat_civil"].obligatoire
    assert "titre de séjour en cours de validité" in pieces["etat_civil"].condition
    assert [p.code for p in etudiant.pieces("renouvellement")].count("etat_civil") == 1


def test_unverified_lists_hold_only_the_common_pieces(titres):
    salarie = titres["CST 3"]
    assert not salarie.liste_verifiee("premiere")
    # the common pièces that concern a CST: not the language and civic exam of a first CSP or résident card
    assert salarie.pieces("premiere") == tuple(p for p in titres.pieces_communes["premiere"] if p.concerne("CST 3"))
    assert "langue_examen_civique" in {p.code for p in titres["CR 1"].pieces("premiere")}
    assert "langue_examen_civique" not in {p.code for p in titres["CSP 1.4"].pieces("premiere")}
    assert titres["CSP 5"].liste_verifiee("renouvellement")
    assert not titres["CSP 5"].liste_verifiee("premiere")


def test_anef_status_is_read_from_the_data(titres):
    assert titres["CR 3"].anef == "oui"
    assert titres["CR 3"].anef_depuis == date(2024, 7, 4)
    assert titres["CST 3"].anef == "non"  # salarié en CDI: préfecture (service-public.fr F15898, 2026)
    assert titres["CST 8"].famille == "carte de séjour temporaire"


@pytest.mark.parametrize(
    ("texte", "code"),
    [
        ("CST1", "CST 1"),
        ("cst 1", "CST 1"),
        ("CST-1", "CST 1"),
        ("CST.1", "CST 1"),
        ("cst 10", "CST 10"),
        ("CSP 1.1", "CSP 1.1"),
        ("csp 1,10", "CSP 1.10"),
        ("CR3", "CR 3"),
        ("CST 8 – visiteur", "CST 8"),
        ("Visiteur", "CST 8"),
        ("VISITEUR", "CST 8"),
        ("étudiant", "CSP 5"),
        ("etudiant", "CSP 5"),
        ("carte de séjour visiteur", "CST 8"),
        ("passeport talent", "CSP 1"),
        ("Vie privée et familiale (situations diverses)", "CST 2"),
    ],
)
def test_free_text_finds_the_category(titres, texte, code):
    trouve = titres.trouver(texte)
    assert trouve is not None, texte
    assert trouve.code == code


@pytest.mark.parametrize("texte", ["vie privée et familiale", "salarié", "carte de résident", "talent salarié"])
def test_ambiguous_text_offers_the_candidates_but_picks_none(titres, texte):
    assert titres.trouver(texte) is None
    assert len(titres.chercher(texte)) > 1


def test_the_most_general_candidate_comes_first(titres):
    assert titres.chercher("talent")[0].code == "CSP 1"


@pytest.mark.parametrize("texte", ["", "   ", "pizza", "CST 11", "de la"])
def test_text_naming_no_category_finds_nothing(titres, texte):
    assert titres.chercher(texte) == []
    assert titres.trouver(texte) is None


def test_helpers():
    assert replier_mots("Étudiant-programme  de mobilité") == "etudiant programme de mobilite"
    assert code_canonique("csp01.02") == "CSP 1.2"
    assert code_canonique("visiteur") is None
    assert demande_du_dossier("premiere_demande") == "premiere"
    assert demande_du_dossier("renouvellement") == "renouvellement"
    assert demande_du_dossier("changement_statut") is None
