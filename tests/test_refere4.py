"""The référé draft after the second reading of 6 December 2026 (rapport2: B2-1, B2-2, B2-5, B2-3, A2-8, A2-6, A2-4,
B2-7, B2-8): each fix read in the generated requête, the new wording present and the old one gone."""

from __future__ import annotations

import copy
import re

import pytest

from aides import copie_demo
from conftest import AUJOURD_HUI
from docx_texte import docx_text
from lettres.documents.generation import generate
from lettres.dossier import load_dossier

REQUETE = "4-refere-mesures-utiles.docx"


@pytest.fixture(autouse=True)
def sans_soffice(monkeypatch):
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def demo(tmp_path, code, change=None):
    """The référé of demo ``code`` at the tests' date (asked for by name), and its generation's result."""
    chemin = copie_demo(tmp_path, code, change)
    return generate(load_dossier(chemin), chemin.parent, tmp_path / "sorties", ("refere",), aujourd_hui=AUJOURD_HUI)


def texte(resultat, part: str = "document", nom: str = REQUETE) -> str:
    return " ".join(docx_text((resultat.dossier / nom).read_bytes(), part).split())


def section(requete: str, debut: str, fin: str) -> str:
    return requete[requete.index(debut) : requete.index(fin)]


def sans_accuse(data: dict) -> None:
    """Variant R: SOW without the date of the avis de réception of its letter to the préfecture."""
    data["envoi"].pop("accuse_reception_le", None)


@pytest.fixture
def sow(tmp_path):
    return demo(tmp_path, "refere")


def test_b2_1_the_requete_no_longer_argues_against_itself(sow):
    requete = texte(sow)
    assert (
        "(CE, 28 novembre 2018, n° 420343). Le requérant saisit le juge des référés avant le 1er décembre 2026 et "
        "lui demande de statuer avant cette date, ou à tout le moins d'assortir l'injonction d'un bref délai "
        "d'exécution." in requete
    )
    assert "appellerait un recours pour excès de pouvoir" not in requete and "c'est pourquoi" not in requete
    assert "L. 521-1" not in requete


def test_b2_2_the_expired_card_is_the_document_until_a_date(sow, tmp_path):
    urgence = section(texte(sow), "2. Sur l'urgence", "3. Sur l'utilité")
    assert (
        "Si l'article L. 433-3 du CESEDA permet au requérant de justifier de la régularité de son séjour par sa carte "
        "expirée, cette garantie prend fin au plus tard le 20 janvier 2027, alors qu'aucune décision n'est annoncée ; "
        "le requérant indique en outre que son employeur menace de suspendre son contrat de travail faute de document "
        "de séjour valable. Seule l'attestation prévue à l'article R. 431-15-1 du CESEDA met fin à cette "
        "situation." in urgence
    )
    for ancien in ("ne prend la forme d'aucun document", "limitée à trois mois", "doit être ordonnée dès à présent"):
        assert ancien not in urgence

    def sans_suspension(data: dict) -> None:
        data["blocage"]["consequences"] = "Mon employeur attend mon document de séjour."

    autre = section(texte(demo(tmp_path / "b", "refere", sans_suspension)), "2. Sur l'urgence", "3. Sur l'utilité")
    # the employer's threat only when the consequences say it
    assert "alors qu'aucune décision n'est annoncée. Seule l'attestation prévue" in autre
    assert "menace de suspendre" not in autre


def test_b2_5_the_pleading_carries_no_advice_to_the_user(tmp_path):
    r = demo(tmp_path, "refere", sans_accuse)
    assert texte(r, "header") == "Projet — à relire par un ou une juriste avant tout dépôt"
    dossier = r.dossier / "pieces-telerecours"
    copie = dossier / "requete-refere.docx"
    assert copie.is_file() and not (dossier / "projet-requete-refere.docx").exists()
    assert " ".join(docx_text(copie.read_bytes(), "header").split()) == ""
    tout = " ".join(docx_text(copie.read_bytes(), "all").split())
    assert "avis de réception n'est pas enregistrée" not in tout and "ajoutez la date" not in tout
    # said on screen instead
    avertissement = next(a for a in r.avertissements if a.code == "refere_reception")
    assert "la date de l'avis de réception n'est pas enregistrée" in avertissement.texte


def test_b2_3_the_missing_attestation_is_dated_by_the_latest_capture(sow):
    requete = texte(sow)
    faits = section(requete, "I. FAITS ET PROCÉDURE", "Pour surmonter ce blocage")
    assert (
        "Au 26 novembre 2026, date de la dernière capture d'écran de son espace ANEF, aucune attestation de "
        "prolongation de l'instruction n'y était disponible (pièce n° 9)." in faits
    )
    assert "Depuis le 21 octobre 2026, aucune attestation" not in faits and "n'est disponible" not in faits
    utilite = section(requete, "3. Sur l'utilité", "4. Sur l'absence")
    assert (
        "Au 26 novembre 2026, aucune attestation de prolongation de l'instruction n'était disponible dans son espace "
        "ANEF (pièce n° 9). Les démarches accomplies du 21 octobre au 26 novembre 2026 auprès de l'assistance ANEF, "
        "du point d'accueil numérique et de la préfecture (pièces n° 3 à 9) sont restées vaines : seule l'injonction du "
        "juge permet d'obtenir l'attestation." in utilite
    )
    assert "aucune attestation en cours de validité ne lui a été délivrée" not in utilite
    # the demo's last capture is of the working day before: nothing to add
    assert not any(a.code == "refere_capture" for a in sow.avertissements)


def test_b2_3_a_capture_a_month_old_asks_for_one_of_the_day(tmp_path):
    # the capture is a month old: the user is told, on screen, to add one of the day of filing
    sow = demo(tmp_path, "refere", sans_derniere_capture)
    assert "Au 26 octobre 2026, date de la dernière capture d'écran de son espace ANEF" in texte(sow)
    capture = next(a for a in sow.avertissements if a.code == "refere_capture")
    assert capture.texte == (
        "Projet de requête en référé : la dernière capture d'écran de l'espace ANEF date du 26 octobre 2026, il y a "
        "32 jours ; ajoutez une capture d'écran du jour du dépôt, qui montre que l'attestation n'est toujours pas "
        "disponible"
    )
    assert "capture d'écran du jour" not in texte(sow, "all")


def test_b2_3_a_capture_of_the_day_asks_for_nothing_and_no_capture_keeps_the_constat(tmp_path):
    def du_jour(data: dict) -> None:
        capture = next(d for d in data["demarches"] if d["type"] == "capture_ecran")
        data["demarches"].append({**copy.deepcopy(capture), "date": AUJOURD_HUI.isoformat()})

    r = demo(tmp_path / "jour", "refere", du_jour)
    assert "Au 27 novembre 2026, date de la dernière capture d'écran de son espace ANEF" in texte(r)
    assert not any(a.code == "refere_capture" for a in r.avertissements)

    def sans_capture(data: dict) -> None:
        data["demarches"] = [d for d in data["demarches"] if d["type"] != "capture_ecran"]

    r = demo(tmp_path / "sans", "refere", sans_capture)
    requete = texte(r)
    assert "dernière capture d'écran" not in requete
    assert "aucune attestation de prolongation de l'instruction n'est disponible dans l'espace ANEF de M. SOW" in requete
    assert "aucune attestation en cours de validité ne lui a été délivrée" in requete
    assert not any(a.code == "refere_capture" for a in r.avertissements)


def test_a2_8_an_injunction_due_on_a_date_to_come(tmp_path):
    conclusions = texte(demo(tmp_path, None)).split("PAR CES MOTIFS,")[1]
    assert (
        "ENJOINDRE au préfet des Bouches-du-Rhône de mettre à la disposition de la requérante une attestation de "
        "prolongation de l'instruction de sa demande de titre de séjour au plus tard le 15 décembre 2026 ou, si "
        "l'ordonnance est notifiée après cette date, dans un délai de huit jours à compter de sa notification." in conclusions
    )
    assert "dans le même délai" not in conclusions and "à compter du 15 décembre 2026" not in conclusions


def test_a2_6_the_diligences_applied_to_the_facts_of_a_demande_not_filed(tmp_path):
    utilite = section(texte(demo(tmp_path, "depot_impossible")), "3. Sur l'utilité", "4. Sur l'absence")
    assert re.search(
        r"La partie requérante a accompli les diligences qui lui incombaient, du \d+(er)? \w+ au \d+(er)? \w+ 2026, "
        r"sur plusieurs semaines : captures d'écran du blocage, signalement au service de l'ANEF, appel à l'assistance "
        r"ANEF, trois demandes de rendez-vous au point d'accueil numérique \(pièces n° 2 à 9 ; CE, 10 juin 2020, "
        r"n° 435594\)\.",
        utilite,
    )
    assert utilite.count("a accompli les diligences") == 1
    assert "sur la nécessité de tentatives" not in utilite


def test_a2_4_no_double_colon_after_the_piece_number(tmp_path):
    def deux_points(data: dict) -> None:
        data["blocage"]["consequences"] = (
            "L'employeur attend le dépôt de la demande pour fixer la date d'embauche : l'embauche en dépend."
        )

    urgence = section(texte(demo(tmp_path, "depot_impossible", deux_points)), "2. Sur l'urgence", "3. Sur l'utilité")
    assert re.search(
        r"l'urgence résulte des conséquences concrètes de la situation \(pièce n° \d+\)\. L'employeur attend le dépôt "
        r"de la demande pour fixer la date d'embauche : l'embauche en dépend\.",
        urgence,
    )
    assert not re.search(r"\(pièce n° \d+\) : l'employeur", urgence)


def test_b2_7_the_description_repeating_the_dated_capture_is_dropped(tmp_path):
    def redite(data: dict) -> None:  # only what the dated capture sentence already says
        data["blocage"]["description"] = (
            "Ma demande apparaît « en cours d'instruction », mais aucune attestation n'est disponible au téléchargement."
        )

    faits = section(texte(demo(tmp_path / "a", "refere", redite)), "I. FAITS ET PROCÉDURE", "Pour surmonter ce blocage")
    assert "décrit ainsi la situation" not in faits and "Ma demande apparaît" not in faits

    def autre_description(data: dict) -> None:
        data["blocage"]["description"] = "Mon espace ANEF n'affiche aucun message depuis le dépôt."

    faits = section(texte(demo(tmp_path / "b", "refere", autre_description)), "I. FAITS", "Pour surmonter ce blocage")
    assert "Le requérant décrit ainsi la situation : « Mon espace ANEF n'affiche aucun message depuis le dépôt. »" in faits


def test_b2_8_avis_de_reception_in_the_requete(sow):
    requete = texte(sow)
    assert "Par courrier recommandé avec avis de réception n° 1A 123 456 7890 1 du 6 novembre 2026" in requete
    assert "accusé de réception" not in requete


def sans_derniere_capture(data: dict) -> None:
    """SOW without the capture of the working day before the filing (its last démarche)."""
    assert data["demarches"][-1]["type"] == "capture_ecran"
    data["demarches"].pop()


def test_b2_3_verifier_asks_for_a_capture_of_the_day_of_filing(tmp_path, run):
    chemin = copie_demo(tmp_path, "refere", sans_derniere_capture)
    code, out, _ = run("verifier", str(chemin))
    dit = " ".join(out.split())
    assert code == 0
    assert (
        "La dernière capture d'écran de l'espace ANEF date du 26 octobre 2026, il y a 32 jours ; ajoutez une capture "
        "d'écran du jour du dépôt, qui montre que l'attestation n'est toujours pas disponible." in dit
    )
    # the demo itself carries the capture of the working day before: nothing to add
    code, out, _ = run("verifier", str(copie_demo(tmp_path / "b", "refere")))
    assert code == 0 and "ajoutez une capture d'écran du jour du dépôt" not in " ".join(out.split())
