"""The référé draft after the confirming read of 7 December 2026 (rapport-B: B-1, B-2, B-3; rapport-A: R. 431-11
said twice in « Sur l'utilité de la mesure »): each fix read in the generated requête and its Télérecours copy, the
new wording present, the old one gone, and a dossier where the fact is absent."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from aides import documents_demo
from docx_texte import docx_text
from lettres.demo import charger_exemple, run_demo
from lettres.francais import date_lettre

REQUETE = "4-refere-mesures-utiles.docx"
COPIE = "pieces-telerecours/requete-refere.docx"


@pytest.fixture(autouse=True)
def sans_soffice(monkeypatch):
    from lettres.documents import pdf

    monkeypatch.setattr(pdf, "find_soffice", lambda: None)


def texte(resultat, nom: str = REQUETE) -> str:
    return " ".join(docx_text((resultat.dossier / nom).read_bytes(), "document").split())


def section(requete: str, debut: str, fin: str) -> str:
    return requete[requete.index(debut) : requete.index(fin)]


def urgence(requete: str) -> str:
    return section(requete, "2. Sur l'urgence", "3. Sur l'utilité")


# B-1: the employer's threat is what the person reports, not a refusal the dossier proves


def test_b1_the_employer_threat_is_said_as_reported_in_the_requete_and_its_copy(tmp_path):
    r = documents_demo(tmp_path, "refere", lettres=("refere",))
    for nom in (REQUETE, COPIE):
        requete = texte(r, nom)
        assert (
            "cette garantie prend fin au plus tard le 20 janvier 2027, alors qu'aucune décision n'est annoncée ; le "
            "requérant indique en outre que son employeur menace de suspendre son contrat de travail faute de "
            "document de séjour valable. Seule l'attestation prévue" in urgence(requete)
        ), nom
        assert "n'est pas admise par son employeur" not in requete and "en cours de validité (pièce" not in requete
        assert "qui menace de suspendre" not in requete
        # said once, without a pièce the inventaire does not hold
        assert requete.count("menace de suspendre") == 1
        assert "Le document qui en fait état est produit" not in requete


def test_b1_the_employer_pieces_number_only_when_the_inventaire_holds_it(tmp_path):
    def avec_piece(data: dict) -> None:
        data["justificatifs"]["consequences"] = ["pieces/courrier-prefecture-sow.png"]

    requete = texte(documents_demo(tmp_path, "refere", avec_piece, ("refere",)))
    m = re.search(r"faute de document de séjour valable \(pièce n° (\d+)\)\.", requete)
    assert m is not None
    assert f"{m.group(1)} Courrier montrant les conséquences du blocage" in requete
    assert "n'est pas admise par son employeur" not in requete


def test_b1_no_threat_when_the_consequences_do_not_say_it(tmp_path):
    def sans_employeur(data: dict) -> None:
        data["blocage"]["consequences"] = "Je ne peux plus voyager pour voir ma famille."

    requete = texte(documents_demo(tmp_path, "refere", sans_employeur, ("refere",)))
    assert "alors qu'aucune décision n'est annoncée. Seule l'attestation prévue" in urgence(requete)
    assert "employeur" not in urgence(requete) and "indique en outre" not in requete


# B-2: the judge is asked to rule before the implicit rejection


def test_b2_the_judge_is_asked_to_rule_before_the_rejection(tmp_path):
    r = documents_demo(tmp_path, "refere", lettres=("refere",))
    for nom in (REQUETE, COPIE):
        requete = texte(r, nom)
        assert (
            "Le requérant saisit le juge des référés avant le 1er décembre 2026 et lui demande de statuer avant cette "
            "date, ou à tout le moins d'assortir l'injonction d'un bref délai d'exécution." in requete
        ), nom
        assert "et demande que l'injonction soit assortie d'un bref délai" not in requete
        # the conclusions ask the short delay the paragraph speaks of
        motifs = section(requete, "PAR CES MOTIFS", "Fait à")
        assert "dans un délai de quarante-huit heures à compter de la notification de l'ordonnance" in motifs


def test_b2_no_such_sentence_when_the_rejection_is_far(tmp_path):
    def depot_recent(data: dict) -> None:
        data["demande"]["date_depot"] = "2026-10-15"

    requete = texte(documents_demo(tmp_path, "refere", depot_recent, ("refere",)))
    assert "ne vaudra décision implicite de rejet, au plus tôt, que le 15 février 2027" in requete
    assert "lui demande de statuer avant" not in requete and "saisit le juge des référés avant" not in requete


# rapport-A, outside its share: R. 431-11 paraphrased once in « Sur l'utilité de la mesure »

PHRASE_COURTE = "Lorsqu'une demande de titre de séjour est incomplète, les pièces manquantes doivent être demandées"
PHRASE_COMPLETE = "Les pièces manquantes d'une demande incomplète doivent être demandées par l'administration"


def utilite(resultat) -> str:
    return section(texte(resultat), "3. Sur l'utilité", "4. Sur l'absence")


def test_r431_11_is_said_once_in_the_utility_of_the_diallo_draft(tmp_path):
    u = utilite(documents_demo(tmp_path, None, lettres=("refere",)))
    assert u.count("R. 431-11") == 1
    assert PHRASE_COURTE not in u
    assert (
        "Les pièces manquantes d'une demande incomplète doivent être demandées par l'administration et transmises par "
        "l'étranger dans un délai raisonnable (article R. 431-11 du CESEDA, dans sa rédaction issue du décret "
        "n° 2025-539 du 13 juin 2025) : une incomplétude que le téléservice seul empêche de réparer ne saurait "
        "justifier le refus de l'attestation." in u
    )
    # the paragraph that lost the rule still recalls the Conseil d'État on the téléservice
    assert "S'agissant de l'obligation de recourir à un téléservice, le Conseil d'État a jugé" in u


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["demande"].update(nature="premiere_demande", titre_actuel_expiration=None),
        lambda d: d["demande"].update(complet="oui"),
    ],
    ids=["premiere-demande", "complet"],
)
def test_r431_11_keeps_its_first_wording_when_no_other_paragraph_says_it(tmp_path, change):
    u = utilite(documents_demo(tmp_path, None, change, ("refere",)))
    assert u.count("R. 431-11") == 1
    assert PHRASE_COURTE in u and PHRASE_COMPLETE not in u


# B-3: the référé demo carries a capture of the espace ANEF of the working day before today


def test_b3_the_refere_demo_dates_the_missing_attestation_by_yesterday_s_capture(tmp_path):
    r = documents_demo(tmp_path, "refere", lettres=("refere",))
    requete = texte(r)
    assert (
        "Au 26 novembre 2026, date de la dernière capture d'écran de son espace ANEF, aucune attestation de "
        "prolongation de l'instruction n'y était disponible (pièce n° 9)." in requete
    )
    assert "Au 26 octobre 2026" not in requete
    assert not any(a.code == "refere_capture" for a in r.avertissements)
    deposes = sorted(p.name for p in (r.dossier / "pieces-telerecours").iterdir() if p.name[:2].isdigit())
    # the earlier pièces keep their numbers; the capture comes last
    assert [Path(nom).stem for nom in deposes[7:]] == ["08-courrier-prefecture-2026-11-06", "09-capture-ecran-2026-11-26"]


@pytest.mark.parametrize(
    ("jour", "capture"),
    [
        (date(2026, 12, 7), date(2026, 12, 4)),  # a Monday: the Friday before
        (date(2026, 11, 12), date(2026, 11, 10)),  # the day after 11 November: the Tuesday
        (date(2026, 11, 27), date(2026, 11, 26)),  # the day the example was written for
    ],
    ids=str,
)
def test_b3_the_demo_capture_is_of_the_previous_working_day(tmp_path, monkeypatch, jour, capture):
    monkeypatch.setenv("LETTRES_AUJOURD_HUI", jour.isoformat())
    derniere = charger_exemple("refere", jour).demarches[-1]
    assert derniere.type == "capture_ecran" and derniere.date == capture
    resultat, exemple = run_demo(tmp_path / "demo", situation="refere")
    requete = texte(resultat)
    assert f"Au {date_lettre(capture)}, date de la dernière capture d'écran de son espace ANEF" in requete
    assert "(pièce n° 9)" in requete
    assert not any(a.code == "refere_capture" for a in resultat.avertissements)
    assert (exemple.parent / "pieces" / f"{capture.isoformat()}-pas-api-nice.png").is_file()
    assert list((resultat.dossier / "pieces-telerecours").glob(f"09-capture-ecran-{capture.isoformat()}.*"))


def test_b3_verifier_on_the_demo_asks_for_no_new_capture(tmp_path, run):
    from aides import copie_demo

    code, out, _ = run("verifier", str(copie_demo(tmp_path, "refere")))
    dit = " ".join(out.split())
    assert code == 0
    assert "ajoutez une capture d'écran du jour du dépôt" not in dit
    assert "Référé « mesures utiles » possible à partir du 25 novembre 2026 devant le tribunal administratif de Nice" in dit
