"""Door-neutral documents: below the doors, no command to type; one analysis per dossier; each door phrases
what the engine returns as data (the terminal with the command, the web with a link or a button)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import AUJOURD_HUI, write_dossier
from lettres.cli.avertissements import phrase
from lettres.demo import copy_example, run_demo
from lettres.documents.avertissements import Avertissement
from lettres.procedure.actions import Action, Quoi
from web_outils import new_web, visible_text

pytestmark = pytest.mark.usefixtures("aujourd_hui")

SOURCES = Path(__file__).resolve().parent.parent / "lettres"
# a command or an option of the terminal door, as the house check counts them
CONSEIL_TERMINAL = re.compile(
    r"lettres (generer|config|nouveau|etape|verifier|demo|lot|suivi|web|modeles)\b|--lettres\b"
)
# what the web pages must not show: a command to type or an option
COMMANDE = re.compile(r"lettres (generer|config|nouveau|etape|verifier|demo|lot|suivi|web|modeles)\b|\s--[a-z]")


def test_documents_hold_no_terminal_advice():
    """Nothing under documents/ — code, comments or docstrings — tells the user a command to type."""
    trouves = [
        f"{chemin.relative_to(SOURCES)}:{numero}"
        for chemin in sorted((SOURCES / "documents").rglob("*"))
        if chemin.is_file() and chemin.suffix in (".py", ".txt", ".md")
        for numero, ligne in enumerate(chemin.read_text(encoding="utf-8").splitlines(), 1)
        if CONSEIL_TERMINAL.search(ligne)
    ]
    assert trouves == []


def test_documents_import_no_door():
    """documents/ never imports the doors (cli, prompts, web) nor the terminal's commands."""
    portes = re.compile(r"^\s*(from|import) lettres\.(cli|prompts|web|commandes)\b", re.M)
    fautifs = [
        str(chemin.relative_to(SOURCES))
        for chemin in sorted((SOURCES / "documents").rglob("*.py"))
        if portes.search(chemin.read_text(encoding="utf-8"))
    ]
    assert fautifs == []


CALCULS = {
    "lettres.procedure.titre": "controler_pieces",
    "lettres.procedure.etapes": "etat_etapes",
    "lettres.procedure.situation": "compute_situation",
    "lettres.procedure.delais": "compute_echeances",
    "lettres.procedure.refere": "compute_refere",
    "lettres.procedure.regles": "check_rules",
    "lettres.procedure.urgences": "check_deadlines",
}


@pytest.fixture
def compteur(monkeypatch) -> Counter:
    """How many times each part of the analysis runs (every module that imported it counts the same)."""
    import lettres.documents.generation  # noqa: F401  (every module of a generation imported)

    comptes: Counter = Counter()
    for module, nom in CALCULS.items():
        original = getattr(sys.modules[module], nom)

        def compte(*args, _original=original, _nom=nom, **kwargs):
            comptes[_nom] += 1
            return _original(*args, **kwargs)

        for charge in list(sys.modules.values()):
            if getattr(charge, "__name__", "").startswith("lettres") and getattr(charge, nom, None) is original:
                monkeypatch.setattr(charge, nom, compte)
    return comptes


@pytest.mark.parametrize("situation", [None, "rejet_implicite", "refere"])
def test_one_generation_analyses_the_dossier_once(tmp_path, compteur, situation):
    resultat, _ = run_demo(tmp_path, situation=situation)
    assert resultat.fichiers
    # the pièces, the steps, the deadlines, the situation, the référé and the dated alerts: once each; the
    # rules only when letter 2 is written (they are said before it), and then once
    essentiels = {"controler_pieces", "etat_etapes", "compute_echeances", "compute_situation", "compute_refere"}
    assert {nom: compteur[nom] for nom in essentiels | {"check_deadlines"}} == dict.fromkeys(
        essentiels | {"check_deadlines"}, 1
    )
    assert compteur["check_rules"] == (1 if "2-courrier-prefecture.docx" in resultat.fichiers else 0)


def test_verifier_and_the_tracking_table_analyse_once(tmp_path, compteur):
    from lettres.demo import charger_exemple
    from lettres.procedure.verification import verify
    from lettres.suivi.tableau import build_row

    dossier = charger_exemple(None, AUJOURD_HUI)
    verify(dossier, AUJOURD_HUI)
    assert compteur["controler_pieces"] == compteur["etat_etapes"] == compteur["compute_situation"] == 1
    assert compteur["check_rules"] == compteur["check_deadlines"] == 1
    compteur.clear()
    build_row(dossier, tmp_path / "dossier.yaml", AUJOURD_HUI)
    assert compteur["controler_pieces"] == compteur["etat_etapes"] == compteur["compute_situation"] == 1
    assert compteur["check_rules"] == compteur["check_deadlines"] == 0  # the table shows no alert


def test_the_terminal_names_the_command_and_the_file():
    relance = Avertissement(
        "prefecture",
        "Le courrier à la préfecture n'est pas produit de nouveau : il a été envoyé le 6 novembre 2026",
        "deja_envoye",
        Action(Quoi.PRODUIRE, documents=("prefecture",)),
    )
    assert phrase(relance).endswith(
        "envoyé le 6 novembre 2026 ; pour écrire une relance, demandez-la avec --lettres prefecture."
    )
    courriel = Avertissement(
        "prefecture_courriel",
        "Adresse électronique de la préfecture inconnue",
        action=Action(Quoi.PREFECTURE, valeur="13", champ="courriel"),
    )
    assert "Indiquez-la dans « lettres config », menu « Une préfecture »" in phrase(courriel, "Awa Diop.yaml")


@pytest.fixture
def web(tmp_path, monkeypatch):
    monkeypatch.setenv("LETTRES_CONFIG", str(tmp_path / "config.yaml"))
    return new_web(tmp_path / "dossiers")


def _demo_page(web, situation: str | None) -> tuple[str, str]:
    """The documents page of a demo dossier, once its documents are produced: (ident, page)."""
    path = copy_example(web.racine, situation, AUJOURD_HUI)
    ident = web.guichet.ident(path)
    reponse = web.follow(web.post(f"/dossier/{ident}/documents", {}))
    assert reponse.status_code == 200, reponse.text[:2000]
    return ident, reponse.text


@pytest.mark.parametrize("situation", [None, "refere"])
def test_the_documents_page_shows_no_command(web, situation):
    ident, page = _demo_page(web, situation)
    texte = visible_text(page)
    assert "fichiers produits dans" in texte
    assert COMMANDE.search(texte) is None, COMMANDE.search(texte)
    assert COMMANDE.search(visible_text(web.get(f"/dossier/{ident}/documents").text)) is None


def test_a_letter_already_sent_is_one_click_from_its_reminder(web):
    ident, page = _demo_page(web, "refere")
    texte = visible_text(page)
    assert "Le courrier à la préfecture n'est pas produit de nouveau : il a été envoyé le 6 novembre 2026." in texte
    assert "Écrire une relance" in texte and "2-courrier-prefecture.docx" not in texte
    relance = web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["prefecture"], "remplacer": "oui"}))
    assert relance.status_code == 200
    assert "2-relance-prefecture.docx" in relance.text


def test_a_missing_prefecture_address_links_to_its_setting(web, data):
    data["demande"]["prefecture"] = "01"  # the data knows neither its e-mail nor its address
    path = write_dossier(web.racine / "diallo", data)
    page = web.follow(web.post(f"/dossier/{web.guichet.ident(path)}/documents", {"lettres": ["prefecture"]})).text
    assert "Adresse électronique de la préfecture inconnue" in visible_text(page)
    assert 'href="/reglages?prefecture=01#pref-01-courriel"' in page
    assert 'href="/reglages?prefecture=01#pref-01-adresse"' in page


def test_a_note_refused_says_where_to_give_what_is_missing(tmp_path, run, web, data):
    """The same refusal, data below the doors: the terminal names the interview's section, the web links to it."""
    data["consentement"]["transmission_tiers"] = False
    path = write_dossier(tmp_path / "diallo", data)
    code, _, err = run("generer", str(path), "--lettres", "orientation", "--sortie", str(tmp_path / "s"))
    assert code == 2
    assert err.strip() == (
        "Erreur : La note d'orientation n'est pas produite : la personne n'a pas donné son accord à la transmission "
        "de son dossier à un tiers (à noter dans « lettres nouveau » : section « La note d'orientation »)."
    )
    chemin = write_dossier(web.racine / "diallo", data)
    ident = web.guichet.ident(chemin)
    page = web.follow(web.post(f"/dossier/{ident}/documents", {"lettres": ["orientation"]}))
    assert 'role="alert"' in page.text and "fichiers produits" not in page.text
    assert "n'a pas donné son accord à la transmission de son dossier à un tiers." in visible_text(page.text)
    assert f'href="/dossier/{ident}/page/orientation#champ-consentement-transmission-tiers"' in page.text
    assert "Indiquer « Transmission à un tiers acceptée » (page « La note d&#39;orientation (lettre 3) »)" in page.text
    assert COMMANDE.search(visible_text(page.text)) is None


def test_an_output_folder_already_written_is_said_by_each_door(tmp_path, run, data):
    path = write_dossier(tmp_path / "diallo", data)
    sortie = tmp_path / "s"
    assert run("generer", str(path), "--lettres", "dgef", "--sortie", str(sortie))[0] == 0
    code, _, err = run("generer", str(path), "--lettres", "dgef", "--sortie", str(sortie))
    assert code == 2 and "existe déjà : ajoutez --force pour écrire les nouveaux documents" in err
    assert "ou choisissez un autre dossier avec --sortie." in err
